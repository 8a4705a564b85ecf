"""The analyst's entry point, ``workbooks/explore.ipynb``, executed top to bottom with papermill as JupyterLab would
run it (from ``workbooks/``, with its relative ``data_dir``): each of its three widget cells shows a widget, and the
widget state saved with the executed notebook shows charts and tables for the area passed as a parameter, with no
traceback anywhere."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill
import pytest

REPO = Path(__file__).resolve().parents[1]
WORKBOOKS = REPO / "workbooks"
ROCHDALE = "Rochdale (E08000005)"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["explore.ipynb", "explore_area.ipynb"])
def test_notebook_is_clean(name):
    """Saved without outputs, nbformat 4.5 with cell ids, one cell tagged ``parameters`` holding the defaults."""
    notebook = nbformat.read(WORKBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert all(cell.get("id") for cell in notebook.cells)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    tagged = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert 'data_dir = "../data_samples"' in tagged[0].source and 'area_code = "E09000019"' in tagged[0].source


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    out = tmp_path_factory.mktemp("explore") / "explore.ipynb"
    papermill.execute_notebook(WORKBOOKS / "explore.ipynb", out, parameters={"area_code": "E08000005"},
                               cwd=WORKBOOKS, kernel_name="python3", progress_bar=False)
    return nbformat.read(out, as_version=4)


def test_every_widget_cell_shows_a_widget(executed):
    shown = [cell.source.splitlines()[0].split(" = ")[1].split("(")[0] for cell in executed.cells
             if cell.cell_type == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs)]
    assert shown == ["AreaExplorer", "GapExplorer", "ProjectionPlayground", "PictureExplorer"]
    errors = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "error" or "Traceback" in json.dumps(o)]
    assert errors == []


def test_widgets_show_the_area_passed(executed):
    state = executed.metadata["widgets"][WIDGET_STATE]["state"]
    models = [model["state"] for model in state.values()]
    areas = [m["value"] for m, model in zip(models, state.values()) if model["model_name"] == "ComboboxModel"]
    assert areas == [ROCHDALE] * 4  # the injected parameter reached every explorer
    outputs = [m["outputs"] for m, model in zip(models, state.values()) if model["model_name"] == "OutputModel"]
    # area explorer: trend, neighbours, map; gap explorer: shortfall, map; playground: fan chart; picture: outcomes
    assert len(outputs) == 7 and all('<img src="data:image/png;base64,' in o[0]["data"]["text/html"]
                                     for o in outputs)
    html = [m["value"] for m, model in zip(models, state.values()) if model["model_name"] == "HTMLModel"]
    tables = [h for h in html if h.startswith('<table class="jsnakit-table">')]
    assert any("<caption>Pupils with an EHC plan, 2025/26: Rochdale" in t for t in tables)
    assert any("<caption>Projected EHC plans, Rochdale" in t for t in tables)
    assert any(h.startswith("<p><strong>Findings for Rochdale</strong></p>") for h in html)
    everything = json.dumps(state)
    assert "Traceback" not in everything and "Something went wrong" not in everything
