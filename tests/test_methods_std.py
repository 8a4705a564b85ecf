"""Tests of jsnakit.stats.methods' standardised rates, funnel limits and two-level comparison.

Expected values are transcribed from the test data of the R package PHEindicatormethods 2.1.0 (OHID/UKHSA; commit
093fd288d8f8949dbcfbed70049dbbf385b6141d, folder tests/testthat/), kept outside the project in
../shared/data/reference/PHEindicatormethods/. Each literal names its file, sheet and row (xlsx: Excel row, header =
row 1; csv: line of the file, header = line 1). The sweeps at the end of each section read every row of those files
when ../shared is there and skip otherwise.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jsnakit.stats import methods
from jsnakit.core.errors import ArgumentError
from jsnakit.stats.methods import (
    ESP2013, FUNNEL_COLUMNS, compare, compare_levels, compare_with, dsr, dsr_ci, funnel_limits, funnel_poisson_limits,
    funnel_proportion_limits, funnel_significance, isr, isr_rate, significance,
)

PHE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reference" / "PHEindicatormethods"
NAN = float("nan")
REL = 1e-9  # the DSR/ISR workbook holds its results to 6 decimals in 10+ significant figures; see approx_6dp


def approx(expected, rel=REL):
    return pytest.approx(expected, rel=rel, abs=1e-12, nan_ok=True)


def approx_6dp(expected):
    """The testresults sheets of testdata_DSR_ISR.xlsx are rounded to 6 decimals."""
    return pytest.approx(expected, rel=0, abs=5.000001e-7, nan_ok=True)


def reference(name):
    path = PHE / name
    if not path.is_file():
        pytest.skip(f"the PHEindicatormethods reference data are not at {PHE} (../shared is not beside the project)")
    return path


# ----------------------------------------------------------------------------------------------------------------------
# Test data: testdata_DSR_ISR.xlsx, sheet testdata_multiarea (rows 2-20 testdata_big, 21-39 testdata_small, 40-58
# testdata_tiny; the same 19 populations for each; row 42, testdata_tiny 10-14, has no count) and sheet refdata
# (rows 2-20). The standard population is the 2013 ESP (PHEindicatormethods esp2013, data-raw/LoadTestdata.R).
# ----------------------------------------------------------------------------------------------------------------------

POP = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207]
COUNTS = {
    "testdata_big": [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91],
    "testdata_small": [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4],
    "testdata_tiny": [0, 0, NAN, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3],
}
REF_COUNT = [10303, 2824, 0, 3615, 3641, 3490, 3789, 3213, 3031, 2771, 3089, 3490, 3595, 4745, 5514, 7125, 5694, 6210,
             5757]
REF_POP = [50520, 57173, 60213, 54659, 44345, 50128, 62163, 67423, 62899, 55463, 60479, 49974, 44140, 40888, 37239,
           30819, 18136, 15325, 13918]


def multiarea():
    return pd.DataFrame({
        "area": np.repeat(list(COUNTS), 19),
        "band": list(range(19)) * 3,
        "count": sum(COUNTS.values(), []),
        "pop": POP * 3,
    })


# ----------------------------------------------------------------------------------------------------------------------
# dsr
# ----------------------------------------------------------------------------------------------------------------------

# (area, multiplier, confidence, total_count, value, lower, upper)
DSR_ROWS = [
    # testdata_DSR_ISR.xlsx, sheet testresults_DSR, row 2 (dsr per 10000; lower95_0cl, upper95_0cl)
    ("testdata_big", 10000, 0.95, 895, 1043.024799, 971.770907, 1117.894092),
    # ... row 2 (lower99_8cl, upper99_8cl)
    ("testdata_big", 10000, 0.998, 895, 1043.024799, 932.328788, 1162.059600),
    # ... row 3
    ("testdata_small", 10000, 0.95, 91, 110.321203, 87.745577, 136.708822),
    ("testdata_small", 10000, 0.998, 91, 110.321203, 76.364204, 153.003289),
    # ... row 6 (dsr per 100000)
    ("testdata_big", 100000, 0.95, 895, 10430.247991, 9717.709068, 11178.940915),
    ("testdata_big", 100000, 0.998, 895, 10430.247991, 9323.287880, 11620.596000),
    # ... row 7
    ("testdata_small", 100000, 0.95, 91, 1103.212025, 877.455768, 1367.088223),
    ("testdata_small", 100000, 0.998, 91, 1103.212025, 763.642036, 1530.032895),
]


@pytest.mark.parametrize(("area", "multiplier", "confidence", "total", "value", "lower", "upper"), DSR_ROWS)
def test_dsr_reference(area, multiplier, confidence, total, value, lower, upper):
    out = dsr(multiarea(), count="count", denominator="pop", standard=ESP2013, group="area",
              confidence=confidence, multiplier=multiplier)
    row = out.set_index("area").loc[area]
    assert row["count"] == total
    assert row["denominator"] == 8970  # testresults_DSR, column total_pop
    assert row["value"] == approx_6dp(value)
    assert row["lower_ci"] == approx_6dp(lower)
    assert row["upper_ci"] == approx_6dp(upper)
    assert row["method"] == "Dobson" and row["confidence"] == confidence


def test_dsr_fewer_than_10_events_is_nan_with_a_note():
    # testdata_DSR_ISR.xlsx, sheet testresults_DSR, rows 4 and 8: testdata_tiny (9 events) gives NA, "dsr NA for total
    # count < 10". Its missing count (testdata_multiarea row 42) is taken as 0, as PHEindicatormethods does.
    out = dsr(multiarea(), count="count", denominator="pop", standard=ESP2013, group="area")
    tiny = out.set_index("area").loc["testdata_tiny"]
    assert tiny["count"] == 9
    assert np.isnan(tiny["value"]) and np.isnan(tiny["lower_ci"]) and np.isnan(tiny["upper_ci"])
    assert tiny["note"] == "fewer than 10 events; missing count taken as 0 in 1 row"
    assert out["note"].isna().tolist() == [True, True, False]


def test_dsr_schema_order_and_standard_as_a_column():
    frame = multiarea()
    frame["esp"] = list(ESP2013) * 3
    by_column = dsr(frame, count="count", denominator="pop", standard="esp", group=["area"])
    by_sequence = dsr(frame, count="count", denominator="pop", standard=ESP2013, group="area")
    pd.testing.assert_frame_equal(by_column, by_sequence)
    assert list(by_column.columns) == [
        "area", "count", "denominator", "value", "lower_ci", "upper_ci", "confidence", "method", "note",
    ]
    assert by_column["area"].tolist() == ["testdata_big", "testdata_small", "testdata_tiny"]
    # rows in any order give the same result when the standard is a column
    shuffled = dsr(frame.sample(frac=1, random_state=3), count="count", denominator="pop", standard="esp",
                   group="area")
    assert shuffled.set_index("area").loc["testdata_big", "value"] == approx_6dp(10430.247991)


def test_dsr_whole_frame_is_one_group_by_default():
    frame = multiarea().query("area == 'testdata_small'")
    out = dsr(frame, count="count", denominator="pop", standard=ESP2013)
    assert list(out.columns) == ["count", "denominator", "value", "lower_ci", "upper_ci", "confidence", "method", "note"]
    assert out["value"].iloc[0] == approx_6dp(1103.212025)  # testresults_DSR, row 7


def test_dsr_1976_standard():
    # testdata_DSR_ISR.xlsx, sheet testdata_1976 (18 bands, ESP 1976 in column esp1976) -> testresults_DSR, row 5
    # (dsr per 10000, 95%). The sheet's 99.8% limits for this row (7659.282107, 9599.211799) are 10 times the
    # 95% scale and are not checked by PHEindicatormethods' own tests either; they are not used here.
    frame = pd.DataFrame({
        "count": [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82],
        "pop": [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123],
        "esp1976": [8000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 7000, 6000, 5000, 4000, 3000, 2000,
                    1000, 1000],
    })
    out = dsr(frame, count="count", denominator="pop", standard="esp1976", multiplier=10000)
    assert out["count"].iloc[0] == 804 and out["denominator"].iloc[0] == 8763
    assert out["value"].iloc[0] == approx_6dp(859.209759)
    assert out["lower_ci"].iloc[0] == approx_6dp(799.116093)
    assert out["upper_ci"].iloc[0] == approx_6dp(922.525388)


def test_dsr_by_hand():
    # Two bands: 30 of 1000 and 40 of 2000 people, standard weights 1 and 3.
    # DSR = (1 * 0.03 + 3 * 0.02) / 4 = 0.0225; var = (1 * 30 / 1000^2 + 9 * 40 / 2000^2) / 16
    #     = (3e-5 + 9e-5) / 16 = 7.5e-6. O = 70, Byar's 95% limits of 70 (byar_ci) -> 54.5661..., 88.4421...
    frame = pd.DataFrame({"count": [30, 40], "denominator": [1000, 2000]})
    out = dsr(frame, standard=[1, 3], multiplier=1)
    assert out["value"].iloc[0] == approx(0.0225)
    o_lower, o_upper = methods.byar_ci(70, method="byar")
    scale = np.sqrt(7.5e-6 / 70)
    assert out["lower_ci"].iloc[0] == approx(0.0225 + scale * (float(o_lower) - 70))
    assert out["upper_ci"].iloc[0] == approx(0.0225 + scale * (float(o_upper) - 70))


def test_dsr_ci_kernel_broadcasts_and_nan():
    lower, upper = dsr_ci([100, 0, NAN], 0.01, 1e-6)
    assert lower.shape == upper.shape == (3,)
    assert lower[0] < 0.01 < upper[0]
    assert np.isnan(lower[1:]).all() and np.isnan(upper[1:]).all()


# ----------------------------------------------------------------------------------------------------------------------
# isr / isr_rate
# ----------------------------------------------------------------------------------------------------------------------

# (area, confidence, value, lower, upper, method); ratio x 1
ISR_ROWS = [
    # testdata_DSR_ISR.xlsx, sheet testresults_ISR, row 8 (indirectly standardised ratio x 1; 95% then 99.8%)
    ("testdata_big", 0.95, 1.070723, 1.001715, 1.143233, "Byar"),
    ("testdata_big", 0.998, 1.070723, 0.963516, 1.186007, "Byar"),
    # ... row 9
    ("testdata_small", 0.95, 0.108867, 0.087650, 0.133666, "Byar"),
    ("testdata_small", 0.998, 0.108867, 0.076954, 0.148979, "Byar"),
    # ... row 10 (9 events: exact Poisson limits)
    ("testdata_tiny", 0.95, 0.010767, 0.004923, 0.020439, "Exact Poisson"),
    ("testdata_tiny", 0.998, 0.010767, 0.002934, 0.027106, "Exact Poisson"),
]


@pytest.mark.parametrize(("area", "confidence", "value", "lower", "upper", "method"), ISR_ROWS)
def test_isr_reference(area, confidence, value, lower, upper, method):
    out = isr(multiarea(), count="count", denominator="pop", reference_count=REF_COUNT,
              reference_denominator=REF_POP, group="area", confidence=confidence)
    row = out.set_index("area").loc[area]
    assert row["expected"] == approx_6dp(835.883561)  # testresults_ISR, column expected, rows 2-13
    assert row["value"] == approx_6dp(value)
    assert row["lower_ci"] == approx_6dp(lower)
    assert row["upper_ci"] == approx_6dp(upper)
    assert row["method"] == method


def test_isr_times_100_and_rates():
    frame = multiarea()
    kwargs = dict(count="count", denominator="pop", reference_count=REF_COUNT, reference_denominator=REF_POP,
                  group="area", confidence=0.998)
    ratio = isr(frame, multiplier=100, **kwargs).set_index("area")
    # testresults_ISR, row 12 (ratio x 100, testdata_small): 10.886684, 7.695426, 14.897921 (99.8%)
    assert ratio.loc["testdata_small", ["value", "lower_ci", "upper_ci"]].tolist() == approx_6dp(
        [10.886684, 7.695426, 14.897921])
    rate = isr_rate(frame, **kwargs).set_index("area")
    # testresults_ISR, row 2 (rate per 100000, testdata_big): ref_rate 9349.883092, value 10011.137622,
    # lower99_8cl 9008.757862, upper99_8cl 11089.027185
    assert rate.loc["testdata_big", "reference_rate"] == approx_6dp(9349.883092)
    assert rate.loc["testdata_big", ["value", "lower_ci", "upper_ci"]].tolist() == approx_6dp(
        [10011.137622, 9008.757862, 11089.027185])
    # testresults_ISR, row 7 (rate per 1000, testdata_tiny, exact): 1.006707, 0.274319, 2.534370
    per_1000 = isr_rate(frame, multiplier=1000, **kwargs).set_index("area")
    assert per_1000.loc["testdata_tiny", ["value", "lower_ci", "upper_ci"]].tolist() == approx_6dp(
        [1.006707, 0.274319, 2.534370])
    assert list(per_1000.reset_index().columns) == [
        "area", "count", "expected", "reference_rate", "value", "lower_ci", "upper_ci", "confidence", "method", "note",
    ]
    assert ratio.loc["testdata_tiny", "note"] == "missing count or population taken as 0 in 1 row"


def test_isr_reference_as_columns_and_zero_population():
    # testdata_DSR_ISR.xlsx, sheet testdata_err2: Area1 is testdata_big with a population of 0 in band 5-9 (row 3);
    # testresults_ISR rows 15-16 (ratio x 100): Area1 expected 808.321740, value 110.723237, 103.587083, 118.221478
    frame = multiarea().query("area == 'testdata_big'").assign(ref_x=REF_COUNT, ref_n=REF_POP)
    frame.loc[frame.index[1], "pop"] = 0
    out = isr(frame, count="count", denominator="pop", reference_count="ref_x", reference_denominator="ref_n",
              multiplier=100)
    assert out["expected"].iloc[0] == approx_6dp(808.321740)
    assert out[["value", "lower_ci", "upper_ci"]].iloc[0].tolist() == approx_6dp([110.723237, 103.587083, 118.221478])


def test_dsr_isr_sweep_every_reference_row():
    path = reference("testdata_DSR_ISR.xlsx")
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    data, ref = sheets["testdata_multiarea"], sheets["refdata"]
    results = sheets["testresults_DSR"]
    checked = 0
    for _, expected in results.iterrows():
        if not expected["area"].startswith("testdata_") or "nonind" in expected["area"] or "1976" in expected["area"]:
            continue  # non-independent events are not implemented; the 1976 row is checked above
        multiplier = int(expected["statistic"].rsplit(" ", 1)[-1]) if "per" in expected["statistic"] else 100000
        for confidence, lo, up in ((0.95, "lower95_0cl", "upper95_0cl"), (0.998, "lower99_8cl", "upper99_8cl")):
            out = dsr(data, count="count", denominator="pop", standard=ESP2013, group="area",
                      confidence=confidence, multiplier=multiplier).set_index("area").loc[expected["area"]]
            assert [out["value"], out["lower_ci"], out["upper_ci"]] == approx_6dp(
                [expected["value"], expected[lo], expected[up]])
            checked += 1
    isr_results = sheets["testresults_ISR"]
    for _, expected in isr_results.iloc[:12].iterrows():
        multiplier = float(expected["statistic"].rsplit(" ", 1)[-1])
        function = isr_rate if "rate" in expected["statistic"] else isr
        for confidence, lo, up in ((0.95, "lower95_0cl", "upper95_0cl"), (0.998, "lower99_8cl", "upper99_8cl")):
            out = function(data, count="count", denominator="pop", reference_count=ref["refcount"],
                           reference_denominator=ref["refpop"], group="area", confidence=confidence,
                           multiplier=multiplier).set_index("area").loc[expected["area"]]
            assert [out["count"], out["expected"], out["value"], out["lower_ci"], out["upper_ci"]] == approx_6dp(
                [expected["observed"], expected["expected"], expected["value"], expected[lo], expected[up]])
            assert out["method"] == {"Byars": "Byar", "Exact": "Exact Poisson"}[expected["method"]]
            checked += 1
    assert checked == 2 * 6 + 2 * 12


# ----------------------------------------------------------------------------------------------------------------------
# Funnel limits
# ----------------------------------------------------------------------------------------------------------------------

# (population, lower 95, upper 95, lower 99.8, upper 99.8), percentages, around the average 80.642448%
PROP_FUNNEL_ROWS = [
    (1, 3.204264, 100, 0, 100),  # testdata_funnel_prop_outputs.csv, line 2
    (3, 35.933491, 100, 10.150815, 100),  # line 4
    (539, 77.306949, 83.977947, 75.38344, 85.901456),  # line 50
    (664, 77.637263, 83.647632, 75.904239, 85.380656),  # line 52
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),  # line 101
]


@pytest.mark.parametrize(("n", "lower95", "upper95", "lower998", "upper998"), PROP_FUNNEL_ROWS)
def test_funnel_proportion_limits_reference(n, lower95, upper95, lower998, upper998):
    average = 80.642448 / 100  # the file's Baseline column (8 significant figures)
    for confidence, lower, upper in ((0.95, lower95, upper95), (0.998, lower998, upper998)):
        got_lower, got_upper = funnel_proportion_limits(n, average, confidence=confidence)
        # the file holds 6 decimals (0.5e-6) and the Baseline it gives is itself rounded to 6 decimals, which moves
        # the limits by up to another 0.5e-6 percentage points (the sweep below, with the exact average, uses 0.5e-6)
        assert float(got_lower) * 100 == pytest.approx(lower, abs=1.0001e-6)
        assert float(got_upper) * 100 == pytest.approx(upper, abs=1.0001e-6)


def _bisection_scale(expected, observed):
    """PHEindicatormethods finds the Poisson funnel by bisection to 1e-7 on v = E / (1 + O + E); compare there."""
    return np.asarray(expected) / (1 + np.asarray(observed) + np.asarray(expected))


# (observed, lower_2s_exp_events, upper_2s_exp_events, lower_3s_exp_events, upper_3s_exp_events)
RATIO_FUNNEL_ROWS = [
    (1, 5.571644585, 0.025317898, 9.233410143, 0.001000547),  # testdata_funnel_ratio_outputs.csv, line 3
    (2, 7.224687515, 0.242209467, 11.22886836, 0.04540199),  # line 4
    (105, 127.1089168, 85.87960596, 140.6834151, 76.1589912),  # line 60
    (716, 770.4222128, 664.5083011, 802.60414, 636.1521174),  # line 102
]


@pytest.mark.parametrize(("observed", "lower95", "upper95", "lower998", "upper998"), RATIO_FUNNEL_ROWS)
def test_funnel_poisson_limits_reference(observed, lower95, upper95, lower998, upper998):
    for confidence, lower, upper in ((0.95, lower95, upper95), (0.998, lower998, upper998)):
        at_lower, at_upper = funnel_poisson_limits(observed, confidence=confidence)
        assert abs(_bisection_scale(at_lower, observed) - _bisection_scale(lower, observed)) < 1e-7
        assert abs(_bisection_scale(at_upper, observed) - _bisection_scale(upper, observed)) < 1e-7
        assert float(at_lower) == pytest.approx(lower, rel=5e-5)
        assert float(at_upper) == pytest.approx(upper, rel=5e-5)


def test_funnel_poisson_limits_are_exact_poisson():
    # 1 event: the exact 95% limits of a count of 1 (testdata_Rate.xlsx, sheet testdata_Rate, row 10, per 100 people
    # x 100000: 25.317807984289896 and 5571.643390938898) are the expected counts at the two funnel limits.
    at_lower, at_upper = funnel_poisson_limits([0, 1])
    assert at_lower[1] == approx(5.571643390938898)
    assert at_upper[1] == approx(0.025317807984289896)
    assert at_upper[0] == 0.0 and at_lower[0] == approx(3.6888794541139354)  # -ln(0.025)


def test_funnel_rate_limits_reference():
    # testdata_funnel_rate_outputs.csv (DSR per 100,000, 3 years of data, baseline 116.1720835): line 3 (2 events)
    # and line 101 (1360 events). population_1_year = expected / average / 3, limit = events / (3 x population) x 1e5.
    average = 116.1720835 / 1e5
    events = np.array([2.0, 1360.0])
    at_lower, at_upper = funnel_poisson_limits(events, confidence=0.95)
    assert _bisection_scale(at_lower, events) == pytest.approx(
        _bisection_scale(np.array([2072.984403, 411529.9259]) * 3 * average, events), abs=1e-7)
    assert (events / at_lower * average * 1e5).tolist() == pytest.approx([32.15975314, 110.158048], rel=3e-6)
    at_lower, at_upper = funnel_poisson_limits(events, confidence=0.998)
    assert (events / at_upper * average * 1e5).tolist() == pytest.approx([5117.48863, 126.5084525], rel=3e-6)


def test_funnel_limits_table_schema_and_axis():
    frame = pd.DataFrame({"count": [30, 45, 160], "denominator": [200, 250, 900]})
    lines = funnel_limits(frame, statistic="proportion")
    assert list(lines.columns) == FUNNEL_COLUMNS
    assert len(lines) == 400
    assert lines[["confidence", "side"]].drop_duplicates().to_numpy().tolist() == [
        [0.95, "lower"], [0.95, "upper"], [0.998, "lower"], [0.998, "upper"]]
    assert lines["baseline"].iloc[0] == approx(235 / 1350 * 100)
    x = lines["denominator"].to_numpy()[:100]
    # 900 > 2 x 200, so the axis starts at 1 and ends at 900 x 1.05 = 945, rounded up to 2 figures: 950
    assert x[0] == 1 and x[-1] == 950 and (np.diff(x) >= 1).all()
    assert lines["events"].isna().all() and set(lines["method"]) == {"Wilson"}
    ratio = funnel_limits(frame.assign(denominator=[20.0, 40.0, 150.0]), statistic="ratio", multiplier=100)
    assert list(ratio.columns) == FUNNEL_COLUMNS and set(ratio["statistic"]) == {"ratio"}
    assert set(ratio["baseline"]) == {100.0} and set(ratio["method"]) == {"Poisson"}


def test_funnel_limits_sweep_proportions_and_ratios():
    prop_in = pd.read_csv(reference("testdata_funnel_prop_inputs.csv"), encoding="utf-8-sig")
    prop_out = pd.read_csv(reference("testdata_funnel_prop_outputs.csv"), encoding="utf-8-sig")
    lines = funnel_limits(prop_in, statistic="proportion", numerator="numerator", denominator="denominator")
    columns = ["Lower2s0025limit", "Upper2s0025limit", "Lower3s0001limit", "Upper3s0001limit"]
    for i, column in enumerate(columns):
        line = lines.iloc[100 * i:100 * (i + 1)]
        np.testing.assert_array_equal(line["denominator"].to_numpy(), prop_out["Population"].to_numpy())
        np.testing.assert_allclose(line["value"].to_numpy(), prop_out[column].to_numpy(), rtol=0, atol=5.000001e-7)
    assert lines["baseline"].iloc[0] == pytest.approx(prop_out["Baseline"].iloc[0], abs=5e-7)

    ratio_in = pd.read_csv(reference("testdata_funnel_ratio_inputs.csv"), encoding="utf-8-sig")
    ratio_out = pd.read_csv(reference("testdata_funnel_ratio_outputs.csv"), encoding="utf-8-sig")
    ratio_out.columns = ["Observed_events", *ratio_out.columns[1:]]  # the header holds a line break
    lines = funnel_limits(ratio_in, statistic="ratio", numerator="obs", denominator="expected", multiplier=100)
    observed = ratio_out["Observed_events"].to_numpy(dtype=float)
    for i, prefix in enumerate(["lower_2s", "upper_2s", "lower_3s", "upper_3s"]):
        line = lines.iloc[100 * i:100 * (i + 1)]
        np.testing.assert_array_equal(line["events"].to_numpy(), observed)
        got = _bisection_scale(line["denominator"].to_numpy(), observed)
        want = _bisection_scale(ratio_out[f"{prefix}_exp_events"].to_numpy(), observed)
        assert np.abs(got - want).max() < 1e-7
        np.testing.assert_allclose(line["value"].to_numpy(), ratio_out[f"{prefix}_isr"].to_numpy(), rtol=5e-5)
        # ratio_type "count" in PHEindicatormethods is the ratio minus 1
        np.testing.assert_allclose(line["value"].to_numpy() / 100 - 1, ratio_out[f"{prefix}_count"].to_numpy(),
                                   rtol=5e-5, atol=1e-9)


# ----------------------------------------------------------------------------------------------------------------------
# Funnel significance
# ----------------------------------------------------------------------------------------------------------------------

PHE_LABELS = {
    "High (0.001)": ("higher", "99.8%"),
    "High (0.025)": ("higher", "95%"),
    "Low (0.001)": ("lower", "99.8%"),
    "Low (0.025)": ("lower", "95%"),
    "Not significant": ("similar", "not significant"),
    "Not applicable for events less than 10 for dsrs": ("not compared", "not compared"),
}


def test_funnel_significance_ratios_reference():
    # testdata_funnel_ratio_inputs.csv, lines 2, 3, 4, 10, 11 (obs, expected, significance); a ratio's average is 1,
    # so rows can be checked on their own.
    frame = pd.DataFrame({
        "obs": [8, 151, 159, 182, 151],
        "expected": [6.239860227, 106.4429719, 232.9329036, 196.799308, 204.6070461],
    }, index=[2, 3, 4, 10, 11])
    out = funnel_significance(frame, statistic="ratio", numerator="obs", denominator="expected")
    labels = ["Not significant", "High (0.001)", "Low (0.001)", "Not significant", "Low (0.001)"]
    assert list(zip(out["comparison"], out["significance"])) == [PHE_LABELS[x] for x in labels]
    assert out.index.tolist() == [2, 3, 4, 10, 11]
    rag = funnel_significance(frame, statistic="ratio", numerator="obs", denominator="expected",
                              polarity="low is good")
    assert rag["comparison"].tolist() == ["similar", "worse", "better", "similar", "better"]


def test_funnel_significance_by_hand_95_only():
    # 130 observed of 110 expected: Byar's 95% lower limit of 130 is 108.61, and 108.61 / 110 = 0.987 < 1, so similar;
    # 135 of 110: the 95% lower limit 113.19 / 110 = 1.029 > 1, but the 99.8% one 101.91 / 110 = 0.926 < 1 -> "95%".
    frame = pd.DataFrame({"o": [130, 135], "e": [110.0, 110.0]})
    out = funnel_significance(frame, statistic="ratio", numerator="o", denominator="e")
    lower95 = methods.byar_ci([130, 135])[0] / 110
    lower998 = methods.byar_ci([130, 135], confidence=0.998)[0] / 110
    assert lower95[0] < 1 < lower95[1] and lower998[1] < 1
    assert out["comparison"].tolist() == ["similar", "higher"]
    assert out["significance"].tolist() == ["not significant", "95%"]


def test_funnel_significance_sweep():
    prop = pd.read_csv(reference("testdata_funnel_prop_inputs.csv"), encoding="utf-8-sig")
    out = funnel_significance(prop, statistic="proportion", numerator="numerator", denominator="denominator")
    assert list(zip(out["comparison"], out["significance"])) == [PHE_LABELS[x] for x in prop["significance"]]
    assert len(prop) == 303

    ratio = pd.read_csv(reference("testdata_funnel_ratio_inputs.csv"), encoding="utf-8-sig")
    out = funnel_significance(ratio, statistic="ratio", numerator="obs", denominator="expected")
    assert list(zip(out["comparison"], out["significance"])) == [PHE_LABELS[x] for x in ratio["significance"]]

    rates = pd.read_csv(reference("testdata_funnel_rate_dsr_inputs.csv"))
    cases = [  # (rate column, rate type, multiplier, expected column) as in PHEindicatormethods testFunnels.R
        ("rate_dsr", "dsr", 1e5, "dsr_per_100000"), ("rate_dsr", "dsr", 100, "dsr_per_100"),
        ("rate_crude_per_100000", "crude", 1e5, "crude_per_100000"), ("rate_crude_per_100", "crude", 100, "crude_per_100"),
    ]
    for rate_column, rate_type, multiplier, expected in cases:
        for frame, suffix in ((rates, "_with_0"), (rates[rates["count"] != 0], "_without_0")):
            out = funnel_significance(frame, statistic="rate", numerator="count", denominator="pop",
                                      rate=rate_column, rate_type=rate_type, multiplier=multiplier)
            want = [PHE_LABELS[x] for x in frame[expected + suffix]]
            assert list(zip(out["comparison"], out["significance"])) == want, (expected, suffix)


def test_funnel_significance_dsr_below_10_events_not_compared():
    frame = pd.DataFrame({"count": [9, 500, 400], "rate": [50.0, 120.0, 90.0]})
    out = funnel_significance(frame, statistic="rate", numerator="count", denominator=None, rate="rate",
                              rate_type="dsr")
    assert out.loc[0, "comparison"] == "not compared" and out.loc[0, "significance"] == "not compared"


# ----------------------------------------------------------------------------------------------------------------------
# compare (polarity), significance and compare_levels
# ----------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("polarity", "expected"), [
    ("no judgement", ["higher", "similar", "lower", "not compared"]),
    ("high is good", ["better", "similar", "worse", "not compared"]),
    ("low is good", ["worse", "similar", "better", "not compared"]),
])
def test_compare_polarity(polarity, expected):
    got = compare([7.0, 7.0, 7.0, NAN], [3.4, 3.4, 3.4, NAN], [13.8, 13.8, 13.8, NAN], [2.0, 3.4, 15.0, 5.0],
                  polarity=polarity)
    assert got.tolist() == expected


def test_significance_kernel_limits_included_and_nan():
    got = significance([3.4] * 6, [13.8] * 6, [2.2] * 6, [18.0] * 6, [5.0, 3.4, 3.0, 2.2, 2.0, NAN])
    assert got.tolist() == ["not significant", "not significant", "95%", "95%", "99.8%", "not compared"]
    assert significance(1, 2, 0.5, 2.5, [0.4, 2.6, 2.4]).tolist() == ["99.8%", "99.8%", "95%"]


def _levels_frame():
    keys = {"indicator": "ehcp", "period": "2024", "breakdown": "All", "category": "All"}
    frame = pd.DataFrame([
        {**keys, "area_code": "E09000019", "value": 7.0, "lower_ci": 5.6, "upper_ci": 8.7, "lower_ci_998": 4.9,
         "upper_ci_998": 9.8},
        {**keys, "area_code": "E09000020", "value": 3.0, "lower_ci": 2.1, "upper_ci": 4.3, "lower_ci_998": 1.7,
         "upper_ci_998": 5.2},
        {**keys, "area_code": "E09000021", "value": 5.0, "lower_ci": 3.8, "upper_ci": 6.5, "lower_ci_998": 3.2,
         "upper_ci_998": 7.5},
        {**keys, "area_code": "E09000022", "value": NAN, "lower_ci": NAN, "upper_ci": NAN, "lower_ci_998": NAN,
         "upper_ci_998": NAN},
    ], index=[10, 11, 12, 13])
    england = pd.DataFrame([{**keys, "area_code": "E92000001", "value": 5.3}])
    return frame, england


def test_compare_levels_two_columns_one_schema():
    frame, england = _levels_frame()
    out = compare_levels(frame, england)
    assert list(out.columns) == [*frame.columns, "comparator_code", "comparison", "significance"]
    assert out.index.tolist() == [10, 11, 12, 13]
    assert out["comparison"].tolist() == ["higher", "lower", "similar", "not compared"]
    # 5.3 is below 5.6 but inside [4.9, 9.8]: 95% only; above 5.2: 99.8%
    assert out["significance"].tolist() == ["95%", "99.8%", "not significant", "not compared"]
    assert out["comparator_code"].tolist()[:3] == ["E92000001"] * 3
    rag = compare_levels(frame, england, polarity="high is good")
    assert list(rag.columns) == list(out.columns)
    assert rag["comparison"].tolist() == ["better", "worse", "similar", "not compared"]


def test_compare_levels_custom_columns_and_no_mutation():
    frame, england = _levels_frame()
    frame = frame.rename(columns={"lower_ci_998": "lo3", "upper_ci_998": "up3"})
    before = frame.copy(deep=True)
    out = compare_levels(frame, england, lower_998="lo3", upper_998="up3")
    pd.testing.assert_frame_equal(frame, before)
    assert out["significance"].tolist()[:2] == ["95%", "99.8%"]


def test_compare_with_polarity_keeps_columns():
    frame, england = _levels_frame()
    plain = compare_with(frame, england)
    judged = compare_with(frame, england, polarity="low is good")
    assert list(plain.columns) == list(judged.columns)
    assert plain["comparison"].tolist() == ["higher", "lower", "similar", "not compared"]
    assert judged["comparison"].tolist() == ["worse", "better", "similar", "not compared"]


# ----------------------------------------------------------------------------------------------------------------------
# Argument errors, word for word
# ----------------------------------------------------------------------------------------------------------------------


def _bands():
    return pd.DataFrame({"area": ["A", "A", "B"], "count": [10, 20, 5], "pop": [100, 200, 50], "esp": [1, 2, 1]},
                        index=["r1", "r2", "r3"])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: dsr(_bands(), count="count", denominator="pop", standard=[1, 2], group="area"),
     "standard must hold one value per row of each group; got 2 values for groups of [1, 2] rows"),
    (lambda: dsr(_bands(), count="count", denominator="pop", standard="esp", group="region"),
     "group must name columns of frame; got ['region'] (columns: ['area', 'count', 'pop', 'esp'])"),
    (lambda: dsr(_bands(), count="count", denominator="pop", standard="esp", group=3),
     "group must be a column name or a list of column names; got 3"),
    (lambda: dsr(_bands(), count="count", denominator="pop", standard="weights"),
     "standard must name a column of frame; got 'weights' (columns: ['area', 'count', 'pop', 'esp'])"),
    (lambda: dsr(_bands().assign(esp=[1, -2, 1]), count="count", denominator="pop", standard="esp"),
     "standard column 'esp' must be finite and not negative; got -2 at index 'r2'"),
    (lambda: dsr(_bands(), count="count", denominator="pop", standard=[1, -2, 1]),
     "standard must be finite and not negative; got -2 at position 1"),
    (lambda: dsr(_bands().assign(pop=[100, 0, 50]), count="count", denominator="pop", standard="esp"),
     "denominator column 'pop' must be greater than 0; got 0 at index 'r2'"),
    (lambda: dsr(_bands().assign(pop=[100, NAN, 50]), count="count", denominator="pop", standard="esp"),
     "denominator column 'pop' must not be missing; got NaN at index 'r2'"),
    (lambda: dsr(_bands().assign(count=[10, -26, 5]), count="count", denominator="pop", standard="esp"),
     "count column 'count' must be finite and not negative; got -26 at index 'r2'"),
    (lambda: dsr(_bands(), count="count", denominator="pop", standard="esp", confidence=95),
     "confidence must be between 0.9 and 1; got 95"),
    (lambda: dsr(_bands(), count="count", denominator="pop", standard="esp", multiplier=0),
     "multiplier must be a positive number; got 0"),
    (lambda: dsr([1, 2], standard="esp"), "frame must be a pandas DataFrame; got list"),
    (lambda: dsr_ci(-1, 0.1, 0.01), "count must be finite and not negative; got -1"),
    (lambda: dsr_ci(10, 0.1, [0.01, -0.01]), "variance must be finite and not negative; got -0.01 at position 1"),
    (lambda: isr(_bands(), count="count", denominator="pop", reference_count="esp", reference_denominator="esp",
                 group="area", multiplier=-1), "multiplier must be a positive number; got -1"),
    (lambda: isr(_bands().assign(esp=[1, 0, 1]), count="count", denominator="pop", reference_count="esp",
                 reference_denominator="esp"),
     "reference_denominator column 'esp' must be greater than 0; got 0 at index 'r2'"),
    (lambda: isr(_bands(), count="count", denominator="pop", reference_count=[1, 2, 3],
                 reference_denominator=[1, 0, 3]),
     "reference_denominator must be greater than 0; got 0 at position 1"),
    (lambda: isr(_bands().assign(pop=[1, -5, 1]), count="count", denominator="pop", reference_count="esp",
                 reference_denominator="esp"),
     "denominator column 'pop' must be finite and not negative; got -5 at index 'r2'"),
    (lambda: funnel_proportion_limits([100, 0], 0.5), "denominator must be greater than 0; got 0 at position 1"),
    (lambda: funnel_proportion_limits(100, 1.5), "average must not exceed 1; got 1.5 > 1"),
    (lambda: funnel_poisson_limits([3, -1]), "events must be finite and not negative; got -1 at position 1"),
    (lambda: funnel_limits(_bands(), statistic="mean"),
     "statistic must be one of 'proportion', 'rate', 'ratio'; got 'mean'"),
    (lambda: funnel_limits(_bands(), statistic="rate", rate="count", rate_type="ISR"),
     "rate_type must be one of 'crude', 'dsr'; got 'ISR'"),
    (lambda: funnel_limits(_bands(), statistic="rate", numerator="count", rate="count", years_of_data=0),
     "years_of_data must be a positive number; got 0"),
    (lambda: funnel_limits(_bands().iloc[:0], statistic="ratio"),
     "frame must have at least one row; got an empty frame"),
    (lambda: funnel_limits(_bands().assign(count=[10, NAN, 5]), statistic="proportion", denominator="pop"),
     "numerator column 'count' must not be missing; got NaN at index 'r2'"),
    (lambda: funnel_limits(_bands().assign(count=[10, 300, 5]), statistic="proportion", denominator="pop"),
     "numerator must not exceed denominator; got count 300 > pop 200 at index 'r2'"),
    (lambda: funnel_significance(_bands(), statistic="ratio", denominator="pop", polarity="RAG"),
     "polarity must be one of 'no judgement', 'high is good', 'low is good'; got 'RAG'"),
    (lambda: funnel_limits(_bands().assign(rate=[1.0, 0.0, 2.0]), statistic="rate", rate="rate"),
     "rate column 'rate' must be greater than 0 where there are events; got 0 at index 'r2'"),
    (lambda: funnel_limits(_bands().assign(count=[0, 3, 5], rate=[0.0, 1.0, 2.0]), statistic="rate", rate="rate",
                           denominator=None),
     "denominator must name a column of frame when a crude rate has 0 events; got None (0 events at index 'r1')"),
    (lambda: funnel_limits(_bands().assign(count=[0, 3, 5], rate=[0.0, 1.0, 2.0], pop=[0, 1, 1]), statistic="rate",
                           rate="rate", denominator="pop"),
     "denominator column 'pop' must be greater than 0 where there are 0 events; got 0 at index 'r1'"),
    (lambda: funnel_limits(_bands().assign(count=[0, 0, 0], rate=[0.0, 0.0, 0.0]), statistic="rate", rate="rate",
                           rate_type="dsr"),
     "frame must have at least one row with events; got none"),
    (lambda: compare([1.0], [0.5], [1.5], [1.0], polarity="RAG - High is good"),
     "polarity must be one of 'no judgement', 'high is good', 'low is good'; got 'RAG - High is good'"),
    (lambda: compare_levels(_levels_frame()[0].drop(columns="upper_ci_998"), _levels_frame()[1]),
     "upper_998 must name a column of frame; got 'upper_ci_998' (columns: ['indicator', 'period', 'breakdown', "
     "'category', 'area_code', 'value', 'lower_ci', 'upper_ci', 'lower_ci_998'])"),
    (lambda: compare_with(_levels_frame()[0], _levels_frame()[1], polarity=None),
     "polarity must be one of 'no judgement', 'high is good', 'low is good'; got None"),
])
def test_argument_errors(call, message):
    with pytest.raises(ArgumentError) as info:
        call()
    assert str(info.value) == message
