"""The factsheet workbook executed for real: one batch of four areas on a copy of the sample data in which one
area's small count is planted and another area's school-census rows are removed. The first area's factsheet must
show the planted count as suppressed, never the count; the second is made from what is left (SEN2 and ONS), saying
so. (A failing area is isolated: tests/test_batch.py.)"""
from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from jsnakit.factsheets import batch

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data_samples"

pytestmark = pytest.mark.slow

ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, RUTLAND = "E09000019", "E08000005", "E10000003", "E06000017"
NEED_FILE = "dfe_sen_in_england/sen_primary_need.csv"
PROVISION_FILE = "dfe_sen_in_england/data-special-educational-needs-in-england.csv"
PLANTED = 'Islington,E09000019,,,Total,"Education, health and care plan",Hearing impairment,'


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(SAMPLES, data, dirs_exist_ok=True)
    # Plant a count of 3 pupils with an EHC plan and a hearing impairment in Islington, January 2026.
    need = data / NEED_FILE
    lines = need.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.startswith("202526") and PLANTED in line]
    assert len(hits) == 1
    lines[hits[0]] = re.sub(r",\d+(\r?\n)$", r",3\1", lines[hits[0]])
    need.write_text("".join(lines), encoding="utf-8")
    # Rochdale without its school-census rows: its prevalence and need mix come from SEN2 and ONS instead.
    provision = data / PROVISION_FILE
    kept = [line for line in provision.read_text(encoding="utf-8").splitlines(keepends=True) if ROCHDALE not in line]
    provision.write_text("".join(kept), encoding="utf-8")
    # Break Cambridgeshire's Local Offer (an age that is not a number): its gaps come from the register alone.
    services = data / "local_offer" / CAMBRIDGESHIRE / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",active,,,4,11,", ",active,,,four,11,")
    assert ",four,11," in lines[1]
    services.write_text("".join(lines), encoding="utf-8")
    out = tmp_path_factory.mktemp("factsheets")
    # Rutland has no Local Offer or register in the samples: its factsheet says so.
    manifest = batch.run([ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, RUTLAND], data_dir=data, out_dir=out, workbook=REPO / "workbooks" / "send_factsheet.ipynb",
                         workers=2, progress=False)
    return manifest, out


def test_an_area_without_school_census_rows_is_made_from_what_is_left(result):
    _, out = result
    records = {r["area_code"]: r for r in json.loads((out / "manifest.json").read_text())["areas"]}
    assert {code: r["status"] for code, r in records.items()} == {
        ISLINGTON: "done", ROCHDALE: "done", CAMBRIDGESHIRE: "done", RUTLAND: "done"}
    rochdale = html.unescape((out / f"{ROCHDALE}.html").read_text())
    assert "Source: SEN2 EHC plans per 10,000 residents aged 0-25 (SEN2 and ONS mid-year estimates)." in rochdale
    assert "Source: the school census (primary need of pupils with an EHC plan)." in rochdale  # its need rows stay
    # The trend: the census's percentages as LAIT re-publishes them, since the census's own rows are gone.
    assert "Source: the school census's percentages over the years, as re-published in LAIT." in rochdale
    islington = html.unescape((out / f"{ISLINGTON}.html").read_text())
    assert "Source: the school census (pupils with an EHC plan and on SEN support, with counts)." in islington
    index = (out / "index.html").read_text()
    assert "Islington" in index and "Rochdale" in index


def test_factsheet_reads_as_a_factsheet(result):
    _, out = result
    page = html.unescape((out / f"{ISLINGTON}.html").read_text())
    assert "Islington: special educational needs and disabilities (SEND)" in page
    # Key message from the sample file: 3,023 of 40,248 pupils (7.5%) had an EHC plan in January 2026.
    assert "In January 2026, 7.5% of pupils had an EHC plan in Islington (95% CI 7.3% to 7.8%)" in page
    assert page.count("data:image/png;base64") >= 4  # two trends, the need mix, the map
    assert len(re.findall(r'<img[^>]+alt="[^"]{20,}"', page)) >= 4
    assert "catalog = Catalog(data_dir)" not in page  # code hidden
    assert "Counts from 1 to 4, and every percentage or rate built on them, are suppressed" in page
    # The banner comes first, before the title, not only in the last section.
    banner = page.index("Synthetic data: these figures are made up.")
    assert banner < page.index("Islington: special educational needs and disabilities (SEND)")


