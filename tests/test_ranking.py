"""Tests of jsnakit.stats.ranking: quantile bounds (Fingertips), quantile assignment (PHEindicatormethods phe_quantile),
LAIT quartile bands and ranks, against published reference values and the real LAIT data.

phe_quantile expectations are transcribed from PHEindicatormethods 2.1.0 testdata_Quantiles.xlsx (OHID/UKHSA; commit
093fd288d8f8949dbcfbed70049dbbf385b6141d, tests/testthat/), kept outside the project in
../shared/data/reference/PHEindicatormethods/; each literal names its Excel row (header = row 1). The last reference test
sweeps every row the R package's own test (testQuantiles.R) checks, when ../shared is there.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jsnakit.stats import ranking
from jsnakit.core.errors import ArgumentError
from jsnakit.stats.ranking import QUANTILE_COLUMNS, assign_quantiles, lait_quartile_band, quantile_bounds, rank

PHE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reference" / "PHEindicatormethods"
NAN = float("nan")
BDS = "dfe_lait/bds_long_0.parquet"
LA_TYPES_NOT_RANKED = ["country", "region", "former local authority", "london part"]


# ----------------------------------------------------------------------------------------------------------------------
# quantile_bounds
# ----------------------------------------------------------------------------------------------------------------------


def test_quantile_bounds_fingertips_quartiles_of_1_to_50():
    # ../shared/data/reference/README.md, "Quartiles" (Fingertips quartile tests): min 1, Q1 13.25, median 25.5,
    # Q3 37.75, max 50 (Excel PERCENTILE.INC).
    assert quantile_bounds(np.arange(1, 51)).tolist() == [1.0, 13.25, 25.5, 37.75, 50.0]
    # same values shuffled, as a list, as a pandas Series with a missing value: NaN is left out
    values = list(range(50, 0, -1)) + [NAN]
    assert quantile_bounds(values).tolist() == [1.0, 13.25, 25.5, 37.75, 50.0]
    assert quantile_bounds(pd.Series(values, dtype="Float64")).tolist() == [1.0, 13.25, 25.5, 37.75, 50.0]


def test_quantile_bounds_other_n_and_no_values():
    # Excel =PERCENTILE.INC({1..50}, 0.2) = 10.8 (h = 49 x 0.2 + 1 = 10.8: 10 + 0.8 x 1)
    assert quantile_bounds(np.arange(1, 51), n=5) == pytest.approx([1.0, 10.8, 20.6, 30.4, 40.2, 50.0])
    assert np.isnan(quantile_bounds([NAN, NAN])).all() and len(quantile_bounds([], n=10)) == 11


@pytest.mark.parametrize(("n", "message"), [
    (1, "n must be a whole number of at least 2; got 1"),
    (4.0, "n must be a whole number of at least 2; got 4.0"),
    (True, "n must be a whole number of at least 2; got True"),
    ("4", "n must be a whole number of at least 2; got '4'"),
])
def test_quantile_bounds_bad_n(n, message):
    with pytest.raises(ArgumentError) as err:
        quantile_bounds([1, 2, 3], n=n)
    assert str(err.value) == message


def test_quantile_bounds_values_must_be_numbers():
    with pytest.raises(ArgumentError) as err:
        quantile_bounds(["a", "b"])
    assert str(err.value) == "values must be numbers (array-like of float); got ['a', 'b']"


# ----------------------------------------------------------------------------------------------------------------------
# assign_quantiles (phe_quantile)
# ----------------------------------------------------------------------------------------------------------------------

# testdata_Quantiles.xlsx, rows 458-470: IndSexRef 11111Female, Region1, Decile, IndSexReg, Polarity TRUE (inverted):
# Value and QuantileInGrp. Ties (169.27, 108.90) share the lower quantile.
DUMMY1 = [182.71, 175.99, 169.27, 169.27, 155.83, 149.11, 142.39, 135.67, 128.95, 121.40, 108.90, 108.90, 101.60]
DUMMY1_DECILE = [1, 1, 2, 2, 4, 4, 5, 6, 7, 7, 8, 8, 10]
# testdata_Quantiles.xlsx, rows 471-492: IndSexRef 22222Female, Region2, Decile, IndSexReg, Polarity FALSE.
DUMMY2 = [10, 11, 13, 15, 19, 20.2, 22.4, 24.6, 26.8, 29, 31.2, 33.4, 35.6, 37.8, 37.8, 42.2, 44.4, 46.6, 46.6, 51,
          53.2, 55.4]
DUMMY2_DECILE = [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 8, 8, 8, 9, 10, 10]
# testdata_Quantiles.xlsx, rows 2-13: 40501Female (under 75 cancer mortality, "RAG - Low is good": inverted), North East
# region E12000001, Decile within region: Value (to 6 dp) and QuantileInGrp.
NORTH_EAST = [118.746048, 131.277828, 137.109864, 137.725653, 138.900523, 143.263302, 145.596671, 146.697126,
              153.691283, 155.763081, 157.122229, 171.217046]
NORTH_EAST_DECILE = [10, 9, 8, 7, 6, 6, 5, 4, 3, 2, 1, 1]


def test_assign_quantiles_reference_deciles_inverted_and_not():
    frame = pd.DataFrame({
        "area_code": [f"Area{i}" for i in range(1, 36)],
        "parent": ["Region1"] * 13 + ["Region2"] * 22,
        "inverted": [True] * 13 + [False] * 22,
        "value": DUMMY1 + DUMMY2,
    })
    out = assign_quantiles(frame, group="parent", n=10, invert="inverted")
    assert out["quantile"].tolist() == DUMMY1_DECILE + DUMMY2_DECILE
    assert out["nquantiles"].tolist() == [10] * 35
    assert out["quantile_order"].tolist() == (["lowest quantile represents highest values"] * 13
                                              + ["lowest quantile represents lowest values"] * 22)
    # the same with a logical invert, one group at a time
    assert assign_quantiles(frame[:13], n=10, invert=True)["quantile"].tolist() == DUMMY1_DECILE
    assert assign_quantiles(frame[13:], n=10)["quantile"].tolist() == DUMMY2_DECILE


def test_assign_quantiles_reference_real_region_with_a_missing_value():
    # testdata_Quantiles.xlsx rows 2-13 (North East, inverted); a NaN (as the file's City of London / Isles of Scilly
    # rows 118 and 153) gets no quantile and is not counted.
    frame = pd.DataFrame({"value": NORTH_EAST + [NAN]})
    out = assign_quantiles(frame, n=10, invert=True)
    assert out["quantile"].iloc[:12].tolist() == NORTH_EAST_DECILE
    assert np.isnan(out["quantile"].iloc[12])


def test_assign_quantiles_too_few_values_warns_and_gives_nan():
    # As phe_quantile: a group with fewer values than quantiles gets none (testQuantiles.R, "too few small areas";
    # East Midlands has 9 LAs with a value in the file, rows 166-174 of the Decile/IndSexReg block of 90366Female).
    frame = pd.DataFrame({"g": ["a"] * 9 + ["b"] * 12, "value": list(range(9)) + NORTH_EAST})
    with pytest.warns(UserWarning) as record:
        out = assign_quantiles(frame, group="g", n=10, invert=True)
    assert str(record[0].message) == "1 group(s) had fewer than n=10 values; their quantiles are NaN"
    assert out["quantile"].iloc[:9].isna().all()
    assert out["quantile"].iloc[9:].tolist() == NORTH_EAST_DECILE


def test_assign_quantiles_schema_index_and_input_untouched():
    frame = pd.DataFrame({"value": [3.0, 1.0, 2.0, 4.0], "quantile": ["old"] * 4, "note": [None, "c", None, None]},
                         index=[10, 11, 12, 13])
    before = frame.copy()
    out = assign_quantiles(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.columns) == ["value", "quantile", "note", "nquantiles", "quantile_order"]
    assert out.index.tolist() == [10, 11, 12, 13]
    assert out["quantile"].tolist() == [3.0, 1.0, 2.0, 4.0]
    pd.testing.assert_series_equal(out["note"], frame["note"])
    empty = assign_quantiles(frame.iloc[:0])
    assert list(empty.columns) == list(out.columns) and len(empty) == 0
    assert set(QUANTILE_COLUMNS) <= set(out.columns)


def test_assign_quantiles_group_keys_with_missing_values_form_a_group():
    frame = pd.DataFrame({"g": ["a", "a", None, None], "value": [1.0, 2.0, 5.0, 3.0]})
    assert assign_quantiles(frame, group=["g"], n=2)["quantile"].tolist() == [1.0, 2.0, 2.0, 1.0]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"value": "rate"}, "value must name a column of frame; got 'rate' (columns: ['g', 'value', 'flag', 'text'])"),
    ({"value": "text"}, "value column 'text' must be numeric; got 'x' at index 0"),
    ({"group": "region"}, "group must name columns of frame; got ['region'] (columns: ['g', 'value', 'flag', 'text'])"),
    ({"group": 3}, "group must be a column name or a list of column names; got 3"),
    ({"n": 0}, "n must be a whole number of at least 2; got 0"),
    ({"invert": "yes"}, "invert must be True, False or a column of frame holding booleans; got 'yes'"),
    ({"invert": 1}, "invert must be True, False or a column of frame holding booleans; got 1"),
    ({"invert": "text"}, "invert column 'text' must hold True or False; got 'x' at index 0"),
    ({"invert": "flag"}, "invert column 'flag' must hold one value in each group; got both True and False"),
    ({"invert": "flag", "group": "g"},
     "invert column 'flag' must hold one value in each group; got both True and False in group 'a'"),
])
def test_assign_quantiles_bad_arguments(kwargs, message):
    frame = pd.DataFrame({"g": ["a", "a", "b"], "value": [1.0, 2.0, 3.0], "flag": [True, False, True],
                          "text": ["x", "y", "z"]})
    with pytest.raises(ArgumentError) as err:
        assign_quantiles(frame, **kwargs)
    assert str(err.value) == message


def test_assign_quantiles_frame_must_be_a_dataframe():
    with pytest.raises(ArgumentError) as err:
        assign_quantiles([1, 2, 3])
    assert str(err.value) == "frame must be a pandas DataFrame; got list"


@pytest.mark.skipif(not PHE.is_dir(), reason=f"reference data not found at {PHE} (needs the shared folder beside the project)")
def test_sweep_every_phe_quantile_reference_row():
    """Every row testQuantiles.R checks: deciles within region (Polarity as invert), septiles nationally, quartiles of
    the whole set (invert TRUE), NaN values included; BadPolarity (invert varying in a group) must fail."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl / pandas engine notices
        data = pd.read_excel(PHE / "testdata_Quantiles.xlsx", sheet_name="testdata_Quantiles",
                             keep_default_na=False, na_values=[""])  # GroupSet "None" is a label, not a missing value
    data.index = data.index + 2  # Excel rows
    polarity = {"RAG - Low is good": True, "RAG - High is good": False, True: True, False: False}
    data["invert"] = data["Polarity"].map(polarity).astype(bool)
    good = data[data["Test"].str.startswith("Good")]
    cases = [("IndSexReg", ["IndSexRef", "ParentCode"], 10, "invert"), ("IndSex", ["IndSexRef"], 7, "invert"),
             ("None", None, 4, True)]
    checked = 0
    for group_set, group, n, invert in cases:
        part = good[good["GroupSet"] == group_set]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # East Midlands has fewer than 10 LAs: NaN deciles, as expected
            out = assign_quantiles(part, value="Value", group=group, n=n, invert=invert)
        np.testing.assert_array_equal(out["quantile"].to_numpy(), part["QuantileInGrp"].to_numpy(),
                                      err_msg=f"testdata_Quantiles.xlsx, GroupSet {group_set}")
        checked += len(part)
    assert checked == 339 + 152 + 491
    bad = data[data["Test"] == "BadPolarity"]
    with pytest.raises(ArgumentError, match="must hold one value in each group"):
        assign_quantiles(bad, value="Value", group="IndSexRef", n=7, invert="invert")


