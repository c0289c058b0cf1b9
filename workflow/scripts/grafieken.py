"""Rule grafieken: the charts of one chart group's chapters (buig_analyse.report.charts)."""

from buig_analyse.warm import run_in_worker

run_in_worker(snakemake)  # the rest of this script runs in the preloaded process, when there is one

from buig_analyse import io
from buig_analyse.report.charts import draw_charts
from buig_analyse.runner import rule_step

with rule_step(snakemake, f"grafieken getekend ({snakemake.wildcards.groep})"):
    charts = draw_charts(
        io.read_register(snakemake.input.register), io.read_chapters(snakemake.input.chapters)
    )
    io.write_json(snakemake.output[0], charts)
