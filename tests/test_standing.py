"""An area's complete comparison frame (profile.comparison_frame, profile.standing) and the cached national work
(profile.published): figures hand-checked against the sample files and against constructed rows."""
from __future__ import annotations

import inspect
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.stats import methods
from jsnakit.needs import profile
from jsnakit.core import schema
from jsnakit.catalog import Catalog
from jsnakit.core.files import read_parquet, write_parquet
from jsnakit.core.errors import ArgumentError, DisclosureError

from conftest import SAMPLES

ISLINGTON = "E09000019"
#: North Central London ICB: Barnet, Camden, Enfield, Haringey and Islington.
NCL = ["E09000003", "E09000007", "E09000010", "E09000014", ISLINGTON]


@pytest.fixture(scope="module")
def published(national):
    return disclosure.apply(national)


@pytest.fixture(scope="module")
def neighbours():
    return Catalog(SAMPLES).load("neighbours")


@pytest.fixture(scope="module")
def islington(published, neighbours):
    return profile.comparison_frame(published, ISLINGTON, neighbours=neighbours,
                                    group={"name": "North Central London ICB", "areas": NCL})


def _at(frame, indicator, breakdown="All", category="All"):
    rows = frame[(frame["indicator"] == indicator) & (frame["breakdown"] == breakdown)
                 & (frame["category"] == category)]
    assert len(rows) == 1, (indicator, breakdown, category, len(rows))
    return rows.iloc[0]


# ------------------------------------------------------------------------------------------------ the whole frame

def test_every_indicator_breakdown_and_category_once(islington, published):
    frame = islington
    assert list(frame.columns) == profile.STANDING_COLUMNS
    assert not frame.duplicated(["indicator", "breakdown", "category"]).any()
    data = published.frame
    # Every indicator the area has, that has a published value somewhere (disclosure.apply without an estimated
    # base withholds every figure published without its count, the outcomes by SEN status among them).
    assert set(frame["indicator"]) == (set(data.loc[data["area_code"] == ISLINGTON, "indicator"])
                                       & set(data.loc[data["value"].notna(), "indicator"]))
    # Each indicator's total first, then its categories; need shares, age bands and placements all present.
    assert frame["indicator"].iloc[0] == "ehc_pupils_pct" and frame["breakdown"].iloc[0] == "All"
    assert {"primary_need", "age_band", "placement"} <= set(frame["breakdown"])
    bands = frame[(frame["indicator"] == "population") & (frame["breakdown"] == "age_band")]
    assert bands["category"].tolist() == list(profile.AGE_BANDS)  # youngest first
    assert (frame["area_code"] == ISLINGTON).all() and (frame["area_name"] == "Islington").all()
    assert frame.dtypes[["rank", "value", "group_median"]].eq("float64").all()
    assert frame.dtypes[["neighbours", "group_n", "ranked"]].eq("int64").all()


def test_headline_figures_hand_checked_from_the_sample_file(islington):
    frame = islington
    row = _at(frame, "ehc_pupils_pct")
    # data-special-educational-needs-in-england.csv, 2025/26, pupils with an EHC plan / all pupils (Total rows),
    # computed with pandas straight from the CSV: Barnet 1,583 -> 5.3226%, Camden 7.6626%, Enfield 7.3529%,
    # Haringey 5.6506%; Islington 3,023 of 40,248 = 7.5109%. Median of the four others = (5.6506 + 7.3529) / 2.
    assert row["period"] == "2025/26" and row["count"] == 3023 and row["denominator"] == 40248
    assert row["group_median"] == pytest.approx(6.5017619, abs=1e-6)
    assert row["group_n"] == 4 and row["group_name"] == "North Central London ICB"
    # Same file, all 153 LAs: 15 have a higher share than Islington -> rank 16; type-7 quartiles of the 153 are
    # 5.3116 / 5.9948 / 6.6228, and 7.5109 lies above Q3 -> quarter "4".
    assert row["rank"] == 16 and row["ranked"] == 153 and row["quartile"] == "4"
    # England 5.993% lies below Islington's 99.8% Wilson interval (7.10% to 7.93%): higher at 99.8%.
    assert row["comparison"] == "higher" and row["significance"] == "higher (99.8%)"
    # Islington 2021/22-2025/26: 2,111/40,927, 2,181/41,373, 2,598/40,923, 2,702/41,312, 3,023/40,248;
    # Cochran-Armitage chi-square by hand = 251.2 > 9.55 with a positive slope: increasing.
    assert (row["trend"], row["trend_from"], row["trend_to"]) == ("increasing", "2021/22", "2025/26")


