"""Rule analyse_maatregelen: chapter 5, measures, savings, cost split and scenarios
(buig_analyse.analysis.maatregelen)."""

from buig_analyse import io
from buig_analyse.analysis.maatregelen import analyse_maatregelen
from buig_analyse.runner import rule_step

with rule_step(snakemake, "maatregelen geanalyseerd"):
    manifest = io.read_manifest(snakemake.input.manifest)
    reference = io.read_tables(snakemake.input.reference)
    chapter = analyse_maatregelen(
        io.read_tables(snakemake.input.tables),
        reference["normbedragen_besparing"],
        snakemake.params.unit,
        manifest["present"],
        io.read_chapter(snakemake.input.budget),
        reference["vangnet_regels"],
    )
    io.write_chapter(snakemake.output[0], chapter)
