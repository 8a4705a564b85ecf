"""Tests of jsnakit.stats.methods against the PHEindicatormethods reference data.

Expected values are transcribed from the test data of the R package PHEindicatormethods 2.1.0 (OHID/UKHSA; commit
093fd288d8f8949dbcfbed70049dbbf385b6141d, folder tests/testthat/), kept outside the project in
../shared/data/reference/PHEindicatormethods/. Each literal row names its file, sheet and Excel row (header = row 1).
The last reference test sweeps every row of those sheets when ../shared is there.
"""
from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jsnakit.stats import comparison, funnels, proportions, rates, standardisation
from jsnakit.core import schema
from jsnakit.core.errors import ArgumentError
from jsnakit.stats.methods import byar_ci, compare, compare_with, proportion, rate, wilson_ci

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reference"
PHE = REFERENCE / "PHEindicatormethods"
NAN = float("nan")
REL = 1e-9  # the reference workbooks hold full double precision; agreement is ~1e-14 in practice


def approx(expected, rel=REL):
    return pytest.approx(expected, rel=rel, abs=1e-12, nan_ok=True)


# ----------------------------------------------------------------------------------------------------------------------
# wilson_ci
# ----------------------------------------------------------------------------------------------------------------------

# (x, n, confidence, lower, upper)
WILSON_ROWS = [
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 8
    (65, 100, 0.95, 0.5525444329688797, 0.7363575175690247),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 9
    (1045, 5000, 0.95, 0.19795549880013297, 0.22049130373189027),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 10 (a non-integer count)
    (0.445, 1, 0.95, 0.04381744772058822, 0.9334621276979156),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 11
    (65, 100, 0.998, 0.4954946574070431, 0.7783540614089697),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 12
    (1045, 5000, 0.998, 0.19179381799015244, 0.22731562902525818),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 13
    (0.445, 1, 0.998, 0.019347006132900975, 0.9702259947019541),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 2 (lower95_0cl, upper95_0cl)
    (1, 100, 0.95, 0.0017674320641406511, 0.054486196178705294),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 2 (lower99_8cl, upper99_8cl)
    (1, 100, 0.998, 0.000873065697299977, 0.1045544528370582),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 6 (95%)
    (9856, 12345, 0.95, 0.7912101752909069, 0.8053640073614909),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 6 (99.8%)
    (9856, 12345, 0.998, 0.7869924108419063, 0.8093061412589626),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 7 (95%): 7.8 million of 7.6 billion
    (7776456, 7564336677, 0.95, 0.0010273201001641094, 0.0010287644578977231),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 8 (99.8%)
    (222, 3215, 0.998, 0.05647101964624248, 0.08418414185270134),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop_g, row 3 (95%)
    (10, 200, 0.95, 0.027382645600763925, 0.08957814813877597),
    # The reference has no 0 or x == n rows. These come from the closed forms of the same formula: for x = 0 the
    # limits are 0 and z^2/(n + z^2); for x = n they are n/(n + z^2) and 1. With z = 1.959963984540054 (95%),
    # z^2 = 3.841458820694124: 3.841458820694124/23.841458820694124 = 0.16112515805281938, 20/23.84... = 0.83887...
    (0, 20, 0.95, 0.0, 0.16112515805281938),
    (20, 20, 0.95, 0.8388748419471806, 1.0),
    # ... and with z = 3.090232306167813 (99.8%), z^2 = 9.549535706...: 9.5495/29.5495 = 0.32317041462405505
    (0, 20, 0.998, 0.0, 0.32317041462405505),
    (20, 20, 0.998, 0.676829585375945, 1.0),
    (1, 1, 0.95, 0.20654931437723742, 1.0),  # 1/(1 + z^2) = 1/4.841458820694124
]


@pytest.mark.parametrize(("x", "n", "confidence", "lower", "upper"), WILSON_ROWS)
def test_wilson_ci_reference(x, n, confidence, lower, upper):
    got_lower, got_upper = wilson_ci(x, n, confidence=confidence)
    assert float(got_lower) == approx(lower)
    assert float(got_upper) == approx(upper)


def test_wilson_ci_by_hand_7_of_100():
    # By hand, 95%: z = 1.959964, z^2 = 3.841459, p = 0.07.
    # sqrt(z^2 + 4 x (1 - p)) = sqrt(3.841459 + 28 * 0.93) = sqrt(29.881459) = 5.466394; times z = 10.713937.
    # 2x + z^2 = 17.841459; 2 (n + z^2) = 207.682918.
    # lower = (17.841459 - 10.713937) / 207.682918 = 7.127522 / 207.682918 = 0.034319
    # upper = (17.841459 + 10.713937) / 207.682918 = 28.555396 / 207.682918 = 0.137495
    lower, upper = wilson_ci(7, 100)
    assert float(lower) == pytest.approx(0.034319, abs=5e-7)
    assert float(upper) == pytest.approx(0.137495, abs=5e-7)


def test_wilson_ci_zero_and_all_are_exact():
    lower, upper = wilson_ci([0, 0, 5, 7776456], [1, 7564336677, 5, 7776456], confidence=0.998)
    assert lower[0] == 0.0 and lower[1] == 0.0
    assert upper[2] == 1.0 and upper[3] == 1.0
    assert 0 < lower[2] < 1 and 0 < upper[0] < 1


