"""The array kernels of the cohort model: ageing, the smallest-flow fit of a stock series, the empirical-Bayes pool
of many areas' fits and the expected path of the caseload; and the local level shocks of the SEN support projection.

The method and its references are in the notes of :mod:`jsnakit.projection.model`. The cohort model is
deterministic: :func:`jsnakit.projection.project` (:mod:`.cohort`) takes its split by age and need and its what-ifs
from :func:`expected_path`, and its uncertainty from the total's model (:mod:`.pooled_growth`), so no variance is
counted twice. The SEN support projection (:mod:`.sen_support`) uses :func:`local_level_shocks`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "CohortFit",
    "CohortPool",
    "fit_stocks",
    "pool_fits",
    "expected_path",
    "local_level_shocks",
    "least_squares_slope",
    "variance_prior",
    "MAX_SIGMA",
    "MIN_POOL",
    "NOISE_SHARE",
]

#: Largest standard deviation of the yearly change in the log joining rate taken as the growth's standard error when
#: only two rates are seen (a guard against a history with a break in it).
MAX_SIGMA = 0.5


def _age_on(stock: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """Expected caseload after one year of ageing, age groups on the last axis (oldest last): ``1/width`` of each
    group moves to the next one; the oldest group's share leaves."""
    moving = stock / widths
    out = stock - moving
    out[..., 1:] += moving[..., :-1]
    return out


@dataclass
class CohortFit:
    """Rates estimated from a stock series (rows: consecutive Januaries; columns: age groups), made by
    :func:`fit_stocks`; ``pool`` holds the other LAs' rates to shrink towards (:func:`pool_fits`)."""

    join_rate: np.ndarray      # (T-1, G) joiners per head (or per year when no population)
    leave_rate: np.ndarray     # (T-1, G) share of the aged-on caseload leaving
    joiners: np.ndarray        # (T-1, G) joiner counts
    growth: float              # yearly log growth of the overall joining rate (least squares over the window)
    growth_se: float           # its standard error
    recent: int                # years averaged for the held rates
    pool: "CohortPool | None" = None  # the rates of the other LAs, to shrink towards (empirical Bayes)

    def own(self) -> tuple[np.ndarray, np.ndarray]:
        """The area's own held rates: the mean of the last ``recent`` years, by group."""
        return self.join_rate[-self.recent:].mean(axis=0), self.leave_rate[-self.recent:].mean(axis=0)

    def noise(self) -> tuple[np.ndarray, np.ndarray]:
        """Sampling variance of the held rates: the year-to-year variance over the window / ``recent`` (NaN when
        the window holds fewer than two years)."""
        if len(self.join_rate) < 2:
            nan = np.full(self.join_rate.shape[1], np.nan)
            return nan, nan
        return (self.join_rate.var(axis=0, ddof=1) / self.recent, self.leave_rate.var(axis=0, ddof=1) / self.recent)

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """Weight of the area's own held rates (1 = its own, 0 = the pooled centre), by group."""
        ones = np.ones(self.join_rate.shape[1])
        if self.pool is None:
            return ones, ones
        s_join, s_leave = self.noise()
        return _eb_weight(self.pool.between_join, s_join), _eb_weight(self.pool.between_leave, s_leave)

    def held(self) -> tuple[np.ndarray, np.ndarray]:
        """Held joining and leaving rates by group: the area's own, shrunk towards the pooled centre."""
        join, leave = self.own()
        if self.pool is None:
            return join, leave
        w_join, w_leave = self.weights()
        return (w_join * join + (1 - w_join) * self.pool.join, w_leave * leave + (1 - w_leave) * self.pool.leave)

    def trend(self) -> float:
        """Yearly log growth of the overall joining rate, shrunk towards the pooled centre."""
        if self.pool is None:
            return self.growth
        w = _eb_weight(np.array([self.pool.between_growth]), np.array([self.growth_se ** 2]))[0]
        return float(w * self.growth + (1 - w) * self.pool.growth)


@dataclass
class CohortPool:
    """What the LAs' fits say together: the centre (median) of their held rates and growth, and the variance of
    the true rates between LAs (method of moments: the variance of the estimates less their mean sampling
    variance, at least 0)."""

    join: np.ndarray
    leave: np.ndarray
    growth: float
    between_join: np.ndarray
    between_leave: np.ndarray
    between_growth: float
    areas: int


