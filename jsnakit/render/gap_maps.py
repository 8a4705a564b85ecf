"""Gap maps (issue 7): a :class:`jsnakit.gaps.GapAnalysis` drawn on one area's boundary.

:func:`provision_map` shades the area's localities by the estimated number of children and young people with an EHC
plan living there and marks the services, with a different marker *shape* per domain (education, health, care);
:func:`distance_map` shades the same localities by the distance to the nearest service for one need in fixed classes
(:data:`DISTANCE_BINS_KM`), so that maps of different areas read alike, unless those put every locality in one: then
in fifths of the area's own localities by distance (:func:`distance_classes`, which also says when a table is better
than a map). A locality is drawn as a cell
(:func:`jsnakit.render.geometry.locality_cells`), classed and shaded as every map is (:mod:`jsnakit.render.shading`).
Each map writes its full description as it draws (:func:`jsnakit.render.charts.describe`), which
:func:`jsnakit.render.maps.alt_text` gives back. Every public name here is reachable from :mod:`jsnakit.render.maps`.
"""
from __future__ import annotations

import textwrap

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..core.errors import ArgumentError
from ..core.schema import PRIMARY_NEEDS
from ..core.vocabulary import NEEDS
from .descriptions import describe
from .geometry import BOUNDARY_COLUMNS, DRAWING_CRS, area_shape, in_drawing_crs, locality_cells, plot_shapes
from .shading import (MIN_LOCALITIES, DistanceClasses, distance_shading, draw_shading, map_legend, quantile_shading,
                      quantile_words)
from .style import CHART_GIDS, OKABE_ITO, TITLE_WIDTH, chart_axes

__all__ = ["provision_map", "distance_map", "distance_classes", "DistanceClasses", "DISTANCE_BINS_KM", "FAR_KM",
           "MIN_LOCALITIES", "DOMAIN_STYLES", "SERVICE_SIZE", "MAP_MARGIN", "NO_DISTANCE_LABEL"]

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

# the DfE primary needs a service can be commissioned for (jsnakit.sources.commissioning.NEEDS): code -> label
_NEEDS = {code: PRIMARY_NEEDS[code] for code in NEEDS}


