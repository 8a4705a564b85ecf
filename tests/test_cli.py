"""The jsnakit command (jsnakit.cli.main): exit statuses, the summary line, error messages."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jsnakit import cli
from jsnakit.factsheets import batch, inputs, resources
from jsnakit.core import geography

STUB = Path(__file__).parent / "fixtures" / "stub_factsheet.ipynb"
#: The stub workbook and its data folder, as laid out by the ``repo`` fixture.
LOCAL = ["--data", "data_samples", "--workbook", "workbooks/send_factsheet.ipynb"]
SUMMARY = re.compile(r"factsheets: (\d+) done, (\d+) failed, (\d+) skipped in \d+\.\d s -> (.+index\.html)")


@pytest.fixture(autouse=True)
def pinned_package(tmp_path_factory, monkeypatch):
    """Freeze the package files the input hash covers (colleagues may be editing jsnakit while tests run)."""
    frozen = tmp_path_factory.mktemp("jsnakit_frozen")
    shutil.copytree(inputs._package_dir(), frozen / "jsnakit", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "_package_dir", lambda: frozen / "jsnakit")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A folder laid out like the repository root (data_samples/, workbooks/send_factsheet.ipynb holding the stub),
    made current. Tests pass ``LOCAL`` to use them: the defaults are the sample data and workbook installed with
    jsnakit."""
    (tmp_path / "data_samples").mkdir()
    (tmp_path / "data_samples" / "sen_pupils.csv").write_text("area_code,count\n", encoding="utf-8")
    (tmp_path / "workbooks").mkdir()
    shutil.copy(STUB, tmp_path / "workbooks" / "send_factsheet.ipynb")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _summary(out: str) -> re.Match:
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, out  # ONE summary line on stdout
    match = SUMMARY.fullmatch(lines[0])
    assert match, lines[0]
    return match


@pytest.mark.slow
def test_exit_0_then_1_with_the_summary_line(repo, capsys):
    assert cli.main(["factsheets", *LOCAL, "--areas", "206", "--workers", "1", "--quiet"]) == 0
    match = _summary(capsys.readouterr().out)
    assert match.groups()[:3] == ("1", "0", "0") and match.group(4) == "factsheets/index.html"
    assert (repo / "factsheets" / "E09000019.html").is_file()

    (repo / "data_samples" / "BROKEN_E08000005").write_text("", encoding="utf-8")
    # the BROKEN file changes the data hash, so Islington re-runs too
    assert cli.main(["factsheets", *LOCAL, "--areas", "Islington", "Rochdale", "--quiet", "--executor", "thread"]) == 1
    assert _summary(capsys.readouterr().out).groups()[:3] == ("1", "1", "0")
    assert cli.main(["factsheets", *LOCAL, "--areas", "E09000019", "354", "--quiet", "--executor", "thread"]) == 1
    assert _summary(capsys.readouterr().out).groups()[:3] == ("0", "1", "1")
    assert (repo / "factsheets" / "failed" / "E08000005.ipynb").is_file()


def test_defaults_and_all_are_passed_to_batch_run(repo, monkeypatch, capsys):
    calls = []

    def fake_run(areas, **kw):
        calls.append((list(areas), kw))
        return batch.Manifest(kw["out_dir"], (), "sha256:0", 0.04)

    monkeypatch.setattr(batch, "run", fake_run)
    assert cli.main(["factsheets"]) == 0
    areas, kw = calls[-1]
    assert areas == ["E09000019", "E08000005", "E10000003"]
    # the sample data and the workbook installed with jsnakit, wherever the command is run from
    assert kw == {"data_dir": resources.sample_data_dir(), "out_dir": Path("factsheets"),
                  "workbook": resources.factsheet_workbook(), "workers": None, "executor": "process",
                  "force": False, "progress": True, "period": None, "pdf": False,  # no PDF unless --pdf
                  "areas_per_kernel": batch.AREAS_PER_KERNEL}
    assert kw["data_dir"].is_absolute() and (kw["data_dir"] / "dfe_ehc_plans" / "caseload.csv").is_file()
    assert kw["workbook"].is_absolute() and kw["workbook"].name == "send_factsheet.ipynb"
    assert capsys.readouterr().out == "factsheets: 0 done, 0 failed, 0 skipped in 0.0 s -> factsheets/index.html\n"

    assert cli.main(["factsheets", "--all", "--workers", "3", "--force", "--out", "o", "--period", "2024/25"]) == 0
    areas, kw = calls[-1]
    assert len(areas) == 153 and len(set(areas)) == 153
    assert set(areas) == set(geography.local_authorities()["area_code"])  # --all: the upper-tier LAs, no region
    assert kw["workers"] == 3 and kw["force"] is True and kw["out_dir"] == Path("o") and kw["period"] == "2024/25"


