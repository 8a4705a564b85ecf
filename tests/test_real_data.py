"""Real published data, end to end (issue 14): the national frame and factsheets built from the files an analyst
downloads (../shared/data/real), with figures checked by hand against the raw CSVs and workbooks.

The real folder holds national-only "Special educational needs in England" files, so prevalence and need mix come
from what is published at LA level: SEN2 plans per 10,000 aged 0-25, SEN2's primary need of all plans and LAIT's
re-published percentages. Hand-checked figures (raw file, row and column in each comment) are literals; where a
figure can be worked out another way (summing the MYE2 sheet, Byar's formula), the test does that too.
"""
from __future__ import annotations

import csv
import html
import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.factsheets import batch, resources, sections
from jsnakit.render import narrative
from jsnakit.needs import profile
from jsnakit.catalog import Catalog

ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, RUTLAND, CUMBERLAND = "E09000019", "E08000005", "E10000003", "E06000017", \
    "E06000063"


@pytest.fixture(scope="module")
def catalog(real):
    return Catalog(real)


@pytest.fixture(scope="module")
def published(catalog):
    return profile.published(catalog)


def _row(published, indicator, area, period, breakdown="All", category="All"):
    frame = published.frame
    rows = frame[(frame["indicator"] == indicator) & (frame["area_code"] == area) & (frame["period"] == period)
                 & (frame["breakdown"] == breakdown) & (frame["category"] == category)]
    assert len(rows) == 1, (indicator, area, period, len(rows))
    return rows.iloc[0]


def _raw(real, path, **equal):
    with open(real / path, encoding="utf-8-sig", newline="") as handle:
        return [r for r in csv.DictReader(handle) if all(r[k] == v for k, v in equal.items())]


def _byar(observed, z=1.959963984540054):
    """Byar's approximation to the exact Poisson limits (Breslow and Day 1987), written out here independently."""
    lower = observed * (1 - 1 / (9 * observed) - z / (3 * math.sqrt(observed))) ** 3
    upper = (observed + 1) * (1 - 1 / (9 * (observed + 1)) + z / (3 * math.sqrt(observed + 1))) ** 3
    return lower, upper


def test_islington_plans_in_january_2025(real, published):
    # dfe_ehc_plans_2025/caseload.csv: time_period 202425, Islington, "All EHC plans": ehcplans 2119.
    raw = _raw(real, "dfe_ehc_plans_2025/caseload.csv", time_period="202425", new_la_code=ISLINGTON,
               breakdown_topic="All EHC plans")
    assert [r["ehcplans"] for r in raw] == ["2119"]
    assert _row(published, "ehc_plans", ISLINGTON, "2024/25")["count"] == 2119


def test_islington_plans_per_10000_with_the_population_year_stated(real, published):
    # Residents aged 0-25, mid-2021 (ONS MYE2 - Persons, row E09000019, ages 0..25): 65,082, summed from the sheet.
    sheet = pd.read_excel(real / "ons_mye/ukpopestimatesmid2021on2021geographyfinal.xls", sheet_name="MYE2 - Persons",
                          header=None, engine="calamine")
    header_row = sheet.index[sheet.iloc[:, 0].astype(str).str.strip() == "Code"][0]
    ages = [c for c, v in sheet.iloc[header_row].items() if str(v).strip().removesuffix(".0") in {str(a) for a in range(26)}]
    row = sheet[sheet.iloc[:, 0] == ISLINGTON].iloc[0]
    assert int(sum(row[c] for c in ages)) == 65082
    rate = _row(published, "ehc_plans_per_10k", ISLINGTON, "2024/25")
    assert (rate["count"], rate["denominator"]) == (2119, 65082)
    assert rate["value"] == pytest.approx(2119 / 65082 * 10_000)  # 325.59
    lower, upper = _byar(2119)
    assert rate["lower_ci"] == pytest.approx(lower / 65082 * 10_000, rel=1e-9)  # 311.87
    assert rate["upper_ci"] == pytest.approx(upper / 65082 * 10_000, rel=1e-9)  # 339.84
    # The folder has no mid-2024 estimate: the rate says which estimate it used.
    assert rate["source"].endswith("ONS mid-year estimates, mid-2021 (the latest the data folder holds up to mid-2024)")
    assert narrative.population_note(published.take(published.frame.index[
        (published.frame["indicator"] == "ehc_plans_per_10k") & (published.frame["period"] == "2024/25")
        & (published.frame["area_code"] == ISLINGTON)]), ISLINGTON) == \
        "ONS mid-year estimate, mid-2021 (the latest the data folder holds up to mid-2024)"


