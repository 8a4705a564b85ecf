"""Charts of a disclosed indicator frame, with their alt text and a way to embed them in a factsheet.

Every plot function takes a :class:`jsnakit.disclosure.Disclosed` frame first (:func:`shortfall_chart` a
:class:`jsnakit.gaps.GapAnalysis`; anything else raises :class:`~jsnakit.core.errors.DisclosureError`), then keyword-only
options and ``ax=None``; it draws on ``ax`` (a new figure when None) and returns the Axes (geopandas' habit,
CONVENTIONS.md habit 8). Nothing here calls ``plt.show()`` or reads a file.

Accessibility: colours are the Okabe-Ito palette (Okabe M, Ito K (2008) "Color Universal Design", safe for the common
colour-vision deficiencies), and colour is never the only signal: every series also has its own marker and line
style and a legend entry naming it. Suppressed or missing values are never drawn as 0: a trend line has a gap there,
marked on the axis and annotated with the reason ("suppressed to protect small counts"); a need-mix chart writes the reason in
place of the bar. :func:`alt_text` describes what a chart shows in words; :func:`figure_html` embeds it with that
description as the image's ``alt``.
"""
from __future__ import annotations

import base64
import html
import io
import re
import textwrap

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, FigureBase
from matplotlib.patches import Patch
from matplotlib.text import Annotation

from .. import disclosure
from ..core import geography, indicators
from ..core.errors import ArgumentError
from ..core.schema import NEIGHBOUR_COLUMNS
from .tables import _ordinal, format_value

__all__ = ["OKABE_ITO", "trend", "need_mix", "funnel", "projection_fan", "ranked_bars", "shortfall_chart", "alt_text",
           "figure_html", "unit_label", "indicator_title"]

#: The Okabe-Ito colour-blind-safe palette, by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: The focus area's style.
AREA_STYLE = {"color": OKABE_ITO["blue"], "marker": "o", "linestyle": "-", "linewidth": 2.2, "markersize": 6}
#: Comparators' styles, in order: each differs from the others in colour, marker and line style.
COMPARATOR_STYLES = (
    {"color": OKABE_ITO["black"], "marker": "s", "linestyle": "--"},
    {"color": OKABE_ITO["vermillion"], "marker": "^", "linestyle": ":"},
    {"color": OKABE_ITO["bluish green"], "marker": "D", "linestyle": "-."},
    {"color": OKABE_ITO["reddish purple"], "marker": "v", "linestyle": (0, (5, 1, 1, 1))},
    {"color": OKABE_ITO["orange"], "marker": "P", "linestyle": (0, (3, 1, 1, 1, 1, 1))},
    {"color": OKABE_ITO["sky blue"], "marker": "X", "linestyle": (0, (1, 1))},
)
#: Default titles wrap at this many characters.
TITLE_WIDTH = 60
#: Colour of notes about withheld values.
NOTE_COLOUR = "#4D4D4D"

#: Axis labels of the units jsnakit's indicators use; any other unit is shown as it is.
UNIT_LABELS = {
    "%": "Per cent (%)",
    "per 10,000": "Rate per 10,000",
    "per 1,000": "Rate per 1,000",
    "per 100,000": "Rate per 100,000",
    "persons": "Number of people",
    "plans": "Number of EHC plans",
}

# gid of the axes, naming the chart for alt_text
_GID = {"trend": "jsnakit:trend", "need_mix": "jsnakit:need_mix", "choropleth": "jsnakit:choropleth",
        "projection": "jsnakit:projection", "funnel": "jsnakit:funnel", "ranked_bars": "jsnakit:ranked_bars",
        "shortfall": "jsnakit:shortfall"}
# a map legend's class entry, e.g. "4.1 to 5.3"
_CLASS_LABEL = re.compile(r"-?[\d,]+(\.\d+)? to -?[\d,]+(\.\d+)?")
# gid of the helper line marking gaps on the x axis of a trend chart
_GAP_GID = "jsnakit:gap"


def indicator_title(indicator) -> str:
    """The plain-English title of an indicator from :mod:`jsnakit.core.indicators`, or its id when it is not catalogued.

    Examples
    --------
    >>> indicator_title("ehc_pupils_pct"), indicator_title("my_local_measure")
    ('Pupils with an EHC plan', 'my_local_measure')
    """
    try:
        return indicators.get(indicator).title
    except ArgumentError:
        return str(indicator)


def unit_label(unit) -> str:
    """Axis or legend label of a unit: ``"%"`` -> ``"Per cent (%)"``; '' for none.

    Examples
    --------
    >>> unit_label("per 10,000")
    'Rate per 10,000'
    """
    if unit is None or (isinstance(unit, float) and np.isnan(unit)) or unit is pd.NA:
        return ""
    return UNIT_LABELS.get(str(unit), str(unit))


