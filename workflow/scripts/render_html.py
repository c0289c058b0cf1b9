"""Rule render_html: the self-contained HTML report (buig_analyse.pipeline.stage_render_html)."""

from pathlib import Path

from buig_analyse.pipeline import stage_render_html
from buig_analyse.stage_runner import run_stage

run_stage(
    snakemake.log[0],
    "rapport HTML",
    lambda: stage_render_html(
        Path(snakemake.input.register),
        Path(snakemake.input.layout),
        Path(snakemake.input.charts),
        Path(snakemake.input.manifest),
        Path(snakemake.params.drop_dir),
        Path(snakemake.params.template_dir),
        snakemake.params.figures,
        Path(snakemake.output[0]),
    ),
)
