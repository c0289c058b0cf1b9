"""The vangnet rule at and around each threshold, and the worked examples of the seeds."""

from __future__ import annotations

import pytest

from buig_analyse.analysis.vangnet import VangnetRule, assess, payment_for, rule_for
from buig_analyse.ingest.dutch_numbers import round_half_up

RULE_2016 = VangnetRule(2015, 2016, 7.5, 1, None, 5, 10, "test", "test")
RULE_2017 = VangnetRule(2017, 2017, 5, 2, 5, 5, 12.5, "test", "test")
RULE_2019 = VangnetRule(2019, 2024, 7.5, 3, 7.5, 7.5, 12.5, "test", "test")
RULES = [RULE_2016, RULE_2017, RULE_2019]
B = 1_000_000


def test_rule_table_years(rules):
    assert rule_for(2016, rules).entry_pct == 7.5
    assert rule_for(2017, rules).entry_pct == 5
    assert rule_for(2018, rules).multi_years == 3
    assert rule_for(2021, rules).lower_pct == 7.5
    assert rule_for(2025, rules) is None  # unverified: must not be guessed


def test_unknown_year_says_so():
    outcome = assess(2025, B, 100_000, RULES)
    assert outcome.payment is None and "niet bekend" in outcome.reason


@pytest.mark.parametrize(
    "shortfall,expected",
    [
        (74_999, 0.0),  # below 7,5%
        (75_000, 0.0),  # exactly 7,5%: entry requires strictly greater
        (
            75_001,
            0.5 * (75_001 - 50_000),
        ),  # just above: half of everything above 5% (the 2016 jump)
        (100_000, 25_000.0),  # at U = 10%: 0,5 x (100.000 - 50.000)
        (120_000, 25_000.0 + 20_000),  # above U: everything above 10% in full
    ],
)
def test_2016_thresholds(shortfall, expected):
    assert assess(2016, B, shortfall, RULES).payment == pytest.approx(expected)


@pytest.mark.parametrize(
    "shortfall,expected",
    [
        (50_000, 0.0),  # exactly 5%
        (50_001, 0.5 * 1),  # just above 5%: half of the excess over L = 5%
        (125_000, 0.5 * 75_000),  # at U = 12,5%
        (130_000, 0.5 * 75_000 + 5_000),  # above U
    ],
)
def test_2017_thresholds_with_multi_year_met(shortfall, expected):
    outcome = assess(2017, B, shortfall, RULES, {2016: 100_000})
    assert outcome.payment == pytest.approx(expected)


def test_2017_multi_year_condition_not_met():
    # 2016 surplus of 60.000 and 2017 shortfall of 100.000: together 40.000 <= 5% of B2017.
    outcome = assess(2017, B, 100_000, RULES, {2016: -60_000})
    assert outcome.payment == 0 and outcome.multi_year_met is False


def test_2017_multi_year_condition_undeterminable():
    outcome = assess(2017, B, 100_000, RULES, {})
    assert outcome.payment is None and outcome.multi_year_met is None


def test_2019_multi_year_divides_by_budget_of_year_only():
    # 3-year sum 80.000 > 75.000 (7,5% of B2019) although the per-year average is far lower.
    outcome = assess(2019, B, 76_000, RULES, {2017: 2_000, 2018: 2_000})
    assert outcome.multi_year_met is True
    assert outcome.payment == pytest.approx(0.5 * 1_000)


def test_voorschoten_2016_worked_example():
    # Seed 000, 4.1: B 4.372.242, S 332.596 -> VU 56.992.
    assert round_half_up(payment_for(332_596, 4_372_242, RULE_2016)) == 56_992


@pytest.mark.parametrize(
    "budget,shortfall,eigen_risico,vangnet",
    [
        # Seed 003, chapter 6, first table (2019-2022, rule of 2019-2024).
        (24_729_914, 3_474_535, 2_472_991, 1_001_544),
        (24_840_389, 3_489_660, 2_484_039, 1_005_621),
        (25_116_577, 3_527_469, 2_511_658, 1_015_811),
        (25_668_953, 3_603_093, 2_566_895, 1_036_198),
        # Seed 003, second table (scenario with caseload reduction).
        (24_729_914, 3_024_535, 2_439_639, 584_896),
        (24_840_289, 2_589_760, 2_226_391, 363_369),
        (25_116_577, 2_177_469, 2_030_606, 146_863),
        (25_668_953, 1_803_093, 1_803_093, 0),
    ],
)
def test_leidschendam_voorburg_examples(budget, shortfall, eigen_risico, vangnet):
    outcome = assess(2019, budget, shortfall, RULES, {2017: shortfall, 2018: shortfall})
    assert round_half_up(outcome.payment) == vangnet
    assert round_half_up(outcome.eigen_risico) == eigen_risico
