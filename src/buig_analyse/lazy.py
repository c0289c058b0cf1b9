"""pandas, imported when first used (the importlib recipe with :class:`importlib.util.LazyLoader`).

The chapter modules define the chapter dataclasses and the functions that compute them. The chart
and report jobs only read chapters back from JSON, so they import those modules for the classes and
never call pandas; importing it there cost each of those jobs about 0.3 s (issue 12). The modules
that compute with pandas import it through here, and the first attribute access loads it.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``: the loaded one if it is imported already, otherwise a module that
    executes on its first attribute access."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - pandas is a dependency
        raise ImportError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


pandas = lazy_module("pandas")
