"""Spending forecast for the current year (seed 000, paragraph 4.3): three methods and their
weighted average. Methods and weights are configuration (config/config.yaml, ``forecast``).

- ``trend_vorig_jaar``: year-to-date spending against the same period last year, applied to last
  year's realised lasten (seed: -3,3% -> 4,624,144);
- ``lineaire_extrapolatie``: year-to-date spending extrapolated to twelve months (seed: 1,092,661 x 4);
- ``externe_groeiprognose``: last year's lasten grown by the external (CPB) forecast (seed: +1,5%).
"""

from __future__ import annotations

from dataclasses import dataclass

from buig_analyse.ingest.contract import period_months
from buig_analyse.lazy import pandas as pd

METHODS = ("trend_vorig_jaar", "lineaire_extrapolatie", "externe_groeiprognose")
# Dutch labels of the methods, shown in the report.
METHOD_LABELS = {
    "trend_vorig_jaar": "Trend t.o.v. dezelfde periode vorig jaar",
    "lineaire_extrapolatie": "Lineaire extrapolatie van het lopende jaar",
    "externe_groeiprognose": "Externe groeiprognose (CPB)",
}


@dataclass(frozen=True)
class MethodResult:
    method: str
    value: float | None  # None: the method's input is missing
    weight: float
    note: str


@dataclass(frozen=True)
class Forecast:
    year: int
    months: int
    ytd_current: float
    ytd_previous: float | None
    growth_pct: float | None
    trend_pct: float | None
    methods: tuple[MethodResult, ...]
    average: float | None


def months_covered(periods: list[str]) -> int:
    """Number of calendar months covered by a set of period codes."""
    return sum(period_months(p)[1] - period_months(p)[0] + 1 for p in periods)


def spending_forecast(
    lopend: pd.DataFrame,
    growth: pd.DataFrame,
    year: int,
    last_year_lasten: float,
    weights: dict[str, float],
) -> Forecast:
    """Forecast the lasten of ``year`` from spending so far (``lopend``) and the growth forecast."""
    current = lopend[lopend["jaar"] == year]
    periods = sorted(current["periode"])
    previous = lopend[(lopend["jaar"] == year - 1) & lopend["periode"].isin(periods)]
    ytd_current = float(current["bedrag"].sum())
    ytd_previous = float(previous["bedrag"].sum()) if len(previous) == len(periods) else None
    months = months_covered(periods)
    growth_rows = growth[growth["jaar"] == year]
    growth_pct = float(growth_rows["groei_pct"].iloc[0]) if len(growth_rows) else None

    trend_pct = (ytd_current / ytd_previous - 1) * 100 if ytd_previous else None
    values = {
        "trend_vorig_jaar": last_year_lasten * ytd_current / ytd_previous if ytd_previous else None,
        "lineaire_extrapolatie": ytd_current * 12 / months if months else None,
        "externe_groeiprognose": last_year_lasten * (1 + growth_pct / 100)
        if growth_pct is not None
        else None,
    }
    notes = {
        "trend_vorig_jaar": "uitgaven vorig jaar over dezelfde periode ontbreken",
        "lineaire_extrapolatie": "geen uitgaven in het lopende jaar",
        "externe_groeiprognose": f"geen groeiprognose voor {year}",
    }
    results = []
    for method in METHODS:
        weight = float(weights.get(method, 0.0))
        value = values[method]
        note = "" if value is not None else notes[method]
        results.append(MethodResult(method, value, weight, note))
    used = [r for r in results if r.value is not None and r.weight > 0]
    total_weight = sum(r.weight for r in used)
    average = sum(r.value * r.weight for r in used) / total_weight if total_weight else None
    return Forecast(
        year, months, ytd_current, ytd_previous, growth_pct, trend_pct, tuple(results), average
    )
