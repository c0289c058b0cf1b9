"""Rule validate_drop: validate the data drop, write its typed tables and manifest to staging."""

from buig_analyse.warm import run_in_worker

run_in_worker(snakemake)  # the rest of this script runs in the preloaded process, when there is one

from pathlib import Path

from buig_analyse import io
from buig_analyse.ingest.validate import ingest_drop
from buig_analyse.runner import rule_step

with rule_step(snakemake, "gegevens gecontroleerd"):
    tables, manifest = ingest_drop(
        Path(snakemake.params.drop_dir),
        Path(snakemake.params.reference_dir),
        snakemake.params.history_years,
        snakemake.params.min_count,
        snakemake.params.limits,
    )
    io.write_tables({name: snakemake.output[name] for name in tables}, tables)
    io.write_json(snakemake.output.manifest, manifest)
