"""The HTML report in a real browser (issue 9): headless Chromium from Debian opens it offline, at
1280 px (a desktop) and at 390 px (a phone). No console error, no request to the network, every
chart loads, and no element is wider than the viewport: wide tables scroll inside their own box.
The first test shows the checks find what they should, on a page made to fail them."""

from __future__ import annotations

import pytest

from .browser import CHROMIUM, Browser

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium ontbreekt: installeer het Debian-pakket chromium (make test doet dat als root)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    started = Browser()
    yield started
    started.close()


def test_the_checks_catch_a_bad_page(browser, tmp_path):
    page = tmp_path / "slecht.html"
    page.write_text(
        '<!DOCTYPE html><html lang="nl"><head><meta name="viewport" content="width=device-width">'
        '</head><body><div style="width: 2000px">breed</div><img src="http://example.org/x.png">'
        "<script>console.error('fout')</script></body></html>",
        encoding="utf-8",
    )
    visit = browser.visit(page, 390)
    assert visit.console_errors
    assert "http://example.org/x.png" in visit.requests
    assert visit.layout["wide"] and visit.layout["page"] > visit.layout["viewport"]


@pytest.mark.parametrize("name", ["breed", "omgekeerd"])
@pytest.mark.parametrize("width", [1280, 390])
def test_report_in_a_browser(browser, scenarios, name, width):
    html = scenarios[name].results / "rapport" / f"BUIG-analyse-{name}-2017.html"
    visit = browser.visit(html, width)
    assert visit.console_errors == []
    assert visit.requests == []
    assert visit.layout["viewport"] <= width  # the page takes the device width (phone: 390)
    assert visit.layout["wide"] == [], visit.layout
    assert visit.layout["page"] <= visit.layout["viewport"], visit.layout
    assert visit.layout["images"] >= 8
    assert visit.layout["broken"] == 0


def test_the_slimmed_charts_look_the_same_in_a_browser(browser, scenarios, tmp_path, monkeypatch):
    """Issue 12: the charts' SVG with fewer nodes (buig_analyse.report.svg_slim) as the HTML report
    shows it (an img of 800 px), pixel for pixel the same as Matplotlib's own SVG in Chromium."""
    import base64
    import io

    from PIL import Image

    from buig_analyse.report import charts
    from buig_analyse.report.svg_slim import slimmed
    from tests.unit.test_charts import _chapters

    sample = scenarios["voorbeeld"]
    monkeypatch.setattr(charts, "slimmed", lambda svg: svg)
    drawn = charts.draw_charts(sample.register(), _chapters(sample))

    def shot(name: str, svg: str) -> bytes:
        page = tmp_path / f"{name}.html"
        data = base64.b64encode(svg.encode()).decode()
        page.write_text(
            '<!DOCTYPE html><html><body style="margin: 0">'
            f'<img style="width: 800px" src="data:image/svg+xml;base64,{data}"></body></html>',
            encoding="utf-8",
        )
        png = browser.screenshot(page, 820, 900)  # the highest chart is 537 px at 800 px wide
        return Image.open(io.BytesIO(png)).convert("RGB").tobytes()

    assert len(drawn) == 9
    for name, chart in drawn.items():
        assert shot(f"{name}-eigen", chart["svg"]) == shot(name, slimmed(chart["svg"])), name
