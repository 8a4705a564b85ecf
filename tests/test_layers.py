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


def _modules():
    package = ROOT / "jsnakit"
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def test_no_module_imports_a_private_name_of_another():
    # A private helper several modules need is a public name of a shared module (issue 16); dunders are not private.
    import ast

    found = []
    for name, path in _modules():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom):
                continue
            base = package.split(".")
            if node.level > 1:
                base = base[:len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else [])) if node.level else (node.module or "")
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and target.startswith("jsnakit") and target != name:
                    found.append(f"{name} imports {target}.{alias.name} (line {node.lineno})")
    assert not found, "\n".join(found)


def test_every_file_can_be_read_in_a_sitting():
    sizes = {str(path.relative_to(ROOT)): len(path.read_text().splitlines()) for _, path in _modules()}
    assert not {f: n for f, n in sizes.items() if n > 600}
    assert sum(sizes.values()) > 20000  # the whole package is there


def test_the_curated_api_resolves():
    import jsnakit

    assert {"Catalog", "published", "comparison_frame", "project", "analyse", "audit"} <= set(jsnakit.__all__)
    for name in jsnakit.__all__:
        assert getattr(jsnakit, name) is not None, name
    assert jsnakit.Catalog is importlib.import_module("jsnakit.catalog").Catalog
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        jsnakit.nothing


def test_a_disclosed_frame_shows_its_formatted_view_whatever_was_imported():
    # disclosure cannot import render (a layer above it): the package root loads render on the first view.
    code = ("import sys\nfrom jsnakit import disclosure\nfrom jsnakit.core import schema\n"
            "f = schema.empty().reindex(range(2)).assign(indicator='x', area_code='E09000019', period='2025/26', "
            "breakdown='need', category=['a', 'b'], count=[3.0, 40.0], denominator=100.0, value=[3.0, 40.0], "
            "comparison='not compared')\n"
            "shown = disclosure.apply(f, disclosure.Rules(secondary=False))\n"
            "print('jsnakit.render' in sys.modules)\nprint(shown._repr_html_()[:80])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    lines = result.stdout.splitlines()
    assert lines[0] == "False", result.stderr[-2000:]
    assert lines[1].startswith('<table class="jsnakit-table">') and "Disclosed indicator frame: 2 rows" in lines[2]
