"""The geometry maps are drawn in: British National Grid, the shape of an area, and the cells of its localities.

A locality is drawn as a cell: the part of the area nearer to its population-weighted centre than to any other
(:func:`locality_cells`, Voronoi polygons clipped to the area). Used by :mod:`jsnakit.render.maps` (which re-exports
:func:`locality_cells`) and :mod:`jsnakit.render.gap_maps`.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.errors import ArgumentError

__all__ = ["DRAWING_CRS", "BOUNDARY_COLUMNS", "locality_cells", "in_drawing_crs", "area_shape"]

#: The projection maps are drawn in when the boundaries come in longitude/latitude: British National Grid.
DRAWING_CRS = "EPSG:27700"

#: Columns a frame of boundaries must have: the area's GSS code and name, and its shape.
BOUNDARY_COLUMNS = ["area_code", "area_name", "geometry"]


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
