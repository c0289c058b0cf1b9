"""Caseload (bestand) analysis (seed 000, 4.5; seed 003 for the age bands).

Two inputs: monthly counts per regeling, and a client-level export. The client-level export is
personal data; :func:`client_aggregates` turns it into suppressed counts during validation, so no
client row, key or birth date ever leaves the validation step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from .figures import Figure, Source, slug, sources_from_rows
from .privacy import suppress

AGE_BANDS = (
    ("18-26", 18, 26),
    ("27-39", 27, 39),
    ("40-49", 40, 49),
    ("50-59", 50, 59),
    ("60+", 60, 200),
)
DURATIONS = (("korter dan 2 jaar", 0, 2), ("2 tot 4 jaar", 2, 4), ("4 jaar of langer", 4, 1000))
DIMENSIONS = {
    "huishoudtype": "Huishoudtype",
    "leeftijd": "Leeftijd",
    "duur": "Duur van de uitkering",
    "categorie": "Categorie (afstand tot werk)",
    "statushouder": "Statushouder",
    "ontheffing": "Ontheffing arbeidsplicht",
}


def month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _age(row: dict, on: dt.date) -> int | None:
    if isinstance(row.get("geboortedatum"), str) and row["geboortedatum"]:
        born = dt.date.fromisoformat(row["geboortedatum"])
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if row.get("geboortejaar") is not None and not pd.isna(row.get("geboortejaar")):
        return on.year - int(row["geboortejaar"])
    if row.get("leeftijd") is not None and not pd.isna(row.get("leeftijd")):
        return int(row["leeftijd"])
    return None


def _band(value: float, bands) -> str:
    for label, low, high in bands:
        if low <= value <= high if bands is AGE_BANDS else low <= value < high:
            return label
    return "onbekend"


def active_on(clients: pd.DataFrame, on: dt.date) -> pd.DataFrame:
    """Benefits running at the end of day ``on``."""
    day = on.isoformat()
    ends = clients["einddatum"].fillna("9999-12-31")
    return clients[(clients["startdatum"] <= day) & (ends > day)]


def client_aggregates(
    clients: pd.DataFrame,
    peildatum: dt.date,
    flow_years: list[int],
    months: list[tuple[int, int]],
    threshold: int,
):
    """Suppressed aggregates of the client-level export: composition at ``peildatum``, in- and
    outflow per year (with reasons), and the number of running benefits at each month end."""
    active = active_on(clients, peildatum)
    records = active.to_dict("records")
    groups: dict[str, dict[str, int]] = {
        "huishoudtype": {
            k: 0 for k in ("alleenstaand", "alleenstaande ouder", "gehuwd of samenwonend")
        },
        "leeftijd": {label: 0 for label, _, _ in AGE_BANDS},
        "duur": {label: 0 for label, _, _ in DURATIONS},
        "categorie": {k: 0 for k in ("1A", "1B", "2A", "2B", "3A", "3B")},
        "statushouder": {"ja": 0, "nee": 0},
        "ontheffing": {"ja": 0, "nee": 0},
    }
    for row in records:
        groups["huishoudtype"][row["huishoudtype"]] += 1
        age = _age(row, peildatum)
        band = "onbekend" if age is None else _band(age, AGE_BANDS)
        groups["leeftijd"][band] = groups["leeftijd"].get(band, 0) + 1
        years = (peildatum - dt.date.fromisoformat(row["startdatum"])).days / 365.25
        groups["duur"][_band(years, DURATIONS)] += 1
        category = row["categorie"] if isinstance(row["categorie"], str) else "onbekend"
        groups["categorie"][category] = groups["categorie"].get(category, 0) + 1
        groups["statushouder"][row["statushouder"]] += 1
        groups["ontheffing"][row["ontheffing"]] += 1
    composition = []
    for dimension, counts in groups.items():
        shown = suppress(counts, threshold)
        for group in counts:
            composition.append(
                {
                    "dimensie": dimension,
                    "groep": group,
                    "aantal": shown[group],
                    "onderdrukt": shown[group] is None,
                }
            )
        composition.append(
            {"dimensie": dimension, "groep": "totaal", "aantal": len(records), "onderdrukt": False}
        )
    flows = []
    for year in flow_years:
        started = clients[clients["startdatum"].str.startswith(str(year))]
        ended = clients[clients["einddatum"].fillna("").str.startswith(str(year))]
        flows.append(
            {
                "jaar": year,
                "richting": "instroom",
                "reden": "totaal",
                "aantal": len(started),
                "onderdrukt": False,
            }
        )
        flows.append(
            {
                "jaar": year,
                "richting": "uitstroom",
                "reden": "totaal",
                "aantal": len(ended),
                "onderdrukt": False,
            }
        )
        status = int((started["statushouder"] == "ja").sum())
        reasons = ended["reden_einde"].fillna("onbekend").value_counts().to_dict()
        shown = suppress({str(k): int(v) for k, v in sorted(reasons.items())}, threshold)
        for reason, count in shown.items():
            flows.append(
                {
                    "jaar": year,
                    "richting": "uitstroom",
                    "reden": reason,
                    "aantal": count,
                    "onderdrukt": count is None,
                }
            )
        status_shown = None if 0 < status < threshold else status
        flows.append(
            {
                "jaar": year,
                "richting": "instroom",
                "reden": "statushouder",
                "aantal": status_shown,
                "onderdrukt": status_shown is None,
            }
        )
    monthly = [
        {"jaar": y, "maand": m, "aantal": len(active_on(clients, month_end(y, m)))}
        for y, m in months
    ]
    return (
        pd.DataFrame(composition, columns=["dimensie", "groep", "aantal", "onderdrukt"]).astype(
            {"aantal": "Int64"}
        ),
        pd.DataFrame(flows, columns=["jaar", "richting", "reden", "aantal", "onderdrukt"]).astype(
            {"aantal": "Int64"}
        ),
        pd.DataFrame(monthly, columns=["jaar", "maand", "aantal"]),
        peildatum,
    )


def suppress_monthly(monthly: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Monthly counts per regeling with small regelingen suppressed, plus the unsuppressed total."""
    rows = []
    for _key, part in monthly.groupby(["jaar", "maand"], sort=True):
        counts = {r["regeling"]: int(r["aantal"]) for r in part.to_dict("records")}
        shown = suppress(counts, threshold)
        for record in part.to_dict("records"):
            value = shown[record["regeling"]]
            rows.append({**record, "aantal": value, "onderdrukt": value is None})
        source = part.iloc[0]
        rows.append(
            {
                **source.to_dict(),
                "regeling": "totaal",
                "aantal": sum(counts.values()),
                "onderdrukt": False,
            }
        )
    return pd.DataFrame(rows).astype({"aantal": "Int64"}).reset_index(drop=True)


