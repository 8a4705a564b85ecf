"""The cohort-component projection of the EHC plan caseload, :func:`project`.

An area's stock table (:mod:`.stocks`) is fitted and pooled with the other local authorities' fits
(:mod:`.cohort_kernels`; the pool is made once for the same caseload and population frames), a scenario
(:mod:`.scenarios`) gives the rates ahead, multipliers and the need mix are applied, and the simulations are
summarised into the tidy frame of :data:`~jsnakit.projection.common.PROJECTION_COLUMNS`. The method, its
uncertainty and its back-test are described in the notes of :mod:`jsnakit.projection.model`.
"""
from __future__ import annotations

import hashlib
import numbers
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from .cohort_kernels import CohortFit, CohortPool, expected_path, fit_stocks, pool_fits
from .common import (PROJECTION_COLUMNS, check_damping, group_widths, population_table, shift_period, start_year,
                     summarise_draws, whole_number)
from .scenarios import DAMPING, PUBLISHED_SCENARIO, SPLIT_SCENARIO, get_scenario
from .stocks import consecutive_tail, stock_table
from .totals import project_totals, totals_table

__all__ = ["project", "cohort_path", "Multiplier", "ENGLAND"]

#: GSS code of England, whose caseload the scenario "converge to England" converges to.
ENGLAND = "E92000001"


@dataclass(frozen=True)
class Multiplier:
    """Joining rates multiplied by ``factor`` from academic year ``start`` (e.g. ``"2027/28"``) on, for one
    primary ``need`` and/or one age group ``age`` (None = all)."""

    factor: float
    start: str
    need: str | None = None
    age: str | None = None


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


def _multipliers(items, periods: list[str], groups: list[str], needs: list[str]) -> np.ndarray:
    out = np.ones((len(periods), len(groups), len(needs)))
    for item in items or []:
        m = item if isinstance(item, Multiplier) else Multiplier(**item) if isinstance(item, dict) else None
        if m is None:
            raise ArgumentError(f"multipliers must be a list of Multiplier or dicts with factor and start; "
                                f"got {item!r}")
        if not (isinstance(m.factor, numbers.Real) and m.factor >= 0):
            raise ArgumentError(f"multiplier factor must be a number of at least 0; got {m.factor!r}")
        if not re.fullmatch(r"\d{4}/\d{2}", str(m.start)):
            raise ArgumentError(f"multiplier start must be an academic year like '2027/28'; got {m.start!r}")
        if m.need is not None and m.need not in needs:
            raise ArgumentError(f"multiplier need must be one of {needs}; got {m.need!r}")
        if m.age is not None and m.age not in groups:
            raise ArgumentError(f"multiplier age must be one of the age groups {groups[0]!r} to {groups[-1]!r}; "
                                f"got {m.age!r}")
        rows = np.array([start_year(p) >= start_year(m.start) for p in periods])
        cols = np.array([m.age is None or g == m.age for g in groups])
        kinds = np.array([m.need is None or n == m.need for n in needs])
        out[np.ix_(rows, cols, kinds)] *= m.factor
    return out


