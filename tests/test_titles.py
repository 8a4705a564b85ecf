"""Issue 19: chart titles that state the finding (render.titles), checked by hand on the real files.

Rochdale (E08000005): dfe_ehc_plans_2025/caseload.csv, "All EHC plans": 1,178 plans in January 2010 and 2,970 in
January 2025 (England 228,221 and 638,745); mainstream_total 1,298 and special_total 873 of 2,970 (43.7% and 29.4%);
England 278,236 and 193,880 of 638,745 (43.6% and 30.4%). EHC plans per 10,000 aged 0-25, January 2025: 2,970 over
74,298 residents (ONS mid-2021) = 399.7.
"""
from __future__ import annotations

import matplotlib
import pytest

from jsnakit.needs import placement, profile
from jsnakit.render import titles

matplotlib.use("Agg")

ROCHDALE = "E08000005"


@pytest.fixture(scope="module")
def published(real_published):
    return real_published


@pytest.fixture(scope="module")
def shown(published):
    return profile.area_profile(published, ROCHDALE)


def test_trend_title(shown):
    assert titles.trend_title(shown, indicator="ehc_plans", area_code=ROCHDALE) == (
        "EHC plans maintained in Rochdale rose from 1,178 in 2009/10 to 2,970 in 2024/25 (England: from 228,221 to "
        "638,745)")
    assert titles.trend_title(shown, indicator="ehc_plans", area_code=ROCHDALE, up_to="2010/11") == (
        "EHC plans maintained in Rochdale fell from 1,178 in 2009/10 to 1,139 in 2010/11 (England: from "
        "228,221 to 229,017)")  # -3.3%: beyond the 2% that "changed little" allows
    assert titles.trend_title(shown, indicator="ehc_plans", area_code=ROCHDALE, up_to="2012/13") == (
        "EHC plans maintained in Rochdale changed little from 1,178 in 2009/10 to 1,179 in 2012/13 (England: from "
        "228,221 to 233,431)")
    assert titles.trend_title(shown, indicator="ehc_plans", area_code=ROCHDALE, up_to="2009/10") == (
        "EHC plans maintained: Rochdale")  # one period: nothing to say about a change


def test_placement_title(published):
    assert titles.placement_title(placement.placement_table(published, ROCHDALE)) == (
        "43.7% of Rochdale's EHC plans are in mainstream schools (England 43.6%) and 29.4% in special schools "
        "(England 30.4%)")


def test_funnel_and_map_titles(published):
    standing = profile.standing(published, ROCHDALE)
    assert titles.funnel_title(standing, indicator="ehc_plans_per_10k", area_name="Rochdale") == (
        "Rochdale lies above the 99.8% limit: more EHC plans per 10,000 children and young people aged 0-25 than "
        "chance explains for its size")
    on_map = profile.across_areas(published, "ehc_plans_per_10k", "2024/25")
    title = titles.map_title(on_map, indicator="ehc_plans_per_10k", area_code=ROCHDALE, period="2024/25")
    # Rochdale's 399.7 lies between the lower and upper quartiles of the 153 LAs (341.4 and 421.0, test_glance.py),
    # and above 94 of them (61%): the fourth fifth from the bottom.
    assert title == ("Rochdale is in the second highest fifth of local authorities for EHC plans per 10,000 children "
                     "and young people aged 0-25 (399.7 per 10,000, 2024/25)")
