"""Gap mapping: the need of an area's children and young people set against the provision commissioned for them.

Joint commissioning exists to "identify needs, map provision, highlight gaps and agree actions across services"
(SEND Code of Practice 2015, ch. 3), with each partner clear about what it commissions. This module answers, for one
area:

* **coverage** (:func:`coverage`): for each primary need and age band with children on EHC plans, how many
  commissioned services name that need and reach that age, and which partners commission them. A need and age band
  with children but no specialist service is a gap in coverage;
* **capacity** (:func:`capacity`): places (or caseload) per 100 children and young people with an EHC plan, against
  a benchmark where one exists (England's or the statistical neighbours' special school and alternative provision
  placements per 100 plans, or an analyst's own), and the shortfall in places now and at each projection year. A
  service serving several needs or ages shares its capacity between them in proportion to the children with each;
  without an external benchmark a projection year is set against today's own ratio ("places needed to keep
  today's ratio as need grows");
* **partners** (:func:`partners`): who commissions what, and the needs served by a single partner in services the
  Code expects education, health and care to commission together (therapies, mental health, equipment, short
  breaks, preparing for adulthood);
* **distance** (:func:`distance`): straight-line distance (km, British National Grid) from where children live
  (population-weighted centroids of small areas) to the nearest service serving each need.

:func:`analyse` runs them all from *disclosed* inputs (need counts that passed :func:`disclose_need`,
a projection that passed :func:`jsnakit.disclosure.apply_projection`) and returns a :class:`GapAnalysis`, the only
thing the gap tables and maps draw. Places, services and distances are not counts of people and are shown as they
are; every figure built on a suppressed count of children is withheld with it.

The provision comes from the commissioning register (:func:`jsnakit.sources.commissioning.read_commissioning_register`)
joined with the Local Offer (:func:`jsnakit.sources.provision.read_local_offer`): :func:`provision`.
"""
from __future__ import annotations

import dataclasses
import html
import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from .. import disclosure
from ..core import geography, views
from ..needs.profile import NEED_AGE, usable
from ..needs.profile import need_by_age  # the grid is an indicator of the profile, disclosed with it
from ..needs.profile import published_need
from ..core.errors import ArgumentError, DisclosureError, InputError
from ..core.schema import PRIMARY_NEEDS
from ..sources import commissioning as register_
from ..sources import provision as local_offer_
from ..sources.commissioning import AGE_BANDS, JOINT_EXPECTED, PARTNERS, SERVICE_TYPES

__all__ = [
    "GapAnalysis",
    "require",
    "need_by_age",
    "disclose_need",
    "provision",
    "service_points",
    "localities",
    "placement_benchmarks",
    "coverage",
    "capacity",
    "partners",
    "distance",
    "distance_summary",
    "analyse",
    "from_catalog",
    "published_totals",
    "describe_partner",
    "describe_service_type",
    "NEED_INDICATOR",
    "PROVISION_COLUMNS",
    "COVERAGE_COLUMNS",
    "CAPACITY_COLUMNS",
    "PARTNER_COLUMNS",
    "DISTANCE_COLUMNS",
    "BENCHMARK_COLUMNS",
    "PLACEMENT_BENCHMARKS",
    "FAR_KM",
    "SPECIALIST_PLACES",
]

#: Indicator id of EHC plans by primary need (``breakdown``) and age band (``category``) built by :func:`need_by_age`.
NEED_INDICATOR = NEED_AGE
#: One row per service: the register joined with the Local Offer. ``needs`` is ``"all"`` or primary-need labels
#: joined by ``"; "``, ``partners`` PARTNERS codes joined by ``"; "``, ages in years, ``age_bands`` joined by ``"; "``.
PROVISION_COLUMNS = ["service_id", "service_name", "service_type", "domain", "partners", "funding_route", "capacity",
                     "capacity_unit", "needs", "age_from", "age_to", "age_bands", "in_register", "in_local_offer"]
#: One row per primary need x age band: ``plans`` (disclosed, NaN when suppressed), ``services`` serving it (naming
#: the need or all needs), ``specialist`` (naming the need), their service types and partners, ``covered``
#: (a specialist service exists), ``gap`` (children but no specialist service), ``note``.
COVERAGE_COLUMNS = ["need", "age_band", "plans", "services", "specialist", "service_types", "partners", "covered",
                    "gap", "note"]
#: One row per service type x need (``All`` for every need) x period; see :func:`capacity`.
CAPACITY_COLUMNS = ["service_type", "need", "period", "kind", "plans", "plans_lower", "plans_upper", "capacity",
                    "capacity_unit", "per_100", "benchmark_per_100", "benchmark", "needed", "shortfall",
                    "shortfall_lower", "shortfall_upper", "note"]
#: One row per need x service type x partner; see :func:`partners`.
PARTNER_COLUMNS = ["need", "service_type", "domain", "partner", "services", "funding_routes", "joint_expected",
                   "single_partner"]
#: One row per locality x need; see :func:`distance`.
DISTANCE_COLUMNS = ["locality_code", "need", "population", "nearest_service_id", "nearest_service_name",
                    "distance_km"]
