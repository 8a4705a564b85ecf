"""Tests of jsnakit.stats.trend, the Fingertips recent-trend test, against the Fingertips test values and a real export.

Reference values: ../shared/data/reference/README.md, "Fingertips test values" (from the Fingertips source,
AnalysisTest/TrendMarkerCalculatorTest.cs): the 2014-2018 series below gives chi-square 46.77 by the general method and
47.90 by the proportions method, both significant and increasing, and robust to leaving out any one point.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2 as chi2_dist

from jsnakit.stats import trend
from jsnakit.core.errors import ArgumentError
from jsnakit.stats.trend import CHI2_CRITICAL, TREND_COLUMNS, general_trend, proportion_trend, recent_trend

NAN = float("nan")

# ../shared/data/reference/README.md (Fingertips TrendMarkerCalculatorTest): (count, denominator, value, lower, upper)
SERIES = [
    (994, 40299, 24.67, 23.16, 26.25),
    (1023, 41527, 24.6, 23.15, 26.19),
    (1199, 42811, 28, 26.44, 29.64),
    (1332, 44064, 30.2, 28.63, 31.9),
    (1367, 44701, 30.6, 28.98, 32.25),
]
COUNT, DENOMINATOR, VALUE, LOWER, UPPER = (list(c) for c in zip(*SERIES))


def series_frame(area="E06000001", periods=range(2014, 2019), rows=SERIES):
    return pd.DataFrame({
        "indicator": "test", "area_code": area, "breakdown": "All", "category": "All",
        "period": [str(p) for p in periods],
        "count": [r[0] for r in rows], "denominator": [r[1] for r in rows], "value": [r[2] for r in rows],
        "lower_ci": [r[3] for r in rows], "upper_ci": [r[4] for r in rows],
    })


# ----------------------------------------------------------------------------------------------------------------------
# Kernels
# ----------------------------------------------------------------------------------------------------------------------


def test_critical_value_is_the_99_8_point_of_chi2_1df():
    # Fingertips ChiSquareConfidence = 9.54953570608324
    assert CHI2_CRITICAL == 9.54953570608324
    assert chi2_dist.ppf(0.998, 1) == pytest.approx(CHI2_CRITICAL, abs=1e-12)


def test_general_trend_fingertips_value():
    chi2, slope, robust = general_trend(VALUE, LOWER, UPPER)
    assert round(float(chi2), 2) == 46.77  # README: 46.77 (general method)
    assert float(chi2) > CHI2_CRITICAL and bool(robust)
    # weighted least-squares slope, value units (here %) per year; hand check: S1..S5 with s = (U - L)/3.92
    assert float(slope) == pytest.approx(1.751566222662941, rel=1e-12)


def test_proportion_trend_fingertips_value():
    chi2, slope, robust = proportion_trend(COUNT, DENOMINATOR)
    assert round(float(chi2), 2) == 47.90  # README: 47.90 (proportions method)
    assert bool(robust)
    # Armitage's slope, proportion of 1 per year (hand check: numpy.polyfit of count/denominator on 1..5 with weights
    # sqrt(denominator) gives 0.0017427638408979288): 994/40299 = 2.47% rising to 1367/44701 = 3.06%
    assert float(slope) == pytest.approx(0.0017427638, rel=1e-7)


def test_kernels_stack_many_series_and_reverse_gives_negative_slope():
    v = np.array([VALUE, VALUE[::-1], [NAN] + VALUE[1:]])
    lo = np.array([LOWER, LOWER[::-1], LOWER])
    up = np.array([UPPER, UPPER[::-1], UPPER])
    chi2, slope, robust = general_trend(v, lo, up)
    assert chi2[0] == pytest.approx(chi2[1]) and slope[0] == pytest.approx(-slope[1])
    assert np.isnan(chi2[2]) and np.isnan(slope[2]) and robust.tolist() == [True, True, False]
    chi2, slope, robust = proportion_trend([COUNT, COUNT[::-1], [0] + COUNT[1:]], DENOMINATOR)
    assert round(float(chi2[0]), 2) == 47.90 and slope[1] < 0 < slope[0]
    assert np.isnan(chi2[2]) and robust.tolist() == [True, True, False]  # a count of 0: log-odds undefined


def test_robustness_fails_when_one_point_makes_the_trend():
    # flat, slightly falling, then a jump: significant chi-square, but leaving out the last point reverses the slope
    chi2, slope, robust = general_trend([10.5, 10, 9.5, 9, 30], [10.4, 9.9, 9.4, 8.9, 29.9], [10.6, 10.1, 9.6, 9.1, 30.1])
    assert chi2 > CHI2_CRITICAL and slope > 0 and not robust


def test_zero_width_interval_cannot_be_weighted():
    chi2, slope, robust = general_trend([1, 2, 3, 4, 5], [1, 1, 2, 3, 4], [1, 3, 4, 5, 6])
    assert np.isnan(chi2) and np.isnan(slope) and not robust


@pytest.mark.parametrize(("call", "message"), [
    (lambda: general_trend([1, 2], [0, 1], [2, 3]), "value must have at least 3 points on its last axis; got 2"),
    (lambda: general_trend(5, 4, 6), "value must have at least 3 points on its last axis; got 1"),
    (lambda: general_trend([1, 2, 3], [0, 1], [2, 3, 4]),
     "value and lower and upper must have shapes that broadcast; got value (3,), lower (2,), upper (3,)"),
    (lambda: proportion_trend(["a", "b", "c"], [1, 2, 3]), "count must be numbers (array-like of float); got ['a', 'b', 'c']"),
])
def test_kernel_bad_arguments(call, message):
    with pytest.raises(ArgumentError) as err:
        call()
    assert str(err.value) == message


# ----------------------------------------------------------------------------------------------------------------------
# recent_trend
# ----------------------------------------------------------------------------------------------------------------------


def test_recent_trend_both_methods_on_the_fingertips_series():
    frame = series_frame()
    general = recent_trend(frame)
    assert list(general.columns) == ["indicator", "area_code", "breakdown", "category"] + TREND_COLUMNS
    row = general.iloc[0]
    assert (row["period_from"], row["period_to"], row["points"], row["method"]) == ("2014", "2018", 5, "general")
    assert round(row["chi2"], 2) == 46.77 and row["slope"] == pytest.approx(1.7515662, rel=1e-6)
    assert bool(row["significant"]) and bool(row["robust"]) and row["direction"] == "increasing"

    prop = recent_trend(frame, method="proportions").iloc[0]
    assert round(prop["chi2"], 2) == 47.90 and prop["direction"] == "increasing"
    assert prop["slope"] == pytest.approx(0.17427638, rel=1e-7)  # percentage points per year (multiplier 100)
    one = recent_trend(frame, method="proportions", multiplier=1)
    assert one["slope"].iloc[0] == pytest.approx(0.0017427638, rel=1e-7)


def test_recent_trend_groups_order_and_the_five_most_recent_periods():
    rising = series_frame("E06000002", periods=range(2012, 2019), rows=[SERIES[0], SERIES[0]] + SERIES)
    falling = series_frame("E06000001", rows=SERIES[::-1])
    flat = series_frame("E06000003", rows=[SERIES[0], SERIES[1]] * 2 + [SERIES[0]])
    short = series_frame("E06000004", periods=range(2015, 2019), rows=SERIES[:4])
    gap = series_frame("E06000005")
    gap.loc[2, ["count", "value", "lower_ci", "upper_ci"]] = NAN  # a suppressed 2016 value
    frame = pd.concat([rising, falling, flat, short, gap], ignore_index=True).sample(frac=1, random_state=3)
    before = frame.copy()
    out = recent_trend(frame, by=["area_code"])
    pd.testing.assert_frame_equal(frame, before)
    assert out["area_code"].tolist() == ["E06000001", "E06000002", "E06000003", "E06000004", "E06000005"]
    assert out["direction"].tolist() == ["decreasing", "increasing", "no significant change", "cannot be calculated",
                                         "cannot be calculated"]
    assert out["period_from"].tolist() == ["2014", "2014", "2014", "2015", "2014"]
    assert out["points"].tolist() == [5, 5, 5, 4, 5]
    assert out["chi2"].iloc[1] == pytest.approx(out["chi2"].iloc[0])  # 2012-2013 are not used
    assert out["chi2"].iloc[2] < CHI2_CRITICAL and not out["significant"].iloc[2]
    assert out[["chi2", "slope"]].iloc[3:].isna().all().all()
    assert out["significant"].dtype == bool and out["robust"].dtype == bool and out["points"].dtype.kind == "i"


def test_recent_trend_academic_year_labels_sort_in_time_order():
    # rows given newest first: the labels, not the row order, give the time order
    frame = series_frame(periods=["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]).iloc[::-1]
    row = recent_trend(frame, by="area_code").iloc[0]
    assert (row["period_from"], row["period_to"], row["direction"]) == ("2019/20", "2023/24", "increasing")


def test_recent_trend_not_robust_is_no_significant_change():
    rows = [(1, 2, 10.5, 10.4, 10.6), (1, 2, 10, 9.9, 10.1), (1, 2, 9.5, 9.4, 9.6), (1, 2, 9, 8.9, 9.1),
            (1, 2, 30, 29.9, 30.1)]
    row = recent_trend(series_frame(rows=rows), by="area_code").iloc[0]
    assert row["chi2"] > CHI2_CRITICAL and not row["robust"] and not row["significant"]
    assert row["direction"] == "no significant change"


def test_recent_trend_real_fingertips_export_cannot_be_calculated(real):
    from jsnakit.sources.fingertips import read_fingertips_csv

    # ohid_fingertips/indicators-CountyUA.data.csv: indicator 93356, 2015-2017 only. Fingertips marks every 2017 row
    # "Cannot be calculated" (182 rows, e.g. England All ages, file row 672: value 96.610942, count 53395), as three
    # points are fewer than five.
    data = read_fingertips_csv(real / "ohid_fingertips" / "indicators-CountyUA.data.csv")
    keys = ["area_code", "sex", "age", "category_type", "category"]
    out = recent_trend(data, by=keys, lower="lower_ci_95", upper="upper_ci_95")
    latest = out[out["period_to"] == "2017"]
    assert len(latest) == 182 == (data["recent_trend"] == "Cannot be calculated").sum()
    assert set(latest["points"]) == {3} and set(latest["direction"]) == {"cannot be calculated"}
    england = latest[(latest["area_code"] == "E92000001") & (latest["age"] == "All ages") & latest["category"].isna()]
    assert england[["period_from", "period_to", "points"]].to_numpy().tolist() == [["2015", "2017", 3]]
    # the proportions method agrees
    assert set(recent_trend(data, by=keys, method="proportions")["direction"]) == {"cannot be calculated"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "spc"}, "method must be one of 'general', 'proportions'; got 'spc'"),
    ({"multiplier": 0}, "multiplier must be a positive number; got 0"),
    ({"by": 3}, "by must be a column name or a list of column names; got 3"),
    ({"by": []}, "by must be a column name or a list of column names; got []"),
    ({"by": ["area_code", "sex"]},
     "by and period must name columns of frame; missing ['sex'] (columns: ['indicator', 'area_code', 'breakdown', "
     "'category', 'period', 'count', 'denominator', 'value', 'lower_ci', 'upper_ci'])"),
    ({"period": "year"},
     "by and period must name columns of frame; missing ['year'] (columns: ['indicator', 'area_code', 'breakdown', "
     "'category', 'period', 'count', 'denominator', 'value', 'lower_ci', 'upper_ci'])"),
    ({"value": "indicator"}, "value column 'indicator' must be numeric; got 'test' at index 0"),
    ({"method": "proportions", "count": "n"},
     "count must name a column of frame; got 'n' (columns: ['indicator', 'area_code', 'breakdown', 'category', "
     "'period', 'count', 'denominator', 'value', 'lower_ci', 'upper_ci'])"),
])
def test_recent_trend_bad_arguments(kwargs, message):
    with pytest.raises(ArgumentError) as err:
        recent_trend(series_frame(), **kwargs)
    assert str(err.value) == message


def test_recent_trend_duplicate_period_and_wrong_confidence():
    frame = pd.concat([series_frame(), series_frame().iloc[[4]]], ignore_index=True)
    with pytest.raises(ArgumentError) as err:
        recent_trend(frame, by="area_code")
    assert str(err.value) == "period must appear once in each series; got '2018' twice for {'area_code': 'E06000001'}"
    frame = series_frame().assign(confidence=[0.95, 0.95, 0.998, 0.95, 0.95])
    with pytest.raises(ArgumentError) as err:
        recent_trend(frame)
    assert str(err.value) == "lower and upper must be 95% confidence limits; got confidence 0.998 at index 2"
    with pytest.raises(ArgumentError) as err:
        recent_trend(frame.to_numpy())
    assert str(err.value) == "frame must be a pandas DataFrame; got ndarray"


def test_module_exports():
    assert set(trend.__all__) >= {"general_trend", "proportion_trend", "recent_trend", "CHI2_CRITICAL"}
