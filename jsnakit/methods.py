"""Public-health statistics: vectorised kernels and the frame functions built on them.

Two layers, as in PHEindicatormethods and PHStatsMethods:

* **kernels** (:func:`wilson_ci`, :func:`byar_ci`, :func:`compare`) take array-likes, broadcast them against each other
  and return NumPy float (or str) arrays; a NaN in gives a NaN (or ``"not compared"``) out;
* **frame functions** (:func:`proportion`, :func:`rate`, :func:`compare_with`) take a DataFrame, check the arguments
  (raising :class:`~jsnakit.errors.ArgumentError` that names the argument, the rule and what arrived), call a kernel
  and return a NEW frame with the indicator columns of :data:`jsnakit.schema.INDICATOR_COLUMNS` added or overwritten.
  The input frame is never changed.

The formulas are written from the published papers (references on each function) and checked against the test data
of PHEindicatormethods (OHID/UKHSA), the methods behind Fingertips.
"""
from __future__ import annotations

import numbers
import reprlib

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

from .errors import ArgumentError

__all__ = [
    "wilson_ci",
    "byar_ci",
    "compare",
    "proportion",
    "rate",
    "compare_with",
    "BYAR_MIN_COUNT",
    "BENCHMARK_KEYS",
]

#: Counts at or above this use Byar's approximation when ``method="auto"``; smaller counts use exact Poisson limits
#: (the Fingertips / PHEindicatormethods rule).
BYAR_MIN_COUNT = 10

#: The columns, besides the indicator column named by ``on``, on which :func:`compare_with` matches benchmark rows.
BENCHMARK_KEYS = ("period", "breakdown", "category")

_BYAR_METHODS = ("auto", "byar", "exact")


# --------------------------------------------------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------------------------------------------------


def wilson_ci(count, denominator, *, confidence=0.95):
    """Wilson score confidence interval for a proportion.

    Parameters
    ----------
    count : array_like of float
        Number of people (events) with the characteristic, ``x`` (a count; non-integers are accepted). Must be
        finite, at least 0 and at most ``denominator``. NaN gives NaN limits.
    denominator : array_like of float
        Number of people in the population, ``n`` (a count). Must be greater than 0. Broadcast against ``count``.
    confidence : float, default 0.95
        Confidence level as a fraction, at least 0.9 and below 1 (0.95 and 0.998 are the Fingertips levels).

    Returns
    -------
    lower, upper : numpy.ndarray of float
        Lower and upper limits as proportions between 0 and 1, with the broadcast shape of the inputs. The lower limit
        is exactly 0 when ``count`` is 0 and the upper limit exactly 1 when ``count == denominator``.

    Raises
    ------
    ArgumentError
        When ``confidence`` is out of range, or a count is negative or not finite, a denominator is not greater than
        0, or a count exceeds its denominator.

    Notes
    -----
    With :math:`p = x/n` and :math:`z` the :math:`1 - (1 - \\text{confidence})/2` quantile of the standard normal,

    .. math:: \\frac{2x + z^2 \\mp z\\sqrt{z^2 + 4x(1 - p)}}{2(n + z^2)}

    which is the form PHE/OHID use for Fingertips indicators (PHEindicatormethods ``wilson_lower``/``wilson_upper``).

    References
    ----------
    Wilson EB (1927). Probable inference, the law of succession, and statistical inference. Journal of the American
    Statistical Association 22:209-212. doi:10.1080/01621459.1927.10502953

    Eayres D (2008). Technical Briefing 3: Commonly used public health statistics and their confidence intervals.
    York: Association of Public Health Observatories.

    Examples
    --------
    Seven children in a hundred:

    >>> lower, upper = wilson_ci(7, 100)
    >>> round(float(lower), 6), round(float(upper), 6)
    (0.034319, 0.137495)

    Arrays broadcast; 0 and ``count == denominator`` give exact limits:

    >>> lower, upper = wilson_ci([0, 65, 20], [20, 100, 20], confidence=0.998)
    >>> lower.round(6).tolist(), upper.round(6).tolist()
    ([0.0, 0.495495, 0.67683], [0.32317, 0.778354, 1.0])
    """
    _check_confidence(confidence)
    x, n = np.broadcast_arrays(_as_float("count", count), _as_float("denominator", denominator))
    _check_finite_nonnegative("count", x)
    _check_positive("denominator", n)
    _check_not_above("count", x, "denominator", n)
    z = _z(confidence)
    z2 = z * z
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        centre = 2.0 * x + z2
        half_width = z * np.sqrt(z2 + 4.0 * x * (1.0 - p))
        scale = 2.0 * (n + z2)
        lower = (centre - half_width) / scale
        upper = (centre + half_width) / scale
    lower = np.where(x == 0, 0.0, lower)
    upper = np.where(x == n, 1.0, upper)
    return lower, upper