def _eb_weight(between: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Empirical Bayes weight of an area's own estimate, tau^2 / (tau^2 + s^2) (Efron and Morris 1975); 1 where
    the estimate has no sampling variance or it is unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        w = between / (between + noise)
    return np.where(np.isfinite(noise) & (noise > 0), np.nan_to_num(w, nan=1.0), 1.0)


#: Fewest LAs whose rates are pooled; with fewer, every area keeps its own rates.
MIN_POOL = 10


def variance_prior(s2: np.ndarray, df: np.ndarray) -> tuple[float, float]:
    """Prior variance and degrees of freedom of many sample variances (Smyth 2004, section 6.2: moments of log s^2).

    Parameters
    ----------
    s2 : numpy.ndarray
        The sample variances.
    df : numpy.ndarray
        Their degrees of freedom.

    Returns
    -------
    tuple of float
        The prior variance and its degrees of freedom: (NaN, inf) when fewer than three usable variances; the
        degrees of freedom are ``inf`` when the spread of the log variances is no more than sampling explains
        (every area then takes the prior variance).
    """
    from scipy import optimize, special

    ok = (df > 0) & (s2 > 0) & np.isfinite(s2)
    if ok.sum() < 3:
        return np.nan, np.inf
    s2, df = s2[ok], df[ok].astype(float)
    z = np.log(s2) - special.digamma(df / 2) + np.log(df / 2)
    excess = z.var(ddof=1) - special.polygamma(1, df / 2).mean()
    if excess <= 0:
        return float(np.exp(z.mean())), np.inf
    half = optimize.brentq(lambda x: special.polygamma(1, x) - excess, 1e-8, 1e8)
    d0 = 2 * half
    return float(np.exp(z.mean() + special.digamma(half) - np.log(half))), float(d0)


#: Share of the variance of the yearly changes that is year-to-year noise (the rest moves the level) in the SEN
#: support projection's local level model when fewer than MIN_POOL areas are there to estimate it
#: (:func:`jsnakit.projection.sen_support.noise_share`): 2 sigma_eps^2 / (2 sigma_eps^2 + sigma_eta^2) from the median
#: lag-1 autocorrelation of the changes in the log joining rate of EHC plans, -0.43, in the real SEN2 caseload of 153
#: LAs, 2017-2025 (a stated outside figure, used only for a folder of a few areas).
NOISE_SHARE = 0.86


def pool_fits(fits: list[CohortFit]) -> CohortPool | None:
    """Pool the fits of many areas over the same years and age groups (None when fewer than :data:`MIN_POOL`).

    Parameters
    ----------
    fits : list of CohortFit
        Fits of the areas (:func:`fit_stocks`) over the same years and age groups; those with fewer than two years
        of change are left out.

    Returns
    -------
    CohortPool or None
        The medians of their held rates and growth and the variances between areas (see :class:`CohortPool`);
        None with fewer than :data:`MIN_POOL` fits.
    """
    fits = [f for f in fits if len(f.join_rate) >= 2]
    if len(fits) < MIN_POOL:
        return None
    own = [f.own() for f in fits]
    noise = [f.noise() for f in fits]
    join = np.stack([o[0] for o in own])
    leave = np.stack([o[1] for o in own])
    s_join = np.nanmean(np.stack([n[0] for n in noise]), axis=0)
    s_leave = np.nanmean(np.stack([n[1] for n in noise]), axis=0)
    growth = np.array([f.growth for f in fits])
    s_growth = np.mean([f.growth_se ** 2 for f in fits])
    return CohortPool(join=np.median(join, axis=0), leave=np.median(leave, axis=0), growth=float(np.median(growth)),
                      between_join=np.maximum(join.var(axis=0, ddof=1) - s_join, 0.0),
                      between_leave=np.maximum(leave.var(axis=0, ddof=1) - s_leave, 0.0),
                      between_growth=max(float(growth.var(ddof=1) - s_growth), 0.0), areas=len(fits))


def least_squares_slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Least-squares slope of y on x and its standard error (NaN with fewer than three points).

    Parameters
    ----------
    x, y : numpy.ndarray
        The points (at least two).

    Returns
    -------
    tuple of float
        The slope and its standard error.
    """
    x = np.asarray(x, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    if len(x) < 3:
        return float(slope), np.nan
    resid = y - (intercept + slope * x)
    return float(slope), float(np.sqrt((resid ** 2).sum() / (len(x) - 2) / ((x - x.mean()) ** 2).sum()))


def fit_stocks(stock: np.ndarray, widths: np.ndarray, pop: np.ndarray | None, *, recent: int,
               default_sigma: float) -> CohortFit:
    """Smallest-flow decomposition of a stock series: the rates of each year of change and the growth of the joining
    rate (see the notes of :mod:`jsnakit.projection.model`).

    Parameters
    ----------
    stock : numpy.ndarray
        Persons, shape (Januaries, groups): consecutive years, age groups youngest first.
    widths : numpy.ndarray
        Width in years of each group (:func:`jsnakit.projection.common.group_widths`).
    pop : numpy.ndarray or None
        Population of each group in the same years, shape (Januaries, groups): joiners are per head of it; None:
        per plan of the whole aged-on caseload.
    recent : int
        Latest years averaged for the held rates (at most the years of change).
    default_sigma : float
        Least standard deviation of the yearly change in the log joining rate when fewer than four changes are
        seen (and the value when fewer than two): the standard error of the growth when only two rates are seen.

    Returns
    -------
    CohortFit
        The joining and leaving rates of each year of change, the joiners, and the growth of the joining rate with
        its standard error; not pooled.
    """
    aged = _age_on(stock[:-1].astype(float), widths)
    after = stock[1:].astype(float)
    joiners = np.clip(after - aged, 0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        leave = np.where(aged > 0, np.clip(1 - after / aged, 0, 1), 0.0)
    denom = pop[1:] if pop is not None else np.broadcast_to(aged.sum(axis=1, keepdims=True), aged.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        join_rate = np.where(denom > 0, joiners / denom, 0.0)
    total = joiners.sum(axis=1) / denom.sum(axis=1)
    n = len(total)
    logs = np.log(np.where(total > 0, total, np.nan))
    steps = np.diff(logs)
    steps = steps[np.isfinite(steps)]
    sigma = float(np.std(steps, ddof=1)) if len(steps) >= 2 else default_sigma
    sigma = min(max(sigma, default_sigma) if len(steps) < 4 else sigma, MAX_SIGMA)
    ok = np.isfinite(logs)
    growth, growth_se = 0.0, 0.0
    if ok.sum() >= 2:
        growth, growth_se = least_squares_slope(np.arange(n)[ok], logs[ok])
        if ok.sum() < 3:
            growth_se = sigma
    return CohortFit(join_rate, leave, joiners, growth, growth_se, min(recent, n))


def expected_path(start: np.ndarray, widths: np.ndarray, join_rate: np.ndarray, leave_rate: np.ndarray,
                  pop: np.ndarray | None, mix: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """The cohort model's expected path: each year the caseload ages on, plans end and new plans join at the given
    rates. Returns persons, (years, groups, needs).

    Parameters
    ----------
    start : numpy.ndarray
        Persons in the latest January, (groups, needs).
    widths : numpy.ndarray
        Width in years of each group.
    join_rate, leave_rate : numpy.ndarray
        Joining rate (per head of ``pop``, or per plan of the whole aged-on caseload) and leaving rate of each year
        ahead and group, (years, groups), as a scenario gives them.
    pop : numpy.ndarray or None
        Population of each year ahead and group, (years, groups); None: joiners per plan.
    mix : numpy.ndarray
        Share of joiners in each need, (needs,).
    multiplier : numpy.ndarray
        Factor on the joining rate, (years, groups, needs).

    Returns
    -------
    numpy.ndarray
        Persons, (years, groups, needs).
    """
    years = join_rate.shape[0]
    state = np.asarray(start, dtype=float).copy()
    out = np.empty((years,) + state.shape)
    share = 1.0 / widths
    for h in range(years):
        moving = state * share[:, None]                                        # 1. ageing
        aged = state - moving
        aged[1:, :] += moving[:-1, :]
        leavers = aged * leave_rate[h][:, None]                               # 2. leaving
        base = pop[h] if pop is not None else np.full(len(widths), aged.sum())  # 3. joining
        joiners = (join_rate[h] * base)[:, None] * mix * multiplier[h]
        state = aged - leavers + joiners
        out[h] = state
    return out


def local_level_shocks(rng: np.random.Generator, sims: int, years: int, *, sigma: float, df: float,
                       noise_share: float, recent: int) -> np.ndarray:
    """Shocks (sims, years) to a held level on the log (or logit) scale under a local level model.

    Noise each year about a level that moves by a random walk (Harvey 1989); ``sigma`` is the standard deviation of
    the yearly changes, of which ``noise_share`` is noise; the held level is the mean of ``recent`` noisy years, so
    it starts wrong by the noise over ``sqrt(recent)``. The variance is drawn per simulation from its scaled inverse
    chi-square posterior on ``df`` degrees of freedom (t-like tails for an estimate from a few years). Noise and
    level error are centred so that the expected multiplier ``exp(shock)`` is 1 before the walk.

    Parameters
    ----------
    rng : numpy.random.Generator
        The random generator.
    sims, years : int
        Simulations and years ahead.
    sigma : float
        Standard deviation of the yearly changes.
    df : float
        Its degrees of freedom (``inf``: taken as known).
    noise_share : float
        Share of the variance of the changes that is noise (0 to 1).
    recent : int
        Years averaged for the held level.

    Returns
    -------
    numpy.ndarray
        Shocks, (sims, years).
    """
    scale = sigma * (np.sqrt(df / rng.chisquare(df, (sims, 1))) if np.isfinite(df) else np.ones((sims, 1)))
    s_eps = scale * np.sqrt(noise_share / 2)
    s_eta = scale * np.sqrt(1 - noise_share)
    s_level = s_eps / np.sqrt(recent)
    return (np.cumsum(rng.standard_normal((sims, years)) * s_eta, axis=1)
            + rng.standard_normal((sims, years)) * s_eps - s_eps ** 2 / 2
            + rng.standard_normal((sims, 1)) * s_level - s_level ** 2 / 2)
