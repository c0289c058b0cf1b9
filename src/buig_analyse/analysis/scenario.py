"""What a caseload reduction does to tekort, eigen risico and vangnet (seed 003, chapter 6).

A scenario (input ``scenario``): N fewer clients per year from year Y at EUR P per client per year,
cumulative or not. For every year of the budget table from Y on that is not a realisation, the
scenario lowers the netto lasten by ``N x P x (T - Y + 1)`` (cumulative) or ``N x P``; tekort,
vangnet and eigen risico follow from the vangnet rule of the year, the multi-year condition using
the scenario's own shortfalls. The gain for the gemeente is the fall in eigen risico: zero for the
part of a reduction that only lowers the vangnet.

Seed 003: 30 clients a year at 15.000 from 2019 gives tekort 3.024.535 / 2.589.760 / 2.177.469 /
1.803.093, eigen risico 2.439.639 / 2.226.391 / 2.030.606 / 1.803.093 and vangnet 584.896 / 363.369 /
146.863 / 0 for 2019-2022; the seed computed 2020 with a budget of 24.840.289 where its own base table
has 24.840.389 (tests/unit/test_scenario.py shows both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from buig_analyse.analysis.vangnet import VangnetRule, assess
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, Register, slug, sources_from_rows


@dataclass(frozen=True)
class Scenario:
    name: str
    first_year: int
    fewer_clients: int
    amount_per_client: float
    cumulative: bool


@dataclass(frozen=True)
class YearOutcome:
    year: int
    reduction: float
    netto_lasten: float
    shortfall: float
    payment: float | None
    eigen_risico: float | None


def reduction(scenario: Scenario, year: int) -> float:
    if year < scenario.first_year:
        return 0.0
    years = year - scenario.first_year + 1 if scenario.cumulative else 1
    return scenario.fewer_clients * scenario.amount_per_client * years


def _carried(payment: float | None, eigen: float | None, shortfall: float):
    """A year without a shortfall: no vangnet and nothing for the gemeente to bear."""
    if shortfall <= 0:
        return 0.0, 0.0
    return payment, eigen


def scenario_outcomes(
    scenario: Scenario,
    years: list[int],
    netto_lasten: dict[int, float],
    budgets: dict[int, float],
    shortfalls: dict[int, float],
    rules: list[VangnetRule],
) -> list[YearOutcome]:
    """The scenario for ``years`` (the forecast years of the budget table). ``shortfalls`` are the
    baseline G of every year (earlier years feed the multi-year condition); ``netto_lasten`` the
    baseline C - D, ``budgets`` F."""
    path = dict(shortfalls)
    out = []
    for year in sorted(years):
        cut = reduction(scenario, year)
        path[year] = netto_lasten[year] - cut - budgets[year]
        earlier = {y: s for y, s in path.items() if y < year}
        outcome = assess(year, budgets[year], path[year], rules, earlier)
        payment, eigen = _carried(outcome.payment, outcome.eigen_risico, path[year])
        out.append(YearOutcome(year, cut, netto_lasten[year] - cut, path[year], payment, eigen))
    return out


@dataclass
class ScenarioFigures:
    """The scenarios' figures and layout; part of chapter 5 (:mod:`.maatregelen`)."""

    figures: list[Figure] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)  # slugs
    years: list[int] = field(default_factory=list)


def scenarios_from_table(table: pd.DataFrame) -> list[Scenario]:
    return [
        Scenario(
            str(r["naam"]),
            int(r["vanaf_jaar"]),
            int(r["minder_clienten_per_jaar"]),
            float(r["bedrag_per_client"]),
            r["cumulatief"] == "ja",
        )
        for r in table.to_dict("records")
    ]


