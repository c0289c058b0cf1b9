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
