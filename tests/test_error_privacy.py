"""No data value in any error, manifest or index (issue 15).

The reviewer's case: a row of the SEN2 timeliness file (``data_samples/dfe_ehc_plans/timeliness_20_week.csv``) with 4
plans issued within 20 weeks of 3 plans issued. Read, it is refused naming file, row and column, neither count quoted;
a batch whose areas fail on it (through the reader, or past it into ``methods.proportion``) writes a manifest and an
index naming the file, row, column and rule, never ``4 > ... 3``; the counts stay in the failed notebook, which the
index marks as the analyst's only. :func:`jsnakit.core.errors.public_message` is the one maker of those texts.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from jsnakit import cli
from jsnakit.factsheets import batch
from jsnakit.stats import methods
from jsnakit.core.errors import ArgumentError, Described, DisclosureError, Failure, InputError, public_message
from jsnakit.sources import dfe

SAMPLES = Path(__file__).resolve().parents[1] / "data_samples"
TIMELINESS = Path("dfe_ehc_plans") / "timeliness_20_week.csv"
ISLINGTON, ROCHDALE = "E09000019", "E08000005"
ROW = 266  # spreadsheet row (header = row 1) of Islington, 2020: 248 plans issued, 64 within 20 weeks
COLUMN = "plans_issued_within_20_weeks"
RULE = "no more than 'plans_issued_den' in the same row, of which it is a part"
PUBLIC = f"{TIMELINESS.as_posix()}, row {ROW}, column '{COLUMN}': expected {RULE}"
NOT_PUBLISHED = "details are in the failed notebook"


@pytest.fixture
def planted(tmp_path) -> Path:
    """A data folder holding the sample timeliness file with the reviewer's row: 4 within 20 weeks of 3 issued."""
    text = (SAMPLES / TIMELINESS).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, row = rows[0], rows[ROW - 1]
    assert (row[header.index("la_name")], row[header.index("time_period")]) == ("Islington", "2020")
    assert (row[header.index("plans_issued_den")], row[header.index(COLUMN)]) == ("248", "64")
    row[header.index("plans_issued_den")], row[header.index(COLUMN)] = "3", "4"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    folder = tmp_path / "data"
    (folder / TIMELINESS).parent.mkdir(parents=True)
    (folder / TIMELINESS).write_text(buffer.getvalue(), encoding="utf-8-sig")  # BOM and CRLF, as published
    return folder


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


# -- (a) the reader refuses the row where the file is known -----------------------------------------------------------

def test_the_reader_refuses_the_row_naming_file_row_and_column_without_the_counts(planted):
    path = planted / TIMELINESS
    with pytest.raises(InputError) as err:
        dfe.read_ehc_timeliness(path)
    assert str(err.value) == f"{path}, row {ROW}, column '{COLUMN}': expected {RULE}; got a count above 'plans_issued_den'"
    assert err.value.failures.to_dict("records") == [
        {"file": str(path), "row": ROW, "column": COLUMN, "expected": RULE, "got": "a count above 'plans_issued_den'"}
    ]
    assert _numbers(str(err.value).replace(str(path), "")) == {str(ROW), "20"}  # no 3, no 4
    assert public_message(err.value) == f"InputError: {path}, row {ROW}, column '{COLUMN}': expected {RULE}"


def test_data_check_reports_the_row_without_the_counts(planted, capsys):
    assert cli.main(["data", "check", str(planted), "--no-cache"]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if f"row {ROW}" in line)
    assert line.strip() == (f"{planted / TIMELINESS}, row {ROW}, column '{COLUMN}': expected {RULE}; "
                            f"got a count above 'plans_issued_den'")
    assert re.search(r"^bad +dfe_ehc_plans/timeliness_20_week\.csv$", out, re.M)
    assert "'4'" not in out and "4 >" not in out and "denominator 3" not in out


# -- (b) a batch publishes file, row, column and rule only ------------------------------------------------------------

#: Islington fails in the reader (as the factsheet reads its files, through the catalogue); Rochdale takes the planted
#: row past the reader straight into methods.proportion, which is what the reviewer met: "numerator must not exceed
#: denominator; got count 4 > denominator 3 at index ...".
WORKBOOK_CODE = f"""\
import pandas as pd
from pathlib import Path

from jsnakit.stats import methods
from jsnakit.catalog import Catalog

if area_code == "{ISLINGTON}":
    Catalog(data_dir, cache_dir=False).load("ehc_timeliness")
raw = pd.read_csv(Path(data_dir) / "{TIMELINESS.as_posix()}", encoding="utf-8-sig", dtype=str)
row = raw[raw["plans_issued_den"] == "3"].rename(columns={{"{COLUMN}": "count", "plans_issued_den": "denominator"}})
methods.proportion(row[["count", "denominator"]].astype(float))
"""


