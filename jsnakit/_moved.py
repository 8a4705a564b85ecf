"""The module paths of jsnakit 0.1, kept for one release: each is the module at its new path, with a
``DeprecationWarning`` naming it (the layers became subpackages; docs/architecture.md)."""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings

#: Old module (under ``jsnakit.``) -> its new path.
MOVED = {
    "errors": "jsnakit.core.errors", "schema": "jsnakit.core.schema", "geography": "jsnakit.core.geography",
    "indicators": "jsnakit.core.indicators", "methods": "jsnakit.stats.methods", "ranking": "jsnakit.stats.ranking",
    "trend": "jsnakit.stats.trend", "profile": "jsnakit.needs.profile", "transitions": "jsnakit.projection.transitions",
    "charts": "jsnakit.render.charts", "maps": "jsnakit.render.maps", "tables": "jsnakit.render.tables",
    "narrative": "jsnakit.render.narrative", "training": "jsnakit.widgets.training", "factsheet": "jsnakit.factsheets.html",
    "batch": "jsnakit.factsheets.batch", "sections": "jsnakit.factsheets.sections",
    "resources": "jsnakit.factsheets.resources",
}


def resolve(name: str, stacklevel: int = 3):
    """The module now at ``jsnakit.<name>``'s new path, after a ``DeprecationWarning``."""
    new = MOVED[name]
    warnings.warn(f"jsnakit.{name} has moved to {new}; the old path goes in the next release",
                  DeprecationWarning, stacklevel=stacklevel)
    return importlib.import_module(new)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import jsnakit.<old>`` and ``from jsnakit.<old> import x`` find the module at its new path."""

    def find_spec(self, fullname, path=None, target=None):
        package, _, name = fullname.rpartition(".")
        if package == "jsnakit" and name in MOVED:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        # The import system returns whatever sys.modules holds under the name once this returns: the new module.
        sys.modules[module.__name__] = resolve(module.__name__.rpartition(".")[2], stacklevel=3)


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
