"""The index page of a batch (issue 19): headline figures from the published frame, checked by hand against the real
files; the searchable, sortable table; the SVG map linking to each factsheet; a self-contained page."""
from __future__ import annotations

import importlib.util
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError, DisclosureError
from jsnakit.factsheets import html as factsheet
from jsnakit.factsheets import index_page
from jsnakit.render import svg_map

ROCHDALE, ISLINGTON, CAMBRIDGESHIRE, HALTON, CITY = "E08000005", "E09000019", "E10000003", "E06000006", "E09000001"

RECORDS = [
    {"area_code": ROCHDALE, "area_name": "Rochdale", "region_name": "North West", "status": "done", "seconds": 14.1,
     "output": f"{ROCHDALE}.html"},
    {"area_code": ISLINGTON, "area_name": "Islington", "region_name": "London", "status": "done", "seconds": 14.0,
     "output": f"{ISLINGTON}.html", "pdf": f"{ISLINGTON}.pdf"},
    {"area_code": CAMBRIDGESHIRE, "area_name": "Cambridgeshire", "region_name": "East of England",
     "status": "failed", "seconds": 3.0, "output": None, "error": "InputError: caseload.csv, row 9 <bad>",
     "error_cell": 4, "failed_notebook": f"failed/{CAMBRIDGESHIRE}.ipynb"},
    {"area_code": HALTON, "area_name": "Halton", "region_name": "North West", "status": "skipped", "seconds": 13.0,
     "output": f"{HALTON}.html"},
    {"area_code": CITY, "area_name": "City of London", "region_name": "London", "status": "done", "seconds": 12.0,
     "output": f"{CITY}.html"},
]


@pytest.fixture(scope="module")
def published(real_published):
    return real_published  # about 20 s on a cold cache, once for the session


@pytest.fixture(scope="module")
def headlines(published):
    return index_page.headline_table(published)


@pytest.fixture(scope="module")
def boundaries(real):
    return Catalog(real).load("boundaries")


@pytest.fixture(scope="module")
def page(headlines, boundaries, tmp_path_factory):
    out = tmp_path_factory.mktemp("index")
    return factsheet.write_index(RECORDS, out, headlines=headlines, boundaries=boundaries).read_text(encoding="utf-8")


def _svg(page: str) -> str:
    start = page.index("<svg viewBox")
    return page[start:page.index("</svg>", start) + len("</svg>")]


def _rows(page: str) -> dict:
    table = page[page.index('<table id="jsnakit-areas">'):page.index("</table>")]
    return {re.search(r"E\d{8}", r).group(): r for r in re.findall(r"<tr data-search.*?</tr>", table, re.S)}


