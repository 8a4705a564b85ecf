"""Outcomes by SEN status on the page: the gap chart, the headline sentence and the table of
:func:`jsnakit.needs.outcomes.outcome_table`.

The gap between pupils with an EHC plan (or on SEN support) and pupils with no identified SEN is the headline; the
chart puts the three groups of each percentage outcome on one line for the area, with England's value of each group
marked, so the gap reads as the length of the line and England's as the spacing of the marks.
"""
from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes

from ..core import indicators
from ..needs.outcomes import NO_SEN, NOT_IN_LAIT, SEN_GROUPS
from .descriptions import describe
from .formatting import html_table, is_missing
from .style import CONTEXT_GREY, OKABE_ITO, OKABE_ITO_DARK, chart_axes

__all__ = ["outcome_chart", "outcome_html", "headline_gap", "outcome_notes", "GROUP_STYLES", "SHORT_LABELS"]

#: Each SEN group's marker: colour, shape and a word, so colour is never the only signal.
GROUP_STYLES = {
    "EHC plan": {"color": OKABE_ITO["vermillion"], "marker": "D"},
    "SEN support": {"color": OKABE_ITO_DARK["orange"], "marker": "s"},
    NO_SEN: {"color": OKABE_ITO["blue"], "marker": "o"},
}


#: Each outcome's label on the chart (the table gives the full title).
SHORT_LABELS = {
    "eyfs_gld_pct": "Reception: good level of development",
    "phonics_pct": "Year 1 phonics check",
    "ks2_rwm_pct": "Key stage 2 reading, writing, maths",
    "ks4_destination_pct": "After key stage 4: education or work",
    "participation_16_17_pct": "Aged 16-17 in education or training",
    "level2_19_pct": "Level 2 by age 19",
    "level2_em_19_pct": "Level 2 with English and maths by 19",
    "level3_19_pct": "Level 3 by age 19",
}


def _short(indicator: str) -> str:
    """An outcome's label on the chart."""
    return SHORT_LABELS.get(indicator, indicators.get(indicator).title.split(" (")[0])


def headline_gap(table: pd.DataFrame, area_name: str) -> str | None:
    """The headline in one sentence: the gap at key stage 2 (else the latest percentage outcome with all three
    groups) between pupils with an EHC plan and pupils with no identified SEN, against England's gap.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jsnakit.needs.outcomes.outcome_table`.
    area_name : str
        The area's name.

    Returns
    -------
    str or None
        The sentence; None when no percentage outcome has both groups published for the area.

    Examples
    --------
    >>> import numpy as np
    >>> t = pd.DataFrame({"indicator": "ks2_rwm_pct", "unit": "%", "period": "2024/25",
    ...                   "category": ["EHC plan", "SEN support", "No identified SEN"], "area": [15.0, 46.0, 79.0],
    ...                   "england": [9.0, 29.0, 74.0], "gap": [-64.0, -33.0, np.nan],
    ...                   "england_gap": [-65.0, -45.0, np.nan]})
    >>> headline_gap(t, "Islington")   # doctest: +NORMALIZE_WHITESPACE
    "In 2024/25, 15% of Islington's pupils with an EHC plan met the expected standard in reading, writing and maths
    at key stage 2, against 79% of those with no identified SEN: a gap of 64 percentage points (England's: 65)."
    """
    rows = table[(table["unit"] == "%") & (table["category"] == "EHC plan") & table["gap"].notna()]
    if rows.empty:
        return None
    pick = rows[rows["indicator"] == "ks2_rwm_pct"]
    row = (pick if len(pick) else rows).iloc[0]
    base = table[(table["indicator"] == row["indicator"]) & (table["category"] == NO_SEN)].iloc[0]
    what = {"ks2_rwm_pct": "met the expected standard in reading, writing and maths at key stage 2",
            "phonics_pct": "met the expected standard in the year 1 phonics check"}.get(
        row["indicator"], f"reached it ({indicators.get(row['indicator']).title.lower()})")
    england = "" if is_missing(row["england_gap"]) else f" (England's: {abs(row['england_gap']):.0f})"
    return (f"In {row['period']}, {row['area']:.0f}% of {area_name}'s pupils with an EHC plan {what}, against "
            f"{base['area']:.0f}% of those with no identified SEN: a gap of {abs(row['gap']):.0f} percentage "
            f"points{england}.")


