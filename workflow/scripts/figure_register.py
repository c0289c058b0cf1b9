"""Rule figure_register: one register of all figures, plus conclusions (buig_analyse.pipeline.stage_register)."""

from pathlib import Path

from buig_analyse.pipeline import stage_register
from buig_analyse.stage_runner import run_stage

chapters = {name: Path(snakemake.input[name]) for name in snakemake.params.chapters}
run_stage(
    snakemake.log[0],
    "figurenregister",
    lambda: stage_register(
        chapters,
        Path(snakemake.input.manifest),
        Path(snakemake.output.json),
        Path(snakemake.output.csv),
        Path(snakemake.output.layout),
    ),
)
