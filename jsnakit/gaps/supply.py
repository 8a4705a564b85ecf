"""The supply side of gap mapping: the services commissioned for an area and where they are delivered.

:func:`provision` joins the commissioning register with the Local Offer (one row per service: its type, partners,
funding, capacity and the needs and ages it serves), :func:`service_points` locates the services, :func:`commissioned`
and :func:`serves` pick the services an analysis counts, and :func:`describe_partner` and
:func:`describe_service_type` name the codes for the tables, maps and narrative.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import ArgumentError
from ..core.schema import PRIMARY_NEEDS
from ..core.vocabulary import NEEDS, PARTNERS, SERVICE_TYPES
from ..sources import commissioning as register_

__all__ = [
    "provision",
    "service_points",
    "commissioned",
    "serves",
    "describe_partner",
    "describe_service_type",
    "PROVISION_COLUMNS",
]

#: One row per service: the register joined with the Local Offer. ``needs`` is ``"all"`` or primary-need labels
#: joined by ``"; "``, ``partners`` PARTNERS codes joined by ``"; "``, ages in years, ``age_bands`` joined by ``"; "``.
PROVISION_COLUMNS = ["service_id", "service_name", "service_type", "domain", "partners", "funding_route", "capacity",
                     "capacity_unit", "needs", "age_from", "age_to", "age_bands", "in_register", "in_local_offer"]


def provision(register: pd.DataFrame | None, area_code: str, *, local_offer=None,
              mapping: pd.DataFrame | None = None) -> pd.DataFrame:
    """The services commissioned for one area: the commissioning register, completed from the Local Offer.

    Parameters
    ----------
    register : pandas.DataFrame or None
        :func:`jsnakit.sources.commissioning.read_commissioning_register` (any areas; the area's rows are used).
        ``None``: the Local Offer's services alone (partners, funding and capacity unknown).
    area_code : str
        GSS code or DfE LA number.
    local_offer : jsnakit.sources.provision.LocalOffer, optional
        The area's Local Offer. A register row with a ``service_id`` takes the Local Offer's needs (through
        ``mapping``) and ages where the register leaves them blank; Local Offer services that map to a need or a
        service type and are not in the register are added with ``in_register`` False.
    mapping : pandas.DataFrame, optional
        Taxonomy term -> need / service type (:func:`jsnakit.sources.commissioning.read_need_mapping`; default
        jsnakit's own).

    Returns
    -------
    pandas.DataFrame
        :data:`PROVISION_COLUMNS`, one row per service. Services whose needs are unknown serve ``"all"``; whose
        ages are unknown, 0-25.
    """
    area = geography.area(area_code)
    if register is None and local_offer is None:
        raise ArgumentError("provision needs a commissioning register, a Local Offer or both; got neither")
    rows = []
    mapped = pd.DataFrame(columns=register_.LOCAL_OFFER_NEED_COLUMNS)
    offered = pd.DataFrame(columns=["service_id", "name", "minimum_age", "maximum_age"])
    if local_offer is not None:
        mapped = register_.map_local_offer(local_offer, mapping)
        offered = local_offer.services
        offered = offered[offered["status"].fillna("active").isin(["active", "temporarily closed"])]
    offered_ids = set(offered["service_id"].astype(str))
    needs_of = mapped.dropna(subset=["need"]).groupby("service_id")["need"].agg(_join_needs)
    type_of = mapped.dropna(subset=["service_type"]).groupby("service_id")["service_type"].first()
    ages_of = offered.set_index(offered["service_id"].astype(str))[["minimum_age", "maximum_age"]]
    registered = set()
    if register is not None:
        own = register[register["area_code"] == area["area_code"]]
        for record in own.itertuples(index=False):
            sid = record.service_id if isinstance(record.service_id, str) and record.service_id else np.nan
            in_offer = isinstance(sid, str) and sid in offered_ids
            if isinstance(sid, str):
                registered.add(sid)
            needs = _labels(record.needs) if isinstance(record.needs, str) else (
                needs_of.get(sid, "all") if in_offer else "all")
            age_from, age_to = record.age_from, record.age_to
            if in_offer and pd.isna(age_from):
                age_from = ages_of.loc[sid, "minimum_age"]
            if in_offer and pd.isna(age_to):
                age_to = ages_of.loc[sid, "maximum_age"]
            rows.append({"service_id": sid if isinstance(sid, str) else f"register row {record.row}",
                         "service_name": record.service_name, "service_type": record.service_type,
                         "partners": record.partners, "funding_route": record.funding_route,
                         "capacity": record.capacity, "capacity_unit": record.capacity_unit, "needs": needs,
                         "age_from": age_from, "age_to": age_to, "in_register": True, "in_local_offer": in_offer})
    for service in offered.itertuples(index=False):
        sid = str(service.service_id)
        if sid in registered or (sid not in needs_of.index and sid not in type_of.index):
            continue
        rows.append({"service_id": sid, "service_name": service.name, "service_type": type_of.get(sid, np.nan),
                     "partners": np.nan, "funding_route": np.nan, "capacity": np.nan, "capacity_unit": np.nan,
                     "needs": needs_of.get(sid, "all"), "age_from": service.minimum_age,
                     "age_to": service.maximum_age, "in_register": False, "in_local_offer": True})
    out = pd.DataFrame(rows, columns=[c for c in PROVISION_COLUMNS if c not in ("domain", "age_bands")])
    out["domain"] = out["service_type"].map(lambda t: SERVICE_TYPES[t][1] if t in SERVICE_TYPES else np.nan)
    for column in ("capacity", "age_from", "age_to"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out["age_bands"] = [
        "; ".join(register_.ages_served(a, b)) for a, b in zip(out["age_from"], out["age_to"])]
    return out[PROVISION_COLUMNS].reset_index(drop=True)


def _labels(needs: str) -> str:
    """Register needs (codes joined by "; ", or "all") -> labels joined by "; "."""
    if needs.strip().lower() == "all":
        return "all"
    return "; ".join(PRIMARY_NEEDS.get(code.strip(), code.strip()) for code in needs.split(";") if code.strip())


def _join_needs(codes) -> str:
    codes = set(codes)
    if "all" in codes:
        return "all"
    return "; ".join(PRIMARY_NEEDS[c] for c in NEEDS if c in codes)


def commissioned(provision_frame: pd.DataFrame) -> pd.DataFrame:
    """The services the analyses count: the register's when there is a register; else (a Local Offer alone) every
    service.

    Parameters
    ----------
    provision_frame : pandas.DataFrame
        :func:`provision`.

    Returns
    -------
    pandas.DataFrame
        The rows of ``provision_frame`` with ``in_register`` True, or all of them when none is.
    """
    registered = provision_frame["in_register"].astype(bool)
    return provision_frame[registered] if registered.any() else provision_frame


def serves(provision_frame: pd.DataFrame, need: str, band: str | None = None, *, specialist: bool = False):
    """Which services serve a need, and an age band.

    Parameters
    ----------
    provision_frame : pandas.DataFrame
        :func:`provision`.
    need : str
        A primary-need label (``"Autistic spectrum disorder"``).
    band : str, optional
        One of :data:`jsnakit.sources.commissioning.AGE_BANDS`; None for any age.
    specialist : bool, default False
        Count only the services naming the need, not those serving ``"all"`` needs.

    Returns
    -------
    pandas.Series of bool
        On ``provision_frame``'s index: True for each service naming the need (or, unless ``specialist``, serving all
        needs) and reaching the band.
    """
    named = provision_frame["needs"].map(lambda n: need in str(n).split("; "))
    mask = named if specialist else named | (provision_frame["needs"] == "all")
    if band is not None:
        mask &= provision_frame["age_bands"].map(lambda b: band in str(b).split("; "))
    return mask


def service_points(provision_frame: pd.DataFrame, local_offer, boundary=None):
    """Where each service is delivered, as points: one row per service x location of the Local Offer.

    Parameters
    ----------
    provision_frame : pandas.DataFrame
        :func:`provision`.
    local_offer : jsnakit.sources.provision.LocalOffer
        The Local Offer (its ``service_locations`` and ``locations`` with latitude/longitude, WGS84).
    boundary : geopandas.GeoDataFrame, optional
        The area's boundary: sets ``in_area``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``service_id, service_name, service_type, domain, partners, needs, location_id, location_name, in_area,
        geometry`` (points, EPSG:27700). Services without a located location are left out.
    """
    links = local_offer.service_locations.merge(local_offer.locations, on="location_id", how="inner")
    links = links.dropna(subset=["latitude", "longitude"])
    frame = provision_frame.merge(links[["service_id", "location_id", "name", "latitude", "longitude"]]
                                  .rename(columns={"name": "location_name"}), on="service_id", how="inner")
    points = gpd.GeoDataFrame(
        frame[["service_id", "service_name", "service_type", "domain", "partners", "needs", "location_id",
               "location_name"]],
        geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326").to_crs("EPSG:27700")
    if boundary is not None and len(boundary):
        shape = boundary.to_crs("EPSG:27700").geometry.union_all()
        points["in_area"] = points.geometry.within(shape)
    else:
        points["in_area"] = True
    columns = ["service_id", "service_name", "service_type", "domain", "partners", "needs", "location_id",
               "location_name", "in_area", "geometry"]
    return points[columns].reset_index(drop=True)


def describe_partner(code: str) -> str:
    """A partner code's label (:data:`jsnakit.sources.commissioning.PARTNERS`), or the code itself.

    Parameters
    ----------
    code : str
        A commissioning partner code (``"icb"``).

    Returns
    -------
    str
        Its label, or ``code`` when it is not a partner code.
    """
    return PARTNERS.get(code, code)


def describe_service_type(code: str) -> str:
    """A service type code's label (:data:`jsnakit.sources.commissioning.SERVICE_TYPES`), or the code itself.

    Parameters
    ----------
    code : str
        A service type code (``"special_school"``).

    Returns
    -------
    str
        Its label, or ``code`` (as text) when it is not a service type code.
    """
    return SERVICE_TYPES[code][0] if code in SERVICE_TYPES else str(code)
