"""The charts' labels in the PDF are drawn as whole strings where WeasyPrint draws them letter by
letter (issue 12): in the same place, a Form XObject fewer per anchored label, and every text that
needs letter-by-letter drawing drawn exactly as WeasyPrint draws it."""

from __future__ import annotations

import base64
import io

import pypdf
import pytest
from fontTools.ttLib import TTFont

from buig_analyse.report import pdf  # noqa: F401 (imports WeasyPrint the project's way)
from buig_analyse.report.svg_text import svg_text_drawn_whole

import weasyprint  # isort: skip

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MARGIN = 56.25  # pt: WeasyPrint's default page margin, 75 CSS px
PAGE_TOP = 841.89  # pt: A4
STYLE = "font-size: 10px; font-family: 'DejaVu Sans'"


def _pdf(svg_body: str, whole: bool) -> bytes:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="100pt" '
        f'viewBox="0 0 400 100">{svg_body}</svg>'
    )
    data = base64.b64encode(svg.encode()).decode()
    html = f'<html><body style="margin: 0"><img style="width: 400pt" src="data:image/svg+xml;base64,{data}"></body></html>'
    if not whole:
        return weasyprint.HTML(string=html).write_pdf()
    with svg_text_drawn_whole():
        return weasyprint.HTML(string=html).write_pdf()


def _strings(document: bytes) -> list[tuple[str, float, float]]:
    """Each text operation of page 1: its string and where it starts, in pt from the page's
    lower left corner."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text, round(x, 2), round(y, 2)))

    pypdf.PdfReader(io.BytesIO(document)).pages[0].extract_text(visitor_text=visit)
    return found


def _advance(text: str, size: float) -> float:
    """The string's width in pt from the font file's advance widths (no kerning: digits and
    points, which DejaVu Sans does not kern)."""
    font = TTFont(FONT)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return sum(metrics[cmap[ord(c)]][0] for c in text) * size / font["head"].unitsPerEm


def test_each_label_is_one_string_placed_by_its_anchor():
    """Expected places by hand: the image's top left corner lies on the page margins, one SVG unit
    is one pt, and an anchor at the middle or end moves a label left by half or all of its width
    (the font's advance widths)."""
    body = (
        f'<text style="{STYLE}" x="50" y="30">2015</text>'
        f'<text style="{STYLE}; text-anchor: middle; fill: #b22222" x="200" y="30">1.000</text>'
        f'<text style="{STYLE}; text-anchor: end" x="350" y="30">-3.037</text>'
        f'<g transform="translate(100 80)"><text style="{STYLE}; text-anchor: end" '
        'transform="rotate(-90)">2017</text></g>'
    )
    baseline = PAGE_TOP - MARGIN - 30
    expected = [
        ("2015", MARGIN + 50, baseline),
        ("1.000", MARGIN + 200 - _advance("1.000", 10) / 2, baseline),
        ("-3.037", MARGIN + 350 - _advance("-3.037", 10), baseline),
        # rotated a quarter turn: the label runs upwards and ends at the anchor
        ("2017", MARGIN + 100, PAGE_TOP - MARGIN - 80 - _advance("2017", 10)),
    ]
    drawn = _strings(_pdf(body, whole=True))
    assert [text for text, _, _ in drawn] == [text for text, _, _ in expected]
    for (text, x, y), (_, ex, ey) in zip(drawn, expected, strict=True):
        assert x == pytest.approx(ex, abs=0.02), text
        assert y == pytest.approx(ey, abs=0.02), text


def test_anchored_labels_need_no_form_xobject_of_their_own():
    body = "".join(
        f'<text style="{STYLE}; text-anchor: {anchor}" x="{x}" y="30">12.345</text>'
        for anchor, x in (("middle", 100), ("end", 300), ("start", 350))
    )
    assert _pdf(body, whole=False).count(b"/Subtype /Form") == 2  # WeasyPrint: one per anchor
    assert _pdf(body, whole=True).count(b"/Subtype /Form") == 0


@pytest.mark.parametrize(
    "text",
    [
        f'<text style="{STYLE}" x="10 20 30" y="30">abc</text>',
        f'<text style="{STYLE}" x="10" y="30" dx="2">abc</text>',
        f'<text style="{STYLE}" x="10" y="30" rotate="15">abc</text>',
        f'<text style="{STYLE}; letter-spacing: 3px" x="10" y="30">abc</text>',
        f'<text style="{STYLE}" x="10" y="30" textLength="80">abc</text>',
        f'<text style="{STYLE}" x="10" y="30">a<tspan fill="red">b</tspan>c</text>',
        f'<text style="{STYLE}; text-anchor: end" x="90" y="30" opacity="0.5">abc</text>',
        f'<text style="{STYLE}" x="10" y="30" dominant-baseline="middle">abc</text>',
        f'<text style="{STYLE}; text-anchor: end" direction="rtl" x="90" y="30">abc</text>',
    ],
    ids=["x-list", "dx", "rotate", "spacing", "length", "tspan", "opacity", "baseline", "rtl"],
)
def test_a_text_drawn_letter_by_letter_is_drawn_as_weasyprint_draws_it(text):
    assert _pdf(text, whole=True) == _pdf(text, whole=False)


def test_weasyprint_draws_as_before_after_an_error():
    from weasyprint.svg import SVG

    original = SVG.draw_node
    with pytest.raises(RuntimeError), svg_text_drawn_whole():
        assert SVG.draw_node is not original
        raise RuntimeError
    assert SVG.draw_node is original


def test_every_label_of_the_sample_charts_is_drawn_whole(scenarios):
    """The nine charts of the sample as Matplotlib writes them: not one label left to WeasyPrint's
    letter-by-letter drawing, which adds a Form XObject for each label anchored at its middle or
    end (counted in the SVG); the XObjects left are those of the hatched bars' patterns."""
    import re

    from buig_analyse.report import charts
    from tests.unit.test_charts import _chapters

    sample = scenarios["voorbeeld"]
    drawn = charts.draw_charts(sample.register(), _chapters(sample))
    images = "".join(
        f'<img style="width: 17cm" src="data:image/svg+xml;base64,'
        f'{base64.b64encode(chart["svg"].encode()).decode()}">'
        for chart in drawn.values()
    )
    html = f"<html><body>{images}</body></html>"
    own = weasyprint.HTML(string=html).write_pdf()
    with svg_text_drawn_whole():
        whole = weasyprint.HTML(string=html).write_pdf()
    anchored = sum(
        len(re.findall(r"<text [^>]*text-anchor: (?:middle|end)", chart["svg"]))
        for chart in drawn.values()
    )
    patterns = sum(chart["svg"].count("<pattern ") for chart in drawn.values())
    assert len(drawn) == 9 and anchored > 100 and patterns >= 1
    assert own.count(b"/Subtype /Form") == anchored + patterns
    assert whole.count(b"/Subtype /Form") == patterns
