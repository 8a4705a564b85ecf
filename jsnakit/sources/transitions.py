"""witan.send's transitions table: one row per person and year between two January snapshots (Mastodon C,
witan.send), read and checked. The model built on it is :mod:`jsnakit.projection.transitions`."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError, Failure, InputError
from .ees import read_csv

__all__ = ["read_transitions", "check_transitions", "TRANSITION_COLUMNS", "NONSEND", "NCY_MIN", "NCY_MAX", "FIRST_YEAR",
           "LAST_YEAR"]

#: Columns of :func:`read_transitions`, in witan.send's order (which spells them with hyphens).
TRANSITION_COLUMNS = ["calendar_year", "setting_1", "need_1", "academic_year_1", "setting_2", "need_2",
                      "academic_year_2"]
#: Setting and need of someone without a plan (witan.send's ``:NONSEND``).
NONSEND = "NONSEND"
#: National curriculum years of a person with a plan: -5 (born after 31 August, under 1 in January) to 21 (aged 25).
NCY_MIN, NCY_MAX = -5, 21
#: Calendar years a transitions table may record.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _canonical(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _check_cells(file: str, text: dict[str, pd.Series], names: dict[str, str]) -> tuple[list[Failure], dict]:
    """Every bad cell of a table of stripped strings indexed by spreadsheet row; and the parsed columns."""
    found: list[tuple[int, int, Failure]] = []
    order = {c: i for i, c in enumerate(TRANSITION_COLUMNS)}

    def fail(rows, column, expected, got):
        for row in rows:
            found.append((row, order[column], Failure(file, int(row), names[column], expected, got[row])))

    parsed = {}
    for column in ("calendar_year", "academic_year_1", "academic_year_2"):
        number = pd.to_numeric(text[column], errors="coerce").astype(float)
        whole = number.notna() & np.isfinite(number) & (number % 1 == 0)
        parsed[column] = number.where(whole)
        if column == "calendar_year":
            bad = ~whole | (number < FIRST_YEAR) | (number > LAST_YEAR)
            fail(text[column].index[bad], column, f"a calendar year from {FIRST_YEAR} to {LAST_YEAR} (the year of "
                 "the first January)", text[column])
        else:
            fail(text[column].index[~whole], column, "a national curriculum year (a whole number, e.g. 5 or -1)",
                 text[column])
    for column in ("setting_1", "need_1", "setting_2", "need_2"):
        value = text[column]
        nonsend = value.str.upper() == NONSEND
        parsed[column] = value.where(~nonsend, NONSEND)
        fail(value.index[value == ""], column, f"a {column[:-2]} code, or {NONSEND}", value)
    for side in ("1", "2"):
        setting, need = parsed[f"setting_{side}"], parsed[f"need_{side}"]
        off_setting, off_need = setting == NONSEND, need == NONSEND
        bad = off_setting & ~off_need & (need != "")
        fail(need.index[bad], f"need_{side}", f"{NONSEND}, as {names[f'setting_{side}']} is {NONSEND} (both or "
             "neither)", need)
        bad = ~off_setting & off_need & (setting != "")
        fail(need.index[bad], f"need_{side}", f"a need code, as {names[f'setting_{side}']} is not {NONSEND} (both "
             "or neither)", need)
    joiner = parsed["setting_1"] == NONSEND
    both = joiner & (parsed["setting_2"] == NONSEND)
    fail(both.index[both], "setting_2", f"a setting: a row {NONSEND} on both sides records no one with a plan",
         parsed["setting_2"])
    ay1, ay2 = parsed["academic_year_1"], parsed["academic_year_2"]
    send_range = f"a national curriculum year from {NCY_MIN} to {NCY_MAX} (ages 0 to 25)"
    bad = ay1.notna() & ~joiner & ((ay1 < NCY_MIN) | (ay1 > NCY_MAX))
    fail(ay1.index[bad], "academic_year_1", send_range, text["academic_year_1"])
    bad = ay1.notna() & joiner & ((ay1 < NCY_MIN - 1) | (ay1 > NCY_MAX - 1))
    fail(ay1.index[bad], "academic_year_1", f"a national curriculum year from {NCY_MIN - 1} to {NCY_MAX - 1} for a "
         "joiner (the year below the one joined)", text["academic_year_1"])
    leaver = parsed["setting_2"] == NONSEND
    step = ay1.notna() & ay2.notna() & (ay2 != ay1 + 1)
    for row in ay2.index[step]:
        found.append((row, order["academic_year_2"],
                      Failure(file, int(row), names["academic_year_2"],
                              f"{names['academic_year_1']} + 1 = {int(ay1[row]) + 1} (witan.send models one year "
                              "a year)",
                              text["academic_year_2"][row])))
    bad = ay2.notna() & ~step & ~leaver & ((ay2 < NCY_MIN) | (ay2 > NCY_MAX))
    fail(ay2.index[bad], "academic_year_2", send_range, text["academic_year_2"])
    found.sort(key=lambda item: (item[0], item[1]))
    return [f for _, _, f in found], parsed


def read_transitions(path) -> pd.DataFrame:
    """Read a transitions table in witan.send's format: one row per person and year between two January snapshots.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV file (UTF-8 with or without BOM, or Latin-1; CRLF or LF line ends) with the columns
        ``calendar-year, setting-1, need-1, academic-year-1, setting-2, need-2, academic-year-2`` as witan.send writes
        them (underscores, spaces and capitals are accepted too; other columns are ignored). Rows with every one of
        those cells blank are skipped.

    Returns
    -------
    pandas.DataFrame
        :data:`TRANSITION_COLUMNS`, one row per row of the file: ``calendar_year`` (int, the calendar year of the
        first January: 2016 records January 2016 to January 2017), ``setting_1``, ``need_1``, ``academic_year_1``
        (int, national curriculum year in the first January), ``setting_2``, ``need_2``, ``academic_year_2`` (int,
        ``academic_year_1 + 1``). Settings and needs are the file's codes, stripped; :data:`NONSEND` (any case in the
        file) marks a joiner in the ``_1`` columns and a leaver in the ``_2`` columns.

    Raises
    ------
    InputError
        Listing every bad cell (file, spreadsheet row with the header as row 1, column as the file spells it,
        expected, got): a missing column; a calendar year that is not a whole number from 1900 to 2100; an academic
        year that is not a whole number, or outside -5 to 21 (ages 0 to 25) for someone with a plan (-6 to 20 on
        the first side of a joiner); an ``academic_year_2`` other than ``academic_year_1 + 1``; a blank setting or
        need; ``NONSEND`` in a setting but not its need or the other way round; a row ``NONSEND`` on both sides.
        Also an unreadable, empty or truncated file.

    References
    ----------
    Mastodon C, witan.send, ``data/demo/data/transitions.csv`` and ``doc/dsdr/0003-transition-definition.md``,
    https://github.com/MastodonC/witan.send

    Examples
    --------
    >>> t = read_transitions("transitions.csv")  # doctest: +SKIP
    >>> t[t["setting_1"] == NONSEND].groupby("calendar_year").size()  # joiners a year  # doctest: +SKIP
    """
    file = str(path)
    frame = read_csv(path, [])
    names: dict[str, str] = {}
    for column in frame.columns:
        key = _canonical(column)
        if key in TRANSITION_COLUMNS and key not in names:
            names[key] = column
    missing = [c for c in TRANSITION_COLUMNS if c not in names]
    if missing:
        raise InputError([Failure(file, 1, c, f"this column in the header (witan.send writes it "
                                  f"{c.replace('_', '-')!r})", f"header {list(frame.columns)}") for c in missing])
    text = {c: frame[names[c]].astype(str).str.strip() for c in TRANSITION_COLUMNS}
    blank = np.logical_and.reduce([(text[c] == "").to_numpy() for c in TRANSITION_COLUMNS])
    if blank.all():
        raise InputError.single(file, 2, None, "data rows below the header", "only blank rows")
    text = {c: s[~blank] for c, s in text.items()}
    failures, parsed = _check_cells(file, text, names)
    if failures:
        raise InputError(failures)
    out = pd.DataFrame({c: parsed[c] for c in TRANSITION_COLUMNS})
    for column in ("calendar_year", "academic_year_1", "academic_year_2"):
        out[column] = out[column].astype("int64")
    return out.reset_index(drop=True)


def check_transitions(transitions) -> pd.DataFrame:
    """A transitions frame passed to a function, checked: the columns of :func:`read_transitions` and its rules.

    Parameters
    ----------
    transitions : pandas.DataFrame
        A frame with (at least) :data:`TRANSITION_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        Its :data:`TRANSITION_COLUMNS` as :func:`read_transitions` returns them (years as int64), index 0..n-1.

    Raises
    ------
    ArgumentError
        When it is not such a frame, is empty, or breaks a rule of :func:`read_transitions` (the first bad cell is
        named).
    """
    if not isinstance(transitions, pd.DataFrame) or any(c not in transitions.columns for c in TRANSITION_COLUMNS):
        got = list(transitions.columns) if isinstance(transitions, pd.DataFrame) else type(transitions).__name__
        raise ArgumentError(f"transitions must be a frame with the columns {TRANSITION_COLUMNS} (read_transitions); "
                            f"got {got!r}")
    if len(transitions) == 0:
        raise ArgumentError("transitions must hold at least one row; got 0")
    frame = transitions[TRANSITION_COLUMNS].reset_index(drop=True)
    text = {c: frame[c].astype(str).str.strip() for c in TRANSITION_COLUMNS}             # rows: positions from 0
    failures, parsed = _check_cells("transitions frame", text, {c: c for c in TRANSITION_COLUMNS})
    if failures:
        raise ArgumentError(f"transitions must follow the rules of read_transitions; got {len(failures)} bad cells, "
                            f"the first: {failures[0]}")
    out = pd.DataFrame({c: parsed[c].to_numpy() for c in TRANSITION_COLUMNS})
    for column in ("calendar_year", "academic_year_1", "academic_year_2"):
        out[column] = out[column].astype("int64")
    return out