def trend(disclosed, *, indicator, area_code, comparators=("E92000001",), breakdown="All", category="All",
          ax=None) -> Axes:
    """An area's value over time, with its confidence interval, against comparators.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        A disclosed indicator frame holding the indicator for the area and every comparator.
    indicator : str
        The indicator id, e.g. ``"ehc_pupils_pct"``.
    area_code : str
        GSS code of the focus area, drawn as a solid line with circles and a shaded confidence band.
    comparators : sequence of str, default ("E92000001",)
        GSS codes of the comparators (England by default; add the region or neighbours), each drawn as a line with
        its own colour, marker and line style. A single code may be given as a string; ``()`` draws none.
    breakdown, category : str, default "All"
        The slice, e.g. ``breakdown="primary_need", category="Autistic spectrum disorder"``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Periods (sorted as strings, one tick each) on the x axis, the value on the y axis labelled by its unit.
        Lines are labelled with the area names; the focus area's confidence interval is a shaded band (none for
        counts, ``method`` "none"). Where the focus area's value is withheld or missing the line has a gap (NaN,
        never 0), the gap is marked with an ``x`` on the x axis (legend: "<area>: value suppressed or missing (gap
        in line)") and annotated with the reason from :func:`jsnakit.disclosure.describe_note`. The default title
        names the
        indicator (its title from :mod:`jsnakit.core.indicators`), area and periods; a title stating the finding is the
        caller's (``ax.set_title``).

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When the indicator, slice, area or a comparator has no rows, or an area has more than one row in a period.

    Examples
    --------
    >>> from jsnakit import disclosure
    >>> from jsnakit.core import schema
    >>> f = schema.empty().reindex(range(3)).assign(
    ...     indicator="ehc_pupils_pct", area_code="E09000019", area_name="Islington",
    ...     period=["2023/24", "2024/25", "2025/26"], breakdown="All", category="All", count=[300.0, 3.0, 330.0],
    ...     denominator=6000.0, value=[5.0, 0.05, 5.5], lower_ci=[4.5, 0.01, 5.0], upper_ci=[5.5, 0.1, 6.0],
    ...     unit="%", comparison="not compared")
    >>> ax = trend(disclosure.apply(f), indicator="ehc_pupils_pct", area_code="E09000019", comparators=())
    >>> ax.lines[0].get_ydata().tolist()
    [5.0, nan, 5.5]
    >>> " ".join(ax.texts[0].get_text().split())
    'suppressed to protect small counts'
    """
    disclosed = disclosure.require(disclosed)
    rules = disclosed.rules
    if isinstance(comparators, str):
        comparators = (comparators,)
    comparators = [c for c in dict.fromkeys(comparators or ()) if c != area_code]
    rows = _slice(disclosed.frame, indicator=indicator, breakdown=breakdown, category=category)
    codes = [area_code] + comparators
    for name, code in [("area_code", area_code)] + [("comparators", c) for c in comparators]:
        if not (rows["area_code"] == code).any():
            raise ArgumentError(
                f"{name} must name an area with rows for indicator {indicator!r} ({breakdown}/{category}); "
                f"got {code!r}, not among {sorted(rows['area_code'].unique())}"
            )
    rows = rows[rows["area_code"].isin(codes)]
    _check_unique(rows, ["area_code", "period"], f"indicator {indicator!r} ({breakdown}/{category})")
    periods = sorted(rows["period"].astype(str).unique())
    x = np.arange(len(periods), dtype=float)
    ax = _axes(ax, figsize=(7.5, 4.5))
    ax.set_gid(_GID["trend"])

    def series(code):
        part = rows[rows["area_code"] == code].assign(period=lambda f: f["period"].astype(str)).set_index("period")
        return part.reindex(periods)

    area = series(area_code)
    name = _area_name(rows, area_code)
    confidence = _confidence(area)
    (line,) = ax.plot(x, area["value"].to_numpy(float), label=name, zorder=3, **AREA_STYLE)
    handles = [line]
    lower, upper = _interval(area)
    if np.isfinite(lower).any():
        handles.append(ax.fill_between(x, lower, upper, color=AREA_STYLE["color"], alpha=0.2, linewidth=0,
                                       label=f"{name}: {confidence} confidence interval"))
    for i, code in enumerate(comparators):
        style = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
        handles += ax.plot(x, series(code)["value"].to_numpy(float), label=_area_name(rows, code), linewidth=1.6,
                           markersize=5, zorder=2, **style)

    gaps = np.flatnonzero(area["value"].isna().to_numpy())
    if len(gaps):
        handles += ax.plot(x[gaps], np.zeros(len(gaps)), transform=ax.get_xaxis_transform(), linestyle="none",
                           marker="x", markersize=8, markeredgewidth=2, color=NOTE_COLOUR, clip_on=False, zorder=4,
                           label=f"{name}: value suppressed or missing (gap in line)", gid=_GAP_GID)
        for i in gaps:
            note = area["note"].iloc[i]
            reason = disclosure.describe_note(note, rules) or "no data"
            ax.annotate(textwrap.fill(reason, 18), xy=(x[i], 0.04), xycoords=ax.get_xaxis_transform(),
                        ha="center", va="bottom", fontsize=8, style="italic", color=NOTE_COLOUR, zorder=5,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})

    ax.set_xticks(x, periods, rotation=45 if len(periods) > 6 else 0, ha="right" if len(periods) > 6 else "center")
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_xlabel("Period")
    ax.set_ylabel(unit_label(_unit(rows)))
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    slice_text = "" if category == "All" else f" ({category})"
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    ax.set_title(textwrap.fill(f"{indicator_title(indicator)}{slice_text}: {name}, {span}", TITLE_WIDTH))
    ax.legend(handles=handles, loc="best", fontsize=8, frameon=False)
    return ax


