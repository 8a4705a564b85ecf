"""An area's published January stocks (EHC plans by age group) as a table of academic years x age groups.

The cohort model (:mod:`.cohort`) and the back-test (:mod:`.backtesting`) read the caseload frame through
:func:`stock_table`; they and the SEN support projection (:mod:`.sen_support`) keep the last run of consecutive
years with :func:`consecutive_tail`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .common import age_range, start_year

__all__ = ["SEN2_AGES", "BANDS", "stock_table", "consecutive_tail"]


#: The single years of age of SEN2 (2023 release onwards); an age without a row in a period counts 0 (DfE leaves
#: empty ages out: the ages present add up to the total), a suppressed age (``x``) leaves the period out.
SEN2_AGES = ["under 3"] + [str(a) for a in range(3, 26)]
#: The SEN2 age bands (2022 release and before).
BANDS = ["0-4", "5-10", "11-15", "16-19", "20-25"]


def _band_of(age_label: str) -> str:
    low, _ = age_range(age_label)
    for band in BANDS:
        a, b = age_range(band)
        if a <= low <= b:
            return band
    return BANDS[-1]


def stock_table(caseload: pd.DataFrame, area_code: str, ages: str) -> tuple[pd.DataFrame, pd.Series]:
    """Stocks of one area as a table period x age group, and its totals by period.

    ``ages="single"`` uses the ``age`` rows (see :data:`SEN2_AGES`); ``"bands"`` the ``age_band`` rows, with single
    ages summed into the SEN2 bands, and periods with a total but no ages filled from the total in the band shares
    of the nearest year(s) with ages (the mean of the two neighbours' shares when both exist). A band absent in a
    period with other bands counts 0 (the 2022 release gives no 20-25 band before 2014/15, when plans did not reach
    that age).

    Parameters
    ----------
    caseload : pandas.DataFrame
        Count frame of EHC plans in January (:func:`jsnakit.sources.dfe.read_ehc_caseload`): ``All`` totals and
        ``age`` and/or ``age_band`` rows.
    area_code : str
        GSS code of the area.
    ages : {"single", "bands"}
        Single years of age or the SEN2 bands.

    Returns
    -------
    tuple of pandas.DataFrame and pandas.Series
        Persons by period (rows, sorted) and age group (columns, youngest first), and the ``All`` totals by period.
    """
    rows = caseload[(caseload["area_code"] == area_code) & (caseload["measure"] == "ehc_plans")
                    if "measure" in caseload.columns else caseload["area_code"] == area_code]
    totals = rows[rows["breakdown"] == "All"].groupby("period")["count"].sum(min_count=1).dropna().sort_index()
    if ages == "single":
        single = rows[rows["breakdown"] == "age"]
        table = single.pivot_table(index="period", columns="category", values="count", aggfunc="sum", dropna=False)
        columns = sorted(set(table.columns) | set(SEN2_AGES), key=lambda c: age_range(c)[0])
        table = table.reindex(columns=columns)
        incomplete = single.loc[single["count"].isna(), "period"].unique()
        table = table.drop(index=[p for p in incomplete if p in table.index]).fillna(0.0)
        return table.sort_index(), totals
    single = rows[rows["breakdown"] == "age"].assign(category=lambda f: f["category"].map(_band_of))
    banded = rows[rows["breakdown"] == "age_band"]
    parts = pd.concat([banded, single[~single["period"].isin(banded["period"])]])
    table = parts.pivot_table(index="period", columns="category", values="count", aggfunc="sum", dropna=False)
    present = table.notna().any(axis=1)
    table = table.reindex(columns=BANDS)
    table = table.where(~present.to_numpy()[:, None] | table.notna(), np.nan)
    table.loc[present] = table.loc[present].fillna(0.0)
    incomplete = rows[(rows["breakdown"].isin(["age", "age_band"])) & rows["count"].isna()]["period"].unique()
    table = table.drop(index=[p for p in incomplete if p in table.index])
    shares = table.div(table.sum(axis=1), axis=0)
    periods = sorted(set(table.index) | set(totals.index))
    if len(shares) == 0:
        return table.reindex(periods), totals
    filled = {}
    known = list(shares.index)
    for period in periods:
        if period in table.index:
            filled[period] = table.loc[period]
        elif period in totals.index:
            before = [p for p in known if p < period]
            after = [p for p in known if p > period]
            near = [x for x in (before[-1:] + after[:1])]
            filled[period] = shares.loc[near].mean() * totals[period]
    return pd.DataFrame(filled).T.sort_index(), totals


def consecutive_tail(table: pd.DataFrame) -> pd.DataFrame:
    """The last run of consecutive academic years with every group known.

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by academic year (``"2024/25"``), sorted; a row with a missing value is dropped first.

    Returns
    -------
    pandas.DataFrame
        The rows of the latest run of consecutive years (empty when no row is complete).
    """
    table = table[table.notna().all(axis=1)]
    if table.empty:
        return table
    years = [start_year(p) for p in table.index]
    keep = len(years) - 1
    while keep > 0 and years[keep - 1] == years[keep] - 1:
        keep -= 1
    return table.iloc[keep:]
