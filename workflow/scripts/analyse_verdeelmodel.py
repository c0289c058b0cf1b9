"""Rule analyse_verdeelmodel: the verdeelmodel comparison (buig_analyse.analysis.verdeelmodel)."""

from buig_analyse import io
from buig_analyse.analysis.verdeelmodel import analyse_verdeelmodel
from buig_analyse.runner import rule_step

with rule_step(snakemake, "verdeelmodel geanalyseerd"):
    manifest = io.read_manifest(snakemake.input.manifest)
    tables = io.read_tables(snakemake.input.tables)
    chapter = analyse_verdeelmodel(
        tables["verdeelmodel"],
        tables["verdeelmodel_huishoudens"],
        manifest["present"].get("verdeelmodel", False),
        manifest["meta"]["gemeentecode"],
        snakemake.params.single_categories,
    )
    io.write_chapter(snakemake.output[0], chapter)
