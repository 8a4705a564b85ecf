"""The jsnakit command (jsnakit.cli.main): exit statuses, the summary line, error messages."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jsnakit import batch, cli

STUB = Path(__file__).parent / "fixtures" / "stub_factsheet.ipynb"
SUMMARY = re.compile(r"factsheets: (\d+) done, (\d+) failed, (\d+) skipped in \d+\.\d s -> (.+index\.html)")


@pytest.fixture(autouse=True)
def pinned_package(tmp_path_factory, monkeypatch):
    """Freeze the package files the input hash covers (colleagues may be editing jsnakit while tests run)."""
    frozen = tmp_path_factory.mktemp("jsnakit_frozen")
    shutil.copytree(batch._package_dir(), frozen / "jsnakit", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(batch, "_package_dir", lambda: frozen / "jsnakit")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A folder laid out like the repository root (data_samples/, workbooks/send_factsheet.ipynb), made current."""
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
    assert cli.main(["factsheets", "--areas", "206", "--workers", "1", "--quiet"]) == 0
    match = _summary(capsys.readouterr().out)
    assert match.groups()[:3] == ("1", "0", "0") and match.group(4) == "factsheets/index.html"
    assert (repo / "factsheets" / "E09000019.html").is_file()

    (repo / "data_samples" / "BROKEN_E08000005").write_text("", encoding="utf-8")
    # the BROKEN file changes the data hash, so Islington re-runs too
    assert cli.main(["factsheets", "--areas", "E09000019", "E08000005", "--quiet", "--executor", "thread"]) == 1
    assert _summary(capsys.readouterr().out).groups()[:3] == ("1", "1", "0")
    assert cli.main(["factsheets", "--areas", "E09000019", "E08000005", "--quiet", "--executor", "thread"]) == 1
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
    assert kw == {"data_dir": Path("data_samples"), "out_dir": Path("factsheets"),
                  "workbook": Path("workbooks/send_factsheet.ipynb"), "workers": None, "executor": "process",
                  "force": False, "progress": True, "period": None}
    assert capsys.readouterr().out == "factsheets: 0 done, 0 failed, 0 skipped in 0.0 s -> factsheets/index.html\n"

    assert cli.main(["factsheets", "--all", "--workers", "3", "--force", "--out", "o", "--period", "2024/25"]) == 0
    areas, kw = calls[-1]
    assert len(areas) == 153 and len(set(areas)) == 153
    assert kw["workers"] == 3 and kw["force"] is True and kw["out_dir"] == Path("o") and kw["period"] == "2024/25"


def test_unknown_area_is_a_message_and_exit_2(repo, capsys):
    assert cli.main(["factsheets", "--areas", "E09000019", "E99999999"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jsnakit factsheets: error: area code must be")
    assert "got 'E99999999'" in err and "Traceback" not in err
    assert not (repo / "factsheets").exists()


def test_missing_data_dir_and_workbook(repo, capsys):
    shutil.rmtree(repo / "data_samples")
    assert cli.main(["factsheets"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "data folder 'data_samples' not found" in err
    assert "run from the repository root or pass --data DIR" in err

    assert cli.main(["factsheets", "--data", ".", "--workbook", "nowhere.ipynb"]) == 2
    err = capsys.readouterr().err
    assert "workbook 'nowhere.ipynb' not found" in err
    assert "run from the repository root or pass --workbook PATH" in err


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
