"""One area of the batch: the workbook parameterised by papermill and run in the worker's warm kernel
(:func:`execute_area`, :mod:`jsnakit.factsheets.kernels`), with the kernels' settings (:data:`KERNEL_ENV`,
:data:`KERNEL_ARGS`; :func:`papermill_options` for a papermill run by hand), and the public text of a failure
(:func:`public_error`). With ``pdf=True`` the page is also printed to PDF in the worker, by the worker's
own headless Chromium (:func:`jsnakit.factsheets.pdf.shared_printer`, started once per worker)."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import NOT_PUBLISHED, public_message
from . import downloads, html as factsheet
from .kernels import AREAS_PER_KERNEL, CellFailed, WarmKernel, warm_kernel

if TYPE_CHECKING:
    import nbformat

__all__ = ["execute_area", "print_area", "papermill_options", "public_error", "KERNEL_ENV", "KERNEL_ARGS",
           "KERNEL_SHUTDOWN", "NO_NOTEBOOK", "PDF_DETAILS"]

#: Environment given to the kernels (see the notes of :mod:`jsnakit.factsheets.batch` on the matplotlib backend).
KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}

#: Extra command-line arguments of the kernels: keep ipykernel's start-up chatter (e.g. its warning that the local
#: kernel talks over TCP, once per area) out of the batch's output; errors still show.
KERNEL_ARGS = ("--IPKernelApp.log_level=ERROR",)

#: nbclient's kernel shutdown mode used by the batch ("immediate" or "graceful").
KERNEL_SHUTDOWN = "immediate"

#: Where the details of a PDF export failure are (the public text of a jsnakit PDF error says it all).
PDF_DETAILS = "print the area's page with jsnakit.factsheets.pdf.to_pdf to see why"

#: Where a failure's details are when no notebook was saved (the kernel died before writing it, a worker crashed).
NO_NOTEBOOK = "no notebook was saved; run the workbook for this area in Jupyter to see why"

_PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
_INJECTED_TAG = "injected-parameters"


def papermill_options(*, cell_timeout: float | None = None, shutdown: str = KERNEL_SHUTDOWN) -> dict:
    """Keyword arguments of ``papermill.execute_notebook`` for one area by hand, with the batch's kernel settings
    (``benchmarks/batch.py`` measures papermill with them; the batch itself runs areas in warm kernels).

    Parameters
    ----------
    cell_timeout : float, optional
        Seconds a single cell may run (nbclient's ``execution_timeout``); default no limit.
    shutdown : str, default :data:`KERNEL_SHUTDOWN`
        nbclient's kernel shutdown mode, ``"immediate"`` or ``"graceful"``.

    Returns
    -------
    dict
        No progress bar nor logged output, a notebook saved after every cell, the shutdown mode and
        :data:`KERNEL_ARGS`.
    """
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


def _with_error_banner(nb) -> str:
    """The failed notebook as papermill saves one (JSON text): its banner first, "An Exception was encountered at
    'In [N]'", linked to an anchor just before the failing cell."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    with tempfile.TemporaryDirectory(prefix="jsnakit-batch-") as tmp:
        saved = Path(tmp) / "failed.ipynb"
        try:
            raise_for_execution_errors(nb, str(saved))
        except PapermillExecutionError:
            pass
        return saved.read_text(encoding="utf-8") if saved.is_file() else nbformat.writes(nb)


def _run_with_retry(kernel: WarmKernel, workbook, parameters: dict, cell_timeout):
    """Run the area in the warm kernel once; a second time (in a fresh kernel) only if no cell of it ran.

    Kernels started at the same moment by parallel workers can occasionally collide (a port taken between choice
    and bind, "Kernel died before replying to kernel_info"), and a kept kernel may have died between two areas:
    that says nothing about the area, so one retry is given. A cell that raised (CellFailed) or ran too long
    (CellTimeoutError) is never retried.
    """
    from nbclient.exceptions import CellTimeoutError

    for attempt in (1, 2):
        try:
            return kernel.run(workbook, parameters, cell_timeout=cell_timeout)
        except (CellFailed, CellTimeoutError):
            raise
        except Exception:
            if attempt == 2 or (kernel.notebook is not None and _any_cell_ran(kernel.notebook)):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _any_cell_ran(nb) -> bool:
    return any(c.get("execution_count") for c in nb.cells if c.get("cell_type") == "code")


def public_error(err: BaseException, data_dir=None, *, saved: bool = True) -> str:
    """The error text of a record: :func:`jsnakit.core.errors.public_message`, with paths inside ``data_dir`` written
    relative to it (the manifest names files, not the analyst's folders).

    Parameters
    ----------
    err : BaseException
        What the area's run raised.
    data_dir : str or pathlib.Path, optional
        The data folder, whose path is taken out of the text.
    saved : bool, default True
        Whether the failed notebook was saved: where the text says the details are.

    Returns
    -------
    str
        ``"<ExceptionName>: <public text>"``, never a data value.
    """
    text = public_message(err, details=NOT_PUBLISHED if saved else NO_NOTEBOOK)
    if data_dir is not None:
        text = text.replace(str(Path(data_dir)) + os.sep, "")
    return text


def execute_area(area_code: str, *, workbook: str, data_dir: str, period, title: str,
                 cell_timeout: float | None = None, areas_per_kernel: int = AREAS_PER_KERNEL, pdf: bool = False,
                 files=None) -> dict:
    """Run the workbook for one area in this worker's warm kernel and export it; never raises for a notebook failure.

    Runs in a worker (process, thread or dask). The workbook is parameterised by papermill and run by nbclient in a
    kernel the worker keeps (:func:`jsnakit.factsheets.kernels.warm_kernel`), put back as fresh before each area.

    Parameters
    ----------
    area_code : str
        GSS code, passed to the workbook as ``area_code``.
    workbook : str
        The workbook notebook.
    data_dir : str
        The data folder (absolute), passed to the workbook as ``data_dir``.
    period : str or None
        Passed to the workbook as ``period``.
    title : str
        Title of the HTML page.
    cell_timeout : float, optional
        Seconds a single cell may run; default no limit.
    areas_per_kernel : int, default :data:`jsnakit.factsheets.kernels.AREAS_PER_KERNEL`
        Areas a kernel runs before a fresh one replaces it (1: a fresh kernel for every area).
    pdf : bool, default False
        Also print the page to an A4 PDF (:func:`jsnakit.factsheets.pdf.to_pdf`, header ``title`` and today's date)
        with this worker's browser (:func:`jsnakit.factsheets.pdf.shared_printer`). A PDF that cannot be made fails
        the area: error ``"PDF export failed: <public text>"`` (the notebook ran: none is kept).
    files : pandas.DataFrame, optional
        The data folder's files (:meth:`jsnakit.catalog.Catalog.files`, made once per batch) for the notes sheet of
        the area's downloads; None: a notes sheet without them.

    Returns
    -------
    dict
        A plain dict: ``area_code``, ``status`` ("done" or "failed"), ``seconds`` (everything, PDF included),
        ``html`` (str or None: the page, with its links to the downloads), ``downloads`` (relative path to bytes:
        :func:`jsnakit.factsheets.downloads.build_downloads`, or None), ``pdf`` (the PDF's bytes, or None),
        ``pdf_seconds`` (the printing alone, or None),
        ``notebook`` (the failed notebook as JSON text, or None), ``error`` (:func:`public_error`) and
        ``error_cell``.
    """
    import nbformat

    os.environ.update(KERNEL_ENV)  # for executors whose workers the batch did not start (dask)
    start = time.perf_counter()
    result = {"area_code": area_code, "status": "failed", "html": None, "pdf": None, "pdf_seconds": None,
              "downloads": None, "notebook": None, "error": None, "error_cell": None}
    parameters = {"area_code": area_code, "data_dir": data_dir, "period": period}
    kernel = warm_kernel(extra_arguments=KERNEL_ARGS, areas_per_kernel=areas_per_kernel)
    try:
        nb = _run_with_retry(kernel, workbook, parameters, cell_timeout)
    except CellFailed as err:  # a cell raised: err.ename and err.evalue are its error's
        result["notebook"] = _with_error_banner(kernel.notebook)
        result["error"] = public_error(err, data_dir)
        result["error_cell"] = _workbook_cell_index(kernel.notebook, Path(workbook), err.cell_index)
    except Exception as err:  # kernel died, cell timeout, a kernel that would not start...
        if kernel.notebook is not None and _any_cell_ran(kernel.notebook):
            result["notebook"] = nbformat.writes(kernel.notebook)
        result["error"] = public_error(err, data_dir, saved=result["notebook"] is not None)
    else:
        try:
            page = factsheet.to_html(nb, title=title)
            notes = None if files is None else downloads.notes_frame(files, data_dir, area_code=area_code)
            result["downloads"] = downloads.build_downloads(page, area_code, notes=notes)
            page = downloads.add_links(page, result["downloads"])
        except Exception as err:
            result["error"] = f"HTML export failed: {public_error(err, data_dir)}"
            result["notebook"] = nbformat.writes(nb)
            result["downloads"] = None
        else:
            try:
                if pdf:
                    result["pdf"], result["pdf_seconds"] = _print(page, area_code, title)
                result["html"], result["status"] = page, "done"
            except Exception as err:  # never a traceback: the browser's error, made public
                result["pdf"], result["downloads"] = None, None
                result["error"] = f"PDF export failed: {public_message(err, details=PDF_DETAILS)}"
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def print_area(area_code: str, *, page: str, title: str) -> dict:
    """Print an area's current factsheet page to PDF, without running its workbook again; never raises.

    Runs in a worker, with the worker's browser (:func:`jsnakit.factsheets.pdf.shared_printer`): the batch hands
    it an area whose page is up to date but has no PDF (made without ``--pdf``, or its PDF deleted since).

    Parameters
    ----------
    area_code : str
        GSS code.
    page : str
        The page's file (absolute).
    title : str
        The running header's title.

    Returns
    -------
    dict
        As :func:`execute_area`'s, with ``printed`` True: ``status``, ``pdf`` (bytes or None), ``pdf_seconds``,
        ``seconds``, ``error`` (``"PDF export failed: ..."``); ``html``, ``downloads`` and ``notebook`` None (the page
        and its downloads stay as they are).
    """
    start = time.perf_counter()
    result = {"area_code": area_code, "status": "failed", "printed": True, "html": None, "pdf": None,
              "pdf_seconds": None, "downloads": None, "notebook": None, "error": None, "error_cell": None}
    try:
        result["pdf"], result["pdf_seconds"] = _print(Path(page).read_text(encoding="utf-8"), area_code, title)
        result["status"] = "done"
    except Exception as err:  # never a traceback: the browser's error, made public
        result["error"] = f"PDF export failed: {public_message(err, details=PDF_DETAILS)}"
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def _print(page: str, area_code: str, title: str) -> tuple[bytes, float]:
    """The PDF of a factsheet page (its HTML text), printed by this worker's browser from a temporary file; and the
    seconds it took."""
    from . import pdf

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jsnakit-batch-") as tmp:
        html_file = Path(tmp) / f"{area_code}.html"
        html_file.write_text(page, encoding="utf-8")
        data = pdf.shared_printer().pdf_bytes(html_file, title=title)
    return data, round(time.perf_counter() - start, 3)
