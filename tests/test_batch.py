"""Batch factsheets (jsnakit.factsheets.batch), run against the stub workbook tests/fixtures/stub_factsheet.ipynb.

The stub raises ValueError("no data for area ...") when ``BROKEN_<area_code>`` exists in ``data_dir``, so a test
breaks one area by creating that file in its own copy of a data folder.
"""
from __future__ import annotations

import concurrent.futures as cf
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from jsnakit.factsheets import batch, inputs, workers
from jsnakit.factsheets import period as periods_module
from jsnakit.core import geography
from jsnakit.core.errors import ArgumentError

STUB = Path(__file__).parent / "fixtures" / "stub_factsheet.ipynb"
ISLINGTON, ROCHDALE, CAMBRIDGESHIRE = "E09000019", "E08000005", "E10000003"
AREAS = [ISLINGTON, ROCHDALE, CAMBRIDGESHIRE]


@pytest.fixture(autouse=True)
def pinned_package(tmp_path_factory, monkeypatch):
    """Hash a frozen copy of jsnakit's files, so colleagues editing the package mid-test cannot change the hash.

    (That the real package files are hashed is tested in test_input_hash_covers_package_files.)
    """
    frozen = tmp_path_factory.mktemp("jsnakit_frozen")
    shutil.copytree(inputs._package_dir(), frozen / "jsnakit", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "_package_dir", lambda: frozen / "jsnakit")


def _run(codes, data_dir, out_dir, **kw):
    kw.setdefault("workers", 2)
    kw.setdefault("progress", False)
    return batch.run(codes, data_dir=data_dir, out_dir=out_dir, workbook=STUB, **kw)


def _manifest_areas(out_dir) -> dict:
    doc = json.loads((Path(out_dir) / "manifest.json").read_text(encoding="utf-8"))
    return {a["area_code"]: a for a in doc["areas"]}


@pytest.mark.slow
def test_failure_is_isolated_then_done_areas_skipped_failed_retried_and_fixed(data_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    # An Agg backend in the analyst's shell must not strip the figures (under Agg, display(fig) is text only);
    # the batch gives its kernels the inline backend and restores the variable afterwards.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    (data_dir / f"BROKEN_{ROCHDALE}").write_text("", encoding="utf-8")

    first = _run(AREAS, data_dir, out)
    assert [r.area_code for r in first.records] == AREAS
    assert first.counts() == {"done": 2, "failed": 1, "skipped": 0}
    assert first.failed == [ROCHDALE]
    rochdale = first[ROCHDALE]
    # the stub's message names a file of the data folder; only the error's type is published (jsnakit.core.errors)
    assert rochdale.error == "ValueError: details are in the failed notebook"
    assert rochdale.error_cell == 2  # the stub's third cell (0-based), as in the workbook file
    assert rochdale.failed_notebook == f"failed/{ROCHDALE}.ipynb"
    failed_nb = json.loads((out / "failed" / f"{ROCHDALE}.ipynb").read_text(encoding="utf-8"))
    assert "An Exception was encountered" in "".join(failed_nb["cells"][0]["source"])  # papermill's banner
    for code in (ISLINGTON, CAMBRIDGESHIRE):
        assert first[code].status == "done" and first[code].output == f"{code}.html"
        assert "data:image/png;base64" in (out / f"{code}.html").read_text(encoding="utf-8")
    assert not (out / f"{ROCHDALE}.html").exists()
    assert os.environ["MPLBACKEND"] == "Agg"

    on_disk = _manifest_areas(out)
    assert {c: a["status"] for c, a in on_disk.items()} == {ISLINGTON: "done", ROCHDALE: "failed",
                                                           CAMBRIDGESHIRE: "done"}
    assert on_disk[ROCHDALE]["error"] == rochdale.error
    # each record keeps its area's digest (inputs.area_hashes), the manifest the digest of what they share
    assert on_disk[ISLINGTON]["input_hash"] == first[ISLINGTON].input_hash != first.input_hash
    assert len({on_disk[c]["input_hash"] for c in AREAS}) == 3
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first.input_hash)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{ISLINGTON}.html"' in index and f'href="failed/{ROCHDALE}.ipynb"' in index

    second = _run(AREAS, data_dir, out)
    assert second.counts() == {"done": 0, "failed": 1, "skipped": 2}
    assert second[ISLINGTON].finished == first[ISLINGTON].finished  # not re-run
    assert second[ROCHDALE].finished >= first[ROCHDALE].finished  # retried

    (data_dir / f"BROKEN_{ROCHDALE}").unlink()  # fixing the data also changes the input hash: everything re-runs
    third = _run(AREAS, data_dir, out)
    assert third.counts() == {"done": 3, "failed": 0, "skipped": 0}
    assert third.input_hash != first.input_hash
    assert (out / f"{ROCHDALE}.html").is_file()
    assert not (out / "failed" / f"{ROCHDALE}.ipynb").exists()  # the old failed notebook is gone
    assert {a["status"] for a in _manifest_areas(out).values()} == {"done"}
    assert not list(out.glob(".*.tmp")), "no temporary files left behind"


