"""Demand projection: the cohort model by hand, its uncertainty, scenarios, baselines and the back-test on real data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jsnakit.projection import cohort, cohort_kernels, common
from jsnakit.projection import model as projection
from jsnakit.core import geography
from jsnakit.core.errors import ArgumentError
from jsnakit.projection import Multiplier, baselines, backtest, backtest_forecasts, project, project_sen_support
from jsnakit.projection.cohort import cohort_path
from jsnakit.sources import dfe

AREA = "E06000001"


def _caseload(counts: dict[str, dict[str, float]], area=AREA) -> pd.DataFrame:
    """A count frame of single ages: {period: {age: count}} plus the totals."""
    rows = []
    for period, ages in counts.items():
        rows.append(dict(period=period, breakdown="All", category="All", count=float(sum(ages.values()))))
        rows += [dict(period=period, breakdown="age", category=a, count=float(c)) for a, c in ages.items()]
    frame = pd.DataFrame(rows)
    return frame.assign(source="test", area_code=area, area_name="Hartlepool", area_type="unitary authority",
                        measure="ehc_plans", note=None)


# 2022/23: ages 23, 24, 25 hold 10, 20, 30; 2023/24: 12, 15, 16 (every other SEN2 age: no row, so 0).
SMALL = _caseload({"2022/23": {"23": 10, "24": 20, "25": 30}, "2023/24": {"23": 12, "24": 15, "25": 16}})


def _total(frame, column="median"):
    return frame[(frame["age_band"] == "All") & (frame["need"] == "All")].set_index("period")[column]


def test_deterministic_path_without_population_is_the_hand_computation():
    out = cohort_path(SMALL, area_code=AREA, years=2, ages="single", recent=1, scenario="rates held")
    # By hand. Ageing 2022/23 -> 2023/24 (single years move up; 25 is the oldest and leaves): 0, 10, 20, total 30.
    # Observed 12, 15, 16: joiners 12 at 23 and 5 at 24 (rates 12/30 and 5/30 per aged-on plan); at 25 a fall,
    # leaving rate 1 - 16/20 = 0.2.
    # 2024/25: aged 0, 12, 15 (total 27); 15 x 0.2 = 3 leave; joiners 0.4 x 27 = 10.8, 27/6 = 4.5 -> 10.8, 16.5, 12.
    # 2025/26: aged 0, 10.8, 16.5 (27.3); 3.3 leave; joiners 10.92, 4.55 -> 10.92, 15.35, 13.2.
    ages = out[out["need"] == "All"].pivot_table(index="period", columns="age_band", values="median")
    np.testing.assert_allclose(ages.loc["2024/25", ["23", "24", "25"]], [10.8, 16.5, 12.0])
    np.testing.assert_allclose(ages.loc["2025/26", ["23", "24", "25"]], [10.92, 15.35, 13.2])
    np.testing.assert_allclose(_total(out), [39.3, 39.47])
    # No uncertainty: the five figures are one.
    assert (out[["lower_50", "upper_50", "lower_95", "upper_95"]].to_numpy().T == out["median"].to_numpy()).all()
    assert list(out.columns) == projection.PROJECTION_COLUMNS
    assert set(out["scenario"]) == {"rates held"}


def _population(by_year: dict[int, dict[int, float]]) -> pd.DataFrame:
    rows = [dict(period=str(y), age=float(a), population=float(p)) for y, ages in by_year.items()
            for a, p in ages.items()]
    return pd.DataFrame(rows).assign(source="test", area_code=AREA, area_name="Hartlepool",
                                     area_type="unitary authority", sex="persons")


def test_deterministic_path_with_population_ages_the_latest_estimate_on():
    # Mid-2022 and mid-2023: 100 at each of ages 23-25; mid-2023 has 200 aged 22 (and 0 at 21).
    pop = _population({2022: {23: 100, 24: 100, 25: 100}, 2023: {22: 200, 23: 100, 24: 100, 25: 100}})
    out = cohort_path(SMALL, pop, area_code=AREA, years=2, ages="single", recent=1, scenario="rates held")
    # Joining rates per head (2023/24 against mid-2023): 12/100 at 23, 5/100 at 24, 0 at 25; leaving 0.2 at 25.
    # Mid-2024 is mid-2023 aged on: 200 aged 23, 100 aged 24, 100 aged 25 -> joiners 24, 5, 0.
    # 2024/25: aged 0, 12, 15; 3 leave at 25 -> 24, 17, 12 (53).
    # Mid-2025: 0 aged 23 (mid-2023's 0 at age 21), 200 aged 24, 100 aged 25 -> joiners 0, 10, 0.
    # 2025/26: aged 0, 24, 17; 3.4 leave -> 0, 34, 13.6 (47.6).
    ages = out[out["need"] == "All"].pivot_table(index="period", columns="age_band", values="median")
    np.testing.assert_allclose(ages.loc["2024/25", ["23", "24", "25"]], [24, 17, 12])
    np.testing.assert_allclose(ages.loc["2025/26", ["23", "24", "25"]], [0, 34, 13.6])
    np.testing.assert_allclose(_total(out), [53, 47.6])


def test_bands_age_out_at_one_over_the_width():
    # Two Januaries of SEN2 bands (5 bands; 20-25 oldest). Counts equal to the aged-on caseload => no flows.
    start = {"0-4": 50, "5-10": 60, "11-15": 50, "16-19": 40, "20-25": 60}
    aged = {"0-4": 40, "5-10": 60, "11-15": 50, "16-19": 40, "20-25": 60}
    # 0-4 keeps 4/5 of 50 = 40; 5-10 keeps 5/6 x 60 = 50 and gains 50/5 = 10 -> 60; 11-15: 4/5 x 50 + 60/6 = 50;
    # 16-19: 3/4 x 40 + 50/5 = 40; 20-25: 5/6 x 60 + 40/4 = 60.
    rows = []
    for period, bands in {"2020/21": start, "2021/22": aged}.items():
        rows.append(dict(period=period, breakdown="All", category="All", count=float(sum(bands.values()))))
        rows += [dict(period=period, breakdown="age_band", category=b, count=float(c)) for b, c in bands.items()]
    frame = pd.DataFrame(rows).assign(area_code=AREA, measure="ehc_plans")
    out = cohort_path(frame, area_code=AREA, years=1, scenario="rates held")
    got = out[out["need"] == "All"].set_index("age_band")["median"]
    # Nothing joins or leaves: 2022/23 is 2021/22 aged on: 0-4 4/5 x 40 = 32; 5-10 5/6 x 60 + 40/5 = 58;
    # 11-15 4/5 x 50 + 60/6 = 50; 16-19 3/4 x 40 + 50/5 = 40; 20-25 5/6 x 60 + 40/4 = 60 (60/6 = 10 turn 26).
    np.testing.assert_allclose(got[["0-4", "5-10", "11-15", "16-19", "20-25"]], [32, 58, 50, 40, 60])
    assert got["All"] == pytest.approx(240)


@pytest.fixture(scope="module")
def sample_inputs():
    from jsnakit.catalog import Catalog

    data = Catalog("data_samples")
    return data.load("ehc_caseload"), data.load("population"), data.load("ehc_needs")


def test_interval_widens_with_the_horizon_and_median_follows_the_central_path(sample_inputs):
    caseload, population, _ = sample_inputs
    fan = project(caseload, population, area_code=AREA, years=10, simulations=4000, ages="single")
    total = fan[(fan["age_band"] == "All") & (fan["need"] == "All")]
    assert len(total) == 10 and total["period"].tolist()[0] == "2025/26" and total["period"].tolist()[-1] == "2034/35"
    assert set(fan["scenario"]) == {"recent growth"}
    width95 = (total["upper_95"] - total["lower_95"]).to_numpy()
    width50 = (total["upper_50"] - total["lower_50"]).to_numpy()
    assert (np.diff(width95) > 0).all() and (np.diff(width50) > 0).all()
    assert ((total["lower_95"] <= total["lower_50"]) & (total["lower_50"] <= total["median"])
            & (total["median"] <= total["upper_50"]) & (total["upper_50"] <= total["upper_95"])).all()
    path = project(caseload, population, area_code=AREA, years=10, ages="single", uncertainty=False)
    np.testing.assert_allclose(total["median"].to_numpy(), _total(path).to_numpy(), rtol=0.05)
    # The sample's January 2025 figure for Hartlepool (data_samples/dfe_ehc_plans/caseload.csv, 202425) is 3,528;
    # the first year ahead starts from it.
    assert caseload[(caseload["area_code"] == AREA) & (caseload["period"] == "2024/25")
                    & (caseload["breakdown"] == "All")]["count"].item() == 3528
    # The split by age is the cohort path's share of each simulated total: the groups' quantiles add up to the
    # total's, and their shares are the path's.
    last = fan[(fan["period"] == "2034/35") & (fan["need"] == "All") & (fan["age_band"] != "All")]
    for column in ("median", "lower_95", "upper_95"):
        assert last[column].sum() == pytest.approx(total[column].iloc[-1], rel=1e-9)
    shares = cohort_path(caseload, population, area_code=AREA, years=10, ages="single")
    shares = shares[(shares["period"] == "2034/35") & (shares["need"] == "All")].set_index("age_band")["median"]
    np.testing.assert_allclose(last.set_index("age_band")["median"] / total["median"].iloc[-1],
                               shares.drop("All") / shares["All"], rtol=1e-9)


def test_same_seed_same_figures(sample_inputs):
    caseload, population, _ = sample_inputs
    a = project(caseload, population, area_code=AREA, years=3, simulations=200, seed=7)
    b = project(caseload, population, area_code=AREA, years=3, simulations=200, seed=7)
    pd.testing.assert_frame_equal(a, b)


def test_the_pool_is_made_once_for_the_same_contents(sample_inputs, monkeypatch):
    caseload, population, _ = sample_inputs
    calls = []
    real = cohort._peer_fits
    monkeypatch.setattr(cohort, "_peer_fits", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(cohort, "_POOLS", {})
    first = project(caseload, population, area_code=AREA, years=3, simulations=200, seed=7)
    project(caseload, population, area_code="E09000019", years=3, simulations=200, seed=7,
            multipliers=[{"factor": 1.2, "start": "2026/27"}])
    assert len(calls) == 1  # another area and another multiplier, the same frames: pooled once
    again = project(caseload.copy(), population.copy(), area_code=AREA, years=3, simulations=200, seed=7)
    assert len(calls) == 1  # new frames with the same contents (the next area's kernel reads them again): reused
    pd.testing.assert_frame_equal(first, again)
    changed = caseload.copy()
    row = changed["count"].first_valid_index()
    changed.loc[row, "count"] = changed.loc[row, "count"] + 1  # one count changed: pooled again
    project(changed, population, area_code=AREA, years=3, simulations=200, seed=7)
    assert len(calls) == 2


def test_need_split_and_multipliers_act_from_their_year_only(sample_inputs):
    caseload, population, needs = sample_inputs
    asd = "Autistic spectrum disorder"
    kw = dict(area_code=AREA, years=4, ages="single", uncertainty=False, needs=needs)
    plain = project(caseload, population, **kw)
    more = project(caseload, population, multipliers=[{"factor": 1.5, "start": "2027/28", "need": asd}], **kw)
    needs_total = plain[(plain["age_band"] == "All") & (plain["need"] != "All")].groupby("period")["median"].sum()
    np.testing.assert_allclose(needs_total.to_numpy(), _total(plain).to_numpy())
    key = ["period", "age_band", "need"]
    a, b = plain.set_index(key)["median"], more.set_index(key)["median"]
    for period in ("2025/26", "2026/27"):                      # before the multiplier's year: unchanged
        pd.testing.assert_series_equal(a.xs(period, level="period"), b.xs(period, level="period"))
    first = b.xs("2027/28", level="period") / a.xs("2027/28", level="period")
    assert first.xs(asd, level="need").loc["All"] > 1.0
    other = [n for n in a.index.get_level_values("need").unique() if n not in (asd, "All")][0]
    assert first.xs(other, level="need").loc["All"] == pytest.approx(1.0)
    # An age multiplier: only joiners of age 3 from 2026/27.
    young = project(caseload, population, multipliers=[Multiplier(2.0, "2026/27", age="3")], **kw)
    c = young.set_index(key)["median"]
    assert c.loc[("2025/26", "3", "All")] == pytest.approx(a.loc[("2025/26", "3", "All")])
    assert c.loc[("2026/27", "3", "All")] > a.loc[("2026/27", "3", "All")]
    assert c.loc[("2026/27", "10", "All")] == pytest.approx(a.loc[("2026/27", "10", "All")])


def test_scenarios_trend_and_convergence():
    series = _caseload({"2020/21": {"23": 10, "24": 20, "25": 30}, "2021/22": {"23": 11, "24": 20, "25": 28},
                        "2022/23": {"23": 13, "24": 21, "25": 28}, "2023/24": {"23": 16, "24": 24, "25": 30}})
    pop = _population({2020: {a: 100 for a in range(26)}})    # aged on: 100 at every age every year
    # Joiners by hand (smallest flows): 11 + 10 + 8 = 29, 13 + 10 + 8 = 31, 16 + 11 + 9 = 36: a rising rate.
    held = _total(cohort_path(series, pop, area_code=AREA, years=3, ages="single", scenario="rates held"))
    trend = _total(cohort_path(series, pop, area_code=AREA, years=3, ages="single", scenario="recent trend"))
    assert (trend > held).all()                               # joining rates grew in the history
    bench = {age: 0.0 for age in projection.SEN2_AGES}
    towards = cohort_path(series, pop, area_code=AREA, years=3, ages="single", scenario="converge to benchmark",
                          benchmark=bench, converge_years=1)
    # Converged within one year to no joiners: from 2024/25 only the aged-on caseload less leavers remains.
    assert _total(towards).iloc[0] < held.iloc[0]
    assert towards[(towards["age_band"] == "23")]["median"].eq(0).all()
    # Statistical neighbours: three with the same history (so the same rates: converging to them is holding), then
    # three with every count doubled (twice the joiners per head, the same leaving shares: a higher path).
    def with_neighbours(factor):
        codes = ["E06000002", "E06000003", "E06000004"]
        history = {"2020/21": {"23": 10, "24": 20, "25": 30}, "2021/22": {"23": 11, "24": 20, "25": 28},
                   "2022/23": {"23": 13, "24": 21, "25": 28}, "2023/24": {"23": 16, "24": 24, "25": 30}}
        frames = [series] + [_caseload({p: {a: factor * n for a, n in ages.items()} for p, ages in history.items()},
                                       area=c) for c in codes]
        people = pd.concat([pop] + [pop.assign(area_code=c) for c in codes])
        close = pd.DataFrame({"area_code": AREA, "rank": [1, 2, 3], "neighbour_code": codes, "closeness": "Close"})
        return _total(cohort_path(pd.concat(frames), people, area_code=AREA, years=3, ages="single",
                                  scenario="converge to neighbours", neighbours=close, converge_years=2, pool=False))
    np.testing.assert_allclose(with_neighbours(1), held)
    assert (with_neighbours(2) > held).all()
    # In project() a scenario is a what-if on the published projection: its simulations times the ratio of the
    # scenario's path to the recent trend's (the same four Januaries of one LA: the growth model's fallback, the
    # area's own mean growth, whose central path grows the total of 2023/24 (70) by exp(mean log growth) a year).
    published = _total(project(series, pop, area_code=AREA, years=3, ages="single", uncertainty=False))
    what_if = _total(project(series, pop, area_code=AREA, years=3, ages="single", uncertainty=False,
                             scenario="rates held"))
    growth = np.exp(np.mean(np.diff(np.log([60.0, 59.0, 62.0, 70.0]))))
    np.testing.assert_allclose(published, 70 * growth ** np.arange(1, 4))
    np.testing.assert_allclose(what_if, published * held / trend)
    # The damping moves the "recent trend" what-if, never the published projection: at the published DAMPING the two
    # are one projection; undamped, the what-if is the published times the undamped path over the damped one.
    def total(**kw):
        return _total(project(series, pop, area_code=AREA, years=3, ages="single", uncertainty=False, **kw))

    np.testing.assert_allclose(total(damping=1.0), published)
    np.testing.assert_allclose(total(scenario="recent trend"), published)
    undamped = _total(cohort_path(series, pop, area_code=AREA, years=3, ages="single", damping=1.0))
    assert not np.allclose(undamped, trend)
    np.testing.assert_allclose(total(scenario="recent trend", damping=1.0), published * undamped / trend)


def test_scenario_registry_and_bad_arguments():
    assert set(projection.SCENARIOS) == {"recent growth", "rates held", "recent trend", "converge to England",
                                         "converge to neighbours", "converge to benchmark"}
    with pytest.raises(ArgumentError) as err:
        project(SMALL, area_code=AREA, scenario="wild guess")
    assert str(err.value) == ("scenario must be one of 'converge to England', 'converge to benchmark', "
                              "'converge to neighbours', 'rates held', 'recent growth', 'recent trend'; got "
                              "'wild guess'")
    cases = [
        (dict(years=0), "years must be a whole number from 1 to 50; got 0"),
        (dict(simulations=0), "simulations must be a whole number of at least 1; got 0"),
        (dict(ages="months"), "ages must be one of 'auto', 'bands', 'single'; got 'months'"),
        (dict(damping=1.5), "damping must be a number above 0 and at most 1; got 1.5"),
        (dict(scenario="converge to benchmark", ages="single"),
         "scenario 'converge to benchmark' needs benchmark= (new plans a year per 10,000 population, by age "
         "group); got None"),
        (dict(scenario="converge to England", ages="single"),
         "scenario 'converge to England' needs England's caseload (E92000001) in caseload and population for "
         "England; got none"),
        (dict(scenario="converge to neighbours", ages="single"),
         "scenario 'converge to neighbours' needs neighbours= (statistical neighbours, "
         "jsnakit.core.schema.NEIGHBOUR_COLUMNS), population and the neighbours' caseload by the same age groups and "
         "years; got none of the area's neighbours"),
        (dict(benchmark={"23": 1.0}), "benchmark rates are per 10,000 population: population is needed; got None"),
        (dict(multipliers=[{"factor": -1, "start": "2025/26"}], ages="single"),
         "multiplier factor must be a number of at least 0; got -1"),
        (dict(multipliers=[{"factor": 2, "start": "2025"}], ages="single"),
         "multiplier start must be an academic year like '2027/28'; got '2025'"),
        (dict(multipliers=[{"factor": 2, "start": "2025/26", "age": "30"}], ages="single"),
         "multiplier age must be one of the age groups 'under 3' to '25'; got '30'"),
        (dict(multipliers=[{"factor": 2, "start": "2025/26", "need": "ASD"}], ages="single"),
         "multiplier need must be one of ['All']; got 'ASD'"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ArgumentError) as err:
            project(SMALL, area_code=AREA, **kwargs)
        assert str(err.value) == message
    with pytest.raises(ArgumentError) as err:
        project(SMALL, area_code="E06000002")
    assert str(err.value) == "area_code must be an area in caseload; got 'E06000002'"
    one = _caseload({"2023/24": {"23": 12, "24": 15, "25": 16}})
    with pytest.raises(ArgumentError) as err:
        project(one, area_code=AREA, ages="single")
    assert str(err.value) == "caseload must hold at least two consecutive years of age counts for E06000001; got 1"
    with pytest.raises(ArgumentError) as err:
        project(SMALL, _population({2022: {23: 1}}).assign(area_code="E06000002"), area_code=AREA, ages="single")
    assert str(err.value) == "population must hold persons by single year of age for E06000001; got none"


def test_baselines_by_hand():
    s = pd.Series([100.0, 110.0, 132.0, 132.0], index=["2021/22", "2022/23", "2023/24", "2024/25"])
    out = baselines(s, horizon=2)
    assert list(out.columns) == projection.BASELINE_COLUMNS
    assert out["method"].unique().tolist() == list(projection.BASELINES)
    f = out.set_index(["method", "step"])["forecast"]
    # Growth rates 10%, 20%, 0%: mean 10%; last 0%; weighted (1 x 10 + 2 x 20 + 3 x 0) / 6 = 8.333%.
    assert f[("mean growth", 1)] == pytest.approx(145.2) and f[("mean growth", 2)] == pytest.approx(159.72)
    assert f[("last year's growth", 2)] == pytest.approx(132.0)
    assert f[("1-2-3 weighted growth", 1)] == pytest.approx(132 * (1 + 0.5 / 6))
    # Least squares on 0..3: slope 59 / 5 = 11.8, intercept 118.5 - 1.5 x 11.8 = 100.8 -> 148.0 and 159.8.
    assert f[("linear trend", 1)] == pytest.approx(148.0) and f[("linear trend", 2)] == pytest.approx(159.8)
    assert out["period"].tolist()[:2] == ["2025/26", "2026/27"]
    assert ((out["lower_95"] < out["forecast"]) & (out["forecast"] < out["upper_95"])).all()
    with pytest.raises(ArgumentError) as err:
        baselines(s, horizon=0)
    assert str(err.value) == "horizon must be a whole number of at least 1; got 0"
    with pytest.raises(ArgumentError) as err:
        baselines(s.iloc[:1], horizon=1)
    assert str(err.value) == "series must hold at least two years; got 1"
    with pytest.raises(ArgumentError) as err:
        baselines(pd.Series([0.0, 5.0]), horizon=1)
    assert str(err.value) == "series must hold counts above 0; got [0.0, 5.0]"
    with pytest.raises(ArgumentError) as err:
        backtest(SMALL, origins=[])
    assert str(err.value) == "origins must name at least one academic year; got none"


@pytest.fixture(scope="module")
def real_series(real):
    old = dfe.read_ehc_caseload(real / "dfe_ehc_plans_2022" / "sen2_age_caseload.csv")
    new = dfe.read_ehc_caseload(real / "dfe_ehc_plans_2025" / "caseload.csv")
    return geography.to_current_areas(dfe.combine_releases(old, new))


def test_backtest_on_the_real_series(real_series):
    methods = ["model", *projection.BASELINES]
    detail = backtest_forecasts(real_series, origins=["2021/22"], areas=[AREA], simulations=200, methods=methods)
    hart = detail.set_index(["method", "horizon"])
    # Hartlepool, January totals: sen2_age_caseload.csv rows 4951, 4016 (2017: 503, 2018: 509); caseload.csv rows
    # 17, 179, 340, 501 (2018/19-2021/22: 585, 610, 710, 740) and 14188 (2024/25: 966).
    assert hart.loc[("1-2-3 weighted growth", 3), "observed"] == 966
    g = (1 * (610 / 585 - 1) + 2 * (710 / 610 - 1) + 3 * (740 / 710 - 1)) / 6
    assert hart.loc[("1-2-3 weighted growth", 3), "q50"] == pytest.approx(740 * (1 + g) ** 3)  # 939.7
    # Its 95% limits by hand: sigma the sd of the five log growths 2016/17-2021/22 (503, 509, 585, 610, 710, 740),
    # t on 4 degrees of freedom, variance sigma^2 (h + h^2 x 14/36) at h = 3.
    from scipy import stats
    sigma = np.std(np.diff(np.log([503, 509, 585, 610, 710, 740])), ddof=1)
    half = stats.t.ppf(0.975, 4) * sigma * np.sqrt(3 + 9 * 14 / 36)
    assert hart.loc[("1-2-3 weighted growth", 3), "q975"] == pytest.approx(740 * (1 + g) ** 3 * np.exp(half))
    assert hart.loc[("model", 3), "q025"] < 966 < hart.loc[("model", 3), "q975"]
    # A subset of the full back-test (`jsnakit backtest` runs every LA and origin): 30 LAs, 3 origins.
    areas = sorted(real_series.loc[real_series["area_type"].isin(geography.LA_TYPES), "area_code"].unique())[:30]
    summary = backtest(real_series, origins=["2019/20", "2020/21", "2021/22"], areas=areas, simulations=300,
                       methods=methods)
    assert list(summary.columns) == projection.BACKTEST_COLUMNS
    at = summary[summary["era"] == "all"].set_index(["method", "horizon"])
    assert at.loc[("model", 1), "n"] == 90 and at.loc[("model", 3), "n"] == 90
    assert at.loc[("mean growth", 3), "mdape"] == pytest.approx(MEAN_GROWTH_MDAPE_3, abs=1e-9)
    assert at.loc[("model", 3), "mdape"] == pytest.approx(MODEL_MDAPE_3, abs=0.5)
    assert at.loc[("model", 3), "coverage_95"] == pytest.approx(MODEL_COVERAGE_3, abs=0.05)
    assert at.loc[("model", 3), "wis"] < at.loc[("1-2-3 weighted growth", 3), "wis"]


# Measured on this subset (30 LAs in code order, origins 2019/20-2021/22, 300 simulations, seed 0).
# Mean growth is deterministic (same figure on any machine); the model's figures depend on the random stream.
MEAN_GROWTH_MDAPE_3 = 8.316357886041   # %
MODEL_MDAPE_3 = 5.49                   # % (the 1-2-3 weighted growth: 8.30)
MODEL_COVERAGE_3 = 0.889               # share (mean growth: 0.911, with a 95% interval 1.5 times as wide)


def _fit_with(join_rows, *, growth=0.0, growth_se=0.0):
    join = np.asarray(join_rows, dtype=float)[:, None]
    return cohort_kernels.CohortFit(join_rate=join, leave_rate=np.zeros_like(join), joiners=join, growth=growth,
                                    growth_se=growth_se, recent=2)


def test_pooled_rates_shrink_by_empirical_bayes():
    # Twelve LAs, each with joining rates m - 0.01, m + 0.01, m over three years: held rate (mean of the last two)
    # m + 0.005, its sampling variance var([-0.01, 0.01, 0], ddof=1) / 2 = 0.0001 / 2 = 5e-5. Eleven have m = 0.1,
    # one m = 0.2. Held rates: 0.105 x 11 and 0.205; their variance (ddof=1) 0.0091667 / 11 = 8.3333e-4, so the
    # variance between LAs is 8.3333e-4 - 5e-5 = 7.8333e-4 and the outlier's own weight 7.8333 / 8.3333 = 0.94:
    # 0.94 x 0.205 + 0.06 x 0.105 (the median) = 0.199.
    fits = [_fit_with([m - 0.01, m + 0.01, m]) for m in [0.1] * 11 + [0.2]]
    pool = cohort_kernels.pool_fits(fits)
    assert pool.join[0] == pytest.approx(0.105) and pool.areas == 12
    assert pool.between_join[0] == pytest.approx(7.8333333e-4)
    outlier, ordinary = fits[-1], fits[0]
    outlier.pool = ordinary.pool = pool
    assert outlier.weights()[0][0] == pytest.approx(0.94)
    assert outlier.held()[0][0] == pytest.approx(0.199)
    assert ordinary.held()[0][0] == pytest.approx(0.105)
    # Fewer than MIN_POOL LAs: no pooling, each keeps its own rates.
    assert cohort_kernels.pool_fits(fits[:projection.MIN_POOL - 1]) is None
    assert _fit_with([0.19, 0.21, 0.2]).held()[0][0] == pytest.approx(0.205)


def test_pooled_growth_and_the_variance_prior():
    # Growth 0.10 +- 0.05 (se) in one LA, 0 in eleven others with se 0.05: between-LA variance of growth
    # var([0] x 11 + [0.1]) - 0.0025 = 8.3333e-4 - 0.0025 < 0 -> 0, so the trend is the pooled median, 0.
    fits = [_fit_with([0.1, 0.1, 0.1], growth=g, growth_se=0.05) for g in [0.0] * 11 + [0.1]]
    pool = cohort_kernels.pool_fits(fits)
    fits[-1].pool = pool
    assert pool.between_growth == 0.0 and fits[-1].trend() == 0.0
    # Equal sample variances s^2 = 0.01 on 2 df: no spread beyond sampling, so d0 is infinite and the prior variance
    # is s^2 exp(-digamma(1) + log(1)) = 0.01 x exp(0.5772157) = 0.0178107 (Smyth 2004, eq. 7-8, mean of log s^2);
    # the pooled growth model moderates each area's residual variance towards it.
    s2, d0 = cohort_kernels.variance_prior(np.full(12, 0.01), np.full(12, 2))
    assert d0 == np.inf and s2 == pytest.approx(0.0178107, rel=1e-5)


def _provision(shares, pupils=1000.0, area=AREA):
    rows = []
    for i, share in enumerate(shares):
        period = f"{2019 + i}/{str(2020 + i)[2:]}"
        rows += [dict(period=period, category="All pupils", count=pupils),
                 dict(period=period, category="SEN support", count=round(pupils * share)),
                 dict(period=period, category="EHC plan", count=20.0)]
    return pd.DataFrame(rows).assign(area_code=area, measure="pupils", breakdown="sen_provision")


def test_sen_support_projection():
    # A steady 10% of 1,000 pupils: no change in the share, so only binomial noise: median 100, 95% limits about
    # 100 -+ 1.96 sqrt(1000 x 0.1 x 0.9) = 100 -+ 18.6.
    steady = project_sen_support(_provision([0.1] * 6), area_code=AREA, years=3, simulations=4000)
    assert list(steady.columns) == projection.PROJECTION_COLUMNS
    assert steady["period"].tolist() == ["2025/26", "2026/27", "2027/28"]
    assert steady["median"].tolist() == [100.0, 100.0, 100.0]
    assert steady["lower_95"].iloc[0] == pytest.approx(81.4, abs=2) and steady["upper_95"].iloc[0] == pytest.approx(
        118.6, abs=2)
    # A share rising each year: the recent trend goes on rising (damped), the held share stays at the last two.
    rising = _provision([0.10, 0.11, 0.12, 0.13, 0.14, 0.15])
    held = project_sen_support(rising, area_code=AREA, years=3)
    trend = project_sen_support(rising, area_code=AREA, years=3, scenario="recent trend")
    assert held["median"].iloc[0] == pytest.approx(145, abs=3)     # logit mean of 0.14 and 0.15 -> 14.5%
    assert (trend["median"] > held["median"]).all() and trend["median"].is_monotonic_increasing
    # A share that bounces from year to year among 100,000 pupils (binomial noise small): the walk and the drift
    # widen the interval with the horizon.
    bouncing = _provision([0.10, 0.13, 0.11, 0.14, 0.12, 0.15], pupils=100_000.0)
    wide = project_sen_support(bouncing, area_code=AREA, years=10)
    width = wide["upper_95"] - wide["lower_95"]
    assert width.iloc[-1] > 1.5 * width.iloc[0]
    for kwargs, message in [
        (dict(scenario="converge to England"), "scenario must be one of 'rates held', 'recent trend'; got "
                                               "'converge to England'"),
        (dict(category="K"), "category must be 'SEN support' or 'EHC plan'; got 'K'"),
    ]:
        with pytest.raises(ArgumentError) as err:
            project_sen_support(rising, area_code=AREA, **kwargs)
        assert str(err.value) == message
    with pytest.raises(ArgumentError) as err:
        project_sen_support(_provision([0.1, 0.1]), area_code=AREA)
    assert str(err.value) == ("provision must hold at least three consecutive Januaries of 'SEN support' and 'All "
                              "pupils' for E06000001; got 2")


def test_the_sen_support_noise_share_is_estimated_from_every_area_in_the_window():
    from jsnakit.projection import sen_support

    # Twelve areas whose logit share changes by 0.2, -0.1, -0.1, 0 (mean 0): gamma_0 = (0.04 + 0.01 + 0.01 + 0) / 4
    # = 0.015, gamma_1 = (-0.02 + 0.01 + 0) / 4 = -0.0025: noise share -2 x -0.0025 / 0.015 = 1/3 (Harvey 1989).
    logit = np.cumsum([0.0, 0.2, -0.1, -0.1, 0.0, 0.5])    # and a jump into a sixth January
    shares = 1 / (1 + np.exp(-(logit - 2.0)))
    frames = []
    for i in range(12):
        rows = []
        for j, share in enumerate(shares):
            period = f"{2020 + j}/{str(2021 + j)[2:]}"
            rows += [dict(period=period, category="All pupils", count=100_000.0),
                     dict(period=period, category="SEN support", count=100_000.0 * share)]
        frames.append(pd.DataFrame(rows).assign(area_code=f"E0600{i:04d}", measure="pupils",
                                                breakdown="sen_provision"))
    provision = pd.concat(frames, ignore_index=True)
    periods = sorted(provision["period"].unique())[:5]     # the window: the sixth January is not in it
    assert sen_support.noise_share(provision, "SEN support", periods) == pytest.approx(1 / 3)
    # fewer areas than the pool needs, or fewer than four Januaries: the stated outside figure
    assert sen_support.noise_share(frames[0], "SEN support", periods) == projection.NOISE_SHARE
    assert sen_support.noise_share(provision, "SEN support", periods[:3]) == projection.NOISE_SHARE
    # the sixth January changes the estimate only when the window holds it
    every = sorted(provision["period"].unique())
    assert sen_support.noise_share(provision, "SEN support", every) != pytest.approx(1 / 3, abs=0.01)


def test_summarise_is_numpys_linear_quantile():
    # The sort-based quantiles equal np.quantile's default method on every cell of a (sims, years, groups) array,
    # including ties and an even number of simulations.
    draws = np.random.default_rng(3).poisson(7.5, (400, 3, 4)).astype(float)
    expected = np.moveaxis(np.quantile(draws, [0.5, 0.25, 0.75, 0.025, 0.975], axis=0), 0, -1)
    np.testing.assert_array_equal(common.summarise_draws(draws), expected)
    assert common.summarise_draws(draws).shape == (3, 4, 5)
