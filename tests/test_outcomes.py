"""Outcomes by SEN status (LAIT): the real figures by hand, the ranks recomputed another way, the gap, disclosure
control of figures published without their count, and the factsheet's words."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from jsnakit import disclosure
from jsnakit.needs import outcomes, profile
from jsnakit.render import narrative, outcome_charts

ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, RUTLAND = "E09000019", "E08000005", "E10000003", "E06000017"


@pytest.fixture(scope="module")
def published(real):
    from jsnakit.catalog import Catalog

    catalog = Catalog(real)
    return catalog, profile.published(catalog)


@pytest.fixture(scope="module")
def raw(real):
    """LAIT's bds_long file read straight with pyarrow (not jsnakit's reader), for the figures by hand."""
    return pq.read_table(f"{real}/dfe_lait/bds_long_0.parquet").to_pandas()


def _table(published, code):
    catalog, frame = published
    return outcomes.outcome_table(frame, code, neighbours=catalog.load("neighbours")).set_index(
        ["indicator", "category"])


@pytest.mark.parametrize("code, name, ks2, attainment8", [
    # bds_long_0.parquet, Years 2025: NEW_KS2_RWM_Sen_Withsta, NEW_KS2_RWM_Sen_W/Osta, NoID_SEN_NEW_KS2_RWM;
    # SEN_Stat_AVG_Attain8_Score, SEN_NoID_AVG_Attain8_Score (rows 242824, 241124, 239424, 437304, 448524 for
    # Islington; the same measures for Rochdale, LA 354, and Cambridgeshire, LA 873).
    (ISLINGTON, "Islington", (15, 46, 79), (16.2, 51.1)),
    (ROCHDALE, "Rochdale", (7, 23, 70), (12.9, 44.9)),
    (CAMBRIDGESHIRE, "Cambridgeshire", (9, 23, 71), (15.4, 52.4)),
])
def test_real_outcomes_by_hand(published, code, name, ks2, attainment8):
    table = _table(published, code)
    got = [table.loc[("ks2_rwm_pct", g), "area"] for g in outcomes.SEN_GROUPS]
    assert got == list(ks2)
    assert table.loc[("ks2_rwm_pct", "EHC plan"), "period"] == "2024/25"
    assert table.loc[("ks2_rwm_pct", "EHC plan"), "gap"] == ks2[0] - ks2[2]
    assert table.loc[("ks2_rwm_pct", "EHC plan"), "england"] == 9 and \
        table.loc[("ks2_rwm_pct", "EHC plan"), "england_gap"] == 9 - 74
    assert table.loc[("attainment8", "EHC plan"), "area"] == attainment8[0]
    assert table.loc[("attainment8", "EHC plan"), "gap"] == pytest.approx(attainment8[0] - attainment8[1])
    assert table.loc[("attainment8", "EHC plan"), "england"] == 14.8


def test_ranks_and_bands_recomputed_from_the_raw_file(published, raw):
    # Islington's KS2 EHC-plan figure (15%) against every LA's 2025 figure in the raw file: LAs above it, plus one.
    rows = raw[(raw["Short Desc"] == "NEW_KS2_RWM_Sen_Withsta") & (raw["Years"].astype(str) == "2025")]
    las = rows[~rows["LA and Regions"].isin(["England", "Inner London", "Outer London", "London", "North East",
                                             "North West", "Yorkshire and The Humber", "East Midlands",
                                             "West Midlands", "East of England", "South East", "South West"])]
    # Ranks are among the LAs whose figure disclosure control lets through (a withheld figure ranks nowhere).
    frame = published[1].frame
    shown = frame[(frame["indicator"] == "ks2_rwm_pct") & (frame["category"] == "EHC plan")
                  & (frame["period"] == "2024/25") & frame["value"].notna()
                  & frame["area_type"].isin(["unitary authority", "metropolitan district", "london borough", "county"])]
    from jsnakit.core import geography

    numbers = {float(geography.gss_to_dfe(code)) for code in shown["area_code"]}
    las = las[las["LA Number"].astype(float).isin(numbers)]
    values = pd.to_numeric(las["Values"], errors="coerce").dropna()
    assert len(values) == len(shown) == 120
    table = _table(published, ISLINGTON)
    row = table.loc[("ks2_rwm_pct", "EHC plan")]
    assert row["of"] == len(values)
    assert row["rank"] == int((values > 15).sum() + 1) == 6
    assert row["quartile"] == ("A" if 15 > values.quantile(0.75) else "B")


def test_the_gap_sentence_and_the_key_message(published):
    table = outcomes.outcome_table(published[1], ISLINGTON)
    sentence = outcome_charts.headline_gap(table, "Islington")
    assert sentence == ("In 2024/25, 15% of Islington's pupils with an EHC plan met the expected standard in reading, "
                        "writing and maths at key stage 2, against 79% of those with no identified SEN: a gap of 64 "
                        "percentage points (England's: 65).")
    shown = profile.area_profile(published[1], ISLINGTON)
    messages = narrative.key_messages(shown, ISLINGTON)
    assert sentence in messages
    # requests.csv 2024, Islington: 303 of 511 requests decided to assess (59.3%); England 101,045 of 154,489 (65.4%)
    assert ("Islington agreed to assess 59% of the 511 requests for an EHC needs assessment it received in 2024 "
            "(England 65%).") in messages


def test_no_published_outcome_reveals_a_small_group(published, real):
    # The attack: for every outcome figure shown, the pupils it counts (and those it does not) in the estimated
    # cohort are at least the threshold times the margin; every figure that fails is withheld, not shown.
    catalog, frame = published
    rows = frame.frame[frame.frame["breakdown"] == outcomes.BREAKDOWN]
    base = profile.uncounted_base(catalog)
    keys = pd.MultiIndex.from_frame(rows[["indicator", "area_code", "period", "category"]].astype(object))
    estimate = base.reindex(keys).to_numpy()
    value = rows["value"].to_numpy(dtype=float)
    shown = ~np.isnan(value)
    pct = (rows["unit"] == "%").to_numpy()
    implied = np.where(pct, np.minimum(value, 100 - value) / 100, 1.0) * estimate
    limit = disclosure.Rules().threshold * disclosure.gate.UNCOUNTED_MARGIN
    assert (implied[shown] >= limit).all()
    withheld = rows["note"] == disclosure.gate.UNCOUNTED
    assert withheld.sum() > 1000 and rows.loc[withheld, "value"].isna().all()
    # Rutland: 17% of its pupils with an EHC plan met the KS2 standard (raw file); about 25 such pupils a year
    # (4-18 residents / 15 x 6.9% with a plan), so about 4 pupils: withheld. Its Attainment 8 average (20.0) is shown.
    table = _table(published, RUTLAND)
    assert np.isnan(table.loc[("ks2_rwm_pct", "EHC plan"), "area"])
    assert table.loc[("ks2_rwm_pct", "EHC plan"), "note"] == disclosure.gate.UNCOUNTED
    assert table.loc[("attainment8", "EHC plan"), "area"] == 20.0
    html = outcome_charts.outcome_html(table.reset_index(), caption="Rutland")
    ks2 = html.split("Key stage 2 (age 11): reading, writing and maths at the expected standard (2024/25)")[1]
    assert ks2.split("</tr>")[0].count("withheld (the group is small)") == 1 and "17%" not in ks2.split("</tr>")[0]
    assert "nan" not in html


def test_reception_and_year_1_cohorts_are_halved(real):
    # One area, one year: 1,500 residents aged 4-18 (100 a year group), 4% with a plan and 10% on SEN support.
    lait = pd.DataFrame({"measure_code": ["SEN_TotStat", "SEN_TotSENSuP"], "period": "2025", "value": [4.0, 10.0]})
    ages = pd.Series([1500.0], index=pd.MultiIndex.from_tuples([("E09000019", "2024/25")],
                                                                names=["area_code", "period"]))
    base = outcomes.cohort_base(lait.assign(area_code="E09000019"), ages)
    assert base[("ks2_rwm_pct", "E09000019", "2024/25", "EHC plan")] == pytest.approx(4.0)
    assert base[("phonics_pct", "E09000019", "2024/25", "EHC plan")] == pytest.approx(2.0)
    assert base[("phonics_pct", "E09000019", "2024/25", "No identified SEN")] == pytest.approx(93.0)
    assert base[("participation_16_17_pct", "E09000019", "2024/25", "All SEN")] == pytest.approx(14.0)


def test_outcome_chart_states_the_gap_and_is_described(published):
    from jsnakit.render import charts

    table = outcomes.outcome_table(published[1], ROCHDALE)
    ax = outcome_charts.outcome_chart(table, "Rochdale")
    title = ax.figure._suptitle.get_text().replace("\n", " ")
    assert title.startswith("In 2024/25, 7% of Rochdale's pupils with an EHC plan met the expected standard")
    alt = charts.alt_text(ax)
    assert "Key stage 2 reading, writing, maths (2024/25): EHC plan 7%, SEN support 23%, No identified SEN 70%" in alt
    import matplotlib.pyplot as plt
    plt.close(ax.figure)


def test_lait_years_as_academic_years():
    assert outcomes.academic_year_of("2025") == "2024/25"
    assert outcomes.academic_year_of("2025 (prov)") == "2024/25"
    assert outcomes.academic_year_of("2022-23 (OT)") == "2022/23"
    assert outcomes.academic_year_of("-") is None