def test_wilson_ci_broadcasts_and_matches_scalar_calls():
    counts = np.array([[0.0], [3.0], [10.0]])  # shape (3, 1)
    denominators = np.array([10.0, 20.0, 50.0, 1000.0])  # shape (4,)
    lower, upper = wilson_ci(counts, denominators, confidence=0.998)
    assert lower.shape == upper.shape == (3, 4)
    assert lower.dtype == np.float64 and upper.dtype == np.float64
    for i, x in enumerate(counts[:, 0]):
        for j, n in enumerate(denominators):
            lo, up = wilson_ci(x, n, confidence=0.998)
            assert lower[i, j] == pytest.approx(float(lo), rel=1e-15)
            assert upper[i, j] == pytest.approx(float(up), rel=1e-15)


def test_wilson_ci_nan_in_nan_out():
    lower, upper = wilson_ci([NAN, 5, 5, NAN], [10, NAN, 10, NAN])
    assert np.isnan(lower).tolist() == [True, True, False, True]
    assert np.isnan(upper).tolist() == [True, True, False, True]


def test_wilson_ci_accepts_pandas_missing_values():
    lower, _ = wilson_ci(pd.array([1, None], dtype="Int64"), pd.Series([100, 100]))
    assert lower[0] == approx(0.0017674320641406511)  # testdata_Proportion.xlsx, testdata_Prop, row 2
    assert np.isnan(lower[1])


def test_kernels_do_not_mutate_their_inputs():
    x = np.array([0.0, 5.0, NAN, 20.0])
    n = np.array([10.0, 10.0, 10.0, 20.0])
    x0, n0 = x.copy(), n.copy()
    wilson_ci(x, n)
    byar_ci(x)
    compare(x, x - 1, x + 1, n)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(n, n0)


# ----------------------------------------------------------------------------------------------------------------------
# byar_ci
# ----------------------------------------------------------------------------------------------------------------------

