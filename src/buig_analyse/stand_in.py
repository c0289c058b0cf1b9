"""Stand-ins for library modules a process loads but seldom uses (issue 12).

A stand-in is a module under the library module's name that holds the few names the importing
code takes from it. Any other name is the real module's: asking for it imports the real module,
which then takes the stand-in's place in ``sys.modules``, so every later import gets the real
one. The import system's own questions (``__path__``, ``__file__``, ``__spec__``...) have no
answer, so a stand-in is never taken for a package. Used for yte, SQLAlchemy and SQLModel in
Snakemake's process (:mod:`buig_analyse.main_process`) and for fontTools' subsetter and
variable-font instancer under WeasyPrint (:mod:`buig_analyse.report.pdf`).
"""

from __future__ import annotations

import importlib
import sys
import types


def stand_in(name: str, names: dict, real: bool = True, doc: str = "") -> types.ModuleType:
    """A stand-in module ``name`` holding ``names``; with ``real``, any other name imports the real
    module (see the module's docstring), without it any other name is missing."""
    module = types.ModuleType(name, doc or f"Stand-in for {name} until it is needed.")

    def attribute(key: str):
        if not real or key.startswith("__"):
            raise AttributeError(key)
        return getattr(real_module(name), key)

    module.__getattr__ = attribute
    module.__dict__.update(names, stand_in=True)
    return module


def real_module(name: str) -> types.ModuleType:
    """The real module ``name``, imported in its stand-in's place if a stand-in holds it."""
    if is_stand_in(sys.modules.get(name)):
        del sys.modules[name]
    return importlib.import_module(name)


def is_stand_in(module) -> bool:
    """Whether ``module`` (a module, or None) is a stand-in made by :func:`stand_in`."""
    return getattr(module, "stand_in", False) is True
