"""The whole SEND picture of one area in an explorer: outcomes by SEN status, the EHC needs assessment process,
placement, plans by sex and deprivation, each as the factsheet shows it.

Two layers, as every explorer (:mod:`.explorers`): :func:`picture_view`, a pure function giving a
:class:`PictureView` (a chart, a table and a plain message) for one area and one topic, and
:class:`PictureExplorer`, the ipywidgets explorer with an area picker and a topic picker. Every figure comes from the
published national frame (:func:`jsnakit.needs.profile.published`) through the same library calls as the factsheet's
sections (:mod:`jsnakit.needs.outcomes`, :mod:`jsnakit.needs.ehc_process`, :mod:`jsnakit.needs.placement`,
:mod:`jsnakit.needs.deprivation`), so nothing here has escaped disclosure control.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets
from matplotlib.axes import Axes

from ..catalog import Catalog
from ..core import geography
from ..core.errors import ArgumentError
from ..needs import deprivation, ehc_process, outcomes, placement, profile
from ..render import charts, context_charts, outcome_charts, process_charts
from .base import AreaPicker, Explorer, bundle, message_html, new_axes, open_catalog

__all__ = ["PICTURE_TOPICS", "PictureView", "picture_view", "PictureExplorer"]

#: The topics of the explorer, by key: their titles as the factsheet's sections name them.
PICTURE_TOPICS = {
    "outcomes": "Outcomes by SEN status",
    "process": "The EHC needs assessment process",
    "placement": "Where children and young people with an EHC plan are educated",
    "sex": "EHC plans of boys and girls",
    "deprivation": "Deprivation",
}


@dataclass(frozen=True)
class PictureView:
    """What the explorer shows for one area and topic (:func:`picture_view`).

    Attributes
    ----------
    area_code, area_name, topic : str
        The area and the topic (a key of :data:`PICTURE_TOPICS`).
    chart : matplotlib.axes.Axes or None
        The topic's chart, on a figure pyplot does not track (None: the topic has no chart, or it cannot be drawn).
    alt : str
        The chart's alt text.
    table : str
        The topic's table (accessible HTML; '' when there is none).
    message : str
        What could not be shown and why, or the topic's sentence ('' when there is nothing to say).
    """

    area_code: str = ""
    area_name: str = ""
    topic: str = "outcomes"
    chart: Axes | None = None
    alt: str = ""
    table: str = ""
    message: str = ""


def picture_view(published, catalog: Catalog, area_code: str, *, topic: str,
                 neighbours=None) -> PictureView:
    """One topic of the whole SEND picture for one area: its chart, its table and a plain message.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The published national frame (:func:`jsnakit.needs.profile.published` of ``catalog``).
    catalog : Catalog
        The data folder (the process steps and deprivation read its files' readiness and the IMD file).
    area_code : str
        GSS code or DfE number of an upper-tier local authority.
    topic : str
        A key of :data:`PICTURE_TOPICS`.
    neighbours : pandas.DataFrame, optional
        DfE statistical neighbours, for the neighbours' medians of the outcomes and placement tables.

    Returns
    -------
    PictureView
        A view whose ``message`` says, in plain words, what is missing when the folder cannot support the topic or
        the code names no local authority; a topic that can be shown has its chart and table.

    Raises
    ------
    ArgumentError
        When ``topic`` is not a key of :data:`PICTURE_TOPICS`.
    """
    if topic not in PICTURE_TOPICS:
        raise ArgumentError(f"topic must be one of {list(PICTURE_TOPICS)}; got {topic!r}")
    try:
        area = geography.area(area_code)
    except ArgumentError:
        return PictureView(topic=topic, message=f"No area has the code {str(area_code)!r}: pick a local authority "
                                                "from the list, by name or code.")
    code, name = str(area["area_code"]), str(area["area_name"])
    base = {"area_code": code, "area_name": name, "topic": topic}
    if area["area_type"] not in geography.LA_TYPES:
        return PictureView(**base, message=f"{name} is not a local authority: pick one from the list.")
    try:
        made = _MAKERS[topic](published, catalog, code, name, neighbours)
    except ArgumentError as error:  # the folder holds nothing for this topic and area: say so plainly
        return PictureView(**base, message=f"{PICTURE_TOPICS[topic]}: {error}")
    return PictureView(**base, **made)


def _outcomes(published, catalog, code, name, neighbours) -> dict:
    table = outcomes.outcome_table(published, code, neighbours=neighbours)
    if table.empty:
        raise ArgumentError(f"the data folder holds no outcomes by SEN status for {name} (DfE LAIT)")
    ax = outcome_charts.outcome_chart(table, name, ax=new_axes(8.5, 5.5))
    return {"chart": ax, "alt": charts.alt_text(ax), "message": outcome_charts.headline_gap(table, name) or "",
            "table": outcome_charts.outcome_html(table, caption=f"Outcomes by SEN status, {name}: latest year of "
                                                                "each")}


def _process(published, catalog, code, name, neighbours) -> dict:
    flow = ehc_process.process_flow(catalog, code, published=published)
    ax = process_charts.process_chart(flow, name, ax=new_axes(8.0, 5.0))
    return {"chart": ax, "alt": charts.alt_text(ax), "message": process_charts.finding(flow, name),
            "table": process_charts.process_table_html(flow, caption=f"The EHC needs assessment process, {name}, "
                                                                     f"{flow.attrs['year']}")}


def _placement(published, catalog, code, name, neighbours) -> dict:
    table = placement.placement_table(published, code, neighbours=neighbours)
    ax = context_charts.placement_bars(table, ax=new_axes(8.0, 4.5))
    return {"chart": ax, "alt": charts.alt_text(ax),
            "table": context_charts.placement_html(table, caption=f"Placement of EHC plans, {name}")}


def _sex(published, catalog, code, name, neighbours) -> dict:
    table = placement.sex_table(published, code)
    return {"table": context_charts.sex_html(table, caption=f"EHC plans by sex, {name}")}


def _deprivation(published, catalog, code, name, neighbours) -> dict:
    context = deprivation.deprivation_context(catalog, published, code)
    ax = context_charts.deprivation_scatter(context, ax=new_axes(7.5, 5.0))
    return {"chart": ax, "alt": charts.alt_text(ax), "message": context.describe()}


_MAKERS = {"outcomes": _outcomes, "process": _process, "placement": _placement, "sex": _sex,
           "deprivation": _deprivation}


class PictureExplorer(Explorer):
    """Explore the whole SEND picture of a local authority: pick an area and a topic (outcomes, the EHC needs
    assessment process, placement, plans by sex, deprivation) and see its chart, table and finding.

    Parameters
    ----------
    catalog_or_data_dir : Catalog or str or pathlib.Path
        The data folder.
    area_code : str, optional
        The area shown first (GSS code or DfE number); default the first local authority listed.
    topic : str, default "outcomes"
        The topic shown first (a key of :data:`PICTURE_TOPICS`).
    cache_dir : str or pathlib.Path, optional
        The catalog's cache folder when a path is given.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The explorer (displayed when the explorer is the last expression of a cell).
    area : ipywidgets.Combobox
        The area picker.
    topic : ipywidgets.Dropdown
        The topic picker.
    view : PictureView
        The view shown.
    """

    def __init__(self, catalog_or_data_dir, *, area_code=None, topic="outcomes", cache_dir=None):
        if topic not in PICTURE_TOPICS:
            raise ArgumentError(f"topic must be one of {list(PICTURE_TOPICS)}; got {topic!r}")
        self.catalog = open_catalog(catalog_or_data_dir, cache_dir)
        self.published = profile.published(self.catalog)
        self.neighbours = self.catalog.load("neighbours") if profile.usable(self.catalog, "neighbours") else None
        codes = geography.local_authorities().index
        first = None if area_code is None else str(geography.area(area_code)["area_code"])
        self._picker = AreaPicker(codes, value=first, description="Area")
        self.area = self._picker.combobox
        self.topic = ipywidgets.Dropdown(options=[(title, key) for key, title in PICTURE_TOPICS.items()],
                                         value=topic, description="Topic", layout=ipywidgets.Layout(width="32em"))
        self.message = ipywidgets.HTML()
        self.chart_output = ipywidgets.Output()
        self.table = ipywidgets.HTML()
        self.widget = ipywidgets.VBox([ipywidgets.HBox([self.area, self.topic],
                                                       layout=ipywidgets.Layout(flex_flow="row wrap")),
                                       self.message, self.chart_output, self.table])
        self._holding = False
        self.view = PictureView()
        self.area.observe(self._changed, names="value")
        self.topic.observe(self._changed, names="value")
        self.update()

    def update(self) -> PictureView:
        """Show the view of the current area and topic (called by every change); returns it."""
        code, unknown = self._current_area()
        topic = self.topic.value
        if code is None:
            view = PictureView(topic=topic, message=unknown)
        else:
            view, _ = self._safely(
                lambda: picture_view(self.published, self.catalog, code, topic=topic, neighbours=self.neighbours),
                lambda message: PictureView(area_code=code, topic=topic, message=message))
        self.view = view
        self.message.value = message_html(view.message)
        self.chart_output.outputs = bundle(view.chart, view.alt, None)
        self.table.value = view.table
        return view
