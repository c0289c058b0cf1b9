"""The vangnetuitkering (safety net) of art. 74 Participatiewet / Besluit Participatiewet.

Rule per year from data/reference/vangnet_regels.csv (see ../shared/domain.md for sources):
S is the shortfall (netto lasten - definitief budget B). No payment unless S > entry% x B (strictly)
and, where the rule has one, the shortfalls of the last n years together exceed multi% x B_T.
Then ``VU = 0.5 x (min(S, U x B) - L x B) + max(S - U x B, 0)`` and ``eigen risico = S - VU``.
Worked examples: Voorschoten 2016 (seed 000, 4.1) VU 56,992; Leidschendam-Voorburg 2019 (seed 003,
chapter 6) VU 1,001,544 and eigen risico 2,472,991.
"""

from __future__ import annotations

from dataclasses import dataclass

from buig_analyse.lazy import pandas as pd
from buig_analyse.register.formatting import percent


@dataclass(frozen=True)
class VangnetRule:
    """The safety-net rule for a range of years; percentages in percent points."""

    first_year: int
    last_year: int
    entry_pct: float
    multi_years: int
    multi_pct: float | None
    lower_pct: float
    upper_pct: float
    status: str
    source: str
    row: int | None = None  # row in data/reference/vangnet_regels.csv


@dataclass(frozen=True)
class VangnetOutcome:
    """The outcome for one year. ``payment`` is None when it cannot be determined (see reason)."""

    year: int
    budget: float
    shortfall: float
    shortfall_pct: float
    rule: VangnetRule | None
    entry_met: bool | None
    multi_year_sum: float | None
    multi_year_met: bool | None
    payment: float | None
    eigen_risico: float | None
    reason: str


def rules_from_table(table: pd.DataFrame) -> list[VangnetRule]:
    """Rules from the validated reference table; overlapping ranges are refused."""
    rules = [
        VangnetRule(
            first_year=int(r["jaar_van"]),
            last_year=int(r["jaar_tot_en_met"]),
            entry_pct=float(r["drempel_pct"]),
            multi_years=int(r["meerjarig_jaren"]),
            multi_pct=None
            if pd.isna(r["meerjarig_drempel_pct"])
            else float(r["meerjarig_drempel_pct"]),
            lower_pct=float(r["ondergrens_pct"]),
            upper_pct=float(r["bovengrens_pct"]),
            status=str(r["status"]),
            source=str(r["bron"]),
            row=int(r["_bron_rij"]) if "_bron_rij" in r else None,
        )
        for r in table.to_dict("records")
    ]
    rules.sort(key=lambda r: r.first_year)
    for before, after in zip(rules, rules[1:], strict=False):
        if after.first_year <= before.last_year:
            raise ValueError(
                f"vangnet rules overlap: {before.first_year}-{before.last_year} and {after.first_year}"
            )
    return rules


def rule_for(year: int, rules: list[VangnetRule]) -> VangnetRule | None:
    """The rule in force for ``year``, or None when it is not known."""
    for rule in rules:
        if rule.first_year <= year <= rule.last_year:
            return rule
    return None


def payment_for(shortfall: float, budget: float, rule: VangnetRule) -> float:
    """VU for a shortfall that meets the entry conditions (band formula, see module docstring)."""
    lower = rule.lower_pct / 100 * budget
    upper = rule.upper_pct / 100 * budget
    return 0.5 * (min(shortfall, upper) - lower) + max(shortfall - upper, 0.0)


def assess(
    year: int,
    budget: float,
    shortfall: float,
    rules: list[VangnetRule],
    earlier_shortfalls: dict[int, float] | None = None,
) -> VangnetOutcome:
    """Apply the rule of ``year``. ``earlier_shortfalls`` maps earlier years to their shortfall
    (negative for a surplus) for the multi-year condition; a missing year makes it undeterminable."""
    pct = shortfall / budget * 100
    rule = rule_for(year, rules)
    base = dict(year=year, budget=budget, shortfall=shortfall, shortfall_pct=pct, rule=rule)
    if rule is None:
        return VangnetOutcome(
            **base,
            entry_met=None,
            multi_year_sum=None,
            multi_year_met=None,
            payment=None,
            eigen_risico=None,
            reason=f"de vangnetregel voor {year} is niet bekend",
        )
    entry = shortfall > rule.entry_pct / 100 * budget
    multi_sum: float | None = None
    multi_met: bool | None = True
    if rule.multi_years > 1 and rule.multi_pct is not None:
        earlier = earlier_shortfalls or {}
        needed = range(year - rule.multi_years + 1, year)
        if all(y in earlier for y in needed):
            multi_sum = shortfall + sum(earlier[y] for y in needed)
            multi_met = multi_sum > rule.multi_pct / 100 * budget
        else:
            multi_met = None
    if not entry:
        return VangnetOutcome(
            **base,
            entry_met=False,
            multi_year_sum=multi_sum,
            multi_year_met=multi_met,
            payment=0.0,
            eigen_risico=shortfall,
            reason=f"het tekort is niet groter dan de drempel van {percent(rule.entry_pct, signed=False)} van het budget",
        )
    if multi_met is None:
        return VangnetOutcome(
            **base,
            entry_met=True,
            multi_year_sum=None,
            multi_year_met=None,
            payment=None,
            eigen_risico=None,
            reason="de meerjarige voorwaarde kan niet worden getoetst: tekorten van eerdere jaren ontbreken",
        )
    if not multi_met:
        return VangnetOutcome(
            **base,
            entry_met=True,
            multi_year_sum=multi_sum,
            multi_year_met=False,
            payment=0.0,
            eigen_risico=shortfall,
            reason=f"de tekorten over {rule.multi_years} jaar samen zijn niet groter dan {percent(rule.multi_pct, signed=False)} van het budget",
        )
    payment = payment_for(shortfall, budget, rule)
    return VangnetOutcome(
        **base,
        entry_met=True,
        multi_year_sum=multi_sum,
        multi_year_met=True,
        payment=payment,
        eigen_risico=shortfall - payment,
        reason="voldoet aan de voorwaarden",
    )
