"""The rolling-origin back-test of the cohort model and the baselines on published caseload series: every forecast
(:func:`backtest_forecasts`), scored by method and horizon (:func:`summarise_backtest`, :func:`backtest`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from .cohort_kernels import fit_stocks, pool_fits, simulate_caseload
from .common import group_widths, shift_period, whole_number
from .growth_baselines import BASELINES, baseline_forecasts
from .scenarios import DAMPING, get_scenario
from .stocks import BANDS, consecutive_tail, stock_table

__all__ = ["backtest", "backtest_forecasts", "summarise_backtest", "BACKTEST_COLUMNS"]

#: Columns of :func:`backtest`.
BACKTEST_COLUMNS = ["method", "horizon", "n", "mdape", "coverage_95"]


def backtest_forecasts(series_by_area: pd.DataFrame, *, origins, horizons=(1, 2, 3), window: int = 5,
                       recent: int = 2, scenario: str = "rates held", simulations: int = 1000, seed: int = 0,
                       areas=None, damping: float = DAMPING, pool: bool = True) -> pd.DataFrame:
    """Every forecast of a rolling-origin back-test: one row per method x area x origin x horizon.

    Parameters
    ----------
    series_by_area, origins, horizons, window, recent, scenario, simulations, seed, areas
        As :func:`backtest`.
    damping : float, default 0.8
        The model's damping of a continued trend, as in :func:`jsnakit.projection.project`.
    pool : bool, default True
        Pool the rates of the local authorities with the commonest length of history at each origin (as
        :func:`jsnakit.projection.project` does).

    Returns
    -------
    pandas.DataFrame
        The columns ``method, area_code, origin, horizon, period, observed, forecast, lower_95, upper_95, ape``
        (absolute percentage error, %) and ``inside`` (observed within the 95% interval; NaN when the method gave
        none).

    Raises
    ------
    ArgumentError
        As :func:`backtest`; and areas without rows in ``series_by_area``.
    """
    spec = get_scenario(scenario)
    horizons = tuple(whole_number("horizons", h, 1) for h in horizons)
    simulations = whole_number("simulations", simulations, 1)
    window = whole_number("window", window, 2)
    recent = whole_number("recent", recent, 1)
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
    widths = group_widths(BANDS)
    wanted = set(areas) | (set(las) if pool else set())
    tables = {code: stock_table(rows, code, "bands") for code, rows in frame.groupby("area_code", sort=False)
              if code in wanted}
    missing = [code for code in areas if code not in tables]
    if missing:
        raise ArgumentError(f"areas must be areas of series_by_area; got {missing!r}, which have no rows")
    rows = []
    for origin in origins:
        histories, fits = {}, {}
        for code in tables:
            table = tables[code][0]
            history = consecutive_tail(table.loc[[p for p in table.index if p <= origin]]).iloc[-(window + 1):]
            if len(history) >= 2 and history.index[-1] == origin:
                histories[code] = history
                fits[code] = fit_stocks(history.to_numpy(float), widths, None, recent=recent, default_sigma=0.05)
        if pool:
            # Pool the areas with the commonest length of history at this origin (the same years of change).
            lengths = pd.Series({code: len(h) for code, h in histories.items()}, dtype=int)
            if len(lengths):
                same = [c for c in lengths.index[lengths == lengths.mode().max()] if c in las]
                pooled = pool_fits([fits[code] for code in same])
                for code in same:
                    fits[code].pool = pooled
        for code in areas:
            totals = tables[code][1]
            past = totals.loc[[p for p in totals.index if p <= origin]].iloc[-(window + 1):]
            targets = {h: shift_period(origin, h) for h in horizons}
            observed = {h: totals.get(p, np.nan) for h, p in targets.items()}
            if not any(np.isfinite(v) for v in observed.values()):
                continue
            forecasts = {}
            if code in fits:
                fit, history = fits[code], histories[code]
                join, leave, drift_sd = spec.rates(fit, horizon, {"converge_years": 10, "damping": damping})
                draws = simulate_caseload(history.to_numpy(float)[-1][:, None], widths, join, leave,
                                          None, np.ones(1), np.ones((horizon, len(BANDS), 1)), fit,
                                          simulations=simulations, rng=rng, noise=True,
                                          drift_sd=drift_sd).sum(axis=(2, 3))
                q = np.quantile(draws, [0.5, 0.025, 0.975], axis=0)
                forecasts["model"] = (q[0], q[1], q[2])
            if len(past) >= 2 and past.index[-1] == origin and (past > 0).all():
                forecasts.update(baseline_forecasts(past.to_numpy(float), horizon))
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
    aged-on caseload (no population series is used: ``population=None`` in :func:`~jsnakit.projection.cohort.project`
    terms) under
    ``scenario``; the baselines run
    on the totals (:func:`~jsnakit.projection.growth_baselines.baselines`). Origins lacking the history a method needs
    are skipped for that method.

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
