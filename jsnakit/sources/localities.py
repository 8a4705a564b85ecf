"""Localities: small areas inside a local authority, for placing need on a map and measuring distance to provision.

Two ONS products describe the small areas of England (output areas, LSOAs, MSOAs) that gap mapping uses as
localities:

* the **population-weighted centroids** of the Open Geography Portal: one point per small area, placed where its
  residents live rather than at the middle of its shape (e.g. "Middle layer Super Output Areas (December 2021)
  Population Weighted Centroids"), read by :func:`read_centroids`;
* the **Census 2021 table TS007A, "Age by five-year age bands"**, bulk download from Nomis
  (``census2021-ts007a-msoa.csv``, also ``-lsoa``, ``-oa``, ...), the usual residents of each small area by age,
  read by :func:`read_census_age`.

Both readers return frames whose column names never depend on the level or vintage of the areas
(``locality_code``, ``locality_name``), and raise one :class:`jsnakit.core.errors.InputError` naming every bad cell.

References
----------
ONS Open Geography Portal, population-weighted centroids: https://geoportal.statistics.gov.uk/ (e.g. "Middle layer
Super Output Areas (December 2021) Population Weighted Centroids"); "Contains OS data © Crown copyright and database
right"; Open Government Licence v3.0.
ONS, Census 2021, TS007A "Age by five-year age bands", Nomis bulk data:
https://www.nomisweb.co.uk/sources/census_2021_bulk
(Open Government Licence v3.0).
"""
from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from ..core.errors import ArgumentError, Failure, InputError
from . import boundaries, ees

__all__ = [
    "read_centroids",
    "read_census_age",
    "CENTROID_COLUMNS",
    "CENSUS_AGE_COLUMNS",
    "TS007A_BANDS",
    "BRITISH_NATIONAL_GRID",
]

#: What :func:`read_centroids` returns; ``geometry`` holds points in :data:`BRITISH_NATIONAL_GRID`.
CENTROID_COLUMNS = ["locality_code", "locality_name", "geometry"]
#: What :func:`read_census_age` returns: one row per locality and age band.
CENSUS_AGE_COLUMNS = ["locality_code", "locality_name", "period", "age_band", "population"]
#: EPSG code of the British National Grid (OSGB36 / British National Grid), in metres.
BRITISH_NATIONAL_GRID = 27700

#: The age bands of Census 2021 table TS007A: (column of the Nomis bulk file, band label), youngest first.
TS007A_BANDS = [("Age: Aged 4 years and under", "0-4")] + [
    (f"Age: Aged {a} to {a + 4} years", f"{a}-{a + 4}") for a in range(5, 85, 5)
] + [("Age: Aged 85 years and over", "85+")]
_TOTAL = "Age: Total"
_CENSUS_REQUIRED = ["date", "geography", "geography code", _TOTAL] + [column for column, _ in TS007A_BANDS]

_GSS = re.compile(r"^[EKLMNSW]\d{8}$")
_GSS_EXPECTED = "a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. E02000001)"


