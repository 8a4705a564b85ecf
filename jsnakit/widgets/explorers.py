"""Interactive explorers for JupyterLab and training: an area explorer, a gap explorer and a projection playground.

Each explorer is two layers (docs/architecture.md, Conventions: one implementation behind several faces):

* **views**, small pure functions that take values and return figures, tables and a plain message --
  :func:`area_view`, :func:`gap_view` and :func:`projection_view`. They hold the per-interaction work, call the
  library for every figure (:mod:`jsnakit.needs.profile`, :mod:`jsnakit.projection`, :mod:`jsnakit.gaps`,
  :mod:`jsnakit.render.charts`, :mod:`jsnakit.render.maps`, :mod:`jsnakit.render.tables`) and compute no statistics
  of their own. Bad input from a user (an area with no data for a period, a figure that is suppressed, an area with
  no provision data) gives a view with a plain ``message`` and no figure for what cannot be shown; they raise only
  for programming errors (a frame that has not passed disclosure control, an argument of the wrong kind);
* **widgets** (ipywidgets 8), :class:`AreaExplorer`, :class:`GapExplorer` and :class:`ProjectionPlayground`, which
  hold the pickers and sliders, cache what does not change between interactions (the national disclosed frame, the
  caseload, the population, each area's gap analysis, the projections already made) and show a view. Each has a
  ``.widget`` (the ipywidgets container) and displays itself when it is the last expression of a cell.

Everything shown has passed statistical disclosure control: the explorers read the national frame through
:func:`jsnakit.needs.profile.published`, projections through :func:`jsnakit.disclosure.apply_projection`, and gap
analyses through :func:`jsnakit.gaps.from_catalog`; the charts and tables refuse anything else.

Figures are made on a :class:`matplotlib.figure.Figure` that pyplot never sees (no figure is left open, however many
interactions), and shown with :func:`jsnakit.render.charts.figure_html` (the PNG embedded with its alt text) in an
``ipywidgets.Output``.

Every chart is drawn by :mod:`jsnakit.render.charts` or :mod:`jsnakit.render.maps` and described by
:func:`jsnakit.render.charts.alt_text`; the area explorer's neighbour comparison is
:func:`jsnakit.render.charts.ranked_bars` and the gap explorer's shortfall
:func:`jsnakit.render.charts.shortfall_chart`.

The views and the explorers live in one module per explorer, the view first: :mod:`.area`, :mod:`.gap` and
:mod:`.playground`, with what they share in :mod:`.base`. Every public name is importable from here and from
:mod:`jsnakit.widgets`.
"""
from __future__ import annotations

from .area import AREA_PARTS, NEIGHBOURS_SHOWN, AreaExplorer, AreaView, area_view
from .base import SIMULATIONS
from .gap import GapExplorer, GapView, gap_view
from .playground import (PLAYGROUND_DEFAULTS, SCENARIO_WORDS, ProjectionPlayground, ProjectionView, describe_settings,
                         projection_view)

__all__ = [
    "AreaView",
    "GapView",
    "ProjectionView",
    "area_view",
    "gap_view",
    "projection_view",
    "describe_settings",
    "AreaExplorer",
    "GapExplorer",
    "ProjectionPlayground",
    "AREA_PARTS",
    "SIMULATIONS",
    "NEIGHBOURS_SHOWN",
    "PLAYGROUND_DEFAULTS",
    "SCENARIO_WORDS",
]
