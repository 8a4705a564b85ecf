"""One resource per batch worker (issue 20): a warm kernel (:mod:`jsnakit.factsheets.kernels`) or a browser that
prints PDFs (:mod:`jsnakit.factsheets.pdf`), made on a worker's first area and kept for its next ones.

A worker is a process and a thread (the "process" executor's workers are processes, the "thread" executor's threads).
Each resource is closed by :meth:`PerWorker.close`, and when its process ends: :class:`multiprocessing.util.Finalize`
runs at the exit of the main process and of every process :mod:`multiprocessing` started, as a process pool's workers
are. A forked worker inherits its parent's list: the parent's resources are kept there (never used nor closed), so
that no copy of them is garbage-collected in the child, which would stop the parent's kernel or chromedriver.
"""
from __future__ import annotations

import os
import threading
from typing import Callable, Generic, TypeVar

__all__ = ["PerWorker"]

R = TypeVar("R")


class PerWorker(Generic[R]):
    """Resources kept one per process and thread.

    Parameters
    ----------
    running : callable
        ``running(resource)``: whether it holds something to stop (a kernel, a browser), for :meth:`close`'s count.

    Notes
    -----
    A resource has a ``pid`` attribute (the process that made it) and a ``close()`` method.
    """

    def __init__(self, running: Callable[[R], bool]):
        self._running = running
        self._lock = threading.Lock()
        self._local = threading.local()
        self._made: list = []
        self._finalizer_pid: int | None = None

    def get(self, make: Callable[[], R], settings=()) -> R:
        """This worker's resource: the one kept, or ``make()`` on first use, in a forked process, or when the kept
        one was made with other ``settings`` (it is closed then).

        Parameters
        ----------
        make : callable
            Makes a resource (cheaply: what it runs starts on first use).
        settings : object, default ()
            What the resource was made with; compared with ``==``.

        Returns
        -------
        object
            The resource.
        """
        kept = getattr(self._local, "kept", None)
        if kept is not None and (kept[1].pid != os.getpid() or kept[0] != settings):
            if kept[1].pid == os.getpid():
                kept[1].close()
                with self._lock:
                    self._made[:] = [r for r in self._made if r is not kept[1]]
            kept = None
        if kept is None:
            kept = self._local.kept = (settings, make())
        resource = kept[1]
        with self._lock:
            if not any(r is resource for r in self._made):  # new, or forgotten by close()
                self._made.append(resource)
            if self._finalizer_pid != os.getpid():
                from multiprocessing import util

                util.Finalize(None, self.close, exitpriority=10)
                self._finalizer_pid = os.getpid()
        return resource

    def running(self) -> int:
        """How many of this process's resources are running (a kept kernel, a started browser).

        Returns
        -------
        int
            Counted by the ``running`` callable given at construction.
        """
        with self._lock:
            mine = [r for r in self._made if r.pid == os.getpid()]
        return sum(bool(self._running(r)) for r in mine)

    def close(self) -> int:
        """Close this process's resources; each starts again if its worker uses it.

        Returns
        -------
        int
            How many were running.
        """
        with self._lock:
            mine = [r for r in self._made if r.pid == os.getpid()]
            self._made[:] = [r for r in self._made if r.pid != os.getpid()]
        running = 0
        for resource in mine:
            running += bool(self._running(resource))
            resource.close()
        return running
