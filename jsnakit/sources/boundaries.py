"""ONS Open Geography Portal files: boundaries (GeoJSON) of any area type and vintage, and lookups (CSV).

The portal names every property (boundaries) and column (lookups) after the area type and its year: ``CTYUA23CD``
and ``CTYUA23NM`` are the code and name of counties and unitary authorities on December 2023 boundaries, ``ICB23CD``
those of Integrated Care Boards in 2023, ``SICBL22CDH`` the NHS (ODS) code of a sub-ICB location in 2022. The readers
find these ``<LEVEL><yy>CD``/``NM``/``CDH`` names whatever the area type and year, and return frames whose column
names never depend on them.

Source: ONS Open Geography Portal, https://geoportal.statistics.gov.uk/ (Open Government Licence v3.0; "Contains OS
data © Crown copyright and database right").
"""
from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import ArgumentError, Failure, InputError
from . import ees

__all__ = [
    "read_boundaries",
    "read_area_boundaries",
    "read_lookup",
    "ltla_to_utla",
    "sub_icb_to_icb",
    "AREA_BOUNDARY_COLUMNS",
    "LOOKUP_COLUMNS",
    "GSS_EXPECTED",
    "read_geojson",
    "ons_fields",
]

#: What :func:`read_area_boundaries` returns.
AREA_BOUNDARY_COLUMNS = ["area_code", "area_name", "level", "vintage", "geometry"]

#: What :func:`read_lookup` returns: one row per (lower area, the area it lies in) of two adjacent levels.
LOOKUP_COLUMNS = [
    "from_level", "from_code", "from_name", "from_ods_code",
    "to_level", "to_code", "to_name", "to_ods_code", "vintage",
]

#: A property or column named after an ONS area type and year: ``CTYUA23CD``, ``lad19nm``, ``SICBL22CDH``.
_FIELD = re.compile(r"^([A-Za-z]+?)(\d{2})(CDH|CD|NM)$", re.IGNORECASE)
_LEVEL = re.compile(r"^[A-Za-z]+$")
#: A GSS code: a country letter (E, W, S, N; K for groupings of countries, L and M for the Channel Islands and the
#: Isle of Man) and eight digits.
_GSS = r"[EKLMNSW]\d{8}"
#: What a GSS code cell should hold, for failures.
GSS_EXPECTED = "a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. E06000001)"


def read_geojson(path: Path, expected: str) -> tuple[gpd.GeoDataFrame, list]:
    """An ONS GeoJSON read whole, and its property names.

    Parameters
    ----------
    path : pathlib.Path
        The GeoJSON file.
    expected : str
        What the file should be, in words, for the error (``"a GeoJSON file of ONS boundaries"``).

    Returns
    -------
    frame : geopandas.GeoDataFrame
        The features, as geopandas reads them.
    properties : list of str
        The names of the features' properties (every column but ``geometry``).

    Raises
    ------
    InputError
        A file geopandas cannot read: one failure naming the file, ``expected`` and the reader's error.
    """
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises DataSourceError and others for unreadable files
        raise InputError.single(path, None, None, expected, f"{type(exc).__name__}: {exc}") from None
    return frame, [c for c in frame.columns if c != "geometry"]


def ons_fields(columns) -> dict[tuple[str, int], dict[str, str]]:
    """The columns named after an ONS area type and year (``CTYUA23CD``, ``lad19nm``, ``SICBL22CDH``), by area type
    and year.

    Parameters
    ----------
    columns : iterable of str
        Property or column names.

    Returns
    -------
    dict
        ``(AREA TYPE, year)`` -> ``{"CD": column, "NM": column, "CDH": column}`` (the kinds found), in the order the
        columns come; the first column of a kind is kept.

    Examples
    --------
    >>> ons_fields(["FID", "CTYUA23CD", "ctyua23nm", "LAD23CD"])
    {('CTYUA', 2023): {'CD': 'CTYUA23CD', 'NM': 'ctyua23nm'}, ('LAD', 2023): {'CD': 'LAD23CD'}}
    """
    found: dict[tuple[str, int], dict[str, str]] = {}
    for column in columns:
        m = _FIELD.match(str(column).strip())
        if m:
            key = (m.group(1).upper(), 2000 + int(m.group(2)))
            found.setdefault(key, {}).setdefault(m.group(3).upper(), column)
    return found