def read_centroids(path, *, level: str | None = None) -> gpd.GeoDataFrame:
    """Read ONS population-weighted centroids of small areas (output areas, LSOAs, MSOAs) as localities.

    Parameters
    ----------
    path : str or pathlib.Path
        A centroid file as downloaded from the ONS Open Geography Portal (GeoJSON, or any format GDAL reads), with
        one point per area and its code (and usually name) in properties named after the area type and year:
        ``MSOA21CD``/``MSOA21NM``, ``LSOA21CD``/``LSOA21NM``, ``OA21CD`` (output areas have no names), any vintage.
        Other properties (``FID``, ``GlobalID``, ...) are ignored. Coordinates in any coordinate reference system;
        none declared means WGS84 longitude/latitude, as GeoJSON prescribes (the portal's GeoJSON downloads are
        WGS84).
    level : str, optional
        The area type to read (``"MSOA"``, ``"LSOA"``, ``"OA"``, any case). Needed only when the file holds the
        codes of more than one area type.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per point, in the file's order, with columns :data:`CENTROID_COLUMNS`: ``locality_code`` (the GSS
        code, spaces removed and upper case), ``locality_name`` (NaN when the file has no name property or the cell
        is empty) and ``geometry`` (points in the British National Grid, EPSG:27700, metres; reprojected when the
        file is in another system).

    Raises
    ------
    InputError
        One error listing every failure: a file that cannot be read; no ``<LEVEL><yy>CD`` property (or none of
        ``level``), or codes of several area types and no ``level``; a code that is missing or not a GSS code; a
        code repeating an earlier point's; a geometry that is missing, empty or not a point; a WGS84 longitude
        outside -180..180 or latitude outside -90..90. The ``row`` is the feature's number, the first being 1 (the
        portal's ``FID``).
    ArgumentError
        When ``level`` is not a word such as ``"MSOA"``.

    References
    ----------
    ONS Open Geography Portal, "Middle layer Super Output Areas (December 2021) Population Weighted Centroids" (and
    the LSOA and output area equivalents): https://geoportal.statistics.gov.uk/. ONS, "Census 2021 geographies":
    https://www.ons.gov.uk/methodology/geography/ukgeographies/censusgeographies/census2021geographies

    Examples
    --------
    >>> points = read_centroids("MSOA_2021_population_weighted_centroids.geojson")  # doctest: +SKIP
    >>> points.crs.to_epsg(), list(points.columns)  # doctest: +SKIP
    (27700, ['locality_code', 'locality_name', 'geometry'])
    """
    if level is not None and not (isinstance(level, str) and re.fullmatch(r"[A-Za-z]+", level)):
        raise ArgumentError(f"level must be an ONS area type such as 'MSOA', 'LSOA' or 'OA'; got {level!r}")
    path = Path(path)
    frame, properties = boundaries.read_geojson(path, "a GeoJSON file of ONS population-weighted centroids")
    codes_of = {key: names for key, names in boundaries.ons_fields(properties).items() if "CD" in names}
    if level is not None:
        codes_of = {key: names for key, names in codes_of.items() if key[0] == level.upper()}
        if not codes_of:
            raise InputError.single(path, None, None, f"a property {level.upper()}yyCD (e.g. {level.upper()}21CD)",
                                    f"properties {properties}")
    if not codes_of:
        raise InputError.single(path, None, None, "a property <LEVEL><yy>CD holding the area codes (e.g. MSOA21CD)",
                                f"properties {properties}")
    if len(codes_of) > 1:
        raise InputError.single(path, None, None, "the codes of one area type (choose one with level=)",
                                f"properties {properties}")
    names = next(iter(codes_of.values()))
    code_column = names["CD"]
    raw = frame[code_column]
    codes = raw.map(lambda v: re.sub(r"\s+", "", str(v)).upper() if isinstance(v, str) else "")
    failures: list[Failure] = []
    good = codes.map(lambda c: bool(_GSS.match(c)))
    for i in np.flatnonzero(~good.to_numpy()):
        got = raw.iloc[i]
        failures.append(Failure(str(path), int(i) + 1, code_column, _GSS_EXPECTED,
                                "" if got is None or (isinstance(got, float) and np.isnan(got)) else got))
    repeated = codes.duplicated() & good
    firsts = {}
    for i, code in enumerate(codes):
        firsts.setdefault(code, i + 1)
    for i in np.flatnonzero(repeated.to_numpy()):
        failures.append(Failure(str(path), int(i) + 1, code_column, "one point per area code",
                                f"{codes.iloc[i]}, already feature {firsts[codes.iloc[i]]}"))
    geometry = frame.geometry.to_numpy()
    kinds = shapely.get_type_id(geometry)  # -1: missing
    empty = shapely.is_empty(geometry) & (kinds >= 0)
    for i in np.flatnonzero((kinds != 0) | empty):
        got = "no geometry" if kinds[i] < 0 else "an empty point" if empty[i] else geometry[i].geom_type
        failures.append(Failure(str(path), int(i) + 1, "geometry", "a point", got))
    crs = frame.crs if frame.crs is not None else "EPSG:4326"
    if pyproj.CRS.from_user_input(crs).is_geographic:
        points = (kinds == 0) & ~empty
        x = np.where(points, shapely.get_x(geometry), 0.0)
        y = np.where(points, shapely.get_y(geometry), 0.0)
        for i in np.flatnonzero(points & ((np.abs(x) > 180) | (np.abs(y) > 90) | ~np.isfinite(x) | ~np.isfinite(y))):
            failures.append(Failure(str(path), int(i) + 1, "geometry",
                                    "a longitude in -180..180 and a latitude in -90..90 degrees (WGS84)",
                                    f"POINT ({x[i]:g} {y[i]:g})"))
    ees.raise_if(sorted(failures, key=lambda f: f.row))
    if "NM" in names:
        locality_name = frame[names["NM"]].map(lambda v: v.strip() or np.nan if isinstance(v, str) else np.nan)
    else:
        locality_name = pd.Series(np.nan, index=frame.index)
    out = gpd.GeoDataFrame(
        {"locality_code": codes.astype(object).to_numpy(), "locality_name": locality_name.astype(object).to_numpy()},
        geometry=gpd.GeoSeries(geometry, crs=crs).to_numpy(), crs=crs,
    )
    return out.to_crs(BRITISH_NATIONAL_GRID).reset_index(drop=True)[CENTROID_COLUMNS]


def _column_key(name: str) -> str:
    """Nomis headers may end ``; measures: Value`` (in some tables); the names are compared without it."""
    return re.sub(r";\s*measures:\s*value\s*$", "", str(name).strip(), flags=re.IGNORECASE).strip()


