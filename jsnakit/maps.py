"""Choropleth maps of a disclosed indicator frame.

Like :mod:`jsnakit.charts`, every function takes a :class:`jsnakit.disclosure.Disclosed` frame first and returns the
Axes it drew on; nothing here reads a file (the boundaries come in as a GeoDataFrame from
:mod:`jsnakit.sources.boundaries`).

Classes are quantiles (``mapclassify.Quantiles``: each class holds about the same number of areas) drawn in the
``viridis`` colormap, reversed so that light is low and dark is high: perceptually uniform and readable with the
common colour-vision deficiencies and in greyscale (van der Walt S, Smith N (2015), "A better default colormap for
matplotlib", SciPy 2015), and with no grey in it to be mistaken for "no data". Areas whose value is withheld or
missing are light grey *and* hatched, and the legend says "suppressed or no data"; the highlighted area has a thick
outline *and* its name written on it: colour is never the only signal.
"""
from __future__ import annotations

import math
import textwrap

import geopandas as gpd
import mapclassify
import matplotlib
import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import disclosure
from .charts import TITLE_WIDTH, _GID, _axes, _check_unique, _pick, _slice, _unit, indicator_title, unit_label
from .errors import ArgumentError
from .tables import COUNT_UNITS

__all__ = ["choropleth", "SEQUENTIAL_CMAP", "MISSING_COLOUR", "MISSING_HATCH", "MISSING_LABEL", "class_labels"]

#: Sequential colormap of the classes (light = low, dark = high); colour-vision-deficiency safe.
SEQUENTIAL_CMAP = "viridis_r"
#: Fill of areas with no value to show.
MISSING_COLOUR = "#D9D9D9"
#: Hatching of areas with no value to show.
MISSING_HATCH = "///"
#: Legend label of areas with no value to show.
MISSING_LABEL = "suppressed or no data"
#: Line width (points) of the highlighted area's outline.
HIGHLIGHT_WIDTH = 3.0
#: The projection maps are drawn in when the boundaries come in longitude/latitude: British National Grid.
DRAWING_CRS = "EPSG:27700"

_BOUNDARY_COLUMNS = ["area_code", "area_name", "geometry"]


