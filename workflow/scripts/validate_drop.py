"""Rule validate_drop: validate the data drop and write typed tables (buig_analyse.pipeline.stage_validate)."""

from pathlib import Path

from buig_analyse.pipeline import stage_validate
from buig_analyse.stage_runner import run_stage

outputs = {name: Path(snakemake.output[name]) for name in snakemake.params.tables}
outputs["manifest"] = Path(snakemake.output.manifest)
run_stage(
    snakemake.log[0],
    "validatie",
    lambda: stage_validate(
        Path(snakemake.params.drop_dir),
        Path(snakemake.params.reference_dir),
        snakemake.params.history_years,
        snakemake.params.min_count,
        outputs,
    ),
)
