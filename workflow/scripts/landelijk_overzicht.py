"""Rule landelijk_overzicht: the national overview of a report year (buig_analyse.report.landelijk)."""

from pathlib import Path

from buig_analyse import io
from buig_analyse.report.landelijk import national_report
from buig_analyse.runner import rule_step

with rule_step(snakemake, "landelijk overzicht gemaakt"):
    html, register_json, register_csv = national_report(
        list(snakemake.input.published),
        snakemake.params.drops,
        int(snakemake.wildcards.jaar),
        Path(snakemake.params.template_dir),
    )
    io.write_atomic(snakemake.output.html, html)
    io.write_atomic(snakemake.output.register, register_json)
    io.write_atomic(snakemake.output.csv, register_csv)
