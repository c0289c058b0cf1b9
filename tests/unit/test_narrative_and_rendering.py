"""Narrative placeholders, sanitising of input text, and the renderer's refusal of the network."""

from __future__ import annotations

import pytest

from buig_analyse.errors import NarrativeError
from buig_analyse.register.figures import Figure, Register
from buig_analyse.report.html import figure_link
from buig_analyse.report.narrative import narrative_files, render_block
from buig_analyse.report.pdf import ProjectOnlyFetcher, RefusedURL, render_pdf

from ..conftest import ROOT


@pytest.fixture
def register():
    reg = Register()
    reg.add(
        Figure(
            "budget.resultaat.2016",
            -332596.0,
            "EUR",
            "Resultaat <b>2016</b>",
            "rijksbijdrage - netto lasten",
        )
    )
    return reg


def render(text, register):
    return str(
        render_block(
            text,
            "narratief/budget.md",
            lambda fid: figure_link(register, fid),
            set(register.figures),
        )
    )


def test_placeholder_is_filled_from_register(register):
    html = render("Het resultaat is [[budget.resultaat.2016]].", register)
    assert "€\u00a0-332.596" in html and 'href="#fig-budget.resultaat.2016"' in html
    assert "Resultaat &lt;b&gt;2016&lt;/b&gt;" in html  # the tooltip is escaped too


def test_unknown_placeholder_names_file_and_line(register):
    with pytest.raises(
        NarrativeError,
        match=r"narratief/budget.md, regel 2: onbekend cijfer 'budget.resultaat.2099'",
    ):
        render("Eerste regel.\nHet resultaat is [[budget.resultaat.2099]].", register)


