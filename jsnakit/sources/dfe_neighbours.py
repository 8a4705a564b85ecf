"""DfE's children's services statistical neighbours: for each upper-tier LA, the ten LAs most like it (the
benchmarking tool's ``LA SN Groups`` sheet). Re-exported by :mod:`jsnakit.sources.dfe`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..core import geography
from ..core.errors import Failure, InputError
from ..core.schema import NEIGHBOUR_COLUMNS, validate
from . import ees

__all__ = ["read_statistical_neighbours"]


def read_statistical_neighbours(path) -> pd.DataFrame:
    """Read DfE's children's services statistical neighbours (the benchmarking tool's ``LA SN Groups`` sheet).

    Parameters
    ----------
    path : str or pathlib.Path
        Workbook whose first sheet with a header row starting ``LA num`` and holding ``SN1`` ... ``SN10`` and
        their ``SNP`` closeness columns (the header row is found by its content, not its position).

    Returns
    -------
    pandas.DataFrame
        Neighbour frame (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`): for each LA, its 10 neighbours by ``rank``
        (1 = closest) as GSS codes, with ``closeness`` (``Very close``, ``Close``, ``Somewhat close``). Rows of
        LAs that no longer exist (DfE numbers not in today's areas) are dropped.
    """
    path = Path(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine="calamine")
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InputError.single(path, None, None, "an Excel workbook (.xlsx)", f"{type(exc).__name__}: {exc}") from None
    for sheet, raw in sheets.items():
        starts = raw.index[raw.iloc[:, 0].astype(str).str.strip().str.lower() == "la num"]
        if len(starts):
            break
    else:
        raise InputError.single(path, None, None, "a sheet with a header row starting 'LA num'",
                                f"sheets {list(sheets)}")
    header_row = starts[0]
    header = [str(h).strip() for h in raw.iloc[header_row]]
    body = raw.iloc[header_row + 1:].reset_index(drop=True)
    body.columns = range(body.shape[1])
    body.index = pd.RangeIndex(header_row + 2, header_row + 2 + len(body))
    sn_cols = [i for i, h in enumerate(header) if re.fullmatch(r"SN\d+", h)]
    if len(sn_cols) < 10:
        raise InputError.single(path, header_row + 1, "SN1..SN10", "ten neighbour columns SN1 ... SN10",
                                f"header {header}")
    failures: list = []
    body = body[body[0].notna()]
    la = body[0].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    la_code = geography.dfe_to_gss(la)
    rows = []
    for i, col in enumerate(sn_cols[:10], start=1):
        nb = body[col].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
        nb_code = geography.dfe_to_gss(nb)
        closeness = body[col + 1].astype(str).str.strip() if col + 1 < body.shape[1] else pd.Series("", index=body.index)
        for row in nb.index[la_code.notna() & nb_code.isna()]:
            failures.append(Failure(str(path), row, f"SN{i}", "the DfE number of an upper-tier LA", nb[row]))
        rows.append(pd.DataFrame({"area_code": la_code, "rank": float(i), "neighbour_code": nb_code,
                                  "closeness": closeness}))
    ees.raise_if(failures)
    out = pd.concat(rows)
    out = out[out["area_code"].notna()].sort_values(["area_code", "rank"]).reset_index(drop=True)
    return validate(out[NEIGHBOUR_COLUMNS], "neighbour")
