"""Rule figurenregister: one register of every chapter's figures (buig_analyse.register.figures)."""

from buig_analyse import io
from buig_analyse.register.figures import dumps_figures, merge_chapters, register_csv
from buig_analyse.runner import rule_step

with rule_step(snakemake, "figurenregister samengesteld"):
    register = merge_chapters(io.read_chapters(snakemake.input.chapters))
    io.write_atomic(snakemake.output.json, dumps_figures(list(register.figures.values()), register))
    io.write_atomic(snakemake.output.csv, register_csv(register))
