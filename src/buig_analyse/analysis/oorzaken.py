"""Shortfall causes (seed 000, 4.5 "Oorzaken tekort"): volume and price.

- Change in netto lasten between years = volume effect + price effect, with N the average number of
  running benefits and P = netto lasten / N:  volume = (N1 - N0) x P0,  price = (P1 - P0) x N1
  (the two add up exactly to the change).
- Shortfall of the benchmark year attributed (indicatively) to volume: households above the
  verdeelmodel prediction x own net price; to price: (own net price - size-class price) x N; the
  rest is other causes.
- Status-holder effect: extra status holders / clients at the end of the previous year
  (seed: 16 / 378 = 4,2%), in euros: extra status holders x own net price per benefit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from buig_analyse.analysis.bestand import monthly_sources
from buig_analyse.analysis.chapter import Chapter
from buig_analyse.register.figures import Figure, Register, sources_from_rows


@dataclass
class OorzakenChapter(Chapter):
    name: ClassVar[str] = "oorzaken"

    decomposition_years: list[int] = field(default_factory=list)
    attribution_years: list[int] = field(default_factory=list)
    status_years: list[int] = field(default_factory=list)


CHAPTER = OorzakenChapter


def yearly_caseload(monthly: pd.DataFrame) -> dict[int, tuple[float, int]]:
    """Average number of running benefits per year and the number of months it covers."""
    totals = monthly[monthly["regeling"] == "totaal"]
    return {
        int(y): (float(p["aantal"].astype(float).mean()), len(p)) for y, p in totals.groupby("jaar")
    }


def oorzaken_chapter(
    register: Register,
    monthly: pd.DataFrame,
    statushouders: pd.DataFrame,
    budget_years: list[int],
    own_code: str,
    price_indicator: str,
    benchmark_year: int | None,
) -> OorzakenChapter:
    chapter = OorzakenChapter()
    figs = chapter.figures
    caseload = yearly_caseload(monthly) if len(monthly) else {}
    # years with both an average caseload and netto lasten, so a price per benefit
    priced = {y for y in budget_years if y in caseload and f"budget.netto_lasten.{y}" in register}
    for year in budget_years:
        if year in priced:
            n, months = caseload[year]
            label = "" if months == 12 else f" (gemiddelde over {months} maanden)"
            figs.append(
                Figure(
                    f"oorzaken.uitkeringen.{year}",
                    n,
                    "AANTAL",
                    f"Gemiddeld aantal lopende uitkeringen {year}{label}",
                    "gemiddelde van de maandtotalen in bestand_maand",
                    monthly_sources(monthly, year),
                )
            )
            figs.append(
                Figure(
                    f"oorzaken.prijs.{year}",
                    register.value(f"budget.netto_lasten.{year}") / n,
                    "EUR",
                    f"Netto lasten per uitkering {year}",
                    "netto lasten / gemiddeld aantal uitkeringen",
                    derived_from=(f"budget.netto_lasten.{year}", f"oorzaken.uitkeringen.{year}"),
                )
            )
    for year in budget_years:
        if year - 1 in caseload and year in priced and year - 1 in priced:
            n0, n1 = caseload[year - 1][0], caseload[year][0]
            p0 = register.value(f"budget.netto_lasten.{year - 1}") / n0
            p1 = register.value(f"budget.netto_lasten.{year}") / n1
            parents = (
                f"oorzaken.uitkeringen.{year - 1}",
                f"oorzaken.uitkeringen.{year}",
                f"oorzaken.prijs.{year - 1}",
                f"oorzaken.prijs.{year}",
            )
            figs += [
                Figure(
                    f"oorzaken.mutatie_netto_lasten.{year}",
                    register.value(f"budget.netto_lasten.{year}")
                    - register.value(f"budget.netto_lasten.{year - 1}"),
                    "EUR",
                    f"Verandering netto lasten {year} t.o.v. {year - 1}",
                    "netto lasten T - netto lasten T-1",
                    derived_from=(f"budget.netto_lasten.{year}", f"budget.netto_lasten.{year - 1}"),
                ),
                Figure(
                    f"oorzaken.volume_effect.{year}",
                    (n1 - n0) * p0,
                    "EUR",
                    f"Volume-effect {year} (meer of minder uitkeringen)",
                    "(N T - N T-1) x prijs T-1",
                    derived_from=parents,
                ),
                Figure(
                    f"oorzaken.prijs_effect.{year}",
                    (p1 - p0) * n1,
                    "EUR",
                    f"Prijs-effect {year} (hogere of lagere netto lasten per uitkering)",
                    "(prijs T - prijs T-1) x N T",
                    derived_from=parents,
                ),
            ]
            chapter.decomposition_years.append(year)
    price_id = f"benchmark.{price_indicator}.verschil_grootteklasse"
    own_price_id = f"benchmark.{price_indicator}.eigen"
    model_id = f"verdeelmodel.{own_code}.reductie"
    for year in budget_years:
        if year != benchmark_year:  # the price difference is known for the benchmark year only
            continue
        shortfall_id = f"vangnet.tekort.{year}"
        if (
            shortfall_id not in register
            or register.value(f"budget.lasten_status.{year}") != "realisatie"
        ):
            continue
        if year not in priced or price_id not in register or model_id not in register:
            continue
        n = caseload[year][0]
        volume = max(register.value(model_id), 0.0) * register.value(own_price_id)
        price = max(register.value(price_id), 0.0) * n
        shortfall = register.value(shortfall_id)
        figs += [
            Figure(
                f"oorzaken.tekort_volume.{year}",
                volume,
                "EUR",
                f"Deel van het tekort {year} toe te schrijven aan volume (indicatief)",
                "huishoudens boven het verdeelmodel x eigen netto prijs per uitkering",
                derived_from=(model_id, own_price_id),
            ),
            Figure(
                f"oorzaken.tekort_prijs.{year}",
                price,
                "EUR",
                f"Deel van het tekort {year} toe te schrijven aan prijs (indicatief)",
                "(eigen netto prijs - grootteklasse) x gemiddeld aantal uitkeringen",
                derived_from=(price_id, f"oorzaken.uitkeringen.{year}"),
            ),
            Figure(
                f"oorzaken.tekort_overig.{year}",
                shortfall - volume - price,
                "EUR",
                f"Deel van het tekort {year} met andere oorzaken (indicatief)",
                "tekort - volumedeel - prijsdeel",
                derived_from=(
                    shortfall_id,
                    f"oorzaken.tekort_volume.{year}",
                    f"oorzaken.tekort_prijs.{year}",
                ),
            ),
        ]
        chapter.attribution_years.append(year)
    totals = monthly[monthly["regeling"] == "totaal"] if len(monthly) else monthly
    for record in statushouders.to_dict("records"):
        year = int(record["jaar"])
        december = (
            totals[(totals["jaar"] == year - 1) & (totals["maand"] == 12)]
            if len(totals)
            else totals
        )
        rows = statushouders[statushouders["jaar"] == year]
        figs.append(
            Figure(
                f"oorzaken.statushouders.{year}",
                int(record["extra_statushouders"]),
                "AANTAL",
                f"Extra statushouders in de bijstand {year}",
                "extra_statushouders",
                sources_from_rows(rows, "extra_statushouders"),
            )
        )
        if len(december):
            base = int(december["aantal"].iloc[0])
            figs.append(
                Figure(
                    f"oorzaken.clienten_eind.{year - 1}",
                    base,
                    "AANTAL",
                    f"Bijstandsklanten eind {year - 1} (alle regelingen)",
                    "totaal december in bestand_maand",
                    monthly_sources(monthly, year - 1, 12),
                )
            )
            figs.append(
                Figure(
                    f"oorzaken.statushouders_pct.{year}",
                    record["extra_statushouders"] / base * 100,
                    "PCT",
                    f"Effect statushouders {year} op het bestand",
                    "extra statushouders / klanten eind vorig jaar x 100",
                    derived_from=(
                        f"oorzaken.statushouders.{year}",
                        f"oorzaken.clienten_eind.{year - 1}",
                    ),
                )
            )
            chapter.status_years.append(year)
            if own_price_id in register and benchmark_year is not None:
                figs.append(
                    Figure(
                        f"oorzaken.statushouders_euro.{year}",
                        record["extra_statushouders"] * register.value(own_price_id),
                        "EUR",
                        f"Effect statushouders {year} in euro's per jaar (indicatief)",
                        f"extra statushouders x eigen netto prijs per uitkering ({benchmark_year})",
                        derived_from=(f"oorzaken.statushouders.{year}", own_price_id),
                    )
                )
    return chapter


def analyse_oorzaken(
    chapters: dict[str, Chapter],
    monthly: pd.DataFrame,
    statushouders: pd.DataFrame,
    own_code: str,
    price_indicator: str,
) -> OorzakenChapter:
    """Rule analyse_oorzaken: causes of the shortfall from the budget, verdeelmodel and benchmark
    chapters and the caseload."""
    register = Register()
    for name in sorted(chapters):
        register.extend(chapters[name].figures)
    return oorzaken_chapter(
        register,
        monthly,
        statushouders,
        chapters["budget"].years,
        own_code,
        price_indicator,
        chapters["benchmark"].year,
    )