#: Benchmarks of capacity: places per 100 children and young people with an EHC plan (``need`` ``All`` or a label).
BENCHMARK_COLUMNS = ["service_type", "need", "benchmark_per_100", "benchmark"]
#: Service types benchmarked against the SEN2 placement of EHC plans (``ehc_placement_share`` category). Alternative
#: provision is not: most of its places serve pupils without a plan, so plans placed there say little of its size.
PLACEMENT_BENCHMARKS = {"special_school": "Special school"}
#: Place-based education services whose places by need are compared with the area's own ratio for all needs.
SPECIALIST_PLACES = ("special_school", "resourced_provision")
#: A need's specialist places per 100 of its plans below this share of the all-needs ratio count as scarce.
SCARCE_SHARE = 0.5
#: Needs with fewer plans than this are not called scarce (their ratio moves with a few places).
SCARCE_MIN_PLANS = 50
#: Distance (km) beyond which a locality counts as far from a service in summaries and text.
FAR_KM = 10.0
#: Plans by need and age band are rounded to a multiple of this (see :func:`disclose_need`).
NEED_ROUND_TO = 5  # = indicators.get(NEED_INDICATOR).round_to
#: Modelled counts of children by locality are rounded to this and withheld below :data:`MINIMUM_ESTIMATE`.
ROUND_ESTIMATE = 10
MINIMUM_ESTIMATE = 10

_NEED_LABELS = [PRIMARY_NEEDS[c] for c in register_.NEEDS]
_BAND_OF_AGE = {"under 3": "0-4", "2 and under": "0-4", "20 and over": "20-25"}
_PLACE_UNITS = ("places", "caseload")
_MADE_BY_ANALYSE = object()  # a GapAnalysis is built from disclosed inputs by analyse() only


@dataclass(frozen=True, eq=False)
class GapAnalysis:
    """Need set against provision for one area (made only by :func:`analyse`, from disclosed inputs).

    Attributes
    ----------
    area_code, area_name : str
        The area.
    period : str
        The period of the published need counts (e.g. ``"2024/25"``).
    coverage : pandas.DataFrame
        :data:`COVERAGE_COLUMNS`.
    capacity : pandas.DataFrame
        :data:`CAPACITY_COLUMNS`.
    partners : pandas.DataFrame
        :data:`PARTNER_COLUMNS`.
    provision : pandas.DataFrame
        :data:`PROVISION_COLUMNS`.
    services : geopandas.GeoDataFrame or None
        One row per service location (:func:`service_points`), EPSG:27700.
    localities : geopandas.GeoDataFrame or None
        ``locality_code, locality_name, population, plans_estimate, geometry`` (EPSG:27700 points).
    distance : pandas.DataFrame or None
        :data:`DISTANCE_COLUMNS`.
    """

    area_code: str
    area_name: str
    coverage: pd.DataFrame
    capacity: pd.DataFrame
    partners: pd.DataFrame
    services: object = None
    localities: object = None
    distance: pd.DataFrame | None = None
    period: str = ""
    provision: pd.DataFrame | None = None
    _token: object = None

    def __post_init__(self):
        if self._token is not _MADE_BY_ANALYSE:
            raise DisclosureError("a GapAnalysis is made only by jsnakit.gaps.analyse()")

    def query(self, *, need: str | None = None, age_band: str | None = None,
              partner: str | None = None) -> "GapAnalysis":
        """The analysis cut to a need, an age band and a partner's services; still a :class:`GapAnalysis` (every row
        kept is a row of this one: nothing is recomputed, so nothing withheld can reappear).

        Parameters
        ----------
        need : str, optional
            A primary-need label (``"Autistic spectrum disorder"``).
        age_band : str, optional
            One of :data:`jsnakit.sources.commissioning.AGE_BANDS`.
        partner : str, optional
            A :data:`jsnakit.sources.commissioning.PARTNERS` code.

        Returns
        -------
        GapAnalysis
            ``coverage``: the need's rows and the band's; ``capacity``: the need's rows, of the service types the
            partner commissions; ``partners``: the need's and the partner's rows; ``provision`` and ``services``:
            the partner's services naming the need (or all needs) and reaching the band; ``distance``: the need's.
        """
        def cut(frame, column, value):
            if frame is None or value is None or column not in frame.columns:
                return frame
            return frame[frame[column] == value].reset_index(drop=True)

        provided, types = self.provision, None
        if provided is not None:
            keep = pd.Series(True, index=provided.index)
            if partner is not None:
                by_partner = provided["partners"].map(lambda p: partner in str(p).split("; "))
                types = set(provided.loc[by_partner, "service_type"])
                keep &= by_partner
            if need is not None:
                keep &= _serves(provided, need)
            if age_band is not None:
                keep &= provided["age_bands"].map(lambda b: age_band in str(b).split("; "))
            provided = provided[keep].reset_index(drop=True)
        capacity = cut(self.capacity, "need", need)
        if types is not None:
            capacity = capacity[capacity["service_type"].isin(types)].reset_index(drop=True)
        services = self.services
        if services is not None and provided is not None:
            services = services[services["service_id"].isin(set(provided["service_id"]))].reset_index(drop=True)
        return dataclasses.replace(
            self, coverage=cut(cut(self.coverage, "need", need), "age_band", age_band), capacity=capacity,
            partners=cut(cut(self.partners, "need", need), "partner", partner), provision=provided,
            services=services, distance=cut(self.distance, "need", need))

    def __repr__(self) -> str:
        return (f"<GapAnalysis {self.area_name} ({self.area_code}), {self.period}: {int(self.coverage['gap'].sum())} "
                f"need and age gaps, {len(self.shortfalls())} shortfalls, {len(self.single_partner())} single-partner "
                f"pairs>")

    def _repr_html_(self) -> str:
        # jsnakit.render registers the formatted view (core.views): findings and the coverage matrix
        return views.html_view(self) or f"<pre>{html.escape(repr(self))}</pre>"

    def gaps(self) -> pd.DataFrame:
        """The need and age bands with children on EHC plans and no specialist service (rows of ``coverage``)."""
        return self.coverage[self.coverage["gap"]].reset_index(drop=True)

    def shortfalls(self) -> pd.DataFrame:
        """Rows of ``capacity`` short of their benchmark by half a place or more (a place, rounded)."""
        return self.capacity[self.capacity["shortfall"] >= 0.5].reset_index(drop=True)

    def scarce_places(self) -> pd.DataFrame:
        """Needs with few or no specialist places (special school and resourced provision together) for their
        children: ``need, plans, places, per_100, all_per_100``, where places per 100 plans with the need are below
        :data:`SCARCE_SHARE` of the ratio for all needs and the need has at least :data:`SCARCE_MIN_PLANS` plans."""
        now = self.capacity[(self.capacity["kind"] == "published")
                            & self.capacity["service_type"].isin(SPECIALIST_PLACES)
                            & (self.capacity["capacity_unit"] == "places")]
        columns = ["need", "plans", "places", "per_100", "all_per_100"]
        totals = now[now["need"] == "All"]
        if totals.empty or pd.isna(totals["plans"].iloc[0]) or totals["plans"].iloc[0] <= 0:
            return pd.DataFrame(columns=columns)
        all_per_100 = totals["capacity"].sum() / totals["plans"].iloc[0] * 100
        places = now[now["need"] != "All"].groupby("need")["capacity"].sum()
        plans = self.coverage.groupby("need", sort=False)["plans"].sum(min_count=1)
        rows = []
        for need_label, n in plans.items():
            if pd.isna(n) or n < SCARCE_MIN_PLANS:
                continue
            own = float(places.get(need_label, 0.0))
            if own / n * 100 < SCARCE_SHARE * all_per_100:
                rows.append((need_label, n, own, own / n * 100, all_per_100))
        return pd.DataFrame(rows, columns=columns)

    def single_partner(self) -> pd.DataFrame:
        """Need x service type pairs the Code expects to be jointly commissioned that one partner commissions alone."""
        single = self.partners[self.partners["single_partner"]]
        return single[["need", "service_type", "domain", "partner", "services"]].reset_index(drop=True)


