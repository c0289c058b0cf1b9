"""report/text_layouts.py: each line broken once and each Pango layout made once per render gives
the same PDF, byte for byte, as WeasyPrint's own way (issue 12). Each document below is rendered
both ways; they hold what changes a layout between its making and its drawing: justification,
word and letter spacing, hyphenation (automatic and soft), tabs and preserved line breaks,
words broken anywhere, right-to-left text, an ellipsis on a line and on a block (also in a
header repeated on each page, which shares its layout), decorations,
tables measured and split over pages with their header repeated, the same text in many cells,
and SVG text. These test a calculation (the drawing is unchanged), not plumbing."""

from __future__ import annotations

import pytest

from buig_analyse.report import pdf  # noqa: F401 - WeasyPrint as the report imports it
from buig_analyse.report.text_layouts import supported, text_layouts_reused

PAGE = "@page { size: A5; margin: 12mm } body { font-family: 'DejaVu Sans'; font-size: 10pt }"
WORDS = (
    "De gemeente ontvangt een gebundelde uitkering voor de bijstandsuitkeringen; bij een tekort "
    "boven het eigen risico kan zij een vangnetuitkering aanvragen bij de toetsingscommissie. "
)
ROWS = "".join(
    f"<tr><th>Rij {i}</th><td>€ {i * 1234:,}</td><td>Participatiewet</td><td>{WORDS[:40]}</td></tr>"
    for i in range(60)
)
DOCUMENTS = {
    "justified and spaced": f"""
        <p style="text-align: justify; width: 60mm">{WORDS * 3}</p>
        <p style="text-align: justify; word-spacing: 3px; letter-spacing: 0.5px">{WORDS * 2}</p>
        <p style="letter-spacing: 2px; width: 40mm">{WORDS}</p>
        <p style="text-align: justify; text-align-last: justify; width: 50mm">{WORDS}</p>""",
    "hyphenated": f"""
        <p lang="nl" style="hyphens: auto; width: 25mm">{WORDS * 2}
        arbeidsongeschiktheidsverzekering bijstandsgerechtigden</p>
        <p lang="nl" style="hyphens: manual; width: 20mm">
        arbeids&shy;ongeschiktheids&shy;verzekering vang&shy;net&shy;uit&shy;kering</p>
        <p lang="nl" style="hyphens: auto; text-align: justify; width: 30mm">{WORDS}</p>""",
    "preformatted and tabs": """
        <pre>kolom\ttwee\tdrie\n\tinspringen\neen  twee   drie</pre>
        <p style="white-space: pre-wrap; width: 40mm">regel een\nregel  twee is wat langer dan de
        breedte\n\tmet tab</p>
        <p style="white-space: pre-line">een\ntwee   drie\nvier</p>
        <p style="white-space: nowrap">een lange regel die niet mag afbreken en dus over de rand
        van de pagina heen loopt</p>
        <p style="tab-size: 2; white-space: pre">a\tb\tc</p>""",
    "words broken": """
        <table style="width: 60mm; table-layout: fixed"><tr>
        <td style="overflow-wrap: anywhere">GM0626GM0626GM0626GM0626GM0626</td>
        <td style="overflow-wrap: break-word">3f8a9c2e1d7b6a5f4e3d2c1b0a9f8e7d</td>
        <td style="word-break: break-all">Vangnetuitkeringaanvraag2017</td></tr></table>
        <p style="width: 15mm; overflow-wrap: break-word">Toetsingscommissievangnet en meer</p>""",
    "right to left": """
        <p dir="rtl" lang="ar">مرحبا بالعالم هذه جملة عربية طويلة بعض الشيء</p>
        <p dir="rtl" lang="he" style="width: 30mm">שלום עולם זה משפט בעברית ארוך יותר</p>
        <p>Gemengd: שלום en مرحبا in één regel</p>""",
    "ellipsis": f"""
        <p style="width: 40mm; white-space: nowrap; overflow: hidden;
           text-overflow: ellipsis">{WORDS}</p>
        <div style="width: 40mm; max-lines: 2; block-ellipsis: auto; continue: discard">
        <p>{WORDS * 2}</p></div>
        <div style="width: 40mm; max-lines: 1; block-ellipsis: '[meer]'; continue: discard">
        <p lang="nl" style="hyphens: auto">{WORDS}</p></div>
        <table><tr><td style="max-width: 20mm; white-space: nowrap; overflow: hidden;
           text-overflow: ellipsis">Participatiewet</td><td>Participatiewet</td></tr></table>""",
    # a header repeated on every page is laid out again with the same text, style and width, so
    # its cells share a layout; the ellipsis must not change the layout the next page draws
    "ellipsis in a repeated header": f"""
        <table><thead><tr><th><div style="max-lines: 1; block-ellipsis: auto;
           continue: discard; width: 30mm">{WORDS}</div></th>
        <th style="width: 30mm; white-space: nowrap; overflow: hidden;
           text-overflow: ellipsis">{WORDS}</th></tr></thead>
        <tbody>{"".join(f"<tr><td>{i}</td><td>x</td></tr>" for i in range(120))}</tbody></table>""",
    "decorated": f"""
        <p style="text-decoration: underline">{WORDS}</p>
        <p style="text-decoration: line-through overline; font-variant: small-caps">{WORDS}</p>
        <p style="font-feature-settings: 'liga' 0; font-kerning: none">fijne affiniteit</p>
        <p><b>vet</b> <i>cursief</i> <code>mono</code> <sub>2</sub><sup>3</sup></p>""",
    "tables over pages": f"""
        <table style="border-collapse: collapse"><thead><tr><th>Rij</th><th>Bedrag</th>
        <th>Wet</th><th>Omschrijving</th></tr></thead><tbody>{ROWS}</tbody></table>
        <table><tr><td>Participatiewet</td><td>Participatiewet</td></tr>
        <tr><td>Participatiewet</td><td style="text-align: right">€ 4.616.155</td></tr></table>""",
    "svg text": """
        <svg width="300" height="120" xmlns="http://www.w3.org/2000/svg">
        <text x="10" y="20">Gemeente</text>
        <text x="150" y="50" text-anchor="middle" font-size="14">Nederland</text>
        <text x="290" y="80" text-anchor="end" letter-spacing="2">€ 4.616.155</text>
        <text x="10" y="110" rotate="10 20 30">tekst</text></svg>""",
}


