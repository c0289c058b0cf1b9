"""Issue 12: synthetic drops for a national run, and the national overview. Expected values are
hand calculations written next to them."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from buig_analyse.analysis.landelijk import Entry, national_overview, shortfall_class
from buig_analyse.register.figures import Figure, Register

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import generate_drops  # noqa: E402


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return sha.hexdigest()


def test_generated_drops_are_valid_deterministic_and_cover_every_outcome(tmp_path, mapping):
    from buig_analyse.ingest.validate import validate_drop

    first = generate_drops.generate(tmp_path / "a", 7, seed=3)
    generate_drops.generate(tmp_path / "b", 7, seed=3)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    classes, absent = set(), set()
    for folder in first:
        drop = validate_drop(folder, mapping, history_years=2)
        absent |= {name for name, here in drop.present.items() if not here}
        sisa = drop.tables["sisa"]
        rows = sisa[sisa["jaar"] == 2016]
        budget = float(rows[rows["indicator"] == "G2/00"]["bedrag"].iloc[0])
        lasten = float(
            rows[rows["indicator"].isin(["G2/01", "G2/03", "G2/05", "G2/07", "G2/09"])][
                "bedrag"
            ].sum()
        )
        baten = float(
            rows[rows["indicator"].isin(["G2/02", "G2/04", "G2/06", "G2/08"])]["bedrag"].sum()
        )
        classes.add(shortfall_class((lasten - baten - budget) / budget * 100))
    assert {
        "tekort_gt15",
        "tekort_5_15",
        "tekort_0_5",
        "overschot_0_5",
        "overschot_5_15",
    } <= classes
    assert {"benchmark", "voorschotten", "verdeelmodel"} <= absent  # some optional inputs left out


@pytest.mark.parametrize(
    "pct,expected",
    [(0.1, "tekort_0_5"), (5.0, "tekort_0_5"), (5.01, "tekort_5_15"), (15.0, "tekort_5_15"),
     (15.1, "tekort_gt15"), (0.0, "overschot_0_5"), (-6, "overschot_5_15"), (-20, "overschot_gt15")],
)  # fmt: skip
def test_tcvp_classes(pct, expected):
    assert shortfall_class(pct) == expected


def _register(tekort: float, budget: float, payment: float | None) -> Register:
    register = Register()
    register.add(Figure("budget.lasten_status.2016", "realisatie", "TEKST", "x", "x"))
    register.add(Figure("vangnet.tekort.2016", tekort, "EUR", "x", "x"))
    register.add(Figure("vangnet.f_budget.2016", budget, "EUR", "x", "x"))
    if payment is not None:
        register.add(Figure("vangnet.uitkering.2016", payment, "EUR", "x", "x"))
    return register


def test_national_overview_by_hand():
    """Voorschoten 2016 (seed 000): G 332.596 of 4.372.242 = 7,6%, vangnet 56.992; a gemeente with
    an overschot of 100.000 on 1.000.000 (-10%); one with a tekort of 200.000 on 1.000.000 (20%)
    and a vangnet of 125.000 (by hand: 0,5 x (10% - 5%) x 1.000.000 + 200.000 - 100.000). Total
    vangnet 181.992; saldo 332.596 - 100.000 + 200.000 = 432.596."""
    entries = [
        Entry("voorschoten/2017", "Voorschoten", "GM0626", _register(332_596, 4_372_242, 56_992)),
        Entry("a/2017", "A", "GM9001", _register(-100_000, 1_000_000, None)),
        Entry("b/2017", "B", "GM9002", _register(200_000, 1_000_000, 125_000)),
    ]
    overview = national_overview(entries, 2016)
    register = Register()
    register.extend(overview.figures)
    register.check()
    assert overview.ranking == ["GM9002", "GM0626", "GM9001"]
    assert register.value("landelijk.klasse.tekort_gt15") == 1
    assert register.value("landelijk.klasse.tekort_5_15") == 1
    assert register.value("landelijk.klasse.overschot_5_15") == 1
    assert register.value("landelijk.vangnet.aantal") == 2
    assert register.value("landelijk.vangnet.totaal") == 181_992
    assert register.value("landelijk.tekort.totaal") == 432_596
    assert (
        register["landelijk.GM0626.tekort"].sources[0].file
        == "voorschoten/2017/figurenregister.json"
    )
