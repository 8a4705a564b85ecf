"""Who has an EHC plan and where they are educated: the placement of an area's EHC plans (:func:`placement_table`)
and the plans of boys and girls (:func:`sex_table`), each against England, the region and (placement) the statistical
neighbours, from published (disclosed) figures only.

Placement is the SEN2 caseload's ``ehc_placement_share`` of the published national frame
(:func:`jsnakit.needs.profile.published`): the placements partition all plans, so the counts of the table add up to the
area's plans where nothing is withheld. Sex is the SEN2 caseload's ``sex`` breakdown (``Female``, ``Male``,
``Unknown``) as shares of all plans (indicator :data:`SEX_INDICATOR`), set beside the January school census's pupils
with an EHC plan by sex where the data folder holds them for the area (source ``sen_provision_sex``; the real folder
holds England's only). Both sex indicators are computed by :func:`jsnakit.needs.national.national`, so they pass
disclosure control with every other figure of the published frame.

References
----------
DfE, *Education, health and care plans* (SEN2), caseload by placement and sex,
https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans;
DfE, *Special educational needs in England*, pupils by SEN provision and sex,
https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import disclosure
from ..catalog import Catalog
from ..core import geography
from ..core.errors import ArgumentError, NotHeldError
from .comparison import neighbour_codes

__all__ = ["placement_table", "sex_table", "PLACEMENT_INDICATOR", "PLACEMENT_ORDER", "PLACEMENT_COLUMNS",
           "SEX_INDICATOR", "CENSUS_SEX_INDICATOR", "SEX_COLUMNS", "SEX_LABELS"]

#: The published indicator :func:`placement_table` reads.
PLACEMENT_INDICATOR = "ehc_placement_share"
#: Reading order of the SEN2 placement groups (:data:`jsnakit.sources.dfe_sen2.PLACEMENT_REST` last) and the label
#: each is shown with. A category ``"<group>: <part>"`` of a group listed here is shown under it as "of which"; any
#: other category follows in the frame's order.
PLACEMENT_ORDER = {
    "Mainstream school": "Mainstream school",
    "Special school": "Special school",
    "Alternative provision or PRU": "Alternative provision or pupil referral unit",
    "Further education": "Further education",
    "Educated elsewhere, including NEET": "Educated elsewhere: home education, other arrangements and not in "
                                          "education, employment or training",
    "Non-maintained early years": "Non-maintained early years",
    "Placement unknown, awaiting provision or other": "Placement unknown, awaiting provision or other",
}
#: Columns of :func:`placement_table`.
PLACEMENT_COLUMNS = ["placement", "category", "level", "count", "denominator", "share", "lower_ci", "upper_ci",
                     "note", "reason", "comparison", "england", "england_reason", "region", "region_reason",
                     "neighbour_median", "neighbours", "area_code", "area_name", "region_name", "period"]

#: Indicator of EHC plans by sex as shares of all plans (SEN2 caseload, breakdown ``sex``).
SEX_INDICATOR = "ehc_sex_share"
#: Indicator of pupils with an EHC plan by sex as shares of those of known sex (school census).
CENSUS_SEX_INDICATOR = "census_ehc_sex_share"
#: Row labels of :func:`sex_table` by SEN2 category, in order.
SEX_LABELS = {"Male": "Boys and young men", "Female": "Girls and young women"}
#: Columns of :func:`sex_table`.
SEX_COLUMNS = ["sex", "category", "count", "denominator", "share", "lower_ci", "upper_ci", "note", "reason",
               "comparison", "england", "england_reason", "region", "region_reason", "census_share", "census_lower_ci",
               "census_upper_ci",
               "census_england", "census_period", "area_code", "area_name", "region_name", "period"]



def placement_table(published, area_code: str, *, period: str | None = None, up_to: str | None = None,
                    neighbours: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where an area's children and young people with an EHC plan are educated, against England, the region and the
    statistical neighbours.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The published national frame (:func:`jsnakit.needs.profile.published`), holding :data:`PLACEMENT_INDICATOR`.
    area_code : str
        GSS code or DfE number of an upper-tier LA (a region or England also works).
    period : str, optional
        The January caseload, e.g. ``"2024/25"``. Default: the area's latest period with a published placement, else
        its latest period (all withheld or not available).
    up_to : str, optional
        When ``period`` is not given, the latest period at or before this one (``"2023/24"``: a factsheet made for an
        earlier year).
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); their median share is shown when
        given.

    Returns
    -------
    pandas.DataFrame
        :data:`PLACEMENT_COLUMNS`, one row per placement in the order of :data:`PLACEMENT_ORDER` (``level`` 0 for a
        group, 1 for an "of which" part of the group above it): ``count`` (plans), ``denominator`` (all the area's
        plans), ``share`` (% of all plans) with its 95% Wilson interval (Wilson 1927), the published ``note`` and its
        ``reason`` in words where a figure is withheld (``c``) or not available (``x``), the ``comparison`` with
        England at 95%, England's and the region's share (``england_reason``/``region_reason``: why one is not
        shown, '' when it is), and the median of the neighbours' published shares with
        the number of neighbours it is taken over. Every figure is as published: nothing withheld is recomputed.

    Raises
    ------
    DisclosureError
        When ``published`` is not a :class:`~jsnakit.disclosure.Disclosed` frame.
    ArgumentError
        When the area is unknown, or the frame holds no placement for it (in ``period``, when given).
    NotHeldError
        When the frame holds the area's placement only after ``up_to``.

    Examples
    --------
    >>> table = placement_table(profile.published(Catalog(real)), "E08000005")   # doctest: +SKIP
    >>> table["count"].sum()                                                       # doctest: +SKIP
    2970.0
    """
    frame = disclosure.require(published).frame
    area = geography.area(area_code)
    code = str(area["area_code"])
    rows = frame[(frame["indicator"] == PLACEMENT_INDICATOR) & (frame["breakdown"] == "placement")]
    own = rows[rows["area_code"] == code]
    period = _period(own, period, code, "placement of EHC plans", up_to)
    own = own[own["period"].astype(str) == period]
    same = rows[rows["period"].astype(str) == period]
    indexed = same.set_index(["area_code", "category"])
    share = indexed["value"]
    region = str(area["region_code"]) if not _missing(area["region_code"]) else None
    near = [c for c in neighbour_codes(neighbours, code) if c != code]
    rules = published.rules
    out = []
    for rec in _placement_order(own).to_dict("records"):
        category = rec["category"]
        near_values = pd.Series([share.get((c, category), np.nan) for c in near], dtype=float).dropna()
        group, _, part = str(category).partition(": ")
        label = (f"of which {part}" if part and group in PLACEMENT_ORDER
                 else PLACEMENT_ORDER.get(category, category))
        out.append({
            "placement": label, "category": category, "level": int(bool(part) and group in PLACEMENT_ORDER),
            "count": rec["count"], "denominator": rec["denominator"], "share": rec["value"],
            "lower_ci": rec["lower_ci"], "upper_ci": rec["upper_ci"], "note": rec["note"],
            "reason": disclosure.describe_note(rec["note"], rules) if _missing(rec["value"]) else "",
            "comparison": rec["comparison"],
            "england": share.get((geography.ENGLAND, category), np.nan),
            "england_reason": _reason(indexed, geography.ENGLAND, category, rules),
            "region": share.get((region, category), np.nan) if region else np.nan,
            "region_reason": _reason(indexed, region, category, rules) if region else "",
            "neighbour_median": float(near_values.median()) if len(near_values) else np.nan,
            "neighbours": len(near_values),
            "area_code": code, "area_name": str(area["area_name"]),
            "region_name": "" if region is None else str(area["region_name"]), "period": period,
        })
    return _typed(pd.DataFrame(out, columns=PLACEMENT_COLUMNS), ["count", "denominator", "share", "lower_ci",
                                                                  "upper_ci", "england", "region", "neighbour_median"])