def outcome_chart(table: pd.DataFrame, area_name: str, *, ax: Axes | None = None) -> Axes:
    """The percentage outcomes by SEN status: one line per outcome joining the area's three groups, England's
    value of each group marked with a hollow shape of the same kind.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jsnakit.needs.outcomes.outcome_table` (its ``%`` rows are drawn; scores are in the table).
    area_name : str
        The area's name, for the title.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        Titled with the headline finding (:func:`headline_gap`), described for its alt text.
    """
    rows = table[(table["unit"] == "%") & table["category"].isin(SEN_GROUPS)]
    names = list(dict.fromkeys(rows["indicator"]))
    ax = chart_axes(ax, figsize=(8.5, 0.5 * max(len(names), 3) + 2.2))
    anchor = None
    words = []
    for i, name in enumerate(reversed(names)):
        mine = rows[rows["indicator"] == name].set_index("category")
        shown = mine["area"].dropna()
        if len(shown) >= 2:
            ax.plot([shown.min(), shown.max()], [i, i], color=CONTEXT_GREY, linewidth=2, zorder=1)
        for group, style in GROUP_STYLES.items():
            if group not in mine.index:
                continue
            value, england = mine.at[group, "area"], mine.at[group, "england"]
            if not is_missing(value):
                anchor = ax.scatter([value], [i], s=60, zorder=3, label=group, **style)
            if not is_missing(england):
                ax.scatter([england], [i], s=60, zorder=2, facecolors="none", edgecolors=style["color"],
                           marker=style["marker"], linewidths=1.4, label=f"{group}, England")
        parts = [f"{g} {mine.at[g, 'area']:.0f}%" for g in GROUP_STYLES
                 if g in mine.index and not is_missing(mine.at[g, "area"])]
        words.append(f"{_short(name)} ({mine['period'].iloc[0]}): " + (", ".join(parts) or "withheld"))
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([f"{_short(n)}\n({rows.loc[rows['indicator'] == n, 'period'].iloc[0]})"
                        for n in reversed(names)], fontsize=8.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Per cent (%) reaching the measure")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    if unique:
        ax.legend(unique.values(), unique.keys(), loc="upper center", bbox_to_anchor=(0.4, -0.12), ncol=3,
                  frameon=False, fontsize=8)
    headline = headline_gap(table, area_name)
    ax.figure.suptitle(textwrap.fill(headline or f"Outcomes by SEN status, {area_name}", 95), x=0.01, ha="left",
                       fontsize=10)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    if anchor is not None:
        describe(ax, "Outcomes by SEN status (filled: the area; hollow: England). " + "; ".join(reversed(words))
                 + ".", anchor=anchor)
    return ax


def _figure(value, unit: str, indicator: str = "") -> str:
    """A figure as the table shows it: a percentage whole, a progress score signed to two places (0 is the national
    average of all pupils), an average score to one place."""
    if is_missing(value):
        return ""
    if unit == "%":
        return f"{value:.0f}%"
    return f"{value:+.2f}" if "progress" in indicator else f"{value:.1f}"


def outcome_html(table: pd.DataFrame, *, caption: str) -> str:
    """The outcomes table: each outcome and SEN group, the area against England, the region and the neighbours'
    median, its rank and LAIT quartile band, and the gap to pupils with no identified SEN.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jsnakit.needs.outcomes.outcome_table`.
    caption : str
        The table's caption.

    Returns
    -------
    str
        An accessible HTML table (:func:`jsnakit.render.formatting.html_table`); a withheld figure reads
        "withheld (the group is small)", one LAIT does not publish "not published".

    Examples
    --------
    >>> import numpy as np
    >>> t = pd.DataFrame({"indicator": "attainment8", "unit": "score", "period": "2024/25",
    ...                   "category": ["EHC plan", "No identified SEN"], "area": [np.nan, 51.1],
    ...                   "england": [14.8, 50.2], "region": np.nan, "neighbours": np.nan, "rank": [np.nan, 52],
    ...                   "of": 152, "quartile": [None, "B"], "gap": [np.nan, np.nan],
    ...                   "england_gap": [-35.4, np.nan], "note": ["c (uncounted)", None]})
    >>> "withheld (the group is small)" in outcome_html(t, caption="Outcomes")
    True
    """
    rows = []
    for r in table.itertuples():
        unit = r.unit
        if is_missing(r.area):
            area = "withheld (the group is small)" if str(r.note).startswith("c") else "not published"
        else:
            area = _figure(r.area, unit, r.indicator)
        gap = "" if is_missing(r.gap) else (f"{r.gap:+.0f} points" if unit == "%" else f"{r.gap:+.1f}")
        england_gap = "" if is_missing(r.england_gap) else (f"{r.england_gap:+.0f} points" if unit == "%"
                                                            else f"{r.england_gap:+.1f}")
        rank = "" if is_missing(r.rank) else f"{int(r.rank)} of {int(r.of)}"
        rows.append([f"{indicators.get(r.indicator).title} ({r.period})", r.category, area,
                     _figure(r.england, unit, r.indicator), _figure(r.region, unit, r.indicator),
                     _figure(r.neighbours, unit, r.indicator), rank,
                     "" if is_missing(r.quartile) else r.quartile, gap, england_gap])
    frame = pd.DataFrame(rows, columns=["Outcome", "Group", "Area", "England", "Region", "Neighbours (median)",
                                        "Rank (1 = best) among LAs shown", "Quartile band (A best)", "Gap to no SEN",
                                        "England's gap"])
    return html_table(frame, ["", "", "value", "value", "value", "value", "", "", "value", "value"], caption)


def outcome_notes() -> str:
    """What the outcome figures are and are not, as Markdown: LAIT's figures without counts, compared by rank and
    quartile band, withheld when the group could be small; and the outcomes LAIT does not hold.

    Returns
    -------
    str
        One paragraph.
    """
    return ("*LAIT publishes these outcomes as a percentage or an average score without the number of pupils behind "
            "it, so no confidence interval can be given and no difference is called significant: the area is "
            "compared as LAIT compares it, by its rank among local authorities (1 is best; among those whose figure "
            "can be shown here) and its quartile band (A is the best quarter). A figure is withheld when the group "
            "of pupils behind it could be small (estimated from the area's residents of one school year and the "
            "group's share of its pupils). " + NOT_IN_LAIT
            + "*")

