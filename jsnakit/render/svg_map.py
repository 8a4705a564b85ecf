"""A choropleth map of England as inline SVG: every area a shape that can link to a page, no JavaScript needed.

:func:`choropleth_svg` draws upper-tier local authorities (or any areas of one frame of boundaries) as one ``<svg>``
an HTML page can hold inline, with no file beside it and nothing fetched: each area a ``<path>`` with a ``<title>``
(shown on hover), wrapped in ``<a href>`` with an ``aria-label`` when it has a page to link to. Areas are shaded in
the same quantile classes and colours as every other map (:mod:`jsnakit.render.shading`: ``mapclassify.Quantiles``
in ``viridis`` reversed); an area with no value is light grey *and* hatched, and the legend (HTML, beside the map)
says so. The areas of ``inset`` (London's 33 boroughs) are drawn again, enlarged, in a box in the top-right corner,
where they can be told apart and clicked; on the main map they are shaded but not linked, and framed, so each area
has one link.

Size: the boundaries are projected to British National Grid (:data:`jsnakit.render.geometry.DRAWING_CRS`), simplified
(``shapely`` Douglas-Peucker keeping topology, :data:`DEFAULT_TOLERANCE` metres; the inset's tolerance is divided by
its enlargement, so it looks as detailed), islands smaller than a pixel are dropped, and coordinates are written as
whole numbers of 100 m, relative to the previous point. ONS's generalised (BSC) boundaries of the 153
upper-tier authorities (December 2023) give about 110 kB.

The figures drawn must have passed disclosure control: the function takes values, not a frame, so that a page can
draw them beside its table of the same figures (:mod:`jsnakit.factsheets.index_page` reads them from a
:class:`jsnakit.disclosure.Disclosed` frame); an area without a value shows the text its caller gives (the frame's
note, such as ``c``), never a number.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.errors import ArgumentError
from .formatting import with_unit
from .geometry import BOUNDARY_COLUMNS, check_boundaries, in_drawing_crs
from .shading import MISSING_COLOUR, MISSING_LABEL, quantile_shading, quantile_words

__all__ = ["choropleth_svg", "DEFAULT_TOLERANCE", "SVG_UNIT_M", "INSET_HEIGHT", "HATCH_ID"]

#: Simplification tolerance of the main map, metres (Douglas-Peucker, topology kept).
DEFAULT_TOLERANCE = 300.0
#: One unit of the SVG's coordinates, metres: coordinates are written as whole numbers of it.
SVG_UNIT_M = 100.0
#: Height of the inset's box, as a share of the main map's height.
INSET_HEIGHT = 0.3
#: ``id`` of the hatching pattern of areas with no value.
HATCH_ID = "jsnakit-map-hatch"

_PAD = 40  # SVG units around the map and inside the inset's box
_GAP = 60  # SVG units between the main map and the inset's box
_OUTLINE = "#737373"
_CSS = (
    ".jsnakit-svg-map svg{width:100%;height:auto;max-height:85vh;display:block}"
    ".jsnakit-svg-map path{stroke:#fff;stroke-width:0.6px;vector-effect:non-scaling-stroke;stroke-linejoin:round}"
    ".jsnakit-svg-map a:hover path,.jsnakit-svg-map a:focus path{stroke:#0b0c0c;stroke-width:2.5px}"
    ".jsnakit-svg-map a:focus{outline:none}"
    ".jsnakit-svg-map .inset-box{fill:#fff;stroke:#0b0c0c;stroke-width:1px;vector-effect:non-scaling-stroke}"
    ".jsnakit-svg-map .inset-frame{fill:none;stroke:#0b0c0c;stroke-width:1px;vector-effect:non-scaling-stroke}"
    ".jsnakit-svg-map text{font:bold 120px system-ui,sans-serif;fill:#0b0c0c}"
    ".jsnakit-svg-map ul{list-style:none;padding:0;margin:0.25rem 0;display:flex;flex-wrap:wrap;gap:0.25rem 1rem}"
    ".jsnakit-svg-map li{display:flex;align-items:center;gap:0.35rem;font-size:0.9rem;flex:0 0 auto;white-space:nowrap}"
    ".jsnakit-svg-map .legend-title{font-weight:600;margin:0.5rem 0 0}"
)


def _hatch(pattern_id: str, size: int) -> str:
    """A pattern of grey hatching on the missing colour (``size`` user units a stripe)."""
    half = size / 2
    return (f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{size}" height="{size}" '
            f'patternTransform="rotate(45)"><rect width="{size}" height="{size}" fill="{MISSING_COLOUR}"/>'
            f'<line x1="{half:g}" y1="0" x2="{half:g}" y2="{size}" stroke="{_OUTLINE}" stroke-width="{size / 4:g}"/>'
            f"</pattern>")


def _ring(coords: np.ndarray) -> str:
    """One closed ring (SVG units, rounded) as ``M x y l dx dy ... z``; '' when fewer than 3 points are left."""
    pts = np.rint(coords).astype(np.int64)
    if len(pts) > 1 and (pts[0] == pts[-1]).all():
        pts = pts[:-1]
    if len(pts) == 0:
        return ""
    keep = np.ones(len(pts), dtype=bool)
    keep[1:] = (np.diff(pts, axis=0) != 0).any(axis=1)
    pts = pts[keep]
    if len(pts) < 3:
        return ""
    steps = np.diff(pts, axis=0).ravel()
    body = " ".join(str(int(v)) for v in steps).replace(" -", "-")
    return f"M{pts[0, 0]} {pts[0, 1]}l{body}z"


def _path(geom, transform, min_area: float) -> str:
    """A polygon or multipolygon as path data; parts smaller than ``min_area`` (SVG units squared) are dropped,
    except the largest part, so that every area is drawn."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return ""
    areas = np.array([p.area for p in parts])
    largest = int(np.argmax(areas))
    rings = []
    for i, part in enumerate(parts):
        if i != largest and areas[i] < min_area:
            continue
        for ring in [part.exterior, *part.interiors]:
            text = _ring(transform(shapely.get_coordinates(ring)))
            if text:
                rings.append(text)
    return "".join(rings)