# ----------------------------------------------------------------------------------------------------------------------
# lait_quartile_band
# ----------------------------------------------------------------------------------------------------------------------


def test_lait_quartile_band_lait_test_values():
    # LAIT tests/testthat/test-fn_analysis.R (calculate_quartile_band): bands 0/25/50/75/100, polarity Low:
    # 10 -> A, 30 -> B, 60 -> C, 80 -> D; boundaries 0 and 25 -> A.
    reference = np.arange(0, 101)  # quartiles exactly 0, 25, 50, 75, 100
    got = lait_quartile_band([10, 30, 60, 80, 0, 25], polarity="lower is better", reference=reference)
    assert got.tolist() == ["A", "B", "C", "D", "A", "A"]
    # LAIT test-fn_table_helpers.R (build_la_stats_table): polarity High with bands 0/10/20/30/40 shows
    # A "40 to 30.1", B "30 to 20.1", C "20 to 10.1", D "10 to 0".
    reference = np.arange(0, 41)
    got = lait_quartile_band([40, 30.1, 30, 20.1, 20, 10.1, 10, 0], polarity="higher is better", reference=reference)
    assert got.tolist() == ["A", "A", "B", "B", "C", "C", "D", "D"]


def test_lait_quartile_band_missing_and_out_of_range():
    got = lait_quartile_band([NAN, -1, 101, 50], polarity="higher is better", reference=np.arange(0, 101))
    assert got.tolist() == [None, None, None, "C"]
    assert lait_quartile_band([1.0], polarity="no judgement", reference=[NAN]).tolist() == [None]


