"""The codes of the CBS benefits statistic (BUS, Regeling statistiek Participatiewet, IOAW en IOAZ)
in a client-level export, translated to the contract's values before the export is checked.

Staff can deliver the extract their benefits system already produces for CBS: ``huishoudtype`` as
leefvorm 1-4, ``reden_einde`` as reden beëindiging (11 werk, 32 verhuizing, ...), ``ontheffing`` as
2 / 4 / 5 / 6, and an optional ``statistiekcode`` column (01 algemene bijstand, 02 IOAW, 03 IOAZ,
14 Bbz): only rows of 01 (Participatiewet) are kept, as the report's client figures are about the
Participatiewet. The code list is ``bus_codes.csv`` next to this module, each row with its source
(../shared/domain.md: verified in the published regulation text; the XML layout was not read).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd

from buig_analyse.errors import InputValidationError, Problem
from buig_analyse.ingest.origin import SOURCE_ROW

CODE_FILE = Path(__file__).with_name("bus_codes.csv")
PARTICIPATIEWET = "01"


@cache
def code_list() -> dict[str, dict[str, str]]:
    """column -> {code: contract value}."""
    table: dict[str, dict[str, str]] = {}
    with CODE_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            table.setdefault(row["kolom"], {})[row["code"]] = row["waarde"]
    return table


def _code(value: object) -> str | None:
    """A cell that is a BUS code (digits only, as text or as a number), normalised: '1', '01'."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text if text.isdigit() else None


def translate_bus_codes(raw: pd.DataFrame, label: str) -> pd.DataFrame:
    """The raw client export with BUS codes replaced by the contract's values; a column of labels
    is left as it is. Rows of another statistiekcode than 01 are left out; an unknown code is
    refused with file, row and column (never the client's data)."""
    codes = code_list()
    frame = raw.copy()
    problems = []
    if "statistiekcode" in frame.columns:
        known = codes["statistiekcode"]
        values = frame["statistiekcode"].map(_code)
        for row, value, _original in zip(
            frame[SOURCE_ROW], values, frame["statistiekcode"], strict=True
        ):
            if value is None or value.zfill(2) not in known:
                problems.append(Problem(label, int(row), "statistiekcode",
                                        f"onbekende statistiekcode (verwacht {', '.join(known)})"))  # fmt: skip
        if problems:
            raise InputValidationError(problems)
        frame = frame[values.map(lambda c: c.zfill(2)) == PARTICIPATIEWET].drop(
            columns="statistiekcode"
        )
    for column in ("huishoudtype", "reden_einde", "ontheffing"):
        if column not in frame.columns:
            continue
        table = codes[column]
        width = max(len(c) for c in table)

        def translate(value, table=table, width=width):
            code = _code(value)
            if code is None:
                return value
            return table.get(code.zfill(width), table.get(code, value))

        frame[column] = frame[column].map(translate)
    return frame  # the index stays: messages count rows by it