def read_census_age(path) -> pd.DataFrame:
    """Read Census 2021 usual residents by five-year age band and small area (Nomis bulk table TS007A).

    Parameters
    ----------
    path : str or pathlib.Path
        A CSV of the Nomis bulk download of TS007A "Age by five-year age bands" at any level
        (``census2021-ts007a-msoa.csv``, ``-lsoa.csv``, ``-oa.csv``, ``-ltla.csv``, ...), with the columns
        ``date, geography, geography code, Age: Total, Age: Aged 4 years and under, Age: Aged 5 to 9 years, ...,
        Age: Aged 80 to 84 years, Age: Aged 85 years and over`` (:data:`TS007A_BANDS`; a trailing
        ``; measures: Value`` on a name is ignored, and so are other columns). UTF-8 (with or without BOM) or
        Latin-1; CRLF or LF.

    Returns
    -------
    pandas.DataFrame
        :data:`CENSUS_AGE_COLUMNS`, one row per area and age band, areas in the file's order and bands youngest
        first: ``locality_code`` (the ``geography code``), ``locality_name`` (the ``geography``), ``period`` (the
        ``date``, e.g. ``"2021"``), ``age_band`` (``"0-4"``, ``"5-9"``, ..., ``"80-84"``, ``"85+"``) and
        ``population`` (usual residents, float). ``Age: Total`` is checked as a number but not returned: Census
        2021 counts are perturbed (cell key method), so a total need not equal the sum of its bands exactly.

    Raises
    ------
    InputError
        One error listing every failure: the file is unreadable, empty or cut short; a required column is missing
        (each is listed); a ``geography code`` is missing, not a GSS code, or repeats an earlier row's; a ``date``
        is not a year; a population (a band or ``Age: Total``) is empty, not a whole number, or negative. Rows are
        numbered as in a spreadsheet (header = row 1).

    References
    ----------
    ONS, Census 2021, table TS007A "Age by five-year age bands", Nomis bulk download:
    https://www.nomisweb.co.uk/sources/census_2021_bulk. ONS, "Protecting personal data in Census 2021 results"
    (cell key perturbation): https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/
    populationestimates/methodologies/protectingpersonaldataincensus2021results

    Examples
    --------
    >>> ages = read_census_age("census2021-ts007a-msoa.csv")  # doctest: +SKIP
    >>> ages[ages["age_band"].isin(["0-4", "5-9", "10-14", "15-19", "20-24"])].groupby("locality_code")[
    ...     "population"].sum()  # doctest: +SKIP
    """
    path = Path(path)
    frame = ees.read_csv(path, [])
    keys = {}
    for column in frame.columns:
        keys.setdefault(_column_key(column).lower(), column)
    missing = [c for c in _CENSUS_REQUIRED if c.lower() not in keys]
    if missing:
        raise InputError([Failure(str(path), 1, c, "this column in the header", f"header {list(frame.columns)}")
                          for c in missing])
    column = {c: keys[c.lower()] for c in _CENSUS_REQUIRED}
    failures: list[Failure] = []
    raw_codes = frame[column["geography code"]]
    codes = raw_codes.str.replace(r"\s+", "", regex=True).str.upper()
    good = codes.str.fullmatch(_GSS.pattern)
    for row, got in raw_codes[~good].items():
        failures.append(Failure(str(path), row, column["geography code"], _GSS_EXPECTED, got))
    first_row = pd.Series(codes.index, index=codes.to_numpy()).groupby(level=0).min()
    for row in codes.index[codes.duplicated() & good]:
        failures.append(Failure(str(path), row, column["geography code"], "one row per area",
                                f"{codes[row]}, already on row {first_row[codes[row]]}"))
    dates = frame[column["date"]].str.strip()
    for row, got in dates[~dates.str.fullmatch(r"\d{4}")].items():
        failures.append(Failure(str(path), row, column["date"], "a year (e.g. 2021)", got))
    values = {}
    for name in [_TOTAL] + [c for c, _ in TS007A_BANDS]:
        text = frame[column[name]].str.strip()
        number = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
        bad = number.isna() | ~np.isfinite(number) | (number < 0) | (number % 1 != 0)
        for row, got in text[bad].items():
            failures.append(Failure(str(path), row, column[name], "a number of people (a whole number >= 0)", got))
        values[name] = number.astype(float)
    ees.raise_if(failures)
    names = frame[column["geography"]].str.strip().replace("", np.nan)
    parts = []
    for name, band in TS007A_BANDS:
        parts.append(pd.DataFrame({
            "locality_code": codes.to_numpy(), "locality_name": names.to_numpy(), "period": dates.to_numpy(),
            "age_band": band, "population": values[name].to_numpy(), "_row": np.arange(len(frame)),
        }))
    out = pd.concat(parts, ignore_index=True)
    out["_band"] = np.repeat(np.arange(len(TS007A_BANDS)), len(frame))
    out = out.sort_values(["_row", "_band"], kind="stable").reset_index(drop=True)
    for name in ("locality_code", "locality_name", "period", "age_band"):
        out[name] = out[name].astype(object)
    return out[CENSUS_AGE_COLUMNS]
