"""Reading raw input files (CSV with ';' or Excel .xlsx) into untyped tables that remember where
every row came from. Types are assigned by :mod:`buig_analyse.ingest.parse`, never here."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.ingest.origin import SOURCE_FILE, SOURCE_ROW, SOURCE_SHEET


def decode_text(raw: bytes, label: str) -> str:
    """Decode a text export: UTF-8 (with or without BOM) or Windows-1252, as municipal systems write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputValidationError(
            [Problem(label, None, None, "onbekende tekenset; sla op als UTF-8 of Windows-1252")]
        ) from exc
    return text


def read_table(path: Path, label: str) -> pd.DataFrame:
    """Read a CSV (';'-separated) or .xlsx file. Every cell stays as text or the Excel value;
    the index is the row number as staff see it (header = row 1). ``label`` names the file in
    messages (path relative to the data drop)."""
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise InputValidationError([Problem(label, None, None, "het bestand is leeg")])
    if suffix == ".csv":
        return _read_csv(path, label)
    if suffix == ".xlsx":
        return _read_xlsx(path, label)
    raise InputValidationError(
        [
            Problem(
                label,
                None,
                None,
                f"bestandstype '{suffix}' wordt niet ondersteund (gebruik .csv of .xlsx)",
            )
        ]
    )


def _frame(header: list[object], rows: list[list[object]], label: str, sheet: str) -> pd.DataFrame:
    names = ["" if h is None else str(h).strip() for h in header]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            problems.append(Problem(label, 1, name, "kolomnaam komt meer dan eens voor"))
        seen.add(name)
    if problems:
        raise InputValidationError(problems)
    records = []
    index = []
    for offset, row in enumerate(rows, start=2):
        cells = list(row) + [None] * (len(names) - len(row))
        if all(c is None or (isinstance(c, str) and c.strip() == "") for c in cells):
            continue  # trailing empty lines are not data
        if len(row) > len(names) and any(c not in (None, "") for c in row[len(names) :]):
            raise InputValidationError(
                [Problem(label, offset, None, "meer cellen dan kolommen in de kopregel")]
            )
        records.append({n: cells[i] for i, n in enumerate(names) if n})
        index.append(offset)
    frame = pd.DataFrame.from_records(records, columns=[n for n in names if n], index=index)
    frame = frame.astype(object)
    frame[SOURCE_FILE] = label
    frame[SOURCE_SHEET] = sheet
    frame[SOURCE_ROW] = index
    return frame


def _read_csv(path: Path, label: str) -> pd.DataFrame:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputValidationError(
            [
                Problem(
                    label,
                    1,
                    None,
                    "het bestand bevat nul-tekens (waarschijnlijk UTF-16); sla op als UTF-8 of Windows-1252 (CSV puntkomma-gescheiden)",
                )
            ]
        )
    text = decode_text(raw, label)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputValidationError(
            [Problem(label, 1, None, "de kopregel ontbreekt of het bestand is leeg")]
        )
    if ";" not in lines[0] and ("," in lines[0] or "\t" in lines[0]):
        raise InputValidationError(
            [Problem(label, 1, None, "verwacht ';' als scheidingsteken (Nederlandse CSV-export)")]
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
    except csv.Error as exc:
        raise InputValidationError(
            [Problem(label, None, None, f"het bestand is geen geldige CSV ({exc})")]
        ) from exc
    cells = [[c.strip() if c.strip() else None for c in row] for row in rows]
    return _frame(cells[0], cells[1:], label, "")


def _read_xlsx(path: Path, label: str) -> pd.DataFrame:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise InputValidationError(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"het Excel-bestand kan niet worden gelezen ({type(exc).__name__})",
                )
            ]
        ) from exc
    sheet = workbook.worksheets[0]
    problems = [
        Problem(label, rng.min_row, None, f"samengevoegde cellen ({rng.coord}); maak de cellen los")
        for rng in sheet.merged_cells.ranges
    ]
    if problems:
        raise InputValidationError(problems)
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    if not rows or all(c is None for c in rows[0]):
        raise InputValidationError(
            [Problem(label, 1, None, "de kopregel ontbreekt of het blad is leeg")]
        )
    return _frame(rows[0], rows[1:], label, sheet.title)
