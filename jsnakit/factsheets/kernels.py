"""Warm kernels: each batch worker keeps one Jupyter kernel and runs area after area in it (issue 20).

A fresh kernel costs about 3 s before the workbook's first line of work: the kernel process, then the imports of
pandas, geopandas, matplotlib and jsnakit. :class:`WarmKernel` pays that once per worker: it runs each area's
notebook, parameterised by papermill (:func:`papermill.parameterize.parameterize_notebook`, the same injected cell
an analyst gets from ``papermill`` by hand), through :class:`nbclient.NotebookClient` against a kernel it keeps.
Between two areas the kernel is put back as a fresh one would be (:data:`RESET_CODE`): the user namespace and the
output history are emptied (IPython's ``%reset -f``; the execution count starts at 1 again), every figure is closed,
matplotlib's settings (taken once the inline backend is set up), pandas' options and the warning filters are
restored to what they were when the kernel started, and warnings already shown will be shown again. What stays is
what should: the imported modules and jsnakit's own in-memory copies of what it read, which are keyed by the
files' versions (path, inode, size, modification and change times) or by the frames' contents.

A kernel is replaced by a fresh one after :data:`AREAS_PER_KERNEL` areas (a bound on anything that grows), after any
failure (a cell that raised, a time-out, a kernel that died), and whenever its process has gone. ``tests/
test_kernels.py`` shows there is no leak: the page made in a reused kernel equals, byte for byte apart from the date,
the page made in a fresh one.

References
----------
nbclient: https://nbclient.readthedocs.io (executing cells against a kernel of one's own: ``NotebookClient.
execute_cell``); papermill: https://papermill.readthedocs.io (parameterising).
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..core.errors import ArgumentError
from .per_worker import PerWorker

if TYPE_CHECKING:
    import nbformat

__all__ = ["WarmKernel", "CellFailed", "warm_kernel", "close_warm_kernels", "check_areas_per_kernel",
           "AREAS_PER_KERNEL", "RESET_CODE", "START_CODE"]

#: Areas run in one kernel before it is replaced by a fresh one. A kernel's first area costs about 10 s more than
#: the next (start, imports, the national work read into memory); its memory grows by about 1.5 MB an area (780 MB
#: after 3 areas, 850 MB after 37, on the samples). So a worker of an England batch (77 areas on 2 workers) keeps
#: one kernel.
AREAS_PER_KERNEL = 100

#: Run once when a kernel starts (output discarded): the workbook's heavy imports, so the first area does not pay
#: them alone, and the state :data:`RESET_CODE` restores between areas.
START_CODE = """\
def _jsnakit_kernel_start():
    import copy, warnings
    import matplotlib
    import matplotlib.pyplot
    import pandas
    import geopandas  # noqa: F401
    import jsnakit.render.charts  # noqa: F401 - jsnakit's heavy modules: imported now, kept by every area
    import jsnakit.needs.profile  # noqa: F401
    import jsnakit.projection  # noqa: F401
    import jsnakit.gaps  # noqa: F401
    matplotlib.pyplot.close(matplotlib.pyplot.figure())  # the inline backend set up now, before the snapshot
    import gc
    gc.collect()
    gc.freeze()  # the imports' objects (and the kernel's own) live as long as it: no full collection scans them
    return {"rc": copy.deepcopy(dict(matplotlib.rcParams)), "warnings": list(warnings.filters),
            "pandas": {key: pandas.get_option(key) for key in pandas._config.config._registered_options}}
import builtins as _jsnakit_builtins
_jsnakit_builtins.__jsnakit_kernel_state__ = _jsnakit_kernel_start()
del _jsnakit_kernel_start, _jsnakit_builtins
"""

#: Run before every area (output discarded, nothing stored in the history): the kernel as it was when it started.
RESET_CODE = """\
def _jsnakit_kernel_reset():
    import builtins, warnings
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas
    state = builtins.__jsnakit_kernel_state__
    plt.close("all")
    matplotlib.rcParams.update(state["rc"])
    warnings.filters[:] = state["warnings"]
    warnings.onceregistry.clear()
    warnings._filters_mutated()  # every module's record of warnings already shown is forgotten
    for key, value in state["pandas"].items():
        try:
            if pandas.get_option(key) != value:
                pandas.set_option(key, value)
        except Exception:  # noqa: BLE001 - a deprecated option that cannot be set back: it was never changed
            pass
_jsnakit_kernel_reset()
get_ipython().reset(new_session=True)  # the namespace, the output history; execution count back to 1
"""


def check_areas_per_kernel(value) -> int:
    """Refuse an ``areas_per_kernel`` that is not a whole number of at least 1 (a bool is not one).

    Parameters
    ----------
    value : object
        Areas a kernel runs before it is replaced.

    Returns
    -------
    int
        ``value``.

    Raises
    ------
    ArgumentError
        "areas_per_kernel must be a whole number of at least 1; got ...".
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ArgumentError(f"areas_per_kernel must be a whole number of at least 1; got {value!r}")
    return value


class CellFailed(Exception):
    """A cell of the area's notebook raised: which cell (in the executed notebook) and the kernel's error.

    Attributes
    ----------
    cell_index : int
        Index of the cell in the executed notebook (the injected parameters cell counted).
    ename, evalue : str
        The error's class name and text, as the kernel reported them.
    """

    def __init__(self, cell_index: int, ename: str, evalue: str):
        super().__init__(f"{ename}: {evalue}")
        self.cell_index, self.ename, self.evalue = cell_index, ename, evalue


