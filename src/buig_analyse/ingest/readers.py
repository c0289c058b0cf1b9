"""Reading raw input files (CSV with ';' or Excel .xlsx) into untyped tables that remember where
every row came from. Types are assigned by :mod:`buig_analyse.ingest.parse`, never here."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.ingest.guard import DEFAULT, Limits, read_bytes, refuse
from buig_analyse.ingest.origin import SOURCE_FILE, SOURCE_ROW, SOURCE_SHEET

# Characters no text export needs and no report can show: the C0 control characters except tab,
# line feed and carriage return (a line break in a cell is judged where cells are parsed), DEL, the
# C1 control characters and the two non-characters U+FFFE and U+FFFF. In a chart's label they made
# its SVG invalid XML, a chart missing from the PDF or a failed chart step (issue 12).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def control_character_problems(
    names: list[str], rows: list[tuple[int, list[object]]], label: str
) -> list[Problem]:
    """A problem for each header name (row 1) and each text cell that holds a
    :data:`CONTROL_CHARACTER`, naming its row and column and the character's code point, never
    the cell's text (a personal file's values are not echoed). One scan of all text first: the
    common case, a clean file, costs one regular-expression pass."""
    texts = list(names)
    texts.extend(c for _, cells in rows for c in cells if isinstance(c, str))
    if not CONTROL_CHARACTER.search("\n".join(texts)):
        return []

    def problem(row: int, column: str | None, text: str) -> Problem | None:
        found = CONTROL_CHARACTER.search(text)
        if found is None:
            return None
        return Problem(
            label,
            row,
            column,
            f"bevat een stuurteken (U+{ord(found.group()):04X}) dat in geen rapport kan staan; "
            "verwijder het (een export als tekst bevat er geen)",
        )

    # A column name is printed cleaned of control characters (errors.clean), as every name is.
    found = [problem(1, name or None, name) for name in names]
    for row, cells in rows:
        found.extend(
            problem(row, names[i] if i < len(names) and names[i] else None, cell)
            for i, cell in enumerate(cells)
            if isinstance(cell, str)
        )
    return [p for p in found if p is not None]


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


def read_table(
    path: Path, label: str, root: Path | None = None, limits: Limits = DEFAULT
) -> pd.DataFrame:
    """Read a CSV (';'-separated) or .xlsx file. Every cell stays as text or the Excel value;
    the index is the row number as staff see it (header = row 1). ``label`` names the file in
    messages (path relative to the data drop); ``root`` is the folder the file must lie in (the
    drop; default its own folder). Sizes are bounded by ``limits`` before anything is parsed."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputValidationError(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"bestandstype '{suffix[:10]}' wordt niet ondersteund (gebruik .csv of .xlsx)",
                )
            ]
        )
    raw = read_bytes(path, root or path.parent, label, limits.bestand_mb * 1e6)
    if not raw:
        raise InputValidationError([Problem(label, None, None, "het bestand is leeg")])
    if suffix == ".csv":
        return _read_csv(raw, label, limits)
    return _read_xlsx(raw, label, limits)


def _frame(
    header: list[object], rows: list[list[object]], label: str, sheet: str, limits: Limits
) -> pd.DataFrame:
    names = ["" if h is None else str(h).strip() for h in header]
    if len(names) > limits.kolommen:
        raise refuse(label, f"te veel kolommen ({len(names)}; hoogstens {limits.kolommen})", 1)
    if len(rows) > limits.rijen:
        raise refuse(label, f"te veel rijen (meer dan {limits.rijen}, zie limieten)")
    problems = control_character_problems(
        names, [(offset, list(row)) for offset, row in enumerate(rows, start=2)], label
    )
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


