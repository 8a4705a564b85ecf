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
    assert report["areas"] == 2 and report["published"] == "model"
    # the samples hold Januaries 2018/19 to 2024/25: origins from the fifth January on (the two lags of the model
    # need five), each with a published total after it; three years ahead of 2022/23 is not published yet
    assert report["origins"] == ["2022/23", "2023/24"] and report["horizons"] == [1, 2]
    assert report["spans"] == {"1": ["2022/23", "2023/24"], "2": ["2022/23", "2022/23"]}
    summary = pd.DataFrame(report["summary"])
    assert set(summary["method"]) == {"model", "mean growth"}
    one = summary[(summary["method"] == "model") & (summary["era"] == "all") & (summary["horizon"] == 1)].iloc[0]
    assert one["n"] == 4                                                   # 2 areas x 2 origins
    assert set(pd.DataFrame(report["comparison"])["against"]) == {"mean growth"}
    status = cli.main(["backtest", "--areas", "E09000019", "--methods", "linear trend", "--simulations", "100",
                       "--jobs", "1", "--origins", "2023/24", "2023/24"])
    text = capsys.readouterr().out
    assert status == 0 and "origins 2023/24 to 2023/24, horizons 1 years" in text
    assert "Paired comparison at 1 years" in text
    assert cli.main(["backtest", "--methods", "crystal ball", "--jobs", "1"]) == 2
    assert "methods must be some of" in capsys.readouterr().err


def test_the_backtest_scores_the_model_that_project_publishes(real):
    # The back-test's forecast of Rochdale from January 2022 (2021/22) and project() on the real caseload as it
    # stood then (the SEN2 age bands run to 2021/22) are one model: the same median and limits, to simulation error.
    from jsnakit.catalog import Catalog
    from jsnakit.core import geography
    from jsnakit.projection import backtest_forecasts, project

    caseload = geography.to_current_areas(Catalog(real).load("ehc_caseload"))
    then = caseload[caseload["period"] <= "2021/22"]
    detail = backtest_forecasts(then, origins=["2021/22"], horizons=(1, 2), simulations=4000, methods=["model"],
                                areas=["E08000005"])
    assert detail.empty                                   # nothing published after the origin in `then` to score
    detail = backtest_forecasts(caseload, origins=["2021/22"], horizons=(1, 2), simulations=4000, methods=["model"],
                                areas=["E08000005"]).set_index("horizon")
    fan = project(then, area_code="E08000005", years=2, simulations=4000, seed=1)
    total = fan[(fan["age_band"] == "All") & (fan["need"] == "All")].reset_index(drop=True)
    for h in (1, 2):
        assert total.at[h - 1, "median"] == pytest.approx(detail.at[h, "q50"], rel=0.01)
        assert total.at[h - 1, "upper_95"] == pytest.approx(detail.at[h, "q975"], rel=0.03)
        assert total.at[h - 1, "lower_95"] == pytest.approx(detail.at[h, "q025"], rel=0.03)


def test_the_fallback_covers_as_stated():
    # Fewer areas than the pool needs: each series its own mean growth. Series of iid growth (mean 0.08, sd 0.05),
    # 5 growths seen, 3 ahead: over 400 replications the 95% interval holds the truth about 95% of the time.
    rng = np.random.default_rng(7)
    inside = []
    for _ in range(400):
        growth = rng.normal(0.08, 0.05, (3, 8))
        levels = np.log(500) + np.concatenate([np.zeros((3, 1)), np.cumsum(growth, axis=1)], axis=1)
        seen, ahead = levels[:, :6], levels[:, 6:]
        fit = pooled_growth.fit_growth(seen, rng=rng)
        assert fit.lags == 0
        draws = np.log(pooled_growth.simulate_growth(fit, seen, horizon=3, simulations=400, rng=rng))
        low, high = np.quantile(draws[:, :, :], [0.025, 0.975], axis=0)
        inside.append((low <= ahead) & (ahead <= high))
    coverage = np.mean(inside, axis=(0, 1))
    assert ((coverage > 0.89) & (coverage < 0.99)).all(), coverage


def test_the_bootstraps_median_is_numpys_median_of_the_resampled_values():
    rng = np.random.default_rng(0)
    values = rng.normal(size=9)
    counts = rng.integers(0, 3, (200, 9))
    counts = counts[counts.sum(axis=1) > 0]
    expected = [np.median(np.repeat(values, row)) for row in counts]   # odd and even totals both
    np.testing.assert_allclose(scoring._weighted_medians(values, counts), expected)


def _report(origins=("2011/12", "2016/17", "2021/22")):
    from jsnakit.projection.report import BacktestReport

    rows = []
    for method, mdape, wis, cover in (("model", 6.7, 4.9, (0.53, 0.77, 0.92)),
                                      ("mean growth", 9.1, 6.7, (0.46, 0.77, 0.93))):
        for era in ("all", "before 2016/17", "from 2016/17"):
            rows.append(dict(method=method, era=era, horizon=3, n=918, mdape=mdape, coverage_50=cover[0],
                             coverage_80=cover[1], coverage_95=cover[2], width_95=38.8, wis=wis))
    comparison = pd.DataFrame([dict(method="model", against="mean growth", era="from 2016/17", horizon=3, n=918,
                                    mdape_difference=-2.4, mdape_lower=-3.0, mdape_upper=-1.8, wis_difference=-1.85,
                                    wis_lower=-2.3, wis_upper=-1.4, better_share=0.7)])
    return BacktestReport(summary=pd.DataFrame(rows), comparison=comparison, origins=list(origins), areas=153,
                          horizons=(3,), spans={3: (origins[0], origins[-1])})


