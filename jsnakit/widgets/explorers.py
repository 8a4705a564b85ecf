"""Interactive explorers for JupyterLab and training: an area explorer, a gap explorer and a projection playground.

Each explorer is two layers (CONVENTIONS.md habit 6, one implementation behind several faces):

* **views**, small pure functions that take values and return figures, tables and a plain message --
  :func:`area_view`, :func:`gap_view` and :func:`projection_view`. They hold the per-interaction work, call the
  library for every figure (:mod:`jsnakit.needs.profile`, :mod:`jsnakit.projection`, :mod:`jsnakit.gaps`,
  :mod:`jsnakit.render.charts`, :mod:`jsnakit.render.maps`, :mod:`jsnakit.render.tables`) and compute no statistics of their own. Bad
  input from a user (an area with no data for a period, a figure that is suppressed, an area with no provision data)
  gives a view with a plain ``message`` and no figure for what cannot be shown; they raise only for programming
  errors (a frame that has not passed disclosure control, an argument of the wrong kind);
* **widgets** (ipywidgets 8), :class:`AreaExplorer`, :class:`GapExplorer` and :class:`ProjectionPlayground`, which
  hold the pickers and sliders, cache what does not change between interactions (the national disclosed frame, the
  caseload, the population, each area's gap analysis, the projections already made) and show a view. Each has a
  ``.widget`` (the ipywidgets container) and displays itself when it is the last expression of a cell.

Everything shown has passed statistical disclosure control: the explorers read the national frame through
:func:`jsnakit.needs.profile.published`, projections through :func:`jsnakit.disclosure.apply_projection`, and gap analyses
through :func:`jsnakit.gaps.from_catalog`; the charts and tables refuse anything else.

Figures are made on a :class:`matplotlib.figure.Figure` that pyplot never sees (no figure is left open, however many
interactions), and shown with :func:`jsnakit.render.charts.figure_html` (the PNG embedded with its alt text) in an
``ipywidgets.Output``.

Every chart is drawn by :mod:`jsnakit.render.charts` or :mod:`jsnakit.render.maps` and described by :func:`jsnakit.render.charts.alt_text`;
the area explorer's neighbour comparison is :func:`jsnakit.render.charts.ranked_bars` and the gap explorer's shortfall
:func:`jsnakit.render.charts.shortfall_chart`.
"""
from __future__ import annotations

import dataclasses
import html
import logging
import numbers
import textwrap
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..render import charts, maps, narrative, tables
from .. import disclosure
from ..gaps import analysis as gaps
from ..core import geography, indicators
from ..needs import profile
from ..projection import model as projection
from ..catalog import Catalog
from ..render.charts import NOTE_COLOUR, OKABE_ITO, TITLE_WIDTH, _check_neighbours, _closest_neighbours
from ..core.errors import ArgumentError, JsnakitError
from ..core.schema import PRIMARY_NEEDS
from ..sources.commissioning import AGE_BANDS, PARTNERS

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
]

_log = logging.getLogger(__name__)

#: The parts of an :class:`AreaView`, in the order they are shown.
AREA_PARTS = ("trend", "neighbours", "map", "table")
#: Simulations of a projection in the widgets: enough for the shape of the fan, few enough to be quick (the
#: factsheet uses :func:`jsnakit.projection.project`'s default, 1,000).
SIMULATIONS = 200
#: Statistical neighbours drawn as lines on the trend chart, closest first (every neighbour is in the ranked bars).
NEIGHBOURS_SHOWN = 3
#: The projection playground's evidence-based defaults: the "rates held" scenario that the back-test of every LA's
#: published caseload found the most accurate (``python benchmarks/backtest.py``), no change on top of it,
#: :data:`jsnakit.projection.DAMPING` for a continued trend (FPP3 8.2) and :func:`jsnakit.projection.project`'s ten
#: years to reach a convergence target.
PLAYGROUND_DEFAULTS = {"scenario": "rates held", "trend": 0.0, "population_change": 0.0,
                       "damping": projection.DAMPING, "converge_years": 10}
#: Scenarios the playground offers (``"converge to benchmark"`` needs rates by age typed in, not a slider).
_PLAYGROUND_SCENARIOS = ("rates held", "recent trend", "converge to England", "converge to neighbours")
#: The playground's scenarios in words for trainees (projection.SCENARIOS' descriptions are written for analysts).
SCENARIO_WORDS = {
    "rates held": "New plans start, and plans end, at each age at the rates of the last few years, applied to the "
                  "projected population.",
    "recent trend": "The rates go on changing as they have lately, the change slowing each year (the damping: 1 "
                    "keeps it going, 0 stops it at once).",
    "converge to England": "The area's rates move step by step to England's, reaching them after the years set "
                           "below.",
    "converge to neighbours": "The area's rates move step by step to the middle (median) of its statistical "
                              "neighbours' rates, reaching them after the years set below.",
}

_NO_PROVISION = ("No commissioning register or Local Offer for {name} was found in the data folder, so its need "
                 "cannot be set against provision. Add the area's Local Offer (Open Referral UK) and its "
                 "commissioning register to see its gaps.")
_RENDERED = 48  # rendered figures kept per explorer


# --- small helpers ----------------------------------------------------------------------------------------------

def _new_axes(width: float, height: float) -> Axes:
    """Axes on a figure pyplot does not track: nothing to close, nothing to leak (:func:`jsnakit.render.charts._axes`)."""
    return charts._axes(None, figsize=(width, height), pyplot=False)


def _lower_first(text: str) -> str:
    """``"Pupils with an EHC plan"`` -> ``"pupils with an EHC plan"`` (an indicator title inside a sentence)."""
    return text[:1].lower() + text[1:]


def _sentence(parts) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _bundle(ax: Axes | None, alt: str, caption: str | None) -> tuple:
    """The outputs of an ``ipywidgets.Output`` showing one chart: its PNG in a ``<figure>`` with alt text."""
    if ax is None:
        return ()
    figure = ax.figure
    width = int(round(figure.get_figwidth() * 96))
    markup = charts.figure_html(figure, alt=alt or "Chart.", caption=caption, width=width)
    return ({"output_type": "display_data", "data": {"text/html": markup, "text/plain": alt}, "metadata": {}},)


def _message_html(text: str) -> str:
    if not text:
        return ""
    return (f'<div class="jsnakit-message" role="status" style="padding:0.4em 0.8em;border-left:4px solid '
            f'{OKABE_ITO["orange"]};background:#FFF8E6">{html.escape(text)}</div>')


