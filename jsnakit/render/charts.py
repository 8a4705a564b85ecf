"""Charts of a disclosed indicator frame, with their alt text and a way to embed them in a factsheet.

Every plot function takes a :class:`jsnakit.disclosure.Disclosed` frame first (:func:`shortfall_chart` a
:class:`jsnakit.gaps.GapAnalysis`; anything else raises :class:`~jsnakit.core.errors.DisclosureError`), then
keyword-only options and ``ax=None``; it draws on ``ax`` (a new figure when None) and returns the Axes (geopandas'
habit, docs/architecture.md, Conventions). Nothing here calls ``plt.show()`` or reads a file.

Accessibility: colours are the Okabe-Ito palette (Okabe M, Ito K (2008) "Color Universal Design", safe for the common
colour-vision deficiencies), and colour is never the only signal: every series also has its own marker and line
style and a legend entry naming it. Suppressed or missing values are never drawn as 0: a trend line has a gap there,
marked on the axis and annotated with the reason ("suppressed to protect small counts"); a need-mix chart writes the
reason in place of the bar. :func:`alt_text` describes what a chart shows in words; :func:`figure_html` embeds it
with that description as the image's ``alt``.

This module draws the charts of an indicator frame (:func:`trend`, :func:`need_mix`, :func:`funnel`,
:func:`ranked_bars`). The rest live beside it and are reachable here too: the charts of demand to come
(:func:`projection_fan`, :func:`shortfall_chart`) in :mod:`jsnakit.render.demand`, the descriptions (:func:`alt_text`,
:func:`describe`) in :mod:`jsnakit.render.descriptions`, :func:`figure_html` in :mod:`jsnakit.render.embed`, the
palette, styles and labels in :mod:`jsnakit.render.style`, and the choice of rows and statistical neighbours
(:func:`check_neighbours`, :func:`closest_neighbours`) in :mod:`jsnakit.render.frames`.
"""
from __future__ import annotations

import textwrap

import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch

from .. import disclosure
from ..core import geography, indicators
from ..core.errors import ArgumentError
from .demand import projection_fan, shortfall_chart
from .descriptions import alt_text, describe
from .embed import figure_html
from .formatting import format_value, ordinal
from .frames import check_neighbours, check_unique, closest_neighbours, pick_rows, slice_rows, unit_of
from .style import (AREA_STYLE, CHART_GIDS, COMPARATOR_STYLES, CONTEXT_GREY, GAP_GID, NOTE_COLOUR, OKABE_ITO,
                    TITLE_WIDTH, UNIT_LABELS, chart_axes, indicator_title, unit_label)