def test_a_breakdown_category_hand_checked(islington):
    frame = islington
    asd = _at(frame, "ehc_need_share", "primary_need", "Autistic spectrum disorder")
    # sen_primary_need.csv, 2025/26, EHC plan: ASD / Total per LA, with pandas from the CSV: Islington 1,145 of
    # 3,023 = 37.876%; 18 LAs higher -> rank 19 of 153; quartiles 30.552 / 33.412 / 36.085 -> quarter "4".
    # Barnet 35.944%, Camden 37.080%, Enfield 29.520%, Haringey 39.373%: median (35.944 + 37.080) / 2 = 36.512.
    assert asd["value"] == pytest.approx(100 * 1145 / 3023)
    # Two LAs' ASD counts are withheld to protect small counts (City of London's 5 of 17, and Lambeth's 390, the
    # smallest other in London, so that London's total does not give the City's back): 151 ranked.
    assert asd["rank"] == 19 and asd["ranked"] == 151 and asd["quartile"] == "4"
    assert asd["group_median"] == pytest.approx(36.5119804, abs=1e-6) and asd["group_n"] == 4
    # Withheld cells: vision impairment (2 pupils) is suppressed and hearing impairment (10) withheld to protect
    # it; no value, rank or quarter, but the comparators are still shown.
    vision = _at(frame, "ehc_need_share", "primary_need", "Vision impairment")
    hearing = _at(frame, "ehc_need_share", "primary_need", "Hearing impairment")
    assert vision["note"] == "c" and hearing["note"] == "c"
    for row in (vision, hearing):
        assert np.isnan(row["value"]) and np.isnan(row["rank"]) and row["quartile"] is None
        assert row["significance"] == "not compared" and row["england"] > 0 and row["ranked"] > 100
    population = _at(frame, "population")
    assert population["significance"] == "not compared" and population["trend"] == "cannot be calculated"


def test_neighbours_and_region_as_published(islington, published, neighbours):
    frame = islington
    data = published.frame
    row = _at(frame, "sen_support_need_share", "primary_need", "Autistic spectrum disorder")
    now = data[(data["indicator"] == "sen_support_need_share") & (data["period"] == row["period"])
               & (data["category"] == "Autistic spectrum disorder")].set_index("area_code")["value"]
    close = neighbours.loc[neighbours["area_code"] == ISLINGTON, "neighbour_code"]
    assert row["neighbour_median"] == pytest.approx(now[close].median())
    assert row["neighbours"] == now[close].notna().sum()
    assert row["region"] == now["E12000007"] and row["england"] == now["E92000001"]


def test_standing_is_the_headline_rows(published, islington, neighbours):
    frame = islington
    dfe_numbers = ["302", "202", "308", "309", "206"]  # the same five LAs by their DfE numbers
    headline = profile.standing(published, "206", neighbours=neighbours, group=dfe_numbers)
    assert list(headline.columns) == profile.STANDING_COLUMNS
    assert headline["indicator"].tolist() == list(profile.STANDING)  # the sample data hold every STANDING id
    assert (headline["group_name"] == profile.GROUP_NAME).all()
    same = frame[(frame["breakdown"] == "All") & frame["indicator"].isin(profile.STANDING)]
    same = same.iloc[np.argsort([profile.STANDING.index(i) for i in same["indicator"]], kind="stable")]
    pd.testing.assert_frame_equal(headline.drop(columns="group_name"),
                                  same.drop(columns="group_name").reset_index(drop=True))
    earlier = profile.standing(published, ISLINGTON, period="2023/24").set_index("indicator")
    assert earlier.loc["ehc_pupils_pct", "period"] == "2023/24"
    assert (earlier.loc["ehc_pupils_pct", "trend_from"], earlier.loc["ehc_pupils_pct", "trend_to"]) == ("2019/20",
                                                                                                    "2023/24")
    assert earlier.loc["ehc_20_weeks_pct", "period"] == "2023"  # calendar years up to "2023/24"


