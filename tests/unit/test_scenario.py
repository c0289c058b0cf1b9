"""Back test of seed 003 chapter 6 (Leidschendam-Voorburg): 30 fewer clients a year at EUR 15.000
from 2019, cumulative. Expected values are copied from the seed's scenario table. The seed's
scenario table uses a 2020 budget of 24.840.289 where its base table has 24.840.389; with the
seed's own typo the table is reproduced to the euro, with the correct budget the 2020 figures
differ as worked out by hand below."""

from __future__ import annotations

import pytest

from buig_analyse.analysis.scenario import Scenario, reduction, scenario_outcomes
from buig_analyse.ingest.dutch_numbers import round_half_up

BUDGET = {2019: 24_729_914, 2020: 24_840_389, 2021: 25_116_577, 2022: 25_668_953}
NETTO = {2019: 28_204_449, 2020: 28_330_049, 2021: 28_644_046, 2022: 29_272_046}
# The years before 2019 feed the multi-year condition (2017: seed 003; 2018: illustrative).
EARLIER = {2017: 5_547_872, 2018: 3_500_000}
SEED = Scenario("30 cliënten per jaar minder", 2019, 30, 15_000, True)

TEKORT = {2019: 3_024_535, 2020: 2_589_760, 2021: 2_177_469, 2022: 1_803_093}
EIGEN_RISICO = {2019: 2_439_639, 2020: 2_226_391, 2021: 2_030_606, 2022: 1_803_093}
VANGNET = {2019: 584_896, 2020: 363_369, 2021: 146_863, 2022: 0}
NETTO_SCENARIO = {2019: 27_754_449, 2020: 27_430_049, 2021: 27_294_046, 2022: 27_472_046}


def _run(rules, budgets):
    shortfalls = {**EARLIER, **{y: NETTO[y] - budgets[y] for y in budgets}}
    return {
        o.year: o for o in scenario_outcomes(SEED, list(budgets), NETTO, budgets, shortfalls, rules)
    }


def test_reduction_is_cumulative():
    assert [reduction(SEED, y) for y in (2018, 2019, 2020, 2022)] == [
        0,
        450_000,
        900_000,
        1_800_000,
    ]


@pytest.mark.parametrize("year", sorted(TEKORT))
def test_seed_003_scenario_table_to_the_euro(rules, year):
    seed_budgets = {**BUDGET, 2020: 24_840_289}  # the seed's scenario table
    outcome = _run(rules, seed_budgets)[year]
    assert round_half_up(outcome.netto_lasten, 0) == NETTO_SCENARIO[year]
    assert round_half_up(outcome.shortfall, 0) == TEKORT[year]
    assert round_half_up(outcome.payment, 0) == VANGNET[year]
    assert round_half_up(outcome.eigen_risico, 0) == EIGEN_RISICO[year]


def test_with_the_correct_2020_budget_three_figures_change(rules):
    """By hand, B = 24.840.389: G = 27.430.049 - 24.840.389 = 2.589.660; L x B = 1.863.029,175;
    VU = 0,5 x (2.589.660 - 1.863.029,175) = 363.315,41 -> 363.315; eigen risico 2.226.344,59
    -> 2.226.345. The other years do not change."""
    correct = _run(rules, BUDGET)
    assert round_half_up(correct[2020].shortfall, 0) == 2_589_660
    assert round_half_up(correct[2020].payment, 0) == 363_315
    assert round_half_up(correct[2020].eigen_risico, 0) == 2_226_345
    for year in (2019, 2021, 2022):
        assert round_half_up(correct[year].eigen_risico, 0) == EIGEN_RISICO[year]


def test_the_gain_is_zero_for_the_part_that_only_lowers_the_vangnet(rules):
    """Above the upper band (12,5%) every euro of shortfall is paid by the vangnet: a reduction
    that stays above it leaves the eigen risico unchanged. By hand for B = 1.000.000 (rule 2019,
    L 7,5%, U 12,5%): S 200.000 -> eigen risico 75.000 + 25.000 = 100.000; S 180.000 also 100.000."""
    budgets = {2019: 1_000_000}
    small = Scenario("klein", 2019, 1, 20_000, False)
    base = {2017: 200_000, 2018: 200_000, 2019: 200_000}
    [outcome] = scenario_outcomes(small, [2019], {2019: 1_200_000}, budgets, base, rules)
    assert round_half_up(outcome.shortfall, 0) == 180_000
    assert round_half_up(outcome.eigen_risico, 0) == 100_000
