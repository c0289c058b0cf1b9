"""Parsing numbers as they appear in Dutch exports (SiSa, budget letters, Excel sheets).

Dutch notation uses '.' to group thousands and ',' for decimals: ``4.236.523`` and ``132.624,00``.
A value that only makes sense in English notation (``4236523.00``, ``1,234,567``) is refused rather
than guessed, because a wrong guess is off by a factor 100 or 1000.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_DUTCH_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DUTCH_PLAIN = re.compile(r"^[+-]?\d+(,\d+)?$")
_EXCEL_ERRORS = ("#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NUM!", "#NULL!")


class NumberFormatError(ValueError):
    """The text is not a number in Dutch notation; the message (Dutch) says what was expected."""


def is_blank(value: object) -> bool:
    """True for an empty cell (None, NaN, or whitespace-only text)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def parse_dutch_decimal(value: object) -> Decimal:
    """Parse one cell into a Decimal. Excel numbers are taken as they are; text must be Dutch
    notation, optionally with a euro sign or percent sign and spaces."""
    if isinstance(value, bool):
        raise NumberFormatError(f"'{value}' is geen getal")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise NumberFormatError("lege of ongeldige waarde, een getal verwacht")
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise NumberFormatError(f"'{value}' is geen getal")
    text = value.strip()
    if text.upper() in _EXCEL_ERRORS:
        raise NumberFormatError(f"Excel-foutwaarde '{text}' in plaats van een getal")
    cleaned = text.replace("€", "").replace("%", "").replace("\u00a0", "").replace(" ", "")
    if _DUTCH_GROUPED.match(cleaned) or _DUTCH_PLAIN.match(cleaned):
        try:
            return Decimal(cleaned.replace(".", "").replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - regex already guarantees digits
            raise NumberFormatError(f"'{text}' is geen getal") from exc
    if re.match(r"^[+-]?\d+\.\d{1,2}$", cleaned) or re.match(
        r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", cleaned
    ):
        raise NumberFormatError(
            f"'{text}' lijkt Engelse notatie; gebruik Nederlandse notatie, "
            "bijvoorbeeld 4.236.523 of 132.624,00"
        )
    raise NumberFormatError(
        f"'{text}' is geen getal in Nederlandse notatie (verwacht bijvoorbeeld 4.236.523 of 132.624,00)"
    )


def round_half_up(value: float | Decimal, digits: int = 0) -> Decimal:
    """Round as in the source documents (half away from zero), not banker's rounding."""
    quantum = Decimal(1).scaleb(-digits)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        number = Decimal(int(value))
    else:
        number = Decimal(repr(float(value)))  # numpy floats too: repr of a plain float is exact
    return number.quantize(quantum, rounding=ROUND_HALF_UP)
