"""Rule analyse_oorzaken: causes of the shortfall (buig_analyse.analysis.oorzaken)."""

from buig_analyse import io
from buig_analyse.analysis.oorzaken import analyse_oorzaken
from buig_analyse.runner import rule_step

with rule_step(snakemake, "oorzaken geanalyseerd"):
    tables = io.read_tables(snakemake.input.tables)
    chapter = analyse_oorzaken(
        io.read_chapters(snakemake.input.chapters),
        tables["bestand_maand"],
        tables["statushouders"],
    )
    io.write_chapter(snakemake.output[0], chapter)
