"""Choropleth maps of a disclosed indicator frame.

Like :mod:`jsnakit.render.charts`, every function takes a :class:`jsnakit.disclosure.Disclosed` frame first and returns
the Axes it drew on; nothing here reads a file (the boundaries come in as a GeoDataFrame from
:mod:`jsnakit.sources.boundaries`).

Classes are quantiles (``mapclassify.Quantiles``: each class holds about the same number of areas) drawn in the
``viridis`` colormap, reversed so that light is low and dark is high: perceptually uniform and readable with the
common colour-vision deficiencies and in greyscale (van der Walt S, Smith N (2015), "A better default colormap for
matplotlib", SciPy 2015), and with no grey in it to be mistaken for "no data". Areas whose value is withheld or
missing are light grey *and* hatched, and the legend says "suppressed or no data"; the highlighted area has a thick
outline *and* its name written on it: colour is never the only signal. The legend's title names the unit and what
the classes are ("fifths of local authorities (quintiles)", :func:`jsnakit.render.shading.quantile_words`).

London's 33 boroughs (area codes ``E09``) are specks on a map of England, so the national map draws them again,
enlarged, in an inset box (:data:`LONDON_PREFIX`): same classes, colours and hatching, a thin frame labelled "London",
placed in the largest empty corner of the map (:func:`jsnakit.render.geometry.inset_box`: clear of every area's
bounding box, so it hides nothing), with London outlined on the main map. A highlighted borough is outlined and named
in the box too.

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
import shapely
from matplotlib import patheffects
from matplotlib.lines import Line2D

from .. import disclosure
from ..core.errors import ArgumentError
# alt_text: the description of any chart or map (:func:`jsnakit.render.charts.alt_text`, which reads what the gap maps
# wrote as they drew); here too, where the factsheet's map cells look for it
from .descriptions import alt_text
from .frames import check_unique, pick_rows, slice_rows, unit_of
from .gap_maps import (DISTANCE_BINS_KM, DOMAIN_STYLES, FAR_KM, MAP_MARGIN, MIN_LOCALITIES, NO_DISTANCE_LABEL,
                       SERVICE_SIZE, DistanceClasses, distance_classes, distance_map, provision_map)
from .geometry import (BOUNDARY_COLUMNS, DRAWING_CRS, check_boundaries, inset_box, locality_cells,
                       plot_shapes)
from .shading import (MISSING_COLOUR, MISSING_HATCH, MISSING_LABEL, SEQUENTIAL_CMAP, class_labels, draw_shading,
                      map_legend, quantile_shading, quantile_words, shading_subset)
from .style import CHART_GIDS, TITLE_WIDTH, chart_axes, indicator_title, unit_label

__all__ = ["choropleth", "provision_map", "distance_map", "distance_classes", "DistanceClasses", "locality_cells",
           "alt_text", "class_labels", "SEQUENTIAL_CMAP", "MISSING_COLOUR", "MISSING_HATCH", "MISSING_LABEL",
           "DISTANCE_BINS_KM", "FAR_KM", "MIN_LOCALITIES", "DOMAIN_STYLES", "HIGHLIGHT_WIDTH", "DRAWING_CRS",
           "SERVICE_SIZE", "MAP_MARGIN", "NO_DISTANCE_LABEL", "LONDON_PREFIX", "INSET_GID", "MIN_INSET_SCALE"]

#: Line width (points) of the highlighted area's outline.
HIGHLIGHT_WIDTH = 3.0
#: GSS code prefix of the London boroughs (and the City of London), drawn again enlarged in the inset.
LONDON_PREFIX = "E09"
#: ``gid`` of the inset axes (a child of the map's axes, ``ax.child_axes``).
INSET_GID = "jsnakit:inset"
#: The least enlargement worth an inset: with less room than this in every corner, no inset is drawn.
MIN_INSET_SCALE = 1.5
#: The most of the map's width the inset may take.
_INSET_MAX_WIDTH = 0.42
#: Margins, as shares of the larger side: around the map, between the inset and any area, and around London in it.
_MAP_PAD, _INSET_GAP, _INSET_PAD = 0.02, 0.012, 0.04
#: Room above London in the inset for its label, as a share of London's height.
_INSET_LABEL_ROOM = 0.12
#: Local authority GSS prefixes: English unitaries, districts, metropolitan districts, London boroughs, counties;
#: Welsh, Scottish and Northern Irish councils.
_LA_PREFIXES = ("E06", "E07", "E08", "E09", "E10", "W06", "S12", "N09")
#: Offsets (points) tried, in order, for the highlighted area's name: up right, up left, down right, down left.
_LABEL_OFFSETS = ((28, 28), (-28, 28), (28, -28), (-28, -28))


def choropleth(disclosed, boundaries, *, indicator, period, highlight=None, breakdown="All", category="All", k=5,
               inset=True, ax=None):
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
    inset : bool, default True
        Draw the London boroughs (codes starting :data:`LONDON_PREFIX`) again, enlarged, in a box, when the
        boundaries hold them and other areas too, and a corner of the map has room for at least
        :data:`MIN_INSET_SCALE` times their size.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Axis off, equal aspect. Its collections, by ``gid``: ``"jsnakit:areas"`` (every boundary row, in order,
        filled by class, or :data:`MISSING_COLOUR` where there is no value), ``"jsnakit:suppressed"`` (the areas
        with no value again, hatched :data:`MISSING_HATCH`) and ``"jsnakit:highlight"`` (the highlighted area's
        outline, :data:`HIGHLIGHT_WIDTH` points). The legend lists the classes as ``"lower to upper"``
        (:func:`class_labels`) under a title naming the unit and the classes (``"Per cent (%),\nin fifths of local
        authorities\n(quintiles)"``), then :data:`MISSING_LABEL` and the highlighted area.

        With the inset, the main map also has ``"jsnakit:inset-outline"`` (London's outer boundary) and a legend
        entry for it, and ``ax.child_axes`` holds the inset (``gid`` :data:`INSET_GID`, placed in map units, framed,
        with the text ``"London"``, gid ``"jsnakit:inset-label"``), whose collections ``"jsnakit:areas"`` and
        ``"jsnakit:suppressed"`` are the boroughs in boundary order, filled and hatched as on the main map, and, when
        the highlighted area is a borough, ``"jsnakit:highlight"`` and its name (``"jsnakit:highlight-label"``).
        Its limits are London's bounds with a margin; the main map's are widened, on the right (or at the top), to a
        square, so the box finds room in the sea. The highlighted area's name on the main map is set beside it on
        the side away from the box.

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
    check_boundaries(boundaries, k)
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
    ax.set_axis_off()
    ax.set_aspect("equal")
    box = _london_inset(ax, geo, shading, highlight) if inset else None
    if box is not None:
        handles.append(Line2D([], [], color="black", linewidth=1.0, label="London (enlarged in the box)"))
    if highlight is not None:
        target = geo[geo["area_code"] == highlight]
        name = str(target["area_name"].iloc[0])
        _outline(ax, target)
        point = target.geometry.union_all().representative_point()
        # the name sits beside the area with an arrow, so that a small area's outline stays visible, on the side
        # away from the inset
        offset = _label_offset(ax, (point.x, point.y), name, box)
        label = ax.annotate(name, xy=(point.x, point.y), xytext=offset, textcoords="offset points",
                            ha="left" if offset[0] > 0 else "right", va="bottom" if offset[1] > 0 else "top",
                            fontsize=9, fontweight="bold", zorder=6,
                            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black",
                                  "linewidth": 0.8},
                            arrowprops={"arrowstyle": "-", "color": "black", "linewidth": 1, "shrinkA": 0,
                                        "shrinkB": 0})
        label.set_gid("jsnakit:highlight-label")
        handles.append(Line2D([], [], color="black", linewidth=HIGHLIGHT_WIDTH, label=f"{name} (outlined)"))

    slice_text = "" if category == "All" else f" ({category})"
    ax.set_title(textwrap.fill(f"{indicator_title(indicator)}{slice_text}, {period}", TITLE_WIDTH))
    title = unit_label(unit) or "Value"
    if shading.labels:
        # e.g. "Per cent (%),\nin fifths of local authorities\n(quintiles)"
        words, name = quantile_words(len(shading.labels), _areas_noun(geo["area_code"]), asked=k).rsplit(" (", 1)
        title += f",\n{textwrap.fill('in ' + words, 32)}\n({name}"
    map_legend(ax, handles, title)
    return ax


# --- internals -------------------------------------------------------------------------------------------------

def _areas_noun(codes) -> str:
    """What the areas are, for the legend: "local authorities" when every code is a council's, else "areas"."""
    codes = codes.astype(str)
    return "local authorities" if codes.str[:3].isin(_LA_PREFIXES).all() else "areas"


