"""An area set against its comparators: every indicator, breakdown and category of one area against England (at 95%
and 99.8%), its region, its statistical neighbours and a user's comparator group, with its rank, quarter and recent
trend (:func:`comparison_frame`), and that frame's headline rows (:func:`standing`). Computed from the published
(disclosed) figures only.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .. import disclosure
from ..core import geography, indicators
from ..stats import methods
from ..core.errors import ArgumentError
from ..core.schema import NEIGHBOUR_COLUMNS

__all__ = ["comparison_frame", "standing", "STANDING", "STANDING_COLUMNS", "SIGNIFICANCE", "GROUP_NAME",
           "neighbour_codes"]


#: Indicators of an area's standing table, in order (those the frame holds are shown).
STANDING = ("ehc_pupils_pct", "sen_support_pct", "ehc_plans_per_10k", "new_ehc_plans_per_10k", "ehc_20_weeks_pct",
            "ehc_requests_agreed_pct")
#: Columns of :func:`comparison_frame` and :func:`standing` (the same for both, whatever the arguments).
STANDING_COLUMNS = [
    "area_code", "area_name", "indicator", "title", "unit", "breakdown", "category", "period",
    "count", "denominator", "value", "lower_ci", "upper_ci", "note", "comparison", "significance",
    "england", "region", "neighbour_median", "neighbours", "group_median", "group_n", "group_name",
    "rank", "ranked", "quartile", "trend", "trend_from", "trend_to",
]
#: Values of ``significance``: the Fingertips two-level comparison with England (95% and 99.8% limits).
SIGNIFICANCE = ("higher (99.8%)", "higher (95%)", "similar", "lower (95%)", "lower (99.8%)", "not compared")
#: ``group_name`` of a comparator group given as a plain list of codes.
GROUP_NAME = "Comparator group"

_FRAME_KEYS = ["indicator", "breakdown", "category"]


def comparison_frame(disclosed, area_code: str, *, period: str | None = None, neighbours: pd.DataFrame | None = None,
                     group=None, indicators_shown=None) -> pd.DataFrame:
    """Every indicator, breakdown and category for one area, set against England, its region, its statistical
    neighbours and a comparator group, with its rank, quarter and recent trend: the area's complete comparison frame.

    Everything is computed from the published (disclosed) figures only, so nothing withheld can be recovered from a
    rank or a median. Issue 6 ("for an area and period, every SEND indicator ... as one indicator frame").

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The national indicator frame after :func:`jsnakit.disclosure.apply`
        (:func:`jsnakit.needs.profile.published`), with 95% limits.
    area_code : str
        GSS code (or DfE number) of an upper-tier LA (a region or England also works: no rank, no quarter).
    period : str, optional
        Latest period to report (e.g. ``"2025/26"``). Each indicator and breakdown uses its latest period with a
        published value up to it; labels compare as text, so calendar-year indicators use their latest year up to
        ``"2025"``. Default: each indicator's and breakdown's latest period.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); gives ``neighbour_median``.
    group : sequence of str or dict, optional
        A comparator group chosen by the user: GSS codes or DfE numbers of upper-tier LAs (e.g. the LAs of an ICB,
        or similar areas an analyst picked), or ``{"name": "North Central London ICB", "areas": [...]}``. The area
        itself may be listed; it is left out of the group's median. None: no group (``group_median`` NaN,
        ``group_n`` 0, ``group_name`` None).
    indicators_shown : sequence of str, optional
        Indicator ids to include, in the order of the rows; those absent from the frame are skipped. Default every
        indicator of the frame, in the order of :data:`jsnakit.core.indicators.CATALOGUE`.

    Returns
    -------
    pandas.DataFrame
        :data:`STANDING_COLUMNS`, one row per indicator x breakdown x category the area has in its period (``All``
        breakdown first, then categories in the order of the national frame):

        * ``area_code``, ``area_name``; ``indicator``, ``title``, ``unit`` (``"%"``, ``"per 10,000"``, ``"plans"``...),
          ``breakdown``, ``category``, ``period``;
        * the area's ``count``, ``denominator``, ``value`` with its 95% ``lower_ci``/``upper_ci`` (NaN where
          withheld) and ``note`` as published;
        * ``comparison`` with England at 95% as published (``higher``/``similar``/``lower``/``not compared``) and
          ``significance``, the Fingertips two-level comparison (:data:`SIGNIFICANCE`): ``"higher (99.8%)"`` when
          England's value lies outside the area's 99.8% interval, ``"higher (95%)"`` when outside the 95% interval
          only, ``"similar"``, ``"lower (95%)"``, ``"lower (99.8%)"``, or ``"not compared"`` (counts, withheld
          values, England itself). The 99.8% limits are Wilson's (percentages) or Byar's / exact Poisson (rates)
          from the published count and denominator;
        * ``england`` and ``region``: their values for the same indicator, period, breakdown and category;
        * ``neighbour_median`` and ``neighbours`` (how many neighbours have a published value), ``group_median``,
          ``group_n`` (members with a published value, the area itself excluded) and ``group_name``;
        * ``rank`` among the ``ranked`` upper-tier LAs with a published value (float; 1 = highest value, ties share
          the lower rank: :func:`jsnakit.stats.ranking.rank`; SEND indicators carry no judgement, so high is not
          "best"),
          ``quartile`` (``"1"`` lowest quarter to ``"4"`` highest, LAIT's bands with Excel PERCENTILE.INC bounds:
          :func:`jsnakit.stats.ranking.lait_quartile_band`; None when the value is withheld);
        * ``trend``: the Fingertips recent-trend marker over the 5 most recent periods up to ``period``
          (:func:`jsnakit.stats.trend.recent_trend`, 99.8%: chi-square test for trend in proportions for percentages,
          the weighted-regression method for rates; counts ``"cannot be calculated"``), between ``trend_from``
          and ``trend_to``.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed disclosure control.
    ArgumentError
        When the area is unknown or has no rows, the frame's limits are not 95% limits, ``group`` names unknown
        codes or areas that are not upper-tier LAs, or ``neighbours`` / ``indicators_shown`` are malformed.

    References
    ----------
    OHID Fingertips technical guidance (comparisons with the benchmark at 95% and 99.8%, quartiles, recent trends);
    DfE LAIT quartile banding and ranking.
    """
    data = disclosure.require(disclosed).frame
    area = geography.area(area_code)
    code, region = area["area_code"], area["region_code"]
    shown = _indicators_shown(indicators_shown)
    close = neighbour_codes(neighbours, code)
    members, group_name = _comparator_group(group, code)
    _require_95(data)
    if not (data["area_code"] == code).any():
        raise ArgumentError(f"area_code must be an area present in the data; got {area_code!r} "
                            f"({area['area_name']}), which has no rows")
    if shown is not None:
        data = data[data["indicator"].isin(shown)]
    order = list(shown) if shown is not None else list(indicators.CATALOGUE)
    order += sorted(set(data["indicator"].dropna().unique()) - set(order))

    # Each indicator and breakdown at its latest period with a published value (up to ``period``).
    valued = data["value"].notna()
    if period is not None:
        valued &= data["period"] <= str(period)
    if not valued.any():
        return _standing_frame({}, 0)
    group = data.groupby(["indicator", "breakdown"], sort=False).ngroup()
    latest = group.map(data.loc[valued, "period"].groupby(group[valued]).max())  # NaN: no value in the group
    held = latest.notna().to_numpy(dtype=bool)
    data, latest = data[held], latest[held]
    now = data[(data["period"] == latest).to_numpy(dtype=bool)]
    own = now[now["area_code"] == code]
    position = own["indicator"].map({ind: i for i, ind in enumerate(order)}).to_numpy(dtype=float)
    own = own.assign(_order=position, _split=(own["breakdown"] != "All").to_numpy()).sort_values(
        ["_order", "_split"], kind="stable").drop(columns=["_order", "_split"]).reset_index(drop=True)
    if own.empty:
        return _standing_frame({}, 0)
    at = pd.MultiIndex.from_frame(own[_FRAME_KEYS])

    def values_of(codes) -> np.ndarray:
        rows = now[now["area_code"] == codes]
        return rows.set_index(_FRAME_KEYS)["value"].reindex(at).to_numpy(dtype=float)

    england = values_of(geography.ENGLAND)
    regional = values_of(region) if region else np.full(len(own), np.nan)
    near_median, near_n = _median_of(now, close, at)
    group_median, group_n = _median_of(now, members, at)
    rank, ranked, quartile = _rank_and_quartile(now, code, at)
    lower_998, upper_998 = _limits_998(own)
    level = methods.significance(own["lower_ci"], own["upper_ci"], lower_998, upper_998, england)
    significance = [
        f"{c} ({'99.8%' if lv == '99.8%' else '95%'})" if c in ("higher", "lower") else
        "similar" if c == "similar" else "not compared"
        for c, lv in zip(own["comparison"], level)
    ]
    history = data[(data["area_code"] == code).to_numpy(dtype=bool) & (data["period"] <= latest).to_numpy(dtype=bool)]
    trends = _trends(history, at)
    titles = {i: (indicators.CATALOGUE[i].title if i in indicators.CATALOGUE else i) for i in order}
    columns = {
        "area_code": np.full(len(own), code, dtype=object),
        "area_name": np.full(len(own), area["area_name"], dtype=object),
        "indicator": own["indicator"].to_numpy(dtype=object),
        "title": own["indicator"].map(titles).to_numpy(dtype=object),
        "unit": own["unit"].to_numpy(dtype=object),
        "breakdown": own["breakdown"].to_numpy(dtype=object),
        "category": own["category"].to_numpy(dtype=object),
        "period": own["period"].to_numpy(dtype=object),
        "count": own["count"].to_numpy(dtype=float),
        "denominator": own["denominator"].to_numpy(dtype=float),
        "value": own["value"].to_numpy(dtype=float),
        "lower_ci": own["lower_ci"].to_numpy(dtype=float),
        "upper_ci": own["upper_ci"].to_numpy(dtype=float),
        "note": own["note"].to_numpy(dtype=object),
        "comparison": own["comparison"].to_numpy(dtype=object),
        "significance": np.array(significance, dtype=object),
        "england": england,
        "region": regional,
        "neighbour_median": near_median,
        "neighbours": near_n,
        "group_median": group_median,
        "group_n": group_n,
        "group_name": np.full(len(own), group_name, dtype=object),
        "rank": rank,
        "ranked": ranked,
        "quartile": quartile,
        "trend": trends["direction"].to_numpy(dtype=object),
        "trend_from": trends["period_from"].to_numpy(dtype=object),
        "trend_to": trends["period_to"].to_numpy(dtype=object),
    }
    return _standing_frame(columns, len(own))


def standing(disclosed, area_code: str, *, period: str | None = None, neighbours: pd.DataFrame | None = None,
             group=None, indicators_shown=STANDING) -> pd.DataFrame:
    """Where an area stands on each headline indicator: against England (at 95% and 99.8%), its region, its
    statistical neighbours and a comparator group, its rank and quartile among England's upper-tier LAs, and its
    recent trend.

    The headline rows (breakdown ``All``) of :func:`comparison_frame`; use that for every breakdown and category.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The national indicator frame after :func:`jsnakit.disclosure.apply` (:func:`jsnakit.needs.profile.published`).
    area_code : str
        GSS code (or DfE number) of an upper-tier LA.
    period : str, optional
        Latest period to report (e.g. ``"2025/26"``); each indicator uses its latest period up to it (calendar-year
        indicators their latest year). Default: each indicator's latest period.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); gives ``neighbour_median``.
    group : sequence of str or dict, optional
        A comparator group: GSS codes or DfE numbers of upper-tier LAs, or ``{"name": ..., "areas": [...]}``
        (see :func:`comparison_frame`); gives ``group_median``, ``group_n`` and ``group_name``.
    indicators_shown : sequence of str, default :data:`STANDING`
        Indicator ids, in the order of the rows; those absent from the frame are skipped.

    Returns
    -------
    pandas.DataFrame
        :data:`STANDING_COLUMNS` (as :func:`comparison_frame`), one row per indicator: breakdown and category
        ``All``.

    Raises
    ------
    DisclosureError, ArgumentError
        As :func:`comparison_frame`.

    References
    ----------
    OHID Fingertips technical guidance (comparisons, quartiles, recent trends); DfE LAIT quartile banding.
    """
    if indicators_shown is None:
        raise ArgumentError("indicators_shown must be a list of indicator ids; got None (use comparison_frame for "
                            "every indicator)")
    frame = comparison_frame(disclosed, area_code, period=period, neighbours=neighbours, group=group,
                             indicators_shown=indicators_shown)
    totals = (frame["breakdown"] == "All") & (frame["category"] == "All")
    return frame[totals.to_numpy(dtype=bool)].reset_index(drop=True)


def _standing_frame(columns: dict, n: int) -> pd.DataFrame:
    """The frame of :data:`STANDING_COLUMNS` with fixed dtypes, from arrays (or none, for no rows)."""
    integers = ("neighbours", "group_n", "ranked")
    floats = ("count", "denominator", "value", "lower_ci", "upper_ci", "england", "region", "neighbour_median",
              "group_median", "rank")
    out = {}
    for name in STANDING_COLUMNS:
        dtype = "int64" if name in integers else "float64" if name in floats else object
        out[name] = pd.Series(columns[name] if n else [], dtype=dtype)
    return pd.DataFrame(out, columns=STANDING_COLUMNS)


def _indicators_shown(indicators_shown) -> list[str] | None:
    if indicators_shown is None:
        return None
    if isinstance(indicators_shown, str) or not isinstance(indicators_shown, Iterable):
        raise ArgumentError(f"indicators_shown must be a list of indicator ids; got {indicators_shown!r}")
    shown = list(dict.fromkeys(indicators_shown))
    for indicator in shown:
        indicators.get(indicator)  # an unknown id raises, listing the known ones
    return shown


def neighbour_codes(neighbours, code: str) -> list[str]:
    """The statistical neighbours of one area, as listed in a neighbours frame.

    Parameters
    ----------
    neighbours : pandas.DataFrame or None
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`; at least ``area_code`` and
        ``neighbour_code``), or None for none.
    code : str
        GSS code of the area.

    Returns
    -------
    list of str
        The GSS codes of the area's neighbours in the frame's order; empty when ``neighbours`` is None or lists
        none for the area.

    Raises
    ------
    ArgumentError
        When ``neighbours`` is not a frame with the columns ``area_code`` and ``neighbour_code``.

    Examples
    --------
    >>> frame = pd.DataFrame({"area_code": ["E09000019", "E09000019", "E09000001"],
    ...                       "neighbour_code": ["E09000012", "E09000022", "E09000033"], "rank": [1, 2, 1]})
    >>> neighbour_codes(frame, "E09000019")
    ['E09000012', 'E09000022']
    """
    if neighbours is None:
        return []
    if not isinstance(neighbours, pd.DataFrame) or not {"area_code", "neighbour_code"} <= set(neighbours.columns):
        raise ArgumentError(f"neighbours must be a frame of statistical neighbours with the columns "
                            f"{NEIGHBOUR_COLUMNS}; got {type(neighbours).__name__}")
    return neighbours.loc[neighbours["area_code"] == code, "neighbour_code"].tolist()



def _comparator_group(group, code: str) -> tuple[list[str], str | None]:
    """The GSS codes of a user's comparator group (the area itself left out) and its name."""
    if group is None:
        return [], None
    name, areas = GROUP_NAME, group
    if isinstance(group, Mapping):
        keys = set(group)
        if "areas" not in keys or not keys <= {"name", "areas"}:
            raise ArgumentError(f"group must be a list of area codes or a mapping {{'name': ..., 'areas': [...]}}; "
                                f"got a mapping with the keys {sorted(map(str, keys))}")
        name, areas = group.get("name", GROUP_NAME), group["areas"]
        if not isinstance(name, str) or not name.strip():
            raise ArgumentError(f"group name must be a non-empty string; got {name!r}")
    if isinstance(areas, (str, bytes)) or not isinstance(areas, Iterable):
        raise ArgumentError(f"group must be a list of GSS codes or DfE LA numbers; got {areas!r}")
    areas = list(areas)
    if not areas:
        raise ArgumentError("group must name at least one area; got none")
    codes, unknown, not_las = [], [], []
    for given in areas:
        try:
            row = geography.area(given)
        except ArgumentError:
            unknown.append(given)
            continue
        if row["area_type"] not in geography.LA_TYPES:
            not_las.append(f"{row['area_code']} ({row['area_name']}, {row['area_type']})")
        elif row["area_code"] not in codes:
            codes.append(row["area_code"])
    if unknown:
        raise ArgumentError(f"group must list GSS codes or DfE numbers of upper-tier local authorities; got "
                            f"{len(unknown)} unknown: {', '.join(repr(u) for u in unknown)}")
    if not_las:
        raise ArgumentError(f"group must list upper-tier local authorities only; got {'; '.join(not_las)}")
    return [c for c in codes if c != code], name.strip()


def _require_95(data: pd.DataFrame) -> None:
    level = data["confidence"].to_numpy(dtype=float)
    wrong = ~np.isnan(level) & ~np.isclose(level, 0.95)
    if wrong.any():
        raise ArgumentError(f"disclosed must hold 95% confidence limits (profile.national's default); got "
                            f"confidence {float(level[wrong][0])!r}")


def _median_of(now: pd.DataFrame, codes: list[str], at: pd.MultiIndex) -> tuple[np.ndarray, np.ndarray]:
    """Median and number of the published values of ``codes``, for each key of ``at``."""
    rows = now[now["area_code"].isin(codes)]
    if rows.empty:
        return np.full(len(at), np.nan), np.zeros(len(at), dtype=np.int64)
    stats = rows.groupby(_FRAME_KEYS)["value"].agg(["median", "count"]).reindex(at)
    return stats["median"].to_numpy(dtype=float), stats["count"].fillna(0).to_numpy(dtype=np.int64)


def _rank_and_quartile(now: pd.DataFrame, code: str, at: pd.MultiIndex):
    """Rank (1 = highest), number ranked and LAIT quartile band of the area among the LAs, for each key of ``at``."""
    from ..stats import ranking

    las = now[now["area_type"].isin(geography.LA_TYPES)]
    positions = las.groupby(_FRAME_KEYS, sort=False).indices
    values = las["value"].to_numpy(dtype=float)
    mine = (las["area_code"] == code).to_numpy(dtype=bool)
    rank = np.full(len(at), np.nan)
    ranked = np.zeros(len(at), dtype=np.int64)
    quartile = np.full(len(at), None, dtype=object)
    for i, key in enumerate(at):
        where = positions.get(key)
        if where is None:
            continue
        group = values[where]
        ranked[i] = int(np.isfinite(group).sum())
        own = np.flatnonzero(mine[where])
        if len(own) == 0 or np.isnan(group[own[0]]):
            continue
        rank[i] = ranking.rank(group, ascending=False)[own[0]]
        spec = indicators.CATALOGUE.get(key[0])
        polarity = _LAIT_POLARITY.get(spec.polarity if spec is not None else "", "no judgement")
        quartile[i] = ranking.lait_quartile_band(group, polarity=polarity)[own[0]]
    return rank, ranked, quartile


#: The catalogue's polarity in LAIT's words (its quartile bands: A best to D worst; 1-4 with no judgement).
_LAIT_POLARITY = {"high is good": "higher is better", "low is good": "lower is better", "no judgement": "no judgement"}


def _limits_998(own: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The 99.8% limits of each row, by the indicator's method, from its published count and denominator."""
    specs = [indicators.CATALOGUE.get(i) for i in own["indicator"]]
    kind = np.array([s.method if s is not None else "none" for s in specs], dtype=object)
    multiplier = np.array([s.multiplier if s is not None else np.nan for s in specs], dtype=float)
    x = own["count"].to_numpy(dtype=float)
    n = own["denominator"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        usable = np.isfinite(x) & np.isfinite(n) & (x >= 0) & (n > 0)
    lower = np.full(len(own), np.nan)
    upper = np.full(len(own), np.nan)
    wilson = usable & (kind == "Wilson") & (x <= np.where(usable, n, 0))
    if wilson.any():
        lo, up = methods.wilson_ci(x[wilson], n[wilson], confidence=0.998)
        lower[wilson], upper[wilson] = lo * multiplier[wilson], up * multiplier[wilson]
    byar = usable & (kind == "Byar")
    if byar.any():  # exact Poisson below 10 events, Byar from 10, as methods.rate
        lo, up = methods.byar_ci(x[byar], confidence=0.998, method="auto")
        per = multiplier[byar] / n[byar]
        lower[byar], upper[byar] = lo * per, up * per
    return lower, upper


def _trends(history: pd.DataFrame, at: pd.MultiIndex) -> pd.DataFrame:
    """The recent-trend marker of the area's series for each key of ``at`` (``direction``, ``period_from/to``)."""
    from ..stats import trend

    methods_of = {i: indicators.CATALOGUE[i].method if i in indicators.CATALOGUE else "none"
                  for i in history["indicator"].unique()}
    kind = history["indicator"].map(methods_of)
    parts = []
    proportions = history[(kind == "Wilson").to_numpy(dtype=bool)]
    if len(proportions):
        parts.append(trend.recent_trend(proportions, by=_FRAME_KEYS, method="proportions"))
    general = history[(kind != "Wilson").to_numpy(dtype=bool)]
    if len(general):
        # a count has no interval (its limits are missing), so its trend is not calculated
        parts.append(trend.recent_trend(general, by=_FRAME_KEYS, method="general"))
    if not parts:
        return pd.DataFrame(index=at, columns=["direction", "period_from", "period_to"], dtype=object)
    found = pd.concat(parts, ignore_index=True).set_index(_FRAME_KEYS)
    return found.reindex(at)[["direction", "period_from", "period_to"]]
