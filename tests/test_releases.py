"""SEN2 releases of both layouts, combined into one series; former LAs restated on today's areas; the other DfE files."""
from __future__ import annotations

import pandas as pd
import pytest

from jsnakit.core import geography
from jsnakit.core.errors import ArgumentError
from jsnakit.sources import dfe


@pytest.fixture(scope="module")
def caseloads(real):
    return (dfe.read_ehc_caseload(real / "dfe_ehc_plans_2022" / "sen2_age_caseload.csv"),
            dfe.read_ehc_caseload(real / "dfe_ehc_plans_2025" / "caseload.csv"))


def _england(frame, period, measure=None):
    rows = frame[(frame["area_type"] == "country") & (frame["period"] == period) & (frame["breakdown"] == "All")]
    if measure:
        rows = rows[rows["measure"] == measure]
    return rows["count"].item()


def test_2022_layout_caseload_is_on_academic_years(caseloads):
    old, new = caseloads
    # sen2_age_caseload.csv row 2: "2022,Calendar year,National,...,Total,z,z,473255": January 2022 = 2021/22.
    assert _england(old, "2021/22") == 473255
    assert old["source"].unique().tolist() == ["DfE, Education, health and care plans (SEN2), 2022 release"]
    # The same January in the 2025 release (caseload.csv, time_period 202122) is the same figure.
    assert _england(new, "2021/22") == 473255
    # Age bands of the old layout are jsnakit's bands, and add up to the total (England, January 2022).
    bands = old[(old["area_type"] == "country") & (old["period"] == "2021/22") & (old["breakdown"] == "age_band")]
    assert bands["category"].tolist() == ["0-4", "5-10", "11-15", "16-19", "20-25"]
    assert bands["count"].sum() == 473255 and bands["count"].iloc[0] == 18054  # row 3: Under 5, 18054


def test_releases_combine_each_year_once(caseloads):
    combined = dfe.combine_releases(*caseloads)
    england = combined[(combined["area_type"] == "country") & (combined["breakdown"] == "All")]
    assert england["period"].is_unique and len(england) == 16          # January 2010 to January 2025
    assert england["period"].iloc[0] == "2009/10" and england["period"].iloc[-1] == "2024/25"
    # Years in both releases come from the later one.
    overlap = england[england["period"].isin(["2018/19", "2019/20", "2020/21", "2021/22"])]
    assert overlap["source"].str.endswith("2025 release").all()
    assert england.loc[england["period"] == "2009/10", "count"].item() == 228221
    with pytest.raises(ArgumentError, match="combine_releases needs at least one frame; got none"):
        dfe.combine_releases()


def test_series_on_todays_areas_adds_up_to_england_every_year(caseloads):
    combined = geography.to_current_areas(dfe.combine_releases(*caseloads))
    plans = combined[combined["breakdown"] == "All"]
    las = plans[plans["area_type"].isin(geography.LA_TYPES)]
    by_year = las.groupby("period")["count"].agg(["sum", "size"])
    england = plans[plans["area_type"] == "country"].set_index("period")["count"]
    assert (by_year["size"] == 153).all()
    assert (by_year["sum"] == england.reindex(by_year.index)).all()
    assert not plans["area_type"].eq("former local authority").any()
    # Northamptonshire, January 2021 (sen2_age_caseload.csv: 4,847 plans) split 45.3% / 54.7% by 0-25 population.
    north = plans[(plans["area_code"] == "E06000061") & (plans["period"] == "2020/21")]
    west = plans[(plans["area_code"] == "E06000062") & (plans["period"] == "2020/21")]
    assert north["count"].item() + west["count"].item() == 4847
    assert north["count"].item() == 2194
    assert north["note"].item() == "estimated: 45.3% of Northamptonshire (E10000021), by population aged 0-25, mid-2021"
    # BCP, January 2019: Bournemouth 1,045 + Poole (caseload.csv 201819), rule in the note.
    bcp = plans[(plans["area_code"] == "E06000058") & (plans["period"] == "2018/19")]
    assert "Bournemouth (E06000028) counted in BCP" in bcp["note"].item()
    # A published successor row is never doubled: BCP January 2020 is DfE's own figure, without a note.
    own = plans[(plans["area_code"] == "E06000058") & (plans["period"] == "2019/20")]
    assert own["count"].item() == 2448 and own["note"].isna().all()


def test_new_plans_both_layouts(real):
    old = dfe.read_ehc_new_plans(real / "dfe_ehc_plans_2022" / "sen2_age_new_plans.csv")
    new = dfe.read_ehc_new_plans(real / "dfe_ehc_plans_2025" / "newplans.csv")
    # sen2_age_new_plans.csv row 2: 62,180 new plans in 2021; newplans.csv row 2: 53,899 in 2019.
    assert _england(old, "2021") == 62180
    assert _england(new, "2019") == 53899
    assert set(new["breakdown"]) == {"All", "age", "sex"}
    ages = new[(new["area_type"] == "country") & (new["period"] == "2024") & (new["breakdown"] == "age")]
    assert ages["count"].sum() == _england(new, "2024") and {"2 and under", "20 and over"} <= set(ages["category"])
    combined = dfe.combine_releases(old, new)
    assert combined[(combined["area_type"] == "country") & (combined["breakdown"] == "All")]["period"].is_unique


