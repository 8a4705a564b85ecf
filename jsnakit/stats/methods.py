"""Public-health statistics: vectorised kernels and the frame functions built on them.

Two layers, as in PHEindicatormethods and PHStatsMethods:

* **kernels** (:func:`wilson_ci`, :func:`byar_ci`, :func:`dsr_ci`, :func:`funnel_proportion_limits`,
  :func:`funnel_poisson_limits`, :func:`compare`, :func:`significance`) take array-likes, broadcast them against each
  other and return NumPy float (or str) arrays; a NaN in gives a NaN (or ``"not compared"``) out;
* **frame functions** (:func:`proportion`, :func:`rate`, :func:`compare_with`, :func:`compare_levels`,
  :func:`funnel_significance`) take a DataFrame, check the arguments (raising :class:`~jsnakit.core.errors.ArgumentError`
  that names the argument, the rule and what arrived), call a kernel and return a NEW frame with the indicator columns
  of :data:`jsnakit.core.schema.INDICATOR_COLUMNS` added or overwritten. The aggregating ones (:func:`dsr`, :func:`isr`,
  :func:`isr_rate`: one row per group of age bands; :func:`funnel_limits`: the lines of a funnel plot) return a new
  frame with fixed columns listed in their docstrings. The input frame is never changed.

The formulas are written from the published papers (references on each function) and checked against the test data
of PHEindicatormethods (OHID/UKHSA), the methods behind Fingertips.
"""
from __future__ import annotations

import numbers
import reprlib

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

from ..core.errors import ArgumentError

__all__ = [
    "wilson_ci",
    "byar_ci",
    "dsr_ci",
    "funnel_proportion_limits",
    "funnel_poisson_limits",
    "compare",
    "significance",
    "proportion",
    "rate",
    "dsr",
    "isr",
    "isr_rate",
    "funnel_limits",
    "funnel_significance",
    "compare_with",
    "compare_levels",
    "BYAR_MIN_COUNT",
    "DSR_MIN_COUNT",
    "BENCHMARK_KEYS",
    "ESP2013",
    "POLARITIES",
    "SIGNIFICANCE_LEVELS",
    "FUNNEL_COLUMNS",
]

#: Counts at or above this use Byar's approximation when ``method="auto"``; smaller counts use exact Poisson limits
#: (the Fingertips / PHEindicatormethods rule).
BYAR_MIN_COUNT = 10

#: The columns, besides the indicator column named by ``on``, on which :func:`compare_with` matches benchmark rows.
BENCHMARK_KEYS = ("period", "breakdown", "category")

#: Directly standardised rates of groups with fewer events than this are not calculated (NaN, with a note), as
#: Fingertips and PHEindicatormethods ``calculate_dsr`` do.
DSR_MIN_COUNT = 10

#: The 2013 European Standard Population in 19 five-year age bands 0-4, 5-9, ..., 85-89, 90+ (persons; sums to
#: 100,000). Eurostat (2013), Revision of the European Standard Population, doi:10.2785/11470.
ESP2013 = (5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500,
           1000)

#: Polarity of an indicator, which decides the words of a comparison: ``"no judgement"`` (higher / similar / lower,
#: the default and the rule for SEND indicators), ``"high is good"`` or ``"low is good"`` (better / similar / worse,
#: the Fingertips RAG colours).
POLARITIES = ("no judgement", "high is good", "low is good")

#: Values of the ``significance`` column of :func:`compare_levels` and :func:`funnel_significance`: the highest
#: Fingertips level (99.8%, else 95%) at which an area differs from its benchmark.
SIGNIFICANCE_LEVELS = ("99.8%", "95%", "not significant", "not compared")

#: Columns of the funnel-limit table returned by :func:`funnel_limits` (the same for every statistic).
FUNNEL_COLUMNS = ["statistic", "confidence", "side", "events", "denominator", "value", "baseline", "method"]

_BYAR_METHODS = ("auto", "byar", "exact")
_FUNNEL_STATISTICS = ("proportion", "rate", "ratio")
_RATE_TYPES = ("crude", "dsr")
_FUNNEL_POINTS = 100


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
    exact = _uses_exact(x, method)
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


def compare(value, lower, upper, benchmark, *, polarity="no judgement"):
    """Compare areas with a benchmark by their confidence intervals (Fingertips, one level).

    Parameters
    ----------
    value : array_like of float
        The area's value (any unit; only its missingness is used).
    lower, upper : array_like of float
        The area's confidence limits, in the unit of ``value``.
    benchmark : array_like of float
        The benchmark's value (e.g. England's), in the unit of ``value``. All four arguments broadcast.
    polarity : {"no judgement", "high is good", "low is good"}, default "no judgement"
        How to word a difference (see :data:`POLARITIES`). With ``"high is good"`` a significantly higher area is
        ``"better"`` and a lower one ``"worse"``; with ``"low is good"`` the other way round.

    Returns
    -------
    numpy.ndarray of str
        With the broadcast shape: ``"similar"`` when the benchmark lies in ``[lower, upper]`` (limits included),
        ``"higher"`` when the benchmark is below ``lower`` (the area is significantly higher), ``"lower"`` when it is
        above ``upper``, and ``"not compared"`` when any of the four is NaN; ``"better"``/``"worse"`` in place of
        ``"higher"``/``"lower"`` when the polarity is not ``"no judgement"``.

    Raises
    ------
    ArgumentError
        When ``polarity`` is not one of :data:`POLARITIES` or an argument is not numbers.

    Notes
    -----
    This is the Fingertips "benchmarking against goal / confidence interval overlapping the benchmark value" method.
    SEND indicators have no polarity ("higher" and "lower" carry no judgement of better or worse); "better"/"worse"
    are for indicators where a direction is good (the Fingertips RAG rating). Use :func:`significance` for the
    two-level (95% / 99.8%) rating.

    References
    ----------
    Public Health England / OHID. Fingertips user guide: comparing an area's value with the benchmark using its
    confidence interval (the "confidence intervals overlapping reference value" method).

    Examples
    --------
    >>> compare([7.0, 7.0, 7.0, np.nan], [3.4, 3.4, 3.4, np.nan], [13.8, 13.8, 13.8, np.nan], [2.0, 3.4, 15.0, 5.0]).tolist()
    ['higher', 'similar', 'lower', 'not compared']
    >>> compare([7.0, 7.0], [3.4, 3.4], [13.8, 13.8], [2.0, 15.0], polarity="low is good").tolist()
    ['worse', 'better']
    """
    _check_polarity(polarity)
    v, lo, up, b = np.broadcast_arrays(
        _as_float("value", value), _as_float("lower", lower), _as_float("upper", upper),
        _as_float("benchmark", benchmark),
    )
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(up) | np.isnan(b)
    with np.errstate(invalid="ignore"):
        out = np.select([missing, b < lo, b > up], ["not compared", *_direction_words(polarity)], default="similar")
    return np.asarray(out, dtype=str)


