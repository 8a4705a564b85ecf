"""OHID Fingertips: the ``indicators-*.data.csv`` exports of https://fingertips.phe.org.uk/ and its HTTP API.

A Fingertips export is one row per indicator x area x sex x age x category x time period, with the value, its 95%
and 99.8% confidence limits, count, denominator, a value note and Fingertips' own comparisons. The reader returns it
as a tidy frame with fixed snake_case columns (:data:`FINGERTIPS_COLUMNS`) that never depend on the data: the column
Fingertips names after the parent area type ("Compared to Region value or percentiles", "Compared to Counties & UAs
(from Apr 2021) value or percentiles", or "Compared to percentiles" when the parent is England) is always
``compared_to_parent``.

Real exports have mixed CRLF and LF line ends, an ``Indicator Name`` ending in a newline inside its quotes, and data
rows one cell shorter than the header (the empty ``Compared to goal`` cell left out); the reader takes all three.

:func:`fetch_fingertips` downloads the same CSV from the documented Fingertips API with ``requests`` (an optional
extra: ``pip install 'jsnakit[fingertips]'``) into a cache folder.
"""
from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography
from ..core.files import atomic_write
from ..core.errors import ArgumentError, Failure, InputError, JsnakitError
from ..core.schema import INDICATOR_COLUMNS, validate
from . import ees

__all__ = [
    "read_fingertips_csv",
    "to_indicator_frame",
    "fetch_fingertips",
    "FINGERTIPS_COLUMNS",
    "FINGERTIPS",
    "API_URL",
    "MissingDependencyError",
    "DownloadError",
    "CODE_EXPECTED",
]

FINGERTIPS = "OHID, Fingertips"

#: The documented Fingertips API endpoint returning one indicator's data as CSV (see https://fingertips.phe.org.uk/api).
API_URL = "https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id"

#: What :func:`read_fingertips_csv` returns, in this order.
FINGERTIPS_COLUMNS = [
    "indicator_id", "indicator_name", "parent_code", "parent_name", "area_code", "area_name", "area_type", "sex",
    "age", "category_type", "category", "period", "period_sortable", "value", "lower_ci_95", "upper_ci_95",
    "lower_ci_99_8", "upper_ci_99_8", "count", "denominator", "note", "recent_trend", "compared_to_england",
    "compared_to_parent", "compared_to_goal", "new_data",
]

# Fingertips header (matched without regard to case or runs of spaces) -> our column. The parent comparison column is
# found by pattern (_PARENT), as its name depends on the parent area type.
_HEADER = {
    "Indicator ID": "indicator_id",
    "Indicator Name": "indicator_name",
    "Parent Code": "parent_code",
    "Parent Name": "parent_name",
    "Area Code": "area_code",
    "Area Name": "area_name",
    "Area Type": "area_type",
    "Sex": "sex",
    "Age": "age",
    "Category Type": "category_type",
    "Category": "category",
    "Time period": "period",
    "Value": "value",
    "Lower CI 95.0 limit": "lower_ci_95",
    "Upper CI 95.0 limit": "upper_ci_95",
    "Lower CI 99.8 limit": "lower_ci_99_8",
    "Upper CI 99.8 limit": "upper_ci_99_8",
    "Count": "count",
    "Denominator": "denominator",
    "Value note": "note",
    "Recent Trend": "recent_trend",
    "Compared to England value or percentiles": "compared_to_england",
    "Time period Sortable": "period_sortable",
    "New data": "new_data",
    "Compared to goal": "compared_to_goal",
}
#: Columns every Fingertips export has had; the others become NaN (or False for ``new_data``) when absent.
_REQUIRED = [
    "Indicator ID", "Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age", "Category Type",
    "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator",
    "Value note",
]
_PARENT = re.compile(r"compared to (?:(?!england value or percentiles$).+ value or percentiles|percentiles)")
_NUMBERS = ["value", "lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8", "count", "denominator",
            "period_sortable"]
_NONNEGATIVE = {"count", "denominator"}
_TEXT = ["indicator_name", "parent_code", "parent_name", "area_code", "area_name", "area_type", "sex", "age",
         "category_type", "category", "period", "note", "recent_trend", "compared_to_england", "compared_to_parent",
         "compared_to_goal"]
