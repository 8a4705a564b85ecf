"""Why a file no source recognises cannot be read ("near-miss" recognition, still by content): empty, binary, damaged
or truncated files, a CSV in UTF-16 or separated by semicolons, a CSV under an Excel suffix, a header that lacks a
few columns of a known layout, renamed sheets (:func:`diagnose`, for ``jsnakit data check``)."""
from __future__ import annotations

import json
from pathlib import Path

from ..core.errors import Failure
from .registry import SOURCES, Sniff, sniff, sniff_text

__all__ = ["diagnose"]


#: What a file of each suffix jsnakit reads should be, in words.
_DATA_SUFFIXES = {".csv": "a CSV file", ".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook",
                  ".xls": "an Excel workbook", ".parquet": "a parquet file", ".json": "a JSON file",
                  ".geojson": "a GeoJSON file", ".geo.json": "a GeoJSON file"}
#: What a file's first bytes say it is (for the words of a bad file's reason).
_CONTENT = {"zip": "a zip archive (an .xlsx workbook or a zipped download)", "ole": "a legacy Excel workbook (.xls)",
            "parquet": "a parquet file", "html": "an HTML page (a failed download?)", "binary": "binary data",
            "utf-16": "UTF-16 text", "text": "a text file"}
_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def diagnose(path) -> list[tuple[str, str, list[Failure]]]:
    """Why a file that no source recognises cannot be read, when it looks like an input or cannot be read at all.

    :func:`~jsnakit.catalog.identify` recognises a file only when it can be read as the source's readers expect.
    This looks again at a file it did not recognise ("near-miss" recognition, still by content): a file with a data
    suffix that is empty, binary, damaged or truncated; a CSV in UTF-16 or separated by semicolons (or tabs) whose
    content is a known publication; a CSV saved under an Excel suffix; a header that lacks a few of the columns of a
    known layout (:attr:`~jsnakit.catalog.Source.signature`); an ONS MYE workbook whose ``MYE2`` sheets were renamed.

    Parameters
    ----------
    path : str or pathlib.Path
        A file :func:`~jsnakit.catalog.identify` found to be no input.

    Returns
    -------
    list of (str, str, list of jsnakit.core.errors.Failure)
        For each source the file nearly is (or ``""`` when the file cannot be read at all): the source's name,
        a title, and the failures that make it bad. Empty when the file is readable and simply not an input (a
        JSON schema, an unrelated CSV or workbook), or has a suffix jsnakit does not read.

    Examples
    --------
    >>> import tempfile
    >>> empty = Path(tempfile.mkdtemp()) / "caseload.csv"
    >>> _ = empty.write_bytes(b"")
    >>> [(name, [f.got for f in failures]) for name, _, failures in diagnose(empty)]
    [('', ['an empty file (0 bytes)'])]
    """
    path = Path(path)
    found = sniff(path)
    what = _DATA_SUFFIXES.get(found.suffix)
    if what is None:
        return []
    file = str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except OSError as exc:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} jsnakit can open", str(exc))])]
    if not head:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} with data",
                                                            "an empty file (0 bytes)")])]
    kind = _content_kind(head)
    if found.suffix == ".csv":
        return _diagnose_csv(file, head, kind)
    if found.suffix in (".xlsx", ".xlsm", ".xls"):
        return _diagnose_workbook(path, found, head, kind)
    if found.suffix == ".parquet":
        if found.columns:
            return _near_miss_rows(file, found)
        if kind == "text":
            return _as_text(file, head, kind, f"{what}, as its suffix says", "a CSV file (text) named .parquet")
        return [("", "a file jsnakit cannot read", [Failure(
            file, None, None, "a parquet file, as its suffix says",
            f"a damaged or truncated parquet file ({_first_line(_parquet_error(path))})" if kind == "parquet"
            else _CONTENT[kind])])]
    return _diagnose_json(path, what, kind)


