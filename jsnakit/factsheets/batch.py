"""Batch factsheets: the workbook run once per area, in parallel, resumable, with a manifest and an index page.

:func:`run` executes the factsheet workbook (``workbooks/send_factsheet.ipynb``) once per area with the parameters
``area_code``, ``data_dir`` and ``period`` (injected by papermill, run by nbclient in a kernel each worker keeps:
see "Warm kernels" below), turns each executed notebook into a self-contained HTML page
(:func:`jsnakit.factsheets.html.to_html`) and writes, in ``out_dir``::

    <area_code>.html          one factsheet per area that succeeded
    <area_code>.pdf           its A4 PDF, with ``pdf=True`` (``jsnakit factsheets --pdf``; see below)
    failed/<area_code>.ipynb  the executed notebook of an area that failed, with papermill's banner at the top
                              linking to the failing cell
    manifest.json             one record per area (see :class:`AreaRecord`), rewritten after every area
    index.html                every area with its status, time and a link
                              (see :func:`jsnakit.factsheets.html.write_index`), rewritten at most every
                              :data:`INDEX_EVERY` seconds while the batch runs, and when it ends

Every file is written atomically (temporary file in the same folder, then :func:`os.replace`).

PDF (``pdf=True``; off by default, since each PDF costs browser time)
    Each worker prints the page it has just made to an A4 PDF with headless Chromium
    (:mod:`jsnakit.factsheets.pdf`: running header with the area and the date, ``Page N of M``, the long tables in
    an appendix). A worker starts one browser, on its first PDF, and keeps it for the next areas it runs
    (:func:`jsnakit.factsheets.pdf.shared_printer`); the browsers stop when the workers do (those of the
    ``"thread"`` executor when the batch ends). Measured on the sample factsheets (issue 19): Chromium starts in
    about 0.6 s and prints a 30-34 page factsheet in 1.5-3 s. Chromium, chromedriver and selenium are checked
    before any area runs (:func:`jsnakit.factsheets.pdf.find_browser`). A PDF that cannot be made fails its area
    (error ``"PDF export failed: ..."``, the page not kept), never the batch. The record's ``pdf`` names the file.

Shared work
    Before the workers start, :func:`shared_work` computes the national indicator frame and every area's need-by-age
    grid after disclosure control, once and together (:func:`jsnakit.needs.profile.published_all`, cached as parquet in
    the catalogue's cache folder), and audits it (:func:`audit_published`); every area's notebook then reads it from
    the cache instead of recomputing it (about 5-10 s on the sample data).

Resume and skip
    Each record keeps the ``input_hash`` of what produced it (:func:`area_hashes`): SHA-256 over what every
    factsheet shares (the data folder's files, relative names and bytes, sorted, names starting with ``.`` and
    ``__pycache__`` left out; the workbook file, jsnakit's own package files and the ``period`` parameter) and
    over the area's own inputs (its Local Offer folder, its rows of the commissioning register), so that a change
    to one area's own inputs re-runs that area only. A later run skips an area (status ``skipped``) whose last record is
    ``done`` or ``skipped``, whose HTML still exists and whose hash is unchanged, unless ``force=True``; every other
    area runs, so failed areas are retried. With ``pdf=True`` an area is up to date only if its PDF exists too; one
    whose page is current but has no PDF (made without ``--pdf``, or its PDF deleted) is printed from its page,
    without running the workbook again. The manifest and the index are rewritten after each area completes, so
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
    ``<area_code>.html`` exists from an earlier success it is deleted (and so is ``<area_code>.pdf``, also when an
    area is run again without ``pdf=True``), so no page in ``out_dir`` claims to be current when it is not; the
    index links to the failed notebook instead. When the area later succeeds, its old failed
    notebook is deleted.

Executors
    Work is handed to any :class:`concurrent.futures.Executor`, picked by name from a registry (:func:`executors`,
    :func:`register_executor`): ``"process"`` (default, :class:`~concurrent.futures.ProcessPoolExecutor`),
    ``"thread"`` (:class:`~concurrent.futures.ThreadPoolExecutor`; each area still runs in its own kernel process,
    so threads parallelise fine) and ``"dask"`` when ``dask.distributed`` is installed (a local cluster, or the
    scheduler named by dask's ``scheduler-address`` setting). An Executor object may be passed instead of a name; it
    is used as given and not shut down. The kernels run in the current working directory; paths are passed to them
    absolute.

Warm kernels
    Each worker keeps one kernel and runs area after area in it (:mod:`jsnakit.factsheets.kernels`): the kernel's
    start and the workbook's imports (about 3 s) are paid once per worker, not once per area, and jsnakit's caches
    stay warm. Before each area the kernel is put back as fresh (namespace, output history, figures, matplotlib
    settings, warning filters); after ``areas_per_kernel`` areas, and after any failure, a fresh kernel replaces it.
    ``areas_per_kernel=1`` gives every area a fresh kernel, as papermill by hand would. Kernels are shut down
    immediately (nbclient's ``shutdown_kernel="immediate"``) when their worker ends.

matplotlib backend of the kernels
    Kernels get ``MPLBACKEND=module://matplotlib_inline.backend_inline`` (:data:`KERNEL_ENV`): headless (it
    renders with Agg) and it turns figures into ``image/png`` outputs. Plain ``MPLBACKEND=Agg`` is *not* used:
    under Agg, ``display(fig)`` yields only ``text/plain`` ("<Figure size ...>") and ``plt.show()`` nothing, so the
    factsheets would have no figures. Setting it explicitly also overrides an ``MPLBACKEND`` the user's shell may
    carry (ipykernel only picks the inline backend when the variable is unset).
Modules
    This module holds the run (:func:`run`) and the shared work (:func:`shared_work`, :func:`audit_published`).
    What each area depends on is hashed in :mod:`jsnakit.factsheets.inputs` (:func:`area_hashes`,
    :func:`input_hash`); the warm kernels are :mod:`jsnakit.factsheets.kernels`, the output folder's lock
    :mod:`jsnakit.factsheets.outfolder`. The records and the manifest are in
    :mod:`jsnakit.factsheets.manifest`, one area's run in :mod:`jsnakit.factsheets.area`, the executors in
    :mod:`jsnakit.factsheets.workers` and the periods in :mod:`jsnakit.factsheets.period`; their public names are
    importable from here too.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import importlib
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..catalog import Catalog
from ..catalog.publications import publications_used
from ..core import geography
from ..core.errors import ArgumentError, DisclosureError, OutputError
from . import downloads, index_page
from . import html as factsheet
from . import pdf as printing
from . import kernels
from .area import (KERNEL_ARGS, KERNEL_ENV, KERNEL_SHUTDOWN, NO_NOTEBOOK, execute_area, papermill_options, print_area,
                   public_error)
from .kernels import AREAS_PER_KERNEL, check_areas_per_kernel
from .inputs import area_hashes, input_hash
from .outfolder import claimed, os_words
from .manifest import (FAILED_DIR, INDEX_NAME, MANIFEST_NAME, MANIFEST_VERSION, OLD_ERROR, RECORD_COLUMNS, STATUSES,
                       AreaRecord, Manifest, index_behind, previous_records, read_manifest_file, utc_now,
                       write_outputs)
from .period import PERIOD_PATTERN, check_period, periods
from .workers import default_workers, executor_factory, executors, register_executor

#: Seconds between two rewrites of index.html while a batch runs (its map and figures take 0.1-0.2 s of the batch's
#: own process, which takes every area's result in turn: with many workers, a dask cluster's, it would hold them up);
#: it is written again when the batch ends, an error or an interrupt included. A batch killed in between leaves it
#: behind manifest.json, and the next run, even one with nothing to make, writes it again
#: (:func:`jsnakit.factsheets.manifest.index_behind`).
INDEX_EVERY = 10.0

__all__ = [
    "run",
    "Manifest",
    "AreaRecord",
    "input_hash",
    "area_hashes",
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
    "INDEX_EVERY",
    # the other public names of the modules above, importable from here as when they were defined here
    "KERNEL_ARGS",
    "KERNEL_SHUTDOWN",
    "AREAS_PER_KERNEL",
    "NO_NOTEBOOK",
    "papermill_options",
    "MANIFEST_NAME",
    "INDEX_NAME",
    "FAILED_DIR",
    "MANIFEST_VERSION",
    "OLD_ERROR",
    "RECORD_COLUMNS",
]

#: The function :func:`run` hands each area to (looked up here when the batch runs, so that tests can stand in for
#: it): :func:`jsnakit.factsheets.area.execute_area`.
_execute_area = execute_area
#: The function an area whose page is current but has no PDF is handed to:
#: :func:`jsnakit.factsheets.area.print_area`.
_print_area = print_area


# ------------------------------------------------------------------------------------------------------ shared work

def shared_work(data_dir) -> float | None:
    """Do the national work every area's notebook needs once, here, so each kernel reads it from the cache.

    Computes :func:`jsnakit.needs.profile.published_all`, the projection's back-test
    (:func:`jsnakit.projection.evidence.backtest_evidence`) and the sources list's periods
    (:func:`jsnakit.catalog.publications.publications_used`) for ``Catalog(data_dir)`` (the catalogue the workbook makes,
    with the default cache folder, which the kernels inherit through the environment): the national indicator frame and
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
    return _shared_work(data_dir)[0]


