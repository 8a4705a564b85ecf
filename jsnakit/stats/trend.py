"""The Fingertips recent-trend test: is an indicator rising or falling over its five most recent points?

Two layers, as in :mod:`jsnakit.stats.methods`:

* **kernels** (:func:`general_trend`, :func:`proportion_trend`) take arrays whose LAST axis holds the points of a
  series in time order (shape ``(..., points)``: one series, or many series stacked) and return the chi-square
  statistic, the slope and the robustness flag of each series;
* **frame function** :func:`recent_trend` groups a long frame into series, takes the five most recent periods of
  each, calls a kernel and returns one row per series with the columns of :data:`TREND_COLUMNS` after the ``by``
  columns. The input frame is never changed.

The method is OHID's (Fingertips' "recent trend" marker): the five most recent points, a chi-square test with 1
degree of freedom at the 99.8% level, and a robustness check that the slope keeps its sign whenever one point is
left out. It is written here from the published description and checked against the values of the Fingertips test
suite (``TrendMarkerCalculatorTest``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2 as _chi2_dist

from ..core.checks import as_float, check_choice, check_frame, check_positive_number, numeric_column, show
from ..core.errors import ArgumentError

__all__ = [
    "general_trend",
    "proportion_trend",
    "recent_trend",
    "POINTS",
    "CHI2_CRITICAL",
    "DIRECTIONS",
    "TREND_COLUMNS",
    "METHODS",
]

#: How many of the most recent points the test uses (Fingertips: 5).
POINTS = 5

#: The chi-square (1 df) value a trend must exceed: the 99.8% point, ``scipy.stats.chi2.ppf(0.998, 1)`` =
#: 3.0902323061678132², as Fingertips' ``ChiSquareConfidence``.
CHI2_CRITICAL = 9.54953570608324

#: The values of ``direction`` in the frame :func:`recent_trend` returns.
DIRECTIONS = ("increasing", "decreasing", "no significant change", "cannot be calculated")

#: The columns :func:`recent_trend` returns after the ``by`` columns, in this order.
TREND_COLUMNS = [
    "period_from", "period_to", "points", "method", "chi2", "slope", "significant", "robust", "direction",
]

#: The methods of :func:`recent_trend`.
METHODS = ("general", "proportions")

#: Width of a 95% confidence interval in standard errors, as Fingertips takes it (2 x 1.96).
_CI95_WIDTH = 3.92

assert abs(CHI2_CRITICAL - _chi2_dist.ppf(0.998, 1)) < 1e-9


# --------------------------------------------------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------------------------------------------------


def general_trend(value, lower, upper):
    """Chi-square test for a linear trend by weighted regression of the values on time (Fingertips' general method).

    Parameters
    ----------
    value : array_like of float
        The indicator's values in time order along the last axis (any unit, e.g. a percentage or a rate), shape
        ``(..., T)`` with ``T >= 3`` points, equally spaced in time.
    lower, upper : array_like of float
        The 95% confidence limits of each value, in the unit of ``value``; broadcast against ``value``. Each interval
        must be wider than 0.

    Returns
    -------
    chi2 : numpy.ndarray of float
        The chi-square statistic (1 df) of each series, shape ``(...)``.
    slope : numpy.ndarray of float
        The weighted least-squares slope, in the unit of ``value`` per period.
    robust : numpy.ndarray of bool
        True when the slope keeps its sign whenever any one point is left out (a slope of exactly 0 counts as
        positive, as in Fingertips).

    A series holding a NaN, or an interval of width 0, gives NaN ``chi2`` and ``slope`` and ``robust`` False.

    Raises
    ------
    ArgumentError
        When the arrays are not numbers, do not broadcast, or have fewer than 3 points on the last axis.

    Notes
    -----
    Each point ``t = 1 .. T`` has the standard error :math:`s_t = (U_t - L_t)/3.92` and weight :math:`w_t = 1/s_t^2`.
    With :math:`S_1 = \\sum w`, :math:`S_2 = \\sum w t y`, :math:`S_3 = \\sum w t`, :math:`S_4 = \\sum w y` and
    :math:`S_5 = \\sum w t^2`, the slope is :math:`b = (S_1 S_2 - S_3 S_4)/(S_1 S_5 - S_3^2)`, its variance
    :math:`S_1/(S_1 S_5 - S_3^2)`, and :math:`\\chi^2 = b^2 / \\mathrm{var}(b)`.

    References
    ----------
    OHID. Fingertips technical guidance: recent trends,
    https://fingertips.phe.org.uk/profile/guidance/supporting-information/PH-methods;
    ``TrendMarkerCalculator`` of https://github.com/PublicHealthEngland/fingertips-open.

    Examples
    --------
    The Fingertips test series (five years of a percentage with its 95% limits):

    >>> chi2, slope, robust = general_trend([24.67, 24.6, 28, 30.2, 30.6], [23.16, 23.15, 26.44, 28.63, 28.98],
    ...                                     [26.25, 26.19, 29.64, 31.9, 32.25])
    >>> round(float(chi2), 2), round(float(slope), 4), bool(robust)
    (46.77, 1.7516, True)
    """
    y, lo, up = _broadcast(value=value, lower=lower, upper=upper)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = 1.0 / ((up - lo) / _CI95_WIDTH) ** 2
    w = np.where(np.isfinite(w), w, np.nan)
    t = np.arange(1, y.shape[-1] + 1, dtype=float)

    def fit(keep):
        ww = np.where(keep, w, 0.0)
        s1 = ww.sum(-1)
        s2 = (ww * t * y).sum(-1)
        s3 = (ww * t).sum(-1)
        s4 = (ww * y).sum(-1)
        s5 = (ww * t * t).sum(-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            det = s1 * s5 - s3 * s3
            return (s1 * s2 - s3 * s4) / det, s1 / det

    slope, variance = fit(np.ones(y.shape[-1], dtype=bool))
    with np.errstate(invalid="ignore", divide="ignore"):
        chi2 = slope * slope / variance
    robust = _robust(slope, [fit(np.arange(y.shape[-1]) != i)[0] for i in range(y.shape[-1])])
    return chi2, slope, robust


def proportion_trend(count, denominator):
    """Chi-square test for trend in proportions (Cochran-Armitage) on counts and denominators.

    Parameters
    ----------
    count : array_like of float
        Number with the characteristic at each point (people), in time order along the last axis, shape ``(..., T)``
        with ``T >= 3`` points, equally spaced in time. Each must lie strictly between 0 and its denominator (the
        robustness check uses the log-odds).
    denominator : array_like of float
        Population at each point (people); broadcast against ``count``.

    Returns
    -------
    chi2 : numpy.ndarray of float
        The chi-square statistic for trend (1 df) of each series, shape ``(...)``.
    slope : numpy.ndarray of float
        The least-squares slope of the proportion on time weighted by the denominators, as a proportion of 1 per
        period (multiply by 100 for percentage points per period).
    robust : numpy.ndarray of bool
        True when the (unweighted) slope of the log-odds :math:`\\log(O_t/(n_t - O_t))` on time keeps its sign
        whenever any one point is left out (a slope of exactly 0 counts as positive), as Fingertips checks it.

    A series holding a NaN, a count of 0 or a count equal to its denominator gives NaN ``chi2`` and ``slope`` and
    ``robust`` False.

    Raises
    ------
    ArgumentError
        When the arrays are not numbers, do not broadcast, or have fewer than 3 points on the last axis.

    Notes
    -----
    With :math:`N = \\sum n_t`, :math:`O = \\sum O_t`, :math:`A = \\sum O_t t`, :math:`B = \\sum n_t t` and
    :math:`C = \\sum n_t t^2` over ``t = 1 .. T``,

    .. math:: \\chi^2 = \\frac{N (N A - O B)^2}{O (N - O) (N C - B^2)}, \\qquad b = \\frac{N A - O B}{N C - B^2}.

    References
    ----------
    Armitage P (1955). Tests for linear trends in proportions and frequencies. Biometrics 11(3):375-386.
    doi:10.2307/3001775

    Cochran WG (1954). Some methods for strengthening the common chi-square tests. Biometrics 10(4):417-451.
    doi:10.2307/3001616

    OHID. Fingertips technical guidance: recent trends,
    https://fingertips.phe.org.uk/profile/guidance/supporting-information/PH-methods.

    Examples
    --------
    >>> chi2, slope, robust = proportion_trend([994, 1023, 1199, 1332, 1367], [40299, 41527, 42811, 44064, 44701])
    >>> round(float(chi2), 2), round(float(slope) * 100, 4), bool(robust)
    (47.9, 0.1743, True)
    """
    o, n = _broadcast(count=count, denominator=denominator)
    bad = np.isnan(o) | np.isnan(n) | (o <= 0) | (o >= n)
    bad_series = bad.any(-1)
    t = np.arange(1, o.shape[-1] + 1, dtype=float)
    total_n = n.sum(-1)
    total_o = o.sum(-1)
    a = (o * t).sum(-1)
    b = (n * t).sum(-1)
    c = (n * t * t).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        top = total_n * a - total_o * b
        spread = total_n * c - b * b
        chi2 = total_n * top * top / (total_o * (total_n - total_o) * spread)
        slope = top / spread
        logit = np.log(o / (n - o))

    def logit_slope(keep):
        tt = t[keep]
        yy = logit[..., keep]
        m = tt.size
        with np.errstate(invalid="ignore", divide="ignore"):
            return (m * (yy * tt).sum(-1) - yy.sum(-1) * tt.sum()) / (m * (tt * tt).sum() - tt.sum() ** 2)

    everything = np.ones(o.shape[-1], dtype=bool)
    slopes = [logit_slope(everything)] + [logit_slope(np.arange(o.shape[-1]) != i) for i in range(o.shape[-1])]
    robust = _robust(slopes[0], slopes[1:])
    chi2 = np.where(bad_series, np.nan, chi2)
    slope = np.where(bad_series, np.nan, slope)
    robust = robust & ~bad_series
    return chi2, slope, robust


# --------------------------------------------------------------------------------------------------------------------
# Frame function
# --------------------------------------------------------------------------------------------------------------------


def recent_trend(frame, *, by=("indicator", "area_code", "breakdown", "category"), period="period",
                 method="general", value="value", lower="lower_ci", upper="upper_ci", count="count",
                 denominator="denominator", multiplier=100):
    """The Fingertips recent-trend marker of each series: increasing, decreasing or no significant change.

    Parameters
    ----------
    frame : pandas.DataFrame
        A long frame, one row per series x period (e.g. an indicator frame). Not changed.
    by : str or sequence of str, default ("indicator", "area_code", "breakdown", "category")
        Columns that identify a series; one output row per combination (missing keys form a series of their own).
    period : str, default "period"
        Column holding the period label. Labels sort in time order: numbers (2019), ``"2019"`` or academic and
        financial years (``"2019/20"``); rows are ordered by it and the last :data:`POINTS` periods are used. A
        period may appear only once in a series.
    method : {"general", "proportions"}, default "general"
        ``"general"``: weighted regression of ``value`` on time, weights from the 95% limits (:func:`general_trend`);
        ``"proportions"``: chi-square test for trend on ``count`` and ``denominator`` (:func:`proportion_trend`).
    value, lower, upper : str, default "value", "lower_ci", "upper_ci"
        Columns of the value and its 95% confidence limits (``"general"``). If the frame has a ``confidence``
        column, it must be 0.95 wherever the limits are present.
    count, denominator : str, default "count", "denominator"
        Columns of the numerator and denominator, people (``"proportions"``).
    multiplier : float, default 100
        Scale of ``slope`` for ``"proportions"`` (100: percentage points per period; 1: proportion of 1). Positive.

    Returns
    -------
    pandas.DataFrame
        One row per series, sorted by ``by``, with the ``by`` columns then :data:`TREND_COLUMNS`: ``period_from`` and
        ``period_to`` (the first and last period used), ``points`` (int, how many periods were used, at most 5),
        ``method``, ``chi2`` (float), ``slope`` (float; ``value`` units per period for ``"general"``, proportion x
        ``multiplier`` per period for ``"proportions"``), ``significant`` (bool: ``chi2`` above
        :data:`CHI2_CRITICAL` and robust), ``robust`` (bool) and ``direction`` (one of :data:`DIRECTIONS`).
        ``direction`` is ``"cannot be calculated"`` (with NaN ``chi2`` and ``slope``) when a series has fewer than
        5 periods, or when any of its 5 most recent periods has a missing (suppressed) number the method needs, a
        zero-width interval, or (proportions) a count of 0 or equal to its denominator.

    Raises
    ------
    ArgumentError
        When ``frame`` is not a DataFrame, a named column is missing or not numeric, ``method`` or ``multiplier`` is
        not allowed, a period appears twice in a series, or the limits are not 95% limits.

    Notes
    -----
    Fingertips itself skips invalid points and uses the 5 most recent valid ones; jsnakit does not reach back past a
    suppressed value, so the five points always span the five most recent periods. A trend is significant when
    :math:`\\chi^2 > 9.5495` (99.8%, 1 df) and the slope keeps its sign whenever one point is left out; then the
    sign of the slope gives ``"increasing"`` or ``"decreasing"`` (no judgement of better or worse).

    References
    ----------
    OHID. Fingertips technical guidance: recent trends,
    https://fingertips.phe.org.uk/profile/guidance/supporting-information/PH-methods

    Armitage P (1955). Tests for linear trends in proportions and frequencies. Biometrics 11(3):375-386.
    doi:10.2307/3001775

    Examples
    --------
    >>> df = pd.DataFrame({"area_code": "E92000001", "period": [str(y) for y in range(2014, 2019)],
    ...                    "count": [994, 1023, 1199, 1332, 1367], "denominator": [40299, 41527, 42811, 44064, 44701]})
    >>> out = recent_trend(df, by="area_code", method="proportions")
    >>> out[["period_from", "period_to", "points", "direction"]].to_numpy().tolist()
    [['2014', '2018', 5, 'increasing']]
    >>> round(float(out["chi2"].iloc[0]), 2), round(float(out["slope"].iloc[0]), 3)
    (47.9, 0.174)
    """
    check_frame("frame", frame)
    check_choice("method", method, METHODS)
    check_positive_number("multiplier", multiplier)
    keys = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else None
    if not keys or not all(isinstance(k, str) for k in keys):
        raise ArgumentError(f"by must be a column name or a list of column names; got {show(by)}")
    missing = [k for k in keys + [period] if k not in frame.columns]
    if missing:
        raise ArgumentError(
            f"by and period must name columns of frame; missing {missing} (columns: {list(frame.columns)})"
        )
    if method == "general":
        roles = {"value": value, "lower": lower, "upper": upper}
    else:
        roles = {"count": count, "denominator": denominator}
    numbers_ = {role: numeric_column(frame, role, column) for role, column in roles.items()}
    if method == "general" and "confidence" in frame.columns:
        level = pd.to_numeric(frame["confidence"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        has_limits = ~np.isnan(numbers_["lower"]) | ~np.isnan(numbers_["upper"])
        wrong = has_limits & ~np.isclose(level, 0.95)
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            raise ArgumentError(
                f"lower and upper must be 95% confidence limits; got confidence {show(frame['confidence'].iloc[i])} "
                f"at index {show(frame.index[i])}"
            )

    work = frame[keys].copy()
    work["_period"] = frame[period].to_numpy()
    for role, values in numbers_.items():
        work["_" + role] = values
    dup = work.duplicated(keys + ["_period"], keep=False).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise ArgumentError(
            f"period must appear once in each series; got {show(work['_period'].iloc[i])} twice for "
            f"{dict(zip(keys, (_plain(work[k].iloc[i]) for k in keys)))}"
        )
    work["_order"] = _sort_key(work["_period"])
    work = work.sort_values(keys + ["_order"], kind="stable", na_position="last")
    recent = work.groupby(keys, dropna=False, sort=True, group_keys=False).tail(POINTS)
    sizes = recent.groupby(keys, dropna=False, sort=True).size()

    rows = recent.groupby(keys, dropna=False, sort=True)
    first = rows["_period"].first()
    last = rows["_period"].last()
    out = sizes.index.to_frame(index=False)
    out["period_from"] = first.to_numpy()
    out["period_to"] = last.to_numpy()
    out["points"] = sizes.to_numpy().astype(int)
    out["method"] = method

    full = sizes.to_numpy() == POINTS
    chi2 = np.full(len(out), np.nan)
    slope = np.full(len(out), np.nan)
    robust = np.zeros(len(out), dtype=bool)
    if full.any():
        complete = recent[np.repeat(full, sizes.to_numpy())]
        stack = {role: complete["_" + role].to_numpy(dtype=float).reshape(-1, POINTS) for role in roles}
        if method == "general":
            c, s, r = general_trend(stack["value"], stack["lower"], stack["upper"])
        else:
            c, s, r = proportion_trend(stack["count"], stack["denominator"])
            s = s * multiplier
        chi2[full], slope[full], robust[full] = c, s, r
    calculable = ~np.isnan(chi2)
    significant = calculable & robust & (np.nan_to_num(chi2) > CHI2_CRITICAL)
    direction = np.select(
        [~calculable, significant & (slope > 0), significant],
        ["cannot be calculated", "increasing", "decreasing"],
        default="no significant change",
    )
    out["chi2"] = chi2
    out["slope"] = slope
    out["significant"] = significant
    out["robust"] = robust
    out["direction"] = pd.Series(direction, dtype=object)
    return out[keys + TREND_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _broadcast(**arrays) -> list[np.ndarray]:
    floats = {name: as_float(name, values) for name, values in arrays.items()}
    try:
        out = np.broadcast_arrays(*floats.values())
    except ValueError:
        shapes = ", ".join(f"{name} {a.shape}" for name, a in floats.items())
        raise ArgumentError(f"{' and '.join(floats)} must have shapes that broadcast; got {shapes}") from None
    if out[0].ndim == 0 or out[0].shape[-1] < 3:
        got = out[0].shape[-1] if out[0].ndim else 1
        raise ArgumentError(f"{next(iter(floats))} must have at least 3 points on its last axis; got {got}")
    return [np.array(a, dtype=float) for a in out]


def _robust(slope: np.ndarray, left_out: list) -> np.ndarray:
    """True where the slope and every leave-one-out slope have one sign (0 counting as positive)."""
    signs = np.stack([np.where(s < 0, -1, 1) for s in [slope, *left_out]])
    finite = np.all(np.isfinite(np.stack([slope, *left_out])), axis=0)
    return (np.abs(signs.sum(axis=0)) == len(left_out) + 1) & finite


def _sort_key(periods: pd.Series) -> pd.Series:
    """Numbers sort as numbers; labels ("2019", "2019/20", "2019-20") sort by their text, which is time order."""
    as_number = pd.to_numeric(periods, errors="coerce")
    if as_number.notna().all():
        return as_number.astype(float)
    return periods.astype("string").astype(object)
