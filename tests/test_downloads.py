"""Issue 19: the downloads (factsheets.downloads): every table of a page as CSV and one XLSX per area, holding
exactly the page's figures, with formulas neutralised.

Real figures: Rochdale (E08000005), EHC plans per 10,000 aged 0-25, January 2025 (dfe_ehc_plans_2025/caseload.csv,
ehcplans 2,970; ONS mid-2021 residents aged 0-25, 74,298): 399.7.
"""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError
from jsnakit.factsheets import downloads
from jsnakit.needs import profile
from jsnakit.render import tables

ROCHDALE = "E08000005"


@pytest.fixture(scope="module")
def page(real):
    published = profile.published(Catalog(real))
    shown = profile.area_profile(published, ROCHDALE)
    rates = shown.query(indicator="ehc_plans_per_10k", period="2024/25", breakdown="All")
    body = tables.to_html(rates, caption="EHC plans per 10,000 residents aged 0-25, January 2025",
                          columns=["area_name", "count", "denominator", "value", "ci", "comparison"])
    need = shown.query(indicator="ehc_plan_need_share", period="2024/25", area_code=ROCHDALE)
    detail = tables.detail_html("Every need", tables.to_html(need, caption="Primary need of EHC plans",
                                                             columns=["category", "count", "value"]))
    evil = pd.DataFrame({"Service": ["=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "-2+3", "Speech therapy"],
                         "Places": [1, 2, 3, 4, 5]}).to_html(index=False)
    return ('<html><body><a id="section-prevalence"></a>' + body + '<a id="section-need"></a>' + detail
            + '<a id="section-gaps"></a>' + evil
            + "</body></html>")


def test_tables_are_read_as_the_page_shows_them(page):
    found = downloads.page_tables(page)
    assert [(section, caption) for section, caption, _ in found] == [
        ("prevalence", "EHC plans per 10,000 residents aged 0-25, January 2025"),
        ("need", "Primary need of EHC plans"),
        ("gaps", "")]  # the need table, collapsed under its summary on screen, is read as the others
    rates = found[0][2].set_index("Area")
    assert rates.loc["Rochdale", "Count"] == 2970 and rates.loc["Rochdale", "Denominator"] == 74298
    assert rates.loc["Rochdale", "Value"] == 399.7
    assert rates.loc["England", "Count"] == 638745


def test_withheld_figures_stay_withheld(page, real):
    need = downloads.page_tables(page)[1][2]
    published = profile.published(Catalog(real)).frame
    withheld = published[(published["indicator"] == "ehc_plan_need_share") & (published["area_code"] == ROCHDALE)
                         & (published["period"] == "2024/25") & published["value"].isna()]
    assert len(withheld)  # Rochdale has withheld needs in January 2025: the download says so, as the page does
    rows = need.set_index(need.columns[0])
    for category in withheld["category"]:
        assert "suppressed" in str(rows.loc[category].iloc[-1]) or "not available" in str(rows.loc[category].iloc[-1])


def test_csv_and_xlsx_hold_the_pages_figures_with_formulas_neutralised(page, tmp_path):
    built = downloads.build_downloads(page, ROCHDALE)
    assert list(built) == ["downloads/E08000005/01-prevalence-ehc-plans-per-10-000-residents-aged-0-25-january-2025.csv",
                           "downloads/E08000005/02-need-primary-need-of-ehc-plans.csv",
                           "downloads/E08000005/03-gaps.csv", "downloads/E08000005.xlsx"]
    files = downloads.write_downloads(built, tmp_path, ROCHDALE)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == list(built)
    rates = pd.read_csv(files[0], encoding="utf-8-sig")
    assert rates.set_index("Area").loc["Rochdale", ["Count", "Value"]].tolist() == [2970, 399.7]
    services = files[2].read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in services and "\n'+1," in services and "'@SUM(A1)" in services and "'-2+3" in services
    book = openpyxl.load_workbook(files[3])
    assert book.sheetnames[0] == "Notes" and len(book.sheetnames) == 4
    sheet = book[book.sheetnames[3]]
    values = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1", "'@SUM(A1)", "'-2+3", "Speech therapy"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    first = book[book.sheetnames[1]]
    assert first["A1"].value == "EHC plans per 10,000 residents aged 0-25, January 2025"
    # A re-run after the page lost a table leaves no stale CSV behind; a failed area leaves none at all.
    shorter = page[:page.index('<a id="section-gaps">')] + "</body></html>"
    downloads.write_downloads(downloads.build_downloads(shorter, ROCHDALE), tmp_path, ROCHDALE)
    assert len(list((tmp_path / "downloads" / ROCHDALE).glob("*.csv"))) == 2
    downloads.remove_downloads(tmp_path, ROCHDALE)
    assert not list((tmp_path / "downloads").rglob("*.*"))


def test_notes_list_the_files_with_their_hashes(real):
    files = Catalog(real).files()
    notes = downloads.notes_frame(files, real, area_code=ROCHDALE)
    sources = notes[notes["topic"] == "Source"]["note"]
    caseload = files[files["path"] == "dfe_ehc_plans_2025/caseload.csv"].iloc[0]
    assert any(f"dfe_ehc_plans_2025/caseload.csv (sha256 {caseload['sha256']})" in n for n in sources)
    assert "suppressed to protect small counts" in notes.loc[notes["topic"] == "Disclosure control", "note"].iloc[0]
    assert not any("openreferral_uk" in n for n in sources)  # that Local Offer is no area's, so not Rochdale's


def test_numbers_stay_numbers_beside_a_withheld_cell():
    # One withheld cell makes the whole column text when read back; its numbers (a negative gap among them) must
    # stay numbers, so a spreadsheet sums them and no apostrophe is put before them.
    page = ('<a id="section-outcomes"></a><table><caption>Gaps</caption><thead><tr><th>Group</th><th>Gap</th></tr>'
            "</thead><tbody><tr><td>EHC plan</td><td>-63.5</td></tr><tr><td>SEN support</td><td>suppressed to "
            "protect small counts</td></tr><tr><td>All</td><td>1,234</td></tr></tbody></table>")
    table = downloads.page_tables(page)[0][2]
    assert table["Gap"].tolist() == [-63.5, "suppressed to protect small counts", 1234]
    csv = downloads.build_downloads(page, ROCHDALE)["downloads/E08000005/01-outcomes-gaps.csv"].decode("utf-8-sig")
    assert csv.splitlines()[1:] == ["EHC plan,-63.5", "SEN support,suppressed to protect small counts", "All,1234"]


def test_link_block_and_bad_input(page):
    built = downloads.build_downloads(page, ROCHDALE)
    block = downloads.link_block(list(built))
    assert block.index('href="downloads/E08000005.xlsx"') < block.index('href="downloads/E08000005/01-')
    assert downloads.link_block([]) == ""
    linked = downloads.add_links(page, built)
    assert linked.index('<nav class="jsnakit-downloads"') < linked.index("</body>")
    with pytest.raises(ArgumentError, match="page must be a factsheet's HTML"):
        downloads.page_tables("")