def test_headline_figures_of_three_areas_match_the_real_files(headlines):
    assert len(headlines) == 153 and list(headlines.columns) == index_page.HEADLINE_COLUMNS
    assert headlines["area_name"].is_monotonic_increasing
    assert set(headlines["ehc_pupils_pct_period"]) == {"2024/25"}  # LAIT's last year; England's 2025/26 is not LA
    assert set(headlines["ehc_plans_per_10k_period"]) == {"2024/25"}
    assert set(headlines["ehc_20_weeks_pct_period"]) == {"2024"}
    rows = headlines.set_index("area_code")
    # dfe_lait/bds_long_0.parquet, Short Desc SEN_TotStat, Years 2025 (January 2025 census): published percentages,
    # no count, so no test against England
    assert rows.loc[[ROCHDALE, ISLINGTON, CAMBRIDGESHIRE], "ehc_pupils_pct"].tolist() == [5.7, 7.4, 5.8]
    assert set(rows.loc[[ROCHDALE, ISLINGTON, CAMBRIDGESHIRE], "ehc_pupils_pct_comparison"]) == {"not compared"}
    # England: data-special-educational-needs-in-england.csv, 202425 Total/Total: 482640 with a plan of 9032426
    assert rows.loc[ROCHDALE, "ehc_pupils_pct_england"] == pytest.approx(5.34341493636)
    # dfe_ehc_plans_2025/caseload.csv, 202425 "All EHC plans": Rochdale 2970, Islington 2119, Cambridgeshire 8007;
    # ons_mye MYE2 - Persons mid-2021, ages 0 to 25 summed: 74298, 65082, 203096; England 638745 plans
    expected = [2970 / 74298 * 1e4, 2119 / 65082 * 1e4, 8007 / 203096 * 1e4]  # 399.74, 325.59, 394.25
    assert rows.loc[[ROCHDALE, ISLINGTON, CAMBRIDGESHIRE], "ehc_plans_per_10k"].tolist() == pytest.approx(expected)
    assert rows.loc[[ROCHDALE, ISLINGTON, CAMBRIDGESHIRE], "ehc_plans_per_10k_comparison"].tolist() == [
        "higher", "lower", "higher"]  # against England's 372.4 (Byar 95% limits 385.5-414.4, 311.9-339.8, 385.7-403.0)
    # timeliness_20_week.csv, 2024 "All EHC plans issued": within 20 weeks / issued = 169/415, 232/295, 56/729;
    # England 41448/90392 = 45.85%
    assert rows.loc[[ROCHDALE, ISLINGTON, CAMBRIDGESHIRE], "ehc_20_weeks_pct"].tolist() == pytest.approx(
        [169 / 415 * 100, 232 / 295 * 100, 56 / 729 * 100])  # 40.72, 78.64, 7.68
    assert rows.loc[[ROCHDALE, ISLINGTON, CAMBRIDGESHIRE], "ehc_20_weeks_pct_comparison"].tolist() == [
        "lower", "higher", "lower"]
    assert rows.loc[ISLINGTON, "ehc_20_weeks_pct_england"] == pytest.approx(41448 / 90392 * 100)
    assert rows.loc[[ROCHDALE, ISLINGTON, CAMBRIDGESHIRE], "ehc_20_weeks_pct_note"].isna().all()


def test_an_earlier_period_gives_that_years_figures(published):
    # --period 2022/23: Rochdale's 20-week figure of calendar 2022 (timeliness_20_week.csv: 353 of 389 = 90.7%) and
    # its plans per 10,000 of January 2023 (caseload.csv 202223: 2,649 plans).
    table = index_page.headline_table(published, up_to="2022/23").set_index("area_code")
    rochdale = table.loc["E08000005"]
    assert rochdale["ehc_20_weeks_pct_period"] == "2022" and round(rochdale["ehc_20_weeks_pct"], 1) == 90.7
    assert rochdale["ehc_plans_per_10k_period"] == "2022/23"


def test_a_withheld_figure_is_its_note_never_a_number(headlines, page):
    rows = headlines.set_index("area_code")
    # Halton, 2024: 121 of 208 within 20 weeks (58.2% in DfE's file), withheld by disclosure control ("c")
    assert np.isnan(rows.loc[HALTON, "ehc_20_weeks_pct"]) and rows.loc[HALTON, "ehc_20_weeks_pct_note"] == "c"
    # City of London, LAIT 2025: 0.4% published without its count, which may be fewer than 5 pupils
    assert np.isnan(rows.loc[CITY, "ehc_pupils_pct"]) and rows.loc[CITY, "ehc_pupils_pct_note"] == "c (uncounted)"
    shown = _rows(page)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", shown[HALTON], re.S)
    assert cells[5] == "c" and "58.2" not in shown[HALTON] and "121" not in shown[HALTON]
    assert '<td class="num withheld">c (uncounted)</td>' in shown[CITY] and ">0.4<" not in shown[CITY]
    assert "<strong>c</strong>: suppressed to protect small counts" in page  # the key below the table
    assert "<strong>c (uncounted)</strong>: suppressed: published without its count, which may be fewer than 5" in page