@dataclass
class CaseloadChapter:
    figures: list[Figure] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    year_ends: list[int] = field(default_factory=list)
    regelingen: list[str] = field(default_factory=list)
    share_years: list[int] = field(default_factory=list)
    flow_years: list[int] = field(default_factory=list)
    flow_reasons: list[str] = field(default_factory=list)
    composition: dict[str, list[str]] = field(default_factory=dict)
    peildatum: str | None = None
    absent: list[str] = field(default_factory=list)

    def layout(self) -> dict:
        return {
            "months": self.months,
            "year_ends": self.year_ends,
            "regelingen": self.regelingen,
            "share_years": self.share_years,
            "flow_years": self.flow_years,
            "flow_reasons": self.flow_reasons,
            "composition": self.composition,
            "dimension_labels": DIMENSIONS,
            "peildatum": self.peildatum,
            "absent": self.absent,
        }


def _count_figure(fid: str, row: dict, description: str, threshold: int, sources=()) -> Figure:
    if row["onderdrukt"]:
        return Figure(
            fid,
            f"<{threshold}",
            "TEKST",
            description + f" (onderdrukt: minder dan {threshold})",
            "kleine aantallen worden niet getoond (privacy)",
            sources,
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


def caseload_chapter(
    tables: dict[str, pd.DataFrame],
    present: dict[str, bool],
    gemeentecode: str,
    peildatum: str | None,
    threshold: int,
    client_file: str = "bestand_clienten.csv",
) -> CaseloadChapter:
    """Figures of the caseload chapter: monthly series, year-on-year change, share of inhabitants on
    bijstand against the national share, in- and outflow, composition at the peildatum."""
    chapter = CaseloadChapter(peildatum=peildatum)
    figs = chapter.figures
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
                        (int(row["aantal"]) / previous - 1) * 100,
                        "MUTATIE",
                        f"Mutatie bestand eind {key} t.o.v. dezelfde maand een jaar eerder",
                        "(aantal / aantal jaar eerder - 1) x 100",
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
        chapter.absent.append("bestand_maand")

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
        chapter.absent.append("cbs_bevolking")

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
        chapter.absent.append("bestand_clienten")
    return chapter
