"""Rates of events with Byar's or exact Poisson confidence intervals: the kernel :func:`byar_ci` (limits of a count
of events) and the frame function :func:`rate` (crude rates per 10,000 children, ...), with the rule
:data:`BYAR_MIN_COUNT` choosing exact limits for small counts (:func:`uses_exact_limits`, also used by the indirectly
standardised ratios of :mod:`.standardisation`).

Kernels and frame functions follow the two layers described in :mod:`jsnakit.stats.methods`, which re-exports the
public names of this module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2

from ..core.checks import (
    as_float, check_choice, check_confidence, check_finite_nonnegative, check_frame, check_positive_number,
    numeric_column, rows_finite_nonnegative, rows_positive,
)
from .proportions import normal_quantile

__all__ = ["byar_ci", "rate", "uses_exact_limits", "BYAR_MIN_COUNT"]

#: Counts at or above this use Byar's approximation when ``method="auto"``; smaller counts use exact Poisson limits
#: (the Fingertips / PHEindicatormethods rule).
BYAR_MIN_COUNT = 10

_BYAR_METHODS = ("auto", "byar", "exact")


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
    With :math:`z` the :math:`1 - \\alpha/2` quantile of the standard normal and :math:`\\alpha = 1 -
    \\text{confidence}`,
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
    check_confidence(confidence)
    check_choice("method", method, _BYAR_METHODS)
    x = as_float("count", count)
    check_finite_nonnegative("count", x)
    z = normal_quantile(confidence)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        root = np.sqrt(x)
        bracket = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * root)
        byar_lower = np.where(bracket >= 0, x * bracket**3, np.nan)
        x1 = x + 1.0
        byar_upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
    exact = uses_exact_limits(x, method)
    # The exact limits (chi-square quantiles) cost far more than Byar's: compute them only where they are used.
    exact_lower = np.full(x.shape, np.nan)
    exact_upper = np.full(x.shape, np.nan)
    where = exact & ~np.isnan(x)
    if where.any():
        exact_lower[where] = chi2.ppf(alpha / 2.0, 2.0 * x[where]) / 2.0
        exact_upper[where] = chi2.isf(alpha / 2.0, 2.0 * x[where] + 2.0) / 2.0
    lower = np.where(x == 0, 0.0, np.where(exact, exact_lower, byar_lower))
    upper = np.where(exact, exact_upper, byar_upper)
    # keep NaN counts NaN (np.where on the boolean masks would otherwise pick a branch)
    lower = np.where(np.isnan(x), np.nan, lower)
    upper = np.where(np.isnan(x), np.nan, upper)
    return np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)


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
    check_frame("frame", frame)
    check_confidence(confidence)
    check_positive_number("multiplier", multiplier)
    x = numeric_column(frame, "numerator", numerator)
    n = numeric_column(frame, "denominator", denominator)
    rows_finite_nonnegative(frame, "numerator", numerator, x)
    rows_finite_nonnegative(frame, "denominator", denominator, n)
    rows_positive(frame, "denominator", denominator, n)
    lower, upper = byar_ci(x, confidence=confidence, method="auto")
    with np.errstate(invalid="ignore", divide="ignore"):
        per = multiplier / n
    # Labels by indexing three objects (not np.where on strings, which builds a million new ones).
    codes = np.where(np.isnan(x), 2, uses_exact_limits(x, "auto").astype(np.intp))
    labels = np.array(["Byar", "Exact Poisson", np.nan], dtype=object)[codes]
    out = frame.copy()
    out["value"] = x * per
    out["lower_ci"] = lower * per
    out["upper_ci"] = upper * per
    out["confidence"] = float(confidence)
    out["method"] = pd.Series(labels, index=frame.index, dtype=object)
    return out


def uses_exact_limits(x: np.ndarray, method: str) -> np.ndarray:
    """Where the limits of a count are exact Poisson ones rather than Byar's, under a method of :func:`byar_ci`.

    Parameters
    ----------
    x : numpy.ndarray of float
        Counts of events.
    method : {"auto", "byar", "exact"}
        As for :func:`byar_ci` (checked by the callers).

    Returns
    -------
    numpy.ndarray of bool
        With the shape of ``x``: everywhere True for ``"exact"``, everywhere False for ``"byar"``, and for
        ``"auto"`` True where the count is below :data:`BYAR_MIN_COUNT` (False where it is NaN).

    Examples
    --------
    >>> uses_exact_limits(np.array([0.0, 9.0, 10.0, np.nan]), "auto").tolist()
    [True, True, False, False]
    """
    if method == "exact":
        return np.ones(np.shape(x), dtype=bool)
    if method == "byar":
        return np.zeros(np.shape(x), dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.asarray(x < BYAR_MIN_COUNT)
