"""The factsheet workbook executed for real: one batch of two areas on a copy of the sample data in which one
area's small count is planted and another area's data are broken. The good area's factsheet must show the planted
count as suppressed, never the count; the broken area must fail alone."""
from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from jsnakit import batch

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data_samples"

pytestmark = pytest.mark.slow

ISLINGTON, ROCHDALE = "E09000019", "E08000005"
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
    # Break Rochdale: drop its rows from the school census, so its factsheet cannot be made.
    provision = data / PROVISION_FILE
    kept = [line for line in provision.read_text(encoding="utf-8").splitlines(keepends=True) if ROCHDALE not in line]
    provision.write_text("".join(kept), encoding="utf-8")
    out = tmp_path_factory.mktemp("factsheets")
    manifest = batch.run([ISLINGTON, ROCHDALE], data_dir=data, out_dir=out, workbook=REPO / "workbooks" / "send_factsheet.ipynb",
                         workers=2, progress=False)
    return manifest, out


def test_one_broken_area_fails_alone(result):
    manifest, out = result
    records = {r["area_code"]: r for r in json.loads((out / "manifest.json").read_text())["areas"]}
    assert records[ISLINGTON]["status"] == "done"
    assert records[ROCHDALE]["status"] == "failed"
    assert records[ROCHDALE]["error"].startswith("ArgumentError") and ROCHDALE in records[ROCHDALE]["error"]
    assert (out / "failed" / f"{ROCHDALE}.ipynb").is_file()
    assert not (out / f"{ROCHDALE}.html").exists()
    index = (out / "index.html").read_text()
    assert "Islington" in index and "Rochdale" in index and "failed" in index


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
    assert "synthetic" in page.lower()


def test_planted_small_count_never_reaches_the_page(result):
    _, out = result
    page = html.unescape((out / f"{ISLINGTON}.html").read_text())
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S) if "Islington" in r and "Hearing impairment" in r]
    assert rows, "the need table should list Islington's hearing impairment row"
    for row in rows:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        assert "3" not in cells
        assert "suppressed: fewer than 5" in cells
    # The need chart's alt text says the category is suppressed rather than drawing it.
    assert re.search(r'alt="[^"]*Hearing impairment[^"]*suppressed', page) or "Hearing impairment: suppressed" in page
