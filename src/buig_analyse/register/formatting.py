"""Dutch number notation for the report through babel (``€ 4.236.523``, ``+3,2%``, ``€ -285.791``).

Values are rounded half away from zero first (as the source documents do), then formatted, so
babel's own banker's rounding never decides a euro.
"""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal

from buig_analyse.ingest.dutch_numbers import round_half_up

LOCALE = "nl_NL"


def euro(value: float) -> str:
    """Whole euros: ``€ 4.236.523``, negative as ``€ -285.791``."""
    rounded = round_half_up(value, 0)
    return format_currency(
        rounded, "EUR", format="¤ #,##0;¤ -#,##0", locale=LOCALE, currency_digits=False
    )


def percent(value: float, digits: int = 1, signed: bool = True) -> str:
    """Percent points with one decimal: ``+3,2%``, ``-3,5%``; ``signed=False`` drops the plus sign."""
    rounded = round_half_up(value, digits)
    if rounded == 0:
        rounded = abs(rounded)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(rounded, format=pattern, locale=LOCALE, decimal_quantization=True)
    if signed and rounded > 0:
        return f"+{text}%"
    return f"{text}%"


def count(value: float) -> str:
    """A whole number with Dutch grouping: ``9.025``."""
    return format_decimal(round_half_up(value, 0), format="#,##0", locale=LOCALE)


def format_value(value: object, unit: str) -> str:
    """Format a register value by its unit."""
    if value is None:  # a zero denominator or a missing input: the formula says which
        return "niet te berekenen"
    if unit == "EUR":
        return euro(float(value))
    if unit == "PCT":
        return percent(float(value), signed=False)
    if unit == "MUTATIE":
        return percent(float(value))
    if unit == "AANTAL":
        return count(float(value)) if isinstance(value, int | float) else str(value)
    if unit == "GETAL":
        return format_decimal(round_half_up(float(value), 1), format="#,##0.0", locale=LOCALE)
    return str(value)
