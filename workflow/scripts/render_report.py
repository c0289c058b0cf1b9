"""Rule render_report: the HTML and PDF report (buig_analyse.report.render)."""

from buig_analyse.warm import run_in_worker

run_in_worker(snakemake)  # the rest of this script runs in the preloaded process, when there is one

from pathlib import Path

from buig_analyse import io
from buig_analyse.report.render import ReportInputs, render_report
from buig_analyse.runner import rule_step

with rule_step(snakemake, "rapport opgemaakt", collect_garbage=False) as log:
    html, pdf, layout = render_report(
        ReportInputs(
            register=io.read_register(snakemake.input.register),
            register_csv=Path(snakemake.input.register_csv).read_bytes(),
            chapters=io.read_chapters(snakemake.input.chapters),
            charts=io.read_charts(snakemake.input.charts),
            checks=io.read_json(snakemake.input.checks),
            manifest=io.read_manifest(snakemake.input.manifest),
            narrative_dir=Path(snakemake.params.drop_dir) / "narratief",
            template_dir=Path(snakemake.params.template_dir),
            settings=snakemake.params.settings,
            default_settings=snakemake.params.default_settings,
            project_root=Path.cwd(),
            base_dir=Path(snakemake.params.report_dir),
            narrative_max_bytes=snakemake.params.narrative_kb * 1000,
            pdf_register=snakemake.params.pdf_register,
            provenance={
                **{f"narratief/{Path(p).name}": Path(p) for p in snakemake.input.narrative},
                **{Path(p).name: Path(p) for p in snakemake.input.sources},
                **{p: Path(p) for p in snakemake.input.configs},
                **{p: Path(p) for p in snakemake.input.templates},
            },
        )
    )
    io.write_atomic(snakemake.output.html, html)
    io.write_atomic(snakemake.output.pdf, pdf)
    # The layout check of the PDF: every box within its page's content area (issue 9).
    for problem in layout:
        log.warning("opmaak van de PDF: %s", problem)
    io.write_json(snakemake.output.layout, {"pagina_buiten_tekstruimte": layout})
