"""One area of the batch: the workbook run by papermill in a kernel of its own (:func:`execute_area`), with the
kernels' settings (:data:`KERNEL_ENV`, :data:`KERNEL_ARGS`, :func:`papermill_options`), and the public text of a
failure (:func:`public_error`). With ``pdf=True`` the page is also printed to PDF in the worker, by the worker's
own headless Chromium (:func:`jsnakit.factsheets.pdf.shared_printer`, started once per worker)."""
from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import NOT_PUBLISHED, public_message
from . import downloads, html as factsheet

if TYPE_CHECKING:
    import nbformat

__all__ = ["execute_area", "papermill_options", "public_error", "KERNEL_ENV", "KERNEL_ARGS", "KERNEL_SHUTDOWN",
           "NO_NOTEBOOK", "PDF_DETAILS"]

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
    """Keyword arguments the batch gives ``papermill.execute_notebook`` (also used by ``benchmarks/batch.py``).

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
                 papermill_kwargs: dict, pdf: bool = False, files=None) -> dict:
    """Run the workbook for one area and export it; never raises for a notebook failure.

    Runs in a worker (process, thread or dask).

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
    papermill_kwargs : dict
        Further keyword arguments of ``papermill.execute_notebook`` (:func:`papermill_options`).
    pdf : bool, default False
        Also print the page to an A4 PDF (:func:`jsnakit.factsheets.pdf.to_pdf`, header ``title`` and today's date)
        with this worker's browser (:func:`jsnakit.factsheets.pdf.shared_printer`). A PDF that cannot be made fails
        the area: error ``"PDF export failed: <public text>"``, the executed notebook kept.
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
    import papermill
    from papermill.exceptions import PapermillExecutionError

    os.environ.update(KERNEL_ENV)  # for executors whose workers the batch did not start (dask)
    start = time.perf_counter()
    result = {"area_code": area_code, "status": "failed", "html": None, "pdf": None, "pdf_seconds": None,
              "downloads": None,
              "notebook": None, "error": None, "error_cell": None}
    parameters = {"area_code": area_code, "data_dir": data_dir, "period": period}
    with tempfile.TemporaryDirectory(prefix="jsnakit-batch-") as tmp:
        executed = Path(tmp) / f"{area_code}.ipynb"
        try:
            nb = _execute_with_retry(papermill, workbook, executed, parameters, papermill_kwargs)
        except PapermillExecutionError as err:  # a cell raised: err.ename and err.evalue are its error's
            failed_nb = nbformat.read(executed, as_version=4)
            result["notebook"] = nbformat.writes(failed_nb)
            result["error"] = public_error(err, data_dir)
            result["error_cell"] = _workbook_cell_index(failed_nb, Path(workbook), err.cell_index)
        except Exception as err:  # kernel died, cell timeout, bad parameters...
            if executed.is_file():
                result["notebook"] = executed.read_text(encoding="utf-8")
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
                        result["pdf"], result["pdf_seconds"] = _print(page, Path(tmp) / f"{area_code}.html", title)
                    result["html"], result["status"] = page, "done"
                except Exception as err:  # never a traceback: the browser's error, made public
                    result["pdf"] = None
                    result["error"] = f"PDF export failed: {public_message(err, details=PDF_DETAILS)}"
                    result["notebook"] = nbformat.writes(nb)
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def _print(page: str, html_file: Path, title: str) -> tuple[bytes, float]:
    """The PDF of a factsheet page, printed by this worker's browser; and the seconds it took."""
    from . import pdf

    start = time.perf_counter()
    html_file.write_text(page, encoding="utf-8")
    data = pdf.shared_printer().pdf_bytes(html_file, title=title)
    return data, round(time.perf_counter() - start, 3)
