"""Where the batch's areas run: a registry of :class:`concurrent.futures.Executor` factories by name
(:func:`register_executor`, :func:`executors`): ``"process"``, ``"thread"`` and, when ``dask.distributed`` is
installed, ``"dask"``; and how many workers by default (:func:`default_workers`)."""
from __future__ import annotations

import concurrent.futures as cf
import importlib.util
import os
from collections.abc import Callable

from ..core.errors import ArgumentError
from .area import KERNEL_ENV

__all__ = ["register_executor", "executors", "executor_factory", "default_workers"]

_EXECUTORS: dict[str, Callable[[int], cf.Executor]] = {}


def register_executor(name: str, factory: Callable[[int], cf.Executor], *, replace: bool = False) -> None:
    """Make an executor available to :func:`jsnakit.factsheets.batch.run` (and ``jsnakit factsheets --executor``) by
    name.

    Parameters
    ----------
    name : str
        The name users pass.
    factory : callable
        ``factory(workers) -> concurrent.futures.Executor``; the batch shuts the executor down when done.
    replace : bool, default False
        Allow replacing an existing name.
    """
    if not replace and name in _EXECUTORS:
        raise ArgumentError(f"executor name must be new (or pass replace=True); got {name!r}, already registered")
    _EXECUTORS[name] = factory


def executors() -> list[str]:
    """Names of the registered executors.

    Returns
    -------
    list of str
        E.g. ``["process", "thread"]`` (plus ``"dask"`` when installed), in the order registered.
    """
    return list(_EXECUTORS)


def _init_worker() -> None:
    os.environ.update(KERNEL_ENV)


def _process_executor(workers: int) -> cf.Executor:
    return cf.ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)


def _thread_executor(workers: int) -> cf.Executor:
    return cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jsnakit-batch")


#: Name of the dask worker plugin that stops the batch's kernels and browsers on each worker (see _DaskExecutor).
DASK_PLUGIN = "jsnakit-batch-teardown"


def _close_worker_resources() -> None:
    """Stop the warm kernels and the PDF browsers of this process (a dask worker's, when the batch ends)."""
    from . import kernels, pdf

    kernels.close_warm_kernels()
    pdf.close_shared_printers()


def _teardown_plugin():
    """A dask ``WorkerPlugin`` whose ``teardown`` (run on every worker when the plugin is unregistered or the worker
    closes) stops what the batch started there."""
    from distributed import WorkerPlugin

    class CloseBatchResources(WorkerPlugin):
        name = DASK_PLUGIN

        def teardown(self, worker):
            _close_worker_resources()

    return CloseBatchResources()


class _DaskExecutor(cf.Executor):
    """A dask.distributed client's executor. On shutdown it stops the kernels and browsers the batch started on the
    workers (a worker plugin, unregistered: its ``teardown`` runs on each), then closes the client (and a cluster it
    made itself; a cluster named by address is left running)."""

    def __init__(self, client, cluster=None):
        self._client = client
        self._cluster = cluster
        try:
            client.register_plugin(_teardown_plugin(), name=DASK_PLUGIN)
            self._plugin = True
        except Exception:  # noqa: BLE001 - an older scheduler: the kernels then stop with their worker processes
            self._plugin = False
        self._executor = client.get_executor()

    def submit(self, fn, /, *args, **kwargs):
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        try:
            self._executor.shutdown(wait=wait)
            if self._plugin:
                try:
                    self._client.unregister_worker_plugin(DASK_PLUGIN)
                except Exception:  # noqa: BLE001 - workers already gone
                    pass
        finally:
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()


def _dask_executor(workers: int) -> cf.Executor:
    """The "dask" executor: a client of the scheduler named by dask's ``scheduler-address`` setting (``jsnakit
    factsheets --scheduler ADDRESS`` sets it; so may ``DASK_SCHEDULER_ADDRESS`` or dask's configuration files), or,
    when none is named, of a ``distributed.LocalCluster`` of ``workers`` single-threaded worker processes."""
    import dask
    from distributed import Client, LocalCluster

    address = dask.config.get("scheduler-address", None)
    if address:
        try:
            return _DaskExecutor(Client(address, timeout="30s"))
        except (OSError, TimeoutError, ValueError) as err:
            raise ArgumentError(f"the dask scheduler at {address!r} could not be reached ({type(err).__name__}); "
                                "check --scheduler or dask's scheduler-address setting",
                                public=f"the dask scheduler at {address!r} could not be reached") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return _DaskExecutor(Client(cluster), cluster)


register_executor("process", _process_executor)
register_executor("thread", _thread_executor)
if importlib.util.find_spec("distributed") is not None:
    register_executor("dask", _dask_executor)


def executor_factory(executor) -> Callable[[int], cf.Executor] | None:
    """The factory of a registered executor, checked before any area runs.

    Parameters
    ----------
    executor : str or concurrent.futures.Executor
        A name from :func:`executors`, or an Executor object (used as given).

    Returns
    -------
    callable or None
        ``factory(workers) -> concurrent.futures.Executor`` for a name; None for an Executor object.

    Raises
    ------
    ArgumentError
        When ``executor`` is neither a registered name nor an Executor.
    """
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
    """Number of cores this process may use (the default number of workers).

    Returns
    -------
    int
        At least 1.
    """
    if hasattr(os, "process_cpu_count"):
        n = os.process_cpu_count()
    elif hasattr(os, "sched_getaffinity"):
        n = len(os.sched_getaffinity(0))
    else:
        n = os.cpu_count()
    return max(1, n or 1)