def project(caseload: pd.DataFrame, population: pd.DataFrame | None = None, *, area_code: str, years: int = 10,
            scenario: str = PUBLISHED_SCENARIO, simulations: int = 1000, seed: int = 0, needs: pd.DataFrame | None = None,
            ages: str = "auto", window: int = 5, recent: int = 2, multipliers=None, benchmark: dict | None = None,
            converge_years: int = 10, damping: float = DAMPING, uncertainty: bool = True,
            pool: bool = True, neighbours: pd.DataFrame | None = None) -> pd.DataFrame:
    """Project the number of children and young people with EHC plans, by age group (and primary need).

    The published projection (``scenario="recent growth"``): the area's total from the pooled growth model
    (:func:`~jsnakit.projection.totals.project_totals`, the model the back-test checks), split by age group and
    need in the shares of the cohort model's path (:func:`cohort_path` under ``"recent trend"``). Any other
    scenario, and any multiplier, is a what-if: the published simulations times the ratio of the cohort model's
    path under it to its path under ``"recent trend"``. The notes of :mod:`jsnakit.projection.model` give the
    method and its back-test.

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
        estimate aged on (births held, no deaths or migration); earlier years: the earliest. It is used by the
        split (new plans per head of each age group); without it new plans join the cohort path at a rate per plan
        of the previous January's whole caseload (aged on). The total does not use it.
    area_code : str
        GSS code of the area (keyword only).
    years : int, default 10
        Academic years ahead (1 to 50).
    scenario : str, default ``"recent growth"``
        A name in :data:`~jsnakit.projection.scenarios.SCENARIOS`: ``"recent growth"`` is the published
        projection, the others what-ifs set against it.
    simulations : int, default 1000
        Number of simulations (at least 1).
    seed : int, default 0
        Seed of the random generator (numpy PCG64): the same seed gives the same figures.
    needs : pandas.DataFrame, optional
        Primary need of all plans (:func:`jsnakit.sources.dfe.read_ehc_needs`); the mix of its latest period splits
        the caseload and the joiners of every age by need. Without it, ``need`` is ``All``.
    ages : {"auto", "single", "bands"}, default ``"auto"``
        Age groups to model: single years of age (:data:`~jsnakit.projection.stocks.SEN2_AGES`), the SEN2 bands (single
        ages summed into
        bands; a year with a total but no ages filled in the neighbouring years' band shares), or single years when
        their consecutive run covers as many of the last ``window + 1`` Januaries as published ages or bands do,
        else bands.
    window : int, default 5
        Years of change (transitions between consecutive Januaries) the growth model and the cohort rates see.
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
        For the ``"recent trend"`` what-if: the growth of year h ahead is ``damping**h`` times the recent growth (1 =
        undamped, 0 = stopped at once). The published projection's split always uses
        :data:`~jsnakit.projection.scenarios.DAMPING` (0.8), so ``"recent trend"`` equals the published projection
        only at that damping.
    uncertainty : bool, default True
        False: the total's central path (the fitted growth model without shocks), all five figures equal.
    neighbours : pandas.DataFrame, optional
        For ``"converge to neighbours"``: the DfE statistical neighbours
        (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); needs ``population`` and the neighbours' caseload (same age
        groups and years) in ``caseload``.
    pool : bool, default True
        Shrink the area's cohort rates towards those of the other local authorities in ``caseload`` (empirical
        Bayes, see the notes of :mod:`jsnakit.projection.model`) when at least
        :data:`~jsnakit.projection.cohort_kernels.MIN_POOL` of them have counts of the same age groups and years.
        (The total's growth model always pools every local authority in ``caseload``.)

    Returns
    -------
    pandas.DataFrame
        :data:`PROJECTION_COLUMNS`: ``area_code``, ``period`` (``"2025/26"`` ...), ``age_band`` (the modelled group,
        ``"0-4"`` or ``"7"``; ``"All"`` for the total), ``need`` (primary need or ``"All"``), ``scenario``,
        ``median``, ``lower_50``, ``upper_50``, ``lower_95``, ``upper_95`` (persons with an EHC plan in January;
        quantiles over simulations; a group's share of each simulated total is the cohort path's, so the quantiles
        of groups add up to those of the total).

    Raises
    ------
    ArgumentError
        An unknown scenario (the message lists the known ones), a bad number of years or simulations, an area
        without at least two consecutive years of age counts or four of totals, a converging scenario without its
        target.

    References
    ----------
    Montero-Manso P, Hyndman RJ (2021), doi:10.1016/j.ijforecast.2021.03.004 (the pooled growth model); the
    cohort-component method (Rees et al. 2012, doi:10.1007/s12546-011-9076-z); Mastodon C witan.send
    (https://github.com/MastodonC/witan.send); DfE *Education, health and care plans*,
    https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans

    Examples
    --------
    >>> from jsnakit.catalog import Catalog
    >>> data = Catalog("data_samples")
    >>> fan = project(data.load("ehc_caseload"), data.load("population"), area_code="E06000001")  # doctest: +SKIP
    >>> fan[fan["age_band"] == "All"][["period", "median", "lower_95", "upper_95"]]  # doctest: +SKIP
    """
    spec = get_scenario(scenario)
    simulations = whole_number("simulations", simulations, 1)
    setup = _setup(caseload, population, area_code=area_code, years=years, needs=needs, ages=ages, window=window,
                   recent=recent, multipliers=multipliers, benchmark=benchmark, converge_years=converge_years,
                   damping=damping, pool=pool, neighbours=neighbours, scenario=spec.name)
    # The published split is the recent trend at the stated DAMPING whatever ``damping`` says; ``damping`` moves
    # only the "recent trend" what-if, which therefore differs from the published projection unless it is DAMPING.
    base = _path(setup, SPLIT_SCENARIO, multiplied=False, damping=DAMPING)
    chosen = (_path(setup, SPLIT_SCENARIO, multiplied=True, damping=DAMPING) if spec.name == PUBLISHED_SCENARIO
              else _path(setup, spec.name, multiplied=True))
    totals = project_totals(totals_table(caseload), [area_code], origin=setup.periods[-1], window=setup.window,
                            horizon=setup.years, simulations=simulations, seed=seed, noise=uncertainty)[:, 0, :]
    whole = base.sum(axis=(1, 2))
    ratio = np.divide(1.0, whole, out=np.zeros_like(whole), where=whole > 0)
    draws = totals[:, :, None, None] * (chosen * ratio[:, None, None])[None]     # (sims, years, groups, needs)
    return _frame(draws, area_code, setup.ahead, setup.groups, setup.kinds, spec.name)


