"""Rule controles: reconciliation checks (buig_analyse.pipeline.stage_checks)."""

from pathlib import Path

from buig_analyse.pipeline import stage_checks
from buig_analyse.stage_runner import run_stage

tables = {name: Path(snakemake.input[name]) for name in snakemake.params.tables}
run_stage(
    snakemake.log[0],
    "controles",
    lambda: stage_checks(
        Path(snakemake.input.register),
        Path(snakemake.input.layout),
        tables,
        Path(snakemake.input.manifest),
        Path(snakemake.params.reference_dir),
        snakemake.params.checks,
        Path(snakemake.output[0]),
    ),
)
