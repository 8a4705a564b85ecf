"""The spine chart of a factsheet's first page: every headline indicator of an area against the range of England's
upper-tier local authorities, its middle half, England and the region, as OHID's Fingertips profiles draw it.

Each indicator is one row, scaled on its own so that England sits in the middle: the grey bar runs from the lowest to
the highest local authority (the worst to the best where the indicator has a polarity), the darker bar from the 25th
to the 75th percentile (Excel's ``PERCENTILE.INC``, :func:`jsnakit.stats.ranking.quantile_bounds`), a black line marks
England and a hollow diamond the region. The area is a marker whose colour *and* shape give its comparison with
England at 95% (higher ▲, similar ●, lower ▼; not compared ◆), so colour is never the only signal. Every value is
read from a disclosed frame: a withheld figure is not drawn, and its row says so.

References
----------
OHID. Fingertips: spine charts (the "Area profiles" view), https://fingertips.phe.org.uk/ ; Public Health England
(2017). Technical guide: Spine charts in Fingertips. Hyndman RJ, Fan Y (1996), sample quantiles (type 7).
"""
from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import disclosure
from ..core import geography, indicators
from ..core.errors import ArgumentError
from ..stats.ranking import quantile_bounds
from .descriptions import describe
from .formatting import with_unit
from .style import CONTEXT_GREY, OKABE_ITO, chart_axes

__all__ = ["spine_rows", "spine_chart", "SPINE_COLUMNS", "MARKERS"]

#: Columns of :func:`spine_rows`.
SPINE_COLUMNS = ["indicator", "title", "unit", "period", "value", "comparison", "england", "region", "lowest", "q1",
                 "q3", "highest", "las", "polarity", "note"]

#: The area's marker by its comparison with England: (shape, colour, legend words). Shape and colour both change.
MARKERS = {
    "higher": ("^", OKABE_ITO["blue"], "higher than England (95%)"),
    "similar": ("o", OKABE_ITO["yellow"], "similar to England"),
    "lower": ("v", OKABE_ITO["sky blue"], "lower than England (95%)"),
    "not compared": ("D", "#FFFFFF", "not compared (no count published)"),
}
_RANGE, _MIDDLE, _REGION = "#D9D9D9", "#8C8C8C", OKABE_ITO["vermillion"]


def spine_rows(disclosed, standing: pd.DataFrame) -> pd.DataFrame:
    """The figures of a spine chart: one row per headline indicator of :func:`jsnakit.needs.profile.standing`.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The published national frame (:func:`jsnakit.needs.profile.published`): the local authorities' range.
    standing : pandas.DataFrame
        The area's standing table (:func:`jsnakit.needs.profile.standing`): its value, comparison, England and
        region, and the period of each indicator.

    Returns
    -------
    pandas.DataFrame
        :data:`SPINE_COLUMNS`: ``lowest``, ``q1``, ``q3`` and ``highest`` are the quantiles (type 7) of the published
        values of the ``las`` upper-tier local authorities in the indicator's period, in the indicator's unit;
        ``comparison`` is ``"higher"``, ``"similar"``, ``"lower"`` or ``"not compared"``; ``note`` says why the
        area's value is not drawn ('' when it is). Rows with fewer than 4 local authorities are left out.

    Raises
    ------
    DisclosureError
        When ``disclosed`` did not pass disclosure control.
    """
    frame = disclosure.require(disclosed).frame
    las = frame[frame["area_type"].isin(geography.LA_TYPES) & (frame["breakdown"] == "All")
                & (frame["category"] == "All") & frame["value"].notna()]
    out = []
    for row in standing.to_dict("records"):
        values = las.loc[(las["indicator"] == row["indicator"]) & (las["period"] == row["period"]), "value"]
        if len(values) < 4:
            continue
        low, q1, _, q3, high = quantile_bounds(values.to_numpy(dtype=float), n=4)
        spec = indicators.get(row["indicator"])
        comparison = str(row["comparison"]) if row["comparison"] in MARKERS else "not compared"
        value = row["value"]
        note = "" if value == value else "withheld or not published"
        out.append({"indicator": row["indicator"], "title": spec.title, "unit": spec.unit, "period": row["period"],
                    "value": value, "comparison": comparison, "england": row["england"], "region": row["region"],
                    "lowest": low, "q1": q1, "q3": q3, "highest": high, "las": int(values.size),
                    "polarity": spec.polarity, "note": note})
    return pd.DataFrame(out, columns=SPINE_COLUMNS)