def need_mix(disclosed, *, indicator, area_code, period, benchmark="E92000001", breakdown="primary_need",
             ax=None) -> Axes:
    """The mix of categories (e.g. primary needs) in one area and period, against a benchmark.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        A disclosed indicator frame.
    indicator : str
        The indicator id, e.g. ``"ehc_need_share"``.
    area_code : str
        GSS code of the area whose values are the bars.
    period : str
        The period, e.g. ``"2025/26"``.
    benchmark : str or None, default "E92000001"
        GSS code of the area drawn as a diamond marker on each bar (England by default); None for none.
    breakdown : str, default "primary_need"
        The breakdown whose categories are the bars.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per category with a value, its width the area's value, sorted largest on top (ties by
        category name), with 95% confidence-interval error bars; the benchmark's value for the same category as a
        diamond on the bar's row; then, below, each category whose value is withheld, with the reason written where
        the bar would be ("suppressed to protect small counts"; just right of the benchmark's marker when there is one), never
        a bar of 0. The y tick labels are the categories; the
        x axis is labelled by the unit and starts at 0.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When the indicator, period, breakdown, area or benchmark has no rows, or a category has more than one row.
    """
    disclosed = disclosure.require(disclosed)
    rules = disclosed.rules
    rows = _slice(disclosed.frame, indicator=indicator, breakdown=breakdown)
    rows = _pick(rows, "period", period, f"indicator {indicator!r} ({breakdown})")
    codes = [area_code] + ([benchmark] if benchmark is not None else [])
    for name, code in zip(("area_code", "benchmark"), codes):
        if not (rows["area_code"] == code).any():
            raise ArgumentError(
                f"{name} must name an area with rows for indicator {indicator!r} ({breakdown}) in {period}; "
                f"got {code!r}, not among {sorted(rows['area_code'].unique())}"
            )
    rows = rows[rows["area_code"].isin(codes)]
    _check_unique(rows, ["area_code", "category"], f"indicator {indicator!r} ({breakdown}) in {period}")
    area = rows[rows["area_code"] == area_code]
    shown = area[area["value"].notna()].sort_values(["value", "category"], ascending=[False, True], kind="stable")
    hidden = area[area["value"].isna()].sort_values("category", kind="stable")
    ordered = pd.concat([shown, hidden])
    categories = ordered["category"].astype(str).tolist()
    y = np.arange(len(categories), dtype=float)
    ys = y[: len(shown)]
    name = _area_name(rows, area_code)
    ax = _axes(ax, figsize=(7.5, 0.45 * len(categories) + 1.6))
    ax.set_gid(_GID["need_mix"])

    values = shown["value"].to_numpy(float)
    ax.barh(ys, values, height=0.6, color=OKABE_ITO["sky blue"], edgecolor="black", linewidth=0.6, label=name,
            zorder=2)
    lo, hi = _interval(shown)
    has_ci = ~(np.isnan(lo) | np.isnan(hi))
    if has_ci.any():
        ax.errorbar(values[has_ci], ys[has_ci],
                    xerr=np.vstack([values[has_ci] - lo[has_ci], hi[has_ci] - values[has_ci]]),
                    fmt="none", ecolor="black", elinewidth=1, capsize=3, zorder=3,
                    label=f"{name}: {_confidence(shown)} confidence interval")
    if benchmark is not None:
        bench = rows[rows["area_code"] == benchmark].set_index("category")["value"]
        bench_values = bench.reindex(categories).to_numpy(float)
        ax.plot(bench_values, y, linestyle="none", marker="D", markersize=7, color=OKABE_ITO["orange"],
                markeredgecolor="black", markeredgewidth=0.8, zorder=4, label=_area_name(rows, benchmark))
    for i, (yi, note) in enumerate(zip(y[len(shown):], hidden["note"]), start=len(shown)):
        reason = disclosure.describe_note(note, rules) or "no data"
        # written where the bar would be, after the benchmark's marker so neither hides the other
        x0 = bench_values[i] if benchmark is not None and np.isfinite(bench_values[i]) else 0.0
        ax.annotate(reason, xy=(x0, yi), xycoords="data", xytext=(8 if x0 else 4, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=8, style="italic", color=NOTE_COLOUR)

    ax.set_yticks(y, [textwrap.fill(c, 32) for c in categories], fontsize=8)
    ax.set_ylim(len(categories) - 0.5, -0.5)  # first category on top
    ax.set_xlim(left=0)
    ax.set_xlabel(unit_label(_unit(area)))
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(textwrap.fill(f"{indicator_title(indicator)}: {name}, {period}", TITLE_WIDTH))
    ax.legend(loc="best", fontsize=8, frameon=True)
    return ax


def funnel(disclosed, *, indicator, period, area_code=None, ax=None) -> Axes:
    """A funnel plot of England's upper-tier LAs: each LA's published value against its denominator, inside the 95%
    and 99.8% control limits around the average of the LAs shown.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        A disclosed indicator frame holding the indicator for the LAs.
    indicator : str
        A percentage (Wilson) or rate (Byar) indicator, e.g. ``"ehc_pupils_pct"``.
    period : str
        The period drawn.
    area_code : str, optional
        An LA to highlight (a larger blue point, named in the legend).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Denominator on the x axis, value on the y axis; LAs as grey points (only those with a published count and
        denominator: withheld LAs are neither drawn nor in the average), the average as a solid line, the 95%
        limits dashed and the 99.8% limits dotted. A point outside the limits differs from the average by more
        than chance would explain at that size.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When the indicator is a count, or has no published LA rows in the period.

    References
    ----------
    Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance. Statistics in Medicine
    24(8):1185-1202. doi:10.1002/sim.1970
    """
    from ..stats import methods

    disclosed = disclosure.require(disclosed)
    spec = indicators.get(indicator)
    if spec.method not in ("Wilson", "Byar"):
        raise ArgumentError(f"indicator must be a percentage or a rate for a funnel plot; got {indicator!r} "
                            f"(method {spec.method!r})")
    rows = _slice(disclosed.frame, indicator=indicator, breakdown="All", category="All")
    rows = rows[(rows["period"] == period) & rows["area_type"].isin(geography.LA_TYPES)
                & rows["count"].notna() & rows["denominator"].notna() & rows["value"].notna()]
    if rows.empty:
        raise ArgumentError(f"indicator and period must have published LA rows; got {indicator!r} for {period!r}")
    if spec.method == "Wilson":
        lines = methods.funnel_limits(rows, statistic="proportion", multiplier=spec.multiplier)
    else:
        lines = methods.funnel_limits(rows, statistic="rate", rate="value", multiplier=spec.multiplier)
    ax = _axes(ax, figsize=(7.5, 4.5))
    ax.set_gid(_GID["funnel"])
    handles = [ax.scatter(rows["denominator"], rows["value"], s=14, color="#9A9A9A", zorder=2,
                          label=f"Local authorities ({len(rows)})")]
    first = lines[(lines["confidence"] == 0.95) & (lines["side"] == "lower")]
    handles += ax.plot(first["denominator"], first["baseline"], color="black", linewidth=1.4,
                       label="Average of the local authorities shown")
    for confidence, style in ((0.95, "--"), (0.998, ":")):
        for side in ("lower", "upper"):
            part = lines[(lines["confidence"] == confidence) & (lines["side"] == side)]
            (line,) = ax.plot(part["denominator"], part["value"], color=OKABE_ITO["vermillion"], linestyle=style,
                              linewidth=1.3, label=f"{confidence:.1%} control limits".replace(".0%", "%"))
            if side == "lower":
                handles.append(line)
    name = ""
    if area_code is not None:
        own = rows[rows["area_code"] == area_code]
        if len(own):
            name = str(own["area_name"].iloc[0])
            handles.append(ax.scatter(own["denominator"], own["value"], s=70, color=AREA_STYLE["color"],
                                      edgecolor="white", zorder=4, label=name))
    # The funnel opens wide near 0: show the range the LAs (and the limits at their sizes) occupy, not the mouth.
    near = lines[lines["denominator"] >= 0.9 * rows["denominator"].min()]
    low = min(rows["value"].min(), near["value"].min())
    high = max(rows["value"].max(), near["value"].max())
    pad = 0.08 * (high - low or 1.0)
    ax.set_ylim(max(0.0, low - pad), high + pad)
    ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel(f"Denominator ({spec.denominator})")
    ax.set_ylabel(unit_label(spec.unit))
    ax.grid(color="#EEEEEE", linewidth=0.8)
    ax.set_axisbelow(True)
    focus = f", {name} highlighted" if name else ""
    ax.set_title(textwrap.fill(f"{indicator_title(indicator)}: local authorities, {period}{focus}", TITLE_WIDTH))
    ax.legend(handles=handles, loc="best", fontsize=8, frameon=False)
    return ax


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
    ax = _axes(ax, figsize=(7.5, 4.5))
    ax.set_gid(_GID["projection"])
    handles = []
    if len(past):
        past = past.sort_values("period")
        handles += ax.plot([x[p] for p in past["period"]], past["value"].to_numpy(float),
                           label=f"{name}: EHC plans, published", zorder=3, **AREA_STYLE)
    rows = rows.sort_values("period")
    xs = np.array([x[p] for p in rows["period"].astype(str)], dtype=float)
    colour = OKABE_ITO["orange"]
    handles.append(ax.fill_between(xs, rows["lower_95"].to_numpy(float), rows["upper_95"].to_numpy(float),
                                   color=colour, alpha=0.18, linewidth=0, label="95% interval"))
    handles.append(ax.fill_between(xs, rows["lower_50"].to_numpy(float), rows["upper_50"].to_numpy(float),
                                   color=colour, alpha=0.38, linewidth=0, label="50% interval"))
    handles += ax.plot(xs, rows["median"].to_numpy(float), color=colour, linestyle="--", linewidth=2, marker="s",
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


def ranked_bars(disclosed, *, indicator, period, area_code, neighbours, breakdown="All", category="All",
                ax=None) -> Axes:
    """An area among its statistical neighbours: one horizontal bar per area, highest value first.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        A disclosed indicator frame holding the indicator in ``period`` for the area and its neighbours (and, for
        the reference lines, England and the region).
    indicator : str
        The indicator id, e.g. ``"ehc_pupils_pct"``.
    period : str
        The period, e.g. ``"2025/26"``.
    area_code : str
        GSS code (or DfE number) of an upper-tier LA with statistical neighbours.
    neighbours : pandas.DataFrame
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`).
    breakdown, category : str, default "All"
        The slice.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per area with a published value, sorted highest first (1 = highest; SEND indicators carry no
        judgement), with its 95% confidence interval as an error bar (none for counts). The area's own bar is
        dark blue *and* hatched, and its label ends "(this area)" (colour is never the only signal); neighbours are
        light blue. England and the region are vertical reference lines, each with its own colour and line style,
        named with their values in the legend. Areas whose value is withheld or missing come last, with the reason
        written where the bar would be ("suppressed to protect small counts"), never a bar of 0. :func:`alt_text` describes
        it.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When the area is unknown or has no statistical neighbours, ``neighbours`` is malformed, or the slice has no
        row for the area in ``period``.

    Examples
    --------
    >>> from jsnakit.core import schema
    >>> nb = pd.DataFrame({"area_code": "E09000019", "rank": [1, 2], "neighbour_code": ["E09000007", "E09000012"],
    ...                    "closeness": 1.0})
    >>> f = schema.empty().reindex(range(3)).assign(
    ...     indicator="ehc_pupils_pct", area_code=["E09000019", "E09000007", "E09000012"],
    ...     area_name=["Islington", "Camden", "Hackney"], period="2025/26", breakdown="All", category="All",
    ...     count=[300.0, 2.0, 280.0], denominator=6000.0, value=[5.0, 0.03, 4.7], lower_ci=[4.5, 0.01, 4.2],
    ...     upper_ci=[5.5, 0.1, 5.2], unit="%", method="Wilson", comparison="not compared")
    >>> ax = ranked_bars(disclosure.apply(f), indicator="ehc_pupils_pct", period="2025/26",
    ...                  area_code="E09000019", neighbours=nb)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Islington (this area)', 'Hackney', 'Camden']
    >>> ax.texts[0].get_text()
    'suppressed to protect small counts'
    """
    disclosed = disclosure.require(disclosed)
    if neighbours is None:
        raise ArgumentError("neighbours must be a frame of statistical neighbours (jsnakit.core.schema.NEIGHBOUR_COLUMNS); "
                            "got None")
    _check_neighbours(neighbours)
    area = geography.area(area_code)
    code, name = str(area["area_code"]), str(area["area_name"])
    close = _closest_neighbours(neighbours, code)
    if not close:
        raise ArgumentError(f"area_code must be an area with statistical neighbours; got {area_code!r} ({name}), "
                            "which has none")
    frame = disclosed.frame
    rows = frame[(frame["indicator"] == indicator) & (frame["period"].astype(str) == str(period))
                 & (frame["breakdown"] == breakdown) & (frame["category"] == category)]
    if not (rows["area_code"] == code).any():
        raise ArgumentError(f"indicator and period must have a row for area_code {code} ({name}); got "
                            f"{indicator!r} ({breakdown}/{category}) in {period!r}, which has none")
    members = [code] + close
    table = geography.areas()
    group = rows[rows["area_code"].isin(members)].drop_duplicates("area_code")
    group = group.set_index("area_code").reindex(members)
    group["area_name"] = [str(table.loc[c, "area_name"]) if c in table.index else c for c in members]
    units = rows["unit"].dropna().astype(str).unique()
    unit = units[0] if len(units) == 1 else None
    counts = rows["method"].astype("string").str.lower().eq("none").fillna(False).any()
    shown = group[group["value"].notna()].sort_values(["value", "area_name"], ascending=[False, True],
                                                      kind="stable")
    hidden = group[group["value"].isna()].sort_values("area_name", kind="stable")
    ordered = pd.concat([shown, hidden])
    labels = [f"{n} (this area)" if c == code else n for c, n in zip(ordered.index, ordered["area_name"])]
    y = np.arange(len(ordered), dtype=float)
    ys = y[: len(shown)]
    ax = _axes(ax, figsize=(6.4, 0.32 * len(ordered) + 1.9))
    ax.set_gid(_GID["ranked_bars"])
    values = shown["value"].to_numpy(float)
    mine = (shown.index == code)
    colours = np.where(mine, OKABE_ITO["blue"], OKABE_ITO["sky blue"])
    bars = ax.barh(ys, values, height=0.62, color=list(colours), edgecolor="black", linewidth=0.6, zorder=2)
    for bar, own in zip(bars, mine):
        if own:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
    handles = [Patch(facecolor=OKABE_ITO["blue"], edgecolor="white", hatch="///", label=f"{name} (this area)"),
               Patch(facecolor=OKABE_ITO["sky blue"], edgecolor="black", label="Statistical neighbours")]
    lo, hi = shown["lower_ci"].to_numpy(float), shown["upper_ci"].to_numpy(float)
    has_ci = np.isfinite(lo) & np.isfinite(hi) & (not counts)
    if has_ci.any():
        errors = ax.errorbar(values[has_ci], ys[has_ci],
                             xerr=np.vstack([values[has_ci] - lo[has_ci], hi[has_ci] - values[has_ci]]),
                             fmt="none", ecolor="black", elinewidth=1, capsize=3, zorder=3)
        errors.set_label("95% confidence interval")
        handles.append(errors)
    references = []
    for i, (ref_code, ref_name) in enumerate([(geography.ENGLAND, "England"),
                                              (area["region_code"], area["region_name"])]):
        ref = rows[rows["area_code"] == ref_code]
        if not ref_code or ref.empty or ref["value"].isna().all():
            continue
        value = float(ref["value"].iloc[0])
        style = COMPARATOR_STYLES[i]
        line = ax.axvline(value, color=style["color"], linestyle=style["linestyle"], linewidth=1.6, zorder=4,
                          label=f"{ref_name}: {format_value(value, unit)}")
        handles.append(line)
        references.append(f"{ref_name} {format_value(value, unit)}")
    rules = disclosed.rules
    reasons, drawn = [], list(bars)
    for yi, (rec_code, rec) in zip(y[len(shown):], hidden.iterrows()):
        reason = disclosure.describe_note(rec["note"], rules) or "no data"
        drawn.append(ax.annotate(reason, xy=(0, yi), xycoords="data", xytext=(4, 0), textcoords="offset points",
                                 ha="left", va="center", fontsize=8, style="italic", color=NOTE_COLOUR))
        reasons.append(f"{rec['area_name']} ({reason})")
    ax.set_yticks(y, [textwrap.fill(label, 34) for label in labels], fontsize=8)
    for tick, rec_code in zip(ax.get_yticklabels(), ordered.index):
        if rec_code == code:
            tick.set_fontweight("bold")
    ax.set_ylim(len(ordered) - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.set_xlabel(unit_label(unit))
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    slice_text = "" if category == "All" else f" ({category})"
    ax.set_title(textwrap.fill(f"{indicator_title(indicator)}{slice_text}: {name} and its statistical "
                               f"neighbours, {period}, highest first", TITLE_WIDTH))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=True)

    def one(rec_code, rec):
        text = f"{rec['area_name']} {format_value(rec['value'], unit)}"
        if not counts and np.isfinite(rec["lower_ci"]) and np.isfinite(rec["upper_ci"]):
            text += (f" (95% confidence interval {format_value(rec['lower_ci'], unit)} to "
                     f"{format_value(rec['upper_ci'], unit)})")
        return text

    rank = list(shown.index).index(code) + 1 if code in shown.index else None
    sentences = [f"Horizontal bar chart: {ax.get_title().replace(chr(10), ' ')}.",
                 f"Areas from the highest value: {'; '.join(one(c, r) for c, r in shown.iterrows())}."]
    if rank is not None:
        place = "the highest" if rank == 1 else f"the {_ordinal(rank)} highest"
        sentences.append(f"{name} has {place} value of the {len(shown)} areas shown.")
    if references:
        sentences.append(f"Reference lines: {'; '.join(references)}.")
    if reasons:
        sentences.append(f"Not shown: {'; '.join(reasons)}.")
    describe(ax, " ".join(sentences), anchor=drawn[0])  # a bar or a note: every area has one
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
        need grows), left is spare. :func:`alt_text` describes it.

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
    ax = _axes(ax, figsize=(6.6, 0.34 * len(types) + 2.0))
    ax.set_gid(_GID["shortfall"])
    zero = ax.axvline(0, color="black", linewidth=1.2, zorder=1, label="No shortfall: capacity meets the benchmark")
    handles = [zero]
    later_values = later["shortfall"].to_numpy(float)
    if np.isfinite(later_values).any():
        lo, hi = later["shortfall_lower"].to_numpy(float), later["shortfall_upper"].to_numpy(float)
        ok = np.isfinite(later_values)
        with_ci = ok & np.isfinite(lo) & np.isfinite(hi)
        if with_ci.any():
            handles += ax.plot(np.vstack([lo[with_ci], hi[with_ci]]), np.vstack([y[with_ci], y[with_ci]]),
                               color=OKABE_ITO["orange"], linewidth=2.2, solid_capstyle="butt", zorder=2)[:1]
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


#: Axes attribute holding a description written by the function that drew the chart (see :func:`describe`).
_DESCRIPTION = "_jsnakit_description"


def describe(ax, text: str, *, anchor) -> None:
    """Keep a chart's description, written as it was drawn, for :func:`alt_text`.

    For charts whose meaning the artists alone do not give (a map's services by domain, a ranked bar chart's order,
    the shortfall of each service). It holds while ``anchor``, an artist the chart drew, is still on the axes: a
    cleared or redrawn axes is described afresh from its artists.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart.
    text : str
        Its description (sentences).
    anchor : matplotlib.artist.Artist
        An artist the chart drew on ``ax``.
    """
    setattr(ax, _DESCRIPTION, (text, anchor))


def alt_text(ax) -> str:
    """A plain-English description of what a chart shows, for the ``alt`` of its image.

    Built from the axes' artists, so it says what is drawn: the kind of chart, its title, its axes, the series in
    its legend, the range of the values drawn, and the notes written on it (e.g. which values are suppressed).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        A chart from :func:`trend`, :func:`need_mix` or :func:`jsnakit.render.maps.choropleth`, or one that stored its own
        description with :func:`describe` (the gap maps, :func:`ranked_bars`, :func:`shortfall_chart`); any other
        axes gets a generic description.

    Returns
    -------
    str
        Sentences such as ``"Line chart: ehc_pupils_pct: Islington, 2018/19 to 2025/26. Horizontal axis: Period,
        2018/19 to 2025/26. Vertical axis: Per cent (%). Series: Islington; England. Values range from 2.8 to 4.6.
        Notes on the chart: suppressed to protect small counts (2021/22)."``

    Raises
    ------
    ArgumentError
        When ``ax`` is not a matplotlib Axes.

    Examples
    --------
    >>> alt_text(_axes(None, figsize=(2, 2), pyplot=False))
    'Empty chart.'
    """
    if not isinstance(ax, Axes):
        raise ArgumentError(f"ax must be a matplotlib Axes; got {type(ax).__name__}")
    stored = getattr(ax, _DESCRIPTION, None)
    if stored is not None and stored[1].axes is ax:  # written by the chart that drew it, which is still there
        return stored[0]
    gid = ax.get_gid()
    title = ax.get_title().replace("\n", " ").strip()
    legend = ax.get_legend()
    series = [t.get_text().replace("\n", " ") for t in legend.get_texts()] if legend is not None else []
    kind = {_GID["trend"]: "Line chart", _GID["need_mix"]: "Horizontal bar chart",
            _GID["choropleth"]: "Map", _GID["projection"]: "Fan chart",
            _GID["funnel"]: "Funnel plot", _GID["ranked_bars"]: "Horizontal bar chart",
            _GID["shortfall"]: "Dot chart"}.get(gid) or _guess_kind(ax)
    parts = [f"{kind}: {title}." if title else f"{kind}."]
    if gid == _GID["choropleth"]:
        parts += _map_sentences(ax, legend)
        return " ".join(parts)

    xticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels() if t.get_text()]
    yticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels() if t.get_text()]
    if gid in (_GID["trend"], _GID["projection"]) and xticks:
        parts.append(f"Horizontal axis: {ax.get_xlabel() or 'period'}, {xticks[0]} to {xticks[-1]}.")
        if ax.get_ylabel():
            parts.append(f"Vertical axis: {ax.get_ylabel()}.")
    elif gid == _GID["need_mix"]:
        parts.append(f"Categories, from the top: {'; '.join(yticks)}.")
        if ax.get_xlabel():
            parts.append(f"Horizontal axis: {ax.get_xlabel()}.")
    else:
        if ax.get_xlabel():
            parts.append(f"Horizontal axis: {ax.get_xlabel()}.")
        if ax.get_ylabel():
            parts.append(f"Vertical axis: {ax.get_ylabel()}.")
    if series:
        parts.append(f"Series: {'; '.join(series)}.")

    bars = [p for p in ax.patches if p.get_visible()]
    if bars:
        horizontal = gid == _GID["need_mix"] or kind.startswith("Horizontal")
        sizes = np.array([p.get_width() if horizontal else p.get_height() for p in bars], dtype=float)
        parts.append(f"Bars range {_range(sizes[np.isfinite(sizes)])}.")
    values = _line_values(ax, horizontal=gid == _GID["need_mix"])
    if values.size:
        what = "Markers" if bars else "Values"
        parts.append(f"{what} range {_range(values)}.")
    notes = _notes(ax, xticks, yticks, by_y=gid == _GID["need_mix"])
    if notes:
        parts.append(f"Notes on the chart: {'; '.join(notes)}.")
    return " ".join(parts)


