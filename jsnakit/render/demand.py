"""Charts of the demand to come: projected EHC plans with their uncertainty (:func:`projection_fan`, a fan chart of
a disclosed projection), and the shortfall in places of each service now and at the last projection year
(:func:`shortfall_chart`, from a gap analysis).

They follow the habits of :mod:`jsnakit.render.charts` (the Okabe-Ito palette, a marker and line style besides colour,
the Axes returned, nothing shown or read) and are reachable from there too.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba

from .. import disclosure
from ..core.errors import ArgumentError
from .descriptions import describe
from .style import AREA_STYLE, CHART_GIDS, OKABE_ITO, OKABE_ITO_DARK, TITLE_WIDTH, chart_axes

__all__ = ["projection_fan", "shortfall_chart"]


def projection_fan(projected, *, history=None, area_code=None, age_band="All", need="All", scenario=None,
                   ax=None) -> Axes:
    """Projected EHC plans with their 50% and 95% intervals (a fan chart), after the published series.

    Parameters
    ----------
    projected : jsnakit.disclosure.Projected
        A disclosed projection (:func:`jsnakit.disclosure.apply_projection` of
        :func:`jsnakit.projection.project`).
    history : jsnakit.disclosure.Disclosed, optional
        A disclosed indicator frame; its ``ehc_plans`` (All/All) values for the area are drawn first, as published.
    area_code : str, optional
        The area (default: the projection's only area).
    age_band, need : str, default "All"
        The slice of the projection to draw.
    scenario : str, optional
        Which scenario (default: the projection's only one).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Periods on the x axis; plans on the y axis; the published series as a solid line with circles, the projected
        median as a dashed line, the 50% and 95% intervals as two shades of the same colour. The intervals widen with
        the horizon: the chart shows how uncertain the later years are. Withheld projected groups are not drawn.

    Raises
    ------
    DisclosureError
        When ``projected`` (or ``history``) has not passed disclosure control.
    ArgumentError
        When the slice has no rows, or the projection holds several areas or scenarios and none is chosen.
    """
    frame = disclosure.require_projection(projected).frame
    for column, wanted in (("area_code", area_code), ("scenario", scenario)):
        values = list(dict.fromkeys(frame[column]))
        if wanted is None:
            if len(values) != 1:
                raise ArgumentError(f"{column} must be one of {values} when the projection holds several; got None")
            wanted = values[0]
        frame = frame[frame[column] == wanted]
        if column == "area_code":
            area_code = wanted
        else:
            scenario = wanted
    rows = frame[(frame["age_band"] == age_band) & (frame["need"] == need)]
    if rows.empty:
        raise ArgumentError(f"age_band and need must name a slice of the projection; got {age_band!r}, {need!r}")
    past = pd.DataFrame(columns=["period", "value"])
    name = area_code
    if history is not None:
        published = disclosure.require(history).frame
        past = published[(published["indicator"] == "ehc_plans") & (published["area_code"] == area_code)
                         & (published["breakdown"] == "All") & (published["category"] == "All")]
        if len(past):
            name = past["area_name"].iloc[0]
        past = past[["period", "value"]]
    periods = sorted(set(past["period"].astype(str)) | set(rows["period"].astype(str)))
    x = {p: i for i, p in enumerate(periods)}
    ax = chart_axes(ax, figsize=(7.5, 4.5))
    ax.set_gid(CHART_GIDS["projection"])
    handles = []
    if len(past):
        past = past.sort_values("period")
        handles += ax.plot([x[p] for p in past["period"]], past["value"].to_numpy(float),
                           label=f"{name}: EHC plans, published", zorder=3, **AREA_STYLE)
    rows = rows.sort_values("period")
    xs = np.array([x[p] for p in rows["period"].astype(str)], dtype=float)
    colour, line = OKABE_ITO["orange"], OKABE_ITO_DARK["orange"]  # light bands outlined, a dark line: 3:1 on white
    handles.append(ax.fill_between(xs, rows["lower_95"].to_numpy(float), rows["upper_95"].to_numpy(float),
                                   facecolor=to_rgba(colour, 0.18), edgecolor=line, linewidth=0.6, linestyle=":",
                                   label="95% interval"))
    handles.append(ax.fill_between(xs, rows["lower_50"].to_numpy(float), rows["upper_50"].to_numpy(float),
                                   facecolor=to_rgba(colour, 0.38), edgecolor=line, linewidth=0.6,
                                   label="50% interval"))
    handles += ax.plot(xs, rows["median"].to_numpy(float), color=line, linestyle="--", linewidth=2, marker="s",
                       markersize=4, label=f"Projected median ({scenario})", zorder=3)
    step = max(1, len(periods) // 10)
    ticks = list(range(0, len(periods), step))
    ax.set_xticks(ticks, [periods[i] for i in ticks], rotation=45, ha="right")
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_xlabel("January of academic year")
    ax.set_ylabel("EHC plans (rounded to the nearest {})".format(projected.round_to))
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    slice_text = "" if age_band == "All" else f", aged {age_band}"
    ax.set_title(textwrap.fill(f"EHC plans{slice_text}: {name}, published and projected to {periods[-1]}",
                               TITLE_WIDTH))
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    return ax


def shortfall_chart(analysis, *, need="All", ax=None) -> Axes:
    """The shortfall (or spare) in places of each service, now and at the last projection year, for one need.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse` (with a projection, for the projected year).
    need : str, default "All"
        The ``need`` of the capacity rows: ``"All"`` (every need) or a primary need's label.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        One row per service type with a shortfall to show, in the unit of its capacity (places or caseload): the
        shortfall now against an external benchmark (a square; services without one have none now) and at the last
        projection year (a circle, with its 95% interval as a horizontal line), sorted by the projected shortfall,
        largest first. Right of the zero line is short of the benchmark (or of today's places per 100 children as
        need grows), left is spare. :func:`jsnakit.render.charts.alt_text` describes it.

    Raises
    ------
    DisclosureError
        When ``analysis`` is not a :class:`jsnakit.gaps.GapAnalysis`.
    ArgumentError
        When no capacity row of the need has a shortfall (no benchmark and no projection).

    Examples
    --------
    See ``tests/test_widgets.py`` (a constructed gap analysis).
    """
    from ..gaps import analysis as gaps
    from . import narrative  # gaps reads the sources, narrative the methods: kept out of this module's import

    analysis = gaps.require(analysis)
    capacity = analysis.capacity
    if capacity is None or capacity.empty or "need" not in capacity.columns:
        raise ArgumentError(f"need must have capacity rows with a shortfall in the analysis; got {need!r}, which has "
                            "none")
    rows = capacity[(capacity["need"] == need) & capacity["shortfall"].notna()]
    if rows.empty:
        raise ArgumentError(f"need must have capacity rows with a shortfall in the analysis; got {need!r}, which has "
                            "none")
    now_rows = rows[rows["kind"] == "published"]
    later_rows = rows[rows["kind"] == "projected"]
    last = max(later_rows["period"], key=lambda p: str(p)[:4]) if len(later_rows) else None
    now_period = str(capacity.loc[capacity["kind"] == "published", "period"].iloc[0]) \
        if (capacity["kind"] == "published").any() else None
    later_rows = later_rows[later_rows["period"] == last] if last is not None else later_rows
    # one row per service type and unit of capacity (a type may count places for some services, caseload for others)
    keys = ["service_type", "capacity_unit"]
    types = sorted(set(map(tuple, now_rows[keys].to_numpy())) | set(map(tuple, later_rows[keys].to_numpy())))
    index = pd.MultiIndex.from_tuples(types, names=keys)
    now = now_rows.set_index(keys).reindex(index)
    later = later_rows.set_index(keys).reindex(index)
    order = pd.DataFrame({"later": later["shortfall"].to_numpy(float), "now": now["shortfall"].to_numpy(float)},
                         index=index)
    order["key"] = order["later"].fillna(order["now"])
    order = order.sort_values(["key"], ascending=False, kind="stable")
    types = list(order.index)
    now, later = now.reindex(order.index), later.reindex(order.index)
    y = np.arange(len(types), dtype=float)
    ax = chart_axes(ax, figsize=(6.6, 0.34 * len(types) + 2.0))
    ax.set_gid(CHART_GIDS["shortfall"])
    zero = ax.axvline(0, color="black", linewidth=1.2, zorder=1, label="No shortfall: capacity meets the benchmark")
    handles = [zero]
    later_values = later["shortfall"].to_numpy(float)
    if np.isfinite(later_values).any():
        lo, hi = later["shortfall_lower"].to_numpy(float), later["shortfall_upper"].to_numpy(float)
        ok = np.isfinite(later_values)
        with_ci = ok & np.isfinite(lo) & np.isfinite(hi)
        if with_ci.any():
            handles += ax.plot(np.vstack([lo[with_ci], hi[with_ci]]), np.vstack([y[with_ci], y[with_ci]]),
                               color=OKABE_ITO_DARK["orange"], linewidth=2.2, solid_capstyle="butt", zorder=2)[:1]
            handles[-1].set_label("95% interval of the projection")
        handles += ax.plot(later_values[ok], y[ok], linestyle="none", marker="o", markersize=7,
                           color=OKABE_ITO["vermillion"], markeredgecolor="black", zorder=4,
                           label=f"Projected, January {narrative.january(last)} (if no places are added)")
    now_values = now["shortfall"].to_numpy(float)
    if np.isfinite(now_values).any():
        ok = np.isfinite(now_values)
        handles += ax.plot(now_values[ok], y[ok], linestyle="none", marker="s", markersize=7,
                           color=OKABE_ITO["blue"], markeredgecolor="white", zorder=5,
                           label=f"Now, January {narrative.january(now_period)} (against an external benchmark)")
    labels = [f"{gaps.describe_service_type(t)} ({u})" for t, u in types]
    ax.set_yticks(y, [textwrap.fill(label, 36) for label in labels], fontsize=8)
    ax.set_ylim(len(types) - 0.5, -0.5)
    ax.set_xlabel("Shortfall (+) or spare (−), in places or caseload")
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    need_text = "all needs" if need == "All" else need.lower()
    span = " and ".join(f"January {narrative.january(p)}" for p in (now_period, last) if p)
    ax.set_title(textwrap.fill(f"Capacity against need ({need_text}): {analysis.area_name}, {span}", TITLE_WIDTH))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=True)

    def phrase(value, unit):
        return (f"{value:,.0f} {unit} short" if value >= 0.5 else f"{-value:,.0f} {unit} spare" if value <= -0.5
                else "level")

    items = []
    for (t, unit), label, rec_now, rec_later in zip(types, labels, now.to_dict("records"),
                                                    later.to_dict("records")):
        bits = []
        if np.isfinite(rec_now["shortfall"]):
            bits.append(f"now {phrase(rec_now['shortfall'], unit)}")
        if np.isfinite(rec_later["shortfall"]):
            bits.append(f"in January {narrative.january(last)} {phrase(rec_later['shortfall'], unit)} "
                        f"(95% interval {rec_later['shortfall_lower']:+,.0f} to "
                        f"{rec_later['shortfall_upper']:+,.0f})")
        items.append(f"{label}: {', '.join(bits)}")
    describe(ax, f"Dot chart: {ax.get_title().replace(chr(10), ' ')}. Services, largest projected shortfall first: "
                 f"{'; '.join(items)}.", anchor=zero)
    return ax