def spine_chart(rows: pd.DataFrame, *, area_name: str, region_name: str | None = None, ax=None):
    """Draw a spine chart of :func:`spine_rows`.

    Parameters
    ----------
    rows : pandas.DataFrame
        :func:`spine_rows`.
    area_name : str
        The area, for the title and the legend.
    region_name : str, optional
        Its region, for the legend.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        The chart, described for :func:`jsnakit.render.charts.alt_text`: each indicator's value, comparison and
        the England range in words.

    Raises
    ------
    ArgumentError
        When ``rows`` is empty.
    """
    if rows is None or rows.empty:
        raise ArgumentError("rows must hold at least one indicator with a range of local authorities; got none")
    n = len(rows)
    ax = chart_axes(ax, figsize=(9.5, 0.75 * n + 2.2))
    words = []
    for i, r in enumerate(rows.to_dict("records")):
        y = n - 1 - i
        scale = _scale(r)
        ax.barh(y, scale(r["highest"]) - scale(r["lowest"]), left=scale(r["lowest"]), height=0.5, facecolor=_RANGE,
                edgecolor=CONTEXT_GREY, linewidth=0.6)
        ax.barh(y, scale(r["q3"]) - scale(r["q1"]), left=scale(r["q1"]), height=0.5, color=_MIDDLE)
        if r["england"] == r["england"]:  # England's line only where England has a figure
            ax.plot([0.5, 0.5], [y - 0.32, y + 0.32], color="black", linewidth=1.6)
        if r["region"] == r["region"]:
            ax.plot(scale(r["region"]), y, marker="D", markersize=7, markerfacecolor="none",
                    markeredgecolor=_REGION, markeredgewidth=1.6, linestyle="none")
        if r["value"] == r["value"]:
            shape, colour, _ = MARKERS[r["comparison"]]
            ax.plot(scale(r["value"]), y, marker=shape, markersize=11, markerfacecolor=colour,
                    markeredgecolor="black", linestyle="none")
        unit = r["unit"]
        shown = with_unit(r["value"], unit) if r["value"] == r["value"] else "withheld"
        words.append(f"{r['title']} ({r['period']}): {area_name} {shown}, {MARKERS[r['comparison']][2]}; "
                     f"England {with_unit(r['england'], unit)}; local authorities from {with_unit(r['lowest'], unit)} "
                     f"to {with_unit(r['highest'], unit)}")
    labels = ["\n".join(textwrap.wrap(r["title"], 34))
              + f"\n{r['period']}: {with_unit(r['value'], r['unit']) if r['value'] == r['value'] else 'withheld'}"
              for r in rows.to_dict("records")]
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels[::-1])
    ax.set_ylim(-0.9, n - 0.4)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks([0.5])
    ax.set_xticklabels(["England"])
    ax.text(0, -0.6, "lowest (or worst)", ha="left", va="top", fontsize=8.5, transform=ax.transData)
    ax.text(1, -0.6, "highest (or best)", ha="right", va="top", fontsize=8.5, transform=ax.transData)
    ax.grid(False)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=_RANGE, edgecolor=CONTEXT_GREY, linewidth=0.6, label="Range of local authorities"),
               Patch(color=_MIDDLE, label="Middle half (25th to 75th percentile)"),
               Line2D([], [], color="black", linewidth=1.6, label="England"),
               Line2D([], [], marker="D", markerfacecolor="none", markeredgecolor=_REGION, linestyle="none",
                      label=region_name or "Region")]
    for key in dict.fromkeys(rows.loc[rows["value"].notna(), "comparison"]):  # only markers that are drawn
        shape, colour, text = MARKERS[key]
        handles.append(Line2D([], [], marker=shape, markerfacecolor=colour, markeredgecolor="black",
                              linestyle="none", markersize=9, label=f"{area_name}: {text}"))
    ax.figure.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize=8.5)
    ax.figure.suptitle(f"{area_name} against England's local authorities", x=0.02, ha="left", fontsize=12)
    describe(ax, f"Spine chart: {area_name} against England's upper-tier local authorities, one row per "
                 "indicator, England in the middle. " + ". ".join(words) + ".", anchor=ax.patches[0])
    return ax


def _scale(r: dict):
    """Map a value of the row to 0-1 with England at 0.5 (the farther extreme at 0 or 1); worst on the left when
    low is good."""
    england = r["england"] if r["england"] == r["england"] else (r["lowest"] + r["highest"]) / 2
    half = max(abs(england - r["lowest"]), abs(r["highest"] - england)) or 1.0
    sign = -1.0 if r["polarity"] == "low is good" else 1.0
    return lambda v: 0.5 + sign * (float(v) - england) / (2 * half)