def test_planted_small_count_never_reaches_the_page(result):
    _, out = result
    page = html.unescape((out / f"{ISLINGTON}.html").read_text())
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S) if "Islington" in r and "Hearing impairment" in r]
    assert rows, "the need table should list Islington's hearing impairment row"
    for row in rows:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        assert "3" not in cells
        assert "suppressed to protect small counts" in cells
    # The need chart's alt text says the category is suppressed rather than drawing it.
    assert re.search(r'alt="[^"]*Hearing impairment[^"]*suppressed', page) or "Hearing impairment: suppressed" in page


def test_gaps_section_with_provision(result):
    _, out = result
    page = html.unescape((out / f"{ISLINGTON}.html").read_text())
    assert "Provision and gaps" in page
    # Planted in the samples: no PMLD service past 15 in Islington, and no SEMH specialist places.
    assert re.search(r"No commissioned service names these needs at these ages: Profound and multiple learning "
                     r"difficulty aged 16-19 and 20-25", page)
    assert "Social, emotional and mental health (0 places for" in page
    # 3,977 plans in all, the figure the caseload table shows (not 3,970, the sum of the need-by-age cells rounded
    # to 5 by gaps.disclose_need): one figure, one value on the page.
    assert "Special school places: 915 places for 3,977 children and young people with an EHC plan" in page
    assert "3,970" not in page
    assert "✗ none (" in page and "Who commissions what" in page
    assert page.count("data:image/png;base64") >= 6  # the provision map and the distance map too
    assert re.search(r'alt="[^"]*service locations', page) or re.search(r'alt="[^"]*[Ss]ervices', page)


def test_gaps_section_with_a_broken_local_offer_and_without_provision(result):
    _, out = result
    cambs = html.unescape((out / f"{CAMBRIDGESHIRE}.html").read_text())
    assert "Problems in the provision data" in cambs
    assert "The Local Offer could not be read" in cambs and "minimum_age" in cambs
    assert "Special school places: 1,130 places" in cambs  # from the register alone
    assert "SEN unit" in cambs or "Resourced provision" in cambs
    rutland = html.unescape((out / f"{RUTLAND}.html").read_text())
    assert "No commissioning register or Local Offer for Rutland was supplied" in rutland
    assert "Who commissions what" not in rutland


def test_a_factsheet_for_an_earlier_year_shows_that_years_sections(tmp_path):
    # period="2021/22": every section of issue 18 shows its latest figures up to January 2022 (process: calendar year
    # 2021) or says that the folder holds them only later (EHC plans by sex: from 2023/24 in the samples).
    manifest = batch.run([ROCHDALE], data_dir=SAMPLES, out_dir=tmp_path, workbook=REPO / "workbooks" / "send_factsheet.ipynb",
                         workers=1, progress=False, period="2021/22")
    assert manifest[ROCHDALE].status == "done"
    page = html.unescape((tmp_path / f"{ROCHDALE}.html").read_text())
    assert "Figures up to January 2022" in page
    assert "Placement of EHC plans, Rochdale, January 2022:" in page
    assert "The data folder holds no EHC plans by sex for Rochdale (E08000005) up to 2021/22 (its earliest is 2023/24)." in page
    assert "The EHC needs assessment process, Rochdale, 2021:" in page
    assert "per 100 requests received in 2021" in page
    outcome_table = page[page.index("Outcomes by SEN status, Rochdale: latest year of each"):]
    outcome_table = outcome_table[:outcome_table.index("</table>")]
    outcome_years = set(re.findall(r"\((20\d\d/\d\d)\)", outcome_table))
    assert outcome_years and max(outcome_years) == "2021/22", outcome_years
    trend = page[page.index("Pupils with an EHC plan by year"):]
    assert "2021/22" in trend[:trend.index("</table>")] and "2022/23" not in trend[:trend.index("</table>")]
    # The projection and the provision look ahead from today, and say so.
    assert "The projection starts from the latest EHC plans in the data folder, January 2025, not from 2021/22" in page
    assert "so it is set against the latest EHC plans by need and age in the data folder, January 2025, not 2021/22." in page
