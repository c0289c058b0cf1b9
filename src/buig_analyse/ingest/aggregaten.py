"""Client-level caseload (bestand_clienten) reduced to suppressed aggregates during validation.

The client-level export is personal data: this step turns it into counts per group, flows and
monthly counts, with counts below the threshold suppressed, so that no client row, key or birth date
ever leaves the validation step (data/processed holds only these aggregates).
"""

from __future__ import annotations

import datetime as dt

from buig_analyse.ingest.contract import WORK_CATEGORIES
from buig_analyse.ingest.privacy import protected, suppress
from buig_analyse.lazy import pandas as pd

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
        groups["huishoudtype"][row["huishoudtype"]] = (
            groups["huishoudtype"].get(row["huishoudtype"], 0) + 1
        )
        age = _age(row, peildatum)
        band = "onbekend" if age is None else _band(age, AGE_BANDS)
        groups["leeftijd"][band] = groups["leeftijd"].get(band, 0) + 1
        years = (peildatum - dt.date.fromisoformat(row["startdatum"])).days / 365.25
        groups["duur"][_band(years, DURATIONS)] += 1
        category = row["categorie"] if isinstance(row["categorie"], str) else "onbekend"
        groups["categorie"][category] = groups["categorie"].get(category, 0) + 1
        groups["statushouder"][row["statushouder"]] += 1
        groups["ontheffing"][row["ontheffing"]] += 1
    # 1C (seed 002 table 4) only when a client has it, in the order of the contract.
    order = {code: i for i, code in enumerate(WORK_CATEGORIES)}
    groups["categorie"] = dict(
        sorted(groups["categorie"].items(), key=lambda item: order.get(item[0], len(order)))
    )
    composition = []
    for dimension, counts in groups.items():
        shown = suppress(counts, threshold)
        hidden = protected(counts, threshold)
        for group in counts:
            composition.append(
                {
                    "dimensie": dimension,
                    "groep": group,
                    "aantal": shown[group],
                    "onderdrukt": shown[group] is None,
                    "aanvullend": group in hidden,
                }
            )
        composition.append(
            {"dimensie": dimension, "groep": "totaal", "aantal": len(records), "onderdrukt": False,
             "aanvullend": False}
        )  # fmt: skip
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
                "aanvullend": False,
            }
        )
        flows.append(
            {
                "jaar": year,
                "richting": "uitstroom",
                "reden": "totaal",
                "aantal": len(ended),
                "onderdrukt": False,
                "aanvullend": False,
            }
        )
        status = int((started["statushouder"] == "ja").sum())
        reasons = ended["reden_einde"].fillna("onbekend").value_counts().to_dict()
        counted = {str(k): int(v) for k, v in sorted(reasons.items())}
        shown = suppress(counted, threshold)
        hidden = protected(counted, threshold)
        for reason, count in shown.items():
            flows.append(
                {
                    "jaar": year,
                    "richting": "uitstroom",
                    "reden": reason,
                    "aantal": count,
                    "onderdrukt": count is None,
                    "aanvullend": reason in hidden,
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
                "aanvullend": False,
            }
        )
    monthly = [
        {"jaar": y, "maand": m, "aantal": len(active_on(clients, month_end(y, m)))}
        for y, m in months
    ]
    return (
        pd.DataFrame(
            composition, columns=["dimensie", "groep", "aantal", "onderdrukt", "aanvullend"]
        ).astype({"aantal": "Int64"}),
        pd.DataFrame(
            flows, columns=["jaar", "richting", "reden", "aantal", "onderdrukt", "aanvullend"]
        ).astype({"aantal": "Int64"}),
        pd.DataFrame(monthly, columns=["jaar", "maand", "aantal"]),
        peildatum,
    )


def suppress_monthly(monthly: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Monthly counts per regeling with small regelingen suppressed, plus the unsuppressed total."""
    rows = []
    for _key, part in monthly.groupby(["jaar", "maand"], sort=True):
        counts = {r["regeling"]: int(r["aantal"]) for r in part.to_dict("records")}
        shown = suppress(counts, threshold)
        hidden = protected(counts, threshold)
        for record in part.to_dict("records"):
            value = shown[record["regeling"]]
            rows.append(
                {**record, "aantal": value, "onderdrukt": value is None,
                 "aanvullend": record["regeling"] in hidden}
            )  # fmt: skip
        source = part.iloc[0]
        rows.append(
            {
                **source.to_dict(),
                "regeling": "totaal",
                "aantal": sum(counts.values()),
                "onderdrukt": False,
                "aanvullend": False,
            }
        )
    return pd.DataFrame(rows).astype({"aantal": "Int64"}).reset_index(drop=True)
