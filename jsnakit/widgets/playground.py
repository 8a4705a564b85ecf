"""The projection playground: an area's projected EHC plans under assumptions a user sets.

Two layers (:mod:`.explorers`): :func:`projection_view`, a pure function giving a :class:`ProjectionView` (the fan
chart, the table and the widening interval in words of a disclosed projection), and :class:`ProjectionPlayground`, the
ipywidgets explorer whose sliders set the assumptions, with a reset to the evidence-based defaults.
"""
from __future__ import annotations

import dataclasses
import html
import numbers
import textwrap
from dataclasses import dataclass, field

import ipywidgets
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..render import charts, narrative, tables
from .. import disclosure
from ..core import geography
from ..needs import profile
from ..projection import model as projection
from ..render.charts import NOTE_COLOUR, TITLE_WIDTH
from ..core.errors import ArgumentError
from .base import SIMULATIONS, AreaPicker, Explorer, Rendered, bundle, message_html, new_axes, open_catalog

__all__ = [
    "ProjectionView",
    "projection_view",
    "describe_settings",
    "ProjectionPlayground",
    "PLAYGROUND_DEFAULTS",
    "SCENARIO_WORDS",
]

#: The projection playground's defaults: the published projection (:data:`jsnakit.projection.PUBLISHED_SCENARIO`,
#: the one the back-test of every LA's published caseload checks: ``jsnakit backtest``), no change on top of it,
#: :data:`jsnakit.projection.DAMPING` for a continued trend (FPP3 8.2) and :func:`jsnakit.projection.project`'s ten
#: years to reach a convergence target.
PLAYGROUND_DEFAULTS = {"scenario": projection.PUBLISHED_SCENARIO, "trend": 0.0, "population_change": 0.0,
                       "damping": projection.DAMPING, "converge_years": 10}
#: Scenarios the playground offers (``"converge to benchmark"`` needs rates by age typed in, not a slider).
_PLAYGROUND_SCENARIOS = (projection.PUBLISHED_SCENARIO, "rates held", "recent trend", "converge to England",
                         "converge to neighbours")
#: The playground's scenarios in words for trainees (projection.SCENARIOS' descriptions are written for analysts).
SCENARIO_WORDS = {
    projection.PUBLISHED_SCENARIO: "The factsheet's projection: the number of plans grows as the growth of every "
                                   "local authority's plans over the last five years suggests, each area's own "
                                   "recent growth counting as far as it has lasted in the past.",
    "rates held": "What if new plans per head stopped rising? New plans start, and plans end, at each age at the "
                  "rates of the last few years, applied to the projected population.",
    "recent trend": "What if the joining rates went on changing as they have lately, the change slowing each year "
                    "by the damping? At 0.8 this is the factsheet's projection; 1 keeps the change going undamped, "
                    "a small damping all but stops it.",
    "converge to England": "The area's rates move step by step to England's, reaching them after the years set "
                           "below.",
    "converge to neighbours": "The area's rates move step by step to the middle (median) of its statistical "
                              "neighbours' rates, reaching them after the years set below.",
}


# --- the view ---------------------------------------------------------------------------------------------------

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
        ``scenario`` (a name in :data:`jsnakit.projection.SCENARIOS`; default "recent growth"), ``trend`` and
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
    scenario = settings.get("scenario", projection.PUBLISHED_SCENARIO)
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


def projection_view(caseload, population, area_code, *, scenario=projection.PUBLISHED_SCENARIO, trend=0.0, population_change=0.0,
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
    scenario : str, default "recent growth"
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
    ax = charts.projection_fan(projected, history=history, area_code=code, ax=new_axes(6.6, 4.0))
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


# --- the explorer -----------------------------------------------------------------------------------------------

class ProjectionPlayground(Explorer):
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
        The scenario (:data:`jsnakit.projection.SCENARIOS`): the published projection (recent growth), rates held,
        recent trend, or a convergence target.
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
        self.catalog = open_catalog(catalog_or_data_dir, cache_dir)
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
        self._picker = AreaPicker(codes, value=start)
        self.area = self._picker.combobox
        available = [projection.PUBLISHED_SCENARIO, "rates held", "recent trend"]
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
        self._rendered = Rendered(size=64)
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
            self.message.value = message_html(f"Projecting ({describe_settings(used)})…")

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
        self.message.value = message_html(view.message)
        self.interval.value = f"<p><strong>{html.escape(view.interval)}</strong></p>" if view.interval else ""
        self.table.value = view.table
        if hit is None:
            self.fan_output.outputs = ()
            return view
        if hit[1] is None:
            hit[1] = bundle(view.fan, view.alt.get("fan", ""), None)
        self.fan_output.outputs = hit[1]
        return view
