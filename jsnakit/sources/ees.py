"""Shared parsing of published CSV files: explore-education-statistics (EES) geography, periods, counts and symbols,
and the reading, decoding, header and duplicate checks that every CSV reader of :mod:`jsnakit.sources` shares (the
commissioning register, the need mapping and the Local Offer tables included)."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import Described, Failure, InputError
from . import symbols

__all__ = [
    "GEOGRAPHY_COLUMNS",
    "read_csv",
    "decode",
    "cells_of_cut_last_row",
    "header",
    "lower_columns",
    "period_labels",
    "geography_columns",
    "counts",
    "parts_within",
    "raise_if",
    "check_duplicates",
    "label",
    "spelling_key",
]

_LEVEL_COLUMN = {"National": "country_code", "Regional": "region_code", "Local authority": "new_la_code"}
_LEVEL_NAME = {"National": "country_name", "Regional": "region_name", "Local authority": "la_name"}
#: The time and geography columns of every EES data file.
GEOGRAPHY_COLUMNS = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "new_la_code", "old_la_code", "la_name",
]


def read_csv(path, required: list[str]) -> pd.DataFrame:
    """Read an EES CSV as text (BOM and CRLF tolerated) and check that the required columns are there.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file: UTF-8 (with or without BOM) or Latin-1, CRLF or LF.
    required : list of str
        Columns the header must hold (names compared after trimming spaces).

    Returns
    -------
    pandas.DataFrame
        Every cell as text (blank cells ``""``), column names trimmed, indexed by spreadsheet row (header = 1, so the
        first data row is 2).

    Raises
    ------
    InputError
        The file is unreadable, empty, not well-formed CSV, cut short in its last row, lacks a required column
        (each missing column listed) or has no data rows.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.single(path, None, None, "a readable file", str(exc)) from None
    text = decode(raw)
    if not text.strip():
        raise InputError.single(path, None, None, "a CSV file with a header row", "an empty file")
    import io

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise InputError.single(path, None, None, "a well-formed CSV file", str(exc).strip()) from None
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            [Failure(str(path), 1, c, "this column in the header", f"header {list(frame.columns)}") for c in missing]
        )
    frame.index = pd.RangeIndex(2, len(frame) + 2)  # the row numbers an analyst sees in a spreadsheet
    if not len(frame):
        raise InputError.single(path, 2, None, "data rows below the header", "none")
    cut = cells_of_cut_last_row(text, frame.shape[1])
    if cut is not None:
        raise InputError.single(path, frame.index[-1], frame.columns[cut], f"{frame.shape[1]} cells, as in the header",
                                f"{cut} cells and the end of the file (is it truncated?)")
    return frame