def scenario_figures(
    register: Register, years: list[int], table: pd.DataFrame, rules: list[VangnetRule]
) -> ScenarioFigures:
    """Scenario figures next to the baseline of the budget chapter (its register ``register``)."""
    chapter = ScenarioFigures()
    forecast = [
        y
        for y in years
        if register.value(f"budget.lasten_status.{y}") != "realisatie"
        and f"vangnet.tekort.{y}" in register
    ]
    known = sorted(
        int(fid.rsplit(".", 1)[1]) for fid in register.figures if fid.startswith("vangnet.tekort.")
    )
    shortfalls = {y: register.value(f"vangnet.tekort.{y}") for y in known}
    netto = {y: register.value(f"vangnet.e_netto_lasten_na_d.{y}") for y in known}
    budgets = {y: register.value(f"vangnet.f_budget.{y}") for y in known}
    figs = chapter.figures
    for index, scenario in enumerate(scenarios_from_table(table)):
        key = slug(scenario.name)
        rows = table.iloc[index : index + 1]
        shown = [y for y in forecast if y >= scenario.first_year]
        if not shown:
            continue
        chapter.scenarios.append(key)
        base = f"scenario.{key}"
        figs.append(Figure(f"{base}.naam", scenario.name, "TEKST", "Naam van het scenario",
                           "naam uit scenario", sources_from_rows(rows, "naam")))  # fmt: skip
        for column, unit, label in (
            ("minder_clienten_per_jaar", "AANTAL", "Minder cliënten per jaar"),
            ("bedrag_per_client", "EUR", "Bedrag per cliënt per jaar"),
            ("vanaf_jaar", "JAAR", "Eerste jaar van het scenario"),
            ("cumulatief", "TEKST", "Cumulatief (ja/nee)"),
        ):
            value = rows[column].iloc[0]
            figs.append(
                Figure(f"{base}.{column}", value.item() if hasattr(value, "item") else value, unit,
                       f"{label} ({scenario.name})", f"{column} uit scenario",
                       sources_from_rows(rows, column))
            )  # fmt: skip
        for outcome in scenario_outcomes(scenario, shown, netto, budgets, shortfalls, rules):
            y = outcome.year
            inputs = (f"{base}.minder_clienten_per_jaar", f"{base}.bedrag_per_client",
                      f"{base}.vanaf_jaar", f"{base}.cumulatief")  # fmt: skip
            figs += [
                Figure(f"{base}.reductie.{y}", outcome.reduction, "EUR",
                       f"Lagere lasten {y} in het scenario {scenario.name}",
                       "minder cliënten x bedrag per cliënt x jaren sinds het eerste jaar (cumulatief)",
                       derived_from=inputs),
                Figure(f"{base}.netto_lasten.{y}", outcome.netto_lasten, "EUR",
                       f"Netto lasten {y} in het scenario", "E - lagere lasten",
                       derived_from=(f"vangnet.e_netto_lasten_na_d.{y}", f"{base}.reductie.{y}")),
                Figure(f"{base}.tekort.{y}", outcome.shortfall, "EUR",
                       f"Tekort {y} in het scenario (negatief: overschot)", "netto lasten - F",
                       derived_from=(f"{base}.netto_lasten.{y}", f"vangnet.f_budget.{y}")),
            ]  # fmt: skip
            if outcome.payment is None:
                continue
            figs += [
                Figure(f"{base}.uitkering.{y}", outcome.payment, "EUR",
                       f"Vangnetuitkering {y} in het scenario",
                       "vangnetregel van het jaar op het tekort van het scenario",
                       derived_from=(f"{base}.tekort.{y}", f"vangnet.f_budget.{y}")),
                Figure(f"{base}.eigen_risico.{y}", outcome.eigen_risico, "EUR",
                       f"Eigen risico {y} in het scenario", "tekort - vangnetuitkering (0 zonder tekort)",
                       derived_from=(f"{base}.tekort.{y}", f"{base}.uitkering.{y}")),
            ]  # fmt: skip
            baseline = _baseline_eigen_risico(register, y)
            if baseline is not None:
                figs.append(
                    Figure(f"{base}.winst.{y}", baseline[0] - outcome.eigen_risico, "EUR",
                           f"Voordeel voor de gemeente {y}: lager eigen risico",
                           "eigen risico zonder scenario - eigen risico met scenario",
                           derived_from=(*baseline[1], f"{base}.eigen_risico.{y}"))
                )  # fmt: skip
            if y not in chapter.years:
                chapter.years.append(y)
    chapter.years.sort()
    return chapter


def _baseline_eigen_risico(register: Register, year: int):
    """The baseline eigen risico of ``year`` and the figures it comes from; a year without a
    shortfall has none (0)."""
    fid = f"vangnet.eigen_risico.{year}"
    if fid in register:
        return register.value(fid), (fid,)
    if register.value(f"vangnet.tekort.{year}") <= 0:
        return 0.0, (f"vangnet.tekort.{year}",)
    return None
