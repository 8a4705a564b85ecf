"""One area's slice of the national indicator frame and the periods a factsheet reports: the area with its region,
England and statistical neighbours (:func:`area_profile`), one figure across every area (:func:`across_areas`), an
indicator's latest period (:func:`latest_period`), the area's reporting period (:func:`report_period`) and the rows up
to it (:func:`until`).

Each takes the frame of :func:`jsnakit.needs.national.national` or its disclosed form and gives back the same kind.
"""
from __future__ import annotations

import pandas as pd

from .. import disclosure
from ..core import geography
from ..core.errors import ArgumentError

__all__ = ["area_profile", "across_areas", "latest_period", "report_period", "until", "HEADLINE"]


def area_profile(frame, area_code: str, *, neighbours: pd.DataFrame | None = None):
    """Slice the national indicator frame for one area and its comparators.

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        The indicator frame of :func:`~jsnakit.needs.national.national`, or that frame after
        :func:`jsnakit.disclosure.apply` (the way to publish: disclosure control needs every area in view); the
        result is of the same kind.
    area_code : str
        GSS code (or DfE LA number) of an upper-tier LA or a region.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); the area's 10 neighbours are included.

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
        The indicator frame of :func:`~jsnakit.needs.national.national`, or its disclosed form; the result is of the
        same kind.
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


#: Indicators whose latest period with the area's own figures sets a factsheet's period (:func:`report_period`).
HEADLINE = ("ehc_pupils_pct", "ehc_plans", "ehc_plans_per_10k")


def report_period(frame, area_code: str, *, up_to: str | None = None) -> str:
    """The period a factsheet reports: the latest academic year, not after ``up_to``, in which the area itself has
    a published headline figure (:data:`HEADLINE`), or, failing that, any published figure (a calendar year ``Y``
    counting as ``Y/Y+1``).

    A folder may hold England's figures for a later year than any LA's (the national release of "Special
    educational needs in England" comes out before its LA files are downloaded): the factsheet then reports the
    area's own latest year, and each section its latest data up to it.

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        An indicator frame holding the area.
    area_code : str
        GSS code or DfE number.
    up_to : str, optional
        The latest period wanted (``"2025/26"``); None for no limit.

    Returns
    -------
    str
        An academic-year label such as ``"2024/25"``.

    Raises
    ------
    ArgumentError
        When the area has no headline figure in an academic year up to ``up_to``.

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": "ehc_plans", "area_code": ["E09000019", "E92000001"],
    ...                   "period": ["2024/25", "2025/26"], "value": [2119.0, 1.0]})
    >>> report_period(f, "E09000019")
    '2024/25'
    """
    data = _data(frame)
    code = geography.area(area_code)["area_code"]
    own = data[(data["area_code"] == code) & data["value"].notna()]
    periods = _academic(own.loc[own["indicator"].isin(HEADLINE), "period"], up_to)
    if periods.empty:  # no headline figure: the latest year of any figure the area has (a calendar year Y ends Y/Y+1)
        periods = _academic(own["period"], up_to)
    if periods.empty:
        limit = f" up to {up_to!r}" if up_to is not None else ""
        raise ArgumentError(f"area_code must have a published figure{limit}; got {area_code!r}, which has none")
    return sorted(periods.unique())[-1]


def until(frame, up_to: str | None):
    """The rows of a frame whose period is not after ``up_to``: what a factsheet for an earlier year shows.

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        An indicator frame; the result is of the same kind (a subset of a disclosed frame stays disclosed).
    up_to : str or None
        An academic year (``"2021/22"``); a calendar or mid-year period ``Y`` counts as ``Y/Y+1``, as in
        :func:`report_period`. None: every row.

    Returns
    -------
    pandas.DataFrame or Disclosed

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": "ehc_plans", "period": ["2021/22", "2022/23", "2021", "2022"], "value": 1.0})
    >>> until(f, "2021/22")["period"].tolist()
    ['2021/22', '2021']
    """
    if up_to is None:
        return frame
    data = _data(frame)
    kept = set(_academic(data["period"], up_to).index)
    return _subset(frame, [label for label in data.index if label in kept])


def _academic(periods: pd.Series, up_to: str | None) -> pd.Series:
    """Period labels as academic years (a calendar or mid-year ``Y`` as ``Y/Y+1``), not after ``up_to``."""
    text = periods.astype(str)
    years = text.str.fullmatch(r"\d{4}")
    following = (text.str[:4].where(years, "0").astype(int) + 1).astype(str).str[-2:]
    text = text.where(~years, text.str[:4] + "/" + following)
    text = text[text.str.fullmatch(r"\d{4}/\d{2}")]
    return text[text <= str(up_to)] if up_to is not None else text


def _data(frame) -> pd.DataFrame:
    """The indicator frame inside a Disclosed, or the frame itself."""
    return frame.frame if isinstance(frame, disclosure.Disclosed) else frame


def _subset(frame, labels) -> pd.DataFrame:
    """Rows of ``frame`` by label, keeping its kind: a Disclosed stays disclosed, a DataFrame is renumbered."""
    if isinstance(frame, disclosure.Disclosed):
        return frame.take(labels)
    return frame.loc[labels].reset_index(drop=True)
