"""One input cell as the rest of the pipeline sees it: its value as plain Python (an empty cell is
None, never NaN) and its text as staff wrote it in Dutch notation. Shared by the register (the input
cells of a figure) and the re-check of a register against the raw files."""

from __future__ import annotations


def cell_value(value: object) -> object:
    """A cell value as plain Python; an empty cell (NaN, NA) as None."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def cell_text(value: object, column: str = "") -> str:
    """An input cell's value as staff wrote it in Dutch notation (``4.372.242``, ``4.401.230,17``),
    an empty cell as ``leeg``; never ``None``, ``nan`` or ``4372242.0``."""
    if value is None or (isinstance(value, float) and value != value):
        return "leeg"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if "jaar" in column and float(value).is_integer():
        return str(int(value))  # a year, not a count: 2016, not 2.016
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.##########", locale="nl_NL")
