"""The charts' SVG with fewer nodes draws the same (issue 12): rule by rule on SVG written by hand,
and for the nine charts of the sample drawn by WeasyPrint as the PDF draws them, compared pixel
by pixel (PDFium, 150 dpi). tests/e2e/test_browser.py compares them in Chromium too."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from buig_analyse.report import charts
from buig_analyse.report import pdf as report_pdf
from buig_analyse.report.svg_slim import slimmed
from tests.unit.test_charts import _chapters

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'
NS = {"s": "http://www.w3.org/2000/svg"}


def _tree(body: str) -> ET.Element:
    return ET.fromstring(slimmed(SVG.format(body)))


def test_a_group_with_only_its_name_gives_way_to_its_children():
    root = _tree(
        '<g id="figure_1"><g id="patch_1"><path d="M 0 0 L 1 1"/></g>'
        '<g id="legend" style="opacity: 0.5"><rect width="1" height="1"/></g>'
        '<g id="kept"><path d="M 0 0"/></g><use xlink:href="#kept" x="3" y="4"/></g>'
    )
    assert [child.tag.split("}")[1] for child in root] == ["path", "g", "g", "use"]
    assert root[1].get("style") == "opacity: 0.5"  # a group with style stays, with its child
    assert root[2].get("id") == "kept"  # named by a <use>: it stays


def test_groups_stay_when_the_style_sheet_could_select_by_the_tree():
    body = '<g id="axes_1"><path d="M 0 0"/></g>'
    universal = '<defs><style type="text/css">*{stroke-linecap: butt}</style></defs>'
    by_tree = '<defs><style type="text/css">#axes_1 path {stroke: red}</style></defs>'
    assert _tree(universal + body).find("s:g", NS) is None
    assert _tree(by_tree + body).find("s:g", NS).get("id") == "axes_1"


def test_an_identity_rotation_is_left_out_and_a_real_one_kept():
    root = _tree(
        '<text x="5" y="6" transform="rotate(-0 5 6)">jan.</text>'
        '<text x="5" y="6" transform="rotate(0)">feb.</text>'
        '<text x="5" y="6" transform="rotate(-90 5 6)">mrt.</text>'
    )
    assert [t.get("transform") for t in root] == [None, None, "rotate(-90 5 6)"]


def test_a_tick_mark_use_becomes_its_path_with_the_paths_own_style_over_the_uses():
    """In the shadow tree of a <use> its style is inherited and the path's own declarations win:
    here the path's stroke colour over the use's, and the use's width where the path has none."""
    root = _tree(
        '<defs><path id="m1" d="M 0 0 L 0 3.5" style="stroke: #000000"/></defs>'
        '<use xlink:href="#m1" x="61.1" y="197" style="stroke: #ff0000; stroke-width: 0.8"/>'
        '<use xlink:href="#m1" x="0" y="0"/>'
    )
    paths = root.findall("s:path", NS)
    assert [(p.get("d"), p.get("transform"), p.get("style")) for p in paths] == [
        ("M 0 0 L 0 3.5", "translate(61.1 197)", "stroke: #000000; stroke-width: 0.8"),
        ("M 0 0 L 0 3.5", None, "stroke: #000000"),
    ]
    assert root.find("s:defs", NS) is None  # the marker is referred to no more


def test_a_use_that_carries_more_than_inherited_paint_stays():
    body = (
        '<defs><path id="m1" d="M 0 0 L 0 3.5"/><path id="m2" d="M 0 0" transform="scale(2)"/>'
        "</defs>"
        '<use xlink:href="#m1" x="1" y="2" style="opacity: 0.5"/>'
        '<use xlink:href="#m1" x="1" y="2" clip-path="url(#c)"/>'
        '<use xlink:href="#m2" x="1" y="2"/>'
    )
    root = _tree(body)
    assert len(root.findall("s:use", NS)) == 3
    assert len(root.findall("s:defs/s:path", NS)) == 2


def test_metadata_goes_and_the_title_and_the_labels_text_stay_as_written():
    root = _tree(
        "<title>budget_resultaat</title><metadata><x>Matplotlib v3</x></metadata>"
        '<text x="1" y="2">  € 1.000  en  meer </text>'
    )
    assert root.find("s:metadata", NS) is None
    assert root.find("s:title", NS).text == "budget_resultaat"
    assert root.find("s:text", NS).text == "  € 1.000  en  meer "


def _pixels(svgs: list[str]) -> list[bytes]:
    """Each chart drawn by WeasyPrint as the report's PDF draws it (its own PDF page, 17 cm wide,
    the labels drawn whole), as RGB pixels at 150 dpi (PDFium)."""
    import pypdfium2

    pages = "".join(
        '<div style="break-after: page"><img style="width: 17cm" src="data:image/svg+xml;base64,'
        f'{base64.b64encode(svg.encode()).decode()}"></div>'
        for svg in svgs
    )
    with report_pdf.svg_text_drawn_whole():
        document = report_pdf.weasyprint.HTML(string=f"<html><body>{pages}</body></html>")
        data = document.write_pdf()
    rendered = pypdfium2.PdfDocument(data)
    try:
        return [page.render(scale=150 / 72).to_pil().convert("RGB").tobytes() for page in rendered]
    finally:
        rendered.close()


