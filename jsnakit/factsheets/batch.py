"""Batch factsheets: one papermill run per area, in parallel, resumable, with a manifest and an index page.

:func:`run` executes the factsheet workbook (``workbooks/send_factsheet.ipynb``) once per area with the parameters
``area_code``, ``data_dir`` and ``period``, turns each executed notebook into a self-contained HTML page
(:func:`jsnakit.factsheets.html.to_html`) and writes, in ``out_dir``::

    <area_code>.html          one factsheet per area that succeeded
    failed/<area_code>.ipynb  the executed notebook of an area that failed, with papermill's banner at the top
                              linking to the failing cell
    manifest.json             one record per area (see :class:`AreaRecord`), rewritten after every area
    index.html                every area with its status, time and a link (see :func:`jsnakit.factsheets.html.write_index`)

Every file is written atomically (temporary file in the same folder, then :func:`os.replace`).

Shared work
    Before the workers start, :func:`shared_work` computes the national indicator frame and every area's need-by-age
    grid after disclosure control, once and together (:func:`jsnakit.needs.profile.published_all`, cached as parquet in
    the catalogue's cache folder), and audits it (:func:`audit_published`); every area's notebook then reads it from
    the cache instead of recomputing it (about 5-10 s on the sample data).

Resume and skip
    Each record keeps the ``input_hash`` of what produced it: SHA-256 over the data folder's files (relative names
    and bytes, sorted; names starting with ``.`` and ``__pycache__`` left out), the workbook file, jsnakit's own
    package files and the ``period`` parameter. A later run skips an area (status ``skipped``) whose last record is
    ``done`` or ``skipped``, whose HTML still exists and whose hash is unchanged, unless ``force=True``; every other
    area runs, so failed areas are retried. The manifest and the index are rewritten after each area completes, so
    an interrupted batch resumes where it stopped.

Failures
    A failing area never stops the batch. Its executed notebook is saved to ``failed/<area_code>.ipynb`` and its
    record holds the error's public text, the index of the failing cell in the workbook (0-based, as in the workbook
    file) and the notebook's path. **No data value reaches the manifest or the index**: the error is
    :func:`jsnakit.core.errors.public_message` of what the kernel raised (for bad input, each failure's file, relative
    to the data folder, row, column and rule, never what the cell held:
    ``"InputError: dfe_ehc_plans/timeliness_20_week.csv, row 266, column 'plans_issued_within_20_weeks': expected
    no more than 'plans_issued_den' in the same row, of which it is a part"``; for any other error only its type:
    ``"KeyError: details are in the failed notebook"``). The full message and traceback stay in the failed
    notebook, which may hold figures before disclosure control: it is for the analyst, never for readers, and the
    index says so where it links it. Failed records of a manifest written by an older jsnakit (manifest version
    1), whose errors were not yet made public this way, have their error replaced when the folder is next written
    to. **A stale factsheet is removed**: if
    ``<area_code>.html`` exists from an earlier success it is deleted, so no page in ``out_dir`` claims to be current
    when it is not; the index links to the failed notebook instead. When the area later succeeds, its old failed
    notebook is deleted.

Executors
    Work is handed to any :class:`concurrent.futures.Executor`, picked by name from a registry (:func:`executors`,
    :func:`register_executor`): ``"process"`` (default, :class:`~concurrent.futures.ProcessPoolExecutor`),
    ``"thread"`` (:class:`~concurrent.futures.ThreadPoolExecutor`; each area still runs in its own kernel process,
    so threads parallelise fine) and ``"dask"`` when ``dask.distributed`` is installed (a local cluster, or the
    scheduler named by dask's ``scheduler-address`` setting). An Executor object may be passed instead of a name; it
    is used as given and not shut down. The kernels run in the current working directory; paths are passed to them
    absolute.

Speed
    papermill runs with ``progress_bar=False``, ``log_output=False`` and nbclient's ``shutdown_kernel="immediate"``
    (passed through papermill's engine keyword arguments): the kernel is killed once the last cell's outputs have
    arrived instead of being asked to shut down and waited for. Nothing is lost, since nbclient has already
    collected every output; measured on the test stub it saves about 0.5 s of the ~2 s an area takes
    (``benchmarks/batch.py``).

matplotlib backend of the kernels
    Kernels get ``MPLBACKEND=module://matplotlib_inline.backend_inline`` (:data:`KERNEL_ENV`): headless (it
    renders with Agg) and it turns figures into ``image/png`` outputs. Plain ``MPLBACKEND=Agg`` is *not* used:
    under Agg, ``display(fig)`` yields only ``text/plain`` ("<Figure size ...>") and ``plt.show()`` nothing, so the
    factsheets would have no figures. Setting it explicitly also overrides an ``MPLBACKEND`` the user's shell may
    carry (ipykernel only picks the inline backend when the variable is unset).
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .. import __version__
from ..core import geography
from . import html as factsheet
from ..core.errors import NOT_PUBLISHED, ArgumentError, DisclosureError, public_message

__all__ = [
    "run",
    "Manifest",
    "AreaRecord",
    "input_hash",
    "executors",
    "default_workers",
    "register_executor",
    "KERNEL_ENV",
    "STATUSES",
    "shared_work",
    "audit_published",
    "periods",
    "check_period",
    "PERIOD_PATTERN",
]

#: The statuses an area can have in a manifest.
STATUSES = ("done", "failed", "skipped")

#: Environment given to the kernels (see the module notes on the matplotlib backend).
KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}

#: Extra command-line arguments of the kernels: keep ipykernel's start-up chatter (e.g. its warning that the local
#: kernel talks over TCP, once per area) out of the batch's output; errors still show.
KERNEL_ARGS = ("--IPKernelApp.log_level=ERROR",)

#: nbclient's kernel shutdown mode used by the batch ("immediate" or "graceful").
KERNEL_SHUTDOWN = "immediate"

MANIFEST_NAME = "manifest.json"
INDEX_NAME = "index.html"
FAILED_DIR = "failed"
MANIFEST_VERSION = 2  # 2: errors are public_message texts (no data value)

#: What a failed record of a version-1 manifest shows instead of its error, which may quote a data value.
OLD_ERROR = "not shown (recorded by an earlier version of jsnakit; run the area again to see its error)"
#: Where a failure's details are when no notebook was saved (the kernel died before writing it, a worker crashed).
NO_NOTEBOOK = "no notebook was saved; run the workbook for this area in Jupyter to see why"

_PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
_INJECTED_TAG = "injected-parameters"


# ------------------------------------------------------------------------------------------------------------ records

@dataclass(frozen=True)
class AreaRecord:
    """What the batch knows about one area: one entry of ``manifest.json``'s ``"areas"`` list.

    Attributes
    ----------
    area_code : str
        GSS code.
    area_name, region_name : str
        From :mod:`jsnakit.core.geography`.
    status : {"done", "failed", "skipped"}
        ``skipped`` = up to date, not re-run this time (its other fields are those of the run that made the output).
    seconds : float or None
        Wall time of the area's papermill run plus HTML export, in seconds.
    input_hash : str
        ``"sha256:<hex>"`` of the inputs the area was run with (see :func:`input_hash`).
    output : str or None
        The factsheet, relative to ``out_dir`` (``"E09000019.html"``); None when the area failed.
    error : str or None
        For a failure: ``"<ExceptionName>: <public text>"`` (:func:`jsnakit.core.errors.public_message`, paths made
        relative to the data folder): for bad input the file, row, column and rule of each failure, else only the
        type; never a data value. Prefixed ``"HTML export failed: "`` or ``"worker failed: "`` when the failure was
        there.
    error_cell : int or None
        For a failure in a cell: index of the failing cell in the workbook file (0-based, all cells counted).
    failed_notebook : str or None
        For a failure: the executed notebook, relative to ``out_dir`` (``"failed/E09000019.ipynb"``), if one was
        produced.
    finished : str or None
        When the run that produced this record ended (ISO 8601, UTC).
    """

    area_code: str
    area_name: str
    region_name: str
    status: str
    seconds: float | None
    input_hash: str
    output: str | None = None
    error: str | None = None
    error_cell: int | None = None
    failed_notebook: str | None = None
    finished: str | None = None

    @classmethod
    def from_dict(cls, data: dict) -> "AreaRecord":
        """Build a record from a manifest entry, ignoring keys it does not know."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


