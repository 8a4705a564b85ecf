"""Issue 19: the factsheet as a publication, checked on the sample areas' real output (one batch with ``pdf=True``).

* axe-core (4.9, bundled by selenium-axe-python) in headless Chromium over every factsheet and the index: no
  violation of WCAG 2.0, 2.1 and 2.2 at levels A and AA;
* headings in order (one h1, no level skipped) and every link and control reachable by the keyboard;
* the printed body (the pages before the appendix) fits in 12 A4 pages for every sample area (pypdf);
* every download holds the page's tables (the XLSX's sheets and the CSVs equal the tables read from the page);
* the first screen, "At a glance", is there for every area, with tiles, five findings linked to their sections and
  the spine chart.

Needs ``chromium`` and ``chromedriver`` (Debian: ``apt-get install chromium chromium-driver``) and
``pip install '.[test]'``; skipped without them unless ``JSNAKIT_BROWSER_TEST=required`` (set by ``.ci/run``).
"""
from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jsnakit.factsheets import batch, downloads

REPO = Path(__file__).resolve().parents[1]
SAMPLE_AREAS = ("E09000019", "E08000005", "E10000003")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BODY_PAGES = 12

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _need_browser():
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    missing += [m for m in ("selenium", "selenium_axe_python", "pypdf") if importlib.util.find_spec(m) is None]
    if missing:
        reason = f"needs {', '.join(missing)}"
        if os.environ.get("JSNAKIT_BROWSER_TEST") == "required":
            pytest.fail(f"JSNAKIT_BROWSER_TEST=required, but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    _need_browser()
    out = tmp_path_factory.mktemp("published")
    manifest = batch.run(list(SAMPLE_AREAS), data_dir=REPO / "data_samples", out_dir=out,
                         workbook=REPO / "workbooks" / "send_factsheet.ipynb", workers=2, progress=False, pdf=True)
    assert manifest.done == list(SAMPLE_AREAS)
    return out


@pytest.fixture(scope="module")
def driver(made):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1800"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield browser
    browser.quit()


def _axe(driver, page: Path) -> list[dict]:
    import selenium_axe_python

    script = (Path(selenium_axe_python.__file__).parent / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    driver.get(page.as_uri())
    driver.execute_script(script)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(done);", WCAG)
    assert result["testEngine"]["version"].startswith("4.")
    return result["violations"]


@pytest.mark.parametrize("name", [*(f"{code}.html" for code in SAMPLE_AREAS), "index.html"])
def test_axe_finds_no_violation(made, driver, name):
    violations = _axe(driver, made / name)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


@pytest.mark.parametrize("code", SAMPLE_AREAS)
def test_headings_in_order_and_keyboard_reaches_every_link(made, driver, code):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get((made / f"{code}.html").as_uri())
    levels = [int(h.tag_name[1]) for h in driver.find_elements(By.CSS_SELECTOR, "h1, h2, h3, h4")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    # Tab from the top reaches the tiles' and the findings' links in the order they are read (the page's order).
    in_page = [a.get_attribute("href").rsplit("#", 1)[-1]
               for a in driver.find_elements(By.CSS_SELECTOR, 'a[href^="#section-"]')][:10]
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    reached = []
    for _ in range(60):
        href = driver.switch_to.active_element.get_attribute("href") or ""
        if "#section-" in href:
            reached.append(href.rsplit("#", 1)[-1])
        if len(reached) == len(in_page):
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert reached == in_page and len(in_page) == 10  # five tiles, five findings
    assert "section-outcomes" in in_page[5:]


@pytest.mark.parametrize("code", SAMPLE_AREAS)
def test_printed_body_fits_in_twelve_pages(made, code):
    from pypdf import PdfReader

    pages = PdfReader(made / f"{code}.pdf").pages
    appendix = next(i for i, page in enumerate(pages) if "Appendix: tables in full" in (page.extract_text() or ""))
    assert 6 <= appendix <= BODY_PAGES, f"{code}: body {appendix} pages, {len(pages)} in all"
    first = pages[0].extract_text()
    assert "At a glance" in first and "Page 1 of" in (pages[0].extract_text() or "")


@pytest.mark.parametrize("code", SAMPLE_AREAS)
def test_downloads_hold_the_pages_tables(made, code):
    page = (made / f"{code}.html").read_text(encoding="utf-8")
    tables = downloads.page_tables(page)
    csvs = sorted((made / "downloads" / code).glob("*.csv"))
    assert len(csvs) == len(tables) >= 15
    for path, (_, _, table) in zip(csvs, tables):
        read = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
        shown = downloads.neutralise(table).astype(object)
        shown = shown.where(shown.notna(), "").astype(str)
        assert read.to_numpy().tolist() == shown.to_numpy().tolist(), path.name
    book = pd.read_excel(made / "downloads" / f"{code}.xlsx", sheet_name=None, header=None)
    assert list(book)[0] == "Notes" and len(book) == len(tables) + 1
    notes = book["Notes"].astype(str).agg(" ".join, axis=1).str.cat(sep=" ")
    assert "sha256" in notes and "suppressed to protect small counts" in notes
    # The page links every file, relative to itself.
    for path in [*csvs, made / "downloads" / f"{code}.xlsx"]:
        assert f'href="{path.relative_to(made).as_posix()}"' in page


@pytest.mark.parametrize("code", SAMPLE_AREAS)
def test_at_a_glance_opens_every_factsheet(made, code):
    page = html.unescape((made / f"{code}.html").read_text(encoding="utf-8"))
    glance = page[page.index("At a glance"):page.index('id="section-standing"')]
    assert glance.count('class="jsnakit-tile"') == 5
    assert len(re.findall(r'<li>[^<]+<a href="#section-[a-z]+">See ', glance)) == 5
    assert 'alt="Spine chart: ' in glance
    for anchor in set(re.findall(r'href="#(section-[a-z]+)"', glance)):
        assert f'id="{anchor}"' in page
