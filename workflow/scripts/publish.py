"""Rule publish: the drop's tables, report and register as one new current version
(buig_analyse.publish)."""

from buig_analyse.warm import run_in_worker

run_in_worker(snakemake)  # the rest of this script runs in the preloaded process, when there is one

from pathlib import Path

from buig_analyse import io
from buig_analyse.publish import publish_version
from buig_analyse.runner import rule_step

with rule_step(snakemake, "gepubliceerd"):
    name = snakemake.params.report_name
    files = {f"processed/{Path(p).name}": Path(p) for p in snakemake.input.tables}
    files["processed/manifest.json"] = Path(snakemake.input.manifest)
    files[f"rapport/{name}.html"] = Path(snakemake.input.html)
    files[f"rapport/{name}.pdf"] = Path(snakemake.input.pdf)
    files["rapport/figurenregister.json"] = Path(snakemake.input.register_json)
    files["rapport/figurenregister.csv"] = Path(snakemake.input.register_csv)
    record = publish_version(
        Path(snakemake.params.drop_results), Path(snakemake.params.processed_link), files
    )
    io.write_json(snakemake.output[0], record)
