"""The national overview as a document: one self-contained HTML page with the distribution of the
shortfalls over the TCVP's classes (table and chart), the vangnet totals and the ranked table of
all gemeenten, plus its own figure register (JSON and CSV). See :mod:`buig_analyse.analysis.landelijk`.
"""

from __future__ import annotations

from pathlib import Path

from buig_analyse.analysis.landelijk import CLASSES, Entry, national_overview
from buig_analyse.register.figures import Register, dumps_figures, register_csv


def national_report(
    published: list[tuple[str, dict, Register]],
    drops: list[str],
    report_year: int,
    template_dir: Path,
) -> tuple[str, str, str]:
    """Rule landelijk_overzicht: the overview from the published (drop, meta, register) of the
    year's drops; ``drops`` are all drops of the year (those without a published report are named
    in the overview)."""
    entries = [
        Entry(drop, meta["gemeente"], meta["gemeentecode"], register)
        for drop, meta, register in published
    ]
    built = {entry.drop for entry in entries}
    return render_national(entries, report_year, template_dir, [d for d in drops if d not in built])


def render_national(
    entries: list[Entry], report_year: int, template_dir: Path, not_built: list[str]
) -> tuple[str, str, str]:
    """(HTML, register JSON, register CSV) of the report year's overview.
    ``not_built`` are drops of the year without a published register (refused or failed): named in
    the overview, never silently left out."""
    from markupsafe import Markup

    from buig_analyse.register.formatting import format_value
    from buig_analyse.report.charts import national_classes_chart
    from buig_analyse.report.html import chart_data_uri, make_environment

    overview = national_overview(entries, report_year - 1)
    register = Register()
    register.extend(overview.figures)
    register.check()
    chart = national_classes_chart(register, CLASSES, overview.year)
    env = make_environment(template_dir)
    env.globals["fig"] = lambda fid: format_value(register[fid].value, register[fid].unit)
    html = env.get_template("landelijk.html.j2").render(
        css=Markup((template_dir / "report.css").read_text(encoding="utf-8")),
        year=overview.year,
        report_year=report_year,
        classes=CLASSES,
        ranking=overview.ranking,
        left_out=overview.left_out
        + [(drop, "niet verwerkt (zie de log van die aanlevering)") for drop in not_built],
        chart={
            "src": chart_data_uri(chart),
            "alt": chart.get("alt", ""),
            "bron": chart.get("bron", ""),
        },
    )
    return html, dumps_figures(list(register.figures.values()), register), register_csv(register)
