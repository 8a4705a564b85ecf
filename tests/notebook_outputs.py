"""Reading executed notebooks in the tests: every output of a cell as text, a cell's tags, and the training
notebooks run as a trainer runs them (papermill from their folder, ``data_dir`` the repository's samples), and
the checks of a saved training notebook (a lesson, shipped with its outputs, that shows no right answer)."""
from __future__ import annotations

import json
import re
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
    """A function executing a training notebook once (by file name) and returning it as JSON. The saved outputs are
    cleared first, so what a test reads is what this run made, never what the notebook was shipped with."""
    import nbformat
    import papermill

    done = {}

    def execute(name: str) -> dict:
        if name not in done:
            clean = nbformat.read(TRAINING / name, as_version=4)
            for found in clean.cells:
                if found.cell_type == "code":
                    found.outputs, found.execution_count = [], None
            nbformat.write(clean, out_dir / f"clean-{name}")
            papermill.execute_notebook(str(out_dir / f"clean-{name}"), str(out_dir / name),
                                       parameters={"data_dir": str(SAMPLES)}, cwd=str(TRAINING),
                                       kernel_name="python3", progress_bar=False)
            done[name] = json.loads((out_dir / name).read_text(encoding="utf-8"))
        return done[name]

    return execute


CHECK = re.compile(r'course\.check\("(\d\d)\.(\d)", answer\)')
ANSWER = "answer = None  # your answer"
PNG = re.compile(r"(?<=data:image/png;base64,)[A-Za-z0-9+/=\n]+")


def check_lesson(path):
    """Assert that a saved training notebook is a lesson, saved with small outputs: nbformat 4.5 with cell ids, every
    code cell run once in order with no error and no wrong answer, one ``parameters`` cell pointing at the samples,
    the course's headings, 2-3 exercises, each with ``answer = None``, a check ``course.check("NN.k", answer)`` and a
    solution (source and output collapsed) that sets the answer and runs the same check; no right answer is worked
    out or shown above an answer cell (:func:`check_no_answer_shown`). Returns the notebook."""
    import nbformat

    assert path.stat().st_size < 400_000, f"{path.name}: {path.stat().st_size:,} bytes"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert all(c.get("id") for c in nb.cells)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # saved after one run, top to bottom
    for found in code:
        assert all(o["output_type"] != "error" for o in found.outputs), found.id
        shown = "".join(texts(found))
        assert "✗ Not yet" not in shown and "Traceback" not in shown, found.id
        pictures = PNG.findall(shown)
        assert all(len(p) < 250_000 for p in pictures), found.id  # compact PNGs (training.save_with_outputs)
        assert len(PNG.sub("", shown)) < 40_000, found.id  # the rest: tables and sentences, not pages
    (parameters,) = [c for c in code if "parameters" in tags(c)]
    assert 'data_dir = "../../data_samples"' in parameters.source
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("**Who it is for:**", "**Time:**", "**Learning objectives.**", "**How to use it.**",
                    "## What to take away", "## Further reading"):
        assert heading in text, heading
    assert "**synthetic**" in text or "**made-up toy table**" in text  # says what the data are
    found = solutions(nb)
    assert 2 <= len(found) <= 3
    number = path.name[:2]
    for k, cell in enumerate(found, start=1):
        assert cell.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
        assert "answer = " in cell.source and cell.source.rstrip().endswith(f'course.check("{number}.{k}", answer)')
    checks = [c for c in code if CHECK.fullmatch(c.source.strip())]
    assert [c.source for c in checks] == [f'course.check("{number}.{k}", answer)' for k in range(1, len(found) + 1)]
    assert all("Not answered yet" in "".join(texts(c)) for c in checks)
    answers = [c for c in code if c.source.strip() == ANSWER]
    assert len(answers) == len(found)
    check_no_answer_shown(nb)
    return nb


def check_no_answer_shown(nb) -> None:
    """Assert that no cell a trainee sees above an answer cell works out or shows a right answer: no cell tagged
    ``expected``, no code but a solution's names ``expected`` or calls the bare ``check(answer, expected)``, every
    check is the library's ``course.check(key, answer)`` (the right answer is worked out in jsnakit.widgets.training),
    and no saved output but a collapsed solution's says "✓ Right"."""
    cells = nb["cells"]
    last_answer = max(i for i, c in enumerate(cells) if "".join(c["source"]).strip() == ANSWER)
    for found in cells[:last_answer]:
        if found["cell_type"] != "code" or "solution" in tags(found):
            continue
        source = "".join(found["source"])
        assert "expected" not in tags(found) and "expected" not in source, found["id"]
        assert not re.search(r"(?<![.\w])check\(", source), found["id"]
        assert "✓ Right" not in "".join(texts(found)), found["id"]
    for found in solutions(nb):
        assert "expected" not in "".join(found["source"]), found["id"]


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
              and CHECK.fullmatch("".join(c["source"]).strip())]
    assert len(checks) == len(answered)
    assert all(any("Not answered yet" in t for t in texts(c)) for c in checks)
