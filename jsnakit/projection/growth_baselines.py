"""The simple projections analysts use, :func:`baselines`: mean growth, last year's growth, 1-2-3 weighted growth
and the linear trend, each with its own prediction intervals. The back-test (:mod:`.backtesting`) scores the
published model against them.

Intervals. The growth methods compound an estimated growth ``d`` (log scale) from the last value; the series' log
growth is taken as a random walk with drift whose yearly innovations have sd ``sigma`` (estimated from the ``T``
yearly log growths, ``T - 1`` degrees of freedom). The error ``h`` years ahead is the sum of ``h`` innovations plus
``h`` times the error of ``d``, so its variance is ``sigma^2 (h + h^2 c)`` with ``c`` the variance of the estimated
growth in units of ``sigma^2``: ``1 / T`` for the mean (FPP3 section 5.5, the drift method), ``1`` for the last
year's growth alone, ``sum(w^2) / sum(w)^2`` for weights ``w`` (14/36 for 1, 2, 3). Limits use Student's t on
``T - 1`` degrees of freedom (not the normal: sigma is estimated from a few years). The linear trend has the
ordinary least-squares prediction interval, t on ``n - 2`` degrees of freedom.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from ..core.errors import ArgumentError
from .common import shift_period, whole_number

__all__ = ["baselines", "baseline_forecasts", "BASELINES", "BASELINE_COLUMNS", "QUANTILE_LEVELS"]

#: Columns of :func:`baselines`.
BASELINE_COLUMNS = ["method", "step", "period", "forecast", "lower_95", "upper_95"]
#: The simple methods analysts use, as named in :func:`baselines`.
BASELINES = ("mean growth", "last year's growth", "1-2-3 weighted growth", "linear trend")
#: Quantile levels every forecaster of the back-test gives: the median and the 50%, 80% and 95% central intervals.
QUANTILE_LEVELS = (0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975)


def baseline_forecasts(values: np.ndarray, horizon: int) -> dict[str, np.ndarray]:
    """Quantile forecasts of the four baselines for steps 1..horizon, from a 1-D series (oldest first).

    Parameters
    ----------
    values : numpy.ndarray
        Yearly counts (persons), oldest first, all above 0 (at least two).
    horizon : int
        Years ahead.

    Returns
    -------
    dict
        Each of :data:`BASELINES` -> array (horizon, len(:data:`QUANTILE_LEVELS`)) of persons; NaN where the method
        gives no interval (a growth method with fewer than two growths, the linear trend with fewer than three
        values), the median (the point forecast) always.
    """
    y = np.asarray(values, dtype=float)
    steps = np.arange(1, horizon + 1, dtype=float)
    levels = np.asarray(QUANTILE_LEVELS)
    growth = y[1:] / y[:-1] - 1
    T = len(growth)
    sigma = float(np.std(np.log(y[1:] / y[:-1]), ddof=1)) if T >= 2 else np.nan
    t = stdtrit(T - 1, levels) if T >= 2 else np.full(len(levels), np.nan)
    t[levels == 0.5] = 0.0
    weights = np.arange(1, min(T, 3) + 1, dtype=float)
    methods = {  # growth, and the variance of its estimate in units of sigma^2
        "mean growth": (growth.mean(), 1 / T),
        "last year's growth": (growth[-1], 1.0),
        "1-2-3 weighted growth": ((growth[-len(weights):] * weights).sum() / weights.sum(),
                                  (weights ** 2).sum() / weights.sum() ** 2),
    }
    out = {}
    for name, (g, c) in methods.items():
        point = y[-1] * (1 + g) ** steps
        spread = sigma * np.sqrt(steps + steps ** 2 * c)
        out[name] = point[:, None] * np.exp(spread[:, None] * t[None, :])
    n = len(y)
    x = np.arange(n, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    xf = n - 1 + steps
    point = intercept + slope * xf
    if n >= 3:
        resid = y - (intercept + slope * x)
        s = np.sqrt((resid ** 2).sum() / (n - 2))
        se = s * np.sqrt(1 + 1 / n + (xf - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum())
        t_lin = stdtrit(n - 2, levels)
        t_lin[levels == 0.5] = 0.0
        out["linear trend"] = point[:, None] + se[:, None] * t_lin[None, :]
    else:
        out["linear trend"] = np.where(levels[None, :] == 0.5, point[:, None], np.nan)
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
        ``exp(+-t sigma sqrt(h + h^2 c))`` about the forecast (module notes: ``c`` the variance of the method's
        growth estimate, t on T - 1 degrees of freedom; NaN with fewer than two growths). The linear trend is least
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
    horizon = whole_number("horizon", horizon, 1)
    values = pd.to_numeric(pd.Series(series), errors="coerce").to_numpy(float)
    if len(values) < 2:
        raise ArgumentError(f"series must hold at least two years; got {len(values)}")
    if not np.all(values > 0):
        raise ArgumentError(f"series must hold counts above 0; got {values.tolist()!r}")
    last = str(pd.Series(series).index[-1])
    periods = [shift_period(last, h) if re.fullmatch(r"\d{4}/\d{2}", last) else str(h) for h in range(1, horizon + 1)]
    rows = []
    for name, q in baseline_forecasts(values, horizon).items():
        rows.append(pd.DataFrame({"method": name, "step": np.arange(1, horizon + 1), "period": periods,
                                  "forecast": q[:, 3], "lower_95": q[:, 0], "upper_95": q[:, -1]}))
    return pd.concat(rows, ignore_index=True)[BASELINE_COLUMNS]
