"""Factsheet HTML (jsnakit.factsheets.html): self-contained, code hidden, images embedded; the batch index page."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from jsnakit.factsheets import batch, html as factsheet
from jsnakit.core.errors import ArgumentError, JsnakitError

STUB = Path(__file__).parent / "fixtures" / "stub_factsheet.ipynb"
TITLE = "SEND factsheet: Islington (E09000019)"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The stub executed for Islington, as the batch runs it (same papermill options and kernel environment)."""
    import papermill

    data = tmp_path_factory.mktemp("data")
    with batch._kernel_env():
        return papermill.execute_notebook(
            str(STUB), None, parameters={"area_code": "E09000019", "data_dir": str(data), "period": None},
            **{k: v for k, v in batch.papermill_options().items() if k != "request_save_on_cell_execute"},
        )


@pytest.fixture(scope="module")
def page(executed):
    return factsheet.to_html(executed, title=TITLE)


@pytest.mark.slow
def test_code_and_prompts_are_hidden(page):
    source = STUB.read_text(encoding="utf-8")
    assert "stub_quokka_marker" in source  # the distinctive code string is in the stub ...
    assert "stub_quokka_marker" not in page  # ... and not in the page
    assert "ax.bar(" not in page and "import matplotlib" not in page
    assert not re.search(r"In\s*(&nbsp;)?\[\d*\]:|Out\s*(&nbsp;)?\[\d*\]:", page)
    assert "Islington (E09000019)" in page  # outputs are there


@pytest.mark.slow
def test_figure_is_embedded_as_a_data_uri(page):
    assert re.search(r'<img\b[^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"', page)
    assert 'alt="' in page


@pytest.mark.slow
def test_no_external_resources_and_no_javascript(page):
    assert not re.search(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page, re.IGNORECASE)
    assert not re.search(r"<script\b", page, re.IGNORECASE)
    assert not re.search(r"<link\b[^>]*stylesheet", page, re.IGNORECASE)
    assert "@import" not in page
    assert "<table" in page  # the HTML table output survives


@pytest.mark.slow
def test_title_language_and_print_css(page):
    assert f"<title>{TITLE}</title>" in page
    assert re.search(r'<html lang="en"', page)
    assert "@page { size: A4" in page and "@media print" in page


@pytest.mark.slow
def test_path_input_tags_and_alt_text(executed, tmp_path):
    nb = copy.deepcopy(executed)
    nb.cells.append(nbformat.v4.new_markdown_cell("DRAFT NOTE ONLY", metadata={"tags": ["remove-cell"]}))
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.metadata = {"image/png": {"alt": "Bar chart of pupils with SEN in Islington"}}
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, path)
    page = factsheet.to_html(path, title=TITLE)
    assert "DRAFT NOTE ONLY" not in page
    assert 'alt="Bar chart of pupils with SEN in Islington"' in page
    assert nb.cells[-1].source == "DRAFT NOTE ONLY"  # the input notebook is not modified


def _with_outputs():
    """A notebook with what a factsheet's cells output: HTML with a described and an undescribed image, Markdown,
    a table and a stream, and an image output without alt text."""
    cell = nbformat.v4.new_code_cell("x = 1", execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": '<figure><img src="data:image/png;base64,AAAA" '
                                                                  'alt="Chart: &quot;rates&quot; &amp; more"></figure>'
                                                                  '<img src="data:image/png;base64,BBBB">'}),
        nbformat.v4.new_output("display_data", data={"text/markdown": "**Rochdale** has 2,140 plans <br> in 2025"}),
        nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><th>a</th><td>1 &lt; 2</td></tr></table>"}),
        nbformat.v4.new_output("stream", name="stdout", text="printed\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Rochdale"), cell])


def test_the_page_is_what_nbconvert_writes_without_its_second_parse():
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    nb = _with_outputs()
    page = factsheet.to_html(nb, title=TITLE)
    # nbconvert's own exporter, parsing its page again with BeautifulSoup (the pass jsnakit does in the text)
    plain = factsheet._exporter_class
    try:
        factsheet._exporter_class = lambda: HTMLExporter
        factsheet._EXPORTERS.kept = None
        theirs = factsheet.to_html(nb, title=TITLE)
    finally:
        factsheet._exporter_class = plain
        factsheet._EXPORTERS.kept = None
    assert factsheet._exporter_class().__name__ == "FactsheetExporter"
    assert str(BeautifulSoup(page, features="html.parser")) == theirs  # the same document
    assert page.count(f'alt="{factsheet.NO_ALT}"') == theirs.count(f'alt="{factsheet.NO_ALT}"') == 2
    assert 'alt="Chart: &quot;rates&quot; &amp; more"' in page
    assert page.count('tabindex="0"') == theirs.count('tabindex="0"') >= 5  # each output area focusable
    assert factsheet.to_html(nb, title=TITLE) == page  # a kept exporter gives the same page again


