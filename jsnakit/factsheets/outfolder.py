"""The batch's output folder: made, checked that it can be written, and held by one batch at a time (issue 20).

Two batches writing to the same folder at once would each rewrite ``manifest.json`` from what they know, and one
would lose the other's areas. :func:`claimed` takes a lock on the folder (:class:`filelock.FileLock`, an OS lock on
``.jsnakit-batch.lock``, released however the batch ends, and by the OS when its process dies) for the whole batch;
a second batch into the same folder refuses at once with a message that says so. An output path that is a file, a
folder that cannot be made or written to and a full disk are :class:`~jsnakit.core.errors.OutputError`\\ s with
the folder and the system's words, never a traceback (:func:`os_words`).
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import OutputError

__all__ = ["claimed", "os_words", "LOCK_NAME"]

#: The lock file in the output folder (hidden: the input hash and the index leave it out).
LOCK_NAME = ".jsnakit-batch.lock"


def os_words(err: OSError) -> str:
    """What the system said about a failed write, in words: ``"No space left on device"``,
    ``"Permission denied"``, ``"Read-only file system"``.

    Parameters
    ----------
    err : OSError
        The error.

    Returns
    -------
    str
        Its ``strerror`` (or the errno's name, or the error's type when it has neither), without file paths.

    Examples
    --------
    >>> os_words(OSError(28, "No space left on device", "/tmp/x/E09000019.html"))
    'No space left on device'
    """
    if err.strerror:
        return err.strerror
    if err.errno is not None:
        return os.strerror(err.errno) if err.errno in errno.errorcode else f"errno {err.errno}"
    return type(err).__name__


@contextlib.contextmanager
def claimed(out_dir) -> Iterator[Path]:
    """The output folder, made if missing, checked writable and locked against other batches while in use.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The folder.

    Yields
    ------
    pathlib.Path
        The folder, absolute.

    Raises
    ------
    OutputError
        When ``out_dir`` is a file (or a file stands where one of its parent folders should be), cannot be made, or
        cannot be written to (permissions, a read-only file system, a full disk); or when another batch holds it:
        ``"another jsnakit batch is writing to 'factsheets' (lock .jsnakit-batch.lock); wait for it to end, or
        choose another --out"``.
    """
    from filelock import FileLock, Timeout

    given = Path(out_dir)
    try:
        is_file = given.exists() and not given.is_dir()
    except OSError as err:  # a parent folder that cannot be searched
        raise OutputError(f"out_dir '{given}' cannot be reached: {os_words(err)}") from None
    if is_file:
        raise OutputError(f"out_dir must be a folder; '{given}' is a file")
    try:
        given.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"out_dir '{given}' could not be made: a file stands where one of its folders should be") \
            from None
    except OSError as err:
        raise OutputError(f"out_dir '{given}' could not be made: {os_words(err)}") from None
    folder = given.resolve()
    lock = FileLock(folder / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(f"another jsnakit batch is writing to '{given}' (lock {LOCK_NAME}); wait for it to end, "
                          "or choose another --out") from None
    except OSError as err:
        raise OutputError(f"out_dir '{given}' cannot be written to: {os_words(err)}") from None
    try:
        _probe(folder, given)
        yield folder
    finally:
        lock.release()


def _probe(folder: Path, given: Path) -> None:
    """Write and remove a small file: a read-only folder or a full disk is found before any area runs."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".jsnakit-probe-")
        try:
            os.write(handle, b"jsnakit")
        finally:
            os.close(handle)
            os.unlink(name)
    except OSError as err:
        raise OutputError(f"out_dir '{given}' cannot be written to: {os_words(err)}") from None