def _shared_work(data_dir, *, index: bool = False, period: str | None = None) -> tuple[float | None, dict]:
    """:func:`shared_work`; with ``index``, also the index page's figures, read from the frame that passed the audit
    (:func:`jsnakit.factsheets.index_page.index_inputs`; ``{}`` when there is none)."""
    from ..needs import profile

    start = time.perf_counter()
    try:
        catalog = Catalog(data_dir)
        everything = profile.published_all(catalog)
        _backtest_once(catalog)
        publications_used(catalog)  # the sources list's periods, cached for every area's methods section
        cached = profile.published_cache_path(catalog)
        passed = None if cached is None else cached.with_name(cached.stem + ".audited")
        if passed is None or not passed.exists():  # this very frame (same key) has not passed the audit before
            counts = profile.published_input(catalog)
        else:
            counts = None
    except Exception:  # noqa: BLE001 - each area's notebook meets (and records) the same problem itself
        return None, {}
    if counts is not None:
        audit_published(everything, counts)
        if passed is not None:
            try:
                passed.touch()
            except OSError:  # a read-only cache folder: audit again next time
                pass
    seconds = round(time.perf_counter() - start, 3)
    return seconds, (index_page.index_inputs(data_dir, published=everything, period=period) if index else {})


def _backtest_once(catalog) -> None:
    """The back-test every factsheet quotes (:func:`jsnakit.projection.evidence.backtest_evidence`), made once here
    and cached, so that the workers do not each make it; best effort: an area's notebook meets any problem itself."""
    from ..projection import evidence

    try:
        evidence.backtest_evidence(catalog)
    except Exception:  # noqa: BLE001 - recorded by the areas' own runs, never a stop of the batch
        pass


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


