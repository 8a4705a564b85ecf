"""Argument checks: the validators every function taking numbers, arrays or frames uses before it computes.

Each check raises :class:`~jsnakit.core.errors.ArgumentError` with a message that names the argument, the rule and
what arrived (the value, and for arrays its position; for frame columns the row's index label), and otherwise returns
nothing, or the argument converted (:func:`as_float`, :func:`numeric_column`, :func:`group_columns`).

Three kinds:

* **scalar arguments**: :func:`check_frame`, :func:`check_choice`, :func:`check_positive_number`,
  :func:`check_confidence`;
* **arrays** (after :func:`as_float`): :func:`check_finite_nonnegative`, :func:`check_positive`,
  :func:`check_not_above`, :func:`check_not_missing`; NaN passes every one but the last;
* **frame columns** (after :func:`numeric_column`): :func:`require_columns`, :func:`rows_finite_nonnegative`,
  :func:`rows_positive`, :func:`rows_not_missing`, :func:`group_columns`.

:func:`show` and :func:`show_number` write a value into a message.
"""
from __future__ import annotations

import numbers
import reprlib

import numpy as np
import pandas as pd

from .errors import ArgumentError

__all__ = [
    "show",
    "show_number",
    "check_frame",
    "check_choice",
    "check_positive_number",
    "check_confidence",
    "as_float",
    "check_finite_nonnegative",
    "check_positive",
    "check_not_above",
    "check_not_missing",
    "require_columns",
    "numeric_column",
    "rows_finite_nonnegative",
    "rows_positive",
    "rows_not_missing",
    "group_columns",
]


# --------------------------------------------------------------------------------------------------------------------
# Values in messages
# --------------------------------------------------------------------------------------------------------------------


def show(value) -> str:
    """The ``repr`` of a value for an error message, NumPy scalars shown as plain Python numbers, long ones shortened.

    Parameters
    ----------
    value : object
        What arrived (an argument, a cell, an index label).

    Returns
    -------
    str
        ``reprlib.repr`` of the value (of ``value.item()`` for a NumPy scalar).

    Examples
    --------
    >>> show(np.float64(2.5)), show("high"), show(list(range(20)))
    ('2.5', "'high'", '[0, 1, 2, 3, 4, 5, ...]')
    """
    if isinstance(value, np.generic):
        value = value.item()
    return reprlib.repr(value)


def show_number(value) -> str:
    """A number as an analyst would write it in a message: 12 rather than 12.0.

    Parameters
    ----------
    value : float
        The number.

    Returns
    -------
    str
        The whole number without a decimal point when the value is whole, else the ``repr`` of the float.

    Examples
    --------
    >>> show_number(12.0), show_number(np.float64(0.25)), show_number(float("nan"))
    ('12', '0.25', 'nan')
    """
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


# --------------------------------------------------------------------------------------------------------------------
# Scalar arguments
# --------------------------------------------------------------------------------------------------------------------


def check_frame(name: str, frame) -> None:
    """Check that an argument is a pandas DataFrame.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    frame : object
        The argument.

    Raises
    ------
    ArgumentError
        When ``frame`` is not a :class:`pandas.DataFrame` (naming the type that arrived).
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"{name} must be a pandas DataFrame; got {type(frame).__name__}")


def check_choice(name: str, value, choices) -> None:
    """Check that an argument is one of the strings allowed.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The argument.
    choices : tuple of str
        The strings allowed, in the order the message lists them.

    Raises
    ------
    ArgumentError
        When ``value`` is not a str among ``choices``.

    Examples
    --------
    >>> check_choice("method", "byar", ("auto", "byar", "exact"))
    >>> check_choice("method", "Byar", ("auto", "byar", "exact"))
    Traceback (most recent call last):
    ...
    jsnakit.core.errors.ArgumentError: method must be one of 'auto', 'byar', 'exact'; got 'Byar'
    """
    if not isinstance(value, str) or value not in choices:
        raise ArgumentError(f"{name} must be one of {', '.join(map(repr, choices))}; got {show(value)}")


def check_positive_number(name: str, value) -> None:
    """Check that an argument is a finite real number greater than 0 (not a bool), e.g. a multiplier.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The argument.

    Raises
    ------
    ArgumentError
        When ``value`` is not a real number, is a bool, or is not greater than 0 and finite.
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if not ok or not (0 < value < np.inf):
        raise ArgumentError(f"{name} must be a positive number; got {show(value)}")


