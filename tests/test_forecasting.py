"""The published total's model (pooled growth), the forecasters' standards, the scores and the back-test command."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jsnakit import cli
from jsnakit.core.errors import ArgumentError
from jsnakit.projection import pooled_growth, scoring, totals, univariate
from jsnakit.projection.growth_baselines import QUANTILE_LEVELS


def _ar2_panel(areas=300, years=7, coef=(0.03, 0.4, 0.2), sd=0.02, seed=1):
    """Log totals of many areas whose yearly log growth follows g = b0 + b1 g[-1] + b2 g[-2] + N(0, sd)."""
    rng = np.random.default_rng(seed)
    long_run = coef[0] / (1 - coef[1] - coef[2])
    g = np.full((areas, years + 40), long_run)
    for t in range(2, g.shape[1]):
        g[:, t] = coef[0] + coef[1] * g[:, t - 1] + coef[2] * g[:, t - 2] + rng.normal(0, sd, areas)
    g = g[:, -(years - 1):]
    return np.log(1000) + np.concatenate([np.zeros((areas, 1)), np.cumsum(g, axis=1)], axis=1)


def test_the_pooled_autoregression_recovers_its_coefficients():
    levels = _ar2_panel(areas=2000)
    fit = pooled_growth.fit_growth(levels, rng=np.random.default_rng(0))
    assert fit.lags == 2 and fit.areas == 2000 and fit.years == 6
    np.testing.assert_allclose(fit.coef, [0.03, 0.4, 0.2], atol=0.02)
    assert fit.long_run_growth() == pytest.approx(0.03 / 0.4, abs=0.01)
    assert np.sqrt(fit.prior_var) == pytest.approx(0.02, rel=0.1)   # the residual sd of the areas
    # the coefficients' resampled spread is their sampling error: small with 2,000 areas x 4 years
    assert (fit.coef_draws.std(axis=0) < 0.05).all()


def test_simulations_of_the_true_model_cover_as_stated():
    # Fit on 6 years of 300 areas, simulate 3 years ahead, and score against the 3 years the same process made.
    both = _ar2_panel(areas=300, years=10, seed=4)
    seen, ahead = both[:, :7], both[:, 7:]
    fit = pooled_growth.fit_growth(seen, rng=np.random.default_rng(0))
    draws = pooled_growth.simulate_growth(fit, seen, horizon=3, simulations=2000, rng=np.random.default_rng(1))
    assert draws.shape == (2000, 300, 3)
    low, high = np.quantile(np.log(draws), [0.025, 0.975], axis=0)
    inside = ((low <= ahead) & (ahead <= high)).mean(axis=0)
    assert ((inside > 0.90) & (inside < 0.99)).all()
    low, high = np.quantile(np.log(draws), [0.25, 0.75], axis=0)
    assert (np.abs(((low <= ahead) & (ahead <= high)).mean(axis=0) - 0.5) < 0.08).all()


def test_a_noisy_area_gets_wider_limits_than_a_steady_one():
    levels = _ar2_panel(areas=200, seed=2)
    noisy = levels[0] + np.array([0, 0.15, -0.1, 0.2, -0.05, 0.12, 0.0])
    both = np.vstack([levels, noisy])
    fit = pooled_growth.fit_growth(both, rng=np.random.default_rng(0))
    draws = np.log(pooled_growth.simulate_growth(fit, both[[1, -1]], horizon=1, simulations=4000,
                                                 rng=np.random.default_rng(0)))
    width = np.diff(np.quantile(draws[:, :, 0], [0.025, 0.975], axis=0), axis=0)[0]
    assert width[1] > 2 * width[0]


def test_with_few_areas_each_keeps_its_own_mean_growth():
    levels = np.log(np.array([[100, 110, 121, 133.1], [50, 50, 50, 50.0]]))
    fit = pooled_growth.fit_growth(levels, rng=np.random.default_rng(0))
    assert fit.lags == 0
    table = pd.DataFrame(np.exp(levels), index=["E06000001", "E06000002"],
                         columns=["2021/22", "2022/23", "2023/24", "2024/25"]).assign(area_type="unitary authority")
    path = totals.project_totals(table, ["E06000001", "E06000002"], origin="2024/25", horizon=2, simulations=1,
                                 noise=False)
    np.testing.assert_allclose(path[0], [[146.41, 161.051], [50, 50]])
    with pytest.raises(ArgumentError) as err:
        pooled_growth.fit_growth(np.ones((3, 2)), rng=np.random.default_rng(0))
    assert str(err.value) == ("log_totals must be a 2-D array of log totals (series x consecutive years, at least 3 "
                              "years); got shape (3, 2)")
    with pytest.raises(ArgumentError) as err:
        totals.project_totals(table, ["E06000001"], origin="2030/31", horizon=1, simulations=1)
    assert str(err.value) == ("caseload must hold totals of EHC plans for at least three consecutive Januaries up "
                              "to 2030/31; got too few")


def test_weighted_interval_score_by_hand():
    # Observed 100; median 90; 50% interval 85-95, 80% 80-100, 95% 70-110 (quantiles as the back-test writes them).
    row = pd.DataFrame([dict(observed=100.0, q025=70.0, q10=80.0, q25=85.0, q50=90.0, q75=95.0, q90=100.0,
                             q975=110.0)])
    scored = scoring.score_forecasts(row).iloc[0]
    # IS_0.5 = 10 + (2 / 0.5)(100 - 95) = 30; IS_0.2 = 20 (100 is inside 80-100); IS_0.05 = 40.
    # WIS = (0.5 x 10 + 0.25 x 30 + 0.1 x 20 + 0.025 x 40) / 3.5 = 15.5 / 3.5 = 4.428571 (% of 100).
    assert scored["wis"] == pytest.approx(15.5 / 3.5)
    assert scored["ape"] == pytest.approx(10.0)
    assert (scored["inside_50"], scored["inside_80"], scored["inside_95"]) == (0.0, 1.0, 1.0)
    assert scored["width_95"] == pytest.approx(100 * 40 / 90)
    with pytest.raises(ArgumentError):
        scoring.score_forecasts(row.drop(columns="q10"))


def test_paired_comparison_finds_the_better_method():
    rng = np.random.default_rng(0)
    rows = []
    for area in range(40):
        for origin in ("2018/19", "2019/20"):
            y = 100.0
            for method, error in (("good", rng.normal(0, 2)), ("bad", rng.normal(15, 2))):
                q = np.array([-20, -12, -6, 0, 6, 12, 20.0]) + y + error
                rows.append(dict(method=method, area_code=f"A{area}", origin=origin, horizon=1, observed=y,
                                 **dict(zip(scoring.QUANTILE_COLUMNS, q))))
    scored = scoring.score_forecasts(pd.DataFrame(rows))
    out = scoring.paired_comparison(scored, "good", resamples=300)
    row = out[out["era"] == "all"].iloc[0]
    assert row["against"] == "bad" and row["n"] == 80
    assert row["mdape_upper"] < 0 and row["wis_upper"] < 0 and row["better_share"] > 0.95
    assert set(out["era"]) == {"all", "from 2016/17"}
    with pytest.raises(ArgumentError):
        scoring.paired_comparison(scored, "none")


def test_ets_and_theta_are_statsmodels_own_forecasts():
    from statsmodels.tsa.forecasting.theta import ThetaModel

    values = np.array([520.0, 560, 610, 690, 730, 800])
    theta = univariate.theta_quantiles(values, 3)
    expected = np.exp(np.asarray(ThetaModel(np.log(values), period=1, deseasonalize=False).fit().forecast(3)))
    np.testing.assert_allclose(theta[:, 3], expected)
    every = univariate.standard_forecasts(values, 3)
    assert set(every) == set(univariate.STANDARD_METHODS)
    for q in every.values():
        assert q.shape == (3, len(QUANTILE_LEVELS)) and (np.diff(q, axis=1) >= 0).all()
    drift = np.array([800 * (1 + np.mean(values[1:] / values[:-1] - 1)) ** h for h in (1, 2, 3)])
    np.testing.assert_allclose(every["combination"][:, 3], (every["ETS"][:, 3] * theta[:, 3] * drift) ** (1 / 3))


def test_the_backtest_command_on_the_samples(capsys):
    status = cli.main(["backtest", "--areas", "E09000019", "E08000005", "--methods", "mean growth",
                       "--simulations", "200", "--jobs", "1", "--json"])
    assert status == 0
    report = json.loads(capsys.readouterr().out)
    assert report["areas"] == 2 and report["horizons"] == [1, 2, 3] and report["published"] == "model"
    # the samples hold Januaries 2018/19 to 2024/25: origins from the third January on, each with a year after it
    assert report["origins"] == ["2020/21", "2021/22", "2022/23", "2023/24"]
    summary = pd.DataFrame(report["summary"])
    assert set(summary["method"]) == {"model", "mean growth"}
    one = summary[(summary["method"] == "model") & (summary["era"] == "all") & (summary["horizon"] == 1)].iloc[0]
    assert one["n"] == 8 and 0 <= one["coverage_95"] <= 1
    assert set(pd.DataFrame(report["comparison"])["against"]) == {"mean growth"}
    status = cli.main(["backtest", "--areas", "E09000019", "--methods", "linear trend", "--simulations", "100",
                       "--jobs", "1", "--origins", "2022/23", "2023/24"])
    text = capsys.readouterr().out
    # no published total three years after 2022/23 in the samples: the longest horizon scored is 2 years
    assert status == 0 and "origins 2022/23 to 2023/24, horizons 1, 2 years" in text
    assert "Paired comparison at 2 years" in text
    assert cli.main(["backtest", "--methods", "crystal ball", "--jobs", "1"]) == 2
    assert "methods must be some of" in capsys.readouterr().err


def test_the_bootstraps_median_is_numpys_median_of_the_resampled_values():
    rng = np.random.default_rng(0)
    values = rng.normal(size=9)
    counts = rng.integers(0, 3, (200, 9))
    counts = counts[counts.sum(axis=1) > 0]
    expected = [np.median(np.repeat(values, row)) for row in counts]   # odd and even totals both
    np.testing.assert_allclose(scoring._weighted_medians(values, counts), expected)