# ------------------------------------------------------------------------------------------------------------- run

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
    import json  # not nbformat: importing it (jsonschema's format checkers) takes ~0.9 s, which a re-run with
    # nothing to make should not pay; the kernels read the workbook with nbformat anyway

    data = Path(data_dir)
    if not data.is_dir():
        raise ArgumentError(f"data_dir must be an existing folder; got {str(data)!r} (from {os.getcwd()})")
    book = Path(workbook)
    if not book.is_file():
        raise ArgumentError(f"workbook must be an existing .ipynb file; got {str(book)!r} (from {os.getcwd()})")
    try:
        doc = json.loads(book.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list) or doc.get("nbformat") != 4:
            raise ValueError("not a version 4 notebook: no 'cells' list and 'nbformat': 4")
    except Exception as err:
        raise ArgumentError(f"workbook must be a Jupyter notebook; {str(book)!r} could not be read ({err})") from None
    return data.resolve(), book.resolve()


def _is_current(prev: AreaRecord | None, digest: str, out_dir: Path, *, pdf: bool = False) -> bool:
    """Whether an area's outputs are up to date: done with these inputs, its page there, and its PDF when asked."""
    return (
        prev is not None
        and prev.status in ("done", "skipped")
        and prev.input_hash == digest
        and bool(prev.output)
        and (out_dir / prev.output).is_file()
        and (not pdf or (bool(prev.pdf) and (out_dir / prev.pdf).is_file()))
    )


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:  # gone already; or a folder that stopped being writable: the manifest says what is current
        pass


