"""The projection of pupils on SEN support (or with an EHC plan) in the school census, :func:`project_sen_support`:
a prevalence model, projected pupils times the projected share of them on SEN support.

The share moves on the logit scale with local level shocks
(:func:`~jsnakit.projection.cohort_kernels.local_level_shocks`, their noise share estimated from every area over the
same window, :func:`noise_share`) and, under ``"recent trend"``, the damped trend of the cohort model's scenarios
(:func:`~jsnakit.projection.scenarios.damped_steps`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from .cohort_kernels import MIN_POOL, NOISE_SHARE, least_squares_slope, local_level_shocks
from .common import PROJECTION_COLUMNS, check_damping, population_table, shift_period, summarise_draws, whole_number
from .scenarios import DAMPING, damped_steps
from .stocks import consecutive_tail

__all__ = ["project_sen_support", "noise_share", "PREVALENCE_SCENARIOS"]

#: Scenarios of :func:`project_sen_support`.
PREVALENCE_SCENARIOS = ("rates held", "recent trend")


def noise_share(provision: pd.DataFrame, category: str, periods) -> float:
    """The share of the variance of the yearly change in the logit share that is noise, in a local level model,
    estimated from every area of ``provision`` over ``periods`` (the projection's own window: no later year).

    In the local level model y_t = mu_t + eps_t, mu_t = mu_{t-1} + eta_t (Harvey 1989, ch. 2) the changes have
    variance gamma_0 = 2 s_eps^2 + s_eta^2 and lag-1 autocovariance gamma_1 = -s_eps^2, so the noise share is
    -2 gamma_1 / gamma_0, between 0 (a random walk) and 1 (noise about a fixed level). The moments are pooled over
    the areas with every January of ``periods``, each area's changes centred on their own mean.

    Parameters
    ----------
    provision : pandas.DataFrame
        School census by SEN provision (``All pupils`` and ``category`` rows) of many areas.
    category : str
        ``"SEN support"`` or ``"EHC plan"``.
    periods : sequence of str
        The Januaries of the window (at least four, so three changes).

    Returns
    -------
    float
        The share, 0 to 1; :data:`~jsnakit.projection.cohort_kernels.NOISE_SHARE` when fewer than
        :data:`~jsnakit.projection.cohort_kernels.MIN_POOL` areas have every January (or the window has fewer than
        four).
    """
    periods = list(periods)
    table = provision[provision["period"].isin(periods) & provision["category"].isin(["All pupils", category])]
    wide = table.pivot_table(index=["area_code", "period"], columns="category", values="count", aggfunc="sum")
    if len(periods) < 4 or category not in wide.columns or "All pupils" not in wide.columns:
        return NOISE_SHARE
    share = (wide[category] / wide["All pupils"]).unstack("period").reindex(columns=periods)
    share = share[((share > 0) & (share < 1)).all(axis=1)]
    if len(share) < MIN_POOL:
        return NOISE_SHARE
    changes = np.diff(np.log(share / (1 - share)).to_numpy(float), axis=1)
    changes = changes - changes.mean(axis=1, keepdims=True)
    g0 = (changes ** 2).mean()
    g1 = (changes[:, 1:] * changes[:, :-1]).sum() / changes.size
    return float(np.clip(-2 * g1 / g0, 0.0, 1.0)) if g0 > 0 else NOISE_SHARE


def project_sen_support(provision: pd.DataFrame, population: pd.DataFrame | None = None, *, area_code: str,
                        category: str = "SEN support", years: int = 10, scenario: str = "rates held",
                        simulations: int = 1000, seed: int = 0, window: int = 5, recent: int = 2,
                        damping: float = DAMPING) -> pd.DataFrame:
    """Project the number of pupils on SEN support (or with an EHC plan) in the January school census.

    The school census counts pupils by SEN provision but not by age, so this is a prevalence model: the projected
    pupils times the projected share of them on SEN support. The share is modelled on the logit scale: held at the
    mean of the last ``recent`` Januaries (``"rates held"``), or moving with the least-squares slope over the
    window, damped by ``damping`` a year (``"recent trend"``, FPP3 section 8.2). Its uncertainty is that of a local
    level model (yearly noise about a level that drifts: the variance of the yearly change estimated from the window
    and drawn from its posterior, and the share of it that is noise estimated from every area of ``provision`` over
    the same window, :func:`noise_share`), plus, under ``"rates held"``, a damped
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
        As :func:`~jsnakit.projection.cohort.project` (``window`` Januaries of change, at least 2).
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
    years = whole_number("years", years, 1, 50)
    simulations = whole_number("simulations", simulations, 1)
    window = whole_number("window", window, 2)
    recent = whole_number("recent", recent, 1)
    damping = check_damping(damping)
    rows = provision[provision["area_code"] == area_code]
    table = rows.pivot_table(index="period", columns="category", values="count", aggfunc="sum")
    table = table.reindex(columns=["All pupils", category])
    table = consecutive_tail(table[(table > 0).all(axis=1)]).iloc[-(window + 1):]
    if len(table) < 3:
        raise ArgumentError(f"provision must hold at least three consecutive Januaries of '{category}' and 'All "
                            f"pupils' for {area_code}; got {len(table)}")
    pupils, counts = table["All pupils"].to_numpy(float), table[category].to_numpy(float)
    share = counts / pupils
    logit = np.log(share / (1 - share))
    changes = np.diff(logit)
    sigma = float(np.std(changes, ddof=1))
    slope, slope_se = least_squares_slope(np.arange(len(logit)), logit)
    level = logit[-min(recent, len(logit)):].mean()
    periods = list(table.index)
    ahead = [shift_period(periods[-1], h) for h in range(1, years + 1)]
    if scenario == "recent trend":
        path = level + slope * damped_steps(years, damping, (min(recent, len(logit)) - 1) / 2)
        drift = np.zeros(years)
    else:
        path = np.full(years, level)
        drift = slope_se * damped_steps(years, damping, 0.0)
    if population is not None:
        school = population_table(population, area_code, ["4-15"], periods[-1:] + ahead)[:, 0]
        future = pupils[-1] * school[1:] / school[0]
    else:
        future = np.full(years, pupils[-1])
    rng = np.random.default_rng(seed)
    shock = local_level_shocks(rng, simulations, years, sigma=sigma, df=float(len(changes) - 1),
                               noise_share=noise_share(provision, category, periods), recent=min(recent, len(logit)))
    shock += rng.standard_normal((simulations, 1)) * drift[None, :]
    p = 1 / (1 + np.exp(-(path[None, :] + shock)))
    draws = rng.binomial(np.rint(future).astype(np.int64)[None, :], p).astype(float)
    q = summarise_draws(draws)                                       # (years, 5)
    out = pd.DataFrame(q, columns=["median", "lower_50", "upper_50", "lower_95", "upper_95"])
    out.insert(0, "area_code", area_code)
    out.insert(1, "period", ahead)
    out.insert(2, "age_band", "All")
    out.insert(3, "need", "All")
    out.insert(4, "scenario", scenario)
    return out[PROJECTION_COLUMNS]
