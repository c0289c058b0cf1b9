"""The register of figures: every number printed in the report, with how it is computed and
which input cells it derives from. Analyses return figures; the report only looks them up."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, fields

from buig_analyse.ingest.cells import cell_text, cell_value
from buig_analyse.ingest.origin import SOURCE_FILE, SOURCE_ROW, SOURCE_SHEET

UNITS = (
    "EUR",
    "PCT",
    "MUTATIE",
    "AANTAL",
    "GETAL",
    "TEKST",
    "JAAR",
)  # PCT: a share; MUTATIE: a change in %


def slug(text: str) -> str:
    """A group name as part of a figure id: ``paar zonder kinderen`` -> ``paar_zonder_kinderen``,
    ``60+`` -> ``60plus``."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower().replace("+", "plus")).strip("_")


@dataclass(frozen=True)
class Source:
    """One input cell a figure derives from."""

    file: str
    sheet: str
    row: int | None
    column: str
    value: object
    # A small count of the caseload left out for privacy: the value is not kept anywhere.
    suppressed: bool = False

    def __str__(self) -> str:
        sheet = f"[{self.sheet}]" if self.sheet else ""
        row = f" rij {self.row}" if self.row is not None else ""
        return f"{self.file}{sheet}{row} kolom {self.column} = {self.value_text()}"

    def value_text(self) -> str:
        """The cell's value as written in the file, or why it is not shown."""
        if self.suppressed:
            return "niet getoond (klein aantal, privacy)"
        return cell_text(self.value, self.column)

    def dutch(self) -> str:
        """The cell for a reader: ``sisa_G2_2016.csv, rij 3, kolom bedrag: 4.372.242``."""
        parts = [self.file + (f", blad {self.sheet}" if self.sheet else "")]
        if self.row is not None:
            parts.append(f"rij {self.row}")
        parts.append(f"kolom {self.column}: {self.value_text()}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Figure:
    """A computed figure. ``value`` is kept at full precision; rounding happens when formatting.
    Percentages are in percent points (3.2 means 3,2%)."""

    id: str
    value: float | int | str | None
    unit: str
    description: str
    formula: str
    sources: tuple[Source, ...] = ()
    derived_from: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r} for {self.id}")


def sources_from_rows(rows, column: str) -> tuple[Source, ...]:
    """Sources for the cells of ``column`` in typed rows that still carry their origin."""
    # Only the four columns, as Python values (what to_dict("records") gives, without converting
    # every other column of every row: issue 12, the caseload chapter calls this some 400 times).
    files, sheets, numbers, values = (
        rows[name].tolist() for name in (SOURCE_FILE, SOURCE_SHEET, SOURCE_ROW, column)
    )
    hidden = rows["onderdrukt"].tolist() if "onderdrukt" in rows.columns else [False] * len(files)
    return tuple(
        Source(
            str(file),
            str(sheet or ""),
            int(number),
            column,
            cell_value(value),
            suppressed=bool(suppressed),
        )
        for file, sheet, number, value, suppressed in zip(
            files, sheets, numbers, values, hidden, strict=True
        )
    )


_SOURCE_FIELDS = tuple(f.name for f in fields(Source))
_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))


@dataclass
class Register:
    """An ordered collection of figures with unique ids."""

    figures: dict[str, Figure] = field(default_factory=dict)

    def add(self, figure: Figure) -> Figure:
        if figure.id in self.figures:
            raise ValueError(f"figure id {figure.id} registered twice")
        self.figures[figure.id] = figure
        return figure

    def extend(self, figures: list[Figure]) -> None:
        for figure in figures:
            self.add(figure)

    def check(self) -> None:
        """Every figure a figure derives from must itself be in the register."""
        for figure in self.figures.values():
            for parent in figure.derived_from:
                if parent not in self.figures:
                    raise ValueError(f"{figure.id} derives from unknown figure {parent}")

    def inputs(self, figure_id: str) -> list[Source]:
        """Every input cell a figure derives from, directly or through other figures (in order)."""
        seen: set[str] = set()
        found: list[Source] = []

        def visit(fid: str) -> None:
            if fid in seen:
                return
            seen.add(fid)
            figure = self.figures[fid]
            for source in figure.sources:
                if source not in found:
                    found.append(source)
            for parent in figure.derived_from:
                visit(parent)

        visit(figure_id)
        return found

    def __getitem__(self, figure_id: str) -> Figure:
        return self.figures[figure_id]

    def __contains__(self, figure_id: str) -> bool:
        return figure_id in self.figures

    def value(self, figure_id: str) -> float | int | str | None:
        return self.figures[figure_id].value


