"""ONS Open Geography Portal boundaries (GeoJSON) of counties and unitary authorities, any vintage."""
from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd

from .. import geography
from ..errors import InputError

__all__ = ["read_boundaries"]

_CODE = re.compile(r"^CTYUA\d{2}CD$", re.IGNORECASE)
_NAME = re.compile(r"^CTYUA\d{2}NM$", re.IGNORECASE)


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
        (E06/E08/E09/E10), codes updated as :func:`jsnakit.geography.current_code` does.
    """
    path = Path(path)
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises DataSourceError and others for unreadable files
        raise InputError.single(path, None, None, "a GeoJSON file of ONS boundaries", f"{type(exc).__name__}: {exc}") from None
    code = next((c for c in frame.columns if _CODE.match(c)), None)
    name = next((c for c in frame.columns if _NAME.match(c)), None)
    if code is None or name is None:
        raise InputError.single(path, None, None, "properties CTYUAyyCD and CTYUAyyNM", f"properties {list(frame.columns)}")
    frame = frame.rename(columns={code: "area_code", name: "area_name"})[["area_code", "area_name", "geometry"]]
    frame["area_code"] = geography.current_code(frame["area_code"].astype(str).str.strip())
    frame = frame[frame["area_code"].str.match(r"E0[689]|E10")].reset_index(drop=True)
    if frame.crs is None:
        frame = frame.set_crs(4326)
    return frame.to_crs(4326)