def test_lait_quartile_band_bad_polarity():
    with pytest.raises(ArgumentError) as err:
        lait_quartile_band([1, 2], polarity="High")
    assert str(err.value) == (
        "polarity must be one of 'higher is better', 'lower is better', 'no judgement'; got 'High'"
    )


@pytest.fixture(scope="module")
def lait_las(real):
    from jsnakit.sources import lait

    bds = lait.read_lait(real / BDS, measures=["SEN_EHC_All_20wks", "PrimStatements"])
    return bds, bds[~bds["area_type"].isin(LA_TYPES_NOT_RANKED)]


def test_real_lait_quartiles_bands_and_ranks_ehc_plans_in_20_weeks(lait_las):
    _, las = lait_las
    # LAIT bds_long_0.parquet, Short Desc SEN_EHC_All_20wks ("All new EHC plans issued within 20 weeks (%)",
    # Polarity "High" in lait_data_dictionary.csv line 2660), Years 2024: 153 LAs, parquet rows 309,5xx-309,7xx.
    latest = las[(las["measure_code"] == "SEN_EHC_All_20wks") & (las["period"] == "2024")].reset_index(drop=True)
    assert len(latest) == 153
    # h = 152 x p + 1 is a whole number for p = 1/4, 1/2, 3/4: the 39th, 77th and 115th smallest values (hand-checked
    # by sorting the Values column): 29.4, 49.4, 78.6; Devon's 3.2 (row 309606) is the minimum, 100 the maximum.
    assert quantile_bounds(latest["value"]).tolist() == [3.2, 29.4, 49.4, 78.6, 100.0]
    band = dict(zip(latest["area_name"], lait_quartile_band(latest["value"], polarity="higher is better")))
    assert band["Havering"] == "D"   # row 309627: 29.4 == Q1 -> lowest quarter, worst when higher is better
    assert band["Luton"] == "D"      # row 309649: 29.4
    assert band["Swindon"] == "C"    # row 309704: 49.4 == median
    assert band["Islington"] == "B"  # row 309634: 78.599999999999994 == Q3 -> B, not A (quarters closed at the top)
    assert band["Camden"] == "A"     # row 309592: 96.1
    assert band["Leeds"] == "D"      # row 309643: 9.3
    # the same bands with lower-is-better reversed
    assert lait_quartile_band([29.4, 78.6, 96.1], polarity="lower is better",
                              reference=latest["value"]).tolist() == ["A", "C", "D"]
    ranks = dict(zip(latest["area_name"], rank(latest["value"])))
    # four LAs at 100 (Barnet 309571, Wandsworth 309714, Windsor and Maidenhead 309722 and one more) share rank 1;
    # three at 99.0 share rank 5; Devon (lowest, 3.2) is 153rd.
    assert ranks["Barnet"] == ranks["Wandsworth"] == ranks["Windsor and Maidenhead"] == 1.0
    assert (rank(latest["value"]) == 5.0).sum() == 3
    assert ranks["Devon"] == 153.0
    assert rank(latest["value"], ascending=True)[latest.index[latest["area_name"] == "Devon"][0]] == 1.0


