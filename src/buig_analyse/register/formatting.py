"""Dutch number notation for the report through babel (``€ 4.236.523``, ``+3,2%``, ``€ -285.791``).

Values are rounded half away from zero first (as the source documents do), then formatted, so
babel's own banker's rounding never decides a euro.
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_currency, format_decimal

from buig_analyse.ingest.dutch_numbers import round_half_up

LOCALE = "nl_NL"


NBSP = "\u00a0"  # keeps the euro sign on the line of its amount


def euro(value: float) -> str:
    """Whole euros: ``€ 4.236.523``, negative as ``€ -285.791`` (a non-breaking space after €)."""
    rounded = round_half_up(value, 0)
    text = format_currency(
        rounded, "EUR", format="¤ #,##0;¤ -#,##0", locale=LOCALE, currency_digits=False
    )
    return text.replace(" ", NBSP)


def date_nl(iso: str) -> str:
    """A date as Dutch running text: ``2017-06-01`` -> ``1 juni 2017``."""
    import datetime as dt

    from babel.dates import format_date

    return format_date(dt.date.fromisoformat(str(iso)[:10]), format="d MMMM y", locale=LOCALE)


def month_nl(key: str) -> str:
    """A month key as text: ``2017-04`` -> ``april 2017``."""
    import datetime as dt

    from babel.dates import format_date

    year, month = str(key)[:7].split("-")
    return format_date(dt.date(int(year), int(month), 1), format="MMMM y", locale=LOCALE)


# Names of the schemes (regelingen) as they are written: IOAW and IOAZ are acronyms, Bbz is not.
REGELING_LABELS = {
    "participatiewet": "Participatiewet",
    "ioaw": "IOAW",
    "ioaz": "IOAZ",
    "bbz": "Bbz",
    "totaal": "Totaal",
}


def regeling(name: str) -> str:
    return REGELING_LABELS.get(str(name), str(name))


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


def format_abs(value: object, unit: str) -> str:
    """The size of a change or amount without its sign, for running text that says the direction
    in words ("gedaald met 34,8%", "een tekort van € 3.037")."""
    if isinstance(value, int | float):
        return format_value(abs(value), "PCT" if unit == "MUTATIE" else unit)
    return format_value(value, unit)


def format_value(value: object, unit: str) -> str:
    """Format a register value by its unit. Kept per process (the report formats many figures
    more than once: text, tables, both HTML variants, and babel takes 0,05 ms a number; issue 12),
    typed, so 1 and 1.0 are two entries; a value that cannot be a key is formatted each time."""
    try:
        return _formatted(value, unit)
    except TypeError:  # unhashable (or not a number where the unit needs one: raised again)
        return _format_value(value, unit)


def _format_value(value: object, unit: str) -> str:
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


_formatted = lru_cache(maxsize=8192, typed=True)(_format_value)
