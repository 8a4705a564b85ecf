"""The sample Local Offers of the gap-mapping areas, as Open Referral UK 3.0 CSV tables (:func:`write_local_offers`),
and the commissioning register of the same services (:func:`write_commissioning_register`)."""
from __future__ import annotations

from pathlib import Path

from .builder import Service
from .catalogue import REGISTER_ONLY
from .common import atomic_write, csv_bytes, transformer
from .gap_areas import ALL_NEEDS, PROVISION_AREAS, GapArea
from .latent import Latent
from .provision import boundary_source, drawn_provision

__all__ = ["LOCAL_OFFER_DIR", "LOCAL_OFFER_HEADERS", "REGISTER_FILE", "REGISTER_HEADER", "write_local_offers",
           "write_commissioning_register"]

LOCAL_OFFER_DIR = "local_offer/{code}"
REGISTER_FILE = "commissioning/commissioning_register.csv"

#: The Open Referral UK 3.0 CSV tables of a Local Offer, each with the header of the OR UK example tables
#: (uk-profile ``examples/csv``).
LOCAL_OFFER_HEADERS = {
    "services.csv": ["id", "organization_id", "name", "description", "url", "email", "status", "fees",
                     "accreditations", "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert",
                     "last_modified"],
    "organizations.csv": ["id", "name", "description", "email", "website", "logo", "uri", "parent_organization_id"],
    "locations.csv": ["id", "location_type", "name", "description", "latitude", "longitude", "external_identifier",
                      "external_identifier_type"],
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "address.csv": ["id", "location_id", "attention", "address_1", "city", "region", "state_province",
                    "postal_code", "country", "address_type"],
    "taxonomy_terms.csv": ["id", "name", "description", "parent_id", "taxonomy", "taxonomy_id", "term_uri", "term"],
    "attribute.csv": ["id", "link_id", "taxonomy_term_id", "link_type"],
    "service_areas.csv": ["id", "service_id", "name", "extent", "extent_type", "uri", "service_area"],
}
#: Header of jsnakit's commissioning register (:func:`jsnakit.sources.commissioning.read_commissioning_register`).
REGISTER_HEADER = ["area_code", "service_id", "service_name", "service_type", "partners", "funding_route", "capacity",
                   "capacity_unit", "needs", "age_from", "age_to", "notes"]
_STATISTICAL_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"

_NEED_WORDS = {"asd": "autism", "slcn": "speech, language and communication needs",
               "semh": "social, emotional and mental health needs", "mld": "moderate learning difficulties",
               "sld": "severe learning difficulties", "pmld": "profound and multiple learning difficulties",
               "spld": "specific learning difficulties", "pd": "physical disabilities", "hi": "hearing impairment",
               "vi": "vision impairment", "msi": "multi-sensory impairment", "oth": "complex health needs"}


