"""Rule analyse_budget: budget chapter figures (buig_analyse.pipeline.stage_budget)."""

from pathlib import Path

from buig_analyse.pipeline import stage_budget
from buig_analyse.stage_runner import run_stage

tables = {name: Path(snakemake.input[name]) for name in snakemake.params.tables}
run_stage(
    snakemake.log[0],
    "analyse budget",
    lambda: stage_budget(
        tables,
        Path(snakemake.input.manifest),
        Path(snakemake.params.reference_dir),
        snakemake.params.figures,
        Path(snakemake.output[0]),
    ),
)
