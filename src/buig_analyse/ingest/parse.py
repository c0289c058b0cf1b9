"""From an untyped table (every cell as written) to a typed one: cells are parsed by column kind in
Dutch notation, then the typed table is checked against its pandera schema
(:func:`buig_analyse.ingest.contract.schema_for`). Every violation becomes a
:class:`~buig_analyse.errors.Problem` naming file, row and column."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.ingest.contract import PERIODS, Col, TableSpec, row_rule, schema_for
from buig_analyse.ingest.dutch_numbers import NumberFormatError, is_blank, parse_dutch_decimal
from buig_analyse.ingest.origin import SOURCE_COLUMNS

# Larger numbers are no plausible amount or count (and would overflow the typed columns).
LARGEST_AMOUNT = 10**12
LARGEST_COUNT = 10**9


def _parse_cell(value: object, col: Col) -> object:
    """Parse one cell by kind; raises ValueError with a Dutch message."""
    kind = col.kind
    if kind in ("money", "pct"):
        number = parse_dutch_decimal(value)
        if not number.is_finite() or abs(number) >= LARGEST_AMOUNT:
            raise NumberFormatError("getal is te groot (hoogstens 12 cijfers voor de komma)")
        return float(number) + 0.0  # -0 is 0
    if kind in ("year", "count"):
        number = parse_dutch_decimal(value)
        if not number.is_finite() or abs(number) >= LARGEST_COUNT:
            raise NumberFormatError("getal is te groot voor een aantal of jaar")
        if number != number.to_integral_value():
            raise NumberFormatError(f"'{value}' is geen geheel getal")
        return int(number)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueError(f"'{text}' is geen datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)")
    if kind == "period":
        text = str(value).strip().upper()
        if text not in PERIODS:
            raise ValueError(f"'{value}' is geen periode (verwacht K1-K4 of M01-M12)")
        return text
    if kind == "choice":
        return " ".join(str(value).strip().lower().split())
    if kind == "code":
        return str(value).strip().upper()
    return str(value).strip()


_PANDERA_MESSAGES = {
    "multiple_fields_uniqueness": "dubbele sleutel",
    "field_uniqueness": "dubbele waarde",
}


def parse_table(raw: pd.DataFrame, spec: TableSpec, label: str) -> pd.DataFrame:
    """Turn an untyped table into a typed one following ``spec``; raise on any violation."""
    problems: list[Problem] = []
    missing = [
        name for name, col in spec.columns.items() if col.required and name not in raw.columns
    ]
    for name in missing:
        found = ", ".join(c for c in raw.columns if c not in SOURCE_COLUMNS) or "geen"
        problems.append(
            Problem(label, 1, name, f"verplichte kolom ontbreekt (gevonden kolommen: {found})")
        )
    if problems:
        raise InputValidationError(problems)
    if raw.empty:
        raise InputValidationError(
            [Problem(label, 2, None, "het bestand bevat geen gegevensrijen")]
        )
    typed: dict[str, list[object]] = {}
    for name, col in spec.columns.items():
        values: list[object] = []
        source = raw[name] if name in raw.columns else pd.Series([None] * len(raw), index=raw.index)
        for row, cell in source.items():
            if is_blank(cell):
                if not col.nullable:
                    problems.append(Problem(label, int(row), name, "waarde ontbreekt"))
                values.append(None)
                continue
            try:
                values.append(_parse_cell(cell, col))
            except ValueError as exc:
                message = (
                    f"ongeldige waarde voor een kolom van soort '{col.kind}'"
                    if spec.personal
                    else str(exc)
                )
                problems.append(Problem(label, int(row), name, message))
                values.append(None)
        typed[name] = values
    if problems:
        raise InputValidationError(problems)
    frame = pd.DataFrame(typed, index=raw.index)
    for name, col in spec.columns.items():
        if col.kind in ("money", "pct"):
            frame[name] = frame[name].astype("float64")
        elif col.kind in ("year", "count"):
            frame[name] = frame[name].astype("Int64" if col.nullable else "int64")
        else:
            frame[name] = frame[name].astype(object)
    try:
        schema_for(spec).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            rule = row_rule(str(case["check"]), spec.name)
            row = case["index"]
            if rule is not None:
                problems.append(
                    Problem(label, None if pd.isna(row) else int(row), rule.column, rule.message)
                )
                continue
            message = _PANDERA_MESSAGES.get(case["check"], case["check"])
            if case["check"] in _PANDERA_MESSAGES:
                key = ", ".join(spec.key)
                message = f"{message}: de combinatie ({key}) komt meer dan eens voor"
            row = case["index"]
            problems.append(
                Problem(
                    label,
                    None if pd.isna(row) else int(row),
                    case["column"],
                    message if spec.personal else f"{message} (waarde: {case['failure_case']})",
                )
            )
        raise InputValidationError(problems) from None
    for column in SOURCE_COLUMNS:
        frame[column] = raw[column].to_numpy()
    return frame.reset_index(drop=True)
