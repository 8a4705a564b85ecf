"""How far children live from a service: the small areas where children and young people live (:func:`localities`),
the straight-line distance from each to the nearest service serving each need (:func:`distance`), and that distance
by need, weighted by where children live (:func:`distance_summary`).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from .need import NEED_LABELS
from .supply import commissioned, serves

__all__ = [
    "localities",
    "distance",
    "distance_summary",
    "DISTANCE_COLUMNS",
    "FAR_KM",
]

#: One row per locality x need; see :func:`distance`.
DISTANCE_COLUMNS = ["locality_code", "need", "population", "nearest_service_id", "nearest_service_name",
                    "distance_km"]
#: Distance (km) beyond which a locality counts as far from a service in summaries and text.
FAR_KM = 10.0


def localities(centroids, census: pd.DataFrame, boundary):
    """The small areas of one area with their children and young people: population-weighted centroids inside the
    boundary, each with its residents aged 0-24.

    Parameters
    ----------
    centroids : geopandas.GeoDataFrame
        :func:`jsnakit.sources.localities.read_centroids` (``locality_code, locality_name, geometry``).
    census : pandas.DataFrame
        :func:`jsnakit.sources.localities.read_census_age` (``locality_code, age_band, population``).
    boundary : geopandas.GeoDataFrame
        The area's boundary.

    Returns
    -------
    geopandas.GeoDataFrame
        ``locality_code, locality_name, population`` (residents aged 0-24, persons), ``geometry`` (EPSG:27700);
        empty when no centroid lies in the boundary.
    """
    shape = boundary.to_crs("EPSG:27700").geometry.union_all()
    points = centroids.to_crs("EPSG:27700")
    points = points[points.geometry.within(shape)]
    young = census[census["age_band"].isin(["0-4", "5-9", "10-14", "15-19", "20-24"])]
    population = young.groupby("locality_code")["population"].sum()
    out = points.assign(population=points["locality_code"].map(population).astype(float))
    return out[["locality_code", "locality_name", "population", "geometry"]].reset_index(drop=True)


def distance(localities_frame, services, provision_frame: pd.DataFrame, *,
             needs=None) -> pd.DataFrame:
    """Straight-line distance from where children live to the nearest service serving each need.

    Parameters
    ----------
    localities_frame : geopandas.GeoDataFrame
        :func:`localities` (population-weighted centroids, EPSG:27700).
    services : geopandas.GeoDataFrame
        :func:`~jsnakit.gaps.supply.service_points` (located services, in or out of the area).
    provision_frame : pandas.DataFrame
        :func:`~jsnakit.gaps.supply.provision` (which needs each service serves: naming the need, not "all needs"; the
        register's
        services when there is a register).
    needs : list of str, optional
        Need labels (default the twelve DfE primary needs).

    Returns
    -------
    pandas.DataFrame
        :data:`DISTANCE_COLUMNS`: ``distance_km`` (km, straight line on the British National Grid, to one decimal
        place) and the nearest service; NaN when no located service names the need.

    Notes
    -----
    Straight-line distance understates travel, most in rural areas; it ranks localities, it does not time journeys.
    """
    needs = list(needs) if needs is not None else list(NEED_LABELS)
    provision_frame = commissioned(provision_frame)
    places = localities_frame.to_crs("EPSG:27700")
    rows = []
    for need_label in needs:
        ids = set(provision_frame.loc[serves(provision_frame, need_label, specialist=True), "service_id"])
        suitable = services[services["service_id"].isin(ids)].to_crs("EPSG:27700")
        if suitable.empty:
            rows += [(code, need_label, pop, np.nan, np.nan, np.nan)
                     for code, pop in zip(places["locality_code"], places["population"])]
            continue
        joined = gpd.sjoin_nearest(places[["locality_code", "population", "geometry"]],
                                   suitable[["service_id", "service_name", "geometry"]], how="left",
                                   distance_col="metres")
        joined = joined.sort_values(["locality_code", "metres", "service_id"]).drop_duplicates("locality_code")
        joined = joined.set_index("locality_code").reindex(places["locality_code"])
        rows += [(code, need_label, pop, sid, name, round(metres / 1000, 1))
                 for code, pop, sid, name, metres in zip(joined.index, joined["population"], joined["service_id"],
                                                         joined["service_name"], joined["metres"])]
    return pd.DataFrame(rows, columns=DISTANCE_COLUMNS)


def distance_summary(distance_frame: pd.DataFrame, *, far_km: float = FAR_KM) -> pd.DataFrame:
    """Distance to services by need, weighted by where children live.

    Parameters
    ----------
    distance_frame : pandas.DataFrame
        :func:`distance`.
    far_km : float, default :data:`FAR_KM`
        Distance (km) beyond which children count as far from a service.

    Returns
    -------
    pandas.DataFrame
        ``need, median_km`` (population-weighted median over localities, km), ``furthest_km``, ``far_pct`` (% of
        residents aged 0-24 living ``far_km`` or more from the nearest service), ``far_km``, ``nearest``
        (number of services reachable: localities' distinct nearest services).
    """
    rows = []
    for need_label, group in distance_frame.groupby("need", sort=False):
        located = group.dropna(subset=["distance_km"])
        if located.empty or located["population"].sum() <= 0:
            rows.append((need_label, np.nan, np.nan, np.nan, far_km, 0))
            continue
        order = located.sort_values("distance_km")
        cumulative = order["population"].cumsum() / order["population"].sum()
        median = float(order["distance_km"].to_numpy()[np.searchsorted(cumulative.to_numpy(), 0.5)])
        far = order.loc[order["distance_km"] >= far_km, "population"].sum() / order["population"].sum() * 100
        rows.append((need_label, median, float(order["distance_km"].max()), float(far), far_km,
                     int(located["nearest_service_id"].nunique())))
    return pd.DataFrame(rows, columns=["need", "median_km", "furthest_km", "far_pct", "far_km", "nearest"])
