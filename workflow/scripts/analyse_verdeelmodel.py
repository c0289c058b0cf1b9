"""Rule analyse_verdeelmodel: verdeelmodel comparison (buig_analyse.pipeline.stage_verdeelmodel)."""

from pathlib import Path

from buig_analyse.pipeline import stage_verdeelmodel
from buig_analyse.stage_runner import run_stage

tables = {
    "verdeelmodel": Path(snakemake.input.verdeelmodel),
    "verdeelmodel_huishoudens": Path(snakemake.input.verdeelmodel_huishoudens),
}
run_stage(
    snakemake.log[0],
    "analyse verdeelmodel",
    lambda: stage_verdeelmodel(
        tables, Path(snakemake.input.manifest), snakemake.params.figures, Path(snakemake.output[0])
    ),
)