def choropleth(disclosed, boundaries, *, indicator, period, highlight=None, breakdown="All", category="All", k=5,
               ax=None):
    """Map one indicator in one period across areas, shaded by quantile class.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        A disclosed indicator frame.
    boundaries : geopandas.GeoDataFrame
        One row per area to draw, with columns ``area_code`` (GSS), ``area_name`` and ``geometry`` (the boundaries
        reader renames ONS's ``CTYUA23CD``/``CTYUA23NM``). Geographic (longitude/latitude, e.g. EPSG:4326) boundaries
        are projected to British National Grid (EPSG:27700) for drawing; the input is not changed.
    indicator : str
        The indicator id, e.g. ``"ehc_plans_per_10k"``.
    period : str
        The period, e.g. ``"2025/26"``.
    highlight : str, optional
        GSS code of an area to outline thickly and label with its name (the factsheet's own area).
    breakdown, category : str, default "All"
        The slice of the indicator to map.
    k : int, default 5
        Number of quantile classes (fewer when there are fewer distinct values).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Axis off, equal aspect. Its collections, by ``gid``: ``"jsnakit:areas"`` (every boundary row, in order,
        filled by class, or :data:`MISSING_COLOUR` where there is no value), ``"jsnakit:suppressed"`` (the areas
        with no value again, hatched :data:`MISSING_HATCH`) and ``"jsnakit:highlight"`` (the highlighted area's
        outline, :data:`HIGHLIGHT_WIDTH` points). The legend lists the classes as ``"lower to upper"``
        (:func:`class_labels`) under a title naming the unit, then :data:`MISSING_LABEL` and the highlighted area.

        The values classified are those of the areas drawn: the frame's rows for the indicator, period and slice
        whose ``area_code`` is among the boundaries' (so England and region rows never enter the classes).

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When ``boundaries`` is not a GeoDataFrame with the columns above, the indicator, period or slice has no
        rows, no boundary area has a row, an area has more than one row, ``highlight`` is not among the boundaries,
        or ``k`` is not a whole number of at least 2.
    """
    disclosed = disclosure.require(disclosed)
    if not isinstance(boundaries, gpd.GeoDataFrame):
        raise ArgumentError(
            f"boundaries must be a GeoDataFrame with columns {_BOUNDARY_COLUMNS}; got {type(boundaries).__name__}"
        )
    missing = [c for c in _BOUNDARY_COLUMNS if c not in boundaries.columns]
    if missing:
        raise ArgumentError(
            f"boundaries must have the columns {_BOUNDARY_COLUMNS}; missing {missing} in {list(boundaries.columns)}"
        )
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ArgumentError(f"k must be a whole number of at least 2; got {k!r}")
    codes = set(boundaries["area_code"].astype(str))
    if highlight is not None and highlight not in codes:
        raise ArgumentError(f"highlight must be an area_code of the boundaries; got {highlight!r}")

    rows = _slice(disclosed.frame, indicator=indicator, breakdown=breakdown, category=category)
    rows = _pick(rows, "period", period, f"indicator {indicator!r} ({breakdown}/{category})")
    unit = _unit(rows)
    rows = rows[rows["area_code"].isin(codes)]
    if rows.empty:
        sample = sorted(codes)[:3]
        raise ArgumentError(
            f"boundaries must share area codes with the rows of indicator {indicator!r} in {period}; got none in "
            f"common (boundaries have e.g. {sample})"
        )
    _check_unique(rows, ["area_code"], f"indicator {indicator!r} ({breakdown}/{category}) in {period}")

    geo = boundaries[_BOUNDARY_COLUMNS].copy()
    if geo.crs is not None and geo.crs.is_geographic:
        geo = geo.to_crs(DRAWING_CRS)
    values = rows.set_index("area_code")["value"].astype(float)
    geo["value"] = geo["area_code"].map(values).astype(float)
    has = geo["value"].notna().to_numpy()

    ax = _axes(ax, figsize=(7.5, 7.5))
    ax.set_gid(_GID["choropleth"])
    handles = []
    facecolors = np.array([MISSING_COLOUR] * len(geo), dtype=object)
    if has.any():
        observed = geo.loc[has, "value"].to_numpy(float)
        classes = mapclassify.Quantiles(observed, k=min(k, len(np.unique(observed))))
        n = len(classes.bins)
        cmap = matplotlib.colormaps[SEQUENTIAL_CMAP]
        palette = [matplotlib.colors.to_hex(cmap(i / (n - 1) if n > 1 else 0.5)) for i in range(n)]
        facecolors[has] = [palette[i] for i in classes.yb]
        for colour, label in zip(palette, class_labels(classes.bins, observed.min(), unit)):
            handles.append(Patch(facecolor=colour, edgecolor="#808080", linewidth=0.5, label=label))
    geo.plot(ax=ax, color=list(facecolors), edgecolor="white", linewidth=0.6)
    ax.collections[-1].set_gid("jsnakit:areas")
    if (~has).any():
        geo.loc[~has].plot(ax=ax, facecolor="none", edgecolor="#737373", hatch=MISSING_HATCH, linewidth=0.6)
        ax.collections[-1].set_gid("jsnakit:suppressed")
        handles.append(Patch(facecolor=MISSING_COLOUR, edgecolor="#737373", hatch=MISSING_HATCH, linewidth=0.6,
                             label=MISSING_LABEL))
    if highlight is not None:
        target = geo[geo["area_code"] == highlight]
        target.plot(ax=ax, facecolor="none", edgecolor="black", linewidth=HIGHLIGHT_WIDTH, zorder=5)
        outline = ax.collections[-1]
        outline.set_gid("jsnakit:highlight")
        outline.set_path_effects([patheffects.withStroke(linewidth=HIGHLIGHT_WIDTH + 2.5, foreground="white")])
        name = str(target["area_name"].iloc[0])
        point = target.geometry.union_all().representative_point()
        # the name sits beside the area with an arrow, so that a small area's outline stays visible
        label = ax.annotate(name, xy=(point.x, point.y), xytext=(28, 28), textcoords="offset points", ha="left",
                            va="bottom", fontsize=9, fontweight="bold", zorder=6,
                            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black",
                                  "linewidth": 0.8},
                            arrowprops={"arrowstyle": "-", "color": "black", "linewidth": 1, "shrinkA": 0,
                                        "shrinkB": 0})
        label.set_gid("jsnakit:highlight-label")
        handles.append(Line2D([], [], color="black", linewidth=HIGHLIGHT_WIDTH, label=f"{name} (outlined)"))

    ax.set_axis_off()
    ax.set_aspect("equal")
    slice_text = "" if category == "All" else f" ({category})"
    ax.set_title(textwrap.fill(f"{indicator_title(indicator)}{slice_text}, {period}", TITLE_WIDTH))
    title = unit_label(unit) or "Value"
    if has.any():
        title += f"\n({len(classes.bins)} quantile classes)"
    ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              title_fontsize=8, frameon=False)
    return ax


def class_labels(bins, lowest, unit=None) -> list[str]:
    """Legend labels of classes: ``"lowest to bins[0]"``, ``"bins[0] to bins[1]"``, ...

    Each class holds the values above its lower bound up to and including its upper bound (the first includes its
    lower bound). Bounds are shown to 1 decimal place (whole numbers for counts of people), with more places when
    needed to tell every bound apart.

    Parameters
    ----------
    bins : sequence of float
        Upper bounds of the classes, ascending (``mapclassify`` ``.bins``).
    lowest : float
        The smallest value classified.
    unit : str, optional
        The values' unit.

    Examples
    --------
    >>> class_labels([2.8, 4.6, 10.0], 1.0, "%")
    ['1.0 to 2.8', '2.8 to 4.6', '4.6 to 10.0']
    """
    bounds = [float(lowest)] + [float(b) for b in bins]
    start = 0 if unit is not None and str(unit).strip().lower() in COUNT_UNITS else 1
    for decimals in range(start, 5):
        text = [f"{b:,.{decimals}f}" for b in bounds]
        distinct = all(a != b for a, b, x, y in zip(text, text[1:], bounds, bounds[1:]) if not math.isclose(x, y))
        if distinct:
            break
    return [f"{a} to {b}" for a, b in zip(text, text[1:])]