def _read_csv(raw: bytes, label: str, limits: Limits) -> pd.DataFrame:
    if b"\x00" in raw:
        row = raw[: raw.index(b"\x00")].count(b"\n") + 1
        hint = " (waarschijnlijk UTF-16)" if row == 1 else ""
        raise refuse(
            label,
            f"het bestand bevat nul-tekens{hint}; sla op als UTF-8 of Windows-1252 "
            "(CSV puntkomma-gescheiden)",
            row,
        )
    text = decode_text(raw, label)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise InputValidationError(
            [Problem(label, 1, None, "de kopregel ontbreekt of het bestand is leeg")]
        )
    if ";" not in first and ("," in first or "\t" in first):
        raise InputValidationError(
            [Problem(label, 1, None, "verwacht ';' als scheidingsteken (Nederlandse CSV-export)")]
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    previous = csv.field_size_limit(limits.cel_tekens)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > limits.rijen + 1:
                raise refuse(label, f"te veel rijen (meer dan {limits.rijen}, zie limieten)")
            if len(row) > limits.kolommen:
                raise refuse(
                    label,
                    f"te veel cellen in een rij (hoogstens {limits.kolommen})",
                    reader.line_num,
                )
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = f"een cel is langer dan {limits.cel_tekens} tekens"
        else:
            message = "het bestand is geen geldige CSV (controleer aanhalingstekens)"
        raise refuse(label, message, reader.line_num) from None
    finally:
        csv.field_size_limit(previous)
    cells = [[c.strip() if c.strip() else None for c in row] for row in rows]
    return _frame(cells[0], cells[1:], label, "", limits)


def _xlsx_problems(raw: bytes, label: str, limits: Limits) -> None:
    """Refuse a workbook that unzips too large or links to other workbooks, before openpyxl."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise refuse(
            label, "het Excel-bestand kan niet worden gelezen (geen geldig .xlsx)"
        ) from None
    if sum(m.file_size for m in members) > limits.xlsx_uitgepakt_mb * 1e6:
        raise refuse(
            label,
            f"het Excel-bestand is uitgepakt groter dan {limits.xlsx_uitgepakt_mb:g} MB (zie limieten)",
        )
    if any(m.filename.startswith("xl/externalLinks/") for m in members):
        raise refuse(
            label,
            "het Excel-bestand verwijst naar een ander werkboek (externe koppeling); "
            "lever alleen waarden aan",
        )


def _read_xlsx(raw: bytes, label: str, limits: Limits) -> pd.DataFrame:
    from openpyxl import load_workbook

    _xlsx_problems(raw, label, limits)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=False, data_only=False)
    except Exception:  # openpyxl raises many types for a corrupt file
        raise refuse(label, "het Excel-bestand kan niet worden gelezen") from None
    hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state != "visible"]
    if hidden:
        raise refuse(
            label,
            f"het werkboek heeft {len(hidden)} verborgen werkblad(en); lever één zichtbaar blad aan",
        )
    sheet = workbook.worksheets[0]
    if sheet.max_column > limits.kolommen or sheet.max_row > limits.rijen + 1:
        raise refuse(
            label,
            f"het werkblad is te groot ({sheet.max_row} rijen, {sheet.max_column} kolommen; "
            f"hoogstens {limits.rijen} rijen en {limits.kolommen} kolommen)",
        )
    problems = [
        Problem(label, rng.min_row, None, f"samengevoegde cellen ({rng.coord}); maak de cellen los")
        for rng in sheet.merged_cells.ranges
    ]
    rows = []
    for cells in sheet.iter_rows():
        values = []
        for cell in cells:
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        label,
                        cell.row,
                        None,
                        f"formule in cel {cell.coordinate}; lever waarden aan",
                    )
                )
            elif isinstance(cell.value, str) and len(cell.value) > limits.cel_tekens:
                problems.append(
                    Problem(
                        label, cell.row, None, f"een cel is langer dan {limits.cel_tekens} tekens"
                    )
                )
            values.append(cell.value)
        rows.append(values)
    if problems:
        raise InputValidationError(problems)
    if not rows or all(c is None for c in rows[0]):
        raise InputValidationError(
            [Problem(label, 1, None, "de kopregel ontbreekt of het blad is leeg")]
        )
    return _frame(rows[0], rows[1:], label, sheet.title, limits)
