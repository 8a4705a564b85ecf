"""Issue 19: the factsheet's first screen, "at a glance": tiles, the findings that matter most linked to their
sections, and the Fingertips-style spine chart (render.glance, render.spine), on the real files.

Rochdale (E08000005), EHC plans per 10,000 aged 0-25, January 2025: dfe_ehc_plans_2025/caseload.csv (ehcplans, "All
EHC plans") over ONS mid-2021 residents aged 0-25 (ons_mye, the latest the folder holds): Rochdale 2,970 / 74,298,
England 638,745 / 17,153,473, the lowest LA Newham 1,199 / 127,472 and the highest Knowsley 2,789 / 47,457.
"""
from __future__ import annotations

import html
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError, DisclosureError
from jsnakit.needs import profile
from jsnakit.render import charts, glance, narrative, spine

matplotlib.use("Agg")

ROCHDALE = "E08000005"


@pytest.fixture(scope="module")
def published(real_published):
    return real_published


@pytest.fixture(scope="module")
def standing(published, real):
    return profile.standing(published, ROCHDALE, neighbours=Catalog(real).load("neighbours"))


@pytest.fixture(scope="module")
def rows(published, standing):
    return spine.spine_rows(published, standing).set_index("indicator")


def test_spine_rows_by_hand(rows):
    per_10k = rows.loc["ehc_plans_per_10k"]
    assert per_10k["period"] == "2024/25" and per_10k["las"] == 153
    assert per_10k["value"] == pytest.approx(10_000 * 2970 / 74298)          # 399.74
    assert per_10k["england"] == pytest.approx(10_000 * 638745 / 17153473)   # 372.37
    assert per_10k["lowest"] == pytest.approx(10_000 * 1199 / 127472)        # Newham, 94.06
    assert per_10k["highest"] == pytest.approx(10_000 * 2789 / 47457)        # Knowsley, 587.69
    assert per_10k["lowest"] < per_10k["q1"] < per_10k["england"] < per_10k["q3"] < per_10k["highest"]
    assert per_10k["comparison"] == "higher"
    # 20 weeks, 2024 (timeliness_20_week.csv): Rochdale 169 of 415 = 40.7%, England 45.9%; Devon the lowest, 41 of
    # 1,277 = 3.2%; LAs with a small count or complement (Isles of Scilly 1 of 1, Bury 293 of 296, ...) are withheld,
    # so fewer than 153 LAs make the range.
    weeks = rows.loc["ehc_20_weeks_pct"]
    assert weeks["value"] == pytest.approx(100 * 169 / 415)
    assert weeks["lowest"] == pytest.approx(100 * 41 / 1277)
    assert weeks["highest"] == 100.0 and weeks["las"] < 153 and weeks["polarity"] == "high is good"


def test_spine_chart_says_what_it_draws(rows):
    ax = spine.spine_chart(rows.reset_index(), area_name="Rochdale", region_name="North West")
    try:
        alt = charts.alt_text(ax)
        assert alt.startswith("Spine chart: Rochdale against England's upper-tier local authorities")
        assert ("EHC plans per 10,000 children and young people aged 0-25 (2024/25): Rochdale 399.7 per 10,000, "
                "higher than England (95%); England 372.4 per 10,000; local authorities from 94.1 per 10,000 to "
                "587.7 per 10,000") in alt
        assert "New EHC plans issued within 20 weeks (2024): Rochdale 40.7%, lower than England (95%)" in alt
        labels = [t.get_text() for t in ax.figure.legends[0].get_texts()]
        assert "Rochdale: higher than England (95%)" in labels and "North West" in labels
        # England sits in the middle of every row; the area's marker is where its value falls on the row's scale.
        markers = [line for line in ax.lines if line.get_markersize() == 11]
        assert len(markers) == len(rows)
    finally:
        matplotlib.pyplot.close(ax.figure)


def test_a_withheld_value_is_not_drawn_nor_written():
    frame = pd.DataFrame({"indicator": "ehc_20_weeks_pct", "period": "2024", "value": [np.nan], "comparison":
                          ["not compared"], "england": [45.9], "region": [49.6], "note": ["c"]})
    tiles = glance.tiles_html(frame)
    assert "withheld" in tiles and "not compared with England" in tiles
    with pytest.raises(ArgumentError, match="rows must hold at least one indicator"):
        spine.spine_chart(pd.DataFrame(columns=spine.SPINE_COLUMNS), area_name="x")


def test_spine_rows_refuse_a_frame_that_did_not_pass_disclosure_control(published, standing):
    with pytest.raises(DisclosureError):
        spine.spine_rows(published.frame, standing)


def test_tiles_and_findings_link_to_their_sections(published, standing):
    tiles = html.unescape(glance.tiles_html(standing))
    assert re.findall(r'href="#(section-[a-z]+)"', tiles) == ["section-prevalence", "section-process",
                                                              "section-process"]
    assert "399.7 per 10,000" in tiles and "▲ higher than England (372.4 per 10,000)" in tiles
    assert "40.7%" in tiles and "▼ lower than England (45.9%)" in tiles
    found = narrative.findings(profile.area_profile(published, ROCHDALE), ROCHDALE)
    top = glance.top_findings(found)
    assert len(top) == 5 and top == [f for f in found if f in top]  # in the order of the factsheet
    assert {s for s, _ in top} >= {"trend", "process", "outcomes"}
    page = glance.findings_html(top, titles={"process": "The EHC needs assessment process"})
    assert page.count("<li>") == 5 and 'href="#section-process">See The EHC needs assessment process</a>' in page


def test_a_tile_published_without_its_count_is_not_tested(published, real):
    # LAIT re-publishes the census's percentages without counts: Rochdale 5.7% of pupils with an EHC plan in January
    # 2025, England 5.3% (bds_long_0.parquet): shown beside England, never called higher or lower.
    standing = profile.standing(published, ROCHDALE, period="2024/25")
    tiles = html.unescape(glance.tiles_html(standing))
    first = tiles[:tiles.index("</li>")]
    assert "5.7%" in first and "Pupils with an EHC plan, 2024/25" in first
    assert "England 5.3% (no count published: not tested)" in first and "higher" not in first
