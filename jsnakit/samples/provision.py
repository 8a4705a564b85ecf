"""The drawn provision of the gap-mapping areas (:func:`drawn_provision`): each area's Local Offer and commissioning,
with sites and ids (:class:`AreaProvision`), checked against the planted gaps; and the boundaries they are drawn in
(:func:`boundary_source`, :func:`area_polygons`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .boundaries import BOUNDARY_FILE
from .builder import Builder
from .catalogue import draw_catalogue
from .common import DEFAULT_OUT
from .gap_areas import ALL_NEED_CODES, ALL_NEEDS, GAP_AREAS, NO_NEED_FROM_AGE, NO_NEED_NORTH, PROVISION_AREAS, GapArea
from .latent import Latent

__all__ = ["AreaProvision", "drawn_provision", "boundary_source", "area_polygons"]


@dataclass
class AreaProvision:
    """One gap-mapping area's drawn Local Offer and commissioning: its organisations, sites (points in EPSG:27700)
    and services (:class:`jsnakit.samples.builder.Service`), its EHC plans by need, the taxonomy terms its services
    use and every other id drawn for its tables."""

    area: GapArea
    orgs: dict
    sites: dict
    services: list
    plans: dict
    terms: dict  # term key -> (id, name, taxonomy, term)
    ids: dict  # other ids drawn: ("org", key), ("location", site), ...


def _build_provision(area: GapArea, latent: Latent, polygon) -> AreaProvision:
    """Draw an area's Local Offer and commissioning: the services, their sites (points in EPSG:27700) and ids."""
    b = Builder(area, latent, polygon)
    draw_catalogue(b)
    # venues of clubs and private practices: one site each, near a place
    for service in b.services:
        resolved = []
        for spec in service.sites:
            if spec.startswith("venue:"):
                place = b.places[spec[6:]]
                key = f"venue:{service.name}"
                x, y = b.site_point(place, 350.0 if area.post_town else 600.0)
                venue = (service.name.split(" at ")[-1] if " at " in service.name
                         else f"{b.orgs[service.org]['name']}, {place.name}")
                b.sites[key] = {"name": venue, "x": x, "y": y, "place": place.name, "north": place.north,
                                **b.address(place.name)}
                resolved.append(key)
            else:
                resolved.append(b.site(spec, service.org))
        service.location_ids = tuple(resolved)
    _check_planted(area, b)
    ids = {}
    for key in b.orgs:
        ids["org", key] = b.uuid()
    for key in b.sites:
        ids["location", key] = b.uuid()
        ids["address", key] = b.uuid()
    terms = {}
    used = set()
    for service in b.services:
        service.id = b.uuid()
        used.add(("jsnakit", service.service_type))
        used.update(("esdNeeds", n) for n in service.needs)
    for vocabulary, code in sorted(used, key=lambda t: (t[0] != "esdNeeds", _TERM_ORDER.get(t[1], 99), t[1])):
        if vocabulary == "esdNeeds":
            name = area.need_terms[code]
            terms[vocabulary, code] = (b.uuid(), name, "esdNeeds", name)
        else:
            terms[vocabulary, code] = (b.uuid(), _service_type_label(code), "jsnakit", code)
    for service in b.services:
        for spec in service.location_ids:
            ids["service_at_location", service.id, spec] = b.uuid()
        for key in [("jsnakit", service.service_type)] + [("esdNeeds", n) for n in service.needs]:
            ids["attribute", service.id, key] = b.uuid()
        ids["service_area", service.id] = b.uuid()
    return AreaProvision(area, b.orgs, b.sites, b.services, b.plans, terms, ids)


_TERM_ORDER = {code: i for i, code in enumerate((ALL_NEEDS,) + ALL_NEED_CODES)}


def _service_type_label(code: str) -> str:
    from ..sources.commissioning import SERVICE_TYPES

    return SERVICE_TYPES[code][0]


