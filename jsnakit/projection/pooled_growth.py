"""The model of an area's total caseload that the factsheet publishes: a **pooled autoregression of yearly growth**.

The yearly log growth of every local authority's caseload, ``g[i, t] = log(C[i, t] / C[i, t-1])``, follows one
autoregression fitted to all of them together (a *global* model: Montero-Manso and Hyndman 2021 show that one model
fitted across a group of short related series forecasts them better than a model per series)::

    g[i, t] = b0 + b1 g[i, t-1] + b2 g[i, t-2] + s[i] e[i, t]

over the ``window`` latest years of change that every area shares. Growth persists or reverts as the LAs' recent
history says (the fitted ``b``), towards the long-run growth ``b0 / (1 - b1 - b2)`` when ``b1 + b2 < 1``.

Uncertainty, all of it estimated from the same window (nothing is tuned on later years):

* **the area's own scale** ``s[i]``: the variance of its residuals moderated towards that of all areas (the prior's
  variance and degrees of freedom from the spread of the areas' variances, Smyth 2004), so a small area with noisy
  growth gets wider limits and a steady one narrower, without trusting three residuals alone;
* **the shape of the errors**: the areas' standardised residuals ``e``, resampled (the residual bootstrap of
  Hyndman and Athanasopoulos 2021, section 5.5), so heavy tails are kept;
* **the coefficients**: ``b`` refitted on the areas and the years of change both resampled with replacement (the
  pigeonhole bootstrap of a table of areas x years, Owen 2007: the pool has many areas but few years, and a year
  that moves every area at once is as much a source of error as an area), one draw per simulation.

Each simulation runs the autoregression forward year by year, so errors accumulate and growth's persistence carries
them. The scale is used as estimated (drawing it from its posterior on the few degrees of freedom an area has made
the 80% intervals too wide in the back-test: 86% coverage a year ahead). :func:`fit_growth` fits the pool,
:func:`simulate_growth` simulates any series with it (an area in the pool; or England or a region, which keep their
own scale). With fewer than :data:`MIN_POOL` areas the autoregression has too few rows: the model falls back on each
series' mean growth (lags 0, the drift method), with its own residuals and the error of its mean growth.

References
----------
- Montero-Manso P, Hyndman RJ (2021). Principles and algorithms for forecasting groups of time series: locality and
  globality. *International Journal of Forecasting* 37(4):1632-1653. doi:10.1016/j.ijforecast.2021.03.004
- Hyndman RJ, Athanasopoulos G (2021). *Forecasting: principles and practice*, 3rd ed., OTexts, section 5.5
  (bootstrapped prediction intervals). https://otexts.com/fpp3/
- Smyth GK (2004). Linear models and empirical Bayes methods for assessing differential expression in microarray
  experiments. *Statistical Applications in Genetics and Molecular Biology* 3(1), article 3, section 6.2.
- Owen AB (2007). The pigeonhole bootstrap. *Annals of Applied Statistics* 1(2):386-411. doi:10.1214/07-AOAS122
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.errors import ArgumentError
from .cohort_kernels import MIN_POOL, variance_prior

__all__ = ["GrowthFit", "fit_growth", "simulate_growth", "LAGS", "COEFFICIENT_DRAWS"]

#: Lags of growth in the autoregression: two let growth persist and turn (a damped cycle), the fewest that do.
LAGS = 2
#: Refits of the coefficients on resampled areas (each simulation takes one of them).
COEFFICIENT_DRAWS = 200


@dataclass
class GrowthFit:
    """The pooled autoregression of yearly log growth (:func:`fit_growth`).

    Attributes
    ----------
    lags : int
        Lags of growth used (2, or 0 in the fallback of fewer than :data:`MIN_POOL` areas).
    coef : numpy.ndarray
        ``b0, b1, ..., b_lags``, least squares over every area and year.
    coef_draws : numpy.ndarray
        (draws, lags + 1): the coefficients refitted on areas and years resampled (in the fallback, ``coef`` alone:
        each series' own mean growth and its error are drawn in :func:`simulate_growth` instead).
    prior_var, prior_df : float
        Prior of an area's residual variance (log growth squared) and its degrees of freedom (``inf``: every area
        takes the prior).
    shapes : numpy.ndarray
        The areas' standardised residuals, resampled as the errors' shape.
    areas, years : int
        Areas and years of change fitted.
    """

    lags: int
    coef: np.ndarray
    coef_draws: np.ndarray
    prior_var: float
    prior_df: float
    shapes: np.ndarray
    areas: int
    years: int

    def long_run_growth(self) -> float:
        """Yearly log growth the autoregression settles at, ``b0 / (1 - sum(b))`` (NaN when it does not settle)."""
        persistence = float(self.coef[1:].sum())
        return float(self.coef[0] / (1 - persistence)) if persistence < 1 else np.nan


def _design(growth: np.ndarray, lags: int) -> tuple[np.ndarray, np.ndarray]:
    """Regressors (areas, rows, 1 + lags) and responses (areas, rows) of the autoregression."""
    rows = range(lags, growth.shape[1])
    x = np.stack([np.column_stack([np.ones(len(growth))] + [growth[:, t - lag] for lag in range(1, lags + 1)])
                  for t in rows], axis=1)
    y = np.stack([growth[:, t] for t in rows], axis=1)
    return x, y


def _least_squares(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(x.reshape(-1, x.shape[-1]), y.reshape(-1), rcond=None)[0]


def _own_variance(residuals: np.ndarray, centred: bool) -> tuple[np.ndarray, int]:
    """Each series' residual variance and its degrees of freedom: the mean square about 0 on T degrees of freedom
    (the pooled fit's residuals: an area whose growth stays apart from the pool's keeps that in its variance), or
    about the series' own mean on T - 1 when the residuals were centred on it (the fallback)."""
    d = residuals.shape[1] - (1 if centred else 0)
    return (residuals ** 2).sum(axis=1) / max(d, 1), d