def test_the_sample_charts_draw_the_same_pixels_in_the_pdf_with_far_fewer_nodes(
    scenarios, monkeypatch
):
    sample = scenarios["voorbeeld"]
    monkeypatch.setattr(charts, "slimmed", lambda svg: svg)  # Matplotlib's SVG as it writes it
    original = [c["svg"] for c in charts.draw_charts(sample.register(), _chapters(sample)).values()]
    slim = [slimmed(svg) for svg in original]
    assert len(original) == 9

    def nodes(svgs):
        return sum(1 for svg in svgs for _ in ET.fromstring(svg).iter())

    assert nodes(slim) < 0.5 * nodes(original)  # 1.221 drawn nodes less than half as many
    before, after = _pixels(original), _pixels(slim)
    assert len(before) == len(after) == 9
    for number, (a, b) in enumerate(zip(before, after, strict=True), start=1):
        assert a == b, f"grafiek {number} tekent anders"
    # The check can fail: a chart drawn differently gives other pixels.
    square = '<rect x="10" y="10" width="20" height="20" style="fill: #ff0000"/></svg>'
    assert _pixels([slim[0].replace("</svg>", square)]) != after[:1]


def test_the_slimmed_svg_is_the_same_text_every_time():
    svg = SVG.format('<g id="a"><text x="1" y="2" transform="rotate(-0 1 2)">x</text></g>')
    assert slimmed(svg) == slimmed(svg) == slimmed(slimmed(svg))


@pytest.mark.parametrize("bad", ["<svg", "<svg xmlns='http://www.w3.org/2000/svg'><g></svg>"])
def test_svg_that_is_not_xml_is_an_error_not_a_silent_change(bad):
    with pytest.raises(ET.ParseError):
        slimmed(bad)


UNCHANGED = {
    # style sheets this cannot vouch for: a selector by the tree, a property that is not inherited
    # paint, a relative value
    "sheet by tag": '<style>path{stroke:red}</style><g id="a"><path d="M 0 0"/></g>',
    "sheet for use": '<style>use{stroke:red}</style><g id="a"><path d="M 0 0"/></g>',
    "sheet opacity": '<style>*{opacity:0.7}</style><g id="a"><g id="b"><rect/></g></g>',
    "sheet relative": '<style>*{stroke-width:150%}</style><g id="a"><rect/></g>',
}


@pytest.mark.parametrize("body", UNCHANGED.values(), ids=UNCHANGED.keys())
def test_an_svg_whose_style_sheet_could_differ_without_the_groups_is_returned_as_written(body):
    svg = SVG.format(body)
    assert slimmed(svg) == svg


def test_an_svg_outside_the_svg_namespace_or_with_a_style_sheet_instruction_is_left_alone():
    plain = '<svg><g id="a"><path d="M 0 0"/></g></svg>'
    instruction = '<?xml-stylesheet href="x.css"?>' + SVG.format('<g id="a"><rect/></g>')
    assert slimmed(plain) == plain and slimmed(instruction) == instruction


def test_groups_stay_where_their_parent_gives_them_a_meaning():
    """Inside a <switch> a group is one alternative; inside a <clipPath> or a pattern it is not a
    plain container either."""
    root = _tree(
        '<switch><g id="a"><rect/><rect/></g><rect/></switch>'
        '<defs><clipPath id="c"><g id="x"><rect/></g></clipPath></defs>'
        '<rect clip-path="url(#c)"/>'
    )
    assert root.find("s:switch/s:g", NS) is not None
    assert root.find("s:defs/s:clipPath/s:g", NS) is not None


USES = {
    "sheet sets its property": (
        "<style>*{stroke-linecap: butt}</style>",
        '<use xlink:href="#m" x="1" y="2" style="stroke-linecap: round"/>',
    ),
    "length with a unit": ("", '<use xlink:href="#m" x="50%" y="10mm"/>'),
    "reference without #": ("", '<use xlink:href="m" x="1" y="2"/>'),
    "property twice": ("", '<use xlink:href="#m" x="1" y="2" style="fill: #00f; fill: bogus"/>'),
    "custom property": ("", '<use xlink:href="#m" x="1" y="2" style="--Kleur: red"/>'),
    "with a title": ("", '<use xlink:href="#m" x="1" y="2"><title>merk</title></use>'),
}


@pytest.mark.parametrize("sheet, use", USES.values(), ids=USES.keys())
def test_a_use_the_path_could_not_stand_in_for_stays(sheet, use):
    root = _tree(f'{sheet}<defs><path id="m" d="M 0 0 L 0 3.5"/></defs>{use}')
    assert root.find("s:use", NS) is not None


def test_the_whitespace_inside_a_foreign_object_stays():
    body = '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">A<b> </b>B</p></foreignObject>'
    paragraph = _tree(body).find("s:foreignObject", NS)[0]
    assert paragraph[0].text == " "