def check_confidence(confidence) -> None:
    """Check a confidence level: a fraction at least 0.9 and below 1 (0.95 or 0.998, not 95).

    Parameters
    ----------
    confidence : object
        The argument ``confidence``.

    Raises
    ------
    ArgumentError
        When ``confidence`` is not a real number (or is a bool) or lies outside [0.9, 1).
    """
    ok = isinstance(confidence, numbers.Real) and not isinstance(confidence, (bool, np.bool_))
    if not ok or not (0.9 <= confidence < 1):
        raise ArgumentError(f"confidence must be between 0.9 and 1; got {show(confidence)}")


# --------------------------------------------------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------------------------------------------------


def as_float(name: str, values) -> np.ndarray:
    """An array-like argument as a float array; pandas missing values (NA, None) become NaN.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    values : array_like
        Numbers: a scalar, a sequence, a NumPy array or a pandas Series, Index or extension array.

    Returns
    -------
    numpy.ndarray of float
        The values, with the shape of ``values`` (0-d for a scalar).

    Raises
    ------
    ArgumentError
        When ``values`` holds something that is not a number.

    Examples
    --------
    >>> as_float("count", pd.array([7, None], dtype="Int64")).tolist()
    [7.0, nan]
    """
    try:
        if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
            return pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=float, na_value=np.nan)
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ArgumentError(f"{name} must be numbers (array-like of float); got {show(values)}") from None


def check_finite_nonnegative(name: str, values: np.ndarray) -> None:
    """Check that no value of an array is negative or infinite (NaN passes).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    values : numpy.ndarray of float
        The values (from :func:`as_float`).

    Raises
    ------
    ArgumentError
        Naming the first bad value and its position.
    """
    with np.errstate(invalid="ignore"):
        bad = (values < 0) | np.isinf(values)
    if bad.any():
        raise ArgumentError(
            f"{name} must be finite and not negative; got {show_number(_first(values, bad))}{_position(bad)}"
        )


def check_positive(name: str, values: np.ndarray) -> None:
    """Check that no value of an array is 0 or less (NaN passes).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    values : numpy.ndarray of float
        The values (from :func:`as_float`).

    Raises
    ------
    ArgumentError
        Naming the first bad value and its position.
    """
    with np.errstate(invalid="ignore"):
        bad = values <= 0
    if bad.any():
        raise ArgumentError(f"{name} must be greater than 0; got {show_number(_first(values, bad))}{_position(bad)}")


def check_not_above(name: str, values: np.ndarray, limit_name: str, limits: np.ndarray) -> None:
    """Check that no value of an array exceeds its limit (a NaN on either side passes).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    values : numpy.ndarray of float
        The values (from :func:`as_float`).
    limit_name : str
        The limit's name (an argument's, or a number such as ``"1"``), for the message.
    limits : numpy.ndarray of float
        The limits, with the shape of ``values``.

    Raises
    ------
    ArgumentError
        Naming the first value above its limit, the limit and their position.
    """
    with np.errstate(invalid="ignore"):
        bad = values > limits
    if bad.any():
        raise ArgumentError(
            f"{name} must not exceed {limit_name}; got {show_number(_first(values, bad))} > "
            f"{show_number(_first(limits, bad))}{_position(bad)}"
        )


def check_not_missing(name: str, values: np.ndarray) -> None:
    """Check that an array holds no NaN.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    values : numpy.ndarray of float
        The values (from :func:`as_float`).

    Raises
    ------
    ArgumentError
        Naming the position of the first NaN.
    """
    if np.isnan(values).any():
        raise ArgumentError(f"{name} must not hold missing values; got NaN{_position(np.isnan(values))}")


# --------------------------------------------------------------------------------------------------------------------
# Frame columns
# --------------------------------------------------------------------------------------------------------------------