def test_the_table_is_plain_accessible_html_sorted_by_name(page):
    table = page[page.index('<table id="jsnakit-areas">'):page.index("</table>")]
    assert "<caption>SEND factsheets: the areas, their headline figures and their factsheets</caption>" in table
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    assert [re.sub(r"<[^>]+>", "|", h) for h in heads] == [
        "Area", "Code", "Region", "Pupils with an EHC plan (%) |2024/25|", "Compared with England (5.3%) |2024/25|",
        "EHC plans per 10,000 aged 0-25 |2024/25|", "New EHC plans issued within 20 weeks (%) |2024|", "Factsheet"]
    assert '<th scope="col" data-type="text" aria-sort="ascending">Area</th>' in table
    rows = _rows(page)
    assert list(rows) == [CAMBRIDGESHIRE, CITY, HALTON, ISLINGTON, ROCHDALE]  # by name
    assert table.count('<th scope="row"') == 5
    rochdale = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", rows[ROCHDALE], re.S)
    assert rochdale == [f'<a href="{ROCHDALE}.html">Rochdale</a>', ROCHDALE, "North West", "5.7",
                        "above, not tested", "399.7", "40.7", "done"]
    assert '<td class="num" data-sort="325.6">325.6</td>' in rows[ISLINGTON]
    assert f'done <a href="{ISLINGTON}.pdf">PDF</a>' in rows[ISLINGTON]
    failed = rows[CAMBRIDGESHIRE]
    assert f"{CAMBRIDGESHIRE}.html" not in failed and ">Cambridgeshire</th>" in failed
    assert '<pre class="error">InputError: caseload.csv, row 9 &lt;bad&gt; (workbook cell index 4)</pre>' in failed
    assert f'<a href="failed/{CAMBRIDGESHIRE}.ipynb">failed notebook for Cambridgeshire</a>' in failed
    assert ">394.2<" in failed  # the figures are the published ones, whether or not the factsheet was made
    assert "skipped (up to date)" in rows[HALTON] and f'<a href="{HALTON}.html">Halton</a>' in rows[HALTON]
    assert '<tr data-search="rochdale north west e08000005">' in rows[ROCHDALE]


def test_the_map_links_each_factsheet_once_and_no_failed_area(page):
    svg = _svg(page)
    assert len(svg.encode("utf-8")) < 300_000  # measured: 111 kB for the 153 areas of the real boundaries
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', svg)
    assert sorted(href for href, _ in links) == sorted(f"{c}.html" for c in (ROCHDALE, ISLINGTON, HALTON, CITY))
    assert f"{CAMBRIDGESHIRE}.html" not in svg
    assert dict(links)[f"{ROCHDALE}.html"] == "Rochdale: 399.7 per 10,000 (open its factsheet)"
    inset = svg[svg.index('<g class="inset"'):]
    assert f'href="{ISLINGTON}.html"' in inset and f'href="{CITY}.html"' in inset  # London's links: in the inset
    assert f'href="{ROCHDALE}.html"' not in inset
    assert svg.count("<path ") == 153 + 33  # every area once, London's 33 again, enlarged
    assert "<title>Cambridgeshire: 394.2 per 10,000</title>" in svg
    assert "<title>Islington: 325.6 per 10,000</title>" in svg
    # the same colour classes as every map (render.shading): viridis reversed at 0, 1/4, 1/2, 3/4 and 1, 5 quintiles
    assert re.findall(r'fill="(#[0-9a-f]{6})" stroke="#737373"', page) == [
        "#fde725", "#5cc863", "#21908d", "#3b518b", "#440154"]
    assert ", in fifths of local authorities (quintiles)" in page


def test_an_area_without_a_value_is_hatched_and_says_its_note(boundaries):
    values = {code: 1.0 + i for i, code in enumerate(boundaries["area_code"])}
    values[HALTON] = float("nan")
    figure = svg_map.choropleth_svg(boundaries, values, unit="%", legend_title="Share, 2024", title="Share",
                                    notes={HALTON: "c"}, links={HALTON: f"{HALTON}.html"})
    assert f'fill="url(#{svg_map.HATCH_ID})" fill-rule="evenodd"><title>Halton: c</title>' in figure
    assert '<a href="E06000006.html" aria-label="Halton: c (open its factsheet)">' in figure
    assert "suppressed or no data</li>" in figure
    with pytest.raises(ArgumentError, match="k must be a whole number of at least 2; got 1"):
        svg_map.choropleth_svg(boundaries, values, unit="%", legend_title="x", title="x", k=1)