def provision_map(analysis, *, boundary, need=None, k=5, ax=None) -> Axes:
    """Map of need and provision: the area's localities shaded by estimated need, with the services as points.

    Each locality's cell (:func:`jsnakit.render.geometry.locality_cells`) is shaded by ``plans_estimate``, the
    estimated number of children and young people with an EHC plan living there, in quantile classes (as
    :func:`jsnakit.render.maps.choropleth`: ``viridis_r``, light = low; a locality with no estimate light grey *and*
    hatched). Services are drawn at their locations with a marker shape and colour per domain (:data:`DOMAIN_STYLES`:
    education squares, health triangles, care circles); a service outside the area is drawn open (white fill) when it
    lies within the map (the area's bounds plus :data:`MAP_MARGIN`), and counted in the description otherwise. With no
    localities only the boundary and the services are drawn.

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
        and open). The legend lists the classes (:func:`jsnakit.render.maps.class_labels`), "suppressed or no data",
        each domain drawn ("Education service", ...), the open marker and the boundary.
        :func:`jsnakit.render.maps.alt_text` gives its full description: what is shown, the classes, the services by
        domain (and those not drawn), and the locality with the most estimated need;
        :func:`jsnakit.render.charts.alt_text` gives a shorter one.

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

    ax = chart_axes(ax, figsize=(7.5, 7.5))
    ax.set_gid(CHART_GIDS["choropleth"])
    handles, sentences = [], []
    estimate = "Estimated children and young people with an EHC plan" + (" (all needs)" if label else "")
    legend_title = "Services"
    if localities is not None:
        cells = locality_cells(localities, area)
        values = (cells["plans_estimate"] if "plans_estimate" in cells.columns else pd.Series(np.nan, cells.index))
        values = pd.to_numeric(values, errors="coerce").to_numpy(float)
        shading = quantile_shading(values, k=k, unit="persons")  # estimated children: whole numbers
        handles += draw_shading(ax, cells, shading)
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


def distance_classes(analysis, *, need, bins=DISTANCE_BINS_KM, classes="auto") -> DistanceClasses:
    """The classes :func:`distance_map` would draw an area's distances in, or that a table says it better.

    With ``classes="auto"``, the fixed classes (``bins``) when the localities with a distance fall in two or more of
    them; else, when at least :data:`MIN_LOCALITIES` localities have a distance and those differ once rounded to
    0.1 km, classes from the area's own distances (quintiles of its localities, :func:`jsnakit.render.shading.
    rounded_quantile_shading`); else ``kind="table"``: a map would say nothing a table does not say better.
    ``classes="fixed"`` or ``"local"`` asks for one kind (``"table"`` still when the local classes would be one).

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        The gap analysis of one area, with localities and distances.
    need : str
        A primary need, as its DfE code (``"asd"``) or label.
    bins : sequence of float, default DISTANCE_BINS_KM
        The fixed classes' bounds (km), as for :func:`distance_map`.
    classes : {"auto", "fixed", "local"}, default "auto"
        Which classes to use.

    Returns
    -------
    DistanceClasses
        The kind of classes, their labels, a caption's words and the reason.

    Raises
    ------
    DisclosureError
        When ``analysis`` is not a :class:`jsnakit.gaps.GapAnalysis`.
    ArgumentError
        As :func:`distance_map`, or when ``classes`` is not one of the three.

    Examples
    --------
    >>> shown = distance_classes(analysis, need="oth")  # doctest: +SKIP
    >>> shown.kind, shown.labels[0]  # doctest: +SKIP
    ('local', '0.0 to 0.4 km')
    """
    return _classify(_require_analysis(analysis), need, bins, classes)[0]


def distance_map(analysis, *, boundary, need, ax=None, bins=DISTANCE_BINS_KM, classes="auto") -> Axes:
    """Map of access: the area's localities shaded by the distance to the nearest service for one need.

    Each locality's cell (:func:`jsnakit.render.geometry.locality_cells`) is shaded by ``distance_km`` of its row for
    ``need`` in ``analysis.distance``, in *fixed* classes (``mapclassify.UserDefined`` on ``bins``: under 2 km, 2 to
    5 km, 5 to 10 km, 10 to 20 km, 20 to 40 km, 40 km or more), so that maps of different areas and needs compare; the
    legend always lists every class. A class holds its lower bound and not its upper (3 km and 2 km are "2 to 5 km").
    When the fixed classes put every locality in one (a compact borough where every service is near), the classes
    come from the area's own distances instead: fifths of its localities, rounded to 0.1 km
    (:func:`distance_classes`, which also says when a table is better than any map: then this function refuses).
    The colormap is :data:`jsnakit.render.maps.SEQUENTIAL_CMAP` (light = near, dark = far); a locality with no distance
    is light grey *and* hatched. The services named nearest are drawn as in :func:`provision_map`.

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
    classes : {"auto", "fixed", "local"}, default "auto"
        The classes (:func:`distance_classes`): ``"fixed"`` draws the fixed classes even when they are one.

    Returns
    -------
    matplotlib.axes.Axes
        Axis off, equal aspect. Collections ``"jsnakit:areas"`` (cells, in the order of ``analysis.localities``),
        ``"jsnakit:suppressed"`` (no distance, hatched), ``"jsnakit:boundary"`` and
        ``"jsnakit:services:<domain>"`` / ``"jsnakit:services-outside:<domain>"`` (the nearest services). The legend
        title ends ``"(fixed classes)"`` or names the local classes. The description
        (:func:`jsnakit.render.maps.alt_text`) gives the classes, the number of localities in each, and the share of
        children and young people, weighting each locality by its ``population``, who live :data:`FAR_KM` km or more
        from the nearest service for the need.

    Raises
    ------
    DisclosureError
        When ``analysis`` is not a :class:`jsnakit.gaps.GapAnalysis`.
    ArgumentError
        When ``boundary`` is not a one-row GeoDataFrame of the analysis' area, ``need`` is not a primary need,
        ``bins`` are not ascending distances above 0, ``classes`` is not one of the three, the analysis has no
        localities or distances, or :func:`distance_classes` finds that a table is better (its reason is the message).

    Examples
    --------
    >>> ax = distance_map(analysis, boundary=boundary, need="Autistic spectrum disorder")  # doctest: +SKIP
    >>> alt_text(ax)  # doctest: +SKIP
    'Map: Distance to the nearest service for Autistic spectrum disorder: Islington. ...'
    """
    analysis = _require_analysis(analysis)
    area = _check_boundary(boundary, analysis)
    shown, shading, label, rows = _classify(analysis, need, bins, classes)
    name = str(area["area_name"].iloc[0])
    if shown.kind == "table":
        raise ArgumentError(f"{shown.reason} Show the distances as a table (jsnakit.render.tables.distance_html), "
                            f"or draw the map anyway with classes='fixed'.")
    cells = locality_cells(_localities(analysis), area)
    distance = cells["locality_code"].astype(str).map(_nearest(rows)).astype(float).to_numpy()
    labels = list(shown.labels)
    ax = chart_axes(ax, figsize=(7.5, 7.5))
    ax.set_gid(CHART_GIDS["choropleth"])
    handles = draw_shading(ax, cells, shading, missing_label=NO_DISTANCE_LABEL)
    drawn = (f"{_count(len(cells), 'locality', 'localities')} of {name} {_are(len(cells))} drawn as cells (the part "
             f"of the area nearer to each locality's population-weighted centre than to any other), shaded by the "
             f"distance to the nearest service for {label}")
    order = f"{'; '.join(labels)}, from lightest (nearest) to darkest (farthest)."
    if shown.kind == "fixed":
        sentences = [f"{drawn} in fixed classes: {order}"]
    else:
        words = quantile_words(len(labels), "its localities", asked=5)
        sentences = [f"{drawn}.", f"{shown.reason} The classes are {words}: {order}" if shown.reason else
                     f"The classes come from {name}'s own distances (rounded to 0.1 km), {words}: {order}"]
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
    legend_title = f"Distance to the nearest service\nfor {label}\n" + (
        "(fixed classes)" if shown.kind == "fixed" else f"({name}'s own classes:\n" + textwrap.fill(
            quantile_words(len(labels), "its localities", asked=5).replace(" (", ", ").rstrip(")"), 32) + ")")
    _finish(ax, extent, title, handles, legend_title, sentences, outline)
    return ax


# --- internals -------------------------------------------------------------------------------------------------

def _classify(analysis, need, bins, classes):
    """:func:`distance_classes`, with the shading of ``analysis.localities`` (in order), the need's label and its
    distance rows."""
    label = _need_label(need)
    if label is None:
        raise ArgumentError(f"need must be a primary-need code {list(_NEEDS)} or label; got None")
    name = str(analysis.area_name)
    localities = _localities(analysis)
    if localities is None or analysis.distance is None:
        raise ArgumentError(
            f"analysis must have localities and distances to draw a distance map; the analysis of {name} has none "
            f"(give jsnakit.gaps.analyse() the localities)"
        )
    code = {v: c for c, v in _NEEDS.items()}[label]
    rows = analysis.distance
    rows = rows[rows["need"].astype("string").str.strip().str.lower().isin([label.lower(), code]).fillna(False)]
    distance = localities["locality_code"].astype(str).map(_nearest(rows)).astype(float).to_numpy()
    shown, shading = distance_shading(distance, bins=bins, classes=classes, name=name, label=label)
    return shown, shading, label, rows


def _nearest(rows: pd.DataFrame) -> pd.Series:
    """The distance (km) to the nearest service of each locality, by ``locality_code``."""
    return pd.to_numeric(rows["distance_km"], errors="coerce").groupby(rows["locality_code"].astype(str)).min()


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


def _check_boundary(boundary, analysis) -> gpd.GeoDataFrame:
    if not isinstance(boundary, gpd.GeoDataFrame):
        raise ArgumentError(
            f"boundary must be a GeoDataFrame with columns {BOUNDARY_COLUMNS} and one row; got "
            f"{type(boundary).__name__}"
        )
    missing = [c for c in BOUNDARY_COLUMNS if c not in boundary.columns]
    if missing:
        raise ArgumentError(
            f"boundary must have the columns {BOUNDARY_COLUMNS}; missing {missing} in {list(boundary.columns)}"
        )
    if len(boundary) != 1:
        raise ArgumentError(f"boundary must have one row, the area {analysis.area_code}; got {len(boundary)} rows")
    code = str(boundary["area_code"].iloc[0])
    if code != str(analysis.area_code):
        raise ArgumentError(
            f"boundary must be the analysis' area {analysis.area_code} ({analysis.area_name}); got area_code {code!r}"
        )
    area_shape(boundary)
    return in_drawing_crs(boundary[BOUNDARY_COLUMNS])


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
    services = in_drawing_crs(services).copy()
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
    plot_shapes(area, ax, facecolor="none", edgecolor="black", linewidth=1.6, zorder=5)
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
    map_legend(ax, handles, legend_title)
    text = " ".join([f"Map: {title}."] + sentences)
    describe(ax, text, anchor=anchor)
