"""Rule landelijk_overzicht: the national overview of a report year (buig_analyse.report.landelijk)."""

from buig_analyse.warm import run_in_worker

run_in_worker(snakemake)  # the rest of this script runs in the preloaded process, when there is one

from pathlib import Path

from buig_analyse import io
from buig_analyse.report.landelijk import national_report
from buig_analyse.runner import rule_step

with rule_step(snakemake, "landelijk overzicht gemaakt"):
    files = list(snakemake.input.published)  # pairs: register, manifest
    published = [
        (
            "/".join(Path(register).parts[-5:-3]),  # results/<g>/<j>/huidig/rapport/...
            io.read_manifest(manifest)["meta"],
            io.read_register(register),
        )
        for register, manifest in zip(files[::2], files[1::2], strict=True)
    ]
    html, register_json, register_csv = national_report(
        published,
        snakemake.params.drops,
        int(snakemake.wildcards.jaar),
        Path(snakemake.params.template_dir),
    )
    io.write_atomic(snakemake.output.html, html)
    io.write_atomic(snakemake.output.register, register_json)
    io.write_atomic(snakemake.output.csv, register_csv)