__all__ = ["OKABE_ITO", "trend", "need_mix", "funnel", "projection_fan", "ranked_bars", "shortfall_chart", "alt_text",
           "figure_html", "unit_label", "indicator_title", "describe", "check_neighbours", "closest_neighbours",
           "AREA_STYLE", "COMPARATOR_STYLES", "TITLE_WIDTH", "NOTE_COLOUR", "UNIT_LABELS"]


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
    rows = slice_rows(disclosed.frame, indicator=indicator, breakdown=breakdown, category=category)
    codes = [area_code] + comparators
    for name, code in [("area_code", area_code)] + [("comparators", c) for c in comparators]:
        if not (rows["area_code"] == code).any():
            raise ArgumentError(
                f"{name} must name an area with rows for indicator {indicator!r} ({breakdown}/{category}); "
                f"got {code!r}, not among {sorted(rows['area_code'].unique())}"
            )
    rows = rows[rows["area_code"].isin(codes)]
    check_unique(rows, ["area_code", "period"], f"indicator {indicator!r} ({breakdown}/{category})")
    periods = sorted(rows["period"].astype(str).unique())
    x = np.arange(len(periods), dtype=float)
    ax = chart_axes(ax, figsize=(7.5, 4.5))
    ax.set_gid(CHART_GIDS["trend"])

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
        handles.append(ax.fill_between(x, lower, upper, facecolor=to_rgba(AREA_STYLE["color"], 0.2),
                                       edgecolor=AREA_STYLE["color"], linewidth=0.6,
                                       label=f"{name}: {confidence} confidence interval"))
    for i, code in enumerate(comparators):
        style = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
        handles += ax.plot(x, series(code)["value"].to_numpy(float), label=_area_name(rows, code), linewidth=1.6,
                           markersize=5, zorder=2, **style)

    gaps = np.flatnonzero(area["value"].isna().to_numpy())
    if len(gaps):
        handles += ax.plot(x[gaps], np.zeros(len(gaps)), transform=ax.get_xaxis_transform(), linestyle="none",
                           marker="x", markersize=8, markeredgewidth=2, color=NOTE_COLOUR, clip_on=False, zorder=4,
                           label=f"{name}: value suppressed or missing (gap in line)", gid=GAP_GID)
        for i in gaps:
            note = area["note"].iloc[i]
            reason = disclosure.describe_note(note, rules) or "no data"
            ax.annotate(textwrap.fill(reason, 18), xy=(x[i], 0.04), xycoords=ax.get_xaxis_transform(),
                        ha="center", va="bottom", fontsize=8, style="italic", color=NOTE_COLOUR, zorder=5,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})

    ax.set_xticks(x, periods, rotation=45 if len(periods) > 6 else 0, ha="right" if len(periods) > 6 else "center")
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_xlabel("Period")
    ax.set_ylabel(unit_label(unit_of(rows)))
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
        the bar would be ("suppressed to protect small counts"; just right of the benchmark's marker when there is one),
        never
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
    rows = slice_rows(disclosed.frame, indicator=indicator, breakdown=breakdown)
    rows = pick_rows(rows, "period", period, f"indicator {indicator!r} ({breakdown})")
    codes = [area_code] + ([benchmark] if benchmark is not None else [])
    for name, code in zip(("area_code", "benchmark"), codes):
        if not (rows["area_code"] == code).any():
            raise ArgumentError(
                f"{name} must name an area with rows for indicator {indicator!r} ({breakdown}) in {period}; "
                f"got {code!r}, not among {sorted(rows['area_code'].unique())}"
            )
    rows = rows[rows["area_code"].isin(codes)]
    check_unique(rows, ["area_code", "category"], f"indicator {indicator!r} ({breakdown}) in {period}")
    area = rows[rows["area_code"] == area_code]
    shown = area[area["value"].notna()].sort_values(["value", "category"], ascending=[False, True], kind="stable")
    hidden = area[area["value"].isna()].sort_values("category", kind="stable")
    ordered = pd.concat([shown, hidden])
    categories = ordered["category"].astype(str).tolist()
    y = np.arange(len(categories), dtype=float)
    ys = y[: len(shown)]
    name = _area_name(rows, area_code)
    ax = chart_axes(ax, figsize=(7.5, 0.45 * len(categories) + 1.6))
    ax.set_gid(CHART_GIDS["need_mix"])

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
    ax.set_xlabel(unit_label(unit_of(area)))
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
    rows = slice_rows(disclosed.frame, indicator=indicator, breakdown="All", category="All")
    rows = rows[(rows["period"] == period) & rows["area_type"].isin(geography.LA_TYPES)
                & rows["count"].notna() & rows["denominator"].notna() & rows["value"].notna()]
    if rows.empty:
        raise ArgumentError(f"indicator and period must have published LA rows; got {indicator!r} for {period!r}")
    if spec.method == "Wilson":
        lines = methods.funnel_limits(rows, statistic="proportion", multiplier=spec.multiplier)
    else:
        lines = methods.funnel_limits(rows, statistic="rate", rate="value", multiplier=spec.multiplier)
    ax = chart_axes(ax, figsize=(7.5, 4.5))
    ax.set_gid(CHART_GIDS["funnel"])
    handles = [ax.scatter(rows["denominator"], rows["value"], s=14, color=CONTEXT_GREY, zorder=2,
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
        written where the bar would be ("suppressed to protect small counts"), never a bar of 0. :func:`alt_text`
        describes
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
    check_neighbours(neighbours)
    area = geography.area(area_code)
    code, name = str(area["area_code"]), str(area["area_name"])
    close = closest_neighbours(neighbours, code)
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
    ax = chart_axes(ax, figsize=(6.4, 0.32 * len(ordered) + 1.9))
    ax.set_gid(CHART_GIDS["ranked_bars"])
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
        place = "the highest" if rank == 1 else f"the {ordinal(rank)} highest"
        sentences.append(f"{name} has {place} value of the {len(shown)} areas shown.")
    if references:
        sentences.append(f"Reference lines: {'; '.join(references)}.")
    if reasons:
        sentences.append(f"Not shown: {'; '.join(reasons)}.")
    describe(ax, " ".join(sentences), anchor=drawn[0])  # a bar or a note: every area has one
    return ax


# --- internals -------------------------------------------------------------------------------------------------

def _area_name(rows: pd.DataFrame, code: str) -> str:
    names = rows.loc[rows["area_code"] == code, "area_name"].dropna()
    return str(names.iloc[0]) if len(names) else str(code)


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
