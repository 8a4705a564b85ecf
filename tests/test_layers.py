"""The layers of DESIGN.md as import-linter contracts (issue 16): each subpackage imports only from those below it,
imports inside functions included; and the module paths of 0.1 still work for one release, with a warning."""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_layer_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_the_contract_fails_when_a_layer_imports_upward(tmp_path):
    # The contract can fail: a copy of the package in which core imports render breaks it.
    import shutil

    shutil.copytree(ROOT / "jsnakit", tmp_path / "jsnakit", ignore=shutil.ignore_patterns("__pycache__"))
    errors = tmp_path / "jsnakit" / "core" / "errors.py"
    errors.write_text(errors.read_text() + "\n\ndef _up():\n    from ..render import charts  # noqa: F401\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(tmp_path / "pyproject.toml")], cwd=tmp_path,
                            capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    assert result.returncode != 0
    assert "jsnakit.core is not allowed to import jsnakit.render" in result.stdout


@pytest.mark.parametrize("old, new", [("profile", "jsnakit.needs.profile"), ("methods", "jsnakit.stats.methods"),
                                      ("factsheet", "jsnakit.factsheets.html"), ("errors", "jsnakit.core.errors")])
def test_an_old_path_is_the_new_module_with_a_deprecation_warning(old, new):
    with pytest.warns(DeprecationWarning, match=f"jsnakit.{old} has moved to {new}"):
        module = importlib.import_module(f"jsnakit.{old}")
    assert module is importlib.import_module(new)


def test_from_jsnakit_import_an_old_name_warns_and_gives_the_new_module():
    code = ("import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
            "try:\n    from jsnakit import profile\nexcept DeprecationWarning as w:\n    print(w)\n"
            "warnings.simplefilter('ignore')\nfrom jsnakit import profile\nimport jsnakit.needs.profile as new\n"
            "print(profile is new)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.split("\n")[:2] == ["jsnakit.profile has moved to jsnakit.needs.profile; the old path goes "
                                              "in the next release", "True"], result.stderr[-2000:]


def test_the_new_paths_import_without_warnings():
    code = ("import warnings; warnings.simplefilter('error', DeprecationWarning); "
            "import jsnakit.cli, jsnakit.samples, jsnakit.widgets, jsnakit.factsheets.batch, jsnakit.render.maps")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
