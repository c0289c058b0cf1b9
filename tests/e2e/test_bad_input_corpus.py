"""Corpus of malformed data drops. Every case must end with a Dutch message naming the file (and the
row and column where there is one) and the raw files unchanged. The validation step decides every
case, so each case runs that step's function in-process (fast); a few representative cases
(``END_TO_END``) also run through the whole Snakemake workflow on a project that already has a good
report, and must end with a non-zero exit and the previous report and processed tables intact."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

pytestmark = pytest.mark.e2e
DROP = Path("data/raw/voorschoten/2017")


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], None]
    expect: tuple[str, ...]


def replace(name: str, old: str, new: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        path = drop / name
        text = path.read_bytes().decode(encoding)
        assert old in text, f"corpus setup: {old!r} not in {name}"
        path.write_bytes(text.replace(old, new, 1).encode(encoding))

    return mutate


def drop_lines(name: str, prefix: str) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        path = drop / name
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if not line.startswith(prefix)]
        assert len(kept) < len(lines), f"corpus setup: no line {prefix!r} in {name}"
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")

    return mutate


def write_bytes(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda drop: (drop / name).write_bytes(data)


def delete(name: str) -> Callable[[Path], None]:
    return lambda drop: (drop / name).unlink()


def workbook(rows: list[tuple], merge: str | None = None) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        if merge:
            wb.active.merge_cells(merge)
        wb.save(drop / "sisa" / "sisa_G2_2015.xlsx")

    return mutate


HEADER = ("jaar", "indicator", "omschrijving", "bedrag")
S16 = "sisa/sisa_G2_2016.csv"
CP = "cp1252"
CASES = [
    # SiSa (CSV in Windows-1252 and Excel)
    Case(
        "sisa kolom hernoemd",
        replace(S16, "omschrijving;bedrag", "omschrijving;waarde", CP),
        ("sisa/sisa_G2_2016.csv, rij 1, kolom 'bedrag'", "ontbreekt"),
    ),
    Case(
        "sisa tekst in getal",
        replace(S16, "4.401.230,17", "vier miljoen", CP),
        ("sisa/sisa_G2_2016.csv, rij 3, kolom 'bedrag'",),
    ),
    Case(
        "sisa Engelse decimaalpunt",
        replace(S16, "4.401.230,17", "4401230.17", CP),
        ("sisa/sisa_G2_2016.csv, rij 3, kolom 'bedrag'", "Engelse notatie"),
    ),
    Case(
        "sisa dubbele indicator",
        replace(S16, "2016;G2/03;", "2016;G2/01;", CP),
        ("sisa/sisa_G2_2016.csv", "kolom 'jaar'", "dubbele sleutel"),
    ),
    Case(
        "sisa onbekende indicator",
        replace(S16, "2016;G2/09;", "2016;G2/99;", CP),
        ("sisa/sisa_G2_2016.csv, rij 11, kolom 'indicator'", "onbekende SiSa-indicator"),
    ),
    Case("sisa jaar ontbreekt", delete(S16), ("sisa/", "kolom 'jaar'", "jaar 2016 ontbreekt")),
    Case(
        "sisa leeg bestand", write_bytes(S16, b""), ("sisa/sisa_G2_2016.csv", "het bestand is leeg")
    ),
    Case(
        "sisa verkeerde codering (UTF-16)",
        lambda d: (d / S16).write_bytes((d / S16).read_bytes().decode(CP).encode("utf-16")),
        ("sisa/sisa_G2_2016.csv, rij 1", "UTF-16"),
    ),
    Case(
        "sisa komma als scheidingsteken",
        write_bytes(S16, b"jaar,indicator,omschrijving,bedrag\n2016,G2/01,x,1\n"),
        ("sisa/sisa_G2_2016.csv, rij 1", "';'"),
    ),
    Case(
        "sisa excel extra kopregels",
        workbook([("SiSa-verantwoording 2015",), (), HEADER, (2015, "G2/01", "x", 1)]),
        ("sisa/sisa_G2_2015.xlsx, rij 1, kolom 'jaar'",),
    ),
    Case(
        "sisa excel samengevoegde cellen",
        workbook([HEADER, (2015, "G2/01", "x", 1), (None, "G2/03", "y", 2)], merge="A2:A3"),
        ("sisa/sisa_G2_2015.xlsx, rij 2", "samengevoegde cellen"),
    ),
    Case(
        "sisa excel #REF!",
        workbook([HEADER, (2015, "G2/01", "x", "#REF!")]),
        ("sisa/sisa_G2_2015.xlsx, rij 2, kolom 'bedrag'", "#REF!"),
    ),
    Case(
        "sisa excel tekst in getal",
        workbook([HEADER, (2015, "G2/01", "x", "n.v.t.")]),
        ("sisa/sisa_G2_2015.xlsx, rij 2, kolom 'bedrag'",),
    ),
    # rijksbijdrage (required)
    Case(
        "rijksbijdrage kolom ontbreekt",
        replace("rijksbijdrage.csv", "jaar;versie;datum", "jaar;vintage;datum"),
        ("rijksbijdrage.csv, rij 1, kolom 'versie'",),
    ),
    Case(
        "rijksbijdrage onbekende versie",
        replace("rijksbijdrage.csv", "2016;definitief", "2016;defintief"),
        ("rijksbijdrage.csv, rij 3, kolom 'versie'",),
    ),
    Case(
        "rijksbijdrage ongeldige datum",
        replace("rijksbijdrage.csv", "2015;definitief;2015-10-01", "2015;definitief;2015-13-01"),
        ("rijksbijdrage.csv, rij 2, kolom 'datum'",),
    ),
    Case(
        "rijksbijdrage negatief",
        replace("rijksbijdrage.csv", "4.236.523", "-4.236.523"),
        ("rijksbijdrage.csv, rij 2, kolom 'bedrag'",),
    ),
    Case(
        "rijksbijdrage dubbel jaar",
        replace("rijksbijdrage.csv", "2016;definitief", "2015;definitief"),
        ("rijksbijdrage.csv, rij 2, kolom 'jaar'", "dubbele sleutel"),
    ),
    Case(
        "rijksbijdrage jaar ontbreekt",
        drop_lines("rijksbijdrage.csv", "2016;"),
        ("rijksbijdrage.csv", "kolom 'jaar'", "jaar 2016 ontbreekt"),
    ),
    Case(
        "rijksbijdrage bestand ontbreekt",
        delete("rijksbijdrage.csv"),
        ("rijksbijdrage.csv", "verplicht bestand ontbreekt"),
    ),
    Case(
        "rijksbijdrage Engelse duizendtallen",
        replace("rijksbijdrage.csv", "4.236.523", "4,236,523"),
        ("rijksbijdrage.csv, rij 2, kolom 'bedrag'", "Engelse notatie"),
    ),
    # voorschotten, uitgaven, groeiprognose, meerjarenraming, participatiebudget
    Case(
        "voorschot verrekend voor ontvangst",
        replace("voorschotten.csv", "2016;2018", "2016;2015"),
        ("voorschotten.csv, rij 2, kolom 'jaar_verrekend'",),
    ),
    Case(
        "voorschot tekst in bedrag",
        replace("voorschotten.csv", "163.862", "veel"),
        ("voorschotten.csv, rij 2, kolom 'bedrag'",),
    ),
    Case(
        "uitgaven onbekende periode",
        replace("uitgaven_lopend_jaar.csv", "2017;K1", "2017;Q1"),
        ("uitgaven_lopend_jaar.csv, rij 3, kolom 'periode'",),
    ),
    Case(
        "uitgaven vorig jaar ontbreekt",
        replace("uitgaven_lopend_jaar.csv", "2016;K1", "2016;K2"),
        ("uitgaven_lopend_jaar.csv", "kolom 'periode'", "K1 van 2016 ontbreekt"),
    ),
    Case(
        "groeiprognose buiten bereik",
        replace("groeiprognose.csv", "2017;1,5", "2017;150"),
        ("groeiprognose.csv, rij 2, kolom 'groei_pct'",),
    ),
    Case(
        "groeiprognose Engelse decimaalpunt",
        replace("groeiprognose.csv", "2017;1,5", "2017;1.5"),
        ("groeiprognose.csv, rij 2, kolom 'groei_pct'",),
    ),
    Case(
        "meerjarenraming onbekende soort",
        replace("meerjarenraming.csv", "2017;aanname", "2017;schatting"),
        ("meerjarenraming.csv, rij 2, kolom 'soort'",),
    ),
    Case(
        "participatie referentiejaar ontbreekt",
        drop_lines("participatiebudget.csv", "2012;"),
        ("participatiebudget.csv", "kolom 'jaar'", "jaar 2012 ontbreekt"),
    ),
    Case(
        "participatie negatief budget",
        replace("participatiebudget.csv", "2015;definitief;274.035", "2015;definitief;-274.035"),
        ("participatiebudget.csv, rij 3, kolom 'rijksbijdrage'",),
    ),
    # caseload (monthly and client level)
    Case(
        "bestand maand 13",
        replace("bestand_maand.csv", "2015;1;participatiewet;315", "2015;13;participatiewet;315"),
        ("bestand_maand.csv, rij 2, kolom 'maand'",),
    ),
    Case(
        "bestand negatief aantal",
        replace("bestand_maand.csv", "2015;1;participatiewet;315", "2015;1;participatiewet;-315"),
        ("bestand_maand.csv, rij 2, kolom 'aantal'",),
    ),
    Case(
        "bestand onbekende regeling",
        replace("bestand_maand.csv", "2015;1;ioaw;38", "2015;1;wajong;38"),
        ("bestand_maand.csv, rij 3, kolom 'regeling'",),
    ),
    Case(
        "clienten BSN-kolom",
        replace("bestand_clienten.csv", "client_id;", "bsn;"),
        ("bestand_clienten.csv, rij 1, kolom 'bsn'", "burgerservicenummer"),
    ),
    Case(
        "clienten BSN-waarde",
        lambda d: replace(
            "bestand_clienten.csv",
            d.joinpath("bestand_clienten.csv")
            .read_text(encoding="utf-8")
            .splitlines()[4]
            .split(";")[0]
            + ";",
            "111222333;",
        )(d),
        ("bestand_clienten.csv, rij 5, kolom 'client_id'", "burgerservicenummer"),
    ),
    Case(
        "clienten einde voor start",
        replace("bestand_clienten.csv", "2009-08-19;2015-09-23;werk", "2009-08-19;2005-09-23;werk"),
        ("bestand_clienten.csv, rij 3, kolom 'einddatum'",),
    ),
    Case(
        "clienten onbekend huishoudtype",
        replace(
            "bestand_clienten.csv", ";gehuwd of samenwonend;1966-08-16", ";getrouwd;1966-08-16"
        ),
        ("bestand_clienten.csv, rij 2, kolom 'huishoudtype'",),
    ),
    Case(
        "clienten reden einde ontbreekt",
        replace("bestand_clienten.csv", "2009-08-19;2015-09-23;werk", "2009-08-19;2015-09-23;"),
        ("bestand_clienten.csv, rij 3, kolom 'reden_einde'",),
    ),
    # context, benchmark, verdeelmodel, status holders
    Case(
        "cbs onbekende gemeente",
        replace("cbs_bevolking.csv", "2014;GM0626", "2014;GM0627"),
        ("cbs_bevolking.csv, rij 2, kolom 'gebied'", "onbekende gemeente"),
    ),
    Case(
        "cbs tekst in inwoners",
        replace("cbs_bevolking.csv", "2014;GM0626;24.780", "2014;GM0626;onbekend"),
        ("cbs_bevolking.csv, rij 2, kolom 'inwoners'",),
    ),
    Case(
        "benchmark ongeldige richting",
        replace("benchmark.csv", ";13.748;13.250;12.980;nee", ";13.748;13.250;12.980;soms"),
        ("benchmark.csv, rij 2, kolom 'hoger_is_beter'",),
    ),
    Case(
        "benchmark kolom ontbreekt",
        replace("benchmark.csv", ";eigen;grootteklasse;", ";eigen_waarde;grootteklasse;"),
        ("benchmark.csv, rij 1, kolom 'eigen'",),
    ),
    Case(
        "benchmark onbekende indicator-eenheid",
        replace("benchmark.csv", ";procent;1,5;", ";graden;1,5;"),
        ("benchmark.csv, rij 3, kolom 'eenheid'",),
    ),
    Case(
        "verdeelmodel onbekende gemeente",
        replace("verdeelmodel.csv", "GM0344;alleenstaand", "GM9999;alleenstaand"),
        ("verdeelmodel.csv", "kolom 'gemeentecode'", "GM9999"),
    ),
    Case(
        "verdeelmodel #REF!",
        replace("verdeelmodel.csv", "GM0626;overig;12;9,0", "GM0626;overig;12;#REF!"),
        ("verdeelmodel.csv, rij 6, kolom 'voorspeld'", "#REF!"),
    ),
    Case(
        "statushouders dubbel jaar",
        replace("statushouders.csv", "2015;6;", "2016;6;"),
        ("statushouders.csv", "kolom 'jaar'", "dubbele sleutel"),
    ),
    # Control characters (issue 12): in a chart label they made the SVG invalid XML
    Case(
        "stuurteken in omschrijving",
        replace("benchmark.csv", "Netto prijs per uitkering", "Netto prijs\x01 per uitkering"),
        ("benchmark.csv, rij 2, kolom 'omschrijving'", "stuurteken (U+0001)"),
    ),
    Case(
        "C1-stuurteken in maatregel",
        replace("maatregelen.csv", "Arbeidsmarktoffensief", "Arbeids\u0085markt"),
        ("maatregelen.csv, rij 2, kolom 'maatregel'", "stuurteken (U+0085)"),
    ),
    Case(
        "stuurteken in kopregel",
        replace("statushouders.csv", "jaar;", "jaar\x1b;"),
        ("statushouders.csv, rij 1, kolom 'jaar'", "stuurteken (U+001B)"),
    ),
    # drop.yaml and narrative
    Case(
        "drop onbekende gemeentecode",
        replace("drop.yaml", "GM0626", "0626"),
        ("drop.yaml, kolom 'gemeentecode'",),
    ),
    Case(
        "drop verslagjaar ontbreekt",
        replace("drop.yaml", "verslagjaar: 2017\n", ""),
        ("drop.yaml, kolom 'verslagjaar'", "verplicht veld ontbreekt"),
    ),
    Case(
        "narratief onbekend cijfer",
        replace("narratief/budget.md", "[[vangnet.uitkering.2016]]", "[[vangnet.uitkering.2061]]"),
        ("narratief/budget.md, regel 3", "onbekend cijfer 'vangnet.uitkering.2061'"),
    ),
]


def test_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def _digests(root: Path, paths) -> dict[str, str]:
    return {str(p): hashlib.sha256((root / p).read_bytes()).hexdigest() for p in paths}


# Cases decided after validation (narrative) or that stand for a class of input (numbers, personal
# data, drop.yaml, Excel) run end to end as well.
END_TO_END = {
    "sisa tekst in getal",
    "clienten BSN-waarde",
    "drop verslagjaar ontbreekt",
}
REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


@pytest.mark.parametrize(
    "case", [c for c in CASES if not c.name.startswith("narratief")], ids=lambda c: c.name
)
def test_validation_refuses(case, tmp_path):
    from buig_analyse.errors import InputValidationError
    from buig_analyse.ingest.validate import ingest_drop

    from ..scenarios import SAMPLE_DROP

    drop = tmp_path / "drop"
    shutil.copytree(SAMPLE_DROP, drop)
    case.mutate(drop)
    raw = sorted(p.relative_to(drop) for p in drop.rglob("*") if p.is_file())
    raw_before = _digests(drop, raw)
    with pytest.raises(InputValidationError) as info:
        ingest_drop(drop, REFERENCE, history_years=2, min_count=5)
    message = str(info.value)
    assert message.startswith("De data-aanlevering voldoet niet aan het datacontract")
    from buig_analyse.ingest.readers import CONTROL_CHARACTER

    assert not CONTROL_CHARACTER.search(message), "the message echoes a control character"
    for expected in case.expect:
        assert expected in message, f"{case.name}: {expected!r} not in the message:\n{message}"
    assert _digests(drop, raw) == raw_before, "raw files were modified"


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name.startswith("narratief")], ids=lambda c: c.name
)
def test_narrative_refuses(case, tmp_path):
    """Narrative is checked when the report is rendered: against the figures the sample's own
    narrative refers to (all of them exist in its register)."""
    from buig_analyse.errors import NarrativeError
    from buig_analyse.report.narrative import PLACEHOLDER, render_narrative

    from ..scenarios import SAMPLE_DROP

    known = {
        m.group(1)
        for path in (SAMPLE_DROP / "narratief").glob("*.md")
        for m in PLACEHOLDER.finditer(path.read_text(encoding="utf-8"))
    }
    drop = tmp_path / "drop"
    shutil.copytree(SAMPLE_DROP, drop)
    render_narrative(drop / "narratief", lambda f: f, known)  # the pristine drop renders
    case.mutate(drop)
    with pytest.raises(NarrativeError) as info:
        render_narrative(drop / "narratief", lambda f: f, known)
    for expected in case.expect:
        assert expected in str(info.value)