def cohort_path(caseload: pd.DataFrame, population: pd.DataFrame | None = None, *, area_code: str, years: int = 10,
                scenario: str = SPLIT_SCENARIO, needs: pd.DataFrame | None = None, ages: str = "auto",
                window: int = 5, recent: int = 2, multipliers=None, benchmark: dict | None = None,
                converge_years: int = 10, damping: float = DAMPING, pool: bool = True,
                neighbours: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cohort model's expected path: the caseload aged on, with plans ending and joining at a scenario's rates.

    This is the model :func:`project` splits its total with (under ``"recent trend"``) and sets its what-ifs
    against; on its own it is the deterministic stock-flow projection, without uncertainty. The method is in the
    notes of :mod:`jsnakit.projection.model`.

    Parameters
    ----------
    caseload, population, area_code, years, needs, ages, window, recent, multipliers, benchmark, converge_years,
    damping, pool, neighbours
        As :func:`project`.
    scenario : str, default ``"recent trend"``
        A name in :data:`~jsnakit.projection.scenarios.SCENARIOS` (``"recent growth"`` is ``"recent trend"`` here:
        the cohort part of the published projection).

    Returns
    -------
    pandas.DataFrame
        :data:`PROJECTION_COLUMNS` with the five figures equal (persons with an EHC plan in January).

    Raises
    ------
    ArgumentError
        As :func:`project`.

    References
    ----------
    The cohort-component method (Rees et al. 2012, doi:10.1007/s12546-011-9076-z); Mastodon C witan.send
    (https://github.com/MastodonC/witan.send).

    Examples
    --------
    >>> from jsnakit.catalog import Catalog
    >>> data = Catalog("data_samples")
    >>> path = cohort_path(data.load("ehc_caseload"), data.load("population"), area_code="E06000001",
    ...                    scenario="rates held")  # doctest: +SKIP
    """
    spec = get_scenario(scenario)
    setup = _setup(caseload, population, area_code=area_code, years=years, needs=needs, ages=ages, window=window,
                   recent=recent, multipliers=multipliers, benchmark=benchmark, converge_years=converge_years,
                   damping=damping, pool=pool, neighbours=neighbours, scenario=spec.name)
    chosen = (_path(setup, SPLIT_SCENARIO, multiplied=True, damping=DAMPING) if spec.name == PUBLISHED_SCENARIO
              else _path(setup, spec.name, multiplied=True))
    return _frame(chosen[None], area_code, setup.ahead, setup.groups, setup.kinds, spec.name)


@dataclass
class _Setup:
    """What a cohort path needs: the stock table's years and groups, the fit and its context, the need mix."""

    years: int
    window: int
    periods: list
    ahead: list
    groups: list
    widths: np.ndarray
    pop_ahead: np.ndarray | None
    fit: CohortFit
    context: dict
    kinds: list
    mix: np.ndarray
    mult: np.ndarray
    start: np.ndarray


def _path(setup: _Setup, scenario: str, *, multiplied: bool, damping: float | None = None) -> np.ndarray:
    """The expected path of a scenario, (years, groups, needs); ``damping`` replaces the setup's."""
    context = setup.context if damping is None else {**setup.context, "damping": damping}
    join, leave = get_scenario(scenario).rates(setup.fit, setup.years, context)
    factors = setup.mult if multiplied else np.ones_like(setup.mult)
    return expected_path(setup.start, setup.widths, join, leave, setup.pop_ahead, setup.mix, factors)


def _setup(caseload, population, *, area_code, years, needs, ages, window, recent, multipliers, benchmark,
           converge_years, damping, pool, neighbours, scenario) -> _Setup:
    """Check the arguments, fit the area's stock table and gather what its cohort paths need."""
    years = whole_number("years", years, 1, 50)
    window = whole_number("window", window, 1)
    recent = whole_number("recent", recent, 1)
    converge_years = whole_number("converge_years", converge_years, 1)
    damping = check_damping(damping)
    if ages not in ("auto", "single", "bands"):
        raise ArgumentError(f"ages must be one of 'auto', 'bands', 'single'; got {ages!r}")
    if not (caseload["area_code"] == area_code).any():
        raise ArgumentError(f"area_code must be an area in caseload; got {area_code!r}")
    if benchmark is not None and population is None:
        raise ArgumentError("benchmark rates are per 10,000 population: population is needed; got None")

    def recent_table(mode):
        return consecutive_tail(stock_table(caseload, area_code, mode)[0]).iloc[-(window + 1):]

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
    widths = group_widths(groups)
    periods = list(table.index)
    ahead = [shift_period(periods[-1], h) for h in range(1, years + 1)]
    default_sigma = 0.05
    if population is not None:
        pop_hist = population_table(population, area_code, groups, periods)
        pop_ahead = population_table(population, area_code, groups, ahead)
    else:
        pop_hist, pop_ahead = None, None
    fit = fit_stocks(table.to_numpy(float), widths, pop_hist, recent=recent, default_sigma=default_sigma)
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
    if scenario == "converge to neighbours" and neighbours is not None and population is not None:
        close = neighbours.loc[neighbours["area_code"] == area_code, "neighbour_code"].tolist()
        context["neighbours"] = _peer_fits(caseload[caseload["area_code"].isin(close)], population, groups, periods,
                                           widths, recent=recent, default_sigma=default_sigma)
    if scenario == "converge to England" and population is not None and (caseload["area_code"] == ENGLAND).any():
        england = consecutive_tail(stock_table(caseload, ENGLAND, "single" if groups[0] == "under 3" or
                                               groups[0].isdigit() else "bands")[0])
        england = england.loc[[p for p in periods if p in england.index]]
        if len(england) >= 2 and list(england.columns) == table.columns.tolist():
            try:
                pop_e = population_table(population, ENGLAND, groups, list(england.index))
            except ArgumentError:
                pop_e = None
            if pop_e is not None:
                context["england"] = fit_stocks(england.to_numpy(float), widths, pop_e, recent=recent,
                                                default_sigma=default_sigma)
    kinds, mix = _need_mix(needs, area_code)
    mult = _multipliers(multipliers, ahead, groups, kinds)
    start = table.to_numpy(float)[-1][:, None] * mix[None, :]
    return _Setup(years=years, window=window, periods=periods, ahead=ahead, groups=groups, widths=widths,
                  pop_ahead=pop_ahead, fit=fit, context=context, kinds=kinds, mix=mix, mult=mult, start=start)


#: Pools of recent calls, by the contents of their caseload and population frames (see :func:`_shared_pool`).
_POOLS: dict = {}
_POOLS_KEPT = 8


def _fingerprint(frame: pd.DataFrame | None) -> str | None:
    """A digest of a frame's contents (values, column names and order; not its index): equal frames, equal digests.
    About 10-60 ms for the caseload and population of every LA."""
    if frame is None:
        return None
    rows = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    digest = hashlib.blake2b(rows.tobytes(), digest_size=16)
    digest.update("\x1f".join(map(str, frame.columns)).encode("utf-8"))
    return digest.hexdigest()


def _shared_pool(caseload: pd.DataFrame, population: pd.DataFrame | None, groups: list[str], periods: list[str],
                 widths: np.ndarray, *, recent: int, default_sigma: float) -> CohortPool | None:
    """The rates of every LA pooled (the slow part of :func:`project`, about 2-3 s): made once for the same caseload
    and population *contents*, age groups, years and window, and reused (the last few kept in this process), so
    that moving a scenario slider, or projecting area after area in a batch worker's kernel, does not pool again."""
    key = (_fingerprint(caseload), _fingerprint(population), tuple(groups), tuple(periods),
           tuple(np.asarray(widths).tolist()), recent, default_sigma)
    found = _POOLS.get(key)
    if found is not None:
        return found
    made = pool_fits(_peer_fits(caseload, population, groups, periods, widths, recent=recent,
                                default_sigma=default_sigma))
    while len(_POOLS) >= _POOLS_KEPT:
        _POOLS.pop(next(iter(_POOLS), None), None)
    _POOLS[key] = made
    return made


def _peer_fits(caseload: pd.DataFrame, population: pd.DataFrame | None, groups: list[str], periods: list[str],
               widths: np.ndarray, *, recent: int, default_sigma: float) -> list[CohortFit]:
    """Fits of every local authority in ``caseload`` with counts of the same age groups in the same years."""
    from ..core.geography import LA_TYPES

    if "area_type" not in caseload.columns:
        return []
    ages = "single" if groups[0] == "under 3" or groups[0].isdigit() else "bands"
    frame = caseload[caseload["area_type"].isin(LA_TYPES)]
    people = dict(iter(population.groupby("area_code", sort=False))) if population is not None else {}
    fits = []
    for code, rows in frame.groupby("area_code", sort=False):
        table = stock_table(rows, code, ages)[0]
        if list(table.columns) != groups or not set(periods) <= set(table.index):
            continue
        table = table.loc[periods]
        if table.isna().any().any():
            continue
        pop = None
        if population is not None:
            if code not in people:
                continue
            pop = population_table(people[code], code, groups, periods)
        fits.append(fit_stocks(table.to_numpy(float), widths, pop, recent=recent, default_sigma=default_sigma))
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
        q = summarise_draws(block)                                  # (years, G, N, 5)
        index = pd.MultiIndex.from_product([periods, g, n], names=["period", "age_band", "need"])
        parts.append(pd.DataFrame(q.reshape(-1, 5), index=index,
                                  columns=["median", "lower_50", "upper_50", "lower_95", "upper_95"]).reset_index())
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "area_code", area_code)
    out.insert(4, "scenario", scenario)
    order = {p: i for i, p in enumerate(periods)}
    out = out.sort_values("period", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return out[PROJECTION_COLUMNS]