@pytest.mark.slow
def test_force_reruns_up_to_date_areas_with_the_thread_executor(data_dir, tmp_path):
    out = tmp_path / "out"
    first = _run(["206", CAMBRIDGESHIRE], data_dir, out, executor="thread")  # 206 = Islington's DfE number
    assert first.done == [ISLINGTON, CAMBRIDGESHIRE]
    assert _run([ISLINGTON, CAMBRIDGESHIRE], data_dir, out, executor="thread").skipped == [ISLINGTON, CAMBRIDGESHIRE]
    forced = _run([ISLINGTON, CAMBRIDGESHIRE], data_dir, out, executor="thread", force=True)
    assert forced.done == [ISLINGTON, CAMBRIDGESHIRE]


@pytest.mark.slow
def test_changed_data_file_changes_the_hash_and_reruns(data_dir, tmp_path):
    out = tmp_path / "out"
    first = _run([ISLINGTON], data_dir, out, workers=1)
    (data_dir / "sen_pupils.csv").write_text("area_code,count\nE09000019,101\n", encoding="utf-8")
    second = _run([ISLINGTON], data_dir, out, workers=1)
    assert second.input_hash != first.input_hash
    assert second[ISLINGTON].status == "done"
    assert _run([ISLINGTON], data_dir, out, workers=1)[ISLINGTON].status == "skipped"


@pytest.mark.slow
def test_failed_area_does_not_leave_a_stale_factsheet(data_dir, tmp_path):
    out = tmp_path / "out"
    assert _run([ISLINGTON], data_dir, out, workers=1).done == [ISLINGTON]
    assert (out / f"{ISLINGTON}.html").is_file()
    (data_dir / f"BROKEN_{ISLINGTON}").write_text("", encoding="utf-8")
    broken = _run([ISLINGTON], data_dir, out, workers=1)
    assert broken.failed == [ISLINGTON]
    assert broken[ISLINGTON].output is None
    assert not (out / f"{ISLINGTON}.html").exists()
    assert f'href="{ISLINGTON}.html"' not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_manifest_keeps_areas_of_earlier_runs(data_dir, tmp_path):
    out = tmp_path / "out"
    _run([ISLINGTON], data_dir, out, workers=1)
    later = _run([CAMBRIDGESHIRE], data_dir, out, workers=1)
    assert [r.area_code for r in later.records] == [CAMBRIDGESHIRE]
    everything = batch.Manifest.read(out)
    assert sorted(r.area_code for r in everything.records) == [ISLINGTON, CAMBRIDGESHIRE]
    assert "Islington" in (out / "index.html").read_text(encoding="utf-8")