def require_columns(name: str, frame: pd.DataFrame, columns) -> None:
    """Check that a frame has the columns a function needs.

    Parameters
    ----------
    name : str
        The frame argument's name, for the message.
    frame : pandas.DataFrame
        The frame.
    columns : sequence of str
        The columns needed.

    Raises
    ------
    ArgumentError
        Naming the columns needed, those missing and those the frame has.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ArgumentError(
            f"{name} must have the columns {list(columns)}; missing {missing} (columns: {list(frame.columns)})"
        )


def numeric_column(frame: pd.DataFrame, role: str, column) -> np.ndarray:
    """The column an argument names, as floats; missing values (NaN, NA, None) become NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame.
    role : str
        The argument naming the column (e.g. ``"numerator"``), for the message.
    column : object
        The argument: the name of a column of ``frame``.

    Returns
    -------
    numpy.ndarray of float
        The column's values, in row order.

    Raises
    ------
    ArgumentError
        When ``column`` is not a column of ``frame``, or the column holds something that is not a number (naming the
        first such value and its row's index label).

    Examples
    --------
    >>> numeric_column(pd.DataFrame({"count": ["7", None]}), "numerator", "count").tolist()
    [7.0, nan]
    """
    if not isinstance(column, str) or column not in frame.columns:
        raise ArgumentError(f"{role} must name a column of frame; got {show(column)} (columns: {list(frame.columns)})")
    series = frame[column]
    numbers_ = pd.to_numeric(series, errors="coerce")
    bad = (series.notna() & numbers_.isna()).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(
            f"{role} column {column!r} must be numeric; got {show(series.iloc[i])} at index {show(frame.index[i])}"
        )
    return numbers_.to_numpy(dtype=float, na_value=np.nan)


def rows_finite_nonnegative(frame: pd.DataFrame, role: str, column: str, values: np.ndarray) -> None:
    """Check that no row of a column is negative or infinite (NaN passes).

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame (for its index labels).
    role : str
        The argument naming the column, for the message.
    column : str
        The column's name, for the message.
    values : numpy.ndarray of float
        The column's values (from :func:`numeric_column`).

    Raises
    ------
    ArgumentError
        Naming the first bad value and its row's index label.
    """
    with np.errstate(invalid="ignore"):
        bad = (values < 0) | np.isinf(values)
    _refuse_first(frame, role, column, values, bad, "finite and not negative")


def rows_positive(frame: pd.DataFrame, role: str, column: str, values: np.ndarray) -> None:
    """Check that no row of a column is 0 or less (NaN passes).

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame (for its index labels).
    role : str
        The argument naming the column, for the message.
    column : str
        The column's name, for the message.
    values : numpy.ndarray of float
        The column's values (from :func:`numeric_column`).

    Raises
    ------
    ArgumentError
        Naming the first bad value and its row's index label.
    """
    with np.errstate(invalid="ignore"):
        bad = values <= 0
    _refuse_first(frame, role, column, values, bad, "greater than 0")


def _refuse_first(frame: pd.DataFrame, role: str, column: str, values: np.ndarray, bad: np.ndarray,
                  expected: str) -> None:
    """The ArgumentError of the first ``bad`` row: what the column must be, the value found and its index label."""
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"{role} column {column!r} must be {expected}; got {show_number(values[i])} "
                            f"at index {show(frame.index[i])}")


def rows_not_missing(frame: pd.DataFrame, role: str, column: str, values: np.ndarray) -> None:
    """Check that no row of a column is missing (NaN).

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame (for its index labels).
    role : str
        The argument naming the column, for the message.
    column : str
        The column's name, for the message.
    values : numpy.ndarray of float
        The column's values (from :func:`numeric_column`).

    Raises
    ------
    ArgumentError
        Naming the first missing row's index label.
    """
    bad = np.isnan(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"{role} column {column!r} must not be missing; got NaN at index {show(frame.index[i])}")


def group_columns(frame: pd.DataFrame, group) -> list:
    """The columns a ``group`` argument names, as a list; empty for None (the whole frame is one group).

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame.
    group : str, list of str, tuple of str or None
        The argument: a column name or several.

    Returns
    -------
    list of str
        The column names, in order.

    Raises
    ------
    ArgumentError
        When ``group`` is not a name or a list of names, or names a column ``frame`` does not have.

    Examples
    --------
    >>> frame = pd.DataFrame({"area_code": [], "period": []})
    >>> group_columns(frame, "area_code"), group_columns(frame, ("area_code", "period")), group_columns(frame, None)
    (['area_code'], ['area_code', 'period'], [])
    """
    if group is None:
        return []
    keys = [group] if isinstance(group, str) else group
    if not isinstance(keys, (list, tuple)) or not all(isinstance(k, str) for k in keys):
        raise ArgumentError(f"group must be a column name or a list of column names; got {show(group)}")
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise ArgumentError(f"group must name columns of frame; got {missing} (columns: {list(frame.columns)})")
    return list(keys)


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


def _position(mask: np.ndarray) -> str:
    if mask.ndim == 0:
        return ""
    where = np.unravel_index(int(np.flatnonzero(mask)[0]), mask.shape)
    where = int(where[0]) if len(where) == 1 else tuple(int(i) for i in where)
    return f" at position {where}"


def _first(values: np.ndarray, mask: np.ndarray) -> float:
    return values[np.unravel_index(int(np.flatnonzero(mask)[0]), mask.shape)] if mask.ndim else values[()]
