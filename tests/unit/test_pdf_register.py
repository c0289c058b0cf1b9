"""Issue 12: the figure register in the PDF, summarised (default) or in full
(``rapport.pdf_figurenregister: volledig``). The print HTML the PDF is made from is captured; the
PDF layout itself is left out (its cost is what the summary saves)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from buig_analyse import io
from buig_analyse.report import pdf as pdf_module
from buig_analyse.report.charts import draw_charts
from buig_analyse.report.render import ReportInputs, render_report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def inputs(staged) -> ReportInputs:
    analysis = staged[0]
    results = analysis.parent
    chapters = sorted(
        p for p in analysis.glob("*.json") if p.stem not in ("figurenregister", "controles")
    )
    register = io.read_register(analysis / "figurenregister.json")
    read = io.read_chapters(chapters)
    return ReportInputs(
        register=register,
        register_csv=(analysis / "figurenregister.csv").read_bytes(),
        chapters=read,
        charts=draw_charts(register, read),  # the scenario 'voorbeeld' stops after the analyses
        checks=io.read_json(analysis / "controles.json"),
        manifest=io.read_manifest(results / "staging" / "processed" / "manifest.json"),
        narrative_dir=ROOT / "data" / "raw" / "voorschoten" / "2017" / "narratief",
        template_dir=ROOT / "reports" / "templates",
        settings={},
        default_settings={},
        project_root=ROOT,
        base_dir=results / "staging",
    )


def print_html(inputs: ReportInputs, monkeypatch, mode: str) -> str:
    seen = {}

    def capture(html, *args, **kwargs):
        seen["html"] = html
        return b"%PDF-", []

    monkeypatch.setattr(pdf_module, "render_pdf", capture)
    render_report(dataclasses.replace(inputs, pdf_register=mode))
    return seen["html"]


def test_summary_counts_the_register_and_hashes_the_attachment(inputs, monkeypatch):
    html = print_html(inputs, monkeypatch, "samenvatting")
    assert hashlib.sha256(inputs.register_csv).hexdigest() in html
    assert 'class="register figures-register"' not in html
    assert 'class="register register-summary"' in html
    # Calculation: every figure of the register belongs to one chapter, so the printed total is the
    # number of figures in the register (plumbing of the counts, not a domain figure).
    total = len(inputs.register.figures)
    assert '<tr class="totaal"><td>Totaal</td>' in html
    assert f'<td class="val">{total:,}</td></tr>'.replace(",", ".") in html


def test_full_register_lists_every_printed_figure_with_its_input_cells(inputs, monkeypatch):
    html = print_html(inputs, monkeypatch, "volledig")
    assert 'class="register figures-register"' in html
    assert 'class="register register-summary"' not in html
    # The sample's rijksbijdrage 2015 (seed 000, table 4.1: EUR 4.236.523) with its input cell.
    row = html[html.index('<tr id="fig-budget.rijksbijdrage.2015">') :]
    row = row[: row.index("</tr>")]
    assert "€ 4.236.523" in row.replace("\u00a0", " ")
    assert "rijksbijdrage.csv, rij 2, kolom bedrag" in row


def test_screen_html_keeps_the_full_register_either_way(inputs, monkeypatch):
    """The HTML version always lists every figure (also those only behind a chart), linked."""
    render = dataclasses.replace(inputs, pdf_register="samenvatting")
    monkeypatch.setattr(pdf_module, "render_pdf", lambda html, *a, **k: (b"%PDF-", []))
    screen, _, _ = render_report(render)
    for figure_id in inputs.register.figures:
        assert f'<tr id="fig-{figure_id}">' in screen


@pytest.mark.parametrize("mode", ["samenvatting", "volledig"])
def test_every_link_in_the_pdf_has_its_target(inputs, monkeypatch, mode):
    """A figure in the text of the PDF links to its register row only if that row is in the PDF:
    no link may point at an anchor the PDF does not have (the summary has none)."""
    import re

    html = print_html(inputs, monkeypatch, mode)
    targets = set(re.findall(r'href="#([^"]+)"', html))
    anchors = set(re.findall(r'id="([^"]+)"', html))
    assert targets - anchors == set()
    figure_links = {t for t in targets if t.startswith("fig-")}
    assert bool(figure_links) == (mode == "volledig")