def _workbook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('area_code = "E09000019"\ndata_dir = "data"\nperiod = None')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, nbformat.v4.new_code_cell(WORKBOOK_CODE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "reads_timeliness.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_a_batch_publishes_file_row_column_and_rule_but_no_count(planted, tmp_path):
    out = tmp_path / "out"
    manifest = batch.run([ISLINGTON, ROCHDALE], data_dir=planted, out_dir=out, workbook=_workbook(tmp_path),
                         workers=2, executor="thread", progress=False)
    assert manifest.failed == [ISLINGTON, ROCHDALE]
    islington, rochdale = manifest[ISLINGTON], manifest[ROCHDALE]
    assert islington.error == f"InputError: {PUBLIC}"  # the file relative to the data folder
    assert rochdale.error == f"ArgumentError: {NOT_PUBLISHED}"
    assert islington.error_cell == rochdale.error_cell == 1
    assert _numbers(islington.error) == {"20", str(ROW)}  # no 3, no 4

    written = (out / "manifest.json").read_text(encoding="utf-8")
    doc = json.loads(written)
    assert doc["manifest_version"] == 2
    assert {a["area_code"]: a["error"] for a in doc["areas"]} == {ISLINGTON: islington.error, ROCHDALE: rochdale.error}
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in (written, index):
        for raw in ("4 >", "4 &gt;", "denominator 3", "count 4", "'4'", "got", "Traceback"):
            assert raw not in page, raw
    assert str(planted) not in islington.error + rochdale.error
    shown = re.findall(r'<pre class="error">(.*?)</pre>', index, re.S)
    assert sorted(shown) == sorted([
        f"InputError: {PUBLIC}".replace("'", "&#x27;") + " (workbook cell index 1)",
        f"ArgumentError: {NOT_PUBLISHED} (workbook cell index 1)",
    ])
    for code, name in ((ISLINGTON, "Islington"), (ROCHDALE, "Rochdale")):
        assert (f'<a href="failed/{code}.ipynb">failed notebook for {name}</a> <span class="analyst-only">(for the '
                f"analyst only, not for readers: it may hold figures that have not passed disclosure control)</span>"
                ) in index

    # the analyst keeps every detail, in the failed notebooks
    errors = {code: next(o for c in nbformat.read(out / "failed" / f"{code}.ipynb", as_version=4).cells
                         for o in c.get("outputs", []) if o.get("output_type") == "error")
              for code in (ISLINGTON, ROCHDALE)}
    assert errors[ROCHDALE]["evalue"] == "numerator must not exceed denominator; got count 4 > denominator 3 at index 264"
    assert errors[ISLINGTON]["evalue"] == (f"{planted / TIMELINESS}, row {ROW}, column '{COLUMN}': expected {RULE}; "
                                           f"got a count above 'plans_issued_den'")


def test_errors_of_an_older_manifest_are_withheld_when_the_folder_is_written_again(planted, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    leaked = "ArgumentError: numerator must not exceed denominator; got count 4 > denominator 3 at index 299"
    (out / "manifest.json").write_text(json.dumps({"manifest_version": 1, "areas": [
        {"area_code": ROCHDALE, "area_name": "Rochdale", "region_name": "North West", "status": "failed",
         "seconds": 1.0, "input_hash": "sha256:0", "error": leaked, "error_cell": 2,
         "failed_notebook": f"failed/{ROCHDALE}.ipynb"},
    ]}), encoding="utf-8")
    monkeypatch.setattr(batch, "_execute_area", lambda code, **kw: {  # stands in for papermill: no kernel
        "area_code": code, "status": "done", "seconds": 0.1, "html": "<html></html>"})
    batch.run([ISLINGTON], data_dir=planted, out_dir=out, workbook=_workbook(tmp_path), executor="thread",
              progress=False)
    areas = {a["area_code"]: a for a in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["areas"]}
    assert areas[ROCHDALE]["error"] == batch.OLD_ERROR and areas[ROCHDALE]["status"] == "failed"
    assert areas[ISLINGTON]["status"] == "done" and areas[ISLINGTON]["error"] is None
    for page in ("manifest.json", "index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "4 &gt;" not in text and "4 >" not in text and "denominator 3" not in text


def test_a_worker_crash_publishes_its_type_only(planted, tmp_path, monkeypatch):
    def crash(area_code, **kw):
        raise MemoryError(f"killed while holding count 4 of {area_code}")

    monkeypatch.setattr(batch, "_execute_area", crash)
    manifest = batch.run([ISLINGTON], data_dir=planted, out_dir=tmp_path / "out", workbook=_workbook(tmp_path),
                         executor="thread", progress=False)
    assert manifest[ISLINGTON].error == ("worker failed: MemoryError: no notebook was saved; run the workbook for this "
                                         "area in Jupyter to see why")


# -- (c) public_message ----------------------------------------------------------------------------------------------

def test_a_pandas_key_error_carrying_a_value_publishes_its_type_only():
    frame = pd.DataFrame({"area_code": ["E09000019"], "count": [4]}).set_index("count")
    with pytest.raises(KeyError) as err:
        frame.loc[3]
    assert "3" in str(err.value)
    assert public_message(err.value) == "KeyError: details are in the failed notebook"
    assert public_message(err.value, details="see the log") == "KeyError: see the log"
    # the same error raised in a notebook kernel, as papermill reports it
    from papermill.exceptions import PapermillExecutionError

    raised = PapermillExecutionError(cell_index=1, exec_count=1, source="frame.loc[3]", ename="KeyError",
                                     evalue=str(err.value), traceback=["KeyError: 3"])
    assert public_message(raised) == "KeyError: details are in the failed notebook"


def test_methods_keep_their_message_for_direct_callers_but_it_is_not_published():
    frame = pd.DataFrame({"count": [4.0], "denominator": [3.0]}, index=[299])
    with pytest.raises(ArgumentError, match=r"^numerator must not exceed denominator; got count 4 > denominator 3 at "
                                            r"index 299$") as err:
        methods.proportion(frame)
    assert public_message(err.value) == "ArgumentError: details are in the failed notebook"
    assert err.value.public is None


def test_public_texts_of_jsnakit_errors():
    rule = ArgumentError("period must be YYYY/YY; got '2025-26'", public="period must be written YYYY/YY")
    assert public_message(rule) == "ArgumentError: period must be written YYYY/YY"
    refused = DisclosureError("only frames that passed disclosure control can be drawn or written; got DataFrame")
    assert public_message(refused) == f"DisclosureError: {refused}"
    kernel = SimpleNamespace(ename="DisclosureError", evalue=str(refused))
    assert public_message(kernel) == f"DisclosureError: {refused}"
    # a public= text does not cross a kernel: only the class decides there
    assert public_message(SimpleNamespace(ename="ArgumentError", evalue=str(rule))) == f"ArgumentError: {NOT_PUBLISHED}"


def test_input_error_read_back_from_a_kernel_never_publishes_what_was_found():
    tricky = "x: expected y; got 4"  # a cell whose text looks like the message itself
    failures = [Failure("a.csv", 2, "c", "a whole number", tricky), Failure("a.csv", None, None, "a header", "none"),
                *[Failure("b.csv", r, "count", "no more than 'total'", Described("a count above 'total'"))
                  for r in range(3, 13)]]
    err = InputError(failures)
    expected = "\n".join([
        "InputError: a.csv, row 2, column 'c': expected a whole number",
        "a.csv: expected a header",
        *[f"b.csv, row {r}, column 'count': expected no more than 'total'" for r in range(3, 11)],
        "... and 2 more (details are in the failed notebook)",
    ])
    assert public_message(err) == expected
    assert public_message(SimpleNamespace(ename="InputError", evalue=str(err))) == expected
    assert err.public == expected.removeprefix("InputError: ")
    # a message that is not an InputError's: nothing of it is published
    assert public_message(SimpleNamespace(ename="InputError", evalue="count 4 > 3")) == f"InputError: {NOT_PUBLISHED}"


def test_reading_an_older_manifest_withholds_its_errors(tmp_path):
    leaked = "ArgumentError: numerator must not exceed denominator; got count 4 > denominator 3 at index 299"
    (tmp_path / "manifest.json").write_text(json.dumps({"manifest_version": 1, "areas": [
        {"area_code": ROCHDALE, "area_name": "Rochdale", "region_name": "North West", "status": "failed",
         "seconds": 1.0, "input_hash": "sha256:0", "error": leaked},
        {"area_code": ISLINGTON, "area_name": "Islington", "region_name": "London", "status": "done",
         "seconds": 1.0, "input_hash": "sha256:0", "output": f"{ISLINGTON}.html"},
    ]}), encoding="utf-8")
    records = {r.area_code: r for r in batch.Manifest.read(tmp_path).records}
    assert records[ROCHDALE].error == batch.OLD_ERROR and records[ROCHDALE].status == "failed"
    assert records[ISLINGTON].status == "done" and records[ISLINGTON].error is None
