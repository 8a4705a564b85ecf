"""PDF factsheets (jsnakit.factsheets.pdf): pages printed by headless Chromium through Selenium, read back with pypdf;
and the batch's ``pdf=True`` (``jsnakit factsheets --pdf``) on the stub workbook tests/fixtures/stub_factsheet.ipynb.

The printing tests need ``chromium`` and ``chromedriver`` on the PATH (Debian: ``apt-get install chromium
chromium-driver``), selenium and pypdf (``pip install '.[test]'``); without them they are skipped, unless the
environment variable ``JSNAKIT_BROWSER_TEST`` is ``required`` (as in tests/test_browser.py), when they fail. The test
of the missing-browser error needs none of them.
"""
from __future__ import annotations

import base64
import datetime
import importlib.util
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from jsnakit.core.errors import ArgumentError, public_message
from jsnakit.factsheets import batch, inputs, pdf
from jsnakit.factsheets.html import to_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STUB = Path(__file__).parent / "fixtures" / "stub_factsheet.ipynb"
ISLINGTON, ROCHDALE, CAMBRIDGESHIRE = "E09000019", "E08000005", "E10000003"
TITLE = "SEND factsheet: Testshire (E99999999)"
ROWS = 200
#: Width of the text on the paper: A4 less the side margins, in points (1 mm = 72 / 25.4 pt).
TEXT_WIDTH_PT = (210 - pdf.MARGINS_MM["left"] - pdf.MARGINS_MM["right"]) * 72 / 25.4


@pytest.fixture(scope="module")
def browser_tools():
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    missing += [name for name in ("selenium", "pypdf") if importlib.util.find_spec(name) is None]
    if missing:
        reason = (f"the PDF tests need {', '.join(missing)}, not found (chromium and chromedriver: on Debian "
                  f"apt-get install chromium chromium-driver; selenium and pypdf: pip install '.[test]')")
        if os.environ.get("JSNAKIT_BROWSER_TEST") == "required":
            pytest.fail(f"JSNAKIT_BROWSER_TEST=required, but {reason}")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def pinned_package(tmp_path_factory, monkeypatch):
    """Hash a frozen copy of jsnakit's files (colleagues may be editing the package while the tests run)."""
    frozen = tmp_path_factory.mktemp("jsnakit_frozen")
    shutil.copytree(inputs._package_dir(), frozen / "jsnakit", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "_package_dir", lambda: frozen / "jsnakit")


