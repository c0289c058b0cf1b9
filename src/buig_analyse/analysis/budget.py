"""Budget chapter (seed 000, paragraphs 4.1 and 4.3): rijksbijdrage, lasten, baten, netto lasten,
resultaat per year, the vangnet per year, advances and the multi-year perspective.

Definitions (../shared/domain.md, "The money"): netto lasten = lasten - baten;
resultaat = rijksbijdrage - netto lasten (negative = tekort). Seed 000 table 4.1 (2015):
4,236,523 - 4,654,938 + 132,624 = -285,791.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.chapter import Chapter
from buig_analyse.analysis.prognose import METHOD_LABELS, METHODS, Forecast, spending_forecast
from buig_analyse.analysis.vangnet import VangnetRule, assess, rules_from_table
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, Register, Source, sources_from_rows
from buig_analyse.register.formatting import euro

VINTAGE_RANK = {"prognose": 0, "voorlopig": 1, "nader voorlopig": 2, "definitief": 3}


@dataclass
class BudgetChapter(Chapter):
    """Figures of the budget chapter and the layout the report needs (which years, which rows)."""

    name: ClassVar[str] = "budget"

    years: list[int] = field(default_factory=list)
    perspective_years: list[int] = field(default_factory=list)
    vangnet_years: list[int] = field(default_factory=list)
    multi_year_years: list[int] = field(
        default_factory=list
    )  # vangnet years with a multi-year test
    advance_years: list[int] = field(default_factory=list)
    forecast_methods: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


CHAPTER = BudgetChapter


def sisa_side(sisa: pd.DataFrame, mapping: pd.DataFrame, year: int, side: str) -> pd.DataFrame:
    """The SiSa rows of ``year`` whose indicator maps to ``side`` (lasten or baten)."""
    keys = mapping[(mapping["jaar"] == year) & (mapping["soort"] == side)]["indicator"]
    return sisa[(sisa["jaar"] == year) & sisa["indicator"].isin(set(keys))]


def selected_budget(rijksbijdrage: pd.DataFrame, year: int) -> pd.Series | None:
    """The most final vintage of the budget of ``year`` (definitief > nader voorlopig > voorlopig >
    prognose; the latest decision date breaks ties)."""
    rows = rijksbijdrage[rijksbijdrage["jaar"] == year]
    if rows.empty:
        return None
    ranked = rows.assign(_rank=rows["versie"].map(VINTAGE_RANK)).sort_values(["_rank", "datum"])
    return ranked.iloc[-1]


def _pct_change(new: float, old: float) -> float:
    return (new / old - 1) * 100


def budget_chapter(
    tables: dict[str, pd.DataFrame],
    mapping: pd.DataFrame,
    rules: list[VangnetRule],
    report_year: int,
    history_years: int,
    weights: dict[str, float],
    perspective_offset: int,
) -> BudgetChapter:
    """Compute every figure of the budget chapter of the report for ``report_year``."""
    chapter = BudgetChapter()
    figs = Register()  # looked up by id while the chapter is built
    sisa = tables["sisa"]
    rijks = tables["rijksbijdrage"]
    plan = tables["meerjarenraming"]

    def add(fig: Figure) -> Figure:
        figs.add(fig)
        return fig

    # Rijksbijdrage, every year on file (the multi-year perspective uses the later ones).
    for year in sorted(set(rijks["jaar"].astype(int))):
        row = selected_budget(rijks, year)
        rows = rijks[(rijks["jaar"] == year) & (rijks["versie"] == row["versie"])]
        add(
            Figure(
                f"budget.rijksbijdrage.{year}",
                float(row["bedrag"]),
                "EUR",
                f"Rijksbijdrage BUIG {year} ({row['versie']}, beschikking {row['datum']})",
                "bedrag van de meest definitieve versie in rijksbijdrage",
                sources_from_rows(rows, "bedrag"),
            )
        )
        add(
            Figure(
                f"budget.rijksbijdrage_versie.{year}",
                str(row["versie"]),
                "TEKST",
                f"Versie van de rijksbijdrage {year}",
                "versie met de hoogste rang (definitief > nader voorlopig > voorlopig > prognose)",
                sources_from_rows(rows, "versie"),
            )
        )
        if f"budget.rijksbijdrage.{year - 1}" in figs:
            prev = figs[f"budget.rijksbijdrage.{year - 1}"]
            add(
                Figure(
                    f"budget.rijksbijdrage_mutatie.{year}",
                    _pct_change(float(row["bedrag"]), prev.value),
                    "MUTATIE",
                    f"Mutatie rijksbijdrage {year} t.o.v. {year - 1}",
                    "(rijksbijdrage T / rijksbijdrage T-1 - 1) x 100",
                    derived_from=(f"budget.rijksbijdrage.{year}", prev.id),
                )
            )
    budget_years = set(rijks["jaar"].astype(int))
    chapter.perspective_years = sorted(
        y for y in budget_years if y >= report_year + perspective_offset
    )

    # Spending forecast for the report year (only when the year has no SiSa realisation).
    forecast: Forecast | None = None
    realised_years = set(sisa["jaar"].astype(int))
    lopend = tables["uitgaven_lopend_jaar"]
    if report_year not in realised_years and len(lopend) and (report_year - 1) in realised_years:
        last_rows = sisa_side(sisa, mapping, report_year - 1, "lasten")
        last_lasten = float(last_rows["bedrag"].sum())
        forecast = spending_forecast(
            lopend, tables["groeiprognose"], report_year, last_lasten, weights
        )
        figs.extend(_forecast_figures(forecast, lopend, tables["groeiprognose"], report_year))
        chapter.forecast_methods = [m.method for m in forecast.methods]
    elif report_year not in realised_years:
        chapter.notes.append(
            f"Voor {report_year} is geen prognose van de uitgaven gemaakt: uitgaven_lopend_jaar ontbreekt in de data-aanlevering."
        )

    # Lasten, baten, netto lasten and resultaat per year of the report period.
    plan_years = set(plan["jaar"].astype(int)) if len(plan) else set()
    later = sorted(
        y
        for y in plan_years
        if y > report_year
        and y in budget_years
        and not pd.isna(plan.loc[plan["jaar"] == y, "lasten"].iloc[0])
    )
    years = [
        y for y in range(report_year - history_years, report_year + 1) if y in budget_years
    ] + later
    shortfalls: dict[int, float] = {}
    for year in years:
        lasten = _side_figure(year, "lasten", sisa, mapping, plan, forecast)
        baten = _side_figure(year, "baten", sisa, mapping, plan, forecast)
        if lasten is None or baten is None:
            missing = "lasten" if lasten is None else "baten"
            chapter.notes.append(
                f"Voor {year} ontbreken de {missing}; het resultaat van {year} is niet berekend."
            )
            continue
        for fig in (*lasten, *baten):
            add(fig)
        chapter.years.append(year)
        rb = f"budget.rijksbijdrage.{year}"
        netto = add(
            Figure(
                f"budget.netto_lasten.{year}",
                lasten[0].value - baten[0].value,
                "EUR",
                f"Netto lasten BUIG {year}",
                "lasten - baten",
                derived_from=(lasten[0].id, baten[0].id),
            )
        )
        budget_value = figs.value(rb)
        add(
            Figure(
                f"budget.resultaat.{year}",
                budget_value - netto.value,
                "EUR",
                f"Resultaat BUIG {year} (negatief = tekort)",
                "rijksbijdrage - netto lasten",
                derived_from=(rb, netto.id),
            )
        )
        if f"budget.lasten.{year - 1}" in figs:
            add(
                Figure(
                    f"budget.lasten_mutatie.{year}",
                    _pct_change(
                        lasten[0].value,
                        figs.value(f"budget.lasten.{year - 1}"),
                    ),
                    "MUTATIE",
                    f"Mutatie lasten {year} t.o.v. {year - 1}",
                    "(lasten T / lasten T-1 - 1) x 100",
                    derived_from=(lasten[0].id, f"budget.lasten.{year - 1}"),
                )
            )
        shortfalls[year] = _tcvp_steps(year, figs, tables.get("fout_onzeker"), chapter)

    advances = tables["voorschotten"]
    for year in chapter.years:
        received = advances[advances["jaar_ontvangen"] == year] if len(advances) else advances
        if len(received):
            chapter.advance_years.append(year)
            # The settlement is a schedule: one row per year in which (part of) the advance is
            # settled (seed 000: all of it in 2018; a later regulation may spread it, keep it data).
            schedule = received.groupby("jaar_verrekend", sort=True)["bedrag"].sum()
            settled = ", ".join(str(int(y)) for y in schedule.index)
            add(
                Figure(
                    f"voorschot.ontvangen.{year}",
                    float(received["bedrag"].sum()),
                    "EUR",
                    f"Voorschot BUIG ontvangen in {year}, te verrekenen in {settled}",
                    "som van bedrag in voorschotten",
                    sources_from_rows(received, "bedrag"),
                )
            )
            parts = []
            for settle_year, amount in schedule.items():
                rows = received[received["jaar_verrekend"] == settle_year]
                parts.append(
                    add(
                        Figure(
                            f"voorschot.verrekening.{year}.{int(settle_year)}",
                            float(amount),
                            "EUR",
                            f"Deel van het voorschot van {year} dat in {int(settle_year)} wordt verrekend",
                            "som van bedrag in voorschotten voor dit jaar van verrekening",
                            sources_from_rows(rows, "bedrag"),
                        )
                    )
                )
            add(
                Figure(
                    f"voorschot.jaar_verrekend.{year}",
                    settled
                    if len(parts) == 1
                    else "; ".join(f"{f.id.rsplit('.', 1)[1]}: {euro(f.value)}" for f in parts),
                    "TEKST",
                    f"Jaar of jaren waarin het voorschot van {year} wordt verrekend",
                    "jaar_verrekend in voorschotten (met het bedrag per jaar als het over meer jaren gaat)",
                    sources_from_rows(received, "jaar_verrekend"),
                )
            )

    for year in chapter.years:
        if shortfalls[year] <= 0:
            continue
        chapter.vangnet_years.append(year)
        figs.extend(
            _vangnet_figures(
                year,
                shortfalls,
                rules,
                figs,
                year in chapter.advance_years,
                chapter.multi_year_years,
            )
        )
    chapter.figures = list(figs.figures.values())
    return chapter


def _side_figure(year, side, sisa, mapping, plan, forecast) -> tuple[Figure, Figure] | None:
    """The lasten or baten of one year with its status: SiSa realisation, else the forecast
    (lasten of the report year), else the meerjarenraming."""
    rows = sisa_side(sisa, mapping, year, side)
    label = "Uitgaven (lasten)" if side == "lasten" else "Baten (debiteuren)"
    if len(rows):
        value = Figure(
            f"budget.{side}.{year}",
            float(rows["bedrag"].sum()),
            "EUR",
            f"{label} BUIG {year}, realisatie SiSa",
            f"som van de SiSa-indicatoren G2 die in de indeling van {year} als {side} gelden",
            sources_from_rows(rows, "bedrag"),
        )
        status = "realisatie"
    elif (
        side == "lasten"
        and forecast is not None
        and forecast.year == year
        and forecast.average is not None
    ):
        value = Figure(
            f"budget.{side}.{year}",
            forecast.average,
            "EUR",
            f"{label} BUIG {year}, prognose",
            "gewogen gemiddelde van de prognosemethoden",
            derived_from=(f"prognose.gemiddelde.{year}",),
        )
        status = "prognose"
    else:
        plan_rows = plan[plan["jaar"] == year] if len(plan) else plan
        if not len(plan_rows) or pd.isna(plan_rows[side].iloc[0]):
            return None
        status = str(plan_rows["soort"].iloc[0])
        value = Figure(
            f"budget.{side}.{year}",
            float(plan_rows[side].iloc[0]),
            "EUR",
            f"{label} BUIG {year}, {status}",
            f"{side} uit de meerjarenraming",
            sources_from_rows(plan_rows, side),
        )
    status_fig = Figure(
        f"budget.{side}_status.{year}",
        status,
        "TEKST",
        f"Status van de {side} {year}",
        "realisatie (SiSa), prognose (berekend) of soort uit de meerjarenraming",
        derived_from=(value.id,),
    )
    return value, status_fig


def _forecast_figures(
    forecast: Forecast, lopend: pd.DataFrame, growth: pd.DataFrame, year: int
) -> list[Figure]:
    current = lopend[lopend["jaar"] == year]
    previous = lopend[
        (lopend["jaar"] == year - 1) & lopend["periode"].isin(set(current["periode"]))
    ]
    figs = [
        Figure(
            f"prognose.uitgaven_tot_nu.{year}",
            forecast.ytd_current,
            "EUR",
            f"Uitgaven BUIG {year} tot en met maand {forecast.months}",
            "som van bedrag in uitgaven_lopend_jaar",
            sources_from_rows(current, "bedrag"),
        ),
        Figure(
            f"prognose.maanden.{year}",
            forecast.months,
            "AANTAL",
            f"Aantal maanden met uitgaven in {year}",
            "maanden gedekt door de perioden",
            sources_from_rows(current, "periode"),
        ),
    ]
    if forecast.ytd_previous is not None:
        figs.append(
            Figure(
                f"prognose.uitgaven_tot_nu.{year - 1}",
                forecast.ytd_previous,
                "EUR",
                f"Uitgaven BUIG {year - 1} over dezelfde periode",
                "som van bedrag in uitgaven_lopend_jaar",
                sources_from_rows(previous, "bedrag"),
            )
        )
        figs.append(
            Figure(
                f"prognose.trend_pct.{year}",
                forecast.trend_pct,
                "MUTATIE",
                f"Ontwikkeling uitgaven {year} t.o.v. dezelfde periode {year - 1}",
                "(uitgaven tot nu T / uitgaven zelfde periode T-1 - 1) x 100",
                derived_from=(
                    f"prognose.uitgaven_tot_nu.{year}",
                    f"prognose.uitgaven_tot_nu.{year - 1}",
                ),
            )
        )
    if forecast.growth_pct is not None:
        figs.append(
            Figure(
                f"prognose.groei_pct.{year}",
                forecast.growth_pct,
                "MUTATIE",
                f"Externe groeiprognose bijstand {year}",
                "groei_pct uit groeiprognose",
                sources_from_rows(growth[growth["jaar"] == year], "groei_pct"),
            )
        )
    formulas = {
        "trend_vorig_jaar": "lasten T-1 x uitgaven tot nu T / uitgaven zelfde periode T-1",
        "lineaire_extrapolatie": "uitgaven tot nu T x 12 / aantal maanden",
        "externe_groeiprognose": "lasten T-1 x (1 + groeiprognose / 100)",
    }
    used = []
    for result in forecast.methods:
        if result.value is None:
            continue
        fid = f"prognose.{result.method}.{year}"
        weight_id = f"prognose.gewicht.{result.method}"
        used += [fid, weight_id]
        # The weight is a setting (config forecast.weights): a figure with the config key as its
        # input cell, so explain and the register reach it.
        figs.append(
            Figure(
                weight_id,
                result.weight,
                "GETAL",
                f"Gewicht van de methode {METHOD_LABELS[result.method]} in de prognose",
                "instelling forecast.weights in de config (config/config.yaml, of de config van de run)",
                (Source("config", "", None, f"forecast.weights.{result.method}", result.weight),),
            )
        )
        figs.append(
            Figure(
                fid,
                result.value,
                "EUR",
                f"Prognose uitgaven {year}: {METHOD_LABELS[result.method]} (gewicht {result.weight:g})",
                formulas[result.method],
                derived_from=_method_parents(result.method, year),
            )
        )
    if forecast.average is not None:
        figs.append(
            Figure(
                f"prognose.gemiddelde.{year}",
                forecast.average,
                "EUR",
                f"Prognose uitgaven {year}: gewogen gemiddelde",
                "som(methode x gewicht) / som(gewicht) over de beschikbare methoden",
                derived_from=tuple(used),
            )
        )
    return figs


def _method_parents(method: str, year: int) -> tuple[str, ...]:
    ytd = f"prognose.uitgaven_tot_nu.{year}"
    return {
        "trend_vorig_jaar": (
            f"budget.lasten.{year - 1}",
            ytd,
            f"prognose.uitgaven_tot_nu.{year - 1}",
        ),
        "lineaire_extrapolatie": (ytd, f"prognose.maanden.{year}"),
        "externe_groeiprognose": (f"budget.lasten.{year - 1}", f"prognose.groei_pct.{year}"),
    }[method]


def _tcvp_steps(year: int, figs: Register, findings: pd.DataFrame | None, chapter) -> float:
    """The TCVP's calculation steps A-G for one year (toetsingscommissievp.nl, berekening en
    uitbetaling): A lasten, B baten, C = A - B, D the amounts the auditor reported as unlawful or
    uncertain above the reporting threshold (input fout_onzeker; without it D = 0 is assumed and
    said), E = C - D, F the rijksbijdrage (definitief), G = E - F the shortfall. Returns G."""
    lasten, baten = figs[f"budget.lasten.{year}"], figs[f"budget.baten.{year}"]
    budget = figs[f"budget.rijksbijdrage.{year}"]
    steps = [
        Figure(f"vangnet.a_lasten.{year}", lasten.value, "EUR", f"A Lasten BUIG {year}",
               "lasten (SiSa, of prognose/raming)", derived_from=(lasten.id,)),
        Figure(f"vangnet.b_baten.{year}", baten.value, "EUR", f"B Baten BUIG {year}",
               "baten (SiSa, of raming)", derived_from=(baten.id,)),
        Figure(f"vangnet.c_netto_lasten.{year}", lasten.value - baten.value, "EUR",
               f"C Netto lasten {year}", "A - B",
               derived_from=(f"vangnet.a_lasten.{year}", f"vangnet.b_baten.{year}")),
    ]  # fmt: skip
    if findings is None:
        d = Figure(
            f"vangnet.d_fout_onzeker.{year}",
            0.0,
            "EUR",
            f"D Fout of onzeker volgens de accountant {year} (aangenomen)",
            "aangenomen 0: de data-aanlevering heeft geen fout_onzeker (bevindingen van de "
            "accountant boven de rapporteringsgrens)",
        )
        if not any("fout_onzeker" in n for n in chapter.notes):
            chapter.notes.append(
                "Stap D (fout of onzeker volgens de accountant) is 0 aangenomen: de data-aanlevering "
                "bevat geen fout_onzeker."
            )
    else:
        rows = findings[(findings["jaar"] == year) & (findings["boven_rapportagegrens"] == "ja")]
        d = Figure(
            f"vangnet.d_fout_onzeker.{year}",
            float(rows["bedrag"].sum()) if len(rows) else 0.0,
            "EUR",
            f"D Fout of onzeker volgens de accountant {year}",
            "som van bedrag in fout_onzeker met boven_rapportagegrens = ja (0 zonder bevindingen)",
            sources_from_rows(rows, "bedrag"),
        )
    steps.append(d)
    e_value = steps[2].value - d.value
    steps += [
        Figure(f"vangnet.e_netto_lasten_na_d.{year}", e_value, "EUR",
               f"E Netto lasten na aftrek van D {year}", "C - D",
               derived_from=(f"vangnet.c_netto_lasten.{year}", d.id)),
        Figure(f"vangnet.f_budget.{year}", budget.value, "EUR", f"F Budget (rijksbijdrage) {year}",
               "rijksbijdrage BUIG", derived_from=(budget.id,)),
        Figure(f"vangnet.tekort.{year}", e_value - budget.value, "EUR",
               f"G Tekort {year} (negatief: overschot)", "E - F",
               derived_from=(f"vangnet.e_netto_lasten_na_d.{year}", f"vangnet.f_budget.{year}")),
    ]  # fmt: skip
    for step in steps:
        figs.add(step)
    return e_value - budget.value


RULE_SOURCE = "data/reference/vangnet_regels.csv"


def _rule_figures(year: int, rule: VangnetRule) -> list[Figure]:
    """The parameters of the rule applied to ``year`` as figures, each with its cell in the rule
    table, so the register and explain reach them."""

    def cell(column: str, value) -> tuple[Source, ...]:
        return (Source(RULE_SOURCE, "", rule.row, column, value),)

    out = [
        Figure(f"vangnet.drempel_pct.{year}", rule.entry_pct, "PCT",
               f"Drempel vangnet {year} (tekort in % van het budget, strikt groter)",
               f"drempel_pct van de regel {rule.first_year}-{rule.last_year}",
               cell("drempel_pct", rule.entry_pct)),
        Figure(f"vangnet.ondergrens_pct.{year}", rule.lower_pct, "PCT",
               f"Ondergrens L van de band {year}", "ondergrens_pct van de regel",
               cell("ondergrens_pct", rule.lower_pct)),
        Figure(f"vangnet.bovengrens_pct.{year}", rule.upper_pct, "PCT",
               f"Bovengrens U van de band {year}", "bovengrens_pct van de regel",
               cell("bovengrens_pct", rule.upper_pct)),
        Figure(f"vangnet.regel_status.{year}", rule.status, "TEKST",
               f"Status van de vangnetregel {year}", "status van de regel",
               cell("status", rule.status)),
        Figure(f"vangnet.regel_bron.{year}", rule.source, "TEKST",
               f"Bron van de vangnetregel {year}", "bron van de regel",
               cell("bron", rule.source)),
    ]  # fmt: skip
    if rule.multi_years > 1 and rule.multi_pct is not None:
        out += [
            Figure(f"vangnet.meerjarig_jaren.{year}", rule.multi_years, "AANTAL",
                   f"Aantal jaren van de meerjarige voorwaarde {year}",
                   "meerjarig_jaren van de regel", cell("meerjarig_jaren", rule.multi_years)),
            Figure(f"vangnet.meerjarig_drempel_pct.{year}", rule.multi_pct, "PCT",
                   f"Drempel van de meerjarige voorwaarde {year}",
                   "meerjarig_drempel_pct van de regel",
                   cell("meerjarig_drempel_pct", rule.multi_pct)),
        ]  # fmt: skip
    return out


def _vangnet_figures(year, shortfalls, rules, figs, has_advance, multi_years) -> list[Figure]:
    budget_fig = figs[f"budget.rijksbijdrage.{year}"]
    version = figs.value(f"budget.rijksbijdrage_versie.{year}")
    earlier = {y: s for y, s in shortfalls.items() if y < year}
    outcome = assess(year, budget_fig.value, shortfalls[year], rules, earlier)
    shortfall_id = f"vangnet.tekort.{year}"
    reason = outcome.reason
    if version != "definitief":
        reason += f"; berekend op de {version} rijksbijdrage (de regeling rekent met het definitieve budget)"
    out = [
        Figure(
            f"vangnet.tekort_pct.{year}",
            outcome.shortfall_pct,
            "PCT",
            f"Tekort {year} als % van de rijksbijdrage",
            "G / F x 100",
            derived_from=(shortfall_id, f"vangnet.f_budget.{year}"),
        ),
        Figure(
            f"vangnet.toelichting.{year}",
            reason,
            "TEKST",
            f"Beoordeling vangnet {year}",
            f"vangnetregel van het jaar uit {RULE_SOURCE}",
            derived_from=(shortfall_id,),
        ),
    ]
    rule = outcome.rule
    if rule is not None:
        out += _rule_figures(year, rule)
        out.append(
            Figure(
                f"vangnet.drempel.{year}",
                rule.entry_pct / 100 * budget_fig.value,
                "EUR",
                f"Drempel vangnet {year} in euro",
                "drempel_pct / 100 x F",
                derived_from=(f"vangnet.drempel_pct.{year}", f"vangnet.f_budget.{year}"),
            )
        )
        if rule.multi_years > 1 and rule.multi_pct is not None:
            needed = list(range(year - rule.multi_years + 1, year + 1))
            if all(y in shortfalls for y in needed):
                multi_years.append(year)
                total = sum(shortfalls[y] for y in needed)
                out += [
                    Figure(
                        f"vangnet.meerjarig_som.{year}",
                        total,
                        "EUR",
                        f"Tekorten {needed[0]}-{year} samen (meerjarige voorwaarde)",
                        "som van G over de jaren van de meerjarige voorwaarde",
                        derived_from=tuple(f"vangnet.tekort.{y}" for y in needed),
                    ),
                    Figure(
                        f"vangnet.meerjarig_drempel.{year}",
                        rule.multi_pct / 100 * budget_fig.value,
                        "EUR",
                        f"Drempel meerjarige voorwaarde {year} in euro",
                        "meerjarig_drempel_pct / 100 x F van het jaar zelf (niet de som van de budgetten)",
                        derived_from=(
                            f"vangnet.meerjarig_drempel_pct.{year}",
                            f"vangnet.f_budget.{year}",
                        ),
                    ),
                    Figure(
                        f"vangnet.meerjarig_uitkomst.{year}",
                        "voldaan"
                        if total > rule.multi_pct / 100 * budget_fig.value
                        else "niet voldaan",
                        "TEKST",
                        f"Meerjarige voorwaarde {year}",
                        "voldaan als de som strikt groter is dan de drempel",
                        derived_from=(
                            f"vangnet.meerjarig_som.{year}",
                            f"vangnet.meerjarig_drempel.{year}",
                        ),
                    ),
                ]
    rule_ids = (
        (f"vangnet.drempel_pct.{year}", f"vangnet.ondergrens_pct.{year}",
         f"vangnet.bovengrens_pct.{year}") if rule is not None else ()
    )  # fmt: skip
    if outcome.payment is not None:
        out.append(
            Figure(
                f"vangnet.uitkering.{year}",
                outcome.payment,
                "EUR",
                f"Vangnetuitkering {year}",
                "0,5 x (min(G, U x F) - L x F) + max(G - U x F, 0) als G > drempel x F "
                "(en aan de meerjarige voorwaarde is voldaan), anders 0",
                derived_from=(shortfall_id, f"vangnet.f_budget.{year}", *rule_ids),
            )
        )
        out.append(
            Figure(
                f"vangnet.eigen_risico.{year}",
                outcome.eigen_risico,
                "EUR",
                f"Eigen risico {year}: het deel van het tekort dat de gemeente zelf draagt",
                "G - vangnetuitkering",
                derived_from=(shortfall_id, f"vangnet.uitkering.{year}"),
            )
        )
        parents = [f"budget.resultaat.{year}", f"vangnet.uitkering.{year}"]
        advance = 0.0
        if has_advance:
            advance = figs.value(f"voorschot.ontvangen.{year}")
            parents.insert(1, f"voorschot.ontvangen.{year}")
        out.append(
            Figure(
                f"vangnet.resultaat_na_vangnet.{year}",
                figs.value(f"budget.resultaat.{year}") + advance + outcome.payment,
                "EUR",
                f"Resultaat {year} na voorschot en vangnetuitkering",
                "resultaat + voorschot ontvangen + vangnetuitkering",
                derived_from=tuple(parents),
            )
        )
    return out


__all__ = ["METHODS", "BudgetChapter", "budget_chapter", "selected_budget", "sisa_side"]


def analyse_budget(
    tables: dict[str, pd.DataFrame],
    mapping: pd.DataFrame,
    vangnet_regels: pd.DataFrame,
    report_year: int,
    history_years: int,
    weights: dict[str, float],
    perspective_offset: int,
) -> BudgetChapter:
    """Chapter budget (rule analyse): the budget chapter from the typed tables and the reference tables
    (SiSa indicator mapping, vangnet rule table)."""
    return budget_chapter(
        tables,
        mapping,
        rules_from_table(vangnet_regels),
        report_year,
        history_years,
        weights,
        perspective_offset,
    )
