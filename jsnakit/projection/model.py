"""Demand projection: children and young people with EHC plans, by age (and primary need), years ahead.

The model is a **cohort-component** (stock-flow) model of the EHC plan caseload, the state-transition idea of
Mastodon C's witan.send reduced to what published data can support:

1. **ageing** -- each January the caseload of an age group moves on: a single year of age moves up entirely; an age
   band of width *w* years (``5-10`` is 6 years wide, ``under 3`` is 3) passes ``1/w`` of its caseload to the next
   group and keeps the rest (ages spread evenly inside the band). The oldest group passes its share out of the
   system (a 25-year-old's plan ends at 26);
2. **leaving** -- plans end at a rate by age group (a share of the aged-on caseload);
3. **joining** -- new plans join at a rate per head of the population of the age group (ONS estimates or projections).
   Without a population (as in :func:`backtest`, where no population series goes back to 2010), the joiners of
   each group are a rate per plan of the whole aged-on caseload of the previous January (so they grow with the
   caseload, as the baselines' growth rates do). Joiners are split by primary need in the observed mix.

Rates are estimated from the published **January stocks** alone (SEN2 caseload by age), which do not say how many
plans started and how many ended. The rule used is that of the smallest flows: for each group and year, the
caseload expected after ageing, ``A(C[t])``, is set against the next January's count ``C[t+1]``; a rise is counted
as joiners (``C[t+1] - A(C[t])``, none leaving), a fall as leavers (rate ``1 - C[t+1] / A(C[t])``, none joining).
The same ageing rule is used to estimate and to project, so its approximation inside a band cancels out.

**Pooling.** Five years of one LA's flows are a small sample. When the caseload frame holds at least
:data:`MIN_POOL` local authorities with counts of the same age groups in the same years (the national SEN2 files
hold all 153), each rate is shrunk towards the median of theirs by empirical Bayes (Efron and Morris 1975): weight
``tau^2 / (tau^2 + s^2)`` on the LA's own held rate, ``s^2`` its sampling variance (the year-to-year variance over
the window over ``recent``) and ``tau^2`` the variance of the true rates between LAs (method of moments). The growth
used by ``"recent trend"`` is shrunk the same way, and the variance of the yearly change in the joining rate is
moderated towards the LAs' common prior (Smyth 2004). ``pool=False`` keeps the LA's own figures.

Uncertainty is carried by simulation (arrays of shape simulations x groups x needs, one step per year):

* the log joining rate follows a **local level model** (Harvey 1989): noise each year about a level that moves by
  a random walk. The variance of its yearly change is estimated from the window (moderated, and drawn per
  simulation from its scaled inverse chi-square posterior, so a variance from a few years gives t-like tails); the
  noise share of that variance comes from the lag-1 autocovariance of the changes pooled over LAs
  (:data:`NOISE_SHARE` when not pooled). The held level starts wrong by the noise over ``sqrt(recent)``. The yearly
  noise is the over-dispersion of the joiners (a Poisson-lognormal mixture);
* under ``"rates held"`` the rates may also drift: a growth drawn once per simulation with the spread of the LA's
  growth (its standard error and the variance of true growth between LAs), damped as the trend is;
* joiners are Poisson given that rate; leavers are beta-binomial: a leaving probability drawn per simulation, year
  and group from a beta distribution with the group's mean rate and a precision estimated from the year-to-year
  spread of the observed rates;
* totals (all ages, all needs) are summed inside each simulation before the quantiles are taken.

On the real SEN2 caseload of all 153 LAs (origins 2013/14 to 2021/22, ``python benchmarks/backtest.py``) the model
errs less than every baseline at 1, 2 and 3 years ahead (median absolute error 10.3% at 3 years, against 11.9% for
the best baseline); its 95% intervals held the published figure 88-92% of the time overall, and 97-100% at 3
years from the origins after the 2014 reforms (2016/17 on). The misses are the reform years 2014-2016, when the
caseload's growth leapt in a way no earlier year foretold.

References
----------
- Rees P, Wohland P, Norman P, Boden P (2012). Ethnic population projections for the UK, 2001-2051. *Journal of
  Population Research* 29:45-89 (the cohort-component method). doi:10.1007/s12546-011-9076-z
- Mastodon C, witan.send: a state-transition model of SEND demand, https://github.com/MastodonC/witan.send
- Hyndman RJ, Athanasopoulos G (2021). *Forecasting: principles and practice*, 3rd ed., OTexts, section 5.5
  (prediction intervals of the benchmark methods) and 5.10 (time-series cross-validation). https://otexts.com/fpp3/
- Efron B, Morris C (1975). Data analysis using Stein's estimator and its generalizations. *JASA* 70:311-319.
- Harvey AC (1989). *Forecasting, structural time series models and the Kalman filter*, Cambridge University Press,
  ch. 2 (the local level model).
- Smyth GK (2004). Linear models and empirical Bayes methods for assessing differential expression in microarray
  experiments. *Statistical Applications in Genetics and Molecular Biology* 3(1), article 3, section 6.2.
- DfE, *Education, health and care plans* (SEN2), https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
"""
from __future__ import annotations

import numbers
import re
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError

__all__ = [
    "project",
    "Multiplier",
    "baselines",
    "backtest",
    "backtest_forecasts",
    "summarise_backtest",
    "project_sen_support",
    "PREVALENCE_SCENARIOS",
    "SCENARIOS",
    "PROJECTION_COLUMNS",
    "BASELINE_COLUMNS",
    "BACKTEST_COLUMNS",
    "BASELINES",
]

ENGLAND = "E92000001"

#: Columns of :func:`project` (counts in persons).
PROJECTION_COLUMNS = ["area_code", "period", "age_band", "need", "scenario", "median", "lower_50", "upper_50",
                      "lower_95", "upper_95"]
#: Columns of :func:`baselines`.
BASELINE_COLUMNS = ["method", "step", "period", "forecast", "lower_95", "upper_95"]
#: Columns of :func:`backtest`.
BACKTEST_COLUMNS = ["method", "horizon", "n", "mdape", "coverage_95"]
#: The simple methods analysts use, as named in :func:`baselines`.
BASELINES = ("mean growth", "last year's growth", "1-2-3 weighted growth", "linear trend")

_Z95 = 1.959963984540054
#: Damping of the continued trend (phi of FPP3 section 8.2): the growth of year h ahead is phi^h times today's.
DAMPING = 0.8
#: Largest yearly step of the log joining-rate random walk (a guard against a history with a break in it).
MAX_SIGMA = 0.5
_QUANTILES = [0.5, 0.25, 0.75, 0.025, 0.975]


# --------------------------------------------------------------------------------------------------------------------
# periods and age groups

def _shift(period: str, years: int) -> str:
    """``"2024/25"`` moved on by ``years`` academic years."""
    start = int(str(period)[:4]) + years
    return f"{start}/{str(start + 1)[2:]}"


def _start_year(period: str) -> int:
    return int(str(period)[:4])


def _age_range(label: str) -> tuple[int, int]:
    """First and last single year of age of a group label: ``"5-10"`` -> (5, 10), ``"under 3"`` -> (0, 2)."""
    label = str(label).strip()
    if m := re.fullmatch(r"(\d+)\s*-\s*(\d+)", label):
        return int(m.group(1)), int(m.group(2))
    if m := re.fullmatch(r"under (\d+)", label, re.IGNORECASE):
        return 0, int(m.group(1)) - 1
    if label.isdigit():
        return int(label), int(label)
    raise ArgumentError(f"age groups must be labels like '5-10', 'under 3' or '7'; got {label!r}")


def _widths(groups: list[str]) -> np.ndarray:
    return np.array([_age_range(g)[1] - _age_range(g)[0] + 1 for g in groups], dtype=float)


#: The single years of age of SEN2 (2023 release onwards); an age without a row in a period counts 0 (DfE leaves
#: empty ages out: the ages present add up to the total), a suppressed age (``x``) leaves the period out.
SEN2_AGES = ["under 3"] + [str(a) for a in range(3, 26)]
#: The SEN2 age bands (2022 release and before).
BANDS = ["0-4", "5-10", "11-15", "16-19", "20-25"]


