"""The total caseload of areas as the published model projects it: one function, :func:`project_totals`, used by
:func:`jsnakit.projection.project` (the factsheet, the playground, the gap mapping) and by the back-test
(:func:`jsnakit.projection.backtest_forecasts`), so that the back-test checks exactly the model that is published.

The model is the pooled autoregression of yearly growth of :mod:`.pooled_growth`, fitted at an origin to every local
authority whose totals are known over the ``window`` years of change up to it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from ..core.geography import LA_TYPES
from .cohort_kernels import MIN_POOL
from .common import shift_period
from .pooled_growth import GrowthFit, fit_growth, simulate_growth

__all__ = ["totals_table", "project_totals", "pool_at", "last_run", "unusual_changes", "FAR_OUT"]

#: Tukey's (1977) "far out" fence: a change more than this many interquartile ranges beyond the quartiles of all
#: local authorities' changes over the same years.
FAR_OUT = 3.0


def totals_table(caseload: pd.DataFrame) -> pd.DataFrame:
    """The ``All`` totals of EHC plans in January: areas x academic years (persons; NaN where not published).

    Parameters
    ----------
    caseload : pandas.DataFrame
        Count frame of EHC plans in January (:func:`jsnakit.sources.dfe.read_ehc_caseload`, combined over releases
        and put on today's areas).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``area_code``, columns the academic years (sorted), and an ``area_type`` column first.
    """
    rows = caseload[caseload["breakdown"] == "All"]
    if "measure" in rows.columns:
        rows = rows[rows["measure"] == "ehc_plans"]
    table = rows.pivot_table(index="area_code", columns="period", values="count", aggfunc="sum")
    table = table.reindex(columns=sorted(table.columns))
    kinds = rows.drop_duplicates("area_code").set_index("area_code")["area_type"] if "area_type" in rows else None
    table.insert(0, "area_type", kinds.reindex(table.index) if kinds is not None else np.nan)
    return table


def _window(table: pd.DataFrame, origin: str, window: int) -> list[str]:
    """The academic years of the window ending at ``origin`` that the table has: the run of consecutive years back
    from ``origin`` (at most ``window + 1``), oldest first; empty when the table lacks ``origin``."""
    years = []
    for k in range(window + 1):
        period = shift_period(origin, -k)
        if period not in table.columns:
            break
        years.insert(0, period)
    return years


def _pool_rows(table: pd.DataFrame, years: list[str]) -> pd.DataFrame:
    """The local authorities of the pool: every LA with totals above 0 in each of ``years`` (their columns)."""
    las = table[table["area_type"].isin(LA_TYPES)][years]
    return las[(las > 0).all(axis=1)]


def pool_at(table: pd.DataFrame, origin: str, *, window: int, rng: np.random.Generator) -> GrowthFit | None:
    """Fit the pooled model at ``origin``: every local authority with totals above 0 in each of the window's years.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`totals_table`.
    origin : str
        The academic year projected from (its January is the last one seen).
    window : int
        Years of change seen (``window + 1`` Januaries, fewer when the table starts later).
    rng : numpy.random.Generator
        For the resampling of the coefficients.

    Returns
    -------
    GrowthFit or None
        The fit; None when fewer than three Januaries or no local authority qualify.
    """
    years = _window(table, origin, window)
    if len(years) < 3 or years[-1] != origin:
        return None
    las = _pool_rows(table, years)
    if las.empty:
        return None
    return fit_growth(np.log(las.to_numpy(float)), rng=rng)


def project_totals(table: pd.DataFrame, areas, *, origin: str, window: int = 5, horizon: int, simulations: int,
                   seed: int = 0, noise: bool = True) -> np.ndarray:
    """Simulated total caseload of ``areas``, ``horizon`` years on from ``origin``.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`totals_table` of a caseload frame (the other local authorities make the pool).
    areas : sequence of str
        GSS codes to project (rows of ``table``).
    origin : str
        The academic year projected from: ``"2024/25"`` projects ``"2025/26"`` on (keyword only).
    window : int, default 5
        Years of change the model sees.
    horizon : int
        Years ahead.
    simulations : int
        Simulations.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same figures.
    noise : bool, default True
        False: the one path of the fitted coefficients without shocks (the deterministic projection).

    Returns
    -------
    numpy.ndarray
        Persons, (simulations, areas, horizon) (one simulation without ``noise``).

    Raises
    ------
    ArgumentError
        An area without totals above 0 in at least four consecutive Januaries up to ``origin``, or no pool.
    """
    rng = np.random.default_rng(seed)
    fit = pool_at(table, origin, window=window, rng=rng)
    if fit is None:
        raise ArgumentError(f"caseload must hold totals of EHC plans for at least three consecutive Januaries up to "
                            f"{origin}; got too few")
    years = _window(table, origin, window)
    series = []
    for code in areas:
        values = table.loc[code, years].to_numpy(float) if code in table.index else np.array([np.nan])
        run = last_run(values)
        if len(run) < fit.lags + 2:
            raise ArgumentError(f"caseload must hold totals above 0 for {code} in at least {fit.lags + 2} "
                                f"consecutive Januaries up to {origin}; got {len(run)}")
        series.append(run)
    in_pool = [code in table.index and table.at[code, "area_type"] in LA_TYPES for code in areas]
    out = np.empty((simulations if noise else 1, len(areas), horizon))
    # Each series on its own run of years (an area's scale does not depend on which areas are projected with it).
    for length in sorted({len(run) for run in series}):
        rows = [i for i, run in enumerate(series) if len(run) == length]
        levels = np.log(np.stack([series[i] for i in rows]))
        if noise:
            out[:, rows, :] = simulate_growth(fit, levels, horizon=horizon, simulations=simulations, rng=rng,
                                              in_pool=[in_pool[i] for i in rows])
        else:
            out[0, rows, :] = _central_path(fit, levels, horizon)
    return out


def unusual_changes(table: pd.DataFrame, area_code: str, *, origin: str | None = None, window: int = 5
                    ) -> pd.DataFrame:
    """The area's yearly changes in the model's window that are far outside every local authority's changes: a
    possible break in the data (a recording change, a boundary or a system change) that the model takes at face value.

    A change is far out when its log growth lies beyond Tukey's far-out fences, :data:`FAR_OUT` interquartile ranges
    below the lower quartile or above the upper one, of the log growth of all local authorities over the same years
    of change (Tukey 1977, *Exploratory Data Analysis*, section 2H), by more than the chance variation of counts this
    small: 1.96 standard errors of the log of a ratio of two Poisson counts, ``sqrt(1/before + 1/after)`` (so 21
    plans falling to 17 in a very small area is not flagged, 2,705 falling to 1,199 is). The fences need at least
    :data:`~jsnakit.projection.cohort_kernels.MIN_POOL` local authorities; with fewer, nothing is flagged.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`totals_table`.
    area_code : str
        GSS code of the area.
    origin : str, optional
        The academic year projected from (keyword only); default the latest January the area has a total for.
    window : int, default 5
        Years of change the model sees.

    Returns
    -------
    pandas.DataFrame
        One row per far-out change: ``period`` (the academic year it reached), ``before`` and ``after`` (the totals,
        persons), ``change`` (``after / before - 1``), ``low`` and ``high`` (the fences as changes, so
        ``-0.11`` is a fall of 11%). Empty when none is far out.

    Examples
    --------
    >>> years = ["2020/21", "2021/22", "2022/23"]
    >>> table = pd.DataFrame([[100 + i, 110 + i, 121 + i] for i in range(12)] + [[100, 110, 40]], columns=years,
    ...                      index=[f"E0600{i:04d}" for i in range(13)])
    >>> table.insert(0, "area_type", "unitary authority")
    >>> unusual_changes(table, "E06000012")[["period", "before", "after"]].values.tolist()
    [['2022/23', 110.0, 40.0]]
    """
    empty = pd.DataFrame(columns=["period", "before", "after", "change", "low", "high"])
    if area_code not in table.index:
        return empty
    if origin is None:
        known = table.loc[area_code].drop("area_type").dropna()
        if known.empty:
            return empty
        origin = known.index[-1]
    years = _window(table, origin, window)
    las = _pool_rows(table, years)
    if len(years) < 2 or len(las) < MIN_POOL:
        return empty
    growth = np.log(las.to_numpy(float))
    growth = np.diff(growth, axis=1).reshape(-1)
    q1, q3 = np.quantile(growth, [0.25, 0.75])
    low, high = q1 - FAR_OUT * (q3 - q1), q3 + FAR_OUT * (q3 - q1)
    values = table.loc[area_code, years].to_numpy(float)
    rows = []
    for k in range(1, len(years)):
        before, after = values[k - 1], values[k]
        if not (before > 0 and after > 0):
            continue
        slack = 1.96 * np.sqrt(1 / before + 1 / after)
        if not low - slack <= np.log(after / before) <= high + slack:
            rows.append({"period": years[k], "before": before, "after": after, "change": after / before - 1,
                         "low": np.expm1(low), "high": np.expm1(high)})
    return pd.DataFrame(rows, columns=empty.columns) if rows else empty


def last_run(values) -> np.ndarray:
    """The last run of finite values above 0 in a series (the years a growth model can use, up to its last).

    Parameters
    ----------
    values : array-like
        Totals (persons), oldest first.

    Returns
    -------
    numpy.ndarray
        The trailing values that are finite and above 0 (empty when the last one is not).

    Examples
    --------
    >>> last_run([5.0, 0.0, 7.0, 9.0]).tolist()
    [7.0, 9.0]
    """
    values = np.asarray(values, dtype=float)
    ok = np.isfinite(values) & (values > 0)
    end = len(values)
    start = end
    while start > 0 and ok[start - 1]:
        start -= 1
    return values[start:end]


def _central_path(fit: GrowthFit, levels: np.ndarray, horizon: int) -> np.ndarray:
    """The path of the fitted coefficients without shocks, (series, horizon) persons."""
    growth = np.diff(levels, axis=1)
    level = levels[:, -1].copy()
    history = [growth[:, -lag] for lag in range(1, fit.lags + 1)]
    out = np.empty((len(levels), horizon))
    for h in range(horizon):
        if fit.lags:
            step = fit.coef[0] + sum(fit.coef[lag + 1] * history[lag] for lag in range(fit.lags))
            history = [step] + history[:-1]
        else:
            step = growth.mean(axis=1)
        level = level + step
        out[:, h] = level
    return np.exp(out)