def _scales(residuals: np.ndarray, prior_var: float, prior_df: float, *, centred: bool) -> np.ndarray:
    """Each series' residual sd moderated towards the prior (Smyth 2004): (d0 s0^2 + d s^2) / (d0 + d)."""
    own, d = _own_variance(residuals, centred)
    if d < 1 or not np.isfinite(prior_var):
        return np.full(len(residuals), np.sqrt(prior_var if np.isfinite(prior_var) else np.mean(residuals ** 2)))
    if not np.isfinite(prior_df):
        return np.full(len(residuals), np.sqrt(prior_var))
    return np.sqrt((prior_df * prior_var + d * own) / (prior_df + d))


def _check_levels(name: str, log_totals) -> np.ndarray:
    values = np.asarray(log_totals, dtype=float)
    if values.ndim != 2 or values.shape[1] < 3:
        raise ArgumentError(f"{name} must be a 2-D array of log totals (series x consecutive years, at least 3 "
                            f"years); got shape {values.shape}")
    if not np.isfinite(values).all():
        raise ArgumentError(f"{name} must hold finite log totals (every count above 0); got a missing or "
                            f"infinite value")
    return values


def fit_growth(log_totals, *, rng: np.random.Generator) -> GrowthFit:
    """Fit the pooled autoregression of yearly log growth to many areas' series.

    Parameters
    ----------
    log_totals : array-like
        Natural log of each area's total caseload (persons), shape (areas, consecutive Januaries), oldest first, the
        same years for every area (the window and the origin: ``window + 1`` Januaries).
    rng : numpy.random.Generator
        For the resampling of the coefficients (keyword only).

    Returns
    -------
    GrowthFit
        The coefficients and their resampled draws, the prior of the areas' residual variance, the standardised
        residuals. :data:`LAGS` lags when the pool has at least :data:`~jsnakit.projection.cohort_kernels.MIN_POOL`
        areas and ``LAGS + 2`` years of change, else the fallback of lags 0 (each series' mean growth).

    Raises
    ------
    ArgumentError
        Not a 2-D array of at least three years, or a value that is not finite.
    """
    levels = _check_levels("log_totals", log_totals)
    growth = np.diff(levels, axis=1)
    pooled = len(levels) >= MIN_POOL and growth.shape[1] >= LAGS + 2
    lags = LAGS if pooled else 0
    x, y = _design(growth, lags)
    if pooled:
        coef = _least_squares(x, y)
        residuals = y - x @ coef
    else:  # each series its own mean growth: the residuals are its deviations from it
        coef = np.array([growth.mean()])
        residuals = growth - growth.mean(axis=1, keepdims=True)
    own, d = _own_variance(residuals, centred=not pooled)
    if len(residuals) >= 3:
        prior_var, prior_df = variance_prior(own, np.full(len(residuals), float(d)))
    else:
        prior_var, prior_df = float(np.mean(residuals ** 2) * y.size / max(y.size - len(residuals), 1)), np.inf
    if not np.isfinite(prior_var):
        prior_var, prior_df = float(np.mean(residuals ** 2)), np.inf
    scales = _scales(residuals, prior_var, prior_df, centred=not pooled)
    shapes = (residuals / np.where(scales > 0, scales, 1.0)[:, None]).reshape(-1)
    if not pooled and residuals.shape[1] > 1:  # deviations from a series' own mean are short by (T - 1) / T
        shapes = shapes * np.sqrt(residuals.shape[1] / (residuals.shape[1] - 1))
    draws = [coef]  # the fallback draws each series' own mean growth in simulate_growth, not a pooled one
    if pooled:  # areas and years of change resampled together (Owen 2007): the pool's years are few
        draws = []
        for _ in range(COEFFICIENT_DRAWS):
            pick = rng.integers(0, len(levels), len(levels))
            years = rng.integers(0, y.shape[1], y.shape[1])
            draws.append(_least_squares(x[pick][:, years], y[pick][:, years]))
    return GrowthFit(lags=lags, coef=coef, coef_draws=np.array(draws), prior_var=float(prior_var),
                     prior_df=float(prior_df), shapes=shapes, areas=len(levels), years=growth.shape[1])


