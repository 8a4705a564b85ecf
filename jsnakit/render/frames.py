"""The rows a chart or map draws, chosen from a disclosed indicator frame, with errors that name what exists; and the
statistical neighbours a chart compares an area with.

Used by :mod:`jsnakit.render.charts` and :mod:`jsnakit.render.maps`, and by the widgets (:mod:`jsnakit.widgets`).
"""
from __future__ import annotations

import pandas as pd

from ..core.errors import ArgumentError
from ..core.schema import NEIGHBOUR_COLUMNS

__all__ = ["pick_rows", "slice_rows", "check_unique", "unit_of", "check_neighbours", "closest_neighbours"]


def pick_rows(rows: pd.DataFrame, column: str, wanted, what: str) -> pd.DataFrame:
    """The rows whose ``column`` is ``wanted`` (compared as text).

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of an indicator frame.
    column : str
        The column to match, e.g. ``"period"``.
    wanted
        The value wanted.
    what : str
        What the rows are, for the error (e.g. ``"indicator 'ehc_pupils_pct'"``).

    Returns
    -------
    pandas.DataFrame
        The matching rows, in their order.

    Raises
    ------
    ArgumentError
        When no row matches; the message lists the values there are.

    Examples
    --------
    >>> pick_rows(pd.DataFrame({"period": ["2023/24", "2024/25"]}), "period", "2024/25", "this frame").index.tolist()
    [1]
    """
    out = rows[rows[column].astype(str) == str(wanted)]
    if out.empty:
        known = sorted(rows[column].dropna().astype(str).unique())
        raise ArgumentError(f"{column} must be one of {known} for {what}; got {wanted!r}")
    return out


def slice_rows(frame: pd.DataFrame, *, indicator, breakdown, category=None) -> pd.DataFrame:
    """Rows of one indicator and breakdown (and category), with errors naming what exists.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame (a disclosed frame's ``.frame``).
    indicator, breakdown : str
        The indicator id and breakdown.
    category : str, optional
        The category; every category of the breakdown when None.

    Returns
    -------
    pandas.DataFrame
        The rows of that slice.

    Raises
    ------
    ArgumentError
        When the indicator, breakdown or category has no rows (:func:`pick_rows`).
    """
    rows = pick_rows(frame, "indicator", indicator, "this frame")
    rows = pick_rows(rows, "breakdown", breakdown, f"indicator {indicator!r}")
    if category is not None:
        rows = pick_rows(rows, "category", category, f"indicator {indicator!r}, breakdown {breakdown!r}")
    return rows


def check_unique(rows: pd.DataFrame, keys: list[str], what: str) -> None:
    """Check that the rows hold one row per combination of ``keys``.

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows a chart or map draws.
    keys : list of str
        The columns that must identify a row, e.g. ``["area_code", "period"]``.
    what : str
        What the rows are, for the error.

    Raises
    ------
    ArgumentError
        When some combination has more than one row; the message names the first and how many rows it has.
    """
    dupes = rows[rows.duplicated(keys, keep=False)]
    if not dupes.empty:
        first = dupes.iloc[0]
        where = ", ".join(f"{k} {first[k]!r}" for k in keys)
        n = int((rows[keys] == first[keys]).all(axis=1).sum())
        raise ArgumentError(
            f"each {' and '.join(keys)} must have one row for {what}; got {n} rows for {where} "
            f"(select one with disclosed.query)"
        )


def unit_of(rows: pd.DataFrame):
    """The unit of the rows: their one unit, or their units sorted and joined by ", " when they differ.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of an indicator frame.

    Returns
    -------
    str or None
        The unit; None when no row has one.

    Examples
    --------
    >>> unit_of(pd.DataFrame({"unit": ["%", "%"]})), unit_of(pd.DataFrame({"unit": [None]}))
    ('%', None)
    """
    units = rows["unit"].dropna().astype(str).unique()
    return units[0] if len(units) == 1 else (", ".join(sorted(units)) if len(units) else None)


def check_neighbours(neighbours) -> None:
    """Check a frame of statistical neighbours.

    Parameters
    ----------
    neighbours : pandas.DataFrame or None
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`), or None for none.

    Raises
    ------
    ArgumentError
        When ``neighbours`` is neither None nor a frame with those columns.
    """
    if neighbours is None:
        return
    if not isinstance(neighbours, pd.DataFrame) or not set(NEIGHBOUR_COLUMNS) <= set(neighbours.columns):
        raise ArgumentError(f"neighbours must be None or a frame of statistical neighbours with the columns "
                            f"{NEIGHBOUR_COLUMNS}; got {type(neighbours).__name__}")


def closest_neighbours(neighbours: pd.DataFrame | None, code: str) -> list[str]:
    """GSS codes of an area's statistical neighbours, closest first.

    Parameters
    ----------
    neighbours : pandas.DataFrame or None
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`), or None.
    code : str
        GSS code of the area.

    Returns
    -------
    list of str
        The neighbours' codes in order of ``rank`` (1, the closest, first); [] when ``neighbours`` is None.

    Raises
    ------
    ArgumentError
        When ``neighbours`` is malformed (:func:`check_neighbours`).
    """
    from ..needs.profile import neighbour_codes  # profile reads the catalog: kept out of this module's import

    check_neighbours(neighbours)
    if neighbours is None:
        return []
    return neighbour_codes(neighbours.sort_values("rank", kind="stable"), code)
