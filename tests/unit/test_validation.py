"""Each input validator refuses bad files with a message naming file, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from buig_analyse.errors import InputValidationError
from buig_analyse.ingest.validate import validate_drop

from ..conftest import SAMPLE_DROP


@pytest.fixture
def drop(tmp_path) -> Path:
    target = tmp_path / "drop"
    shutil.copytree(SAMPLE_DROP, target)
    return target


def problems_of(drop: Path, mapping) -> list[str]:
    with pytest.raises(InputValidationError) as info:
        validate_drop(drop, mapping, history_years=2)
    return [str(p) for p in info.value.problems]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sample_drop_is_valid(sample_drop):
    assert sample_drop.meta.gemeentecode == "GM0626"
    # Every optional input but fout_onzeker: the sample has no auditor findings (step D is 0).
    assert [name for name, here in sample_drop.present.items() if not here] == ["fout_onzeker"]


@pytest.mark.parametrize(
    "file,old,new,expected",
    [
        (
            "rijksbijdrage.csv",
            "jaar;versie;datum;bedrag",
            "jaar;versie;datum;budget",
            ["rijksbijdrage.csv, rij 1, kolom 'bedrag'", "ontbreekt"],
        ),
        (
            "rijksbijdrage.csv",
            "4.236.523",
            "vier miljoen",
            ["rijksbijdrage.csv, rij 2, kolom 'bedrag'", "Nederlandse notatie"],
        ),
        (
            "rijksbijdrage.csv",
            "4.236.523",
            "4236523.00",
            ["rijksbijdrage.csv, rij 2, kolom 'bedrag'", "Engelse notatie"],
        ),
        (
            "rijksbijdrage.csv",
            "4.236.523",
            "-4.236.523",
            ["rijksbijdrage.csv, rij 2, kolom 'bedrag'", "groter dan 0"],
        ),
        (
            "rijksbijdrage.csv",
            "2016;definitief",
            "2015;definitief",
            ["rijksbijdrage.csv, rij 2, kolom 'jaar'", "dubbele sleutel"],
        ),
        (
            "rijksbijdrage.csv",
            "2016;definitief",
            "2016;definitef",
            ["rijksbijdrage.csv, rij 3, kolom 'versie'", "onbekende waarde"],
        ),
        (
            "rijksbijdrage.csv",
            "2015;definitief;2015-10-01",
            "2015;definitief;31-13-2015",
            ["rijksbijdrage.csv, rij 2, kolom 'datum'", "geen datum"],
        ),
        (
            "voorschotten.csv",
            "2016;2018",
            "2016;2014",
            ["voorschotten.csv, rij 2, kolom 'jaar_verrekend'"],
        ),
        (
            "uitgaven_lopend_jaar.csv",
            "2016;K1",
            "2016;K2",
            ["uitgaven_lopend_jaar.csv", "kolom 'periode'", "K1 van 2016 ontbreekt"],
        ),
        (
            "uitgaven_lopend_jaar.csv",
            "2017;K1",
            "2017;Q1",
            ["uitgaven_lopend_jaar.csv, rij 3, kolom 'periode'", "K1-K4"],
        ),
        (
            "groeiprognose.csv",
            "2017;1,5",
            "2017;150",
            ["groeiprognose.csv, rij 2, kolom 'groei_pct'", "hoogstens 50"],
        ),
        (
            "participatiebudget.csv",
            "2012;definitief",
            "2011;definitief",
            ["participatiebudget.csv", "jaar 2012 ontbreekt"],
        ),
        (
            "meerjarenraming.csv",
            "2017;aanname",
            "2017;gok",
            ["meerjarenraming.csv, rij 2, kolom 'soort'"],
        ),
        (
            "bestand_maand.csv",
            "2015;1;participatiewet;315",
            "2015;13;participatiewet;315",
            ["bestand_maand.csv, rij 2, kolom 'maand'", "hoogstens 12"],
        ),
        (
            "bestand_maand.csv",
            "2015;1;participatiewet;315",
            "2015;1;participatiewet;-315",
            ["bestand_maand.csv, rij 2, kolom 'aantal'"],
        ),
        (
            "bestand_maand.csv",
            "2015;1;ioaw;38",
            "2015;1;wajong;38",
            ["bestand_maand.csv, rij 3, kolom 'regeling'", "onbekende waarde"],
        ),
        (
            "bestand_maand.csv",
            "2015;1;ioaw;38",
            "2015;1;participatiewet;38",
            ["bestand_maand.csv", "kolom 'jaar'", "dubbele sleutel"],
        ),
        (
            "bestand_clienten.csv",
            ";gehuwd of samenwonend;1966-08-16",
            ";getrouwd;1966-08-16",
            ["bestand_clienten.csv, rij 2, kolom 'huishoudtype'"],
        ),
        (
            "bestand_clienten.csv",
            "2009-08-19;2015-09-23;werk",
            "2009-08-19;2005-09-23;werk",
            ["bestand_clienten.csv, rij 3, kolom 'einddatum': einddatum ligt voor de startdatum"],
        ),
        (
            "bestand_clienten.csv",
            "2009-08-19;2015-09-23;werk",
            "2009-08-19;2015-09-23;",
            ["bestand_clienten.csv, rij 3, kolom 'reden_einde': reden_einde ontbreekt"],
        ),
        (
            "bestand_clienten.csv",
            "2014-10-02;;;1B;",
            "2014-10-02;;;4C;",
            ["bestand_clienten.csv, rij 2, kolom 'categorie'"],
        ),
        (
            "cbs_bevolking.csv",
            "2014;GM0626",
            "2014;GM0627",
            ["cbs_bevolking.csv, rij 2, kolom 'gebied': onbekende gemeente 'GM0627'"],
        ),
        (
            "cbs_bevolking.csv",
            "2014;GM0626;24.780",
            "2014;GM0626;24,780.5",
            ["cbs_bevolking.csv, rij 2, kolom 'inwoners'"],
        ),
        (
            "benchmark.csv",
            "Netto prijs per uitkering;euro per uitkering",
            "Netto prijs per uitkering;dollar",
            ["benchmark.csv, rij 2, kolom 'eenheid'"],
        ),
        (
            "benchmark.csv",
            ";13.748;13.250;12.980;nee",
            ";13.748;13.250;12.980;misschien",
            ["benchmark.csv, rij 2, kolom 'hoger_is_beter'"],
        ),
        (
            "benchmark.csv",
            "2016;instroom;",
            "2016;volumeontwikkeling;",
            ["benchmark.csv", "dubbele sleutel"],
        ),
        (
            "verdeelmodel.csv",
            "GM0344;alleenstaand",
            "GM9999;alleenstaand",
            ["verdeelmodel.csv", "kolom 'gemeentecode': onbekende gemeente 'GM9999'"],
        ),
        (
            "verdeelmodel.csv",
            "GM0626;overig;12;9,0",
            "GM0626;overig;12;#REF!",
            ["verdeelmodel.csv", "kolom 'voorspeld': Excel-foutwaarde"],
        ),
        (
            "verdeelmodel_huishoudens.csv",
            "GM0626;Voorschoten;9.025",
            "GM0626;Voorschoten;0",
            ["verdeelmodel_huishoudens.csv, rij 2, kolom 'huishoudens'"],
        ),
        (
            "statushouders.csv",
            "2016;16;",
            "2016;zestien;",
            ["statushouders.csv, rij 3, kolom 'extra_statushouders'"],
        ),
        ("statushouders.csv", "2015;6;", "2016;6;", ["statushouders.csv", "dubbele sleutel"]),
    ],
)
def test_bad_csv_values(drop, mapping, file, old, new, expected):
    replace(drop / file, old, new)
    text = "\n".join(problems_of(drop, mapping))
    for part in expected:
        assert part in text


def test_missing_year_of_the_report_period(drop, mapping):
    path = drop / "rijksbijdrage.csv"
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("2016;")
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(
        "rijksbijdrage.csv, kolom 'jaar': jaar 2016 ontbreekt" in p
        for p in problems_of(drop, mapping)
    )


def test_unknown_sisa_indicator(drop, mapping):
    path = drop / "sisa" / "sisa_G2_2016.csv"
    path.write_bytes(path.read_bytes().replace(b"G2/09", b"G2/99"))
    assert any(
        "sisa/sisa_G2_2016.csv, rij 11, kolom 'indicator': onbekende SiSa-indicator 'G2/99'" in p
        for p in problems_of(drop, mapping)
    )


def test_windows_1252_sisa_is_read(sample_drop):
    sisa = sample_drop.tables["sisa"]
    assert (sisa["jaar"] == 2016).sum() == 10
    assert any(
        "–" in text for text in sisa["omschrijving"]
    )  # an en dash, byte 0x96 in Windows-1252


def test_wrong_delimiter(drop, mapping):
    (drop / "groeiprognose.csv").write_text("jaar,groei_pct,bron\n2017,1.5,CPB\n", encoding="utf-8")
    assert any("groeiprognose.csv, rij 1: verwacht ';'" in p for p in problems_of(drop, mapping))


def test_empty_file(drop, mapping):
    (drop / "voorschotten.csv").write_bytes(b"")
    assert any("voorschotten.csv: het bestand is leeg" in p for p in problems_of(drop, mapping))


def test_missing_required_file(drop, mapping):
    (drop / "rijksbijdrage.csv").unlink()
    assert any(
        "rijksbijdrage.csv: verplicht bestand ontbreekt" in p for p in problems_of(drop, mapping)
    )


def test_missing_sisa(drop, mapping):
    shutil.rmtree(drop / "sisa")
    assert any("geen SiSa-export gevonden" in p for p in problems_of(drop, mapping))


def _workbook(path: Path, rows, merge: str | None = None) -> None:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    if merge:
        wb.active.merge_cells(merge)
    wb.save(path)


def test_excel_formula_error(drop, mapping):
    _workbook(
        drop / "sisa" / "sisa_G2_2015.xlsx",
        [("jaar", "indicator", "omschrijving", "bedrag"), (2015, "G2/01", "x", "#REF!")],
    )
    assert any(
        "sisa/sisa_G2_2015.xlsx, rij 2, kolom 'bedrag': Excel-foutwaarde '#REF!'" in p
        for p in problems_of(drop, mapping)
    )


def test_excel_extra_header_rows(drop, mapping):
    _workbook(
        drop / "sisa" / "sisa_G2_2015.xlsx",
        [
            ("SiSa-export gemeente Voorschoten",),
            (),
            ("jaar", "indicator", "omschrijving", "bedrag"),
        ],
    )
    text = "\n".join(problems_of(drop, mapping))
    assert "sisa/sisa_G2_2015.xlsx, rij 1, kolom 'jaar': verplichte kolom ontbreekt" in text


def test_excel_merged_cells(drop, mapping):
    _workbook(
        drop / "sisa" / "sisa_G2_2015.xlsx",
        [
            ("jaar", "indicator", "omschrijving", "bedrag"),
            (2015, "G2/01", "x", 1),
            (None, "G2/03", "y", 2),
        ],
        merge="A2:A3",
    )
    assert any(
        "sisa/sisa_G2_2015.xlsx, rij 2: samengevoegde cellen (A2:A3)" in p
        for p in problems_of(drop, mapping)
    )


def test_both_csv_and_xlsx(drop, mapping):
    _workbook(drop / "groeiprognose.xlsx", [("jaar", "groei_pct", "bron"), (2017, 1.5, "CPB")])
    assert any("zowel een .csv als een .xlsx" in p for p in problems_of(drop, mapping))


def test_verdeelmodel_without_households(drop, mapping):
    (drop / "verdeelmodel_huishoudens.csv").unlink()
    assert any(
        "verdeelmodel_huishoudens.csv: verdeelmodel.csv en verdeelmodel_huishoudens.csv horen samen"
        in p
        for p in problems_of(drop, mapping)
    )


def test_own_gemeente_missing_from_verdeelmodel(drop, mapping):
    path = drop / "verdeelmodel.csv"
    path.write_text(
        "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("GM0626")
        )
        + "\n",
        encoding="utf-8",
    )
    assert any("de eigen gemeente GM0626 ontbreekt" in p for p in problems_of(drop, mapping))


def test_bad_gemeentecode(drop, mapping):
    replace(drop / "drop.yaml", "GM0626", "0626")
    assert any("drop.yaml, kolom 'gemeentecode'" in p for p in problems_of(drop, mapping))


def test_all_problems_reported_together(drop, mapping):
    replace(drop / "rijksbijdrage.csv", "4.236.523", "x")
    replace(drop / "groeiprognose.csv", "2017;1,5", "2017;y")
    problems = problems_of(drop, mapping)
    assert any(p.startswith("rijksbijdrage.csv") for p in problems)
    assert any(p.startswith("groeiprognose.csv") for p in problems)


def test_raw_files_unchanged_by_validation(sample_drop, mapping):
    before = dict(sample_drop.files)
    after = validate_drop(SAMPLE_DROP, mapping, history_years=2).files
    assert before == after


def test_utf16_file_is_refused_with_a_clear_message(drop, mapping):
    path = drop / "groeiprognose.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert any(
        "groeiprognose.csv, rij 1: het bestand bevat nul-tekens (waarschijnlijk UTF-16)" in p
        for p in problems_of(drop, mapping)
    )


def test_category_1c_is_accepted_and_counted_in_order(drop, mapping):
    """Issue 10: the categories of seed 002 table 4 include 1C (it was refused). One client moved
    from 1B to 1C: 1C is counted (one client, shown as below the privacy threshold) and listed
    between 1B and 2A."""
    from buig_analyse.ingest.aggregaten import client_aggregates

    replace(drop / "bestand_clienten.csv", "2014-10-02;;;1B;", "2014-10-02;;;1C;")
    validated = validate_drop(drop, mapping, history_years=2)
    clients = validated.tables["bestand_clienten"]
    assert (clients["categorie"] == "1C").sum() == 1
    import datetime as dt

    composition = client_aggregates(clients, dt.date(2017, 4, 30), [2015, 2016, 2017], [], 5)[0]
    groups = list(composition[composition["dimensie"] == "categorie"]["groep"])
    assert groups.index("1C") == groups.index("1B") + 1


def test_client_export_with_cbs_bus_codes(drop, mapping):
    """Issue 10: an export in CBS BUS codes gives the same typed table as one in words. By hand
    from the sample's first rows: leefvorm 3 = gehuwd of samenwonend, 1 = alleenstaand, reden 11 =
    werk, ontheffing 4 = ja and 2 = nee; a row with statistiekcode 02 (IOAW) is left out."""
    path = drop / "bestand_clienten.csv"
    words = validate_drop(drop, mapping, history_years=2).tables["bestand_clienten"]
    lines = path.read_text(encoding="utf-8").splitlines()
    coded = {"gehuwd of samenwonend": "3", "alleenstaand": "1", "alleenstaande ouder": "2"}
    reasons = {"werk": "11", "verhuizing": "32", "inkomen partner": "02", "pensioen": "03",
               "onderwijs": "01", "detentie": "05", "overlijden": "04", "overig": "98"}  # fmt: skip
    out = [lines[0] + ";statistiekcode"]
    for line in lines[1:]:
        cells = line.split(";")
        cells[1] = coded[cells[1]]
        cells[5] = reasons.get(cells[5], cells[5])
        cells[8] = "4" if cells[8] == "ja" else "2"
        out.append(";".join(cells) + ";01")
    out.append("VS-999999;1;1980-01-01;2016-01-01;;;1A;nee;2;02")  # an IOAW benefit
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    translated = validate_drop(drop, mapping, history_years=2).tables["bestand_clienten"]
    columns = ["huishoudtype", "reden_einde", "ontheffing", "startdatum"]
    pd.testing.assert_frame_equal(
        translated[columns].reset_index(drop=True), words[columns].reset_index(drop=True)
    )


def test_unknown_statistiekcode_is_refused_with_row_and_column(drop, mapping):
    path = drop / "bestand_clienten.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ";statistiekcode"] + [line + ";01" for line in lines[1:]]
    lines[2] = lines[2][:-2] + "77"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(drop, mapping)
    assert any("bestand_clienten.csv, rij 3, kolom 'statistiekcode'" in p for p in found), found


def test_a_control_character_is_named_by_row_column_and_code_point_never_by_its_text(tmp_path):
    """CSV and Excel go through the same check. The message names the row as staff see it (the
    header is row 1; an empty row keeps its number), the column without its own control
    character, and the code point; nothing of the cell's text, also not U+FFFF, which the
    general cleaning of messages leaves in."""
    from buig_analyse.ingest.readers import read_table

    csv_file = tmp_path / "lijst.csv"
    csv_file.write_text("jaar;naam\uffff\n2015;gewoon\n;\n2016;Geheim\x01naam\n", encoding="utf-8")
    with pytest.raises(InputValidationError) as info:
        read_table(csv_file, "lijst.csv")
    message = str(info.value)
    assert "lijst.csv, rij 1, kolom 'naam': bevat een stuurteken (U+FFFF)" in message
    assert "lijst.csv, rij 4, kolom 'naam': bevat een stuurteken (U+0001)" in message
    assert "Geheim" not in message and "\uffff" not in message and "\x01" not in message

    book = Workbook()
    book.active.append(["jaar", "naam"])
    book.active.append([2015, "gewoon"])
    book.active.append([2016, "a\x7fb"])  # DEL: openpyxl writes it, C0 it refuses to write
    book.save(tmp_path / "lijst.xlsx")
    with pytest.raises(InputValidationError) as info:
        read_table(tmp_path / "lijst.xlsx", "lijst.xlsx")
    assert "lijst.xlsx, rij 3, kolom 'naam': bevat een stuurteken (U+007F)" in str(info.value)
