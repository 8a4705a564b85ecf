"""The gap explorer: an area's need set against its provision, for a primary need, an age band and a commissioning
partner.

Two layers (:mod:`.explorers`): :func:`gap_view`, a pure function cutting an area's :class:`jsnakit.gaps.GapAnalysis`
into a :class:`GapView` (findings, coverage, capacity and shortfall, who commissions what, the map of provision), and
:class:`GapExplorer`, the ipywidgets explorer that makes each area's analysis once and shows the view of the choice.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets
import pandas as pd
from matplotlib.axes import Axes

from ..render import charts, maps, narrative, tables
from .. import disclosure
from ..gaps import analysis as gaps
from ..core import geography
from ..needs import profile
from ..projection import model as projection
from ..core.errors import ArgumentError, JsnakitError
from ..core.schema import PRIMARY_NEEDS
from ..core.vocabulary import PARTNERS
from ..core.vocabulary import SERVICE_AGE_BANDS as AGE_BANDS
from .base import (SIMULATIONS, AreaPicker, Explorer, Rendered, bundle, heading, message_html, new_axes, open_catalog,
                   sentence)

__all__ = [
    "GapView",
    "gap_view",
    "GapExplorer",
]

_NO_PROVISION = ("No commissioning register or Local Offer for {name} was found in the data folder, so its need "
                 "cannot be set against provision. Add the area's Local Offer (Open Referral UK) and its "
                 "commissioning register to see its gaps.")


def _list_html(items, *, heading: str) -> str:
    if not items:
        return ""
    return (f"<p><strong>{html.escape(heading)}</strong></p><ul>"
            + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>")


# --- the view ---------------------------------------------------------------------------------------------------

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
        :func:`jsnakit.render.charts.shortfall_chart` now and at the last year), who commissions the services chosen,
        and the provision map of those services over the estimated need by locality; ``message`` says what could not be
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
            shortfall_ax = charts.shortfall_chart(part, need=key, ax=new_axes(
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
            map_ax = maps.provision_map(part, boundary=boundary, need=label, ax=new_axes(6.0, 6.0))
            alt["map"] = charts.alt_text(map_ax)
        except JsnakitError as error:
            notes.append(f"The map of provision cannot be drawn: {error}")
    return GapView(area_code=analysis.area_code, area_name=name, need=label, age_band=band, partner=partner,
                   findings=findings, coverage=coverage, shortfall=shortfall_ax, capacity=capacity_html,
                   commissioners=commissioners, map=map_ax, message=sentence(notes), alt=alt)


# --- the explorer -----------------------------------------------------------------------------------------------

class GapExplorer(Explorer):
    """Explore an area's gaps: pick the area, a primary need, an age band and a commissioning partner; see the
    coverage, capacity against need and the shortfall now and projected, who commissions what, and the map of
    provision.

    Each area's gap analysis is :func:`jsnakit.gaps.from_catalog` with the area's projection (the published
    one, :func:`jsnakit.projection.project`'s default, :data:`SIMULATIONS` simulations, after
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
        self.catalog = open_catalog(catalog_or_data_dir, cache_dir)
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
        self._picker = AreaPicker(las, value=start)
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
            ipywidgets.GridBox([ipywidgets.VBox([heading("Coverage"), self.coverage]),
                                ipywidgets.VBox([heading("Map of provision"), self.map_output])],
                               layout=ipywidgets.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))",
                                                        grid_gap="0.5em 1em")),
            heading("Capacity against need, now and projected"), self.shortfall_output, capacity,
            heading("Who commissions what"), self.commissioners, self.problems])
        self._analyses: dict[str, tuple] = {}
        self._rendered = Rendered()
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
                self.message.value = message_html(
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
        self.message.value = message_html(view.message)
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
                hit[index] = bundle(getattr(view, part), view.alt.get(part, ""), None)
            output.outputs = hit[index]
        return view