_NOT_BLANK = ["indicator_name", "area_code", "area_name", "area_type", "sex", "age", "period"]
#: A code as Fingertips uses them: GSS (E06000001), ODS (A81001, RA7), CCG/ICB (E38000001); no spaces, no text.
_CODE = re.compile(r"(?=.*\d)[A-Za-z0-9][A-Za-z0-9_-]{1,19}")
_KEY = ["indicator_id", "area_code", "sex", "age", "category_type", "category", "period"]
_KEY_LABEL = "indicator, area, sex, age, category type, category and time period"
#: What an area code cell should hold, for failures.
CODE_EXPECTED = "an area code such as E06000001 (letters and digits, no spaces)"


class MissingDependencyError(JsnakitError, ImportError):
    """An optional dependency is not installed; the message names the ``pip install`` that brings it."""


class DownloadError(JsnakitError, OSError):
    """A download failed (network error, time-out, HTTP error status, or an empty or malformed reply)."""


# ----------------------------------------------------------------------------------------------------------------------
# Reading an export
# ----------------------------------------------------------------------------------------------------------------------


def read_fingertips_csv(path) -> pd.DataFrame:
    """Read a Fingertips ``indicators-*.data.csv`` export (website download or API) into a tidy frame.

    Parameters
    ----------
    path : str or pathlib.Path
        A CSV file as Fingertips writes it: header ``Indicator ID, Indicator Name, Parent Code, ..., Compared to
        goal`` (plus ``Time period range`` in recent exports, which is ignored). UTF-8 with or without BOM, or
        Latin-1; CRLF, LF or both; quoted cells may hold newlines; data rows may leave out trailing empty cells.

    Returns
    -------
    pandas.DataFrame
        One row per data row of the file, in file order, with the columns of :data:`FINGERTIPS_COLUMNS`:

        - ``indicator_id`` (int64, the Fingertips indicator ID), ``indicator_name`` (whitespace runs, including the
          newline Fingertips leaves in it, collapsed and stripped);
        - ``parent_code``, ``parent_name`` (NaN for England), ``area_code`` (as Fingertips gives it, GSS for
          England, regions and LAs, with codes retired without a boundary change replaced by today's through
          :func:`jsnakit.core.geography.current_code`, e.g. North Yorkshire E10000023 -> E06000065), ``area_name``,
          ``area_type`` (the Fingertips label: ``Country``, ``Region``, ``County & UA``,
          ``Counties & UAs (from Apr 2023)``, ...);
        - ``sex``, ``age``, ``category_type``, ``category`` (NaN when the row is not a category breakdown),
          ``period`` (the Fingertips ``Time period`` label, e.g. ``2015`` or ``2019/20``), ``period_sortable``
          (float, e.g. 20150000);
        - ``value`` (in the indicator's unit, e.g. per 100,000), ``lower_ci_95``, ``upper_ci_95``,
          ``lower_ci_99_8``, ``upper_ci_99_8``, ``count``, ``denominator``: float, NaN where the cell is blank;
        - ``note`` (the ``Value note``, e.g. "Value for Cornwall & Isles of Scilly combined", which tells why a
          value is missing), ``recent_trend``, ``compared_to_england``, ``compared_to_parent`` (whatever the parent
          area type), ``compared_to_goal``: text as published (``Better``, ``Similar``, ``Worse``, ``Higher``,
          ``Not compared``, ...), NaN where blank or absent;
        - ``new_data`` (bool): True where Fingertips marks the row ``New data``.

        Text columns are object dtype with NaN for blanks. A value Fingertips does not publish is NaN with the
        reason in ``note``, never 0.

    Raises
    ------
    InputError
        Listing every failure at once: an unreadable or empty file, a missing required column, two columns that
        both compare with the parent area, a row with more cells than the header or cut short before ``Value note``,
        a blank ``Area Code`` (or any other identifying cell), an area or parent code that is not code-like (a name,
        ``6.00E+06``), a non-numeric or infinite number, a negative count or denominator, a ``New data`` cell other
        than ``New data`` or blank, a category without its category type (or the reverse), and a row repeating an
        earlier row's indicator, area, sex, age, category type, category and time period. Rows are numbered as in
        a spreadsheet (header = row 1), counting records, not lines.

    Notes
    -----
    Area codes are not checked against :func:`jsnakit.core.geography.areas`: Fingertips also publishes districts, ICBs,
    GP practices and other areas jsnakit does not list. Only their form is checked.

    References
    ----------
    Office for Health Improvement and Disparities, *Fingertips: public health data*, https://fingertips.phe.org.uk/;
    data export format as written by the Fingertips API, https://fingertips.phe.org.uk/api.

    Examples
    --------
    >>> frame = read_fingertips_csv("indicators-CountyUA.data.csv")  # doctest: +SKIP
    >>> frame.loc[frame["area_code"] == "E92000001", ["period", "value"]].head(1)  # doctest: +SKIP
      period      value
    0   2015  94.726190
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.single(path, None, None, "a readable file", str(exc)) from None
    return _parse(raw, str(path))


def _parse(raw: bytes, name: str) -> pd.DataFrame:
    """Parse the bytes of a Fingertips CSV; ``name`` (a path or URL) is what failures name."""
    if not raw.strip():
        raise InputError.single(name, None, None, "a Fingertips CSV file with a header row", "an empty file")
    if b"\x00" in raw:
        raise InputError.single(name, None, None, "a CSV text file (UTF-8 or Latin-1)",
                                "binary data (NUL bytes: a UTF-16 text or a spreadsheet file?)")
    text = ees.decode(raw)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError.single(name, None, None, "a well-formed CSV file", str(exc)) from None
    header = [c.strip() for c in records[0]]
    rows = records[1:]

    failures: list = []
    positions = _header_positions(name, header, failures)
    ees.raise_if(failures)
    last_required = max(positions[_HEADER[c]] for c in _REQUIRED)
    cells: dict[str, list] = {column: [] for column in positions}
    numbers: list[int] = []
    for number, record in enumerate(rows, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line (e.g. at the end of the file)
        if len(record) > len(header):
            failures.append(Failure(name, number, None, f"at most {len(header)} cells, as in the header",
                                    f"{len(record)} cells"))
            continue
        if len(record) <= last_required:
            failures.append(Failure(name, number, None,
                                    f"at least {last_required + 1} cells (up to '{header[last_required]}')",
                                    f"{len(record)} cells"))
            continue
        numbers.append(number)
        for column, position in positions.items():
            cells[column].append(record[position] if position < len(record) else "")
    # Fingertips rows may legitimately stop short of the header (an empty last cell left out): a cut last row is one
    # shorter than most rows of the file.
    usual = pd.Series([len(r) for r in rows]).mode().max() if rows else 0
    if rows and not text.endswith(("\n", "\r")) and len(rows[-1]) < usual:
        failures.append(Failure(name, len(records), None, "a complete last row ending with a line break",
                                f"{len(records[-1])} cells and the end of the file (is it truncated?)"))
    index = pd.Index(numbers, dtype="int64")
    text_cells = {column: pd.Series(values, index=index, dtype=object) for column, values in cells.items()}
    labels = {column: header[position] for column, position in positions.items()}
    out = _tidy(name, text_cells, index, labels, failures)
    ees.raise_if(failures)
    return out


def _header_positions(name: str, header: list[str], failures: list) -> dict[str, int]:
    """Map our column names to positions in the header; record missing and ambiguous columns."""
    known = {ees.label(k).lower(): v for k, v in _HEADER.items()}
    positions: dict[str, int] = {}
    parent: list[str] = []
    for position, label in enumerate(header):
        key = ees.label(label).lower()
        if key in known and known[key] not in positions:
            positions[known[key]] = position
        elif _PARENT.fullmatch(key):
            parent.append(label)
            positions.setdefault("compared_to_parent", position)
    for column in _REQUIRED:
        if _HEADER[column] not in positions:
            failures.append(Failure(name, 1, column, "this column in the header", f"header {header}"))
    if len(parent) > 1:
        failures.append(Failure(name, 1, parent[1], "one column comparing with the parent area",
                                f"columns {parent}"))
    return positions


def _tidy(name: str, cells: dict[str, pd.Series], index: pd.Index, labels: dict, failures: list) -> pd.DataFrame:
    out = pd.DataFrame(index=index)

    def _label(column: str) -> str:  # the file's own spelling of the header, for failure messages
        return labels.get(column, column)

    blank = {c: s.str.strip() == "" for c, s in cells.items()}

    ids = _numbers(name, cells["indicator_id"], _label("indicator_id"), failures,
                   expected="a Fingertips indicator ID (a whole number)")
    bad_id = ~blank["indicator_id"] & ids.notna() & ((ids <= 0) | (ids % 1 != 0))
    for row, got in cells["indicator_id"][bad_id].items():
        failures.append(Failure(name, row, _label("indicator_id"), "a Fingertips indicator ID (a whole number)", got))
    out["indicator_id"] = ids.where(~bad_id).fillna(0).astype("int64")

    for column in _TEXT:
        if column in cells:
            values = cells[column].str.replace(r"\s+", " ", regex=True).str.strip()
            out[column] = values.where(values != "", np.nan).astype(object)
        else:
            out[column] = pd.Series(np.nan, index=index, dtype=object)
    for column in ["indicator_id", *_NOT_BLANK]:
        label = _label(column)
        for row in index[blank[column]]:
            failures.append(Failure(name, row, label, "a value in every row", ""))

    for column in ("area_code", "parent_code"):
        code = out[column]
        bad = code.notna() & ~code.astype(str).str.fullmatch(_CODE.pattern)
        for row in index[bad]:
            failures.append(Failure(name, row, _label(column), CODE_EXPECTED, cells[column][row]))
        out[column] = geography.current_code(code).astype(object)

    for row in index[out["category_type"].notna() & out["category"].isna()]:
        failures.append(Failure(name, row, _label("category"), "a Category with its Category Type (both or neither)",
                                ""))
    for row in index[out["category_type"].isna() & out["category"].notna()]:
        failures.append(Failure(name, row, _label("category_type"),
                                "a Category Type with its Category (both or neither)", ""))

    for column in _NUMBERS:
        if column not in cells:
            out[column] = np.nan
            continue
        label = _label(column)
        nonneg = column in _NONNEGATIVE
        expected = "a number of 0 or more, or a blank cell" if nonneg else "a number or a blank cell"
        values = _numbers(name, cells[column], label, failures, expected=expected)
        if nonneg:
            for row, got in cells[column][values < 0].items():
                failures.append(Failure(name, row, label, expected, got))
        out[column] = values.astype("float64")

    if "new_data" in cells:
        flag = cells["new_data"].str.strip().str.lower()
        for row, got in cells["new_data"][~flag.isin(["", "new data"])].items():
            failures.append(Failure(name, row, _label("new_data"), "'New data' or a blank cell", got))
        out["new_data"] = (flag == "new data").astype(bool)
    else:
        out["new_data"] = False

    dup = out.duplicated(_KEY, keep=False)
    seen: dict = {}
    for row, key in zip(index[dup], out.loc[dup, _KEY].itertuples(index=False, name=None)):
        key = tuple(None if pd.isna(k) else k for k in key)
        if key in seen:
            failures.append(Failure(name, int(row), None, f"one row per {_KEY_LABEL}", f"a repeat of row {seen[key]}"))
        else:
            seen[key] = int(row)

    return out[FINGERTIPS_COLUMNS].reset_index(drop=True)


def _numbers(name: str, text: pd.Series, label: str, failures: list, *, expected: str) -> pd.Series:
    """Blank -> NaN; a number -> float; anything else (text, inf, nan) -> a failure and NaN."""
    stripped = text.str.strip()
    blank = stripped == ""
    values = pd.to_numeric(stripped.where(~blank, np.nan), errors="coerce").astype("float64")
    bad = ~blank & (values.isna() | ~np.isfinite(values))
    for row, got in text[bad].items():
        failures.append(Failure(name, row, label, expected, got))
    return values.where(~bad)


# ----------------------------------------------------------------------------------------------------------------------
# To jsnakit's indicator frame
# ----------------------------------------------------------------------------------------------------------------------

_SIGNIFICANT = {"better", "worse", "higher", "lower"}


def to_indicator_frame(frame: pd.DataFrame, *, age=None, sex="Persons", confidence=0.95, unit=None) -> pd.DataFrame:
    """Turn a frame of :func:`read_fingertips_csv` into jsnakit's indicator frame, keeping Fingertips' comparisons.

    Parameters
    ----------
    frame : pandas.DataFrame
        What :func:`read_fingertips_csv` returned. Not changed.
    age : str, optional
        The Fingertips age band to keep (e.g. ``"All ages"``, ``"0-9 yrs"``). By default each indicator must have a
        single age band, which is kept.
    sex : str, default "Persons"
        The Fingertips sex to keep (``"Persons"``, ``"Male"``, ``"Female"``).
    confidence : {0.95, 0.998}, default 0.95
        Which of the published confidence intervals goes to ``lower_ci``/``upper_ci``.
    unit : str, optional
        The unit of the values (e.g. ``"per 100,000"``), which the Fingertips CSV does not carry; NaN by default.

    Returns
    -------
    pandas.DataFrame
        Indicator frame (:data:`jsnakit.core.schema.INDICATOR_COLUMNS`): ``indicator`` ``fingertips_<ID>``;
        ``area_type`` jsnakit's (``country``, ``region``, ...) for :func:`~jsnakit.core.geography.areas`
        knows, ``former local authority`` for those of :data:`jsnakit.core.geography.FORMER_CODES`, else the Fingertips
        label; ``breakdown``/``category`` the Fingertips category type and category, or
        ``All``/``All``; ``method`` ``"Fingertips (as published)"``; ``source`` ``"OHID, Fingertips"``;
        ``comparison`` from Fingertips' "Compared to England" judgement, read without polarity: ``Similar`` ->
        ``similar``, ``Higher``/``Lower`` as they are, ``Better``/``Worse`` -> ``higher`` or ``lower`` as the value
        is above or below England's (same indicator, sex, age and period), anything else (``Not compared``,
        quintiles, blank) -> ``not compared``; ``comparator_code`` E92000001 where compared.

    Raises
    ------
    jsnakit.core.errors.ArgumentError
        When ``frame`` lacks the reader's columns, ``confidence`` is not 0.95 or 0.998, ``sex`` or ``age`` selects
        no rows, ``age`` is None and an indicator has several age bands, or an area code is not a GSS code (filter
        GP practices and other non-GSS areas out first).

    Examples
    --------
    >>> tidy = read_fingertips_csv("indicators-CountyUA.data.csv")  # doctest: +SKIP
    >>> to_indicator_frame(tidy, age="All ages", unit="per 100,000")  # doctest: +SKIP
    """
    if not isinstance(frame, pd.DataFrame) or any(c not in frame.columns for c in FINGERTIPS_COLUMNS):
        raise ArgumentError(f"frame must be a frame of read_fingertips_csv with the columns {FINGERTIPS_COLUMNS}; "
                            f"got {list(frame.columns) if isinstance(frame, pd.DataFrame) else type(frame).__name__}")
    if confidence not in (0.95, 0.998):
        raise ArgumentError(
            f"confidence must be 0.95 or 0.998 (the intervals Fingertips publishes); got {confidence!r}")
    rows = frame[frame["sex"] == sex]
    if rows.empty:
        raise ArgumentError(f"sex must be one of {sorted(frame['sex'].dropna().unique())}; got {sex!r}")
    if age is None:
        ages = rows.groupby("indicator_id")["age"].unique()
        several = ages[ages.map(len) > 1]
        if len(several):
            raise ArgumentError(f"age must be given when an indicator has several age bands; indicator "
                                f"{several.index[0]} has {sorted(several.iloc[0])}; got None")
    else:
        rows = rows[rows["age"] == age]
        if rows.empty:
            raise ArgumentError(f"age must be one of {sorted(frame['age'].dropna().unique())}; got {age!r}")
    not_gss = ~rows["area_code"].astype(str).str.fullmatch(r"[EKWSN]\d{8}")
    if not_gss.any():
        raise ArgumentError(f"area codes must be GSS codes in an indicator frame (filter the other areas out "
                            f"first); got {rows.loc[not_gss, 'area_code'].iloc[0]!r}")

    suffix = "95" if confidence == 0.95 else "99_8"
    table = geography.areas()
    england = rows[(rows["area_code"] == geography.ENGLAND) & rows["category_type"].isna()]
    benchmark = rows[["indicator_id", "age", "period"]].merge(
        england[["indicator_id", "age", "period", "value"]], on=["indicator_id", "age", "period"], how="left"
    )["value"].to_numpy(dtype=float)
    value = rows["value"].to_numpy(dtype=float)
    judged = rows["compared_to_england"].astype(str).str.strip().str.lower().to_numpy()
    with np.errstate(invalid="ignore"):
        direction = np.select([value > benchmark, value < benchmark], ["higher", "lower"], default="not compared")
    comparison = np.select(
        [judged == "similar", judged == "higher", judged == "lower", np.isin(judged, list(_SIGNIFICANT))],
        ["similar", "higher", "lower", direction], default="not compared",
    )
    comparison = np.where(rows["area_code"].to_numpy() == geography.ENGLAND, "not compared", comparison)

    has_category = rows["category_type"].notna().to_numpy()
    out = pd.DataFrame({
        "indicator": ("fingertips_" + rows["indicator_id"].astype(str)).to_numpy(dtype=object),
        "area_code": rows["area_code"].to_numpy(dtype=object),
        "area_name": rows["area_name"].to_numpy(dtype=object),
        "area_type": rows["area_code"].map(table["area_type"])
        .where(~rows["area_code"].isin(list(geography.FORMER_CODES)), "former local authority")
        .fillna(rows["area_type"]).to_numpy(dtype=object),
        "period": rows["period"].to_numpy(dtype=object),
        "breakdown": np.where(has_category, rows["category_type"].to_numpy(dtype=object), "All").astype(object),
        "category": np.where(has_category, rows["category"].to_numpy(dtype=object), "All").astype(object),
        "count": rows["count"].to_numpy(dtype=float),
        "denominator": rows["denominator"].to_numpy(dtype=float),
        "value": value,
        "lower_ci": rows[f"lower_ci_{suffix}"].to_numpy(dtype=float),
        "upper_ci": rows[f"upper_ci_{suffix}"].to_numpy(dtype=float),
        "confidence": float(confidence),
        "unit": unit if unit is not None else np.nan,
        "method": "Fingertips (as published)",
        "comparator_code": pd.Series(geography.ENGLAND, index=range(len(rows)), dtype=object)
        .where(comparison != "not compared", np.nan),
        "comparison": comparison.astype(object),
        "note": rows["note"].to_numpy(dtype=object),
        "source": FINGERTIPS,
    })
    out["unit"] = out["unit"].astype(object)
    return validate(out[INDICATOR_COLUMNS], "indicator")


# ----------------------------------------------------------------------------------------------------------------------
# The live API
# ----------------------------------------------------------------------------------------------------------------------


def fetch_fingertips(indicator_id, area_type_id, *, cache_dir, parent_area_type_id=None, max_age_days=7.0,
                     timeout=30, retries=3, session=None) -> pd.DataFrame:
    """Download one indicator's data from the Fingertips API (or take it from the cache) and read it.

    The documented HTTP API is called directly with ``requests``; the ``fingertips_py`` package is not used, as it
    is GPL-licensed and turns errors into returned strings. TLS certificates are always verified.

    Parameters
    ----------
    indicator_id : int
        Fingertips indicator ID (e.g. 93356).
    area_type_id : int
        Fingertips ID of the child area type (e.g. 502 "Counties & UAs (from Apr 2023)", 6 regions).
    cache_dir : str or pathlib.Path
        Folder of the cached CSV files (created when missing). One file per query,
        ``fingertips_<indicator>_<area type>[_<parent area type>].data.csv``, written atomically (a temporary file
        in the same folder, then renamed), and only once the reply has been read without error.
    parent_area_type_id : int, optional
        Fingertips ID of the parent (comparator) area type; Fingertips' default when None.
    max_age_days : float, default 7
        A cached file younger than this many days is used without touching the network; 0 always downloads.
    timeout : float, default 30
        Seconds to wait for the server to connect and to send data (each attempt).
    retries : int, default 3
        Retries, with exponential backoff (0.5 s, 1 s, 2 s, ...), after a connection error or a 429, 500, 502, 503
        or 504 reply. Applies to the session jsnakit makes; a ``session`` you pass keeps its own settings.
    session : requests.Session-like, optional
        Object whose ``get(url, params=..., timeout=..., verify=True)`` returns a response with ``status_code``,
        ``content`` and ``raise_for_status()``; a new ``requests.Session`` with retries when None.

    Returns
    -------
    pandas.DataFrame
        As :func:`read_fingertips_csv` returns for the cached file.

    Raises
    ------
    jsnakit.core.errors.ArgumentError
        A bad ``indicator_id``, ``area_type_id``, ``parent_area_type_id``, ``max_age_days``, ``timeout`` or
        ``retries``.
    MissingDependencyError
        ``requests`` is not installed (``pip install 'jsnakit[fingertips]'``) and no ``session`` was given.
    DownloadError
        A connection error, time-out or HTTP error status; the cache is left as it was.
    jsnakit.core.errors.InputError
        The reply is not a well-formed Fingertips CSV (named by its URL); nothing is cached.

    References
    ----------
    Fingertips API, ``GET /api/all_data/csv/by_indicator_id``, https://fingertips.phe.org.uk/api.

    Examples
    --------
    >>> frame = fetch_fingertips(93356, 502, cache_dir="cache")  # doctest: +SKIP
    """
    _check_id("indicator_id", indicator_id)
    _check_id("area_type_id", area_type_id)
    if parent_area_type_id is not None:
        _check_id("parent_area_type_id", parent_area_type_id)
    if not _is_number(max_age_days) or not max_age_days >= 0:
        raise ArgumentError(f"max_age_days must be a number of days of 0 or more; got {max_age_days!r}")
    if not _is_number(timeout) or not timeout > 0:
        raise ArgumentError(f"timeout must be a number of seconds above 0; got {timeout!r}")
    if isinstance(retries, bool) or not isinstance(retries, (int, np.integer)) or retries < 0:
        raise ArgumentError(f"retries must be a whole number of 0 or more; got {retries!r}")

    cache_dir = Path(cache_dir)
    parts = [f"fingertips_{int(indicator_id)}_{int(area_type_id)}"]
    if parent_area_type_id is not None:
        parts.append(str(int(parent_area_type_id)))
    cached = cache_dir / ("_".join(parts) + ".data.csv")
    if cached.is_file() and time.time() - cached.stat().st_mtime < float(max_age_days) * 86400:
        return read_fingertips_csv(cached)

    params = {"indicator_ids": str(int(indicator_id)), "child_area_type_id": str(int(area_type_id))}
    if parent_area_type_id is not None:
        params["parent_area_type_id"] = str(int(parent_area_type_id))
    url = API_URL + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    if session is None:
        session = _session(retries)
    where = f"Fingertips indicator {int(indicator_id)} for area type {int(area_type_id)} from {url}"
    older = f" (an older copy is at {cached})" if cached.is_file() else ""
    try:
        response = session.get(API_URL, params=params, timeout=timeout, verify=True)
        response.raise_for_status()
        status = getattr(response, "status_code", 200)
        if status != 200:
            raise DownloadError(f"could not download {where}: HTTP status {status}{older}")
        content = response.content
    except DownloadError:
        raise
    except OSError as exc:  # requests.RequestException and socket errors are all OSError
        raise DownloadError(f"could not download {where}: {type(exc).__name__}: {exc}{older}") from exc
    if not isinstance(content, (bytes, bytearray)) or not bytes(content).strip():
        raise DownloadError(f"could not download {where}: the server sent an empty reply{older}")
    frame = _parse(bytes(content), url)  # InputError before anything is written
    cached.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(cached, bytes(content))
    return frame


def _session(retries: int):
    """A ``requests.Session`` retrying GETs with exponential backoff (imported lazily: an optional extra)."""
    try:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry
    except ImportError:
        raise MissingDependencyError(
            "fetch_fingertips needs the 'requests' package: pip install 'jsnakit[fingertips]' "
            "(or read a downloaded export with read_fingertips_csv)"
        ) from None
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=0.5,
                  status_forcelist=(429, 500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                  raise_on_status=False)
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers["Accept"] = "text/csv"
    return session


def _check_id(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ArgumentError(f"{name} must be a Fingertips ID (a whole number above 0); got {value!r}")


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
        and bool(np.isfinite(value))
