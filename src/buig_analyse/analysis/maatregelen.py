"""Chapter 5, from analysis to measures (seed 000 chapter 5, seed 001, seed 002 chapter 9).

Three optional inputs, each shown when present:
- ``maatregelen``: budget and spending per measure and year;
- ``plaatsingen``: placements per year by full-time/part-time job and by half-year of outflow. The
  **fictieve besparing** of a year is the sum of placements x norm amount (reference table
  ``normbedragen_besparing``, seed 001 appendix 1: 13.000 / 6.500 full-time, 3.250 / 1.625 part-time,
  first / second half-year) and the **netto voordeel** is besparing - uitgaven of the measures.
  Seed 001: besparing 268.125 / 448.500 / 243.750 and netto voordeel 149.196 / 249.168 / 132.245 for
  2015 / 2016 / 2017 (first half-year);
- ``kostenverdeling``: shared costs of a samenwerkingsverband split by each gemeente's share,
  rounded to a configured unit by the largest-remainder method, so the parts always add up to the
  total (:func:`split_costs`). A split decided by the councils, when given, is compared with it in
  the Controles appendix (seed 002 rounds 487.000 and 247.000 differently).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.chapter import Chapter
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, Register, Source, slug, sources_from_rows

JOBS = ("fulltime", "parttime")
HALVES = (1, 2)
NORM_FILE = "data/reference/normbedragen_besparing.csv"


@dataclass
class MaatregelenChapter(Chapter):
    name: ClassVar[str] = "maatregelen"

    measures: list[str] = field(default_factory=list)  # slugs, in file order
    measure_years: list[int] = field(default_factory=list)
    savings_years: list[int] = field(default_factory=list)
    split_posts: list[str] = field(default_factory=list)  # "<jaar>.<post slug>"
    split_gemeenten: list[str] = field(default_factory=list)  # gemeentecodes, file order
    split_unit: int = 1
    scenarios: list[str] = field(default_factory=list)  # slugs
    scenario_years: list[int] = field(default_factory=list)


CHAPTER = MaatregelenChapter


def largest_remainder(total: float, shares: list[float], unit: int) -> list[float]:
    """Split ``total`` by ``shares`` (any positive weights) into parts that are multiples of
    ``unit`` and add up to the total exactly (Hamilton's largest-remainder method): every part is
    first rounded down to the unit, the units left over go one by one to the largest remainders
    (ties: the earlier row). A total that is not a multiple of the unit keeps its sub-unit rest on
    the largest part. 487.000 by 74/12/14 in thousands: 360.000 / 59.000 / 68.000."""
    weight = sum(shares)
    if weight <= 0:
        raise ValueError("shares must add up to more than zero")
    units = math.floor(round(total / unit, 9))
    exact = [units * s / weight for s in shares]
    parts = [math.floor(round(x, 9)) for x in exact]
    left = units - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    amounts = [p * unit for p in parts]
    rest = total - units * unit
    if rest:
        biggest = max(range(len(shares)), key=lambda i: (shares[i], -i))
        amounts[biggest] += rest
    return amounts


def _measure_figures(chapter: MaatregelenChapter, table: pd.DataFrame) -> None:
    figs = chapter.figures
    for name in dict.fromkeys(table["maatregel"]):
        key = slug(name)
        chapter.measures.append(key)
        rows = table[table["maatregel"] == name]
        figs.append(
            Figure(f"maatregel.{key}.naam", str(name), "TEKST", "Naam van de maatregel",
                   "maatregel uit maatregelen", sources_from_rows(rows.iloc[:1], "maatregel"))
        )  # fmt: skip
        for row_index in range(len(rows)):
            one = rows.iloc[row_index : row_index + 1]
            year = int(one["jaar"].iloc[0])
            for column, label in (("budget", "Budget"), ("uitgaven", "Uitgaven")):
                if pd.isna(one[column].iloc[0]):
                    continue
                figs.append(
                    Figure(
                        f"maatregel.{key}.{column}.{year}",
                        float(one[column].iloc[0]),
                        "EUR",
                        f"{label} {name} {year}",
                        f"{column} uit maatregelen",
                        sources_from_rows(one, column),
                    )
                )
    for year in sorted(set(int(y) for y in table["jaar"])):
        rows = table[(table["jaar"] == year) & table["uitgaven"].notna()]
        if rows.empty:
            continue
        chapter.measure_years.append(year)
        figs.append(
            Figure(
                f"maatregelen.uitgaven.{year}",
                float(rows["uitgaven"].sum()),
                "EUR",
                f"Uitgaven aan de maatregelen {year}",
                "som van uitgaven over de maatregelen in maatregelen",
                derived_from=tuple(
                    f"maatregel.{slug(m)}.uitgaven.{year}" for m in rows["maatregel"]
                ),
            )
        )
        periods = [p for p in rows["periode"] if isinstance(p, str) and p.strip()]
        if periods:
            figs.append(
                Figure(
                    f"maatregelen.periode.{year}",
                    "; ".join(dict.fromkeys(periods)),
                    "TEKST",
                    f"Periode van de uitgaven {year}",
                    "periode uit maatregelen",
                    sources_from_rows(rows, "periode"),
                )
            )


def _norm_figures(norms: pd.DataFrame) -> dict[tuple[str, int], Figure]:
    out = {}
    for row_index in range(len(norms)):
        one = norms.iloc[row_index : row_index + 1]
        job, half = str(one["dienstverband"].iloc[0]), int(one["halfjaar"].iloc[0])
        source = sources_from_rows(one, "bedrag")
        out[(job, half)] = Figure(
            f"besparing.normbedrag.{job}.{half}",
            float(one["bedrag"].iloc[0]),
            "EUR",
            f"Normbedrag fictieve besparing per plaatsing, {job}, uitstroom in het "
            f"{'eerste' if half == 1 else 'tweede'} halfjaar",
            f"bedrag uit {NORM_FILE}; bron: {one['bron'].iloc[0]}",
            tuple(Source(NORM_FILE, s.sheet, s.row, s.column, s.value) for s in source),
        )
    return out


def _savings_figures(
    chapter: MaatregelenChapter, placements: pd.DataFrame, norms: pd.DataFrame
) -> None:
    figs = chapter.figures
    norm_figs = _norm_figures(norms)
    used: set[tuple[str, int]] = set()
    for year in sorted(set(int(y) for y in placements["jaar"])):
        parts = []
        total = 0.0
        for job in JOBS:
            for half in HALVES:
                rows = placements[
                    (placements["jaar"] == year)
                    & (placements["dienstverband"] == job)
                    & (placements["halfjaar"] == half)
                ]
                if rows.empty:
                    continue
                if (job, half) not in norm_figs:
                    raise ValueError(f"geen normbedrag voor {job}, halfjaar {half} in {NORM_FILE}")
                used.add((job, half))
                count_id = f"besparing.plaatsingen.{year}.{job}.{half}"
                count = int(rows["aantal"].sum())
                figs.append(
                    Figure(
                        count_id,
                        count,
                        "AANTAL",
                        f"Plaatsingen {year}, {job}, uitstroom in het "
                        f"{'eerste' if half == 1 else 'tweede'} halfjaar",
                        "som van aantal in plaatsingen",
                        sources_from_rows(rows, "aantal"),
                    )
                )
                total += count * norm_figs[(job, half)].value
                parts += [count_id, norm_figs[(job, half)].id]
        chapter.savings_years.append(year)
        figs.append(
            Figure(
                f"besparing.fictief.{year}",
                total,
                "EUR",
                f"Fictieve besparing door plaatsingen {year}",
                "som over dienstverband en halfjaar van plaatsingen x normbedrag (seed 001, bijlage 1)",
                derived_from=tuple(parts),
            )
        )
        spending = f"maatregelen.uitgaven.{year}"
        if year in chapter.measure_years:
            figs.append(
                Figure(
                    f"besparing.netto_voordeel.{year}",
                    total - next(f.value for f in figs if f.id == spending),
                    "EUR",
                    f"Netto voordeel van de maatregelen {year}",
                    "fictieve besparing - uitgaven aan de maatregelen",
                    derived_from=(f"besparing.fictief.{year}", spending),
                )
            )
    figs.extend(norm_figs[key] for key in sorted(used))


def _split_figures(chapter: MaatregelenChapter, table: pd.DataFrame, unit: int) -> None:
    figs = chapter.figures
    chapter.split_unit = unit
    chapter.split_gemeenten = list(dict.fromkeys(str(c) for c in table["gemeentecode"]))
    for (year, post), rows in table.groupby(["jaar", "post"], sort=False):
        key = f"{int(year)}.{slug(post)}"
        chapter.split_posts.append(key)
        totals = set(float(t) for t in rows["totaal"])
        if len(totals) > 1:
            raise ValueError(
                f"kostenverdeling {year} {post}: verschillende totalen {sorted(totals)}"
            )
        total = totals.pop()
        figs.append(
            Figure(f"kosten.{key}.post", str(post), "TEKST", f"Kostenpost {year}",
                   "post uit kostenverdeling", sources_from_rows(rows.iloc[:1], "post"))
        )  # fmt: skip
        figs.append(
            Figure(f"kosten.{key}.totaal", total, "EUR", f"Totale kosten {post} {year}",
                   "totaal uit kostenverdeling", sources_from_rows(rows.iloc[:1], "totaal"))
        )  # fmt: skip
        shares = [float(s) for s in rows["aandeel_pct"]]
        parts = largest_remainder(total, shares, unit)
        figs.append(
            Figure(
                f"kosten.{key}.aandelen_pct",
                sum(shares),
                "PCT",
                f"Som van de aandelen {post} {year}",
                "som van aandeel_pct (hoort 100 te zijn)",
                sources_from_rows(rows, "aandeel_pct"),
            )
        )
        for row_index, part in enumerate(parts):
            one = rows.iloc[row_index : row_index + 1]
            code = str(one["gemeentecode"].iloc[0])
            name = str(one["gemeente"].iloc[0])
            base = f"kosten.{key}.{code}"
            figs.append(Figure(f"{base}.gemeente", name, "TEKST", f"Gemeente {code}",
                               "gemeente uit kostenverdeling", sources_from_rows(one, "gemeente")))  # fmt: skip
            figs.append(Figure(f"{base}.aandeel_pct", shares[row_index], "PCT",
                               f"Aandeel {name} in {post} {year}", "aandeel_pct uit kostenverdeling",
                               sources_from_rows(one, "aandeel_pct")))  # fmt: skip
            figs.append(
                Figure(
                    f"{base}.bedrag",
                    part,
                    "EUR",
                    f"Deel {name} van {post} {year}",
                    f"totaal x aandeel, afgerond op {unit:,} euro met de methode van de grootste "
                    "overschotten (de delen tellen op tot het totaal)".replace(",", "."),
                    derived_from=(f"kosten.{key}.totaal", f"{base}.aandeel_pct"),
                )
            )
            decided = one["besloten_bedrag"].iloc[0]
            if not pd.isna(decided):
                figs.append(
                    Figure(
                        f"{base}.besloten",
                        float(decided),
                        "EUR",
                        f"Deel {name} van {post} {year} zoals besloten",
                        "besloten_bedrag uit kostenverdeling",
                        sources_from_rows(one, "besloten_bedrag"),
                    )
                )


def maatregelen_chapter(
    tables: dict[str, pd.DataFrame], norms: pd.DataFrame, unit: int
) -> MaatregelenChapter:
    chapter = MaatregelenChapter()
    measures = tables.get("maatregelen")
    if measures is not None and len(measures):
        _measure_figures(chapter, measures)
    placements = tables.get("plaatsingen")
    if placements is not None and len(placements):
        _savings_figures(chapter, placements, norms)
    split = tables.get("kostenverdeling")
    if split is not None and len(split):
        _split_figures(chapter, split, unit)
    return chapter


def analyse_maatregelen(
    tables: dict[str, pd.DataFrame],
    norms: pd.DataFrame,
    unit: int,
    present: dict,
    budget: Chapter,
    vangnet_regels: pd.DataFrame,
) -> MaatregelenChapter:
    """Chapter maatregelen (rule analyse): chapter 5's figures from the optional measure inputs, and the
    scenarios (:mod:`.scenario`) next to the baseline of the budget chapter."""
    from buig_analyse.analysis.scenario import scenario_figures
    from buig_analyse.analysis.vangnet import rules_from_table

    chapter = maatregelen_chapter(
        {name: table for name, table in tables.items() if present.get(name)}, norms, unit
    )
    if present.get("scenario") and len(tables["scenario"]):
        baseline = Register()
        baseline.extend(budget.figures)
        found = scenario_figures(
            baseline, budget.years, tables["scenario"], rules_from_table(vangnet_regels)
        )
        chapter.figures.extend(found.figures)
        chapter.scenarios, chapter.scenario_years = found.scenarios, found.years
    chapter.missing = [
        name
        for name in ("maatregelen", "plaatsingen", "kostenverdeling", "scenario")
        if not present.get(name)
    ]
    return chapter