def dsr_ci(count, value, variance, *, confidence=0.95):
    """Dobson confidence interval for a directly standardised rate (DSR).

    Parameters
    ----------
    count : array_like of float
        Total observed events of each standardised rate, ``O`` (summed over the age bands). Must be finite and at
        least 0. NaN gives NaN limits.
    value : array_like of float
        The directly standardised rate, in any unit (per person, or per ``multiplier`` people).
    variance : array_like of float
        Its variance, :math:`\\sum_i w_i^2 O_i / n_i^2 / (\\sum_i w_i)^2`, in the square of ``value``'s unit. Must be
        finite and at least 0. The three arguments broadcast.
    confidence : float, default 0.95
        Confidence level as a fraction, at least 0.9 and below 1 (0.95 and 0.998 are the Fingertips levels).

    Returns
    -------
    lower, upper : numpy.ndarray of float
        Limits in the unit of ``value``, with the broadcast shape. NaN where ``count`` is 0 (the method needs events)
        or where Byar's lower limit is undefined (1 or 2 events at 99.8%); callers leave out counts below
        :data:`DSR_MIN_COUNT` as :func:`dsr` does.

    Raises
    ------
    ArgumentError
        When ``confidence`` is out of range, or a count or variance is negative or not finite.

    Notes
    -----
    Dobson et al. (1991) scale the interval of the total count :math:`O` to the rate:

    .. math:: \\text{DSR} + \\sqrt{\\operatorname{var}(\\text{DSR}) / O}\\,(O_{\\text{lower}} - O), \\quad
              \\text{DSR} + \\sqrt{\\operatorname{var}(\\text{DSR}) / O}\\,(O_{\\text{upper}} - O)

    with :math:`O_{\\text{lower}}, O_{\\text{upper}}` Byar's limits for :math:`O` (:func:`byar_ci`,
    ``method="byar"``), as PHEindicatormethods ``calculate_dsr`` computes them.

    References
    ----------
    Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991). Confidence intervals for weighted sums of Poisson parameters.
    Statistics in Medicine 10(3):457-462. doi:10.1002/sim.4780100317

    Eayres D (2008). Technical Briefing 3: Commonly used public health statistics and their confidence intervals.
    York: Association of Public Health Observatories.

    Examples
    --------
    >>> lower, upper = dsr_ci(100, 0.01, 0.01**2 / 100)
    >>> round(float(lower), 6), round(float(upper), 6)
    (0.008136, 0.012163)
    """
    _check_confidence(confidence)
    o, v, var = np.broadcast_arrays(
        _as_float("count", count), _as_float("value", value), _as_float("variance", variance)
    )
    _check_finite_nonnegative("count", o)
    _check_finite_nonnegative("variance", var)
    o_lower, o_upper = byar_ci(o, confidence=confidence, method="byar")
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(o > 0, np.sqrt(var / o), np.nan)
        lower = v + scale * (o_lower - o)
        upper = v + scale * (o_upper - o)
    return np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)


def funnel_proportion_limits(denominator, average, *, confidence=0.95):
    """Funnel-plot control limits for a proportion, at each population size.

    Parameters
    ----------
    denominator : array_like of float
        Population size ``n`` (people) at which to draw the limits. Must be greater than 0.
    average : array_like of float
        The target (usually the overall) proportion, between 0 and 1. Broadcast against ``denominator``.
    confidence : float, default 0.95
        Two-sided confidence level as a fraction, at least 0.9 and below 1: 0.95 for the "2 sigma" limits (p = 0.025
        each side) and 0.998 for the "3 sigma" ones (p = 0.001 each side).

    Returns
    -------
    lower, upper : numpy.ndarray of float
        The proportions (between 0 and 1; clipped there) that an area of population ``n`` can reach before it is
        significantly different from ``average``, with the broadcast shape.

    Raises
    ------
    ArgumentError
        When ``confidence`` is out of range, a denominator is not greater than 0, or an average is outside [0, 1].

    Notes
    -----
    The limits are the proportions :math:`p` whose Wilson score interval at the given confidence just touches
    ``average``: the roots of the Wilson-interval equation solved for :math:`p`, as in the APHO funnel-plot tool and
    PHEindicatormethods ``calculate_funnel_limits`` / ``assign_funnel_significance`` (statistic "proportion").

    References
    ----------
    Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance. Statistics in Medicine
    24(8):1185-1202. doi:10.1002/sim.1970

    Flowers J (2007). Technical Briefing 2: Statistical process control methods in public health intelligence. York:
    Association of Public Health Observatories.

    Examples
    --------
    >>> lower, upper = funnel_proportion_limits([100, 10000], 0.2)
    >>> lower.round(4).tolist(), upper.round(4).tolist()
    ([0.1216, 0.1922], [0.2784, 0.2078])
    """
    _check_confidence(confidence)
    n, p = np.broadcast_arrays(_as_float("denominator", denominator), _as_float("average", average))
    _check_positive("denominator", n)
    _check_finite_nonnegative("average", p)
    _check_not_above("average", p, "1", np.ones_like(p))
    lower, upper = _proportion_limits(n, p, confidence)
    return np.clip(lower, 0.0, 1.0), np.clip(upper, 0.0, 1.0)