def sex_table(source, area_code: str, *, period: str | None = None, up_to: str | None = None,
              rules: disclosure.Rules | None = None) -> pd.DataFrame:
    """EHC plans of boys and girls in an area, the share that are boys' with its interval, against England and the
    region, beside the school census's pupils with an EHC plan by sex where the folder holds them for the area.

    Parameters
    ----------
    source : Catalog or jsnakit.disclosure.Disclosed
        A data folder, whose published national frame (:func:`jsnakit.needs.profile.published`) is read, or a
        disclosed frame that holds :data:`SEX_INDICATOR` (and :data:`CENSUS_SEX_INDICATOR` for the census columns).
        Both indicators are computed by :func:`jsnakit.needs.national.national` (from the SEN2 caseload's ``sex``
        rows and the school census by provision and sex), so they pass disclosure control with every other figure.
    area_code : str
        GSS code or DfE number of an upper-tier LA (a region or England also works).
    period : str, optional
        The January caseload (e.g. ``"2024/25"``). Default: the area's latest.
    up_to : str, optional
        When ``period`` is not given, the latest period at or before this one.
    rules : jsnakit.disclosure.Rules, optional
        Disclosure rules for a folder; default ``Rules()``.

    Returns
    -------
    pandas.DataFrame
        :data:`SEX_COLUMNS`, two rows (boys and young men, then girls and young women): ``count`` (plans),
        ``denominator`` (all plans, including those whose sex is not recorded), ``share`` (% of all plans) with its
        95% Wilson interval, ``note`` and ``reason`` where withheld, ``comparison`` with England (95%), England's
        and the region's share (``england_reason``/``region_reason``: why one is not shown, '' when it is);
        ``census_share`` (% of pupils with an EHC plan of known sex, January school census,
        with its Wilson interval) for the area and ``census_england`` for England in ``census_period`` (the
        census's latest January up to ``period``), NaN where the folder does not hold them.

    Raises
    ------
    ArgumentError
        When ``source`` is neither, the area is unknown, or nothing by sex is held for it (in ``period``).
    NotHeldError
        When the frame holds the area's plans by sex only after ``up_to``.
    InputError
        As :meth:`jsnakit.catalog.Catalog.load`.
    """
    if isinstance(source, Catalog):
        source = _sex_published(source, rules)
    elif not isinstance(source, disclosure.Disclosed):
        raise ArgumentError(f"source must be a jsnakit.catalog.Catalog or a disclosed frame; got "
                            f"{type(source).__name__}")
    frame = source.frame
    area = geography.area(area_code)
    code = str(area["area_code"])
    region = str(area["region_code"]) if not _missing(area["region_code"]) else None
    rows = frame[(frame["indicator"] == SEX_INDICATOR) & (frame["breakdown"] == "sex")]
    period = _period(rows[rows["area_code"] == code], period, code, "EHC plans by sex", up_to)
    rows = rows[rows["period"].astype(str) == period]
    share = rows.set_index(["area_code", "category"])
    census = frame[(frame["indicator"] == CENSUS_SEX_INDICATOR) & (frame["period"].astype(str) <= period)]
    census_period = str(census["period"].max()) if len(census) else ""
    census = census[census["period"].astype(str) == census_period].set_index(["area_code", "category"])
    out = []
    for category, label in SEX_LABELS.items():
        rec = share.loc[(code, category)] if (code, category) in share.index else None
        mine = census.loc[(code, category)] if (code, category) in census.index else None
        value = np.nan if rec is None else rec["value"]
        note = "x" if rec is None else rec["note"]
        out.append({
            "sex": label, "category": category,
            "count": np.nan if rec is None else rec["count"],
            "denominator": np.nan if rec is None else rec["denominator"],
            "share": value, "lower_ci": np.nan if rec is None else rec["lower_ci"],
            "upper_ci": np.nan if rec is None else rec["upper_ci"], "note": note,
            "reason": disclosure.describe_note(note, source.rules) if _missing(value) else "",
            "comparison": "not compared" if rec is None else rec["comparison"],
            "england": _value(share, geography.ENGLAND, category),
            "england_reason": _reason(share, geography.ENGLAND, category, source.rules),
            "region": _value(share, region, category) if region else np.nan,
            "region_reason": _reason(share, region, category, source.rules) if region else "",
            "census_share": np.nan if mine is None else mine["value"],
            "census_lower_ci": np.nan if mine is None else mine["lower_ci"],
            "census_upper_ci": np.nan if mine is None else mine["upper_ci"],
            "census_england": _value(census, geography.ENGLAND, category),
            "census_period": census_period if mine is not None or (geography.ENGLAND, category) in census.index
            else "",
            "area_code": code, "area_name": str(area["area_name"]),
            "region_name": "" if region is None else str(area["region_name"]), "period": period,
        })
    numbers = [c for c in SEX_COLUMNS if c not in ("sex", "category", "note", "reason", "comparison", "census_period",
                                                   "england_reason", "region_reason", "area_code", "area_name",
                                                   "region_name", "period")]
    return _typed(pd.DataFrame(out, columns=SEX_COLUMNS), numbers)