def _content_kind(head: bytes) -> str:
    """What the first bytes of a file are: zip, ole, parquet, utf-16, html, binary or text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PAR1"):
        return "parquet"
    sample = head[:4096]
    odd, even = sample[1::2], sample[0::2]
    if len(sample) >= 4 and (odd.count(0) > 0.8 * len(odd) or even.count(0) > 0.8 * len(even)):
        return "utf-16"                                         # UTF-16 without a byte-order mark
    if b"\x00" in sample:
        return "binary"
    text = sample.decode("utf-8", errors="replace")
    if text.lstrip("\ufeff \t\r\n").lower().startswith(("<!doctype html", "<html")):
        return "html"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\x0c")
    if controls > 0.01 * len(text) or text.count("\ufffd") > 0.1 * len(text):
        return "binary"
    return "text"


def _decode(head: bytes, kind: str) -> str:
    """The start of a text file as text (UTF-16 with or without a byte-order mark, else UTF-8)."""
    if kind == "utf-16":
        if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = (b"\xff\xfe" if head[1:2] == b"\x00" else b"\xfe\xff") + head
        return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    return head.decode("utf-8-sig", errors="replace")


def _candidates(found: Sniff) -> list[tuple[str, list[str]]]:
    """The sources a header is (missing nothing) or nearly is (missing a few columns of a layout), best first:
    ``[(name, missing columns the reader needs)]``."""
    exact = [(name, []) for name, source in SOURCES.items() if source.recognise(found)]
    return exact or _near_misses(found)


def _near_misses(found: Sniff) -> list[tuple[str, list[str]]]:
    """Sources whose layout the header nearly has (all but a fifth of its columns at most, one or more of them
    needed by the reader); only the closest are kept (a caseload without ``ehcplans`` is as near to new plans
    without ``new_ehc_plans``: both are named)."""
    if not found.columns:
        return []
    header = set(found.columns)
    near = []
    for name, source in SOURCES.items():
        for needed, markers in source.signature:
            layout = set(needed) | set(markers)
            lacking = layout - header
            missing = [c for c in needed if c not in header]
            if missing and len(lacking) <= max(1, len(layout) // 5):
                near.append((len(lacking), name, missing))
    if not near:
        return []
    best = min(n for n, _, _ in near)
    closest: dict[str, list[str]] = {}
    for n, name, missing in near:
        if n == best:
            closest.setdefault(name, missing)
    return list(closest.items())


def _near_miss_rows(file: str, found: Sniff) -> list[tuple[str, str, list[Failure]]]:
    """Bad rows for a readable header that lacks columns of a known layout (row 1, each missing column)."""
    return [(name, SOURCES[name].title, [Failure(file, 1, column, "this column in the header",
                                                 f"header {list(found.columns)}") for column in missing])
            for name, missing in _near_misses(found)]


def _as_text(file: str, head: bytes, kind: str, expected: str, got: str) -> list[tuple[str, str, list[Failure]]]:
    """A text file where another format was expected: bad for the sources its content is (or nearly is), else
    [] (a readable file that is simply not an input)."""
    found = sniff_text(Sniff(Path(file), ".csv"), _decode(head, kind))
    return [(name, SOURCES[name].title, [Failure(file, None, None, expected, got)]) for name, _ in _candidates(found)]


def _diagnose_csv(file: str, head: bytes, kind: str) -> list[tuple[str, str, list[Failure]]]:
    if kind == "utf-16":
        # jsnakit reads CSV as UTF-8 (or Latin-1), as EES publishes it: UTF-16 is bad whatever it holds.
        expected, got = "a CSV file of UTF-8 text (in Excel: Save As 'CSV UTF-8')", "UTF-16 text"
        rows = _as_text(file, head, kind, expected, got)
        return rows or [("", "a file jsnakit cannot read", [Failure(file, None, None, expected, got)])]
    if kind != "text":
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, "a CSV file (text)", _CONTENT[kind])])]
    text = _decode(head, kind)
    found = sniff_text(Sniff(Path(file), ".csv"), text)
    if len(found.columns) == 1:
        for delimiter, words in _DELIMITERS.items():
            if delimiter in found.columns[0]:
                split = sniff_text(Sniff(Path(file), ".csv"), text, delimiter=delimiter)
                return [(name, SOURCES[name].title, [Failure(file, None, None, "a CSV separated by commas (UTF-8)",
                                                             f"a file separated by {words}")])
                        for name, _ in _candidates(split)]
    return _near_miss_rows(file, found)


def _diagnose_workbook(path: Path, found: Sniff, head: bytes, kind: str) -> list[tuple[str, str, list[Failure]]]:
    file = str(path)
    if found.sheets:
        return _near_miss_workbook(file, found)
    if kind in ("text", "utf-16"):
        # A readable text file under an Excel suffix is bad only when it holds a known input (else not an input).
        return _as_text(file, head, kind, f"an Excel workbook, as its suffix {found.suffix} says",
                        f"a CSV file (text) named {found.suffix}: rename it .csv")
    if kind in ("zip", "ole"):
        got = f"a damaged or truncated workbook ({_first_line(_workbook_error(path))})"
    else:
        got = _CONTENT[kind]
    return [("", "a file jsnakit cannot read", [Failure(file, None, None, "an Excel workbook, as its suffix says",
                                                        got)])]


def _near_miss_workbook(file: str, found: Sniff) -> list[tuple[str, str, list[Failure]]]:
    """An ONS MYE workbook whose MYE2 sheets were renamed: its cells still hold the table's header and title."""
    cells = found.cells
    mye = {"code", "name", "all ages"} <= cells and any(
        "single year of age" in c or c.startswith("mye2") for c in cells)
    if not mye:
        return []
    return [("population", SOURCES["population"].title, [Failure(
        file, None, "MYE2 - Persons", "a sheet named 'MYE2 - Persons' (and 'MYE2 - Males', 'MYE2 - Females'), "
        "as ONS names them", f"sheets {list(found.sheets)}")])]


def _diagnose_json(path: Path, what: str, kind: str) -> list[tuple[str, str, list[Failure]]]:
    file = str(path)
    if kind not in ("text", "utf-16"):
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} (text)", _CONTENT[kind])])]
    try:
        json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} in UTF-8",
                                                            "text in another encoding")])]
    except ValueError as exc:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} that is well-formed JSON",
                                                            f"{exc} (is it truncated?)")])]
    return []


def _first_line(text: str) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else "no reason given"
    return line if len(line) <= 120 else line[:117] + "..."


def _workbook_error(path: Path) -> str:
    from python_calamine import CalamineWorkbook

    try:
        CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises several kinds; the words are all we want
        return f"{type(exc).__name__}: {exc}"
    return "its sheets cannot be read"


def _parquet_error(path: Path) -> str:
    import pyarrow.parquet as pq

    try:
        pq.read_schema(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds; the words are all we want
        return f"{type(exc).__name__}: {exc}"
    return "its columns cannot be read"
