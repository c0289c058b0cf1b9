"""Input values marked as an assumption, a forecast or an illustration, for the appendix
"Aannames en keuzes": a rijksbijdrage of vintage prognose, a meerjarenraming row of kind aanname or
prognose, and any row whose source or explanation says it is illustrative or assumed. Client-level
data is never scanned (it holds no such marks, and its cells may not leave the validation)."""

from __future__ import annotations

import pandas as pd

from buig_analyse.ingest.origin import SOURCE_FILE, SOURCE_ROW

# (table, column, values that mark the row, kind in the appendix)
MARKED_VALUES = (
    ("rijksbijdrage", "versie", ("prognose",), "prognose"),
    ("meerjarenraming", "soort", ("aanname",), "aanname"),
    ("meerjarenraming", "soort", ("prognose",), "prognose"),
)
TEXT_COLUMNS = ("bron", "toelichting", "omschrijving")
WORDS = (("illustrat", "illustratie"), ("aanname", "aanname"), ("aangenomen", "aanname"))
SKIP = ("bestand_clienten",)


def marked_inputs(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Every marked input row: file, row, the column that marks it, its text and the kind."""
    found: dict[tuple, dict] = {}
    for table, column, values, kind in MARKED_VALUES:
        frame = tables.get(table)
        if frame is None or column not in frame.columns:
            continue
        for record in frame[frame[column].isin(values)].to_dict("records"):
            key = (record[SOURCE_FILE], int(record[SOURCE_ROW]))
            found.setdefault(key, _entry(record, column, kind))
    for name, frame in sorted(tables.items()):
        if name in SKIP or SOURCE_ROW not in frame.columns:
            continue
        for column in TEXT_COLUMNS:
            if column not in frame.columns:
                continue
            for record in frame.to_dict("records"):
                text = str(record[column] or "").lower()
                kind = next((k for word, k in WORDS if word in text), None)
                if kind:
                    key = (record[SOURCE_FILE], int(record[SOURCE_ROW]))
                    found.setdefault(key, _entry(record, column, kind))
    return [found[key] for key in sorted(found)]


def _entry(record: dict, column: str, kind: str) -> dict:
    return {
        "bestand": str(record[SOURCE_FILE]),
        "rij": int(record[SOURCE_ROW]),
        "kolom": column,
        "tekst": str(record[column])[:200],
        "soort": kind,
    }