def figure_html(ax_or_fig, *, alt, caption=None, width=None) -> str:
    """A chart as a self-contained HTML ``<figure>``: the PNG embedded as a data URI, with alt text and a caption.

    The figure is closed afterwards (it has been written; keeping it open would leak memory in a batch run).

    Parameters
    ----------
    ax_or_fig : matplotlib.axes.Axes or matplotlib.figure.Figure
        The chart (an Axes stands for its whole figure).
    alt : str
        The image's text alternative, e.g. from :func:`alt_text`. Required and non-empty.
    caption : str, optional
        The figure's caption (its finding and source), shown as ``<figcaption>``; none when None.
    width : int, optional
        Display width in CSS pixels; the image always shrinks to fit the page (``max-width:100%``).

    Returns
    -------
    str
        ``<figure class="jsnakit-figure"><img src="data:image/png;base64,..." alt="..."> <figcaption>...</figcaption>
        </figure>``, every text escaped, no script.

    Raises
    ------
    ArgumentError
        When ``ax_or_fig`` is neither an Axes nor a Figure, ``alt`` is empty or not a string, or ``width`` is not a
        positive whole number.
    """
    if isinstance(ax_or_fig, (Axes, FigureBase)):
        fig = ax_or_fig.figure if isinstance(ax_or_fig, Axes) else ax_or_fig
        while not isinstance(fig, Figure):  # a SubFigure stands for its whole figure
            fig = fig.figure
    else:
        raise ArgumentError(f"ax_or_fig must be a matplotlib Axes or Figure; got {type(ax_or_fig).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ArgumentError(f"alt must be a non-empty description of the chart (see charts.alt_text); got {alt!r}")
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1):
        raise ArgumentError(f"width must be None or a positive whole number of CSS pixels; got {width!r}")
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight", facecolor="white")
    finally:
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    size = f' width="{int(width)}"' if width is not None else ""
    out = [
        '<figure class="jsnakit-figure">',
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt.strip(), quote=True)}"{size} '
        f'style="max-width:100%;height:auto">',
    ]
    if caption is not None:
        out.append(f"<figcaption>{html.escape(str(caption))}</figcaption>")
    out.append("</figure>")
    return "\n".join(out)