#: Columns of :meth:`Manifest.to_frame`, in order.
RECORD_COLUMNS = tuple(f.name for f in fields(AreaRecord))


@dataclass(frozen=True)
class Manifest:
    """The outcome of :func:`run` (or the content of a ``manifest.json``).

    Attributes
    ----------
    out_dir : pathlib.Path
        Folder of the factsheets.
    records : tuple of AreaRecord
        From :func:`run`: the areas of this run, in the order asked. From :meth:`read`: every area in the file
        (areas of earlier runs into the same folder stay in the file and in the index).
    input_hash : str
        Hash of the inputs of this run.
    seconds : float
        Wall time of the whole run, in seconds (0 for :meth:`read`).

    Examples
    --------
    >>> m = Manifest(Path("factsheets"), (), "sha256:0", 0.0)
    >>> m.counts()
    {'done': 0, 'failed': 0, 'skipped': 0}
    """

    out_dir: Path
    records: tuple[AreaRecord, ...]
    input_hash: str
    seconds: float = 0.0

    @property
    def path(self) -> Path:
        """``out_dir/manifest.json``."""
        return Path(self.out_dir) / MANIFEST_NAME

    @property
    def index(self) -> Path:
        """``out_dir/index.html``."""
        return Path(self.out_dir) / INDEX_NAME

    def counts(self) -> dict[str, int]:
        """Number of areas per status: ``{"done": n, "failed": n, "skipped": n}``."""
        return {s: sum(1 for r in self.records if r.status == s) for s in STATUSES}

    def _codes(self, status: str) -> list[str]:
        return [r.area_code for r in self.records if r.status == status]

    @property
    def done(self) -> list[str]:
        """Codes of the areas run successfully."""
        return self._codes("done")

    @property
    def failed(self) -> list[str]:
        """Codes of the areas that failed."""
        return self._codes("failed")

    @property
    def skipped(self) -> list[str]:
        """Codes of the areas skipped as up to date."""
        return self._codes("skipped")

    @property
    def ok(self) -> bool:
        """True when no area failed."""
        return not self.failed

    def __getitem__(self, area_code: str) -> AreaRecord:
        for record in self.records:
            if record.area_code == area_code:
                return record
        raise KeyError(area_code)

    def __len__(self) -> int:
        return len(self.records)

    def to_frame(self) -> pd.DataFrame:
        """The records as a DataFrame with the columns :data:`RECORD_COLUMNS`, one row per area."""
        frame = pd.DataFrame([asdict(r) for r in self.records], columns=list(RECORD_COLUMNS))
        return frame.astype({"seconds": "float64", "error_cell": "Int64"})

    def to_dict(self) -> dict:
        """The JSON-ready form written to ``manifest.json`` (without the file-level fields)."""
        return {"input_hash": self.input_hash, "areas": [asdict(r) for r in self.records]}

    def summary(self) -> str:
        """One line: ``"3 done, 0 failed, 0 skipped in 14.2 s -> factsheets/index.html"``."""
        c = self.counts()
        return (
            f"{c['done']} done, {c['failed']} failed, {c['skipped']} skipped in {self.seconds:.1f} s "
            f"-> {self.index.as_posix()}"
        )

    @classmethod
    def read(cls, out_dir) -> "Manifest":
        """Read ``out_dir/manifest.json`` (every area in it). A missing file gives an empty manifest; the error of a
        failed area in a manifest older than :data:`MANIFEST_VERSION` reads :data:`OLD_ERROR` (it may quote a count).

        Raises
        ------
        ArgumentError
            When the file is not a jsnakit manifest.
        """
        out_dir = Path(out_dir)
        data = _read_manifest_file(out_dir / MANIFEST_NAME)
        records = tuple(_previous_records(data).values())  # a version-1 record's error: OLD_ERROR
        return cls(out_dir, records, data.get("input_hash", ""), 0.0)


