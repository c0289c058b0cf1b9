"""Rule analyse_participatie: the participatiebudget chapter (buig_analyse.analysis.participatie)."""

from buig_analyse import io
from buig_analyse.analysis.participatie import analyse_participatie
from buig_analyse.runner import rule_step

with rule_step(snakemake, "participatiebudget geanalyseerd"):
    manifest = io.read_manifest(snakemake.input.manifest)
    chapter = analyse_participatie(
        io.read_tables([snakemake.input.participatiebudget])["participatiebudget"],
        manifest["present"].get("participatiebudget", False),
        manifest["meta"]["verslagjaar"],
        snakemake.params.history_years,
        manifest["meta"]["participatie_referentiejaar"],
    )
    io.write_chapter(snakemake.output[0], chapter)
