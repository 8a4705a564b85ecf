"""Where an area stands among areas: quantile bounds, quantile assignment, LAIT quartile bands and ranks.

Two layers, as in :mod:`jsnakit.stats.methods`:

* **kernels** (:func:`quantile_bounds`, :func:`lait_quartile_band`, :func:`rank`) take an array-like of values (one
  value per area, NaN for a missing or suppressed value) and return NumPy arrays; NaN in gives NaN (or None) out;
* **frame function** :func:`assign_quantiles` takes a DataFrame, checks the arguments (raising
  :class:`~jsnakit.core.errors.ArgumentError` that names the argument, the rule and what arrived) and returns a NEW
  frame
  with the columns of :data:`QUANTILE_COLUMNS` added. The input frame is never changed.

The methods are written from their published descriptions: Excel's ``PERCENTILE.INC`` (Fingertips quartiles), the
OHID technical guide *Assigning deprivation categories* (PHEindicatormethods ``phe_quantile``), and the DfE Local
Authority Interactive Tool (LAIT) quartile banding and ranking.
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np
import pandas as pd

from ..core.checks import as_float, check_choice, check_frame, group_columns, numeric_column, show
from ..core.errors import ArgumentError

__all__ = [
    "quantile_bounds",
    "assign_quantiles",
    "lait_quartile_band",
    "rank",
    "QUANTILE_COLUMNS",
    "POLARITIES",
    "BANDS",
]

#: The columns :func:`assign_quantiles` adds (or overwrites), in this order.
QUANTILE_COLUMNS = ["quantile", "nquantiles", "quantile_order"]

#: The polarities :func:`lait_quartile_band` accepts (the words of :data:`jsnakit.sources.lait.POLARITIES`).
POLARITIES = ("higher is better", "lower is better", "no judgement")

#: LAIT's bands, best first.
BANDS = ("A", "B", "C", "D")

_ORDER = {
    False: "lowest quantile represents lowest values",
    True: "lowest quantile represents highest values",
}


# --------------------------------------------------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------------------------------------------------


def quantile_bounds(values, *, n=4):
    """Bounds of ``n`` equal quantile groups, as Excel's ``PERCENTILE.INC`` (linear interpolation) gives them.

    Parameters
    ----------
    values : array_like of float
        One value per area, in any unit (e.g. a percentage). NaN (missing or suppressed) values are left out.
    n : int, default 4
        Number of groups: 4 for quartiles (min, Q1, median, Q3, max), 5 for quintiles, 10 for deciles. A whole number,
        at least 2.

    Returns
    -------
    numpy.ndarray of float
        ``n + 1`` bounds in the unit of ``values``: the minimum, the ``k/n`` quantiles for ``k = 1 .. n-1`` and the
        maximum. All NaN when no value is present.

    Raises
    ------
    ArgumentError
        When ``n`` is not a whole number of at least 2 or ``values`` are not numbers.

    Notes
    -----
    With the ``m`` present values sorted, :math:`x_{(1)} \\le \\dots \\le x_{(m)}`, the ``p`` quantile is
    :math:`x_{(j)} + g\\,(x_{(j+1)} - x_{(j)})` where :math:`h = (m - 1)p + 1`, :math:`j = \\lfloor h \\rfloor` and
    :math:`g = h - j`: Hyndman and Fan's type 7, the default of R's ``quantile()`` (used by LAIT) and NumPy's
    ``"linear"`` method, and what Excel's ``PERCENTILE.INC``/``QUARTILE.INC`` compute (used by Fingertips).

    References
    ----------
    Hyndman RJ, Fan Y (1996). Sample quantiles in statistical packages. The American Statistician 50(4):361-365.
    doi:10.1080/00031305.1996.10473566

    OHID. Fingertips: quartiles of the areas' values (``AnalysisTest`` quartile tests of the Fingertips source,
    https://github.com/PublicHealthEngland/fingertips-open).

    Examples
    --------
    >>> quantile_bounds(np.arange(1, 51)).tolist()
    [1.0, 13.25, 25.5, 37.75, 50.0]
    >>> quantile_bounds([4.0, np.nan, 1.0, 2.0, 3.0, 5.0], n=2).tolist()
    [1.0, 3.0, 5.0]
    """
    _check_n(n)
    x = as_float("values", values).ravel()
    x = x[~np.isnan(x)]
    if x.size == 0:
        return np.full(n + 1, np.nan)
    return np.quantile(x, np.linspace(0.0, 1.0, n + 1), method="linear")


def lait_quartile_band(values, *, polarity, reference=None):
    """LAIT's quartile banding: A (best quarter) to D (worst), or quartile 1-4 for measures with no judgement.

    Parameters
    ----------
    values : array_like of float
        The values to band, one per area, in the measure's unit. NaN gives None.
    polarity : {"higher is better", "lower is better", "no judgement"}
        The measure's polarity (LAIT's ``High``, ``Low`` and ``-``; :data:`jsnakit.sources.lait.POLARITIES`).
    reference : array_like of float, optional
        The values the quartiles are taken from; by default ``values`` themselves. LAIT takes them from every local
        authority's latest value, so pass all LAs here to band, say, a region or a single LA against them.

    Returns
    -------
    numpy.ndarray of object
        With the shape of ``values``: ``"A"``, ``"B"``, ``"C"`` or ``"D"`` for the two polarities, ``"1"`` to
        ``"4"`` for ``"no judgement"`` (``"1"`` holds the lowest values), None where the value is NaN, or where it lies
        outside the reference's range (LAIT shows "Error" there) or the reference has no value.

    Raises
    ------
    ArgumentError
        When ``polarity`` is not one of :data:`POLARITIES` or the values are not numbers.

    Notes
    -----
    The bounds are the reference's minimum, Q1, median, Q3 and maximum by :func:`quantile_bounds` (R's
    ``quantile()``, type 7). The quarters are closed at the top: ``min <= v <= Q1`` is the lowest quarter,
    ``Q1 < v <= median`` the second, ``median < v <= Q3`` the third and ``Q3 < v <= max`` the highest. For
    ``"lower is better"`` the lowest quarter is A and the highest D; for ``"higher is better"`` the highest is A and
    the lowest D. So a value equal to Q3 is B (not A) when higher is better, and a value equal to Q1 is A when lower
    is better, exactly as LAIT's ``calculate_quartile_band``. LAIT shows ``-`` for measures without polarity; jsnakit
    gives the quartile number instead, with no judgement of better or worse (the SEND prevalence measures).

    References
    ----------
    Department for Education. Local Authority Interactive Tool (LAIT),
    https://www.gov.uk/government/publications/local-authority-interactive-tool-lait; the app's source,
    https://github.com/dfe-analytical-services/local-authority-interactive-tool (``R/fn_analysis.R``).

    Examples
    --------
    >>> lait_quartile_band([0, 10, 15, 20, 30, 35, 40], polarity="higher is better").tolist()
    ['D', 'D', 'C', 'C', 'B', 'A', 'A']
    >>> lait_quartile_band([5, 25, np.nan], polarity="lower is better", reference=np.arange(0, 101)).tolist()
    ['A', 'A', None]
    >>> lait_quartile_band([5, 30, 60, 80], polarity="no judgement", reference=np.arange(0, 101)).tolist()
    ['1', '2', '3', '4']
    """
    check_choice("polarity", polarity, POLARITIES)
    v = as_float("values", values)
    ref = v if reference is None else as_float("reference", reference)
    lo, q1, q2, q3, hi = quantile_bounds(ref, n=4)
    with np.errstate(invalid="ignore"):
        quarter = np.select(
            [(v >= lo) & (v <= q1), (v > q1) & (v <= q2), (v > q2) & (v <= q3), (v > q3) & (v <= hi)],
            [1, 2, 3, 4], default=0,
        )
    labels = {
        "lower is better": np.array([None, "A", "B", "C", "D"], dtype=object),
        "higher is better": np.array([None, "D", "C", "B", "A"], dtype=object),
        "no judgement": np.array([None, "1", "2", "3", "4"], dtype=object),
    }[polarity]
    return labels[quarter]


def rank(values, *, ascending=False):
    """Rank areas by value: ties share the lower (better) rank, missing values are not ranked.

    Parameters
    ----------
    values : array_like of float
        One value per area, in any unit. NaN (missing or suppressed) values get no rank.
    ascending : bool, default False
        False: the highest value is ranked 1 (LAIT's ranking when higher is better); True: the lowest value is ranked
        1 (when lower is better).

    Returns
    -------
    numpy.ndarray of float
        With the shape of ``values``: ranks 1, 2, ... (whole numbers stored as floats), NaN where the value is NaN.
        Tied values all take the smallest rank of the tie and the next value skips ("1, 1, 3": the ``"min"`` method,
        R's ``ties.method = "min"``).

    Raises
    ------
    ArgumentError
        When ``ascending`` is not a bool or the values are not numbers.

    References
    ----------
    Department for Education. Local Authority Interactive Tool (LAIT), ``calculate_rank`` in ``R/fn_analysis.R`` of
    https://github.com/dfe-analytical-services/local-authority-interactive-tool.

    Examples
    --------
    >>> rank([10.0, 30.0, 30.0, np.nan, 20.0]).tolist()
    [4.0, 1.0, 1.0, nan, 3.0]
    >>> rank([10.0, 30.0, 30.0, np.nan, 20.0], ascending=True).tolist()
    [1.0, 3.0, 3.0, nan, 2.0]
    """
    if not isinstance(ascending, (bool, np.bool_)):
        raise ArgumentError(f"ascending must be True or False; got {show(ascending)}")
    v = as_float("values", values)
    ranked = pd.Series(v.ravel()).rank(method="min", ascending=bool(ascending), na_option="keep")
    return ranked.to_numpy(dtype=float).reshape(v.shape)


# --------------------------------------------------------------------------------------------------------------------
# Frame function
# --------------------------------------------------------------------------------------------------------------------


def assign_quantiles(frame, *, value="value", group=None, n=4, invert=False):
    """Assign areas to ``n`` quantiles by their value, within groups, as OHID/Fingertips do (``phe_quantile``).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area (e.g. an indicator frame for one indicator and period, or many with ``group``).
    value : str, default "value"
        Column holding the numbers to rank by (any unit). NaN values get no quantile and are not counted.
    group : str or list of str, optional
        Columns whose combinations are ranked separately (PHEindicatormethods' pre-grouping or ``highergeog``): e.g.
        ``["indicator", "period"]``, or a parent-area column for quantiles within regions. None: one group.
        Missing keys form a group of their own.
    n : int, default 4
        Number of quantiles (``nquantiles``): 4 quartiles, 5 quintiles, 10 deciles. A whole number, at least 2.
    invert : bool or str, default False
        False: quantile 1 holds the lowest values; True: quantile 1 holds the highest values (PHEindicatormethods'
        default). Or the name of a column of booleans giving the direction group by group (``inverttype = "field"``);
        it must hold one value in each group.

    Returns
    -------
    pandas.DataFrame
        A new frame: ``frame``'s columns (in order, index kept) with :data:`QUANTILE_COLUMNS` added at the end or
        overwritten in place: ``quantile`` (float: 1 to ``n``; NaN where the value is NaN, and for every row of a
        group with fewer than ``n`` values), ``nquantiles`` (``n``) and ``quantile_order`` (``"lowest quantile
        represents lowest values"`` or ``"... highest values"``).

    Raises
    ------
    ArgumentError
        When ``frame`` is not a DataFrame, ``value`` or ``group`` does not name columns of ``frame``, the value column
        is not numeric, ``n`` is not a whole number of at least 2, or ``invert`` is neither a bool nor a column of
        booleans holding one value per group.

    Warns
    -----
    UserWarning
        When a group has values but fewer than ``n`` of them (its quantiles are NaN).

    Notes
    -----
    Within each group of ``N`` present values, rank them with ties taking the lowest rank (``"min"``), rank 1 being
    the lowest value (highest when inverted). The quantile is
    :math:`\\lfloor (n + 1) - \\lceil (N + 1 - \\text{rank}) / (N / n) \\rceil \\rfloor`, and 1 where that gives 0.
    Areas tied across a boundary share the lower quantile, so quantiles can hold unequal numbers of areas; OHID
    advise reviewing such cases by hand.

    References
    ----------
    OHID. Technical guide: Assigning deprivation categories,
    https://fingertips.phe.org.uk/profile/guidance/supporting-information/PH-methods

    Fox S, Anderson T et al. PHEindicatormethods: common public health statistics and their confidence intervals,
    function ``phe_quantile``, https://github.com/ukhsa-collaboration/PHEindicatormethods (written here from the
    method, not copied).

    Examples
    --------
    >>> df = pd.DataFrame({"area_code": list("abcdef"), "value": [5.0, 1.0, np.nan, 3.0, 3.0, 9.0]})
    >>> assign_quantiles(df, n=2)["quantile"].tolist()
    [2.0, 1.0, nan, 1.0, 1.0, 2.0]
    >>> assign_quantiles(df, n=2, invert=True)["quantile"].tolist()
    [1.0, 2.0, nan, 1.0, 1.0, 1.0]
    """
    check_frame("frame", frame)
    _check_n(n)
    v = numeric_column(frame, "value", value)
    keys = group_columns(frame, group)
    invert_by_row = _invert_rows(frame, invert, keys)

    if keys:
        codes = frame.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    else:
        codes = np.zeros(len(frame), dtype=int)
    present = ~np.isnan(v)
    sign = np.where(invert_by_row, -1.0, 1.0)
    # rank within group: 'min' ties, NaN kept (the 'adj_value' of phe_quantile is max - value when inverted, which
    # orders the values as -value does)
    ranks = pd.Series(v * sign).groupby(codes).rank(method="min", na_option="keep").to_numpy(dtype=float)
    count = pd.Series(present.astype(float)).groupby(codes).transform("sum").to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.floor((n + 1) - np.ceil(((count + 1) - ranks) / (count / n)))
    q = np.where(q == 0, 1.0, q)
    too_few = count < n
    q = np.where(too_few | ~present, np.nan, q)
    if (too_few & present).any():
        small = len(np.unique(codes[too_few & present]))
        warnings.warn(
            f"{small} group(s) had fewer than n={n} values; their quantiles are NaN", UserWarning, stacklevel=2
        )

    out = frame.copy()
    out["quantile"] = q
    out["nquantiles"] = int(n)
    out["quantile_order"] = pd.Series([_ORDER[bool(b)] for b in invert_by_row], index=frame.index, dtype=object)
    return out


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------


def _check_n(n) -> None:
    ok = isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_))
    if not ok or n < 2:
        raise ArgumentError(f"n must be a whole number of at least 2; got {show(n)}")


def _invert_rows(frame: pd.DataFrame, invert, keys: list) -> np.ndarray:
    if isinstance(invert, (bool, np.bool_)):
        return np.full(len(frame), bool(invert))
    if not isinstance(invert, str) or invert not in frame.columns:
        raise ArgumentError(
            f"invert must be True, False or a column of frame holding booleans; got {show(invert)}"
        )
    column = frame[invert]
    bad = ~column.map(lambda x: isinstance(x, (bool, np.bool_))).to_numpy(dtype=bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(
            f"invert column {invert!r} must hold True or False; got {show(column.iloc[i])} "
            f"at index {show(frame.index[i])}"
        )
    flags = column.to_numpy(dtype=bool)
    if keys:
        per_group = pd.Series(flags).groupby([frame[k].to_numpy() for k in keys], dropna=False).nunique()
        mixed = per_group[per_group > 1]
        if len(mixed):
            raise ArgumentError(
                f"invert column {invert!r} must hold one value in each group; got both True and False in group "
                f"{show(mixed.index[0])}"
            )
    elif len(np.unique(flags)) > 1:
        raise ArgumentError(f"invert column {invert!r} must hold one value in each group; got both True and False")
    return flags