def require(obj) -> GapAnalysis:
    """Return ``obj`` if it is a :class:`GapAnalysis`, else raise :class:`jsnakit.core.errors.DisclosureError` (for the
    tables, maps, narrative and widgets that show one)."""
    if not isinstance(obj, GapAnalysis):
        raise DisclosureError(f"only a gap analysis made by jsnakit.gaps.analyse() from disclosed inputs can be "
                              f"shown or drawn; got {type(obj).__name__}")
    return obj


# --- need -----------------------------------------------------------------------------------------------------------

def _band(age) -> str | float:
    """SEN2 age label (``under 3``, ``3`` ... ``25``) -> the age band of :data:`AGE_BANDS`."""
    label = str(age).strip()
    if label in _BAND_OF_AGE:
        return _BAND_OF_AGE[label]
    if not label.isdigit():
        return np.nan
    for band in AGE_BANDS:
        low, high = (int(x) for x in band.split("-"))
        if low <= int(label) <= high:
            return band
    return np.nan


def disclose_need(frame: pd.DataFrame, rules=None):
    """Disclosure control for :func:`need_by_age` on its own: :func:`jsnakit.disclosure.apply`, which rounds the
    grid's counts to :data:`NEED_ROUND_TO` (the indicator catalogue's ``round_to``: a small-area table).

    The factsheet does not use it: it takes the grid as published with the national frame
    (:func:`jsnakit.needs.profile.published_need`), whose margins (plans by need, plans by age band) sit beside it, so that
    the interval audit covers the grid, its margins and every national figure together.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`need_by_age`.
    rules : jsnakit.disclosure.Rules, optional
        The rules in force (default ``Rules()``).

    Returns
    -------
    jsnakit.disclosure.Disclosed
        What :func:`analyse` takes as ``need``.
    """
    return disclosure.apply(frame, rules or disclosure.Rules())


def _need_order(need: str) -> int:
    labels = list(PRIMARY_NEEDS.values())
    return labels.index(need) if need in labels else len(labels)


def _need_grid(need, *, every_need: bool = False) -> pd.DataFrame:
    """Disclosed need-by-age frame -> ``need, age_band, plans, note, period`` for the twelve needs a service can
    name (``every_need``: with "Unknown" too, for totals of all plans)."""
    disclosed = disclosure.require(need)
    frame = disclosed.frame
    frame = frame[(frame["indicator"] == NEED_INDICATOR)
                  & (frame["breakdown"].isin(_NEED_LABELS) | every_need)]
    return frame.rename(columns={"breakdown": "need", "category": "age_band", "count": "plans"})[
        ["need", "age_band", "plans", "note", "period"]].reset_index(drop=True)