def decode(raw: bytes) -> str:
    """Text of a published CSV: UTF-8 (a BOM dropped), else Latin-1 (older Excel saves).

    Parameters
    ----------
    raw : bytes
        The file's bytes.

    Returns
    -------
    str
        The decoded text.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def cells_of_cut_last_row(text: str, columns: int) -> int | None:
    r"""The cell count of a CSV's last row when the download was cut short in it, else None.

    A download cut short ends mid-row without a line break. Rows are parsed only then (rare: most files end with a
    line break), since quoted cells may hold line breaks.

    Parameters
    ----------
    text : str
        The whole file as text.
    columns : int
        The number of cells of the header.

    Returns
    -------
    int or None
        The cells of the last row (0 when it cannot be parsed) when the text ends without a line break and that
        row is short of ``columns``; None otherwise.

    Examples
    --------
    >>> cells_of_cut_last_row("a,b,c\n1,2", 3), cells_of_cut_last_row("a,b,c\n1,2,3\n", 3)
    (2, None)
    """
    import csv
    import io

    if text.endswith(("\n", "\r")):
        return None
    try:  # rare (most files end with a line break), so parse it all: quoted cells may hold line breaks
        *_, last = csv.reader(io.StringIO(text, newline=""))
    except (csv.Error, ValueError):
        return 0
    return len(last) if len(last) < columns else None


def header(path) -> list[str]:
    """The column names of a CSV file's first line, read without reading the file.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file.

    Returns
    -------
    list of str
        The names, trimmed, BOM and quotes removed; ``[]`` for an unreadable or empty file, or a first line that is
        no CSV header.
    """
    import csv

    try:
        with open(path, "rb") as handle:
            first = handle.readline(1 << 16)
    except OSError:
        return []
    text = first.decode("utf-8-sig", errors="replace").strip()
    try:
        return [c.strip() for c in next(csv.reader([text]), [])]
    except csv.Error:  # a bare carriage return or binary data: not a CSV header jsnakit knows
        return []


def lower_columns(path, frame: pd.DataFrame, required: list) -> pd.DataFrame:
    """A CSV's columns named case-insensitively: the names lower-cased, checked for repeats and required columns.

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        As :func:`read_csv` gives it.
    required : list of str
        Lower-case names the header must hold.

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` with its column names trimmed and lower-cased.

    Raises
    ------
    InputError
        A name given twice (whatever its case) or a required column missing: every one listed, row 1.
    """
    names = [str(c).strip().lower() for c in frame.columns]
    failures = []
    for name in sorted({n for n in names if names.count(n) > 1}):
        failures.append(Failure(str(path), 1, name, "one column of this name (names are case-insensitive)",
                                f"header {list(frame.columns)}"))
    for name in required:
        if name not in names:
            failures.append(Failure(str(path), 1, name, "this column in the header", f"header {list(frame.columns)}"))
    raise_if(failures)
    frame = frame.copy()
    frame.columns = names
    return frame


def period_labels(path, frame: pd.DataFrame, failures: list) -> pd.Series:
    """The period label of each row: ``202425`` -> ``2024/25`` (academic or financial year), ``2024`` -> ``2024``
    (calendar year).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        As :func:`read_csv` gives it, with ``time_period``.
    failures : list
        Where a ``time_period`` that is neither a year nor two consecutive years is appended.

    Returns
    -------
    pandas.Series
        The labels, on ``frame``'s index (a bad cell is left as it is, and reported).

    Examples
    --------
    >>> failures = []
    >>> period_labels("f.csv", pd.DataFrame({"time_period": ["202425", "2024", "202426"]}), failures).tolist()
    ['2024/25', '2024', '2024/26']
    >>> print(failures[0])
    f.csv, row 2, column 'time_period': expected a year (2024) or an academic year (202425); got '202426'
    """
    tp = frame["time_period"].str.strip()
    six = tp.str.fullmatch(r"\d{6}")
    four = tp.str.fullmatch(r"\d{4}")
    consecutive = six & (tp.str[:4].apply(lambda s: (int(s) + 1) % 100 if s.isdigit() else -1)
                         == pd.to_numeric(tp.str[4:], errors="coerce"))
    bad = ~(consecutive | four)
    for row, got in tp[bad].items():
        failures.append(Failure(str(path), row, "time_period", "a year (2024) or an academic year (202425)", got))
    return tp.where(~six, tp.str[:4] + "/" + tp.str[4:])


def geography_columns(path, frame: pd.DataFrame, failures: list) -> pd.DataFrame:
    """Area code (GSS, current), name and type of each row, from the EES geography columns.

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        As :func:`read_csv` gives it, with :data:`GEOGRAPHY_COLUMNS`.
    failures : list
        Where an unknown ``geographic_level`` and an area that is not England, a region or an upper-tier LA are
        appended.

    Returns
    -------
    pandas.DataFrame
        ``area_code`` (today's GSS code; a missing or mangled LA code is found from the DfE number), ``area_name``
        and ``area_type`` on ``frame``'s index. LAs abolished in 2019-2023 keep their own code with area type
        ``former local authority``; Inner and Outer London are typed ``london part``.
    """
    level = frame["geographic_level"].str.strip()
    code = pd.Series(np.nan, index=frame.index, dtype=object)
    name = pd.Series(np.nan, index=frame.index, dtype=object)
    for lvl, column in _LEVEL_COLUMN.items():
        rows = level == lvl
        code[rows] = frame.loc[rows, column].str.strip()
        name[rows] = frame.loc[rows, _LEVEL_NAME[lvl]].str.strip()
    unknown_level = ~level.isin(list(_LEVEL_COLUMN))
    for row, got in level[unknown_level].items():
        failures.append(Failure(str(path), row, "geographic_level", "National, Regional or Local authority", got))
    la = level == "Local authority"
    # A missing or Excel-mangled GSS code: fall back on the DfE number.
    bad_gss = la & ~code.astype("string").str.fullmatch(r"E\d{8}").fillna(False)
    if bad_gss.any():
        code[bad_gss] = geography.dfe_to_gss(frame.loc[bad_gss, "old_la_code"])
    code = geography.current_code(code)
    table = geography.areas()
    known = code.isin(table.index)
    # A well-formed GSS code of an LA abolished in the 2019-2023 reorganisations (Dorset, Northamptonshire,
    # Cumbria, ...) is kept under its own code; joining such series to today's areas is geography's business.
    former = ~known & la & code.isin(list(geography.FORMER_CODES))
    # DfE publishes Inner and Outer London (E13) beside the regions: kept, typed apart so nothing sums them twice.
    london = ~known & (level == "Regional") & code.isin(list(geography.LONDON_PARTS))
    for row in frame.index[~known & ~former & ~london & ~unknown_level]:
        column = _LEVEL_COLUMN.get(level[row], "new_la_code")
        failures.append(Failure(str(path), row, column, "a GSS code of England, a region or an upper-tier LA",
                                frame.at[row, column]))
    area_type = code.map(table["area_type"]).where(~former, "former local authority").where(~london, "london part")
    return pd.DataFrame({"area_code": code, "area_name": name, "area_type": area_type}, index=frame.index)


def counts(path, frame: pd.DataFrame, column: str, failures: list, release: str = "gss"
           ) -> tuple[pd.Series, pd.Series]:
    """Parse a count column: numbers as float, symbols as NaN with the symbol in the note.

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        As :func:`read_csv` gives it.
    column : str
        The count column.
    failures : list
        Where a cell that is neither a whole number >= 0 (thousands separators allowed) nor a symbol of the
        release is appended.
    release : str, default "gss"
        Whose data guidance defines the symbols (:func:`jsnakit.sources.symbols.allowed`).

    Returns
    -------
    count : pandas.Series
        Floats, NaN for symbols and bad cells.
    note : pandas.Series
        The symbol where the count is one, else NaN.

    Examples
    --------
    >>> count, note = counts("f.csv", pd.DataFrame({"n": ["1,200", "c"]}), "n", [])
    >>> count.tolist(), note.tolist()
    ([1200.0, nan], [nan, 'c'])
    """
    text = frame[column].str.strip()
    defined = symbols.allowed(release)
    symbol = text.isin(list(defined))
    number = pd.to_numeric(text.str.replace(",", "", regex=False).where(~symbol), errors="coerce")
    bad = ~symbol & (number.isna() | (number < 0) | ~np.isfinite(number) | (number % 1 != 0))
    for row, got in text[bad].items():
        failures.append(Failure(str(path), row, column, symbols.expected(release), got))
    note = text.where(symbol, np.nan).astype(object)
    return number.astype(float), note


def parts_within(path, frame: pd.DataFrame, total: str, parts: list[str], failures: list) -> None:
    """One failure per cell of ``parts`` above the ``total`` cell of its own row (a part cannot exceed its total).

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        Text cells as :func:`read_csv` gives them, indexed by spreadsheet row.
    total : str
        Column holding the total (``ehc_plans``, ``plans_issued_den``, ...).
    parts : list of str
        Columns each counting a part of that total (``number_asd``, ``plans_issued_within_20_weeks``, ...).
    failures : list
        Where the failures are appended, each naming the part's cell and saying in words what it holds (a count
        above the total): neither number is quoted, so no figure travels in an error message.

    Notes
    -----
    Only two numbers are compared: a cell holding a published symbol (``x``, ``c``, ``z``, ...) or nothing is
    skipped, since DfE suppresses a part or a total independently. SEN2 is neither rounded nor suppressed, so no
    tolerance is allowed for rounding. Columns the file lacks are skipped (optional columns of a release).

    Examples
    --------
    >>> frame = pd.DataFrame({"ehc_plans": ["10", "x"], "number_asd": ["12", "3"]}, index=[2, 3])
    >>> failures = []
    >>> parts_within("needs.csv", frame, "ehc_plans", ["number_asd"], failures)
    >>> print(failures[0])
    needs.csv, row 2, column 'number_asd': expected no more than 'ehc_plans' in the same row, of which it is a part; got
    a count above 'ehc_plans'
    """
    if total not in frame.columns:
        return
    whole = _numbers(frame[total])
    for part in parts:
        if part not in frame.columns:
            continue
        text = frame[part].str.strip()
        for row in text.index[(_numbers(text) > whole).to_numpy()]:
            failures.append(Failure(str(path), row, part,
                                    f"no more than '{total}' in the same row, of which it is a part",
                                    Described(f"a count above '{total}'")))


def _numbers(cells: pd.Series) -> pd.Series:
    """Numbers of text cells; symbols and blanks NaN."""
    return pd.to_numeric(cells.str.strip().str.replace(",", "", regex=False), errors="coerce")


def raise_if(failures: list) -> None:
    """Raise every failure found at once, if there is any.

    Parameters
    ----------
    failures : list of jsnakit.core.errors.Failure
        The failures found in a file.

    Raises
    ------
    InputError
        Holding ``failures``, when there is at least one.
    """
    if failures:
        raise InputError(failures)


def check_duplicates(path, frame: pd.DataFrame, keys: list[str], failures: list) -> None:
    """One failure per row that repeats an earlier row's keys.

    Parameters
    ----------
    path : str or pathlib.Path
        The file, for the failures.
    frame : pandas.DataFrame
        Indexed by spreadsheet row.
    keys : list of str
        The columns that identify a row.
    failures : list
        Where a failure is appended for each later row of a repeated key (no column named, no value quoted).
    """
    dup = frame.duplicated(keys, keep="first")
    for row in frame.index[dup]:
        failures.append(Failure(str(path), row, None, f"one row per {', '.join(keys)}",
                                "a duplicate of an earlier row"))


def label(text: str) -> str:
    """A label as published, tidied: surrounding spaces trimmed, inner runs of spaces read as one.

    Parameters
    ----------
    text : str
        A cell.

    Returns
    -------
    str
        The tidied text.

    Examples
    --------
    >>> label("  Education,   health and care plan ")
    'Education, health and care plan'
    """
    return re.sub(r"\s+", " ", text.strip())


def spelling_key(text: str) -> str:
    """The key two spellings of one word are matched by: :func:`label` lower-cased.

    Parameters
    ----------
    text : str
        A cell or a code.

    Returns
    -------
    str
        The key.

    Examples
    --------
    >>> spelling_key("  Speech and   Language therapy")
    'speech and language therapy'
    """
    return label(text).lower()
