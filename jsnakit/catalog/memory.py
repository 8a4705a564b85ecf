"""What a process has read already (issue 20): a source read once is kept in memory for every later
:class:`~jsnakit.catalog.Catalog` of the same files and cache folder, so the next area a batch worker's warm kernel
runs does not read the folder again. Kept by the files' versions (path, inode, size, modification and change times):
a file changed since is read again. The warnings a read gave are given again at every recall."""
from __future__ import annotations

import threading
import warnings
from pathlib import Path
from typing import Callable

__all__ = ["recall", "file_version", "KINDS"]

#: Sources read in this process (see the module's notes): (source, code version, file versions) -> frame; the
#: oldest dropped beyond :data:`_MEMORY_KEPT`. Each file's kind is kept apart (:data:`KINDS`, small), so that a
#: folder of many files does not push the frames out.
_MEMORY: dict = {}
_MEMORY_KEPT = 64
KINDS: dict = {}
#: One reader of the memory at a time (threads of the "thread" executor, dashboards); re-entrant: reads nest.
_LOCK = threading.RLock()


def file_version(path: Path) -> tuple:
    """A file's version as the memory keys it.

    Parameters
    ----------
    path : pathlib.Path
        An existing file.

    Returns
    -------
    tuple
        ``(resolved path, inode, size in bytes, modification time in ns, change time in ns)``.
    """
    stat = path.stat()
    return str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def recall(key, make: Callable[[], object]):
    """``make()`` once per key in this process; the warnings it gave (a register's bad rows, a Local Offer's) are
    given again at every recall, so a later area's page says what a first one's does.

    Parameters
    ----------
    key : hashable
        What the value depends on (the source, cache folder, code version and files' versions).
    make : callable
        Makes the value; an exception it raises is raised again (after its warnings), and nothing is kept.

    Returns
    -------
    object
        The value, shared: callers must not change it (the catalogue hands out copies).
    """
    with _LOCK:
        found = _MEMORY.get(key)
        if found is None:
            failed = None
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    value = make()
                except BaseException as error:  # noqa: BLE001 - raised again below, its warnings given first
                    failed = error
            shown = [(w.message, w.category) for w in caught]
            if failed is not None:
                _warn_again(shown)  # outside the recording: the caller sees them, as without the memory
                raise failed
            while len(_MEMORY) >= _MEMORY_KEPT:
                _MEMORY.pop(next(iter(_MEMORY)))
            found = _MEMORY[key] = (value, shown)
    value, shown = found
    _warn_again(shown)
    return value


def _warn_again(shown: list) -> None:
    for message, category in shown:
        warnings.warn(message, category, stacklevel=4)
