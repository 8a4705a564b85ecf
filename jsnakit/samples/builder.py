"""How one gap-mapping area's Local Offer is drawn: a :class:`Builder` makes its organisations, sites and services
(:class:`Service`) from the area's own random stream, and keeps the planted gaps whatever the catalogue says."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .common import transformer
from .gap_areas import ALL_NEED_CODES, ALL_NEEDS, NO_NEED_FROM_AGE, NO_NEED_NORTH, GapArea, Place
from .latent import SEN2_NEEDS, Latent

__all__ = ["Service", "Builder"]


@dataclass
class Service:
    """One service of a sample Local Offer (and its commissioning, if any)."""

    service_type: str
    name: str
    org: str
    needs: tuple  # need codes, or ("all",)
    ages: tuple  # (youngest, oldest), years
    sites: tuple  # site specs: "@Place" (the organisation's own site there), "hub:Name", "out:key", "org:Name"
    partners: tuple = ()  # () = not commissioned
    route: str = ""
    capacity: float | None = None
    unit: str = ""
    notes: str = ""
    id: str = ""
    location_ids: tuple = ()


class Builder:
    """Draws one area's Local Offer: organisations, sites and services, from the area's own random stream.

    Parameters
    ----------
    area : GapArea
        The area, one of :data:`jsnakit.samples.gap_areas.GAP_AREAS`.
    latent : jsnakit.samples.latent.Latent
        The latent table: the area's EHC plans by primary need (January 2025) size its services, and its seed
        starts the area's random stream (``latent.rng("local_offer:<code>")``).
    polygon : shapely.Polygon or shapely.MultiPolygon
        The area's boundary in EPSG:27700; its sites are drawn inside it.

    Attributes
    ----------
    orgs, sites : dict
        The organisations and sites made so far, by key.
    services : list of Service
        The services added so far, in order.
    plans : dict
        The area's EHC plans by SEN2 need code.
    """

    def __init__(self, area: GapArea, latent: Latent, polygon):
        self.area = area
        self.rng = latent.rng(f"local_offer:{area.code}")
        self.polygon = polygon  # EPSG:27700
        self.inner = polygon.buffer(-100.0)
        self.to_grid = transformer(4326, 27700)
        i = int(np.flatnonzero(latent.las["area_code"].to_numpy() == area.code)[0])
        needs = latent.sen2_needs[-1, i].sum(axis=0)  # EHC plans by primary need, January 2025
        self.plans = {code: int(n) for code, n in zip(SEN2_NEEDS, needs)}
        self.total_plans = int(needs.sum())
        self.scale = self.total_plans / 4500.0
        self.places = {p.name: p for p in area.places}
        self.orgs: dict[str, dict] = {}
        self.sites: dict[str, dict] = {}
        self.services: list[Service] = []
        self.used_names: set[str] = set()
        for key, name in (("la", area.council), ("community", area.community_trust),
                          ("mh", area.mental_health_trust)):
            self.org(name, key=key)

    # --- helpers -----------------------------------------------------------------------------------------------

    def uuid(self) -> str:
        """Draw the next id from the area's random stream.

        Returns
        -------
        str
            A version-4 UUID.
        """
        import uuid

        return str(uuid.UUID(bytes=self.rng.bytes(16), version=4))

    def org(self, name: str, *, key: str | None = None, description: str | None = None) -> str:
        """The key of an organisation, making it when it is new.

        Parameters
        ----------
        name : str
            Its name.
        key : str, optional
            Its key (default: the name); ``"la"``, ``"community"`` and ``"mh"`` are the council and the NHS trusts.
        description : str, optional
            Its description (default: one written from its name).

        Returns
        -------
        str
            The key, for :attr:`Service.org`.
        """
        key = key or name
        if key not in self.orgs:
            slug = "".join(ch for ch in name.lower() if ch.isalnum() or ch == " ").split()
            self.orgs[key] = {"name": name, "slug": "-".join(slug[:4]), "description": description or _describe_org(
                name, self.area)}
        return key

    def capacity(self, base: float, step: int = 5) -> float:
        """``base`` (for an area of 4,500 EHC plans) scaled to the area's plans, varied by +-15%, rounded.

        Parameters
        ----------
        base : float
            The capacity for an area of 4,500 EHC plans.
        step : int, default 5
            Rounded to a multiple of this, and at least this.

        Returns
        -------
        float
            The capacity drawn.
        """
        value = base * self.scale * float(np.exp(self.rng.normal(0.0, 0.08)))
        return float(max(step, step * round(value / step)))

    def pick_place(self, needs=()) -> str:
        """A place drawn by weight; never a "north" place for a need barred there.

        Parameters
        ----------
        needs : tuple of str, default ()
            The needs of the service to stand there (need codes, or ``(ALL_NEEDS,)``).

        Returns
        -------
        str
            The place's name.
        """
        allowed = [p for p in self.area.places if not self._barred_north(needs, p)]
        weights = np.array([p.weight for p in allowed])
        return allowed[int(self.rng.choice(len(allowed), p=weights / weights.sum()))].name

    def _barred_north(self, needs, place: Place) -> bool:
        barred = NO_NEED_NORTH.get(self.area.code, set())
        return place.north and bool(barred) and (ALL_NEEDS in needs or bool(barred & set(needs)))

    def unique(self, name: str) -> bool:
        """Claim a service name.

        Parameters
        ----------
        name : str
            The name.

        Returns
        -------
        bool
            True when no service had it yet (it is now taken), False when one had.
        """
        if name in self.used_names:
            return False
        self.used_names.add(name)
        return True

    def add(self, service: Service) -> Service:
        """Add a service, dropping the needs the planted gaps bar from its ages.

        Parameters
        ----------
        service : Service
            The service; its name must be new to the area.

        Returns
        -------
        Service
            The service as added.

        Raises
        ------
        ValueError
            When another service of the area has the same name.
        """
        service = self._apply_rules(service)
        if not self.unique(service.name):
            raise ValueError(f"sample Local Offer of {self.area.name}: two services named {service.name!r}")
        self.services.append(service)
        return service

    def _apply_rules(self, service: Service) -> Service:
        """The planted gaps, made to hold whatever the catalogue says: needs barred from an age are dropped."""
        rule = NO_NEED_FROM_AGE.get(self.area.code)
        if rule and service.ages[1] >= rule[1]:
            needs = ALL_NEED_CODES if service.needs == (ALL_NEEDS,) else service.needs
            kept = tuple(n for n in needs if n not in rule[0])
            service.needs = kept if kept != ALL_NEED_CODES else (ALL_NEEDS,)
        return service

    # --- sites ---------------------------------------------------------------------------------------------------

    def site_point(self, place: Place, spread_m: float):
        """A point near a place, inside the area (100 m in from its boundary), in EPSG:27700.

        Parameters
        ----------
        place : Place
            The place.
        spread_m : float
            Standard deviation of the point around the place's centre, metres.

        Returns
        -------
        tuple of float
            Easting and northing.

        Raises
        ------
        ValueError
            When 400 draws found no point inside the area.
        """
        import shapely

        x0, y0 = self.to_grid.transform(place.lon, place.lat)
        for _ in range(400):
            x, y = x0 + self.rng.normal(0.0, spread_m), y0 + self.rng.normal(0.0, spread_m)
            if self.inner.contains(shapely.Point(x, y)):
                return x, y
        raise ValueError(f"no point found near {place.name} inside {self.area.name}")

    def address(self, place_name: str, town: str | None = None, district: str | None = None) -> dict:
        """An invented street address in a place.

        Parameters
        ----------
        place_name : str
            The place.
        town : str, optional
            The post town (default: the area's, else the place's name).
        district : str, optional
            The postcode district (default: one of the place's).

        Returns
        -------
        dict
            ``address_1``, ``city`` and ``postal_code``.
        """
        street = self.area.streets[int(self.rng.integers(len(self.area.streets)))]
        number = int(self.rng.integers(1, 180))
        place = self.places.get(place_name)
        district = district or place.postcodes[int(self.rng.integers(len(place.postcodes)))]
        inward = f"{int(self.rng.integers(1, 10))}{'ABDEFGHJLNPQRSTUWXYZ'[int(self.rng.integers(20))]}" \
                 f"{'ABDEFGHJLNPQRSTUWXYZ'[int(self.rng.integers(20))]}"
        city = town or self.area.post_town or place_name
        return {"address_1": f"{number} {street}", "city": city, "postal_code": f"{district} {inward}"}

    def site(self, spec: str, org_key: str) -> str:
        """The site key of a spec, making the site when it is new.

        Parameters
        ----------
        spec : str
            ``"@Place"`` (the organisation's own site there), ``"org:Name"`` (an organisation's own site, made
            before), ``"hub:Name"`` (a community health or children's centre) or ``"out:key"`` (a place in the next
            areas).
        org_key : str
            The organisation whose own site ``"@Place"`` is.

        Returns
        -------
        str
            The key in :attr:`sites`.

        Raises
        ------
        ValueError
            For an unknown spec, or an ``"org:"`` site not made yet.
        """
        if spec.startswith("@"):
            key = f"own:{org_key}"
            if key not in self.sites:
                place = self.places[spec[1:]]
                x, y = self.site_point(place, 350.0 if self.area.post_town else 600.0)
                self.sites[key] = {"name": self.orgs[org_key]["name"], "x": x, "y": y, "place": place.name,
                                   "north": place.north, **self.address(place.name)}
            return key
        if spec.startswith("org:"):
            key = f"own:{spec[4:]}"
            if key not in self.sites:
                raise ValueError(f"site {spec} used before the organisation's own site is made")
            return key
        if spec.startswith("hub:"):
            name = spec[4:]
            key = f"hub:{name}"
            if key not in self.sites:
                place = self.places[dict(self.area.hubs)[name]]
                x, y = self.site_point(place, 250.0 if self.area.post_town else 400.0)
                self.sites[key] = {"name": name, "x": x, "y": y, "place": place.name, "north": place.north,
                                   **self.address(place.name)}
            return key
        if spec.startswith("out:"):
            key = spec
            if key not in self.sites:
                name, lon, lat, town, district = self.area.outside[spec[4:]]
                x, y = self.to_grid.transform(lon, lat)
                self.sites[key] = {"name": name, "x": x, "y": y, "place": None, "north": False,
                                   "address_1": f"{int(self.rng.integers(1, 90))} {town} Road", "city": town,
                                   "postal_code": f"{district} {int(self.rng.integers(1, 10))}RF"}
            return key
        raise ValueError(f"unknown site spec {spec!r}")

    def hubs(self, needs, which=None) -> tuple:
        """Hub specs for a service (all hubs, or the first ``which``), leaving out "north" hubs barred for its needs.

        Parameters
        ----------
        needs : tuple of str
            The service's needs.
        which : int, optional
            How many hubs, first first (default: all).

        Returns
        -------
        tuple of str
            ``"hub:Name"`` specs, for :attr:`Service.sites`.
        """
        hubs = [name for name, place in self.area.hubs if not self._barred_north(needs, self.places[place])]
        return tuple(f"hub:{h}" for h in (hubs if which is None else hubs[:which]))


def _describe_org(name: str, area: GapArea) -> str:
    if name == area.council:
        return f"The local authority for {area.name}: education, children's social care and public health."
    if "NHS" in name:
        return f"NHS provider of children's community and mental health services in and around {area.name}."
    if any(word in name for word in ("School", "Academy", "College")):
        return f"Education provider listed in the {area.name} Local Offer."
    return f"Voluntary or independent organisation offering services in the {area.name} Local Offer."