def _check(boundaries, k, tolerance) -> None:
    check_boundaries(boundaries, k)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance > 0:
        raise ArgumentError(f"tolerance must be a positive number of metres; got {tolerance!r}")


def _as_map(mapping, name: str) -> dict:
    if mapping is None:
        return {}
    if isinstance(mapping, pd.Series):
        return mapping.to_dict()
    if isinstance(mapping, Mapping):
        return dict(mapping)
    raise ArgumentError(f"{name} must be a mapping or Series of area_code -> value; got {type(mapping).__name__}")


def _layout(geo: gpd.GeoDataFrame, inset: np.ndarray, tolerance: float):
    """Transforms (metres -> SVG units) of the main map and of the inset, the inset's box and the canvas size."""
    unit = 1.0 / SVG_UNIT_M
    minx, miny, maxx, maxy = geo.total_bounds
    height = (maxy - miny) * unit + 2 * _PAD
    width = (maxx - minx) * unit + 2 * _PAD

    def main(c):
        return np.column_stack([(c[:, 0] - minx) * unit + _PAD, (maxy - c[:, 1]) * unit + _PAD])

    if not inset.any():
        return main, None, None, tolerance, (width, height)
    ix0, iy0, ix1, iy1 = geo[inset].total_bounds
    box_h = INSET_HEIGHT * height
    scale = (box_h - 2 * _PAD) / ((iy1 - iy0) * unit)  # enlargement of the inset over the main map
    box_w = (ix1 - ix0) * unit * scale + 2 * _PAD
    # the box goes right of everything the main map draws at its height, so that it hides no area
    band_bottom = maxy - (box_h + _GAP) / unit
    clipped = shapely.clip_by_rect(geo.geometry.to_numpy(), minx, band_bottom, maxx, maxy)
    right = max((g.bounds[2] for g in clipped if g is not None and not g.is_empty), default=minx)
    box_x = (right - minx) * unit + _PAD + _GAP
    box = (box_x, float(_PAD) / 2, box_w, box_h)
    width = max(width, box_x + box_w + _PAD / 2)

    def enlarged(c):
        return np.column_stack([(c[:, 0] - ix0) * unit * scale + box_x + _PAD,
                                (iy1 - c[:, 1]) * unit * scale + box[1] + _PAD])

    frame = (main(np.array([[ix0, iy1]])), main(np.array([[ix1, iy0]])))
    return main, enlarged, (box, frame), tolerance / scale, (width, height)