def _check_level(level):
    if level is not None and not (isinstance(level, str) and _LEVEL.match(level)):
        raise ArgumentError(f"level must be an ONS area type such as 'CTYUA', 'LAD' or 'ICB'; got {level!r}")
    return None if level is None else level.upper()


def _clean_codes(codes: pd.Series) -> pd.Series:
    """Undo what spreadsheets do to codes: spaces either side, lower case, a trailing ``.0``."""
    text = codes.astype(str).str.strip().str.upper()
    return text.str.replace(r"\.0+$", "", regex=True)


def read_area_boundaries(path, *, level: str | None = None) -> gpd.GeoDataFrame:
    """Read any ONS Open Geography Portal boundary file, whatever its area type and vintage.

    Parameters
    ----------
    path : str or pathlib.Path
        A boundary file as downloaded from the portal (GeoJSON, or any format GDAL reads), whose properties hold a
        code and a name named after the area type and year, ``<LEVEL><yy>CD`` and ``<LEVEL><yy>NM``
        (``CTYUA23CD``/``CTYUA23NM``, ``RGN23CD``/``RGN23NM``, ``ICB23CD``/``ICB23NM``, ``lad19cd``/``lad19nm``, ...),
        in any coordinate reference system (none declared: WGS84, as GeoJSON prescribes).
    level : str, optional
        The area type to read (``"CTYUA"``, ``"LAD"``, ``"ICB"``, ... any case). Needed only when the file holds the
        code and name of more than one area type.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, in the file's order, every country kept. Columns ``area_code`` (GSS code as published,
        spaces removed), ``area_name``, ``level`` (the area type in capitals, e.g. ``"CTYUA"``), ``vintage`` (the
        year of the boundaries, int, e.g. 2023 for ``CTYUA23``), ``geometry`` (EPSG:4326, longitude/latitude).

    Raises
    ------
    InputError
        When the file cannot be read as boundaries; when no ``<LEVEL><yy>CD``/``NM`` pair is among its properties
        (or none of ``level``), or more than one and ``level`` does not choose (the message lists the properties
        found); when a code is missing, is not a GSS code or repeats an earlier feature's. For these the ``row`` is
        the feature's number, the first feature being 1 (the portal's ``FID``).
    ArgumentError
        When ``level`` is not a word such as ``"CTYUA"``.

    References
    ----------
    ONS Open Geography Portal, boundaries: https://geoportal.statistics.gov.uk/ (e.g. "Counties and Unitary
    Authorities (December 2023) Boundaries UK BSC").

    Examples
    --------
    >>> icbs = read_area_boundaries("Integrated_Care_Boards_April_2023_EN_BSC.geojson")  # doctest: +SKIP
    >>> icbs[["level", "vintage"]].iloc[0].tolist()  # doctest: +SKIP
    ['ICB', 2023]
    """
    level = _check_level(level)
    path = Path(path)
    frame, properties = read_geojson(path, "a GeoJSON file of ONS boundaries")
    pairs = {key: f for key, f in ons_fields(properties).items() if "CD" in f and "NM" in f}
    if level is not None:
        pairs = {key: f for key, f in pairs.items() if key[0] == level}
        if not pairs:
            raise InputError.single(path, None, None, f"properties {level}yyCD and {level}yyNM",
                                    f"properties {properties}")
    if not pairs:
        raise InputError.single(path, None, None, "a pair of properties <LEVEL><yy>CD and <LEVEL><yy>NM "
                                "(e.g. CTYUA23CD and CTYUA23NM)", f"properties {properties}")
    if len(pairs) > 1:
        raise InputError.single(path, None, None, "the code and name of one area type (choose one with level=)",
                                f"properties {properties}")
    (found_level, vintage), names = next(iter(pairs.items()))
    codes = _clean_codes(frame[names["CD"]])
    failures = []
    bad = ~codes.str.fullmatch(_GSS).fillna(False).astype(bool)
    for i in np.flatnonzero(bad.to_numpy()):
        got = frame[names["CD"]].iloc[i]
        failures.append(Failure(str(path), int(i) + 1, names["CD"], GSS_EXPECTED, "" if pd.isna(got) else got))
    repeated = codes.duplicated() & ~bad
    for i in np.flatnonzero(repeated.to_numpy()):
        failures.append(Failure(str(path), int(i) + 1, names["CD"], "one feature per area code",
                                f"{codes.iloc[i]}, already a feature before"))
    ees.raise_if(failures)
    out = gpd.GeoDataFrame(
        {
            "area_code": codes.to_numpy(),
            "area_name": frame[names["NM"]].map(lambda v: v.strip() if isinstance(v, str) else v).to_numpy(),
            "level": found_level,
            "vintage": np.int64(vintage),
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    if out.crs is None:
        out = out.set_crs(4326)
    return out.to_crs(4326)[AREA_BOUNDARY_COLUMNS]


def read_boundaries(path) -> gpd.GeoDataFrame:
    """Read upper-tier LA boundaries and keep England's.

    Parameters
    ----------
    path : str or pathlib.Path
        GeoJSON with ONS CTYUA properties (``CTYUA23CD``/``CTYUA23NM``, any year), in any CRS.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``area_code``, ``area_name``, ``geometry`` (EPSG:4326), one row per English upper-tier LA
        (E06/E08/E09/E10), codes updated as :func:`jsnakit.core.geography.current_code` does.

    Raises
    ------
    InputError
        As :func:`read_area_boundaries` with ``level="CTYUA"``: the file is not readable, lacks the properties
        ``CTYUAyyCD`` and ``CTYUAyyNM``, or holds a malformed or repeated code.

    References
    ----------
    ONS Open Geography Portal, "Counties and Unitary Authorities (December 2023) Boundaries UK BSC",
    https://geoportal.statistics.gov.uk/.

    Examples
    --------
    >>> las = read_boundaries("Counties_and_Unitary_Authorities_December_2023_UK_BSC.geojson")  # doctest: +SKIP
    >>> len(las)  # doctest: +SKIP
    153
    """
    frame = read_area_boundaries(path, level="CTYUA")
    frame["area_code"] = geography.current_code(frame["area_code"])
    frame = frame[frame["area_code"].str.match(r"E0[689]|E10")].reset_index(drop=True)
    return frame[["area_code", "area_name", "geometry"]]


def read_lookup(path) -> pd.DataFrame:
    """Read any ONS Open Geography Portal lookup CSV into one row per pair of adjacent areas.

    The portal's lookups have, from left to right, the code (``<LEVEL><yy>CD``), name (``NM``) and for NHS areas
    the NHS Organisation Data Service code (``CDH``) of each area type, smallest first: ``LTLA22CD, LTLA22NM,
    UTLA22CD, UTLA22NM`` or ``SICBL22CD, SICBL22CDH, SICBL22NM, ICB22CD, ..., NHSER22NM``. Each pair of adjacent
    levels gives rows ``from`` the smaller area ``to`` the larger one it lies in: a three-level lookup
    (SICBL -> ICB -> NHSER) gives the SICBL -> ICB rows, then the ICB -> NHSER rows. Repeated pairs are kept once.

    Parameters
    ----------
    path : str or pathlib.Path
        A lookup CSV as downloaded (UTF-8 with or without BOM, or Latin-1; CRLF or LF). Other columns
        (``ObjectId``, ``FID``, Welsh names ``...NMW``) are ignored, and so are rows with every cell empty. Codes
        are cleaned of what spreadsheets do to them (spaces either side, lower case, a trailing ``.0``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LOOKUP_COLUMNS`: ``from_level`` and ``to_level`` (area types in capitals, e.g. ``"LTLA"``,
        ``"UTLA"``), ``from_code``/``to_code`` (GSS codes as of the lookup's date, not updated), ``from_name``/
        ``to_name``, ``from_ods_code``/``to_ods_code`` (NHS ODS codes such as ``"93C"`` from the ``CDH`` columns,
        NaN when the lookup has none) and ``vintage`` (int, the later of the two levels' years, e.g. 2022).

    Raises
    ------
    InputError
        When the file is not a CSV; when its header has fewer than two ``<LEVEL><yy>CD`` columns, or a level with
        a name or ODS column but no code column; when a code is missing or not a GSS code; when a smaller area is
        given two different larger areas (each offending row is listed). Rows are numbered as in a spreadsheet
        (header = row 1).

    References
    ----------
    ONS Open Geography Portal, lookups, e.g. "Local Authority District to County and Unitary Authority (December
    2022) Lookup in EW" and "Sub ICB Locations to Integrated Care Boards to NHS England (Region) (July 2022) Lookup
    in England": https://geoportal.statistics.gov.uk/.

    Examples
    --------
    >>> sicbl = "Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_(July_2022)_Lookup.csv"
    >>> pairs = read_lookup(sicbl)  # doctest: +SKIP
    >>> pairs.groupby(["from_level", "to_level"]).size().to_dict()  # doctest: +SKIP
    {('ICB', 'NHSER'): 42, ('SICBL', 'ICB'): 106}
    """
    path = Path(path)
    try:
        frame = ees.read_csv(path, [])
    except pd.errors.EmptyDataError:  # a file holding only a byte-order mark and blank lines
        raise InputError.single(path, None, None, "a CSV file with a header row", "an empty file") from None
    blank = frame.apply(lambda col: col.str.strip() == "").all(axis=1)
    frame = frame[~blank]
    levels = ons_fields(frame.columns)
    failures = []
    for (name, year), fields in levels.items():
        if "CD" not in fields:
            column = next(iter(fields.values()))
            failures.append(Failure(str(path), 1, column, f"a code column {name}{year % 100:02d}CD beside it",
                                    f"header {list(frame.columns)}"))
    ees.raise_if(failures)
    if len(levels) < 2:
        raise InputError.single(path, 1, None, "code columns <LEVEL><yy>CD of at least two area types "
                                "(e.g. LTLA22CD and UTLA22CD)", f"header {list(frame.columns)}")
    codes = {}
    for key, fields in levels.items():
        raw = frame[fields["CD"]]
        clean = _clean_codes(raw)
        bad = ~clean.str.fullmatch(_GSS).fillna(False).astype(bool)
        for row, got in raw[bad].items():
            failures.append(Failure(str(path), row, fields["CD"], GSS_EXPECTED, got))
        codes[key] = clean
    ees.raise_if(failures)

    def text(fields, kind):
        if kind not in fields:
            return pd.Series(np.nan, index=frame.index, dtype=object)
        return frame[fields[kind]].str.strip().replace("", np.nan)

    keys = list(levels)
    parts = []
    for lower, upper in zip(keys[:-1], keys[1:]):
        low, up = levels[lower], levels[upper]
        part = pd.DataFrame({
            "from_level": lower[0], "from_code": codes[lower], "from_name": text(low, "NM"),
            "from_ods_code": text(low, "CDH"),
            "to_level": upper[0], "to_code": codes[upper], "to_name": text(up, "NM"),
            "to_ods_code": text(up, "CDH"),
            "vintage": np.int64(max(lower[1], upper[1])),
        }, index=frame.index)
        firsts = part.drop_duplicates("from_code")
        first_to = part["from_code"].map(firsts.set_index("from_code")["to_code"])
        first_row = part["from_code"].map(pd.Series(firsts.index, index=firsts["from_code"]))
        for row in part.index[part["to_code"] != first_to]:
            failures.append(Failure(
                str(path), row, up["CD"],
                f"one {upper[0]} per {lower[0]}: {part.at[row, 'from_code']} is in {first_to[row]} on row "
                f"{first_row[row]}", part.at[row, "to_code"]))
        parts.append(part.drop_duplicates(["from_code", "to_code"]))
    ees.raise_if(failures)
    out = pd.concat(parts, ignore_index=True)
    return out[LOOKUP_COLUMNS]


def _mapping(path, from_levels: tuple[str, ...], to_levels: tuple[str, ...], index_name: str,
             name: str) -> pd.Series:
    pairs = read_lookup(path)
    rows = pairs[pairs["from_level"].isin(from_levels) & pairs["to_level"].isin(to_levels)]
    if rows.empty:
        raise InputError.single(
            path, 1, None,
            f"code columns of {' or '.join(from_levels)} then {' or '.join(to_levels)} side by side",
            f"pairs of levels {sorted(set(zip(pairs['from_level'], pairs['to_level'])))}")
    return pd.Series(rows["to_code"].to_numpy(), index=pd.Index(rows["from_code"].to_numpy(), name=index_name),
                     name=name)


def ltla_to_utla(path) -> pd.Series:
    """Read an ONS lower-tier to upper-tier local authority lookup as a mapping of codes.

    Parameters
    ----------
    path : str or pathlib.Path
        An ONS lookup CSV with ``LTLAyyCD`` (or ``LADyyCD``) next to ``UTLAyyCD`` (or ``CTYUAyyCD``), e.g. "Lower
        Tier Local Authority to Upper Tier Local Authority (December 2022) Lookup in England and Wales".

    Returns
    -------
    pandas.Series
        Named ``utla_code``, indexed by ``ltla_code``: the upper-tier GSS code of each lower-tier LA (unitary
        authorities, metropolitan districts and London boroughs map to themselves). Codes as of the lookup's date,
        so ``codes.map(ltla_to_utla(path))`` puts districts into their county.

    Raises
    ------
    InputError
        As :func:`read_lookup`, and when the lookup has no LTLA/LAD -> UTLA/CTYUA pair of columns.

    References
    ----------
    ONS Open Geography Portal: https://geoportal.statistics.gov.uk/.

    Examples
    --------
    >>> path = "Lower_Tier_Local_Authority_to_Upper_Tier_Local_Authority_(December_2022)_Lookup.csv"
    >>> ltla_to_utla(path)["E07000008"]  # doctest: +SKIP
    'E10000003'
    """
    return _mapping(path, ("LTLA", "LAD"), ("UTLA", "CTYUA"), "ltla_code", "utla_code")


def sub_icb_to_icb(path) -> pd.Series:
    """Read an ONS sub-ICB location to Integrated Care Board lookup as a mapping of codes.

    Parameters
    ----------
    path : str or pathlib.Path
        An ONS lookup CSV with ``SICBLyyCD`` next to ``ICByyCD``, e.g. "Sub ICB Locations to Integrated Care Boards
        to NHS England (Region) (July 2022) Lookup in England".

    Returns
    -------
    pandas.Series
        Named ``icb_code``, indexed by ``sicbl_code``: the ICB (E54) GSS code of each sub-ICB location (E38).

    Raises
    ------
    InputError
        As :func:`read_lookup`, and when the lookup has no SICBL -> ICB pair of columns.

    References
    ----------
    ONS Open Geography Portal: https://geoportal.statistics.gov.uk/.

    Examples
    --------
    >>> path = "Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_(July_2022)_Lookup.csv"
    >>> sub_icb_to_icb(path)["E38000240"]  # doctest: +SKIP
    'E54000028'
    """
    return _mapping(path, ("SICBL",), ("ICB",), "sicbl_code", "icb_code")
