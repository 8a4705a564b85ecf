"""The cells of LAIT's files as jsnakit reads them, shared by the readers of :mod:`jsnakit.sources.lait` (``bds_long``),
:mod:`jsnakit.sources.lait_dictionary` and :mod:`jsnakit.sources.lait_codes`: text (line breaks, ``NA``), areas by
DfE LA number or by name (:func:`resolve_areas`), and the finished frame.

LAIT still carries the LAs abolished in 2019-2023 (kept under their own GSS codes, area type :data:`FORMER`) and
DfE's Inner and Outer London (area type :data:`LONDON_PART`): see :mod:`jsnakit.sources.lait`.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import geography

__all__ = ["FORMER", "LONDON_PART", "LA_NUMBER_EXPECTED", "AREA_EXPECTED", "cell_text", "resolve_areas",
           "finish_frame"]

_FORMER_LA_NUMBERS = geography.FORMER_DFE_NUMBERS
#: The area type of an LA abolished in 2019-2023 that LAIT still carries.
FORMER = "former local authority"
#: The area type of LAIT's ``London (Inner)`` and ``London (Outer)``.
LONDON_PART = "london part"
_LONDON_PARTS = {key: (code, name) for code, name in geography.LONDON_PARTS.items()
                 for key in (name.lower(), f"london ({name.split()[0].lower()})")}
#: What an ``LA Number`` cell should hold, for failures.
LA_NUMBER_EXPECTED = "a DfE LA number (a whole number such as 206)"
#: What an area (``LA Number`` with its name) should be, for failures.
AREA_EXPECTED = ("England, a region, Inner or Outer London, or an upper-tier LA by its DfE number "
                 "(current, or abolished in 2019-2023)")


def cell_text(column: pd.Series) -> pd.Series:
    """Text with line breaks as ``\\n`` and outer blanks stripped; blank and ``NA`` become NaN (object dtype).

    Parameters
    ----------
    column : pandas.Series
        Cells of a LAIT file.

    Returns
    -------
    pandas.Series
        The text, on the same index.

    Examples
    --------
    >>> cell_text(pd.Series([" High ", "NA", "", "a\\r\\nb"])).tolist()
    ['High', nan, nan, 'a\\nb']
    """
    text = column.astype("string").str.replace(r"\r+\n|\r", "\n", regex=True).str.strip()
    return text.where(~text.isin(["", "NA"])).astype(object).where(lambda s: s.notna(), np.nan)


def _key(name) -> str:
    return re.sub(r"\s+", " ", str(name).replace("&", " and ")).strip().lower()


def resolve_areas(numbers: list, names: list) -> pd.DataFrame:
    """Area code, name and type from a DfE LA number (LAs, current or former) or a name (England, regions, London
    halves).

    Parameters
    ----------
    numbers : list
        DfE LA numbers as text (``"206"``), NaN where there is none (England and the regions have numbers LAIT
        alone uses, so they are found by name).
    names : list
        The names beside them (``LA and Regions``, ``LA Name``), the same length.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``area_name`` (jsnakit's spelling) and ``area_type``, one row per pair, in order; NaN in
        all three when neither the number nor the name is known. Call it once per distinct (number, name) pair.

    Examples
    --------
    >>> resolve_areas(["206", None], ["Islington", "England"])["area_code"].tolist()
    ['E09000019', 'E92000001']
    """
    table = geography.areas()
    numbers = pd.Series(numbers, dtype=object)
    current = geography.current_code(geography.dfe_to_gss(numbers.fillna("")))
    big = table[table["area_type"].isin(["country", "region"])]
    by_name = {_key(n): c for n, c in zip(big["area_name"], big["area_code"])}
    codes, labels, types = [], [], []
    for number, name, gss in zip(numbers, names, current):
        key = _key(name) if isinstance(name, str) else ""
        if number in _FORMER_LA_NUMBERS:
            code = _FORMER_LA_NUMBERS[number]
            found = (code, geography.FORMER_CODES[code], FORMER)
        elif isinstance(gss, str) and gss in table.index:
            found = (gss, table.at[gss, "area_name"], table.at[gss, "area_type"])
        elif key in by_name:
            code = by_name[key]
            found = (code, table.at[code, "area_name"], table.at[code, "area_type"])
        elif key in _LONDON_PARTS:
            found = (*_LONDON_PARTS[key], LONDON_PART)
        else:
            found = (np.nan, np.nan, np.nan)
        codes.append(found[0]), labels.append(found[1]), types.append(found[2])
    return pd.DataFrame({"area_code": codes, "area_name": labels, "area_type": types}, dtype=object)


def finish_frame(out: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns of a LAIT frame in order, index reset, text as ``object`` with NaN for missing.

    Parameters
    ----------
    out : pandas.DataFrame
        A frame holding at least ``columns``.
    columns : list of str
        The columns to keep, in order.

    Returns
    -------
    pandas.DataFrame
        Numbers, booleans and dates keep their dtype; every other column is ``object`` with NaN where missing.
    """
    out = out[columns].reset_index(drop=True)
    for column in columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])
                or pd.api.types.is_datetime64_any_dtype(out[column])):
            out[column] = out[column].astype(object).where(out[column].notna(), np.nan)
    return out
