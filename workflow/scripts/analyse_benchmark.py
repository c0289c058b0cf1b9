"""Rule analyse_benchmark: benchmark deviations (buig_analyse.pipeline.stage_benchmark)."""

from pathlib import Path

from buig_analyse.pipeline import stage_benchmark
from buig_analyse.stage_runner import run_stage

tables = {
    "benchmark": Path(snakemake.input.benchmark),
    "bestand_maand": Path(snakemake.input.bestand_maand),
}
run_stage(
    snakemake.log[0],
    "analyse benchmark",
    lambda: stage_benchmark(tables, Path(snakemake.input.manifest), Path(snakemake.output[0])),
)
