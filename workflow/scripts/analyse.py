"""Rule analyse: every chapter and the figure register of a drop (buig_analyse.analysis.chapters)."""

from buig_analyse.warm import run_in_worker

run_in_worker(snakemake)  # the rest of this script runs in the preloaded process, when there is one

from buig_analyse import io
from buig_analyse.analysis.chapters import AnalysisSettings, analyse_drop
from buig_analyse.runner import rule_step

with rule_step(snakemake, "hoofdstukken geanalyseerd, figurenregister samengesteld"):
    analysis = analyse_drop(
        io.read_tables(snakemake.input.tables),
        io.read_tables(snakemake.input.reference),
        io.read_manifest(snakemake.input.manifest),
        AnalysisSettings(**snakemake.params.settings),
    )
    for name, path in io.by_name(snakemake.output.chapters).items():
        io.write_chapter(path, analysis.chapters[name])
    io.write_atomic(snakemake.output.json, analysis.register_json)
    io.write_atomic(snakemake.output.csv, analysis.register_csv)