def test_markdown_only_notebook_and_argument_errors(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Rochdale\n\n$x^2$ stays as typed")])
    page = factsheet.to_html(nb, title="Rochdale")
    assert "<h1" in page and "Rochdale" in page and "<script" not in page
    with pytest.raises(ArgumentError, match="title must be a non-empty string; got ''"):
        factsheet.to_html(nb, title="")
    with pytest.raises(ArgumentError, match="notebook must be a notebook object or the path of an .ipynb file; "
                                            "got '.*nope.ipynb'"):
        factsheet.to_html(tmp_path / "nope.ipynb", title="x")
    with pytest.raises(ArgumentError, match="notebook must be a notebook object or the path of an .ipynb file; "
                                            "got int"):
        factsheet.to_html(42, title="x")


def test_atomic_write_replaces_whole_files(tmp_path):
    target = tmp_path / "a.html"
    factsheet.atomic_write(target, "old")
    factsheet.atomic_write(target, "new é")
    assert target.read_text(encoding="utf-8") == "new é"
    factsheet.atomic_write(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    with pytest.raises(ArgumentError, match="data must be str or bytes; got int"):
        factsheet.atomic_write(target, 3)
    assert target.read_bytes() == b"\x00bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]  # no temporary files left


RECORDS = [
    {"area_code": "E09000019", "area_name": "Islington", "region_name": "London", "status": "done",
     "seconds": 2.34, "output": "E09000019.html"},
    {"area_code": "E08000005", "area_name": "Rochdale", "region_name": "North West", "status": "failed",
     "seconds": 1.5, "output": None, "error": "ValueError: no data for area E08000005 <&>", "error_cell": 2,
     "failed_notebook": "failed/E08000005.ipynb"},
    {"area_code": "E10000003", "area_name": "Cambridgeshire", "region_name": "East of England",
     "status": "skipped", "seconds": 1.7, "output": "E10000003.html"},
]


def test_index_lists_each_area_with_status_and_links(tmp_path):
    path = factsheet.write_index({"areas": RECORDS}, tmp_path)
    assert path == tmp_path / "index.html"
    index = path.read_text(encoding="utf-8")
    rows = re.findall(r"<tr>.*?</tr>", index, re.DOTALL)[1:]
    assert [re.search(r"E\d{8}", r).group() for r in rows] == ["E10000003", "E09000019", "E08000005"]  # by name
    islington = next(r for r in rows if "E09000019" in r)
    assert '<a href="E09000019.html">Islington</a>' in islington and ">done<" in islington and ">2.3<" in islington
    assert "London" in islington
    rochdale = next(r for r in rows if "E08000005" in r)
    assert ">failed<" in rochdale and "E08000005.html" not in rochdale
    assert "ValueError: no data for area E08000005 &lt;&amp;&gt; (workbook cell index 2)" in rochdale
    assert '<a href="failed/E08000005.ipynb">' in rochdale
    assert "skipped (up to date)" in next(r for r in rows if "E10000003" in r)
    assert "<caption>" in index and index.count('<th scope="col">') == 6 and index.count('<th scope="row">') == 3
    assert '<html lang="en">' in index and "<title>SEND factsheets</title>" in index
    assert "<script" not in index and not re.search(r'(?:src|href)="https?:', index)
    assert "1 done, 1 failed, 1 skipped" in index


def test_index_accepts_a_manifest_and_checks_the_folder(tmp_path):
    records = tuple(batch.AreaRecord.from_dict({**r, "input_hash": "sha256:0"}) for r in RECORDS)
    factsheet.write_index(batch.Manifest(tmp_path, records, "sha256:0"), tmp_path)
    assert "Cambridgeshire" in (tmp_path / "index.html").read_text(encoding="utf-8")
    with pytest.raises(ArgumentError, match="out_dir must be an existing folder; got '.*missing'"):
        factsheet.write_index(RECORDS, tmp_path / "missing")


def test_an_output_that_loads_from_the_network_is_refused():
    cell = nbformat.v4.new_code_cell("folium_map", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": '<div id="m"></div><script src="https://cdn.example.org/leaflet.js">'
                                           "</script>", "text/plain": "<Map>"})])
    nb = nbformat.v4.new_notebook(cells=[cell])
    with pytest.raises(JsnakitError, match="factsheet HTML would load an external resource near .*cdn.example.org"):
        factsheet.to_html(nb, title="Map")


def test_index_refuses_something_that_is_not_a_manifest(tmp_path):
    with pytest.raises(ArgumentError, match="manifest must be a batch Manifest, its dict or a list of area records; "
                                            "got 42"):
        factsheet.write_index(42, tmp_path)
