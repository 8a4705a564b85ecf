"""The EHC needs assessment process of a local authority as a small horizontal funnel (:func:`process_chart`) and its
accessible table (:func:`process_table_html`), from the flow of :func:`jsnakit.needs.ehc_process.process_flow`.

The chart shows the steps counted against the requests received (per 100 requests: agreed, not agreed, plans issued,
mediation, tribunal) as the area's bars with England's value as a black diamond on each; the title states the
finding (:func:`finding`) and the chart stores its own description for :func:`jsnakit.render.descriptions.alt_text`.
The table holds every step, the steps with other denominators too (20-week timeliness, plans ceased, annual
reviews), with each withheld or unpublished cell saying why.

Only a flow made by ``process_flow`` is drawn: its figures passed :func:`jsnakit.disclosure.apply`
(docs/architecture.md, Conventions).
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import disclosure
from ..core.errors import ArgumentError, DisclosureError
from ..needs.ehc_process import FLOW_COLUMNS, PER_REQUESTS
from .descriptions import describe
from .formatting import check_caption, format_count, format_value, html_table, is_missing
from .style import NOTE_COLOUR, OKABE_ITO, TITLE_WIDTH, chart_axes

__all__ = ["process_chart", "process_table_html", "finding", "PROCESS_GID"]

#: ``gid`` of the funnel's axes.
PROCESS_GID = "jsnakit:ehc_process"


def _flow(flow) -> pd.DataFrame:
    """``flow`` when ``process_flow`` made it (its columns and its disclosure rules in ``attrs``)."""
    if not isinstance(flow, pd.DataFrame):
        raise DisclosureError(f"flow must be the frame of jsnakit.needs.ehc_process.process_flow; got "
                              f"{type(flow).__name__}")
    if list(flow.columns) != FLOW_COLUMNS or not isinstance(flow.attrs.get("rules"), disclosure.Rules):
        raise DisclosureError("only a flow made by jsnakit.needs.ehc_process.process_flow (whose figures passed "
                              "disclosure control) can be drawn or written")
    return flow


def _whole(x: float) -> str:
    """A rate per 100 as a whole number, halves rounded up (59.5 -> 60), for titles."""
    return f"{int(np.floor(float(x) + 0.5)):,}"


def finding(flow: pd.DataFrame, area_name: str) -> str:
    """The one sentence the chart's title states: how many of every 100 requests the area agreed to assess, against
    England (else how many it did not agree to assess, else the requests received).

    Parameters
    ----------
    flow : pandas.DataFrame
        From :func:`jsnakit.needs.ehc_process.process_flow`.
    area_name : str
        The area's name.

    Returns
    -------
    str
        E.g. ``"Islington agreed to assess 59 of every 100 requests for an EHC needs assessment in 2024, England 65"``.

    Examples
    --------
    >>> from jsnakit.needs.ehc_process import FLOW_COLUMNS
    >>> flow = pd.DataFrame([{c: np.nan for c in FLOW_COLUMNS} | dict(key="assessed", rate=59.3, england_rate=65.4,
    ...                       symbol="", per=PER_REQUESTS)], columns=FLOW_COLUMNS)
    >>> flow.attrs.update(year=2024, rules=disclosure.Rules())
    >>> finding(flow, "Islington")
    'Islington agreed to assess 59 of every 100 requests for an EHC needs assessment in 2024, England 65'
    """
    flow = _flow(flow).set_index("key")
    year = flow.attrs.get("year", "")
    for key, verb in (("assessed", "agreed to assess"), ("not_agreed", "did not agree to assess")):
        if key in flow.index and not is_missing(flow.loc[key, "rate"]):
            text = f"{area_name} {verb} {_whole(flow.loc[key, 'rate'])} of every 100 requests for an EHC needs " \
                   f"assessment in {year}"
            england = flow.loc[key, "england_rate"]
            return text + ("" if is_missing(england) else f", England {_whole(england)}")
    if "requests" in flow.index and not is_missing(flow.loc["requests", "count"]):
        return f"{area_name} received {format_count(flow.loc['requests', 'count'])} requests for an EHC needs " \
               f"assessment in {year}"
    return f"The EHC needs assessment process in {area_name}, {year}: its figures are withheld or not published"


def process_chart(flow: pd.DataFrame, area_name: str, *, ax=None) -> Axes:
    """The steps of the EHC needs assessment process counted against the requests received, as a horizontal funnel.

    Parameters
    ----------
    flow : pandas.DataFrame
        From :func:`jsnakit.needs.ehc_process.process_flow`.
    area_name : str
        The area's name, for the title and legend.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per step published per 100 requests received (in the order of the process), the area's rate written
        at its end with England's beside it ("59 (England 65)"), England as a black diamond: shape, words and colour
        all tell them apart. A withheld step has no bar but the reason where it would be; steps not published for the
        year are left out (and named in the description). The title states the finding (:func:`finding`);
        :func:`jsnakit.render.descriptions.alt_text` gives the chart's description.

    Raises
    ------
    DisclosureError
        When ``flow`` was not made by ``process_flow``.
    ArgumentError
        When ``area_name`` is not a non-empty string, or ``ax`` is not an Axes.
    """
    flow = _flow(flow)
    if not isinstance(area_name, str) or not area_name.strip():
        raise ArgumentError(f"area_name must be the area's name; got {area_name!r}")
    rules = flow.attrs["rules"]
    rows = flow[(flow["per"] == PER_REQUESTS) & (flow["symbol"] != "x")].reset_index(drop=True)
    left_out = flow.loc[(flow["per"] == PER_REQUESTS) & (flow["symbol"] == "x"), "step"].tolist()
    ax = chart_axes(ax, figsize=(6.4, 0.45 * max(len(rows), 1) + 1.6))
    ax.set_gid(PROCESS_GID)
    y = np.arange(len(rows), dtype=float)
    shown = rows["rate"].notna().to_numpy()
    bars = ax.barh(y[shown], rows.loc[shown, "rate"].to_numpy(float), height=0.6, color=OKABE_ITO["sky blue"],
                   edgecolor="black", linewidth=0.6, zorder=2)
    england = rows["england_rate"].to_numpy(float)
    has_england = np.isfinite(england)
    ax.plot(england[has_england], y[has_england], linestyle="none", marker="D", markersize=7,
            color=OKABE_ITO["black"], markeredgecolor="white", zorder=4)
    drawn, sentences = list(bars), []
    for yi, rec in zip(y, rows.to_dict("records")):
        eng = "" if is_missing(rec["england_rate"]) else f"England {format_value(rec['england_rate'], decimals=0)}"
        if is_missing(rec["rate"]):
            reason = disclosure.describe_note(disclosure.SUPPRESSED, rules) if rec["symbol"] == "c" else "no data"
            text = f"{area_name}: {reason}" + (f"; {eng}" if eng else "")
            drawn.append(ax.annotate(text, xy=(0, yi - 0.22), xytext=(4, 0), textcoords="offset points", ha="left",
                                     va="center", fontsize=7.5, style="italic", color=NOTE_COLOUR))  # above the diamond
            sentences.append(f"{rec['step']}: {area_name} {reason}" + (f", {eng}" if eng else ""))
            continue
        if rec["key"] == "requests":  # the base: its number, not "100"
            england_count = "" if is_missing(rec["england_count"]) else f"England {format_count(rec['england_count'])}"
            label = f"{format_count(rec['count'])} requests" + (f" ({england_count})" if england_count else "")
        else:
            label = format_value(rec["rate"], decimals=0) + (f" ({eng})" if eng else "")
        end = 0 if rec["key"] == "requests" else max(rec["rate"], 0 if is_missing(rec["england_rate"])
                                                     else rec["england_rate"])  # the base's label inside its bar
        drawn.append(ax.annotate(label, xy=(end, yi), xytext=(6, 0), textcoords="offset points", ha="left",
                                 va="center", fontsize=8))
        sentences.append(f"{rec['step']}: {area_name} {format_value(rec['rate'])}"
                         + (f", England {format_value(rec['england_rate'])}" if eng else ""))
    labels = [textwrap.fill(str(s), 30) for s in rows["step"]]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, max(130, np.nanmax(np.r_[rows["rate"].to_numpy(float), england, 0]) + 30))
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("Per 100 requests received")
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    title = finding(flow, area_name)
    ax.set_title(textwrap.fill(title, TITLE_WIDTH), fontsize=10)
    handles = [Patch(facecolor=OKABE_ITO["sky blue"], edgecolor="black", label=f"{area_name} (bars)"),
               Line2D([], [], linestyle="none", marker="D", color=OKABE_ITO["black"], markeredgecolor="white",
                      label="England (diamonds)")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16 - 0.2 / max(len(rows), 1)), ncol=2,
              fontsize=7, frameon=False)
    year = flow.attrs.get("year", "")
    text = [f"Horizontal bar chart: {title}.",
            f"Each step of the EHC needs assessment process per 100 requests received in {year}, "
            f"{area_name} as bars and England as diamonds. " + "; ".join(sentences) + "."]
    if left_out:
        text.append(f"Not published for {year}: {'; '.join(left_out)}.")
    if not drawn:  # nothing drawn at all: describe the empty axes afresh
        return ax
    describe(ax, " ".join(text), anchor=drawn[0])
    return ax


def process_table_html(flow: pd.DataFrame, *, caption: str, short: bool = False) -> str:
    """Every step of the flow as an accessible HTML table: the area's number and rate (95% confidence interval),
    what the rate is per, the region's and England's rates, England's number, the source and notes.

    Parameters
    ----------
    flow : pandas.DataFrame
        From :func:`jsnakit.needs.ehc_process.process_flow`.
    caption : str
        What the table shows (its ``<caption>``).
    short : bool, default False
        Leave out the period, the source and the notes (the factsheet's body; the full table goes to its appendix).

    Returns
    -------
    str
        ``<table class="jsnakit-table">`` (:func:`jsnakit.render.formatting.html_table`: ``<caption>``,
        ``<th scope="col">`` headers, each step a ``<th scope="row">``); a withheld cell reads ``"c: suppressed to
        protect small counts"`` (the reason), one not published ``"x: not published"``, never 0 or blank.

    Raises
    ------
    DisclosureError
        When ``flow`` was not made by ``process_flow``.
    ArgumentError
        When ``caption`` is empty.
    """
    flow = _flow(flow)
    check_caption(caption)
    rules = flow.attrs["rules"]
    area = flow.attrs.get("area_name") or "Area"
    region = flow.attrs.get("region_name") or "Region"
    withheld = f"c: {disclosure.describe_note(disclosure.SUPPRESSED, rules)}"
    rows = []
    for rec in flow.to_dict("records"):
        def missing(value_text: str) -> str:
            return withheld if rec["symbol"] == "c" else ("x: not published" if rec["symbol"] == "x" else value_text)

        uncounted = str(rec["note"]).startswith("suppressed: published without its count")
        if is_missing(rec["count"]) and (not is_missing(rec["rate"]) or uncounted):  # a percentage without its count
            number = "not published (percentage only)"
            if not is_missing(rec["denominator"]):
                number += f"; of {format_count(rec['denominator'])}"
        else:
            number = missing(format_count(rec["count"]))
        rate = f"c: {rec['note']}" if uncounted else missing(format_value(rec["rate"]))
        if rec["symbol"] == "" and not is_missing(rec["lower_ci"]):
            rate += f" ({format_value(rec['lower_ci'])} to {format_value(rec['upper_ci'])})"
        notes = "; ".join(t for t in (rec["note"], rec["definition"]) if isinstance(t, str) and t)
        rows.append([rec["step"], rec["period"], number, rate, rec["per"], _or(format_value(rec["region_rate"])),
                     _or(format_count(rec["england_count"])), _or(format_value(rec["england_rate"])), rec["source"],
                     notes])
    headers = ["Step", "Period", f"{area}: number", f"{area}: rate (95% confidence interval)", "Rate is",
               f"{region}: rate", "England: number", "England: rate", "Source", "Notes"]
    table = pd.DataFrame(rows, columns=headers, dtype=object)
    styles = ["", "", "count", "value", "", "value", "count", "value", "", ""]
    if short:
        keep = [i for i, h in enumerate(headers) if h not in ("Period", "Source", "Notes")]
        table, styles = table.iloc[:, keep], [styles[i] for i in keep]
    return html_table(table, styles, caption)


def _or(text: str) -> str:
    """A region or England cell: its text, or that it is not shown (withheld or not published)."""
    return text or "not shown"