def _list_html(items, *, heading: str) -> str:
    if not items:
        return ""
    return (f"<p><strong>{html.escape(heading)}</strong></p><ul>"
            + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>")


def _catalog(catalog_or_data_dir, cache_dir) -> Catalog:
    if isinstance(catalog_or_data_dir, Catalog):
        if cache_dir is not None:
            raise ArgumentError("cache_dir must be None when a Catalog is given (the catalog has its own); got "
                                f"{cache_dir!r}")
        return catalog_or_data_dir
    if isinstance(catalog_or_data_dir, (str, Path)):
        return Catalog(catalog_or_data_dir, cache_dir=cache_dir)
    raise ArgumentError(f"catalog_or_data_dir must be a jsnakit.catalog.Catalog or the path of a data folder; got "
                        f"{type(catalog_or_data_dir).__name__}")


class _Rendered:
    """Rendered parts of views, by key, the least recently used dropped first (returning to a setting is instant)."""

    def __init__(self, size: int = _RENDERED):
        self._items: OrderedDict = OrderedDict()
        self._size = size

    def get(self, key):
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        return None

    def put(self, key, value):
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return value

    def __len__(self):
        return len(self._items)


# --- area view --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaView:
    """What the area explorer shows for one area, indicator and period (made by :func:`area_view`).

    Attributes
    ----------
    area_code, area_name : str
        The area ('' when the area is not known).
    indicator, period : str
        The indicator id and period shown.
    trend : matplotlib.axes.Axes or None
        :func:`jsnakit.render.charts.trend`: the area with its 95% confidence interval against its region, England and its
        closest statistical neighbours, over every published period. None when there is nothing to draw.
    neighbours : matplotlib.axes.Axes or None
        :func:`jsnakit.render.charts.ranked_bars`: the area among its statistical neighbours in ``period``, highest first.
    map : matplotlib.axes.Axes or None
        :func:`jsnakit.render.maps.choropleth` of every upper-tier LA in ``period``, the area outlined.
    table : str
        :func:`jsnakit.render.tables.to_html` of the area, its region, England and its neighbours in ``period``; '' when
        there is none.
    notes : dict of str to str
        Why a part is missing or what to know about it, by part (``"area"`` and :data:`AREA_PARTS`).
    alt : dict of str to str
        Alt text of each chart drawn, by part.
    """

    area_code: str = ""
    area_name: str = ""
    indicator: str = ""
    period: str = ""
    trend: Axes | None = None
    neighbours: Axes | None = None
    map: Axes | None = None
    table: str = ""
    notes: dict = field(default_factory=dict)
    alt: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        """Every note in one plain paragraph ('' when everything could be shown)."""
        return _sentence(self.notes.get(part, "") for part in ("area",) + AREA_PARTS)


def area_view(published, area_code, *, indicator, period, neighbours=None, boundaries=None,
              neighbours_shown=NEIGHBOURS_SHOWN, parts=AREA_PARTS) -> AreaView:
    """The area explorer's view of one area, indicator and period: trend, neighbour comparison, map and table.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The national indicator frame after disclosure control (:func:`jsnakit.needs.profile.published`).
    area_code : str
        GSS code or DfE number of an upper-tier LA, a region or England.
    indicator : str
        Indicator id with ``All``/``All`` rows, e.g. ``"ehc_pupils_pct"`` (:data:`jsnakit.core.indicators.CATALOGUE`).
    period : str
        The period of the neighbour comparison, the map and the table, e.g. ``"2025/26"`` (the trend shows every
        published period).
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); without them there is no neighbour
        comparison and the trend has England and the region only.
    boundaries : geopandas.GeoDataFrame, optional
        Boundaries of the upper-tier LAs (``area_code, area_name, geometry``); without them there is no map.
    neighbours_shown : int, default :data:`NEIGHBOURS_SHOWN`
        Closest neighbours drawn on the trend chart (0 to 10).
    parts : sequence of str, default :data:`AREA_PARTS`
        The parts to make (a widget leaves out those it has already drawn).

    Returns
    -------
    AreaView
        The charts (Axes of figures pyplot does not track), the table and, in ``notes``/``message``, what could
        not be shown and why: an unknown area, an area with no figures for the indicator or in the period, a
        figure that is suppressed (the trend and the table say so in place), no neighbours, no boundaries.

    Raises
    ------
    DisclosureError
        When ``published`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When ``neighbours`` is not a frame of statistical neighbours, ``neighbours_shown`` is not a whole number
        from 0 to 10, or ``parts`` names an unknown part.

    Examples
    --------
    >>> view = area_view(published, "Rochdale", indicator="ehc_pupils_pct", period="2025/26")  # doctest: +SKIP
    >>> view.message, view.trend.get_title()  # doctest: +SKIP
    """
    published = disclosure.require(published)
    _check_neighbours(neighbours)
    if isinstance(neighbours_shown, bool) or not isinstance(neighbours_shown, numbers.Integral) \
            or not 0 <= neighbours_shown <= 10:
        raise ArgumentError(f"neighbours_shown must be a whole number from 0 to 10; got {neighbours_shown!r}")
    parts = tuple(parts)
    unknown = [p for p in parts if p not in AREA_PARTS]
    if unknown:
        raise ArgumentError(f"parts must be among {list(AREA_PARTS)}; got {unknown}")
    indicator, period = str(indicator), str(period)
    title = charts.indicator_title(indicator)
    try:
        area = geography.area(area_code)
    except ArgumentError:
        return AreaView(indicator=indicator, period=period,
                        notes={"area": f"No area has the code {str(area_code)!r}: pick a local authority, a region or "
                                       "England from the list, by name or code."})
    code, name = str(area["area_code"]), str(area["area_name"])
    base = {"area_code": code, "area_name": name, "indicator": indicator, "period": period}
    try:
        shown = profile.area_profile(published, code, neighbours=neighbours)
    except ArgumentError:
        return AreaView(**base, notes={"area": f"There are no published figures for {name} in this data."})
    rows = shown.query(indicator=indicator, breakdown="All", category="All")
    frame = rows.frame
    own = frame[frame["area_code"] == code]
    if own.empty:
        return AreaView(**base, notes={"area": f"There are no published figures of {_lower_first(title)} for {name}."})
    close = _closest_neighbours(neighbours, code)
    notes, made = {}, {}

    if "trend" in parts:
        if own["value"].notna().any():
            comparators = [c for c in [area["region_code"], geography.ENGLAND] + close[:neighbours_shown]
                           if c and c != code and (frame["area_code"] == c).any()]
            made["trend"] = _part(notes, "trend", lambda: charts.trend(
                rows, indicator=indicator, area_code=code, comparators=comparators, ax=_new_axes(6.4, 3.9)))
        else:
            notes["trend"] = (f"Every published figure of {_lower_first(title)} for {name} is suppressed or missing, "
                              "so there is no trend to draw.")

    now = own[own["period"] == period]
    periods = sorted(own.loc[own["value"].notna(), "period"].unique())
    if now.empty:
        span = f" (it has figures from {periods[0]} to {periods[-1]})" if periods else ""
        notes["table"] = f"{name} has no figure of {_lower_first(title)} for {period}{span}."
        return AreaView(**base, **{k: v for k, v in made.items()}, notes=notes,
                        alt={k: charts.alt_text(v) for k, v in made.items() if v is not None})
    if now["value"].isna().all():
        reason = disclosure.describe_note(now["note"].iloc[0], published.rules) or "not available"
        notes["area"] = f"{name}'s figure for {period} is not shown ({reason})."

    if "neighbours" in parts:
        if neighbours is None:
            notes["neighbours"] = "No statistical neighbours were found in the data folder: no neighbour comparison."
        elif not close:
            notes["neighbours"] = (f"Statistical neighbours are published for local authorities only: no neighbour "
                                   f"comparison for {name}.")
        else:
            made["neighbours"] = _part(notes, "neighbours", lambda: charts.ranked_bars(
                published.query(indicator=indicator, period=period, breakdown="All", category="All"),
                indicator=indicator, period=period, area_code=code, neighbours=neighbours,
                ax=_new_axes(6.4, 0.32 * (len(close) + 1) + 1.9)))

    if "map" in parts:
        if boundaries is None:
            notes["map"] = "No boundaries were found in the data folder: no map."
        else:
            def draw_map():
                on_map = profile.across_areas(published, indicator, period)
                codes = set(boundaries["area_code"].astype(str))
                return maps.choropleth(on_map, boundaries, indicator=indicator, period=period,
                                       highlight=code if code in codes else None, ax=_new_axes(5.6, 5.6))
            made["map"] = _part(notes, "map", draw_map)

    table = ""
    if "table" in parts:
        spec = indicators.CATALOGUE.get(indicator)
        columns = ["area_name", "count"] if spec is not None and spec.method == "none" else \
            ["area_name", "count", "denominator", "value", "ci", "comparison"]
        others = "its region, England and its statistical neighbours" if close else "its region and England"
        caption = f"{title}, {period}: {name}, {others}"
        table = _part(notes, "table", lambda: tables.to_html(rows.query(period=period), caption=caption,
                                                            columns=columns)) or ""
    return AreaView(**base, **made, table=table, notes=notes,
                    alt={k: charts.alt_text(v) for k, v in made.items() if v is not None})


def _part(notes: dict, part: str, make):
    """Make one part of a view; a library error about the data becomes the part's note."""
    try:
        return make()
    except JsnakitError as error:
        notes[part] = f"The {part} cannot be drawn: {error}"
        return None


# --- gap view ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GapView:
    """What the gap explorer shows for one area and a choice of need, age band and partner (:func:`gap_view`).

    Attributes
    ----------
    area_code, area_name : str
        The area ('' when there is no analysis).
    need, age_band, partner : str or None
        The choice shown (None: all).
    findings : tuple of str
        The area's findings (:func:`jsnakit.render.narrative.gap_messages`), whatever the choice.
    coverage : str
        :func:`jsnakit.render.tables.coverage_html` of the chosen need(s) and age band(s); '' when none.
    shortfall : matplotlib.axes.Axes or None
        :func:`jsnakit.render.charts.shortfall_chart`: each service's shortfall now and at the last projection year.
    capacity : str
        :func:`jsnakit.render.tables.shortfall_html`: capacity against need, now and in every projection year.
    commissioners : str
        :func:`jsnakit.render.tables.commissioners_html` of the services chosen.
    map : matplotlib.axes.Axes or None
        :func:`jsnakit.render.maps.provision_map`: need by locality and the services chosen.
    message : str
        What could not be shown and why ('' when everything could be shown).
    alt : dict of str to str
        Alt text of each chart drawn (``"shortfall"``, ``"map"``).
    """

    area_code: str = ""
    area_name: str = ""
    need: str | None = None
    age_band: str | None = None
    partner: str | None = None
    findings: tuple = ()
    coverage: str = ""
    shortfall: Axes | None = None
    capacity: str = ""
    commissioners: str = ""
    map: Axes | None = None
    message: str = ""
    alt: dict = field(default_factory=dict)


def _need_label(need) -> str | None:
    if need is None or need == "All":
        return None
    if need in PRIMARY_NEEDS:
        return PRIMARY_NEEDS[need]
    if need in PRIMARY_NEEDS.values():
        return need
    raise ArgumentError(f"need must be None, 'All', or a primary need (a DfE code such as 'asd' or its label); got "
                        f"{need!r}")


def _choice(name: str, value, allowed) -> str | None:
    if value is None or value == "All":
        return None
    if value not in allowed:
        raise ArgumentError(f"{name} must be None, 'All' or one of {list(allowed)}; got {value!r}")
    return value


def gap_view(analysis, *, need=None, age_band=None, partner=None, boundary=None, every=1) -> GapView:
    """The gap explorer's view of an area's gap analysis for a need, an age band and a commissioning partner.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis or None
        From :func:`jsnakit.gaps.from_catalog` (or :func:`jsnakit.gaps.analyse`); None, as ``from_catalog`` gives
        for an area without provision data, gives a view with a plain message.
    need : str, optional
        A primary need (DfE code such as ``"asd"`` or its label); None or ``"All"`` for every need.
    age_band : str, optional
        One of ``"0-4"``, ``"5-10"``, ``"11-15"``, ``"16-19"``, ``"20-25"`` (years); None or ``"All"`` for every age.
    partner : str, optional
        A commissioning partner code (:data:`jsnakit.sources.commissioning.PARTNERS`, e.g. ``"icb"``); None or
        ``"All"`` for every partner.
    boundary : geopandas.GeoDataFrame, optional
        The area's boundary (one row: ``area_code, area_name, geometry``); without it there is no map.
    every : int, default 1
        Projection years in the capacity table: every ``every``-th and the last.

    Returns
    -------
    GapView
        The coverage of the need and age band (services of every partner), the capacity against need of the
        service types the partner commissions now and in each projection year (table, and
        :func:`jsnakit.render.charts.shortfall_chart` now and at the last year), who commissions the services chosen, and
        the provision map of those services over the estimated need by locality; ``message`` says what could not be
        shown (no analysis, no children with that need and age, no service of that partner, no benchmark or
        projection, no located services).

    Raises
    ------
    DisclosureError
        When ``analysis`` is neither None nor a :class:`jsnakit.gaps.GapAnalysis`.
    ArgumentError
        When ``need``, ``age_band`` or ``partner`` is not one of the values above.

    Examples
    --------
    >>> gap_view(None).message[:56]
    'No commissioning register or Local Offer for this area w'
    """
    if analysis is None:
        return GapView(message=_NO_PROVISION.format(name="this area"))
    analysis = gaps.require(analysis)
    label = _need_label(need)
    band = _choice("age_band", age_band, AGE_BANDS)
    partner = _choice("partner", partner, tuple(PARTNERS))
    name, period = analysis.area_name, analysis.period
    part = analysis.query(need=label, age_band=band, partner=partner)
    notes, alt = [], {}
    findings = tuple(narrative.gap_messages(analysis))
    what = label or "each primary need"
    ages = f"aged {band}" if band else "by age band"
    who = f" commissioned by {gaps.describe_partner(partner)}" if partner else ""
    when = f"January {narrative.january(period)}" if period else ""

    coverage = ""
    if part.coverage is None or part.coverage.empty:
        notes.append(f"No children and young people with an EHC plan are recorded with {what.lower()} "
                     f"{ages} in {name}.")
    else:
        coverage = tables.coverage_html(part, caption=f"Commissioned services (every partner) naming {what.lower()}, "
                                                      f"{ages}, {name}, {when}")

    if partner is not None and (part.provision is None or part.provision.empty):
        notes.append(f"No service{' for ' + label.lower() if label else ''}"
                     f"{' at ages ' + band if band else ''} in {name}'s register or Local Offer is commissioned by "
                     f"{gaps.describe_partner(partner)}.")
    key = label or "All"
    capacity = part.capacity
    rows = capacity[capacity["need"] == key] if capacity is not None and len(capacity) else pd.DataFrame()
    shortfall_ax, capacity_html = None, ""
    if rows.empty:
        if not (partner is not None and (part.provision is None or part.provision.empty)):
            notes.append(f"No commissioned service{who} with a recorded capacity serves {what.lower()} in {name}.")
    else:
        capacity_html = tables.shortfall_html(part, needs=[key], every=every,
                                              caption=f"Capacity against need, {what.lower()}, {name}"
                                                      f"{': services' + who if who else ''}")
        try:
            shortfall_ax = charts.shortfall_chart(part, need=key, ax=_new_axes(
                6.6, 0.34 * len(rows[["service_type", "capacity_unit"]].drop_duplicates()) + 2.0))
            alt["shortfall"] = charts.alt_text(shortfall_ax)
        except ArgumentError:
            notes.append(f"No service{who} for {what.lower()} has a benchmark or a projection to measure a shortfall "
                         "against: capacity is shown without one.")

    commissioners = ""
    if part.provision is not None and part.provision["in_register"].any():
        commissioners = tables.commissioners_html(part, caption=f"Who commissions what{who}, {what.lower()}, "
                                                                f"{ages}, {name}")

    map_ax = None
    if boundary is None:
        notes.append(f"No boundary for {name}: no map of provision.")
    elif part.localities is None and (part.services is None or part.services.empty):
        notes.append(f"No located services or localities for {name}: no map of provision.")
    else:
        try:
            map_ax = maps.provision_map(part, boundary=boundary, need=label, ax=_new_axes(6.0, 6.0))
            alt["map"] = charts.alt_text(map_ax)
        except JsnakitError as error:
            notes.append(f"The map of provision cannot be drawn: {error}")
    return GapView(area_code=analysis.area_code, area_name=name, need=label, age_band=band, partner=partner,
                   findings=findings, coverage=coverage, shortfall=shortfall_ax, capacity=capacity_html,
                   commissioners=commissioners, map=map_ax, message=_sentence(notes), alt=alt)


# --- projection view --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectionView:
    """What the projection playground shows for one area and one set of assumptions (:func:`projection_view`).

    Attributes
    ----------
    area_code, area_name : str
        The area.
    settings : dict
        The assumptions: ``scenario, trend, population_change, damping, converge_years`` (as given).
    fan : matplotlib.axes.Axes or None
        :func:`jsnakit.render.charts.projection_fan`: published plans, then the projected median with its 50% and 95%
        intervals.
    table : str
        :func:`jsnakit.render.tables.projection_html` of every projected year.
    interval : str
        How the 95% interval widens from the first projected year to the last, in words.
    message : str
        Why there is no projection ('' when there is one).
    alt : dict of str to str
        Alt text of the fan chart (``"fan"``).
    projected : jsnakit.disclosure.Projected or None
        The disclosed projection drawn.
    """

    area_code: str = ""
    area_name: str = ""
    settings: dict = field(default_factory=dict)
    fan: Axes | None = None
    table: str = ""
    interval: str = ""
    message: str = ""
    alt: dict = field(default_factory=dict)
    projected: disclosure.Projected | None = None


def _academic_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def _percent(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= -100:
        raise ArgumentError(f"{name} must be a percentage a year above -100; got {value!r}")
    return float(value)


def describe_settings(settings: dict) -> str:
    """The projection playground's assumptions in words (for titles and captions).

    Parameters
    ----------
    settings : dict
        ``scenario`` (a name in :data:`jsnakit.projection.SCENARIOS`; default "rates held"), ``trend`` and
        ``population_change`` (per cent a year; default 0), ``damping`` (0 to 1, said for "recent trend") and
        ``converge_years`` (years, said for the converging scenarios), as :attr:`ProjectionView.settings` holds them.

    Returns
    -------
    str
        The scenario with the option it uses, then each change that is not 0, joined by "; ".

    Examples
    --------
    >>> describe_settings({"scenario": "recent trend", "trend": 2.0, "population_change": 0.0, "damping": 0.8,
    ...                    "converge_years": 10})
    'recent trend (damping 0.8); new plans per head +2.0% a year'
    """
    scenario = settings.get("scenario", "rates held")
    text = scenario
    if scenario == "recent trend":
        text += f" (damping {settings.get('damping', projection.DAMPING):g})"
    elif str(scenario).startswith("converge"):
        years = settings.get("converge_years", 10)
        text += f", reached in {years} year{'s' if years != 1 else ''}"
    extra = []
    if settings.get("trend", 0.0):
        extra.append(f"new plans per head {settings['trend']:+.1f}% a year")
    if settings.get("population_change", 0.0):
        extra.append(f"population {settings['population_change']:+.1f}% a year")
    return "; ".join([text] + extra)


def projection_view(caseload, population, area_code, *, scenario="rates held", trend=0.0, population_change=0.0,
                    damping=projection.DAMPING, converge_years=10, neighbours=None, history=None, years=10,
                    simulations=SIMULATIONS, seed=0) -> ProjectionView:
    """The projection playground's view: the projected EHC plans of an area under a set of assumptions.

    The projection is :func:`jsnakit.projection.project` (the cohort model of the factsheet, its rates pooled with
    every LA's) after :func:`jsnakit.disclosure.apply_projection`. The two percentage assumptions act on the joining
    rate through ``project``'s ``multipliers``, compounding from the first projected year: ``trend`` is a change in
    new plans per head of population, ``population_change`` a change in the 0-25 population beyond the ONS estimate
    that ``project`` ages on. New plans join per head of population, so the two multiply: +2% and +1% a year make
    the joiners of year *h* ``(1.02 x 1.01)**h`` times the scenario's.

    Parameters
    ----------
    caseload : pandas.DataFrame
        EHC plans maintained in January on today's areas (``geography.to_current_areas(catalog.load(
        "ehc_caseload"))``), every LA (the pooling needs them).
    population : pandas.DataFrame or None
        ONS mid-year estimates (persons by single year of age); None projects joiners per plan, as
        :func:`jsnakit.projection.project` does, and allows no ``population_change``.
    area_code : str
        GSS code or DfE number of the area.
    scenario : str, default "rates held"
        A name in :data:`jsnakit.projection.SCENARIOS`; ``"converge to England"`` and ``"converge to neighbours"``
        set the convergence target.
    trend : float, default 0
        Change in new plans per head of population, per cent a year (above -100), on top of the scenario.
    population_change : float, default 0
        Change in the population, per cent a year (above -100), beyond the ONS estimate aged on.
    damping : float, default :data:`jsnakit.projection.DAMPING`
        For ``"recent trend"``: the growth of year *h* is ``damping**h`` times the recent growth (0 to 1).
    converge_years : int, default 10
        For the converging scenarios: years to reach the target (the speed of convergence).
    neighbours : pandas.DataFrame, optional
        Statistical neighbours, for ``"converge to neighbours"``.
    history : jsnakit.disclosure.Disclosed, optional
        A disclosed frame with the area's published ``ehc_plans``, drawn before the projection.
    years : int, default 10
        Academic years ahead.
    simulations : int, default :data:`SIMULATIONS`
        Simulations of the projection (the factsheet's 1,000 give smoother intervals, more slowly).
    seed : int, default 0
        Seed of the simulations: the same assumptions give the same figures.

    Returns
    -------
    ProjectionView
        The fan chart, the table of every projected year, the widening of the interval in words, the disclosed
        projection and the settings; or, with no figure, a ``message`` saying why there is no projection (an
        unknown area, no caseload for it, a scenario whose target is missing).

    Raises
    ------
    ArgumentError
        When ``caseload`` is not a frame, ``trend`` or ``population_change`` is not a percentage above -100, or
        ``population_change`` is given without a population.

    Examples
    --------
    >>> view = projection_view(caseload, population, "E08000005", trend=2.0)  # doctest: +SKIP
    >>> view.interval  # doctest: +SKIP
    """
    if not isinstance(caseload, pd.DataFrame):
        raise ArgumentError(f"caseload must be the EHC plan caseload frame (catalog.load('ehc_caseload')); got "
                            f"{type(caseload).__name__}")
    trend = _percent("trend", trend)
    population_change = _percent("population_change", population_change)
    if population is None and population_change != 0:
        raise ArgumentError(f"population_change needs the population (ONS mid-year estimates); got None and "
                            f"population_change {population_change!r}")
    settings = {"scenario": scenario, "trend": trend, "population_change": population_change, "damping": damping,
                "converge_years": converge_years}
    try:
        area = geography.area(area_code)
    except ArgumentError:
        return ProjectionView(settings=settings, message=f"No area has the code {str(area_code)!r}: pick a local "
                                                         "authority from the list.")
    code, name = str(area["area_code"]), str(area["area_name"])
    base = {"area_code": code, "area_name": name, "settings": settings}
    mine = caseload[(caseload["area_code"] == code) & caseload["breakdown"].isin(["age", "age_band"])
                    & caseload["count"].notna()]
    if mine.empty:
        return ProjectionView(**base, message=f"The data folder holds no EHC plans by age for {name}: there is "
                                              "nothing to project.")
    factor = (1 + trend / 100) * (1 + population_change / 100)

    def run(first: int):
        multipliers = None
        if factor != 1:
            multipliers = [projection.Multiplier(factor=factor, start=_academic_year(first + h))
                           for h in range(years)]
        return projection.project(caseload, population, area_code=code, years=years, scenario=scenario,
                                  simulations=simulations, seed=seed, multipliers=multipliers, damping=damping,
                                  converge_years=converge_years, neighbours=neighbours)

    first = int(str(mine["period"].max())[:4]) + 1
    try:
        raw = run(first)
        projected_first = int(str(raw["period"].iloc[0])[:4])
        if factor != 1 and projected_first != first:  # the model started elsewhere (an incomplete latest year)
            raw = run(projected_first)
    except ArgumentError as error:
        return ProjectionView(**base, message=f"No projection with these assumptions: {error}")
    projected = disclosure.apply_projection(raw)
    described = describe_settings(settings)
    ax = charts.projection_fan(projected, history=history, area_code=code, ax=_new_axes(6.6, 4.0))
    ax.set_title(textwrap.fill(f"EHC plans: {name}, published and projected ({described})", TITLE_WIDTH))
    table = tables.projection_html(projected, every=1, caption=f"Projected EHC plans, {name}, January of each year: "
                                                               f"{described} (rounded to the nearest "
                                                               f"{projected.round_to})")
    return ProjectionView(**base, fan=ax, table=table, interval=_interval_text(projected),
                          alt={"fan": charts.alt_text(ax)}, projected=projected)


def _interval_text(projected: disclosure.Projected) -> str:
    frame = projected.frame
    total = frame[(frame["age_band"] == "All") & (frame["need"] == "All")].dropna(subset=["lower_95", "upper_95"])
    if total.empty:
        return ""
    first, last = total.iloc[0], total.iloc[-1]

    def span(rec):
        return (f"{tables.format_count(rec['lower_95'])} to {tables.format_count(rec['upper_95'])} "
                f"({tables.format_count(rec['upper_95'] - rec['lower_95'])} wide) in January "
                f"{narrative.january(rec['period'])}")

    if len(total) == 1:
        return f"The 95% interval runs from {span(first)}."
    return (f"The 95% interval widens from {span(first)} to {span(last)}: the further ahead, the less certain the "
            f"projection.")


# --- widgets ----------------------------------------------------------------------------------------------------

class _Explorer:
    """What every explorer shares: its container, its display and its safe update."""

    widget: ipywidgets.Widget

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def _changed(self, change):
        """A control moved: update, unless the explorer is setting its own controls."""
        if not self._holding:
            self.update()

    def _current_area(self) -> tuple[str | None, str]:
        """The picked area's GSS code, the box rewritten as the area is listed ("Rochdale (E08000005)"); or None and
        the message saying the text names no area."""
        text = self.area.value
        code = self._picker.resolve(text)
        if code is None:
            return None, self._picker.unknown(text)
        label = self._picker.label(code)
        if text != label:
            self._holding = True
            try:
                self.area.value = label
            finally:
                self._holding = False
        return code, ""

    def _safely(self, make, fallback):
        """``(make(), True)``, or ``(fallback(message), False)`` when anything goes wrong: the widget shows a plain
        message, never a traceback (and keeps nothing of a failed update)."""
        try:
            return make(), True
        except JsnakitError as error:
            return fallback(str(error)), False
        except Exception as error:  # noqa: BLE001 - a widget shows a plain message, never a traceback
            _log.exception("widget update failed")
            return fallback(f"Something went wrong ({type(error).__name__}: {error})."), False


def _area_label(code: str, name: str) -> str:
    return f"{name} ({code})"


class _AreaPicker:
    """A Combobox of areas: type a name or a code (GSS or DfE number), or pick from the list."""

    def __init__(self, codes, *, value: str | None, description: str = "Area"):
        table = geography.areas()
        codes = [c for c in codes if c in table.index]
        order = sorted(codes, key=lambda c: (table.loc[c, "area_type"] != "country",
                                             table.loc[c, "area_type"] != "region", table.loc[c, "area_name"]))
        self.labels = {_area_label(c, table.loc[c, "area_name"]): c for c in order}
        self._names = {table.loc[c, "area_name"].casefold(): c for c in order}
        self.codes = set(order)
        first = value if value is not None else next((c for c in order if table.loc[c, "area_type"]
                                                      in geography.LA_TYPES), order[0] if order else "")
        self.combobox = ipywidgets.Combobox(
            options=list(self.labels), value=self.label(first) if first in self.codes else str(first),
            description=description, placeholder="Type an area's name or code", ensure_option=False,
            continuous_update=False, layout=ipywidgets.Layout(width="22em"))

    def label(self, code: str) -> str:
        return next((label for label, c in self.labels.items() if c == code), code)

    def resolve(self, text) -> str | None:
        """The GSS code the text names, or None."""
        text = str(text or "").strip()
        if text in self.labels:
            return self.labels[text]
        if text.casefold() in self._names:
            return self._names[text.casefold()]
        try:
            code = str(geography.area(text)["area_code"])
        except ArgumentError:
            return None
        return code if code in self.codes else None

    def unknown(self, text) -> str:
        example = next(iter(self.labels), "Rochdale (E08000005)")
        return (f"No area matches {str(text or '').strip()!r}: type an area's name or code, or pick one from the "
                f"list (e.g. {example}).")


def _heading(text: str) -> ipywidgets.HTML:
    return ipywidgets.HTML(f"<h4 style='margin:0.6em 0 0.2em'>{html.escape(text)}</h4>")


class AreaExplorer(_Explorer):
    """Explore one area's figures: a searchable area picker, an indicator and a period; the trend, the neighbour
    comparison, the map and the table update together.

    Parameters
    ----------
    catalog_or_data_dir : jsnakit.catalog.Catalog, str or pathlib.Path
        The data: a Catalog, or a data folder such as ``"data_samples"``.
    area_code : str, optional
        The area shown first (GSS code or DfE number); default the first local authority by name.
    indicator : str, default "ehc_pupils_pct"
        The indicator shown first.
    period : str, optional
        The period shown first; default the indicator's latest.
    cache_dir : str, pathlib.Path or False, optional
        The catalog's cache folder when a data folder is given (see :class:`jsnakit.catalog.Catalog`).
    neighbours_shown : int, default :data:`NEIGHBOURS_SHOWN`
        Closest statistical neighbours drawn on the trend chart.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The explorer.
    area : ipywidgets.Combobox
        The area: its name, its code, or "Name (code)" as listed.
    indicator, period : ipywidgets.Dropdown
        The indicator (ids, shown by title) and the period.
    message, table : ipywidgets.HTML
        The plain message (empty when all is well) and the table.
    trend_output, neighbours_output, map_output : ipywidgets.Output
        The charts, each a PNG with its alt text.
    view : AreaView
        What is shown.

    Examples
    --------
    >>> explorer = AreaExplorer("data_samples", area_code="E08000005")  # doctest: +SKIP
    >>> explorer  # the last expression of a cell shows the widget  # doctest: +SKIP
    >>> explorer.area.value = "Islington"  # doctest: +SKIP
    """

    def __init__(self, catalog_or_data_dir, *, area_code=None, indicator="ehc_pupils_pct", period=None,
                 cache_dir=None, neighbours_shown=NEIGHBOURS_SHOWN):
        self.catalog = _catalog(catalog_or_data_dir, cache_dir)
        self.published = profile.published(self.catalog)
        self.neighbours = self.catalog.load("neighbours") if self.catalog.has("neighbours") else None
        self.boundaries = self.catalog.load("boundaries") if self.catalog.has("boundaries") else None
        self.neighbours_shown = neighbours_shown
        data = self.published.frame
        totals = data[(data["breakdown"] == "All") & (data["category"] == "All") & data["value"].notna()]
        self._periods = {i: sorted(p.unique()) for i, p in totals.groupby("indicator")["period"]}
        order = [i for i in indicators.CATALOGUE if i in self._periods]
        order += sorted(set(self._periods) - set(order))
        if not order:
            raise ArgumentError("catalog_or_data_dir must hold published figures of at least one indicator; got none")
        if indicator not in self._periods:
            raise ArgumentError(f"indicator must be one of {order}; got {indicator!r}")
        start = geography.area(area_code)["area_code"] if area_code is not None else None
        self._picker = _AreaPicker(sorted(data["area_code"].unique()), value=start)
        self.area = self._picker.combobox
        self.indicator = ipywidgets.Dropdown(options=[(charts.indicator_title(i), i) for i in order],
                                             value=indicator, description="Indicator",
                                             layout=ipywidgets.Layout(width="28em"))
        periods = self._periods[indicator]
        self.period = ipywidgets.Dropdown(options=periods, value=period if period in periods else periods[-1],
                                          description="Period", layout=ipywidgets.Layout(width="14em"))
        self.message = ipywidgets.HTML()
        self.trend_output = ipywidgets.Output()
        self.neighbours_output = ipywidgets.Output()
        self.map_output = ipywidgets.Output()
        self.table = ipywidgets.HTML()
        grid = ipywidgets.GridBox(
            [ipywidgets.VBox([_heading("Trend"), self.trend_output]),
             ipywidgets.VBox([_heading("Statistical neighbours"), self.neighbours_output]),
             ipywidgets.VBox([_heading("Map"), self.map_output]),
             ipywidgets.VBox([_heading("Table"), self.table])],
            layout=ipywidgets.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))", grid_gap="0.5em 1em"))
        self.widget = ipywidgets.VBox([ipywidgets.HBox([self.area, self.indicator, self.period],
                                                       layout=ipywidgets.Layout(flex_flow="row wrap")),
                                       self.message, grid])
        self._rendered = _Rendered()
        self._holding = False
        self.view = AreaView()
        self.area.observe(self._changed, names="value")
        self.indicator.observe(self._indicator_changed, names="value")
        self.period.observe(self._changed, names="value")
        self.update()

    def _indicator_changed(self, change):
        if self._holding:
            return
        periods = self._periods.get(change["new"], [])
        self._holding = True
        try:
            current = self.period.value
            self.period.options = periods
            self.period.value = current if current in periods else (periods[-1] if periods else None)
        finally:
            self._holding = False
        self.update()

    def update(self) -> AreaView:
        """Show the view of the current area, indicator and period (called by every change); returns it."""
        code, unknown = self._current_area()
        if code is None:
            return self._show(AreaView(indicator=self.indicator.value, period=str(self.period.value),
                                       notes={"area": unknown}), {})
        indicator, period = self.indicator.value, str(self.period.value)
        keys = {"trend": ("trend", code, indicator), "neighbours": ("neighbours", code, indicator, period),
                "map": ("map", code, indicator, period), "table": ("table", code, indicator, period)}
        cached = {part: self._rendered.get(key) for part, key in keys.items()}
        wanted = tuple(part for part in AREA_PARTS if cached[part] is None)

        def make():
            return area_view(self.published, code, indicator=indicator, period=period, neighbours=self.neighbours,
                             boundaries=self.boundaries, neighbours_shown=self.neighbours_shown, parts=wanted)

        view, ok = self._safely(make, lambda message: AreaView(area_code=code, indicator=indicator, period=period,
                                                               notes={"area": message}))
        if not ok:
            return self._show(view, {})
        parts = {}
        for part in AREA_PARTS:
            if part in wanted:  # [object, alt text, note, rendered (None until drawn)]
                obj = getattr(view, part)
                self._rendered.put(keys[part], [obj, view.alt.get(part), view.notes.get(part, ""),
                                                obj if part == "table" else None])
            parts[part] = self._rendered.get(keys[part]) or [None, None, "", None]
        merged = dataclasses.replace(
            view, **{part: parts[part][0] for part in AREA_PARTS},
            notes={"area": view.notes.get("area", ""), **{part: parts[part][2] for part in AREA_PARTS}},
            alt={part: parts[part][1] for part in AREA_PARTS if parts[part][1]})
        return self._show(merged, parts)

    def _show(self, view: AreaView, parts: dict) -> AreaView:
        """Put the view in the widget: the message and the table first, then each chart as soon as it is drawn (a
        kernel sends each change as it is made, so the quick parts show while the charts are drawn)."""
        self.view = view
        self.message.value = _message_html(view.message)
        self.table.value = (parts.get("table") or [None] * 4)[3] or ""
        for part, output in (("trend", self.trend_output), ("neighbours", self.neighbours_output),
                             ("map", self.map_output)):
            entry = parts.get(part)
            if entry is None:
                output.outputs = ()
                continue
            if entry[3] is None:
                entry[3] = _bundle(entry[0], entry[1] or "", None)
            output.outputs = entry[3]
        return view


class GapExplorer(_Explorer):
    """Explore an area's gaps: pick the area, a primary need, an age band and a commissioning partner; see the
    coverage, capacity against need and the shortfall now and projected, who commissions what, and the map of
    provision.

    Each area's gap analysis is :func:`jsnakit.gaps.from_catalog` with the area's projection (the "rates held"
    scenario of :func:`jsnakit.projection.project`, :data:`SIMULATIONS` simulations, after
    :func:`jsnakit.disclosure.apply_projection`), made once per area and kept; the pickers then only cut it
    (:func:`gap_view`).

    Parameters
    ----------
    catalog_or_data_dir : jsnakit.catalog.Catalog, str or pathlib.Path
        The data: a Catalog, or a data folder such as ``"data_samples"``.
    area_code : str, optional
        The area shown first; default the first area of the commissioning register (else the first LA by name).
    cache_dir : str, pathlib.Path or False, optional
        The catalog's cache folder when a data folder is given.
    simulations : int, default :data:`SIMULATIONS`
        Simulations of each area's projection.
    every : int, default 1
        Projection years in the capacity table (every ``every``-th and the last).

    Attributes
    ----------
    widget : ipywidgets.VBox
        The explorer.
    area : ipywidgets.Combobox
        The area.
    need, age_band, partner : ipywidgets.Dropdown
        The choice (value None: all).
    message, findings, coverage, capacity, commissioners, problems : ipywidgets.HTML
        The plain message, the area's findings, the tables and the problems met in the provision data.
    shortfall_output, map_output : ipywidgets.Output
        The charts.
    view : GapView
        What is shown.
    """

    def __init__(self, catalog_or_data_dir, *, area_code=None, cache_dir=None, simulations=SIMULATIONS, every=1):
        self.catalog = _catalog(catalog_or_data_dir, cache_dir)
        self.published = profile.published(self.catalog)
        self.neighbours = self.catalog.load("neighbours") if self.catalog.has("neighbours") else None
        self.boundaries = self.catalog.load("boundaries") if self.catalog.has("boundaries") else None
        self.caseload = geography.to_current_areas(self.catalog.load("ehc_caseload")) \
            if self.catalog.has("ehc_caseload") else None
        self.population = self.catalog.load("population") if self.catalog.has("population") else None
        self.simulations, self.every = simulations, every
        self.with_provision = []
        if self.catalog.has("commissioning_register"):
            try:
                self.with_provision = list(dict.fromkeys(self.catalog.load("commissioning_register")["area_code"]))
            except JsnakitError:  # a bad register is reported by from_catalog, per area
                self.with_provision = []
        las = geography.local_authorities()["area_code"].tolist()
        start = geography.area(area_code)["area_code"] if area_code is not None else \
            next((c for c in self.with_provision if c in las), None)
        self._picker = _AreaPicker(las, value=start)
        self.area = self._picker.combobox
        self.need = ipywidgets.Dropdown(options=[("All needs", None)], index=0, description="Need",
                                        layout=ipywidgets.Layout(width="30em"))
        self.age_band = ipywidgets.Dropdown(options=[("All ages", None)] + [(f"Aged {b}", b) for b in AGE_BANDS],
                                            index=0, description="Age band", layout=ipywidgets.Layout(width="14em"))
        self.partner = ipywidgets.Dropdown(options=[("All partners", None)], index=0, description="Partner",
                                           layout=ipywidgets.Layout(width="30em"))
        self.message = ipywidgets.HTML()
        self.findings = ipywidgets.HTML()
        self.coverage = ipywidgets.HTML()
        self.shortfall_output = ipywidgets.Output()
        self.capacity = ipywidgets.HTML()
        self.commissioners = ipywidgets.HTML()
        self.map_output = ipywidgets.Output()
        self.problems = ipywidgets.HTML()
        capacity = ipywidgets.Accordion([self.capacity], titles=("Capacity against need, every year",))
        capacity.selected_index = None
        self.widget = ipywidgets.VBox([
            ipywidgets.HBox([self.area, self.need, self.age_band, self.partner],
                            layout=ipywidgets.Layout(flex_flow="row wrap")),
            self.message, self.findings,
            ipywidgets.GridBox([ipywidgets.VBox([_heading("Coverage"), self.coverage]),
                                ipywidgets.VBox([_heading("Map of provision"), self.map_output])],
                               layout=ipywidgets.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))",
                                                        grid_gap="0.5em 1em")),
            _heading("Capacity against need, now and projected"), self.shortfall_output, capacity,
            _heading("Who commissions what"), self.commissioners, self.problems])
        self._analyses: dict[str, tuple] = {}
        self._rendered = _Rendered()
        self._holding = False
        self.view = GapView()
        self.area.observe(self._area_changed, names="value")
        for control in (self.need, self.age_band, self.partner):
            control.observe(self._changed, names="value")
        self._area_changed(None)

    def analysis(self, area_code: str):
        """The gap analysis of an area and the problems met, made once: ``(GapAnalysis or None, list of str)``."""
        code = str(geography.area(area_code)["area_code"])
        if code not in self._analyses:
            analysis, problems = gaps.from_catalog(self.catalog, code, published=self.published,
                                                   neighbours=self.neighbours)
            if analysis is not None and self.caseload is not None and (self.caseload["area_code"] == code).any():
                try:
                    projected = disclosure.apply_projection(projection.project(
                        self.caseload, self.population, area_code=code, simulations=self.simulations))
                except ArgumentError as error:
                    problems = [*problems, f"No projection of EHC plans, so capacity is compared with today's need "
                                           f"only: {error}"]
                else:
                    analysis, problems = gaps.from_catalog(self.catalog, code, published=self.published,
                                                           neighbours=self.neighbours, projected=projected,
                                                           every=1)
            self._analyses[code] = (analysis, list(problems))
        return self._analyses[code]

    def _area_changed(self, change):
        if self._holding:
            return
        code = self._picker.resolve(self.area.value)
        if code is not None:
            if code not in self._analyses:
                self.message.value = _message_html(
                    f"Setting need against provision in {geography.area(code)['area_name']} (a few seconds, once "
                    f"per area)…")
            (analysis, _), _ = self._safely(lambda: self.analysis(code), lambda message: (None, [message]))
            needs = [] if analysis is None else list(dict.fromkeys(analysis.coverage["need"]))
            partners = [] if analysis is None or analysis.provision is None else sorted(
                {p.strip() for ps in analysis.provision["partners"].dropna() for p in str(ps).split(";")} &
                set(PARTNERS), key=list(PARTNERS).index)
            self._holding = True
            try:
                need, partner = self.need.value, self.partner.value
                self.need.options = [("All needs", None)] + [(n, n) for n in needs]
                self.need.index = needs.index(need) + 1 if need in needs else 0
                self.partner.options = [("All partners", None)] + [(gaps.describe_partner(p), p) for p in partners]
                self.partner.index = partners.index(partner) + 1 if partner in partners else 0
            finally:
                self._holding = False
        self.update()

    def update(self) -> GapView:
        """Show the view of the current area, need, age band and partner (called by every change); returns it."""
        code, unknown = self._current_area()
        if code is None:
            return self._show(GapView(message=unknown), None, [])
        name = str(geography.area(code)["area_name"])
        (analysis, problems), ok = self._safely(lambda: self.analysis(code), lambda message: (None, [message]))
        if not ok:
            return self._show(GapView(area_code=code, area_name=name, message=problems[0]), None, [])
        if analysis is None:
            others = [str(geography.area(c)["area_name"]) for c in self.with_provision if c != code and
                      c in geography.areas().index]
            hint = f" Areas with provision data here: {', '.join(others)}." if others else ""
            return self._show(GapView(area_code=code, area_name=name,
                                      message=_NO_PROVISION.format(name=name) + hint), None, problems)
        need, band, partner = self.need.value, self.age_band.value, self.partner.value
        key = (code, need, band, partner)
        hit = self._rendered.get(key)
        if hit is None:
            boundary = None
            if self.boundaries is not None:
                boundary = self.boundaries[self.boundaries["area_code"] == code]
                boundary = boundary if len(boundary) else None

            def make():
                return gap_view(analysis, need=need, age_band=band, partner=partner, boundary=boundary,
                                every=self.every)

            view, ok = self._safely(make, lambda message: GapView(area_code=code, area_name=name, message=message))
            hit = [view, None, None]  # the view, then its two charts once drawn
            if ok:
                self._rendered.put(key, hit)
        return self._show(hit[0], hit, problems)

    def _show(self, view: GapView, hit, problems) -> GapView:
        """Put the view in the widget: the text and tables first, then each chart as soon as it is drawn."""
        self.view = view
        self.message.value = _message_html(view.message)
        self.findings.value = _list_html(view.findings, heading=f"Findings for {view.area_name}") \
            if view.findings else ""
        self.coverage.value = view.coverage
        self.capacity.value = view.capacity
        self.commissioners.value = view.commissioners
        self.problems.value = _list_html(problems, heading="Problems in the provision data (the analysis used "
                                                           "everything else)")
        if hit is None:
            self.shortfall_output.outputs = self.map_output.outputs = ()
            return view
        for index, (part, output) in enumerate((("shortfall", self.shortfall_output), ("map", self.map_output)),
                                               start=1):
            if hit[index] is None:
                hit[index] = _bundle(getattr(view, part), view.alt.get(part, ""), None)
            output.outputs = hit[index]
        return view