def test_cumberland_population_is_summed_from_its_former_districts(published):
    # Allerdale + Carlisle + Copeland, aged 0-25, mid-2021: 72,313 (the figure geography.SUCCESSIONS documents).
    assert _row(published, "population", CUMBERLAND, "2021")["count"] == 72313
    rate = _row(published, "ehc_plans_per_10k", CUMBERLAND, "2024/25")
    # caseload.csv 202425 Cumberland ehcplans 2893.
    assert (rate["count"], rate["denominator"]) == (2893, 72313)


def test_prevalence_falls_back_to_lait_without_school_census_la_files(published):
    # LAIT bds_long SEN_TotStat, Islington, Years 2025 (January 2025): 7.4; England's 2024/25 comes from the census
    # file with its counts (482,640 of 9,032,426 pupils).
    own = _row(published, "ehc_pupils_pct", ISLINGTON, "2024/25")
    assert own["value"] == 7.4 and np.isnan(own["count"]) and np.isnan(own["lower_ci"])
    assert own["method"] == "published" and "LAIT" in own["source"] and own["comparison"] == "not compared"
    england = _row(published, "ehc_pupils_pct", "E92000001", "2024/25")
    assert (england["count"], england["denominator"]) == (482640, 9032426)
    assert _row(published, "sen_support_pct", ISLINGTON, "2024/25")["value"] == 17.4  # SEN_TotSENSuP


def test_a_percentage_published_without_its_count_is_withheld_when_its_count_could_be_small(published, catalog):
    # LAIT SEN_TotStat, City of London, Years 2025: 0.4% of pupils. Residents aged 4-18 at mid-2021 (MYE2): 521, so
    # about 2 pupils: never published. Islington's 7.4% of about 29,700 is about 2,200: published.
    row = _row(published, "ehc_pupils_pct", "E09000001", "2024/25")
    assert np.isnan(row["value"]) and row["note"] == disclosure.UNCOUNTED
    assert profile.school_age(catalog).loc[("E09000001", "2024/25")] == 521
    frame = published.frame
    lait = frame[(frame["method"] == "published") & frame["value"].notna() & (frame["indicator"] == "ehc_pupils_pct")]
    city = lait[lait["area_code"] == "E09000001"]  # 2016/17's 4.4% (about 23 of 521) is the one year shown
    assert len(lait) > 1000 and list(city["period"]) == ["2016/17"] and (city["value"] / 100 * 521 >= 10).all()
    # SEN support, 13.9% of about 521: about 72 pupils, so it is published.
    assert _row(published, "sen_support_pct", "E09000001", "2024/25")["value"] == 13.9


def test_requests_agreed_follow_dfe_and_timeliness(real, published):
    # requests.csv 2024 Islington: received 511, decided to assess 303, request_assess_pc 59.3 (DfE's definition).
    raw = _raw(real, "dfe_ehc_plans_2025/requests.csv", time_period="2024", new_la_code=ISLINGTON,
               breakdown_topic="All requests for EHC needs assessments")[0]
    agreed = _row(published, "ehc_requests_agreed_pct", ISLINGTON, "2024")
    assert (agreed["count"], agreed["denominator"]) == (303, 511)
    assert round(agreed["value"], 1) == float(raw["request_assess_pc"]) == 59.3
    # timeliness_20_week.csv 2024 Islington: 232 of 295 within 20 weeks, 78.6%.
    timely = _row(published, "ehc_20_weeks_pct", ISLINGTON, "2024")
    assert (timely["count"], timely["denominator"]) == (232, 295)
    assert round(timely["value"], 1) == 78.6


def test_need_mix_from_sen2_all_plans(published):
    # sen_needs_all_plans.csv 202425 Islington: ehc_plans 2119, number_asd 1182 (asd_pc 55.8), number_msi 3.
    asd = _row(published, "ehc_plan_need_share", ISLINGTON, "2024/25", "primary_need", "Autistic spectrum disorder")
    assert (asd["count"], asd["denominator"], round(asd["value"], 1)) == (1182, 2119, 55.8)
    msi = _row(published, "ehc_plan_need_share", ISLINGTON, "2024/25", "primary_need", "Multi-sensory impairment")
    assert np.isnan(msi["count"]) and msi["note"] == "c"  # 3 plans: never published