def test_no_group(published):
    row = profile.standing(published, ISLINGTON).iloc[0]
    assert np.isnan(row["group_median"]) and row["group_n"] == 0 and row["group_name"] is None
    assert row["neighbours"] == 0 and np.isnan(row["neighbour_median"])


def test_group_errors(published):
    def bad(group, message):
        with pytest.raises(ArgumentError, match=message):
            profile.comparison_frame(published, ISLINGTON, group=group)

    bad(["E09000007", "E09999999", "nowhere"], re.escape(
        "group must list GSS codes or DfE numbers of upper-tier local authorities; got 2 unknown: 'E09999999', "
        "'nowhere'"))
    bad(["E09000007", "E12000007"], re.escape(
        "group must list upper-tier local authorities only; got E12000007 (London, region)"))
    bad("E09000007", re.escape("group must be a list of GSS codes or DfE LA numbers; got 'E09000007'"))
    bad([], "group must name at least one area; got none")
    bad({"name": "NCL", "codes": NCL}, re.escape(
        "group must be a list of area codes or a mapping {'name': ..., 'areas': [...]}; got a mapping with the keys "
        "['codes', 'name']"))
    bad({"name": " ", "areas": NCL}, "group name must be a non-empty string; got ' '")


def test_other_argument_errors(published, national):
    with pytest.raises(DisclosureError, match="only frames that passed disclosure control"):
        profile.comparison_frame(national, ISLINGTON)
    with pytest.raises(ArgumentError, match="area code must be a GSS code of England"):
        profile.comparison_frame(published, "E09999999")
    with pytest.raises(ArgumentError, match="indicator must be one of"):
        profile.comparison_frame(published, ISLINGTON, indicators_shown=["ehc_pupils_pct", "rainfall"])
    with pytest.raises(ArgumentError, match="indicators_shown must be a list of indicator ids; got 'ehc_pupils_pct'"):
        profile.standing(published, ISLINGTON, indicators_shown="ehc_pupils_pct")
    with pytest.raises(ArgumentError, match="neighbours must be a frame of statistical neighbours"):
        profile.comparison_frame(published, ISLINGTON, neighbours=["E09000007"])
    wider = national[national["indicator"] == "ehc_20_weeks_pct"].assign(confidence=0.998)
    with pytest.raises(ArgumentError, match=r"disclosed must hold 95% confidence limits \(profile.national's "
                                            r"default\); got confidence 0.998"):
        profile.comparison_frame(disclosure.apply(wider), ISLINGTON)
    empty = profile.comparison_frame(published, ISLINGTON, indicators_shown=["phonics_pct"])  # withheld: no base
    assert empty.empty and list(empty.columns) == profile.STANDING_COLUMNS


# ------------------------------------------------------------------------------ two-level significance, built rows

#: Percentages: England 6,000 of 100,000 = 6.0%; five London boroughs. Rates per 10,000: England 35,610 per
#: 1,000,000 = 356.1; two boroughs.
_PCT = {"E92000001": (6000, 100_000), "E09000002": (700, 10_000), "E09000003": (150, 2000),
        "E09000004": (62, 1000), "E09000005": (96, 2000), "E09000006": (400, 10_000)}
_RATE = {"E92000001": (35_610, 1_000_000), "E09000007": (470, 12_000), "E09000008": (500, 12_000)}


