"""The tidy frames that flow through jsnakit, and their checks.

Two kinds of frame exist:

* **count frames**, what every reader in :mod:`jsnakit.sources` returns: one row per publisher x period x area x
  measure x breakdown category, with GSS area codes, counts as floats and suppression symbols moved to ``note`` (NaN count);
* **indicator frames**, what :mod:`jsnakit.needs.profile` and the methods return: one row per indicator x area x
  period x breakdown, with the value, its confidence interval and the comparison with a benchmark.

Column names are fixed and never depend on the data (fingertipsR's habit). ``validate`` checks a frame against its
schema; it never changes the frame.
"""
from __future__ import annotations

import pandas as pd

from .errors import JsnakitError
from .vocabulary import PRIMARY_NEEDS  # defined with the rest of the vocabulary; re-exported here

__all__ = [
    "INDICATOR_COLUMNS",
    "COUNT_COLUMNS",
    "POPULATION_COLUMNS",
    "NEIGHBOUR_COLUMNS",
    "COMPARISONS",
    "SchemaError",
    "empty",
    "validate",
    "PRIMARY_NEEDS",
]

#: The indicator frame (docs/architecture.md, Data model), with ``confidence`` (e.g. 0.95) and ``method``.
INDICATOR_COLUMNS = [
    "indicator", "area_code", "area_name", "area_type", "period", "breakdown", "category",
    "count", "denominator", "value", "lower_ci", "upper_ci", "confidence", "unit", "method",
    "comparator_code", "comparison", "note", "source",
]

#: What the DfE readers return. ``measure`` names what is counted (e.g. ``ehc_plans``), ``breakdown``/``category``
#: the slice (``All``/``All`` for totals).
COUNT_COLUMNS = [
    "source", "period", "area_code", "area_name", "area_type", "measure", "breakdown", "category", "count", "note",
]

#: ONS mid-year estimates: single year of age (90 means 90 and over) by sex (``persons``, ``males``, ``females``).
POPULATION_COLUMNS = ["source", "period", "area_code", "area_name", "area_type", "sex", "age", "population"]

#: DfE children's services statistical neighbours: ``rank`` 1 is the closest.
NEIGHBOUR_COLUMNS = ["area_code", "rank", "neighbour_code", "closeness"]

#: The values of ``comparison`` in an indicator frame.
COMPARISONS = ("higher", "similar", "lower", "not compared")

_NUMERIC = {
    "indicator": ["count", "denominator", "value", "lower_ci", "upper_ci", "confidence"],
    "count": ["count"],
    "population": ["age", "population"],
    "neighbour": ["rank"],
}
_COLUMNS = {
    "indicator": INDICATOR_COLUMNS,
    "count": COUNT_COLUMNS,
    "population": POPULATION_COLUMNS,
    "neighbour": NEIGHBOUR_COLUMNS,
}


class SchemaError(JsnakitError):
    """A frame inside jsnakit that does not follow its schema (a bug, not bad input)."""


def empty(kind: str = "indicator") -> pd.DataFrame:
    """Return an empty frame of the given kind with its columns and dtypes.

    Parameters
    ----------
    kind : {"indicator", "count", "population", "neighbour"}
        Which schema.

    Returns
    -------
    pandas.DataFrame
        No rows; the schema's columns in order; numeric columns as float64, the rest as object.

    Examples
    --------
    >>> list(empty("count").columns)[:3]
    ['source', 'period', 'area_code']
    """
    columns = _columns(kind)
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in _NUMERIC[kind] else "object") for c in columns})


def validate(frame: pd.DataFrame, kind: str = "indicator") -> pd.DataFrame:
    """Check that a frame follows its schema and return it unchanged.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame to check.
    kind : {"indicator", "count", "population", "neighbour"}
        Which schema.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself, so calls can be chained.

    Raises
    ------
    SchemaError
        When columns are missing or out of order, a numeric column is not numeric, an ``area_code`` is not a GSS code,
        or (indicator frames) ``comparison`` holds a value outside :data:`COMPARISONS` or a non-NaN value lies outside
        its confidence interval.
    """
    columns = _columns(kind)
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"a {kind} frame must be a pandas DataFrame; got {type(frame).__name__}")
    if list(frame.columns) != columns:
        missing = [c for c in columns if c not in frame.columns]
        extra = [c for c in frame.columns if c not in columns]
        raise SchemaError(
            f"a {kind} frame must have the columns {columns} in that order; missing {missing}, unexpected {extra}"
        )
    for col in _NUMERIC[kind]:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            raise SchemaError(f"column '{col}' of a {kind} frame must be numeric; got dtype {frame[col].dtype}")
    if "area_code" in frame.columns:
        bad = ~frame["area_code"].astype("string").str.fullmatch(r"[EKWSN]\d{8}").fillna(False)
        if bad.any():
            raise SchemaError(f"area_code must be a GSS code such as E09000019; got {frame.loc[bad, 'area_code'].iloc[0]!r}")
    if kind == "indicator" and len(frame):
        bad = ~frame["comparison"].isin(COMPARISONS)
        if bad.any():
            raise SchemaError(f"comparison must be one of {COMPARISONS}; got {frame.loc[bad, 'comparison'].iloc[0]!r}")
        outside = (frame["value"] < frame["lower_ci"] - 1e-9) | (frame["value"] > frame["upper_ci"] + 1e-9)
        if outside.any():
            row = frame.loc[outside].iloc[0]
            raise SchemaError(
                f"value must lie inside [lower_ci, upper_ci]; got {row['value']} outside "
                f"[{row['lower_ci']}, {row['upper_ci']}] for {row['indicator']} {row['area_code']}"
            )
    return frame


def _columns(kind: str) -> list[str]:
    try:
        return _COLUMNS[kind]
    except KeyError:
        raise SchemaError(f"kind must be one of {sorted(_COLUMNS)}; got {kind!r}") from None