def _sex_published(catalog: Catalog, rules: disclosure.Rules | None) -> disclosure.Disclosed:
    """:data:`SEX_INDICATOR` and :data:`CENSUS_SEX_INDICATOR` for every area, as the published national frame holds
    them (:func:`jsnakit.needs.national.national` computes both, so they are protected with everything else)."""
    from . import profile  # the published frame's module (it imports this layer's modules, not this one)

    published = profile.published(catalog, rules=rules)
    held = published.frame["indicator"]
    if not (held == SEX_INDICATOR).any():
        raise ArgumentError(f"the data folder {catalog.data_dir} holds no EHC plans by sex (SEN2 caseload.csv)")
    return published.take(published.frame.index[held.isin([SEX_INDICATOR, CENSUS_SEX_INDICATOR])])


def _period(own: pd.DataFrame, period: str | None, code: str, what: str, up_to: str | None = None) -> str:
    """The period asked for (checked), else the area's latest with a published value, else its latest (each at or
    before ``up_to`` when given: NotHeldError when there is none)."""
    if own.empty:
        raise ArgumentError(f"area_code must be an area the frame holds {what} for; got {code!r}, which has none")
    if up_to is not None and period is None:
        held = own["period"].astype(str)
        if not (held <= str(up_to)).any():
            raise NotHeldError(f"the data folder holds no {what} for {geography.area(code)['area_name']} ({code}) "
                               f"up to {up_to} (its earliest is {held.min()})")
        own = own[(held <= str(up_to)).to_numpy()]
    periods = own["period"].astype(str)
    if period is not None:
        if str(period) not in set(periods):
            raise ArgumentError(f"period must be one the frame holds {what} of {code} for ({sorted(set(periods))}); "
                                f"got {period!r}")
        return str(period)
    shown = periods[own["value"].notna().to_numpy()]
    return str(shown.max() if len(shown) else periods.max())


