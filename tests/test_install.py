"""jsnakit installed: the workbook and the sample data ship inside the package (jsnakit.factsheets.resources finds them), so
``jsnakit factsheets`` works from any folder; synthetic_files recognises the samples wherever they are copied."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jsnakit import cli
from jsnakit.factsheets import resources
from jsnakit.core.errors import ArgumentError

REPO = Path(__file__).resolve().parents[1]


def _tracked(*paths: str) -> list[str]:
    """The files git tracks under ``paths`` (relative to the repository), or skip outside a git checkout."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    done = subprocess.run(["git", "ls-files", "--", *paths], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout.split()


# --- resources ----------------------------------------------------------------------------------------------------

def test_the_samples_and_the_workbook_are_found():
    samples, workbook = resources.sample_data_dir(), resources.factsheet_workbook()
    assert samples.is_absolute() and samples.is_dir()
    assert workbook.is_absolute() and workbook.is_file() and workbook.name == "send_factsheet.ipynb"
    # the same files as the repository's, byte for byte (here: the repository's own, or their installed copies)
    for rel in _tracked("data_samples"):
        assert (samples / rel.removeprefix("data_samples/")).read_bytes() == (REPO / rel).read_bytes(), rel
    assert workbook.read_bytes() == (REPO / "workbooks" / "send_factsheet.ipynb").read_bytes()


def test_synthetic_files_recognise_the_samples_wherever_they_are_copied(tmp_path):
    samples = resources.sample_data_dir()
    data = tmp_path / "mixed"
    (data / "deep" / "er").mkdir(parents=True)
    shutil.copy(samples / "dfe_ehc_plans" / "caseload.csv", data / "deep" / "er" / "renamed.csv")
    shutil.copy(samples / "ons_mye" / "ukpopestimatesmid2024on2023geography.xlsx", data / "mye.xlsx")
    changed = (samples / "dfe_ehc_plans" / "timeliness_20_week.csv").read_bytes().replace(b"\n", b"\r\n", 1)
    (data / "timeliness_20_week.csv").write_bytes(changed)  # one byte more: not a sample any longer
    shutil.copy(samples / "README.md", data / "README.md")  # notes are not inputs
    (data / "real.csv").write_text("area_code,count\nE09000019,1\n", encoding="utf-8")
    assert resources.synthetic_files(data) == [data / "deep" / "er" / "renamed.csv", data / "mye.xlsx"]

    every = resources.synthetic_files(samples)
    inputs = [rel for rel in _tracked("data_samples") if not rel.endswith((".md", ".txt"))]
    assert sorted(p.relative_to(samples).as_posix() for p in every) == sorted(
        rel.removeprefix("data_samples/") for rel in inputs)
    assert resources.synthetic_files(tmp_path / "mixed" / "deep") == [data / "deep" / "er" / "renamed.csv"]


def test_synthetic_files_of_a_real_folder_is_empty(real):
    assert resources.synthetic_files(real) == []


def test_synthetic_files_needs_a_folder(tmp_path):
    with pytest.raises(ArgumentError) as caught:
        resources.synthetic_files(tmp_path / "nowhere")
    assert str(caught.value) == f"data_dir must be an existing folder; got {tmp_path / 'nowhere'!r}"
    with pytest.raises(ArgumentError, match="^data_dir must be an existing folder; got None$"):
        resources.synthetic_files(None)


def test_a_missing_resource_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(resources, "_REPOSITORY", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"^jsnakit's no_such_folder is not installed \(looked in .*"
                                                r"no_such_folder\); reinstall jsnakit with `pip install \.`"):
        resources._locate("no_such_folder", "no_such_folder")


# --- the wheel ----------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_wheel_holds_the_workbook_every_sample_file_and_every_module(tmp_path):
    """Built from the tracked files only (as from a fresh clone), in a copy, so the checkout gets no build/."""
    source = tmp_path / "source"
    for rel in _tracked("."):
        if (REPO / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, source / rel)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(tmp_path / "dist")],
                          cwd=source, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "dist").glob("jsnakit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    shipped = _tracked("data_samples", "workbooks/send_factsheet.ipynb")
    assert "workbooks/send_factsheet.ipynb" in shipped and len(shipped) > 30
    assert {f"jsnakit/{rel}" for rel in shipped} <= names
    package = [rel for rel in _tracked("jsnakit") if not rel.endswith((".pyc",))]
    assert set(package) <= names  # every module, sub-package and data file of jsnakit
    others = {n for n in names if n.startswith("jsnakit/workbooks/")} - {"jsnakit/workbooks/send_factsheet.ipynb"}
    assert others == set()  # the training and explore notebooks stay in the repository
    assert {n for n in names if not n.startswith(("jsnakit/", "jsnakit-"))} == set()


# --- from any folder ----------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_jsnakit_factsheets_from_another_folder(tmp_path, monkeypatch, capsys):
    """``jsnakit factsheets`` with no --data and no --workbook, run from a folder holding neither."""
    monkeypatch.chdir(tmp_path)
    argv = ["factsheets", "--areas", "E09000019", "--out", "out", "--workers", "1", "--quiet"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("factsheets: 1 done, 0 failed, 0 skipped in ") and out.endswith(" -> out/index.html\n")
    page = (tmp_path / "out" / "E09000019.html").read_text(encoding="utf-8")
    assert "Islington" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing else written in the current folder
