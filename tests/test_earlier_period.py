"""A factsheet made for an earlier year (``period="2022/23"``): each section of issue 18 shows its latest figures up to
that year, or says that the folder holds them only for later years. Checked by hand against the real files in
../shared/data/real (dfe_ehc_plans_2025: caseload.csv, requests.csv, timeliness_20_week.csv; dfe_lait bds_long)."""
from __future__ import annotations

import pytest

from jsnakit.core.errors import NotHeldError, public_message
from jsnakit.needs import deprivation, ehc_process, outcomes, placement
from jsnakit.render import narrative

ROCHDALE = "E08000005"


@pytest.fixture(scope="module")
def catalog(real_catalog):
    return real_catalog


@pytest.fixture(scope="module")
def published(real_published):
    return real_published


def test_placement_of_the_january_asked_for(published):
    # caseload.csv, time_period 202223, Rochdale, "All EHC plans": ehcplans 2649; mainstream_total 1151,
    # special_total 868, ap_pru_total 18, fe_total 465, ed_elsewhere 90, nm_early_years 44, unknown and other 13.
    table = placement.placement_table(published, ROCHDALE, up_to="2022/23")
    assert set(table["period"]) == {"2022/23"}
    top = table[table["level"] == 0]
    assert dict(zip(top["category"], top["count"])) == {
        "Mainstream school": 1151, "Special school": 868, "Alternative provision or PRU": 18, "Further education": 465,
        "Educated elsewhere, including NEET": 90, "Non-maintained early years": 44,
        "Placement unknown, awaiting provision or other": 13}
    assert set(top["denominator"]) == {2649}
    # Without up_to, and with the latest year asked for, the table is January 2025's (2,970 plans).
    assert set(placement.placement_table(published, ROCHDALE)["denominator"]) == {2970}
    assert set(placement.placement_table(published, ROCHDALE, up_to="2030/31")["denominator"]) == {2970}


def test_sex_is_held_only_from_2023_24(published):
    with pytest.raises(NotHeldError) as caught:
        placement.sex_table(published, ROCHDALE, up_to="2022/23")
    message = ("the data folder holds no EHC plans by sex for Rochdale (E08000005) up to 2022/23 (its earliest is "
               "2023/24)")
    assert str(caught.value) == message
    assert public_message(caught.value) == f"NotHeldError: {message}"  # periods only: published whole
    assert set(placement.sex_table(published, ROCHDALE, up_to="2023/24")["period"]) == {"2023/24"}


def test_the_process_of_the_calendar_year_before_that_january(catalog, published):
    # requests.csv 2022, Rochdale: requests_received_in_year 606, requests_decided_to_assess x;
    # timeliness_20_week.csv 2022: plans_issued_den 389, plans_issued_within_20_weeks 353 (pc 90.7).
    flow = ehc_process.process_flow(catalog, ROCHDALE, up_to="2022/23", published=published).set_index("key")
    assert flow.attrs["year"] == 2022
    assert flow.loc["requests", "count"] == 606
    assert flow.loc["assessed", "symbol"] == "x" and flow.loc["assessed", "count"] != flow.loc["assessed", "count"]
    assert (flow.loc["in_20_weeks", "count"], flow.loc["in_20_weeks", "denominator"]) == (353, 389)
    assert round(flow.loc["in_20_weeks", "rate"], 1) == 90.7
    with pytest.raises(NotHeldError, match=r"up to 2009/10 \(calendar year 2009; its earliest is 2016\)"):
        ehc_process.process_flow(catalog, ROCHDALE, up_to="2009/10", published=published)


def test_outcomes_of_the_latest_year_up_to_the_one_asked(published):
    # bds_long: Rochdale, 2021/22, year 1 phonics check: EHC plan 20, SEN support 44, no identified SEN 79.
    table = outcomes.outcome_table(published, ROCHDALE, up_to="2021/22")
    assert (table["period"] <= "2021/22").all()
    phonics = table[table["indicator"] == "phonics_pct"].set_index("category")
    assert set(phonics["period"]) == {"2021/22"}
    assert phonics["area"].to_dict() == {"EHC plan": 20.0, "SEN support": 44.0, "No identified SEN": 79.0}
    assert phonics.loc["EHC plan", "gap"] == -59.0
    with pytest.raises(NotHeldError, match=r"no outcomes by SEN status for Rochdale \(E08000005\) up to 2009/10"):
        outcomes.outcome_table(published, ROCHDALE, up_to="2009/10")


def test_deprivation_against_the_prevalence_of_the_year(catalog, published):
    context = deprivation.deprivation_context(catalog, published, ROCHDALE, up_to="2022/23")
    assert (context.indicator, context.period) == ("ehc_pupils_pct", "2022/23")
    assert context.period < deprivation.deprivation_context(catalog, published, ROCHDALE).period
    with pytest.raises(NotHeldError, match="no prevalence of SEN for 30 or more local authorities up to 2009/10"):
        deprivation.deprivation_context(catalog, published, ROCHDALE, up_to="2009/10")


def test_key_messages_of_an_earlier_year(published):
    messages = narrative.key_messages(published, ROCHDALE, period="2022/23")
    assert not any("2024" in m or "2025" in m for m in messages), messages
    gap = [m for m in messages if "no identified SEN" in m]
    assert gap and all("2024/25" not in m for m in gap)
    assert narrative.key_messages(published, ROCHDALE, period="2009/10") is not None  # no outcome: no gap, no error