def funnel_poisson_limits(events, *, confidence=0.95):
    """Funnel-plot control limits for counts of events (ratios and rates): the expected counts at the limits.

    Parameters
    ----------
    events : array_like of float
        Observed numbers of events ``O`` (the points along the funnel). Must be finite and at least 0.
    confidence : float, default 0.95
        Two-sided confidence level as a fraction, at least 0.9 and below 1: 0.95 (p = 0.025 each side) or 0.998
        (p = 0.001 each side).

    Returns
    -------
    expected_lower, expected_upper : numpy.ndarray of float
        For each ``O``: the expected count at which ``O`` lies on the lower limit (so the limit ratio is
        ``O / expected_lower``) and the expected count at which it lies on the upper limit (``O / expected_upper``).
        ``expected_upper`` is 0 where ``O`` is 0.

    Raises
    ------
    ArgumentError
        When ``confidence`` is out of range or an event count is negative or not finite.

    Notes
    -----
    These are the exact Poisson (Garwood) limits of ``O``: ``expected_lower`` is
    :math:`\\chi^2_{1-\\alpha/2}(2O+2)/2` and ``expected_upper`` :math:`\\chi^2_{\\alpha/2}(2O)/2`. The APHO tool and
    PHEindicatormethods ``calculate_funnel_limits`` find the same numbers by bisection to about 1e-7 on the scale
    :math:`E/(1 + O + E)`, so their tables differ from these in the 7th significant figure.

    References
    ----------
    Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance. Statistics in Medicine
    24(8):1185-1202. doi:10.1002/sim.1970

    Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28(3/4):437-442.
    doi:10.1093/biomet/28.3-4.437

    Examples
    --------
    >>> at_lower, at_upper = funnel_poisson_limits([1, 100])
    >>> at_lower.round(4).tolist(), at_upper.round(4).tolist()
    ([5.5716, 121.6268], [0.0253, 81.364])
    """
    _check_confidence(confidence)
    o = _as_float("events", events)
    _check_finite_nonnegative("events", o)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore"):
        expected_lower = chi2.isf(alpha / 2.0, 2.0 * o + 2.0) / 2.0
        expected_upper = np.where(o == 0, 0.0, chi2.ppf(alpha / 2.0, 2.0 * o) / 2.0)
    expected_upper = np.where(np.isnan(o), np.nan, expected_upper)
    return np.asarray(expected_lower, dtype=float), np.asarray(expected_upper, dtype=float)


def significance(lower, upper, lower_998, upper_998, benchmark):
    """The Fingertips two-level significance of a difference from a benchmark: 99.8%, 95% or none.

    Parameters
    ----------
    lower, upper : array_like of float
        The area's 95% confidence limits.
    lower_998, upper_998 : array_like of float
        The area's 99.8% confidence limits, in the same unit.
    benchmark : array_like of float
        The benchmark's value (e.g. England's), in the same unit. All five arguments broadcast.

    Returns
    -------
    numpy.ndarray of str
        ``"99.8%"`` when the benchmark lies outside the 99.8% interval, ``"95%"`` when it lies outside the 95%
        interval only, ``"not significant"`` when it lies inside both (limits included) and ``"not compared"`` when
        any argument is NaN (see :data:`SIGNIFICANCE_LEVELS`). The direction comes from :func:`compare`.

    Raises
    ------
    ArgumentError
        When an argument is not numbers.

    References
    ----------
    Public Health England / OHID. Fingertips user guide: "Compared with benchmark" using 95% and 99.8% confidence
    intervals (two levels of significance).

    Examples
    --------
    >>> significance([3.4, 3.4, 3.4], [13.8, 13.8, 13.8], [2.2, 2.2, 2.2], [18.0, 18.0, 18.0], [5.0, 3.0, 1.0]).tolist()
    ['not significant', '95%', '99.8%']
    """
    lo, up, lo3, up3, b = np.broadcast_arrays(
        _as_float("lower", lower), _as_float("upper", upper), _as_float("lower_998", lower_998),
        _as_float("upper_998", upper_998), _as_float("benchmark", benchmark),
    )
    missing = np.isnan(lo) | np.isnan(up) | np.isnan(lo3) | np.isnan(up3) | np.isnan(b)
    with np.errstate(invalid="ignore"):
        out = np.select(
            [missing, (b < lo3) | (b > up3), (b < lo) | (b > up)], ["not compared", "99.8%", "95%"],
            default="not significant",
        )
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
    out["method"] = pd.Series(np.array(["Wilson"], dtype=object)[np.zeros(len(frame), dtype=np.intp)],
                              index=frame.index, dtype=object)  # one shared string, not one per row
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
    # Labels by indexing three objects (not np.where on strings, which builds a million new ones).
    codes = np.where(np.isnan(x), 2, _uses_exact(x, "auto").astype(np.intp))
    labels = np.array(["Byar", "Exact Poisson", np.nan], dtype=object)[codes]
    out = frame.copy()
    out["value"] = x * per
    out["lower_ci"] = lower * per
    out["upper_ci"] = upper * per
    out["confidence"] = float(confidence)
    out["method"] = pd.Series(labels, index=frame.index, dtype=object)
    return out


