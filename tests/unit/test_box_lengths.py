"""report/box_lengths.py: the used lengths of every box set in one pass give the same PDF, byte
for byte, as WeasyPrint's own steps (issue 12). The documents hold lengths in px, em, %, calc(),
min(), max(), auto, none, box-sizing border-box and padding-box, collapsed and separate table
borders, margin boxes, floats, positioned boxes and percentages of a containing block whose
height is auto and one whose height is set; plus the documents of test_text_layouts.py. These
test a calculation (the layout is unchanged), not plumbing."""

from __future__ import annotations

import pytest

from buig_analyse.report import pdf  # noqa: F401 - WeasyPrint as the report imports it
from buig_analyse.report.box_lengths import box_lengths_resolved_inline, supported

from .test_text_layouts import DOCUMENTS as TEXT_DOCUMENTS
from .test_text_layouts import assert_the_same_bytes

LENGTHS = {
    "lengths": """
        <div style="width: 50%; margin: 5% 2em; padding: 1.5em 3%; min-width: 10mm;
            max-width: 120mm; border: 2px solid">breedte in procenten</div>
        <div style="width: calc(100% - 4em); padding: calc(1em + 2%); margin-left: min(10%, 3em);
            margin-right: max(2%, 1em)">rekenen</div>
        <div style="box-sizing: border-box; width: 60%; padding: 5mm; border: 3mm solid">rand</div>
        <div style="box-sizing: padding-box; width: 40%; padding: 4%">vulling</div>
        <div style="height: 30mm"><div style="height: 50%; min-height: 10%; max-height: 80%;
            background: #eee">half zo hoog</div></div>
        <div><div style="height: 50%; min-height: 5mm; max-height: none">hoogte auto</div></div>
        <div><div style="min-height: 10%; max-height: 50%">procenten van een hoogte auto</div></div>
        <div style="height: calc(10mm + 2em); max-width: none; min-height: auto">vast</div>""",
    "tables, floats and positions": """
        <table style="border-collapse: collapse; width: 80%"><tr>
        <td style="border: 2px solid; padding: 2%; width: 30%">a</td>
        <td style="border: 4px double; padding: 1em">b</td></tr></table>
        <table style="border-collapse: separate; border-spacing: 3px; width: auto"><tr>
        <td style="border: 1px solid; padding: 5%">c</td><td style="width: 40mm">d</td></tr></table>
        <div style="float: right; width: 30%; margin: 2%">zwevend</div>
        <div style="position: relative; left: 10%; top: 2em; width: 50%">verschoven</div>
        <div style="position: absolute; right: 5%; bottom: 10%; width: 20%">vast op de pagina</div>
        <p>Tekst naast de zwevende tekst, lang genoeg om er een paar regels omheen te lopen, met
        nog meer woorden om de regels te vullen.</p>""",
    "page margins": """
        <style>@page { margin: 10% 8%; @top-right { content: "Kop"; width: 30%;
            padding: 2mm } @bottom-center { content: counter(page); margin: 1em } }</style>
        <p>Pagina met randen in procenten.</p>
        <p style="break-before: page">Tweede pagina.</p>""",
}
DOCUMENTS = {**LENGTHS, **TEXT_DOCUMENTS}


def test_this_weasyprint_is_the_one_the_steps_were_checked_against():
    """On another WeasyPrint the override does nothing (the renders below would pass without it):
    check its steps against that version's layout/percent.py, then add the version."""
    assert supported()


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_pdf_is_the_same_bytes(name, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1496275200")
    assert_the_same_bytes(DOCUMENTS[name], box_lengths_resolved_inline)


def test_every_module_that_uses_it_gets_the_inline_steps_and_then_its_own_again():
    from weasyprint.layout import block, inline, percent, table

    original = percent.resolve_percentages
    with box_lengths_resolved_inline():
        replaced = {m.resolve_percentages for m in (block, inline, table)}
        assert original not in replaced and len(replaced) == 1
    assert {m.resolve_percentages for m in (block, inline, table)} == {original}