# --- provision ------------------------------------------------------------------------------------------------------

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
    return "; ".join(PRIMARY_NEEDS[c] for c in register_.NEEDS if c in codes)


def _commissioned(provision_frame: pd.DataFrame) -> pd.DataFrame:
    """The register's services when there is a register; else (a Local Offer alone) every service."""
    registered = provision_frame["in_register"].astype(bool)
    return provision_frame[registered] if registered.any() else provision_frame


def _serves(provision_frame: pd.DataFrame, need: str, band: str | None = None, *, specialist: bool = False):
    """Boolean mask of the services serving a need (naming it, or ``all`` unless ``specialist``) and age band."""
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


# --- benchmarks -----------------------------------------------------------------------------------------------------

def placement_benchmarks(published, area_code: str, *, neighbours: pd.DataFrame | None = None,
                         period: str | None = None) -> pd.DataFrame:
    """Benchmarks for special school and alternative provision places: the placements of EHC plans (SEN2) per 100
    plans in the statistical neighbours (median) or, without neighbours, England.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The national disclosed frame (:func:`jsnakit.needs.profile.published`).
    area_code : str
        GSS code or DfE LA number.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`).
    period : str, optional
        Latest academic year to use (default the latest published).

    Returns
    -------
    pandas.DataFrame
        :data:`BENCHMARK_COLUMNS`, ``need`` ``All``; ``benchmark`` names the comparator and year, e.g.
        ``"statistical neighbours' median, January 2025"``.

    Notes
    -----
    SEN2 counts where children with EHC plans are placed, not the places an area has; placements per 100 plans
    elsewhere is the nearest published measure of the specialist capacity other areas run at. Placement by primary
    need is not published, so the benchmark is for all needs together.
    """
    from ..needs import profile  # profile draws on many modules; imported here to keep this module's import light

    area = geography.area(area_code)
    frame = profile.comparison_frame(published, area["area_code"], period=period, neighbours=neighbours)
    rows = []
    for service_type, category in PLACEMENT_BENCHMARKS.items():
        found = frame[(frame["indicator"] == "ehc_placement_share") & (frame["category"] == category)]
        if found.empty:
            continue
        row = found.iloc[0]
        year = f"January {str(row['period'])[:2]}{str(row['period'])[-2:]}"
        if neighbours is not None and pd.notna(row["neighbour_median"]):
            rows.append((service_type, "All", float(row["neighbour_median"]),
                         f"statistical neighbours' median, {year}"))
        elif pd.notna(row["england"]):
            rows.append((service_type, "All", float(row["england"]), f"England, {year}"))
    return pd.DataFrame(rows, columns=BENCHMARK_COLUMNS)


# --- the analyses ---------------------------------------------------------------------------------------------------

def coverage(need, provision_frame: pd.DataFrame) -> pd.DataFrame:
    """Which needs, at which ages, have commissioned provision: the coverage matrix.

    Parameters
    ----------
    need : jsnakit.disclosure.Disclosed
        :func:`need_by_age` after :func:`disclose_need`.
    provision_frame : pandas.DataFrame
        :func:`provision`.

    Returns
    -------
    pandas.DataFrame
        :data:`COVERAGE_COLUMNS`, one row per need (the twelve DfE primary needs with a category) x age band.
        Services are the register's when the area has one (Local Offer services nobody commissions do not
        count), else the Local Offer's.
        ``gap`` is True where children have a plan with that primary need in that band (or their number is
        withheld as small) and no service names the need for that age.

    Examples
    --------
    See ``tests/test_gaps.py`` for a hand-checked case.
    """
    grid = _need_grid(need)
    grid = grid[grid["age_band"] != "All"]
    provision_frame = _commissioned(provision_frame)
    rows = []
    for record in grid.itertuples(index=False):
        serving = provision_frame[_serves(provision_frame, record.need, record.age_band)]
        specialist = provision_frame[_serves(provision_frame, record.need, record.age_band, specialist=True)]
        children = (record.plans > 0) or (pd.isna(record.plans) and isinstance(record.note, str)
                                          and record.note.startswith(disclosure.SUPPRESSED))
        rows.append({
            "need": record.need, "age_band": record.age_band, "plans": record.plans, "services": len(serving),
            "specialist": len(specialist),
            "service_types": "; ".join(sorted(specialist["service_type"].dropna().unique())),
            "partners": "; ".join(sorted({p for ps in specialist["partners"].dropna() for p in ps.split("; ")})),
            "covered": len(specialist) > 0, "gap": bool(children and len(specialist) == 0), "note": record.note})
    out = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    out["plans"] = out["plans"].astype(float)
    return out