def _built() -> pd.DataFrame:
    from jsnakit.core import geography

    table = geography.areas()
    parts = []
    for indicator, counts, unit, kernel, multiplier in (("ehc_pupils_pct", _PCT, "%", methods.proportion, 100),
                                                         ("ehc_plans_per_10k", _RATE, "per 10,000", methods.rate,
                                                          10_000)):
        rows = schema.empty().reindex(range(len(counts))).assign(
            indicator=indicator, area_code=list(counts), period="2025/26", breakdown="All", category="All",
            count=[float(c) for c, _ in counts.values()], denominator=[float(n) for _, n in counts.values()],
            unit=unit, source="built", comparison="not compared")
        rows = rows.assign(area_name=rows["area_code"].map(table["area_name"]),
                           area_type=rows["area_code"].map(table["area_type"]))
        rows = kernel(rows, multiplier=multiplier)
        england = rows[rows["area_code"] == "E92000001"]
        rows = methods.compare_with(rows, england)
        rows.loc[rows["area_code"] == "E92000001", ["comparison", "comparator_code"]] = ["not compared", np.nan]
        parts.append(rows[schema.INDICATOR_COLUMNS])
    return pd.concat(parts, ignore_index=True)


def test_two_level_significance_on_built_rows():
    shown = disclosure.apply(_built())
    got = {code: profile.comparison_frame(shown, code).set_index("indicator") for code in [*_PCT, *_RATE]
           if code != "E92000001"}
    pct = {code: frame.loc["ehc_pupils_pct", "significance"] for code, frame in got.items() if code in _PCT}
    # Wilson limits by hand, (2x + z² ∓ z·sqrt(z² + 4x(1-p))) / 2(n + z²), z = 1.96 (95%) and 3.0902 (99.8%),
    # against England's 6.0%:
    #   700/10,000 = 7.0%:  95% 6.516-7.517, 99.8% 6.252-7.830 -> outside both: higher (99.8%)
    #   150/2,000  = 7.5%:  95% 6.425-8.738, 99.8% 5.875-9.529 -> outside the 95% only: higher (95%)
    #   62/1,000   = 6.2%:  95% 4.866-7.869                     -> inside: similar
    #   96/2,000   = 4.8%:  95% 3.947-5.827, 99.8% 3.526-6.504 -> lower (95%)
    #   400/10,000 = 4.0%:  95% 3.633-4.402, 99.8% 3.437-4.651 -> lower (99.8%)
    assert pct == {"E09000002": "higher (99.8%)", "E09000003": "higher (95%)", "E09000004": "similar",
                   "E09000005": "lower (95%)", "E09000006": "lower (99.8%)"}
    # Byar limits by hand, O(1 - 1/9O - z/3√O)³ and (O+1)(1 - 1/9(O+1) + z/3√(O+1))³, per 10,000 of 12,000,
    # against England's 356.1: 470 -> 391.7, 95% 357.1-428.7, 99.8% 338.2-450.8: higher (95%);
    # 500 -> 416.7, 95% 380.9-454.8, 99.8% 361.4-477.5: higher (99.8%).
    rate = {code: frame.loc["ehc_plans_per_10k", "significance"] for code, frame in got.items() if code in _RATE}
    assert rate == {"E09000007": "higher (95%)", "E09000008": "higher (99.8%)"}
    # Ranks and quarters among the five boroughs (7.0, 7.5, 6.2, 4.8, 4.0): type-7 quartiles 4.8 / 6.2 / 7.0, so
    # 7.5 is rank 1 in quarter 4 and 7.0 rank 2 in quarter 3 (the quarters are closed at the top).
    ranks = {code: (frame.loc["ehc_pupils_pct", "rank"], frame.loc["ehc_pupils_pct", "quartile"])
             for code, frame in got.items() if code in _PCT}
    assert ranks == {"E09000002": (2, "3"), "E09000003": (1, "4"), "E09000004": (3, "2"), "E09000005": (4, "1"),
                     "E09000006": (5, "1")}
    # The same verdicts as methods.compare_levels, the two-level frame function, given the 99.8% limits.
    rows = _built()
    pcts = rows[rows["indicator"] == "ehc_pupils_pct"]
    wide = methods.proportion(pcts, confidence=0.998)
    levels = methods.compare_levels(pcts.assign(lower_ci_998=wide["lower_ci"], upper_ci_998=wide["upper_ci"]),
                                    pcts[pcts["area_code"] == "E92000001"])
    levels = levels[levels["area_code"] != "E92000001"]
    assert {a: f"{c} ({s})" if s in ("95%", "99.8%") else c
            for a, c, s in zip(levels["area_code"], levels["comparison"], levels["significance"])} == pct
    # A group of the user's: the area itself is left out of the median (7.5 and 6.2 -> 6.85, 2 members).
    grouped = profile.comparison_frame(shown, "E09000002", group=["E09000002", "E09000003", "E09000004"]).iloc[0]
    assert grouped["group_median"] == pytest.approx(6.85) and grouped["group_n"] == 2
    assert profile.comparison_frame(shown, "E92000001").iloc[0]["significance"] == "not compared"


