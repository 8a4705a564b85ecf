"""Choropleth maps of a disclosed indicator frame.

Like :mod:`jsnakit.render.charts`, every function takes a :class:`jsnakit.disclosure.Disclosed` frame first and returns the
Axes it drew on; nothing here reads a file (the boundaries come in as a GeoDataFrame from
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
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import geopandas as gpd
import mapclassify
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import charts
from .. import disclosure
from .charts import (OKABE_ITO, TITLE_WIDTH, _GID, _axes, _check_unique, _pick, _slice, _unit, indicator_title, unit_label)
from ..core.errors import ArgumentError
from ..core.schema import PRIMARY_NEEDS
from ..sources import commissioning
from .tables import COUNT_UNITS

__all__ = ["choropleth", "provision_map", "distance_map", "locality_cells", "alt_text", "class_labels",
           "SEQUENTIAL_CMAP", "MISSING_COLOUR", "MISSING_HATCH", "MISSING_LABEL", "DISTANCE_BINS_KM", "FAR_KM",
           "DOMAIN_STYLES"]

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

#: Upper bounds (km) of the fixed distance classes of :func:`distance_map`; the last class is "40 km or more".
DISTANCE_BINS_KM = (2, 5, 10, 20, 40)
#: The distance (km) from which :func:`distance_map`'s description counts children as far from a service.
FAR_KM = 10
#: How each domain's services are drawn: marker shape (the signal that does not rely on colour), Okabe-Ito fill,
#: and the shape's name for the description. A service with no known domain is drawn as a black diamond.
DOMAIN_STYLES = {
    "education": {"marker": "s", "color": OKABE_ITO["vermillion"], "shape": "squares"},
    "health": {"marker": "^", "color": OKABE_ITO["sky blue"], "shape": "triangles"},
    "care": {"marker": "o", "color": OKABE_ITO["reddish purple"], "shape": "circles"},
}
_OTHER_STYLE = {"marker": "D", "color": OKABE_ITO["black"], "shape": "diamonds"}
#: Marker of the legend entry for services outside the area (drawn open: white fill, coloured edge).
_OUTSIDE_MARKER = "h"
#: Marker area (points squared) of a service.
SERVICE_SIZE = 60
#: Margin around the area's boundary, as a share of its larger side: services there are still drawn.
MAP_MARGIN = 0.05
#: Legend label of localities with no distance.
NO_DISTANCE_LABEL = "no service found or no data"

_BOUNDARY_COLUMNS = ["area_code", "area_name", "geometry"]
# the DfE primary needs a service can be commissioned for (jsnakit.sources.commissioning.NEEDS): code -> label
_NEEDS = {code: PRIMARY_NEEDS[code] for code in commissioning.NEEDS}


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

    ax = _axes(ax, figsize=(7.5, 7.5))
    ax.set_gid(_GID["choropleth"])
    shading = _quantile_shading(geo["value"].to_numpy(float), k=k, unit=unit)
    handles = _draw_shading(ax, geo, shading)
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
    _legend(ax, handles, title)
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


def locality_cells(localities, boundary) -> gpd.GeoDataFrame:
    """The cells of localities: each the part of the area nearer to its point than to any other locality's.

    A locality comes as a point (its population-weighted centroid, :func:`jsnakit.sources.localities.read_centroids`);
    its cell is its Voronoi polygon (Thiessen polygon) among all the localities' points, clipped to the area's
    boundary, so the cells tile the area with no gap or overlap. A locality outside the boundary keeps the part of its
    cell inside it (maybe none).

    Parameters
    ----------
    localities : geopandas.GeoDataFrame
        One row per locality, point geometries (any CRS; none is taken as British National Grid), e.g. with columns
        ``locality_code``, ``locality_name``, ``population``, ``plans_estimate``. Two localities may not share a
        point.
    boundary : geopandas.GeoDataFrame or geopandas.GeoSeries
        The area (several rows are joined into one shape); any CRS, none taken as British National Grid.

    Returns
    -------
    geopandas.GeoDataFrame
        The columns and rows (index and order) of ``localities``, the geometry replaced by the cell (a polygon or
        multipolygon in EPSG:27700, metres; empty for a locality with no point or whose cell lies outside the area).
        The input is not changed.

    Raises
    ------
    ArgumentError
        When ``localities`` is not a GeoDataFrame of points, two localities share a point, or ``boundary`` is not a
        GeoDataFrame or GeoSeries with a non-empty shape.

    References
    ----------
    Okabe A, Boots B, Sugihara K, Chiu SN (2000). Spatial Tessellations: Concepts and Applications of Voronoi
    Diagrams, 2nd ed. Wiley. (Computed by GEOS through ``shapely.voronoi_polygons``.)

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> area = gpd.GeoDataFrame({"area_code": ["E09000001"], "area_name": ["Square"]},
    ...                         geometry=[box(0, 0, 4000, 2000)], crs="EPSG:27700")
    >>> points = gpd.GeoDataFrame({"locality_code": ["A", "B"]}, geometry=[Point(1000, 1000), Point(3000, 1000)],
    ...                           crs="EPSG:27700")
    >>> cells = locality_cells(points, area)
    >>> [round(a) for a in cells.area], [c.bounds for c in cells.geometry]
    ([4000000, 4000000], [(0.0, 0.0, 2000.0, 2000.0), (2000.0, 0.0, 4000.0, 2000.0)])
    """
    if not isinstance(localities, gpd.GeoDataFrame):
        raise ArgumentError(
            f"localities must be a GeoDataFrame of points (population-weighted centroids); got "
            f"{type(localities).__name__}"
        )
    area = _area_shape(boundary)
    points = _in_drawing_crs(localities)
    names = points["locality_code"].astype(str) if "locality_code" in points.columns else pd.Series(
        points.index.astype(str), index=points.index)
    geoms = points.geometry
    present = ~(geoms.isna() | geoms.is_empty).to_numpy(bool)
    kinds = geoms.geom_type.to_numpy(object)
    bad = present & (kinds != "Point")
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(
            f"localities must be points (population-weighted centroids); got a {kinds[i]} for locality "
            f"{names.iloc[i]!r}"
        )
    cells = np.array([shapely.Polygon()] * len(points), dtype=object)
    if present.any():
        coords = shapely.get_coordinates(geoms.to_numpy()[present])
        keys = pd.Series([tuple(c) for c in coords])
        shared = keys.duplicated(keep=False).to_numpy(bool)
        if shared.any():
            first = keys[shared].iloc[0]
            who = names.to_numpy(object)[present][(keys == first).to_numpy(bool)]
            raise ArgumentError(
                f"localities must be at distinct points; got {', '.join(repr(str(w)) for w in who)} all at "
                f"({first[0]:g}, {first[1]:g})"
            )
        diagram = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(coords), extend_to=area))
        # GEOS does not promise the cells in the points' order: each point lies inside its own cell
        site, cell = shapely.STRtree(diagram).query(shapely.points(coords), predicate="intersects")
        order = np.empty(len(coords), dtype=int)
        order[site] = cell
        cells[present] = shapely.intersection(diagram[order], area)
    out = points.copy()
    out[out.geometry.name] = gpd.GeoSeries(cells, index=out.index, crs=DRAWING_CRS)
    return out


def provision_map(analysis, *, boundary, need=None, k=5, ax=None) -> Axes:
    """Map of need and provision: the area's localities shaded by estimated need, with the services as points.

    Each locality's cell (:func:`locality_cells`) is shaded by ``plans_estimate``, the estimated number of children
    and young people with an EHC plan living there, in quantile classes (as :func:`choropleth`: ``viridis_r``,
    light = low; a locality with no estimate light grey *and* hatched). Services are drawn at their locations with a
    marker shape and colour per domain (:data:`DOMAIN_STYLES`: education squares, health triangles, care circles);
    a service outside the area is drawn open (white fill) when it lies within the map (the area's bounds plus
    :data:`MAP_MARGIN`), and counted in the description otherwise. With no localities only the boundary and the
    services are drawn.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        The gap analysis of one area, from :func:`jsnakit.gaps.analyse`.
    boundary : geopandas.GeoDataFrame
        The area: one row with ``area_code`` (the analysis' own), ``area_name`` and ``geometry``; any CRS (none is
        taken as British National Grid). Drawn in British National Grid (EPSG:27700).
    need : str, optional
        A primary need (its DfE code, e.g. ``"asd"``, or label, e.g. ``"Autistic spectrum disorder"``): only the
        services for it are drawn, those whose ``needs`` (``"; "``-joined need labels or codes) name it or are
        ``"all"``. A services frame without a ``needs`` column serves all needs; a service whose ``needs`` is blank
        is not drawn. The shading stays the estimate for all needs, and the titles say so. None draws every service.
    k : int, default 5
        Number of quantile classes (fewer when there are fewer distinct estimates).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Axis off, equal aspect, limits the area's bounds plus :data:`MAP_MARGIN`. Its collections, by ``gid``:
        ``"jsnakit:areas"`` (the locality cells, in the order of ``analysis.localities``, filled by class),
        ``"jsnakit:suppressed"`` (cells with no estimate, hatched), ``"jsnakit:boundary"`` (the area's outline),
        ``"jsnakit:services:<domain>"`` and ``"jsnakit:services-outside:<domain>"`` (the services drawn, filled
        and open). The legend lists the classes (:func:`class_labels`), "suppressed or no data", each domain drawn
        ("Education service", ...), the open marker and the boundary. :func:`alt_text` gives its full description:
        what is shown, the classes, the services by domain (and those not drawn), and the locality with the most
        estimated need; :func:`jsnakit.render.charts.alt_text` gives a shorter one.

    Raises
    ------
    DisclosureError
        When ``analysis`` is not a :class:`jsnakit.gaps.GapAnalysis`.
    ArgumentError
        When ``boundary`` is not a one-row GeoDataFrame of the analysis' area, ``need`` is not a primary need, ``k``
        is not a whole number of at least 2, or the localities are not distinct points.

    Examples
    --------
    >>> ax = provision_map(analysis, boundary=boundary, need="asd")  # doctest: +SKIP
    >>> charts.figure_html(ax, alt=alt_text(ax))  # doctest: +SKIP
    """
    analysis = _require_analysis(analysis)
    area = _check_boundary(boundary, analysis)
    label = _need_label(need)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ArgumentError(f"k must be a whole number of at least 2; got {k!r}")
    name = str(area["area_name"].iloc[0])
    localities = _localities(analysis)
    services = _services(analysis, area)
    dropped = unrecorded = 0
    if label is not None:
        serving = _serves(services, label)
        unrecorded = int(_needs_unrecorded(services).sum())
        dropped = int((~serving).sum()) - unrecorded
        services = services[serving]

    ax = _axes(ax, figsize=(7.5, 7.5))
    ax.set_gid(_GID["choropleth"])
    handles, sentences = [], []
    estimate = "Estimated children and young people with an EHC plan" + (" (all needs)" if label else "")
    legend_title = "Services"
    if localities is not None:
        cells = locality_cells(localities, area)
        values = (cells["plans_estimate"] if "plans_estimate" in cells.columns else pd.Series(np.nan, cells.index))
        values = pd.to_numeric(values, errors="coerce").to_numpy(float)
        shading = _quantile_shading(values, k=k, unit="persons")  # estimated children: whole numbers
        handles += _draw_shading(ax, cells, shading)
        legend_title = "Estimated children and young\npeople with an EHC plan" + ("\n(all needs)" if label else "")
        if shading.labels:
            legend_title += f"\n({len(shading.labels)} quantile classes)"
        sentences.append(
            f"{_count(len(cells), 'locality', 'localities')} of {name} {_are(len(cells))} drawn as cells (the part of "
            f"the area nearer to each locality's population-weighted centre than to any other), shaded by the "
            f"estimated number of children and young people with an EHC plan living there"
            + (" (with any need)" if label else "")
            + (f" in {len(shading.labels)} quantile classes: {'; '.join(shading.labels)}, from lightest (lowest) to "
               f"darkest (highest)." if shading.labels else ".")
        )
        missing = int(shading.missing.sum())
        if missing:
            sentences.append(f"{_count(missing, 'locality has', 'localities have')} no estimate (grey, hatched).")
        if np.isfinite(values).any():
            top = int(np.nanargmax(values))
            top_name = cells["locality_name"].iloc[top] if "locality_name" in cells.columns else None
            top_name = top_name if isinstance(top_name, str) and top_name.strip() else str(
                cells["locality_code"].iloc[top])
            sentences.append(
                f"The locality with the most estimated need is {top_name} (about {values[top]:,.0f} children and "
                f"young people with an EHC plan)."
            )
        title = f"{estimate}, and {'services for ' + label if label else 'SEND services'}: {name}"
    else:
        sentences.append(f"No localities are given: only the boundary of {name} is drawn, with the services.")
        title = f"{'Services for ' + label if label else 'SEND services'}: {name}"
    outline = _draw_boundary(ax, area)
    extent = _extent(area)
    marks, drawn = _draw_services(ax, services, extent, name)
    handles += marks
    sentences += _service_sentences(drawn, what=f"Services for {label}" if label else "Services", name=name)
    if dropped:
        sentences.append(f"{_count(dropped, 'service location that does', 'service locations that do')} not serve "
                         f"{label} {_are(dropped)} not drawn.")
    if unrecorded:
        sentences.append(f"{_count(unrecorded, 'service location', 'service locations')} with no needs recorded "
                         f"{_are(unrecorded)} not drawn.")
    handles.append(Line2D([], [], color="black", linewidth=1.6, label=f"{name} boundary"))
    _finish(ax, extent, title, handles, legend_title, sentences, outline)
    return ax


def distance_map(analysis, *, boundary, need, ax=None, bins=DISTANCE_BINS_KM) -> Axes:
    """Map of access: the area's localities shaded by the distance to the nearest service for one need.

    Each locality's cell (:func:`locality_cells`) is shaded by ``distance_km`` of its row for ``need`` in
    ``analysis.distance``, in *fixed* classes (``mapclassify.UserDefined`` on ``bins``: under 2 km, 2 to 5 km, 5 to
    10 km, 10 to 20 km, 20 to 40 km, 40 km or more), so that maps of different areas and needs compare; the legend
    always lists every class. A class holds its lower bound and not its upper (3 km and 2 km are "2 to 5 km"). The
    colormap is :data:`SEQUENTIAL_CMAP` (light = near, dark = far); a locality with no distance is light grey *and*
    hatched. The services named nearest are drawn as in :func:`provision_map`.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        The gap analysis of one area, from :func:`jsnakit.gaps.analyse` with localities.
    boundary : geopandas.GeoDataFrame
        The area: one row with ``area_code`` (the analysis' own), ``area_name`` and ``geometry``; any CRS.
    need : str
        A primary need, as its DfE code (``"asd"``) or label (``"Autistic spectrum disorder"``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.
    bins : sequence of float, default DISTANCE_BINS_KM
        Upper bounds (km, ascending, above 0) of the classes but the last, which is "<last bound> km or more".

    Returns
    -------
    matplotlib.axes.Axes
        Axis off, equal aspect. Collections ``"jsnakit:areas"`` (cells, in the order of ``analysis.localities``),
        ``"jsnakit:suppressed"`` (no distance, hatched), ``"jsnakit:boundary"`` and
        ``"jsnakit:services:<domain>"`` / ``"jsnakit:services-outside:<domain>"`` (the nearest services). The
        description (:func:`alt_text`) gives the classes, the number of localities in each, and the share of
        children and young people, weighting each locality by its ``population``, who live :data:`FAR_KM` km or
        more from the nearest service for the need.

    Raises
    ------
    DisclosureError
        When ``analysis`` is not a :class:`jsnakit.gaps.GapAnalysis`.
    ArgumentError
        When ``boundary`` is not a one-row GeoDataFrame of the analysis' area, ``need`` is not a primary need,
        ``bins`` are not ascending distances above 0, or the analysis has no localities or distances.

    Examples
    --------
    >>> ax = distance_map(analysis, boundary=boundary, need="Autistic spectrum disorder")  # doctest: +SKIP
    >>> alt_text(ax)  # doctest: +SKIP
    'Map: Distance to the nearest service for Autistic spectrum disorder: Islington. ...'
    """
    analysis = _require_analysis(analysis)
    area = _check_boundary(boundary, analysis)
    label = _need_label(need)
    if label is None:
        raise ArgumentError(f"need must be a primary-need code {list(_NEEDS)} or label; got None")
    bins = _check_bins(bins)
    name = str(area["area_name"].iloc[0])
    localities = _localities(analysis)
    if localities is None or analysis.distance is None:
        raise ArgumentError(
            f"analysis must have localities and distances to draw a distance map; the analysis of {name} has none "
            f"(give jsnakit.gaps.analyse() the localities)"
        )
    rows = analysis.distance
    code = {v: c for c, v in _NEEDS.items()}[label]
    rows = rows[rows["need"].astype("string").str.strip().str.lower().isin([label.lower(), code]).fillna(False)]
    nearest = pd.to_numeric(rows["distance_km"], errors="coerce").groupby(rows["locality_code"].astype(str)).min()

    cells = locality_cells(localities, area)
    distance = cells["locality_code"].astype(str).map(nearest).astype(float).to_numpy()
    labels = _distance_labels(bins)
    shading = _fixed_shading(distance, bins=bins, labels=labels)
    ax = _axes(ax, figsize=(7.5, 7.5))
    ax.set_gid(_GID["choropleth"])
    handles = _draw_shading(ax, cells, shading, missing_label=NO_DISTANCE_LABEL)
    sentences = [
        f"{_count(len(cells), 'locality', 'localities')} of {name} {_are(len(cells))} drawn as cells (the part of the "
        f"area nearer to each locality's population-weighted centre than to any other), shaded by the distance to "
        f"the nearest service for {label} in fixed classes: {'; '.join(labels)}, from lightest (nearest) to darkest "
        f"(farthest)."
    ]
    counts = np.bincount(shading.classes[~shading.missing], minlength=len(labels))
    if counts.sum():
        sentences.append("Localities in each class: " + "; ".join(
            f"{text}: {n}" for text, n in zip(labels, counts) if n) + ".")
    missing = int(shading.missing.sum())
    if missing:
        sentences.append(f"{_count(missing, 'locality has', 'localities have')} no distance (grey, hatched).")
    population = (pd.to_numeric(cells["population"], errors="coerce").to_numpy(float) if "population" in cells.columns
                  else np.full(len(cells), np.nan))
    known = np.isfinite(population) & np.isfinite(distance)
    total = float(population[known].sum())
    if total > 0:
        far = float(population[known & (distance >= FAR_KM)].sum())
        sentences.append(
            f"{_percent(far / total)} of the children and young people in localities with a distance ({far:,.0f} of "
            f"{total:,.0f}, each locality weighted by its population) live {FAR_KM:g} km or more from the nearest "
            f"service for {label}."
        )
    else:
        sentences.append(f"The share of children and young people living {FAR_KM:g} km or more from the nearest "
                         f"service for {label} cannot be worked out: no locality has both a population and a "
                         f"distance.")

    services = _services(analysis, area)
    ids = set(rows["nearest_service_id"].dropna().astype(str)) if "nearest_service_id" in rows.columns else set()
    services = services[services["service_id"].astype(str).isin(ids).to_numpy(bool)] if "service_id" in \
        services.columns else services.iloc[0:0]
    outline = _draw_boundary(ax, area)
    extent = _extent(area)
    marks, drawn = _draw_services(ax, services, extent, name)
    handles += marks
    sentences += _service_sentences(drawn, what=f"Nearest services for {label}", name=name)
    handles.append(Line2D([], [], color="black", linewidth=1.6, label=f"{name} boundary"))
    title = f"Distance to the nearest service for {label}: {name}"
    legend_title = f"Distance to the nearest service\nfor {label}\n(fixed classes)"
    _finish(ax, extent, title, handles, legend_title, sentences, outline)
    return ax


#: The description of any chart or map (:func:`jsnakit.render.charts.alt_text`, which reads what the gap maps wrote as they
#: drew); here too, where the factsheet's map cells look for it.
alt_text = charts.alt_text


# --- internals -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Shading:
    """Classes of the values of a map: fill, class (-1 when missing) and missingness per value; legend labels and
    colours per class."""

    colours: list
    classes: np.ndarray
    missing: np.ndarray
    labels: list
    palette: list


def _palette(n: int) -> list[str]:
    cmap = matplotlib.colormaps[SEQUENTIAL_CMAP]
    return [matplotlib.colors.to_hex(cmap(i / (n - 1) if n > 1 else 0.5)) for i in range(n)]


def _shading(values: np.ndarray, classes: np.ndarray, labels: list, palette: list) -> _Shading:
    missing = np.isnan(values)
    colours = [MISSING_COLOUR if m else palette[c] for m, c in zip(missing, classes)]
    return _Shading(colours=colours, classes=classes, missing=missing, labels=list(labels), palette=list(palette))


def _quantile_shading(values, *, k: int, unit) -> _Shading:
    """Quantile classes (``mapclassify.Quantiles``) of the values that are not NaN, at most ``k`` of them."""
    values = np.asarray(values, dtype=float)
    classes = np.full(len(values), -1)
    has = ~np.isnan(values)
    if not has.any():
        return _shading(values, classes, [], [])
    observed = values[has]
    quantiles = mapclassify.Quantiles(observed, k=min(k, len(np.unique(observed))))
    classes[has] = quantiles.yb
    palette = _palette(len(quantiles.bins))
    return _shading(values, classes, class_labels(quantiles.bins, observed.min(), unit), palette)


def _fixed_shading(values, *, bins, labels) -> _Shading:
    """Fixed classes [0, b1), [b1, b2), ..., [bn, inf): ``mapclassify.UserDefined``, whose classes hold their upper
    bound, on the bounds just below each of ``bins``, so that each class holds its lower bound instead."""
    values = np.asarray(values, dtype=float)
    classes = np.full(len(values), -1)
    has = ~np.isnan(values)
    if has.any():
        below = [float(np.nextafter(b, -np.inf)) for b in bins] + [np.inf]
        classes[has] = mapclassify.UserDefined(values[has], below).yb
    return _shading(values, classes, labels, _palette(len(labels)))


def _draw_shading(ax, geo: gpd.GeoDataFrame, shading: _Shading, *, missing_label=MISSING_LABEL) -> list:
    """Draw the shapes filled by class and hatch the missing ones; return the legend entries (classes, missing)."""
    handles = [Patch(facecolor=colour, edgecolor="#808080", linewidth=0.5, label=label)
               for colour, label in zip(shading.palette, shading.labels)]
    drawable = ~(geo.geometry.isna() | geo.geometry.is_empty).to_numpy(bool)
    shapes = geo[drawable]
    missing = shading.missing[drawable]
    if len(shapes):
        shapes.plot(ax=ax, color=[c for c, d in zip(shading.colours, drawable) if d], edgecolor="white",
                    linewidth=0.6)
        ax.collections[-1].set_gid("jsnakit:areas")
    if missing.any():
        shapes[missing].plot(ax=ax, facecolor="none", edgecolor="#737373", hatch=MISSING_HATCH, linewidth=0.6)
        ax.collections[-1].set_gid("jsnakit:suppressed")
    if shading.missing.any():
        handles.append(Patch(facecolor=MISSING_COLOUR, edgecolor="#737373", hatch=MISSING_HATCH, linewidth=0.6,
                             label=missing_label))
    return handles


def _legend(ax, handles: list, title: str) -> None:
    ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              title_fontsize=8, frameon=False)


def _distance_labels(bins) -> list[str]:
    text = [f"{b:,g}" for b in bins]
    return ([f"under {text[0]} km"] + [f"{a} to {b} km" for a, b in zip(text, text[1:])]
            + [f"{text[-1]} km or more"])


def _check_bins(bins) -> tuple:
    try:
        values = tuple(float(b) for b in bins)
    except (TypeError, ValueError):
        values = ()
    if not values or not all(math.isfinite(b) and b > 0 for b in values) or any(
            b <= a for a, b in zip(values, values[1:])):
        raise ArgumentError(f"bins must be ascending distances in km, each above 0; got {bins!r}")
    return values


def _require_analysis(analysis):
    from ..gaps import analysis as gaps  # here, not at the top: gaps is above maps in the layers

    return gaps.require(analysis)


def _need_label(need):
    if need is None:
        return None
    text = str(need).strip().lower()
    for code, label in _NEEDS.items():
        if text in (code, label.lower()):
            return label
    raise ArgumentError(f"need must be a primary-need code {list(_NEEDS)} or label; got {need!r}")


def _in_drawing_crs(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        return frame.set_crs(DRAWING_CRS)
    if frame.crs.to_epsg() != 27700:
        return frame.to_crs(DRAWING_CRS)
    return frame


def _area_shape(boundary):
    if not isinstance(boundary, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise ArgumentError(f"boundary must be a GeoDataFrame or GeoSeries of the area; got {type(boundary).__name__}")
    shapes = _in_drawing_crs(boundary)
    shape = shapes.union_all() if len(shapes) else shapely.Polygon()
    if shape is None or shape.is_empty:
        raise ArgumentError("boundary must have a shape; got no geometry or only empty ones")
    return shape


def _check_boundary(boundary, analysis) -> gpd.GeoDataFrame:
    if not isinstance(boundary, gpd.GeoDataFrame):
        raise ArgumentError(
            f"boundary must be a GeoDataFrame with columns {_BOUNDARY_COLUMNS} and one row; got "
            f"{type(boundary).__name__}"
        )
    missing = [c for c in _BOUNDARY_COLUMNS if c not in boundary.columns]
    if missing:
        raise ArgumentError(
            f"boundary must have the columns {_BOUNDARY_COLUMNS}; missing {missing} in {list(boundary.columns)}"
        )
    if len(boundary) != 1:
        raise ArgumentError(f"boundary must have one row, the area {analysis.area_code}; got {len(boundary)} rows")
    code = str(boundary["area_code"].iloc[0])
    if code != str(analysis.area_code):
        raise ArgumentError(
            f"boundary must be the analysis' area {analysis.area_code} ({analysis.area_name}); got area_code {code!r}"
        )
    _area_shape(boundary)
    return _in_drawing_crs(boundary[_BOUNDARY_COLUMNS])


def _localities(analysis):
    localities = analysis.localities
    if localities is None or len(localities) == 0:
        return None
    return localities


def _services(analysis, area: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The analysis' service locations in the drawing CRS, with ``domain`` (lower case, "other" when unknown) and
    ``in_area`` (from the geometry when the frame has none)."""
    services = analysis.services
    if services is None or len(services) == 0:
        return gpd.GeoDataFrame({"service_id": [], "domain": [], "in_area": []}, geometry=[], crs=DRAWING_CRS)
    services = _in_drawing_crs(services).copy()
    domain = (services["domain"].astype("string").str.strip().str.lower() if "domain" in services.columns
              else pd.Series(pd.NA, index=services.index, dtype="string"))
    services["domain"] = domain.where(domain.isin(list(DOMAIN_STYLES)), "other").fillna("other")
    if "in_area" not in services.columns:
        services["in_area"] = services.geometry.within(area.geometry.iloc[0]).to_numpy(bool)
    return services


def _serves(services: gpd.GeoDataFrame, label: str) -> np.ndarray:
    """Whether each service location serves the need: its ``needs`` name it (label or code) or are "all"."""
    if "needs" not in services.columns:
        return np.ones(len(services), dtype=bool)
    wanted = {label.lower(), {v: c for c, v in _NEEDS.items()}[label], "all"}

    def serves(text) -> bool:
        if not isinstance(text, str):
            return False
        return any(part.strip().lower() in wanted for part in text.split(";"))

    return np.array([serves(t) for t in services["needs"]], dtype=bool)


def _needs_unrecorded(services: gpd.GeoDataFrame) -> np.ndarray:
    if "needs" not in services.columns:
        return np.zeros(len(services), dtype=bool)
    return np.array([not isinstance(t, str) or not t.strip() for t in services["needs"]], dtype=bool)


def _extent(area: gpd.GeoDataFrame) -> tuple:
    xmin, ymin, xmax, ymax = area.total_bounds
    margin = MAP_MARGIN * max(xmax - xmin, ymax - ymin)
    return xmin - margin, ymin - margin, xmax + margin, ymax + margin


def _draw_boundary(ax, area: gpd.GeoDataFrame):
    area.plot(ax=ax, facecolor="none", edgecolor="black", linewidth=1.6, zorder=5)
    outline = ax.collections[-1]
    outline.set_gid("jsnakit:boundary")
    return outline


def _draw_services(ax, services: gpd.GeoDataFrame, extent: tuple, name: str):
    """Draw the service locations within the map, one marker shape per domain (open when outside the area); return
    the legend entries and the counts by domain of those drawn, drawn outside the area, beyond the map and with no
    location."""
    counts = {"drawn": {}, "outside": 0, "beyond": {}, "unlocated": 0}
    if len(services) == 0:
        return [], counts
    geoms = services.geometry
    located = ~(geoms.isna() | geoms.is_empty).to_numpy(bool)
    points = located & (geoms.geom_type == "Point").to_numpy(bool)
    x = np.full(len(services), np.nan)
    y = np.full(len(services), np.nan)
    x[points], y[points] = shapely.get_x(geoms.to_numpy()[points]), shapely.get_y(geoms.to_numpy()[points])
    xmin, ymin, xmax, ymax = extent
    visible = points & (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)
    inside = services["in_area"].fillna(True).astype(bool).to_numpy()
    domains = services["domain"].to_numpy(object)
    handles = []
    for domain in list(DOMAIN_STYLES) + ["other"]:
        style = DOMAIN_STYLES.get(domain, _OTHER_STYLE)
        of = domains == domain
        beyond = int((of & ~visible).sum() - (of & ~points).sum())
        if beyond:
            counts["beyond"][domain] = beyond
        filled, hollow = visible & of & inside, visible & of & ~inside
        if filled.any():
            ax.scatter(x[filled], y[filled], marker=style["marker"], s=SERVICE_SIZE, c=style["color"],
                       edgecolors="black", linewidths=0.8, zorder=6).set_gid(f"jsnakit:services:{domain}")
        if hollow.any():
            ax.scatter(x[hollow], y[hollow], marker=style["marker"], s=SERVICE_SIZE, facecolors="white",
                       edgecolors=style["color"], linewidths=1.6, zorder=6).set_gid(
                f"jsnakit:services-outside:{domain}")
        n = int(filled.sum() + hollow.sum())
        if n:
            counts["drawn"][domain] = n
            counts["outside"] += int(hollow.sum())
            text = "Other or unknown service" if domain == "other" else f"{domain.capitalize()} service"
            handles.append(Line2D([], [], linestyle="none", marker=style["marker"], markersize=8,
                                  markerfacecolor=style["color"], markeredgecolor="black", markeredgewidth=0.8,
                                  label=text))
    counts["unlocated"] = int((~points).sum())
    if counts["outside"]:
        handles.append(Line2D([], [], linestyle="none", marker=_OUTSIDE_MARKER, markersize=8, markerfacecolor="white",
                              markeredgecolor="black", markeredgewidth=1.2, label=f"Open: outside {name}"))
    return handles, counts


def _by_domain(counts: dict) -> str:
    parts = [f"{n} {domain if domain != 'other' else 'of unknown domain'} "
             f"({DOMAIN_STYLES.get(domain, _OTHER_STYLE)['shape']})" for domain, n in counts.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _service_sentences(counts: dict, *, what: str, name: str) -> list[str]:
    drawn = sum(counts["drawn"].values())
    if not drawn:
        out = [f"{what}: none within the map."]
    else:
        out = [f"{what}: {_count(drawn, 'location', 'locations')} drawn, {_by_domain(counts['drawn'])}."]
        if counts["outside"]:
            out.append(f"{counts['outside']} of them {_are(counts['outside'])} outside {name} "
                       f"(open symbols).")
    beyond = sum(counts["beyond"].values())
    if beyond:
        plain = ", ".join(f"{n} {d if d != 'other' else 'of unknown domain'}" for d, n in counts["beyond"].items())
        out.append(f"{_count(beyond, 'more location lies', 'more locations lie')} beyond the map and "
                   f"{_are(beyond)} not drawn: {plain}.")
    if counts["unlocated"]:
        out.append(f"{_count(counts['unlocated'], 'service has', 'services have')} no location and "
                   f"{_are(counts['unlocated'])} not drawn.")
    return out


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _finish(ax, extent: tuple, title: str, handles: list, legend_title: str, sentences: list, anchor) -> None:
    """Limits, aspect, title, legend and the stored description of a gap map."""
    xmin, ymin, xmax, ymax = extent
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(textwrap.fill(title, TITLE_WIDTH))
    _legend(ax, handles, legend_title)
    text = " ".join([f"Map: {title}."] + sentences)
    charts.describe(ax, text, anchor=anchor)