def _check_planted(area: GapArea, b: Builder) -> None:
    """Refuse to write an area whose catalogue breaks its planted gaps (a guard for whoever edits the catalogue)."""
    rule = NO_NEED_FROM_AGE.get(area.code)
    barred_north = NO_NEED_NORTH.get(area.code, set())
    for service in b.services:
        if rule and service.ages[1] >= rule[1] and (service.needs == (ALL_NEEDS,) or set(service.needs) & rule[0]):
            raise ValueError(f"{area.name}: {service.name} breaks the planted gap {rule}")
        if barred_north and (service.needs == (ALL_NEEDS,) or set(service.needs) & barred_north):
            for key in service.location_ids:
                if b.sites[key]["north"]:
                    raise ValueError(f"{area.name}: {service.name} stands in the north ({b.sites[key]['place']})")
        if area.code == "E09000019" and service.service_type in ("special_school", "resourced_provision") and (
                "semh" in service.needs or service.needs == (ALL_NEEDS,)):
            raise ValueError(f"{area.name}: {service.name} gives SEMH specialist places")
    for key, site in b.sites.items():
        import shapely

        inside = b.polygon.contains(shapely.Point(site["x"], site["y"]))
        if inside != (not key.startswith("out:")):
            raise ValueError(f"{area.name}: site {site['name']} is {'in' if inside else 'out of'} the area")


# --- the boundaries the areas are drawn in ---------------------------------------------------------------------------

def boundary_source(out: Path, boundaries) -> Path:
    """The boundary file the localities and services are drawn in: ``boundaries`` when given, else the one in
    ``out`` when it holds the sample areas, else the committed one in :data:`DEFAULT_OUT` (in a source checkout)
    or in ``data_samples/`` under the working folder (when jsnakit is installed, not run from its checkout).

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder being written.
    boundaries : path or None
        The CTYUA boundary GeoJSON asked for, if any.

    Returns
    -------
    pathlib.Path
        The boundary file to use.
    """
    if boundaries is not None:
        return Path(boundaries)
    candidate = Path(out) / BOUNDARY_FILE
    try:
        with open(candidate, "rb") as handle:
            head = handle.read(1 << 20)
        if all(code.encode() in head for code in PROVISION_AREAS):
            return candidate
    except OSError:
        pass
    installed = Path.cwd() / "data_samples" / BOUNDARY_FILE
    return DEFAULT_OUT / BOUNDARY_FILE if (DEFAULT_OUT / BOUNDARY_FILE).exists() or not installed.exists() \
        else installed


def area_polygons(path: Path) -> dict:
    """The sample areas' boundaries in EPSG:27700, by GSS code.

    Parameters
    ----------
    path : pathlib.Path
        A CTYUA December 2023 boundary GeoJSON (property ``CTYUA23CD``).

    Returns
    -------
    dict
        GSS code of each of :data:`PROVISION_AREAS` -> its (multi)polygon.

    Raises
    ------
    ValueError
        When the file lacks one of the sample areas.
    """
    import geopandas as gpd

    frame = gpd.read_file(path)
    frame = frame[frame["CTYUA23CD"].isin(PROVISION_AREAS)].to_crs(27700)
    polygons = dict(zip(frame["CTYUA23CD"], frame.geometry))
    missing = [code for code in PROVISION_AREAS if code not in polygons]
    if missing:
        raise ValueError(f"boundary file {path} lacks the sample areas {missing}")
    return polygons


_PROVISION_CACHE: dict = {}


def drawn_provision(latent: Latent, boundaries: Path) -> tuple[dict, dict]:
    """Polygons and the drawn provision of the three areas (drawn once per seed and boundary file).

    Parameters
    ----------
    latent : jsnakit.samples.latent.Latent
        The latent table (its seed and the areas' EHC plans).
    boundaries : pathlib.Path
        The boundary file (:func:`boundary_source`).

    Returns
    -------
    tuple of dict
        The areas' polygons (:func:`area_polygons`) and their :class:`AreaProvision`, both by GSS code. The last
        result is kept and given again while the seed and the boundary file are unchanged.
    """
    stat = boundaries.stat()
    key = (latent.seed, str(boundaries.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _PROVISION_CACHE:
        polygons = area_polygons(boundaries)
        provision = {code: _build_provision(GAP_AREAS[code], latent, polygons[code]) for code in PROVISION_AREAS}
        _PROVISION_CACHE.clear()
        _PROVISION_CACHE[key] = (polygons, provision)
    return _PROVISION_CACHE[key]
