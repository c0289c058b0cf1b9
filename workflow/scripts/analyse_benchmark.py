"""Rule analyse_benchmark: deviations from the Divosa benchmark (buig_analyse.analysis.benchmark)."""

from buig_analyse import io
from buig_analyse.analysis.benchmark import analyse_benchmark
from buig_analyse.runner import rule_step

with rule_step(snakemake, "benchmark geanalyseerd"):
    manifest = io.read_manifest(snakemake.input.manifest)
    tables = io.read_tables(snakemake.input.tables)
    chapter = analyse_benchmark(
        tables["benchmark"],
        tables["bestand_maand"],
        manifest["present"],
        manifest["meta"]["verslagjaar"],
    )
    io.write_chapter(snakemake.output[0], chapter)
