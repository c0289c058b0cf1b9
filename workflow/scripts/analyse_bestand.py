"""Rule analyse_bestand: the caseload chapter (buig_analyse.analysis.bestand)."""

from buig_analyse import io
from buig_analyse.analysis.bestand import analyse_bestand
from buig_analyse.runner import rule_step

with rule_step(snakemake, "bestand geanalyseerd"):
    manifest = io.read_manifest(snakemake.input.manifest)
    chapter = analyse_bestand(
        io.read_tables(snakemake.input.tables),
        manifest["present"],
        manifest["files"],
        manifest["meta"]["gemeentecode"],
        manifest["meta"]["bestand_peildatum"],
        snakemake.params.min_count,
    )
    io.write_chapter(snakemake.output[0], chapter)
