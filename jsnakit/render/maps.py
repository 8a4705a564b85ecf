"""Choropleth maps of a disclosed indicator frame.

Like :mod:`jsnakit.render.charts`, every function takes a :class:`jsnakit.disclosure.Disclosed` frame first and returns
the Axes it drew on; nothing here reads a file (the boundaries come in as a GeoDataFrame from
:mod:`jsnakit.sources.boundaries`).

Classes are quantiles (``mapclassify.Quantiles``: each class holds about the same number of areas) drawn in the
``viridis`` colormap, reversed so that light is low and dark is high: perceptually uniform and readable with the
common colour-vision deficiencies and in greyscale (van der Walt S, Smith N (2015), "A better default colormap for
matplotlib", SciPy 2015), and with no grey in it to be mistaken for "no data". Areas whose value is withheld or
missing are light grey *and* hatched, and the legend says "suppressed or no data"; the highlighted area has a thick
outline *and* its name written on it: colour is never the only signal.

Gap maps (issue 7) draw a :class:`jsnakit.gaps.GapAnalysis` on one area's boundary: :func:`provision_map` shades the
area's localities by the estimated number of children and young people with an EHC plan living there and marks the
services, with a different marker *shape* per domain (education, health, care); :func:`distance_map` shades the same
localities by the distance to the nearest service for one need in fixed classes (:data:`DISTANCE_BINS_KM`), so that
maps of different areas read alike. A locality is drawn as a cell: the part of the area nearer to its
population-weighted centre than to any other (:func:`locality_cells`). The three map functions classify and draw
their classes through the same helpers, so a legend reads the same on each. Their full description for the ``alt``
of the image is :func:`alt_text`.

This module draws the choropleth (:func:`choropleth`). The rest live beside it and are reachable here too: the gap
maps in :mod:`jsnakit.render.gap_maps`, the classes and their shading (:func:`class_labels`) in
:mod:`jsnakit.render.shading`, the drawing CRS and the locality cells in :mod:`jsnakit.render.geometry`, and
:func:`alt_text` in :mod:`jsnakit.render.descriptions`.
"""
from __future__ import annotations

import textwrap

import geopandas as gpd
import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D

from .. import disclosure
from ..core.errors import ArgumentError
# alt_text: the description of any chart or map (:func:`jsnakit.render.charts.alt_text`, which reads what the gap maps
# wrote as they drew); here too, where the factsheet's map cells look for it
from .descriptions import alt_text
from .frames import check_unique, pick_rows, slice_rows, unit_of
from .gap_maps import (DISTANCE_BINS_KM, DOMAIN_STYLES, FAR_KM, MAP_MARGIN, NO_DISTANCE_LABEL, SERVICE_SIZE,
                       distance_map, provision_map)
from .geometry import BOUNDARY_COLUMNS, DRAWING_CRS, locality_cells
from .shading import (MISSING_COLOUR, MISSING_HATCH, MISSING_LABEL, SEQUENTIAL_CMAP, class_labels, draw_shading,
                      map_legend, quantile_shading)
from .style import CHART_GIDS, TITLE_WIDTH, chart_axes, indicator_title, unit_label

__all__ = ["choropleth", "provision_map", "distance_map", "locality_cells", "alt_text", "class_labels",
           "SEQUENTIAL_CMAP", "MISSING_COLOUR", "MISSING_HATCH", "MISSING_LABEL", "DISTANCE_BINS_KM", "FAR_KM",
           "DOMAIN_STYLES", "HIGHLIGHT_WIDTH", "DRAWING_CRS", "SERVICE_SIZE", "MAP_MARGIN", "NO_DISTANCE_LABEL"]

#: Line width (points) of the highlighted area's outline.
HIGHLIGHT_WIDTH = 3.0


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
            f"boundaries must be a GeoDataFrame with columns {BOUNDARY_COLUMNS}; got {type(boundaries).__name__}"
        )
    missing = [c for c in BOUNDARY_COLUMNS if c not in boundaries.columns]
    if missing:
        raise ArgumentError(
            f"boundaries must have the columns {BOUNDARY_COLUMNS}; missing {missing} in {list(boundaries.columns)}"
        )
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ArgumentError(f"k must be a whole number of at least 2; got {k!r}")
    codes = set(boundaries["area_code"].astype(str))
    if highlight is not None and highlight not in codes:
        raise ArgumentError(f"highlight must be an area_code of the boundaries; got {highlight!r}")

    rows = slice_rows(disclosed.frame, indicator=indicator, breakdown=breakdown, category=category)
    rows = pick_rows(rows, "period", period, f"indicator {indicator!r} ({breakdown}/{category})")
    unit = unit_of(rows)
    rows = rows[rows["area_code"].isin(codes)]
    if rows.empty:
        sample = sorted(codes)[:3]
        raise ArgumentError(
            f"boundaries must share area codes with the rows of indicator {indicator!r} in {period}; got none in "
            f"common (boundaries have e.g. {sample})"
        )
    check_unique(rows, ["area_code"], f"indicator {indicator!r} ({breakdown}/{category}) in {period}")

    geo = boundaries[BOUNDARY_COLUMNS].copy()
    if geo.crs is not None and geo.crs.is_geographic:
        geo = geo.to_crs(DRAWING_CRS)
    values = rows.set_index("area_code")["value"].astype(float)
    geo["value"] = geo["area_code"].map(values).astype(float)

    ax = chart_axes(ax, figsize=(7.5, 7.5))
    ax.set_gid(CHART_GIDS["choropleth"])
    shading = quantile_shading(geo["value"].to_numpy(float), k=k, unit=unit)
    handles = draw_shading(ax, geo, shading)
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
    if shading.labels:
        title += f"\n({len(shading.labels)} quantile classes)"
    map_legend(ax, handles, title)
    return ax