def choropleth_svg(boundaries, values, *, unit, legend_title: str, title: str, description: str = "", notes=None,
                   links=None, inset=None, inset_title: str = "London", k: int = 5,
                   tolerance: float = DEFAULT_TOLERANCE) -> str:
    """A choropleth map as an HTML ``<figure>`` holding an inline ``<svg>`` and its legend.

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        One row per area, columns ``area_code``, ``area_name`` and ``geometry`` (any CRS, none taken as British
        National Grid), e.g. ``Catalog(data_dir).load("boundaries")``. Rows without a shape are left out.
    values : mapping or pandas.Series
        area_code -> the value to shade (figures that have passed disclosure control); NaN or absent: no value.
    unit : str or None
        The values' unit (``"%"``, ``"per 10,000"``), for the legend's bounds and the hover text.
    legend_title : str
        What the shading shows, with its period (``"EHC plans per 10,000 aged 0-25, 2024/25"``).
    title : str
        The map's ``<title>`` (its accessible name).
    description : str, optional
        The map's ``<desc>``.
    notes : mapping, optional
        area_code -> the text shown for an area without a value (the publisher's note, ``"c"``); default
        :data:`jsnakit.render.shading.MISSING_LABEL`.
    links : mapping, optional
        area_code -> a (relative) URL; those areas are ``<a href>`` links, with an ``aria-label`` naming the area,
        its figure and the page. Others are not links.
    inset : sequence of str, optional
        area_codes drawn again, enlarged, in a box in the top-right corner (London's boroughs); on the main map they
        are shaded but not linked, and framed. None or no area in common: no inset.
    inset_title : str, default "London"
        The inset's label.
    k : int, default 5
        Quantile classes (fewer when there are fewer distinct values).
    tolerance : float, default DEFAULT_TOLERANCE
        Simplification tolerance of the main map, metres.

    Returns
    -------
    str
        ``<figure class="jsnakit-svg-map">``: a ``<style>`` for itself, the ``<svg>`` (``viewBox`` in units of
        :data:`SVG_UNIT_M` metres; one ``<path>`` per area in ``<g class="areas">``, the inset's in
        ``<g class="inset">``) and the legend: a swatch and ``"lower to upper"`` per class
        (:func:`jsnakit.render.shading.class_labels`), then the hatched swatch of areas with no value when there are
        any. No script, nothing fetched.

    Raises
    ------
    ArgumentError
        When ``boundaries`` is not a GeoDataFrame with the columns above or has no shape, ``values``, ``notes`` or
        ``links`` is not a mapping, ``k`` is not a whole number of at least 2 or ``tolerance`` not positive.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> squares = gpd.GeoDataFrame({"area_code": ["E1", "E2"], "area_name": ["West", "East"]},
    ...                            geometry=[box(0, 0, 10_000, 10_000), box(10_000, 0, 20_000, 10_000)])
    >>> svg = choropleth_svg(squares, {"E1": 5.0}, unit="%", legend_title="Share, 2025", title="Share",
    ...                      notes={"E2": "c"}, links={"E1": "E1.html"})
    >>> svg.count("<a "), '<a href="E1.html" aria-label="West: 5.0% (open its factsheet)">' in svg, "East: c" in svg
    (1, True, True)
    """
    _check(boundaries, k, tolerance)
    geo = in_drawing_crs(boundaries[BOUNDARY_COLUMNS].copy())
    geo = geo[~(geo.geometry.isna() | geo.geometry.is_empty).to_numpy(bool)].reset_index(drop=True)
    if geo.empty:
        raise ArgumentError("boundaries must have at least one shape; got no geometry or only empty ones")
    values, notes, links = _as_map(values, "values"), _as_map(notes, "notes"), _as_map(links, "links")
    codes = geo["area_code"].astype(str)
    numbers = pd.to_numeric(codes.map(values), errors="coerce").to_numpy(float)
    shading = quantile_shading(numbers, k=k, unit=unit)
    in_inset = codes.isin(set(map(str, inset or ()))).to_numpy(bool)
    main, enlarged, inset_parts, inset_tolerance, (width, height) = _layout(geo, in_inset, float(tolerance))
    min_area = 2.0  # SVG units squared (2 ha): smaller islands are under a pixel
    esc = html.escape

    def shape(i: int, transform, tol: float, linked: bool) -> str:
        name = str(geo["area_name"].iloc[i])
        code = codes.iloc[i]
        figure = (with_unit(numbers[i], unit) if not shading.missing[i]
                  else str(notes.get(code) or MISSING_LABEL))
        text = f"{name}: {figure}"
        fill = f"url(#{HATCH_ID})" if shading.missing[i] else shading.colours[i]
        d = _path(geo.geometry.iloc[i].simplify(tol, preserve_topology=True), transform, min_area)
        path = f'<path d="{d}" fill="{fill}" fill-rule="evenodd"><title>{esc(text)}</title></path>'
        if linked and links.get(code):
            return (f'<a href="{esc(str(links[code]))}" aria-label="{esc(text)} (open its factsheet)">'
                    f"{path}</a>")
        return path

    svg = [f'<svg viewBox="0 0 {width:.0f} {height:.0f}" aria-labelledby="jsnakit-map-title'
           f'{" jsnakit-map-desc" if description else ""}">',
           f'<title id="jsnakit-map-title">{esc(title)}</title>']
    if description:
        svg.append(f'<desc id="jsnakit-map-desc">{esc(description)}</desc>')
    svg.append(f"<defs>{_hatch(HATCH_ID, 40)}</defs>")
    svg.append('<g class="areas">')
    svg += [shape(i, main, tolerance, not (enlarged and in_inset[i])) for i in range(len(geo))]
    svg.append("</g>")
    if enlarged is not None:
        (bx, by, bw, bh), (top_left, bottom_right) = inset_parts
        fx, fy = top_left[0]
        gx, gy = bottom_right[0]
        svg.append(f'<rect class="inset-frame" x="{fx - 10:.0f}" y="{fy - 10:.0f}" width="{gx - fx + 20:.0f}" '
                   f'height="{gy - fy + 20:.0f}" aria-hidden="true"/>')
        svg.append(f'<g class="inset" role="group" aria-label="{esc(inset_title)}, enlarged">')
        svg.append(f'<rect class="inset-box" x="{bx:.0f}" y="{by:.0f}" width="{bw:.0f}" height="{bh:.0f}"/>')
        svg.append(f'<text x="{bx + 20:.0f}" y="{by + 130:.0f}" aria-hidden="true">{esc(inset_title)}</text>')
        svg += [shape(i, enlarged, inset_tolerance, True) for i in np.flatnonzero(in_inset)]
        svg.append("</g>")
    svg.append("</svg>")

    items = [f'<li><svg width="22" height="14" aria-hidden="true"><rect width="22" height="14" fill="{colour}" '
             f'stroke="{_OUTLINE}" stroke-width="0.5"/></svg>{esc(label)}</li>'
             for colour, label in zip(shading.palette, shading.labels)]
    if shading.missing.any():
        items.append(f'<li><svg width="22" height="14" aria-hidden="true"><defs>{_hatch(HATCH_ID + "-key", 6)}</defs>'
                     f'<rect width="22" height="14" fill="url(#{HATCH_ID}-key)" stroke="{_OUTLINE}" '
                     f'stroke-width="0.5"/></svg>{esc(MISSING_LABEL)}</li>')
    classes = f", in {quantile_words(len(shading.labels), 'local authorities', asked=k)}" if shading.labels else ""
    legend = (f'<p class="legend-title">{esc(legend_title)}{esc(classes)}</p>'
              f'<ul class="legend">{"".join(items)}</ul>')
    return (f'<figure class="jsnakit-svg-map"><style>{_CSS}</style>\n' + "\n".join(svg)
            + f"\n<figcaption>{legend}</figcaption></figure>")