def test_the_backtest_in_the_factsheets_words():
    from jsnakit.render import projection_notes

    text = projection_notes.backtest_text(_report())
    assert text.startswith("**How far can this projection be trusted?** It was tested on the published caseload of "
                           "153 local authorities: projected from each January from 2016/17 to 2021/22 with only the "
                           "years before it, and set against the figure published 3 years later.")
    assert ("Its median error was 6.7%, and its 50%, 80% and 95% intervals held the published figure 53%, 77% and 92% "
            "of the time.") in text
    assert ("Of the methods tried (this projection, the mean yearly growth), this projection had both the best "
            "interval score (which rewards narrow intervals that hold the published figure) and the smallest median "
            "error.") in text
    assert ("Its interval score minus that of the best of the others, the mean yearly growth, was -1.9 (in % of the "
            "published figure; below 0 this projection is better; 95% interval -2.3 to -1.4, from resampling local "
            "authorities): a difference larger than chance.") in text
    assert text.endswith("in a way no earlier year foretold.")
    # no origin before 2016/17: nothing is left out, so nothing is said about it
    later = projection_notes.backtest_text(_report(origins=("2020/21", "2021/22")))
    assert "left out" not in later and "from each January from 2020/21 to 2021/22" in later
    # the JSON round trip keeps every figure
    from jsnakit.projection.report import BacktestReport

    again = BacktestReport.from_json(_report().to_json())
    pd.testing.assert_frame_equal(again.summary, _report().summary)
    assert again.origins == _report().origins and again.horizons == (3,) and again.winner() == "model"
    assert again.spans == {3: ("2011/12", "2021/22")}


def test_the_factsheets_backtest_is_made_once_per_folder(samples, tmp_path):
    from jsnakit.catalog import Catalog
    from jsnakit.projection import evidence

    folder = Catalog(samples, cache_dir=tmp_path)
    first = evidence.backtest_evidence(folder)
    path = evidence.evidence_cache_path(folder)
    assert path.is_file() and set(first.summary["method"]) == set(evidence.EVIDENCE_METHODS)
    stamp = path.stat().st_mtime_ns
    again = evidence.backtest_evidence(folder)
    assert path.stat().st_mtime_ns == stamp                       # read back, not made again
    pd.testing.assert_frame_equal(again.summary, first.summary)
    path.write_text("not json")                                   # a damaged cache is made again, never trusted
    assert evidence.backtest_evidence(folder).summary.shape == first.summary.shape
    (tmp_path / "empty").mkdir()
    assert evidence.backtest_evidence(Catalog(tmp_path / "empty", cache_dir=False)) is None


def test_a_break_in_the_real_data_is_flagged_and_small_areas_noise_is_not(real, samples):
    # Newham's published total fell from 2,705 (January 2024) to 1,199 (January 2025); Nottingham's rose from
    # 1,371 to 2,115 in January 2024. Over the five years of change to 2024/25 the LAs' changes have quartiles of
    # log growth 0.0645 and 0.1259 (by hand from the real file), so the far-out fences are log growth
    # 0.0645 - 3 x 0.0614 = -0.1196 and 0.1259 + 3 x 0.0614 = 0.3100, a fall of 11.3% and a rise of 36.3%.
    from jsnakit.catalog import Catalog
    from jsnakit.core import geography

    table = totals.totals_table(geography.to_current_areas(Catalog(real).load("ehc_caseload")))
    flagged = {code: totals.unusual_changes(table, code) for code in table.index}
    flagged = {code: rows for code, rows in flagged.items() if len(rows)}
    assert sorted(flagged) == ["E06000018", "E09000025"]
    newham = flagged["E09000025"].iloc[0]
    assert (newham["period"], newham["before"], newham["after"]) == ("2024/25", 2705.0, 1199.0)
    assert newham["low"] == pytest.approx(-0.113, abs=0.001) and newham["high"] == pytest.approx(0.363, abs=0.001)
    assert flagged["E06000018"]["period"].tolist() == ["2023/24"]
    # From January 2024, before Newham's fall, Newham is not flagged (its rise of 40% to 2022/23 is within that
    # window's fences).
    assert totals.unusual_changes(table, "E09000025", origin="2023/24").empty
    # The samples' two smallest areas (Isles of Scilly, 21 plans to 16; City of London, 12 to 7) swing by more than
    # the fences, but within the chance variation of counts that small: not flagged.
    small = totals.totals_table(geography.to_current_areas(Catalog(samples).load("ehc_caseload")))
    assert totals.unusual_changes(small, "E06000053").empty and totals.unusual_changes(small, "E09000001").empty
    # Far out beyond chance with larger counts: the same falls scaled up 100 times are flagged.
    scaled = small.copy()
    scaled.loc["E06000053", scaled.columns[1:]] = scaled.loc["E06000053", scaled.columns[1:]] * 100
    assert len(totals.unusual_changes(scaled, "E06000053")) >= 1


def test_the_break_warning_in_the_factsheets_words():
    from jsnakit.render.projection_notes import changes_text

    rows = pd.DataFrame([{"period": "2024/25", "before": 2705.0, "after": 1199.0, "change": 1199 / 2705 - 1,
                          "low": -0.113, "high": 0.363}])
    text = changes_text(rows, area_name="Newham")
    assert "fell by 56% in January 2025 (from about 2,700 to about 1,200)" in text
    assert "(from a fall of 11% to a rise of 36%)" in text
    assert changes_text(rows.iloc[:0], area_name="Newham") == ""
    tiny = rows.assign(before=9.0, after=40.0, change=40 / 9 - 1)
    assert "from fewer than 10 to about 40" in changes_text(tiny, area_name="X")