def _outline(ax, target: gpd.GeoDataFrame) -> None:
    """Outline the highlighted area thickly, with a white halo (collection ``"jsnakit:highlight"``)."""
    plot_shapes(target, ax, facecolor="none", edgecolor="black", linewidth=HIGHLIGHT_WIDTH, zorder=5)
    outline = ax.collections[-1]
    outline.set_gid("jsnakit:highlight")
    outline.set_path_effects([patheffects.withStroke(linewidth=HIGHLIGHT_WIDTH + 2.5, foreground="white")])


def _london_inset(ax, geo: gpd.GeoDataFrame, shading, highlight):
    """Draw the London boroughs enlarged in a box in the emptiest corner; return the box (map units) or None."""
    drawable = ~(geo.geometry.isna() | geo.geometry.is_empty).to_numpy(bool)
    london = geo["area_code"].astype(str).str.startswith(LONDON_PREFIX).to_numpy(bool) & drawable
    if not london.any() or london.sum() == drawable.sum():
        return None
    lx0, ly0, lx1, ly1 = geo[london].total_bounds
    pad = _INSET_PAD * max(lx1 - lx0, ly1 - ly0)
    limits = (lx0 - pad, ly0 - pad, lx1 + pad, ly1 + pad + _INSET_LABEL_ROOM * (ly1 - ly0))
    aspect = (limits[2] - limits[0]) / (limits[3] - limits[1])

    x0, y0, x1, y1 = geo[drawable].total_bounds
    side = max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - _MAP_PAD * side, y0 - _MAP_PAD * side, x1 + _MAP_PAD * side, y1 + _MAP_PAD * side
    side = max(x1 - x0, y1 - y0)
    extent = (x0, y0, x0 + side, y1) if x1 - x0 < y1 - y0 else (x0, y0, x1, y0 + side)  # widened to a square
    corner, box = inset_box(geo[drawable].bounds.to_numpy(), extent, aspect=aspect, gap=_INSET_GAP * side)
    bx0, by0, bx1, by1 = box
    if bx1 - bx0 > _INSET_MAX_WIDTH * side:  # no wider than this: shrink it into its corner
        width, height = _INSET_MAX_WIDTH * side, _INSET_MAX_WIDTH * side / aspect
        bx0, by0 = (bx1 - width if corner.endswith("right") else bx0), (by1 - height if corner.startswith("top")
                                                                         else by0)
        bx1, by1 = bx0 + width, by0 + height
    if bx1 - bx0 < MIN_INSET_SCALE * (limits[2] - limits[0]):
        return None
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])

    # London's outer edge: the boroughs joined, the slits generalised boundaries leave between them (along the
    # Thames) closed by a buffer of 1% of London's size out and back
    close = 0.01 * max(lx1 - lx0, ly1 - ly0)
    union = geo[london].geometry.union_all().buffer(close, join_style="mitre").buffer(-close, join_style="mitre")
    edge = shapely.MultiLineString([part.exterior for part in shapely.get_parts(union) if not part.is_empty])
    plot_shapes(gpd.GeoSeries([edge], crs=geo.crs), ax, color="black", linewidth=1.0, zorder=4)
    ax.collections[-1].set_gid("jsnakit:inset-outline")

    inset = ax.inset_axes([bx0, by0, bx1 - bx0, by1 - by0], transform=ax.transData)
    inset.set_gid(INSET_GID)
    draw_shading(inset, geo[london], shading_subset(shading, london))
    inset.set_xlim(limits[0], limits[2])
    inset.set_ylim(limits[1], limits[3])
    inset.set_aspect("equal", adjustable="box")
    inset.xaxis.set_visible(False)  # no ticks or labels (geopandas names the CRS's axes), the frame kept
    inset.yaxis.set_visible(False)
    inset.set_facecolor("white")
    for spine in inset.spines.values():
        spine.set_linewidth(0.8)
        spine.set_edgecolor("#404040")
    inset.text(0.03, 0.97, "London", transform=inset.transAxes, ha="left", va="top", fontsize=9,
               fontweight="bold").set_gid("jsnakit:inset-label")
    if highlight is not None and london[(geo["area_code"] == highlight).to_numpy(bool)].any():
        target = geo[geo["area_code"] == highlight]
        _outline(inset, target)
        point = target.geometry.union_all().representative_point()
        # the name in the corner of the box nearest the borough (the top left holds "London"), with a leader line
        fx = (point.x - limits[0]) / (limits[2] - limits[0])
        fy = (point.y - limits[1]) / (limits[3] - limits[1])
        corners = [(0.97, 0.03), (0.03, 0.03), (0.97, 0.97)]
        cx, cy = min(corners, key=lambda c: (c[0] - fx) ** 2 + (c[1] - fy) ** 2)
        name = textwrap.fill(str(target["area_name"].iloc[0]), 18)
        inset.annotate(name, xy=(point.x, point.y), xytext=(cx, cy), textcoords="axes fraction",
                       ha="right" if cx > 0.5 else "left", va="top" if cy > 0.5 else "bottom", fontsize=8,
                       fontweight="bold", zorder=6,
                       bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black",
                             "linewidth": 0.6},
                       arrowprops={"arrowstyle": "-", "color": "black", "linewidth": 0.8, "shrinkA": 0,
                                   "shrinkB": 0}).set_gid("jsnakit:highlight-label")
    return bx0, by0, bx1, by1


def _label_offset(ax, point: tuple, name: str, box) -> tuple:
    """The offset (points) of the highlighted area's name: up and to the right unless the name would then reach
    into the inset's box, judged with room to spare from the size of the axes as they stand."""
    if box is None:
        return _LABEL_OFFSETS[0]
    ax.apply_aspect()
    fig_w, fig_h = ax.figure.get_size_inches()
    position = ax.get_position()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    # map units per point; the layout may yet shrink the axes (the legend takes its room): allow half as much again
    per_point = 1.5 * max((x1 - x0) / (position.width * fig_w * 72), (y1 - y0) / (position.height * fig_h * 72))
    width, height = (0.62 * 9 * len(name) + 8) * per_point, 16 * per_point
    bx0, by0, bx1, by1 = box
    for dx, dy in _LABEL_OFFSETS:
        lx = point[0] + dx * per_point
        ly = point[1] + dy * per_point
        lx0, lx1 = (lx, lx + width) if dx > 0 else (lx - width, lx)
        ly0, ly1 = (ly, ly + height) if dy > 0 else (ly - height, ly)
        if lx1 < bx0 or lx0 > bx1 or ly1 < by0 or ly0 > by1:
            return dx, dy
    return _LABEL_OFFSETS[-1]

