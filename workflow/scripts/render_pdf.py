"""Rule render_pdf: the PDF report from the HTML (buig_analyse.pipeline.stage_render_pdf)."""

from pathlib import Path

from buig_analyse.pipeline import stage_render_pdf
from buig_analyse.stage_runner import run_stage

run_stage(
    snakemake.log[0],
    "rapport PDF",
    lambda: stage_render_pdf(
        Path(snakemake.input.html),
        Path(snakemake.input.register_csv),
        Path(snakemake.input.manifest),
        Path.cwd(),
        Path(snakemake.output[0]),
    ),
)
