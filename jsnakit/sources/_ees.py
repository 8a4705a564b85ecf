"""Shared parsing of explore-education-statistics (EES) CSV files: geography, periods, counts and symbols."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import Described, Failure, InputError
from . import symbols


_LEVEL_COLUMN = {"National": "country_code", "Regional": "region_code", "Local authority": "new_la_code"}
_LEVEL_NAME = {"National": "country_name", "Regional": "region_name", "Local authority": "la_name"}
GEOGRAPHY_COLUMNS = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "new_la_code", "old_la_code", "la_name",
]


def read_csv(path, required: list[str]) -> pd.DataFrame:
    """Read an EES CSV as text (BOM and CRLF tolerated) and check that the required columns are there."""
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
    """Text of a published CSV: UTF-8 (a BOM dropped), else Latin-1 (older Excel saves)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def cells_of_cut_last_row(text: str, columns: int) -> int | None:
    """A download cut short ends mid-row without a line break: the cell count of that last row when it is short
    of ``columns``, else None."""
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
    """The column names of a CSV file's first line (BOM and quotes removed); [] for an unreadable or empty file."""
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


def period_labels(path, frame: pd.DataFrame, failures: list) -> pd.Series:
    """``202425`` -> ``2024/25`` (academic or financial year); ``2024`` -> ``2024`` (calendar year)."""
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
    """Area code (GSS, current), name and type of each row, from the EES geography columns."""
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
    """Parse a count column: numbers as float, symbols (those ``release``'s data guidance defines) as NaN with the
    symbol in the note; anything else is a failure."""
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
    needs.csv, row 2, column 'number_asd': expected no more than 'ehc_plans' in the same row, of which it is a part; got a count above 'ehc_plans'
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
    if failures:
        raise InputError(failures)


def check_duplicates(path, frame: pd.DataFrame, keys: list[str], failures: list) -> None:
    """One failure per row that repeats an earlier row's keys."""
    dup = frame.duplicated(keys, keep="first")
    for row in frame.index[dup]:
        failures.append(Failure(str(path), row, None, f"one row per {', '.join(keys)}",
                                "a duplicate of an earlier row"))


def label(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())