def byar_ci(count, *, confidence=0.95, method="auto"):
    """Confidence interval for a count of events (a Poisson count): Byar's approximation or exact limits.

    Parameters
    ----------
    count : array_like of float
        Observed number of events, ``O`` (non-integers are accepted). Must be finite and at least 0. NaN gives NaN
        limits.
    confidence : float, default 0.95
        Confidence level as a fraction, at least 0.9 and below 1 (0.95 and 0.998 are the Fingertips levels).
    method : {"auto", "byar", "exact"}, default "auto"
        ``"byar"``: Byar's approximation for every count; ``"exact"``: exact Poisson limits for every count;
        ``"auto"``: exact limits for counts below :data:`BYAR_MIN_COUNT` (10) and Byar's for 10 and above, as
        Fingertips does.

    Returns
    -------
    lower, upper : numpy.ndarray of float
        Lower and upper limits for the count (divide by the denominator and multiply by the multiplier for a rate),
        with the shape of ``count``. The lower limit is exactly 0 when ``count`` is 0. Byar's lower limit is NaN
        where it is undefined (when :math:`1 - 1/(9O) - z/(3\\sqrt{O}) < 0`, i.e. for 1 or 2 events at 99.8%); the
        ``"auto"`` method never goes there.

    Raises
    ------
    ArgumentError
        When ``confidence`` or ``method`` is not allowed or a count is negative or not finite.

    Notes
    -----
    With :math:`z` the :math:`1 - \\alpha/2` quantile of the standard normal and :math:`\\alpha = 1 - \\text{confidence}`,
    Byar's approximation (Breslow & Day 1987, p. 69) is

    .. math:: O\\left(1 - \\frac{1}{9O} - \\frac{z}{3\\sqrt{O}}\\right)^3, \\quad
              (O+1)\\left(1 - \\frac{1}{9(O+1)} + \\frac{z}{3\\sqrt{O+1}}\\right)^3

    and the exact limits (Garwood 1936) are :math:`\\chi^2_{\\alpha/2}(2O)/2` and :math:`\\chi^2_{1-\\alpha/2}(2O+2)/2`,
    quantiles of the chi-square distribution.

    References
    ----------
    Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, Volume II: The Design and Analysis of Cohort
    Studies. IARC Scientific Publications No. 82. Lyon: International Agency for Research on Cancer.

    Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28(3/4):437-442.
    doi:10.1093/biomet/28.3-4.437

    Eayres D (2008). Technical Briefing 3: Commonly used public health statistics and their confidence intervals.
    York: Association of Public Health Observatories.

    Examples
    --------
    >>> lower, upper = byar_ci([0, 1, 65])
    >>> lower.round(6).tolist()
    [0.0, 0.025318, 50.163188]
    >>> upper.round(6).tolist()
    [3.688879, 5.571643, 82.849139]
    >>> lower, upper = byar_ci(1, method="byar")
    >>> round(float(lower), 6), round(float(upper), 6)
    (0.013072, 5.563756)
    """
    _check_confidence(confidence)
    _check_byar_method(method)
    x = _as_float("count", count)
    _check_finite_nonnegative("count", x)
    z = _z(confidence)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        root = np.sqrt(x)
        bracket = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * root)
        byar_lower = np.where(bracket >= 0, x * bracket**3, np.nan)
        x1 = x + 1.0
        byar_upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
        exact_lower = chi2.ppf(alpha / 2.0, 2.0 * x) / 2.0
        exact_upper = chi2.isf(alpha / 2.0, 2.0 * x + 2.0) / 2.0
    exact = _uses_exact(x, method)
    lower = np.where(x == 0, 0.0, np.where(exact, exact_lower, byar_lower))
    upper = np.where(exact, exact_upper, byar_upper)
    # keep NaN counts NaN (np.where on the boolean masks would otherwise pick a branch)
    lower = np.where(np.isnan(x), np.nan, lower)
    upper = np.where(np.isnan(x), np.nan, upper)
    return np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)


