"""buig-cbs: CBS context from StatLine 70072ned into the reference data, and a drop without its
own cbs_bevolking.csv that uses it. The CBS answers come from tests/fixtures/cbs/70072ned.json
(constructed in the cbsodata client's shape, not recorded: see its _toelichting); no network."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import shutil

import pytest

from buig_analyse.ingest import cbs

from ..conftest import REFERENCE, ROOT, SAMPLE_DROP

FIXTURE = json.loads((ROOT / "tests" / "fixtures" / "cbs" / "70072ned.json").read_text("utf-8"))


class FakeStatLine:
    """Stands in for the cbsodata module: get_meta and get_data on the fixture, honouring the
    region and period filters the way the OData service does (startswith on the code)."""

    def __init__(self, fixture=FIXTURE):
        self.fixture = copy.deepcopy(fixture)
        self.queries: list[str] = []

    def get_meta(self, table, name):
        assert table == "70072ned"
        return self.fixture[name]

    def get_data(self, table, filters=None, select=None):
        assert table == "70072ned"
        self.queries.append(filters)
        prefixes = re.findall(r"startswith\(RegioS,'(\w+)'\)", filters)
        periods = set(re.findall(r"Perioden eq '(\w+)'", filters))
        title_of = {r["Key"].strip(): r["Title"] for r in self.fixture["RegioS"]}
        regions = {title_of[k] for k in title_of if any(k.startswith(p) for p in prefixes)}
        period_titles = {p["Title"] for p in self.fixture["Perioden"] if p["Key"] in periods}
        return [
            {k: v for k, v in row.items() if k in select}
            for row in self.fixture["data"]
            if row["RegioS"] in regions and row["Perioden"] in period_titles
        ]


def test_rows_are_whole_counts_by_code_and_year_with_units_multiplied_back():
    rows, measures, status = cbs.fetch_rows(FakeStatLine(), ["GM0626"], [2014, 2015, 2016])
    by_key = {(r["jaar"], r["gebied"]): r for r in rows}
    assert set(by_key) == {(y, g) for y in (2014, 2015, 2016) for g in ("GM0626", "NL01")}
    # fixture cells: 24780 (aantal), 10.8 (x 1 000) -> 10.800, 415 (aantal)
    assert by_key[(2014, "GM0626")] == {
        "jaar": 2014, "gebied": "GM0626", "inwoners": 24780, "huishoudens": 10800,
        "personen_bijstand": 415,
    }  # fmt: skip
    assert by_key[(2016, "NL01")]["huishoudens"] == 7_700_000  # 7700.0 x 1 000
    assert measures["huishoudens"].key == "TotaalAantalParticuliereHuishoudens_82"
    assert status == {2014: "Definitief", 2015: "Definitief", 2016: "Voorlopig"}


def test_a_longer_code_that_startswith_matches_is_not_taken():
    rows, _, _ = cbs.fetch_rows(FakeStatLine(), ["GM0626"], [2015])
    assert all(r["inwoners"] != 1 for r in rows)  # "Voorschoten (oud)", GM06260, is not GM0626


def test_measures_are_found_by_key_stem_when_cbs_renumbers_them():
    fixture = copy.deepcopy(FIXTURE)
    for prop in fixture["DataProperties"]:
        if prop["Key"] == "TotaleBevolking_1":
            prop["Key"] = "TotaleBevolking_3"
    for row in fixture["data"]:
        row["TotaleBevolking_3"] = row.pop("TotaleBevolking_1")
    rows, measures, _ = cbs.fetch_rows(FakeStatLine(fixture), ["GM0626"], [2014])
    assert measures["inwoners"].key == "TotaleBevolking_3"
    assert {r["inwoners"] for r in rows} == {24780, 16829289}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f["DataProperties"].pop(4), "geen onderwerp BijstandTotDeAOWLeeftijd"),
        (lambda f: f["DataProperties"][1].update(Unit="x 1 mln"), "onbekende eenheid 'x 1 mln'"),
        (lambda f: f["Perioden"].pop(2), "geen cijfers over 2016JJ00"),
        (lambda f: f["RegioS"].pop(1), "kent de gebieden GM0626 niet"),
        (lambda f: f["data"].pop(2), "gaf geen cijfers voor: GM0626 2016"),
        (
            lambda f: f["data"][0].update(TotaleBevolking_1=None),
            "geen waarde voor TotaleBevolking_1",
        ),
    ],
)
def test_a_changed_table_stops_with_a_dutch_message(change, message):
    fixture = copy.deepcopy(FIXTURE)
    change(fixture)
    with pytest.raises(cbs.CbsError, match=re.escape(message)):
        cbs.fetch_rows(FakeStatLine(fixture), ["GM0626"], [2014, 2015, 2016])


def test_many_gemeenten_are_asked_in_batches_of_25():
    codes = [f"GM{n:04d}" for n in range(1, 31)]
    fixture = copy.deepcopy(FIXTURE)
    fixture["RegioS"] += [{"Key": c, "Title": f"Gemeente {c}"} for c in codes]
    fixture["data"] += [
        {"RegioS": f"Gemeente {c}", "Perioden": "2015", "TotaleBevolking_1": 1000,
         "TotaalAantalParticuliereHuishoudens_82": 0.5, "BijstandTotDeAOWLeeftijd_158": 10}
        for c in codes
    ]  # fmt: skip
    client = FakeStatLine(fixture)
    rows, _, _ = cbs.fetch_rows(client, codes, [2015])
    assert len(client.queries) == 2  # 30 gemeenten + Nederland: 25 and 6
    assert len(rows) == 31


def test_command_writes_the_csv_and_its_source_stamp_and_keeps_other_rows(tmp_path):
    out = tmp_path / "cbs"
    out.mkdir()
    (out / cbs.CSV_NAME).write_text(
        "jaar;gebied;inwoners;huishoudens;personen_bijstand\n"
        "2013;GM0626;24500;10700;400\n2014;GM0626;1;1;1\n",
        encoding="utf-8",
    )
    client = FakeStatLine()
    assert (
        cbs.main(["--gemeente", "GM0626", "--jaren", "2014-2016", "--uit", str(out)], client) == 0
    )
    text = (out / cbs.CSV_NAME).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "jaar;gebied;inwoners;huishoudens;personen_bijstand"
    assert "2013;GM0626;24500;10700;400" in lines  # an earlier fetch stays
    assert "2014;GM0626;24780;10800;415" in lines  # replaced by the new answer
    assert "2014;GM0626;1;1;1" not in lines
    assert len(lines) == 1 + 1 + 6
    stamp = json.loads((out / cbs.STAMP_NAME).read_text(encoding="utf-8"))
    assert stamp["tabel"] == "70072ned"
    [fetch] = stamp["ophalingen"]
    assert fetch["opgehaald_op"] == dt.date.today().isoformat()
    assert fetch["gebieden"] == ["GM0626", "NL01"]
    assert fetch["perioden"] == {"2014": "Definitief", "2015": "Definitief", "2016": "Voorlopig"}
    assert stamp["onderwerpen"]["huishoudens"]["eenheid"] == "x 1 000"
    assert stamp["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert "duizendtallen" in stamp["let_op"]


def test_command_says_in_dutch_what_went_wrong(tmp_path, capsys):
    class Offline(FakeStatLine):
        def get_meta(self, table, name):
            raise OSError("Name or service not known")

    args = ["--gemeente", "GM0626", "--jaren", "2014", "--uit", str(tmp_path)]
    assert cbs.main(args, Offline()) == 1
    assert "CBS StatLine niet bereikbaar" in capsys.readouterr().err
    assert cbs.main(["--gemeente", "Voorschoten", "--jaren", "2014"], FakeStatLine()) == 1
    assert "geen CBS-code als GM0626" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_drop_without_cbs_file_takes_the_reference_context(tmp_path):
    from buig_analyse.ingest.origin import SOURCE_FILE, SOURCE_ROW
    from buig_analyse.ingest.validate import ingest_drop

    drop = tmp_path / "voorschoten" / "2017"
    shutil.copytree(SAMPLE_DROP, drop)
    (drop / "cbs_bevolking.csv").unlink()
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    folder = str(reference / "cbs")
    assert (
        cbs.main(["--gemeente", "GM0626", "--jaren", "2014-2016", "--uit", folder], FakeStatLine())
        == 0
    )
    assert (
        cbs.main(["--gemeente", "GM0629", "--jaren", "2015", "--uit", folder], FakeStatLine()) == 0
    )
    tables, manifest = ingest_drop(drop, reference, 2, 5)
    context = tables["cbs_bevolking"]
    assert manifest["present"]["cbs_bevolking"] is True
    assert set(context["gebied"]) == {"GM0626", "NL01"}  # not Wassenaar's rows
    row = context[(context["gebied"] == "GM0626") & (context["jaar"] == 2015)].iloc[0]
    assert int(row["inwoners"]) == 24950
    assert row[SOURCE_FILE] == "data/reference/cbs/cbs_70072ned.csv"
    # the file is sorted by (jaar, gebied): header, 2014 GM0626, 2014 NL01, then 2015 GM0626: row 4
    assert int(row[SOURCE_ROW]) == 4
    assert manifest["cbs_context"]["tabel"] == "70072ned"
    # both fetches are in the stamp; Herkomst of Voorschoten names only the one with its rows
    stamp = json.loads((reference / "cbs" / cbs.STAMP_NAME).read_text(encoding="utf-8"))
    assert [f["gebieden"] for f in stamp["ophalingen"]] == [["GM0626", "NL01"], ["GM0629", "NL01"]]
    assert [f["gebieden"] for f in manifest["cbs_context"]["ophalingen"]] == [["GM0626", "NL01"]]
    assert {"cbs/cbs_70072ned.csv", "cbs/cbs_70072ned.bron.json"} <= set(
        manifest["reference_files"]
    )
    # the drop's own file wins over the reference data
    _, own = ingest_drop(SAMPLE_DROP, reference, 2, 5)
    assert "cbs_context" not in own