def _write_outputs(out: Path, records: dict, meta: dict, **kwargs) -> None:
    """:func:`jsnakit.factsheets.manifest.write_outputs`, its OS errors (a full disk) made an OutputError: the batch
    stops cleanly, and the manifest as last written (atomically) still lists every area written before."""
    try:
        write_outputs(out, records, meta, **kwargs)
    except OSError as err:
        raise OutputError(f"manifest.json and index.html could not be written to '{out}': {os_words(err)}; the "
                          f"areas written before are listed in manifest.json as it was") from None


def _record_result(result: dict, out_dir: Path, digest: str, *, pdf: bool = False) -> AreaRecord:
    """Write an area's files from a worker's result and return its record."""
    code = result["area_code"]
    if pdf and result["status"] == "done" and not result.get("pdf"):  # a stand-in worker that made no PDF
        result = {**result, "status": "failed", "error": "PDF export failed: the worker returned no PDF"}
    row = geography.area(code)
    base = dict(area_code=code, area_name=row["area_name"], region_name=row["region_name"],
                seconds=result.get("seconds"), input_hash=digest, finished=utc_now())
    html_path = out_dir / f"{code}.html"
    pdf_path = out_dir / f"{code}.pdf"
    failed_path = out_dir / FAILED_DIR / f"{code}.ipynb"
    if result["status"] == "done" and result.get("printed"):  # a current page printed: its page and downloads stay
        try:
            factsheet.atomic_write(pdf_path, result["pdf"])
            return AreaRecord(status="done", output=html_path.name, pdf=pdf_path.name, **base)
        except OSError as err:
            result = {**result, "status": "failed", "error": f"the PDF could not be written: {os_words(err)}"}
    if result.get("printed"):  # the PDF failed: the area fails (the index links no page); the page file is left,
        _unlink(pdf_path)       # current, and the next run prints it again
        return AreaRecord(status="failed", error=result.get("error") or "unknown error", **base)
    if result["status"] == "done":
        try:
            if result.get("downloads"):
                downloads.write_downloads(result["downloads"], out_dir, code)
            else:
                downloads.remove_downloads(out_dir, code)  # an older page's tables: not this page's
        except OSError as err:  # a full disk, a read-only folder: this area fails, the batch goes on
            result = {**result, "status": "failed", "notebook": None,
                      "error": f"downloads could not be written: {os_words(err)}"}
    if result["status"] == "done":
        try:
            factsheet.atomic_write(html_path, result["html"])
            if pdf:
                factsheet.atomic_write(pdf_path, result["pdf"])
            else:
                _unlink(pdf_path)  # made from older inputs: not this page's PDF
            _unlink(failed_path)
            return AreaRecord(status="done", output=html_path.name, pdf=pdf_path.name if pdf else None, **base)
        except OSError as err:  # a full disk: this area fails, its files go, the batch goes on
            result = {**result, "status": "failed", "notebook": None,
                      "error": f"the factsheet could not be written: {os_words(err)}"}
    _unlink(html_path)  # never leave a stale factsheet claiming success
    _unlink(pdf_path)
    downloads.remove_downloads(out_dir, code)
    failed_rel = None
    if result.get("notebook"):
        try:
            failed_path.parent.mkdir(exist_ok=True)
            factsheet.atomic_write(failed_path, result["notebook"])
            failed_rel = f"{FAILED_DIR}/{code}.ipynb"
        except OSError:  # a full disk: the record says there is no notebook
            _unlink(failed_path)
    else:
        _unlink(failed_path)
    return AreaRecord(status="failed", error=result.get("error") or "unknown error",
                      error_cell=result.get("error_cell"), failed_notebook=failed_rel, **base)


