"""Input problems, reported in Dutch with file, row and column so staff can fix the data drop."""

from __future__ import annotations

import re
from dataclasses import dataclass

# How many problems a message lists before it only counts the rest.
SHOWN_PROBLEMS = 50
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def clean(text: object, limit: int = 200) -> str:
    """Text from an input, safe to print: control and bidirectional characters and the
    non-characters U+FFFE and U+FFFF removed, newlines as spaces, cut short with '…'."""
    flat = _CONTROL.sub("", str(text).replace("\n", " ").replace("\r", " ").replace("\t", " "))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One violation in one input file. ``row`` is the row number as shown in Excel or an editor
    (the header is row 1); ``None`` means the whole file or column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [clean(self.file, 120)]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{clean(self.column, 60)}'")
        return f"{', '.join(where)}: {clean(self.message, 300)}"


class InputValidationError(Exception):
    """Raised when a data drop violates the data contract (docs/data-contract.md)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(
            set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message)
        )
        lines = [f"- {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        rest = len(self.problems) - SHOWN_PROBLEMS
        if rest > 0:
            lines.append(f"- ... en nog {rest} {'probleem' if rest == 1 else 'problemen'}")
        count = len(self.problems)
        super().__init__(
            f"De data-aanlevering voldoet niet aan het datacontract ({count} "
            f"{'probleem' if count == 1 else 'problemen'}). Er is niets verder berekend; eerdere "
            "uitkomsten zijn behouden.\n" + "\n".join(lines)
        )


class NarrativeError(Exception):
    """A narrative block refers to a figure that does not exist, or cannot be read."""


class ChecksFailed(Exception):
    """A reconciliation check failed that would make a figure wrong (see buig_analyse.analysis.controles)."""