# --- internals -------------------------------------------------------------------------------------------------

def _axes(ax, *, figsize, pyplot: bool = True) -> Axes:
    """``ax``, or when None the axes of a new figure: pyplot's (shown in a notebook, closed by :func:`figure_html`),
    or with ``pyplot=False`` one pyplot does not track (nothing to close, nothing to leak: the widgets make one per
    interaction), with no layout engine, as :func:`figure_html`'s tight bounding box takes in every label (and is
    quicker)."""
    if ax is None:
        if not pyplot:
            return Figure(figsize=figsize).add_subplot()
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise ArgumentError(f"ax must be None or a matplotlib Axes; got {type(ax).__name__}")
    return ax


def _check_neighbours(neighbours) -> None:
    if neighbours is None:
        return
    if not isinstance(neighbours, pd.DataFrame) or not set(NEIGHBOUR_COLUMNS) <= set(neighbours.columns):
        raise ArgumentError(f"neighbours must be None or a frame of statistical neighbours with the columns "
                            f"{NEIGHBOUR_COLUMNS}; got {type(neighbours).__name__}")


def _closest_neighbours(neighbours: pd.DataFrame | None, code: str) -> list[str]:
    """GSS codes of ``code``'s statistical neighbours, closest (rank 1) first; [] when ``neighbours`` is None."""
    from ..needs.profile import _neighbour_codes  # profile reads the catalog: kept out of this module's import

    _check_neighbours(neighbours)
    if neighbours is None:
        return []
    return _neighbour_codes(neighbours.sort_values("rank", kind="stable"), code)


