"""Needs profiles: every SEND indicator for every area and period, then one area's slice with its comparators.

:func:`national` is the shared national work (DESIGN.md, Batch): it turns the catalogue's count frames into one
indicator frame for England, the regions and all upper-tier LAs, every period, each row compared with England.
:func:`area_profile` slices it for one area, its region, England and its statistical neighbours.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import disclosure, geography, indicators, methods
from .catalog import Catalog
from .errors import ArgumentError
from .schema import INDICATOR_COLUMNS, validate

__all__ = ["national", "area_profile", "across_areas", "latest_period", "standing", "STANDING", "STANDING_COLUMNS",
           "AGE_BANDS", "age_band", "population_period"]

#: Age bands of the 0-25 population used in factsheets (years, inclusive).
AGE_BANDS = {"0-4": (0, 4), "5-10": (5, 10), "11-15": (11, 15), "16-19": (16, 19), "20-25": (20, 25)}

_KEYS = ["period", "area_code"]


def national(catalog: Catalog, *, confidence: float = 0.95) -> pd.DataFrame:
    """Compute every indicator the catalogue's inputs allow, for all areas and periods.

    Parameters
    ----------
    catalog : Catalog
        The inputs. School-census provision is required; primary need, SEN2 caseload, SEN2 need (of all plans and
        of new plans), new plans, requests for assessment, timeliness and population estimates are used when
        present. Former LAs are restated on today's areas (:func:`jsnakit.geography.to_current_areas`).
    confidence : float, default 0.95
        Level of the confidence intervals (0.95 or 0.998).

    Returns
    -------
    pandas.DataFrame
        Indicator frame (:data:`jsnakit.schema.INDICATOR_COLUMNS`) with the indicators of
        :data:`jsnakit.indicators.CATALOGUE`; each row is compared with England's value for the same indicator,
        period and category (``comparison`` ``higher``/``similar``/``lower``; England's own rows ``not compared``).
        Percentages and their intervals are Wilson score intervals (Wilson 1927), rates per 10,000 use Byar's
        method (Breslow and Day 1987).
    """
    parts = []
    provision = _current(catalog, "sen_provision")
    # The provision file's categories are totals: each becomes the All/All row of its indicator.
    pupils = _select(provision, category="All pupils")
    for category, indicator in [("EHC plan", "ehc_pupils_pct"), ("SEN support", "sen_support_pct")]:
        total = _select(provision, category=category).assign(breakdown="All", category="All")
        parts.append(_ratio(total, pupils, indicator, confidence))
    if catalog.has("sen_primary_need"):
        need = _current(catalog, "sen_primary_need")
        for measure, pct, share in [("pupils_ehc_plan", "ehc_pupils_pct", "ehc_need_share"),
                                    ("pupils_sen_support", "sen_support_pct", "sen_support_need_share")]:
            by_need = _select(need, measure=measure, breakdown="primary_need")
            parts.append(_ratio(by_need, pupils, pct, confidence))
            parts.append(_ratio(by_need, _select(need, measure=measure, breakdown="All"), share, confidence))
    if catalog.has("ehc_caseload"):
        caseload = _current(catalog, "ehc_caseload")
        plans = _select(caseload, breakdown="All")
        parts.append(_counts(plans, "ehc_plans"))
        ages = _select(caseload, breakdown="age")
        if len(ages):
            parts.append(_counts(_banded(ages, ages["category"].map(_sen2_age)), "ehc_plans"))
        banded = _select(caseload, breakdown="age_band")  # releases before 2023 publish bands, not single years
        if len(banded):
            parts.append(_counts(banded, "ehc_plans"))
        placement = _select(caseload, breakdown="placement")
        parts.append(_ratio(placement, plans, "ehc_placement_share", confidence))
        if catalog.has("population"):
            population = catalog.load("population")
            young = population[(population["sex"] == "persons") & (population["age"] <= 25)]
            totals = young.groupby(_KEYS, as_index=False)["population"].sum()
            bands = young.assign(category=young["age"].map(age_band)).groupby(
                _KEYS + ["category"], as_index=False)["population"].sum()
            parts.append(_counts(_as_counts(totals.assign(breakdown="All", category="All")), "population"))
            parts.append(_counts(_as_counts(bands.assign(breakdown="age_band")), "population"))
            denominator = totals.rename(columns={"period": "mid_year"})
            plans_year = plans.assign(mid_year=plans["period"].map(population_period))
            merged = plans_year.merge(denominator, on=["mid_year", "area_code"], how="inner")
            per_head = merged.drop(columns="mid_year").rename(columns={"population": "denominator"})
            parts.append(_ratio(per_head, None, "ehc_plans_per_10k", confidence))
    if catalog.has("ehc_timeliness"):
        timeliness = _current(catalog, "ehc_timeliness")
        parts.append(_ratio(_select(timeliness, measure="ehc_plans_issued_20_weeks"),
                            _select(timeliness, measure="ehc_plans_issued"), "ehc_20_weeks_pct", confidence))
    if catalog.has("ehc_new_plans"):
        new = _select(_current(catalog, "ehc_new_plans"), breakdown="All")
        parts.append(_counts(new, "new_ehc_plans"))
        if catalog.has("population"):  # plans made in calendar year Y over the 0-25 population at mid-Y
            young = _young(catalog.load("population"))
            per_head = new.merge(young.rename(columns={"population": "denominator"}), on=_KEYS, how="inner")
            parts.append(_ratio(per_head, None, "new_ehc_plans_per_10k", confidence))
    if catalog.has("ehc_requests"):
        requests = _current(catalog, "ehc_requests")
        parts.append(_counts(_select(requests, measure="ehc_requests"), "ehc_requests"))
        assessed = _select(requests, measure="ehc_requests_assessed")
        refused = _select(requests, measure="ehc_requests_refused")[_KEYS + ["count", "note"]]
        decided = assessed.merge(refused, on=_KEYS, suffixes=("", "_refused"))
        decided = decided.assign(count=decided["count"] + decided["count_refused"],
                                 note=decided["note"].where(decided["note"].notna(), decided["note_refused"]))
        parts.append(_ratio(assessed, decided, "ehc_requests_agreed_pct", confidence))
    if catalog.has("ehc_needs"):
        needs = _current(catalog, "ehc_needs")
        for measure, indicator in [("ehc_plans", "ehc_plan_need_share"), ("new_ehc_plans", "new_ehc_need_share")]:
            by_need = _select(needs, measure=measure, breakdown="primary_need")
            parts.append(_ratio(by_need, _select(needs, measure=measure, breakdown="All"), indicator, confidence))
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    frame = frame[frame["area_code"].isin(geography.areas().index)]  # today's areas only
    # Age bands youngest first (not "0-4, 11-15, ..."), every other category in the order its source gave.
    band_order = frame["category"].map({band: i for i, band in enumerate(AGE_BANDS)}).fillna(-1)
    frame = frame.assign(_band=band_order).sort_values(["indicator", "period", "area_code", "breakdown", "_band"],
                                                       kind="stable").drop(columns="_band")
    return validate(_compare_with_england(frame), "indicator")


def area_profile(frame, area_code: str, *, neighbours: pd.DataFrame | None = None):
    """Slice the national indicator frame for one area and its comparators.

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        The indicator frame of :func:`national`, or that frame after :func:`jsnakit.disclosure.apply` (the way to
        publish: disclosure control needs every area in view); the result is of the same kind.
    area_code : str
        GSS code (or DfE LA number) of an upper-tier LA or a region.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.schema.NEIGHBOUR_COLUMNS`); the area's 10 neighbours are included.

    Returns
    -------
    pandas.DataFrame or Disclosed
        The rows of the area, its region, England and its neighbours (closest first), every indicator and period,
        in that order of areas within each indicator.

    Raises
    ------
    ArgumentError
        When the area is unknown or the frame holds no row for it.
    """
    data = _data(frame)
    area = geography.area(area_code)
    order = [area["area_code"], area["region_code"], geography.ENGLAND]
    if neighbours is not None:
        own = neighbours[neighbours["area_code"] == area["area_code"]].sort_values("rank")
        order += own["neighbour_code"].tolist()
    if not (data["area_code"] == area["area_code"]).any():
        raise ArgumentError(f"area_code must be an area present in the data; got {area_code!r} "
                            f"({area['area_name']}), which has no rows")
    rank = {code: i for i, code in reversed(list(enumerate(c for c in order if c)))}
    out = data[data["area_code"].isin(list(rank))]
    # The area first, then its region, England and its neighbours from the closest: the order of every table.
    labels = out.assign(_rank=out["area_code"].map(rank)).sort_values(["indicator", "_rank"], kind="stable").index
    return _subset(frame, labels)


def across_areas(frame, indicator: str, period: str, *, breakdown: str = "All", category: str = "All"):
    """One indicator for one period across every area (for a map or a league table).

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        The indicator frame of :func:`national`, or its disclosed form; the result is of the same kind.
    indicator, period, breakdown, category : str
        Which figure.

    Returns
    -------
    pandas.DataFrame or Disclosed
        The matching rows of England, the regions and every upper-tier LA.

    Raises
    ------
    ArgumentError
        When no row matches.
    """
    data = _data(frame)
    rows = data[(data["indicator"] == indicator) & (data["period"] == period)
                & (data["breakdown"] == breakdown) & (data["category"] == category)]
    if rows.empty:
        raise ArgumentError(f"indicator and period must match rows of the frame; got {indicator!r} for {period!r} "
                            f"({breakdown}/{category}), which has none")
    return _subset(frame, rows.index)


def latest_period(frame: pd.DataFrame, indicator: str, *, up_to: str | None = None) -> str:
    """The latest period (label) with a value of ``indicator`` in ``frame``, not after ``up_to``.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame.
    indicator : str
        Indicator id.
    up_to : str, optional
        A period label such as ``"2024/25"``; labels compare as text, so a calendar year or mid-year ``"2024"``
        counts as up to ``"2024/25"`` and ``"2025"`` does not. None: no limit.

    Raises
    ------
    ArgumentError
        When no row of the indicator (up to that period) has a value.

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": "x", "period": ["2023", "2024/25", "2025/26"], "value": [1.0, 2.0, 3.0]})
    >>> latest_period(f, "x"), latest_period(f, "x", up_to="2024/25")
    ('2025/26', '2024/25')
    """
    periods = frame.loc[(frame["indicator"] == indicator) & frame["value"].notna(), "period"]
    if up_to is not None:
        periods = periods[periods <= str(up_to)]
    if periods.empty:
        limit = f" up to {up_to!r}" if up_to is not None else ""
        raise ArgumentError(f"indicator must have values in the frame{limit}; got {indicator!r}, which has none")
    return sorted(periods.unique())[-1]


def age_band(age: float) -> str:
    """The factsheet age band (``"0-4"`` ... ``"20-25"``) of an age in whole years; '' above 25."""
    for label, (low, high) in AGE_BANDS.items():
        if low <= age <= high:
            return label
    return ""


def population_period(period: str) -> str:
    """The mid-year population that serves as denominator for a January count: ``"2024/25"`` -> ``"2024"``."""
    return str(period)[:4]


def _sen2_age(category: str) -> str:
    return "0-4" if category == "under 3" else age_band(float(category))


def _data(frame) -> pd.DataFrame:
    """The indicator frame inside a Disclosed, or the frame itself."""
    return frame.frame if isinstance(frame, disclosure.Disclosed) else frame


def _subset(frame, labels) -> pd.DataFrame:
    """Rows of ``frame`` by label, keeping its kind: a Disclosed stays disclosed, a DataFrame is renumbered."""
    if isinstance(frame, disclosure.Disclosed):
        return frame.take(labels)
    return frame.loc[labels].reset_index(drop=True)


#: Indicators of an area's standing table, in order (those the frame holds are shown).
STANDING = ("ehc_pupils_pct", "sen_support_pct", "ehc_plans_per_10k", "new_ehc_plans_per_10k", "ehc_20_weeks_pct",
            "ehc_requests_agreed_pct")
#: Columns of :func:`standing`.
STANDING_COLUMNS = ["indicator", "title", "unit", "period", "value", "lower_ci", "upper_ci", "note", "comparison",
                    "england", "region", "neighbour_median", "neighbours", "rank", "ranked", "quartile", "trend",
                    "trend_from", "trend_to"]


def standing(disclosed, area_code: str, *, period: str | None = None, neighbours: pd.DataFrame | None = None,
             indicators_shown=STANDING) -> pd.DataFrame:
    """Where an area stands on each headline indicator: against England, its region and its statistical neighbours,
    its rank and quartile among England's upper-tier LAs, and its recent trend.

    Everything is computed from the published (disclosed) figures only, so nothing withheld can be recovered from a
    rank or a median.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The national indicator frame after :func:`jsnakit.disclosure.apply`.
    area_code : str
        GSS code (or DfE number) of an upper-tier LA.
    period : str, optional
        Latest period to report (e.g. ``"2025/26"``); each indicator uses its latest period up to it (calendar-year
        indicators their latest year). Default: each indicator's latest period.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.schema.NEIGHBOUR_COLUMNS`); gives ``neighbour_median``.
    indicators_shown : sequence of str, default :data:`STANDING`
        Indicator ids, in the order of the rows; those absent from the frame are skipped.

    Returns
    -------
    pandas.DataFrame
        :data:`STANDING_COLUMNS`, one row per indicator: the area's ``value`` with its 95% limits, ``note`` and
        ``comparison`` with England (as published); ``england``, ``region`` and ``neighbour_median`` (median of the
        published values of the neighbours, ``neighbours`` of them); ``rank`` among the ``ranked`` LAs with a
        published value (1 = highest value, ties share the lower rank; SEND indicators carry no judgement, so
        high is not "best"), ``quartile`` (``"1"`` lowest quarter to ``"4"`` highest, Excel PERCENTILE.INC bounds as
        LAIT), and ``trend`` (Fingertips recent-trend marker over the 5 most recent periods, 99.8%: the proportions
        method for percentages, the general method otherwise) between ``trend_from`` and ``trend_to``.

    References
    ----------
    OHID Fingertips technical guidance (comparisons, quartiles, recent trends); DfE LAIT quartile banding.
    """
    from . import disclosure, ranking, trend

    published = disclosure.require(disclosed).frame
    area = geography.area(area_code)
    code, region = area["area_code"], area["region_code"]
    totals = published[(published["breakdown"] == "All") & (published["category"] == "All")]
    close = []
    if neighbours is not None:
        close = neighbours.loc[neighbours["area_code"] == code, "neighbour_code"].tolist()
    rows = []
    for indicator in indicators_shown:
        series = totals[totals["indicator"] == indicator]
        if series["value"].notna().sum() == 0:
            continue
        try:
            when = latest_period(series, indicator, up_to=period)
        except ArgumentError:
            continue
        now = series[series["period"] == when].set_index("area_code")
        if code not in now.index:
            continue
        own = now.loc[code]
        las = now[now["area_type"].isin(geography.LA_TYPES)]
        values = las["value"].to_numpy(dtype=float)
        ranks = pd.Series(ranking.rank(values, ascending=False), index=las.index)
        bands = pd.Series(ranking.lait_quartile_band(values, polarity="no judgement"), index=las.index)
        near = now["value"].reindex(close).dropna()
        history = series[(series["area_code"] == code) & (series["period"] <= when)]
        spec = indicators.get(indicator)
        marker = trend.recent_trend(history, by=("indicator", "area_code"),
                                    method="proportions" if spec.unit == "%" else "general").iloc[0]
        rows.append({
            "indicator": indicator, "title": spec.title, "unit": spec.unit, "period": when,
            "value": own["value"], "lower_ci": own["lower_ci"], "upper_ci": own["upper_ci"], "note": own["note"],
            "comparison": own["comparison"],
            "england": now["value"].get(geography.ENGLAND, np.nan), "region": now["value"].get(region, np.nan),
            "neighbour_median": near.median() if len(near) else np.nan, "neighbours": len(near),
            "rank": ranks.get(code, np.nan), "ranked": int(np.isfinite(values).sum()),
            "quartile": bands.get(code), "trend": marker["direction"],
            "trend_from": marker["period_from"], "trend_to": marker["period_to"],
        })
    return pd.DataFrame(rows, columns=STANDING_COLUMNS)


def _young(population: pd.DataFrame) -> pd.DataFrame:
    """Residents aged 0-25 (persons) by mid-year period and area."""
    young = population[(population["sex"] == "persons") & (population["age"] <= 25)]
    return young.groupby(_KEYS, as_index=False)["population"].sum()


def _current(catalog: Catalog, name: str) -> pd.DataFrame:
    """A count source restated on today's LAs (former LAs' rows moved by :func:`jsnakit.geography.to_current_areas`)."""
    return geography.to_current_areas(catalog.load(name))


def _select(counts: pd.DataFrame, **equal) -> pd.DataFrame:
    mask = np.ones(len(counts), dtype=bool)
    for column, value in equal.items():
        mask &= (counts[column] == value).to_numpy()
    return counts[mask]


def _banded(counts: pd.DataFrame, band: pd.Series) -> pd.DataFrame:
    grouped = counts.assign(category=band).groupby(
        ["source", "period", "area_code", "area_name", "area_type", "measure", "category"], as_index=False
    ).agg(count=("count", lambda s: s.sum(min_count=len(s))), note=("note", "first"))
    return grouped.assign(breakdown="age_band")


def _as_counts(population: pd.DataFrame) -> pd.DataFrame:
    table = geography.areas()
    return population.rename(columns={"population": "count"}).assign(
        area_name=population["area_code"].map(table["area_name"]),
        area_type=population["area_code"].map(table["area_type"]),
        source="ONS mid-year population estimates", note=np.nan,
    )


def _empty_like(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    spec = indicators.get(indicator)
    out = pd.DataFrame(index=frame.index, columns=INDICATOR_COLUMNS, dtype=object)
    for column in ("area_code", "area_name", "area_type", "period", "breakdown", "category", "note"):
        out[column] = frame[column].to_numpy(dtype=object)
    out["indicator"] = indicator
    out["unit"] = spec.unit
    out["source"] = spec.source
    out["comparator_code"] = np.nan
    out["comparison"] = "not compared"
    for column in ("count", "denominator", "value", "lower_ci", "upper_ci", "confidence"):
        out[column] = np.nan
    return out


def _counts(counts: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """A count indicator: value = count, no interval."""
    out = _empty_like(counts, indicator)
    out["count"] = counts["count"].to_numpy(dtype=float)
    out["value"] = out["count"]
    out["lower_ci"] = out["count"]
    out["upper_ci"] = out["count"]
    out["method"] = "none"
    return out.reset_index(drop=True)


def _ratio(numerator: pd.DataFrame, denominator: pd.DataFrame | None, indicator: str, confidence: float):
    """Join numerator counts to their denominators and apply the indicator's method."""
    spec = indicators.get(indicator)
    if denominator is not None:
        den = denominator[_KEYS + ["count", "note"]].rename(columns={"count": "denominator", "note": "den_note"})
        joined = numerator.merge(den, on=_KEYS, how="inner")
        joined["note"] = joined["note"].where(joined["note"].notna(), joined["den_note"])
    else:
        joined = numerator
    out = _empty_like(joined, indicator)
    out["count"] = joined["count"].to_numpy(dtype=float)
    denominators = joined["denominator"].to_numpy(dtype=float)
    zero = denominators == 0  # e.g. no plans issued in the year: the percentage does not exist
    out["denominator"] = np.where(zero, np.nan, denominators)
    if spec.method == "Wilson":
        out = methods.proportion(out, confidence=confidence, multiplier=spec.multiplier)
    else:
        out = methods.rate(out, confidence=confidence, multiplier=spec.multiplier)
    out.loc[zero, "denominator"] = 0.0
    out.loc[zero & out["note"].isna(), "note"] = "z"
    return out[INDICATOR_COLUMNS].reset_index(drop=True)


def _compare_with_england(frame: pd.DataFrame) -> pd.DataFrame:
    england = frame[frame["area_code"] == geography.ENGLAND]
    compared = methods.compare_with(frame, england)
    is_england = compared["area_code"] == geography.ENGLAND
    counts_only = compared["method"] == "none"
    compared.loc[is_england | counts_only, "comparison"] = "not compared"
    compared.loc[is_england | counts_only, "comparator_code"] = np.nan
    return compared[INDICATOR_COLUMNS]