def dsr(frame, *, count="count", denominator="denominator", standard, confidence=0.95, multiplier=100000, group=None):
    """Directly standardised rates (DSR) with Dobson confidence intervals, one per group of age-band rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per group x age band (or other standardising band): the events and the population of the band.
    count : str, default "count"
        Column holding the events in the band (e.g. children with an EHC plan); at least 0. A missing count (NaN) is
        taken as 0, as PHEindicatormethods does, and said so in ``note``.
    denominator : str, default "denominator"
        Column holding the band's population (people, or person-years); greater than 0, never missing.
    standard : str or array_like of float
        The standard population (weights, people; at least 0): the name of a column of ``frame`` holding each band's
        weight, or a sequence of weights applied in row order within each group, which must then hold as many rows as
        the sequence (e.g. :data:`ESP2013` for 19 five-year bands 0-4 to 90+).
    confidence : float, default 0.95
        Confidence level as a fraction, at least 0.9 and below 1 (e.g. 0.95 or 0.998; not 95).
    multiplier : float, default 100000
        The rate is per this many people of the standard population. Must be positive.
    group : str or list of str, optional
        Columns identifying one standardised rate (e.g. ``["area_code", "period"]``). By default the whole frame is
        one group.

    Returns
    -------
    pandas.DataFrame
        A new frame, one row per group in order of first appearance (index 0, 1, ...): the ``group`` columns, then
        ``count`` (total events), ``denominator`` (total population), ``value`` (the DSR per ``multiplier``),
        ``lower_ci``, ``upper_ci``, ``confidence`` (e.g. 0.95), ``method`` (``"Dobson"``) and ``note``. Groups with
        fewer than :data:`DSR_MIN_COUNT` (10) events get NaN value and limits and the note ``"fewer than 10
        events"``; groups where missing counts were taken as 0 say so (``"missing count taken as 0 in 1 row"``);
        other notes are NaN.

    Raises
    ------
    ArgumentError
        When ``frame`` is not a DataFrame, ``confidence`` or ``multiplier`` is out of range, a column is missing or not
        numeric, a count or weight is negative or infinite, a denominator is missing or not greater than 0, or a
        sequence ``standard`` does not match the size of every group (naming the first bad row by its index label).

    See Also
    --------
    dsr_ci : the kernel.

    Notes
    -----
    With :math:`O_i` events, :math:`n_i` people and standard weight :math:`w_i` in band :math:`i`,
    :math:`\\text{DSR} = \\sum_i w_i O_i / n_i \\,/\\, \\sum_i w_i` and
    :math:`\\operatorname{var} = \\sum_i w_i^2 O_i / n_i^2 \\,/\\, (\\sum_i w_i)^2`; the limits are Dobson's
    (:func:`dsr_ci`), as in PHEindicatormethods ``calculate_dsr`` (independent events).

    References
    ----------
    Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991). Confidence intervals for weighted sums of Poisson parameters.
    Statistics in Medicine 10(3):457-462. doi:10.1002/sim.4780100317

    Eayres D (2008). Technical Briefing 3: Commonly used public health statistics and their confidence intervals.
    York: Association of Public Health Observatories.

    Examples
    --------
    >>> bands = pd.DataFrame({"area_code": ["E09000019"] * 3 + ["E09000020"] * 3,
    ...                       "count": [30, 40, 50, 3, 2, 1], "denominator": [1000, 2000, 1000, 900, 800, 700]})
    >>> out = dsr(bands, standard=[20000, 50000, 30000], group="area_code", multiplier=1000)
    >>> out[["area_code", "count", "value", "lower_ci", "upper_ci"]].round(2).to_numpy().tolist()
    [['E09000019', 120.0, 31.0, 25.64, 37.14], ['E09000020', 6.0, nan, nan, nan]]
    >>> out["note"].tolist()
    [nan, 'fewer than 10 events']
    """
    _check_frame("frame", frame)
    _check_confidence(confidence)
    _check_multiplier(multiplier)
    keys = _group_columns(frame, group)
    x = _numeric_column(frame, "count", count)
    n = _numeric_column(frame, "denominator", denominator)
    _rows_finite_nonnegative(frame, "count", count, x)
    _rows_not_missing(frame, "denominator", denominator, n)
    _rows_positive(frame, "denominator", denominator, n)
    codes, out = _groups(frame, keys)
    k = len(out)
    w = _per_row(frame, "standard", standard, codes, k)
    missing = np.isnan(x)
    x0 = np.where(missing, 0.0, x)

    def total(values):
        return np.bincount(codes, weights=values, minlength=k)

    events = total(x0)
    weights = total(w)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = total(x0 * w / n) / weights
        variance = total(x0 * (w / n) ** 2) / weights**2
    lower, upper = dsr_ci(events, value, variance, confidence=confidence)
    few = events < DSR_MIN_COUNT
    out["count"] = events
    out["denominator"] = total(n)
    out["value"] = np.where(few, np.nan, value * multiplier)
    out["lower_ci"] = np.where(few, np.nan, lower * multiplier)
    out["upper_ci"] = np.where(few, np.nan, upper * multiplier)
    out["confidence"] = float(confidence)
    out["method"] = pd.Series("Dobson", index=out.index, dtype=object)
    out["note"] = _notes(few, "fewer than 10 events", total(missing.astype(float)))
    return out


def isr(frame, *, count="count", denominator="denominator", reference_count="reference_count",
        reference_denominator="reference_denominator", confidence=0.95, multiplier=1, group=None):
    """Indirectly standardised ratios (observed / expected events) with Byar's or exact Poisson confidence intervals.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per group x age band (or other standardising band).
    count : str, default "count"
        Column holding the observed events in the band; at least 0. A missing count is taken as 0 (noted).
    denominator : str, default "denominator"
        Column holding the band's population (people); at least 0. A missing population is taken as 0 (noted).
    reference_count, reference_denominator : str or array_like of float
        The reference (e.g. England's) events and population by band: column names, or sequences applied in row order
        within each group (each group must then have as many rows). Events at least 0 (missing taken as 0);
        population greater than 0 and never missing.
    confidence : float, default 0.95
        Confidence level as a fraction, at least 0.9 and below 1 (e.g. 0.95 or 0.998).
    multiplier : float, default 1
        Scale of the ratio: 1 for observed/expected, 100 for the usual "SMR x 100". Must be positive.
    group : str or list of str, optional
        Columns identifying one ratio (e.g. ``["area_code", "period"]``). By default the whole frame is one group.

    Returns
    -------
    pandas.DataFrame
        A new frame, one row per group in order of first appearance: the ``group`` columns, then ``count`` (observed
        events O), ``expected`` (E, the sum over bands of reference rate x population), ``value`` (O / E x
        multiplier), ``lower_ci``, ``upper_ci``, ``confidence``, ``method`` (``"Exact Poisson"`` for O below 10,
        ``"Byar"`` from 10) and ``note`` (``"missing count or population taken as 0 in 1 row"`` or NaN).

    Raises
    ------
    ArgumentError
        As :func:`dsr`, for these columns: a bad argument, a missing or non-numeric column, a negative or infinite
        count or population, a reference population missing or not greater than 0, or a sequence that does not match
        the size of every group.

    See Also
    --------
    isr_rate : the same, as an indirectly standardised rate.
    byar_ci : the kernel for the limits of O (divided by E).

    References
    ----------
    Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, Volume II. IARC Scientific Publications No. 82.

    Eayres D (2008). Technical Briefing 3: Commonly used public health statistics and their confidence intervals.
    York: Association of Public Health Observatories. (PHEindicatormethods ``calculate_ISRatio``.)

    Examples
    --------
    >>> bands = pd.DataFrame({"count": [30, 40, 50], "denominator": [1000, 2000, 1000],
    ...                       "reference_count": [2000, 3000, 6000], "reference_denominator": [100000, 200000, 100000]})
    >>> out = isr(bands, multiplier=100)
    >>> out[["count", "expected", "value", "lower_ci", "upper_ci"]].round(2).to_numpy().tolist()
    [[120.0, 110.0, 109.09, 90.45, 130.45]]
    """
    return _isr(frame, count, denominator, reference_count, reference_denominator, confidence, multiplier, group,
                as_rate=False)


def isr_rate(frame, *, count="count", denominator="denominator", reference_count="reference_count",
             reference_denominator="reference_denominator", confidence=0.95, multiplier=100000, group=None):
    """Indirectly standardised rates: the reference rate scaled by observed / expected events, with Byar/exact CIs.

    Parameters
    ----------
    frame, count, denominator, reference_count, reference_denominator, confidence, group
        As :func:`isr`.
    multiplier : float, default 100000
        The rate is per this many people. Must be positive.

    Returns
    -------
    pandas.DataFrame
        As :func:`isr`, with ``value``, ``lower_ci`` and ``upper_ci`` multiplied by the group's reference rate (the
        reference events / reference population x ``multiplier``), plus ``reference_rate`` after ``expected``.

    Raises
    ------
    ArgumentError
        As :func:`isr`.

    References
    ----------
    Eayres D (2008). Technical Briefing 3: Commonly used public health statistics and their confidence intervals.
    York: Association of Public Health Observatories. (PHEindicatormethods ``calculate_ISRate``.)

    Examples
    --------
    >>> bands = pd.DataFrame({"count": [30, 40, 50], "denominator": [1000, 2000, 1000],
    ...                       "reference_count": [2000, 3000, 6000], "reference_denominator": [100000, 200000, 100000]})
    >>> out = isr_rate(bands, multiplier=1000)
    >>> out[["reference_rate", "value", "lower_ci", "upper_ci"]].round(2).to_numpy().tolist()
    [[27.5, 30.0, 24.87, 35.87]]
    """
    return _isr(frame, count, denominator, reference_count, reference_denominator, confidence, multiplier, group,
                as_rate=True)


