"""Where does the time of a factsheet batch go? The workbook's own work, kernels and papermill, and the batch.

Run from the repository root::

    python benchmarks/batch.py [--areas CODE ...] [--workbook PATH] [--data DIR] [--repeat N]

For the same areas (default: the sample areas Islington, Rochdale, Cambridgeshire) it measures, in one process and
one go, so every ratio compares numbers taken on the same machine at the same time:

(a) in-process baseline: the workbook's code cells run with ``exec`` in a fresh namespace in this process, the
    parameters cell followed by the injected parameters, matplotlib on Agg, ``IPython.display.display`` working
    (an in-process IPython shell computes the same rich reprs -- PNG for figures, HTML for tables -- that the kernel
    would, and a cell's last expression is displayed, as in Jupyter). One untimed warm-up first, so the baseline
    is the work itself, not the imports; the cold first run is reported separately. Of the warm runs, the part
    spent drawing the charts to PNG (``jsnakit.render.embed.figure_png``: layout, drawing, cropping, encoding; not
    the plotting calls before it) is reported too: per area, it is work no batch layout can avoid.
(b) kernel start-up alone: nbclient with an empty notebook, start-up (kernel process + client ready).
(c) papermill per area: a *bare* notebook that only does the workbook's imports (its ``import`` and ``from ...
    import`` lines, after a parameters cell) -- what every fresh kernel pays before any work -- and the whole
    workbook, as an analyst runs one area by hand (``batch.papermill_options``: immediate shutdown).
(d) the full batch (``jsnakit.factsheets.batch.run``: the workbook in warm kernels + HTML export + downloads +
    manifest and index writes), ``force=True``, with 1 and 2 workers, each with a fresh kernel for every area
    (``areas_per_kernel=1``) and with kernels reused (the default); "per area" is the batch's wall time divided by
    the number of areas.

It prints seconds per area, the mean, and each mean as a multiple of (a) and of the bare papermill run; then the
issue-20 goal's ratio: the batch's wall time against the same number of bare papermill runs spread over the same
workers (goal: 0.5 or less). With a few areas the first area of each kernel (its start, imports and the national
work read into memory) weighs on that ratio; ``--england`` adds (e), the batch of every upper-tier LA on 2 workers,
the case the goal is set for, and the floor under it: the in-process work of a few typical LAs, and of it the
drawing of the charts, over 2 workers (what the batch would take if kernels, export and downloads cost nothing).
``--own`` measures only (f), the batch's own process for every LA with each area's page handed back at once: the
most a batch can make per second however many workers (a dask cluster's) make the pages, with the index rewritten
after every area and every ``INDEX_EVERY`` seconds. No thresholds: it informs, it does not fail.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_AREAS = ("E09000019", "E08000005", "E10000003")


# ------------------------------------------------------------------------------------------------ (a) in-process

class _InProcess:
    """Run a notebook's code cells with exec, IPython-style display included, in this process."""

    def __init__(self):
        import matplotlib

        matplotlib.use("Agg")
        from IPython.core.displaypub import DisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        from IPython.core.pylabtools import select_figure_formats

        class Capture(DisplayPublisher):
            def __init__(self, *a, **kw):
                super().__init__(*a, **kw)
                self.outputs = []

            def publish(self, data, metadata=None, *args, **kwargs):
                self.outputs.append(data)

        self.shell = InteractiveShell.instance()
        self.shell.display_pub = Capture(shell=self.shell)
        select_figure_formats(self.shell, {"png"})
        from IPython.core.inputtransformer2 import TransformerManager

        self.transform = TransformerManager().transform_cell
        self.drawing = 0.0  # seconds in jsnakit.render.embed.figure_png, over every run

    def run(self, cells: list[str]) -> int:
        """Execute the cells; return how many outputs were displayed. Adds the seconds spent in
        ``jsnakit.render.embed.figure_png`` to ``self.drawing``."""
        from jsnakit.render import embed

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return draw(*args, **kwargs)
            finally:
                self.drawing += time.perf_counter() - start

        draw, embed.figure_png = embed.figure_png, timed
        try:
            return self._run(cells)
        finally:
            embed.figure_png = draw

    def _run(self, cells: list[str]) -> int:
        import matplotlib.pyplot as plt
        from IPython.display import display

        self.shell.display_pub.outputs.clear()
        ns = {"__name__": "__main__", "get_ipython": lambda: self.shell}
        with contextlib.redirect_stdout(io.StringIO()):
            for index, source in enumerate(cells):
                tree = ast.parse(self.transform(source), filename=f"<cell {index}>")
                last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                exec(compile(tree, f"<cell {index}>", "exec"), ns)
                if last is not None:
                    value = eval(compile(ast.Expression(last.value), f"<cell {index}>", "eval"), ns)
                    if value is not None:
                        display(value)
                for number in plt.get_fignums():  # what the inline backend does at the end of a cell
                    display(plt.figure(number))
                plt.close("all")
        return len(self.shell.display_pub.outputs)


