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

from buig_analyse.errors import Problem
from buig_analyse.lazy import pandas as pd

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


# A BSN as staff or Excel may write it: 9 digits, grouped with dots or spaces (111.222.333,
# 1112 22 333), or 8 digits when Excel dropped the leading zero. Dates and amounts do not match.
GROUPED = r"\d{9}|\d{3}[. ]\d{3}[. ]\d{3}|\d{4}[. ]\d{2}[. ]\d{3}"
WHOLE_CELL = re.compile(rf"^(?:{GROUPED}|\d{{8}})$")
BSN_IN_TEXT = re.compile(rf"(?<![\d.,])(?:{GROUPED})(?![\d,]|\.\d)")


def _digits(text: str) -> str:
    return text.replace(".", "").replace(" ", "")


def normalised_bsn(cell: object) -> str | None:
    """The 9 digits of a cell that is a BSN written in any usual way, or None."""
    if isinstance(cell, int | float) and not pd.isna(cell) and float(cell).is_integer():
        text = str(int(cell))
    else:
        text = str(cell).strip()
    if not WHOLE_CELL.match(text):
        return None
    digits = _digits(text).rjust(9, "0")
    return digits if passes_elfproef(digits) else None


def bsn_in_text(text: str) -> bool:
    """True when free text contains a 9-digit number (possibly grouped) that passes the elfproef."""
    return any(passes_elfproef(_digits(m.group(0))) for m in BSN_IN_TEXT.finditer(text))


BSN_MESSAGE = "waarde lijkt een burgerservicenummer (voldoet aan de elfproef); lever geen BSN aan"


def bsn_problems(raw: pd.DataFrame, label: str, data_columns: list[str]) -> list[Problem]:
    """Problems for every BSN-like column name or value of a personal file (value not repeated)."""
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
            if cell is not None and (normalised_bsn(cell) or bsn_in_text(str(cell))):
                problems.append(Problem(label, int(row), column, BSN_MESSAGE))
    return problems


def bsn_in_free_text(raw: pd.DataFrame, label: str, text_columns: list[str]) -> list[Problem]:
    """Problems for a BSN inside a free-text column of any file (toelichting, omschrijving, bron):
    such text reaches the report and the register, so it is refused (value not repeated)."""
    problems = []
    for column in text_columns:
        if column not in raw.columns:
            continue
        for row, cell in raw[column].items():
            if isinstance(cell, str) and bsn_in_text(cell):
                problems.append(Problem(label, int(row), column, BSN_MESSAGE))
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


def protected(counts: dict[str, int], threshold: int) -> set[str]:
    """The groups :func:`suppress` hides only to protect a small group (secondary suppression):
    not small themselves, so they are marked differently from a count below the threshold."""
    shown = suppress(counts, threshold)
    return {k for k, v in shown.items() if v is None and not 0 < counts[k] < threshold}


def suppressed_label(threshold: int) -> str:
    """How a suppressed count is printed: ``<5``."""
    return SUPPRESSED.format(threshold=threshold)