def test_an_executor_object_is_used_as_given(data_dir, tmp_path, monkeypatch):
    calls = []

    def fake(area_code, **kw):
        calls.append(area_code)
        return {"area_code": area_code, "status": "done", "seconds": 0.1, "html": "<html></html>"}

    monkeypatch.setattr(batch, "_execute_area", fake)
    with cf.ThreadPoolExecutor(1) as pool:
        manifest = _run([ISLINGTON], data_dir, tmp_path / "out", executor=pool)
        assert pool.submit(lambda: 1).result() == 1  # not shut down by the batch
    assert calls == [ISLINGTON] and manifest.done == [ISLINGTON]


def test_a_worker_crash_is_recorded_not_raised(data_dir, tmp_path, monkeypatch):
    def crash(area_code, **kw):
        raise MemoryError("killed")

    monkeypatch.setattr(batch, "_execute_area", crash)
    manifest = _run([ISLINGTON, CAMBRIDGESHIRE], data_dir, tmp_path / "out", executor="thread")
    assert manifest.failed == [ISLINGTON, CAMBRIDGESHIRE]
    assert manifest[ISLINGTON].error == ("worker failed: MemoryError: no notebook was saved; run the workbook for "
                                         "this area in Jupyter to see why")


def _done(area_code, **kw):
    return {"area_code": area_code, "status": "done", "seconds": 0.1, "html": f"<html>{area_code}</html>"}


def _index_writes(monkeypatch) -> list[tuple[bool, bool]]:
    """Record each write_outputs call of the batch: (asked to defer the index, index.html written by it)."""
    calls, real = [], batch.write_outputs

    def state(out):
        index = Path(out) / "index.html"
        return (index.stat().st_mtime_ns, index.read_bytes()) if index.exists() else None

    def counting(out, records, meta, **kw):
        before = state(out)
        real(out, records, meta, **kw)
        calls.append((bool(kw.get("defer_index")), state(out) != before))

    monkeypatch.setattr(batch, "write_outputs", counting)
    return calls


