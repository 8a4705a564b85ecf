"""The simple projections analysts use, :func:`baselines`: mean growth, last year's growth, 1-2-3 weighted growth
and the linear trend, with their 95% prediction intervals (FPP3 section 5.5). The back-test (:mod:`.backtesting`)
scores the cohort model against them.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from .common import shift_period, whole_number

__all__ = ["baselines", "baseline_forecasts", "BASELINES", "BASELINE_COLUMNS"]

#: Columns of :func:`baselines`.
BASELINE_COLUMNS = ["method", "step", "period", "forecast", "lower_95", "upper_95"]
#: The simple methods analysts use, as named in :func:`baselines`.
BASELINES = ("mean growth", "last year's growth", "1-2-3 weighted growth", "linear trend")

_Z95 = 1.959963984540054


def baseline_forecasts(values: np.ndarray, horizon: int) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Point forecasts and 95% limits of the four baselines for steps 1..horizon, from a 1-D series (oldest first).

    Parameters
    ----------
    values : numpy.ndarray
        Yearly counts, oldest first, all above 0 (at least two).
    horizon : int
        Years ahead.

    Returns
    -------
    dict
        Each of :data:`BASELINES` -> (forecast, lower 95% limit, upper 95% limit), arrays of ``horizon`` steps (the
        limits NaN where the method gives none; see :func:`baselines`).
    """
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
    horizon = whole_number("horizon", horizon, 1)
    values = pd.to_numeric(pd.Series(series), errors="coerce").to_numpy(float)
    if len(values) < 2:
        raise ArgumentError(f"series must hold at least two years; got {len(values)}")
    if not np.all(values > 0):
        raise ArgumentError(f"series must hold counts above 0; got {values.tolist()!r}")
    last = str(pd.Series(series).index[-1])
    periods = [shift_period(last, h) if re.fullmatch(r"\d{4}/\d{2}", last) else str(h) for h in range(1, horizon + 1)]
    rows = []
    for name, (point, low, high) in baseline_forecasts(values, horizon).items():
        rows.append(pd.DataFrame({"method": name, "step": np.arange(1, horizon + 1), "period": periods,
                                  "forecast": point, "lower_95": low, "upper_95": high}))
    return pd.concat(rows, ignore_index=True)[BASELINE_COLUMNS]