def test_real_lait_quartiles_no_judgement_primary_ehc_plans(lait_las):
    bds, las = lait_las
    # LAIT bds_long_0.parquet, PrimStatements ("% of pupils who have statement of SEN (primary)", no polarity), 2025:
    # Isles of Scilly "-" (row 148133) is left out, so 152 values and h = 151 p + 1 interpolates (PERCENTILE.INC):
    # Q1 = 3.1 + 0.75 x (3.2 - 3.1) = 3.175; min Leeds 1 (row 148143), max Tower Hamlets 6.5 (row 148209).
    latest = las[(las["measure_code"] == "PrimStatements") & (las["period"] == "2025")]
    assert len(latest) == 153 and latest["value"].isna().sum() == 1
    assert quantile_bounds(latest["value"]) == pytest.approx([1.0, 3.175, 3.7, 4.125, 6.5])
    got = lait_quartile_band([1.0, 6.5, NAN], polarity="no judgement", reference=latest["value"])
    assert got.tolist() == ["1", "4", None]
    # England's 3.5 (row 148228) banded against the LAs: between Q1 and the median
    england = bds[(bds["measure_code"] == "PrimStatements") & (bds["period"] == "2025")
                  & (bds["area_code"] == "E92000001")]["value"]
    assert england.tolist() == [3.5]
    assert lait_quartile_band(england, polarity="no judgement", reference=latest["value"]).tolist() == ["2"]


# ----------------------------------------------------------------------------------------------------------------------
# rank
# ----------------------------------------------------------------------------------------------------------------------


def test_rank_ties_take_the_lower_rank_and_nan_is_unranked():
    got = rank([5.0, 9.0, NAN, 9.0, 1.0])
    np.testing.assert_array_equal(got, [3.0, 1.0, NAN, 1.0, 4.0])
    np.testing.assert_array_equal(rank([5.0, 9.0, NAN, 9.0, 1.0], ascending=True), [2.0, 3.0, NAN, 3.0, 1.0])
    np.testing.assert_array_equal(rank(pd.Series([2, None, 1], dtype="Int64")), [1.0, NAN, 2.0])
    assert rank([]).tolist() == []


def test_rank_bad_arguments():
    with pytest.raises(ArgumentError) as err:
        rank([1, 2], ascending="yes")
    assert str(err.value) == "ascending must be True or False; got 'yes'"
    with pytest.raises(ArgumentError) as err:
        rank(["a"])
    assert str(err.value) == "values must be numbers (array-like of float); got ['a']"


def test_module_exports():
    assert set(ranking.__all__) >= {"quantile_bounds", "assign_quantiles", "lait_quartile_band", "rank"}