def test_script_and_remote_image_are_neutralised(register):
    html = render(
        "<script>alert(1)</script>\n\n![x](http://example.org/x.png) <img src=http://example.org/y.png>",
        register,
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_underscores_in_ids_do_not_become_emphasis():
    reg = Register()
    reg.add(Figure("a_b.c_d", 1.0, "EUR", "x", "y"))
    reg.add(Figure("e_f.g_h", 2.0, "EUR", "x", "y"))
    html = str(
        render_block(
            "[[a_b.c_d]] en [[e_f.g_h]]",
            "t.md",
            lambda fid: figure_link(reg, fid),
            set(reg.figures),
        )
    )
    assert "<em>" not in html and "€\u00a01" in html and "€\u00a02" in html


def test_unknown_narrative_file_is_refused(tmp_path):
    (tmp_path / "samenvatting.md").write_text("x", encoding="utf-8")
    with pytest.raises(NarrativeError, match="onbekend tekstblok"):
        narrative_files(tmp_path)


@pytest.mark.parametrize(
    "url",
    ["http://example.org/x.png", "https://example.org/a.css", "file:///etc/passwd", "ftp://x/y"],
)
def test_fetcher_refuses_outside_project(url):
    fetcher = ProjectOnlyFetcher(ROOT)
    with pytest.raises(RefusedURL):
        fetcher(url)
    assert fetcher.refused == [url]


def test_fetcher_allows_project_files_and_data_urls():
    fetcher = ProjectOnlyFetcher(ROOT)
    fetcher.check((ROOT / "reports" / "templates" / "report.css").as_uri())
    fetcher.check("data:text/plain;base64,eA==")
    assert fetcher.refused == []


def test_pdf_render_does_not_fetch_remote_resources(tmp_path, monkeypatch):
    requested = []
    original = ProjectOnlyFetcher.check

    def spy(self, url):
        requested.append(url)
        return original(self, url)

    monkeypatch.setattr(ProjectOnlyFetcher, "check", spy)
    html = '<html><body><p>x</p><img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="https://example.org/s.css"></body></html>'
    pdf, _ = render_pdf(html, tmp_path, ROOT)
    assert pdf.startswith(b"%PDF")
    # WeasyPrint asked our fetcher for both remote resources, and the fetcher refused them.
    assert "http://127.0.0.1:9/x.png" in requested and "https://example.org/s.css" in requested


def test_figure_ids_appear_in_template_only_via_fig():
    template = (ROOT / "reports" / "templates" / "report.html.j2").read_text(encoding="utf-8")
    assert "€" not in template


def test_figure_register_refuses_dangling_parents():
    reg = Register()
    reg.add(Figure("a", 1.0, "EUR", "x", "y", derived_from=("missing",)))
    with pytest.raises(ValueError):
        reg.check()


def test_register_csv_cells_never_run_as_formulas():
    """OWASP CSV injection: text starting with = + - @ gets an apostrophe; numbers stay numbers."""
    import csv
    import io

    from buig_analyse.register.figures import register_csv

    register = Register()
    register.add(Figure("a.b", -285791.0, "EUR", '=HYPERLINK("http://x.invalid")', "-(resultaat)"))
    register.add(Figure("a.c", "@SUM(1)", "TEKST", "+1", "x"))
    rows = list(csv.reader(io.StringIO(register_csv(register)), delimiter=";"))
    first, second = rows[1], rows[2]
    assert first[1] == "-285791"  # a number (Dutch notation, no apostrophe), not text
    assert first[3] == '\'=HYPERLINK("http://x.invalid")' and first[4] == "'-(resultaat)"
    assert second[1] == "'@SUM(1)" and second[3] == "'+1"


def test_gemeente_name_is_plain_text_in_generated_conclusions():
    from buig_analyse.analysis.conclusies import markdown_text
    from buig_analyse.report.narrative import render_block

    name = markdown_text("[Voorschoten](http://x.invalid) *vet* [[budget.resultaat.2016]]")
    html = render_block(f"Gemeente {name}.", "test", lambda f: f, set())
    assert "<a " not in html and "<em>" not in html
    assert "[Voorschoten](http://x.invalid) *vet* [[budget.resultaat.2016]]" in html


def test_placeholder_inside_a_link_title_is_refused():
    register = Register()
    register.add(Figure("budget.resultaat.2016", -1.0, "EUR", "x", "x"))
    with pytest.raises(NarrativeError, match="in een link of de titel ervan"):
        render_block(
            '[tekst](http://x.invalid "titel [[budget.resultaat.2016]]")',
            "narratief/budget.md",
            lambda fid: figure_link(register, fid),
            set(register.figures),
        )


@pytest.mark.parametrize("text", ["[[budget.resultaat.2016]", "[[twee woorden]]", "[[]]"])
def test_malformed_placeholder_is_refused(text):
    with pytest.raises(NarrativeError, match="geen geldige verwijzing"):
        render_block(f"Zie {text}.", "narratief/budget.md", lambda f: f, {"budget.resultaat.2016"})


def test_input_cells_are_shown_as_staff_wrote_them():
    """Issue 9/11: no None, nan or 4372242.0 in the report or register; years stay years."""
    from buig_analyse.register.figures import Source

    assert str(Source("rijksbijdrage.csv", "", 3, "bedrag", 4372242.0)).endswith("= 4.372.242")
    assert str(Source("sisa.csv", "", 3, "bedrag", 4401230.17)).endswith("= 4.401.230,17")
    assert str(Source("m.csv", "", 2, "lasten", None)).endswith("= leeg")
    assert str(Source("m.csv", "", 2, "lasten", float("nan"))).endswith("= leeg")
    assert str(Source("r.csv", "", 2, "jaar", 2016)).endswith("= 2016")


def test_register_csv_round_trips_through_a_dutch_locale_reader(staged):
    import io

    """Issue 11: a header for every column, and every number read back the way Dutch Excel reads
    it (decimal comma) equals the JSON register's value; text stays text."""
    import json

    import pandas as pd

    from buig_analyse.register.figures import CSV_HEADER, register_csv

    text = register_csv(staged[1])
    frame = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == CSV_HEADER
    as_json = {f["id"]: f for f in json.loads((staged[0] / "figurenregister.json").read_text())}
    numbers = 0
    for row in frame.to_dict("records"):
        value = as_json[row["id"]]["value"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert float(row["waarde"].replace(",", ".")) == value, row["id"]
            assert "." not in row["waarde"] and "e" not in row["waarde"].lower()
            numbers += 1
        elif value is None:
            assert row["waarde"] == ""
        else:
            assert row["waarde"] in (str(value), "'" + str(value))  # "'": formula guard
    assert numbers > 300
    assert frame.loc[frame["id"] == "vangnet.uitkering.2016", "waarde"].item() != ""


def test_numbers_typed_into_the_narrative_are_named_with_file_and_line():
    """Issue 11: a bare amount in narrative is a warning naming file and line; placeholders,
    years, dates and list numbers are not."""
    from buig_analyse.report.narrative import bare_numbers

    text = (
        "In 2016 had 8 op de 10 gemeenten een tekort.\n"
        "Landelijk was het tekort € 332 miljoen; de rijksbijdrage steeg met 3,2%.\n"
        "1. Op 18 april 2017 was het [[vangnet.tekort.2016]] en 4.372.242 euro."
    )
    found = bare_numbers(text, "narratief/x.md")
    assert [f.split(": getal ")[1].split("'")[1] for f in found] == [
        "€ 332 miljoen",
        "3,2%",
        "4.372.242",
    ]
    assert found[0].startswith("narratief/x.md, regel 2")
    assert found[2].startswith("narratief/x.md, regel 3")