def test_timeliness_and_requests_from_sen2_mi(real):
    mi = real / "dfe_ehc_plans_2022" / "sen2_mi.csv"
    timely = dfe.read_ehc_timeliness(mi)
    # sen2_mi.csv row 2 (England, 2021): TotIncExcEHC 61269, IncExc20weekEHC 35470, published rate 57.9%.
    issued, within = _england(timely, "2021", "ehc_plans_issued"), _england(timely, "2021", "ehc_plans_issued_20_weeks")
    assert (issued, within) == (61269, 35470) and round(100 * within / issued, 1) == 57.9
    requests = dfe.read_ehc_requests(mi)
    assert _england(requests, "2021", "ehc_requests") == 93302           # InreqEHC
    assert _england(requests, "2021", "ehc_requests_refused") == 20830   # AssRefusedEHC
    new = dfe.read_ehc_requests(real / "dfe_ehc_plans_2025" / "requests.csv")
    # requests.csv row 2: England 2019, 82,329 requests, 18,755 refused; decided-to-assess not given ("x").
    assert _england(new, "2019", "ehc_requests") == 82329
    assert _england(new, "2019", "ehc_requests_refused") == 18755
    assessed = new[(new["area_type"] == "country") & (new["period"] == "2019") & (new["measure"] == "ehc_requests_assessed")]
    assert assessed["count"].isna().all() and assessed["note"].tolist() == ["x"]
    assert set(new["measure"]) == {"ehc_requests", "ehc_requests_assessed", "ehc_requests_refused",
                                   "ehc_requests_pending", "ehc_requests_withdrawn", "ehc_requests_mediation",
                                   "ehc_requests_tribunal"}
    # mediation_related_request and tribunal_related_request, England 2024: 10,507 and 4,655 (requests.csv).
    assert _england(new, "2024", "ehc_requests_mediation") == 10507
    assert _england(new, "2024", "ehc_requests_tribunal") == 4655


def test_need_of_new_plans_is_told_apart_by_its_years(real):
    new = dfe.read_ehc_needs(real / "dfe_ehc_plans_2025" / "sen_need_newplans.csv")
    assert set(new["measure"]) == {"new_ehc_plans"} and set(new["period"]) == {"2024"}
    england = new[(new["area_type"] == "country")]
    total = england.loc[england["breakdown"] == "All", "count"].item()
    assert england.loc[england["breakdown"] == "primary_need", "count"].sum() == total
    # This file gives Inner and Outer London (E13) but no London row: London is added as their sum (said in the
    # note), the parts are kept apart from the regions, and the regions add up to England.
    regions = new[(new["area_type"] == "region") & (new["breakdown"] == "All")]
    assert regions["count"].sum() == total == 97563
    london = regions[regions["area_code"] == "E12000007"]
    assert london["count"].item() == 4284 + 9753 and london["note"].item() == "sum of Inner and Outer London"
    assert set(new.loc[new["area_type"] == "london part", "area_code"]) == {"E13000001", "E13000002"}


def test_cin_outcomes_sen(real):
    frame = dfe.read_cin_sen(real / "dfe_cin_outcomes" / "sen_la.csv")
    england = frame[(frame["area_type"] == "country") & (frame["period"] == "2021/22")
                    & (frame["measure"] == "children_in_need")].set_index("category")["count"]
    # sen_la.csv row 2: CINO at 31 March 2022, England: 139,320 pupils, 37,460 with an EHC plan, 13,000 ASD.
    assert england["All"] == 139320 and england["EHC plan"] == 37460
    assert england["Autistic spectrum disorder"] == 13000
    wide = frame[frame["area_type"].isin(["country", "region"])]
    assert (wide["count"].dropna() % 10 == 0).all()                      # DfE rounds these to the nearest 10
    assert set(frame["note"].dropna()) <= {"c", "z"} and (frame["note"] == "c").sum() > 0
    assert set(frame["measure"]) == {"children_in_need", "children_looked_after", "child_protection_plan"}


def test_national_sen_by_sex(real):
    path = (real / "dfe_sen_in_england_2026_national"
            / "Number and percentage of pupils with SEN in England, by SEN provision and sex, 201516 to 202526.csv")
    frame = dfe.read_sen_provision_by_sex(path)
    ehc = frame[(frame["period"] == "2025/26") & (frame["measure"] == "pupils_ehc_plan")].set_index("category")["count"]
    # Rows 2-3: 349,235 boys and 144,529 girls with an EHC plan in January 2026 (total 493,764, as the need table).
    assert ehc["Male"] == 349235 and ehc["Female"] == 144529 and ehc.sum() == 493764
    assert len(frame) == 44 and set(frame["period"]) == {f"{y}/{str(y + 1)[2:]}" for y in range(2015, 2026)}


def test_to_current_areas_leaves_current_frames_alone():
    frame = pd.DataFrame({"source": "s", "period": "2024/25", "area_code": ["E09000019"], "area_name": "Islington",
                          "area_type": "london borough", "measure": "m", "breakdown": "All", "category": "All",
                          "count": [5.0], "note": [None]})
    out = geography.to_current_areas(frame)
    pd.testing.assert_frame_equal(out, frame)
    assert out is not frame


def test_a_successor_published_by_a_later_release_wins_over_a_restated_earlier_one():
    # A 2022 release holds Northamptonshire for 2020/21; a later release restates 2020/21 on North and West.
    row = dict(period="2020/21", measure="ehc_plans", breakdown="All", category="All", note=None, area_name="",
               area_type="")
    old = pd.DataFrame([dict(row, source="SEN2, 2022 release", area_code="E10000021", count=5000.0)])
    new = pd.DataFrame([dict(row, source="SEN2, 2026 release", area_code=c, count=n)
                        for c, n in [("E06000061", 2300.0), ("E06000062", 2700.0)]])
    out = geography.to_current_areas(dfe.combine_releases(old, new))
    assert out.sort_values("area_code")[["area_code", "count"]].to_records(index=False).tolist() == [
        ("E06000061", 2300.0), ("E06000062", 2700.0)]
