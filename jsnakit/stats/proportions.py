"""Proportions with Wilson score confidence intervals: the kernel :func:`wilson_ci` and the frame function
:func:`proportion` (percentages of children, of plans, ...), and :func:`normal_quantile`, the two-sided normal
quantile of a confidence level that the Wilson interval and the funnel limits for proportions (:mod:`.funnels`) use.

Kernels and frame functions follow the two layers described in :mod:`jsnakit.stats.methods`, which re-exports the
public names of this module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from ..core.checks import (
    as_float, check_confidence, check_finite_nonnegative, check_frame, check_not_above, check_positive,
    check_positive_number, numeric_column, rows_finite_nonnegative, rows_positive, show, show_number,
)
from ..core.errors import ArgumentError

__all__ = ["wilson_ci", "proportion", "normal_quantile"]


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
    check_confidence(confidence)
    x, n = np.broadcast_arrays(as_float("count", count), as_float("denominator", denominator))
    check_finite_nonnegative("count", x)
    check_positive("denominator", n)
    check_not_above("count", x, "denominator", n)
    z = normal_quantile(confidence)
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
    check_frame("frame", frame)
    check_confidence(confidence)
    check_positive_number("multiplier", multiplier)
    x = numeric_column(frame, "numerator", numerator)
    n = numeric_column(frame, "denominator", denominator)
    rows_finite_nonnegative(frame, "numerator", numerator, x)
    rows_finite_nonnegative(frame, "denominator", denominator, n)
    rows_positive(frame, "denominator", denominator, n)
    with np.errstate(invalid="ignore"):
        above = x > n
    if above.any():
        i = int(np.flatnonzero(above)[0])
        raise ArgumentError(
            f"numerator must not exceed denominator; got {numerator} {show_number(x[i])} > {denominator} "
            f"{show_number(n[i])} at index {show(frame.index[i])}"
        )
    lower, upper = wilson_ci(x, n, confidence=confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = x / n * multiplier
    out = frame.copy()
    out["value"] = value
    out["lower_ci"] = lower * multiplier
    out["upper_ci"] = upper * multiplier
    out["confidence"] = float(confidence)
    out["method"] = pd.Series(np.array(["Wilson"], dtype=object)[np.zeros(len(frame), dtype=np.intp)],
                              index=frame.index, dtype=object)  # one shared string, not one per row
    return out


def normal_quantile(confidence: float) -> float:
    """Two-sided standard normal quantile for a confidence level, as PHE computes it.

    Parameters
    ----------
    confidence : float
        Confidence level as a fraction (e.g. 0.95 or 0.998); checked by the callers.

    Returns
    -------
    float
        :math:`z`, the :math:`1 - (1 - \\text{confidence})/2` quantile of the standard normal distribution.

    Examples
    --------
    >>> round(normal_quantile(0.95), 6), round(normal_quantile(0.998), 6)
    (1.959964, 3.090232)
    """
    return float(norm.ppf(1.0 - (1.0 - confidence) / 2.0))