def compare(value, lower, upper, benchmark):
    """Compare areas with a benchmark by their confidence intervals (Fingertips, one level, no judgement).

    Parameters
    ----------
    value : array_like of float
        The area's value (any unit; only its missingness is used).
    lower, upper : array_like of float
        The area's confidence limits, in the unit of ``value``.
    benchmark : array_like of float
        The benchmark's value (e.g. England's), in the unit of ``value``. All four arguments broadcast.

    Returns
    -------
    numpy.ndarray of str
        With the broadcast shape: ``"similar"`` when the benchmark lies in ``[lower, upper]`` (limits included),
        ``"higher"`` when the benchmark is below ``lower`` (the area is significantly higher), ``"lower"`` when it is
        above ``upper``, and ``"not compared"`` when any of the four is NaN.

    Notes
    -----
    This is the Fingertips "benchmarking against goal / confidence interval overlapping the benchmark value" method
    for indicators with no polarity ("higher" and "lower" carry no judgement of better or worse).

    References
    ----------
    Public Health England / OHID. Fingertips user guide: comparing an area's value with the benchmark using its
    confidence interval (the "confidence intervals overlapping reference value" method).

    Examples
    --------
    >>> compare([7.0, 7.0, 7.0, np.nan], [3.4, 3.4, 3.4, np.nan], [13.8, 13.8, 13.8, np.nan], [2.0, 3.4, 15.0, 5.0]).tolist()
    ['higher', 'similar', 'lower', 'not compared']
    """
    v, lo, up, b = np.broadcast_arrays(
        _as_float("value", value), _as_float("lower", lower), _as_float("upper", upper),
        _as_float("benchmark", benchmark),
    )
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(up) | np.isnan(b)
    with np.errstate(invalid="ignore"):
        out = np.select([missing, b < lo, b > up], ["not compared", "higher", "lower"], default="similar")
    return np.asarray(out, dtype=str)


# --------------------------------------------------------------------------------------------------------------------
# Frame functions
# --------------------------------------------------------------------------------------------------------------------


