"""The base of every chapter of the analysis.

A chapter is what one ``analyse_<name>`` rule produces: its figures (for the register), a typed
layout the report needs (which years, which groups, in which order) and the optional inputs that
were missing (the report prints a note for each). Each chapter is one module in this package whose
name is the chapter's name, with one subclass of :class:`Chapter` declared as ``CHAPTER``, one
template partial ``reports/templates/chapters/<name>.html.j2`` and one rule.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.register.figures import Figure


@dataclass
class Chapter:
    """Figures, typed layout (the subclass's own fields) and the missing inputs of a chapter."""

    name: ClassVar[str] = ""
    # Inputs without which the chapter is left out of the report (a note says which file is missing).
    needs: ClassVar[tuple[str, ...]] = ()
    # A chapter that summarises the others (the conclusions) comes after them in the register.
    summarises: ClassVar[bool] = False

    figures: list[Figure] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def absent(self) -> bool:
        """True when the chapter cannot be shown: an input it needs is missing."""
        return any(name in self.missing for name in self.needs)

    def layout(self) -> dict:
        """The layout as plain data (every field but the figures), tagged with the chapter name."""
        data = {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "figures"
        }
        data["chapter"] = self.name
        return data


def chapter_class(name: str) -> type[Chapter]:
    """The chapter class of ``buig_analyse.analysis.<name>`` (its ``CHAPTER``)."""
    if not name.isidentifier():
        raise ValueError(f"no chapter {name!r}")
    module = importlib.import_module(f"buig_analyse.analysis.{name}")
    cls = module.CHAPTER
    if cls.name != name:
        raise ValueError(f"chapter module {name} declares chapter {cls.name!r}")
    return cls


def chapter_from_json(figures: list[Figure], layout: dict) -> Chapter:
    """Rebuild a typed chapter from its figures and layout; unknown or missing fields fail loudly."""
    data = dict(layout)
    cls = chapter_class(data.pop("chapter"))
    return cls(figures=figures, **data)
