"""The rolling-origin back-test of the published projection against the analysts' baselines and the forecasters'
standard methods, on published caseload series: every forecast (:func:`backtest_forecasts`), scored and summarised
(:func:`backtest`; the scores are :mod:`.scoring`).

At each origin every method sees only the ``window + 1`` Januaries up to and including it and gives quantile
forecasts of each local authority's total caseload 1 to ``max(horizons)`` years ahead, scored against the published
totals. The published model (``"model"``) is :func:`~jsnakit.projection.totals.project_totals`, the very function
:func:`jsnakit.projection.project` draws its totals from; it is fitted inside each origin on the local authorities'
totals up to it, so nothing it uses comes from a year it is scored on.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from ..core.geography import LA_TYPES
from .common import shift_period, whole_number
from .growth_baselines import BASELINES, QUANTILE_LEVELS, baseline_forecasts
from .scoring import QUANTILE_COLUMNS, score_forecasts, summarise_scores
from .totals import last_run, pool_at, project_totals, totals_table
from .univariate import STANDARD_METHODS, standard_forecasts

__all__ = ["backtest", "backtest_forecasts", "summarise_backtest", "BACKTEST_COLUMNS", "FORECAST_COLUMNS", "METHODS",
           "PUBLISHED"]

#: The published model's name in the back-test.
PUBLISHED = "model"
#: Every method of the back-test: the published model, the analysts' baselines, the forecasters' standards.
METHODS = (PUBLISHED, *BASELINES, *STANDARD_METHODS)
#: Columns of :func:`backtest_forecasts`.
FORECAST_COLUMNS = ["method", "area_code", "origin", "horizon", "period", "observed", *QUANTILE_COLUMNS]
#: Columns of :func:`backtest` (:data:`jsnakit.projection.scoring.SUMMARY_COLUMNS`).
BACKTEST_COLUMNS = ["method", "era", "horizon", "n", "mdape", "coverage_50", "coverage_80", "coverage_95", "width_95",
                    "wis"]


def _check(origins, horizons, window, simulations, methods):
    horizons = tuple(whole_number("horizons", h, 1) for h in horizons)
    if not horizons:
        raise ArgumentError("horizons must name at least one number of years ahead; got none")
    origins = [str(o) for o in origins]
    if not origins:
        raise ArgumentError("origins must name at least one academic year; got none")
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise ArgumentError(f"methods must be some of {list(METHODS)}; got {unknown!r}")
    return origins, horizons, whole_number("window", window, 2), whole_number("simulations", simulations, 1)


def backtest_forecasts(series_by_area: pd.DataFrame, *, origins, horizons=(1, 2, 3), window: int = 5,
                       simulations: int = 1000, seed: int = 0, areas=None, methods=METHODS,
                       jobs: int = 1) -> pd.DataFrame:
    """Every forecast of a rolling-origin back-test: one row per method x area x origin x horizon.

    Parameters
    ----------
    series_by_area : pandas.DataFrame
        Count frame of EHC plans in January for many areas (``All`` rows are used), e.g.
        ``to_current_areas(combine_releases(old, new))`` of the :mod:`jsnakit.sources.dfe_sen2` readers.
    origins : sequence of str
        Academic years to project from, e.g. ``["2016/17", "2017/18"]``.
    horizons : sequence of int, default (1, 2, 3)
        Years ahead to score.
    window : int, default 5
        Years of change each method sees (``window + 1`` Januaries; fewer where the series starts later).
    simulations : int, default 1000
        Simulations of the published model per origin.
    seed : int, default 0
        Random seed (each origin's own: ``seed`` plus the origin's year).
    areas : sequence of str, optional
        GSS codes to score; default every local authority in the frame. The published model's pool is always every
        local authority.
    methods : sequence of str, default :data:`METHODS`
        The methods to run.
    jobs : int, default 1
        Processes to share the origins between.

    Returns
    -------
    pandas.DataFrame
        :data:`FORECAST_COLUMNS`: the observed total and the quantiles of
        :data:`~jsnakit.projection.growth_baselines.QUANTILE_LEVELS` (persons); a method that gives no interval
        has NaN limits. Origins lacking the history a method needs are skipped for that method; the published model
        is scored only at origins where it takes the form it takes on the latest January (the pooled
        autoregression with :data:`~jsnakit.projection.pooled_growth.LAGS` lags, or the fallback of a folder with
        fewer than :data:`~jsnakit.projection.cohort_kernels.MIN_POOL` LAs).

    Raises
    ------
    ArgumentError
        No origins or horizons, a bad window, number of simulations or method, or areas without rows.
    """
    origins, horizons, window, simulations = _check(origins, horizons, window, simulations, methods)
    table = totals_table(series_by_area)
    las = table.index[table["area_type"].isin(LA_TYPES)].tolist()
    areas = las if areas is None else list(areas)
    missing = [code for code in areas if code not in table.index]
    if missing:
        raise ArgumentError(f"areas must be areas of series_by_area; got {missing!r}, which have no rows")
    # The form the published model takes on the latest January (the pooled autoregression, or the fallback of a
    # folder with too few LAs): origins where it would take another form do not score it.
    latest = [c for c in table.columns if c != "area_type"][-1]
    final = pool_at(table, latest, window=window, rng=np.random.default_rng(0))
    lags = final.lags if final is not None else None
    tasks = [(table, origin, horizons, window, simulations, seed, areas, tuple(methods), lags) for origin in origins]
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            parts = list(pool.map(_origin_forecasts, *zip(*tasks)))
    else:
        parts = [_origin_forecasts(*task) for task in tasks]
    rows = [row for part in parts for row in part]
    return pd.DataFrame(rows, columns=FORECAST_COLUMNS)


def _origin_forecasts(table, origin, horizons, window, simulations, seed, areas, methods, lags) -> list[tuple]:
    """The forecasts of one origin (a task of :func:`backtest_forecasts`)."""
    horizon = max(horizons)
    targets = {h: shift_period(origin, h) for h in horizons}
    seen = [shift_period(origin, -k) for k in range(window, -1, -1)]
    seen = [p for p in seen if p in table.columns]
    rows = []
    model = {}
    fit = pool_at(table, origin, window=window, rng=np.random.default_rng(0)) if PUBLISHED in methods else None
    if fit is not None and fit.lags == lags:
        usable = [c for c in areas if len(last_run(table.loc[c, seen])) >= fit.lags + 2]
        if usable:
            draws = project_totals(table, usable, origin=origin, window=window, horizon=horizon,
                                   simulations=simulations, seed=seed + int(origin[:4]))
            q = np.quantile(draws, QUANTILE_LEVELS, axis=0)                   # (Q, areas, horizon)
            model = {code: q[:, i, :].T for i, code in enumerate(usable)}
    for code in areas:
        observed = {h: table.at[code, p] if p in table.columns else np.nan for h, p in targets.items()}
        if not any(np.isfinite(v) for v in observed.values()):
            continue
        forecasts = {}
        if code in model:
            forecasts[PUBLISHED] = model[code]
        past = table.loc[code, seen].to_numpy(float)
        if len(past) >= 2 and seen[-1] == origin and np.all(np.isfinite(past) & (past > 0)):
            if any(m in methods for m in BASELINES):
                forecasts.update({m: q for m, q in baseline_forecasts(past, horizon).items() if m in methods})
            if len(past) >= 3 and any(m in methods for m in STANDARD_METHODS):
                forecasts.update({m: q for m, q in standard_forecasts(past, horizon).items() if m in methods})
        for method, q in forecasts.items():
            for h in horizons:
                if np.isfinite(observed[h]):
                    rows.append((method, code, origin, h, targets[h], float(observed[h]), *q[h - 1]))
    return rows


def backtest(series_by_area: pd.DataFrame, *, origins, horizons=(1, 2, 3), window: int = 5, simulations: int = 1000,
             seed: int = 0, areas=None, methods=METHODS, jobs: int = 1) -> pd.DataFrame:
    """Rolling-origin back-test of the published projection, the baselines and the standard methods.

    Parameters
    ----------
    series_by_area, origins, horizons, window, simulations, seed, areas, methods, jobs
        As :func:`backtest_forecasts`.

    Returns
    -------
    pandas.DataFrame
        :data:`BACKTEST_COLUMNS` (:func:`jsnakit.projection.scoring.summarise_scores`): by method, era of origin
        (``all``, before and from 2016/17) and horizon (years), ``n`` forecasts, ``mdape`` (median absolute
        percentage error, %), ``coverage_50/80/95`` (share of published totals inside the interval, 0-1),
        ``width_95`` (median width of the 95% interval, % of the median) and ``wis`` (mean weighted interval score,
        % of the published total).

    Raises
    ------
    ArgumentError
        As :func:`backtest_forecasts`.

    References
    ----------
    Hyndman RJ, Athanasopoulos G (2021). *Forecasting: principles and practice*, 3rd ed., section 5.10
    (time-series cross-validation). https://otexts.com/fpp3/tscv.html

    Examples
    --------
    >>> from jsnakit.core import geography
    >>> from jsnakit.sources import dfe_sen2, dfe_releases
    >>> old = dfe_sen2.read_ehc_caseload("sen2_age_caseload.csv")  # doctest: +SKIP
    >>> new = dfe_sen2.read_ehc_caseload("caseload.csv")  # doctest: +SKIP
    >>> series = geography.to_current_areas(dfe_releases.combine_releases(old, new))  # doctest: +SKIP
    >>> backtest(series, origins=["2018/19", "2019/20", "2020/21", "2021/22"])  # doctest: +SKIP
    """
    detail = backtest_forecasts(series_by_area, origins=origins, horizons=horizons, window=window,
                                simulations=simulations, seed=seed, areas=areas, methods=methods, jobs=jobs)
    return summarise_backtest(detail)


def summarise_backtest(detail: pd.DataFrame) -> pd.DataFrame:
    """Score :func:`backtest_forecasts` and summarise by method, era and horizon: :data:`BACKTEST_COLUMNS`.

    Parameters
    ----------
    detail : pandas.DataFrame
        The frame of :func:`backtest_forecasts` (or some of its rows, e.g. some origins only).

    Returns
    -------
    pandas.DataFrame
        :data:`BACKTEST_COLUMNS` (see :func:`backtest`), methods in the order of :data:`METHODS`.
    """
    out = summarise_scores(score_forecasts(detail))
    order = {m: i for i, m in enumerate(METHODS)}
    eras = {"all": 0}
    out = out.assign(_m=out["method"].map(order), _e=out["era"].map(lambda e: eras.get(e, 1 if "before" in e else 2)))
    return out.sort_values(["_m", "_e", "horizon"]).drop(columns=["_m", "_e"]).reset_index(drop=True)[BACKTEST_COLUMNS]
