"""The batch's output folder (issue 20, jsnakit.factsheets.outfolder): one batch at a time (a lock), and clear
errors, never tracebacks, for an output path that is a file, a folder that cannot be written and a full disk; the
areas already written stay valid and listed. The areas here are stand-ins (no kernel): what is tested is the
folder."""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import warnings
import sys
from pathlib import Path

import pytest

from jsnakit import cli
from jsnakit.core.errors import OutputError
from jsnakit.factsheets import batch, outfolder
from jsnakit.factsheets import html as factsheet

STUB = Path(__file__).parent / "fixtures" / "stub_factsheet.ipynb"
ISLINGTON, ROCHDALE, CAMBRIDGESHIRE = "E09000019", "E08000005", "E10000003"
AREAS = [ISLINGTON, ROCHDALE, CAMBRIDGESHIRE]


@pytest.fixture
def stand_in(monkeypatch):
    """Each area 'made' at once, in this process: a page that names it."""
    def area(code, **kw):
        return {"area_code": code, "status": "done", "seconds": 0.01, "html": f"<html><body>{code}</body></html>",
                "downloads": None, "pdf": None, "notebook": None, "error": None, "error_cell": None}

    monkeypatch.setattr(batch, "_execute_area", area)
    monkeypatch.setattr(batch, "_shared_work", lambda *a, **k: (0.0, {}))
    return area


def _run(out, data_dir, **kw):
    return batch.run(AREAS, data_dir=data_dir, out_dir=out, workbook=STUB, workers=1, executor="thread",
                     progress=False, **kw)


def _listed(out) -> dict:
    doc = json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))
    return {a["area_code"]: a["status"] for a in doc["areas"]}


def test_an_output_path_that_is_a_file_is_a_clear_error(tmp_path, data_dir, stand_in):
    target = tmp_path / "factsheets"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match=r"^out_dir must be a folder; '.*factsheets' is a file$"):
        _run(target, data_dir)
    with pytest.raises(OutputError, match="a file stands where one of its folders should be"):
        _run(target / "inside", data_dir)
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_a_second_batch_into_the_same_folder_refuses_while_the_first_runs(tmp_path, data_dir, stand_in):
    out = tmp_path / "out"
    with outfolder.claimed(out):  # the first batch, still running
        with pytest.raises(OutputError, match=r"another jsnakit batch is writing to '.*out' "
                                              r"\(lock \.jsnakit-batch\.lock\); wait for it to end"):
            _run(out, data_dir)
        assert not (out / "manifest.json").exists()
    manifest = _run(out, data_dir)  # the first has ended: the folder is free
    assert manifest.counts() == {"done": 3, "failed": 0, "skipped": 0}


def test_two_batches_in_two_processes_never_both_write(tmp_path, data_dir):
    """Another process holds the lock (the OS lock, as a second `jsnakit factsheets` would meet it)."""
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom jsnakit.factsheets import outfolder\n"
                               "with outfolder.claimed(sys.argv[1]):\n    print('held', flush=True)\n"
                               "    time.sleep(60)\n", str(out)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code = cli.main(["factsheets", "--data", str(data_dir), "--workbook", str(STUB), "--out", str(out),
                         "--quiet"])
        assert code == cli.EXIT_FAILED
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "manifest.json").exists()


def test_the_cli_says_what_is_wrong_with_the_output_folder_without_a_traceback(tmp_path, data_dir, capsys):
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    code = cli.main(["factsheets", "--data", str(data_dir), "--workbook", str(STUB), "--out", str(target)])
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert err.strip() == f"jsnakit factsheets: error: out_dir must be a folder; '{target}' is a file"
    assert "Traceback" not in err


def test_a_folder_that_cannot_be_written_is_found_before_any_area_runs(tmp_path, data_dir, stand_in, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    if os.geteuid() != 0:  # a real read-only folder (root writes anyway: then the system's refusal is simulated)
        out.chmod(0o555)
    else:
        def refuse(*a, **k):
            raise PermissionError(errno.EACCES, "Permission denied", str(out))
        monkeypatch.setattr(outfolder.tempfile, "mkstemp", refuse)
    ran = []
    monkeypatch.setattr(batch, "_execute_area", lambda code, **kw: ran.append(code))
    try:
        with pytest.raises(OutputError, match=r"^out_dir '.*out' cannot be written to: Permission denied$"):
            _run(out, data_dir)
    finally:
        out.chmod(0o755)
    assert ran == [] and not (out / "manifest.json").exists()


def test_a_full_disk_fails_the_areas_it_stops_and_keeps_those_written(tmp_path, data_dir, stand_in, monkeypatch):
    out = tmp_path / "out"
    real_write = factsheet.atomic_write

    def disk_full_for_rochdale(path, data):
        if Path(path).name.startswith(ROCHDALE):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, data)

    monkeypatch.setattr(factsheet, "atomic_write", disk_full_for_rochdale)
    manifest = _run(out, data_dir)
    assert manifest.counts() == {"done": 2, "failed": 1, "skipped": 0}
    assert manifest[ROCHDALE].error == "the factsheet could not be written: No space left on device"
    assert _listed(out) == {ISLINGTON: "done", ROCHDALE: "failed", CAMBRIDGESHIRE: "done"}
    assert not (out / f"{ROCHDALE}.html").exists()
    assert (out / f"{ISLINGTON}.html").read_text(encoding="utf-8") == f"<html><body>{ISLINGTON}</body></html>"
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*tmp*"))  # nothing half-written


