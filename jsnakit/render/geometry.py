"""The geometry maps are drawn in: British National Grid, the shape of an area, the cells of its localities, and where
an inset fits on a map.

A locality is drawn as a cell: the part of the area nearer to its population-weighted centre than to any other
(:func:`locality_cells`, Voronoi polygons clipped to the area). An inset (London on the national map) goes in the
largest empty corner of the map (:func:`inset_box`). Used by :mod:`jsnakit.render.maps` (which re-exports
:func:`locality_cells`) and :mod:`jsnakit.render.gap_maps`.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.errors import ArgumentError

__all__ = ["DRAWING_CRS", "BOUNDARY_COLUMNS", "INSET_CORNERS", "check_boundaries", "locality_cells",
           "in_drawing_crs", "area_shape", "inset_box", "plot_shapes"]

#: The projection maps are drawn in when the boundaries come in longitude/latitude: British National Grid.
DRAWING_CRS = "EPSG:27700"

#: Columns a frame of boundaries must have: the area's GSS code and name, and its shape.
BOUNDARY_COLUMNS = ["area_code", "area_name", "geometry"]

#: The corners of a map :func:`inset_box` tries, in order of preference when two give the same room.
INSET_CORNERS = ("top right", "bottom right", "top left", "bottom left")


def check_boundaries(boundaries, k) -> None:
    """Refuse boundaries that are not a GeoDataFrame with :data:`BOUNDARY_COLUMNS`, and a number of classes ``k``
    that is not a whole number of at least 2 (the national maps' arguments).

    Parameters
    ----------
    boundaries : object
        What was given as the boundaries.
    k : object
        What was given as the number of classes.

    Raises
    ------
    ArgumentError
        Naming the argument, the rule and what was given.
    """
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
    area = area_shape(boundary)
    points = in_drawing_crs(localities)
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


def in_drawing_crs(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A frame of shapes in :data:`DRAWING_CRS`: projected when it is in another CRS, declared when it has none.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame or geopandas.GeoSeries
        The shapes; a frame with no CRS is taken to be in British National Grid already.

    Returns
    -------
    geopandas.GeoDataFrame or geopandas.GeoSeries
        ``frame`` itself when it is in EPSG:27700, else a new frame in it.
    """
    if frame.crs is None:
        return frame.set_crs(DRAWING_CRS)
    if frame.crs.to_epsg() != 27700:
        return frame.to_crs(DRAWING_CRS)
    return frame


def area_shape(boundary):
    """The shape of an area, its rows joined, in :data:`DRAWING_CRS`.

    Parameters
    ----------
    boundary : geopandas.GeoDataFrame or geopandas.GeoSeries
        The area (several rows are joined into one shape); any CRS, none taken as British National Grid.

    Returns
    -------
    shapely.Geometry
        The area's shape.

    Raises
    ------
    ArgumentError
        When ``boundary`` is not a GeoDataFrame or GeoSeries, or has no shape.
    """
    if not isinstance(boundary, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise ArgumentError(f"boundary must be a GeoDataFrame or GeoSeries of the area; got {type(boundary).__name__}")
    shapes = in_drawing_crs(boundary)
    shape = shapes.union_all() if len(shapes) else shapely.Polygon()
    if shape is None or shape.is_empty:
        raise ArgumentError("boundary must have a shape; got no geometry or only empty ones")
    return shape


def inset_box(obstacles, extent, *, aspect, gap=0.0, corners=INSET_CORNERS, tolerance=0.1):
    """The largest box of a given shape that fits in a corner of a map clear of every obstacle's bounds.

    The box sits in a corner of ``extent`` and grows, keeping its width-to-height ``aspect``, until it comes within
    ``gap`` of the bounding box of an obstacle (bounding boxes, not shapes: nothing drawn can be hidden) or fills the
    extent. Each corner is tried; the first (in the order of ``corners``) whose box is within ``tolerance`` of the
    largest wins, so that a corner later in the order must give clearly more room to be chosen.

    Parameters
    ----------
    obstacles : array-like of float, shape (n, 4)
        The bounds ``xmin, ymin, xmax, ymax`` of everything drawn (e.g. ``GeoSeries.bounds``), inside ``extent``.
    extent : sequence of 4 float
        The map's limits ``xmin, ymin, xmax, ymax``.
    aspect : float
        The box's width divided by its height (above 0).
    gap : float, default 0
        The least distance kept between the box and an obstacle's bounds, in the map's units.
    corners : sequence of str, default INSET_CORNERS
        The corners to try, in order of preference, among ``"top right"``, ``"bottom right"``, ``"top left"``,
        ``"bottom left"``.
    tolerance : float, default 0.1
        How much smaller (a share of its height) than the largest box the preferred corner's may be and still win.

    Returns
    -------
    tuple
        ``(corner, (xmin, ymin, xmax, ymax))``: the corner and the box (of height 0 when no corner has room).

    Raises
    ------
    ArgumentError
        When ``aspect`` is not above 0, ``gap`` is negative, ``extent`` is empty or a corner is unknown.

    Examples
    --------
    >>> inset_box([(0, 0, 6, 10)], (0, 0, 10, 10), aspect=1.0)  # a 4-wide strip is free on the right
    ('top right', (6.0, 6.0, 10.0, 10.0))
    """
    xmin, ymin, xmax, ymax = (float(v) for v in extent)
    if not (np.isfinite([xmin, ymin, xmax, ymax]).all() and xmax > xmin and ymax > ymin):
        raise ArgumentError(f"extent must be (xmin, ymin, xmax, ymax) with xmax > xmin and ymax > ymin; got {extent!r}")
    if not (isinstance(aspect, (int, float, np.number)) and np.isfinite(aspect) and aspect > 0):
        raise ArgumentError(f"aspect must be a width-to-height ratio above 0; got {aspect!r}")
    if not (isinstance(gap, (int, float, np.number)) and np.isfinite(gap) and gap >= 0):
        raise ArgumentError(f"gap must be a distance of at least 0; got {gap!r}")
    unknown = [c for c in corners if c not in INSET_CORNERS]
    if unknown or not len(corners):
        raise ArgumentError(f"corners must be among {list(INSET_CORNERS)}; got {list(corners)!r}")
    if not (isinstance(tolerance, (int, float, np.number)) and 0 <= tolerance < 1):
        raise ArgumentError(f"tolerance must be a share from 0 up to 1; got {tolerance!r}")
    bounds = np.asarray(obstacles, dtype=float).reshape(-1, 4)
    boxes = []
    for corner in corners:
        top, right = corner.startswith("top"), corner.endswith("right")
        # clearance of each obstacle from the corner's two edges, along the directions the box grows in
        dx = xmax - bounds[:, 2] if right else bounds[:, 0] - xmin
        dy = ymax - bounds[:, 3] if top else bounds[:, 1] - ymin
        # an obstacle stops the box once the box is within gap of it along both axes
        allowed = np.maximum((dx - gap) / aspect, dy - gap)
        height = min(float(allowed.min()) if len(allowed) else np.inf, ymax - ymin, (xmax - xmin) / aspect)
        height = max(height, 0.0)
        width = height * aspect
        x0 = xmax - width if right else xmin
        y0 = ymax - height if top else ymin
        boxes.append((height, corner, (x0, y0, x0 + width, y0 + height)))
    largest = max(b[0] for b in boxes)
    chosen = next(b for b in boxes if b[0] >= (1 - tolerance) * largest)
    return chosen[1], chosen[2]


def plot_shapes(shapes, ax, **style):
    """Draw shapes on a map with geopandas' ``plot``, without the whole-figure draw it asks for at the end.

    geopandas ends every ``plot`` with ``canvas.draw_idle()``, which on the Agg and inline backends draws the whole
    figure there and then: a map drawn in three layers was drawn three times before it was saved, and each draw of
    the national map costs about 40 ms (issue 20). The figure is drawn once, when it is saved.

    Parameters
    ----------
    shapes : geopandas.GeoDataFrame or geopandas.GeoSeries
        What to draw.
    ax : matplotlib.axes.Axes
        Where.
    **style
        geopandas' ``plot`` keywords (``color``, ``facecolor``, ``edgecolor``, ``linewidth``, ``hatch``, ``zorder``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``; the shapes are its last collection.
    """
    canvas = ax.figure.canvas
    kept = canvas.__dict__.get("draw_idle")
    canvas.draw_idle = _no_draw
    try:
        return shapes.plot(ax=ax, **style)
    finally:
        if kept is None:
            del canvas.draw_idle
        else:
            canvas.draw_idle = kept


def _no_draw(*args, **kwargs) -> None:
    return None