def _band_of(age_label: str) -> str:
    low, _ = _age_range(age_label)
    for band in BANDS:
        a, b = _age_range(band)
        if a <= low <= b:
            return band
    return BANDS[-1]


# --------------------------------------------------------------------------------------------------------------------
# array kernels

def _age_on(stock: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """Expected caseload after one year of ageing, age groups on the last axis (oldest last): ``1/width`` of each
    group moves to the next one; the oldest group's share leaves."""
    moving = stock / widths
    out = stock - moving
    out[..., 1:] += moving[..., :-1]
    return out


@dataclass
class _Fit:
    """Rates estimated from a stock series (rows: consecutive Januaries; columns: age groups)."""

    join_rate: np.ndarray      # (T-1, G) joiners per head (or per year when no population)
    leave_rate: np.ndarray     # (T-1, G) share of the aged-on caseload leaving
    joiners: np.ndarray        # (T-1, G) joiner counts
    sigma: float               # sd of the yearly change in the log overall joining rate
    growth: float              # yearly log growth of the overall joining rate (least squares over the window)
    growth_se: float           # its standard error
    precision: np.ndarray      # (G,) beta precision of the leaving rate
    recent: int                # years averaged for the held rates
    sigma_df: int = 0          # degrees of freedom of sigma (yearly changes - 1)
    changes: np.ndarray = None  # the yearly changes in the log overall joining rate
    pool: "_Pool | None" = None  # the rates of the other LAs, to shrink towards (empirical Bayes)

    def volatility(self) -> tuple[float, float]:
        """The random walk's step (sd, log scale) and its degrees of freedom: the area's own, moderated towards the
        pooled prior when pooled (Smyth 2004); ``inf`` degrees of freedom when the step is taken as known."""
        if self.pool is None or not np.isfinite(self.pool.sigma2):
            return self.sigma, float(self.sigma_df) if self.sigma_df > 0 else np.inf
        d0, s0 = self.pool.sigma_df, self.pool.sigma2
        if not np.isfinite(d0):
            return float(np.sqrt(s0)), np.inf
        d = self.sigma_df
        return float(np.sqrt((d0 * s0 + d * self.sigma ** 2) / (d0 + d))), float(d0 + d)

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
class _Pool:
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
    sigma2: float = np.nan     # prior of the variance of the yearly changes (Smyth 2004)
    sigma_df: float = np.inf   # and its degrees of freedom
    noise_share: float = np.nan  # share of that variance that is year-to-year noise (local level model)


def _eb_weight(between: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Empirical Bayes weight of an area's own estimate, tau^2 / (tau^2 + s^2) (Efron and Morris 1975); 1 where
    the estimate has no sampling variance or it is unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        w = between / (between + noise)
    return np.where(np.isfinite(noise) & (noise > 0), np.nan_to_num(w, nan=1.0), 1.0)


#: Fewest LAs whose rates are pooled; with fewer, every area keeps its own rates.
MIN_POOL = 10


def _variance_prior(s2: np.ndarray, df: np.ndarray) -> tuple[float, float]:
    """Prior variance and degrees of freedom of many sample variances (Smyth 2004, section 6.2: moments of log s^2).

    Returns (NaN, inf) when fewer than three usable variances; ``d0`` is ``inf`` when the spread of the log variances
    is no more than sampling explains (every area then takes the prior variance).
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


#: Share of the variance of the yearly changes in the log joining rate that is year-to-year noise (the rest moves the
#: level), used when an area is not pooled: the local level model's 2 sigma_eps^2 / (2 sigma_eps^2 + sigma_eta^2)
#: from the median lag-1 autocorrelation of the changes, -0.43, in the real SEN2 caseload of 153 LAs, 2017-2025.
NOISE_SHARE = 0.86


def _noise_share(changes: list[np.ndarray]) -> float:
    """Share of the variance of yearly changes that is noise in a local level model, pooled over areas.

    In the local level model y_t = mu_t + eps_t, mu_t = mu_{t-1} + eta_t (Harvey 1989, ch. 2), the changes have
    variance gamma_0 = 2 s_eps^2 + s_eta^2 and lag-1 autocovariance gamma_1 = -s_eps^2, so the noise share is
    -2 gamma_1 / gamma_0, between 0 (a pure random walk) and 1 (noise about a fixed level). The moments are pooled
    over the areas, each area's changes centred on its own mean.
    """
    g0, g1 = 0.0, 0.0
    for d in changes:
        if d is None or len(d) < 3:
            continue
        d = d - d.mean()
        g0 += (d ** 2).sum() / len(d)
        g1 += (d[1:] * d[:-1]).sum() / len(d)
    if g0 <= 0:
        return NOISE_SHARE
    return float(np.clip(-2 * g1 / g0, 0.0, 1.0))


def _pool(fits: list[_Fit]) -> _Pool | None:
    """Pool the fits of many areas over the same years and age groups (None when fewer than :data:`MIN_POOL`)."""
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
    sigma2, sigma_df = _variance_prior(np.array([f.sigma ** 2 for f in fits]), np.array([f.sigma_df for f in fits]))
    return _Pool(sigma2=sigma2, sigma_df=sigma_df, noise_share=_noise_share([f.changes for f in fits]),
                 join=np.median(join, axis=0), leave=np.median(leave, axis=0), growth=float(np.median(growth)),
                 between_join=np.maximum(join.var(axis=0, ddof=1) - s_join, 0.0),
                 between_leave=np.maximum(leave.var(axis=0, ddof=1) - s_leave, 0.0),
                 between_growth=max(float(growth.var(ddof=1) - s_growth), 0.0), areas=len(fits))


def _slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Least-squares slope of y on x and its standard error (NaN with fewer than three points)."""
    x = np.asarray(x, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    if len(x) < 3:
        return float(slope), np.nan
    resid = y - (intercept + slope * x)
    return float(slope), float(np.sqrt((resid ** 2).sum() / (len(x) - 2) / ((x - x.mean()) ** 2).sum()))


def _damping(value) -> float:
    if not (isinstance(value, numbers.Real) and 0 < value <= 1):
        raise ArgumentError(f"damping must be a number above 0 and at most 1; got {value!r}")
    return float(value)


def _fit(stock: np.ndarray, widths: np.ndarray, pop: np.ndarray | None, *, recent: int, default_sigma: float) -> _Fit:
    """Smallest-flow decomposition of a stock series and the dispersion of its rates (see the module notes)."""
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
    sigma_df = max(len(steps) - 1, 0)
    ok = np.isfinite(logs)
    growth, growth_se = 0.0, 0.0
    if ok.sum() >= 2:
        growth, growth_se = _slope(np.arange(n)[ok], logs[ok])
        if ok.sum() < 3:
            growth_se = sigma
    # Beta precision of the leaving rates from their spread: var = p(1-p)/(phi+1).
    if n >= 3:
        p, v = leave.mean(axis=0), leave.var(axis=0, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            phi = np.where(v > 0, p * (1 - p) / v - 1, np.inf)
        precision = np.clip(np.nan_to_num(phi, nan=np.inf), 2.0, np.inf)
    else:
        precision = np.full(stock.shape[1], np.inf)
    return _Fit(join_rate, leave, joiners, sigma, growth, growth_se, precision, min(recent, n),
                sigma_df=sigma_df, changes=steps)


def _simulate(start: np.ndarray, widths: np.ndarray, join_rate: np.ndarray, leave_rate: np.ndarray,
              pop: np.ndarray | None,
              mix: np.ndarray, multiplier: np.ndarray, fit: _Fit, *, simulations: int, rng: np.random.Generator,
              noise: bool, drift_sd: np.ndarray | None = None) -> np.ndarray:
    """Simulate the caseload: returns (simulations, years, groups, needs).

    ``start`` (G, N) counts; ``join_rate``/``leave_rate``/``pop`` (H, G); ``mix`` (N,); ``multiplier`` (H, G, N).
    With ``noise`` False every draw is replaced by its expectation (one deterministic path, repeated).
    """
    years, groups = join_rate.shape
    sims = simulations if noise else 1
    state = np.broadcast_to(start, (sims,) + start.shape).astype(float).copy()
    out = np.empty((sims, years) + start.shape)
    if noise:
        state = np.rint(state)
        sigma, df = fit.volatility()
        share = fit.pool.noise_share if fit.pool is not None and np.isfinite(fit.pool.noise_share) else NOISE_SHARE
        shock = _local_level_shocks(rng, sims, years, sigma=sigma, df=df, noise_share=share, recent=fit.recent)
        if drift_sd is not None:
            shock += rng.standard_normal((sims, 1)) * drift_sd[None, :]
    else:
        shock = np.zeros((sims, years))
    share = 1.0 / widths
    for h in range(years):
        # 1. ageing
        if noise:
            moving = rng.binomial(state.astype(np.int64), np.broadcast_to(share[:, None], state.shape))
        else:
            moving = state * share[:, None]
        aged = state - moving
        aged[:, 1:, :] += moving[:, :-1, :]
        # 2. leaving (beta-binomial)
        lam = np.broadcast_to(leave_rate[h], (sims, groups))
        if noise:
            phi = np.broadcast_to(fit.precision, (sims, groups))
            finite = np.isfinite(phi) & (lam > 0) & (lam < 1)
            a = np.where(finite, lam * np.where(np.isfinite(phi), phi, 1.0), 1.0)
            b = np.where(finite, (1 - lam) * np.where(np.isfinite(phi), phi, 1.0), 1.0)
            p = np.where(finite, rng.beta(a, b), lam)
            leavers = rng.binomial(aged.astype(np.int64), np.broadcast_to(p[:, :, None], aged.shape))
        else:
            leavers = aged * lam[:, :, None]
        # 3. joining (Poisson given the rate, which carries the local-level noise and drift on the log scale)
        # per head of population, or per plan of the whole aged-on caseload
        base = pop[h][None, :] if pop is not None else np.broadcast_to(aged.sum(axis=(1, 2))[:, None], (sims, groups))
        mu = (join_rate[h][None, :] * base)[:, :, None] * np.exp(shock[:, h])[:, None, None] * mix * multiplier[h]
        if noise:
            mu = np.minimum(mu, 1e7)
            joiners = rng.poisson(mu)
        else:
            joiners = mu
        state = aged - leavers + joiners
        out[:, h] = state
    return out


def _local_level_shocks(rng: np.random.Generator, sims: int, years: int, *, sigma: float, df: float,
                        noise_share: float, recent: int) -> np.ndarray:
    """Shocks (sims, years) to a held level on the log (or logit) scale under a local level model.

    Noise each year about a level that moves by a random walk (Harvey 1989); ``sigma`` is the standard deviation of
    the yearly changes, of which ``noise_share`` is noise; the held level is the mean of ``recent`` noisy years, so
    it starts wrong by the noise over ``sqrt(recent)``. The variance is drawn per simulation from its scaled inverse
    chi-square posterior on ``df`` degrees of freedom (t-like tails for an estimate from a few years). Noise and
    level error are centred so that the expected multiplier ``exp(shock)`` is 1 before the walk.
    """
    scale = sigma * (np.sqrt(df / rng.chisquare(df, (sims, 1))) if np.isfinite(df) else np.ones((sims, 1)))
    s_eps = scale * np.sqrt(noise_share / 2)
    s_eta = scale * np.sqrt(1 - noise_share)
    s_level = s_eps / np.sqrt(recent)
    return (np.cumsum(rng.standard_normal((sims, years)) * s_eta, axis=1)
            + rng.standard_normal((sims, years)) * s_eps - s_eps ** 2 / 2
            + rng.standard_normal((sims, 1)) * s_level - s_level ** 2 / 2)


def _summarise(draws: np.ndarray) -> np.ndarray:
    """Quantiles over axis 0: median, 50% and 95% limits -> (..., 5).

    The same figures as ``np.quantile`` (its default "linear" method) at about a third of its time: one sort of
    each cell's simulations, laid out contiguously, then numpy's own interpolation.
    """
    draws = np.asarray(draws)
    cells = draws.reshape(draws.shape[0], -1)
    ordered = np.sort(np.ascontiguousarray(cells.T), axis=1).astype(float)
    n = ordered.shape[1]
    where = (n - 1) * np.asarray(_QUANTILES)
    low = np.floor(where).astype(int)
    high = np.minimum(low + 1, n - 1)
    t = where - low
    a, b = ordered[:, low], ordered[:, high]
    out = np.where(t >= 0.5, b - (b - a) * (1 - t), a + (b - a) * t)     # numpy's _lerp
    return out.reshape(draws.shape[1:] + (len(_QUANTILES),))


# --------------------------------------------------------------------------------------------------------------------
# scenarios

@dataclass(frozen=True)
class Scenario:
    """A named assumption about the joining and leaving rates ahead.

    ``rates(fit, years, context)`` returns the expected joining and leaving rates, each (years, groups).
    """

    name: str
    description: str
    rates: object


def _held(fit: _Fit, years: int, context: dict):
    join, leave = fit.held()
    # Held, but not known to hold: the rates may drift a year by as much as the area's growth is uncertain (its
    # sampling error and, when pooled, the spread of the true growth between LAs), damped as a trend is.
    spread = np.sqrt(fit.growth_se ** 2 + (fit.pool.between_growth if fit.pool is not None else 0.0))
    return (np.tile(join, (years, 1)), np.tile(leave, (years, 1)),
            spread * _damped_steps(years, context.get("damping", DAMPING), 0.0))


def _damped_steps(years: int, damping: float, offset: float) -> np.ndarray:
    """Cumulative damped steps sum_{i=1..h} phi^i (FPP3 8.2), plus the offset of the held level (undamped)."""
    return offset + np.cumsum(damping ** np.arange(1, years + 1))


def _trend(fit: _Fit, years: int, context: dict):
    join, leave = fit.held()
    # The held level is the mean of the last `recent` years, centred (recent - 1) / 2 years before the origin.
    steps = _damped_steps(years, context.get("damping", 1.0), (fit.recent - 1) / 2)
    return (join[None, :] * np.exp(fit.trend() * steps)[:, None], np.tile(leave, (years, 1)),
            fit.growth_se * steps)


def _converge(target_join: np.ndarray, target_leave: np.ndarray | None, fit: _Fit, years: int, over: int):
    join, leave = fit.held()
    weight = np.minimum(np.arange(1, years + 1) / over, 1.0)[:, None]
    join_path = join + (target_join - join) * weight
    leave_path = leave + ((target_leave if target_leave is not None else leave) - leave) * weight
    return join_path, leave_path, np.zeros(years)


def _to_england(fit: _Fit, years: int, context: dict):
    england = context.get("england")
    if england is None:
        raise ArgumentError("scenario 'converge to England' needs England's caseload (E92000001) in caseload and "
                            "population for England; got none")
    join, leave = england.held()
    return _converge(join, leave, fit, years, context["converge_years"])


def _to_neighbours(fit: _Fit, years: int, context: dict):
    peers = context.get("neighbours")
    if not peers:
        raise ArgumentError("scenario 'converge to neighbours' needs neighbours= (statistical neighbours, "
                            "jsnakit.core.schema.NEIGHBOUR_COLUMNS), population and the neighbours' caseload by the same "
                            "age groups and years; got none of the area's neighbours")
    held = [peer.own() for peer in peers]
    return _converge(np.median([h[0] for h in held], axis=0), np.median([h[1] for h in held], axis=0), fit, years,
                     context["converge_years"])


def _to_benchmark(fit: _Fit, years: int, context: dict):
    target = context.get("benchmark")
    if target is None:
        raise ArgumentError("scenario 'converge to benchmark' needs benchmark= (new plans a year per 10,000 "
                            "population, by age group); got None")
    return _converge(target, None, fit, years, context["converge_years"])


#: Named scenarios; pass the name as ``scenario=`` to :func:`project`. Multipliers (``multipliers=``) apply on top of
#: any of them.
SCENARIOS = {s.name: s for s in [
    Scenario("rates held", "joining and leaving rates held at the mean of the last `recent` years", _held),
    Scenario("recent trend", "the yearly log growth of the overall joining rate over the window continued, damped "
             "by `damping` a year (FPP3 8.2), with its standard error as extra uncertainty; leaving rates held",
             _trend),
    Scenario("converge to England", "joining and leaving rates moving in a straight line to England's (held) rates, "
             "reached after `converge_years`", _to_england),
    Scenario("converge to neighbours", "joining and leaving rates moving in a straight line to the median of the "
             "statistical neighbours' own held rates (joiners per head of population), reached after "
             "`converge_years`", _to_neighbours),
    Scenario("converge to benchmark", "joining rates moving in a straight line to the given benchmark rates "
             "(per 10,000 population), reached after `converge_years`; leaving rates held", _to_benchmark),
]}


def _scenario(name) -> Scenario:
    if name not in SCENARIOS:
        known = ", ".join(repr(k) for k in sorted(SCENARIOS))
        raise ArgumentError(f"scenario must be one of {known}; got {name!r}")
    return SCENARIOS[name]


# --------------------------------------------------------------------------------------------------------------------
# frames -> arrays

def _whole(name: str, value, low: int, high: int | None = None) -> int:
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= low
    ok = ok and (high is None or value <= high)
    if not ok:
        rule = f"a whole number from {low} to {high}" if high is not None else f"a whole number of at least {low}"
        raise ArgumentError(f"{name} must be {rule}; got {value!r}")
    return int(value)


def _stock_table(caseload: pd.DataFrame, area_code: str, ages: str) -> tuple[pd.DataFrame, pd.Series]:
    """Stocks of one area as a table period x age group, and its totals by period.

    ``ages="single"`` uses the ``age`` rows (see :data:`SEN2_AGES`); ``"bands"`` the ``age_band`` rows, with single ages summed into the SEN2
    bands, and periods with a total but no ages filled from the total in the band shares of the nearest year(s)
    with ages (the mean of the two neighbours' shares when both exist). A band absent in a period with other bands
    counts 0 (the 2022 release gives no 20-25 band before 2014/15, when plans did not reach that age).
    """
    rows = caseload[(caseload["area_code"] == area_code) & (caseload["measure"] == "ehc_plans")
                    if "measure" in caseload.columns else caseload["area_code"] == area_code]
    totals = rows[rows["breakdown"] == "All"].groupby("period")["count"].sum(min_count=1).dropna().sort_index()
    if ages == "single":
        single = rows[rows["breakdown"] == "age"]
        table = single.pivot_table(index="period", columns="category", values="count", aggfunc="sum", dropna=False)
        columns = sorted(set(table.columns) | set(SEN2_AGES), key=lambda c: _age_range(c)[0])
        table = table.reindex(columns=columns)
        incomplete = single.loc[single["count"].isna(), "period"].unique()
        table = table.drop(index=[p for p in incomplete if p in table.index]).fillna(0.0)
        return table.sort_index(), totals
    single = rows[rows["breakdown"] == "age"].assign(category=lambda f: f["category"].map(_band_of))
    banded = rows[rows["breakdown"] == "age_band"]
    parts = pd.concat([banded, single[~single["period"].isin(banded["period"])]])
    table = parts.pivot_table(index="period", columns="category", values="count", aggfunc="sum", dropna=False)
    present = table.notna().any(axis=1)
    table = table.reindex(columns=BANDS)
    table = table.where(~present.to_numpy()[:, None] | table.notna(), np.nan)
    table.loc[present] = table.loc[present].fillna(0.0)
    incomplete = rows[(rows["breakdown"].isin(["age", "age_band"])) & rows["count"].isna()]["period"].unique()
    table = table.drop(index=[p for p in incomplete if p in table.index])
    shares = table.div(table.sum(axis=1), axis=0)
    periods = sorted(set(table.index) | set(totals.index))
    if len(shares) == 0:
        return table.reindex(periods), totals
    filled = {}
    known = list(shares.index)
    for period in periods:
        if period in table.index:
            filled[period] = table.loc[period]
        elif period in totals.index:
            before = [p for p in known if p < period]
            after = [p for p in known if p > period]
            near = [x for x in (before[-1:] + after[:1])]
            filled[period] = shares.loc[near].mean() * totals[period]
    return pd.DataFrame(filled).T.sort_index(), totals


def _consecutive_tail(table: pd.DataFrame) -> pd.DataFrame:
    """The last run of consecutive academic years with every group known."""
    table = table[table.notna().all(axis=1)]
    if table.empty:
        return table
    years = [_start_year(p) for p in table.index]
    keep = len(years) - 1
    while keep > 0 and years[keep - 1] == years[keep] - 1:
        keep -= 1
    return table.iloc[keep:]


def _population_table(population: pd.DataFrame, area_code: str, groups: list[str], periods: list[str]) -> np.ndarray:
    """Population (persons) of each group for each academic year (mid-year of its first calendar year).

    Mid-years after the latest estimate: the latest estimate aged on one year a year (births held at the latest
    age 0; no deaths or migration). Mid-years before the earliest estimate: the earliest estimate.
    """
    rows = population[(population["area_code"] == area_code)]
    if "sex" in rows.columns:
        rows = rows[rows["sex"] == "persons"]
    if rows.empty:
        raise ArgumentError(f"population must hold persons by single year of age for {area_code}; got none")
    table = rows.pivot_table(index="period", columns="age", values="population", aggfunc="sum")
    table.index = table.index.astype(int)
    ages = np.arange(0, 91)
    table = table.reindex(columns=ages).fillna(0.0)
    first, last = table.index.min(), table.index.max()
    out = []
    for period in periods:
        year = _start_year(period)
        if year in table.index:
            by_age = table.loc[year].to_numpy()
        elif year < first:
            by_age = table.loc[first].to_numpy()
        else:
            by_age = table.loc[last].to_numpy().copy()
            for _ in range(year - last):
                by_age = np.concatenate([[by_age[0]], by_age[:-1]])
        out.append([by_age[_age_range(g)[0]:_age_range(g)[1] + 1].sum() for g in groups])
    return np.asarray(out, dtype=float)


def _need_mix(needs: pd.DataFrame | None, area_code: str) -> tuple[list[str], np.ndarray]:
    if needs is None:
        return ["All"], np.ones(1)
    rows = needs[(needs["area_code"] == area_code) & (needs["breakdown"] == "primary_need")]
    if "measure" in rows.columns:
        rows = rows[rows["measure"] == "ehc_plans"]
    rows = rows[rows["period"] == rows["period"].max()].dropna(subset=["count"])
    rows = rows[rows["count"] > 0]
    if rows.empty or rows["count"].sum() <= 0:
        raise ArgumentError(f"needs must hold primary_need counts of EHC plans for {area_code}; got none")
    counts = rows.groupby("category")["count"].sum()
    return list(counts.index), (counts / counts.sum()).to_numpy()


@dataclass(frozen=True)
class Multiplier:
    """Joining rates multiplied by ``factor`` from academic year ``start`` (e.g. ``"2027/28"``) on, for one
    primary ``need`` and/or one age group ``age`` (None = all)."""

    factor: float
    start: str
    need: str | None = None
    age: str | None = None


def _multipliers(items, periods: list[str], groups: list[str], needs: list[str]) -> np.ndarray:
    out = np.ones((len(periods), len(groups), len(needs)))
    for item in items or []:
        m = item if isinstance(item, Multiplier) else Multiplier(**item) if isinstance(item, dict) else None
        if m is None:
            raise ArgumentError(f"multipliers must be a list of Multiplier or dicts with factor and start; got {item!r}")
        if not (isinstance(m.factor, numbers.Real) and m.factor >= 0):
            raise ArgumentError(f"multiplier factor must be a number of at least 0; got {m.factor!r}")
        if not re.fullmatch(r"\d{4}/\d{2}", str(m.start)):
            raise ArgumentError(f"multiplier start must be an academic year like '2027/28'; got {m.start!r}")
        if m.need is not None and m.need not in needs:
            raise ArgumentError(f"multiplier need must be one of {needs}; got {m.need!r}")
        if m.age is not None and m.age not in groups:
            raise ArgumentError(f"multiplier age must be one of the age groups {groups[0]!r} to {groups[-1]!r}; "
                                f"got {m.age!r}")
        rows = np.array([_start_year(p) >= _start_year(m.start) for p in periods])
        cols = np.array([m.age is None or g == m.age for g in groups])
        kinds = np.array([m.need is None or n == m.need for n in needs])
        out[np.ix_(rows, cols, kinds)] *= m.factor
    return out


# --------------------------------------------------------------------------------------------------------------------
# the frame function

def project(caseload: pd.DataFrame, population: pd.DataFrame | None = None, *, area_code: str, years: int = 10,
            scenario: str = "rates held", simulations: int = 1000, seed: int = 0, needs: pd.DataFrame | None = None,
            ages: str = "auto", window: int = 5, recent: int = 2, multipliers=None, benchmark: dict | None = None,
            converge_years: int = 10, damping: float = DAMPING, uncertainty: bool = True,
            pool: bool = True, neighbours: pd.DataFrame | None = None) -> pd.DataFrame:
    """Project the number of children and young people with EHC plans, by age group (and primary need).

    Parameters
    ----------
    caseload : pandas.DataFrame
        Count frame of EHC plans maintained in January (:func:`jsnakit.sources.dfe.read_ehc_caseload`, combined
        over releases with :func:`~jsnakit.sources.dfe.combine_releases` and put on today's areas with
        :func:`jsnakit.core.geography.to_current_areas`): ``All`` totals and ``age`` (single years, ``under 3`` ...
        ``25``) and/or ``age_band`` (``0-4`` ... ``20-25``) rows, persons.
    population : pandas.DataFrame, optional
        ONS mid-year estimates or projections (:data:`jsnakit.core.schema.POPULATION_COLUMNS`), persons by single year
        of age. Academic year ``2024/25`` uses mid-``2024``. Later years than the latest estimate: the latest
        estimate aged on (births held, no deaths or migration); earlier years: the earliest. Without a population
        new plans join at a rate per plan of the previous January's whole caseload (aged on), which is what
        :func:`backtest` uses.
    area_code : str
        GSS code of the area (keyword only).
    years : int, default 10
        Academic years ahead (1 to 50).
    scenario : str, default ``"rates held"``
        A name in :data:`SCENARIOS`.
    simulations : int, default 1000
        Number of simulations (at least 1).
    seed : int, default 0
        Seed of the random generator (numpy PCG64): the same seed gives the same figures.
    needs : pandas.DataFrame, optional
        Primary need of all plans (:func:`jsnakit.sources.dfe.read_ehc_needs`); the mix of its latest period splits
        the caseload and the joiners of every age by need. Without it, ``need`` is ``All``.
    ages : {"auto", "single", "bands"}, default ``"auto"``
        Age groups to model: single years of age (:data:`SEN2_AGES`), the SEN2 bands (single ages summed into
        bands; a year with a total but no ages filled in the neighbouring years' band shares), or single years when
        their consecutive run covers as many of the last ``window + 1`` Januaries as published ages or bands do,
        else bands.
    window : int, default 5
        Years of change (transitions between consecutive Januaries) used to estimate rates, trend and dispersion.
    recent : int, default 2
        Latest years averaged for the held rates.
    multipliers : list of Multiplier or dict, optional
        Joining rates times ``factor`` from academic year ``start`` on, for a ``need`` and/or ``age`` group,
        applied on top of the scenario, e.g. ``[{"factor": 1.2, "start": "2027/28", "need": "Autistic spectrum
        disorder"}]``.
    benchmark : dict, optional
        For ``"converge to benchmark"``: new plans a year per 10,000 population of each age group,
        ``{"0-4": 20.0, ...}``; needs ``population``.
    converge_years : int, default 10
        Years over which a converging scenario reaches its target.
    damping : float, default 0.8
        For ``"recent trend"``: the growth of year h ahead is ``damping**h`` times the recent growth (1 = undamped).
    uncertainty : bool, default True
        False replaces every random draw by its expectation: the deterministic path (all five figures equal).
    neighbours : pandas.DataFrame, optional
        For ``"converge to neighbours"``: the DfE statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`);
        needs ``population`` and the neighbours' caseload (same age groups and years) in ``caseload``.
    pool : bool, default True
        Shrink the area's rates towards those of the other local authorities in ``caseload`` (empirical Bayes, see
        the module notes) when at least :data:`MIN_POOL` of them have counts of the same age groups and years.

    Returns
    -------
    pandas.DataFrame
        :data:`PROJECTION_COLUMNS`: ``area_code``, ``period`` (``"2025/26"`` ...), ``age_band`` (the modelled group,
        ``"0-4"`` or ``"7"``; ``"All"`` for the total), ``need`` (primary need or ``"All"``), ``scenario``,
        ``median``, ``lower_50``, ``upper_50``, ``lower_95``, ``upper_95`` (persons with an EHC plan in January;
        quantiles over simulations, totals summed inside each simulation first).

    Raises
    ------
    ArgumentError
        An unknown scenario (the message lists the known ones), a bad number of years or simulations, an area
        without at least two consecutive years of age counts, a converging scenario without its target.

    References
    ----------
    The cohort-component method (Rees et al. 2012, doi:10.1007/s12546-011-9076-z); Mastodon C witan.send
    (https://github.com/MastodonC/witan.send); DfE *Education, health and care plans*,
    https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans

    Examples
    --------
    >>> from jsnakit.catalog import Catalog
    >>> data = Catalog("data_samples")
    >>> fan = project(data.load("ehc_caseload"), data.load("population"), area_code="E06000001")  # doctest: +SKIP
    >>> fan[fan["age_band"] == "All"][["period", "median", "lower_95", "upper_95"]]  # doctest: +SKIP
    """
    spec = _scenario(scenario)
    years = _whole("years", years, 1, 50)
    simulations = _whole("simulations", simulations, 1)
    window = _whole("window", window, 1)
    recent = _whole("recent", recent, 1)
    converge_years = _whole("converge_years", converge_years, 1)
    damping = _damping(damping)
    if ages not in ("auto", "single", "bands"):
        raise ArgumentError(f"ages must be one of 'auto', 'bands', 'single'; got {ages!r}")
    if not (caseload["area_code"] == area_code).any():
        raise ArgumentError(f"area_code must be an area in caseload; got {area_code!r}")
    if benchmark is not None and population is None:
        raise ArgumentError("benchmark rates are per 10,000 population: population is needed; got None")

    def recent_table(mode):
        return _consecutive_tail(_stock_table(caseload, area_code, mode)[0]).iloc[-(window + 1):]

    if ages == "auto":
        # Single years when they cover as many of the recent Januaries as bands do (bands reach further back:
        # older releases publish bands, and a year with a total only takes its neighbours' band shares).
        single, bands = recent_table("single"), recent_table("bands")
        table = single if len(single) >= len(bands) else bands
    else:
        table = recent_table(ages)
    if len(table) < 2:
        raise ArgumentError(f"caseload must hold at least two consecutive years of age counts for {area_code}; "
                            f"got {len(table)}")
    groups = [str(c) for c in table.columns]
    widths = _widths(groups)
    periods = list(table.index)
    ahead = [_shift(periods[-1], h) for h in range(1, years + 1)]
    default_sigma = 0.05
    if population is not None:
        pop_hist = _population_table(population, area_code, groups, periods)
        pop_ahead = _population_table(population, area_code, groups, ahead)
    else:
        pop_hist, pop_ahead = None, None
    fit = _fit(table.to_numpy(float), widths, pop_hist, recent=recent, default_sigma=default_sigma)
    if pool:
        fit.pool = _shared_pool(caseload, population, groups, periods, widths, recent=recent,
                                default_sigma=default_sigma)
    context = {"converge_years": converge_years, "damping": damping}
    if benchmark is not None:
        unknown = [g for g in benchmark if g not in groups]
        missing = [g for g in groups if g not in benchmark]
        if unknown or missing:
            raise ArgumentError(f"benchmark must give a rate for each age group {groups}; got {sorted(benchmark)}")
        context["benchmark"] = np.array([float(benchmark[g]) for g in groups]) / 10_000
    if spec.name == "converge to neighbours" and neighbours is not None and population is not None:
        close = neighbours.loc[neighbours["area_code"] == area_code, "neighbour_code"].tolist()
        context["neighbours"] = _peer_fits(caseload[caseload["area_code"].isin(close)], population, groups, periods,
                                           widths, recent=recent, default_sigma=default_sigma)
    if spec.name == "converge to England" and population is not None and (caseload["area_code"] == ENGLAND).any():
        england = _consecutive_tail(_stock_table(caseload, ENGLAND, "single" if groups[0] == "under 3" or
                                                 groups[0].isdigit() else "bands")[0])
        england = england.loc[[p for p in periods if p in england.index]]
        if len(england) >= 2 and list(england.columns) == table.columns.tolist():
            try:
                pop_e = _population_table(population, ENGLAND, groups, list(england.index))
            except ArgumentError:
                pop_e = None
            if pop_e is not None:
                context["england"] = _fit(england.to_numpy(float), widths, pop_e, recent=recent,
                                          default_sigma=default_sigma)
    join, leave, drift_sd = spec.rates(fit, years, context)
    kinds, mix = _need_mix(needs, area_code)
    mult = _multipliers(multipliers, ahead, groups, kinds)
    start = table.to_numpy(float)[-1][:, None] * mix[None, :]
    rng = np.random.default_rng(seed)
    draws = _simulate(start, widths, join, leave, pop_ahead, mix, mult, fit, simulations=simulations, rng=rng,
                      noise=uncertainty, drift_sd=drift_sd)
    return _frame(draws, area_code, ahead, groups, kinds, spec.name)


#: Pools of recent calls, by the identity of their caseload and population frames (see :func:`_shared_pool`).
_POOLS: dict = {}
_POOLS_KEPT = 8


def _shared_pool(caseload: pd.DataFrame, population: pd.DataFrame | None, groups: list[str], periods: list[str],
                 widths: np.ndarray, *, recent: int, default_sigma: float) -> _Pool | None:
    """The rates of every LA pooled (the slow part of :func:`project`, about 2 s): made once for the same caseload
    and population *objects*, age groups, years and window, and reused while both frames live, so that moving a
    scenario slider or projecting area after area from one caseload does not pool again. Frames changed in place
    between calls are not noticed: pass a new frame (every reader returns one)."""
    key = (id(caseload), id(population), tuple(groups), tuple(periods), tuple(np.asarray(widths).tolist()), recent,
           default_sigma)
    found = _POOLS.get(key)
    if found is not None and found[0]() is caseload and (found[1] is None if population is None
                                                         else found[1] is not None and found[1]() is population):
        return found[2]
    made = _pool(_peer_fits(caseload, population, groups, periods, widths, recent=recent,
                            default_sigma=default_sigma))
    while len(_POOLS) >= _POOLS_KEPT:
        _POOLS.pop(next(iter(_POOLS)))
    _POOLS[key] = (weakref.ref(caseload), None if population is None else weakref.ref(population), made)
    return made


def _peer_fits(caseload: pd.DataFrame, population: pd.DataFrame | None, groups: list[str], periods: list[str],
               widths: np.ndarray, *, recent: int, default_sigma: float) -> list[_Fit]:
    """Fits of every local authority in ``caseload`` with counts of the same age groups in the same years."""
    from ..core.geography import LA_TYPES

    if "area_type" not in caseload.columns:
        return []
    ages = "single" if groups[0] == "under 3" or groups[0].isdigit() else "bands"
    frame = caseload[caseload["area_type"].isin(LA_TYPES)]
    people = dict(iter(population.groupby("area_code", sort=False))) if population is not None else {}
    fits = []
    for code, rows in frame.groupby("area_code", sort=False):
        table = _stock_table(rows, code, ages)[0]
        if list(table.columns) != groups or not set(periods) <= set(table.index):
            continue
        table = table.loc[periods]
        if table.isna().any().any():
            continue
        pop = None
        if population is not None:
            if code not in people:
                continue
            pop = _population_table(people[code], code, groups, periods)
        fits.append(_fit(table.to_numpy(float), widths, pop, recent=recent, default_sigma=default_sigma))
    return fits


def _frame(draws: np.ndarray, area_code: str, periods: list[str], groups: list[str], needs: list[str],
           scenario: str) -> pd.DataFrame:
    """Tidy frame of the quantiles of (sims, years, groups, needs) draws, totals summed inside each simulation."""
    blocks = []
    labels = []
    if needs != ["All"]:
        blocks.append(draws)                                         # group x need
        labels.append((groups, needs))
        blocks.append(draws.sum(axis=2, keepdims=True))              # all ages x need
        labels.append((["All"], needs))
    blocks.append(draws.sum(axis=3, keepdims=True))                  # group x all needs
    labels.append((groups, ["All"]))
    blocks.append(draws.sum(axis=(2, 3), keepdims=True))             # total
    labels.append((["All"], ["All"]))
    parts = []
    for block, (g, n) in zip(blocks, labels):
        q = _summarise(block)                                       # (years, G, N, 5)
        index = pd.MultiIndex.from_product([periods, g, n], names=["period", "age_band", "need"])
        parts.append(pd.DataFrame(q.reshape(-1, 5), index=index,
                                  columns=["median", "lower_50", "upper_50", "lower_95", "upper_95"]).reset_index())
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "area_code", area_code)
    out.insert(4, "scenario", scenario)
    order = {p: i for i, p in enumerate(periods)}
    out = out.sort_values("period", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return out[PROJECTION_COLUMNS]


# --------------------------------------------------------------------------------------------------------------------
# pupils on SEN support (school census): prevalence x pupils

#: Scenarios of :func:`project_sen_support`.
PREVALENCE_SCENARIOS = ("rates held", "recent trend")


def project_sen_support(provision: pd.DataFrame, population: pd.DataFrame | None = None, *, area_code: str,
                        category: str = "SEN support", years: int = 10, scenario: str = "rates held",
                        simulations: int = 1000, seed: int = 0, window: int = 5, recent: int = 2,
                        damping: float = DAMPING) -> pd.DataFrame:
    """Project the number of pupils on SEN support (or with an EHC plan) in the January school census.

    The school census counts pupils by SEN provision but not by age, so this is a prevalence model: the projected
    pupils times the projected share of them on SEN support. The share is modelled on the logit scale: held at the
    mean of the last ``recent`` Januaries (``"rates held"``), or moving with the least-squares slope over the
    window, damped by ``damping`` a year (``"recent trend"``, FPP3 section 8.2). Its uncertainty is that of a local
    level model (as :func:`project`'s joining rate: yearly noise about a level that drifts, the variance of the
    yearly change estimated from the window and drawn from its posterior), plus, under ``"rates held"``, a damped
    drift with the standard error of the slope. Pupils are held at the latest January or, with ``population``,
    moved with the ONS population aged 4-15 (the latest estimate aged on). Counts are binomial given pupils and
    share; each simulation is one path.

    Parameters
    ----------
    provision : pandas.DataFrame
        School census by SEN provision (:func:`jsnakit.sources.dfe.read_sen_provision`): ``All pupils`` and
        ``category`` rows, pupils, for January of each academic year.
    population : pandas.DataFrame, optional
        ONS mid-year estimates (:data:`jsnakit.core.schema.POPULATION_COLUMNS`), persons by single year of age.
    area_code : str
        GSS code (keyword only).
    category : {"SEN support", "EHC plan"}, default ``"SEN support"``
        Which pupils.
    years, simulations, seed, window, recent, damping
        As :func:`project` (``window`` Januaries of change, at least 2).
    scenario : {"rates held", "recent trend"}
        See above.

    Returns
    -------
    pandas.DataFrame
        :data:`PROJECTION_COLUMNS`, one row per academic year ahead, ``age_band`` and ``need`` ``All``, persons
        (pupils): median and 50% and 95% limits over the simulations.

    Raises
    ------
    ArgumentError
        An unknown scenario or category, bad numbers, or fewer than three consecutive Januaries with both counts.

    References
    ----------
    Harvey AC (1989), ch. 2 (the local level model); Hyndman RJ, Athanasopoulos G (2021), *Forecasting: principles
    and practice*, 3rd ed., section 8.2 (damped trend); DfE, *Special educational needs in England*,
    https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england

    Examples
    --------
    >>> from jsnakit.catalog import Catalog
    >>> data = Catalog("data_samples")
    >>> project_sen_support(data.load("sen_provision"), area_code="E06000001")  # doctest: +SKIP
    """
    if scenario not in PREVALENCE_SCENARIOS:
        raise ArgumentError(f"scenario must be one of {', '.join(map(repr, PREVALENCE_SCENARIOS))}; got {scenario!r}")
    if category not in ("SEN support", "EHC plan"):
        raise ArgumentError(f"category must be 'SEN support' or 'EHC plan'; got {category!r}")
    years = _whole("years", years, 1, 50)
    simulations = _whole("simulations", simulations, 1)
    window = _whole("window", window, 2)
    recent = _whole("recent", recent, 1)
    damping = _damping(damping)
    rows = provision[provision["area_code"] == area_code]
    table = rows.pivot_table(index="period", columns="category", values="count", aggfunc="sum")
    table = table.reindex(columns=["All pupils", category])
    table = _consecutive_tail(table[(table > 0).all(axis=1)]).iloc[-(window + 1):]
    if len(table) < 3:
        raise ArgumentError(f"provision must hold at least three consecutive Januaries of '{category}' and 'All "
                            f"pupils' for {area_code}; got {len(table)}")
    pupils, counts = table["All pupils"].to_numpy(float), table[category].to_numpy(float)
    share = counts / pupils
    logit = np.log(share / (1 - share))
    changes = np.diff(logit)
    sigma = float(np.std(changes, ddof=1))
    slope, slope_se = _slope(np.arange(len(logit)), logit)
    level = logit[-min(recent, len(logit)):].mean()
    periods = list(table.index)
    ahead = [_shift(periods[-1], h) for h in range(1, years + 1)]
    if scenario == "recent trend":
        path = level + slope * _damped_steps(years, damping, (min(recent, len(logit)) - 1) / 2)
        drift = np.zeros(years)
    else:
        path = np.full(years, level)
        drift = slope_se * _damped_steps(years, damping, 0.0)
    if population is not None:
        school = _population_table(population, area_code, ["4-15"], periods[-1:] + ahead)[:, 0]
        future = pupils[-1] * school[1:] / school[0]
    else:
        future = np.full(years, pupils[-1])
    rng = np.random.default_rng(seed)
    shock = _local_level_shocks(rng, simulations, years, sigma=sigma, df=float(len(changes) - 1),
                                noise_share=NOISE_SHARE, recent=min(recent, len(logit)))
    shock += rng.standard_normal((simulations, 1)) * drift[None, :]
    p = 1 / (1 + np.exp(-(path[None, :] + shock)))
    draws = rng.binomial(np.rint(future).astype(np.int64)[None, :], p).astype(float)
    q = _summarise(draws)                                            # (years, 5)
    out = pd.DataFrame(q, columns=["median", "lower_50", "upper_50", "lower_95", "upper_95"])
    out.insert(0, "area_code", area_code)
    out.insert(1, "period", ahead)
    out.insert(2, "age_band", "All")
    out.insert(3, "need", "All")
    out.insert(4, "scenario", scenario)
    return out[PROJECTION_COLUMNS]


# --------------------------------------------------------------------------------------------------------------------
# baselines

def _baseline_kernel(values: np.ndarray, horizon: int) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Point forecasts and 95% limits of the four baselines for steps 1..horizon, from a 1-D series (oldest first)."""
    y = np.asarray(values, dtype=float)
    steps = np.arange(1, horizon + 1)
    growth = y[1:] / y[:-1] - 1
    logs = np.log(y[1:] / y[:-1])
    T = len(logs)
    sigma = float(np.std(logs, ddof=1)) if T >= 2 else np.nan
    # Interval of a growth method: the drift method's, sigma * sqrt(h (1 + h / T)) on the log scale (FPP3 5.5).
    spread = _Z95 * sigma * np.sqrt(steps * (1 + steps / T)) if T >= 2 else np.full(horizon, np.nan)
    weights = np.arange(1, min(T, 3) + 1, dtype=float)
    rates = {
        "mean growth": growth.mean(),
        "last year's growth": growth[-1],
        "1-2-3 weighted growth": (growth[-len(weights):] * weights).sum() / weights.sum(),
    }
    out = {}
    for name, g in rates.items():
        point = y[-1] * (1 + g) ** steps
        out[name] = (point, point * np.exp(-spread), point * np.exp(spread))
    # Linear trend: least squares on time, with the ordinary prediction interval (normal quantile).
    n = len(y)
    x = np.arange(n, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    xf = n - 1 + steps
    point = intercept + slope * xf
    if n >= 3:
        resid = y - (intercept + slope * x)
        s = np.sqrt((resid ** 2).sum() / (n - 2))
        se = s * np.sqrt(1 + 1 / n + (xf - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum())
        out["linear trend"] = (point, point - _Z95 * se, point + _Z95 * se)
    else:
        out["linear trend"] = (point, np.full(horizon, np.nan), np.full(horizon, np.nan))
    return out


def baselines(series: pd.Series, *, horizon: int) -> pd.DataFrame:
    """The simple projections analysts use: mean growth, last year's growth, 1-2-3 weighted growth, linear trend.

    Parameters
    ----------
    series : pandas.Series
        Yearly counts (persons, e.g. EHC plans in January) indexed by academic year (``"2019/20"``), oldest first;
        every value positive. All of it is used: pass the years you want the methods to see.
    horizon : int
        Years ahead (at least 1), keyword only.

    Returns
    -------
    pandas.DataFrame
        :data:`BASELINE_COLUMNS`: ``method`` (one of :data:`BASELINES`), ``step`` (1..horizon), ``period``,
        ``forecast``, ``lower_95``, ``upper_95`` (persons). The growth methods compound a growth rate
        ``g`` from the last value: the mean of the yearly growth rates; the last one; their weighted mean over the
        last three years with weights 1, 2, 3 (3 on the latest; fewer years, weights 1..n). Their 95% interval is
        the drift method's (FPP3 section 5.5): ``exp(+-1.96 sigma sqrt(h (1 + h/T)))`` about the forecast, sigma the
        standard deviation of the T yearly log growth rates (NaN with fewer than two). The linear trend is least
        squares on time with its prediction interval (NaN with fewer than three years).

    Raises
    ------
    ArgumentError
        Fewer than two values, a value not above 0, or a bad horizon.

    References
    ----------
    Hyndman RJ, Athanasopoulos G (2021). *Forecasting: principles and practice*, 3rd ed., section 5.5.
    https://otexts.com/fpp3/prediction-intervals.html

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([100.0, 110.0, 121.0, 133.1], index=["2021/22", "2022/23", "2023/24", "2024/25"])
    >>> b = baselines(s, horizon=2)
    >>> b[b["method"] == "mean growth"][["period", "forecast"]].round(2).to_records(index=False).tolist()
    [('2025/26', 146.41), ('2026/27', 161.05)]
    """
    horizon = _whole("horizon", horizon, 1)
    values = pd.to_numeric(pd.Series(series), errors="coerce").to_numpy(float)
    if len(values) < 2:
        raise ArgumentError(f"series must hold at least two years; got {len(values)}")
    if not np.all(values > 0):
        raise ArgumentError(f"series must hold counts above 0; got {values.tolist()!r}")
    last = str(pd.Series(series).index[-1])
    periods = [_shift(last, h) if re.fullmatch(r"\d{4}/\d{2}", last) else str(h) for h in range(1, horizon + 1)]
    rows = []
    for name, (point, low, high) in _baseline_kernel(values, horizon).items():
        rows.append(pd.DataFrame({"method": name, "step": np.arange(1, horizon + 1), "period": periods,
                                  "forecast": point, "lower_95": low, "upper_95": high}))
    return pd.concat(rows, ignore_index=True)[BASELINE_COLUMNS]


# --------------------------------------------------------------------------------------------------------------------
# back-test

def backtest_forecasts(series_by_area: pd.DataFrame, *, origins, horizons=(1, 2, 3), window: int = 5,
                       recent: int = 2, scenario: str = "rates held", simulations: int = 1000, seed: int = 0,
                       areas=None, damping: float = DAMPING, pool: bool = True) -> pd.DataFrame:
    """Every forecast of a rolling-origin back-test: one row per method x area x origin x horizon.

    Parameters are those of :func:`backtest`. Returns the columns ``method, area_code, origin, horizon, period,
    observed, forecast, lower_95, upper_95, ape`` (absolute percentage error, %) and ``inside`` (observed within
    the 95% interval; NaN when the method gave none).
    """
    spec = _scenario(scenario)
    horizons = tuple(_whole("horizons", h, 1) for h in horizons)
    simulations = _whole("simulations", simulations, 1)
    window = _whole("window", window, 2)
    recent = _whole("recent", recent, 1)
    origins = [str(o) for o in origins]
    if not origins:
        raise ArgumentError("origins must name at least one academic year; got none")
    frame = series_by_area
    if "measure" in frame.columns:
        frame = frame[frame["measure"] == "ehc_plans"]
    from ..core.geography import LA_TYPES
    las = sorted(frame.loc[frame["area_type"].isin(LA_TYPES), "area_code"].unique())
    areas = las if areas is None else list(areas)
    horizon = max(horizons)
    rng = np.random.default_rng(seed)
    widths = _widths(BANDS)
    wanted = set(areas) | (set(las) if pool else set())
    tables = {code: _stock_table(rows, code, "bands") for code, rows in frame.groupby("area_code", sort=False)
              if code in wanted}
    missing = [code for code in areas if code not in tables]
    if missing:
        raise ArgumentError(f"areas must be areas of series_by_area; got {missing!r}, which have no rows")
    rows = []
    for origin in origins:
        histories, fits = {}, {}
        for code in tables:
            table = tables[code][0]
            history = _consecutive_tail(table.loc[[p for p in table.index if p <= origin]]).iloc[-(window + 1):]
            if len(history) >= 2 and history.index[-1] == origin:
                histories[code] = history
                fits[code] = _fit(history.to_numpy(float), widths, None, recent=recent, default_sigma=0.05)
        if pool:
            # Pool the areas with the commonest length of history at this origin (the same years of change).
            lengths = pd.Series({code: len(h) for code, h in histories.items()}, dtype=int)
            if len(lengths):
                same = [c for c in lengths.index[lengths == lengths.mode().max()] if c in las]
                pooled = _pool([fits[code] for code in same])
                for code in same:
                    fits[code].pool = pooled
        for code in areas:
            totals = tables[code][1]
            past = totals.loc[[p for p in totals.index if p <= origin]].iloc[-(window + 1):]
            targets = {h: _shift(origin, h) for h in horizons}
            observed = {h: totals.get(p, np.nan) for h, p in targets.items()}
            if not any(np.isfinite(v) for v in observed.values()):
                continue
            forecasts = {}
            if code in fits:
                fit, history = fits[code], histories[code]
                join, leave, drift_sd = spec.rates(fit, horizon, {"converge_years": 10, "damping": damping})
                draws = _simulate(history.to_numpy(float)[-1][:, None], widths, join, leave,
                                  None, np.ones(1), np.ones((horizon, len(BANDS), 1)), fit,
                                  simulations=simulations, rng=rng, noise=True, drift_sd=drift_sd).sum(axis=(2, 3))
                q = np.quantile(draws, [0.5, 0.025, 0.975], axis=0)
                forecasts["model"] = (q[0], q[1], q[2])
            if len(past) >= 2 and past.index[-1] == origin and (past > 0).all():
                forecasts.update(_baseline_kernel(past.to_numpy(float), horizon))
            for method, (point, low, high) in forecasts.items():
                for h in horizons:
                    obs = observed[h]
                    if not np.isfinite(obs):
                        continue
                    f, lo, hi = point[h - 1], low[h - 1], high[h - 1]
                    inside = float(lo <= obs <= hi) if np.isfinite(lo) and np.isfinite(hi) else np.nan
                    rows.append((method, code, origin, h, targets[h], obs, f, lo, hi, 100 * abs(f - obs) / obs,
                                 inside))
    return pd.DataFrame(rows, columns=["method", "area_code", "origin", "horizon", "period", "observed", "forecast",
                                       "lower_95", "upper_95", "ape", "inside"])


def backtest(series_by_area: pd.DataFrame, *, origins, horizons=(1, 2, 3), window: int = 5, recent: int = 2,
             scenario: str = "rates held", simulations: int = 1000, seed: int = 0, areas=None,
             damping: float = DAMPING, pool: bool = True) -> pd.DataFrame:
    """Rolling-origin back-test of the cohort model and the baselines on published caseload series.

    At each origin (an academic year), every method sees only the ``window + 1`` Januaries up to and including the
    origin, projects the area's total caseload ``horizons`` years ahead, and is scored against the published total.
    The model runs on the SEN2 age bands (single ages summed into bands) with joiners at a rate per plan of the
    aged-on caseload (no population series is used: ``population=None`` in :func:`project` terms) under
    ``scenario``; the baselines run
    on the totals (:func:`baselines`). Origins lacking the history a method needs are skipped for that method.

    Parameters
    ----------
    series_by_area : pandas.DataFrame
        Count frame of EHC plans in January for many areas, e.g. ``to_current_areas(combine_releases(old, new))``
        of :mod:`jsnakit.sources.dfe` readers: ``All`` and ``age_band``/``age`` rows.
    origins : sequence of str
        Academic years to project from, e.g. ``["2016/17", "2017/18"]``.
    horizons : sequence of int, default (1, 2, 3)
        Years ahead to score.
    window : int, default 5
        Years of change each method sees (so ``window + 1`` Januaries).
    recent : int, default 2
        Years averaged for the model's held rates.
    scenario : str, default ``"rates held"``
        The model's scenario (``"rates held"`` or ``"recent trend"``; the converging ones need targets).
    simulations : int, default 1000
        Simulations per area and origin.
    seed : int, default 0
        Random seed.
    areas : sequence of str, optional
        GSS codes to test; default every local authority in the frame.

    Returns
    -------
    pandas.DataFrame
        :data:`BACKTEST_COLUMNS`: ``method`` (``model`` and each of :data:`BASELINES`), ``horizon`` (years),
        ``n`` (area x origin forecasts scored), ``mdape`` (median over them of the absolute percentage error,
        100 |forecast - observed| / observed, %), ``coverage_95`` (share of observed values inside the 95%
        interval, 0-1).

    Raises
    ------
    ArgumentError
        An unknown scenario, no origins, a bad horizon, window or number of simulations.

    References
    ----------
    Hyndman RJ, Athanasopoulos G (2021). *Forecasting: principles and practice*, 3rd ed., section 5.10
    (time-series cross-validation). https://otexts.com/fpp3/tscv.html

    Examples
    --------
    >>> from jsnakit.core import geography
    >>> from jsnakit.sources import dfe
    >>> old = dfe.read_ehc_caseload("sen2_age_caseload.csv")  # doctest: +SKIP
    >>> new = dfe.read_ehc_caseload("caseload.csv")  # doctest: +SKIP
    >>> series = geography.to_current_areas(dfe.combine_releases(old, new))  # doctest: +SKIP
    >>> backtest(series, origins=["2018/19", "2019/20", "2020/21", "2021/22"])  # doctest: +SKIP
    """
    detail = backtest_forecasts(series_by_area, origins=origins, horizons=horizons, window=window, recent=recent,
                                scenario=scenario, simulations=simulations, seed=seed, areas=areas, damping=damping,
                                pool=pool)
    return summarise_backtest(detail)


def summarise_backtest(detail: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`backtest_forecasts` by method and horizon: :data:`BACKTEST_COLUMNS` (see :func:`backtest`).

    Parameters
    ----------
    detail : pandas.DataFrame
        The frame of :func:`backtest_forecasts` (or a subset of its rows, e.g. some origins only).

    Returns
    -------
    pandas.DataFrame
        ``method``, ``horizon`` (years), ``n``, ``mdape`` (%), ``coverage_95`` (0-1).
    """
    methods = ["model", *BASELINES]
    out = detail.groupby(["method", "horizon"]).agg(n=("ape", "size"), mdape=("ape", "median"),
                                                    coverage_95=("inside", "mean")).reset_index()
    out["method"] = pd.Categorical(out["method"], methods, ordered=True)
    out = out.sort_values(["method", "horizon"]).reset_index(drop=True)
    out["method"] = out["method"].astype(str)
    return out[BACKTEST_COLUMNS]
