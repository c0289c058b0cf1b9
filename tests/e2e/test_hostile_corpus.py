"""Hostile and careless drops (issue 8): files outside the drop, personal data, size bombs,
spreadsheet tricks, values that used to crash, and wrong data that used to be accepted.

Every case runs the validation step's function (in a child process with a time and memory bound,
like the rule's job) and must end with the Dutch refusal naming the file (and row and column where
there is one), never echo what it must not (outside content, personal values, control characters),
and leave the raw files unchanged. A few cases also run end to end in test_workflow.py.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

from ..scenarios import SAMPLE_DROP
from .test_bad_input_corpus import replace

pytestmark = pytest.mark.e2e
REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
SECRET = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "README.md"
S16 = "sisa/sisa_G2_2016.csv"
CP = "cp1252"
BSN_DOTS = "111.222.333"  # passes the elfproef
BSN_8 = "10000008"  # 010000008 passes the elfproef (Excel dropped the zero)
MEMORY_LIMIT = 1024**3  # bytes of resident memory of the validating process
TIME_LIMIT = 60  # seconds


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], None]
    expect: tuple[str, ...]
    forbidden: tuple[str, ...] = ()


def append(name: str, text: str) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        with open(drop / name, "a", encoding="utf-8") as handle:
            handle.write(text)

    return mutate


def write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        (drop / name).write_bytes(payload)

    return mutate


def symlink(name: str, target: Path) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        path = drop / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
        path.symlink_to(target)

    return mutate


def directory(name: str) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        (drop / name).mkdir()

    return mutate


def fifo(name: str) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        (drop / name).unlink()
        os.mkfifo(drop / name)

    return mutate


def outside_folder_for_sisa(drop: Path) -> None:
    outside = drop.parent / "elders"
    shutil.copytree(drop / "sisa", outside)
    shutil.rmtree(drop / "sisa")
    (drop / "sisa").symlink_to(outside)


def xlsx(build: Callable[[Workbook], None], name: str = "sisa/sisa_G2_2015.xlsx"):
    def mutate(drop: Path) -> None:
        workbook = Workbook()
        build(workbook)
        workbook.save(drop / name)

    return mutate


HEADER = ("jaar", "indicator", "omschrijving", "bedrag")
GOOD_ROWS = [
    HEADER,
    (2015, "G2/00", "Rijksbijdrage", 4236523),
    (2015, "G2/01", "Besteding", 4312400),
]


def hidden_first_sheet(wb: Workbook) -> None:
    hidden = wb.active
    hidden.title = "verborgen"
    for row in GOOD_ROWS:
        hidden.append(row)
    hidden.sheet_state = "hidden"
    visible = wb.create_sheet("G2 2015")
    for row in GOOD_ROWS:
        visible.append(row)


def formula_cell(wb: Workbook) -> None:
    for row in GOOD_ROWS:
        wb.active.append(row)
    wb.active["D3"] = "=4000000+312400"


def far_cell(wb: Workbook) -> None:
    for row in GOOD_ROWS:
        wb.active.append(row)
    wb.active["XFD1048576"] = 1


def zip_bomb(drop: Path) -> None:
    """A valid workbook with one extra member of 200 MB that compresses to about 200 kB."""
    path = drop / "sisa" / "sisa_G2_2015.xlsx"
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/bom.bin", b"\0" * 200_000_000)
    path.write_bytes(buffer.getvalue())


def external_link(drop: Path) -> None:
    path = drop / "sisa" / "sisa_G2_2015.xlsx"
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    path.write_bytes(buffer.getvalue())


def many_rows(drop: Path) -> None:
    lines = ["jaar;regeling;maand;aantal"] + ["2016;participatiewet;1;1"] * 150_000
    (drop / "bestand_maand.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def many_benchmark_rows(drop: Path) -> None:
    path = drop / "benchmark.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    extra = [f"2016;indicator_{i};Indicator {i};procent;1,0;2,0;3,0;ja" for i in range(3000)]
    path.write_text("\n".join(lines + extra + [lines[1]]) + "\n", encoding="utf-8")


def large_file(drop: Path) -> None:
    with open(drop / "statushouders.csv", "wb") as handle:
        handle.truncate(25_000_000)


def alias_bomb(drop: Path) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (drop / "drop.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def nul_on_row_5(drop: Path) -> None:
    path = drop / "rijksbijdrage.csv"
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b";", b";\x00", 1)
    path.write_bytes(b"\n".join(lines))


CASES = [
    # 1. Files outside the drop
    Case("symlink naar systeembestand", symlink("rijksbijdrage.csv", Path("/etc/passwd")),
         ("rijksbijdrage.csv", "snelkoppeling"), ("root:", "/etc/passwd")),
    Case("symlink sisa-bestand", symlink(S16, SECRET), (S16, "snelkoppeling"), ("Test fixtures",)),
    Case("symlink drop.yaml", symlink("drop.yaml", SECRET), ("drop.yaml", "snelkoppeling"), ("Test fixtures",)),
    Case("sisa-map is een symlink", outside_folder_for_sisa, ("sisa/", "snelkoppeling"), ("elders",)),
    Case("map met csv-naam", directory("groeiprognose.xlsx"),
         ("zowel een .csv als een .xlsx",)),
    Case("map in plaats van bestand", lambda d: ((d / "benchmark.csv").unlink(), (d / "benchmark.csv").mkdir()),
         ("benchmark.csv", "is een map")),
    Case("FIFO in plaats van bestand", fifo("statushouders.csv"), ("statushouders.csv", "geen gewoon bestand")),
    # 2. Personal data
    Case("BSN met punten in client_id", replace("bestand_clienten.csv", "VS-101875", BSN_DOTS),
         ("bestand_clienten.csv, rij 2, kolom 'client_id'", "burgerservicenummer"), (BSN_DOTS, "111222333")),
    Case("BSN zonder voorloopnul", replace("bestand_clienten.csv", "VS-101875", BSN_8),
         ("bestand_clienten.csv, rij 2, kolom 'client_id'", "burgerservicenummer"), (BSN_8,)),
    Case("BSN in toelichting", replace("meerjarenraming.csv", "Baten (debiteuren) 2017: aanname", f"klant {BSN_DOTS} terugvordering"),
         ("meerjarenraming.csv, rij 2, kolom 'toelichting'", "burgerservicenummer"), (BSN_DOTS,)),
    Case("BSN met spaties in bron", replace("rijksbijdrage.csv", "Definitief budget BUIG 2015", "dossier 111 222 333"),
         ("rijksbijdrage.csv, rij 2, kolom 'bron'", "burgerservicenummer"), ("111 222 333",)),
    Case("BSN in SiSa-omschrijving", replace(S16, "Besteding algemene bijstand", "Besteding 111222333", CP),
         (S16, "kolom 'omschrijving'", "burgerservicenummer"), ("111222333",)),
    Case("naam in huishoudtype", replace("bestand_clienten.csv", "VS-101875;gehuwd of samenwonend", "VS-101875;Jan Jansen"),
         ("bestand_clienten.csv, rij 2, kolom 'huishoudtype'",), ("Jan Jansen", "VS-101875")),
    Case("dubbele client zonder sleutel in melding", replace("bestand_clienten.csv", "VS-105689;alleenstaand;1967-01-17;2009-08-19", "VS-101875;alleenstaand;1967-01-17;2014-10-02"),
         ("bestand_clienten.csv", "dubbele sleutel"), ("VS-101875",)),
    # 3. Size and resource bombs
    Case("YAML-aliasbom", alias_bomb, ("drop.yaml", "YAML-verwijzingen")),
    Case("werkblad claimt XFD1048576", xlsx(far_cell), ("sisa/sisa_G2_2015.xlsx", "te groot")),
    Case("zip-bom in xlsx", zip_bomb, ("sisa/sisa_G2_2015.xlsx", "uitgepakt groter")),
    Case("150.000 rijen", many_rows, ("bestand_maand.csv", "te veel rijen")),
    Case("100 kolommen", replace("statushouders.csv", "jaar;", "jaar;" + ";".join(f"k{i}" for i in range(100)) + ";"),
         ("statushouders.csv, rij 1", "te veel")),
    Case("cel van 10.000 tekens", replace("rijksbijdrage.csv", "Definitief budget BUIG 2015", "x" * 10_000),
         ("rijksbijdrage.csv", "langer dan 2000 tekens"), ("x" * 300,)),
    Case("bestand van 25 MB", large_file, ("statushouders.csv", "te groot")),
    Case("3.000 benchmarkrijen met een dubbele", many_benchmark_rows, ("benchmark.csv", "dubbele sleutel")),
    # 4. Spreadsheet tricks
    Case("verborgen eerste werkblad", xlsx(hidden_first_sheet), ("sisa/sisa_G2_2015.xlsx", "verborgen werkblad")),
    Case("formule in een cel", xlsx(formula_cell), ("sisa/sisa_G2_2015.xlsx, rij 3", "formule in cel D3")),
    Case("externe koppeling", external_link, ("sisa/sisa_G2_2015.xlsx", "externe koppeling")),
    Case("geen echt xlsx", write("sisa/sisa_G2_2015.xlsx", "jaar;indicator\n"), ("sisa/sisa_G2_2015.xlsx", "kan niet worden gelezen")),
    # 6. Values that used to crash
    Case("onmogelijke datum in drop.yaml", replace("drop.yaml", "drop_datum: 2017-06-01", "drop_datum: 2017-13-45"), ("drop.yaml", "ongeldige datum")),
    Case("drop.yaml is alleen 42", write("drop.yaml", "42\n"), ("drop.yaml", "verwacht velden")),
    Case("drop.yaml is een lijst", write("drop.yaml", "- a\n- b\n"), ("drop.yaml", "verwacht velden")),
    Case("drop.yaml leeg", write("drop.yaml", ""), ("drop.yaml, kolom 'gemeente': verplicht veld ontbreekt",)),
    Case("drop.yaml geen UTF-8", write("drop.yaml", b"gemeente: Voorsch\xf6ten\n"), ("drop.yaml", "geen geldige YAML")),
    Case("verslagjaar als tekst", replace("drop.yaml", "verslagjaar: 2017", "verslagjaar: '2017'"), ("drop.yaml, kolom 'verslagjaar'", "ongeldige waarde")),
    Case("gemeentenaam van 500 tekens", replace("drop.yaml", "gemeente: Voorschoten", "gemeente: " + "V" * 500), ("drop.yaml, kolom 'gemeente'",), ("V" * 100,)),
    Case("bedrag van 30 cijfers", replace("rijksbijdrage.csv", "4.236.523", "1" * 30), ("rijksbijdrage.csv, rij 2, kolom 'bedrag'", "te groot")),
    Case("bedrag van 400 cijfers", replace("rijksbijdrage.csv", "4.236.523", "9" * 400), ("rijksbijdrage.csv, rij 2, kolom 'bedrag'", "te groot"), ("9" * 250,)),
    Case("budget -0", replace("rijksbijdrage.csv", "4.236.523", "-0"), ("rijksbijdrage.csv, rij 2, kolom 'bedrag'", "groter dan 0")),
    Case("nul-teken op rij 5", nul_on_row_5, ("rijksbijdrage.csv, rij 5", "nul-tekens")),
    Case("aantal van 20 cijfers", replace("statushouders.csv", "2016;16;", "2016;" + "1" * 20 + ";"), ("statushouders.csv, rij 3", "te groot")),
    # 7. Wrong data accepted silently
    Case("dubbel veld in drop.yaml", append("drop.yaml", "gemeente: Wassenaar\n"), ("drop.yaml", "kolom 'gemeente'", "meer dan eens")),
    Case("verkeerd gespeld veld", append("drop.yaml", "verlsagjaar: 2018\n"), ("drop.yaml, kolom 'verlsagjaar'", "onbekend veld")),
    Case("stuurtekens in waarde", replace("rijksbijdrage.csv", "2015;definitief", "2015;\x1b[31mdefinitief\x1b[0m"), ("rijksbijdrage.csv, rij 2, kolom 'versie'",), ("\x1b",)),
    Case("regelovergang in waarde", replace("rijksbijdrage.csv", "2015;definitief", '2015;"defini\ntief"'), ("rijksbijdrage.csv", "kolom 'versie'")),
]  # fmt: skip

# One process imports the package once and validates every case in a forked child (as a rule's
# job would, in its own process), with the child's time bounded by an alarm and its peak memory
# read from the operating system.
RUNNER = textwrap.dedent(
    """
    import json, os, resource, signal, sys
    from pathlib import Path
    from buig_analyse.errors import InputValidationError
    from buig_analyse.ingest.validate import ingest_drop
    results = {}
    for drop in sys.argv[3:]:
        out = Path(drop).parent / "uitkomst.txt"
        pid = os.fork()
        if pid == 0:
            signal.alarm(int(sys.argv[2]))
            try:
                ingest_drop(Path(drop), Path(sys.argv[1]), 2, 5)
            except InputValidationError as exc:
                out.write_text(str(exc), encoding="utf-8")
                os._exit(1)
            except BaseException as exc:
                out.write_text("Traceback: " + repr(exc)[:500], encoding="utf-8")
                os._exit(2)
            os._exit(0)
        _, status, usage = os.wait4(pid, 0)
        results[drop] = {"status": status, "maxrss_kb": usage.ru_maxrss}
    print(json.dumps(results))
    """
)


def digests(drop: Path) -> dict[str, str]:
    return {
        str(p.relative_to(drop)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(drop.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    """Every case's drop, validated in its own forked process: message, exit, memory, raw files."""
    import json

    root = tmp_path_factory.mktemp("hostile")
    drops, before = {}, {}
    for number, case in enumerate(CASES):
        drop = root / f"geval{number:02d}" / "voorschoten" / "2017"
        shutil.copytree(SAMPLE_DROP, drop)
        case.mutate(drop)
        drops[case.name], before[case.name] = drop, digests(drop)
    run = subprocess.run(
        [sys.executable, "-c", RUNNER, str(REFERENCE), str(TIME_LIMIT), *map(str, drops.values())],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT * 5,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout)
    outcome = {}
    for name, drop in drops.items():
        result = results[str(drop)]
        message = (drop.parent / "uitkomst.txt").read_text(encoding="utf-8")
        outcome[name] = {
            **result,
            "message": message,
            "raw_unchanged": digests(drop) == before[name],
        }
    return outcome


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_drop_is_refused(case, outcomes):
    outcome = outcomes[case.name]
    message = outcome["message"]
    assert not message.startswith("Traceback"), message
    assert os.waitstatus_to_exitcode(outcome["status"]) == 1, f"{case.name}: not refused"
    assert message.startswith("De data-aanlevering voldoet niet aan het datacontract")
    for expected in case.expect:
        assert expected in message, f"{case.name}: {expected!r} not in:\n{message[:3000]}"
    for secret in case.forbidden:
        assert secret not in message, f"{case.name}: the message repeats {secret!r}"
    assert len(message.splitlines()) <= 55, "at most 50 problems are listed"
    assert all(len(line) < 600 for line in message.splitlines())
    assert outcome["maxrss_kb"] * 1024 < MEMORY_LIMIT, f"{outcome['maxrss_kb'] / 1024:.0f} MB"
    assert outcome["raw_unchanged"], "raw files were modified"


def test_folder_year_must_match_verslagjaar(tmp_path):
    from buig_analyse.errors import InputValidationError
    from buig_analyse.ingest.validate import ingest_drop

    drop = tmp_path / "voorschoten" / "2018"
    shutil.copytree(SAMPLE_DROP, drop)
    with pytest.raises(InputValidationError, match="verslagjaar 2017 hoort niet bij de map '2018'"):
        ingest_drop(drop, REFERENCE, 2, 5)


def test_narrative_bounds_and_links(tmp_path):
    from buig_analyse.errors import NarrativeError
    from buig_analyse.report.narrative import render_narrative

    drop = tmp_path / "drop"
    (drop / "narratief").mkdir(parents=True)
    (drop / "narratief" / "budget.md").write_bytes(b"x" * 10_000_000)
    with pytest.raises(NarrativeError, match="te groot"):
        render_narrative(drop / "narratief", lambda f: f, set(), max_bytes=200_000)
    (drop / "narratief" / "budget.md").unlink()
    (drop / "narratief" / "budget.md").symlink_to(SECRET)
    with pytest.raises(NarrativeError, match="snelkoppeling") as info:
        render_narrative(drop / "narratief", lambda f: f, set())
    assert "Test fixtures" not in str(info.value)