def funnel_limits(frame, *, statistic, numerator="count", denominator="denominator", rate=None, rate_type="crude",
                  multiplier=None, years_of_data=1):
    """The lines of a funnel plot: 95% and 99.8% control limits around the overall average of the areas.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area.
    statistic : {"proportion", "rate", "ratio"}
        What the areas' values are: proportions (``numerator`` of ``denominator`` people), rates (``numerator``
        events and a ``rate`` column, crude or directly standardised) or ratios (``numerator`` observed of
        ``denominator`` expected events, e.g. an ISR).
    numerator : str, default "count"
        Column of people (proportion) or events (rate, ratio); at least 0 and never missing.
    denominator : str or None, default "denominator"
        Column of people (proportion) or expected events (ratio), greater than 0 and never missing. For rates it is
        optional (None): the population is derived as ``numerator / rate x multiplier`` and the column is only used
        for crude rates with 0 events.
    rate : str, optional
        For ``statistic="rate"``: column holding each area's rate per ``multiplier``.
    rate_type : {"crude", "dsr"}, default "crude"
        For rates: crude rates, or directly standardised rates (areas with 0 events are then left out of the
        average's denominator, as PHEindicatormethods does).
    multiplier : float, optional
        Scale of the values: by default 100 (percentages) for proportions, 100000 for rates and 1 for ratios (use 100
        for an ISR x 100). Must be positive.
    years_of_data : float, default 1
        For rates: the years the counts cover; the ``denominator`` of the table is then a population per year.

    Returns
    -------
    pandas.DataFrame
        The funnel lines, long and tidy, with the columns :data:`FUNNEL_COLUMNS` whatever the statistic: 400 rows, 100
        points along the x axis for each of the four lines in the order (0.95, lower), (0.95, upper), (0.998, lower),
        (0.998, upper). ``statistic`` (``"proportion"``, ``"rate (crude)"``, ``"rate (dsr)"``, ``"ratio"``),
        ``confidence``, ``side`` (``"lower"``/``"upper"``), ``events`` (the observed events at the point; NaN for
        proportions), ``denominator`` (the x axis: population, population per year for rates, expected events for
        ratios), ``value`` (the limit, x ``multiplier``), ``baseline`` (the average, x ``multiplier``) and ``method``
        (``"Wilson"`` or ``"Poisson"``). The x axis runs from 0 (or just below the smallest denominator when the
        largest is at most twice the smallest) to just above the largest, in geometric steps, as the APHO tool does.

    Raises
    ------
    ArgumentError
        When ``frame`` is not a DataFrame, ``statistic``, ``rate_type``, ``multiplier`` or ``years_of_data`` is not
        allowed, a column is missing or not numeric, a numerator is missing, negative or (proportions) above its
        denominator, a denominator or rate is missing or not greater than 0 where it is needed, or the frame has no
        usable rows.

    See Also
    --------
    funnel_proportion_limits, funnel_poisson_limits : the kernels.
    funnel_significance : where each area falls.

    References
    ----------
    Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance. Statistics in Medicine
    24(8):1185-1202. doi:10.1002/sim.1970

    Flowers J (2007). Technical Briefing 2: Statistical process control methods in public health intelligence. APHO.
    (PHEindicatormethods ``calculate_funnel_limits``.)

    Examples
    --------
    >>> areas = pd.DataFrame({"count": [30, 45, 160], "denominator": [200, 250, 900]})
    >>> lines = funnel_limits(areas, statistic="proportion")
    >>> lines.groupby(["confidence", "side"]).size().tolist(), float(lines["baseline"].iloc[0].round(4))
    ([100, 100, 100, 100], 17.4074)
    >>> lines.loc[lines["denominator"] == 950, ["confidence", "side", "value"]].round({"value": 2}).to_numpy().tolist()
    [[0.95, 'lower', 15.0], [0.95, 'upper', 19.82], [0.998, 'lower', 13.61], [0.998, 'upper', 21.21]]
    """
    spec = _funnel_inputs(frame, statistic, numerator, denominator, rate, rate_type, multiplier, years_of_data)
    statistic, multiplier, x, d = spec["statistic"], spec["multiplier"], spec["numerator"], spec["derived"]
    average = x.sum() / np.nansum(d)
    smallest, largest = np.nanmin(d), np.nanmax(d)
    years = float(years_of_data) if statistic == "rate" else 1.0
    if largest > 2 * smallest:
        axis_min = 0.0
    else:
        axis_min = _axis_floor(smallest / years) * years
    axis_max = _axis_ceiling(largest / years) * years
    if statistic == "rate":
        axis_min, axis_max = np.floor(axis_min * average), np.ceil(axis_max * average)
    grid = _funnel_axis(axis_min, axis_max, ratio=statistic == "ratio")
    pieces = []
    for confidence in (0.95, 0.998):
        if statistic == "proportion":
            lower, upper = funnel_proportion_limits(grid, average, confidence=confidence)
            lines = [(np.nan, grid, lower * multiplier), (np.nan, grid, upper * multiplier)]
        else:
            at_lower, at_upper = funnel_poisson_limits(grid, confidence=confidence)
            lines = []
            for expected in (at_lower, at_upper):
                with np.errstate(divide="ignore", invalid="ignore"):
                    if statistic == "ratio":
                        lines.append((grid, expected, grid / expected * multiplier))
                    else:
                        population = expected / average
                        lines.append((grid, population / years, grid / population * multiplier))
        for side, (events, x_axis, value) in zip(("lower", "upper"), lines):
            pieces.append(pd.DataFrame({
                "confidence": confidence, "side": side, "events": events, "denominator": x_axis, "value": value,
            }, index=range(len(grid))))
    out = pd.concat(pieces, ignore_index=True)
    out.insert(0, "statistic", spec["label"])
    out["baseline"] = (1.0 if statistic == "ratio" else average) * multiplier
    out["method"] = "Wilson" if statistic == "proportion" else "Poisson"
    out["side"] = out["side"].astype(object)
    out["statistic"] = out["statistic"].astype(object)
    out["method"] = out["method"].astype(object)
    return out[FUNNEL_COLUMNS]