def _shares(provision_frame: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Each service's capacity shared between the needs and age bands it serves, in proportion to the children with
    a plan in each (equally where all of them are 0 or withheld): ``service_type, need, age_band, share, capacity,
    capacity_unit``."""
    plans = grid.set_index(["need", "age_band"])["plans"]
    rows = []
    for service in provision_frame.itertuples(index=False):
        if pd.isna(service.capacity) or service.capacity_unit not in _PLACE_UNITS:
            continue
        needs = _NEED_LABELS if service.needs == "all" else [n for n in str(service.needs).split("; ")
                                                              if n in _NEED_LABELS]
        bands = [b for b in str(service.age_bands).split("; ") if b in AGE_BANDS]
        cells = [(n, b) for n in needs for b in bands]
        weights = np.array([plans.get(cell, np.nan) for cell in cells], dtype=float)
        weights = np.nan_to_num(weights, nan=0.0)
        weights = weights / weights.sum() if weights.sum() > 0 else np.full(len(cells), 1 / max(len(cells), 1))
        rows += [(service.service_type, n, b, w, service.capacity * w, service.capacity_unit)
                 for (n, b), w in zip(cells, weights)]
    return pd.DataFrame(rows, columns=["service_type", "need", "age_band", "share", "capacity", "capacity_unit"])


def capacity(need, provision_frame: pd.DataFrame, *, projected=None, benchmarks: pd.DataFrame | None = None,
             every: int = 1, published_totals: dict | None = None) -> pd.DataFrame:
    """Capacity against need: places (or caseload) per 100 children and young people with an EHC plan, by service
    type and need, now and at each projection year, with the shortfall in places against a benchmark.

    Parameters
    ----------
    need : jsnakit.disclosure.Disclosed
        :func:`need_by_age` after :func:`disclose_need` (the ``published`` period).
    provision_frame : pandas.DataFrame
        :func:`provision`; services with capacity in ``places`` or ``caseload`` count.
    projected : jsnakit.disclosure.Projected, optional
        :func:`jsnakit.projection.project` (all needs, by age band) after
        :func:`jsnakit.disclosure.apply_projection`. Each need's projected plans are the projected total times the
        need's share of plans in the published year, band by band (need mix held).
    benchmarks : pandas.DataFrame, optional
        :data:`BENCHMARK_COLUMNS` (e.g. :func:`placement_benchmarks`, or the analyst's own, per need or ``All``).
    every : int, default 1
        Keep every ``every``-th projection year (and always the last).
    published_totals : dict, optional
        ``{"All": (plans, note)}``: the area's plans as the caseload table publishes them
        (:func:`published_totals`), used for the published year's all-needs total instead of the sum of the
        need-by-age cells rounded to 5, so one figure has one value on the page.

    Returns
    -------
    pandas.DataFrame
        :data:`CAPACITY_COLUMNS`. ``plans`` (persons; ``plans_lower``/``plans_upper`` the 95% interval of a
        projection), ``capacity`` in ``capacity_unit``, ``per_100`` = capacity / plans x 100,
        ``benchmark_per_100`` and its name, ``needed`` = benchmark / 100 x plans and ``shortfall`` = needed -
        capacity (places; negative is spare), ``shortfall_lower``/``shortfall_upper`` from the plans' interval.
        Projection years without an external benchmark are set against the published year's own ``per_100``
        (``benchmark`` "today's ratio"). Capacity is held at today's. Rows whose plans were withheld have NaN
        figures and the note.

    Notes
    -----
    Rows: for each service type with capacity, ``need`` ``All`` (every need, every age) and each need it serves.
    """
    if not isinstance(every, (int, np.integer)) or every < 1:
        raise ArgumentError(f"every must be a whole number of at least 1; got {every!r}")
    grid = _need_grid(need)
    period = grid["period"].iloc[0] if len(grid) else None
    bands = grid[grid["age_band"] != "All"]
    shares = _shares(provision_frame, bands)
    totals = {"All": _total_plans(_need_grid(need, every_need=True))}
    for label in _NEED_LABELS:
        row = grid[(grid["need"] == label) & (grid["age_band"] == "All")]
        totals[label] = (float(row["plans"].iloc[0]) if len(row) else 0.0,
                         row["note"].iloc[0] if len(row) else np.nan)
    if published_totals:  # the totals as published elsewhere on the page (not the sums of the rounded cells)
        totals.update(published_totals)
    futures = _projected_need(bands, projected, every) if projected is not None else []
    small = disclosure.PROJECTED_SMALL.format(minimum=projected.minimum) if projected is not None else np.nan
    bench = benchmarks if benchmarks is not None else pd.DataFrame(columns=BENCHMARK_COLUMNS)
    rows = []
    for (service_type, unit), group in shares.groupby(["service_type", "capacity_unit"], sort=True):
        by_need = group.groupby("need")["capacity"].sum()
        for need_label in ["All", *[n for n in _NEED_LABELS if n in by_need.index]]:
            places = float(group["capacity"].sum()) if need_label == "All" else float(by_need[need_label])
            plans, note = totals[need_label]
            external = bench[(bench["service_type"] == service_type) & (bench["need"] == need_label)]
            base = _capacity_row(service_type, need_label, period, "published", plans, plans, plans, places, unit,
                                 external, note)
            rows.append(base)
            for future_period, (median, lower, upper) in futures:
                withheld = pd.isna(median.get(need_label, np.nan)) and pd.isna(note)
                row = _capacity_row(service_type, need_label, future_period, "projected",
                                    median.get(need_label, np.nan), lower.get(need_label, np.nan),
                                    upper.get(need_label, np.nan), places, unit, external,
                                    small if withheld else note, today=base["per_100"])
                rows.append(row)
    return pd.DataFrame(rows, columns=CAPACITY_COLUMNS)


def _total_plans(grid: pd.DataFrame):
    """All plans (every need, every age) of the published year, with a note when a need's total is withheld."""
    totals = grid[grid["age_band"] == "All"]
    plans = totals["plans"].sum(min_count=len(totals)) if len(totals) else np.nan
    if pd.isna(plans):
        known = totals["plans"].sum()
        return float(known), "excludes needs whose numbers are withheld as small"
    return float(plans), np.nan


def _capacity_row(service_type, need_label, period, kind, plans, lower, upper, places, unit, external, note,
                  today=np.nan) -> dict:
    if len(external):
        benchmark_per_100, benchmark = float(external["benchmark_per_100"].iloc[0]), external["benchmark"].iloc[0]
    elif kind == "projected" and pd.notna(today):
        benchmark_per_100, benchmark = today, "today's ratio"
    else:
        benchmark_per_100, benchmark = np.nan, np.nan
    per_100 = places / plans * 100 if pd.notna(plans) and plans > 0 else np.nan
    needed = benchmark_per_100 / 100 * plans if pd.notna(benchmark_per_100) and pd.notna(plans) else np.nan
    row = {"service_type": service_type, "need": need_label, "period": period, "kind": kind, "plans": plans,
           "plans_lower": lower, "plans_upper": upper, "capacity": places, "capacity_unit": unit, "per_100": per_100,
           "benchmark_per_100": benchmark_per_100, "benchmark": benchmark, "needed": needed,
           "shortfall": needed - places if pd.notna(needed) else np.nan,
           "shortfall_lower": benchmark_per_100 / 100 * lower - places if pd.notna(needed) else np.nan,
           "shortfall_upper": benchmark_per_100 / 100 * upper - places if pd.notna(needed) else np.nan,
           "note": note}
    return row


def _projected_need(bands: pd.DataFrame, projected, every: int) -> list:
    """Projected plans by need (``All`` and each label), each projection year: the band totals times each need's
    share of its band in the published year, rounded and withheld by the projection's own disclosure rule (to its
    ``round_to``; a need whose projected median is below its ``minimum`` withheld, NaN).
    ``[(period, (median, lower_95, upper_95))]`` of dicts need -> plans."""
    projected = disclosure.require_projection(projected)
    frame = projected.frame
    frame = frame[frame["need"].fillna("All") == "All"] if "need" in frame.columns else frame
    # All plans: the projection's own figure for all ages (the median of the total, as its table shows), not the sum
    # of the bands' medians, so one projected figure has one value on the page.
    whole = frame[frame["age_band"] == "All"].set_index("period")
    if not frame["age_band"].isin(AGE_BANDS).any():  # a projection by single year of age: summed into bands
        frame = frame.assign(age_band=frame["age_band"].map(_band)).dropna(subset=["age_band"])
        frame = frame.groupby(["period", "age_band"], as_index=False)[["median", "lower_95", "upper_95"]].sum()
    frame = frame[frame["age_band"].isin(AGE_BANDS)]
    plans = bands.pivot_table(index="age_band", columns="need", values="plans", aggfunc="sum")
    share = plans.div(plans.sum(axis=1), axis=0).fillna(0.0)
    periods = sorted(frame["period"].unique(), key=lambda p: p[:4])
    chosen = [p for i, p in enumerate(periods) if (i + 1) % every == 0 or i == len(periods) - 1]
    out = []
    for period in chosen:
        year = frame[frame["period"] == period].set_index("age_band")
        triple = []
        for column in ("median", "lower_95", "upper_95"):
            band_totals = year[column].reindex(share.index)
            by_need = share.mul(band_totals, axis=0).sum(axis=0)
            values = {"All": float(whole.at[period, column]) if period in whole.index else
                      float(year[column].reindex(list(AGE_BANDS)).sum(min_count=len(AGE_BANDS)))}
            if column == "median":
                median = by_need
            shown = disclosure.round_modelled(by_need, round_to=projected.round_to, minimum=projected.minimum,
                                              by=median)
            values.update(shown.to_dict())
            triple.append(values)
        out.append((period, tuple(triple)))
    return out


def partners(provision_frame: pd.DataFrame) -> pd.DataFrame:
    """Who commissions what: commissioned services by need, service type and commissioning partner, with the needs a
    single partner serves alone where the Code of Practice expects joint commissioning.

    Parameters
    ----------
    provision_frame : pandas.DataFrame
        :func:`provision` (register services; services without partners are left out).

    Returns
    -------
    pandas.DataFrame
        :data:`PARTNER_COLUMNS`: ``services`` (number), ``funding_routes`` joined by ``"; "``, ``joint_expected``
        (the service type is in :data:`jsnakit.sources.commissioning.JOINT_EXPECTED`) and ``single_partner``: True
        on every row of a need x service type that is joint-expected and has exactly one partner across all its
        services, none of them jointly funded or pooled.

    References
    ----------
    SEND Code of Practice: 0 to 25 years (DfE, DH 2015), ch. 3, paras 3.20-3.29 and 3.38-3.40; NHS Act 2006 s.75.
    """
    rows = []
    known = provision_frame.dropna(subset=["partners"])
    for service in known.itertuples(index=False):
        needs = _NEED_LABELS if service.needs == "all" else [n for n in str(service.needs).split("; ")
                                                              if n in _NEED_LABELS]
        for need_label in needs:
            for partner in str(service.partners).split("; "):
                rows.append((need_label, service.service_type, service.domain, partner, service.funding_route))
    long = pd.DataFrame(rows, columns=["need", "service_type", "domain", "partner", "funding_route"])
    if long.empty:
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    out = long.groupby(["need", "service_type", "domain", "partner"], as_index=False, sort=False).agg(
        services=("funding_route", "size"),
        funding_routes=("funding_route", lambda r: "; ".join(sorted(set(r.dropna())))))
    out["joint_expected"] = out["service_type"].isin(JOINT_EXPECTED)
    pair = long.groupby(["need", "service_type"])
    lone = (pair["partner"].nunique() == 1) & pair["funding_route"].agg(lambda r: set(r.dropna()) <= {"single"})
    out["single_partner"] = out["joint_expected"] & np.array(
        [bool(lone.get((n, t), False)) for n, t in zip(out["need"], out["service_type"])], dtype=bool)
    out["order"] = out["need"].map(_need_order)
    out = out.sort_values(["order", "service_type", "partner"]).drop(columns="order")
    return out[PARTNER_COLUMNS].reset_index(drop=True)


def distance(localities_frame, services, provision_frame: pd.DataFrame, *,
             needs=None) -> pd.DataFrame:
    """Straight-line distance from where children live to the nearest service serving each need.

    Parameters
    ----------
    localities_frame : geopandas.GeoDataFrame
        :func:`localities` (population-weighted centroids, EPSG:27700).
    services : geopandas.GeoDataFrame
        :func:`service_points` (located services, in or out of the area).
    provision_frame : pandas.DataFrame
        :func:`provision` (which needs each service serves: naming the need, not "all needs"; the register's
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
    needs = list(needs) if needs is not None else list(_NEED_LABELS)
    provision_frame = _commissioned(provision_frame)
    places = localities_frame.to_crs("EPSG:27700")
    rows = []
    for need_label in needs:
        ids = set(provision_frame.loc[_serves(provision_frame, need_label, specialist=True), "service_id"])
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


def _estimate(localities_frame, grid: pd.DataFrame):
    """Children and young people with an EHC plan by locality, estimated: the area's plans apportioned by residents
    aged 0-24, rounded to :data:`ROUND_ESTIMATE` and withheld below :data:`MINIMUM_ESTIMATE` (a model, not a count)."""
    total, _ = _total_plans(grid)  # grid of every need
    share = localities_frame["population"] / localities_frame["population"].sum()
    raw = share * total
    rounded = disclosure.round_modelled(raw, round_to=ROUND_ESTIMATE, minimum=MINIMUM_ESTIMATE)
    return localities_frame.assign(plans_estimate=rounded.to_numpy())


def analyse(need, provision_frame: pd.DataFrame, *, projected=None, benchmarks: pd.DataFrame | None = None,
            localities_frame=None, services=None, every: int = 1, published_totals: dict | None = None) -> GapAnalysis:
    """Every gap analysis of one area: coverage, capacity and shortfall now and projected, partners, distance.

    Parameters
    ----------
    need : jsnakit.disclosure.Disclosed
        :func:`need_by_age` of the area after :func:`disclose_need`.
    provision_frame : pandas.DataFrame
        :func:`provision`.
    projected : jsnakit.disclosure.Projected, optional
        The area's projection of EHC plans by age band (:func:`jsnakit.disclosure.apply_projection`).
    benchmarks : pandas.DataFrame, optional
        :data:`BENCHMARK_COLUMNS` (:func:`placement_benchmarks`).
    localities_frame : geopandas.GeoDataFrame, optional
        :func:`localities`; with ``services`` gives the distances and the locality estimates.
    services : geopandas.GeoDataFrame, optional
        :func:`service_points`.
    every : int, default 1
        Projection years kept in ``capacity`` (every ``every``-th and the last).
    published_totals : dict, optional
        The area's published plans in all (:func:`published_totals`; see :func:`capacity`).

    Returns
    -------
    GapAnalysis

    Examples
    --------
    See ``tests/test_gaps.py`` (a hand-checked constructed case) and the factsheet workbook.
    """
    disclosed = disclosure.require(need)
    grid = _need_grid(disclosed)
    if grid.empty:
        raise ArgumentError("need must hold EHC plans by primary need and age band (gaps.need_by_age) for one "
                            "area; got no such rows")
    frame = disclosed.frame
    codes = frame["area_code"].unique()
    if len(codes) != 1:
        raise ArgumentError(f"need must hold one area; got {len(codes)}: {sorted(codes)[:5]}")
    near = None
    places = None
    if localities_frame is not None and len(localities_frame):
        places = _estimate(localities_frame, _need_grid(disclosed, every_need=True))
        if services is not None and len(services):
            near = distance(places, services, provision_frame)
    return GapAnalysis(
        area_code=codes[0], area_name=frame["area_name"].iloc[0], period=str(grid["period"].iloc[0]),
        coverage=coverage(disclosed, provision_frame),
        capacity=capacity(disclosed, provision_frame, projected=projected, benchmarks=benchmarks, every=every,
                          published_totals=published_totals),
        partners=partners(provision_frame), provision=provision_frame.copy(), services=services,
        localities=places, distance=near, _token=_MADE_BY_ANALYSE)


def describe_partner(code: str) -> str:
    """A partner code's label (:data:`jsnakit.sources.commissioning.PARTNERS`), or the code itself."""
    return PARTNERS.get(code, code)


def describe_service_type(code: str) -> str:
    """A service type code's label (:data:`jsnakit.sources.commissioning.SERVICE_TYPES`), or the code itself."""
    return SERVICE_TYPES[code][0] if code in SERVICE_TYPES else str(code)



def published_totals(published, area_code: str, period: str) -> dict:
    """The area's EHC plans in all (every need and age) in one period, as the disclosed national frame publishes
    them (SEN2 caseload), for the all-needs totals of :func:`capacity`.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The national frame (:func:`jsnakit.needs.profile.published`).
    area_code : str
        GSS code or DfE number.
    period : str
        The need-by-age period (``"2024/25"``).

    Returns
    -------
    dict
        ``{"All": (plans, note)}`` (empty when the frame does not hold it). Each need's total is left to the
        need-by-age cells rounded to 5 (:func:`disclose_need`): an exact need total beside its age cells would let a
        withheld cell be worked out by difference.
    """
    frame = disclosure.require(published).frame
    code = geography.area(area_code)["area_code"]
    mine = frame[(frame["area_code"] == code) & (frame["period"] == period)]
    out = {}
    total = mine[(mine["indicator"] == "ehc_plans") & (mine["breakdown"] == "All")]
    if len(total):
        out["All"] = (float(total["count"].iloc[0]), total["note"].iloc[0])
    # Each need's total stays the sum of its cells rounded to 5: an exact need total beside its age cells would let
    # a withheld cell be worked out by difference.
    return out


def from_catalog(catalog, area_code: str, *, published, neighbours: pd.DataFrame | None = None, projected=None,
                 every: int = 1) -> tuple[GapAnalysis | None, list[str]]:
    """The gap analysis of one area from whatever a data folder holds, for the factsheet.

    Uses the commissioning register and the area's Local Offer (either may be missing), SEN2 plans by need and age,
    the area's boundary, population-weighted centroids and Census ages for distances, and the placement
    benchmarks. A bad Local Offer or register is reported, not fatal: the analysis goes on with what is usable.

    Parameters
    ----------
    catalog : jsnakit.catalog.Catalog
        The data folder.
    area_code : str
        GSS code or DfE LA number.
    published : jsnakit.disclosure.Disclosed
        The national disclosed frame (:func:`jsnakit.needs.profile.published`): benchmarks and the disclosure rules.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (benchmark: their median).
    projected : jsnakit.disclosure.Projected, optional
        The area's disclosed projection of EHC plans.
    every : int, default 1
        Projection years kept (see :func:`capacity`).

    Returns
    -------
    (GapAnalysis or None, list of str)
        The analysis (None when the folder holds no provision for the area, or no plans by need and age) and the
        problems met, one sentence each (bad records, a Local Offer that could not be read, a missing input).
    """
    code = geography.area(area_code)["area_code"]
    notes: list[str] = []
    register = offer = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if catalog.has("commissioning_register"):
            try:
                register = catalog.load("commissioning_register")
            except InputError as error:
                notes.append(f"The commissioning register could not be read: {error}")
        if catalog.has("local_offer"):
            try:
                offer = catalog.local_offer(code)
            except InputError as error:
                notes.append(f"The Local Offer could not be read, so services, their needs and locations come from "
                             f"the commissioning register alone: {error}")
    notes += [str(w.message) for w in caught
              if issubclass(w.category, (register_.RegisterWarning, local_offer_.LocalOfferWarning))]
    if register is not None and not (register["area_code"] == code).any():
        register = None
    if register is None and offer is None:
        # Nothing of this area's: only a register that cannot be read concerns it, not other areas' Local Offers.
        return None, [n for n in notes if n.startswith("The commissioning register could not be read")]
    if not usable(catalog, "ehc_needs_by_age"):
        notes.append("No readable SEN2 file of EHC plans by primary need and age (sen_needs_all_plans.csv): no gap "
                     "analysis.")
        return None, notes
    need = published_need(catalog, code, rules=published.rules)
    if not len(need):
        notes.append("The SEN2 file holds no EHC plans by primary need and age for this area: no gap analysis.")
        return None, notes
    provided = provision(register, code, local_offer=offer)
    boundary = None
    if usable(catalog, "boundaries"):
        shapes = catalog.load("boundaries")
        boundary = shapes[shapes["area_code"] == code]
    services = service_points(provided, offer, boundary) if offer is not None else None
    places = None
    if boundary is not None and len(boundary) and usable(catalog, "centroids") and usable(catalog, "census_age"):
        places = localities(catalog.load("centroids"), catalog.load("census_age"), boundary)
    benchmarks = placement_benchmarks(published, code, neighbours=neighbours)
    period = str(_need_grid(need)["period"].iloc[0])
    result = analyse(need, provided, projected=projected, benchmarks=benchmarks, localities_frame=places,
                     services=services, every=every, published_totals=published_totals(published, code, period))
    return result, notes