# ------------------------------------------------------------------------------------------ published and its cache

def _same_disclosed(a: disclosure.Disclosed, b: disclosure.Disclosed) -> None:
    """Equal frames (values, dtypes, index, the very spelling of missing text) and equal rules."""
    assert isinstance(a, disclosure.Disclosed) and isinstance(b, disclosure.Disclosed)
    left, right = a.frame, b.frame
    pd.testing.assert_frame_equal(left, right, check_exact=True)
    assert left.dtypes.to_dict() == right.dtypes.to_dict()
    pd.testing.assert_index_equal(left.index, right.index, exact=True)
    for column in left.columns:
        if left[column].dtype == object:
            assert left[column].map(type).tolist() == right[column].map(type).tolist(), column
    assert a.rules == b.rules and repr(a) == repr(b)


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_published_from_cache_equals_a_fresh_computation(national, tmp_path, monkeypatch):
    # The parsed input files the session has cached already, so that only the national work is timed here.
    for parsed in Path(os.environ["JSNAKIT_CACHE"]).glob("*.parquet"):
        if not parsed.name.startswith("published-"):
            shutil.copy(parsed, tmp_path / parsed.name)
    catalog = Catalog(SAMPLES, cache_dir=tmp_path)
    target = profile.published_cache_path(catalog)
    assert target.parent == tmp_path and re.fullmatch(r"published-[0-9a-f]{32}\.parquet", target.name)
    assert not target.exists()
    first = profile.published(catalog)  # a miss: computed, then written
    assert target.is_file()
    everything = profile.published_input(catalog)
    assert everything.iloc[:len(national)].equals(national.reset_index(drop=True))  # the national frame first
    fresh = disclosure.apply(everything, uncounted_base=profile.uncounted_base(catalog))
    _same_disclosed(first, fresh.take(range(len(national))))
    _same_disclosed(profile.published_need(catalog, "E09000019"),
                    fresh.query(indicator=profile.NEED_AGE, area_code="E09000019"))

    def no_national(*args, **kwargs):
        raise AssertionError("a cache hit must not recompute the national frame")

    monkeypatch.setattr(profile, "national", no_national)
    memory = profile.published(Catalog(SAMPLES, cache_dir=tmp_path))  # a hit in this process's memory
    _same_disclosed(memory, fresh.take(range(len(national))))
    monkeypatch.setattr(profile, "_PUBLISHED", {})  # another process: the file read back
    again = profile.published(Catalog(SAMPLES, cache_dir=tmp_path))  # a hit, as a batch's kernel sees it
    _same_disclosed(again, fresh.take(range(len(national))))
    assert not list(tmp_path.glob("*.tmp"))