def test_a_disk_that_fills_up_stops_the_batch_cleanly_with_the_manifest_as_last_written(tmp_path, data_dir,
                                                                                          stand_in, monkeypatch):
    out = tmp_path / "out"
    real_write = factsheet.atomic_write
    written = []

    def fills_after_islington(path, data):
        if written and written[-1] == f"{ISLINGTON}.html" or len(written) > 4:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(Path(path).name)
        return real_write(path, data)

    monkeypatch.setattr(factsheet, "atomic_write", fills_after_islington)
    with pytest.raises(OutputError, match=r"manifest\.json and index\.html could not be written to '.*out': No space "
                                          r"left on device; the areas written before are listed"):
        _run(out, data_dir)
    # the manifest as it was last written: valid JSON, every area it lists has its page
    listed = _listed(out)
    for code, status in listed.items():
        assert status != "done" or (out / f"{code}.html").is_file()


def test_only_the_areas_whose_own_inputs_changed_run_again(tmp_path, monkeypatch):
    """Issue 20: one area's rows of the commissioning register, or its Local Offer, changed: that area runs again,
    the others are skipped; a shared file changed: all run again."""
    samples = Path(__file__).resolve().parents[1] / "data_samples"
    data = tmp_path / "data"
    shutil.copytree(samples / "commissioning", data / "commissioning")
    shutil.copytree(samples / "local_offer", data / "local_offer")
    shutil.copytree(samples / "dfe_statistical_neighbours", data / "dfe_statistical_neighbours")
    ran = []

    def area(code, **kw):
        ran.append(code)
        return {"area_code": code, "status": "done", "seconds": 0.01, "html": f"<html>{code}</html>",
                "downloads": None, "pdf": None, "notebook": None, "error": None, "error_cell": None}

    monkeypatch.setattr(batch, "_execute_area", area)
    monkeypatch.setattr(batch, "_shared_work", lambda *a, **k: (0.0, {}))
    out = tmp_path / "out"

    def again():
        ran.clear()
        _run(out, data)
        return sorted(ran)

    assert again() == sorted(AREAS)
    assert again() == []  # nothing changed
    register = data / "commissioning" / "commissioning_register.csv"
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith(ROCHDALE + ","))
    lines[row] = lines[row].replace(",places,", ",places,", 1)
    fields = lines[row].split(",")
    fields[6] = str(int(fields[6]) + 10)  # capacity of one of Rochdale's services
    lines[row] = ",".join(fields)
    register.write_text("".join(lines), encoding="utf-8")
    assert again() == [ROCHDALE]
    offer = next((data / "local_offer" / CAMBRIDGESHIRE).glob("*.csv"))
    offer.write_text(offer.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert again() == [CAMBRIDGESHIRE]
    shared = next((data / "dfe_statistical_neighbours").rglob("*.*"))
    shared.write_bytes(shared.read_bytes() + b"\n")
    assert again() == sorted(AREAS)
    assert again() == []


def test_the_only_local_offer_in_the_folder_is_every_areas(tmp_path, monkeypatch):
    """Catalog.local_offer gives any area the folder's only Local Offer: a change to it re-runs every area."""
    samples = Path(__file__).resolve().parents[1] / "data_samples"
    data = tmp_path / "data"
    shutil.copytree(samples / "local_offer" / ISLINGTON, data / "local_offer" / ISLINGTON)
    ran = []
    monkeypatch.setattr(batch, "_execute_area", lambda code, **kw: ran.append(code) or {
        "area_code": code, "status": "done", "seconds": 0.01, "html": f"<html>{code}</html>", "downloads": None,
        "pdf": None, "notebook": None, "error": None, "error_cell": None})
    monkeypatch.setattr(batch, "_shared_work", lambda *a, **k: (0.0, {}))
    out = tmp_path / "out"
    _run(out, data)
    offer = next((data / "local_offer" / ISLINGTON).glob("*.csv"))
    offer.write_text(offer.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ran.clear()
    _run(out, data)
    assert sorted(ran) == sorted(AREAS)


def test_warnings_of_a_read_that_fails_still_reach_the_caller():
    from jsnakit.catalog import memory

    def make():
        warnings.warn("row 3 left out", UserWarning)
        raise ValueError("the file is bad")

    with pytest.warns(UserWarning, match="row 3 left out"), pytest.raises(ValueError, match="the file is bad"):
        memory.recall(("test", object()), make)

    def good():
        warnings.warn("row 4 left out", UserWarning)
        return "frame"

    key = ("test-good", object())
    for _ in range(2):  # read, then recalled: the warning each time
        with pytest.warns(UserWarning, match="row 4 left out"):
            assert memory.recall(key, good) == "frame"