def run(area_codes, *, data_dir, out_dir, workbook, workers: int | None = None, executor="process",
        force: bool = False, progress: bool = True, period=None, cell_timeout: float | None = None,
        pdf: bool = False, areas_per_kernel: int = AREAS_PER_KERNEL) -> Manifest:
    """Make one HTML factsheet per area by running the workbook in warm kernels, in parallel; and its PDF if asked.

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
    pdf : bool, default False
        Also print each factsheet to ``<area_code>.pdf`` (A4) with headless Chromium, in the worker that made it
        (see "PDF" above). Off by default: each PDF costs browser time (about 2 s an area, plus 0.6 s once per
        worker). An area whose page is up to date but has no PDF gets its PDF printed from that page, without
        running its workbook again.
    areas_per_kernel : int, default :data:`jsnakit.factsheets.kernels.AREAS_PER_KERNEL`
        Areas a worker's kernel runs before a fresh kernel replaces it (see "Warm kernels" above); 1 starts a fresh
        kernel for every area.

    Returns
    -------
    Manifest
        The records of the areas asked for, in that order (``manifest.json`` also keeps areas of earlier runs).

    Raises
    ------
    ArgumentError
        For an unknown or ambiguous area, an unknown executor, a missing data folder or workbook, a ``period``
        badly written or not in the data folder, ``workers`` or ``areas_per_kernel`` below 1, ``pdf`` not a bool,
        or an unreadable
        manifest in ``out_dir``; all before any area runs or any file is written (except the manifest check, after
        ``out_dir`` is made). A failing *area* never raises: it is recorded.
    jsnakit.factsheets.pdf.BrowserNotFoundError
        With ``pdf=True``, when Chromium, chromedriver or selenium is missing (an ArgumentError: the message says
        what to install), before anything is written.
    """
    codes = _resolve_areas(area_codes)
    factory = executor_factory(executor)
    if workers is None:
        workers = default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ArgumentError(f"workers must be a whole number of at least 1; got {workers!r}")
    if cell_timeout is not None and not (isinstance(cell_timeout, (int, float)) and cell_timeout > 0):
        raise ArgumentError(f"cell_timeout must be a positive number of seconds or None; got {cell_timeout!r}")
    if not isinstance(pdf, bool):
        raise ArgumentError(f"pdf must be True or False; got {pdf!r}")
    check_areas_per_kernel(areas_per_kernel)
    data, book = _check_paths(data_dir, workbook)
    check_period(period, data)  # before anything is written or run
    if pdf:
        printing.find_browser()  # before anything is written or run: say what to install
    out_given = Path(out_dir)
    with claimed(out_given) as out:
        return _run_in(out, out_given, codes, data=data, book=book, period=period, force=force, pdf=pdf,
                       progress=progress, executor=executor, factory=factory, workers=workers,
                       cell_timeout=cell_timeout, areas_per_kernel=areas_per_kernel)


