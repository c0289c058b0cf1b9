"""Personal data in caseload exports (AVG/GDPR): refuse citizen service numbers and suppress small
counts so individuals cannot be recognised.

- BSN check: a column named like a BSN, or any 9-digit value that passes the elfproef
  (sum of d_i x (9 - i) for i = 0..7, minus d_8, divisible by 11), stops the run. The message names
  file, row and column but never repeats the value.
- Small counts: a count below the threshold (default 5) that describes a subgroup is suppressed;
  if exactly one cell of a breakdown would be suppressed, the next smallest is suppressed too
  (secondary suppression), so the suppressed cell cannot be derived from the total.
"""

from __future__ import annotations

import re

import pandas as pd

from buig_analyse.errors import Problem

BSN_COLUMN = re.compile(r"(bsn|burger\s*service|burgerservice|sofi)", re.IGNORECASE)
NINE_DIGITS = re.compile(r"^\d{9}$")
SUPPRESSED = "<{threshold}"


def passes_elfproef(digits: str) -> bool:
    """The BSN elfproef for a 9-digit string."""
    if not NINE_DIGITS.match(digits):
        return False
    values = [int(c) for c in digits]
    total = sum(v * (9 - i) for i, v in enumerate(values[:8])) - values[8]
    return total % 11 == 0 and digits != "000000000"


def bsn_problems(raw: pd.DataFrame, label: str, data_columns: list[str]) -> list[Problem]:
    """Problems for every BSN-like column name or 9-digit elfproef value (value not repeated)."""
    problems = []
    for column in data_columns:
        if BSN_COLUMN.search(column):
            problems.append(
                Problem(
                    label,
                    1,
                    column,
                    "kolom met burgerservicenummers; lever alleen een pseudoniem aan (client_id)",
                )
            )
            continue
        for row, cell in raw[column].items():
            text = (
                str(int(cell))
                if isinstance(cell, int | float) and not pd.isna(cell) and float(cell).is_integer()
                else str(cell).strip()
            )
            if passes_elfproef(text):
                problems.append(
                    Problem(
                        label,
                        int(row),
                        column,
                        "waarde lijkt een burgerservicenummer (9 cijfers, voldoet aan de elfproef); lever geen BSN aan",
                    )
                )
    return problems


def suppress(counts: dict[str, int], threshold: int) -> dict[str, int | None]:
    """Counts of one breakdown with small cells suppressed (None). Zero is not suppressed: an empty
    group reveals nobody."""
    result: dict[str, int | None] = dict(counts)
    small = [k for k, v in counts.items() if 0 < v < threshold]
    for key in small:
        result[key] = None
    if len(small) == 1:
        others = sorted((v, k) for k, v in counts.items() if k not in small and v > 0)
        if others:
            result[others[0][1]] = None
    return result


def suppressed_label(threshold: int) -> str:
    """How a suppressed count is printed: ``<5``."""
    return SUPPRESSED.format(threshold=threshold)
