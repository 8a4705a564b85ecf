"""Standardised rates and ratios, which compare areas whose populations differ in age: directly standardised rates
(:func:`dsr`, with the Dobson interval of the kernel :func:`dsr_ci`) and indirectly standardised ratios and rates
(:func:`isr`, :func:`isr_rate`), each one row per group of age-band rows, with the standard population
:data:`ESP2013` and the small-count rule :data:`DSR_MIN_COUNT`.

Kernels and frame functions follow the two layers described in :mod:`jsnakit.stats.methods`, which re-exports the
public names of this module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.checks import (
    as_float, check_confidence, check_finite_nonnegative, check_frame, check_not_missing, check_positive,
    check_positive_number, group_columns, numeric_column, rows_finite_nonnegative, rows_not_missing, rows_positive,
    show,
)
from ..core.errors import ArgumentError
from .rates import byar_ci, uses_exact_limits

__all__ = ["dsr_ci", "dsr", "isr", "isr_rate", "DSR_MIN_COUNT", "ESP2013"]

#: Directly standardised rates of groups with fewer events than this are not calculated (NaN, with a note), as
#: Fingertips and PHEindicatormethods ``calculate_dsr`` do.
DSR_MIN_COUNT = 10

#: The 2013 European Standard Population in 19 five-year age bands 0-4, 5-9, ..., 85-89, 90+ (persons; sums to
#: 100,000). Eurostat (2013), Revision of the European Standard Population, doi:10.2785/11470.
ESP2013 = (5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500,
           1000)


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
    check_confidence(confidence)
    o, v, var = np.broadcast_arrays(
        as_float("count", count), as_float("value", value), as_float("variance", variance)
    )
    check_finite_nonnegative("count", o)
    check_finite_nonnegative("variance", var)
    o_lower, o_upper = byar_ci(o, confidence=confidence, method="byar")
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(o > 0, np.sqrt(var / o), np.nan)
        lower = v + scale * (o_lower - o)
        upper = v + scale * (o_upper - o)
    return np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)


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
    check_frame("frame", frame)
    check_confidence(confidence)
    check_positive_number("multiplier", multiplier)
    keys = group_columns(frame, group)
    x = numeric_column(frame, "count", count)
    n = numeric_column(frame, "denominator", denominator)
    rows_finite_nonnegative(frame, "count", count, x)
    rows_not_missing(frame, "denominator", denominator, n)
    rows_positive(frame, "denominator", denominator, n)
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


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


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
        values = numeric_column(frame, role, spec)
        rows_not_missing(frame, role, spec, values)
        rows_finite_nonnegative(frame, role, spec, values)
        return values
    values = as_float(role, spec)
    if values.ndim != 1:
        raise ArgumentError(f"{role} must be a column name or a sequence of numbers; got {show(spec)}")
    check_finite_nonnegative(role, values)
    check_not_missing(role, values)
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
    check_frame("frame", frame)
    check_confidence(confidence)
    check_positive_number("multiplier", multiplier)
    keys = group_columns(frame, group)
    x = numeric_column(frame, "count", count)
    n = numeric_column(frame, "denominator", denominator)
    rows_finite_nonnegative(frame, "count", count, x)
    rows_finite_nonnegative(frame, "denominator", denominator, n)
    codes, out = _groups(frame, keys)
    k = len(out)
    if isinstance(reference_count, str):
        ref_x = numeric_column(frame, "reference_count", reference_count)
        rows_finite_nonnegative(frame, "reference_count", reference_count, ref_x)
    else:
        ref_x = _per_row(frame, "reference_count", reference_count, codes, k)
    ref_n = _per_row(frame, "reference_denominator", reference_denominator, codes, k)
    if isinstance(reference_denominator, str):
        rows_positive(frame, "reference_denominator", reference_denominator, ref_n)
    else:
        check_positive("reference_denominator", ref_n)

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
    out["method"] = pd.Series(np.where(uses_exact_limits(observed, "auto"), "Exact Poisson", "Byar").astype(object),
                              index=out.index, dtype=object)
    out["note"] = _notes(np.zeros(k, dtype=bool), "", total(missing.astype(float)), "count or population")
    return out

