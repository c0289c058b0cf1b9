"""Rule charts: SVG charts of the report (buig_analyse.pipeline.stage_charts)."""

from pathlib import Path

from buig_analyse.pipeline import stage_charts
from buig_analyse.stage_runner import run_stage

run_stage(
    snakemake.log[0],
    "grafieken",
    lambda: stage_charts(
        Path(snakemake.input.register), Path(snakemake.input.layout), Path(snakemake.output[0])
    ),
)
