"""The area explorer: one area's published figures of an indicator, against its region, England and its statistical
neighbours.

Two layers (:mod:`.explorers`): :func:`area_view`, a pure function giving an :class:`AreaView` (the trend, the
neighbour comparison, the map and the table), and :class:`AreaExplorer`, the ipywidgets explorer that picks the area,
the indicator and the period and shows the view.
"""
from __future__ import annotations

import dataclasses
import numbers
from dataclasses import dataclass, field

import ipywidgets
from matplotlib.axes import Axes

from ..render import charts, maps, tables
from .. import disclosure
from ..core import geography, indicators
from ..needs import profile
from ..render.charts import check_neighbours, closest_neighbours
from ..core.errors import ArgumentError, JsnakitError
from .base import AreaPicker, Explorer, Rendered, bundle, heading, message_html, new_axes, open_catalog, sentence

__all__ = [
    "AreaView",
    "area_view",
    "AreaExplorer",
    "AREA_PARTS",
    "NEIGHBOURS_SHOWN",
]

#: The parts of an :class:`AreaView`, in the order they are shown.
AREA_PARTS = ("trend", "neighbours", "map", "table")
#: Statistical neighbours drawn as lines on the trend chart, closest first (every neighbour is in the ranked bars).
NEIGHBOURS_SHOWN = 3


def _lower_first(text: str) -> str:
    """``"Pupils with an EHC plan"`` -> ``"pupils with an EHC plan"`` (an indicator title inside a sentence)."""
    return text[:1].lower() + text[1:]


# --- the view ---------------------------------------------------------------------------------------------------

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
        :func:`jsnakit.render.charts.trend`: the area with its 95% confidence interval against its region, England and
        its closest statistical neighbours, over every published period. None when there is nothing to draw.
    neighbours : matplotlib.axes.Axes or None
        :func:`jsnakit.render.charts.ranked_bars`: the area among its statistical neighbours in ``period``, highest
        first.
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
        return sentence(self.notes.get(part, "") for part in ("area",) + AREA_PARTS)


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
    check_neighbours(neighbours)
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
    close = closest_neighbours(neighbours, code)
    notes, made = {}, {}

    if "trend" in parts:
        if own["value"].notna().any():
            comparators = [c for c in [area["region_code"], geography.ENGLAND] + close[:neighbours_shown]
                           if c and c != code and (frame["area_code"] == c).any()]
            made["trend"] = _part(notes, "trend", lambda: charts.trend(
                rows, indicator=indicator, area_code=code, comparators=comparators, ax=new_axes(6.4, 3.9)))
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
                ax=new_axes(6.4, 0.32 * (len(close) + 1) + 1.9)))

    if "map" in parts:
        if boundaries is None:
            notes["map"] = "No boundaries were found in the data folder: no map."
        else:
            def draw_map():
                on_map = profile.across_areas(published, indicator, period)
                codes = set(boundaries["area_code"].astype(str))
                return maps.choropleth(on_map, boundaries, indicator=indicator, period=period,
                                       highlight=code if code in codes else None, ax=new_axes(5.6, 5.6))
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


# --- the explorer -----------------------------------------------------------------------------------------------

class AreaExplorer(Explorer):
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
        self.catalog = open_catalog(catalog_or_data_dir, cache_dir)
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
        self._picker = AreaPicker(sorted(data["area_code"].unique()), value=start)
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
            [ipywidgets.VBox([heading("Trend"), self.trend_output]),
             ipywidgets.VBox([heading("Statistical neighbours"), self.neighbours_output]),
             ipywidgets.VBox([heading("Map"), self.map_output]),
             ipywidgets.VBox([heading("Table"), self.table])],
            layout=ipywidgets.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))", grid_gap="0.5em 1em"))
        self.widget = ipywidgets.VBox([ipywidgets.HBox([self.area, self.indicator, self.period],
                                                       layout=ipywidgets.Layout(flex_flow="row wrap")),
                                       self.message, grid])
        self._rendered = Rendered()
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
        self.message.value = message_html(view.message)
        self.table.value = (parts.get("table") or [None] * 4)[3] or ""
        for part, output in (("trend", self.trend_output), ("neighbours", self.neighbours_output),
                             ("map", self.map_output)):
            entry = parts.get(part)
            if entry is None:
                output.outputs = ()
                continue
            if entry[3] is None:
                entry[3] = bundle(entry[0], entry[1] or "", None)
            output.outputs = entry[3]
        return view
