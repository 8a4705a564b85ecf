"""Every example in jsnakit's docstrings runs and prints what it says (CONVENTIONS.md habit 9).

Run through the installed package (not ``--doctest-modules`` on the source tree), so the suite tests what
``pip install`` put in place."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import jsnakit

MODULES = sorted(m.name for m in pkgutil.walk_packages(jsnakit.__path__, "jsnakit.") if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_examples_are_there():
    attempted = sum(doctest.testmod(importlib.import_module(n)).attempted for n in MODULES)
    assert attempted >= 20