def proportion(frame, *, numerator="count", denominator="denominator", confidence=0.95, multiplier=100):
    """Proportions (percentages by default) with Wilson score confidence intervals.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area x period x breakdown (an indicator or count frame, or any frame with the two columns).
    numerator : str, default "count"
        Column holding the number with the characteristic (people); at least 0 and at most the denominator. NaN allowed.
    denominator : str, default "denominator"
        Column holding the population (people); greater than 0. NaN allowed.
    confidence : float, default 0.95
        Confidence level as a fraction, at least 0.9 and below 1 (e.g. 0.95 or 0.998; not 95).
    multiplier : float, default 100
        Scale of the result: 100 for a percentage, 1 for a proportion of 1. Must be positive.

    Returns
    -------
    pandas.DataFrame
        A new frame: ``frame``'s columns (in order, index kept) with these added at the end or overwritten in place:
        ``value`` (numerator / denominator x multiplier), ``lower_ci`` and ``upper_ci`` (Wilson limits x multiplier),
        ``confidence`` (the level, e.g. 0.95) and ``method`` (``"Wilson"``). A NaN numerator or denominator gives NaN
        value and limits; every other column (``note`` included) is left as it was.

    Raises
    ------
    ArgumentError
        When ``frame`` is not a DataFrame, ``confidence`` or ``multiplier`` is out of range, a column is missing or not
        numeric, or a row has a negative or infinite value, a denominator of 0, or a numerator above its denominator
        (naming the first such row by its index label and its values).

    See Also
    --------
    wilson_ci : the kernel.

    References
    ----------
    Wilson EB (1927). Probable inference, the law of succession, and statistical inference. Journal of the American
    Statistical Association 22:209-212. doi:10.1080/01621459.1927.10502953

    Examples
    --------
    >>> df = pd.DataFrame({"count": [7, 0, np.nan], "denominator": [100, 50, 80]})
    >>> out = proportion(df)
    >>> out[["value", "lower_ci", "upper_ci"]].round(2).to_numpy().tolist()
    [[7.0, 3.43, 13.75], [0.0, 0.0, 7.13], [nan, nan, nan]]
    >>> out["method"].tolist(), out["confidence"].tolist()
    (['Wilson', 'Wilson', 'Wilson'], [0.95, 0.95, 0.95])
    """
    _check_frame("frame", frame)
    _check_confidence(confidence)
    _check_multiplier(multiplier)
    x = _numeric_column(frame, "numerator", numerator)
    n = _numeric_column(frame, "denominator", denominator)
    _rows_finite_nonnegative(frame, "numerator", numerator, x)
    _rows_finite_nonnegative(frame, "denominator", denominator, n)
    _rows_positive(frame, "denominator", denominator, n)
    with np.errstate(invalid="ignore"):
        above = x > n
    if above.any():
        i = int(np.flatnonzero(above)[0])
        raise ArgumentError(
            f"numerator must not exceed denominator; got {numerator} {_num(x[i])} > {denominator} {_num(n[i])} "
            f"at index {_label(frame.index[i])}"
        )
    lower, upper = wilson_ci(x, n, confidence=confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = x / n * multiplier
    out = frame.copy()
    out["value"] = value
    out["lower_ci"] = lower * multiplier
    out["upper_ci"] = upper * multiplier
    out["confidence"] = float(confidence)
    out["method"] = pd.Series("Wilson", index=frame.index, dtype=object)
    return out


def rate(frame, *, numerator="count", denominator="denominator", confidence=0.95, multiplier=10000):
    """Crude rates per ``multiplier`` with Byar's or exact Poisson confidence intervals.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area x period x breakdown (an indicator or count frame, or any frame with the two columns).
    numerator : str, default "count"
        Column holding the number of events (e.g. children with an EHC plan); at least 0. NaN allowed. May exceed the
        denominator (several events per person).
    denominator : str, default "denominator"
        Column holding the population at risk (people, or person-years); greater than 0. NaN allowed.
    confidence : float, default 0.95
        Confidence level as a fraction, at least 0.9 and below 1 (e.g. 0.95 or 0.998; not 95).
    multiplier : float, default 10000
        The rate is per this many of the denominator (10,000 children by default). Must be positive.

    Returns
    -------
    pandas.DataFrame
        A new frame: ``frame``'s columns (in order, index kept) with these added at the end or overwritten in place:
        ``value`` (numerator / denominator x multiplier), ``lower_ci`` and ``upper_ci`` (count limits / denominator x
        multiplier), ``confidence`` (e.g. 0.95) and ``method``: ``"Exact Poisson"`` for counts below 10, ``"Byar"`` for
        10 and above, NaN where the count is NaN. A NaN numerator or denominator gives NaN value and limits; every
        other column (``note`` included) is left as it was.

    Raises
    ------
    ArgumentError
        When ``frame`` is not a DataFrame, ``confidence`` or ``multiplier`` is out of range, a column is missing or not
        numeric, or a row has a negative or infinite value or a denominator of 0 (naming the first such row by its
        index label and its value).

    See Also
    --------
    byar_ci : the kernel (``method="auto"``).

    References
    ----------
    Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, Volume II. IARC Scientific Publications No. 82.

    Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28(3/4):437-442.
    doi:10.1093/biomet/28.3-4.437

    Examples
    --------
    >>> df = pd.DataFrame({"count": [5, 65], "denominator": [2000, 2000]})
    >>> out = rate(df)
    >>> out[["value", "lower_ci", "upper_ci"]].round(2).to_numpy().tolist()
    [[25.0, 8.12, 58.34], [325.0, 250.82, 414.25]]
    >>> out["method"].tolist()
    ['Exact Poisson', 'Byar']
    """
    _check_frame("frame", frame)
    _check_confidence(confidence)
    _check_multiplier(multiplier)
    x = _numeric_column(frame, "numerator", numerator)
    n = _numeric_column(frame, "denominator", denominator)
    _rows_finite_nonnegative(frame, "numerator", numerator, x)
    _rows_finite_nonnegative(frame, "denominator", denominator, n)
    _rows_positive(frame, "denominator", denominator, n)
    lower, upper = byar_ci(x, confidence=confidence, method="auto")
    with np.errstate(invalid="ignore", divide="ignore"):
        per = multiplier / n
    labels = np.where(_uses_exact(x, "auto"), "Exact Poisson", "Byar").astype(object)
    labels[np.isnan(x)] = np.nan
    out = frame.copy()
    out["value"] = x * per
    out["lower_ci"] = lower * per
    out["upper_ci"] = upper * per
    out["confidence"] = float(confidence)
    out["method"] = pd.Series(labels, index=frame.index, dtype=object)
    return out


def compare_with(frame, benchmark, *, on="indicator", comparator_code=None):
    """Compare each row of an indicator frame with a benchmark (e.g. England) by its confidence interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        Indicator frame: needs the column named by ``on``, ``period``, ``breakdown``, ``category``, ``value``,
        ``lower_ci`` and ``upper_ci``.
    benchmark : pandas.DataFrame
        Frame with the same columns holding the benchmark's rows (``value`` in the unit of ``frame``'s values). Needs
        the key columns and ``value``; ``area_code`` to fill ``comparator_code`` or to choose a comparator.
    on : str, default "indicator"
        Column naming the indicator. Rows are matched on it and on ``period``, ``breakdown`` and ``category``.
    comparator_code : str, optional
        GSS code of the benchmark area to use when ``benchmark`` holds several areas (e.g. ``"E92000001"`` for
        England). By default ``benchmark`` must hold one row per key.

    Returns
    -------
    pandas.DataFrame
        A new frame: ``frame``'s columns (in order, index kept) with ``comparator_code`` (the benchmark row's
        ``area_code``; NaN where no benchmark row matches) and ``comparison`` (see :func:`compare`: ``"higher"``,
        ``"similar"``, ``"lower"``, or ``"not compared"`` for rows without a matching benchmark or with NaNs) added at
        the end or overwritten in place.

    Raises
    ------
    ArgumentError
        When a frame is not a DataFrame, a needed column is missing, ``comparator_code`` is not an ``area_code`` of
        ``benchmark``, ``benchmark`` holds more than one row for a key, or the key columns cannot be matched.

    See Also
    --------
    compare : the kernel.

    References
    ----------
    Public Health England / OHID. Fingertips user guide: comparing an area's value with the benchmark using its
    confidence interval (the "confidence intervals overlapping reference value" method).

    Examples
    --------
    >>> keys = {"indicator": "ehcp", "period": "2024", "breakdown": "All", "category": "All"}
    >>> areas = pd.DataFrame([{**keys, "area_code": a, "value": v, "lower_ci": lo, "upper_ci": up}
    ...                       for a, v, lo, up in [("E09000019", 7.0, 3.4, 13.8), ("E09000020", 1.0, 0.2, 4.9)]])
    >>> england = pd.DataFrame([{**keys, "area_code": "E92000001", "value": 5.3}])
    >>> out = compare_with(areas, england)
    >>> out[["area_code", "comparator_code", "comparison"]].to_numpy().tolist()
    [['E09000019', 'E92000001', 'similar'], ['E09000020', 'E92000001', 'lower']]
    """
    _check_frame("frame", frame)
    _check_frame("benchmark", benchmark)
    if not isinstance(on, str):
        raise ArgumentError(f"on must be a column name (str); got {_show(on)}")
    keys = [on, *BENCHMARK_KEYS]
    _require_columns("frame", frame, [*keys, "value", "lower_ci", "upper_ci"])
    _require_columns("benchmark", benchmark, [*keys, "value"])
    bench = benchmark
    if comparator_code is not None:
        _require_columns("benchmark", benchmark, ["area_code"])
        bench = benchmark.loc[benchmark["area_code"] == comparator_code]
        if bench.empty:
            codes = sorted(benchmark["area_code"].dropna().astype(str).unique().tolist())
            raise ArgumentError(
                f"comparator_code must be an area_code of benchmark; got {comparator_code!r} (benchmark holds {codes})"
            )
    duplicated = bench.duplicated(keys, keep=False)
    if duplicated.any():
        first = bench.loc[duplicated].iloc[0]
        key = tuple(first[k] for k in keys)
        extra = ""
        if "area_code" in bench.columns:
            codes = sorted(bench.loc[duplicated, "area_code"].dropna().astype(str).unique().tolist())
            extra = f"; pass comparator_code to choose one of {codes}"
        raise ArgumentError(
            f"benchmark must hold one row per ({', '.join(keys)}); got {int(duplicated.sum())} rows sharing a key, "
            f"first {key}{extra}"
        )
    right = pd.DataFrame({k: bench[k].to_numpy() for k in keys})
    right["_benchmark_value"] = pd.to_numeric(bench["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    right["_comparator_code"] = (
        bench["area_code"].to_numpy(dtype=object) if "area_code" in bench.columns else np.full(len(bench), np.nan, object)
    )
    left = pd.DataFrame({k: frame[k].to_numpy() for k in keys})
    try:
        matched = left.merge(right, on=keys, how="left", sort=False, validate="many_to_one")
    except (ValueError, TypeError) as exc:
        raise ArgumentError(f"benchmark key columns {keys} must have the types of frame's; got: {exc}") from None
    comparison = compare(
        _frame_floats(frame, "value"), _frame_floats(frame, "lower_ci"), _frame_floats(frame, "upper_ci"),
        matched["_benchmark_value"].to_numpy(dtype=float),
    )
    out = frame.copy()
    out["comparator_code"] = pd.Series(matched["_comparator_code"].to_numpy(dtype=object), index=frame.index, dtype=object)
    out["comparison"] = pd.Series(comparison.astype(object), index=frame.index, dtype=object)
    return out


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


def _z(confidence: float) -> float:
    """Two-sided standard normal quantile for a confidence level, as PHE computes it."""
    return float(norm.ppf(1.0 - (1.0 - confidence) / 2.0))


def _uses_exact(x: np.ndarray, method: str) -> np.ndarray:
    if method == "exact":
        return np.ones(np.shape(x), dtype=bool)
    if method == "byar":
        return np.zeros(np.shape(x), dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.asarray(x < BYAR_MIN_COUNT)


def _show(value) -> str:
    """repr of a value, with NumPy scalars shown as plain Python numbers and long containers shortened."""
    if isinstance(value, np.generic):
        value = value.item()
    return reprlib.repr(value)


def _num(value: float) -> str:
    """A float as an analyst would write it: 12 rather than 12.0."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _label(label) -> str:
    return _show(label)


def _check_confidence(confidence) -> None:
    ok = isinstance(confidence, numbers.Real) and not isinstance(confidence, (bool, np.bool_))
    if not ok or not (0.9 <= confidence < 1):
        raise ArgumentError(f"confidence must be between 0.9 and 1; got {_show(confidence)}")


def _check_multiplier(multiplier) -> None:
    ok = isinstance(multiplier, numbers.Real) and not isinstance(multiplier, (bool, np.bool_))
    if not ok or not (0 < multiplier < np.inf):
        raise ArgumentError(f"multiplier must be a positive number; got {_show(multiplier)}")


def _check_byar_method(method) -> None:
    if not isinstance(method, str) or method not in _BYAR_METHODS:
        raise ArgumentError(f"method must be one of {', '.join(map(repr, _BYAR_METHODS))}; got {_show(method)}")


def _check_frame(name: str, frame) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"{name} must be a pandas DataFrame; got {type(frame).__name__}")


def _as_float(name: str, values) -> np.ndarray:
    """An array-like as a float array; pandas missing values (NA, None) become NaN."""
    try:
        if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
            return pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=float, na_value=np.nan)
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ArgumentError(f"{name} must be numbers (array-like of float); got {_show(values)}") from None


def _position(mask: np.ndarray) -> str:
    if mask.ndim == 0:
        return ""
    where = np.unravel_index(int(np.flatnonzero(mask)[0]), mask.shape)
    where = int(where[0]) if len(where) == 1 else tuple(int(i) for i in where)
    return f" at position {where}"


def _first(values: np.ndarray, mask: np.ndarray) -> float:
    return values[np.unravel_index(int(np.flatnonzero(mask)[0]), mask.shape)] if mask.ndim else values[()]


def _check_finite_nonnegative(name: str, values: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):
        bad = (values < 0) | np.isinf(values)
    if bad.any():
        raise ArgumentError(
            f"{name} must be finite and not negative; got {_num(_first(values, bad))}{_position(bad)}"
        )


def _check_positive(name: str, values: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):
        bad = values <= 0
    if bad.any():
        raise ArgumentError(f"{name} must be greater than 0; got {_num(_first(values, bad))}{_position(bad)}")


def _check_not_above(name: str, values: np.ndarray, limit_name: str, limits: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):
        bad = values > limits
    if bad.any():
        raise ArgumentError(
            f"{name} must not exceed {limit_name}; got {_num(_first(values, bad))} > {_num(_first(limits, bad))}"
            f"{_position(bad)}"
        )


def _require_columns(name: str, frame: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ArgumentError(
            f"{name} must have the columns {list(columns)}; missing {missing} (columns: {list(frame.columns)})"
        )


def _numeric_column(frame: pd.DataFrame, role: str, column) -> np.ndarray:
    """The column a role names, as floats; raises when it is absent or holds something that is not a number."""
    if not isinstance(column, str) or column not in frame.columns:
        raise ArgumentError(f"{role} must name a column of frame; got {_show(column)} (columns: {list(frame.columns)})")
    series = frame[column]
    numbers_ = pd.to_numeric(series, errors="coerce")
    bad = (series.notna() & numbers_.isna()).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(
            f"{role} column {column!r} must be numeric; got {_show(series.iloc[i])} at index {_label(frame.index[i])}"
        )
    return numbers_.to_numpy(dtype=float, na_value=np.nan)


def _frame_floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    return _numeric_column(frame, column, column)


def _rows_finite_nonnegative(frame: pd.DataFrame, role: str, column: str, values: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):
        bad = (values < 0) | np.isinf(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(
            f"{role} column {column!r} must be finite and not negative; got {_num(values[i])} "
            f"at index {_label(frame.index[i])}"
        )


def _rows_positive(frame: pd.DataFrame, role: str, column: str, values: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):
        bad = values <= 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(
            f"{role} column {column!r} must be greater than 0; got {_num(values[i])} at index {_label(frame.index[i])}"
        )
