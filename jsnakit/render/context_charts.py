"""Charts and tables of an area's context: where its children with an EHC plan are educated (:func:`placement_html`,
:func:`placement_bars`), the plans of boys and girls (:func:`sex_html`) and SEN prevalence against deprivation across
England's local authorities (:func:`deprivation_scatter`).

They draw the frames of :func:`jsnakit.needs.placement.placement_table`, :func:`jsnakit.needs.placement.sex_table`
and :func:`jsnakit.needs.deprivation.deprivation_context`, which are made from published (disclosed) figures only;
a withheld figure shows as the reason it is withheld, never as 0. Charts take an axes and return it, in the house
style (:mod:`jsnakit.render.style`), and carry their description for :func:`jsnakit.render.charts.alt_text`.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..core.errors import ArgumentError
from ..needs.deprivation import DeprivationContext, in_sentence
from ..needs.placement import PLACEMENT_COLUMNS, SEX_COLUMNS
from .descriptions import describe
from .narrative import january
from .formatting import check_caption, format_count, format_value, html_table, is_missing
from .style import NOTE_COLOUR, OKABE_ITO, OKABE_ITO_DARK, TITLE_WIDTH, chart_axes, unit_label
from .tables import COMPARISON_TEXT

__all__ = ["deprivation_scatter", "placement_bars", "placement_html", "sex_html"]


def deprivation_scatter(context: DeprivationContext, *, ax=None) -> Axes:
    """SEN prevalence against deprivation: every local authority a point, the area highlighted and named.

    Parameters
    ----------
    context : jsnakit.needs.deprivation.DeprivationContext
        From :func:`jsnakit.needs.deprivation.deprivation_context`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        IMD 2019 average score (x; higher is more deprived) against the published prevalence (y), one light blue
        point per LA; the area a larger dark blue diamond with a black edge and its name beside it (shape, size and
        label, never colour alone). The title states the finding (:meth:`DeprivationContext.finding`) and the
        correlation's interval is written under the plot. :func:`jsnakit.render.charts.alt_text` describes it.

    Raises
    ------
    ArgumentError
        When ``context`` is not a :class:`~jsnakit.needs.deprivation.DeprivationContext` or has no points.
    """
    if not isinstance(context, DeprivationContext):
        raise ArgumentError(f"context must be a jsnakit.needs.deprivation.DeprivationContext; got "
                            f"{type(context).__name__}")
    points = context.points
    if points.empty:
        raise ArgumentError("context must hold local authorities with both deprivation and prevalence; it has none")
    ax = chart_axes(ax, figsize=(6.4, 4.6))
    others = points[points["area_code"] != context.area_code]
    mine = points[points["area_code"] == context.area_code]
    drawn = ax.scatter(others["imd_score"], others["prevalence"], s=22, color=OKABE_ITO_DARK["sky blue"],
                       edgecolor="white", linewidth=0.4, label="Other local authorities", zorder=2)
    if len(mine):
        x, y = float(mine["imd_score"].iloc[0]), float(mine["prevalence"].iloc[0])
        ax.scatter([x], [y], s=90, marker="D", color=OKABE_ITO["blue"], edgecolor="black", linewidth=1.2,
                   label=context.area_name, zorder=3)
        ax.annotate(context.area_name, xy=(x, y), xytext=(7, 7), textcoords="offset points", fontsize=9,
                    fontweight="bold", color="black")
    title = context.finding()
    ax.set_title(textwrap.fill(title, TITLE_WIDTH))
    ax.set_xlabel(f"Index of Multiple Deprivation {context.vintage}: average score (higher = more deprived)")
    ax.set_ylabel(textwrap.fill(f"{context.title} ({unit_label(context.unit)}), {context.period}", 40))
    ax.grid(color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", fontsize=8, frameon=True)
    level = f"{context.confidence * 100:g}%"
    if np.isfinite(context.rho):
        stat = (f"Spearman's rank correlation {context.rho:.2f} ({level} CI {context.lower:.2f} to "
                f"{context.upper:.2f}), {context.n} local authorities")
    else:
        stat = f"{context.n} local authorities: too few to correlate"
    ax.text(0, -0.16, stat, transform=ax.transAxes, fontsize=8, color=NOTE_COLOUR, va="top")
    where = ""
    if len(mine):
        where = (f" {context.area_name} is marked by a diamond: IMD average score "
                 f"{float(mine['imd_score'].iloc[0]):.1f}"
                 f" (rank {int(context.imd_rank)} of {context.ranked}, 1 = most deprived), "
                 f"{format_value(float(mine['prevalence'].iloc[0]), context.unit)}"
                 f"{'%' if context.unit == '%' else ' ' + context.unit}.")
    elif context.note:
        where = f" {context.area_name} has no single deprivation figure ({context.note})."
    what = in_sentence(context.title)
    describe(ax, f"Scatter chart: {title}. Each point is a local authority: its Index of Multiple Deprivation "
                 f"{context.vintage} average score (x, from {points['imd_score'].min():.1f} to "
                 f"{points['imd_score'].max():.1f}) against {what} in {context.period} (y, from "
                 f"{format_value(points['prevalence'].min(), context.unit)} to "
                 f"{format_value(points['prevalence'].max(), context.unit)}).{where} {stat}.", anchor=drawn)
    return ax


def placement_bars(table: pd.DataFrame, *, ax=None) -> Axes:
    """Where the area's children and young people with an EHC plan are educated, against England: paired horizontal
    bars, one pair per placement.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jsnakit.needs.placement.placement_table`'s frame.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Per placement, in the table's order: the area's share of plans (dark blue, hatched, with its 95% interval)
        and England's (orange, plain); a withheld share is written as its reason where its bar would be.

    Raises
    ------
    ArgumentError
        When ``table`` is not such a frame, or is empty.
    """
    _check(table, PLACEMENT_COLUMNS, "jsnakit.needs.placement.placement_table")
    if table.empty:
        raise ArgumentError("table must hold at least one placement; it is empty")
    name, period = str(table["area_name"].iloc[0]), str(table["period"].iloc[0])
    ax = chart_axes(ax, figsize=(7.2, 0.62 * len(table) + 1.8))
    y = np.arange(len(table), dtype=float)
    height = 0.38
    share = table["share"].to_numpy(float)
    shown = np.isfinite(share)
    bars = ax.barh(y[shown] - height / 2, share[shown], height=height, color=OKABE_ITO["blue"], hatch="///",
                   edgecolor="white", zorder=2)
    lo, hi = table["lower_ci"].to_numpy(float), table["upper_ci"].to_numpy(float)
    with_ci = shown & np.isfinite(lo) & np.isfinite(hi)
    if with_ci.any():
        ax.errorbar(share[with_ci], y[with_ci] - height / 2,
                    xerr=np.vstack([share[with_ci] - lo[with_ci], hi[with_ci] - share[with_ci]]), fmt="none",
                    ecolor="black", elinewidth=1, capsize=2.5, zorder=3)
    england = table["england"].to_numpy(float)
    ax.barh(y[np.isfinite(england)] + height / 2, england[np.isfinite(england)], height=height,
            color=OKABE_ITO["orange"], edgecolor="black", linewidth=0.5, zorder=2)
    notes = []
    for yi, rec in zip(y[~shown], table[~shown].to_dict("records")):
        reason = rec["reason"] or "no data"
        notes.append(ax.annotate(reason, xy=(0, yi - height / 2), xytext=(4, 0), textcoords="offset points",
                                 ha="left", va="center", fontsize=7.5, style="italic", color=NOTE_COLOUR))
    labels = [textwrap.fill(str(p), 34) for p in table["placement"]]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.set_xlabel("Per cent of all EHC plans (%)")
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(handles=[Patch(facecolor=OKABE_ITO["blue"], hatch="///", edgecolor="white",
                             label=f"{name} (95% confidence interval)"),
                       Patch(facecolor=OKABE_ITO["orange"], edgecolor="black", label="England")],
              loc="lower right", fontsize=8, frameon=True)
    title = f"Placement of children and young people with an EHC plan: {name} and England, January {january(period)}"
    ax.set_title(textwrap.fill(title, TITLE_WIDTH))
    each = []
    for rec in table.to_dict("records"):
        own = rec["reason"] or "no data" if is_missing(rec["share"]) else f"{format_value(rec['share'], '%')}%"
        each.append(f"{rec['placement']}: {name} {own}, England {_england(rec)}")
    describe(ax, f"Horizontal bar chart: {title}. " + "; ".join(each) + ".",
             anchor=bars[0] if len(bars) else notes[0])
    return ax


def placement_html(table: pd.DataFrame, *, caption: str) -> str:
    """An accessible HTML table of :func:`jsnakit.needs.placement.placement_table`.

    Parameters
    ----------
    table : pandas.DataFrame
        The placement table.
    caption : str
        What the table shows; becomes the ``<caption>``.

    Returns
    -------
    str
        ``<table class="jsnakit-table">``: placement ("of which" parts indented), plans, % of all plans with its 95%
        interval (or the reason it is withheld), compared with England, England, the region and the statistical
        neighbours' median (with the number of neighbours).

    Raises
    ------
    ArgumentError
        When ``table`` is not such a frame or ``caption`` is empty.
    """
    check_caption(caption)
    _check(table, PLACEMENT_COLUMNS, "jsnakit.needs.placement.placement_table")
    region = next((r for r in table["region_name"] if r), "Region")
    headers = ["Placement", "EHC plans", "% of all plans (95% CI)", "Compared with England (95%)", "England %",
               f"{region} %", "Statistical neighbours % (median)"]
    rows = []
    for rec in table.to_dict("records"):
        near = "" if is_missing(rec["neighbour_median"]) else (
            f"{format_value(rec['neighbour_median'], '%')} ({rec['neighbours']} areas)")
        rows.append(["\u2003" * int(rec["level"]) + str(rec["placement"]), _count(rec), _share(rec),
                     _compared(rec), _other(rec, "england"), _other(rec, "region"), near])
    return html_table(pd.DataFrame(rows, columns=headers),
                      ["", "count", "value", "comparison", "value", "value", "value"], caption)


def sex_html(table: pd.DataFrame, *, caption: str) -> str:
    """An accessible HTML table of :func:`jsnakit.needs.placement.sex_table`.

    Parameters
    ----------
    table : pandas.DataFrame
        The sex table.
    caption : str
        What the table shows; becomes the ``<caption>``.

    Returns
    -------
    str
        ``<table class="jsnakit-table">``: sex, plans, % of all plans with its 95% interval (or the reason it is
        withheld), compared with England, England, the region, and the school census's share of pupils with an EHC
        plan (area and England, with its January) where the folder holds them.

    Raises
    ------
    ArgumentError
        When ``table`` is not such a frame or ``caption`` is empty.
    """
    check_caption(caption)
    _check(table, SEX_COLUMNS, "jsnakit.needs.placement.sex_table")
    region = next((r for r in table["region_name"] if r), "Region")
    census_period = next((p for p in table["census_period"] if p), "")
    headers = ["Sex", "EHC plans", "% of all plans (95% CI)", "Compared with England (95%)", "England %",
               f"{region} %"]
    census = bool(census_period)
    if census:
        headers += [f"School census, January {january(census_period)}: % of pupils with an EHC plan",
                    f"School census, January {january(census_period)}: England %"]
    rows = []
    for rec in table.to_dict("records"):
        row = [rec["sex"], _count(rec), _share(rec), _compared(rec), _other(rec, "england"), _other(rec, "region")]
        if census:
            own = "" if is_missing(rec["census_share"]) else (
                f"{format_value(rec['census_share'], '%')} ({format_value(rec['census_lower_ci'], '%')} to "
                f"{format_value(rec['census_upper_ci'], '%')})")
            row += [own or "not held for this area", format_value(rec["census_england"], "%")]
        rows.append(row)
    styles = ["", "count", "value", "comparison", "value", "value"] + ["value", "value"] * census
    return html_table(pd.DataFrame(rows, columns=headers), styles, caption)


def _check(table, columns: list, maker: str) -> None:
    if not isinstance(table, pd.DataFrame) or list(table.columns) != columns:
        raise ArgumentError(f"table must be the frame {maker} returns; got {type(table).__name__}")


def _other(rec: dict, column: str) -> str:
    """A comparator's share, or why it is not shown."""
    return rec[f"{column}_reason"] if is_missing(rec[column]) else format_value(rec[column], "%")


def _england(rec: dict) -> str:
    return rec["england_reason"] or "no data" if is_missing(rec["england"]) else f"{format_value(rec['england'], '%')}%"


def _count(rec: dict) -> str:
    return rec["reason"] or "no data" if is_missing(rec["count"]) else format_count(rec["count"])


def _share(rec: dict) -> str:
    if is_missing(rec["share"]):
        return rec["reason"] or "no data"
    if is_missing(rec["lower_ci"]):
        return format_value(rec["share"], "%")
    return (f"{format_value(rec['share'], '%')} ({format_value(rec['lower_ci'], '%')} to "
            f"{format_value(rec['upper_ci'], '%')})")


def _compared(rec: dict) -> str:
    text = COMPARISON_TEXT.get(str(rec["comparison"]), "not compared")
    return text if text == "not compared" else f"{text} England"
