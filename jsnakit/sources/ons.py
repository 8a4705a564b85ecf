"""Office for National Statistics: mid-year population estimates (the MYE workbooks).

Editions differ in file type (legacy ``.xls`` and ``.xlsx``), sheet names and the number of title rows, so the
reader finds the ``MYE2`` sheets by name pattern and the header row by its content (``Code``, ``Name``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..core import geography
from ..core.errors import Failure, InputError
from ..core.schema import POPULATION_COLUMNS, validate

__all__ = ["read_mid_year_estimates", "MYE"]

MYE = "ONS, Mid-year population estimates"
_SHEET = re.compile(r"^\s*MYE\s*2\s*[-–]?\s*(persons|males|females)\s*$", re.IGNORECASE)


def read_mid_year_estimates(path) -> pd.DataFrame:
    """Read single year of age by sex for England, its regions and upper-tier LAs from an ONS MYE workbook.

    Parameters
    ----------
    path : str or pathlib.Path
        An ONS *Estimates of the population for the UK, England, Wales, Scotland and Northern Ireland* workbook
        (``.xls`` or ``.xlsx``) holding the sheets ``MYE2 - Persons``, ``MYE2 - Males`` and ``MYE2 - Females``.

    Returns
    -------
    pandas.DataFrame
        Population frame (:data:`jsnakit.core.schema.POPULATION_COLUMNS`): ``period`` the mid-year (``"2024"``),
        ``sex`` ``persons``/``males``/``females``, ``age`` 0-90 (90 = 90 and over), ``population`` in persons.
        Rows for areas other than England, regions and upper-tier LAs (other UK countries, lower-tier districts)
        are left out.

    Raises
    ------
    InputError
        No MYE2 sheet (or no ``MYE2 - Persons``), no header row, no mid-year in the title or the file name, or a
        population cell that is not a number or is negative (every bad cell at once).
    """
    path = Path(path)
    try:
        book = pd.ExcelFile(path, engine="calamine")  # reads legacy .xls and .xlsx alike
    except Exception as exc:  # calamine raises several kinds for a file that is not a workbook
        raise InputError.single(path, None, None, "an ONS MYE workbook (.xls or .xlsx)",
                                f"{type(exc).__name__}: {exc}") from None
    sheets = {m.group(1).lower(): name for name in book.sheet_names if (m := _SHEET.match(name))}
    if not sheets:
        raise InputError.single(path, None, None, "sheets named 'MYE2 - Persons', 'MYE2 - Males', 'MYE2 - Females'",
                                f"sheets {book.sheet_names}")
    failures: list = []
    if "persons" not in sheets:
        failures.append(Failure(str(path), None, "MYE2 - Persons", "a sheet named 'MYE2 - Persons' (both sexes)",
                                f"sheets {book.sheet_names}"))
    parts = []
    table = geography.areas()
    year = None
    for sex, sheet in sorted(sheets.items()):
        raw = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
        first = raw.iloc[:, 0].astype(str).str.strip().str.lower()
        starts = raw.index[first == "code"]
        if not len(starts):
            failures.append(Failure(str(path), None, sheet, "a header row starting 'Code, Name'", "none found"))
            continue
        h = starts[0]
        year = year or _mid_year(raw.iloc[:h, 0], path)
        header = [_age_label(v) for v in raw.iloc[h]]
        body = raw.iloc[h + 1:]
        body.index = pd.RangeIndex(h + 2, h + 2 + len(body))
        codes = geography.current_code(body.iloc[:, 0].astype(str).str.strip())
        keep = codes.isin(table.index)
        ages = [i for i, a in enumerate(header) if isinstance(a, int)]
        if len(ages) != 91:
            failures.append(Failure(str(path), h + 1, sheet, "age columns 0, 1, ..., 90", f"header {header[:8]} ..."))
            continue
        values = body.loc[keep].iloc[:, ages]
        numbers = values.apply(pd.to_numeric, errors="coerce")
        for col_pos, age_col in enumerate(values.columns):
            bad = numbers[age_col].isna() | (numbers[age_col] < 0)
            for row in values.index[bad]:
                failures.append(Failure(str(path), row, f"{sheet}: {header[ages[col_pos]]}",
                                        "a number of people (0 or more)", values.at[row, age_col]))
        long = numbers.set_axis([header[i] for i in ages], axis=1)
        long.insert(0, "area_code", codes[keep])
        long = pd.concat([long, _successors(body, codes, ages, header, set(codes[keep]))], ignore_index=True)
        long = long.melt(id_vars="area_code", var_name="age", value_name="population")
        long["sex"] = sex
        parts.append(long)
    if year is None:
        year = _mid_year(pd.Series([path.name]), path)
    if year is None:
        failures.append(Failure(str(path), None, None, "a mid-year (mid-2024) in a sheet's title or the file name",
                                path.name))
    if failures:
        raise InputError(failures)
    out = pd.concat(parts, ignore_index=True)
    out["area_name"] = out["area_code"].map(table["area_name"])
    out["area_type"] = out["area_code"].map(table["area_type"])
    out["source"] = MYE
    out["period"] = year
    out["age"] = out["age"].astype(float)
    out["population"] = out["population"].astype(float)
    for column in ("source", "period", "area_code", "area_name", "area_type", "sex"):
        out[column] = out[column].astype(object)
    out = out[POPULATION_COLUMNS].sort_values(["area_code", "sex", "age"]).reset_index(drop=True)
    return validate(out, "population")


def _age_label(value):
    text = str(value).strip().rstrip("+")
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and 0 <= number <= 90 else text


def _mid_year(lines: pd.Series, path: Path) -> str | None:
    for line in lines.astype(str):
        match = re.search(r"mid[- ]?(\d{4})", line, re.IGNORECASE)
        if match:
            return match.group(1)
    return None


def _successors(body: pd.DataFrame, codes: pd.Series, ages: list, header: list, present: set) -> pd.DataFrame:
    """Today's unitary authorities made of whole former districts (:data:`jsnakit.core.geography.DISTRICT_SUCCESSORS`,
    e.g. Cumberland = Allerdale + Carlisle + Copeland), summed from the districts' rows of an edition on earlier
    geography that has no row of its own for them. Exact: ONS builds their estimates the same way."""
    rows = []
    for successor, districts in geography.DISTRICT_SUCCESSORS.items():
        if successor in present or not set(districts) <= set(codes):
            continue
        numbers = body.loc[codes.isin(districts).to_numpy()].iloc[:, ages].apply(pd.to_numeric, errors="coerce")
        if numbers.isna().any().any():
            continue  # a bad district cell is reported by the check of the rows read (or left out with the row)
        total = numbers.sum().to_frame().T.set_axis([header[i] for i in ages], axis=1)
        total.insert(0, "area_code", successor)
        rows.append(total)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["area_code"])