def funnel_significance(frame, *, statistic, numerator="count", denominator="denominator", rate=None,
                        rate_type="crude", multiplier=None, polarity="no judgement"):
    """Where each area falls on its funnel plot: higher or lower than the average, at 95% or 99.8%.

    Parameters
    ----------
    frame, statistic, numerator, denominator, rate, rate_type, multiplier
        As :func:`funnel_limits` (``multiplier`` matters only for rates, to derive populations from rates).
    polarity : {"no judgement", "high is good", "low is good"}, default "no judgement"
        Words of ``comparison`` (see :data:`POLARITIES`).

    Returns
    -------
    pandas.DataFrame
        A new frame: ``frame``'s columns (index kept) with ``comparison`` (``"higher"``, ``"similar"``,
        ``"lower"``; ``"better"``/``"worse"`` with a polarity; ``"not compared"``) and ``significance`` (see
        :data:`SIGNIFICANCE_LEVELS`) added at the end or overwritten. Directly standardised rates with fewer than 10
        events are ``"not compared"``.

    Raises
    ------
    ArgumentError
        As :func:`funnel_limits`, and when ``polarity`` is not allowed.

    Notes
    -----
    Proportions are compared with the funnel limits at their own population (:func:`funnel_proportion_limits`). For
    ratios the average is 1 and for rates the overall rate (events over derived population); an area is higher when
    that average lies below the lower limit of its own Byar (10 events or more) or exact Poisson interval, as
    PHEindicatormethods ``assign_funnel_significance`` does (labels "High (0.001)" = higher at 99.8%, "High (0.025)" =
    higher at 95%, "Not significant" = similar).

    References
    ----------
    Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance. Statistics in Medicine
    24(8):1185-1202. doi:10.1002/sim.1970

    Examples
    --------
    >>> areas = pd.DataFrame({"count": [30, 45, 160, 10], "denominator": [200, 250, 900, 200]})
    >>> out = funnel_significance(areas, statistic="proportion")
    >>> out[["comparison", "significance"]].to_numpy().tolist()
    [['similar', 'not significant'], ['similar', 'not significant'], ['similar', 'not significant'], ['lower', '99.8%']]
    """
    _check_polarity(polarity)
    spec = _funnel_inputs(frame, statistic, numerator, denominator, rate, rate_type, multiplier, 1)
    statistic, x, d = spec["statistic"], spec["numerator"], spec["derived"]
    missing = np.zeros(len(x), dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        if statistic == "proportion":
            average = x.sum() / d.sum()
            p = x / d
            lo95, up95 = _proportion_limits(d, average, 0.95)
            lo998, up998 = _proportion_limits(d, average, 0.998)
            low998, low95, high998, high95 = p < lo998, p < lo95, p > up998, p > up95
        else:
            average = 1.0 if statistic == "ratio" else x.sum() / np.nansum(d)
            lo95, up95 = (b / d for b in byar_ci(x, confidence=0.95))
            lo998, up998 = (b / d for b in byar_ci(x, confidence=0.998))
            high998, high95, low998, low95 = average < lo998, average < lo95, average > up998, average > up95
            if statistic == "rate" and rate_type == "dsr":
                missing = x < DSR_MIN_COUNT
    higher, lower = _direction_words(polarity)
    comparison = np.select([missing, high998 | high95, low998 | low95], ["not compared", higher, lower],
                           default="similar")
    level = np.select([missing, high998 | low998, high95 | low95], ["not compared", "99.8%", "95%"],
                      default="not significant")
    out = frame.copy()
    out["comparison"] = pd.Series(comparison.astype(object), index=frame.index, dtype=object)
    out["significance"] = pd.Series(level.astype(object), index=frame.index, dtype=object)
    return out


def compare_with(frame, benchmark, *, on="indicator", comparator_code=None, polarity="no judgement"):
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
    polarity : {"no judgement", "high is good", "low is good"}, default "no judgement"
        Words of ``comparison`` (see :data:`POLARITIES` and :func:`compare`). Indicator frames (``schema``) hold only
        the "no judgement" words.

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
        ``benchmark``, ``benchmark`` holds more than one row for a key, the key columns cannot be matched, or
        ``polarity`` is not allowed.

    See Also
    --------
    compare : the kernel.
    compare_levels : the two-level (95% / 99.8%) comparison.

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
    _check_polarity(polarity)
    _check_frame("frame", frame)
    bench_values, comparator = _benchmark_match(frame, benchmark, on, comparator_code)
    comparison = compare(
        _frame_floats(frame, "value"), _frame_floats(frame, "lower_ci"), _frame_floats(frame, "upper_ci"),
        bench_values, polarity=polarity,
    )
    out = frame.copy()
    out["comparator_code"] = pd.Series(comparator, index=frame.index, dtype=object)
    out["comparison"] = pd.Series(comparison.astype(object), index=frame.index, dtype=object)
    return out


def compare_levels(frame, benchmark, *, lower_998="lower_ci_998", upper_998="upper_ci_998", on="indicator",
                   comparator_code=None, polarity="no judgement"):
    """Compare each row with a benchmark at two levels, 95% and 99.8% (the Fingertips two-level comparison).

    Parameters
    ----------
    frame : pandas.DataFrame
        Indicator frame as for :func:`compare_with`, whose ``lower_ci``/``upper_ci`` are the 95% limits, plus two
        columns holding the 99.8% limits (e.g. from :func:`proportion` with ``confidence=0.998``).
    benchmark : pandas.DataFrame
        As for :func:`compare_with`.
    lower_998, upper_998 : str, default "lower_ci_998", "upper_ci_998"
        Columns of ``frame`` holding the 99.8% limits, in the unit of ``value``.
    on, comparator_code
        As for :func:`compare_with`.
    polarity : {"no judgement", "high is good", "low is good"}, default "no judgement"
        Words of ``comparison`` (see :data:`POLARITIES`).

    Returns
    -------
    pandas.DataFrame
        :func:`compare_with`'s frame (``comparator_code`` and ``comparison``, the 95% one-level comparison) with
        ``significance`` added at the end or overwritten: ``"99.8%"``, ``"95%"``, ``"not significant"`` or ``"not
        compared"`` (see :func:`significance`). A row ``comparison="higher", significance="99.8%"`` reads "higher
        (99.8%)".

    Raises
    ------
    ArgumentError
        As :func:`compare_with`, and when a 99.8% column is missing or not numeric or ``polarity`` is not allowed.

    See Also
    --------
    compare, significance : the kernels.

    References
    ----------
    Public Health England / OHID. Fingertips user guide: "Compared with benchmark" using 95% and 99.8% confidence
    intervals.

    Examples
    --------
    >>> df = pd.DataFrame({"indicator": "ehcp", "period": "2024", "breakdown": "All", "category": "All",
    ...                    "area_code": ["E09000019", "E09000020"], "count": [70, 30], "denominator": [1000, 1000]})
    >>> areas = proportion(df)
    >>> wide = proportion(df, confidence=0.998)
    >>> areas["lower_ci_998"], areas["upper_ci_998"] = wide["lower_ci"], wide["upper_ci"]
    >>> england = pd.DataFrame([{"indicator": "ehcp", "period": "2024", "breakdown": "All", "category": "All",
    ...                          "area_code": "E92000001", "value": 5.3}])
    >>> out = compare_levels(areas, england)
    >>> out[["area_code", "comparison", "significance"]].to_numpy().tolist()
    [['E09000019', 'higher', '95%'], ['E09000020', 'lower', '99.8%']]
    """
    _check_polarity(polarity)
    _check_frame("frame", frame)
    lo3 = _numeric_column(frame, "lower_998", lower_998)
    up3 = _numeric_column(frame, "upper_998", upper_998)
    out = compare_with(frame, benchmark, on=on, comparator_code=comparator_code, polarity=polarity)
    bench = _benchmark_values(frame, benchmark, on, comparator_code)
    level = significance(_frame_floats(frame, "lower_ci"), _frame_floats(frame, "upper_ci"), lo3, up3, bench)
    level = np.where(np.isnan(_frame_floats(frame, "value")), "not compared", level)
    out["significance"] = pd.Series(level.astype(object), index=frame.index, dtype=object)
    return out


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


def _benchmark_match(frame, benchmark, on, comparator_code) -> tuple[np.ndarray, np.ndarray]:
    """The benchmark value (float) and area code (object) matching each row of frame; NaN where none matches."""
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
    return matched["_benchmark_value"].to_numpy(dtype=float), matched["_comparator_code"].to_numpy(dtype=object)


def _benchmark_values(frame, benchmark, on, comparator_code) -> np.ndarray:
    return _benchmark_match(frame, benchmark, on, comparator_code)[0]


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


def _check_polarity(polarity) -> None:
    if not isinstance(polarity, str) or polarity not in POLARITIES:
        raise ArgumentError(f"polarity must be one of {', '.join(map(repr, POLARITIES))}; got {_show(polarity)}")


def _direction_words(polarity: str) -> tuple[str, str]:
    """The words for a significantly higher and a significantly lower area under a polarity."""
    return {"no judgement": ("higher", "lower"), "high is good": ("better", "worse"),
            "low is good": ("worse", "better")}[polarity]


def _rows_not_missing(frame: pd.DataFrame, role: str, column: str, values: np.ndarray) -> None:
    bad = np.isnan(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"{role} column {column!r} must not be missing; got NaN at index {_label(frame.index[i])}")


def _group_columns(frame: pd.DataFrame, group) -> list:
    if group is None:
        return []
    keys = [group] if isinstance(group, str) else group
    if not isinstance(keys, (list, tuple)) or not all(isinstance(k, str) for k in keys):
        raise ArgumentError(f"group must be a column name or a list of column names; got {_show(group)}")
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise ArgumentError(f"group must name columns of frame; got {missing} (columns: {list(frame.columns)})")
    return list(keys)


def _groups(frame: pd.DataFrame, keys: list) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number of each row (in order of first appearance) and a frame of each group's key values."""
    if not keys:
        codes = np.zeros(len(frame), dtype=np.intp)
        return codes, pd.DataFrame(index=range(1 if len(frame) else 0))
    codes = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy(dtype=np.intp)
    first = np.unique(codes, return_index=True)[1]
    return codes, frame[keys].iloc[first].reset_index(drop=True)


def _per_row(frame: pd.DataFrame, role: str, spec, codes: np.ndarray, k: int) -> np.ndarray:
    """A per-band quantity for every row: a column of frame, or a sequence applied in row order within each group."""
    if isinstance(spec, str):
        values = _numeric_column(frame, role, spec)
        _rows_not_missing(frame, role, spec, values)
        _rows_finite_nonnegative(frame, role, spec, values)
        return values
    values = _as_float(role, spec)
    if values.ndim != 1:
        raise ArgumentError(f"{role} must be a column name or a sequence of numbers; got {_show(spec)}")
    _check_finite_nonnegative(role, values)
    if np.isnan(values).any():
        raise ArgumentError(f"{role} must not hold missing values; got NaN{_position(np.isnan(values))}")
    sizes = np.bincount(codes, minlength=k)
    if (sizes != len(values)).any():
        shown = sorted(set(sizes.tolist()))
        raise ArgumentError(
            f"{role} must hold one value per row of each group; got {len(values)} values for groups of {shown} rows"
        )
    position = pd.Series(codes).groupby(codes).cumcount().to_numpy()
    return values[position]


def _notes(few: np.ndarray, few_text: str, missing_rows: np.ndarray, what: str = "count") -> pd.Series:
    """The note of each group: the small-count rule and/or how many missing counts were taken as 0."""
    m = missing_rows.astype(int)
    plural = np.where(m == 1, " row", " rows")
    missing_text = np.char.add(np.char.add(f"missing {what} taken as 0 in ", m.astype(str)), plural)
    first = np.where(few, few_text, "")
    second = np.where(m > 0, missing_text, "")
    both = np.char.add(np.char.add(first, np.where(few & (m > 0), "; ", "")), second)
    return pd.Series(np.where(both == "", np.nan, both.astype(object)), dtype=object)


def _isr(frame, count, denominator, reference_count, reference_denominator, confidence, multiplier, group, *,
         as_rate: bool) -> pd.DataFrame:
    _check_frame("frame", frame)
    _check_confidence(confidence)
    _check_multiplier(multiplier)
    keys = _group_columns(frame, group)
    x = _numeric_column(frame, "count", count)
    n = _numeric_column(frame, "denominator", denominator)
    _rows_finite_nonnegative(frame, "count", count, x)
    _rows_finite_nonnegative(frame, "denominator", denominator, n)
    codes, out = _groups(frame, keys)
    k = len(out)
    if isinstance(reference_count, str):
        ref_x = _numeric_column(frame, "reference_count", reference_count)
        _rows_finite_nonnegative(frame, "reference_count", reference_count, ref_x)
    else:
        ref_x = _per_row(frame, "reference_count", reference_count, codes, k)
    ref_n = _per_row(frame, "reference_denominator", reference_denominator, codes, k)
    if isinstance(reference_denominator, str):
        _rows_positive(frame, "reference_denominator", reference_denominator, ref_n)
    else:
        _check_positive("reference_denominator", ref_n)

    def total(values):
        return np.bincount(codes, weights=values, minlength=k)

    missing = np.isnan(x) | np.isnan(n)
    observed = total(np.nan_to_num(x))
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = total(np.nan_to_num(ref_x) / ref_n * np.nan_to_num(n))
        scale = multiplier / expected
        if as_rate:
            reference_rate = total(np.nan_to_num(ref_x)) / total(ref_n) * multiplier
            scale = reference_rate / expected
    lower, upper = byar_ci(observed, confidence=confidence, method="auto")
    out["count"] = observed
    out["expected"] = expected
    if as_rate:
        out["reference_rate"] = reference_rate
    out["value"] = observed * scale
    out["lower_ci"] = lower * scale
    out["upper_ci"] = upper * scale
    out["confidence"] = float(confidence)
    out["method"] = pd.Series(np.where(_uses_exact(observed, "auto"), "Exact Poisson", "Byar").astype(object),
                              index=out.index, dtype=object)
    out["note"] = _notes(np.zeros(k, dtype=bool), "", total(missing.astype(float)), "count or population")
    return out


def _funnel_inputs(frame, statistic, numerator, denominator, rate, rate_type, multiplier, years_of_data) -> dict:
    """Check the arguments of the funnel functions; the numerators and the denominators the funnel uses."""
    _check_frame("frame", frame)
    if not isinstance(statistic, str) or statistic not in _FUNNEL_STATISTICS:
        raise ArgumentError(
            f"statistic must be one of {', '.join(map(repr, _FUNNEL_STATISTICS))}; got {_show(statistic)}"
        )
    if statistic == "rate" and (not isinstance(rate_type, str) or rate_type not in _RATE_TYPES):
        raise ArgumentError(f"rate_type must be one of {', '.join(map(repr, _RATE_TYPES))}; got {_show(rate_type)}")
    if multiplier is None:
        multiplier = {"proportion": 100, "rate": 100000, "ratio": 1}[statistic]
    _check_multiplier(multiplier)
    ok = isinstance(years_of_data, numbers.Real) and not isinstance(years_of_data, (bool, np.bool_))
    if not ok or not (0 < years_of_data < np.inf):
        raise ArgumentError(f"years_of_data must be a positive number; got {_show(years_of_data)}")
    if len(frame) == 0:
        raise ArgumentError("frame must have at least one row; got an empty frame")
    x = _numeric_column(frame, "numerator", numerator)
    _rows_not_missing(frame, "numerator", numerator, x)
    _rows_finite_nonnegative(frame, "numerator", numerator, x)
    if statistic != "rate":
        d = _numeric_column(frame, "denominator", denominator)
        _rows_not_missing(frame, "denominator", denominator, d)
        _rows_positive(frame, "denominator", denominator, d)
        if statistic == "proportion":
            above = x > d
            if above.any():
                i = int(np.flatnonzero(above)[0])
                raise ArgumentError(
                    f"numerator must not exceed denominator; got {numerator} {_num(x[i])} > {denominator} "
                    f"{_num(d[i])} at index {_label(frame.index[i])}"
                )
        label = statistic
    else:
        r = _numeric_column(frame, "rate", rate)
        has_events = x > 0
        bad = has_events & ~(r > 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ArgumentError(
                f"rate column {rate!r} must be greater than 0 where there are events; got {_num(r[i])} at index "
                f"{_label(frame.index[i])}"
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            d = multiplier * x / r
        if rate_type == "dsr":
            d = np.where(has_events, d, np.nan)
        elif (~has_events).any():
            if denominator is None:
                i = int(np.flatnonzero(~has_events)[0])
                raise ArgumentError(
                    f"denominator must name a column of frame when a crude rate has 0 events; got None (0 events at "
                    f"index {_label(frame.index[i])})"
                )
            pop = _numeric_column(frame, "denominator", denominator)
            bad = ~has_events & ~(pop > 0)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise ArgumentError(
                    f"denominator column {denominator!r} must be greater than 0 where there are 0 events; got "
                    f"{_num(pop[i])} at index {_label(frame.index[i])}"
                )
            d = np.where(has_events, d, pop)
        if np.isnan(d).all():
            raise ArgumentError("frame must have at least one row with events; got none")
        label = f"rate ({rate_type})"
    return {"statistic": statistic, "multiplier": float(multiplier), "numerator": x, "derived": d, "label": label}


def _proportion_limits(n: np.ndarray, p, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Unclipped funnel limits for a proportion (the Wilson interval solved for the observed proportion)."""
    z2 = _z(confidence) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = p * (n / z2 + 1.0)
        root = np.sqrt(
            (8.0 * centre) ** 2 - 64.0 * (1.0 / z2 + 1.0 / n) * p * (n * (p * (n / z2 + 2.0) - 1.0) + z2 * (p - 1.0))
        )
        scale = (1.0 / z2 + 1.0 / n) * n
        return (centre - root / 8.0) / scale, (centre + root / 8.0) / scale


def _axis_floor(x: float) -> float:
    """Round down 5% below ``x`` to its leading digit (the APHO funnel tool's axis minimum)."""
    if x == 0:
        return 0.0
    digits = len(str(int(np.floor(x * 0.95)))) - 1
    return float(np.floor(x * 0.95 / 10.0**digits) * 10.0**digits)


def _axis_ceiling(x: float) -> float:
    """Round up 5% above ``x`` to two significant digits (the APHO funnel tool's axis maximum)."""
    if x == 0:
        return 0.0
    digits = len(str(int(np.ceil(x * 1.05)))) - 2
    return float(np.ceil(x * 1.05 / 10.0**digits) * 10.0**digits)


def _funnel_axis(minimum: float, maximum: float, *, ratio: bool) -> np.ndarray:
    """The 100 points of the funnel's x axis: whole numbers in geometric steps from the minimum to the maximum.

    Each point depends on the one before (a recurrence over the 100 points of the axis, not over data rows), with
    halves rounded to even as R's ``round`` does.
    """
    points = [max(1.0, float(minimum))]
    for j in range(2, _FUNNEL_POINTS + 1):
        offset = j - 1 if ratio else j
        previous = points[-1]
        step = (maximum / previous) ** (1.0 / (_FUNNEL_POINTS + 1 - offset)) * previous
        points.append(max(float(round(step)), previous + 1.0))
    return np.asarray(points, dtype=float)