def _needs_text(needs: tuple) -> str:
    if needs == (ALL_NEEDS,):
        return "any special educational need or disability"
    words = [_NEED_WORDS[n] for n in needs]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _slug(text: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
    return "-".join(words)


def _describe_service(service: Service, area: GapArea) -> str:
    from ..sources.commissioning import SERVICE_TYPES

    label = SERVICE_TYPES[service.service_type][0]
    low, high = service.ages
    text = (f"{label} for children and young people aged {low} to {high} with {_needs_text(service.needs)}"
            f" in {area.name}.")
    if not service.location_ids:
        text += " Staff visit families at home; there is no base to visit."
    if service.partners:
        text += " Commissioned by the local area partnership."
    return text


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def write_local_offers(out: Path, latent: Latent, *, boundaries=None) -> list[Path]:
    """Write a synthetic Local Offer for each gap-mapping sample area, as Open Referral UK 3.0 CSV tables.

    ``local_offer/<GSS code>/``: ``services.csv``, ``organizations.csv``, ``locations.csv``,
    ``service_at_location.csv``, ``address.csv``, ``taxonomy_terms.csv``, ``attribute.csv`` and
    ``service_areas.csv``, each with the header of the OR UK 3.0 example tables (uk-profile ``examples/csv``), UTF-8,
    CRLF. Ids are version-4 UUIDs drawn from the area's own random stream. Services carry taxonomy terms through
    ``attribute.csv`` (``link_type`` ``taxonomy``): their needs from the LGA needs list (vocabulary ``esdNeeds``,
    the names each area happens to use, e.g. "Autism" or "Autistic spectrum disorder") and their service type
    (vocabulary ``jsnakit``, term = the code, name = the label); one service area each, the LA's statistical
    geography URI. Every service has a location (the area's points, or a few schools and colleges in the next
    areas) except one visiting service per area (its Portage service), which
    :func:`jsnakit.sources.provision.read_local_offer` reports with a ``LocalOfferWarning`` (intended).

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent` (the EHC plans size the special schools).
    boundaries : path, optional
        As for :func:`~jsnakit.samples.localities.write_localities`.

    Returns
    -------
    list of pathlib.Path
        The files written, eight per area.

    Examples
    --------
    >>> paths = write_local_offers(Path("data_samples"), build_latent())  # doctest: +SKIP
    >>> from jsnakit.sources.provision import read_local_offer
    >>> len(read_local_offer("data_samples/local_offer/E09000019").services)  # doctest: +SKIP
    90
    """
    _, provision = drawn_provision(latent, boundary_source(out, boundaries))
    written = []
    for code in PROVISION_AREAS:
        p = provision[code]
        area = p.area
        folder = Path(out) / LOCAL_OFFER_DIR.format(code=code)
        site_slug = _slug(area.name)
        tables: dict[str, list[list[str]]] = {name: [] for name in LOCAL_OFFER_HEADERS}
        for key, org in p.orgs.items():
            oid = p.ids["org", key]
            tables["organizations.csv"].append([oid, org["name"], org["description"], f"info@{org['slug']}.example",
                                                f"https://{org['slug']}.example", "", "", ""])
        for key, site in p.sites.items():
            lon, lat = _to_wgs84(site["x"], site["y"])
            lid = p.ids["location", key]
            tables["locations.csv"].append([lid, "physical", site["name"], "", f"{lat:.6f}", f"{lon:.6f}", "", ""])
            tables["address.csv"].append([p.ids["address", key], lid, "", site["address_1"], site["city"], "", "",
                                          site["postal_code"], "GB", "physical"])
        for (vocabulary, term_code), (tid, name, taxonomy, term) in p.terms.items():
            what = "LGA needs list (esd.org.uk)" if vocabulary == "esdNeeds" else "jsnakit service type"
            tables["taxonomy_terms.csv"].append([tid, name, what, "", taxonomy, "", "", term])
        for service in p.services:
            sid = service.id
            assured = f"2025-{int(sid[2:4], 16) % 6 + 1:02d}-{int(sid[:2], 16) % 28 + 1:02d}"
            org = p.orgs[service.org]
            tables["services.csv"].append([
                sid, p.ids["org", service.org], service.name, _describe_service(service, area),
                f"https://localoffer.{site_slug}.example/services/{_slug(service.name)}",
                f"info@{org['slug']}.example", "active", "",
                "", str(service.ages[0]), str(service.ages[1]), assured, f"localoffer@{site_slug}.example", "",
                f"{assured}T09:00:00Z"])
            for key in service.location_ids:
                tables["service_at_location.csv"].append([p.ids["service_at_location", sid, key], sid,
                                                          p.ids["location", key]])
            for term in [("jsnakit", service.service_type)] + [("esdNeeds", n) for n in service.needs]:
                tables["attribute.csv"].append([p.ids["attribute", sid, term], sid, p.terms[term][0], "taxonomy"])
            tables["service_areas.csv"].append([p.ids["service_area", sid], sid, area.name, "", "",
                                                _STATISTICAL_GEOGRAPHY + code, area.name])
        for name, header in LOCAL_OFFER_HEADERS.items():
            written.append(atomic_write(folder / name, csv_bytes(header, tables[name], bom=False, crlf=True)))
    return written


def _to_wgs84(x: float, y: float) -> tuple[float, float]:
    lon, lat = transformer(27700, 4326).transform(x, y)
    return float(lon), float(lat)


def _register_rows(provision: dict) -> list[list[str]]:
    rows = []
    for code in PROVISION_AREAS:
        p = provision[code]
        for service in p.services:
            if not service.partners:
                continue
            blank_needs = int(service.id[-2:], 16) % 4 == 0  # about a quarter: needs from the Local Offer's terms
            blank_ages = int(service.id[-4:-2], 16) % 5 == 0  # about a fifth: ages from the Local Offer
            needs = "" if blank_needs else ";".join(service.needs)
            ages = ["", ""] if blank_ages else [str(service.ages[0]), str(service.ages[1])]
            rows.append([code, service.id, service.name, service.service_type, ";".join(service.partners),
                         service.route, _number_text(service.capacity), service.unit, needs, *ages, service.notes])
        for kind, name, partners, route, capacity, unit, needs, ages, notes in REGISTER_ONLY[code]:
            rows.append([code, "", name, kind, ";".join(partners), route, _number_text(capacity), unit,
                         ";".join(needs), str(ages[0]), str(ages[1]), notes])
    return rows


def write_commissioning_register(out: Path, latent: Latent, *, boundaries=None) -> Path:
    """Write ``commissioning/commissioning_register.csv``: what the partners of the three sample areas commission.

    jsnakit's commissioning register (:func:`jsnakit.sources.commissioning.read_commissioning_register`), UTF-8, LF:
    one row per commissioned service of the sample Local Offers (``service_id`` its OR UK id; the voluntary groups
    and independent practices no partner pays for are left out), then a few commissioned services that are not in
    the Local Offer (blank ``service_id``: spot-purchased placements, continuing care, direct payments). Partners,
    funding routes, capacities (places, caseload or hours a year), needs and ages as drawn for the Local Offer;
    ``needs`` is left blank in about a quarter of the rows and the ages in about a fifth, for the reader to take
    from the Local Offer. The gaps of :data:`~jsnakit.samples.gap_areas.PLANTED_GAPS` hold in the register as in
    the Local Offers.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.
    boundaries : path, optional
        As for :func:`~jsnakit.samples.localities.write_localities`.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> write_commissioning_register(Path("data_samples"), build_latent())  # doctest: +SKIP
    PosixPath('data_samples/commissioning/commissioning_register.csv')
    """
    _, provision = drawn_provision(latent, boundary_source(out, boundaries))
    data = csv_bytes(REGISTER_HEADER, _register_rows(provision), bom=False, crlf=False)
    return atomic_write(Path(out) / REGISTER_FILE, data)
