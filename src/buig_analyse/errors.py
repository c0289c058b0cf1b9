"""Input problems, reported in Dutch with file, row and column so staff can fix the data drop."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One violation in one input file. ``row`` is the row number as shown in Excel or an editor
    (the header is row 1); ``None`` means the whole file or column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class InputValidationError(Exception):
    """Raised when a data drop violates the data contract (docs/data-contract.md)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(
            set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message)
        )
        lines = [f"- {p}" for p in self.problems]
        super().__init__(
            f"De data-aanlevering voldoet niet aan het datacontract ({len(self.problems)} "
            "probleem/problemen). Er is niets verder berekend; eerdere uitkomsten zijn behouden.\n"
            + "\n".join(lines)
        )


class NarrativeError(Exception):
    """A narrative block refers to a figure that does not exist, or cannot be read."""


class ChecksFailed(Exception):
    """A reconciliation check failed that would make a figure wrong (see buig_analyse.analysis.controles)."""
