"""LAIT's LA code list (``la_code_list.xlsx``): DfE LA numbers with their GSS codes, names, regions and LA types.
Re-exported by :mod:`jsnakit.sources.lait`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Failure, InputError
from . import ees
from .lait_cells import AREA_EXPECTED, LA_NUMBER_EXPECTED, cell_text, finish_frame, resolve_areas

__all__ = ["read_la_codes", "LA_CODE_COLUMNS", "LA_TYPE_CODES"]

#: What :func:`read_la_codes` returns, in this order.
LA_CODE_COLUMNS = ["la_number", "area_code", "area_name", "area_type", "la_name", "region", "la_type"]

#: ``Type`` codes of ``la_code_list.xlsx``.
LA_TYPE_CODES = {
    "ILB": "inner London borough",
    "OLB": "outer London borough",
    "MD": "metropolitan district",
    "UA": "unitary authority",
    "SC": "shire county",
}

#: Rows of the code list that name no area: dropped by :func:`read_la_codes`.
_NOT_AREAS = {"england (discontinued)"}
_LA_CODE_SOURCE = ["LA Number", "LA Name", "Region", "Type"]


def read_la_codes(path) -> pd.DataFrame:
    """Read LAIT's LA code list (``la_code_list.xlsx``): DfE LA numbers with GSS codes, names, regions and types.

    Parameters
    ----------
    path : str or pathlib.Path
        ``la_code_list.xlsx`` from the LAIT repository: a sheet whose header row holds ``LA Number, LA Name,
        Region, Type`` (found by content, on the first sheet that has it).

    Returns
    -------
    pandas.DataFrame
        :data:`LA_CODE_COLUMNS`, one row per area in sheet order: ``la_number`` (DfE number as text, ``"206"``; 970
        England, 980-990 regions and Inner/Outer London), ``area_code`` (GSS, as :func:`~jsnakit.sources.lait.read_lait`
        gives it),
        ``area_name`` (jsnakit's spelling), ``area_type`` (as in :func:`~jsnakit.sources.lait.read_lait`), ``la_name``
        (LAIT's spelling,
        e.g. ``Dorset (Pre LG)``), ``region`` (LAIT's region, with London split into ``Inner London`` and
        ``Outer London``; NaN for England and regions) and ``la_type`` (the code, ``ILB``, ``OLB``, ``MD``, ``UA``,
        ``SC``: :data:`LA_TYPE_CODES`; NaN for England and regions). The row ``1000 England (discontinued)``, a
        placeholder that names no area, is left out.

    Raises
    ------
    InputError
        Not a workbook, no sheet with the header, missing columns; and, all at once, an LA number that is not a
        whole number or comes twice, an area that is not England, a region, Inner/Outer London or an LA (current or
        abolished
        2019-2023), a type code not in :data:`LA_TYPE_CODES`.

    References
    ----------
    DfE, *Local authority interactive tool (LAIT)*,
    https://www.gov.uk/government/publications/local-authority-interactive-tool-lait

    Examples
    --------
    >>> codes = read_la_codes("la_code_list.xlsx")  # doctest: +SKIP
    >>> codes.set_index("la_number").loc["206", "area_code"]  # doctest: +SKIP
    'E09000019'
    """
    path = Path(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine="openpyxl")
    except Exception as exc:  # the Excel engines raise several kinds for a file that is not a workbook
        raise InputError.single(path, None, None, "an Excel workbook (.xlsx)", f"{type(exc).__name__}: {exc}") from None
    for sheet, raw in sheets.items():
        cells = raw.head(20).apply(lambda c: c.astype("string").str.strip())
        starts = [i for i, r in cells.iterrows() if "LA Number" in set(r.dropna())]
        if starts:
            break
    else:
        raise InputError.single(path, None, None, "a sheet with a header row holding 'LA Number'", f"sheets {list(sheets)}")
    header_at = starts[0]
    header = [str(h).strip() if pd.notna(h) else "" for h in raw.iloc[header_at]]
    missing = [c for c in _LA_CODE_SOURCE if c not in header]
    if missing:
        raise InputError([Failure(str(path), header_at + 1, c, "this column in the header", f"header {header}")
                          for c in missing])
    body = raw.iloc[header_at + 1:, [header.index(c) for c in _LA_CODE_SOURCE]]
    body.columns = _LA_CODE_SOURCE
    body.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(body))
    body = body.apply(cell_text)
    body = body[body.notna().any(axis=1)]
    body = body[~body["LA Name"].astype("string").str.lower().isin(list(_NOT_AREAS)).fillna(False)]

    failures: list = []
    number = body["LA Number"].astype("string").str.replace(r"\.0+$", "", regex=True)
    bad = ~number.str.fullmatch(r"\d+").fillna(False)
    for row in body.index[bad]:
        failures.append(Failure(str(path), row, "LA Number", LA_NUMBER_EXPECTED, body.at[row, "LA Number"]))
    number = number.where(~bad)
    number = number.astype(object).where(number.notna(), np.nan)
    where = resolve_areas(list(number), list(body["LA Name"])).set_axis(body.index)
    for row in body.index[where["area_code"].isna() & ~bad]:
        failures.append(Failure(str(path), row, "LA Name", AREA_EXPECTED,
                                f"LA Number {number[row]}, {body.at[row, 'LA Name']}"))
    for row in body.index[number.duplicated(keep="first") & number.notna()]:
        failures.append(Failure(str(path), row, "LA Number", "each LA number once", f"{number[row]} again"))
    la_type = body["Type"].astype("string").str.upper()
    for row in body.index[la_type.notna() & ~la_type.isin(list(LA_TYPE_CODES))]:
        failures.append(Failure(str(path), row, "Type", "one of " + ", ".join(LA_TYPE_CODES) + " or blank",
                                body.at[row, "Type"]))
    ees.raise_if(failures)
    out = pd.DataFrame({
        "la_number": number, "area_code": where["area_code"], "area_name": where["area_name"],
        "area_type": where["area_type"], "la_name": body["LA Name"], "region": body["Region"], "la_type": la_type,
    }, index=body.index)
    return finish_frame(out, LA_CODE_COLUMNS)
