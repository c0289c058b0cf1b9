"""Rule analyse_participatie: participatiebudget figures (buig_analyse.pipeline.stage_participatie)."""

from pathlib import Path

from buig_analyse.pipeline import stage_participatie
from buig_analyse.stage_runner import run_stage

run_stage(
    snakemake.log[0],
    "analyse participatiebudget",
    lambda: stage_participatie(
        {"participatiebudget": Path(snakemake.input.participatiebudget)},
        Path(snakemake.input.manifest),
        snakemake.params.figures,
        Path(snakemake.output[0]),
    ),
)
