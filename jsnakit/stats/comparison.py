"""Comparison with a benchmark (e.g. England) by confidence intervals, as Fingertips does: the kernels
:func:`compare` (one level: higher / similar / lower) and :func:`significance` (two levels: 99.8% / 95%), and the
frame functions :func:`compare_with` and :func:`compare_levels`, which match each row of an indicator frame with its
benchmark row on :data:`BENCHMARK_KEYS`. :data:`POLARITIES` and :func:`direction_words` say how a difference is worded
(also in :func:`jsnakit.stats.funnels.funnel_significance`).

Kernels and frame functions follow the two layers described in :mod:`jsnakit.stats.methods`, which re-exports the
public names of this module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.checks import as_float, check_choice, check_frame, numeric_column, require_columns, show
from ..core.errors import ArgumentError

__all__ = [
    "compare",
    "significance",
    "compare_with",
    "compare_levels",
    "direction_words",
    "BENCHMARK_KEYS",
    "POLARITIES",
    "SIGNIFICANCE_LEVELS",
]

#: The columns, besides the indicator column named by ``on``, on which :func:`compare_with` matches benchmark rows.
BENCHMARK_KEYS = ("period", "breakdown", "category")

#: Polarity of an indicator, which decides the words of a comparison: ``"no judgement"`` (higher / similar / lower,
#: the default and the rule for SEND indicators), ``"high is good"`` or ``"low is good"`` (better / similar / worse,
#: the Fingertips RAG colours).
POLARITIES = ("no judgement", "high is good", "low is good")

#: Values of the ``significance`` column of :func:`compare_levels` and
#: :func:`~jsnakit.stats.funnels.funnel_significance`: the highest
#: Fingertips level (99.8%, else 95%) at which an area differs from its benchmark.
SIGNIFICANCE_LEVELS = ("99.8%", "95%", "not significant", "not compared")


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
    check_choice("polarity", polarity, POLARITIES)
    v, lo, up, b = np.broadcast_arrays(
        as_float("value", value), as_float("lower", lower), as_float("upper", upper),
        as_float("benchmark", benchmark),
    )
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(up) | np.isnan(b)
    with np.errstate(invalid="ignore"):
        out = np.select([missing, b < lo, b > up], ["not compared", *direction_words(polarity)], default="similar")
    return np.asarray(out, dtype=str)


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
        as_float("lower", lower), as_float("upper", upper), as_float("lower_998", lower_998),
        as_float("upper_998", upper_998), as_float("benchmark", benchmark),
    )
    missing = np.isnan(lo) | np.isnan(up) | np.isnan(lo3) | np.isnan(up3) | np.isnan(b)
    with np.errstate(invalid="ignore"):
        out = np.select(
            [missing, (b < lo3) | (b > up3), (b < lo) | (b > up)], ["not compared", "99.8%", "95%"],
            default="not significant",
        )
    return np.asarray(out, dtype=str)


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
    check_choice("polarity", polarity, POLARITIES)
    check_frame("frame", frame)
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
        columns holding the 99.8% limits (e.g. from :func:`~jsnakit.stats.proportions.proportion` with
        ``confidence=0.998``).
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
    >>> from jsnakit.stats.proportions import proportion
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
    check_choice("polarity", polarity, POLARITIES)
    check_frame("frame", frame)
    lo3 = numeric_column(frame, "lower_998", lower_998)
    up3 = numeric_column(frame, "upper_998", upper_998)
    out = compare_with(frame, benchmark, on=on, comparator_code=comparator_code, polarity=polarity)
    bench = _benchmark_values(frame, benchmark, on, comparator_code)
    level = significance(_frame_floats(frame, "lower_ci"), _frame_floats(frame, "upper_ci"), lo3, up3, bench)
    level = np.where(np.isnan(_frame_floats(frame, "value")), "not compared", level)
    out["significance"] = pd.Series(level.astype(object), index=frame.index, dtype=object)
    return out


def direction_words(polarity: str) -> tuple[str, str]:
    """The words for a significantly higher and a significantly lower area under a polarity.

    Parameters
    ----------
    polarity : {"no judgement", "high is good", "low is good"}
        One of :data:`POLARITIES` (checked by the callers).

    Returns
    -------
    higher, lower : str
        ``("higher", "lower")`` with no judgement, ``("better", "worse")`` when high is good and
        ``("worse", "better")`` when low is good.

    Examples
    --------
    >>> direction_words("low is good")
    ('worse', 'better')
    """
    return {"no judgement": ("higher", "lower"), "high is good": ("better", "worse"),
            "low is good": ("worse", "better")}[polarity]


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


def _benchmark_match(frame, benchmark, on, comparator_code) -> tuple[np.ndarray, np.ndarray]:
    """The benchmark value (float) and area code (object) matching each row of frame; NaN where none matches."""
    check_frame("frame", frame)
    check_frame("benchmark", benchmark)
    if not isinstance(on, str):
        raise ArgumentError(f"on must be a column name (str); got {show(on)}")
    keys = [on, *BENCHMARK_KEYS]
    require_columns("frame", frame, [*keys, "value", "lower_ci", "upper_ci"])
    require_columns("benchmark", benchmark, [*keys, "value"])
    bench = benchmark
    if comparator_code is not None:
        require_columns("benchmark", benchmark, ["area_code"])
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


def _frame_floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    return numeric_column(frame, column, column)