def _read_manifest_file(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ArgumentError(
            f"{path} must be a jsnakit batch manifest (JSON); it could not be read ({err}). "
            f"Delete it to start the batch afresh."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("areas", []), list):
        raise ArgumentError(f"{path} must be a jsnakit batch manifest with an 'areas' list; got something else")
    return data


def _write_outputs(out_dir: Path, records: dict[str, AreaRecord], meta: dict) -> None:
    """Rewrite manifest.json and index.html from every record known for ``out_dir``."""
    ordered = [asdict(records[c]) for c in sorted(records)]
    doc = {
        "manifest_version": MANIFEST_VERSION,
        "generator": f"jsnakit {__version__}",
        "updated": _now(),
        **meta,
        "areas": ordered,
    }
    factsheet.atomic_write(out_dir / MANIFEST_NAME, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    factsheet.write_index(ordered, out_dir)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------------------------------------------- hash

def _package_dir() -> Path:
    return Path(__file__).resolve().parents[1]  # jsnakit/


def _hash_tree(h, root: Path, *, exclude: Path | None = None) -> None:
    files = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if exclude is not None and (path == exclude or exclude in path.parents):
            continue
        if path.suffix == ".pyc" or not path.is_file():
            continue
        files.append((rel.as_posix(), path))
    for rel, path in sorted(files):
        h.update(b"F\0" + rel.encode("utf-8") + b"\0")
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0E\0")


def input_hash(data_dir, workbook, *, period=None, exclude=None) -> str:
    """Hash everything a factsheet depends on: the data folder, the workbook, jsnakit itself and ``period``.

    SHA-256 over, in this order: every file under ``data_dir`` (relative name and bytes, sorted by name; names
    starting with ``.`` and ``__pycache__`` folders left out), the bytes of ``workbook``, every file of the installed
    ``jsnakit`` package (same rules, ``.pyc`` left out) and ``repr(period)``.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder.
    workbook : str or pathlib.Path
        The workbook notebook.
    period : str or None, default None
        The ``period`` parameter passed to the workbook.
    exclude : str or pathlib.Path, optional
        A folder inside ``data_dir`` to leave out (the batch passes ``out_dir`` so that writing factsheets into the
        data folder does not change the hash).

    Returns
    -------
    str
        ``"sha256:"`` followed by 64 hex digits.
    """
    h = hashlib.sha256()
    h.update(b"jsnakit-input-hash-v1\0data\0")
    _hash_tree(h, Path(data_dir), exclude=Path(exclude).resolve() if exclude is not None else None)
    h.update(b"workbook\0")
    h.update(Path(workbook).read_bytes())
    h.update(b"\0jsnakit\0")
    _hash_tree(h, _package_dir())
    h.update(b"period\0" + repr(period).encode("utf-8"))
    return "sha256:" + h.hexdigest()


# ---------------------------------------------------------------------------------------------------------- executors

_EXECUTORS: dict[str, Callable[[int], cf.Executor]] = {}


def register_executor(name: str, factory: Callable[[int], cf.Executor], *, replace: bool = False) -> None:
    """Make an executor available to :func:`run` (and ``jsnakit factsheets --executor``) by name.

    Parameters
    ----------
    name : str
        The name users pass.
    factory : callable
        ``factory(workers) -> concurrent.futures.Executor``; :func:`run` shuts the executor down when done.
    replace : bool, default False
        Allow replacing an existing name.
    """
    if not replace and name in _EXECUTORS:
        raise ArgumentError(f"executor name must be new (or pass replace=True); got {name!r}, already registered")
    _EXECUTORS[name] = factory


def executors() -> list[str]:
    """Names of the registered executors, e.g. ``["process", "thread"]`` (plus ``"dask"`` when installed)."""
    return list(_EXECUTORS)


def _init_worker() -> None:
    os.environ.update(KERNEL_ENV)


def _process_executor(workers: int) -> cf.Executor:
    return cf.ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)


def _thread_executor(workers: int) -> cf.Executor:
    return cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jsnakit-batch")


class _DaskExecutor(cf.Executor):
    """A dask.distributed client's executor that also closes the client (and a cluster it made) on shutdown."""

    def __init__(self, client, cluster=None):
        self._client = client
        self._cluster = cluster
        self._executor = client.get_executor()

    def submit(self, fn, /, *args, **kwargs):
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        try:
            self._executor.shutdown(wait=wait)
        finally:
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()


def _dask_executor(workers: int) -> cf.Executor:  # pragma: no cover - needs dask.distributed
    import dask
    from distributed import Client, LocalCluster

    address = dask.config.get("scheduler-address", None)
    if address:
        return _DaskExecutor(Client(address))
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
    return _DaskExecutor(Client(cluster), cluster)


register_executor("process", _process_executor)
register_executor("thread", _thread_executor)
if importlib.util.find_spec("distributed") is not None:  # pragma: no cover - optional
    register_executor("dask", _dask_executor)


def _executor_factory(executor) -> Callable[[int], cf.Executor] | None:
    if isinstance(executor, cf.Executor):
        return None
    if not isinstance(executor, str) or executor not in _EXECUTORS:
        known = ", ".join(repr(n) for n in _EXECUTORS)
        hint = "" if "dask" in _EXECUTORS else " ('dask' needs dask.distributed: pip install 'jsnakit[dask]')"
        raise ArgumentError(
            f"executor must be a registered name ({known}) or a concurrent.futures.Executor; got {executor!r}{hint}"
        )
    return _EXECUTORS[executor]


def default_workers() -> int:
    """Number of cores this process may use (the default number of workers)."""
    if hasattr(os, "process_cpu_count"):
        n = os.process_cpu_count()
    elif hasattr(os, "sched_getaffinity"):
        n = len(os.sched_getaffinity(0))
    else:
        n = os.cpu_count()
    return max(1, n or 1)


@contextlib.contextmanager
def _kernel_env():
    """Set :data:`KERNEL_ENV` in this process for the batch (kernels inherit it), then restore what was there."""
    saved = {k: os.environ.get(k) for k in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ------------------------------------------------------------------------------------------------------- one area

def papermill_options(*, cell_timeout: float | None = None, shutdown: str = KERNEL_SHUTDOWN) -> dict:
    """Keyword arguments the batch gives ``papermill.execute_notebook`` (also used by ``benchmarks/batch.py``)."""
    options = {
        "progress_bar": False,
        "log_output": False,
        "request_save_on_cell_execute": True,  # keeps a partial notebook if the kernel dies or a cell times out
        "shutdown_kernel": shutdown,  # nbclient option, passed through papermill's engine kwargs
        "extra_arguments": list(KERNEL_ARGS),  # nbclient option: kernel command-line arguments
    }
    if cell_timeout is not None:
        options["execution_timeout"] = cell_timeout
    return options


def _workbook_cell_index(failed_nb: nbformat.NotebookNode, workbook: Path, cell_index: int) -> int:
    """Map papermill's failing-cell index (in the executed notebook) to the index in the workbook file."""
    import nbformat

    cells = [c for c in failed_nb.cells if _PAPERMILL_ERROR_TAG not in c.get("metadata", {}).get("tags", [])]
    injected = [i for i, c in enumerate(cells) if _INJECTED_TAG in c.get("metadata", {}).get("tags", [])]
    try:
        source = nbformat.read(workbook, as_version=4)
        had_injected = any(_INJECTED_TAG in c.get("metadata", {}).get("tags", []) for c in source.cells)
    except Exception:  # the workbook was readable when the batch started; be lenient here
        had_injected = False
    if injected and not had_injected and injected[0] < cell_index:
        return cell_index - 1
    return cell_index


def _execute_with_retry(papermill, workbook, executed: Path, parameters: dict, papermill_kwargs: dict):
    """papermill once; a second time only if the kernel failed before any cell ran.

    Kernels started at the same moment by parallel workers can occasionally collide (a port taken between choice
    and bind, "Kernel died before replying to kernel_info"): that says nothing about the area, so one retry is
    given. Failures inside a cell (PapermillExecutionError) and cell time-outs are never retried.
    """
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    for attempt in (1, 2):
        try:
            return papermill.execute_notebook(workbook, str(executed), parameters=parameters, **papermill_kwargs)
        except (PapermillExecutionError, CellTimeoutError):
            raise
        except Exception:
            if attempt == 2 or _any_cell_ran(executed):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _any_cell_ran(executed: Path) -> bool:
    try:
        cells = json.loads(executed.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    return any(c.get("execution_count") for c in cells if c.get("cell_type") == "code")


def _public_error(err: BaseException, data_dir=None, *, saved: bool = True) -> str:
    """The error text of a record: :func:`jsnakit.core.errors.public_message`, with paths inside ``data_dir`` written
    relative to it (the manifest names files, not the analyst's folders)."""
    text = public_message(err, details=NOT_PUBLISHED if saved else NO_NOTEBOOK)
    if data_dir is not None:
        text = text.replace(str(Path(data_dir)) + os.sep, "")
    return text


def _execute_area(area_code: str, *, workbook: str, data_dir: str, period, title: str,
                  papermill_kwargs: dict) -> dict:
    """Run the workbook for one area and export it; never raises for a notebook failure.

    Runs in a worker (process, thread or dask). Returns a plain dict: ``area_code``, ``status`` ("done" or
    "failed"), ``seconds``, ``html`` (str or None), ``notebook`` (the failed notebook as JSON text, or None),
    ``error`` and ``error_cell``.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(KERNEL_ENV)  # for executors whose workers the batch did not start (dask)
    start = time.perf_counter()
    result = {"area_code": area_code, "status": "failed", "html": None, "notebook": None, "error": None,
              "error_cell": None}
    parameters = {"area_code": area_code, "data_dir": data_dir, "period": period}
    with tempfile.TemporaryDirectory(prefix="jsnakit-batch-") as tmp:
        executed = Path(tmp) / f"{area_code}.ipynb"
        try:
            nb = _execute_with_retry(papermill, workbook, executed, parameters, papermill_kwargs)
        except PapermillExecutionError as err:  # a cell raised: err.ename and err.evalue are its error's
            failed_nb = nbformat.read(executed, as_version=4)
            result["notebook"] = nbformat.writes(failed_nb)
            result["error"] = _public_error(err, data_dir)
            result["error_cell"] = _workbook_cell_index(failed_nb, Path(workbook), err.cell_index)
        except Exception as err:  # kernel died, cell timeout, bad parameters...
            if executed.is_file():
                result["notebook"] = executed.read_text(encoding="utf-8")
            result["error"] = _public_error(err, data_dir, saved=result["notebook"] is not None)
        else:
            try:
                result["html"] = factsheet.to_html(nb, title=title)
                result["status"] = "done"
            except Exception as err:
                result["error"] = f"HTML export failed: {_public_error(err, data_dir)}"
                result["notebook"] = nbformat.writes(nb)
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


# ------------------------------------------------------------------------------------------------------ shared work

def shared_work(data_dir) -> float | None:
    """Do the national work every area's notebook needs once, here, so each kernel reads it from the cache.

    Computes :func:`jsnakit.needs.profile.published_all` for ``Catalog(data_dir)`` (the catalogue the workbook makes, with
    the default cache folder, which the kernels inherit through the environment): the national indicator frame and
    every area's need-by-age grid after disclosure control, cached as parquet. :func:`run` calls it once, before the
    workers start, whenever an area is to run. Best effort: a data folder the national work cannot be made from is
    left to the areas' own runs, which fail and are recorded one by one (a batch never stops for it). All of it then
    passes the interval audit (:func:`audit_published`), or the batch stops before any area runs.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder.

    Returns
    -------
    float or None
        Seconds taken (near 0 when the cache was already warm), or None when the national work could not be done.
    """
    from ..needs import profile
    from ..catalog import Catalog

    start = time.perf_counter()
    try:
        catalog = Catalog(data_dir)
        everything = profile.published_all(catalog)
        cached = profile.published_cache_path(catalog)
        passed = None if cached is None else cached.with_name(cached.stem + ".audited")
        if passed is not None and passed.exists():  # this very frame (same key) has passed the audit before
            return round(time.perf_counter() - start, 3)
        counts = profile.published_input(catalog)
    except Exception:  # noqa: BLE001 - each area's notebook meets (and records) the same problem itself
        return None
    audit_published(everything, counts)
    if passed is not None:
        try:
            passed.touch()
        except OSError:  # a read-only cache folder: audit again next time
            pass
    return round(time.perf_counter() - start, 3)


def audit_published(published, counts) -> None:
    """The interval audit (:func:`jsnakit.disclosure.audit`) of everything the factsheets quote as counts (the
    national frame and every area's need-by-age grid): a batch whose published figures fail it publishes nothing.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        :func:`jsnakit.needs.profile.published_all`.
    counts : pandas.DataFrame
        :func:`jsnakit.needs.profile.published_input`, the frame it was made from.

    Raises
    ------
    DisclosureError
        When a small count can be narrowed below the rule: the message names how many, the first cell and the
        published sums that pin it, never a count.
    """
    from .. import disclosure

    found = disclosure.audit(published, counts)
    if len(found):
        first = found.iloc[0]
        raise DisclosureError(
            f"the published figures fail the disclosure audit: {len(found)} small count(s) could be narrowed below "
            f"the rule from what would be published (first: {first['cell']}, pinned by: {first['relations']}); no "
            f"factsheet was made. Report this as a jsnakit bug.")


#: How a period of the workbook is written: an academic year, "YYYY/YY" (the school census of January YYYY+1).
PERIOD_PATTERN = re.compile(r"(\d{4})/(\d{2})")


def periods(data_dir) -> list[str]:
    """The academic-year periods a data folder holds: the values ``period`` may take.

    The ``"YYYY/YY"`` periods of the national indicator frame the workbook uses
    (:func:`jsnakit.needs.profile.published` of ``Catalog(data_dir)``, computed once and cached, as by
    :func:`shared_work`); calendar-year periods of some sources (``"2024"``) are left out.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder.

    Returns
    -------
    list of str
        Sorted, e.g. ``["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]``.

    Raises
    ------
    InputError
        When an input the national frame needs is missing or bad (as :func:`jsnakit.needs.profile.published`).
    """
    from ..needs import profile
    from ..catalog import Catalog

    frame = profile.published(Catalog(data_dir)).frame
    return sorted({p for p in frame["period"].dropna().astype(str).unique() if PERIOD_PATTERN.fullmatch(p)})


def check_period(period, data_dir) -> None:
    """Refuse a ``period`` that is badly written or that the data folder does not hold, before any area runs.

    Parameters
    ----------
    period : str or None
        ``"YYYY/YY"`` with consecutive years (``"2024/25"``), or None for the latest (always accepted).
    data_dir : str or pathlib.Path
        The data folder whose :func:`periods` the period must be among.

    Raises
    ------
    ArgumentError
        When ``period`` is not written ``"YYYY/YY"`` with consecutive years, or is not among :func:`periods`; the
        message lists the periods the folder holds (when the national frame can be made from it: otherwise only
        the spelling is checked and each area's run reports the bad input).

    Examples
    --------
    >>> from jsnakit.factsheets.resources import sample_data_dir
    >>> check_period("2024/25", sample_data_dir())
    >>> check_period("2025-26", sample_data_dir())
    Traceback (most recent call last):
    ...
    jsnakit.core.errors.ArgumentError: period must be an academic year written YYYY/YY with consecutive years, such as \
'2024/25'; got '2025-26' (the data folder holds 2018/19, ...)
    """
    if period is None:
        return
    try:
        held = periods(data_dir)
    except Exception:  # noqa: BLE001 - the areas' own runs meet (and record) the same problem
        held = None
    listing = ", ".join(held) if held else "none"
    match = PERIOD_PATTERN.fullmatch(period) if isinstance(period, str) else None
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        message = (f"period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
                   f"got {period!r}")
        raise ArgumentError(message if held is None else f"{message} (the data folder holds {listing})")
    if held is not None and period not in held:
        raise ArgumentError(f"period must be one the data folder holds ({listing}); got {period!r}")


# ------------------------------------------------------------------------------------------------------------- run

def _resolve_areas(area_codes) -> list[str]:
    if isinstance(area_codes, str) or not isinstance(area_codes, Iterable):
        raise ArgumentError(f"area_codes must be a list of area codes; got {area_codes!r}")
    codes: list[str] = []
    for code in area_codes:
        gss = geography.find_area(code)["area_code"]
        if gss not in codes:
            codes.append(gss)
    if not codes:
        raise ArgumentError("area_codes must name at least one area; got none")
    return codes


def _check_paths(data_dir, workbook) -> tuple[Path, Path]:
    import nbformat  # imported late: it takes about a second, which `jsnakit --help` should not pay

    data = Path(data_dir)
    if not data.is_dir():
        raise ArgumentError(f"data_dir must be an existing folder; got {str(data)!r} (from {os.getcwd()})")
    book = Path(workbook)
    if not book.is_file():
        raise ArgumentError(f"workbook must be an existing .ipynb file; got {str(book)!r} (from {os.getcwd()})")
    try:
        nbformat.read(book, as_version=4)
    except Exception as err:
        raise ArgumentError(f"workbook must be a Jupyter notebook; {str(book)!r} could not be read ({err})") from None
    return data.resolve(), book.resolve()


def _previous_records(data: dict) -> dict[str, AreaRecord]:
    """The records of an existing manifest, by area code; failed ones of a version-1 manifest (whose errors may
    quote a data value) have their error replaced by :data:`OLD_ERROR`."""
    version = data.get("manifest_version", 1)
    old = not isinstance(version, int) or version < MANIFEST_VERSION
    records = {}
    for entry in data.get("areas", []):
        if not isinstance(entry, dict) or "area_code" not in entry:
            continue
        record = AreaRecord.from_dict(entry)
        if old and record.error is not None:
            record = replace(record, error=OLD_ERROR)
        records[record.area_code] = record
    return records


def _is_current(prev: AreaRecord | None, digest: str, out_dir: Path) -> bool:
    return (
        prev is not None
        and prev.status in ("done", "skipped")
        and prev.input_hash == digest
        and bool(prev.output)
        and (out_dir / prev.output).is_file()
    )


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _record_result(result: dict, out_dir: Path, digest: str) -> AreaRecord:
    """Write an area's files from a worker's result and return its record."""
    code = result["area_code"]
    row = geography.area(code)
    base = dict(area_code=code, area_name=row["area_name"], region_name=row["region_name"],
                seconds=result.get("seconds"), input_hash=digest, finished=_now())
    html_path = out_dir / f"{code}.html"
    failed_path = out_dir / FAILED_DIR / f"{code}.ipynb"
    if result["status"] == "done":
        factsheet.atomic_write(html_path, result["html"])
        _unlink(failed_path)
        return AreaRecord(status="done", output=html_path.name, **base)
    _unlink(html_path)  # never leave a stale factsheet claiming success
    failed_rel = None
    if result.get("notebook"):
        failed_path.parent.mkdir(exist_ok=True)
        factsheet.atomic_write(failed_path, result["notebook"])
        failed_rel = f"{FAILED_DIR}/{code}.ipynb"
    else:
        _unlink(failed_path)
    return AreaRecord(status="failed", error=result.get("error") or "unknown error",
                      error_cell=result.get("error_cell"), failed_notebook=failed_rel, **base)


def run(area_codes, *, data_dir, out_dir, workbook, workers: int | None = None, executor="process",
        force: bool = False, progress: bool = True, period=None, cell_timeout: float | None = None) -> Manifest:
    """Make one HTML factsheet per area by running the workbook with papermill, in parallel.

    Parameters
    ----------
    area_codes : list of str
        GSS codes, DfE 3-digit LA numbers or names (``"Isle of Wight"``), translated with
        :func:`jsnakit.core.geography.find_area`; duplicates dropped.
    data_dir : str or pathlib.Path
        The data folder, passed (absolute) to the workbook as ``data_dir``.
    out_dir : str or pathlib.Path
        Where the factsheets, ``failed/``, ``manifest.json`` and ``index.html`` go; created if missing.
    workbook : str or pathlib.Path
        The papermill notebook; its cell tagged ``parameters`` should define ``area_code``, ``data_dir`` and
        ``period``.
    workers : int, optional
        Parallel areas; default the number of cores available (capped at the number of areas to run).
    executor : str or concurrent.futures.Executor, default "process"
        A name from :func:`executors` or an Executor object (used as given, not shut down).
    force : bool, default False
        Re-run areas even when their factsheet is up to date.
    progress : bool, default True
        Show a tqdm progress bar (one tick per area) on stderr.
    period : str or None, default None
        Passed to the workbook as ``period`` (None = latest): ``"YYYY/YY"``, one of the periods the data folder
        holds (:func:`periods`), checked before any area runs (:func:`check_period`).
    cell_timeout : float, optional
        Seconds a single cell may run before the area fails; default no limit.

    Returns
    -------
    Manifest
        The records of the areas asked for, in that order (``manifest.json`` also keeps areas of earlier runs).

    Raises
    ------
    ArgumentError
        For an unknown or ambiguous area, an unknown executor, a missing data folder or workbook, a ``period``
        badly written or not in the data folder, ``workers`` below 1, or an unreadable manifest in ``out_dir``;
        all before any area runs or any file is written (except the manifest check, after ``out_dir`` is made).
        A failing *area* never raises: it is recorded.
    """
    from tqdm.auto import tqdm

    codes = _resolve_areas(area_codes)
    factory = _executor_factory(executor)
    if workers is None:
        workers = default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ArgumentError(f"workers must be a whole number of at least 1; got {workers!r}")
    if cell_timeout is not None and not (isinstance(cell_timeout, (int, float)) and cell_timeout > 0):
        raise ArgumentError(f"cell_timeout must be a positive number of seconds or None; got {cell_timeout!r}")
    data, book = _check_paths(data_dir, workbook)
    check_period(period, data)  # before anything is written or run
    out_given = Path(out_dir)
    out_given.mkdir(parents=True, exist_ok=True)
    out = out_given.resolve()

    started = time.perf_counter()
    digest = input_hash(data, book, period=period, exclude=out)
    previous = _previous_records(_read_manifest_file(out / MANIFEST_NAME))
    records = dict(previous)
    meta = {"workbook": str(book), "data_dir": str(data), "period": period, "input_hash": digest}

    to_run = []
    for code in codes:
        prev = previous.get(code)
        if not force and _is_current(prev, digest, out):
            records[code] = replace(prev, status="skipped")
        else:
            to_run.append(code)

    papermill_kwargs = papermill_options(cell_timeout=cell_timeout)
    bar = tqdm(total=len(codes), desc="factsheets", unit="area", disable=not progress, file=sys.stderr)
    try:
        bar.update(len(codes) - len(to_run))
        _write_outputs(out, records, meta)
        if to_run:
            # Import the heavy modules once here: forked workers inherit them (~0.5 s saved per worker) and
            # threads do not race on the import lock.
            import nbconvert.exporters.html  # noqa: F401
            import papermill  # noqa: F401

            shared_work(data)
            with _kernel_env():
                pool = executor if factory is None else factory(min(workers, len(to_run)))
                futures = {}
                try:
                    for code in to_run:
                        row = geography.area(code)
                        futures[pool.submit(
                            _execute_area, code, workbook=str(book), data_dir=str(data), period=period,
                            title=f"SEND factsheet: {row['area_name']} ({code})",
                            papermill_kwargs=papermill_kwargs,
                        )] = code
                    for future in cf.as_completed(futures):
                        code = futures[future]
                        try:
                            result = future.result()
                        except Exception as err:  # the worker itself died (e.g. killed for memory)
                            result = {"area_code": code, "status": "failed", "seconds": None,
                                      "error": f"worker failed: {_public_error(err, saved=False)}"}
                        records[code] = _record_result(result, out, digest)
                        _write_outputs(out, records, meta)
                        bar.set_postfix_str(f"{code} {records[code].status}", refresh=False)
                        bar.update(1)
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
                finally:
                    if factory is not None:
                        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        bar.close()
    return Manifest(out_given, tuple(records[c] for c in codes), digest, time.perf_counter() - started)
