"""Chapter 5: fictieve besparing and netto voordeel (seed 001), the cost split of a
samenwerkingsverband (seed 002 chapter 9). Expected values come from the seeds and from hand
calculations written next to them."""

from __future__ import annotations

import pytest

from buig_analyse.analysis.maatregelen import largest_remainder, maatregelen_chapter
from buig_analyse.ingest.contract import NORMBEDRAGEN
from buig_analyse.ingest.validate import load_reference_table
from buig_analyse.register.figures import Register

from ..conftest import REFERENCE


@pytest.fixture(scope="module")
def chapter(sample_drop):
    norms = load_reference_table(REFERENCE / "normbedragen_besparing.csv", NORMBEDRAGEN)
    made = maatregelen_chapter(sample_drop.tables, norms, 1000)
    register = Register()
    register.extend(made.figures)
    return made, register


@pytest.mark.parametrize(
    "year,besparing,netto",
    [(2015, 268_125, 149_196), (2016, 448_500, 249_168), (2017, 243_750, 132_245)],
)
def test_seed_001_fictieve_besparing_and_netto_voordeel(chapter, year, besparing, netto):
    """Seed 001, table in paragraph 2 (2017: first half-year). The sample drop's placements are
    illustrative counts that give these totals (SOURCES.md); the norm amounts are seed 001
    appendix 1."""
    _, register = chapter
    assert register.value(f"besparing.fictief.{year}") == besparing
    assert register.value(f"besparing.netto_voordeel.{year}") == netto


def test_norm_amounts_are_traced_to_their_cells(chapter):
    _, register = chapter
    norm = register["besparing.normbedrag.fulltime.1"]
    assert norm.value == 13_000
    assert norm.sources[0].file == "data/reference/normbedragen_besparing.csv"
    assert norm.sources[0].row == 2


def test_largest_remainder_keeps_the_total_exact():
    """Seed 002: 487.000 and 247.000 split 74 / 12 / 14 in thousands. By hand: 487 x 0,74 =
    360,38; x 0,12 = 58,44; x 0,14 = 68,18 -> 360 + 58 + 68 = 486, the one thousand left goes to
    the largest remainder (0,44): 360.000 / 59.000 / 68.000. 247 -> 182,78 / 29,64 / 34,58 -> 245,
    two left for 0,78 and 0,64: 183.000 / 30.000 / 34.000 (as the councils decided)."""
    assert largest_remainder(487_000, [74, 12, 14], 1000) == [360_000, 59_000, 68_000]
    assert largest_remainder(247_000, [74, 12, 14], 1000) == [183_000, 30_000, 34_000]
    # A total that is no multiple of the unit: the rest stays on the largest share.
    assert largest_remainder(100_500, [50, 50], 1000) == [50_500, 50_000]
    for total in (1, 999, 487_000, 1_234_567):
        for shares in ([74, 12, 14], [1, 1, 1], [33.3, 33.3, 33.4]):
            assert sum(largest_remainder(total, shares, 1000)) == total


def test_cost_split_of_the_sample(chapter):
    made, register = chapter
    assert made.split_gemeenten == ["GM1916", "GM0629", "GM0626"]
    key = "2024.beleidsplan_participatiewet"
    parts = [register.value(f"kosten.{key}.{c}.bedrag") for c in made.split_gemeenten]
    assert parts == [360_000, 59_000, 68_000]
    assert register.value(f"kosten.{key}.GM1916.besloten") == 361_000