def _placement_order(own: pd.DataFrame) -> pd.DataFrame:
    """The area's placement rows in reading order: the groups of :data:`PLACEMENT_ORDER`, each followed by its
    "of which" parts, then any other category in the frame's order."""
    groups = list(PLACEMENT_ORDER)

    def key(category: str) -> tuple:
        group, _, part = str(category).partition(": ")
        if category in PLACEMENT_ORDER:
            return (groups.index(category), 0)
        if part and group in PLACEMENT_ORDER:
            return (groups.index(group), 1)
        return (len(groups), 0)

    order = own["category"].map(key)
    return own.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")


def _value(indexed: pd.DataFrame, code, category) -> float:
    return float(indexed.loc[(code, category), "value"]) if (code, category) in indexed.index else np.nan


def _reason(indexed: pd.DataFrame, code, category, rules) -> str:
    """Why a comparator's share is not shown ('' when it is): its note in words, or "no data" without a row."""
    if (code, category) not in indexed.index:
        return "no data"
    rec = indexed.loc[(code, category)]
    return "" if not _missing(rec["value"]) else disclosure.describe_note(rec["note"], rules) or "no data"


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x))


def _typed(table: pd.DataFrame, numbers: list[str]) -> pd.DataFrame:
    for column in numbers:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
    return table
