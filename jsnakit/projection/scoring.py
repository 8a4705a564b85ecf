"""Scores of quantile forecasts against what was published: accuracy, calibration, sharpness and a proper scoring
rule, and the paired comparison of two methods.

A forecast (one row of :func:`jsnakit.projection.backtest_forecasts`) gives the quantiles of
:data:`~jsnakit.projection.growth_baselines.QUANTILE_LEVELS`: the median and the 50%, 80% and 95% central
intervals. For each:

* ``ape``: absolute percentage error of the median, ``100 |median - observed| / observed`` (%);
* ``inside_50``, ``inside_80``, ``inside_95``: whether the observed value lies in the interval (calibration: over
  many forecasts the shares should be 0.50, 0.80, 0.95);
* ``width_95``: the 95% interval's width as a percentage of the median (sharpness);
* ``wis``: the weighted interval score of Bracher et al. (2021), ``(0.5 |y - m| + sum_k (alpha_k / 2) IS_k) /
  (K + 0.5)`` over the K = 3 intervals, where ``IS = (u - l) + (2 / alpha)(l - y) 1{y < l} + (2 / alpha)(y - u)
  1{y > u}`` is the interval score of Gneiting and Raftery (2007); it approximates the continuous ranked probability
  score, rewards narrow intervals and punishes misses, and is given here as a percentage of the observed value so
  that areas of every size weigh alike. Lower is better.

:func:`summarise_scores` aggregates them by method and horizon (and era of origin); :func:`paired_comparison`
compares two methods on the same forecasts by resampling local authorities (a cluster bootstrap: an area's
forecasts from different origins are not independent).

References
----------
- Gneiting T, Raftery AE (2007). Strictly proper scoring rules, prediction, and estimation. *JASA* 102:359-378.
- Bracher J, Ray EL, Gneiting T, Reich NG (2021). Evaluating epidemic forecasts in an interval format. *PLoS
  Computational Biology* 17(2):e1008618. doi:10.1371/journal.pcbi.1008618
- Efron B, Tibshirani RJ (1993). *An introduction to the bootstrap*, Chapman & Hall (percentile intervals).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError

__all__ = ["QUANTILE_COLUMNS", "SCORE_COLUMNS", "SUMMARY_COLUMNS", "COMPARISON_COLUMNS", "score_forecasts",
           "summarise_scores", "paired_comparison", "era_of", "REGIME_START"]

#: Columns holding the quantiles of a forecast, in the order of
#: :data:`~jsnakit.projection.growth_baselines.QUANTILE_LEVELS`.
QUANTILE_COLUMNS = ["q025", "q10", "q25", "q50", "q75", "q90", "q975"]
#: Columns :func:`score_forecasts` adds.
SCORE_COLUMNS = ["ape", "inside_50", "inside_80", "inside_95", "width_95", "wis"]
#: Columns of :func:`summarise_scores`.
SUMMARY_COLUMNS = ["method", "era", "horizon", "n", "mdape", "coverage_50", "coverage_80", "coverage_95",
                   "width_95", "wis"]
#: Columns of :func:`paired_comparison`.
COMPARISON_COLUMNS = ["method", "against", "era", "horizon", "n", "mdape_difference", "mdape_lower", "mdape_upper",
                      "wis_difference", "wis_lower", "wis_upper", "better_share"]

_INTERVALS = ((0.5, "q25", "q75"), (0.2, "q10", "q90"), (0.05, "q025", "q975"))
#: First origin of the regime after the 2014 reforms (EHC plans from September 2014, the transfer of statements
#: completed by 2018): the caseload's growth rose from about 2% a year to about 10% in 2015/16 and 2016/17.
REGIME_START = "2016/17"


def era_of(origin) -> str:
    """``"from 2016/17"`` or ``"before 2016/17"``: the era of a forecast origin (:data:`REGIME_START`).

    Parameters
    ----------
    origin : str
        An academic year, ``"2018/19"``.

    Returns
    -------
    str
        The era's label.
    """
    return f"from {REGIME_START}" if str(origin) >= REGIME_START else f"before {REGIME_START}"


def score_forecasts(detail: pd.DataFrame) -> pd.DataFrame:
    """Score every forecast: a new frame with :data:`SCORE_COLUMNS` added.

    Parameters
    ----------
    detail : pandas.DataFrame
        One row per forecast with ``observed`` and :data:`QUANTILE_COLUMNS` (persons).

    Returns
    -------
    pandas.DataFrame
        A copy of ``detail`` with ``ape`` (%), ``inside_50``/``inside_80``/``inside_95`` (1.0, 0.0, or NaN where the
        method gave no interval), ``width_95`` (% of the median) and ``wis`` (% of the observed value; NaN without
        intervals).

    Raises
    ------
    ArgumentError
        A missing column.
    """
    missing = [c for c in ["observed", *QUANTILE_COLUMNS] if c not in detail.columns]
    if missing:
        raise ArgumentError(f"detail must have the columns {['observed', *QUANTILE_COLUMNS]}; missing {missing}")
    out = detail.copy()
    y = out["observed"].to_numpy(float)
    m = out["q50"].to_numpy(float)
    out["ape"] = 100 * np.abs(m - y) / y
    penalty = 0.5 * np.abs(y - m)
    for alpha, lo_col, hi_col in _INTERVALS:
        lo, hi = out[lo_col].to_numpy(float), out[hi_col].to_numpy(float)
        known = np.isfinite(lo) & np.isfinite(hi)
        out[f"inside_{round(100 * (1 - alpha))}"] = np.where(known, ((lo <= y) & (y <= hi)).astype(float), np.nan)
        score = (hi - lo) + 2 / alpha * (lo - y) * (y < lo) + 2 / alpha * (y - hi) * (y > hi)
        penalty = penalty + alpha / 2 * score
    out["width_95"] = 100 * (out["q975"] - out["q025"]) / out["q50"]
    out["wis"] = 100 * penalty / (len(_INTERVALS) + 0.5) / y
    return out


def summarise_scores(scored: pd.DataFrame, *, by_era: bool = True) -> pd.DataFrame:
    """Aggregate :func:`score_forecasts` by method, era of origin and horizon.

    Parameters
    ----------
    scored : pandas.DataFrame
        :func:`score_forecasts` of back-test forecasts (``method``, ``origin``, ``horizon`` and the scores).
    by_era : bool, default True
        One row per era (:func:`era_of`) as well as ``"all"``; False: ``"all"`` only.

    Returns
    -------
    pandas.DataFrame
        :data:`SUMMARY_COLUMNS`: ``n`` forecasts, ``mdape`` (median APE, %), ``coverage_50/80/95`` (shares, 0-1),
        ``width_95`` (median, % of the median forecast), ``wis`` (mean, % of observed).
    """
    frames = [scored.assign(era="all")]
    if by_era:
        frames.append(scored.assign(era=scored["origin"].map(era_of)))
    both = pd.concat(frames, ignore_index=True)
    out = both.groupby(["method", "era", "horizon"], sort=False).agg(
        n=("ape", "size"), mdape=("ape", "median"), coverage_50=("inside_50", "mean"),
        coverage_80=("inside_80", "mean"), coverage_95=("inside_95", "mean"), width_95=("width_95", "median"),
        wis=("wis", "mean")).reset_index()
    return out[SUMMARY_COLUMNS]


def paired_comparison(scored: pd.DataFrame, method: str, *, resamples: int = 2000, seed: int = 0,
                      by_era: bool = True) -> pd.DataFrame:
    """Compare ``method`` with every other method on the same forecasts (same area, origin and horizon).

    For each other method, era and horizon: the difference in MdAPE and in mean WIS (``method`` minus the other;
    negative: ``method`` is better), with 95% percentile intervals from resampling local authorities with
    replacement (each with all its origins), and the share of forecasts where ``method``'s WIS is the smaller.

    Parameters
    ----------
    scored : pandas.DataFrame
        :func:`score_forecasts` of back-test forecasts (``method``, ``area_code``, ``origin``, ``horizon``).
    method : str
        The method compared (e.g. the published one).
    resamples : int, default 2000
        Bootstrap resamples.
    seed : int, default 0
        Seed of the resampling.
    by_era : bool, default True
        Also by era of origin (:func:`era_of`).

    Returns
    -------
    pandas.DataFrame
        :data:`COMPARISON_COLUMNS`. An interval that excludes 0 says the difference is significant at the 5% level.

    Raises
    ------
    ArgumentError
        ``method`` not in ``scored``.
    """
    if method not in set(scored["method"]):
        raise ArgumentError(f"method must be one of the methods scored {sorted(set(scored['method']))}; "
                            f"got {method!r}")
    keys = ["area_code", "origin", "horizon"]
    mine = scored[scored["method"] == method].set_index(keys)[["ape", "wis"]]
    rng = np.random.default_rng(seed)
    rows = []
    for other in [m for m in scored["method"].unique() if m != method]:
        theirs = scored[scored["method"] == other].set_index(keys)[["ape", "wis"]]
        both = mine.reset_index().merge(theirs.reset_index(), on=keys, suffixes=("_a", "_b")).dropna()
        both["era"] = both["origin"].map(era_of)
        groups = [("all", both)] + ([(e, g) for e, g in both.groupby("era")] if by_era else [])
        for era, frame in groups:
            for horizon, part in frame.groupby("horizon"):
                rows.append(_compare(part, method, other, era, horizon, rng, resamples))
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _weighted_medians(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Median of ``values`` repeated by each row of ``weights`` (resample counts), as ``np.median`` of the resampled
    values would give it (the mean of the two middle ones when their number is even)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    cumulative = np.cumsum(weights[:, order], axis=1)
    total = cumulative[:, -1:]
    low = ordered[np.argmax(cumulative >= (total + 1) // 2, axis=1)]
    high = ordered[np.argmax(cumulative >= total // 2 + 1, axis=1)]
    return (low + high) / 2


def _compare(part: pd.DataFrame, method: str, other: str, era: str, horizon: int, rng: np.random.Generator,
             resamples: int) -> tuple:
    codes, index = np.unique(part["area_code"].to_numpy(), return_inverse=True)
    ape_a, ape_b = part["ape_a"].to_numpy(float), part["ape_b"].to_numpy(float)
    wis_a, wis_b = part["wis_a"].to_numpy(float), part["wis_b"].to_numpy(float)
    # Each resample draws the areas with replacement: a count per area, and so a weight per forecast.
    counts = rng.multinomial(len(codes), np.full(len(codes), 1 / len(codes)), size=resamples)
    weights = counts[:, index]
    mdape = _weighted_medians(ape_a, weights) - _weighted_medians(ape_b, weights)
    wis = (weights @ wis_a - weights @ wis_b) / weights.sum(axis=1)
    (m_lo, m_hi), (w_lo, w_hi) = np.percentile(mdape, [2.5, 97.5]), np.percentile(wis, [2.5, 97.5])
    return (method, other, era, horizon, len(part), float(np.median(ape_a) - np.median(ape_b)), float(m_lo),
            float(m_hi), float(wis_a.mean() - wis_b.mean()), float(w_lo), float(w_hi), float((wis_a < wis_b).mean()))