def simulate_growth(fit: GrowthFit, log_totals, *, horizon: int, simulations: int, rng: np.random.Generator,
                    in_pool=None) -> np.ndarray:
    """Simulate series forward with a pooled fit: total caseload in each simulation and year ahead.

    Parameters
    ----------
    fit : GrowthFit
        :func:`fit_growth` of the pool.
    log_totals : array-like
        Natural log of the total caseload of the series to project (areas in the pool or not), shape (series,
        Januaries), oldest first, at least ``fit.lags + 2`` Januaries; the last is the origin.
    horizon : int
        Years ahead (keyword only).
    simulations : int
        Number of simulations.
    rng : numpy.random.Generator
        The random generator.
    in_pool : array-like of bool, optional
        Per series: is it one of the kind the pool was fitted on (a local authority)? Those (default all) have
        their residual scale moderated towards the pool's prior; the others (England, a region: smoother than any
        LA) keep their own.

    Returns
    -------
    numpy.ndarray
        Persons, shape (simulations, series, horizon): ``exp`` of the simulated log totals.

    Raises
    ------
    ArgumentError
        Fewer Januaries than the lags need, or a value that is not finite.
    """
    levels = _check_levels("log_totals", log_totals)
    growth = np.diff(levels, axis=1)
    if growth.shape[1] < fit.lags + 1:
        raise ArgumentError(f"log_totals must hold at least {fit.lags + 2} Januaries for {fit.lags} lags; got "
                            f"{levels.shape[1]}")
    x, y = _design(growth, fit.lags)
    if fit.lags:
        residuals = y - x @ fit.coef
    else:
        residuals = growth - growth.mean(axis=1, keepdims=True)
    scale = _scales(residuals, fit.prior_var, fit.prior_df, centred=fit.lags == 0)    # (series,)
    if in_pool is not None and not np.all(in_pool):
        own, d = _own_variance(residuals, centred=fit.lags == 0)
        if d >= 1:
            scale = np.where(np.asarray(in_pool, dtype=bool), scale, np.sqrt(own))
    n = len(levels)
    if fit.lags:
        coef = fit.coef_draws[rng.integers(0, len(fit.coef_draws), simulations)]    # (sims, 1 + lags)
    else:
        # The fallback: each series its own mean growth, known only to within scale / sqrt(T); and its scale, known
        # from a few growths of a few series, drawn from its scaled inverse chi-square posterior on the degrees of
        # freedom of the series and of the prior (at most those of the other series): a t-like predictive.
        d = growth.shape[1] - 1
        df = d + min(fit.prior_df, d * max(fit.areas - 1, 0))
        if df > 0:
            scale = scale[None, :] * np.sqrt(df / rng.chisquare(df, (simulations, n)))
        own_mean = growth.mean(axis=1)
        intercept = own_mean[None, :] + rng.standard_normal((simulations, n)) * (scale / np.sqrt(growth.shape[1]))
    scale = np.broadcast_to(scale, (simulations, n))
    history = np.stack([growth[:, -lag] for lag in range(1, fit.lags + 1)], axis=-1) if fit.lags else None
    history = np.broadcast_to(history, (simulations, n, fit.lags)).copy() if fit.lags else None
    level = np.broadcast_to(levels[:, -1], (simulations, n)).copy()
    out = np.empty((simulations, n, horizon))
    for h in range(horizon):
        shock = fit.shapes[rng.integers(0, len(fit.shapes), (simulations, n))] * scale
        if fit.lags:
            step = coef[:, :1] + np.einsum("sl,snl->sn", coef[:, 1:], history) + shock
            history = np.concatenate([step[..., None], history[..., :-1]], axis=-1)
        else:
            step = intercept + shock
        level = level + step
        out[:, :, h] = level
    return np.exp(out)
