"""Test scenarios: data drops derived from the sample drop, each run through the real workflow.

Every scenario is a folder ``.test/raw/<name>/2017`` in a temporary copy of the project, written by
its mutation below; :func:`run_scenarios` runs Snakemake once over all of them (with
``.test/config/scenarios.yaml``), so the tests exercise the rules themselves, never a copy of the
DAG in Python. A scenario whose run is meant to stop (a blocking check) leaves its log behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DROP = ROOT / "data" / "raw" / "voorschoten" / "2017"
PROJECT_PARTS = (
    "Snakefile",
    "workflow",
    "config",
    "profiles",
    "reports",
    "src",
    "data/reference",
    ".test",
)


def rewrite(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, flags=re.M)
    assert count, f"test setup: {pattern} not found in {path.name}"
    path.write_text(new, encoding="utf-8")


def sisa_budget_differs(drop: Path) -> None:
    """The SiSa rijksbijdrage of 2016 differs from the definitief decision (blocking check)."""
    path = drop / "sisa" / "sisa_G2_2016.csv"
    old = b"2016;G2/00;Rijksbijdrage BUIG (beschikking definitief);4.372.242,00"
    assert old in path.read_bytes()
    path.write_bytes(
        path.read_bytes().replace(
            old, b"2016;G2/00;Rijksbijdrage BUIG (beschikking definitief);4.372.000,00"
        )
    )


def caseload_differs(drop: Path) -> None:
    """The monthly caseload of June 2016 differs from the client file (a warning)."""
    rewrite(
        drop / "bestand_maand.csv", r"^2016;6;participatiewet;329$", "2016;6;participatiewet;345"
    )


def sisa_without_budget(drop: Path) -> None:
    """The SiSa export of 2016 lacks the rijksbijdrage indicator (check not performed)."""
    path = drop / "sisa" / "sisa_G2_2016.csv"
    lines = [line for line in path.read_bytes().split(b"\r\n") if b"G2/00" not in line]
    path.write_bytes(b"\r\n".join(lines))


def sisa_lasten_raised(drop: Path) -> None:
    """The auditor's test: a SiSa lasten indicator of 2016 raised by EUR 100.000; the control
    totals of the annual accounts are left as they were (a blocking check must fail)."""
    path = drop / "sisa" / "sisa_G2_2016.csv"
    old = b"2016;G2/01;Besteding algemene bijstand;4.401.230,17"
    assert old in path.read_bytes()
    path.write_bytes(
        path.read_bytes().replace(old, b"2016;G2/01;Besteding algemene bijstand;4.501.230,17")
    )


def both(first: Callable[[Path], None], second: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(drop: Path) -> None:
        first(drop)
        second(drop)

    return mutate


OPTIONAL = [
    "voorschotten.csv", "uitgaven_lopend_jaar.csv", "groeiprognose.csv", "meerjarenraming.csv",
    "participatiebudget.csv", "bestand_maand.csv", "bestand_clienten.csv", "cbs_bevolking.csv",
    "benchmark.csv", "verdeelmodel.csv", "verdeelmodel_huishoudens.csv", "statushouders.csv",
    "controletotalen.csv",
]  # fmt: skip


def minimal(drop: Path) -> None:
    """Only the required inputs: drop.yaml, SiSa, rijksbijdrage; no narrative."""
    for name in OPTIONAL:
        (drop / name).unlink()
    shutil.rmtree(drop / "narratief")


def reversed_trends(drop: Path) -> None:
    """Every trend of the sample drop reversed (the conclusions must say the opposite)."""
    # Falling rijksbijdrage 2016-2021.
    rewrite(
        drop / "rijksbijdrage.csv",
        r"^2017;nader voorlopig;(.*?);4\.533\.118",
        r"2017;nader voorlopig;\1;4.300.000",
    )
    for year, amount in (
        (2018, "4.250.000"),
        (2019, "4.200.000"),
        (2020, "4.150.000"),
        (2021, "4.100.000"),
    ):
        rewrite(
            drop / "rijksbijdrage.csv",
            rf"^{year};prognose;(.*?);[0-9.]+;",
            rf"{year};prognose;\1;{amount};",
        )
    # Participatiebudget falling in 2017 but higher than in 2012.
    rewrite(
        drop / "participatiebudget.csv", r"^2012;definitief;451\.219", "2012;definitief;200.000"
    )
    rewrite(
        drop / "participatiebudget.csv",
        r"^2017;nader voorlopig;294\.326",
        "2017;nader voorlopig;270.000",
    )
    # Caseload falling: fewer Participatiewet benefits at the end of 2016 than at the end of 2015.
    rewrite(
        drop / "bestand_maand.csv", r"^2016;12;participatiewet;331$", "2016;12;participatiewet;300"
    )
    # Spending rising in 2017.
    rewrite(drop / "uitgaven_lopend_jaar.csv", r"^2017;K1;1\.092\.661", "2017;K1;1.300.000")
    # Fewer bijstand households than the verdeelmodel predicts.
    rewrite(drop / "verdeelmodel.csv", r"^GM0626;alleenstaand;178;", "GM0626;alleenstaand;100;")


def other_gemeente(drop: Path) -> None:
    """A second gemeente (Wassenaar) prepared from the contract: its own name and CBS code."""
    for path in [drop / "drop.yaml", *drop.glob("*.csv")]:
        if path.name == "kostenverdeling.csv":
            continue  # lists every gemeente of the samenwerkingsverband under its own code
        text = path.read_text(encoding="utf-8")
        text = text.replace("GM0626;Voorschoten", "GM0629;Wassenaar").replace("GM0626", "GM0629")
        text = text.replace("gemeente: Voorschoten", "gemeente: Wassenaar")
        path.write_text(text.replace("voorschoten-", "wassenaar-"), encoding="utf-8")


def hostile_text(drop: Path) -> None:
    """Markup in drop.yaml and in a narrative block (must be shown as text, never run or fetched)."""
    meta = drop / "drop.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "gemeente: Voorschoten",
            'gemeente: "<script>alert(1)</script><img src=http://example.org/x.png>"',
        ),
        encoding="utf-8",
    )
    (drop / "narratief" / "inleiding.md").write_text(
        "<script>alert(2)</script>\n\n![x](http://example.org/y.png)\n", encoding="utf-8"
    )


# Comparison gemeenten of the wide drop: long names, some with characters outside ASCII.
WIDE_GEMEENTEN = (
    ("GM9001", "Súdwest-Fryslân-Noardeast-Fryslân (fictief)", 39000),
    ("GM9002", "Land van Cuijk en Maas en Waal (fictief)", 38000),
    ("GM9003", "Alphen-Chaam", 4100),
    ("GM9004", "Bergen op Zoom", 30000),
    ("GM9005", "Hollands Kroon", 21000),
    ("GM9006", "Nissewaard", 38000),
    ("GM9007", "Noordoostpolder", 19000),
    ("GM9008", "Oost Gelre", 12000),
    ("GM9009", "Westerkwartier", 26000),
)


def wide_drop(drop: Path) -> None:
    """The widest drop the contract allows in practice: a budget table of ten years (realisation
    2015-2016, the report year and a meerjarenraming up to 2024) and fifteen comparison gemeenten
    with long names (issue 9: every table must still fit its page)."""
    with open(drop / "rijksbijdrage.csv", "a", encoding="utf-8") as out:
        for year, amount in ((2022, "4.921.000"), (2023, "4.968.000"), (2024, "5.012.000")):
            out.write(f"{year};prognose;2017-04-01;{amount};Meerjarige raming rijksoverheid\n")
    with open(drop / "meerjarenraming.csv", "a", encoding="utf-8") as out:
        for year in range(2018, 2025):
            lasten = 4_700_000 + 60_000 * (year - 2018)
            out.write(f"{year};begroting;{lasten:,d};80.000;Begroting {year}\n".replace(",", "."))
    with open(drop / "verdeelmodel_huishoudens.csv", "a", encoding="utf-8") as houses:
        with open(drop / "verdeelmodel.csv", "a", encoding="utf-8") as model:
            for i, (code, name, households) in enumerate(WIDE_GEMEENTEN):
                houses.write(f"{code};{name};{households:,d}\n".replace(",", "."))
                actual = households // 30
                for category, share in (
                    ("alleenstaand", 0.55),
                    ("eenouder", 0.2),
                    ("paar zonder kinderen", 0.1),
                    ("paar met kinderen", 0.1),
                    ("overig", 0.05),
                ):
                    predicted = actual * share * (0.9 + 0.025 * i)
                    model.write(
                        f"{code};{category};{round(actual * share)};{predicted:.1f}\n".replace(
                            ".", ","
                        )
                    )


# name -> (mutation of the sample drop, whether the whole report is built)
SCENARIOS: dict[str, tuple[Callable[[Path], None] | None, bool]] = {
    "voorbeeld": (None, False),
    # Two blocking failures in one drop: both are reported, the drop stops at the controls.
    "sisa-afwijkend": (both(sisa_budget_differs, sisa_lasten_raised), False),
    # A warning and a check that cannot be performed: the drop goes on.
    "bestand-afwijkend": (both(caseload_differs, sisa_without_budget), False),
    # Every trend reversed, with markup in drop.yaml and a narrative block (hostile text).
    "omgekeerd": (both(reversed_trends, hostile_text), True),
    "minimaal": (minimal, True),
    # A second gemeente (Wassenaar, prepared from the contract) with the widest drop: ten budget
    # years and fifteen comparison gemeenten.
    "breed": (both(other_gemeente, wide_drop), True),
}


def copy_project(target: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in parts:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(source, target / name)
    return target


def targets(name: str, whole_report: bool) -> list[str]:
    results = f".test/results/{name}/2017"
    if whole_report:
        return [f"{results}/gepubliceerd.json"]
    return [f"{results}/analysis/controles.json", f"{results}/analysis/figurenregister.json"]


def run_scenarios(workdir: Path) -> subprocess.CompletedProcess:
    """Write every scenario's drop into a copy of the project and run Snakemake once over all."""
    copy_project(workdir)
    wanted = []
    for name, (mutate, whole) in SCENARIOS.items():
        drop = workdir / ".test" / "raw" / name / "2017"
        shutil.copytree(SAMPLE_DROP, drop)
        if mutate is not None:
            mutate(drop)
        wanted += targets(name, whole)
    # A folder that cannot be a drop (a capital): skipped with a reason, the others still run.
    shutil.copytree(SAMPLE_DROP, workdir / ".test" / "raw" / "Hoofdletters" / "2017")
    return subprocess.run(
        [sys.executable, "-m", "snakemake", *wanted, "--cores", "2", "--keep-going",
         "--configfile", ".test/config/scenarios.yaml"],
        cwd=workdir, capture_output=True, text=True, timeout=900, env=dict(os.environ),
    )  # fmt: skip


class Scenario:
    """The outputs of one scenario's run."""

    def __init__(self, workdir: Path, name: str):
        self.workdir = workdir
        self.name = name
        self.results = workdir / ".test" / "results" / name / "2017"
        self.logs = workdir / "logs" / name / "2017"

    def analysis(self, file: str) -> Path:
        return self.results / "analysis" / file

    def register(self):
        from buig_analyse import io

        return io.read_register(self.analysis("figurenregister.json"))

    def layouts(self) -> dict[str, dict]:
        """Every chapter's layout as plain data, by chapter name."""
        return {
            p.stem: json.loads(p.read_text(encoding="utf-8"))["layout"]
            for p in sorted((self.results / "analysis").glob("*.json"))
            if p.stem not in ("figurenregister", "controles")
        }

    def checks(self) -> dict[str, dict]:
        data = json.loads(self.analysis("controles.json").read_text(encoding="utf-8"))
        return {c["id"]: c for c in data}

    def log(self, rule: str) -> str:
        return (self.logs / f"{rule}.log").read_text(encoding="utf-8")