def _render(body: str) -> bytes:
    import weasyprint

    html = f'<html lang="nl"><head><style>{PAGE}</style></head><body>{body}</body></html>'
    return weasyprint.HTML(string=html).write_pdf()


def assert_the_same_bytes(body: str, override) -> None:
    """``body`` rendered with the ``override`` context manager gives WeasyPrint's own bytes, and
    after it again."""
    plain = _render(body)
    with override():
        changed = _render(body)
    assert changed == plain
    assert _render(body) == plain  # restored afterwards


def test_this_weasyprint_has_what_the_override_replaces():
    """If an upgrade of WeasyPrint renames what is replaced, the override does nothing and this
    test says so (the renders below would pass without it)."""
    assert supported()


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_pdf_is_the_same_bytes(name, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1496275200")
    assert_the_same_bytes(DOCUMENTS[name], text_layouts_reused)


def test_a_line_broken_again_is_not_broken_again_and_drawn_layouts_are_not_made_again():
    """The override does its work: WeasyPrint's own line breaking and layout making run fewer
    times for a table measured and laid out (counted, not timed)."""
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    counts = {"split": 0, "setup": 0}
    split, setup = line_break.split_first_line, line_break.Layout.setup

    def counted_split(*args, **kwargs):
        counts["split"] += 1
        return split(*args, **kwargs)

    def counted_setup(self, style):
        counts["setup"] += 1
        return setup(self, style)

    modules = (line_break, inline, preferred)
    for module in modules:
        module.split_first_line = counted_split
    line_break.Layout.setup = counted_setup
    try:
        _render(DOCUMENTS["tables over pages"])
        plain = dict(counts)
        counts.update(split=0, setup=0)
        with text_layouts_reused():
            _render(DOCUMENTS["tables over pages"])
        reused = dict(counts)
    finally:
        for module in modules:
            module.split_first_line = split
        line_break.Layout.setup = setup
    assert reused["split"] < plain["split"]
    assert reused["setup"] < plain["setup"]


def test_restored_after_an_error():
    from weasyprint.text import line_break

    before = (line_break.split_first_line, line_break.Layout.deactivate)
    with pytest.raises(RuntimeError), text_layouts_reused():
        raise RuntimeError
    assert (line_break.split_first_line, line_break.Layout.deactivate) == before
