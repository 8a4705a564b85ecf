"""What a factsheet depends on, hashed, so the batch knows which areas are up to date (issue 20): :func:`area_hashes`
gives the digest of what every factsheet shares and, per area, of what its own factsheet depends on (its Local
Offer folder, its rows of the commissioning register); :func:`input_hash` is the digest of everything at once."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ..catalog import Catalog
from ..core import geography

__all__ = ["area_hashes", "input_hash"]


def _package_dir() -> Path:
    return Path(__file__).resolve().parents[1]  # jsnakit/


def _tree(root: Path, *, exclude: Path | None = None) -> list[tuple[str, Path]]:
    """The files :func:`input_hash` reads under ``root``: (relative name, path), sorted."""
    files = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if exclude is not None and (path == exclude or exclude in path.parents):
            continue
        if path.suffix == ".pyc" or not path.is_file():
            continue
        files.append((rel.as_posix(), path))
    return sorted(files)


def _hash_files(h, files) -> None:
    for rel, path in files:
        h.update(b"F\0" + rel.encode("utf-8") + b"\0")
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0E\0")


def _hash_tree(h, root: Path, *, exclude: Path | None = None) -> None:
    _hash_files(h, _tree(root, exclude=exclude))


def input_hash(data_dir, workbook, *, period=None, exclude=None) -> str:
    """Hash everything a factsheet depends on: the data folder, the workbook, jsnakit itself and ``period``.

    SHA-256 over, in this order: every file under ``data_dir`` (relative name and bytes, sorted by name; names
    starting with ``.`` and ``__pycache__`` folders left out), the bytes of ``workbook``, every file of the installed
    ``jsnakit`` package (same rules, ``.pyc`` left out) and ``repr(period)``. :func:`area_hashes` hashes what every
    factsheet shares the same way, leaving out each area's own files.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder.
    workbook : str or pathlib.Path
        The workbook notebook.
    period : str or None, default None
        The ``period`` parameter passed to the workbook.
    exclude : str or pathlib.Path, optional
        A folder inside ``data_dir`` to leave out (the batch passes ``out_dir`` so that writing factsheets into the
        data folder does not change the hash).

    Returns
    -------
    str
        ``"sha256:"`` followed by 64 hex digits.
    """
    return _digest(_tree(Path(data_dir), exclude=Path(exclude).resolve() if exclude is not None else None),
                   workbook, period)


def _digest(files, workbook, period) -> str:
    """SHA-256 (``"sha256:<hex>"``) over the data files given, the workbook, jsnakit's own files and ``period``."""
    h = hashlib.sha256()
    h.update(b"jsnakit-input-hash-v2\0data\0")
    _hash_files(h, files)
    h.update(b"workbook\0")
    h.update(Path(workbook).read_bytes())
    h.update(b"\0jsnakit\0")
    _hash_tree(h, _package_dir())
    h.update(b"period\0" + repr(period).encode("utf-8"))
    return "sha256:" + h.hexdigest()


def area_hashes(data_dir, workbook, area_codes, *, period=None, exclude=None) -> tuple[str, dict[str, str]]:
    """What every factsheet shares, hashed once, and what each area's factsheet depends on, hashed per area: so
    that a change to one area's own inputs re-runs that area only.

    An area's own inputs are its Local Offer (the files under a folder named by its GSS code, when the folder holds
    more than one Local Offer: the only one is every area's) and its rows of the commissioning register (the notes
    sheet of its downloads names the register without the file's checksum, which other areas' rows change).
    Everything else is shared by every area and hashed as :func:`input_hash` hashes it:
    every other file of the data folder (Local Offers in folders not named by an area's code included: any area may
    be found in them), the workbook, jsnakit's own files and ``period``. A register is hashed per area by its
    columns, the area's rows (their values, in order) and the warnings reading it gives (every page with register
    rows says which rows of the file were left out); a register that cannot be read is hashed whole into every
    area's digest.

    Parameters
    ----------
    data_dir, workbook, period, exclude
        As :func:`input_hash`.
    area_codes : list of str
        GSS codes.

    Returns
    -------
    (str, dict)
        The shared digest (``"sha256:..."``) and, by area code, the area's (``"sha256:..."``), which covers the
        shared one.
    """
    import warnings

    from ..catalog.registry import SOURCES

    data = Path(data_dir)
    files = _tree(data, exclude=Path(exclude).resolve() if exclude is not None else None)
    catalog = Catalog(data)
    registers = {p.resolve() for p in catalog.paths("commissioning_register")}
    la_codes = set(geography.local_authorities()["area_code"])
    offer_folders = {p.resolve().parent for p in catalog.paths("local_offer")}
    if len(offer_folders) == 1:  # the only Local Offer is every area's (Catalog.local_offer): shared by all
        offer_folders = set()
    owner = {}  # relative name -> the LA whose own file it is: any file of a Local Offer folder named by its code
    for rel, path in files:
        folder = next((f for f in path.resolve().parents if f in offer_folders and f.name in la_codes), None)
        owner[rel] = None if folder is None else folder.name
    shared_files = [(rel, path) for rel, path in files if path.resolve() not in registers and owner.get(rel) is None]
    shared = _digest(shared_files, workbook, period)

    register_parts = []  # (rel, frame or None, warnings text, path)
    for rel, path in files:
        if path.resolve() not in registers:
            continue
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                frame = SOURCES["commissioning_register"].reader(path)
            register_parts.append((rel, frame, "\n".join(str(w.message) for w in caught), path))
        except Exception:  # noqa: BLE001 - unreadable: every area's page says so; hashed whole for each
            register_parts.append((rel, None, "", path))
    digests = {}
    for code in area_codes:
        h = hashlib.sha256(f"jsnakit-area-hash-v1\0{shared}\0{code}\0".encode())
        _hash_files(h, [(rel, path) for rel, path in files if owner.get(rel) == code])
        for rel, frame, said, path in register_parts:
            h.update(b"R\0" + rel.encode("utf-8") + b"\0")
            if frame is None:
                _hash_files(h, [(rel, path)])
                continue
            rows = frame[frame["area_code"] == code]
            h.update("\x1f".join(map(str, frame.columns)).encode("utf-8") + b"\0" + said.encode("utf-8") + b"\0")
            h.update(pd.util.hash_pandas_object(rows, index=False).to_numpy().tobytes())
        digests[code] = "sha256:" + h.hexdigest()
    return shared, digests
