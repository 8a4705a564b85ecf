"""How jsnakit's objects show themselves in a notebook, registered from above.

A :class:`~jsnakit.disclosure.Disclosed` frame or a :class:`~jsnakit.gaps.GapAnalysis` shows itself through
``_repr_html_``, but the code that draws it lives in :mod:`jsnakit.render`, a layer above them: render registers its
views here when it is imported (as the workbook, the explorers and the training notebooks do), and the objects ask
for theirs, falling back to a plain view of their own. Nothing below render imports it.
"""
from __future__ import annotations

from typing import Callable

__all__ = ["register", "html_view"]

_VIEWS: dict[type, Callable[[object], str]] = {}


def register(kind: type, view: Callable[[object], str]) -> None:
    """Show objects of ``kind`` (and its subclasses) in a notebook with ``view(obj) -> HTML``."""
    _VIEWS[kind] = view


def html_view(obj) -> str | None:
    """The registered view of ``obj`` as HTML, or None when none is registered for its type."""
    for kind in type(obj).__mro__:
        if kind in _VIEWS:
            return _VIEWS[kind](obj)
    return None
