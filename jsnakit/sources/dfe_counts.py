"""The count frame every DfE reader returns (:data:`jsnakit.core.schema.COUNT_COLUMNS`), built from the rows of an
explore-education-statistics file and finished the same way for every DfE publication: the shared half of
:mod:`jsnakit.sources.dfe_census`, :mod:`jsnakit.sources.dfe_sen2` and :mod:`jsnakit.sources.dfe_children_in_need`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import geography
from ..core.schema import COUNT_COLUMNS, validate
from . import ees

__all__ = ["SCHOOL_COLUMNS", "period_and_area", "count_frame", "finish_counts"]

#: The time and geography columns of the school census files (*Special educational needs in England*) and of the
#: children-in-need outcomes.
SCHOOL_COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                  "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]


def period_and_area(path, frame: pd.DataFrame, failures: list) -> pd.DataFrame:
    """Period label and area of every row of an EES file, parsed once per file (so a bad cell is reported once).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        As :func:`jsnakit.sources.ees.read_csv` gives it, with the EES time and geography columns.
    failures : list
        Where bad periods and unknown areas are appended (:func:`jsnakit.sources.ees.period_labels`,
        :func:`jsnakit.sources.ees.geography_columns`).

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``area_name``, ``area_type`` and ``period`` on ``frame``'s index.
    """
    period = ees.period_labels(path, frame, failures)
    return ees.geography_columns(path, frame, failures).assign(period=period)


def count_frame(path, frame, where, column, failures, *, source, measure, breakdown, category,
                release="gss") -> pd.DataFrame:
    """One count column of an EES file as a count frame (not yet finished: see :func:`finish_counts`).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        The rows to read (a subset of the file, indexed by spreadsheet row).
    where : pandas.DataFrame
        :func:`period_and_area` of the file (or of at least ``frame``'s rows).
    column : str
        The count column.
    failures : list
        Where bad counts are appended (:func:`jsnakit.sources.ees.counts`).
    source, measure, breakdown, category : str or array-like
        The count frame's columns of those names: one value for every row, or one per row of ``frame``.
    release : str, default "gss"
        Whose data guidance defines the symbols (:func:`jsnakit.sources.symbols.allowed`).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`jsnakit.core.schema.COUNT_COLUMNS`, indexed as ``frame`` (by spreadsheet row, so a
        count can be traced back to its cell); symbols are NaN counts with the symbol in ``note``.
    """
    rows = where.loc[frame.index]
    count, note = ees.counts(path, frame, column, failures, release)
    return pd.DataFrame({
        "source": source, "period": rows["period"], "area_code": rows["area_code"], "area_name": rows["area_name"],
        "area_type": rows["area_type"], "measure": measure, "breakdown": breakdown, "category": category,
        "count": count, "note": note,
    }, index=frame.index)


def _london_from_parts(out: pd.DataFrame) -> pd.DataFrame:
    """Where a file gives Inner and Outer London but no London row (``sen_need_newplans.csv`` of the 2025 release
    does), add London as their sum, said in ``note``, so London boroughs keep their region to compare with."""
    parts = out[out["area_code"].isin(list(geography.LONDON_PARTS))]
    if parts.empty:
        return out
    keys = ["source", "period", "measure", "breakdown", "category"]
    has_london = out.loc[out["area_code"] == "E12000007", keys].drop_duplicates()
    both = parts.groupby(keys, dropna=False).filter(lambda g: g["area_code"].nunique() == 2)
    summed = both.groupby(keys, dropna=False, as_index=False).agg(
        count=("count", lambda c: c.sum(min_count=2)), note=("note", "first"))
    summed = summed.merge(has_london, on=keys, how="left", indicator=True)
    summed = summed[summed["_merge"] == "left_only"].drop(columns="_merge")
    if summed.empty:
        return out
    summed = summed.assign(area_code="E12000007", area_name="London", area_type="region",
                           note=summed["note"].where(summed["count"].isna(), "sum of Inner and Outer London"))
    return pd.concat([out, summed[out.columns]], ignore_index=True)


def finish_counts(out: pd.DataFrame) -> pd.DataFrame:
    """Finish a DfE count frame: London added where only its two parts are given, area names as the area table
    spells them, the columns in order, one missing marker (NaN) and a schema check.

    Parameters
    ----------
    out : pandas.DataFrame
        Count frames of :func:`count_frame`, stacked.

    Returns
    -------
    pandas.DataFrame
        A valid count frame (:func:`jsnakit.core.schema.validate`), index reset. Area names are those of
        :func:`jsnakit.core.geography.areas`, so frames from different publishers join cleanly.
    """
    names = geography.areas()["area_name"]
    out = _london_from_parts(out)
    out = out.assign(area_name=out["area_code"].map(names).fillna(out["area_name"]))
    out = out[COUNT_COLUMNS].reset_index(drop=True)
    out["note"] = out["note"].astype(object).where(out["note"].notna(), np.nan)  # one missing marker: NaN
    for column in ("source", "period", "area_code", "area_name", "area_type", "measure", "breakdown", "category"):
        out[column] = out[column].astype(object)
    return validate(out, "count")