def _pick(rows: pd.DataFrame, column: str, wanted, what: str) -> pd.DataFrame:
    out = rows[rows[column].astype(str) == str(wanted)]
    if out.empty:
        known = sorted(rows[column].dropna().astype(str).unique())
        raise ArgumentError(f"{column} must be one of {known} for {what}; got {wanted!r}")
    return out


def _slice(frame: pd.DataFrame, *, indicator, breakdown, category=None) -> pd.DataFrame:
    """Rows of one indicator and breakdown (and category), with errors naming what exists."""
    rows = _pick(frame, "indicator", indicator, "this frame")
    rows = _pick(rows, "breakdown", breakdown, f"indicator {indicator!r}")
    if category is not None:
        rows = _pick(rows, "category", category, f"indicator {indicator!r}, breakdown {breakdown!r}")
    return rows


def _check_unique(rows: pd.DataFrame, keys: list[str], what: str) -> None:
    dupes = rows[rows.duplicated(keys, keep=False)]
    if not dupes.empty:
        first = dupes.iloc[0]
        where = ", ".join(f"{k} {first[k]!r}" for k in keys)
        n = int((rows[keys] == first[keys]).all(axis=1).sum())
        raise ArgumentError(
            f"each {' and '.join(keys)} must have one row for {what}; got {n} rows for {where} "
            f"(select one with disclosed.query)"
        )


