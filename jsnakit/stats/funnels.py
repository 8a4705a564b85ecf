"""Funnel plots (Spiegelhalter 2005; the APHO funnel-plot tool): the control-limit kernels
:func:`funnel_proportion_limits` (Wilson) and :func:`funnel_poisson_limits` (exact Poisson, for rates and ratios),
the lines of a plot around the areas' average (:func:`funnel_limits`, columns :data:`FUNNEL_COLUMNS`) and where each
area falls on it (:func:`funnel_significance`).

Kernels and frame functions follow the two layers described in :mod:`jsnakit.stats.methods`, which re-exports the
public names of this module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2

from ..core.checks import (
    as_float, check_choice, check_confidence, check_finite_nonnegative, check_frame, check_not_above, check_positive,
    check_positive_number, numeric_column, rows_finite_nonnegative, rows_not_missing, rows_positive, show,
    show_number,
)
from ..core.errors import ArgumentError
from .comparison import POLARITIES, direction_words
from .proportions import normal_quantile
from .rates import byar_ci
from .standardisation import DSR_MIN_COUNT

__all__ = [
    "funnel_proportion_limits",
    "funnel_poisson_limits",
    "funnel_limits",
    "funnel_significance",
    "FUNNEL_COLUMNS",
]

#: Columns of the funnel-limit table returned by :func:`funnel_limits` (the same for every statistic).
FUNNEL_COLUMNS = ["statistic", "confidence", "side", "events", "denominator", "value", "baseline", "method"]

_FUNNEL_STATISTICS = ("proportion", "rate", "ratio")
_RATE_TYPES = ("crude", "dsr")
_FUNNEL_POINTS = 100


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
    check_confidence(confidence)
    n, p = np.broadcast_arrays(as_float("denominator", denominator), as_float("average", average))
    check_positive("denominator", n)
    check_finite_nonnegative("average", p)
    check_not_above("average", p, "1", np.ones_like(p))
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
    check_confidence(confidence)
    o = as_float("events", events)
    check_finite_nonnegative("events", o)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore"):
        expected_lower = chi2.isf(alpha / 2.0, 2.0 * o + 2.0) / 2.0
        expected_upper = np.where(o == 0, 0.0, chi2.ppf(alpha / 2.0, 2.0 * o) / 2.0)
    expected_upper = np.where(np.isnan(o), np.nan, expected_upper)
    return np.asarray(expected_lower, dtype=float), np.asarray(expected_upper, dtype=float)


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
        :data:`~jsnakit.stats.comparison.SIGNIFICANCE_LEVELS`) added at the end or overwritten. Directly standardised
        rates with fewer than 10
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
    check_choice("polarity", polarity, POLARITIES)
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
    higher, lower = direction_words(polarity)
    comparison = np.select([missing, high998 | high95, low998 | low95], ["not compared", higher, lower],
                           default="similar")
    level = np.select([missing, high998 | low998, high95 | low95], ["not compared", "99.8%", "95%"],
                      default="not significant")
    out = frame.copy()
    out["comparison"] = pd.Series(comparison.astype(object), index=frame.index, dtype=object)
    out["significance"] = pd.Series(level.astype(object), index=frame.index, dtype=object)
    return out


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


def _funnel_inputs(frame, statistic, numerator, denominator, rate, rate_type, multiplier, years_of_data) -> dict:
    """Check the arguments of the funnel functions; the numerators and the denominators the funnel uses."""
    check_frame("frame", frame)
    check_choice("statistic", statistic, _FUNNEL_STATISTICS)
    if statistic == "rate":
        check_choice("rate_type", rate_type, _RATE_TYPES)
    if multiplier is None:
        multiplier = {"proportion": 100, "rate": 100000, "ratio": 1}[statistic]
    check_positive_number("multiplier", multiplier)
    check_positive_number("years_of_data", years_of_data)
    if len(frame) == 0:
        raise ArgumentError("frame must have at least one row; got an empty frame")
    x = numeric_column(frame, "numerator", numerator)
    rows_not_missing(frame, "numerator", numerator, x)
    rows_finite_nonnegative(frame, "numerator", numerator, x)
    if statistic != "rate":
        d = numeric_column(frame, "denominator", denominator)
        rows_not_missing(frame, "denominator", denominator, d)
        rows_positive(frame, "denominator", denominator, d)
        if statistic == "proportion":
            above = x > d
            if above.any():
                i = int(np.flatnonzero(above)[0])
                raise ArgumentError(
                    f"numerator must not exceed denominator; got {numerator} {show_number(x[i])} > {denominator} "
                    f"{show_number(d[i])} at index {show(frame.index[i])}"
                )
        label = statistic
    else:
        r = numeric_column(frame, "rate", rate)
        has_events = x > 0
        bad = has_events & ~(r > 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ArgumentError(
                f"rate column {rate!r} must be greater than 0 where there are events; got {show_number(r[i])} at index "
                f"{show(frame.index[i])}"
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
                    f"index {show(frame.index[i])})"
                )
            pop = numeric_column(frame, "denominator", denominator)
            bad = ~has_events & ~(pop > 0)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise ArgumentError(
                    f"denominator column {denominator!r} must be greater than 0 where there are 0 events; got "
                    f"{show_number(pop[i])} at index {show(frame.index[i])}"
                )
            d = np.where(has_events, d, pop)
        if np.isnan(d).all():
            raise ArgumentError("frame must have at least one row with events; got none")
        label = f"rate ({rate_type})"
    return {"statistic": statistic, "multiplier": float(multiplier), "numerator": x, "derived": d, "label": label}


def _proportion_limits(n: np.ndarray, p, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Unclipped funnel limits for a proportion (the Wilson interval solved for the observed proportion)."""
    z2 = normal_quantile(confidence) ** 2
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

