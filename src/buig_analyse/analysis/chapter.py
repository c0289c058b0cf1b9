"""The base of every chapter of the analysis.

A chapter is what one ``analyse_<name>`` function produces (all run in the rule ``analyse``): its figures (for the register), a typed
layout the report needs (which years, which groups, in which order) and the optional inputs that
were missing (the report prints a note for each). Each chapter is one module in this package whose
name is the chapter's name, with one subclass of :class:`Chapter` declared as ``CHAPTER``, one
template partial ``reports/templates/chapters/<name>.html.j2`` and its call in
:mod:`buig_analyse.analysis.chapters`.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from dataclasses import dataclass, field
from typing import ClassVar

from buig_analyse.register.figures import Figure, dumps_figures, loads_figures


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


def import_chapter_classes() -> None:
    """For the preloaded process (buig_analyse.warm): every chapter module imported once, for the
    report, which reads each chapter back into its class (:func:`chapter_class`). The modules
    import no pandas (buig_analyse.lazy stands in for it until a chapter is analysed)."""
    from buig_analyse.analysis.chapters import CHAPTERS

    for name in CHAPTERS:
        chapter_class(name)


def chapter_from_json(figures: list[Figure], layout: dict) -> Chapter:
    """Rebuild a typed chapter from its figures and layout; unknown or missing fields fail loudly."""
    data = dict(layout)
    cls = chapter_class(data.pop("chapter"))
    return cls(figures=figures, **data)


def settled(chapter: Chapter) -> Chapter:
    """The chapter as a later step reads it back from its file (figures and layout through the
    same JSON form, keys sorted), so analysing in one process gives the same bytes as one step per
    chapter with a file in between."""
    figures = json.loads(json.dumps(json.loads(dumps_figures(chapter.figures)), sort_keys=True))
    layout = json.loads(json.dumps(chapter.layout(), ensure_ascii=False, sort_keys=True))
    return chapter_from_json(loads_figures(json.dumps(figures)), layout)