def _run_in(out: Path, out_given: Path, codes: list[str], *, data: Path, book: Path, period, force: bool, pdf: bool,
            progress: bool, executor, factory, workers: int, cell_timeout, areas_per_kernel: int) -> Manifest:
    """:func:`run` once its arguments are checked and the output folder ``out`` is claimed."""
    from tqdm.auto import tqdm

    started = time.perf_counter()
    behind = index_behind(out)  # an earlier batch stopped before it wrote the index again
    digest, area_digests = area_hashes(data, book, codes, period=period, exclude=out)
    previous = previous_records(read_manifest_file(out / MANIFEST_NAME))
    records = dict(previous)
    meta = {"workbook": str(book), "data_dir": str(data), "period": period, "input_hash": digest}

    to_run, to_print = [], []
    for code in codes:
        prev = previous.get(code)
        if not force and _is_current(prev, area_digests[code], out, pdf=pdf):
            kept = prev.pdf if prev.pdf and (out / prev.pdf).is_file() else None  # a PDF deleted since: not claimed
            records[code] = replace(prev, status="skipped", pdf=kept)
        elif not force and pdf and _is_current(prev, area_digests[code], out):
            to_print.append(code)  # its page is current: only its PDF is missing
            to_run.append(code)
        else:
            to_run.append(code)

    bar = tqdm(total=len(codes), desc="factsheets", unit="area", disable=not progress, file=sys.stderr)
    try:
        bar.update(len(codes) - len(to_run))
        # Nothing to make and every link as before: the index (and its figures) still holds; a PDF deleted since
        # must leave it, so the index is made again (its figures read from the cache).
        same_links = all(records[c].pdf == previous[c].pdf for c in codes if c in previous)
        if not to_run and (behind or not same_links):
            _write_outputs(out, records, meta, index=_shared_work(data, index=True, period=period)[1])
        else:
            _write_outputs(out, records, meta, keep_index=not to_run)
        if to_run:
            # Import the heavy modules once here: forked workers inherit them (~0.5 s saved per worker) and
            # threads do not race on the import lock.
            for module in ("nbconvert.exporters.html", "nbclient", "papermill.parameterize", "papermill.execute"):
                importlib.import_module(module)

            # the index's figures: from the frame that passed the audit
            _, index = _shared_work(data, index=True, period=period)
            if index:
                _write_outputs(out, records, meta, index=index)
            try:
                files = Catalog(data).files()  # hashed once: the notes sheet of every area's downloads
            except Exception:  # noqa: BLE001 - best effort: notes without the file list
                files = None
            with _kernel_env():
                pool = executor if factory is None else factory(min(workers, len(to_run)))
                futures, written, pending = {}, time.monotonic(), False
                try:
                    for code in to_run:
                        row = geography.area(code)
                        title = f"SEND factsheet: {row['area_name']} ({code})"
                        if code in to_print:
                            futures[pool.submit(_print_area, code, page=str(out / previous[code].output),
                                                title=title)] = code
                            continue
                        futures[pool.submit(
                            _execute_area, code, workbook=str(book), data_dir=str(data), period=period, title=title,
                            cell_timeout=cell_timeout, areas_per_kernel=areas_per_kernel, pdf=pdf, files=files,
                        )] = code
                    for future in cf.as_completed(futures):
                        code = futures[future]
                        try:
                            result = future.result()
                        except Exception as err:  # the worker itself died (e.g. killed for memory)
                            result = {"area_code": code, "status": "failed", "seconds": None,
                                      "error": f"worker failed: {public_error(err, saved=False)}"}
                        records[code] = _record_result(result, out, area_digests[code], pdf=pdf)
                        pending = time.monotonic() - written < INDEX_EVERY
                        _write_outputs(out, records, meta, index=index, defer_index=pending)
                        written = written if pending else time.monotonic()
                        bar.set_postfix_str(f"{code} {records[code].status}", refresh=False)
                        bar.update(1)
                    if pending:
                        pending = False  # tried once: not again on the way out if it fails
                        _write_outputs(out, records, meta, index=index)
                except BaseException:
                    for future in futures:
                        future.cancel()
                    if pending:  # best effort: the next run writes the index if this fails (index_behind)
                        with contextlib.suppress(Exception):
                            write_outputs(out, records, meta, index=index)
                    raise
                finally:
                    if factory is not None:
                        pool.shutdown(wait=True, cancel_futures=True)
                    # the kernels and browsers of the "thread" executor's workers (those of processes stop with them)
                    kernels.close_warm_kernels()
                    if pdf:
                        printing.close_shared_printers()
    finally:
        bar.close()
    return Manifest(out_given, tuple(records[c] for c in codes), digest, time.perf_counter() - started)
