"""Rule controles: reconciliation checks (buig_analyse.analysis.controles)."""

from buig_analyse.warm import run_in_worker

run_in_worker(snakemake)  # the rest of this script runs in the preloaded process, when there is one

from buig_analyse import io
from buig_analyse.analysis.controles import analyse_controles, checks_to_json
from buig_analyse.runner import rule_step

with rule_step(snakemake, "controles uitgevoerd"):
    manifest = io.read_manifest(snakemake.input.manifest)
    tables = io.read_tables(snakemake.input.tables)
    checks = analyse_controles(
        io.read_register(snakemake.input.register),
        io.read_chapters(snakemake.input.chapters),
        tables,
        tables["sisa_g2_indicatoren"],
        manifest["present"],
        snakemake.params.tolerance_pct,
        snakemake.params.plausible_pct,
        previous=(
            io.read_register(snakemake.input.previous[0]) if snakemake.input.previous else None
        ),
        previous_year=manifest["meta"]["verslagjaar"] - 1,
    )
    io.write_json(snakemake.output[0], checks_to_json(checks))
