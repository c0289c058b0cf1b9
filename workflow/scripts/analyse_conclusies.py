"""Rule analyse_conclusies: the generated conclusions (buig_analyse.analysis.conclusies)."""

from buig_analyse import io
from buig_analyse.analysis.conclusies import analyse_conclusies
from buig_analyse.runner import rule_step

with rule_step(snakemake, "conclusies opgesteld"):
    meta = io.read_manifest(snakemake.input.manifest)["meta"]
    chapter = analyse_conclusies(
        io.read_chapters(snakemake.input.chapters), meta["gemeente"], meta["gemeentecode"]
    )
    io.write_chapter(snakemake.output[0], chapter)
