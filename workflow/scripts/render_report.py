"""Rule render_report: HTML and PDF report (buig_analyse.pipeline.stage_render_report)."""

from pathlib import Path

from buig_analyse.pipeline import stage_render_report
from buig_analyse.stage_runner import run_stage

run_stage(
    snakemake.log[0],
    "rapport",
    lambda: stage_render_report(
        Path(snakemake.input.register),
        Path(snakemake.input.register_csv),
        Path(snakemake.input.layout),
        Path(snakemake.input.charts),
        Path(snakemake.input.checks),
        Path(snakemake.input.manifest),
        Path(snakemake.params.drop_dir),
        Path(snakemake.params.template_dir),
        snakemake.params.figures,
        Path.cwd(),
        Path(snakemake.output.html),
        Path(snakemake.output.pdf),
    ),
)
