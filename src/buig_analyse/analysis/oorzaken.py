"""Shortfall causes (seed 000, 4.5 "Oorzaken tekort"): volume and price.

- Change in netto lasten between years = volume effect + price effect, with N the average number of
  running benefits and P = netto lasten / N, split symmetrically: volume = (N1 - N0) x (P0 + P1) / 2,
  price = (P1 - P0) x (N0 + N1) / 2 (the two add up exactly to the change).
- The change in the shortfall G from T-1 to T split into volume (of which the extra
  statushouders), price, budget and D, on one basis (T-1 -> T) and adding up to the euro.
- Status-holder effect: extra status holders / clients at the end of the previous year
  (seed: 16 / 378 = 4,2%), in euros: extra status holders x own net price per benefit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.bestand import monthly_sources
from buig_analyse.analysis.chapter import Chapter
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, Register, sources_from_rows


@dataclass
class OorzakenChapter(Chapter):
    name: ClassVar[str] = "oorzaken"

    decomposition_years: list[int] = field(default_factory=list)
    shortfall_years: list[int] = field(default_factory=list)  # change in G split into parts
    status_years: list[int] = field(default_factory=list)


CHAPTER = OorzakenChapter


def yearly_caseload(monthly: pd.DataFrame) -> dict[int, tuple[float, int]]:
    """Average number of running benefits per year and the number of months it covers."""
    totals = monthly[monthly["regeling"] == "totaal"]
    return {
        int(y): (float(p["aantal"].astype(float).mean()), len(p)) for y, p in totals.groupby("jaar")
    }


def whole_euros(total: float, parts: list[float]) -> list[int]:
    """Parts of an exact identity (they add up to ``total`` at full precision) in whole euros that
    still add up to the total rounded to the euro: every part rounded down, the euros left over go
    to the largest fractions (ties: the earlier part)."""
    import math

    from buig_analyse.register.formatting import round_half_up

    target = int(round_half_up(total, 0))
    base = [math.floor(x) for x in parts]
    left = target - sum(base)
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - base[i]), i))
    for i in order[: max(left, 0)]:
        base[i] += 1
    for i in order[::-1][: max(-left, 0)]:
        base[i] -= 1
    return base


SHORTFALL_PARTS = {
    "statushouders": "meer uitkeringen door extra statushouders (niet te beïnvloeden)",
    "volume_overig": "meer of minder uitkeringen, overig",
    "prijs": "hogere of lagere netto lasten per uitkering",
    "budget": "hogere (−) of lagere (+) rijksbijdrage",
    "fout_onzeker": "verandering in de bedragen fout of onzeker (stap D)",
}


def _shortfall_change(
    chapter: OorzakenChapter,
    register: Register,
    caseload: dict[int, tuple[float, int]],
    statushouders: pd.DataFrame,
) -> None:
    """The change in the shortfall G from T-1 to T split into parts that add up to the euro, all on
    the basis of T-1 -> T: volume (of which the extra statushouders) and price of the netto lasten
    (symmetric: average price and average caseload of both years), the change in the budget and
    the change in D. G T - G T-1 = volume + prijs - (F T - F T-1) - (D T - D T-1)."""
    extra = {
        int(r["jaar"]): int(r["extra_statushouders"]) for r in statushouders.to_dict("records")
    }
    figs = chapter.figures
    for year in chapter.decomposition_years:
        g1, g0 = f"vangnet.tekort.{year}", f"vangnet.tekort.{year - 1}"
        if g1 not in register or g0 not in register:
            continue
        n0, n1 = caseload[year - 1][0], caseload[year][0]
        p0 = register.value(f"budget.netto_lasten.{year - 1}") / n0
        p1 = register.value(f"budget.netto_lasten.{year}") / n1
        volume = (n1 - n0) * (p0 + p1) / 2
        status = extra.get(year, 0) * (p0 + p1) / 2 if year in extra else None
        exact = {
            "statushouders": status or 0.0,
            "volume_overig": volume - (status or 0.0),
            "prijs": (p1 - p0) * (n0 + n1) / 2,
            "budget": -(register.value(f"vangnet.f_budget.{year}")
                        - register.value(f"vangnet.f_budget.{year - 1}")),
            "fout_onzeker": -(register.value(f"vangnet.d_fout_onzeker.{year}")
                              - register.value(f"vangnet.d_fout_onzeker.{year - 1}")),
        }  # fmt: skip
        if status is None:
            exact.pop("statushouders")
        assumed = all(
            register[f"vangnet.d_fout_onzeker.{y}"].formula.startswith("aangenomen")
            for y in (year, year - 1)
        )
        if assumed:
            exact.pop("fout_onzeker")  # D assumed 0 in both years: no part to show
        change = register.value(g1) - register.value(g0)
        rounded = dict(zip(exact, whole_euros(change, list(exact.values())), strict=True))
        figs.append(
            Figure(
                f"oorzaken.tekort_verandering.{year}",
                change,
                "EUR",
                f"Verandering van het tekort {year} t.o.v. {year - 1}",
                "G T - G T-1",
                derived_from=(g1, g0),
            )
        )
        parents = {
            "statushouders": (f"oorzaken.statushouders.{year}", f"oorzaken.prijs.{year}",
                              f"oorzaken.prijs.{year - 1}"),
            "volume_overig": (f"oorzaken.uitkeringen.{year}", f"oorzaken.uitkeringen.{year - 1}",
                              f"oorzaken.prijs.{year}", f"oorzaken.prijs.{year - 1}"),
            "prijs": (f"oorzaken.prijs.{year}", f"oorzaken.prijs.{year - 1}",
                      f"oorzaken.uitkeringen.{year}", f"oorzaken.uitkeringen.{year - 1}"),
            "budget": (f"vangnet.f_budget.{year}", f"vangnet.f_budget.{year - 1}"),
            "fout_onzeker": (f"vangnet.d_fout_onzeker.{year}", f"vangnet.d_fout_onzeker.{year - 1}"),
        }  # fmt: skip
        formulas = {
            "statushouders": "extra statushouders x gemiddelde netto lasten per uitkering van beide jaren",
            "volume_overig": "volume-effect (verandering aantal x gemiddelde prijs) - deel statushouders",
            "prijs": "verandering prijs x gemiddeld aantal uitkeringen van beide jaren",
            "budget": "-(F T - F T-1)",
            "fout_onzeker": "-(D T - D T-1)",
        }
        for part, value in rounded.items():
            figs.append(
                Figure(
                    f"oorzaken.tekort_{part}.{year}",
                    value,
                    "EUR",
                    f"Verandering tekort {year}: {SHORTFALL_PARTS[part]}",
                    formulas[part]
                    + "; in hele euro's, de delen tellen op tot de verandering van het tekort",
                    derived_from=parents[part],
                )
            )
        chapter.shortfall_years.append(year)


def oorzaken_chapter(
    register: Register,
    monthly: pd.DataFrame,
    statushouders: pd.DataFrame,
    budget_years: list[int],
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
            ]
            change = register.value(f"budget.netto_lasten.{year}") - register.value(
                f"budget.netto_lasten.{year - 1}"
            )
            volume, price = whole_euros(
                change, [(n1 - n0) * (p0 + p1) / 2, (p1 - p0) * (n0 + n1) / 2]
            )
            figs += [
                Figure(
                    f"oorzaken.volume_effect.{year}",
                    volume,
                    "EUR",
                    f"Volume-effect {year} (meer of minder uitkeringen)",
                    "(N T - N T-1) x gemiddelde prijs van beide jaren; in hele euro's, samen met het "
                    "prijs-effect precies de verandering van de netto lasten",
                    derived_from=parents,
                ),
                Figure(
                    f"oorzaken.prijs_effect.{year}",
                    price,
                    "EUR",
                    f"Prijs-effect {year} (hogere of lagere netto lasten per uitkering)",
                    "(prijs T - prijs T-1) x gemiddeld aantal uitkeringen van beide jaren; in hele "
                    "euro's, samen met het volume-effect precies de verandering van de netto lasten",
                    derived_from=parents,
                ),
            ]
            chapter.decomposition_years.append(year)
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
    _shortfall_change(chapter, register, caseload, statushouders)
    return chapter


def analyse_oorzaken(
    chapters: dict[str, Chapter], monthly: pd.DataFrame, statushouders: pd.DataFrame
) -> OorzakenChapter:
    """Chapter oorzaken (rule analyse): causes of the shortfall from the budget chapter (netto lasten, the
    TCVP steps) and the caseload."""
    register = Register()
    for name in sorted(chapters):
        register.extend(chapters[name].figures)
    return oorzaken_chapter(
        register,
        monthly,
        statushouders,
        chapters["budget"].years,
    )
