"""Caseload (bestand) chapter (seed 000, 4.5; seed 003 for the age bands).

Two inputs: monthly counts per regeling, and the suppressed aggregates of the client-level export
(made during validation by :mod:`buig_analyse.ingest.aggregaten`, so no client row reaches this
module).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.analysis.chapter import Chapter
from buig_analyse.ingest.aggregaten import DIMENSIONS
from buig_analyse.lazy import pandas as pd
from buig_analyse.register.figures import Figure, Source, slug, sources_from_rows


@dataclass
class BestandChapter(Chapter):
    name: ClassVar[str] = "bestand"
    dimension_labels: ClassVar[dict[str, str]] = DIMENSIONS

    months: list[str] = field(default_factory=list)
    year_ends: list[int] = field(default_factory=list)
    regelingen: list[str] = field(default_factory=list)
    share_years: list[int] = field(default_factory=list)
    flow_years: list[int] = field(default_factory=list)
    flow_reasons: list[str] = field(default_factory=list)
    composition: dict[str, list[str]] = field(default_factory=dict)
    peildatum: str | None = None


CHAPTER = BestandChapter
MIN_COUNT_ID = "instelling.privacy_min_count"


PROTECTED = "x"  # a count hidden only so that a small group cannot be derived from the total


def _count_figure(fid: str, row: dict, description: str, threshold: int, sources=()) -> Figure:
    if row["onderdrukt"] and row.get("aanvullend"):
        return Figure(
            fid,
            PROTECTED,
            "TEKST",
            description + " (verborgen: anders is een kleine groep uit het totaal af te leiden)",
            "aanvullend verborgen (privacy): het aantal is niet klein, maar zou met het totaal een "
            f"groep van minder dan {threshold} prijsgeven",
            sources,
            (MIN_COUNT_ID,),
        )
    if row["onderdrukt"]:
        return Figure(
            fid,
            f"<{threshold}",
            "TEKST",
            description + f" (onderdrukt: minder dan {threshold})",
            "kleine aantallen worden niet getoond (privacy)",
            sources,
            (MIN_COUNT_ID,),
        )
    return Figure(fid, int(row["aantal"]), "AANTAL", description, "aantal", sources)


def monthly_sources(monthly: pd.DataFrame, year: int, month: int | None = None):
    """Provenance of a monthly total: the regeling rows of bestand_maand it sums."""
    rows = monthly[(monthly["jaar"] == year) & (monthly["regeling"] != "totaal")]
    if month is not None:
        rows = rows[rows["maand"] == month]
    return sources_from_rows(rows, "aantal")


def client_source(file: str, columns: str) -> tuple[Source, ...]:
    """Provenance of an aggregate of the client-level export: the file and columns, never rows."""
    return (
        Source(
            file,
            "",
            None,
            columns,
            "aggregaat over alle rijen (persoonsgegevens, niet herleidbaar)",
        ),
    )


DIMENSION_COLUMNS = {
    "huishoudtype": "huishoudtype",
    "leeftijd": "geboortedatum/geboortejaar/leeftijd",
    "duur": "startdatum",
    "categorie": "categorie",
    "statushouder": "statushouder",
    "ontheffing": "ontheffing",
}


def bestand_chapter(
    tables: dict[str, pd.DataFrame],
    present: dict[str, bool],
    gemeentecode: str,
    peildatum: str | None,
    threshold: int,
    client_file: str = "bestand_clienten.csv",
) -> BestandChapter:
    """Figures of the caseload chapter: monthly series, year-on-year change, share of inhabitants on
    bijstand against the national share, in- and outflow, composition at the peildatum."""
    chapter = BestandChapter(peildatum=peildatum)
    figs = chapter.figures
    # The privacy threshold is a figure: every suppressed count derives from it (explain shows it).
    figs.append(
        Figure(
            MIN_COUNT_ID,
            threshold,
            "AANTAL",
            "Kleinste getoonde aantal van een deelgroep (privacydrempel)",
            "instelling privacy.min_count in de config",
            (Source("config", "", None, "privacy.min_count", threshold),),
        )
    )
    monthly = tables["bestand_maand"]
    if present.get("bestand_maand"):
        totals = monthly[monthly["regeling"] == "totaal"].sort_values(["jaar", "maand"])
        chapter.regelingen = sorted(
            set(monthly["regeling"]) - {"totaal"},
            key=["participatiewet", "ioaw", "ioaz", "bbz"].index,
        )
        by_key = {(int(r["jaar"]), int(r["maand"])): r for r in totals.to_dict("records")}
        for (year, month), row in by_key.items():
            key = f"{year}-{month:02d}"
            chapter.months.append(key)
            figs.append(
                Figure(
                    f"bestand.totaal.{key}",
                    int(row["aantal"]),
                    "AANTAL",
                    f"Lopende uitkeringen eind {key} (alle regelingen)",
                    "som van aantal over de regelingen in bestand_maand",
                    sources_from_rows(
                        monthly[
                            (monthly["jaar"] == year)
                            & (monthly["maand"] == month)
                            & (monthly["regeling"] != "totaal")
                        ],
                        "aantal",
                    ),
                )
            )
            for record in monthly[
                (monthly["jaar"] == year)
                & (monthly["maand"] == month)
                & (monthly["regeling"] != "totaal")
            ].to_dict("records"):
                figs.append(
                    _count_figure(
                        f"bestand.{record['regeling']}.{key}",
                        record,
                        f"Lopende uitkeringen {record['regeling']} eind {key}",
                        threshold,
                        sources_from_rows(pd.DataFrame([record]), "aantal"),
                    )
                )
            if (year - 1, month) in by_key:
                previous = int(by_key[(year - 1, month)]["aantal"])
                figs.append(
                    Figure(
                        f"bestand.mutatie.{key}",
                        (int(row["aantal"]) / previous - 1) * 100 if previous else None,
                        "MUTATIE",
                        f"Mutatie bestand eind {key} t.o.v. dezelfde maand een jaar eerder",
                        "(aantal / aantal jaar eerder - 1) x 100"
                        + (
                            "" if previous else "; niet te berekenen: een jaar eerder 0 uitkeringen"
                        ),
                        derived_from=(
                            f"bestand.totaal.{key}",
                            f"bestand.totaal.{year - 1}-{month:02d}",
                        ),
                    )
                )
        for year in sorted({y for y, _ in by_key}):
            if (year, 12) in by_key:
                chapter.year_ends.append(year)
    else:
        chapter.missing.append("bestand_maand")

    cbs = tables["cbs_bevolking"]
    if present.get("cbs_bevolking"):
        for year in sorted(set(cbs["jaar"].astype(int))):
            own = cbs[(cbs["jaar"] == year) & (cbs["gebied"] == gemeentecode)]
            national = cbs[(cbs["jaar"] == year) & (cbs["gebied"] == "NL01")]
            if own.empty or national.empty:
                continue
            chapter.share_years.append(year)
            for area, rows in (("gemeente", own), ("nederland", national)):
                r = rows.iloc[0]
                figs.append(
                    Figure(
                        f"context.bijstand_pct.{area}.{year}",
                        r["personen_bijstand"] / r["inwoners"] * 100,
                        "PCT",
                        f"Inwoners met bijstand in % van alle inwoners, {area} {year}",
                        "personen_bijstand / inwoners x 100",
                        sources_from_rows(rows, "personen_bijstand")
                        + sources_from_rows(rows, "inwoners"),
                    )
                )
                figs.append(
                    Figure(
                        f"context.personen_bijstand.{area}.{year}",
                        int(r["personen_bijstand"]),
                        "AANTAL",
                        f"Personen met bijstand {area} {year} (CBS)",
                        "personen_bijstand",
                        sources_from_rows(rows, "personen_bijstand"),
                    )
                )
            prev = cbs[(cbs["jaar"] == year - 1) & (cbs["gebied"] == "NL01")]
            if len(prev):
                figs.append(
                    Figure(
                        f"context.mutatie_personen_bijstand.nederland.{year}",
                        int(
                            national.iloc[0]["personen_bijstand"]
                            - prev.iloc[0]["personen_bijstand"]
                        ),
                        "AANTAL",
                        f"Toename personen met bijstand in Nederland in {year} t.o.v. {year - 1}",
                        "personen_bijstand T - personen_bijstand T-1",
                        derived_from=(f"context.personen_bijstand.nederland.{year}",),
                    )
                )
    else:
        chapter.missing.append("cbs_bevolking")

    flows = tables["bestand_stromen"]
    composition = tables["bestand_samenstelling"]
    if present.get("bestand_clienten"):
        chapter.flow_years = sorted(set(flows["jaar"].astype(int)))
        reasons = [
            r
            for r in dict.fromkeys(
                flows.loc[
                    (flows["richting"] == "uitstroom") & (flows["reden"] != "totaal"), "reden"
                ]
            )
        ]
        chapter.flow_reasons = sorted(reasons)
        for record in flows.to_dict("records"):
            fid = f"stromen.{record['richting']}.{slug(record['reden'])}.{int(record['jaar'])}"
            figs.append(
                _count_figure(
                    fid,
                    record,
                    f"{record['richting'].capitalize()} {record['reden']} {int(record['jaar'])}",
                    threshold,
                    client_source(client_file, "startdatum, einddatum, reden_einde, statushouder"),
                )
            )
        for dimension in DIMENSIONS:
            part = composition[
                (composition["dimensie"] == dimension) & (composition["groep"] != "totaal")
            ]
            total_rows = composition[
                (composition["dimensie"] == dimension) & (composition["groep"] == "totaal")
            ]
            total = int(total_rows["aantal"].iloc[0]) if len(total_rows) else None
            chapter.composition[dimension] = [
                g
                for g, n in zip(part["groep"], part["aantal"], strict=True)
                if g != "onbekend" or (not pd.isna(n) and n > 0)
            ]
            if total is not None:
                figs.append(
                    Figure(
                        f"samenstelling.totaal.{dimension}",
                        total,
                        "AANTAL",
                        f"Lopende uitkeringen op {peildatum} (clientbestand)",
                        "aantal lopende uitkeringen op de peildatum",
                        client_source(client_file, "startdatum, einddatum"),
                    )
                )
            for record in part.to_dict("records"):
                fid = f"samenstelling.{dimension}.{slug(record['groep'])}"
                figs.append(
                    _count_figure(
                        fid,
                        record,
                        f"{DIMENSIONS[dimension]}: {record['groep']} op {peildatum}",
                        threshold,
                        client_source(client_file, DIMENSION_COLUMNS[dimension]),
                    )
                )
                if total and not record["onderdrukt"]:
                    figs.append(
                        Figure(
                            fid + ".pct",
                            int(record["aantal"]) / total * 100,
                            "PCT",
                            f"Aandeel {record['groep']} in het bestand op {peildatum}",
                            "aantal groep / aantal totaal x 100",
                            derived_from=(fid,),
                        )
                    )
    else:
        chapter.missing.append("bestand_clienten")
    return chapter


def analyse_bestand(
    tables: dict[str, pd.DataFrame],
    present: dict[str, bool],
    files: dict[str, str],
    gemeentecode: str,
    peildatum: str | None,
    threshold: int,
) -> BestandChapter:
    """Chapter bestand (rule analyse): the caseload chapter; ``files`` are the drop's file names (the
    client-level export is named in the sources of its aggregates)."""
    client_file = next(
        (f for f in files if f.startswith("bestand_clienten")), "bestand_clienten.csv"
    )
    return bestand_chapter(tables, present, gemeentecode, peildatum, threshold, client_file)