# (count, confidence, method, lower, upper)
BYAR_ROWS = [
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 2
    (65, 0.95, "byar", 50.163187710459454, 82.84913854593984),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 3
    (1045, 0.95, "byar", 982.5932018073325, 1110.33121298565),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 4 (Byar's forced on a count of 1)
    (1, 0.95, "byar", 0.01307213290150435, 5.5637555824752605),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 5
    (65, 0.998, "byar", 42.8802614714802, 94.00029084431802),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 6
    (1045, 0.998, "byar", 947.9407035610374, 1148.806160988033),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 7 (10 events: Byar's in "auto" too)
    (10, 0.998, "byar", 2.916318374695686, 24.193724927880535),
    (10, 0.998, "auto", 2.916318374695686, 24.193724927880535),
    # PHEindicatormethods testdata_Byars_Wilson.xlsx, sheet testdata_B_W, row 14: Byar's lower limit for 1 event at
    # 99.8% is blank (1 - 1/9 - z/3 < 0, the approximation is undefined); the upper limit is given
    (1, 0.998, "byar", NAN, 9.362180217908362),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 2 (1 per 100, so rate = count): exact limits.
    # By hand: for 1 event the exact lower limit is chi2(0.025, 2)/2 = -ln(0.975) = 0.025317807984289897
    (1, 0.95, "auto", 0.025317807984289897, 5.571643390938898),
    (1, 0.95, "exact", 0.025317807984289897, 5.571643390938898),
    (1, 0.998, "auto", 0.0010005003335835344, 9.233413476451585),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 3 (5 per 100)
    (5, 0.95, "auto", 1.62348639011842, 11.668332079322669),
    (5, 0.998, "auto", 0.739371731917839, 16.454745203680105),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 4 (20 per 100): Byar's
    (20, 0.95, "auto", 12.211428834875937, 30.889880369197066),
    (20, 0.998, "auto", 8.922802365144193, 38.08503562504191),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate_g, row 2 (2 per 200, per 100,000): the limits
    # 121.10463927198258 and 3612.3438338619794 per 100,000 times 200 / 100,000
    (2, 0.95, "auto", 121.10463927198258 * 200 / 100000, 3612.3438338619794 * 200 / 100000),
    # No events: lower 0 by definition; exact upper = chi2(0.975, 2)/2 = -ln(0.025) = 3.6888794541139363 (by hand)
    (0, 0.95, "auto", 0.0, 3.6888794541139363),
    (0, 0.95, "exact", 0.0, 3.6888794541139363),
]


@pytest.mark.parametrize(("count", "confidence", "method", "lower", "upper"), BYAR_ROWS)
def test_byar_ci_reference(count, confidence, method, lower, upper):
    got_lower, got_upper = byar_ci(count, confidence=confidence, method=method)
    assert float(got_lower) == approx(lower)
    assert float(got_upper) == approx(upper)


def test_byar_ci_auto_switches_at_ten():
    counts = np.arange(0, 15, dtype=float)
    auto = byar_ci(counts)
    exact = byar_ci(counts, method="exact")
    byar = byar_ci(counts, method="byar")
    below = counts < 10
    for got, e, b in zip(auto, exact, byar):
        np.testing.assert_array_equal(got[below], e[below])
        np.testing.assert_array_equal(got[~below], b[~below])


def test_byar_ci_zero_count_lower_is_zero_for_every_method():
    for method in ("auto", "byar", "exact"):
        lower, upper = byar_ci([0, 0], confidence=0.998, method=method)
        assert lower.tolist() == [0.0, 0.0]
        assert np.all(upper > 0)


def test_byar_ci_nan_in_nan_out_and_shape():
    lower, upper = byar_ci([[NAN, 3], [30, NAN]])
    assert lower.shape == upper.shape == (2, 2)
    assert np.isnan(lower).tolist() == [[True, False], [False, True]]
    assert np.isnan(upper).tolist() == [[True, False], [False, True]]


def test_byar_ci_limits_bracket_the_count():
    counts = np.array([1, 2, 5, 9, 10, 11, 50, 1000, 123456], dtype=float)
    lower, upper = byar_ci(counts, confidence=0.998)
    assert np.all(lower < counts) and np.all(counts < upper)


# ----------------------------------------------------------------------------------------------------------------------
# compare
# ----------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lower", "upper", "benchmark", "expected"),
    [
        (7.0, 3.4, 13.8, 5.0, "similar"),
        (7.0, 3.4, 13.8, 3.4, "similar"),  # benchmark exactly on the lower limit
        (7.0, 3.4, 13.8, 13.8, "similar"),  # benchmark exactly on the upper limit
        (7.0, 3.4, 13.8, 3.3999999, "higher"),  # benchmark just below the interval: the area is higher
        (7.0, 3.4, 13.8, 13.8000001, "lower"),
        (0.0, 0.0, 16.1, 0.0, "similar"),  # a zero count, benchmark 0
        (NAN, 3.4, 13.8, 5.0, "not compared"),
        (7.0, NAN, 13.8, 5.0, "not compared"),
        (7.0, 3.4, NAN, 5.0, "not compared"),
        (7.0, 3.4, 13.8, NAN, "not compared"),
    ],
)
def test_compare_hand_made_cases(value, lower, upper, benchmark, expected):
    assert compare(value, lower, upper, benchmark).tolist() == expected


def test_compare_broadcasts_and_returns_str_array():
    out = compare([1.0, 5.0, 9.0], [0.5, 4.0, 8.0], [1.5, 6.0, 10.0], 5.0)
    assert isinstance(out, np.ndarray) and out.dtype.kind == "U"
    assert out.tolist() == ["lower", "similar", "higher"]
    grid = compare(5.0, 4.0, 6.0, np.array([[3.0], [5.0], [7.0]]))
    assert grid.shape == (3, 1)
    assert grid[:, 0].tolist() == ["higher", "similar", "lower"]


# ----------------------------------------------------------------------------------------------------------------------
# proportion
# ----------------------------------------------------------------------------------------------------------------------

# (sheet, row, numerator, denominator, multiplier, confidence, value, lower, upper)
PROPORTION_ROWS = [
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 10 (percentage, lower/upper95_0cl)
    ("testdata_Prop", 10, 1, 100, 100, 0.95, 1.0, 0.1767432064140651, 5.44861961787053),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 10 (lower/upper99_8cl)
    ("testdata_Prop", 10, 1, 100, 100, 0.998, 1.0, 0.0873065697299977, 10.45544528370582),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 13
    ("testdata_Prop", 13, 65, 100, 100, 0.95, 65.0, 55.25444329688797, 73.63575175690247),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 14
    ("testdata_Prop", 14, 9856, 12345, 100, 0.998, 79.83799108950991, 78.69924108419063, 80.93061412589626),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 16
    ("testdata_Prop", 16, 222, 3215, 100, 0.95, 6.905132192846033, 6.07916903636366, 7.833956681383633),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 17
    ("testdata_Prop", 17, 999, 3456, 100, 0.998, 28.90625, 26.583995768074953, 31.344754492799847),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, row 4 (proportion of 1)
    ("testdata_Prop", 4, 20, 100, 1, 0.95, 0.2, 0.1333669333310325, 0.28882916559315885),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop_g, row 7 (grouped sums, proportion of 1)
    ("testdata_Prop_g", 7, 15552912, 15128673354, 1, 0.95, 0.0010280420256339154, 0.0010275314947741198,
     0.0010285528098907119),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop_g, row 9
    ("testdata_Prop_g", 9, 1998, 6912, 1, 0.95, 0.2890625, 0.2784949436323704, 0.2998643901720741),
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, rows 18-20: a missing numerator and/or
    # denominator gives missing value and limits
    ("testdata_Prop", 18, NAN, 100, 1, 0.95, NAN, NAN, NAN),
    ("testdata_Prop", 19, 10, NAN, 1, 0.95, NAN, NAN, NAN),
    ("testdata_Prop", 20, NAN, NAN, 1, 0.95, NAN, NAN, NAN),
]


@pytest.mark.parametrize(
    ("sheet", "row", "numerator", "denominator", "multiplier", "confidence", "value", "lower", "upper"),
    PROPORTION_ROWS,
)
def test_proportion_reference(sheet, row, numerator, denominator, multiplier, confidence, value, lower, upper):
    frame = pd.DataFrame({"count": [numerator], "denominator": [denominator]}, index=[f"{sheet}!{row}"])
    out = proportion(frame, confidence=confidence, multiplier=multiplier)
    assert out["value"].iloc[0] == approx(value)
    assert out["lower_ci"].iloc[0] == approx(lower)
    assert out["upper_ci"].iloc[0] == approx(upper)
    assert out["confidence"].iloc[0] == confidence
    assert out["method"].iloc[0] == "Wilson"


def test_proportion_many_rows_at_once_custom_columns_and_index_kept():
    # PHEindicatormethods testdata_Proportion.xlsx, sheet testdata_Prop, rows 10, 11, 12 (percentage, 95%)
    frame = pd.DataFrame(
        {"area": ["Area1", "Area2", "Area3"], "x": [1, 5, 20], "n": [100, 100, 100]}, index=[30, 10, 20]
    )
    out = proportion(frame, numerator="x", denominator="n")
    assert out.index.tolist() == [30, 10, 20]
    assert list(out.columns) == ["area", "x", "n", "value", "lower_ci", "upper_ci", "confidence", "method"]
    assert out["value"].tolist() == [1.0, 5.0, 20.0]
    assert out["lower_ci"].tolist() == approx([0.1767432064140651, 2.154367915436798, 13.33669333310325])
    assert out["upper_ci"].tolist() == approx([5.44861961787053, 11.17504692319191, 28.882916559315884])


def test_proportion_keeps_note_and_other_columns_for_nan_rows():
    frame = pd.DataFrame(
        {"count": [NAN, 3.0], "denominator": [40.0, 40.0], "note": ["suppressed (c)", None], "source": ["DfE", "DfE"]}
    )
    out = proportion(frame)
    assert np.isnan(out.loc[0, "value"]) and np.isnan(out.loc[0, "lower_ci"]) and np.isnan(out.loc[0, "upper_ci"])
    assert out.loc[0, "note"] == "suppressed (c)"
    assert out["source"].tolist() == ["DfE", "DfE"]
    assert out.loc[1, "value"] == 7.5


def test_proportion_overwrites_indicator_columns_in_place_and_keeps_schema():
    frame = _indicator_frame()
    out = proportion(frame)
    assert list(out.columns) == schema.INDICATOR_COLUMNS
    schema.validate(out)
    # 7 of 100 as a percentage; the by-hand check above gives 3.4319 and 13.7495
    assert out.loc[0, "lower_ci"] == pytest.approx(3.4319, abs=5e-5)
    assert out.loc[0, "upper_ci"] == pytest.approx(13.7495, abs=5e-5)
    assert list(proportion(schema.empty("indicator")).columns) == schema.INDICATOR_COLUMNS


# ----------------------------------------------------------------------------------------------------------------------
# rate
# ----------------------------------------------------------------------------------------------------------------------

# (sheet, row, numerator, denominator, multiplier, confidence, value, lower, upper, method)
RATE_ROWS = [
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 10 (rate per 100,000, lower/upper95_0cl)
    ("testdata_Rate", 10, 1, 100, 100000, 0.95, 1000.0, 25.317807984289896, 5571.643390938898, "Exact Poisson"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 10 (lower/upper99_8cl)
    ("testdata_Rate", 10, 1, 100, 100000, 0.998, 1000.0, 1.0005003335835343, 9233.413476451586, "Exact Poisson"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 11
    ("testdata_Rate", 11, 5, 100, 100000, 0.95, 5000.0, 1623.4863901184199, 11668.332079322669, "Exact Poisson"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 12
    ("testdata_Rate", 12, 20, 100, 100000, 0.998, 20000.0, 8922.802365144193, 38085.03562504191, "Byar"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 15 (7.8 million in 7.6 billion)
    ("testdata_Rate", 15, 7776456, 7564336677, 100000, 0.95, 102.80420256339154, 102.73196005302074,
     102.87648334092832, "Byar"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 21 (250 events in 220: a rate may exceed 1)
    ("testdata_Rate", 21, 250, 220, 100000, 0.998, 113636.36363636365, 92710.00554438953, 137651.23772147458, "Byar"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 8 (rate per 100)
    ("testdata_Rate", 8, 222, 3215, 100, 0.95, 6.905132192846033, 6.026574877652675, 7.87572937087185, "Byar"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate_g, row 3 (10 events: the first count using Byar's)
    ("testdata_Rate_g", 3, 10, 200, 100000, 0.95, 5000.0, 2393.7249569837822, 9195.729302878237, "Byar"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate_g, row 6
    ("testdata_Rate_g", 6, 19712, 24690, 100000, 0.95, 79837.99108950992, 78727.30027133638, 80960.43271813256,
     "Byar"),
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, rows 18-20: missing in, missing out; the method is
    # missing where the count is, and follows the count where only the denominator is missing
    ("testdata_Rate", 18, NAN, 100, 100000, 0.95, NAN, NAN, NAN, None),
    ("testdata_Rate", 19, 10, NAN, 100000, 0.95, NAN, NAN, NAN, "Byar"),
    ("testdata_Rate", 20, NAN, NAN, 100000, 0.95, NAN, NAN, NAN, None),
]


@pytest.mark.parametrize(
    ("sheet", "row", "numerator", "denominator", "multiplier", "confidence", "value", "lower", "upper", "method"),
    RATE_ROWS,
)
def test_rate_reference(sheet, row, numerator, denominator, multiplier, confidence, value, lower, upper, method):
    frame = pd.DataFrame({"count": [numerator], "denominator": [denominator]}, index=[f"{sheet}!{row}"])
    out = rate(frame, confidence=confidence, multiplier=multiplier)
    assert out["value"].iloc[0] == approx(value)
    assert out["lower_ci"].iloc[0] == approx(lower)
    assert out["upper_ci"].iloc[0] == approx(upper)
    assert out["confidence"].iloc[0] == confidence
    if method is None:
        assert pd.isna(out["method"].iloc[0])
    else:
        assert out["method"].iloc[0] == method


def test_rate_default_is_per_10000():
    # PHEindicatormethods testdata_Rate.xlsx, sheet testdata_Rate, row 5 (65 per 100): per 10,000 = per 100 x 100
    out = rate(pd.DataFrame({"count": [65], "denominator": [100]}))
    assert out["value"].iloc[0] == 6500.0
    assert out["lower_ci"].iloc[0] == approx(50.163187710459454 * 100)
    assert out["upper_ci"].iloc[0] == approx(82.84913854593984 * 100)


def test_rate_zero_events():
    out = rate(pd.DataFrame({"count": [0], "denominator": [2000]}))
    assert out["value"].iloc[0] == 0.0
    assert out["lower_ci"].iloc[0] == 0.0
    assert out["upper_ci"].iloc[0] == approx(3.6888794541139363 / 2000 * 10000)  # -ln(0.025) events
    assert out["method"].iloc[0] == "Exact Poisson"


def test_rate_does_not_mutate_input_and_keeps_schema():
    frame = _indicator_frame()
    before = frame.copy(deep=True)
    out = rate(frame, multiplier=1000)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.columns) == schema.INDICATOR_COLUMNS
    schema.validate(out)
    assert out["method"].tolist() == ["Exact Poisson", "Byar", "Byar"]
    assert list(rate(schema.empty("indicator")).columns) == schema.INDICATOR_COLUMNS


# ----------------------------------------------------------------------------------------------------------------------
# compare_with
# ----------------------------------------------------------------------------------------------------------------------


def _indicator_frame():
    """Three areas of one indicator, as an indicator frame (values not yet computed)."""
    rows = []
    for code, count, denominator in [("E09000019", 7.0, 100.0), ("E09000020", 40.0, 100.0), ("E09000021", 400.0, 10000.0)]:
        rows.append({c: np.nan for c in schema.INDICATOR_COLUMNS} | {
            "indicator": "ehcp_rate", "area_code": code, "area_name": code, "area_type": "la", "period": "2024",
            "breakdown": "All", "category": "All", "count": count, "denominator": denominator, "unit": "%",
            "comparator_code": None, "comparison": "not compared", "note": None, "source": "DfE",
        })
    return pd.DataFrame(rows, columns=schema.INDICATOR_COLUMNS)


def _benchmark(value=10.0, code="E92000001", **keys):
    row = {"indicator": "ehcp_rate", "period": "2024", "breakdown": "All", "category": "All"} | keys
    return pd.DataFrame([row | {"area_code": code, "value": value}])


def test_compare_with_fills_comparison_and_comparator():
    areas = proportion(_indicator_frame())  # 7% [3.4, 13.7], 40% [30.9, 49.8], 4% [3.6, 4.4]
    out = compare_with(areas, _benchmark(10.0))
    assert out["comparison"].tolist() == ["similar", "higher", "lower"]
    assert out["comparator_code"].tolist() == ["E92000001"] * 3
    assert list(out.columns) == schema.INDICATOR_COLUMNS
    schema.validate(out)


def test_compare_with_unmatched_rows_are_not_compared():
    areas = proportion(_indicator_frame())
    areas.loc[1, "period"] = "2023"
    areas.loc[2, "category"] = "Boys"
    out = compare_with(areas, _benchmark(10.0))
    assert out["comparison"].tolist() == ["similar", "not compared", "not compared"]
    assert out["comparator_code"].iloc[0] == "E92000001"
    assert out["comparator_code"].iloc[1:].isna().all()


def test_compare_with_nan_value_or_benchmark_is_not_compared():
    areas = proportion(_indicator_frame())
    areas.loc[0, ["value", "lower_ci", "upper_ci"]] = np.nan
    out = compare_with(areas, _benchmark(10.0))
    assert out["comparison"].tolist() == ["not compared", "higher", "lower"]
    out = compare_with(areas, _benchmark(NAN))
    assert out["comparison"].tolist() == ["not compared"] * 3
    assert out["comparator_code"].tolist() == ["E92000001"] * 3


def test_compare_with_chooses_comparator_and_matches_many_keys():
    areas = proportion(_indicator_frame())
    areas = pd.concat([areas, areas.assign(period="2023")], ignore_index=True)
    benchmark = pd.concat(
        [_benchmark(10.0), _benchmark(45.0, period="2023"), _benchmark(4.0, code="E12000007"),
         _benchmark(4.0, code="E12000007", period="2023")],
        ignore_index=True,
    )
    england = compare_with(areas, benchmark, comparator_code="E92000001")
    assert england["comparison"].tolist() == ["similar", "higher", "lower", "lower", "similar", "lower"]
    assert england["comparator_code"].tolist() == ["E92000001"] * 6
    london = compare_with(areas, benchmark, comparator_code="E12000007")
    assert london["comparison"].tolist() == ["similar", "higher", "similar"] * 2
    assert london["comparator_code"].tolist() == ["E12000007"] * 6


def test_compare_with_custom_indicator_column_and_index_kept():
    areas = proportion(_indicator_frame()).rename(columns={"indicator": "measure"})
    areas.index = ["a", "b", "c"]
    benchmark = _benchmark(10.0).rename(columns={"indicator": "measure"})
    out = compare_with(areas, benchmark, on="measure")
    assert out.index.tolist() == ["a", "b", "c"]
    assert out["comparison"].tolist() == ["similar", "higher", "lower"]


def test_compare_with_without_area_code_in_benchmark():
    out = compare_with(proportion(_indicator_frame()), _benchmark(10.0).drop(columns="area_code"))
    assert out["comparison"].tolist() == ["similar", "higher", "lower"]
    assert out["comparator_code"].isna().all()


# ----------------------------------------------------------------------------------------------------------------------
# Every raise, matched word for word
# ----------------------------------------------------------------------------------------------------------------------


def _msg(text):
    import re

    return "^" + re.escape(text) + "$"


@pytest.mark.parametrize(
    ("confidence", "shown"),
    [(95, "95"), (1, "1"), (0.5, "0.5"), (0.899, "0.899"), ("95%", "'95%'"), (True, "True"), (NAN, "nan"),
     (np.float64(99.8), "99.8"), (None, "None")],
)
def test_confidence_errors(confidence, shown):
    message = _msg(f"confidence must be between 0.9 and 1; got {shown}")
    frame = pd.DataFrame({"count": [1], "denominator": [10]})
    for call in (
        lambda: wilson_ci(1, 10, confidence=confidence),
        lambda: byar_ci(1, confidence=confidence),
        lambda: proportion(frame, confidence=confidence),
        lambda: rate(frame, confidence=confidence),
    ):
        with pytest.raises(ArgumentError, match=message):
            call()


def test_confidence_limits_allowed():
    wilson_ci(1, 10, confidence=0.9)
    wilson_ci(1, 10, confidence=0.998)
    wilson_ci(1, 10, confidence=np.float64(0.999))


@pytest.mark.parametrize(("multiplier", "shown"), [(0, "0"), (-100, "-100"), (float("inf"), "inf"), ("100", "'100'"),
                                                     (True, "True")])
def test_multiplier_errors(multiplier, shown):
    frame = pd.DataFrame({"count": [1], "denominator": [10]})
    for fn in (proportion, rate):
        with pytest.raises(ArgumentError, match=_msg(f"multiplier must be a positive number; got {shown}")):
            fn(frame, multiplier=multiplier)


def test_byar_method_error():
    with pytest.raises(ArgumentError, match=_msg("method must be one of 'auto', 'byar', 'exact'; got 'poisson'")):
        byar_ci(5, method="poisson")


def test_kernel_non_numeric_error():
    with pytest.raises(ArgumentError, match=_msg("count must be numbers (array-like of float); got 'abc'")):
        wilson_ci("abc", 10)
    with pytest.raises(ArgumentError, match=_msg("denominator must be numbers (array-like of float); got ['x']")):
        wilson_ci(1, ["x"])
    with pytest.raises(ArgumentError, match=_msg("benchmark must be numbers (array-like of float); got 'England'")):
        compare(1, 0, 2, "England")


def test_kernel_count_errors():
    with pytest.raises(ArgumentError, match=_msg("count must be finite and not negative; got -1 at position 2")):
        wilson_ci([1, 2, -1], 10)
    with pytest.raises(ArgumentError, match=_msg("count must be finite and not negative; got inf at position 0")):
        byar_ci([np.inf, 3])
    with pytest.raises(ArgumentError, match=_msg("count must be finite and not negative; got -2.5")):
        byar_ci(-2.5)


def test_kernel_denominator_error():
    with pytest.raises(ArgumentError, match=_msg("denominator must be greater than 0; got 0 at position 1")):
        wilson_ci([0, 0], [5, 0])


def test_kernel_count_above_denominator_error():
    with pytest.raises(ArgumentError, match=_msg("count must not exceed denominator; got 12 > 10 at position 1")):
        wilson_ci([5, 12], 10)
    with pytest.raises(ArgumentError, match=_msg("count must not exceed denominator; got 3 > 2 at position (1, 0)")):
        wilson_ci([[1], [3]], [2, 5])
    with pytest.raises(ArgumentError, match=_msg("count must not exceed denominator; got 1.5 > 1")):
        wilson_ci(1.5, 1)


def test_frame_type_errors():
    with pytest.raises(ArgumentError, match=_msg("frame must be a pandas DataFrame; got list")):
        proportion([1, 2])
    with pytest.raises(ArgumentError, match=_msg("frame must be a pandas DataFrame; got dict")):
        rate({"count": [1]})
    with pytest.raises(ArgumentError, match=_msg("frame must be a pandas DataFrame; got Series")):
        compare_with(pd.Series([1.0]), _benchmark())
    with pytest.raises(ArgumentError, match=_msg("benchmark must be a pandas DataFrame; got float")):
        compare_with(proportion(_indicator_frame()), 10.0)


@pytest.mark.parametrize("fn", [proportion, rate])
def test_missing_column_errors(fn):
    frame = pd.DataFrame({"count": [1], "denominator": [10]})
    with pytest.raises(
        ArgumentError, match=_msg("numerator must name a column of frame; got 'cases' (columns: ['count', 'denominator'])")
    ):
        fn(frame, numerator="cases")
    with pytest.raises(
        ArgumentError, match=_msg("denominator must name a column of frame; got 3 (columns: ['count', 'denominator'])")
    ):
        fn(frame, denominator=3)


@pytest.mark.parametrize("fn", [proportion, rate])
def test_non_numeric_column_errors(fn):
    frame = pd.DataFrame({"count": [1, "lots"], "denominator": [10, 10]}, index=["E09000019", "E09000020"])
    with pytest.raises(
        ArgumentError, match=_msg("numerator column 'count' must be numeric; got 'lots' at index 'E09000020'")
    ):
        fn(frame)


@pytest.mark.parametrize("fn", [proportion, rate])
def test_negative_and_infinite_value_errors(fn):
    frame = pd.DataFrame({"count": [1, 2, -3], "denominator": [10, 10, 10]})
    with pytest.raises(ArgumentError, match=_msg("numerator column 'count' must be finite and not negative; got -3 at index 2")):
        fn(frame)
    frame = pd.DataFrame({"count": [1, 2], "pop": [10, -0.5]}, index=[7, 8])
    with pytest.raises(
        ArgumentError, match=_msg("denominator column 'pop' must be finite and not negative; got -0.5 at index 8")
    ):
        fn(frame, denominator="pop")
    frame = pd.DataFrame({"count": [1, 2], "denominator": [np.inf, 10]})
    with pytest.raises(
        ArgumentError, match=_msg("denominator column 'denominator' must be finite and not negative; got inf at index 0")
    ):
        fn(frame)


@pytest.mark.parametrize("fn", [proportion, rate])
def test_zero_denominator_error(fn):
    frame = pd.DataFrame({"count": [0, 0], "denominator": [10, 0]}, index=["a", "b"])
    with pytest.raises(ArgumentError, match=_msg("denominator column 'denominator' must be greater than 0; got 0 at index 'b'")):
        fn(frame)


def test_proportion_numerator_above_denominator_error():
    frame = pd.DataFrame({"x": [5, 12, 20], "n": [10, 10, 10]}, index=[4, 3, 9])
    with pytest.raises(ArgumentError, match=_msg("numerator must not exceed denominator; got x 12 > n 10 at index 3")):
        proportion(frame, numerator="x", denominator="n")
    # ... which is fine for a rate (several events per person; testdata_Rate.xlsx, testdata_Rate, row 21)
    assert rate(frame, numerator="x", denominator="n")["value"].tolist() == [5000.0, 12000.0, 20000.0]


def test_compare_with_argument_errors():
    areas = proportion(_indicator_frame())
    with pytest.raises(ArgumentError, match=_msg("on must be a column name (str); got ['indicator']")):
        compare_with(areas, _benchmark(), on=["indicator"])
    with pytest.raises(
        ArgumentError,
        match=_msg(
            "frame must have the columns ['indicator', 'period', 'breakdown', 'category', 'value', 'lower_ci', "
            "'upper_ci']; missing ['value', 'lower_ci', 'upper_ci'] (columns: ['indicator', 'period', 'breakdown', "
            "'category'])"
        ),
    ):
        compare_with(areas[["indicator", "period", "breakdown", "category"]], _benchmark())
    with pytest.raises(
        ArgumentError,
        match=_msg(
            "benchmark must have the columns ['indicator', 'period', 'breakdown', 'category', 'value']; missing "
            "['period'] (columns: ['indicator', 'breakdown', 'category', 'area_code', 'value'])"
        ),
    ):
        compare_with(areas, _benchmark().drop(columns="period"))
    with pytest.raises(
        ArgumentError,
        match=_msg(
            "benchmark must have the columns ['area_code']; missing ['area_code'] (columns: ['indicator', 'period', "
            "'breakdown', 'category', 'value'])"
        ),
    ):
        compare_with(areas, _benchmark().drop(columns="area_code"), comparator_code="E92000001")
    with pytest.raises(
        ArgumentError,
        match=_msg("comparator_code must be an area_code of benchmark; got 'E92000002' (benchmark holds ['E92000001'])"),
    ):
        compare_with(areas, _benchmark(), comparator_code="E92000002")


def test_compare_with_duplicate_benchmark_errors():
    areas = proportion(_indicator_frame())
    two = pd.concat([_benchmark(10.0), _benchmark(4.0, code="E12000007")], ignore_index=True)
    with pytest.raises(
        ArgumentError,
        match=_msg(
            "benchmark must hold one row per (indicator, period, breakdown, category); got 2 rows sharing a key, "
            "first ('ehcp_rate', '2024', 'All', 'All'); pass comparator_code to choose one of ['E12000007', 'E92000001']"
        ),
    ):
        compare_with(areas, two)
    with pytest.raises(
        ArgumentError,
        match=_msg(
            "benchmark must hold one row per (indicator, period, breakdown, category); got 2 rows sharing a key, "
            "first ('ehcp_rate', '2024', 'All', 'All')"
        ),
    ):
        compare_with(areas, two.drop(columns="area_code"))


def test_compare_with_key_type_error():
    areas = proportion(_indicator_frame())
    benchmark = _benchmark(10.0).assign(period=2024)
    with pytest.raises(
        ArgumentError,
        match=r"^benchmark key columns \['indicator', 'period', 'breakdown', 'category'\] must have the types of "
        r"frame's; got: .*period",
    ):
        compare_with(areas, benchmark)


def test_compare_with_non_numeric_value_error():
    areas = proportion(_indicator_frame())
    areas["lower_ci"] = areas["lower_ci"].astype(object)
    areas.loc[1, "lower_ci"] = "n/a"
    with pytest.raises(ArgumentError, match=_msg("lower_ci column 'lower_ci' must be numeric; got 'n/a' at index 1")):
        compare_with(areas, _benchmark())


# ----------------------------------------------------------------------------------------------------------------------
# Docstring examples, and the sweep over every reference row
# ----------------------------------------------------------------------------------------------------------------------


def test_docstring_examples():
    # methods re-exports; the examples live in the modules of each family of statistic.
    results = [doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
               for module in (proportions, rates, standardisation, funnels, comparison)]
    assert sum(r.attempted for r in results) >= 6
    assert sum(r.failed for r in results) == 0


def _confidence_of(text):
    return float(str(text).rstrip("%")) / 100


@pytest.mark.skipif(not PHE.is_dir(), reason=f"reference data not found at {PHE} (needs the shared folder beside the project)")
def test_sweep_every_reference_row():
    """Every row of testdata_Byars_Wilson.xlsx, testdata_Proportion.xlsx and testdata_Rate.xlsx, every limit."""
    checked_rows = 0
    checked_values = 0
    largest = 0.0

    def check(got, expected, where):
        nonlocal checked_values, largest
        got = np.asarray(got, dtype=float)
        expected = np.asarray(expected, dtype=float)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(expected), err_msg=f"NaN pattern differs: {where}")
        both = ~np.isnan(expected)
        np.testing.assert_allclose(got[both], expected[both], rtol=REL, atol=1e-12, err_msg=where)
        if both.any():
            largest = max(largest, float(np.max(np.abs(got[both] - expected[both]))))
        checked_values += expected.size

    # Byar's and Wilson kernels
    bw = pd.read_excel(PHE / "testdata_Byars_Wilson.xlsx", sheet_name="testdata_B_W")
    for row, r in bw.iterrows():
        where = f"testdata_Byars_Wilson.xlsx, testdata_B_W, row {row + 2}"
        if r["method"] == "Wilson":
            lower, upper = wilson_ci(r["x"], r["n"], confidence=_confidence_of(r["confidence"]))
        else:
            assert r["method"] == "Byars", where
            lower, upper = byar_ci(r["x"], confidence=_confidence_of(r["confidence"]), method="byar")
        check([lower, upper], [r["lowercl"], r["uppercl"]], where)
        checked_rows += 1

    # phe_proportion and phe_rate, both confidence levels, each multiplier
    labels = {"Wilson": "Wilson", "Byars": "Byar", "Exact": "Exact Poisson"}
    for file, fn in [("testdata_Proportion.xlsx", proportion), ("testdata_Rate.xlsx", rate)]:
        for sheet, data in pd.read_excel(PHE / file, sheet_name=None).items():
            frame = data.rename(columns={"Numerator": "count", "Denominator": "denominator"})
            frame.index = frame.index + 2  # Excel row numbers
            if "confidence" in frame.columns:  # the grouped sheets: one level per sheet
                levels = {_confidence_of(frame["confidence"].iloc[0]): ("lowercl", "uppercl")}
            else:
                levels = {0.95: ("lower95_0cl", "upper95_0cl"), 0.998: ("lower99_8cl", "upper99_8cl")}
            for confidence, (lower_col, upper_col) in levels.items():
                for multiplier, part in frame.groupby("multiplier"):
                    out = fn(part, confidence=confidence, multiplier=int(multiplier))
                    where = f"{file}, {sheet}, rows {part.index.tolist()}, confidence {confidence}"
                    check(out["value"], part["value"], where)
                    check(out["lower_ci"], part[lower_col], where)
                    check(out["upper_ci"], part[upper_col], where)
                    expected_method = part["method"].map(labels)
                    assert out["method"].isna().tolist() == expected_method.isna().tolist(), where
                    assert out["method"].dropna().tolist() == expected_method.dropna().tolist(), where
            checked_rows += len(frame)

    print(f"\nreference sweep: {checked_rows} rows, {checked_values} values, largest absolute difference {largest:.3g}")
    assert checked_rows == 13 + 19 + 11 + 20 + 12
    assert largest < 1e-9
