"""How jsnakit's objects show themselves in a notebook, registered from above.

A :class:`~jsnakit.disclosure.Disclosed` frame or a :class:`~jsnakit.gaps.GapAnalysis` shows itself through
``_repr_html_``, but the code that draws it lives in :mod:`jsnakit.render`, a layer above them: render registers its
views here when it is imported, the package root has it imported on the first view asked for
(:func:`on_first_view`), and the objects ask for theirs, falling back to a plain view of their own. Nothing below
render imports it.
"""
from __future__ import annotations

from typing import Callable

__all__ = ["register", "on_first_view", "html_view"]

_VIEWS: dict[type, Callable[[object], str]] = {}
_LOADERS: list[Callable[[], object]] = []


def register(kind: type, view: Callable[[object], str]) -> None:
    """Show objects of ``kind`` (and its subclasses) in a notebook with ``view(obj) -> HTML``."""
    _VIEWS[kind] = view


def on_first_view(load: Callable[[], object]) -> None:
    """Run ``load`` once, the first time a view is asked for that is not registered yet: the package root wires in
    the loading of :mod:`jsnakit.render` (which registers its views) this way, so a disclosed frame shows its
    formatted view in any notebook, whatever was imported, while no layer below render imports it."""
    _LOADERS.append(load)


def html_view(obj) -> str | None:
    """The registered view of ``obj`` as HTML, or None when none is registered for its type."""
    view = _lookup(type(obj))
    if view is None and _LOADERS:
        while _LOADERS:
            _LOADERS.pop(0)()
        view = _lookup(type(obj))
    return None if view is None else view(obj)


def _lookup(kind: type):
    return next((_VIEWS[k] for k in kind.__mro__ if k in _VIEWS), None)