class WarmKernel:
    """A kernel kept for area after area; see the module's notes.

    Parameters
    ----------
    kernel_name : str, optional
        The kernel spec; default the notebook's own (``python3`` for the workbook).
    extra_arguments : sequence of str, optional
        The kernel's command-line arguments (the batch passes :data:`jsnakit.factsheets.area.KERNEL_ARGS`).
    areas_per_kernel : int, default AREAS_PER_KERNEL
        Areas run before the kernel is replaced; 1 gives every area a fresh kernel.
    startup_timeout : float, default 60
        Seconds a kernel may take to start.
    """

    def __init__(self, *, kernel_name: str | None = None, extra_arguments=(), areas_per_kernel: int = AREAS_PER_KERNEL,
                 startup_timeout: float = 60):
        check_areas_per_kernel(areas_per_kernel)
        self.kernel_name = kernel_name
        self.extra_arguments = list(extra_arguments)
        self.areas_per_kernel = areas_per_kernel
        self.startup_timeout = startup_timeout
        self.pid = os.getpid()
        self._client = None
        self._areas = 0  # areas run in the current kernel
        self.kernels_started = 0
        #: The notebook of the last area run (as far as it ran, when it failed).
        self.notebook = None

    # ---------------------------------------------------------------------------------------------- the kernel

    @property
    def alive(self) -> bool:
        """Whether a kernel is running for this object."""
        from nbclient.util import ensure_async, run_sync

        client = self._client
        if client is None or client.km is None:
            return False

        async def alive():
            return await ensure_async(client.km.is_alive())

        return bool(run_sync(alive)())

    def _start(self, nb) -> None:
        import nbformat
        from nbclient import NotebookClient

        client = NotebookClient(nbformat.v4.new_notebook(metadata=nb.metadata), kernel_name=self.kernel_name or "",
                                extra_arguments=self.extra_arguments, startup_timeout=self.startup_timeout,
                                record_timing=False, shutdown_kernel="immediate", allow_errors=False)
        client.create_kernel_manager()
        try:
            client.start_new_kernel()
            client.start_new_kernel_client()
            self._client = client
            self._silent(START_CODE)
        except BaseException:
            self._client = client
            self.close()
            raise
        self._areas = 0
        self.kernels_started += 1

    def _silent(self, code: str, timeout: float | None = None) -> None:
        """Run code in the kernel, its output discarded, nothing in the history; raise if it fails."""
        import nbformat

        client = self._client
        client.nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        client.reset_execution_trackers()
        client.timeout = timeout if timeout is not None else self.startup_timeout
        client.execute_cell(client.nb.cells[0], 0, store_history=False)

    def close(self) -> None:
        """Shut the kernel down (a new one starts when the next area runs)."""
        client, self._client = self._client, None
        if client is None or os.getpid() != self.pid:
            return
        try:
            client._cleanup_kernel()
        except Exception:  # noqa: BLE001 - a kernel already gone
            pass

    # ----------------------------------------------------------------------------------------------- the areas

    def run(self, workbook, parameters: dict, *, cell_timeout: float | None = None) -> nbformat.NotebookNode:
        """Run one area: the workbook with ``parameters`` injected by papermill, every cell, in the kept kernel.

        Parameters
        ----------
        workbook : str or pathlib.Path
            The workbook (``.ipynb``).
        parameters : dict
            Injected after its cell tagged ``parameters`` (papermill's ``injected-parameters`` cell).
        cell_timeout : float, optional
            Seconds a single cell may run; default no limit.

        Returns
        -------
        nbformat.NotebookNode
            The executed notebook (with the injected cell).

        Raises
        ------
        CellFailed
            When a cell raised. Whatever was raised, the notebook as far as it ran is :attr:`notebook`.
        nbclient.exceptions.CellTimeoutError, nbclient.exceptions.DeadKernelError, Exception
            A cell that ran too long, a kernel that died (the kernel is replaced before the next area), or a kernel
            that would not start.
        """
        from nbclient.exceptions import CellExecutionError
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        self.notebook = None
        nb = parameterize_notebook(load_notebook_node(str(workbook)), parameters)
        for cell in nb.cells:  # papermill gives it a random id: the same page for the same inputs, every time
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        self.notebook = nb
        if not self.alive or self._areas >= self.areas_per_kernel:
            self.close()
            self._start(nb)
        failed = True
        try:
            self._silent(RESET_CODE)
            client = self._client
            client.nb = nb
            client.reset_execution_trackers()
            client.timeout = cell_timeout
            self._areas += 1
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as err:
                    raise CellFailed(index, err.ename, err.evalue) from None
            failed = False
        finally:
            if failed:  # whatever it left behind goes with it
                self.close()
        return nb


# --------------------------------------------------------------------------------------------- one per worker

_KERNELS = PerWorker(lambda kernel: kernel._client is not None)


def warm_kernel(*, kernel_name: str | None = None, extra_arguments=(),
                areas_per_kernel: int = AREAS_PER_KERNEL) -> WarmKernel:
    """The warm kernel of this process and thread, made on first use and kept for the next areas.

    The batch's workers run every area they are given in it. It is closed by :func:`close_warm_kernels`, and when
    the process ends (:class:`jsnakit.factsheets.per_worker.PerWorker`).

    Parameters
    ----------
    kernel_name, extra_arguments, areas_per_kernel
        As :class:`WarmKernel`'s; a kept kernel made with other settings is replaced.

    Returns
    -------
    WarmKernel
        Its kernel starts with the first area it runs.
    """
    return _KERNELS.get(lambda: WarmKernel(kernel_name=kernel_name, extra_arguments=extra_arguments,
                                           areas_per_kernel=areas_per_kernel),
                        settings=(kernel_name, list(extra_arguments), areas_per_kernel))


def close_warm_kernels() -> int:
    """Shut down the warm kernels of this process (:func:`warm_kernel`); they start again if used.

    Returns
    -------
    int
        How many kernels were running.
    """
    return _KERNELS.close()
