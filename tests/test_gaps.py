"""Gap mapping on a small constructed case, every figure checked by hand (arithmetic in the comments)."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from jsnakit import disclosure, gaps
from jsnakit.core.errors import ArgumentError, DisclosureError
from jsnakit.sources import dfe

ASD, PMLD, SEMH = "Autistic spectrum disorder", "Profound and multiple learning difficulty", \
    "Social, emotional and mental health"

# EHC plans by need and single age (the layout of dfe.read_ehc_needs_by_age), Islington, January 2025.
AGES = {ASD: {"4": 10, "8": 40, "13": 30, "17": 20},   # bands 0-4 10, 5-10 40, 11-15 30, 16-19 20, 20-25 0
        PMLD: {"8": 6, "13": 6, "18": 8, "21": 3},      # 5-10 6, 11-15 6, 16-19 8, 20-25 3 (a small count)
        SEMH: {"9": 50, "14": 50}}                       # 5-10 50, 11-15 50


def _needs_by_age():
    rows = [{"source": "SEN2", "period": "2024/25", "area_code": "E09000019", "area_name": "Islington",
             "area_type": "london borough", "measure": "ehc_plans", "breakdown": "age", "category": age,
             "count": float(n), "note": np.nan, "need": need}
            for need, ages in AGES.items() for age, n in ages.items()]
    return pd.DataFrame(rows, columns=dfe.NEED_AGE_COLUMNS)


def _register():
    columns = ["area_code", "service_id", "service_name", "service_type", "domain", "partners", "funding_route",
               "capacity", "capacity_unit", "needs", "age_from", "age_to", "notes", "source", "row"]
    rows = [
        ["E09000019", "s1", "Special school", "special_school", "education", "la_education", "single", 60.0, "places",
         "asd; pmld", 5.0, 19.0, np.nan, "r.csv", 2],
        ["E09000019", "s2", "SALT", "speech_and_language_therapy", "health", "icb; la_education", "joint", 200.0,
         "caseload", "all", 0.0, 19.0, np.nan, "r.csv", 3],
        ["E09000019", "s3", "ASD base", "resourced_provision", "education", "la_education; schools", "single", 10.0,
         "places", "asd", 5.0, 10.0, np.nan, "r.csv", 4],
        ["E09000019", "s4", "CAMHS", "camhs", "health", "icb", "single", 30.0, "caseload", "semh", 5.0, 17.0, np.nan,
         "r.csv", 5],
        ["E08000005", "x1", "Elsewhere", "special_school", "education", "la_education", "single", 999.0, "places",
         "all", 0.0, 25.0, np.nan, "r.csv", 6],
    ]
    return pd.DataFrame(rows, columns=columns)


@pytest.fixture(scope="module")
def need():
    return gaps.disclose_need(gaps.need_by_age(_needs_by_age(), "E09000019"))


@pytest.fixture(scope="module")
def provision():
    return gaps.provision(_register(), "E09000019")


def _cell(frame, **where):
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, where
    return frame[mask].iloc[0]


def test_need_by_age_bands_and_disclosure(need):
    frame = need.frame
    # ASD: 10 + 40 + 30 + 20 + 0 = 100
    assert frame[frame["breakdown"] == ASD]["count"].tolist() == [10, 40, 30, 20, 0, 100]
    pmld = frame[frame["breakdown"] == PMLD].set_index("category")
    # 20-25 holds 3 plans: suppressed; its total (23) would give it away, so secondary suppression withholds the
    # next smallest non-zero cell as well (5-10 or 11-15, both 6: the tie goes to the first in the table, 5-10).
    assert np.isnan(pmld.loc["20-25", "count"]) and pmld.loc["20-25", "note"] == "c"
    assert np.isnan(pmld.loc["5-10", "count"]) and pmld.loc["5-10", "note"] == "c"
    assert pmld["count"].isna().sum() == 2
    assert pmld.loc["16-19", "count"] == 10  # 8, rounded to 5 (gaps.disclose_need)
    assert pmld.loc["All", "count"] == 25  # 23, rounded
    assert (frame["count"].dropna() % 5 == 0).all()


def test_provision_keeps_the_area(provision):
    assert provision["service_id"].tolist() == ["s1", "s2", "s3", "s4"]
    assert _cell(provision, service_id="s1")["needs"] == f"{ASD}; {PMLD}"
    assert _cell(provision, service_id="s1")["age_bands"] == "5-10; 11-15; 16-19"
    assert _cell(provision, service_id="s2")["needs"] == "all"


def test_coverage_hand_checked(need, provision):
    cov = gaps.coverage(need, provision)
    asd_0 = _cell(cov, need=ASD, age_band="0-4")
    # 10 ASD plans aged 0-4; only SALT (all needs, 0-19) reaches them; no service names autism under 5: a gap.
    assert (asd_0["plans"], asd_0["services"], asd_0["specialist"], asd_0["gap"]) == (10, 1, 0, True)
    asd_5 = _cell(cov, need=ASD, age_band="5-10")
    assert (asd_5["services"], asd_5["specialist"], asd_5["gap"]) == (3, 2, False)
    assert asd_5["service_types"] == "resourced_provision; special_school"
    assert asd_5["partners"] == "la_education; schools"
    # No ASD plans at 20-25: nothing to cover, no gap.
    assert not _cell(cov, need=ASD, age_band="20-25")["gap"]
    # PMLD 20-25: 3 plans (withheld as small) and no service past 19: a gap, plans not shown.
    pmld_20 = _cell(cov, need=PMLD, age_band="20-25")
    assert pmld_20["gap"] and np.isnan(pmld_20["plans"])
    assert _cell(cov, need=SEMH, age_band="11-15")["covered"]
    assert sorted(map(tuple, gaps.coverage(need, provision).query("gap")[["need", "age_band"]].values)) == \
        [(ASD, "0-4"), (PMLD, "20-25")]


def test_capacity_hand_checked(need, provision):
    bench = pd.DataFrame([["special_school", "All", 30.0, "England, January 2025"]], columns=gaps.BENCHMARK_COLUMNS)
    cap = gaps.capacity(need, provision, benchmarks=bench)
    total = _cell(cap, service_type="special_school", need="All", kind="published")
    # All plans: ASD 100 + SEMH 100 + PMLD 25 (23, rounded to 5) = 225; 60 places -> 26.7 per 100;
    # 30 per 100 -> 67.5 places needed -> 7.5 short.
    assert total["plans"] == 225
    assert total["per_100"] == pytest.approx(60 / 225 * 100)
    assert total["needed"] == pytest.approx(67.5)
    assert total["shortfall"] == pytest.approx(7.5)
    # The 60 places are shared by the shown plans of the bands served: ASD 40+30+20 = 90, PMLD 10 (8 rounded) + 5
    # (the shown one of its two 6s, rounded) -> ASD 90 / 105 x 60 = 51.43 places.
    shown_pmld = need.frame.query("breakdown == @PMLD and category in ['5-10', '11-15', '16-19']")["count"].sum()
    asd = _cell(cap, service_type="special_school", need=ASD, kind="published")
    assert shown_pmld == 15
    assert asd["capacity"] == pytest.approx(60 * 90 / (90 + shown_pmld))
    assert asd["per_100"] == pytest.approx(asd["capacity"])  # 100 ASD plans
    assert np.isnan(asd["shortfall"])  # no benchmark for ASD alone
    rp = _cell(cap, service_type="resourced_provision", need=ASD, kind="published")
    assert rp["capacity"] == 10 and rp["per_100"] == pytest.approx(10)
    # Caseload services count too (SALT: 200 of caseload over every need).
    assert _cell(cap, service_type="speech_and_language_therapy", need="All")["capacity"] == 200


def _projected(period):
    """A disclosed projection of one year: 250 plans (95% interval 210 to 290), 20/100/80/40/10 by age band."""
    return disclosure.apply_projection(pd.DataFrame({
        "area_code": "E09000019", "period": period, "age_band": ["0-4", "5-10", "11-15", "16-19", "20-25", "All"],
        "need": "All", "scenario": "rates held", "median": [20.0, 100, 80, 40, 10, 250],
        "lower_50": [20.0, 100, 80, 40, 10, 250], "upper_50": [20.0, 100, 80, 40, 10, 250],
        "lower_95": [10.0, 90, 70, 30, 10, 210], "upper_95": [30.0, 110, 90, 50, 10, 290]}))


def test_capacity_projected(need, provision):
    projected = _projected("2026/27")
    bench = pd.DataFrame([["special_school", "All", 30.0, "England"]], columns=gaps.BENCHMARK_COLUMNS)
    cap = gaps.capacity(need, provision, projected=projected, benchmarks=bench)
    total = _cell(cap, service_type="special_school", need="All", kind="projected")
    # 250 projected plans x 30 / 100 = 75 places needed, 60 held: 15 short; 95% interval 210..290 -> 3..27, each
    # computed from the unrounded projection.
    assert (total["period"], total["plans"], total["needed"]) == ("2026/27", 250, 75)
    assert (total["shortfall"], total["shortfall_lower"], total["shortfall_upper"]) == (15, 3, 27)
    # ASD's share of each band held: 0-4 all ASD (20), 5-10 40/(40+50) of the shown x 100 = 44.44 (PMLD 5-10
    # withheld), 11-15 30/(30+5+50) x 80 = 28.24, 16-19 20/30 x 40 = 26.67, 20-25 none shown -> 0: 119.35, and
    # rounded to 10 as the projection it comes from (disclosure.apply_projection): 120.
    frame = need.frame.query("breakdown in [@ASD, @PMLD, @SEMH] and category != 'All'")
    grid = frame.pivot_table(index="category", columns="breakdown", values="count", aggfunc="sum")
    share = (grid[ASD] / grid.sum(axis=1)).fillna(0)
    expected = (share * pd.Series({"0-4": 20, "5-10": 100, "11-15": 80, "16-19": 40, "20-25": 10})).sum()
    asd = _cell(cap, service_type="special_school", need=ASD, kind="projected")
    assert expected == pytest.approx(119.35, abs=0.01)
    expected = 120.0
    assert asd["plans"] == expected
    # Without a benchmark for ASD the year is set against today's own ratio.
    today = _cell(cap, service_type="special_school", need=ASD, kind="published")["per_100"]
    assert asd["benchmark"] == "today's ratio"
    # the shortfall from the unrounded 119.35 plans (the rounded 120 is only what is shown)
    assert asd["shortfall"] == pytest.approx(today / 100 * share.mul(pd.Series(
        {"0-4": 20, "5-10": 100, "11-15": 80, "16-19": 40, "20-25": 10})).sum() - asd["capacity"])
    assert asd["shortfall"] != pytest.approx(today / 100 * expected - asd["capacity"])


def test_projected_needs_follow_the_projection_disclosure_rule(need, provision):
    halved = disclosure.apply_projection(pd.DataFrame({
        "area_code": "E09000019", "period": "2026/27", "age_band": ["0-4", "5-10", "11-15", "16-19", "20-25", "All"],
        "need": "All", "scenario": "rates held", "median": [10.0, 50, 40, 20, 10, 130],
        "lower_50": [10.0, 50, 40, 20, 10, 130], "upper_50": [10.0, 50, 40, 20, 10, 130],
        "lower_95": [10.0, 40, 30, 10, 10, 100], "upper_95": [20.0, 60, 50, 30, 20, 180]}))
    cap = gaps.capacity(need, provision, projected=halved)
    # PMLD: 5/95 x 50 + 10/30 x 20 = 2.6 + 6.7 = 9.3 projected plans, under the projection's minimum of 10:
    # withheld with its reason, as disclosure.apply_projection withholds a small group.
    pmld = _cell(cap, service_type="special_school", need=PMLD, kind="projected")
    assert np.isnan(pmld["plans"]) and np.isnan(pmld["shortfall"]) and pmld["note"] == "projected fewer than 10"
    # ASD: 10 + 40/95 x 50 + 30/80 x 40 + 20/30 x 20 = 10 + 21.1 + 15 + 13.3 = 59.4 -> 60 (rounded to 10).
    assert _cell(cap, service_type="special_school", need=ASD, kind="projected")["plans"] == 60
    # The grid is a small-area table: disclosure.apply itself rounds it to 5 (the catalogue's round_to).
    plain = disclosure.apply(gaps.need_by_age(_needs_by_age(), "E09000019")).frame["count"].dropna()
    assert len(plain) and (plain % 5 == 0).all()


def test_partners_single_partner(provision):
    table = gaps.partners(provision)
    # CAMHS for SEMH: the ICB alone, singly funded, where the Code expects joint commissioning.
    camhs = _cell(table, need=SEMH, service_type="camhs")
    assert camhs["partner"] == "icb" and camhs["single_partner"] and camhs["joint_expected"]
    # SALT: ICB and LA education together: not single.
    salt = table[(table["need"] == ASD) & (table["service_type"] == "speech_and_language_therapy")]
    assert sorted(salt["partner"]) == ["icb", "la_education"] and not salt["single_partner"].any()
    # Special schools are not joint-expected: never flagged.
    assert not table[table["service_type"] == "special_school"]["single_partner"].any()


def test_distance_hand_checked(provision):
    places = gpd.GeoDataFrame({"locality_code": ["L1", "L2"], "locality_name": ["a", "b"],
                               "population": [100.0, 300.0]},
                              geometry=[Point(3000, 4000), Point(0, 12000)], crs="EPSG:27700")
    services = gpd.GeoDataFrame({"service_id": ["s1", "s4"], "service_name": ["Special school", "CAMHS"]},
                                geometry=[Point(0, 0), Point(0, 11000)], crs="EPSG:27700")
    near = gaps.distance(places, services, provision, needs=[ASD, SEMH, "Hearing impairment"])
    # ASD: only s1 (0, 0): L1 at 3-4-5 -> 5.0 km, L2 12.0 km.
    asd = near[near["need"] == ASD].set_index("locality_code")
    assert asd["distance_km"].tolist() == [5.0, 12.0]
    # SEMH: s4 at (0, 11000): L1 sqrt(3^2 + 7^2) = 7.6 km, L2 1.0 km.
    assert near[near["need"] == SEMH]["distance_km"].tolist() == [7.6, 1.0]
    assert near[near["need"] == "Hearing impairment"]["distance_km"].isna().all()
    summary = gaps.distance_summary(near).set_index("need")
    # ASD: 100 people at 5 km, 300 at 12 km: the weighted median is 12 km, 75% live 10 km or more away.
    assert summary.loc[ASD, "median_km"] == 12.0 and summary.loc[ASD, "far_pct"] == pytest.approx(75.0)
    assert np.isnan(summary.loc["Hearing impairment", "median_km"])


def test_analyse_and_guards(need, provision):
    boundary = gpd.GeoDataFrame({"area_code": ["E09000019"]}, geometry=[box(-1000, -1000, 10000, 20000)],
                                crs="EPSG:27700")
    places = gpd.GeoDataFrame({"locality_code": ["L1", "L2"], "locality_name": ["a", "b"],
                               "population": [100.0, 300.0]},
                              geometry=[Point(3000, 4000), Point(0, 12000)], crs="EPSG:27700")
    services = gpd.GeoDataFrame({"service_id": ["s1"], "service_name": ["Special school"]},
                                geometry=[Point(0, 0)], crs="EPSG:27700")
    result = gaps.analyse(need, provision, localities_frame=places, services=services)
    assert result.area_code == "E09000019" and result.period == "2024/25"
    # 225 plans split 1:3 by residents -> 56.25 -> 60 and 168.75 -> 170 (rounded to 10).
    assert result.localities["plans_estimate"].tolist() == [60.0, 170.0]
    assert sorted(map(tuple, result.gaps()[["need", "age_band"]].values)) == [(ASD, "0-4"), (PMLD, "20-25")]
    assert result.single_partner()["service_type"].tolist() == ["camhs"]
    assert boundary is not None
    with pytest.raises(DisclosureError, match="disclosure control"):
        gaps.analyse(gaps.need_by_age(_needs_by_age(), "E09000019"), provision)
    with pytest.raises(DisclosureError, match=r"made only by jsnakit.gaps.analyse\(\)"):
        gaps.GapAnalysis("E09000019", "Islington", result.coverage, result.capacity, result.partners)
    with pytest.raises(ArgumentError, match="every must be a whole number of at least 1; got 0"):
        gaps.capacity(need, provision, every=0)
    with pytest.raises(ArgumentError, match="provision needs a commissioning register, a Local Offer or both"):
        gaps.provision(None, "E09000019")


def test_needs_by_age_reader_adds_up_on_the_real_file():
    # DfE SEN2 2025 sen_needs_all_plans.csv: the "Child or young persons age" rows of each need add up to the
    # need's "All EHC plans" row, for England (e.g. autism 201,183 plans aged under 3 to 25).
    from pathlib import Path
    real = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "dfe_ehc_plans_2025"
    if not real.is_dir():
        pytest.skip("the real SEN2 files are beside the project only")
    by_age = dfe.read_ehc_needs_by_age(real / "sen_needs_all_plans.csv")
    totals = dfe.read_ehc_needs(real / "sen_needs_all_plans.csv")
    england = by_age[by_age["area_code"] == "E92000001"].groupby("need")["count"].sum()
    published = totals[(totals["area_code"] == "E92000001") & (totals["breakdown"] == "primary_need")]
    assert england[ASD] == 201183
    assert england.to_dict() == published.set_index("category")["count"].to_dict()
    assert set(by_age["category"]) == {"under 3", *map(str, range(3, 26))}
    need = gaps.need_by_age(by_age, "E09000019")
    assert need["category"].tolist()[:6] == ["0-4", "5-10", "11-15", "16-19", "20-25", "All"]


def test_scarce_places_and_messages(need, provision):
    projected = _projected("2034/35")
    bench = pd.DataFrame([["special_school", "All", 30.0, "England, January 2025"]], columns=gaps.BENCHMARK_COLUMNS)
    result = gaps.analyse(need, provision, projected=projected, benchmarks=bench)
    scarce = result.scarce_places()
    # Specialist places: 60 special school + 10 resourced = 70 for 225 plans = 31.1 per 100. SEMH: 100 plans and
    # no place (0 < half of 31.1): scarce. ASD 61.4 per 100: not. PMLD: 25 plans, under the 50 needed to judge.
    assert scarce["need"].tolist() == [SEMH]
    assert scarce["all_per_100"].iloc[0] == pytest.approx(70 / 225 * 100)
    from jsnakit.render import narrative, tables
    messages = narrative.gap_messages(result)
    assert messages[0] == ("No commissioned service names these needs at these ages: Autistic spectrum disorder "
                           "aged 0-4, 10 with a plan; Profound and multiple learning difficulty aged 20-25.")
    assert messages[1].startswith("Special school places: 60 places for 225 children and young people with an EHC "
                                  "plan in January 2025, 26.7 per 100, 8 places short of 30.0 per 100 (England, "
                                  "January 2025); with plans projected at 250 in January 2035, 15 places short "
                                  "(shortfall +3 to +27, 95% interval)")
    assert any("scarce for some needs against 31.1 per 100" in m and "Social, emotional and mental health (0 places "
               "for 100 children" in m for m in messages)
    assert any(m.endswith("Children and young people's mental health services (CAMHS) by Integrated care board (ICB) "
                          "alone (1 need).") for m in messages)
    matrix = tables.coverage_html(result, caption="Coverage")
    assert "✗ none (10 plans)" in matrix and "✗ none (suppressed to protect small counts)" in matrix
    # PMLD's second withheld band is withheld to protect the first, and says so (it may hold more than 4).
    assert "✓ 1 (suppressed to protect small counts)" in matrix and "<caption>Coverage" in matrix
    shortfall = tables.shortfall_html(result, caption="Shortfall")
    assert "+15 (+3 to +27)" in shortfall and "30.0 (England, January 2025)" in shortfall
    with pytest.raises(DisclosureError, match="only a gap analysis made by jsnakit.gaps.analyse"):
        tables.coverage_html(result.coverage, caption="x")


def test_query_and_display(need, provision):
    result = gaps.analyse(need, provision, projected=_projected("2034/35"))
    part = result.query(need=ASD, age_band="5-10", partner="schools")
    assert isinstance(part, gaps.GapAnalysis)
    assert part.coverage[["need", "age_band"]].values.tolist() == [[ASD, "5-10"]]
    # Schools commission only the ASD base (with LA education): its service and its service type remain.
    assert part.provision["service_id"].tolist() == ["s3"]
    assert set(part.capacity["service_type"]) == {"resourced_provision"} and set(part.capacity["need"]) == {ASD}
    assert part.partners["partner"].tolist() == ["schools"]
    assert len(result.query(need=SEMH).provision) == 2  # CAMHS names SEMH; SALT serves every need
    # Shortfalls (half a place or more) against today's ratio where projected plans outgrow today's: all needs
    # (225 -> 250) for the four service types; ASD (100 -> 120) in special school, resourced and SALT; not SEMH
    # (100 -> 102.6: 52.6 + 50.0, rounded to 100: level) nor PMLD (25 -> 18.6: 5.3 + 13.3, rounded to 20): 7.
    # 9 shortfalls: SEMH's projected 102.6 plans (shown as 100) are short of today's ratio by 0.8 CAMHS places and 2.4
    # of speech and language therapy caseload (set against the rounded 100, they were not)
    assert repr(result) == ("<GapAnalysis Islington (E09000019), 2024/25: 2 need and age gaps, 9 shortfalls, "
                            "1 single-partner pairs>")
    page = result._repr_html_()
    assert page.startswith('<div class="jsnakit-gaps"><p><strong>Gap analysis: Islington (E09000019), EHC plans in '
                           'January 2025</strong></p><ul><li>No commissioned service names')
    assert "✗ none (10 plans)" in page