def source_to_dict(source: Source) -> dict:
    return {name: getattr(source, name) for name in _SOURCE_FIELDS}


def figure_to_dict(figure: Figure) -> dict:
    # Field by field rather than dataclasses.asdict, which deep-copies every value: the register
    # of a drop has some 2.000 figures with 7.500 input cells (issue 12: a third of the analyse job).
    data = {name: getattr(figure, name) for name in _FIGURE_FIELDS}
    data["sources"] = [source_to_dict(s) for s in figure.sources]
    data["derived_from"] = list(figure.derived_from)
    return data


def figure_from_dict(data: dict) -> Figure:
    return Figure(
        id=data["id"],
        value=data["value"],
        unit=data["unit"],
        description=data["description"],
        formula=data["formula"],
        sources=tuple(Source(**s) for s in data["sources"]),
        derived_from=tuple(data["derived_from"]),
    )


def dumps_figures(figures: list[Figure], register: Register | None = None) -> str:
    """Deterministic JSON (sorted keys, stable order) for a list of figures; with a register, each
    figure also lists all input cells it derives from (``inputs``)."""
    data = [figure_to_dict(f) for f in figures]
    if register is not None:
        for item in data:
            item["inputs"] = [source_to_dict(s) for s in register.inputs(item["id"])]
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def loads_figures(text: str) -> list[Figure]:
    return [figure_from_dict(d) for d in json.loads(text)]


# A cell that starts with one of these is read as a formula by Excel and LibreOffice (OWASP
# "CSV injection"); text cells get a leading apostrophe, numbers stay numbers.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def spreadsheet_safe(cell: object) -> object:
    """A CSV cell that a spreadsheet shows as written and never runs as a formula."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_START) else text


CSV_HEADER = (
    "id",
    "waarde",
    "eenheid",
    "omschrijving",
    "berekening",
    "afgeleid_van",
    "bronnen",
    "invoercellen",
)


def csv_number(value: int | float) -> str:
    """A number for Dutch Excel: full precision, decimal comma, no thousands separator and never
    an exponent (``56991,95``, ``-285791``, ``0,000042``)."""
    from decimal import Decimal

    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def register_csv(register: Register) -> str:
    """The register as CSV for auditors opening it in Dutch Excel: ';'-separated, UTF-8, a header
    for every column, numbers with a decimal comma, input cells as written in the source file,
    suppressed cells with the reason; no text cell runs as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_HEADER)
    # Each input cell written once: the sample's 656 figures list 3.993 cells, 399 different ones.
    written: dict[Source, str] = {}

    def cells(sources) -> str:
        return " | ".join(written.get(s) or written.setdefault(s, str(s)) for s in sources)

    for figure in register.figures.values():
        value = figure.value
        if value is None:
            shown = ""
        elif isinstance(value, int | float) and not isinstance(value, bool):
            shown = csv_number(value)  # a number: never read as a formula
        else:
            shown = spreadsheet_safe(value)
        writer.writerow(
            [
                spreadsheet_safe(figure.id),
                shown,
                figure.unit,
                *(
                    spreadsheet_safe(cell)
                    for cell in (
                        figure.description,
                        figure.formula,
                        " | ".join(figure.derived_from),
                        cells(figure.sources),
                        cells(register.inputs(figure.id)),
                    )
                ),
            ]
        )
    return buffer.getvalue()


def merge_chapters(chapters: dict) -> Register:
    """One register of the figures of all chapters: analyses in name order, then the chapters that
    summarise them (the conclusions). Every figure a figure derives from must be in it."""
    register = Register()
    order = sorted(chapters, key=lambda name: (chapters[name].summarises, name))
    for name in order:
        register.extend(chapters[name].figures)
    register.check()
    return register
