"""Shared fixtures: paths to the repository, the sample data and (when present) the real files in ../shared."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")
# Parsed-frame cache of this test run (kernels of executed notebooks inherit it); never the user's ~/.cache.
os.environ["JSNAKIT_CACHE"] = tempfile.mkdtemp(prefix="jsnakit-test-cache-")
# A chart that falls short of WCAG 2.2's colour contrast is an error in the kernels the tests start too, so a batch
# test fails on it (the warning's message starts "Chart contrast:"; pyproject.toml's filterwarnings does the same in
# the tests' own process).
CONTRAST_AS_ERROR = "error:Chart contrast:UserWarning"
os.environ["PYTHONWARNINGS"] = ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"), CONTRAST_AS_ERROR]))

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data_samples"
SHARED = REPO.parent / "shared"
REAL = SHARED / "data" / "real"


@pytest.fixture(scope="session")
def real():
    """The folder of real published files, or skip when ../shared is not beside the project (fail instead when
    ``JSNAKIT_REAL_DATA`` is ``required``, as ``.ci/run`` sets it where the folder is present)."""
    if not REAL.is_dir():
        reason = f"the real published files are not at {REAL} (../shared is not beside the project)"
        if os.environ.get("JSNAKIT_REAL_DATA") == "required":
            pytest.fail(f"JSNAKIT_REAL_DATA=required, but {reason}")
        pytest.skip(reason)
    return REAL


@pytest.fixture(scope="session")
def samples():
    return SAMPLES


@pytest.fixture(scope="session")
def real_catalog(real):
    """A catalogue of the real published files, shared by the tests of a session (one pytest worker)."""
    from jsnakit.catalog import Catalog

    return Catalog(real)


@pytest.fixture(scope="session")
def real_published(real_catalog):
    """The published national frame of the real files (:func:`jsnakit.needs.profile.published`), made once."""
    from jsnakit.needs import profile

    return profile.published(real_catalog)


@pytest.fixture(scope="session")
def national():
    """The national indicator frame computed once from the sample data."""
    from jsnakit.needs import profile
    from jsnakit.catalog import Catalog

    return profile.national(Catalog(SAMPLES))


@pytest.fixture
def data_dir(tmp_path):
    """A data folder of one small stand-in file, for batches of the stub workbook (tests/test_batch.py,
    tests/test_batch_safety.py)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "sen_pupils.csv").write_text("area_code,count\nE09000019,100\n", encoding="utf-8")
    return data


@pytest.fixture
def close_figures():
    """Close every matplotlib figure after the test (for the modules that draw)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