def test_the_factsheet_period_is_the_areas_own_latest_year(published):
    shown = profile.area_profile(published, ISLINGTON)
    # England has 2025/26 (the national census release), Islington's own latest figures are January 2025.
    assert profile.report_period(shown, ISLINGTON) == "2024/25"
    assert profile.report_period(shown, ISLINGTON, up_to="2022/23") == "2022/23"


def test_key_messages_on_real_data(published):
    shown = profile.area_profile(published, ISLINGTON)
    messages = narrative.key_messages(shown, ISLINGTON, period="2024/25")
    text = "\n".join(messages)
    # 20-week timeliness: the 2024 figure the standing table shows, not an earlier year; higher is better.
    assert "78.6% of new EHC plans were issued within 20 weeks in 2024" in text
    assert "significantly higher (better) than England (45.9%)" in text
    # The SEN2 series starts in January 2010: statements, then statements and plans together.
    assert "Statements of SEN and EHC plans maintained (statements only before the 2014 reforms" in text
    assert "from 821 to 2,119" in text
    assert "7.4% of pupils had an EHC plan in Islington (published without its count" in text


def test_data_check_says_which_sections_the_real_folder_supports(published, catalog):
    table = sections.coverage(published, catalog)
    status = dict(zip(table["section"], table["status"]))
    assert status["prevalence"] == "partial" and status["need"] == "partial"
    assert status["population"] == "full" and status["projection"] == "full" and status["methods"] == "full"
    prevalence = table.set_index("section").loc["prevalence"]
    assert prevalence["using"].startswith("SEN2 EHC plans per 10,000")
    assert "has no figures at local authority level" in prevalence["advice"]
    assert "special-educational-needs-in-england" in prevalence["advice"]


@pytest.fixture(scope="module")
def factsheets(real, tmp_path_factory):
    out = tmp_path_factory.mktemp("real-factsheets")
    manifest = batch.run([ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, RUTLAND, CUMBERLAND], data_dir=real, out_dir=out,
                         workbook=resources.factsheet_workbook(), workers=2, progress=False)
    return manifest, out


def _page(out, code):
    return html.unescape((out / f"{code}.html").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_five_real_factsheets_are_made(factsheets):
    manifest, out = factsheets
    records = {r["area_code"]: r for r in json.loads((out / "manifest.json").read_text())["areas"]}
    assert {c: r["status"] for c, r in records.items()} == {c: "done" for c in
                                                            (ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, RUTLAND, CUMBERLAND)}
    for code in records:
        page = _page(out, code)
        # Each section names where its figures come from (the real folder has no school-census LA files).
        for way in ("SEN2 EHC plans per 10,000 residents aged 0-25 (SEN2 and ONS mid-year estimates)",
                    "the school census's percentages over the years, as re-published in LAIT",
                    "SEN2 (primary need of all EHC plans)", "ONS mid-year estimates and the SEN2 caseload",
                    "the SEN2 caseload by age and ONS mid-year estimates"):
            assert f"Source: {way}." in page, (code, way)
        assert "This section needs" not in page and "This section cannot be made" not in page, code
        assert "No commissioning register or Local Offer for" in page  # the one sentence of the gaps section
        assert "Problems in the provision data" not in page  # other areas' Local Offer examples are not its problem
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S))
        assert "Traceback" not in text and "Error" not in text, code
        assert "Synthetic data" not in page  # real files: no banner


@pytest.mark.slow
def test_real_islington_factsheet_figures(factsheets):
    _, out = factsheets
    page = _page(out, ISLINGTON)
    assert "Figures up to January 2025" in page
    assert re.search(r"<td[^>]*>2,119</td>", page)
    assert "Population: ONS mid-year estimate, mid-2021 (the latest the data folder holds up to mid-2024)" in page
    assert "325.6" in page
    assert "Primary need of all EHC plans (SEN2)" in page
    assert "none: published without its count" in page  # LAIT's percentages have no interval
    assert "demand projection and provision gaps" not in page  # the stale caveat is gone
    # No small count: Islington's 3 plans for multi-sensory impairment never appear.
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S) if "Multi-sensory impairment" in r
            and "Islington" in r]
    assert rows and all(">3<" not in r for r in rows)


@pytest.mark.slow
def test_real_factsheets_of_a_small_unitary_and_a_new_one(factsheets):
    _, out = factsheets
    rutland = _page(out, RUTLAND)
    assert re.search(r"<td[^>]*>376</td>", rutland)  # caseload.csv 202425 Rutland ehcplans 376
    cumberland = _page(out, CUMBERLAND)
    assert re.search(r"<td[^>]*>2,893</td>", cumberland) and re.search(r"<td[^>]*>72,313</td>", cumberland)