def _code_cells(workbook: Path, parameters: dict) -> list[str]:
    import json  # not nbformat: importing it (jsonschema's format checkers) costs ~1.4 s, which is not the point

    nb = json.loads(Path(workbook).read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        cells.append(source if isinstance(source, str) else "".join(source))
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cells.append("".join(f"{k} = {v!r}\n" for k, v in parameters.items()))
    return cells


# -------------------------------------------------------------------------------------------------- (b) kernel

def _kernel_cycle(kernel_name: str, shutdown: str) -> tuple[float, float]:
    import nbformat
    from nbclient import NotebookClient

    from jsnakit.factsheets import batch

    client = NotebookClient(nbformat.v4.new_notebook(), kernel_name=kernel_name, shutdown_kernel=shutdown,
                            extra_arguments=list(batch.KERNEL_ARGS))
    start = time.perf_counter()
    with client.setup_kernel():
        ready = time.perf_counter()
    return ready - start, time.perf_counter() - ready


# ------------------------------------------------------------------------------------------------ (c) papermill

def _bare_workbook(workbook: Path, target: Path) -> Path:
    """A notebook of the workbook's parameters cell and its import lines only (what a fresh kernel pays first)."""
    import nbformat

    nb = nbformat.read(workbook, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    params = next(c for c in cells if "parameters" in c.metadata.get("tags", []))
    imports = [line for c in cells for line in c.source.splitlines()
               if line.startswith("import ") or (line.startswith("from ") and " import " in line)]
    bare = nbformat.v4.new_notebook(metadata=nb.metadata)
    bare.cells = [params, nbformat.v4.new_code_cell("\n".join(dict.fromkeys(imports)))]
    nbformat.write(bare, target)
    return target


def _papermill(workbook: Path, area: str, data: Path, shutdown: str, tmp: Path) -> float:
    import papermill

    from jsnakit.factsheets import batch

    start = time.perf_counter()
    papermill.execute_notebook(
        str(workbook), str(tmp / f"{area}.ipynb"),
        parameters={"area_code": area, "data_dir": str(data), "period": None},
        **batch.papermill_options(shutdown=shutdown),
    )
    return time.perf_counter() - start


# ------------------------------------------------------------------------------------------------------- report

def _own(args) -> int:
    """(f) The batch's own process: every LA, each area's worker replaced by one that hands back a real page at once,
    so what is left is what the batch itself does per area (records, the page and its downloads written, the
    manifest, the index), once with the index rewritten after every area and once every ``INDEX_EVERY`` seconds."""
    from jsnakit.core import geography
    from jsnakit.factsheets import batch

    every = geography.local_authorities()["area_code"].tolist()
    data, workbook = args.data.resolve(), args.workbook.resolve()
    with tempfile.TemporaryDirectory() as out:
        made = batch.run([SAMPLE_AREAS[0]], data_dir=data, out_dir=out, workbook=workbook, workers=1, force=True,
                         progress=False)
        page = (Path(out) / made.records[0].output).read_text(encoding="utf-8")

    def at_once(area_code, **kwargs):
        return {"area_code": area_code, "status": "done", "seconds": 0.0, "html": page}

    real, every_s = batch._execute_area, batch.INDEX_EVERY
    batch._execute_area = at_once
    try:
        walls = {}
        for interval in (0.0, every_s):
            batch.INDEX_EVERY = interval
            with tempfile.TemporaryDirectory() as out:
                start = time.perf_counter()
                batch.run(every, data_dir=data, out_dir=out, workbook=workbook, workers=2, executor="thread",
                          force=True, progress=False)
                walls[interval] = time.perf_counter() - start
    finally:
        batch._execute_area, batch.INDEX_EVERY = real, every_s
    print(f"(f) the batch's own process, {len(every)} LAs handed back at once ({len(page) / 1e6:.1f} MB a page): "
          f"index after every area {walls[0.0]:.1f} s ({walls[0.0] / len(every):.3f} s/area); index every "
          f"{every_s:g} s {walls[every_s]:.1f} s ({walls[every_s] / len(every):.3f} s/area), "
          f"{walls[0.0] / walls[every_s]:.2f}x faster")
    return 0


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", nargs="+", default=list(SAMPLE_AREAS), metavar="CODE")
    parser.add_argument("--workbook", type=Path, default=Path("workbooks/send_factsheet.ipynb"))
    parser.add_argument("--data", type=Path, default=Path("data_samples"))
    parser.add_argument("--repeat", type=int, default=1, help="runs per area for (a) and (c); median kept")
    parser.add_argument("--kernel-repeat", type=int, default=3, help="kernel start-ups for (b); median kept")
    parser.add_argument("--england", action="store_true",
                        help="also (e): the batch of every upper-tier LA (jsnakit factsheets --all --force), 2 "
                             "workers, and the issue-20 goal's ratio for it (about 5 minutes more)")
    parser.add_argument("--own", action="store_true",
                        help="only (f): the batch's own process for every LA, each area's page handed back at once "
                             "(about a minute)")
    args = parser.parse_args(argv)
    if args.own:
        return _own(args)
    import nbformat

    from jsnakit.factsheets import batch
    from jsnakit.core import geography

    for path, flag in ((args.workbook, "--workbook"), (args.data, "--data")):
        if not path.exists():
            parser.error(f"{path} not found (in {os.getcwd()}); run from the repository root or pass {flag}")
    areas = [geography.area(a)["area_code"] for a in args.areas]
    data = args.data.resolve()
    workbook = args.workbook.resolve()
    kernel_name = nbformat.read(workbook, as_version=4).metadata.get("kernelspec", {}).get("name", "python3")
    print(f"workbook {args.workbook} | data {args.data} | areas {', '.join(areas)} | cores {batch.default_workers()}"
          f" | python {sys.version.split()[0]}", flush=True)

    rows: list[tuple[str, dict[str, float] | None, float]] = []

    # (a)
    runner = _InProcess()
    params = {a: {"area_code": a, "data_dir": str(data), "period": None} for a in areas}
    start = time.perf_counter()
    outputs = runner.run(_code_cells(workbook, params[areas[0]]))
    cold = time.perf_counter() - start
    base = {}
    runner.drawing = 0.0
    for a in areas:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            runner.run(_code_cells(workbook, params[a]))
            times.append(time.perf_counter() - start)
        base[a] = statistics.median(times)
    base_mean = statistics.fmean(base.values())
    rows.append(("(a) in-process exec (warm)", base, base_mean))
    drawing = runner.drawing / (len(areas) * args.repeat)
    rows.append(("(a) of which drawing the charts to PNG (mean)", None, drawing))
    rows.append(("(a) in-process exec, cold first run", None, cold))
    print(f"(a) done: {outputs} outputs displayed per area", flush=True)

    with batch._kernel_env(), tempfile.TemporaryDirectory() as tmp:
        # (b)
        startup = statistics.median([_kernel_cycle(kernel_name, "immediate")[0] for _ in range(args.kernel_repeat)])
        rows.append(("(b) kernel start-up (empty notebook)", None, startup))
        print("(b) done", flush=True)

        # (c)
        bare_book = _bare_workbook(workbook, Path(tmp) / "bare.ipynb")
        bare = {a: statistics.median([_papermill(bare_book, a, data, "immediate", Path(tmp))
                                      for _ in range(args.repeat)]) for a in areas}
        bare_mean = statistics.fmean(bare.values())
        rows.append(("(c) papermill, bare: the workbook's imports only", bare, bare_mean))
        whole = {a: statistics.median([_papermill(workbook, a, data, "immediate", Path(tmp))
                                       for _ in range(args.repeat)]) for a in areas}
        rows.append(("(c) papermill, the whole workbook", whole, statistics.fmean(whole.values())))
        print("(c) done", flush=True)

    # (d)
    full = {}
    for reuse, per_kernel in (("fresh kernel per area", 1), ("kernels reused", batch.AREAS_PER_KERNEL)):
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as out:
                start = time.perf_counter()
                manifest = batch.run(areas, data_dir=data, out_dir=out, workbook=workbook, workers=workers,
                                     force=True, progress=False, areas_per_kernel=per_kernel)
                wall = time.perf_counter() - start
            if manifest.failed:
                print(f"(d) warning: {len(manifest.failed)} area(s) failed: {manifest[manifest.failed[0]].error}")
            per_area = {r.area_code: r.seconds for r in manifest.records}
            full[(per_kernel, workers)] = wall / len(areas)
            rows.append((f"(d) batch, {workers} worker{'s' if workers > 1 else ''}, {reuse} (wall/area)",
                         per_area, full[(per_kernel, workers)]))
    print("(d) done; for (d) the per-area columns are each area's own seconds inside its worker\n", flush=True)

    label_w = max(len(r[0]) for r in rows)
    header = (f"{'measurement':<{label_w}}  " + "  ".join(f"{a:>9}" for a in areas)
              + f"  {'s/area':>8}  {'x (a)':>7}  {'x bare':>7}")
    print(header)
    print("-" * len(header))
    for label, per_area, mean in rows:
        cols = "  ".join(f"{_fmt(per_area.get(a) if per_area else None):>9}" for a in areas)
        print(f"{label:<{label_w}}  {cols}  {mean:>8.3f}  {mean / base_mean:>7.2f}  {mean / bare_mean:>7.2f}")
    print()
    for workers in (1, 2):
        goal = full[(batch.AREAS_PER_KERNEL, workers)] / (bare_mean / workers)
        print(f"issue 20 goal, {workers} worker{'s' if workers > 1 else ''}: batch wall time / bare papermill runs "
              f"over the same workers = {full[(batch.AREAS_PER_KERNEL, workers)]:.3f} / {bare_mean / workers:.3f}"
              f" = {goal:.2f} (goal <= 0.5)")
    print(f"kernels reused vs a fresh kernel per area, 2 workers: "
          f"{full[(1, 2)] / full[(batch.AREAS_PER_KERNEL, 2)]:.2f}x faster per area")
    reused = batch.AREAS_PER_KERNEL
    print(f"2 workers vs 1 (kernels reused): {full[(reused, 1)] / full[(reused, 2)]:.2f}x faster per area")
    if args.england:  # (e)
        every = geography.local_authorities()["area_code"].tolist()
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            manifest = batch.run(every, data_dir=data, out_dir=out, workbook=workbook, workers=2, force=True,
                                 progress=False)
            wall = time.perf_counter() - start
        bare_runs = len(every) * bare_mean / 2
        print(f"(e) every LA ({len(every)}; {len(manifest.done)} done), 2 workers, kernels reused: {wall:.1f} s; "
              f"{len(every)} bare papermill runs over 2 workers: {len(every)} x {bare_mean:.3f} / 2 = "
              f"{bare_runs:.1f} s; issue 20 goal ratio = {wall / bare_runs:.2f} (goal <= 0.5)")
        # What no batch layout avoids: the workbook's own work for typical areas (the sample areas add the gap
        # analysis, which the others have no data for), and of it the drawing of the charts.
        typical, ran, took = [a for a in every if a not in areas][:: max(1, len(every) // 6)][:6], [], 0.0
        runner.drawing = 0.0
        for a in typical:
            start, drawn_before = time.perf_counter(), runner.drawing
            try:
                runner.run(_code_cells(workbook, {"area_code": a, "data_dir": str(data), "period": None}))
            except Exception as err:  # noqa: BLE001 - an area the folder cannot make: left out of the floor
                print(f"    (typical LA {a} left out: {type(err).__name__}: {err})")
                runner.drawing = drawn_before
                continue
            took += time.perf_counter() - start
            ran.append(a)
        typical = ran or ["none"]
        work, drawn = took / max(len(ran), 1), runner.drawing / max(len(ran), 1)
        print(f"    in-process work of {len(typical)} typical LAs ({', '.join(typical)}): {work:.3f} s/area, of which "
              f"drawing the charts {drawn:.3f}; over 2 workers, {len(every)} areas take at least "
              f"{len(every) * work / 2:.1f} s (ratio {len(every) * work / 2 / bare_runs:.2f}), the charts alone "
              f"{len(every) * drawn / 2:.1f} s (ratio {len(every) * drawn / 2 / bare_runs:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