class ProjectionPlayground(_Explorer):
    """Play with the assumptions of a demand projection: sliders for the trend in new plans, the change in
    population, the convergence target and its speed; the fan chart and the table follow, and a reset button returns
    to the evidence-based defaults (:data:`PLAYGROUND_DEFAULTS`).

    Projections are :func:`projection_view` (:func:`jsnakit.projection.project`, disclosed) with
    :data:`SIMULATIONS` simulations; each is kept, so returning to a setting (or resetting) is instant. Sliders
    update when released.

    Parameters
    ----------
    catalog_or_data_dir : jsnakit.catalog.Catalog, str or pathlib.Path
        The data: a Catalog, or a data folder such as ``"data_samples"``; it must hold the SEN2 caseload.
    area_code : str, optional
        The area (GSS code or DfE number); default the first LA of the caseload by name.
    cache_dir : str, pathlib.Path or False, optional
        The catalog's cache folder when a data folder is given.
    simulations : int, default :data:`SIMULATIONS`
        Simulations of each projection.
    years : int, default 10
        Academic years ahead.
    seed : int, default 0
        Seed of the simulations.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The playground.
    area : ipywidgets.Combobox
        The area.
    scenario : ipywidgets.Dropdown
        The scenario (:data:`jsnakit.projection.SCENARIOS`): rates held, recent trend, or a convergence target.
    trend, population_change, damping : ipywidgets.FloatSlider
        New plans per head, % a year; population, % a year; damping of the recent trend.
    converge_years : ipywidgets.IntSlider
        Years to reach the convergence target.
    reset_button : ipywidgets.Button
        Back to :data:`PLAYGROUND_DEFAULTS`.
    message, description, interval, table : ipywidgets.HTML
        The plain message, the scenario in words, the widening interval in words and the table.
    fan_output : ipywidgets.Output
        The fan chart.
    view : ProjectionView
        What is shown.

    Examples
    --------
    >>> playground = ProjectionPlayground("data_samples", area_code="E08000005")  # doctest: +SKIP
    >>> playground.trend.value = 3.0  # doctest: +SKIP
    >>> playground.reset()  # doctest: +SKIP
    """

    def __init__(self, catalog_or_data_dir, *, area_code=None, cache_dir=None, simulations=SIMULATIONS, years=10,
                 seed=0):
        self.catalog = _catalog(catalog_or_data_dir, cache_dir)
        if not self.catalog.has("ehc_caseload"):
            raise ArgumentError("catalog_or_data_dir must hold the SEN2 caseload of EHC plans (ehc_caseload); got a "
                                "folder without it")
        self.caseload = geography.to_current_areas(self.catalog.load("ehc_caseload"))
        self.population = self.catalog.load("population") if self.catalog.has("population") else None
        self.neighbours = self.catalog.load("neighbours") if self.catalog.has("neighbours") else None
        published = profile.published(self.catalog)
        self.history = published.query(indicator="ehc_plans", breakdown="All", category="All")
        self.simulations, self.years, self.seed = simulations, years, seed
        las = set(geography.local_authorities()["area_code"])
        codes = [c for c in self.caseload["area_code"].unique() if c in las]
        start = geography.area(area_code)["area_code"] if area_code is not None else None
        self._picker = _AreaPicker(codes, value=start)
        self.area = self._picker.combobox
        available = ["rates held", "recent trend"]
        if self.population is not None and (self.caseload["area_code"] == geography.ENGLAND).any():
            available.append("converge to England")
        if self.population is not None and self.neighbours is not None:
            available.append("converge to neighbours")
        self.scenarios = tuple(s for s in _PLAYGROUND_SCENARIOS if s in available)
        d = PLAYGROUND_DEFAULTS
        style = {"description_width": "16em"}
        wide = ipywidgets.Layout(width="34em")
        self.scenario = ipywidgets.Dropdown(options=self.scenarios, value=d["scenario"], description="Assumption",
                                            style=style, layout=wide)
        self.trend = ipywidgets.FloatSlider(value=d["trend"], min=-10, max=10, step=0.5, continuous_update=False,
                                            description="New plans per head, % a year", readout_format="+.1f",
                                            style=style, layout=wide)
        self.population_change = ipywidgets.FloatSlider(
            value=d["population_change"], min=-5, max=5, step=0.5, continuous_update=False,
            description="Population, % a year", readout_format="+.1f", style=style, layout=wide,
            disabled=self.population is None)
        self.damping = ipywidgets.FloatSlider(value=d["damping"], min=0, max=1, step=0.05, continuous_update=False,
                                              description="Damping of the trend", readout_format=".2f",
                                              style=style, layout=wide)
        self.converge_years = ipywidgets.IntSlider(value=d["converge_years"], min=1, max=20, step=1,
                                                   continuous_update=False, description="Years to reach the target",
                                                   style=style, layout=wide)
        self.reset_button = ipywidgets.Button(description="Reset to the evidence-based defaults", icon="undo",
                                              layout=ipywidgets.Layout(width="22em"))
        self.message = ipywidgets.HTML()
        self.description = ipywidgets.HTML()
        self.interval = ipywidgets.HTML()
        self.fan_output = ipywidgets.Output()
        self.table = ipywidgets.HTML()
        controls = ipywidgets.VBox([self.area, self.scenario, self.description, self.trend, self.population_change,
                                    self.damping, self.converge_years, self.reset_button])
        self.widget = ipywidgets.VBox([controls, self.message, self.interval,
                                       ipywidgets.GridBox([self.fan_output, self.table], layout=ipywidgets.Layout(
                                           grid_template_columns="minmax(0, 3fr) minmax(0, 2fr)",
                                           grid_gap="0.5em 1em"))])
        self._rendered = _Rendered(size=64)
        self._holding = False
        self.view = ProjectionView()
        for control in (self.area, self.scenario, self.trend, self.population_change, self.damping,
                        self.converge_years):
            control.observe(self._changed, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.update()

    @property
    def settings(self) -> dict:
        """The assumptions the sliders hold now."""
        return {"scenario": self.scenario.value, "trend": float(self.trend.value),
                "population_change": float(self.population_change.value), "damping": float(self.damping.value),
                "converge_years": int(self.converge_years.value)}

    def reset(self) -> ProjectionView:
        """Set every assumption back to :data:`PLAYGROUND_DEFAULTS` and show that projection; returns the view."""
        self._holding = True
        try:
            for name, value in PLAYGROUND_DEFAULTS.items():
                getattr(self, name).value = value
        finally:
            self._holding = False
        return self.update()

    def update(self) -> ProjectionView:
        """Show the projection of the current area and assumptions (called by every change); returns it."""
        scenario = self.scenario.value
        self.damping.disabled = scenario != "recent trend"
        self.converge_years.disabled = not str(scenario).startswith("converge")
        plain = SCENARIO_WORDS.get(scenario, "")
        self.description.value = (f"<p style='margin:0 0 0.4em 1em;color:{NOTE_COLOUR}'><em>"
                                  f"{html.escape(plain)}</em></p>") if plain else ""
        code, unknown = self._current_area()
        if code is None:
            return self._show(ProjectionView(settings=self.settings, message=unknown), None)
        settings = self.settings
        # settings a scenario does not use do not change its projection
        used = dict(settings)
        if scenario != "recent trend":
            used["damping"] = PLAYGROUND_DEFAULTS["damping"]
        if not str(scenario).startswith("converge"):
            used["converge_years"] = PLAYGROUND_DEFAULTS["converge_years"]
        key = (code, tuple(sorted((k, round(v, 6) if isinstance(v, float) else v) for k, v in used.items())))
        hit = self._rendered.get(key)
        if hit is None:
            self.message.value = _message_html(f"Projecting ({describe_settings(used)})…")

            def make():
                return projection_view(self.caseload, self.population, code, **used, neighbours=self.neighbours,
                                       history=self.history, years=self.years, simulations=self.simulations,
                                       seed=self.seed)

            view, ok = self._safely(make, lambda message: ProjectionView(area_code=code, settings=used,
                                                                         message=message))
            hit = [view, None]  # the view, then its fan chart once drawn
            if ok:
                self._rendered.put(key, hit)
        return self._show(dataclasses.replace(hit[0], settings=settings), hit)

    def _show(self, view: ProjectionView, hit) -> ProjectionView:
        """Put the view in the widget: the message, the interval and the table first, then the fan chart."""
        self.view = view
        self.message.value = _message_html(view.message)
        self.interval.value = f"<p><strong>{html.escape(view.interval)}</strong></p>" if view.interval else ""
        self.table.value = view.table
        if hit is None:
            self.fan_output.outputs = ()
            return view
        if hit[1] is None:
            hit[1] = _bundle(view.fan, view.alt.get("fan", ""), None)
        self.fan_output.outputs = hit[1]
        return view
