"""Every page fits (issue 9). The render_report rule lays the print HTML out with WeasyPrint, the
same layout the PDF is written from, and lists every box that extends beyond its page's content
area (right or bottom) in ``staging/opmaakcontrole.json``; that list must be empty for the sample
drop, the minimal drop, a second gemeente and the wide drop (ten budget years, fifteen comparison
gemeenten with long names). The unit tests below show the check finds what it should."""

from __future__ import annotations

import json

import pytest

from buig_analyse.report.pdf import layout_problems


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["minimaal", "breed", "omgekeerd"])
def test_no_box_beyond_the_page(scenarios, name):
    results = scenarios[name].results
    check = json.loads((results / "staging" / "opmaakcontrole.json").read_text(encoding="utf-8"))
    assert check["pagina_buiten_tekstruimte"] == [], "\n".join(check["pagina_buiten_tekstruimte"])


def _laid_out(body: str):
    import weasyprint

    css = "@page { size: A4; margin: 20mm }"
    return weasyprint.HTML(string=f"<html><style>{css}</style><body>{body}</body></html>").render()


def test_the_check_finds_a_table_wider_than_the_page():
    row = "".join(f"<td>€&nbsp;{i}.000.000</td>" for i in range(14))
    problems = layout_problems(_laid_out(f"<table><tr>{row}</tr></table>"))
    assert problems and problems[0].startswith("pagina 1:")


def test_the_check_finds_an_image_taller_than_the_page():
    problems = layout_problems(_laid_out('<div style="height: 400mm; width: 10mm"></div>'))
    assert problems


def test_the_check_passes_a_page_that_fits():
    assert (
        layout_problems(_laid_out("<p>Een korte alinea.</p><table><tr><td>1</td></tr></table>"))
        == []
    )
