"""The sample ONS boundary file, the one file derived from real data: the December 2023 counties and unitary
authorities, simplified (:func:`write_boundaries`, only when the real file is given), and its licence
(:func:`write_boundary_licence`)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..core import geography
from .common import atomic_write

__all__ = ["BOUNDARY_FILE", "BOUNDARY_LICENCE_FILE", "BOUNDARY_TOLERANCE_M", "BOUNDARY_DECIMALS", "write_boundaries",
           "write_boundary_licence"]

BOUNDARY_FILE = "ons_boundaries/Counties_and_Unitary_Authorities_December_2023_Boundaries_EN_simplified.geojson"
BOUNDARY_LICENCE_FILE = "ons_boundaries/LICENCE.txt"

#: Tolerance of the boundary simplification, metres (British National Grid), and the decimals kept.
BOUNDARY_TOLERANCE_M = 250.0
BOUNDARY_DECIMALS = 5


def _ring_json(coords) -> str:
    return "[" + ",".join(f"[{_num(x)},{_num(y)}]" for x, y in coords) + "]"


def _num(v: float) -> str:
    s = f"{v:.{BOUNDARY_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _geometry_json(geom) -> str:
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    parts = ["[" + ",".join(_ring_json(r.coords) for r in [p.exterior, *p.interiors]) + "]" for p in polys]
    if len(parts) == 1:
        return '{"type":"Polygon","coordinates":' + parts[0] + "}"
    return '{"type":"MultiPolygon","coordinates":[' + ",".join(parts) + "]}"


def write_boundaries(out: Path, source: Path) -> Path:
    """Write the simplified English CTYUA December 2023 boundaries from the real ONS GeoJSON.

    Keeps the 153 English upper-tier areas (E06/E08/E09/E10) of ``Counties_and_Unitary_Authorities_December_2023_
    Boundaries_UK_BSC`` with properties ``CTYUA23CD, CTYUA23NM``; simplifies them as a coverage (shared edges stay
    shared; ``shapely.coverage_simplify``) in EPSG:27700 with a tolerance of :data:`BOUNDARY_TOLERANCE_M` metres,
    reprojects to EPSG:4326 and snaps coordinates to 5 decimals. Every geometry is checked non-empty and valid.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    source : pathlib.Path
        The real ONS GeoJSON.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        When an English area is missing or a simplified geometry is empty or invalid.
    """
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(source)
    frame = frame[frame["CTYUA23CD"].str.match(r"^E(06|08|09|10)")].sort_values("CTYUA23CD")
    missing = set(geography.local_authorities()["area_code"]) - set(frame["CTYUA23CD"])
    if missing:
        raise ValueError(f"boundary source {source} lacks {len(missing)} English areas: {sorted(missing)[:5]}")
    bng = frame.to_crs(27700)
    simplified = shapely.coverage_simplify(bng.geometry.to_numpy(), tolerance=BOUNDARY_TOLERANCE_M)
    wgs84 = gpd.GeoSeries(simplified, crs=27700).to_crs(4326).to_numpy()
    snapped = shapely.set_precision(wgs84, 10.0 ** -BOUNDARY_DECIMALS)
    bad = shapely.is_empty(snapped) | ~shapely.is_valid(snapped)
    bad |= ~np.isin(shapely.get_type_id(snapped), [3, 6])
    if bad.any():
        raise ValueError(f"simplified boundaries invalid or empty for {list(frame['CTYUA23CD'][bad])}")
    features = []
    for code, name, geom in zip(frame["CTYUA23CD"], frame["CTYUA23NM"], snapped):
        props = json.dumps({"CTYUA23CD": code, "CTYUA23NM": name}, ensure_ascii=False, separators=(",", ":"))
        features.append('{"type":"Feature","properties":' + props + ',"geometry":' + _geometry_json(geom) + "}")
    text = ('{"type":"FeatureCollection","name":"Counties_and_Unitary_Authorities_December_2023_Boundaries_EN_'
            'simplified","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[\n'
            + ",\n".join(features) + "\n]}\n")
    return atomic_write(Path(out) / BOUNDARY_FILE, text.encode("utf-8"))


def write_boundary_licence(out: Path) -> Path:
    """Write ``ons_boundaries/LICENCE.txt``: the attribution the ONS boundary file requires, and what was done.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    text = f"""\
{Path(BOUNDARY_FILE).name}

Source: Office for National Statistics licensed under the Open Government Licence v.3.0.
Contains OS data © Crown copyright and database right 2023

Derived from the ONS Open Geography Portal file
Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC_4952317392296043005.geo.json
(Counties and Unitary Authorities (December 2023) Boundaries UK BSC, https://geoportal.statistics.gov.uk/).

Changes: kept the 153 English areas (codes E06, E08, E09, E10) and the properties CTYUA23CD and CTYUA23NM;
simplified the boundaries as a coverage (shapely.coverage_simplify, shared edges kept shared) in British National
Grid (EPSG:27700) with a tolerance of {BOUNDARY_TOLERANCE_M:.0f} m; reprojected to WGS84 (EPSG:4326); rounded
coordinates to {BOUNDARY_DECIMALS} decimal places. Made by `python -m jsnakit.samples --boundaries-from <source file>`.

Open Government Licence v3.0: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/
"""
    return atomic_write(Path(out) / BOUNDARY_LICENCE_FILE, text.encode("utf-8"))