def test_the_index_is_rewritten_at_most_every_index_every_seconds_and_when_the_batch_ends(data_dir, tmp_path,
                                                                                          monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(batch, "_execute_area", _done)
    calls = _index_writes(monkeypatch)
    monkeypatch.setattr(batch, "INDEX_EVERY", 3600.0)
    _run(AREAS, data_dir, out, executor="thread", workers=1)
    # the index before the areas; after each area the manifest only; the index once at the end
    assert calls == [(False, True), (True, False), (True, False), (True, False), (False, True)]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{code}.html"' in index for code in AREAS)
    assert not batch.index_behind(out)

    calls.clear()
    monkeypatch.setattr(batch, "INDEX_EVERY", 0.0)
    _run(AREAS, data_dir, out, executor="thread", workers=1, force=True)
    assert calls == [(False, True)] * 4  # due after every area: nothing left to write at the end


def test_an_index_left_behind_the_manifest_is_written_again_by_a_run_with_nothing_to_make(data_dir, tmp_path,
                                                                                          monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(batch, "_execute_area", _done)
    _run([ISLINGTON], data_dir, out, executor="thread", workers=1)
    index = out / "index.html"
    assert _run([ISLINGTON], data_dir, out, executor="thread").skipped == [ISLINGTON]
    kept = index.stat().st_mtime_ns
    assert not batch.index_behind(out)
    # a batch killed between two rewrites of the index: the manifest is newer than the index
    index.write_text("<html>an older index, without Islington</html>", encoding="utf-8")
    os.utime(index, ns=(kept - 10**10, kept - 10**10))
    assert batch.index_behind(out)
    assert _run([ISLINGTON], data_dir, out, executor="thread").skipped == [ISLINGTON]
    assert f'href="{ISLINGTON}.html"' in index.read_text(encoding="utf-8") and not batch.index_behind(out)
    index.unlink()
    assert batch.index_behind(out)
    assert not batch.index_behind(tmp_path / "nothing")  # no manifest: nothing to be behind


def test_a_batch_stopped_by_an_interrupt_writes_the_index_of_what_it_made(data_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    recorded, record = [], batch._record_result

    def interrupted_at_the_second(result, *args, **kw):
        if recorded:
            raise KeyboardInterrupt  # Ctrl-C in the batch's own thread, as the second area comes back
        recorded.append(result["area_code"])
        return record(result, *args, **kw)

    monkeypatch.setattr(batch, "_execute_area", _done)
    monkeypatch.setattr(batch, "_record_result", interrupted_at_the_second)
    monkeypatch.setattr(batch, "INDEX_EVERY", 3600.0)
    with pytest.raises(KeyboardInterrupt):
        _run(AREAS, data_dir, out, executor="thread", workers=1)
    assert list(_manifest_areas(out)) == recorded and len(recorded) == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert [code for code in AREAS if f'href="{code}.html"' in index] == recorded
    assert not batch.index_behind(out)


def test_unknown_executor_lists_the_known_ones(data_dir, tmp_path):
    with pytest.raises(ArgumentError, match=r"executor must be a registered name \('process', 'thread'.*\) or a "
                                            r"concurrent.futures.Executor; got 'slurm'"):
        _run([ISLINGTON], data_dir, tmp_path / "out", executor="slurm")


def test_registry_refuses_a_duplicate_name():
    with pytest.raises(ArgumentError, match="executor name must be new \\(or pass replace=True\\); got 'thread'"):
        batch.register_executor("thread", workers._thread_executor)
    assert {"process", "thread"} <= set(batch.executors())


def test_unknown_area_code(data_dir, tmp_path):
    with pytest.raises(ArgumentError, match="area code must be .*; got 'E99999999'"):
        _run(["E99999999"], data_dir, tmp_path / "out")


# --- areas by GSS code, DfE number or name (geography.find_area, as the batch resolves them) -------------------------

@pytest.mark.parametrize("text, code", [
    ("E09000019", "E09000019"), ("e09000019", "E09000019"), ("206", "E09000019"), (206, "E09000019"),
    ("Islington", "E09000019"), ("  ISLINGTON ", "E09000019"), ("Isle of Wight", "E06000046"),
    ("bristol", "E06000023"), ("City of Bristol", "E06000023"), ("Bristol, City of", "E06000023"),
    ("Kingston upon Hull", "E06000010"), ("herefordshire", "E06000019"), ("Herefordshire, County of", "E06000019"),
    ("Durham", "E06000047"), ("County Durham", "E06000047"), ("Brighton & Hove", "E06000043"),
    ("brighton", "E06000043"), ("St Helens", "E08000013"), ("stoke on trent", "E06000021"),
    ("Telford & Wrekin", "E06000020"), ("City of London", "E09000001"), ("London", "E12000007"),
    ("Westminster", "E09000033"), ("Lincolnshire", "E10000019"), ("Bournemouth", "E06000058"),
])
def test_find_area_by_code_number_or_name(text, code):
    assert geography.find_area(text)["area_code"] == code


@pytest.mark.parametrize("text, listing", [
    ("Kingston", "2 areas: Kingston upon Hull, City of (E06000010), Kingston upon Thames (E09000021)"),
    ("Cheshire", "2 areas: Cheshire East (E06000049), Cheshire West and Chester (E06000050)"),
    ("Sussex", "2 areas: East Sussex (E10000011), West Sussex (E10000032)"),
    ("London, City of", "2 areas: London (E12000007), City of London (E09000001)"),
    ("Northamptonshire", "2 areas: North Northamptonshire (E06000061), West Northamptonshire (E06000062)"),
    ("Yorkshire", "3 areas: Yorkshire and The Humber (E12000003), East Riding of Yorkshire (E06000011), "
                  "North Yorkshire (E06000065)"),
])
def test_find_area_an_ambiguous_name_lists_the_candidates(text, listing):
    with pytest.raises(ArgumentError) as caught:
        geography.find_area(text)
    assert str(caught.value) == f"area name {text!r} matches {listing}; give the full name or the GSS code"


UNKNOWN = ("area must be a GSS code, DfE LA number or name of England, a region or an upper-tier local authority; "
           "got {!r}")


@pytest.mark.parametrize("text, suggested", [
    ("Islingtn", "; did you mean Islington (E09000019), Hillingdon (E09000017), Darlington (E06000005)?"),
    ("Hull", "; did you mean Kingston upon Hull, City of (E06000010), Solihull (E08000029)?"),
    ("Poole", "; did you mean Bournemouth, Christchurch and Poole (E06000058)?"),
    ("Cumbria", "; did you mean Cumberland (E06000063)?"),
    ("Berkshire", "; did you mean West Berkshire (E06000037), Derbyshire (E10000007), Warwickshire (E10000031), "
                  "Hertfordshire (E10000015), Herefordshire, County of (E06000019)?"),
    ("Atlantis", ""),
    ("", ""),
])
def test_find_area_an_unknown_name_suggests_the_closest(text, suggested):
    with pytest.raises(ArgumentError) as caught:
        geography.find_area(text)
    assert str(caught.value) == UNKNOWN.format(text) + suggested


def test_find_area_unknown_codes_and_bad_types():
    with pytest.raises(ArgumentError, match="^area code must be a GSS code of England.*; got '999'$"):
        geography.find_area("999")
    with pytest.raises(ArgumentError, match="^area must be a GSS code, DfE LA number or name as text; got None$"):
        geography.find_area(None)


def test_areas_are_resolved_by_name_and_duplicates_dropped():
    assert batch._resolve_areas(["Islington", "206", "E09000019", "rochdale", "Isle of Wight"]) == [
        ISLINGTON, ROCHDALE, "E06000046"]


def test_an_ambiguous_area_stops_the_batch_before_anything_is_written(data_dir, tmp_path):
    with pytest.raises(ArgumentError, match=r"^area name 'Kingston' matches 2 areas: "):
        _run([ISLINGTON, "Kingston"], data_dir, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- the period, checked before any area runs ----------------------------------------------------------------------

SAMPLE_PERIODS = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_periods_of_the_sample_folder(samples):
    # the academic years of profile.published(Catalog(data_samples)).frame (calendar-year periods left out)
    assert batch.periods(samples) == SAMPLE_PERIODS


@pytest.mark.parametrize("period, message", [
    ("2031/32", "period must be one the data folder holds ({held}); got '2031/32'"),
    ("2025-26", "period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
                "got '2025-26' (the data folder holds {held})"),
    ("2025/27", "period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
                "got '2025/27' (the data folder holds {held})"),
    ("25/26", "period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
              "got '25/26' (the data folder holds {held})"),
    (2025, "period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
           "got 2025 (the data folder holds {held})"),
])
def test_a_bad_period_stops_the_batch_before_any_area_runs(samples, tmp_path, monkeypatch, period, message):
    started = []
    monkeypatch.setattr(batch, "_execute_area", lambda code, **kw: started.append(code))
    with pytest.raises(ArgumentError) as caught:
        batch.run([ISLINGTON], data_dir=samples, out_dir=tmp_path / "out", workbook=STUB, period=period,
                  progress=False)
    assert str(caught.value) == message.format(held=", ".join(SAMPLE_PERIODS))
    assert started == [] and not (tmp_path / "out").exists()  # nothing run, no manifest


def test_a_period_is_checked_for_its_spelling_when_the_folder_yields_no_periods(data_dir, monkeypatch):
    from jsnakit.core.errors import Failure, InputError

    def unreadable(folder):
        raise InputError([Failure(str(folder), None, None, "the inputs of the national frame", "none")])

    # the national frame cannot be made from the folder: only the spelling is checked
    monkeypatch.setattr(periods_module, "periods", unreadable)
    with pytest.raises(ArgumentError) as caught:
        batch.check_period("2025-26", data_dir)
    assert str(caught.value) == ("period must be an academic year written YYYY/YY with consecutive years, such as "
                                 "'2024/25'; got '2025-26'")
    batch.check_period("2031/32", data_dir)  # left to the areas, which report the bad inputs one by one
    batch.check_period(None, data_dir)

    # it can be made but holds no academic year
    monkeypatch.setattr(periods_module, "periods", lambda folder: [])
    with pytest.raises(ArgumentError) as caught:
        batch.check_period("2024/25", data_dir)
    assert str(caught.value) == "period must be one the data folder holds (none); got '2024/25'"


def test_area_codes_must_be_a_list(data_dir, tmp_path):
    with pytest.raises(ArgumentError, match="area_codes must be a list of area codes; got 'E09000019'"):
        _run(ISLINGTON, data_dir, tmp_path / "out")
    with pytest.raises(ArgumentError, match="area_codes must name at least one area; got none"):
        _run([], data_dir, tmp_path / "out")


def test_bad_workers_and_timeout(data_dir, tmp_path):
    with pytest.raises(ArgumentError, match="workers must be a whole number of at least 1; got 0"):
        _run([ISLINGTON], data_dir, tmp_path / "out", workers=0)
    with pytest.raises(ArgumentError, match="cell_timeout must be a positive number of seconds or None; got -1"):
        _run([ISLINGTON], data_dir, tmp_path / "out", cell_timeout=-1)


def test_missing_data_dir_and_workbook(data_dir, tmp_path):
    with pytest.raises(ArgumentError, match="data_dir must be an existing folder; got '.*nowhere'"):
        _run([ISLINGTON], tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(ArgumentError, match="workbook must be an existing .ipynb file; got '.*missing.ipynb'"):
        batch.run([ISLINGTON], data_dir=data_dir, out_dir=tmp_path / "out", workbook=tmp_path / "missing.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(ArgumentError, match="workbook must be a Jupyter notebook; '.*bad.ipynb' could not be read"):
        batch.run([ISLINGTON], data_dir=data_dir, out_dir=tmp_path / "out", workbook=bad)


def test_unreadable_manifest_is_an_error(data_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(ArgumentError, match="manifest.json must be a jsnakit batch manifest \\(JSON\\); it could "
                                            "not be read .*Delete it to start the batch afresh."):
        _run([ISLINGTON], data_dir, out)
    (out / "manifest.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ArgumentError, match="must be a jsnakit batch manifest with an 'areas' list"):
        batch.Manifest.read(out)


def test_input_hash_covers_data_names_bytes_workbook_and_period(data_dir, tmp_path):
    wb = tmp_path / "wb.ipynb"
    shutil.copy(STUB, wb)
    base = batch.input_hash(data_dir, wb)
    assert batch.input_hash(data_dir, wb) == base
    (data_dir / ".hidden").write_text("ignored", encoding="utf-8")
    (data_dir / "out").mkdir()
    (data_dir / "out" / "E09000019.html").write_text("ignored when excluded", encoding="utf-8")
    assert batch.input_hash(data_dir, wb, exclude=data_dir / "out") == base
    assert batch.input_hash(data_dir, wb) != base
    shutil.rmtree(data_dir / "out")
    assert batch.input_hash(data_dir, wb, period="2024/25") != base
    (data_dir / "sen_pupils.csv").rename(data_dir / "renamed.csv")
    assert batch.input_hash(data_dir, wb) != base
    (data_dir / "renamed.csv").rename(data_dir / "sen_pupils.csv")
    assert batch.input_hash(data_dir, wb) == base
    wb.write_text(wb.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert batch.input_hash(data_dir, wb) != base


def test_input_hash_covers_package_files(data_dir, tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "methods.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(inputs, "_package_dir", lambda: package)
    before = batch.input_hash(data_dir, STUB)
    (package / "methods.py").write_text("x = 2\n", encoding="utf-8")
    assert batch.input_hash(data_dir, STUB) != before


def test_manifest_frame_and_summary(tmp_path):
    record = batch.AreaRecord(ISLINGTON, "Islington", "London", "done", 1.25, "sha256:0", output="E09000019.html")
    manifest = batch.Manifest(Path("factsheets"), (record,), "sha256:0", 14.24)
    assert manifest.summary() == "1 done, 0 failed, 0 skipped in 14.2 s -> factsheets/index.html"
    frame = manifest.to_frame()
    assert tuple(frame.columns) == batch.RECORD_COLUMNS
    assert frame.loc[0, "status"] == "done" and manifest.ok


def test_a_kernel_that_dies_before_any_cell_ran_is_retried_once():
    from nbclient.exceptions import CellTimeoutError

    from jsnakit.factsheets.area import _run_with_retry
    from jsnakit.factsheets.kernels import CellFailed

    class Kernel:
        """Stands in for a WarmKernel: fails as told, and says whether a cell of the area ran."""

        def __init__(self, errors, ran=False):
            self.errors, self.calls, self.notebook = list(errors), 0, None
            self.ran = ran

        def run(self, workbook, parameters, cell_timeout=None):
            self.calls += 1
            self.notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
            if self.ran:
                self.notebook.cells[0].execution_count = 1
            if self.errors:
                raise self.errors.pop(0)
            return "executed"

    flaky = Kernel([RuntimeError("Kernel died before replying to kernel_info")])
    assert _run_with_retry(flaky, "wb.ipynb", {}, None) == "executed" and flaky.calls == 2
    dead = Kernel([RuntimeError("Kernel died before replying to kernel_info")] * 2)
    with pytest.raises(RuntimeError, match="Kernel died before replying"):
        _run_with_retry(dead, "wb.ipynb", {}, None)
    assert dead.calls == 2
    # A cell that raised or ran too long, or a kernel that died after a cell of the area ran: never retried.
    for error, ran in ((CellFailed(3, "ValueError", "bad"), False), (CellTimeoutError("slow"), False),
                       (RuntimeError("Kernel died"), True)):
        once = Kernel([error, error], ran=ran)
        with pytest.raises(type(error)):
            _run_with_retry(once, "wb.ipynb", {}, None)
        assert once.calls == 1


def test_the_national_work_is_done_once_before_any_area_starts(data_dir, tmp_path, monkeypatch):
    from jsnakit.needs import profile
    from jsnakit.core.errors import Failure, InputError

    calls, started = [], []
    real = profile.published_all

    def counting(catalog, **kwargs):
        calls.append(catalog.data_dir)
        return real(catalog, **kwargs)  # the stub's data folder holds no inputs

    def area(area_code, **kwargs):  # stands in for papermill, so no kernel is started
        started.append((area_code, len(calls)))
        return {"area_code": area_code, "status": "done", "seconds": 0.0, "html": "<html></html>",
                "notebook": None, "error": None, "error_cell": None}

    monkeypatch.setattr(profile, "published_all", counting)
    monkeypatch.setattr(batch, "_execute_area", area)
    out = tmp_path / "out"
    assert _run(AREAS, data_dir, out, executor="thread", workers=3).done == AREAS
    assert calls == [data_dir.resolve()]
    assert sorted(started) == [(code, 1) for code in sorted(AREAS)]  # every area after the shared work
    assert _run(AREAS, data_dir, out, executor="thread").skipped == AREAS
    assert len(calls) == 1  # nothing to run, no shared work

    def bad_inputs(catalog, **kwargs):
        raise InputError([Failure(str(catalog.data_dir), None, None, "a readable input", "none")])

    monkeypatch.setattr(profile, "published_all", bad_inputs)
    assert batch.shared_work(data_dir) is None  # bad inputs: left to the areas, which fail one by one


@pytest.mark.slow
def test_shared_work_leaves_the_cache_the_kernels_read():
    from jsnakit.needs import profile
    from jsnakit.catalog import Catalog

    samples = Path(__file__).resolve().parents[1] / "data_samples"
    seconds = batch.shared_work(samples)
    assert seconds is not None and profile.published_cache_path(Catalog(samples)).is_file()
    from jsnakit.projection import evidence
    assert evidence.evidence_cache_path(Catalog(samples)).is_file()   # the factsheets' back-test, made once
    # Warm: read back, not recomputed (no timing threshold here: the national frame is simply not rebuilt).
    from unittest import mock
    with mock.patch.object(profile, "national", side_effect=AssertionError("recomputed")):
        assert batch.shared_work(samples) is not None  # shared_work returns None when the national work failed
