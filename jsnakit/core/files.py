"""Writing files so that a reader never sees half of one (shared by the batch, the factsheets and the source caches)."""
from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

from .errors import ArgumentError

__all__ = ["atomic_write"]


def atomic_write(path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then :func:`os.replace`.

    A reader (a browser, the next batch run, another worker) sees either the old file or the new one, never a
    partly written one. Text is written as UTF-8. The file gets the usual permissions (``0o666`` less the umask).

    Parameters
    ----------
    path : str or pathlib.Path
        Destination; its folder must exist.
    data : str or bytes
        The whole content.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path = Path(path)
    if isinstance(data, str):
        payload = data.encode("utf-8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        payload = bytes(data)
    else:
        raise ArgumentError(f"data must be str or bytes; got {type(data).__name__}")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
