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
