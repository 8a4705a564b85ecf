"""Reading executed notebooks in the tests: every output of a cell as text, a cell's tags, and the training
notebooks run as a trainer runs them (papermill from their folder, ``data_dir`` the repository's samples)."""
from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAINING = REPO / "workbooks" / "training"
SAMPLES = REPO / "data_samples"


def texts(cell) -> list[str]:
    """Every output of a code cell as text: streams, errors (with their tracebacks) and each display format."""
    out = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            out.append("".join(output["text"]))
        elif output["output_type"] == "error":
            out.append("Traceback " + output["ename"] + ": " + output["evalue"] + "\n".join(output["traceback"]))
        else:
            for kind in ("text/plain", "text/html", "text/markdown"):
                if kind in output.get("data", {}):
                    value = output["data"][kind]
                    out.append(value if isinstance(value, str) else "".join(value))
    return out


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def solutions(nb) -> list:
    return [c for c in nb["cells"] if "solution" in tags(c)]


def cell(nb, suffix: str):
    (found,) = [c for c in nb["cells"] if c["id"].endswith(suffix)]
    return found


def training_runner(out_dir: Path):
    """A function executing a training notebook once (by file name) and returning it as JSON."""
    import papermill

    done = {}

    def execute(name: str) -> dict:
        if name not in done:
            papermill.execute_notebook(str(TRAINING / name), str(out_dir / name), parameters={"data_dir": str(SAMPLES)},
                                       cwd=str(TRAINING), kernel_name="python3", progress_bar=False)
            done[name] = json.loads((out_dir / name).read_text(encoding="utf-8"))
        return done[name]

    return execute


def check_lesson(path):
    """Assert that a saved training notebook is a lesson, saved clean: nbformat 4.5 with cell ids, no outputs, one
    ``parameters`` cell pointing at the samples, the course's headings, 2-3 exercises, each with ``answer = None``,
    a check, and a collapsed solution that sets the answer and runs the same check. Returns the notebook."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert all(c.get("id") for c in nb.cells)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)  # outputs cleared
    (parameters,) = [c for c in code if "parameters" in tags(c)]
    assert 'data_dir = "../../data_samples"' in parameters.source
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("**Who it is for:**", "**Time:**", "**Learning objectives.**", "## What to take away",
                    "## Further reading"):
        assert heading in text, heading
    assert "**synthetic**" in text or "**made-up toy table**" in text  # says what the data are
    found = solutions(nb)
    assert 2 <= len(found) <= 3
    for cell in found:
        assert cell.metadata["jupyter"]["source_hidden"] is True
        assert "answer = " in cell.source and "check(answer, expected" in cell.source
    answers = [c for c in code if c.source.strip() == "answer = None  # your answer"]
    assert len(answers) == len(found)
    return nb


def check_solved(nb, name: str) -> None:
    """Assert that an executed training notebook ran clean: no traceback and no wrong answer anywhere, every
    solution's check says "✓ Right", and each exercise's check, run before its solution, says "Not answered yet"."""
    for found in nb["cells"]:
        for text in texts(found):
            assert "Traceback" not in text, f"{name}, cell {found['id']}: {text[:2000]}"
            assert "✗ Not yet" not in text, f"{name}, cell {found['id']}: {text[:2000]}"
    answered = solutions(nb)
    assert answered and all(any("✓ Right" in t for t in texts(c)) for c in answered)
    checks = [c for c in nb["cells"] if c["cell_type"] == "code" and "solution" not in tags(c)
              and "".join(c["source"]).startswith("check(answer")]
    assert len(checks) == len(answered)
    assert all(any("Not answered yet" in t for t in texts(c)) for c in checks)
