"""The forecasters' standard methods for one series, as quantile forecasts for the back-test: exponential smoothing
(ETS) chosen by AICc, the Theta method, and their combination with the drift (mean growth) method.

Every method works on the natural log of the yearly counts (the caseload grows by a share of itself, and the limits
stay above zero) and returns the quantiles of :data:`~jsnakit.projection.growth_baselines.QUANTILE_LEVELS`, in
persons. They are fitted with statsmodels:

* **ETS**: ``ETSModel`` with additive errors and no trend (simple exponential smoothing), an additive trend
  (Holt), and, from 9 years, a damped additive trend; the one with the smallest AICc is kept, or the smallest AIC
  when a candidate's AICc is infinite (Holt's is on six years, and AICc would then always choose no growth) (the
  automatic ETS of Hyndman et al. 2002 without seasonality, which yearly counts lack).
  Limits are the model's analytic prediction intervals (Hyndman et al. 2008, ch. 6).
* **Theta**: ``ThetaModel`` (Assimakopoulos and Nikolopoulos 2000, in the form of Hyndman and Billah 2003: simple
  exponential smoothing with drift half the slope of the linear trend), its own prediction intervals.
* **combination**: the average, quantile by quantile on the log scale, of ETS, Theta and mean growth (the drift
  method). Averaging forecasts of different methods is the best-known winner of the M competitions (Makridakis et
  al. 2020); averaging quantiles is Vincentisation (Lichtendahl, Grushka-Cockayne and Winkler 2013).

References
----------
- Hyndman RJ, Koehler AB, Snyder RD, Grose S (2002). A state space framework for automatic forecasting using
  exponential smoothing methods. *International Journal of Forecasting* 18(3):439-454.
- Hyndman RJ, Koehler AB, Ord JK, Snyder RD (2008). *Forecasting with exponential smoothing: the state space
  approach*, Springer.
- Assimakopoulos V, Nikolopoulos K (2000). The theta model: a decomposition approach to forecasting.
  *International Journal of Forecasting* 16(4):521-530; Hyndman RJ, Billah B (2003). Unmasking the Theta method.
  *International Journal of Forecasting* 19(2):287-290.
- Makridakis S, Spiliotis E, Assimakopoulos V (2020). The M4 Competition: 100,000 time series and 61 forecasting
  methods. *International Journal of Forecasting* 36(1):54-74.
- Lichtendahl KC, Grushka-Cockayne Y, Winkler RL (2013). Is it better to average probabilities or quantiles?
  *Management Science* 59(7):1594-1611.
"""
from __future__ import annotations

import warnings

import numpy as np

from .growth_baselines import QUANTILE_LEVELS, baseline_forecasts

__all__ = ["STANDARD_METHODS", "ets_quantiles", "theta_quantiles", "standard_forecasts"]

#: The forecasters' standard methods, as named in the back-test.
STANDARD_METHODS = ("ETS", "Theta", "combination")

_ALPHAS = (0.05, 0.2, 0.5)  # the central intervals of QUANTILE_LEVELS, widest first


def _from_intervals(median: np.ndarray, lower: dict, upper: dict) -> np.ndarray:
    """Quantiles (horizon, 7) on the log scale from a median and the lower/upper limits of each alpha."""
    return np.column_stack([lower[0.05], lower[0.2], lower[0.5], median, upper[0.5], upper[0.2], upper[0.05]])


def ets_quantiles(values, horizon: int) -> np.ndarray:
    """ETS on the log counts, the model chosen by AICc (AIC on a series too short for it); quantiles in persons.

    Parameters
    ----------
    values : array-like
        Yearly counts (persons), oldest first, all above 0 (at least three).
    horizon : int
        Years ahead.

    Returns
    -------
    numpy.ndarray
        (horizon, len(QUANTILE_LEVELS)) persons; NaN when no model could be fitted.
    """
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = pd.Series(np.log(np.asarray(values, dtype=float)))  # a Series: statsmodels' prediction frame needs an index
    best, best_aicc = None, np.inf
    # the damped trend has more parameters than 8 years or fewer can carry: it is tried from 9 years on
    candidates = ((None, False), ("add", False)) + ((("add", True),) if len(y) >= 9 else ())
    fits = []
    for trend, damped in candidates:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fits.append(ETSModel(y, error="add", trend=trend, damped_trend=damped).fit(disp=False))
            except (ValueError, np.linalg.LinAlgError):
                continue
    # AICc when every candidate has one; on a short series Holt's AICc is infinite (n - k - 1 <= 0), which would
    # always choose simple smoothing (no growth), so the candidates are then compared by AIC
    criterion = "aicc" if all(np.isfinite(f.aicc) for f in fits) else "aic"
    for fit in fits:
        score = getattr(fit, criterion)
        if best is None or score < best_aicc:
            best, best_aicc = fit, score
    if best is None:
        return np.full((horizon, len(QUANTILE_LEVELS)), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prediction = best.get_prediction(start=len(y), end=len(y) + horizon - 1)
        lower, upper = {}, {}
        for alpha in _ALPHAS:
            frame = prediction.summary_frame(alpha=alpha)
            lower[alpha], upper[alpha] = frame["pi_lower"].to_numpy(), frame["pi_upper"].to_numpy()
        median = frame["mean"].to_numpy()
    return np.exp(_from_intervals(median, lower, upper))


def theta_quantiles(values, horizon: int) -> np.ndarray:
    """The Theta method on the log counts; quantiles in persons.

    Parameters
    ----------
    values : array-like
        Yearly counts (persons), oldest first, all above 0 (at least three).
    horizon : int
        Years ahead.

    Returns
    -------
    numpy.ndarray
        (horizon, len(QUANTILE_LEVELS)) persons; NaN when the model could not be fitted.
    """
    from statsmodels.tsa.forecasting.theta import ThetaModel

    y = np.log(np.asarray(values, dtype=float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = ThetaModel(y, period=1, deseasonalize=False).fit()
            median = np.asarray(fit.forecast(horizon))
            lower, upper = {}, {}
            for alpha in _ALPHAS:
                limits = np.asarray(fit.prediction_intervals(horizon, alpha=alpha))
                lower[alpha], upper[alpha] = limits[:, 0], limits[:, 1]
        except (ValueError, np.linalg.LinAlgError):
            return np.full((horizon, len(QUANTILE_LEVELS)), np.nan)
    return np.exp(_from_intervals(median, lower, upper))


def standard_forecasts(values, horizon: int) -> dict[str, np.ndarray]:
    """ETS, Theta and their combination with mean growth, for one series.

    Parameters
    ----------
    values : array-like
        Yearly counts (persons), oldest first, all above 0 (at least three).
    horizon : int
        Years ahead.

    Returns
    -------
    dict
        Each of :data:`STANDARD_METHODS` -> (horizon, len(QUANTILE_LEVELS)) persons.
    """
    ets, theta = ets_quantiles(values, horizon), theta_quantiles(values, horizon)
    drift = baseline_forecasts(np.asarray(values, dtype=float), horizon)["mean growth"]
    with np.errstate(divide="ignore", invalid="ignore"):
        combined = np.exp(np.mean(np.log(np.stack([ets, theta, drift])), axis=0))
    return {"ETS": ets, "Theta": theta, "combination": combined}
