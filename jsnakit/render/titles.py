"""Chart titles that state the finding ("Pupils with an EHC plan in Islington rose from 5.1% to 7.5% ..."), as the
factsheet's sections open with them, instead of titles that only name what is drawn.

Each function reads a disclosed frame (or a table built from one), so a title can never carry a withheld figure;
where the figure it would state is withheld or missing it falls back to a descriptive title. :func:`retitle` puts
a title on a chart, wrapped as the charts wrap theirs; :func:`jsnakit.render.charts.alt_text` then starts with it.
"""
from __future__ import annotations

import textwrap

import pandas as pd

from .. import disclosure
from ..core import geography, indicators
from ..projection.scenarios import PUBLISHED_SCENARIO
from .formatting import with_unit
from .shading import quantile_shading
from .style import TITLE_WIDTH

__all__ = ["LITTLE_CHANGE", "retitle", "trend_title", "funnel_title", "need_title", "placement_title", "map_title",
           "projection_title"]

#: A change smaller than this fraction of the first value "changed little".
LITTLE_CHANGE = 0.02


def retitle(ax, title: str):
    """Set a chart's title, wrapped at :data:`jsnakit.render.style.TITLE_WIDTH` characters.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart.
    title : str
        Its title (one of this module's findings).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.
    """
    ax.set_title(textwrap.fill(title, TITLE_WIDTH))
    return ax


def _rows(disclosed, indicator, area_code, *, breakdown="All", category="All") -> pd.DataFrame:
    frame = disclosure.require(disclosed).frame
    rows = frame[(frame["indicator"] == indicator) & (frame["area_code"] == area_code)
                 & (frame["breakdown"] == breakdown) & (frame["category"] == category)]
    return rows.dropna(subset=["value"]).sort_values("period")


def trend_title(disclosed, *, indicator: str, area_code: str, up_to: str | None = None) -> str:
    """How the area's figure moved from its first to its latest published period, with England's.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The area's profile (or the national frame).
    indicator, area_code : str
        Which series (GSS code).
    up_to : str, optional
        The latest period drawn.

    Returns
    -------
    str
        E.g. ``"Pupils with an EHC plan in Islington rose from 5.1% in 2018/19 to 7.5% in 2025/26 (England: from
        4.0% to 6.0%)"``; a change under 2% of the first value "changed little". The indicator's title and the
        area when fewer than two periods are published.
    """
    spec = indicators.get(indicator)
    name = geography.area(area_code)["area_name"]
    own = _rows(disclosed, indicator, area_code)
    if up_to is not None:
        own = own[own["period"].astype(str) <= str(up_to)]
    if len(own) < 2:
        return f"{spec.title}: {name}"
    first, last = own.iloc[0], own.iloc[-1]
    verb = _verb(first["value"], last["value"])
    text = (f"{spec.title} in {name} {verb} from {with_unit(first['value'], spec.unit)} in {first['period']} to "
            f"{with_unit(last['value'], spec.unit)} in {last['period']}")
    england = _rows(disclosed, indicator, geography.ENGLAND).set_index("period")["value"]
    if area_code != geography.ENGLAND and first["period"] in england.index and last["period"] in england.index:
        text += (f" (England: from {with_unit(england[first['period']], spec.unit)} to "
                 f"{with_unit(england[last['period']], spec.unit)})")
    return text


def funnel_title(standing: pd.DataFrame, *, indicator: str, area_name: str) -> str:
    """Where the area lies on the funnel plot, from its two-level comparison with England (95% and 99.8%).

    Parameters
    ----------
    standing : pandas.DataFrame
        :func:`jsnakit.needs.profile.standing` (its ``significance`` column).
    indicator : str
    area_name : str

    Returns
    -------
    str
        E.g. ``"Islington lies above the 99.8% limit: more pupils with an EHC plan than chance explains for its
        size"``.
    """
    spec = indicators.get(indicator)
    row = standing[standing["indicator"] == indicator]
    what = _lower_first(spec.title)
    if row.empty or row["value"].isna().all():
        return f"{spec.title}: {area_name} among England's local authorities"
    significance = str(row["significance"].iloc[0])
    side = "above" if significance.startswith("higher") else "below"
    if significance.endswith("(99.8%)"):
        return f"{area_name} lies {side} the 99.8% limit: {_more(side)} {what} than chance explains for its size"
    if significance.endswith("(95%)"):
        return (f"{area_name} lies {side} the 95% limit but inside the 99.8% limits: {_more(side)} {what} than "
                f"England, short of the stricter test")
    if significance == "similar":
        return f"{area_name} lies inside the limits: its {what} differs from England's no more than chance explains"
    return f"{spec.title}: {area_name} among England's local authorities"


def _more(side: str) -> str:
    return "more" if side == "above" else "fewer"


