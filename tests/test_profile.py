"""The needs profile on the sample data: figures hand-checked against the sample files."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.core import geography
from jsnakit.needs import profile
from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError, InputError
from jsnakit.core.schema import INDICATOR_COLUMNS

from conftest import SAMPLES


def _row(frame, indicator, area, period, category="All"):
    rows = frame[(frame["indicator"] == indicator) & (frame["area_code"] == area) & (frame["period"] == period)
                 & (frame["category"] == category)]
    assert len(rows) == 1, (indicator, area, period, category, len(rows))
    return rows.iloc[0]


def test_islington_ehc_pupils_pct(national):
    # data-special-educational-needs-in-england.csv, Islington (206), 2025/26: 3,023 pupils with an EHC plan of
    # 40,248 pupils = 7.5109%; Wilson 95%: centre (x + z²/2)/(n + z²), half-width z/(n + z²)·sqrt(x(n-x)/n + z²/4),
    # z = 1.959964: 7.2575% to 7.7725%.
    row = _row(national, "ehc_pupils_pct", "E09000019", "2025/26")
    assert row["count"] == 3023 and row["denominator"] == 40248
    assert row["value"] == pytest.approx(7.510932, abs=1e-6)
    assert row["lower_ci"] == pytest.approx(7.2575, abs=1e-4) and row["upper_ci"] == pytest.approx(7.7725, abs=1e-4)
    assert row["comparator_code"] == "E92000001" and row["comparison"] == "higher"
    assert row["method"] == "Wilson" and row["confidence"] == 0.95


def test_las_add_up_to_england(national):
    jan26 = national[(national["indicator"] == "ehc_pupils_pct") & (national["period"] == "2025/26")
                     & (national["breakdown"] == "All")]
    las = jan26[jan26["area_type"].isin(geography.LA_TYPES)]
    england = jan26[jan26["area_code"] == geography.ENGLAND].iloc[0]
    assert len(las) == 153
    assert las["count"].sum() == england["count"] and las["denominator"].sum() == england["denominator"]
    assert 5.5 < england["value"] < 6.5  # about 6% of pupils nationally in 2025/26


def test_need_shares_sum_to_100(national):
    shares = national[(national["indicator"] == "ehc_need_share") & (national["area_code"] == "E09000019")
                      & (national["period"] == "2025/26")]
    assert shares["value"].sum() == pytest.approx(100.0)
    # sen_primary_need.csv: Islington 2025/26 EHC plan, Autistic spectrum disorder 1,145 of 3,023.
    asd = _row(national, "ehc_need_share", "E09000019", "2025/26", "Autistic spectrum disorder")
    assert asd["value"] == pytest.approx(100 * 1145 / 3023)


def test_counts_have_no_confidence_limits(national):
    # a count (ehc_plans, population: method "none") is the count itself with missing limits, not lower = upper = count
    counts = national[national["method"] == "none"]
    assert {"ehc_plans", "population"} <= set(counts["indicator"])
    assert counts[["lower_ci", "upper_ci"]].isna().all().all()
    assert (counts["value"] == counts["count"]).all()
    shown = disclosure.apply(national[national["area_code"].isin(["E09000019", "E06000017"])]).frame
    assert shown.loc[shown["method"] == "none", ["lower_ci", "upper_ci"]].isna().all().all()  # and after rounding


def test_plans_per_10k_uses_previous_mid_year(national):
    row = _row(national, "ehc_plans_per_10k", "E09000019", "2024/25")
    population = _row(national, "population", "E09000019", "2024")
    assert row["denominator"] == population["count"]
    assert row["value"] == pytest.approx(row["count"] / population["count"] * 10_000)
    assert row["method"] == "Byar" and row["lower_ci"] < row["value"] < row["upper_ci"]
    bands = national[(national["indicator"] == "population") & (national["area_code"] == "E09000019")
                     & (national["period"] == "2024") & (national["breakdown"] == "age_band")]
    assert sorted(bands["category"]) == sorted(profile.AGE_BANDS) and bands["count"].sum() == population["count"]


def test_symbol_x_stays_a_note(national):
    # timeliness_20_week.csv: Rochdale did not return 2021 (every cell x).
    row = _row(national, "ehc_20_weeks_pct", "E08000005", "2021")
    assert np.isnan(row["value"]) and row["note"] == "x" and row["comparison"] == "not compared"


def test_area_profile_slices_area_region_england_neighbours(national):
    neighbours = Catalog("data_samples").load("neighbours")
    frame = profile.area_profile(national, "206", neighbours=neighbours)
    assert list(frame.columns) == INDICATOR_COLUMNS
    assert frame["area_code"].nunique() == 13  # Islington, London, England and 10 neighbours
    assert {"E09000019", "E12000007", "E92000001"} <= set(frame["area_code"])


def test_area_profile_unknown_or_absent(national):
    with pytest.raises(ArgumentError, match="area code must be a GSS code of England"):
        profile.area_profile(national, "E09999999")
    with pytest.raises(ArgumentError, match=r"area_code must be an area present in the data; got 'E09000019' "
                                            r"\(Islington\), which has no rows"):
        profile.area_profile(national[national["area_code"] != "E09000019"], "E09000019")


def test_smallest_areas_leave_no_small_count_after_disclosure(national):
    for code in ("E06000053", "E09000001"):  # Isles of Scilly, City of London: genuinely small counts
        raw = profile.area_profile(national, code)
        own = raw[raw["area_code"] == code]
        assert ((own["count"] >= 1) & (own["count"] <= 4)).any(), "the sample data should hold small counts"
        shown = disclosure.apply(raw).frame
        for column in ("count", "denominator"):
            assert not ((shown[column] >= 1) & (shown[column] <= 4)).any()


def test_catalog_errors(tmp_path):
    with pytest.raises(ArgumentError, match="data_dir must be a folder of published files"):
        Catalog(tmp_path / "nowhere")
    with pytest.raises(InputError, match=r"expected a file of DfE Special educational needs in England: pupils by SEN "
                                         r"provision; got 'no such file'"):
        Catalog(tmp_path).load("sen_provision")
    with pytest.raises(ArgumentError, match="source must be one of"):
        Catalog(tmp_path).load("weather")


def test_across_areas(national):
    rows = profile.across_areas(national, "ehc_pupils_pct", "2025/26")
    assert len(rows) == 163 and rows["area_code"].is_unique
    with pytest.raises(ArgumentError, match=r"indicator and period must match rows of the frame; got "
                                            r"'ehc_pupils_pct' for '1999/00' \(All/All\), which has none"):
        profile.across_areas(national, "ehc_pupils_pct", "1999/00")


def test_no_withheld_la_can_be_recovered_from_its_region(national):
    # City of London's 2018/19 count of pupils with an EHC plan is small. Had it been withheld alone, London's total
    # minus the other 32 boroughs would give it back: disclosure over the whole national frame prevents that.
    shown = disclosure.apply(national).frame
    city = _row(shown, "ehc_pupils_pct", "E09000001", "2018/19")
    assert np.isnan(city["count"]) and city["note"] == "c"
    las = shown[shown["area_type"].isin(geography.LA_TYPES)]
    region = las["area_code"].map(geography.areas()["region_code"])
    withheld = las["note"].isin(["c"])
    # A group may hold a lone withheld cell only when every other cell is 0: then its total equals that cell and
    # is withheld by the primary rule itself.
    others = las["count"].where(~withheld, 0).fillna(0)
    for keys in ([las["indicator"], las["period"], las["breakdown"], las["category"], region],
                 [las["indicator"], las["area_code"], las["period"], las["breakdown"]]):
        rows = las["breakdown"] != "All" if len(keys) == 4 else slice(None)
        lone = withheld[rows].groupby([k[rows] for k in keys]).sum() == 1
        rest = others[rows].groupby([k[rows] for k in keys]).sum()
        assert (rest[lone] == 0).all()
    unknown = shown[(shown["indicator"] == "ehc_need_share") & (shown["period"] == "2021/22")
                    & (shown["category"] == "Unknown") & (shown["area_code"] == "E12000004")]
    assert unknown["note"].item() == "c"  # the East Midlands total of such a group is itself withheld


def test_profile_of_a_disclosed_frame_stays_disclosed(national):
    shown = disclosure.apply(national)
    mine = profile.area_profile(shown, "E09000019")
    assert isinstance(mine, disclosure.Disclosed)
    assert mine.frame["area_code"].iloc[0] == "E09000019"
    assert isinstance(profile.across_areas(shown, "ehc_pupils_pct", "2025/26"), disclosure.Disclosed)


def test_new_plans_requests_and_sen2_need_indicators(real, tmp_path):
    # Sample school census and population beside the real SEN2 2025 new plans, requests and need files.
    import shutil

    for rel in ("dfe_sen_in_england", "ons_mye"):
        shutil.copytree(SAMPLES / rel, tmp_path / rel)
    for name in ("newplans.csv", "requests.csv", "sen_needs_all_plans.csv", "sen_need_newplans.csv"):
        shutil.copy(real / "dfe_ehc_plans_2025" / name, tmp_path / name)
    frame = profile.national(Catalog(tmp_path, cache_dir=False))
    england = frame[(frame["area_code"] == "E92000001") & (frame["breakdown"] == "All")].set_index(
        ["indicator", "period"])
    # newplans.csv row 2: 53,899 new plans in England in 2019; requests.csv row 2: 82,329 requests in 2019.
    assert england.loc[("new_ehc_plans", "2019"), "value"] == 53899
    assert england.loc[("ehc_requests", "2019"), "value"] == 82329
    # requests.csv, England 2024: decided to assess / (decided to assess + decided not to assess).
    agreed = england.loc[("ehc_requests_agreed_pct", "2024")]
    assert agreed["value"] == pytest.approx(100 * agreed["count"] / agreed["denominator"])
    assert 50 < agreed["value"] < 90 and agreed["lower_ci"] < agreed["value"] < agreed["upper_ci"]
    # New plans per 10,000 aged 0-25 at mid-2024 (sample population): count over the 0-25 total.
    per_head = england.loc[("new_ehc_plans_per_10k", "2024")]
    assert per_head["value"] == pytest.approx(10_000 * per_head["count"] / per_head["denominator"])
    # SEN2 need shares add up to 100% for England (all plans, January 2025; new plans, 2024).
    for indicator, period in (("ehc_plan_need_share", "2024/25"), ("new_ehc_need_share", "2024")):
        shares = frame[(frame["indicator"] == indicator) & (frame["area_code"] == "E92000001")
                       & (frame["period"] == period)]
        assert shares["value"].sum() == pytest.approx(100)


def test_standing_against_england_region_neighbours_rank_quartile_trend(national):
    from jsnakit.stats import ranking
    from jsnakit.render import tables
    from jsnakit.catalog import Catalog as _Catalog

    published = disclosure.apply(national)
    neighbours = _Catalog(SAMPLES).load("neighbours")
    standing = profile.standing(published, "E09000019", neighbours=neighbours)
    row = standing.set_index("indicator").loc["ehc_pupils_pct"]
    frame = published.frame
    now = frame[(frame["indicator"] == "ehc_pupils_pct") & (frame["period"] == "2025/26")
                & (frame["breakdown"] == "All")].set_index("area_code")
    assert row["period"] == "2025/26" and row["value"] == now.loc["E09000019", "value"]
    assert row["england"] == now.loc["E92000001", "value"] and row["region"] == now.loc["E12000007", "value"]
    close = neighbours.loc[neighbours["area_code"] == "E09000019", "neighbour_code"]
    assert row["neighbour_median"] == pytest.approx(now.loc[close, "value"].median()) and row["neighbours"] == 10
    # Rank by hand: 1 + the number of LAs with a higher published value.
    las = now[now["area_type"].isin(geography.LA_TYPES)]["value"]
    assert row["rank"] == 1 + (las > las["E09000019"]).sum() and row["ranked"] == 153
    bounds = ranking.quantile_bounds(las.to_numpy())
    expected_quarter = str(int(np.searchsorted(bounds[1:-1], las["E09000019"], side="left")) + 1)
    assert row["quartile"] == expected_quarter
    assert row["trend"] in ("increasing", "decreasing", "no significant change")
    assert (row["trend_from"], row["trend_to"]) == ("2021/22", "2025/26")
    html = tables.standing_html(standing, caption="Where Islington stands")
    assert "<caption>Where Islington stands</caption>" in html and "of 153" in html


def test_standing_shows_withheld_values_as_withheld(national):
    from jsnakit.render import tables

    # Isles of Scilly's 20-week timeliness is suppressed in the sample data: no value, no rank, no quarter.
    standing = profile.standing(disclosure.apply(national), "E06000053").set_index("indicator")
    timely = standing.loc["ehc_20_weeks_pct"]
    assert np.isnan(timely["value"]) and np.isnan(timely["rank"]) and pd.isna(timely["quartile"])
    assert timely["note"] == "c" and timely["trend"] == "cannot be calculated"
    html = tables.standing_html(standing.reset_index()[profile.STANDING_COLUMNS], caption="Isles of Scilly")
    assert "suppressed to protect small counts" in html
    with pytest.raises(ArgumentError, match="standing must be the frame jsnakit.needs.profile.standing returns; got DataFrame"):
        tables.standing_html(standing, caption="x")
    with pytest.raises(Exception, match="only frames that passed disclosure control"):
        profile.standing(national, "E06000053")