def test_pdf_is_passed_to_the_batch_and_a_missing_browser_exits_2(repo, monkeypatch, capsys):
    from jsnakit.factsheets import pdf

    calls = []
    real_run = batch.run
    monkeypatch.setattr(batch, "run", lambda areas, **kw: calls.append(kw) or batch.Manifest(kw["out_dir"], (),
                                                                                             "sha256:0", 0.0))
    assert cli.main(["factsheets", *LOCAL, "--pdf", "--quiet"]) == 0
    assert calls[-1]["pdf"] is True
    capsys.readouterr()
    assert cli.main(["factsheets", "--help"]) == 0
    assert "--pdf" in capsys.readouterr().out

    monkeypatch.setattr(batch, "run", real_run)
    monkeypatch.delenv("JSNAKIT_CHROMIUM", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)  # no chromium, no chromedriver
    assert cli.main(["factsheets", *LOCAL, "--pdf", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jsnakit factsheets: error: printing factsheets to PDF needs headless Chromium")
    assert "apt-get install chromium chromium-driver" in err and "Traceback" not in err
    assert not (repo / "factsheets").exists()  # said before anything is written


def test_unknown_area_is_a_message_and_exit_2(repo, capsys):
    assert cli.main(["factsheets", "--areas", "E09000019", "E99999999"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jsnakit factsheets: error: area code must be")
    assert "got 'E99999999'" in err and "Traceback" not in err
    assert not (repo / "factsheets").exists()


@pytest.fixture
def areas_run(monkeypatch):
    """Stand in for papermill (no kernel): record the areas and periods run, each 'done'."""
    runs = []

    def area(area_code, **kwargs):
        runs.append((area_code, kwargs["period"]))
        return {"area_code": area_code, "status": "done", "seconds": 0.0, "html": "<html></html>",
                "notebook": None, "error": None, "error_cell": None}

    monkeypatch.setattr(batch, "_execute_area", area)
    return runs


def test_areas_by_gss_code_dfe_number_or_name(repo, areas_run, capsys):
    argv = ["factsheets", *LOCAL, "--executor", "thread", "--quiet", "--areas",
            "Islington", "Isle of Wight", "206", "E08000005", "bristol", "Kingston upon Hull", "herefordshire",
            "Durham", "brighton & hove"]
    assert cli.main(argv) == 0
    assert _summary(capsys.readouterr().out).groups()[:3] == ("8", "0", "0")  # 206 is Islington again
    manifest = batch.Manifest.read(repo / "factsheets")
    assert {r.area_code: r.area_name for r in manifest.records} == {
        "E09000019": "Islington", "E06000046": "Isle of Wight", "E08000005": "Rochdale",
        "E06000023": "Bristol, City of", "E06000010": "Kingston upon Hull, City of",
        "E06000019": "Herefordshire, County of", "E06000047": "County Durham", "E06000043": "Brighton and Hove"}


def test_an_ambiguous_area_name_lists_the_candidates_and_exits_2(repo, areas_run, capsys):
    assert cli.main(["factsheets", *LOCAL, "--areas", "Islington", "Kingston"]) == 2
    assert capsys.readouterr().err == (
        "jsnakit factsheets: error: area name 'Kingston' matches 2 areas: Kingston upon Hull, City of (E06000010), "
        "Kingston upon Thames (E09000021); give the full name or the GSS code\n")
    assert cli.main(["factsheets", *LOCAL, "--areas", "North"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jsnakit factsheets: error: area name 'North' matches 9 areas: North East (E12000001), ")
    assert "North Tyneside (E08000022)" in err and "North Yorkshire (E06000065)" in err
    assert areas_run == [] and not (repo / "factsheets").exists()  # stopped before any area ran


def test_an_unknown_area_name_suggests_the_closest_and_exits_2(repo, areas_run, capsys):
    assert cli.main(["factsheets", *LOCAL, "--areas", "Islingtn", "Rochdale"]) == 2
    assert capsys.readouterr().err == (
        "jsnakit factsheets: error: area must be a GSS code, DfE LA number or name of England, a region or an "
        "upper-tier local authority; got 'Islingtn'; did you mean Islington (E09000019), Hillingdon (E09000017), "
        "Darlington (E06000005)?\n")
    assert areas_run == [] and not (repo / "factsheets").exists()


@pytest.mark.parametrize("period, message", [
    ("2031/32", "period must be one the data folder holds ({held}); got '2031/32'"),
    ("2025-26", "period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
                "got '2025-26' (the data folder holds {held})"),
    ("2025/27", "period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
                "got '2025/27' (the data folder holds {held})"),
    ("25/26", "period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
              "got '25/26' (the data folder holds {held})"),
])
@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_a_bad_period_stops_before_any_area_with_exit_2(repo, areas_run, capsys, samples, period, message):
    held = ", ".join(batch.periods(samples))
    argv = ["factsheets", "--data", str(samples), "--workbook", str(STUB), "--out", "out", "--period", period]
    assert cli.main(argv) == 2
    assert capsys.readouterr().err == f"jsnakit factsheets: error: {message.format(held=held)}\n"
    assert areas_run == [] and not (repo / "out").exists()  # no area run, no manifest written


def test_a_period_the_folder_holds_is_passed_to_the_areas(repo, areas_run, capsys, samples):
    argv = ["factsheets", "--data", str(samples), "--workbook", str(STUB), "--executor", "thread", "--quiet",
            "--period", "2024/25", "--areas", "Rochdale"]
    assert cli.main(argv) == 0
    assert areas_run == [("E08000005", "2024/25")]


def test_missing_data_dir_and_workbook(repo, capsys):
    shutil.rmtree(repo / "data_samples")
    assert cli.main(["factsheets", *LOCAL]) == 2
    err = capsys.readouterr().err
    assert err == (f"jsnakit factsheets: error: data folder 'data_samples' not found (in {repo}); pass --data DIR, "
                   f"or leave it out for the sample data\n")

    assert cli.main(["factsheets", "--data", ".", "--workbook", "nowhere.ipynb"]) == 2
    assert capsys.readouterr().err == (
        f"jsnakit factsheets: error: workbook 'nowhere.ipynb' not found (in {repo}); pass --workbook PATH, "
        f"or leave it out for the factsheet workbook\n")
    assert not (repo / "factsheets").exists()


def test_without_the_installed_samples_exit_2(repo, capsys, monkeypatch):
    def missing():
        raise FileNotFoundError("jsnakit's data_samples is not installed (looked in x, y); reinstall jsnakit")

    monkeypatch.setattr(resources, "sample_data_dir", missing)
    assert cli.main(["factsheets"]) == 2
    assert capsys.readouterr().err == ("jsnakit factsheets: error: jsnakit's data_samples is not installed "
                                       "(looked in x, y); reinstall jsnakit\n")


def test_bad_arguments_exit_2(repo, capsys):
    assert cli.main(["factsheets", "--workers", "0"]) == 2
    assert "argument --workers: must be a whole number of at least 1; got '0'" in capsys.readouterr().err
    assert cli.main(["factsheets", "--workers", "two"]) == 2
    assert "argument --workers: must be a whole number of at least 1; got 'two'" in capsys.readouterr().err
    assert cli.main(["factsheets", "--executor", "slurm"]) == 2
    assert "executor must be a registered name ('process', 'thread'" in capsys.readouterr().err
    assert cli.main(["factsheets", "--all", "--areas", "E09000019"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert cli.main(["no-such-command"]) == 2
    assert cli.main([]) == 2


def test_help_and_python_dash_m(capsys):
    assert cli.main(["factsheets", "--help"]) == 0
    assert "--workbook PATH" in capsys.readouterr().out
    done = subprocess.run([sys.executable, "-m", "jsnakit", "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip().startswith("jsnakit ")