def _area_name(rows: pd.DataFrame, code: str) -> str:
    names = rows.loc[rows["area_code"] == code, "area_name"].dropna()
    return str(names.iloc[0]) if len(names) else str(code)


def _unit(rows: pd.DataFrame):
    units = rows["unit"].dropna().astype(str).unique()
    return units[0] if len(units) == 1 else (", ".join(sorted(units)) if len(units) else None)


def _confidence(rows: pd.DataFrame) -> str:
    levels = rows["confidence"].dropna().unique() if "confidence" in rows else []
    level = float(levels[0]) if len(levels) == 1 else 0.95
    return f"{level * 100:g}%"


def _interval(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Confidence limits as arrays, NaN where there is none (no limits, or ``method`` "none": a count)."""
    lo, hi = rows["lower_ci"].to_numpy(float).copy(), rows["upper_ci"].to_numpy(float).copy()
    none = rows["method"].astype("string").str.strip().str.lower().eq("none").fillna(False).to_numpy(bool)
    lo[none] = hi[none] = np.nan
    return lo, hi


def _range(values: np.ndarray) -> str:
    """'from a to b', whole numbers when every value is whole, else 1 decimal place (2 below 1)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if np.all(np.mod(values, 1) == 0):
        decimals = 0
    else:
        decimals = 1 if max(abs(lo), abs(hi)) >= 1 else 2
    return f"from {format_value(lo, None, decimals=decimals)} to {format_value(hi, None, decimals=decimals)}"


def _guess_kind(ax: Axes) -> str:
    if ax.patches:
        return "Bar chart"
    if ax.lines:
        return "Line chart"
    if ax.collections:
        return "Chart of shapes"
    return "Empty chart"


def _line_values(ax: Axes, *, horizontal: bool) -> np.ndarray:
    """Finite data values of the labelled lines drawn in data coordinates (not helpers such as gap markers)."""
    values = []
    for line in ax.get_lines():
        label = line.get_label() or ""
        if label.startswith("_") or line.get_gid() == _GAP_GID or line.get_transform() != ax.transData:
            continue
        data = np.asarray(line.get_xdata() if horizontal else line.get_ydata(), dtype=float)
        values.append(data[np.isfinite(data)])
    return np.concatenate(values) if values else np.array([])


def _notes(ax: Axes, xticks: list[str], yticks: list[str], *, by_y: bool) -> list[str]:
    notes = []
    for text in ax.texts:
        content = text.get_text().replace("\n", " ").strip()
        if not content:
            continue
        x, y = text.xy if isinstance(text, Annotation) else text.get_position()
        ticks, pos = (yticks, y) if by_y else (xticks, x)
        where = ""
        try:
            i = int(round(float(pos)))
            if abs(float(pos) - i) < 1e-9 and 0 <= i < len(ticks):
                where = f" ({ticks[i]})"
        except (TypeError, ValueError):
            pass
        notes.append(f"{content}{where}")
    return notes


def _map_sentences(ax: Axes, legend) -> list[str]:
    parts = []
    areas = [c for c in ax.collections if c.get_gid() == "jsnakit:areas"]
    missing = [c for c in ax.collections if c.get_gid() == "jsnakit:suppressed"]
    highlight = [t for t in ax.texts if t.get_gid() == "jsnakit:highlight-label"]
    n = sum(len(c.get_paths()) for c in areas)
    m = sum(len(c.get_paths()) for c in missing)
    if n:
        parts.append(f"{n} areas are drawn.")
    if legend is not None:
        title = legend.get_title().get_text().replace("\n", " ")
        classes = [t.get_text() for t in legend.get_texts() if _CLASS_LABEL.fullmatch(t.get_text())]
        if classes:
            parts.append(f"Legend, {title}: {'; '.join(classes)}, from lightest (lowest) to darkest (highest).")
    if m:
        parts.append(f"{m} {'area is' if m == 1 else 'areas are'} suppressed or have no data (grey, hatched).")
    if highlight:
        parts.append(f"Outlined: {highlight[0].get_text()}.")
    return parts