def need_title(disclosed, *, indicator: str, area_code: str, period: str) -> str:
    """The most common primary need, its share and England's.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The area's profile.
    indicator : str
        ``"ehc_need_share"`` (school census) or ``"ehc_plan_need_share"`` (SEN2).
    area_code, period : str
        The area (GSS code) and the period.

    Returns
    -------
    str
        E.g. ``"Autistic spectrum disorder is the most common primary need in Islington: 37.9% of pupils with an
        EHC plan (England 33.4%)"``.
    """
    frame = disclosure.require(disclosed).frame
    spec = indicators.get(indicator)
    name = geography.area(area_code)["area_name"]
    rows = frame[(frame["indicator"] == indicator) & (frame["period"] == period)]
    own = rows[rows["area_code"] == area_code].dropna(subset=["value"])
    if own.empty:
        return f"{spec.title}: {name}, {period}"
    top = own.loc[own["value"].idxmax()]
    withheld = rows[(rows["area_code"] == area_code) & rows["value"].isna()]
    among = " (among the needs that can be published)" if len(withheld) else ""
    england = rows[(rows["area_code"] == geography.ENGLAND) & (rows["category"] == top["category"])]["value"].dropna()
    tail = f" (England {with_unit(england.iloc[0], '%')})" if len(england) and area_code != geography.ENGLAND else ""
    whose = "pupils with an EHC plan" if indicator == "ehc_need_share" else "EHC plans"
    return (f"{top['category']} is the most common primary need in {name}{among}: {with_unit(top['value'], '%')} of "
            f"{whose}{tail}")


def placement_title(table: pd.DataFrame) -> str:
    """The share of the area's EHC plans in mainstream and in special schools, against England.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jsnakit.needs.placement.placement_table`.

    Returns
    -------
    str
        E.g. ``"43.7% of Rochdale's EHC plans are in mainstream schools (England 41.2%) and 29.4% in special schools
        (England 32.0%)"``.
    """
    name = str(table["area_name"].iloc[0]) if len(table) else "the area"
    parts = []
    for category, where in (("Mainstream school", "mainstream schools"), ("Special school", "special schools")):
        row = table[table["category"] == category]
        if len(row) and row["share"].notna().iloc[0]:
            england = row["england"].iloc[0]
            tail = f" (England {with_unit(england, '%')})" if england == england else ""
            parts.append(f"{with_unit(row['share'].iloc[0], '%')} in {where}{tail}")
    if not parts:
        return f"Placement of EHC plans, {name}"
    first, *rest = parts
    head = first.replace(" in ", f" of {name}'s EHC plans are in ", 1)
    return head + (f" and {rest[0]}" if rest else "")


def map_title(on_map, *, indicator: str, area_code: str, period: str) -> str:
    """Which fifth of England's local authorities the area falls in: the quantile class the map shades it in.

    Parameters
    ----------
    on_map : jsnakit.disclosure.Disclosed
        :func:`jsnakit.needs.profile.across_areas` (every LA's published value).
    indicator, area_code, period : str

    Returns
    -------
    str
        E.g. ``"Islington is in the highest fifth of local authorities for pupils with an EHC plan (7.5%, January
        2026 census)"``.
    """
    frame = disclosure.require(on_map).frame
    spec = indicators.get(indicator)
    name = geography.area(area_code)["area_name"]
    las = frame[frame["area_type"].isin(geography.LA_TYPES) & (frame["period"] == period)]
    values = las.dropna(subset=["value"]).drop_duplicates("area_code").set_index("area_code")["value"]
    what = _lower_first(spec.title)
    if area_code not in values.index or len(values) < 5:
        return f"{spec.title}, {period}, by upper-tier local authority"
    # The class the map shades it in (the same quantile classes as :func:`jsnakit.render.maps.choropleth`).
    shading = quantile_shading(values.to_numpy(dtype=float), k=5, unit=None)
    at = int(shading.classes[list(values.index).index(area_code)])
    figure = f"({with_unit(values[area_code], spec.unit)}, {period})"
    if len(shading.labels) != 5:
        return f"{name} among England's local authorities for {what} {figure}"
    fifth = ["lowest", "second lowest", "middle", "second highest", "highest"][at]
    return f"{name} is in the {fifth} fifth of local authorities for {what} {figure}"


def projection_title(projected, *, area_name: str) -> str:
    """The projected EHC plans in the last year, with the 95% interval.

    Parameters
    ----------
    projected : jsnakit.disclosure.Projected
        :func:`jsnakit.disclosure.apply_projection` (rounded figures).
    area_name : str

    Returns
    -------
    str
        E.g. ``"EHC plans in Islington are projected to reach about 11,120 by January 2035 (95% interval 8,290 to
        14,710)"``.
    """
    frame = projected.frame
    total = frame[(frame["age_band"] == "All") & (frame["need"] == "All")].dropna(subset=["median"])
    if total.empty:
        return f"EHC plans, {area_name}: published and projected"
    if "scenario" in total and (total["scenario"] == PUBLISHED_SCENARIO).any():
        total = total[total["scenario"] == PUBLISHED_SCENARIO]
    last = total.sort_values("period").iloc[-1]
    january = int(str(last["period"])[:4]) + 1
    return (f"EHC plans in {area_name} are projected to reach about {last['median']:,.0f} by January {january} "
            f"(95% interval {last['lower_95']:,.0f} to {last['upper_95']:,.0f})")


def _lower_first(title: str) -> str:
    """A title inside a sentence: "Pupils with ..." -> "pupils with ...", but "EHC plans ..." stays."""
    return title if title[1:2].isupper() else title[:1].lower() + title[1:]


def _verb(first: float, last: float) -> str:
    if first and abs(last / first - 1) < LITTLE_CHANGE:
        return "changed little"
    return "rose" if last > first else "fell"
