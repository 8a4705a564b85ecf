"""Areas: GSS codes and names, area types, parent regions and DfE 3-digit LA codes.

The table (``jsnakit/data/areas.csv``) holds England, its 9 regions and the 153 upper-tier local authorities on
December 2023 boundaries (ONS CTYUA23), with the DfE 3-digit LA numbers of the 2025 SEN2 release. Its facts were read
from the ONS December 2023 CTYUA boundaries and the DfE *Education, health and care plans* 2025 release; it holds
codes and names only, no statistics.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from .errors import ArgumentError

__all__ = ["ENGLAND", "areas", "area", "local_authorities", "regions", "region_of", "dfe_to_gss", "gss_to_dfe"]

#: GSS code of England.
ENGLAND = "E92000001"

#: Area types of upper-tier local authorities in the table.
LA_TYPES = ("unitary authority", "metropolitan district", "london borough", "county")


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with resources.files("jsnakit").joinpath("data/areas.csv").open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return table.set_index("area_code", drop=False)


def areas() -> pd.DataFrame:
    """Return every area jsnakit knows.

    Returns
    -------
    pandas.DataFrame
        Columns ``area_code, area_name, area_type, dfe_code, region_code, region_name``, indexed by ``area_code``;
        ``area_type`` is ``country``, ``region``, or one of :data:`LA_TYPES`. 163 rows (England, 9 regions, 153 LAs).

    Examples
    --------
    >>> areas().loc["E09000019", "area_name"]
    'Islington'
    """
    return _table().copy()


def area(code: str) -> pd.Series:
    """Return the row of one area.

    Parameters
    ----------
    code : str
        GSS code (``E09000019``) or DfE 3-digit LA number (``206``).

    Raises
    ------
    ArgumentError
        When the code is not known.

    Examples
    --------
    >>> area("206")["area_code"]
    'E09000019'
    """
    table = _table()
    code = str(code).strip()
    if code in table.index:
        return table.loc[code]
    by_dfe = table[table["dfe_code"] == code]
    if len(by_dfe) == 1:
        return by_dfe.iloc[0]
    raise ArgumentError(
        f"area code must be a GSS code of England, a region or an upper-tier local authority, "
        f"or a DfE LA number; got {code!r}"
    )


def local_authorities() -> pd.DataFrame:
    """Return the 153 upper-tier local authorities (see :func:`areas` for the columns)."""
    table = _table()
    return table[table["area_type"].isin(LA_TYPES)].copy()


def regions() -> pd.DataFrame:
    """Return the 9 English regions (see :func:`areas` for the columns)."""
    table = _table()
    return table[table["area_type"] == "region"].copy()


def region_of(code: str) -> str:
    """Return the GSS code of the region an area lies in (a region is its own region; England has none: '')."""
    return area(code)["region_code"]


def dfe_to_gss(codes: pd.Series) -> pd.Series:
    """Translate DfE 3-digit LA numbers to GSS codes; unknown numbers become NaN.

    Parameters
    ----------
    codes : pandas.Series of str
        DfE LA numbers as text (``"206"``).

    Returns
    -------
    pandas.Series
        GSS codes, same index.
    """
    las = local_authorities()
    return codes.astype(str).str.strip().map(dict(zip(las["dfe_code"], las["area_code"])))


def gss_to_dfe(code: str) -> str:
    """Return the DfE 3-digit LA number of a local authority's GSS code ('' for England and regions)."""
    return area(code)["dfe_code"]


#: GSS codes retired without a boundary change, to the code used on December 2023 boundaries (DfE still publishes
#: the old county codes for these three unitary authorities).
CODE_CHANGES = {
    "E10000002": "E06000060",  # Buckinghamshire became a unitary authority, 1 April 2020
    "E10000023": "E06000065",  # North Yorkshire became a unitary authority, 1 April 2023
    "E10000027": "E06000066",  # Somerset became a unitary authority, 1 April 2023
}


def current_code(codes: pd.Series) -> pd.Series:
    """Replace GSS codes retired without a boundary change by today's code (see :data:`CODE_CHANGES`)."""
    return codes.replace(CODE_CHANGES)


#: Upper-tier LAs abolished or merged in the reorganisations of 2009-2023, whose codes still appear in the earlier
#: years of DfE time series. Their rows are kept under their own codes; comparing such series on today's areas is
#: left to the caller for now.
FORMER_CODES = {
    "E06000028": "Bournemouth",            # to Bournemouth, Christchurch and Poole (E06000058), 2019
    "E06000029": "Poole",                  # to Bournemouth, Christchurch and Poole (E06000058), 2019
    "E10000009": "Dorset (county)",        # to Dorset (E06000059), 2019
    "E10000021": "Northamptonshire",       # split into North and West Northamptonshire (E06000061, E06000062), 2021
    "E10000006": "Cumbria",                # split into Cumberland and Westmorland and Furness (E06000063, E06000064), 2023
    "E08000020": "Gateshead (pre-2013 code)",
    "E06000048": "Northumberland (pre-2013 code)",
}
