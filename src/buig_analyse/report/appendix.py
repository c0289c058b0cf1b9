"""The register appendix as a reader sees it: the figures grouped by the chapter that computes
them, each with its description, its value in Dutch notation, how it is computed, the figures it
derives from (by description) and the input cells as written in the source file.

The PDF lists the figures the report prints (text and tables); the figures behind the charts only
(monthly series) are counted per chapter and stay in the attached CSV and the HTML version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from buig_analyse.register.figures import Register
from buig_analyse.register.formatting import format_value

# Chapters in the order of the report, with the heading of their group in the appendix.
GROUP_TITLES = {
    "budget": "Budget, vangnet en prognose (4.1 en 4.3)",
    "participatie": "Participatiebudget (4.2)",
    "verdeelmodel": "Verdeelmodel (4.4)",
    "bestand": "Bestandsontwikkeling (4.5)",
    "benchmark": "Benchmark (4.5 en 4.6)",
    "oorzaken": "Oorzaken tekort (4.6)",
    "conclusies": "Conclusies (4.7)",
    "maatregelen": "Van analyse naar maatregelen (5)",
}
MOST_SOURCES = 4  # input cells listed per figure; the rest is counted (all are in the CSV)
MOST_PARENTS = 4


@dataclass(frozen=True)
class Row:
    id: str
    description: str
    value: str
    formula: str
    parents: tuple[tuple[str, str], ...]  # (id, description)
    more_parents: int
    sources: tuple[str, ...]
    more_sources: int


@dataclass
class Group:
    chapter: str
    title: str
    rows: list[Row] = field(default_factory=list)
    left_out: int = 0  # figures of this chapter not printed (only behind a chart)

    @property
    def shown(self) -> int:
        """Figures of this chapter the report prints (text and tables)."""
        return len(self.rows)


def _row(register: Register, figure_id: str) -> Row:
    figure = register[figure_id]
    parents = tuple((p, register[p].description) for p in figure.derived_from)
    sources = tuple(s.dutch() for s in figure.sources)
    return Row(
        id=figure.id,
        description=figure.description,
        value=format_value(figure.value, figure.unit),
        formula=figure.formula,
        parents=parents[:MOST_PARENTS],
        more_parents=max(0, len(parents) - MOST_PARENTS),
        sources=sources[:MOST_SOURCES],
        more_sources=max(0, len(sources) - MOST_SOURCES),
    )


def register_groups(
    register: Register, chapters: dict, printed: set[str] | None = None
) -> list[Group]:
    """The appendix, one group per chapter in report order. With ``printed`` (the ids the report
    shows in its text and tables) only those figures are listed and the others are counted."""
    order = [name for name in GROUP_TITLES if name in chapters]
    order += sorted(name for name in chapters if name not in GROUP_TITLES)
    groups = []
    for name in order:
        group = Group(name, GROUP_TITLES.get(name, name))
        for figure in chapters[name].figures:
            if figure.id not in register:
                continue
            if printed is not None and figure.id not in printed:
                group.left_out += 1
                continue
            group.rows.append(_row(register, figure.id))
        if group.rows or group.left_out:
            groups.append(group)
    return groups
