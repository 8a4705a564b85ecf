"""Files written so that a reader never sees half of one, and files read back as they were written: atomic writes
(shared by the batch, the factsheets and the source caches), parquet cache files that keep their frame's dtypes, and
the SHA-256 of a file's content that keys every cache."""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ArgumentError

__all__ = ["atomic_write", "file_sha256", "read_parquet", "write_parquet"]


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


def file_sha256(path) -> str:
    """SHA-256 of a file's content, read once per version of the file (path, inode, size, modification and change
    times): the catalogue, its cache keys and :func:`jsnakit.needs.profile.published` hash each input once a process.

    Parameters
    ----------
    path : str or pathlib.Path
        An existing file.

    Returns
    -------
    str
        64 lowercase hex digits.

    Examples
    --------
    >>> import tempfile
    >>> empty = Path(tempfile.mkdtemp()) / "empty.csv"
    >>> _ = empty.write_bytes(b"")
    >>> file_sha256(empty)
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    stat = Path(path).stat()
    return _sha256_of(str(Path(path).resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@lru_cache(maxsize=1024)
def _sha256_of(path: str, inode: int, size: int, mtime_ns: int, ctime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_parquet(frame: pd.DataFrame, target: Path) -> None:
    """Write a frame to a cache file atomically: a temporary file in the same folder, then rename.

    Best effort: the folder is made when missing, and a failure (a read-only or full folder, a column parquet
    cannot hold) leaves no file behind and raises nothing, as a cache that cannot be written only costs speed.
    The columns of ``object`` dtype are noted in the file, so :func:`read_parquet` gives the same dtypes back. A
    GeoDataFrame is written as GeoParquet.

    Parameters
    ----------
    frame : pandas.DataFrame or geopandas.GeoDataFrame
        The frame; its index is not kept.
    target : pathlib.Path
        The parquet file to make or replace.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        os.close(handle)
        try:
            objects = [str(c) for c in frame.columns if frame[c].dtype == object and c != "geometry"]
            if hasattr(frame, "geometry"):
                frame.to_parquet(tmp, index=False)
                _tag(tmp, objects)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(frame, preserve_index=False)
                meta = {**(table.schema.metadata or {}), b"jsnakit_object_columns": json.dumps(objects).encode()}
                pq.write_table(table.replace_schema_metadata(meta), tmp)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:  # noqa: BLE001 - a read-only or full cache folder, or a column parquet cannot hold, only costs speed
        pass


def _tag(path: str, objects: list[str]) -> None:
    """Note in the parquet file which columns were ``object`` (text) in the reader's frame, so a cached read gives
    back the same dtypes as a fresh one (parquet alone would bring text back as pandas' ``str`` dtype)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    meta = dict(table.schema.metadata or {})
    meta[b"jsnakit_object_columns"] = json.dumps(objects).encode()
    pq.write_table(table.replace_schema_metadata(meta), path)


def read_parquet(path: Path) -> pd.DataFrame:
    """Read a frame written by :func:`write_parquet`, with the dtypes it had.

    Text columns that were ``object`` come back as ``object`` with NaN for missing values (parquet alone would give
    pandas' ``str`` dtype); a GeoParquet file comes back as a GeoDataFrame.

    Parameters
    ----------
    path : pathlib.Path
        A parquet file.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        Index 0..n-1.

    Raises
    ------
    Exception
        Whatever pyarrow raises for a missing, damaged or truncated file (a caller that caches deletes it and
        makes the frame again).

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "frame.parquet"
    >>> frame = pd.DataFrame({"area_code": pd.Series(["E09000019", None], dtype=object), "count": [1.0, 2.0]})
    >>> write_parquet(frame, target)
    >>> back = read_parquet(target)
    >>> back["area_code"].dtype, back["area_code"].tolist()
    (dtype('O'), ['E09000019', nan])
    """
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    if b"geo" in meta:
        import geopandas as gpd

        frame = gpd.read_parquet(path)
    else:
        frame = pd.read_parquet(path)
    for column in json.loads(meta.get(b"jsnakit_object_columns", b"[]")):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), np.nan)
    return frame