@pytest.fixture
def counted(national, monkeypatch):
    """profile.national replaced by one small indicator of the sample frame, counting its calls."""
    calls = []
    small = national[national["indicator"] == "ehc_20_weeks_pct"].reset_index(drop=True)

    def fake(catalog, **kwargs):
        calls.append(catalog)
        return small.copy()

    monkeypatch.setattr(profile, "national", fake)
    return calls


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_a_corrupt_or_doctored_cache_file_is_recomputed_never_trusted(counted, tmp_path, monkeypatch):
    catalog = Catalog(SAMPLES, cache_dir=tmp_path)
    first = profile.published(catalog)
    target = profile.published_cache_path(catalog)
    assert len(counted) == 1 and target.is_file()
    profile.published(catalog)
    assert len(counted) == 1  # a hit
    target.write_bytes(b"PAR1 this is not a parquet file")
    _same_disclosed(profile.published(catalog), first)  # this process keeps the frame it checked: the file unread
    assert len(counted) == 1

    monkeypatch.setattr(profile, "_PUBLISHED", {})  # from here, each call as another process makes it
    _same_disclosed(profile.published(catalog), first)
    assert len(counted) == 2 and len(read_parquet(target)) == len(profile.published_all(catalog))  # re-written whole

    doctored = read_parquet(target)
    row = doctored.index[doctored["count"].notna()][0]
    doctored.loc[row, "count"] = 3.0  # a count the rules withhold: a file holding it was not made by published()
    write_parquet(doctored, target)
    profile._PUBLISHED.clear()
    shown = profile.published(catalog)
    assert len(counted) == 3
    assert not ((shown.frame["count"] >= 1) & (shown.frame["count"] <= 4)).any()
    _same_disclosed(shown, first)


def test_no_cache_when_the_catalog_has_none(counted, tmp_path):
    catalog = Catalog(SAMPLES, cache_dir=False)
    assert profile.published_cache_path(catalog) is None
    profile.published(catalog)
    profile.published(catalog)
    assert len(counted) == 2


def test_the_key_follows_the_inputs_the_rules_and_nothing_else(counted, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLES / "dfe_sen_in_england", data / "dfe_sen_in_england")
    cache = tmp_path / "cache"
    before = profile.published_cache_path(Catalog(data, cache_dir=cache))
    # A file national() does not read (the statistical neighbours) leaves the key as it was.
    shutil.copytree(SAMPLES / "dfe_statistical_neighbours", data / "dfe_statistical_neighbours")
    assert profile.published_cache_path(Catalog(data, cache_dir=cache)) == before
    strict = disclosure.Rules(threshold=10)
    assert profile.published_cache_path(Catalog(data, cache_dir=cache), strict) != before
    assert profile.published(Catalog(data, cache_dir=cache), rules=strict).rules == strict
    provision = data / "dfe_sen_in_england" / "data-special-educational-needs-in-england.csv"
    provision.write_bytes(provision.read_bytes() + b"\n")  # one byte more in an input national() reads
    assert profile.published_cache_path(Catalog(data, cache_dir=cache)) != before


def test_the_key_covers_every_source_national_reads():
    code = inspect.getsource(profile.national)
    names = set(re.findall(r'_current\(catalog, "(\w+)"\)', code))
    names |= set(re.findall(r'catalog\.(?:has|load)\("(\w+)"\)', code))
    names |= set(re.findall(r'usable\(catalog, "(\w+)"\)', code))
    assert len(names) == 10 and names <= set(profile.NATIONAL_SOURCES)
    # The process steps national adds (needs.ehc_process) read sources of the key too.
    from jsnakit.needs import ehc_process
    steps = set(re.findall(r'_(?:usable|counts)\(catalog, "(\w+)"', inspect.getsource(ehc_process)))
    assert steps == {"ehc_requests", "ehc_new_plans", "lait", "ehc_caseload"}  # 20 weeks: the national frame
    assert steps <= set(profile.NATIONAL_SOURCES)
    grids = set(re.findall(r'usable\(catalog, "(\w+)"\)', inspect.getsource(profile.published_input)))
    assert grids == {"ehc_needs_by_age"} <= set(profile.GRID_SOURCES)


def test_published_argument_errors():
    with pytest.raises(ArgumentError, match="catalog must be a jsnakit.catalog.Catalog; got str"):
        profile.published("data_samples")
    with pytest.raises(ArgumentError, match="rules must be a jsnakit.disclosure.Rules; got dict"):
        profile.published(Catalog(SAMPLES, cache_dir=False), rules={"threshold": 5})
