"""Divosa benchmark deviations (seed 000, 4.5 "Oorzaken tekort"): for each indicator the difference
from the size class (grootteklasse) and the national average, favourable or unfavourable given
whether higher is better, ranked by relative deviation; an indicator in euros per benefit is
converted to money by the number of benefits (seed: net price € 498 above the size class)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.bestand import monthly_sources
from buig_analyse.analysis.chapter import Chapter
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, sources_from_rows

UNIT_OF = {"procent": "PCT", "euro per uitkering": "EUR", "aantal": "GETAL"}


@dataclass
class BenchmarkChapter(Chapter):
    name: ClassVar[str] = "benchmark"
    needs: ClassVar[tuple[str, ...]] = ("benchmark",)

    year: int | None = None
    indicators: list[str] = field(default_factory=list)
    money_indicators: list[str] = field(default_factory=list)


CHAPTER = BenchmarkChapter


def judgement(difference: float, higher_is_better: bool) -> str:
    """gunstig / ongunstig / gelijk for a difference own - reference."""
    if difference == 0:
        return "gelijk"
    return "gunstig" if (difference > 0) == higher_is_better else "ongunstig"


def benchmark_chapter(
    bench: pd.DataFrame,
    report_year: int,
    benefits: dict[int, float],
    monthly: pd.DataFrame | None = None,
) -> BenchmarkChapter:
    """Deviations for the latest benchmark year not after the report year. ``benefits`` maps a year
    to its average number of running benefits (for the conversion to euros)."""
    years = sorted(y for y in set(bench["jaar"].astype(int)) if y <= report_year)
    chapter = BenchmarkChapter()
    if not years:
        chapter.missing.append("benchmark")
        return chapter
    year = chapter.year = years[-1]
    rows = bench[bench["jaar"] == year]
    if year in benefits:
        chapter.figures.append(
            Figure(
                f"benchmark.aantal_uitkeringen.{year}",
                benefits[year],
                "AANTAL",
                f"Gemiddeld aantal lopende uitkeringen {year}",
                "gemiddelde van de twaalf maandtotalen (alle regelingen) in bestand_maand",
                monthly_sources(monthly, year) if monthly is not None else (),
            )
        )
    ranking = []
    for record in rows.to_dict("records"):
        one = rows[rows["indicator"] == record["indicator"]]
        prefix = f"benchmark.{record['indicator']}"
        unit = UNIT_OF[record["eenheid"]]
        better = record["hoger_is_beter"] == "ja"
        diff = record["eigen"] - record["grootteklasse"]
        rel = diff / record["grootteklasse"] * 100 if record["grootteklasse"] else 0.0
        verdict = judgement(diff, better)
        chapter.figures += [
            Figure(
                f"{prefix}.omschrijving",
                record["omschrijving"],
                "TEKST",
                "Indicator",
                "omschrijving uit benchmark",
                sources_from_rows(one, "omschrijving"),
            ),
            Figure(
                f"{prefix}.eigen",
                record["eigen"],
                unit,
                f"{record['omschrijving']}: eigen organisatie {year}",
                "eigen",
                sources_from_rows(one, "eigen"),
            ),
            Figure(
                f"{prefix}.grootteklasse",
                record["grootteklasse"],
                unit,
                f"{record['omschrijving']}: grootteklasse {year}",
                "grootteklasse",
                sources_from_rows(one, "grootteklasse"),
            ),
            Figure(
                f"{prefix}.verschil_grootteklasse",
                diff,
                unit,
                f"{record['omschrijving']}: eigen - grootteklasse",
                "eigen - grootteklasse",
                derived_from=(f"{prefix}.eigen", f"{prefix}.grootteklasse"),
            ),
            Figure(
                f"{prefix}.afwijking_pct",
                rel,
                "MUTATIE",
                f"{record['omschrijving']}: relatieve afwijking van de grootteklasse",
                "(eigen - grootteklasse) / grootteklasse x 100",
                derived_from=(f"{prefix}.verschil_grootteklasse",),
            ),
            Figure(
                f"{prefix}.oordeel",
                verdict,
                "TEKST",
                f"{record['omschrijving']}: oordeel t.o.v. grootteklasse",
                "gunstig als de afwijking de goede kant op is (hoger_is_beter)",
                sources_from_rows(one, "hoger_is_beter"),
            ),
        ]
        if not pd.isna(record["landelijk"]):
            chapter.figures += [
                Figure(
                    f"{prefix}.landelijk",
                    record["landelijk"],
                    unit,
                    f"{record['omschrijving']}: landelijk {year}",
                    "landelijk",
                    sources_from_rows(one, "landelijk"),
                ),
                Figure(
                    f"{prefix}.verschil_landelijk",
                    record["eigen"] - record["landelijk"],
                    unit,
                    f"{record['omschrijving']}: eigen - landelijk",
                    "eigen - landelijk",
                    derived_from=(f"{prefix}.eigen", f"{prefix}.landelijk"),
                ),
                Figure(
                    f"{prefix}.oordeel_landelijk",
                    judgement(record["eigen"] - record["landelijk"], better),
                    "TEKST",
                    f"{record['omschrijving']}: oordeel t.o.v. landelijk",
                    "gunstig als de afwijking de goede kant op is",
                    derived_from=(f"{prefix}.verschil_landelijk",),
                ),
            ]
        if record["eenheid"] == "euro per uitkering" and year in benefits:
            chapter.money_indicators.append(record["indicator"])
            chapter.figures.append(
                Figure(
                    f"{prefix}.effect_euro",
                    diff * benefits[year],
                    "EUR",
                    f"{record['omschrijving']}: effect in euro's t.o.v. grootteklasse ({year})",
                    "(eigen - grootteklasse) x gemiddeld aantal uitkeringen",
                    derived_from=(
                        f"{prefix}.verschil_grootteklasse",
                        f"benchmark.aantal_uitkeringen.{year}",
                    ),
                )
            )
        ranking.append((0 if verdict == "ongunstig" else 1, -abs(rel), record["indicator"]))
    chapter.indicators = [indicator for _, _, indicator in sorted(ranking)]
    return chapter


def average_benefits(monthly: pd.DataFrame) -> dict[int, float]:
    """Average number of running benefits per year (all regelingen) from the monthly totals, for
    years with all twelve months."""
    totals = monthly[monthly["regeling"] == "totaal"]
    result = {}
    for year, part in totals.groupby("jaar"):
        if len(part) == 12:
            result[int(year)] = float(part["aantal"].astype(float).mean())
    return result


def analyse_benchmark(
    bench: pd.DataFrame,
    monthly: pd.DataFrame,
    present: dict[str, bool],
    report_year: int,
) -> BenchmarkChapter:
    """Chapter benchmark (rule analyse): deviations from the benchmark, or a chapter marked as missing."""
    if not present.get("benchmark"):
        return BenchmarkChapter(missing=["benchmark"])
    benefits = average_benefits(monthly) if present.get("bestand_maand") else {}
    return benchmark_chapter(bench, report_year, benefits, monthly)
