"""Warm kernels (issue 20, jsnakit.factsheets.kernels): area after area in one kernel, put back as fresh between
them, replaced after a failure and after ``areas_per_kernel`` areas; and no leak between areas: the factsheet made in
a reused kernel equals, byte for byte apart from the date, the one made in a fresh kernel."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from jsnakit.factsheets import html as factsheet
from jsnakit.factsheets.area import KERNEL_ARGS, KERNEL_ENV
from jsnakit.factsheets.kernels import CellFailed, WarmKernel, close_warm_kernels, warm_kernel

REPO = Path(__file__).resolve().parents[1]
WORKBOOK = REPO / "workbooks" / "send_factsheet.ipynb"
SAMPLES = REPO / "data_samples"
ISLINGTON, ROCHDALE, CAMBRIDGESHIRE = "E09000019", "E08000005", "E10000003"


@pytest.fixture(autouse=True)
def inline_backend(monkeypatch):
    for key, value in KERNEL_ENV.items():
        monkeypatch.setenv(key, value)


def _notebook(tmp_path, *sources) -> Path:
    """A workbook of code cells, the first tagged ``parameters`` (area_code)."""
    first = nbformat.v4.new_code_cell('area_code = "E09000019"')
    first.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[first] + [nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "book.ipynb"
    nbformat.write(nb, path)
    return path


def _text(cell) -> str:
    out = []
    for output in cell.outputs:
        out.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "".join(out)


def test_each_area_starts_from_a_fresh_namespace_in_the_same_kernel(tmp_path):
    book = _notebook(
        tmp_path,
        # what a previous area left behind: a name, a matplotlib setting, a warning already shown, an open figure
        "import warnings, matplotlib, matplotlib.pyplot as plt\n"
        "print('leftover' in dir(), matplotlib.rcParams['lines.linewidth'], len(plt.get_fignums()))",
        "leftover = area_code\nmatplotlib.rcParams['lines.linewidth'] = 9.0\nplt.figure()\n"
        "warnings.warn('shown every area', UserWarning)",
        "import os\nos.getpid()",
    )
    kernel = WarmKernel(extra_arguments=KERNEL_ARGS)
    try:
        first = kernel.run(book, {"area_code": ISLINGTON})
        second = kernel.run(book, {"area_code": ROCHDALE})
    finally:
        kernel.close()
    assert kernel.kernels_started == 1
    # the same kernel process ran both
    assert _text(first.cells[-1]) == _text(second.cells[-1])
    # nothing of the first area reached the second: no name, default matplotlib, no figure open
    assert _text(second.cells[2]) == _text(first.cells[2])
    assert _text(first.cells[2]).startswith("False")
    # the warning is shown again (the record of warnings shown is forgotten between areas)
    assert "shown every area" in _text(second.cells[3])
    # execution counts start at 1 for each area, as in a fresh kernel
    counts = [c.execution_count for c in second.cells if c.cell_type == "code"]
    assert counts == [c.execution_count for c in first.cells if c.cell_type == "code"] == [1, 2, 3, 4, 5]
    # papermill's injected cell, with a fixed id (the same page for the same inputs)
    injected = [c for c in second.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and injected[0].id == "injected-parameters"
    assert 'area_code = "E08000005"' in injected[0].source


def test_a_failed_area_gets_a_fresh_kernel_and_areas_per_kernel_is_kept(tmp_path):
    book = _notebook(tmp_path, "import os\nif area_code == 'E08000005':\n    raise ValueError('no data')\nos.getpid()")
    kernel = WarmKernel(extra_arguments=KERNEL_ARGS, areas_per_kernel=2)
    try:
        pids = [_text(kernel.run(book, {"area_code": ISLINGTON}).cells[-1])]
        with pytest.raises(CellFailed) as failed:
            kernel.run(book, {"area_code": ROCHDALE})
        assert (failed.value.cell_index, failed.value.ename, failed.value.evalue) == (2, "ValueError", "no data")
        assert "ValueError" in _text(kernel.notebook.cells[2]) or kernel.notebook.cells[2].outputs
        for _ in range(3):
            pids.append(_text(kernel.run(book, {"area_code": CAMBRIDGESHIRE}).cells[-1]))
    finally:
        kernel.close()
    # kernel 1: Islington, Rochdale (failed: replaced); kernel 2: two areas; kernel 3: the next
    assert kernel.kernels_started == 3
    assert pids[0] != pids[1] and pids[1] == pids[2] and pids[3] != pids[2]
    assert not kernel.alive


def test_one_kernel_per_worker_thread_closed_with_close_warm_kernels():
    first = warm_kernel(extra_arguments=KERNEL_ARGS)
    assert warm_kernel(extra_arguments=KERNEL_ARGS) is first
    assert warm_kernel(extra_arguments=KERNEL_ARGS, areas_per_kernel=1) is not first  # other settings: replaced
    assert close_warm_kernels() == 0  # none had started a kernel
    with pytest.raises(Exception, match="areas_per_kernel must be a whole number"):
        WarmKernel(areas_per_kernel=0)


@pytest.mark.parametrize("bad", [0, -3, True, 2.0, "40"])
def test_areas_per_kernel_is_checked_in_one_place_by_the_kernel_and_the_batch(bad, tmp_path):
    from jsnakit.core.errors import ArgumentError
    from jsnakit.factsheets import batch
    from jsnakit.factsheets.kernels import check_areas_per_kernel

    assert check_areas_per_kernel(100) == 100
    message = f"areas_per_kernel must be a whole number of at least 1; got {bad!r}"
    with pytest.raises(ArgumentError, match=re.escape(message)):
        check_areas_per_kernel(bad)
    with pytest.raises(ArgumentError, match=re.escape(message)):  # before anything is written
        batch.run(["E09000019"], data_dir=tmp_path, out_dir=tmp_path / "out", workbook=tmp_path / "w.ipynb",
                  areas_per_kernel=bad, progress=False)
    assert not (tmp_path / "out").exists()


def _page(nb, code) -> str:
    page = factsheet.to_html(nb, title=f"SEND factsheet: {code}")
    return re.sub(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)"
                  r" 20\d\d\b", "<date>", page)


@pytest.mark.slow
def test_a_reused_kernel_makes_the_same_factsheet_as_a_fresh_one(tmp_path):
    """The issue's proof of no leak: Islington after Rochdale in one kernel, against Islington in a kernel of its
    own: the same HTML, byte for byte apart from the date."""
    parameters = {"data_dir": str(SAMPLES), "period": None}
    reused = WarmKernel(extra_arguments=KERNEL_ARGS)
    try:
        reused.run(WORKBOOK, {"area_code": ROCHDALE, **parameters})
        after_others = _page(reused.run(WORKBOOK, {"area_code": ISLINGTON, **parameters}), ISLINGTON)
        assert reused.kernels_started == 1
    finally:
        reused.close()
    fresh = WarmKernel(extra_arguments=KERNEL_ARGS, areas_per_kernel=1)
    try:
        alone = _page(fresh.run(WORKBOOK, {"area_code": ISLINGTON, **parameters}), ISLINGTON)
    finally:
        fresh.close()
    assert "Islington" in alone and "data:image/png;base64" in alone
    assert after_others == alone
