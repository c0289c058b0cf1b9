"""Rule analyse_budget: the budget chapter (buig_analyse.analysis.budget)."""

from buig_analyse import io
from buig_analyse.analysis.budget import analyse_budget
from buig_analyse.runner import rule_step

with rule_step(snakemake, "budget geanalyseerd"):
    tables = io.read_tables(snakemake.input.tables)
    manifest = io.read_manifest(snakemake.input.manifest)
    meta = manifest["meta"]
    if not manifest["present"].get("fout_onzeker"):
        tables.pop("fout_onzeker", None)  # step D is assumed 0 and the report says so
    reference = io.read_tables(snakemake.input.reference)
    chapter = analyse_budget(
        tables,
        reference["sisa_g2_indicatoren"],
        reference["vangnet_regels"],
        meta["verslagjaar"],
        snakemake.params.history_years,
        snakemake.params.forecast_weights,
        snakemake.params.perspective_offset,
    )
    io.write_chapter(snakemake.output[0], chapter)
