"""The look every chart and map shares: the Okabe-Ito palette and the series' styles, titles, axis labels of units,
the ``gid`` naming each kind of chart for its description, and the axes a chart draws on.

Used by :mod:`jsnakit.render.charts`, :mod:`jsnakit.render.demand`, :mod:`jsnakit.render.maps` and
:mod:`jsnakit.render.gap_maps`; the public names are reachable from :mod:`jsnakit.render.charts` too.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..core import indicators
from ..core.errors import ArgumentError

__all__ = ["OKABE_ITO", "OKABE_ITO_DARK", "CONTEXT_GREY", "AREA_STYLE", "COMPARATOR_STYLES", "TITLE_WIDTH", "NOTE_COLOUR", "UNIT_LABELS", "CHART_GIDS",
           "GAP_GID", "indicator_title", "unit_label", "chart_axes"]

#: The Okabe-Ito colour-blind-safe palette, by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
#: Darker shades of the three Okabe-Ito colours that are too light to stand on white (WCAG 2.2 1.4.11 asks 3:1 of
#: a chart's lines and shapes; orange is 2.25:1, sky blue 2.31:1, yellow 1.32:1): the same hue at 70% (orange, sky
#: blue: 4.4-4.5:1) or 60% (yellow: 3.6:1) of its brightness. Lines and unoutlined markers use these; a shape with a
#: dark outline may keep the light colour (see :mod:`jsnakit.render.contrast`).
OKABE_ITO_DARK = {
    "orange": "#A16F00",
    "sky blue": "#3C7EA3",
    "yellow": "#908928",
}
#: Grey of the context a chart draws behind its subject (other local authorities, a range): 4.5:1 on white.
CONTEXT_GREY = "#767676"

#: The focus area's style.
AREA_STYLE = {"color": OKABE_ITO["blue"], "marker": "o", "linestyle": "-", "linewidth": 2.2, "markersize": 6}
#: Comparators' styles, in order: each differs from the others in colour, marker and line style.
COMPARATOR_STYLES = (
    {"color": OKABE_ITO["black"], "marker": "s", "linestyle": "--"},
    {"color": OKABE_ITO["vermillion"], "marker": "^", "linestyle": ":"},
    {"color": OKABE_ITO["bluish green"], "marker": "D", "linestyle": "-."},
    {"color": OKABE_ITO["reddish purple"], "marker": "v", "linestyle": (0, (5, 1, 1, 1))},
    {"color": OKABE_ITO_DARK["orange"], "marker": "P", "linestyle": (0, (3, 1, 1, 1, 1, 1))},
    {"color": OKABE_ITO_DARK["sky blue"], "marker": "X", "linestyle": (0, (1, 1))},
)
#: Default titles wrap at this many characters.
TITLE_WIDTH = 60
#: Colour of notes about withheld values.
NOTE_COLOUR = "#4D4D4D"

#: Axis labels of the units jsnakit's indicators use; any other unit is shown as it is.
UNIT_LABELS = {
    "%": "Per cent (%)",
    "per 10,000": "Rate per 10,000",
    "per 1,000": "Rate per 1,000",
    "per 100,000": "Rate per 100,000",
    "persons": "Number of people",
    "plans": "Number of EHC plans",
}

#: ``gid`` of the axes of each kind of chart, naming it for :func:`jsnakit.render.charts.alt_text`.
CHART_GIDS = {"trend": "jsnakit:trend", "need_mix": "jsnakit:need_mix", "choropleth": "jsnakit:choropleth",
              "projection": "jsnakit:projection", "funnel": "jsnakit:funnel", "ranked_bars": "jsnakit:ranked_bars",
              "shortfall": "jsnakit:shortfall"}
#: ``gid`` of the helper line marking gaps on the x axis of a trend chart (not a series: its description skips it).
GAP_GID = "jsnakit:gap"


def indicator_title(indicator) -> str:
    """The plain-English title of an indicator from :mod:`jsnakit.core.indicators`, or its id when it is not catalogued.

    Examples
    --------
    >>> indicator_title("ehc_pupils_pct"), indicator_title("my_local_measure")
    ('Pupils with an EHC plan', 'my_local_measure')
    """
    try:
        return indicators.get(indicator).title
    except ArgumentError:
        return str(indicator)


def unit_label(unit) -> str:
    """Axis or legend label of a unit: ``"%"`` -> ``"Per cent (%)"``; '' for none.

    Examples
    --------
    >>> unit_label("per 10,000")
    'Rate per 10,000'
    """
    if unit is None or (isinstance(unit, float) and np.isnan(unit)) or unit is pd.NA:
        return ""
    return UNIT_LABELS.get(str(unit), str(unit))


def chart_axes(ax, *, figsize, pyplot: bool = True) -> Axes:
    """The axes a chart draws on: ``ax``, or when None the axes of a new figure.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        The caller's axes, returned as they are.
    figsize : tuple of float
        Width and height (inches) of a new figure.
    pyplot : bool, default True
        Whether a new figure is pyplot's (shown in a notebook, closed by
        :func:`jsnakit.render.charts.figure_html`), with the constrained layout; with ``pyplot=False`` it is one
        pyplot does not track (nothing to close, nothing to leak: the widgets make one per interaction), with no
        layout engine, as :func:`jsnakit.render.charts.figure_html`'s tight bounding box takes in every label (and is
        quicker).

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Raises
    ------
    ArgumentError
        When ``ax`` is neither None nor a matplotlib Axes.

    Examples
    --------
    >>> chart_axes(None, figsize=(2, 2), pyplot=False).figure.get_size_inches().tolist()
    [2.0, 2.0]
    """
    if ax is None:
        if not pyplot:
            return Figure(figsize=figsize).add_subplot()
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise ArgumentError(f"ax must be None or a matplotlib Axes; got {type(ax).__name__}")
    return ax