def _wide_png() -> str:
    """A 2400 x 400 px PNG (1800 pt wide at 96 px to the inch: over three times the text width), base64."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2400, 400), (18, 67, 109)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """A factsheet page made by to_html (so with the factsheet's print CSS): a heading, a wide image, a 200-row
    table folded in a <details> block as the factsheet folds its long tables, and a last line."""
    import nbformat

    # rows three lines tall (a row of one line cannot be split): the first line and the last name the row
    rows = "".join(f'<tr><th scope="row">ROW{i:04d}X<br>of three lines<br>END{i:04d}Z</th><td>VAL{i:04d}Y</td></tr>'
                   for i in range(ROWS))
    table = (f"<details><summary>Every row</summary><table><caption>Two hundred rows</caption><thead><tr>"
             f'<th scope="col">Row name</th><th scope="col">Row value</th></tr></thead><tbody>{rows}</tbody>'
             f"</table></details>")
    outputs = [nbformat.v4.new_output("display_data", {"image/png": _wide_png()},
                                      metadata={"image/png": {"alt": "A wide blue band"}}),
               nbformat.v4.new_output("display_data", {"text/html": table}),
               nbformat.v4.new_output("display_data", {"text/markdown": "End of the body."})]
    code = nbformat.v4.new_code_cell("", outputs=outputs)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Testshire\n\nBefore the image."), code])
    target = tmp_path_factory.mktemp("page") / "E99999999.html"
    target.write_text(to_html(nb, title=TITLE), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def printed(page, browser_tools):
    """The page printed once, with a PdfPrinter kept for both modes; and pypdf's readers of the two PDFs."""
    from pypdf import PdfReader

    with pdf.PdfPrinter() as printer:
        appendix = pdf.to_pdf(page, page.with_name("appendix.pdf"), title=TITLE, date=datetime.date(2025, 12, 7),
                              driver=printer)
        opened = printer.print(page, page.with_name("open.pdf"), date="7 December 2025", details="open")
    return PdfReader(appendix), PdfReader(opened)


def _texts(reader) -> list[str]:
    return [p.extract_text() for p in reader.pages]


def test_every_page_has_the_running_header_and_its_number(printed):
    reader, _ = printed
    texts = _texts(reader)
    n = len(texts)
    assert n > 1  # 200 rows of three lines do not fit on one A4 page
    assert TITLE in texts[0] and "7 December 2025" in texts[0]
    assert "Page 1 of " + str(n) in texts[0]
    for number, text in enumerate(texts, start=1):
        assert TITLE in text and f"Page {number} of {n}" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    # A4 in points: 210 and 297 mm are 595.3 and 841.9 (Chromium rounds the paper to its own units: 595.9)
    assert width == pytest.approx(595.3, abs=1) and height == pytest.approx(841.9, abs=1)
    assert reader.metadata.title == TITLE


def test_no_row_is_lost_or_split_and_the_table_header_repeats(printed):
    for reader in printed:
        texts = _texts(reader)
        rows = [int(r) for r in re.findall(r"ROW(\d{4})X", "".join(texts))]
        assert rows == list(range(ROWS))  # all 200, once each, in order
        pages_with_rows = 0
        for text in texts:
            here = re.findall(r"ROW(\d{4})X", text)
            assert here == re.findall(r"END(\d{4})Z", text)  # no row split: its first and last lines together
            assert here == re.findall(r"VAL(\d{4})Y", text)  # and its two cells
            if here:
                pages_with_rows += 1
                assert "Row name" in text  # the header is repeated on every page of the table
        assert pages_with_rows > 1


def test_folded_tables_go_to_an_appendix_or_print_open(printed):
    appendix, opened = ("".join(_texts(r)) for r in printed)
    # appendix: a line in place, the table after the end of the body, under its heading
    assert appendix.index("Every row: appendix A1.") < appendix.index("End of the body.")
    assert appendix.index("End of the body.") < appendix.index("Appendix: tables in full")
    assert appendix.index("A1. Testshire: Every row") < appendix.index("ROW0000X")
    # open: the table where it stood, before the end of the body
    assert "Appendix" not in opened and opened.index("ROW0199X") < opened.index("End of the body.")


def test_the_image_is_whole_and_scaled_to_the_text_width(printed):
    reader, _ = printed
    drawn = []

    def visitor(operator, operands, cm, tm):
        if operator == b"Do":
            drawn.append((cm[0], cm[3]))  # the image's width and height on the page, in points

    for number, p in enumerate(reader.pages):
        before = len(drawn)
        p.extract_text(visitor_operand_before=visitor)
        if len(drawn) > before:
            assert number == 0  # on the first page only: never split
    assert len(drawn) == 1
    width, height = drawn[0]
    # 2400 px (1800 pt) scaled down to the width of its output area: the text width less the cells' padding (10 px)
    assert 0.95 * TEXT_WIDTH_PT <= width <= TEXT_WIDTH_PT
    assert abs(height) == pytest.approx(width / 6, rel=0.01)  # its shape kept: 2400 x 400


def test_a_worker_keeps_one_browser_and_starts_it_again_if_it_dies(page, browser_tools):
    printer = pdf.shared_printer()
    try:
        assert pdf.shared_printer() is printer  # one per process and thread
        assert printer.pdf_bytes(page, title=TITLE).startswith(b"%PDF-")
        browser = printer.driver
        browser.quit()  # the browser (and its driver) die between two pages
        assert printer.pdf_bytes(page, title=TITLE).startswith(b"%PDF-")
        assert printer.driver is not browser
        assert pdf.close_shared_printers() == 1 and pdf.close_shared_printers() == 0
    finally:
        pdf.close_shared_printers()


def test_the_batch_prints_each_done_area_and_records_it(tmp_path, browser_tools):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sen_pupils.csv").write_text("area_code,count\nE09000019,100\n", encoding="utf-8")
    (data / f"BROKEN_{ROCHDALE}").write_text("", encoding="utf-8")
    out = tmp_path / "out"

    def run(codes, **kw):
        return batch.run(codes, data_dir=data, out_dir=out, workbook=STUB, workers=2, progress=False, **kw)

    without = run([ISLINGTON])
    assert without[ISLINGTON].pdf is None and not (out / f"{ISLINGTON}.pdf").exists()

    first = run([ISLINGTON, ROCHDALE, CAMBRIDGESHIRE], pdf=True)  # worker processes, one browser each
    assert first.done == [ISLINGTON, CAMBRIDGESHIRE]  # Islington's page was current, but it had no PDF
    assert first.failed == [ROCHDALE]
    on_disk = {a["area_code"]: a for a in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["areas"]}
    for code, name in ((ISLINGTON, "Islington"), (CAMBRIDGESHIRE, "Cambridgeshire")):
        assert first[code].pdf == on_disk[code]["pdf"] == f"{code}.pdf"
        from pypdf import PdfReader

        text = PdfReader(out / f"{code}.pdf").pages[0].extract_text()
        assert f"SEND factsheet: {name} ({code})" in text and "Page 1 of 1" in text  # the stub is one page
        assert f"{name} ({code})" in text
    assert first[ROCHDALE].pdf is None and not (out / f"{ROCHDALE}.pdf").exists()
    assert not list(out.glob(".*.tmp"))

    again = run([ISLINGTON, CAMBRIDGESHIRE], pdf=True, executor="thread")
    assert again.skipped == [ISLINGTON, CAMBRIDGESHIRE] and again[ISLINGTON].pdf == f"{ISLINGTON}.pdf"
    (out / f"{CAMBRIDGESHIRE}.pdf").unlink()
    assert run([ISLINGTON, CAMBRIDGESHIRE], pdf=True, executor="thread").done == [CAMBRIDGESHIRE]
    assert (out / f"{CAMBRIDGESHIRE}.pdf").is_file()

    forced = run([ISLINGTON], force=True)  # run again without PDFs: the old PDF is not this page's
    assert forced[ISLINGTON].pdf is None and not (out / f"{ISLINGTON}.pdf").exists()


def test_a_pdf_that_cannot_be_made_fails_its_area_not_the_batch(tmp_path, monkeypatch, browser_tools):
    data = tmp_path / "data"
    data.mkdir()
    real = pdf.PdfPrinter.pdf_bytes

    def flaky(self, html_path, **kw):
        if Path(html_path).stem == ROCHDALE:
            raise pdf.PdfError(f"Chromium could not print {Path(html_path).name}: TimeoutException: timed out")
        return real(self, html_path, **kw)

    monkeypatch.setattr(pdf.PdfPrinter, "pdf_bytes", flaky)
    done = batch.run([ISLINGTON, ROCHDALE], data_dir=data, out_dir=tmp_path / "out", workbook=STUB, workers=2,
                     progress=False, executor="thread", pdf=True)
    assert done.done == [ISLINGTON] and done.failed == [ROCHDALE]
    assert done[ROCHDALE].error == ("PDF export failed: PdfError: Chromium could not print E08000005.html: "
                                    "TimeoutException: timed out")
    # the notebook ran well: none is kept as a failed notebook (nothing in it to look at)
    assert done[ROCHDALE].failed_notebook is None and not (tmp_path / "out" / "failed" / f"{ROCHDALE}.ipynb").exists()
    assert not (tmp_path / "out" / f"{ROCHDALE}.html").exists() and (tmp_path / "out" / f"{ISLINGTON}.pdf").is_file()


def test_a_current_page_without_its_pdf_is_printed_not_run_again(tmp_path, monkeypatch, browser_tools):
    data = tmp_path / "data"
    data.mkdir()
    out = tmp_path / "out"
    first = batch.run([ISLINGTON, ROCHDALE], data_dir=data, out_dir=out, workbook=STUB, workers=2, progress=False,
                      executor="thread")  # pages only
    assert first.done == [ISLINGTON, ROCHDALE] and not list(out.glob("*.pdf"))
    pages = {code: (out / f"{code}.html").read_bytes() for code in (ISLINGTON, ROCHDALE)}
    ran = []
    real = batch._execute_area
    monkeypatch.setattr(batch, "_execute_area", lambda code, **kw: ran.append(code) or real(code, **kw))
    second = batch.run([ISLINGTON, ROCHDALE], data_dir=data, out_dir=out, workbook=STUB, workers=2, progress=False,
                       executor="thread", pdf=True)
    assert ran == [] and second.done == [ISLINGTON, ROCHDALE]
    for code in (ISLINGTON, ROCHDALE):
        assert second[code].pdf == f"{code}.pdf" and (out / f"{code}.pdf").read_bytes().startswith(b"%PDF")
        assert (out / f"{code}.html").read_bytes() == pages[code]  # the page as it was
    (out / f"{ROCHDALE}.pdf").unlink()  # a PDF deleted since: printed again, the other skipped
    third = batch.run([ISLINGTON, ROCHDALE], data_dir=data, out_dir=out, workbook=STUB, workers=2, progress=False,
                      executor="thread", pdf=True)
    assert ran == [] and third.skipped == [ISLINGTON] and third.done == [ROCHDALE]
    assert (out / f"{ROCHDALE}.pdf").is_file()


def test_missing_chromium_says_what_to_install(tmp_path, monkeypatch):
    real_which = shutil.which
    monkeypatch.delenv("JSNAKIT_CHROMIUM", raising=False)
    monkeypatch.delenv("JSNAKIT_CHROMEDRIVER", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None if name in pdf.CHROMIUM_NAMES else real_which(name))
    expected = (r"printing factsheets to PDF needs headless Chromium, chromedriver and selenium; not found: Chromium "
                r"\(looked for chromium, chromium-browser, google-chrome, google-chrome-stable on the PATH and "
                r"\$JSNAKIT_CHROMIUM\).*; install Chromium and its driver \(on Debian or Ubuntu: apt-get install "
                r"chromium chromium-driver\)")
    with pytest.raises(pdf.BrowserNotFoundError, match=expected) as err:
        pdf.find_browser()
    assert public_message(err.value) == f"BrowserNotFoundError: {err.value}"  # names programs only: published whole
    page = tmp_path / "page.html"
    page.write_text("<html><title>x</title></html>", encoding="utf-8")
    with pytest.raises(pdf.BrowserNotFoundError, match="apt-get install chromium chromium-driver"):
        pdf.to_pdf(page, tmp_path / "page.pdf")
    assert not (tmp_path / "page.pdf").exists()
    # the batch says it before any area runs or anything is written
    with pytest.raises(pdf.BrowserNotFoundError, match="apt-get install chromium chromium-driver"):
        batch.run([ISLINGTON], data_dir=tmp_path, out_dir=tmp_path / "out", workbook=STUB, pdf=True)
    assert not (tmp_path / "out").exists()
    with pytest.raises(ArgumentError, match="pdf must be True or False; got 'yes'"):
        batch.run([ISLINGTON], data_dir=tmp_path, out_dir=tmp_path / "out", workbook=STUB, pdf="yes")
