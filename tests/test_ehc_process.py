"""The EHC needs assessment process (jsnakit.needs.ehc_process) and its funnel and table
(jsnakit.render.process_charts), checked against the real SEN2 2025 release and LAIT rows read by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError, DisclosureError
from jsnakit.needs import profile
from jsnakit.needs.ehc_process import FLOW_COLUMNS, PER_REQUESTS, STEPS, process_flow
from jsnakit.render import descriptions
from jsnakit.render.process_charts import finding, process_chart, process_table_html

ISLINGTON, ROCHDALE, CAMBRIDGESHIRE = "E09000019", "E08000005", "E10000003"


@pytest.fixture(scope="module")
def catalog(real):
    return Catalog(real)


@pytest.fixture(scope="module")
def flows(catalog):
    return {code: process_flow(catalog, code).set_index("key") for code in (ISLINGTON, ROCHDALE, CAMBRIDGESHIRE)}


def test_steps_in_order_with_the_latest_year(flows):
    flow = flows[ISLINGTON]
    assert list(flow.index) == [s.key for s in STEPS]
    assert flow.attrs["year"] == 2024  # requests.csv's latest time_period
    assert flow.loc["requests", "period"] == "calendar year 2024"
    assert flow.loc["not_agreed", "per"] == PER_REQUESTS
    assert "in_20_weeks_ex" not in flow.index and "refused" not in flow.index  # see test_no_difference_gives_away


# requests.csv, time_period 2024, breakdown "All requests for EHC needs assessments"; columns
# requests_received_in_year, requests_decided_to_assess, requests_decided_not_to_assess, ...,
# mediation_related_request, tribunal_related_request:
#   Islington      (E09000019): 511, 303, 121, ... 14, 39
#   Rochdale       (E08000005): 755, 529, 182, ... 155, 17
#   Cambridgeshire (E10000003): 1869, 1244, 158, ... 122, 38
#   England (National row):     154489, 101045, 38889, ... 10507, 4655
@pytest.mark.parametrize("code, received, agreed, refused, mediation, tribunal", [
    (ISLINGTON, 511, 303, 121, 14, 39),
    (ROCHDALE, 755, 529, 182, 155, 17),
    (CAMBRIDGESHIRE, 1869, 1244, 158, 122, 38),
])
def test_request_counts_match_requests_csv(flows, code, received, agreed, refused, mediation, tribunal):
    flow = flows[code]
    assert flow.loc["requests", "count"] == received
    assert flow.loc["assessed", "count"] == agreed
    assert flow.loc["not_agreed", "count"] == received - agreed >= refused  # refused + undecided + withdrawn
    assert flow.loc["mediation", "count"] == mediation
    assert flow.loc["tribunal", "count"] == tribunal
    for key in ("assessed", "not_agreed", "mediation", "tribunal"):
        assert flow.loc[key, "denominator"] == received
    assert flow.loc[key, "symbol"] == ""
    # England's counts, from the National row above
    assert flow.loc["requests", "england_count"] == 154489
    assert flow.loc["assessed", "england_count"] == 101045
    assert flow.loc["not_agreed", "england_count"] == 154489 - 101045
    assert flow.loc["mediation", "england_count"] == 10507
    assert flow.loc["tribunal", "england_count"] == 4655


def test_rates_are_dfes_own(flows):
    flow = flows[ISLINGTON]
    # request_assess_pc 59.3 and request_not_assess_pc 23.7 (Islington row); 65.4 and 25.2 (National row)
    assert round(flow.loc["assessed", "rate"], 1) == 59.3  # 303 / 511
    assert round(flow.loc["not_agreed", "rate"], 1) == 40.7  # (511 - 303) / 511
    assert round(flow.loc["assessed", "england_rate"], 1) == 65.4  # 101045 / 154489
    assert round(flow.loc["not_agreed", "england_rate"], 1) == 34.6  # 53444 / 154489
    lower, upper = flow.loc["assessed", ["lower_ci", "upper_ci"]]
    assert (flow.loc["not_agreed", "lower_ci"], flow.loc["not_agreed", "upper_ci"]) == (100 - upper, 100 - lower)
    assert round(flow.loc["tribunal", "rate"], 2) == 7.63  # 39 / 511
    assert flow.loc["requests", "rate"] == 100
    assert flow.loc["assessed", "lower_ci"] < 59.3 < flow.loc["assessed", "upper_ci"]
    # London's regional row (requests.csv 2024, Regional, E12000007): 14483 decided to assess of 21583 -> 67.1
    assert round(flow.loc["assessed", "region_rate"], 1) == 67.1
    # newplans.csv 2024, "New EHC plans": Islington 295, National 97747; per 100 requests: 57.7 and 63.3
    assert flow.loc["plans", "count"] == 295 and flow.loc["plans", "england_count"] == 97747
    assert round(flow.loc["plans", "rate"], 1) == 57.7


def test_twenty_weeks_match_timeliness_csv(flows):
    # timeliness_20_week.csv 2024, "All EHC plans issued", Rochdale (E08000005): plans_issued_den 415,
    # plans_issued_within_20_weeks 169, pc 40.7 (including exception cases, DfE's headline)
    flow = flows[ROCHDALE]
    assert (flow.loc["in_20_weeks", "count"], flow.loc["in_20_weeks", "denominator"]) == (169, 415)
    assert round(flow.loc["in_20_weeks", "rate"], 1) == 40.7
    # National row: 41448 of 90392 (45.9)
    assert flow.loc["in_20_weeks", "england_count"] == 41448
    assert round(flow.loc["in_20_weeks", "england_rate"], 1) == 45.9


def test_lait_steps(flows):
    flow = flows[ISLINGTON]
    # LAIT bds_long, Islington, Years 2024: SEN_PLAN_NOT_ISSUED 4.8 (% of SEN_ASSESSMENT 310), published without count
    assert np.isnan(flow.loc["not_issued", "count"]) and flow.loc["not_issued", "denominator"] == 310
    assert flow.loc["not_issued", "rate"] == 4.8 and flow.loc["not_issued", "england_rate"] == 6.1
    # SEN_TOT_CEASED_EHC_PLAN 195, over caseload.csv 202324 Islington ehcplans 2035 -> 9.6 per 100
    assert (flow.loc["ceased", "count"], flow.loc["ceased", "denominator"]) == (195, 2035)
    assert round(flow.loc["ceased", "rate"], 1) == 9.6
    # SEN_AN_REVIEW_MEET_REC 1729 of SEN_AN_REVIEW_EXPECTED 1786 = 96.8 (LAIT's SEN_PEC_AN_REVIEW_MEET_REC 96.8)
    assert (flow.loc["reviews", "count"], flow.loc["reviews", "denominator"]) == (1729, 1786)
    assert round(flow.loc["reviews", "rate"], 1) == 96.8
    assert flow.loc["reviews", "period"] == "reviews expected in calendar year 2024"


def test_an_earlier_year_marks_what_sen2_did_not_publish(catalog):
    flow = process_flow(catalog, ISLINGTON, year=2022).set_index("key")
    # requests.csv 2022 Islington: 454 received, decided to assess "x" (so not agreed is not published either)
    assert flow.loc["requests", "count"] == 454
    assert flow.loc["assessed", "symbol"] == "x" and np.isnan(flow.loc["assessed", "rate"])
    assert flow.loc["not_agreed", "symbol"] == "x"
    assert flow.loc["assessed", "note"].startswith("not published for calendar year 2022")
    # LAIT 2022 Islington SEN_PLAN_NOT_ISSUED 2.3% of 258 assessments: about 6 (< 5 x 2), withheld as uncounted
    assert flow.loc["not_issued", "symbol"] == "c" and np.isnan(flow.loc["not_issued", "rate"])
    assert "published without its count" in flow.loc["not_issued", "note"]


def _doctored(real, tmp_path, changes: dict) -> Catalog:
    """A folder holding requests.csv cut to its 2024 England, London and Islington rows, with Islington's
    columns changed as ``changes`` says."""
    lines = (real / "dfe_ehc_plans_2025" / "requests.csv").read_bytes().decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    keep = [header]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] != "2024" or cells[10] != "All requests for EHC needs assessments":
            continue
        if cells[2] == "National" or (cells[2] == "Regional" and cells[5] == "E12000007") or cells[7] == ISLINGTON:
            if cells[7] == ISLINGTON:
                for column, value in changes.items():
                    cells[header.index(column)] = str(value)
            keep.append(cells)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "requests.csv").write_bytes(("\ufeff" + "\r\n".join(",".join(c) for c in keep) + "\r\n").encode())
    return Catalog(folder, cache_dir=False)


def test_small_count_is_withheld_with_its_rate(real, tmp_path):
    # Islington's tribunal_related_request 39 -> 3 (small); its decided to assess 303 -> 508, so that the requests
    # not agreed (511 - 508 = 3) are small too: the agreed rate goes with them.
    catalog = _doctored(real, tmp_path, {"tribunal_related_request": 3, "requests_decided_to_assess": 508})
    flow = process_flow(catalog, ISLINGTON).set_index("key")
    for key in ("tribunal", "assessed"):
        assert flow.loc[key, "symbol"] == "c"
        assert np.isnan(flow.loc[key, "count"]) and np.isnan(flow.loc[key, "rate"])
        assert flow.loc[key, "note"] == "suppressed to protect small counts"
    assert flow.loc["mediation", "count"] == 14 and flow.loc["mediation", "symbol"] == ""
    assert flow.loc["tribunal", "england_count"] == 4655  # England's own figure is not small
    # steps the folder does not hold are marked, never invented
    assert flow.loc["plans", "symbol"] == "x" and "not in the data folder" in flow.loc["plans", "note"]
    html = process_table_html(process_flow(catalog, ISLINGTON), caption="Doctored")
    assert "<td style=\"text-align:right\">c: suppressed to protect small counts</td>" in html
    # a stricter threshold withholds a count the default shows: mediation 14 under threshold 15
    strict = process_flow(catalog, ISLINGTON, rules=disclosure.Rules(threshold=15)).set_index("key")
    assert strict.loc["mediation", "symbol"] == "c" and np.isnan(strict.loc["mediation", "rate"])


def test_chart_title_states_the_finding(flows, catalog, close_figures):
    flow = process_flow(catalog, ISLINGTON)
    ax = process_chart(flow, "Islington")
    title = ax.get_title().replace("\n", " ")
    assert title == ("Islington agreed to assess 59 of every 100 requests for an EHC needs assessment in 2024, "
                     "England 65")
    assert title == finding(flow, "Islington")
    # the bars are the steps per 100 requests; the 20-week, ceased and review steps are in the table only
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()][:3] == [
        "Requests for an EHC needs assessment received", "Assessments agreed (the LA decided to assess)",
        "Requests not agreed (refused, not yet decided or withdrawn)"]
    alt = descriptions.alt_text(ax)
    assert alt.startswith("Horizontal bar chart: Islington agreed to assess 59")
    assert "Requests that went to the SEND Tribunal: Islington 7.6, England 3.0" in alt


def test_table_caption_and_scope(flows, catalog):
    flow = process_flow(catalog, ROCHDALE)
    html = process_table_html(flow, caption="The EHC needs assessment process, Rochdale, 2024")
    assert "<caption>The EHC needs assessment process, Rochdale, 2024</caption>" in html
    assert '<th scope="col">Rochdale: number</th>' in html and '<th scope="col">North West: rate</th>' in html
    assert '<th scope="row">Requests for an EHC needs assessment received</th>' in html
    assert html.count('<th scope="row">') == len(STEPS)
    assert "<td style=\"text-align:right\">755</td>" in html
    assert "not published (percentage only); of 556" in html  # LAIT SEN_ASSESSMENT Rochdale 2024: 556
    with pytest.raises(ArgumentError, match="caption"):
        process_table_html(flow, caption="")


def test_renderers_refuse_a_frame_that_did_not_pass_disclosure_control():
    raw = pd.DataFrame(columns=FLOW_COLUMNS)
    with pytest.raises(DisclosureError, match="process_flow"):
        process_chart(raw, "Islington")
    with pytest.raises(DisclosureError, match="process_flow"):
        process_table_html(raw, caption="x")


def test_unknown_area_and_year(catalog):
    with pytest.raises(ArgumentError, match="area code must be a GSS code"):
        process_flow(catalog, "E09999999")
    with pytest.raises(ArgumentError, match="upper-tier local authority; got 'E12000007'"):
        process_flow(catalog, "E12000007")
    with pytest.raises(ArgumentError, match="year must be a calendar year .* 2024; got 2030"):
        process_flow(catalog, ISLINGTON, year=2030)


def test_no_difference_gives_away_a_small_count(catalog):
    # requests.csv 2024: Warrington (E06000007) received 582, agreed 503, refused 75, so 4 were undecided or
    # withdrawn; timeliness_20_week.csv 2024: Blackpool (E06000009) issued 220 plans, 216 excluding exception cases.
    # Neither refusals nor the plans excluding exception cases are published (beside the figures that are, they would
    # give those counts of 1-4 away, a difference the audit's sums do not see): not agreed is received - agreed.
    warrington = process_flow(catalog, "E06000007").set_index("key")
    assert warrington.loc["requests", "count"] == 582 and warrington.loc["assessed", "count"] == 503
    assert warrington.loc["not_agreed", "count"] == 79
    blackpool = process_flow(catalog, "E06000009").set_index("key")
    assert blackpool.loc["in_20_weeks", "denominator"] == 220
    published = profile.published(catalog).frame
    assert not published["indicator"].isin(["ehc_process_refused_pct", "ehc_process_20_weeks_ex_pct"]).any()


def test_only_disclosed_frames_are_read(catalog):
    from jsnakit.needs import outcomes

    raw = profile.published(catalog).frame
    with pytest.raises(DisclosureError):
        process_flow(catalog, ISLINGTON, published=raw)
    with pytest.raises(DisclosureError):
        outcomes.outcome_table(raw, ISLINGTON)