def test_the_page_is_self_contained_and_its_script_inline(page):
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I) and "<link" not in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert len(scripts) == 1 and scripts[0][0] == ""
    code = scripts[0][1]
    for part in ('getElementById("jsnakit-search")', 'setAttribute("aria-sort"', 'createElement("button")',
                 "parseFloat"):
        assert part in code
    assert '<label for="jsnakit-search">Find an area (name, region or code)</label>' in page
    assert '<div id="jsnakit-tools" class="tools" hidden>' in page  # shown by the script only
    assert "fetch(" not in code and "XMLHttpRequest" not in code and "import(" not in code


def test_bad_arguments(published, headlines, boundaries, tmp_path):
    with pytest.raises(DisclosureError, match="only frames that passed disclosure control"):
        index_page.headline_table(published.frame)
    with pytest.raises(ArgumentError, match="boundaries need headlines"):
        factsheet.write_index(RECORDS, tmp_path, boundaries=boundaries)
    with pytest.raises(ArgumentError, match=r"headlines must have the columns of headline_table\(\); missing"):
        factsheet.write_index(RECORDS, tmp_path, headlines=pd.DataFrame({"area_code": [ROCHDALE]}))
    assert not (tmp_path / "index.html").exists()
    # a table alone, no map
    text = factsheet.write_index(RECORDS, tmp_path, headlines=headlines).read_text(encoding="utf-8")
    assert "<svg viewBox" not in text and '<table id="jsnakit-areas">' in text


def test_index_inputs_from_a_folder(real, headlines, tmp_path):
    found = index_page.index_inputs(real)
    assert sorted(found) == ["boundaries", "headlines"] and len(found["boundaries"]) == 153
    pd.testing.assert_frame_equal(found["headlines"], headlines)
    assert index_page.index_inputs(tmp_path) == {}  # nothing to publish: the index lists the areas without figures


def _browser_missing() -> list[str]:
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    return missing + (["selenium"] if importlib.util.find_spec("selenium") is None else [])


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(bool(_browser_missing()), reason="needs chromium, chromedriver and selenium")
def test_search_and_sort_in_a_browser(headlines, boundaries, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    path = factsheet.write_index(RECORDS, tmp_path, headlines=headlines, boundaries=boundaries)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))  # no driver download
    try:
        driver.get(path.as_uri())
        box = driver.find_element(By.ID, "jsnakit-search")
        box.send_keys("north west")

        def shown():
            return [r.find_element(By.TAG_NAME, "th").text for r in
                    driver.find_elements(By.CSS_SELECTOR, "#jsnakit-areas tbody tr") if r.is_displayed()]

        assert shown() == ["Halton", "Rochdale"]
        assert driver.find_element(By.ID, "jsnakit-count").text == "2 of 5 areas shown"
        box.clear()
        box.send_keys("e09000019")
        assert shown() == ["Islington"]
        driver.execute_script("var i = document.getElementById('jsnakit-search'); i.value = '';"
                              "i.dispatchEvent(new Event('input'));")
        heads = driver.find_elements(By.CSS_SELECTOR, "#jsnakit-areas thead th")
        weeks = heads[6]

        def column():
            return [r.find_elements(By.CSS_SELECTOR, "th, td")[6].text
                    for r in driver.find_elements(By.CSS_SELECTOR, "#jsnakit-areas tbody tr")]

        weeks.find_element(By.TAG_NAME, "button").click()
        assert column() == ["7.7", "40.7", "78.6", "c", "c"]  # numerically; withheld last
        assert weeks.get_attribute("aria-sort") == "ascending" and heads[0].get_attribute("aria-sort") is None
        weeks.find_element(By.TAG_NAME, "button").click()
        assert column() == ["78.6", "40.7", "7.7", "c", "c"]  # withheld last either way
        assert weeks.get_attribute("aria-sort") == "descending"
    finally:
        driver.quit()
