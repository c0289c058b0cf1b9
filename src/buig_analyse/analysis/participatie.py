"""Participatiebudget chapter (seed 000, paragraph 4.2): rijksbijdrage and spending per year and
the change against a reference year (seed: 451,219 in 2012 -> 294,326 in 2017 = -35%)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.chapter import Chapter
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, sources_from_rows

PERIOD_LABELS = {
    "K1": "eerste kwartaal",
    "K2": "tot en met het tweede kwartaal",
    "K3": "tot en met het derde kwartaal",
}


@dataclass
class ParticipatieChapter(Chapter):
    name: ClassVar[str] = "participatie"
    needs: ClassVar[tuple[str, ...]] = ("participatiebudget",)

    years: list[int] = field(default_factory=list)
    reference_year: int | None = None


CHAPTER = ParticipatieChapter


def participatie_chapter(
    table: pd.DataFrame, report_year: int, history_years: int, reference_year: int | None
) -> ParticipatieChapter:
    """Figures of the participatiebudget chapter."""
    chapter = ParticipatieChapter(reference_year=reference_year)
    figs = chapter.figures
    for year in range(report_year - history_years, report_year + 1):
        rows = table[table["jaar"] == year]
        if rows.empty:
            continue
        row = rows.iloc[0]
        chapter.years.append(year)
        figs.append(
            Figure(
                f"participatie.rijksbijdrage.{year}",
                float(row["rijksbijdrage"]),
                "EUR",
                f"Participatiebudget {year} ({row['versie']})",
                "rijksbijdrage uit participatiebudget",
                sources_from_rows(rows, "rijksbijdrage"),
            )
        )
        figs.append(
            Figure(
                f"participatie.versie.{year}",
                str(row["versie"]),
                "TEKST",
                f"Versie participatiebudget {year}",
                "versie uit participatiebudget",
                sources_from_rows(rows, "versie"),
            )
        )
        if not pd.isna(row["uitgaven"]):
            period = row["uitgaven_periode"]
            label = (
                "heel jaar"
                if period is None or pd.isna(period)
                else PERIOD_LABELS.get(period, f"tot en met {period}")
            )
            figs.append(
                Figure(
                    f"participatie.uitgaven.{year}",
                    float(row["uitgaven"]),
                    "EUR",
                    f"Uitgaven participatiebudget {year} ({label})",
                    "uitgaven uit participatiebudget",
                    sources_from_rows(rows, "uitgaven"),
                )
            )
            figs.append(
                Figure(
                    f"participatie.uitgaven_periode.{year}",
                    label,
                    "TEKST",
                    f"Periode van de uitgaven {year}",
                    "uitgaven_periode uit participatiebudget",
                    sources_from_rows(rows, "uitgaven_periode"),
                )
            )
            if isinstance(row["toelichting"], str) and row["toelichting"]:
                figs.append(
                    Figure(
                        f"participatie.toelichting.{year}",
                        row["toelichting"],
                        "TEKST",
                        f"Toelichting uitgaven {year}",
                        "toelichting uit participatiebudget",
                        sources_from_rows(rows, "toelichting"),
                    )
                )
    if reference_year is not None and chapter.years and reference_year not in chapter.years:
        ref_rows = table[table["jaar"] == reference_year]
        last = chapter.years[-1]
        figs.append(
            Figure(
                f"participatie.rijksbijdrage.{reference_year}",
                float(ref_rows["rijksbijdrage"].iloc[0]),
                "EUR",
                f"Participatiebudget referentiejaar {reference_year}",
                "rijksbijdrage uit participatiebudget",
                sources_from_rows(ref_rows, "rijksbijdrage"),
            )
        )
        new = float(table.loc[table["jaar"] == last, "rijksbijdrage"].iloc[0])
        figs.append(
            Figure(
                "participatie.mutatie_referentiejaar",
                (new / float(ref_rows["rijksbijdrage"].iloc[0]) - 1) * 100,
                "MUTATIE",
                f"Mutatie participatiebudget {last} t.o.v. {reference_year}",
                "(budget laatste jaar / budget referentiejaar - 1) x 100",
                derived_from=(
                    f"participatie.rijksbijdrage.{last}",
                    f"participatie.rijksbijdrage.{reference_year}",
                ),
            )
        )
    return chapter


def analyse_participatie(
    table: pd.DataFrame,
    present: bool,
    report_year: int,
    history_years: int,
    reference_year: int | None,
) -> ParticipatieChapter:
    """Chapter participatie (rule analyse): the chapter, or a chapter marked as missing its input."""
    if not present:
        return ParticipatieChapter(missing=["participatiebudget"])
    return participatie_chapter(table, report_year, history_years, reference_year)
