"""Reading Open Referral UK 3.0 JSON into a :class:`~jsnakit.sources.oruk_records.RecordBuilder`: one full service
(``/services/{id}``), a paginated response, a list of records, a service-at-location, an organization with its
services, a taxonomy with its terms or a taxonomy term, each told apart by its keys (the API's responses do not say
what they hold).
"""
from __future__ import annotations

import json
from pathlib import Path

from .oruk_records import RecordBuilder, Where
from .oruk_schema import (ADDRESS, LOCATION, LOCATION_NESTED, ORGANIZATION, SERVICE, SERVICE_NESTED, TAXONOMY,
                          TAXONOMY_NESTED, TERM, fields_of, normal_status, service_area, text_of)

__all__ = ["read_json_file"]


def read_json_file(build: RecordBuilder, path: Path) -> None:
    """Read one OR UK JSON file into ``build``: every record checked, kept and linked.

    Parameters
    ----------
    build : jsnakit.sources.oruk_records.RecordBuilder
        The Local Offer being read (several files may be read into one).
    path : pathlib.Path
        A JSON file holding one record, a list of records or a paginated response (``{"contents": [...],
        "total_items": ...}``); UTF-8 (with or without BOM) or Latin-1.

    Notes
    -----
    Nothing is raised here: a file that cannot be read or parsed, a record of the wrong shape and a bad field are
    failures in ``build``, raised together by :meth:`~jsnakit.sources.oruk_records.RecordBuilder.finish`. The
    records are told apart by their keys (the API's responses do not say what they hold).
    """
    doc = _load_json(build, path)
    if doc is _BAD:
        return
    here = Where(path, None)
    if isinstance(doc, list):
        records = [(f"[{i}]", item) for i, item in enumerate(doc)]
    elif isinstance(doc, dict) and "contents" in doc:
        if not isinstance(doc["contents"], list):
            build.fail(here, "contents", "a list of records (a paginated OR UK response)",
                       type(doc["contents"]).__name__)
            return
        records = [(f"contents[{i}]", item) for i, item in enumerate(doc["contents"])]
        total = doc.get("total_items")
        if isinstance(total, int) and records and all(_kind(r) == "service" for _, r in records):
            build.announced.append((path.name, total))
    elif isinstance(doc, dict):
        records = [(None, doc)]
    else:
        build.fail(here, None, "an OR UK record, a list of records or a paginated response", doc)
        return
    for row, record in records:
        where = Where(path, row)
        kind = _kind(record)
        if kind is None:
            build.fail(where, None, "an OR UK record (a JSON object)", record)
        elif kind == "service":
            _json_service(build, record, where)
        elif kind == "service_at_location":
            _json_service_at_location(build, record, where)
        elif kind == "organization":
            _json_organization(build, record, where)
        elif kind == "taxonomy":
            build.check(TAXONOMY_NESTED, record, where)
            _json_taxonomy(build, record, where)
        elif kind == "taxonomy_term":
            build.check(TERM, record, where)
            build.add("terms", text_of(record.get("id")), fields_of(record, TERM), where, strict=False,
                      what="taxonomy term")


_BAD = object()


def _load_json(build: RecordBuilder, path: Path):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        build.fail(Where(path, None), None, "a readable file", str(exc))
        return _BAD
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if not text.strip():
        build.fail(Where(path, None), None, "valid JSON", "an empty file")
        return _BAD
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        build.fail(Where(path, None), None, "valid JSON", f"{exc.msg} at line {exc.lineno}, column {exc.colno}")
        return _BAD


def _kind(record) -> str | None:
    """What an OR UK JSON record is, from its keys (the API's responses do not say)."""
    if not isinstance(record, dict):
        return None
    keys = set(record)
    if isinstance(record.get("service"), dict) or ({"service_id", "location_id"} <= keys and "name" not in keys):
        return "service_at_location"
    if "services" in keys:
        return "organization"
    service_keys = {"status", "service_at_locations", "minimum_age", "maximum_age", "organization", "organization_id"}
    if keys & service_keys:
        return "service"
    if "taxonomy_terms" in keys or "version" in keys:
        return "taxonomy"
    if keys & {"term", "code", "parent_id", "taxonomy", "taxonomy_id", "term_uri"}:
        return "taxonomy_term"
    if keys & {"website", "logo", "organization_identifiers", "parent_organization_id"}:
        return "organization"
    return "service"


def _json_service(build: RecordBuilder, record: dict, where: Where, organization_id=None) -> None:
    build.check(SERVICE_NESTED, record, where)
    sid = text_of(record.get("id"))
    row = fields_of(record, SERVICE)
    row["status"] = normal_status(row.get("status"))
    row["source"] = where.file
    org = record.get("organization")
    if isinstance(org, dict):
        org_id = text_of(org.get("id"))
        build.add("organizations", org_id, fields_of(org, ORGANIZATION), where.at("organization"), strict=False,
                  what="organization")
        if row.get("organization_id") and org_id and row["organization_id"] != org_id:
            build.fail(where, "organization_id", f"the id of the service's organization ({org_id})",
                       row["organization_id"])
        row["organization_id"] = row.get("organization_id") or org_id
    row["organization_id"] = row.get("organization_id") or organization_id
    if sid is None:
        return
    build.ref("organizations", row["organization_id"], where, "organization_id",
              "the id of an organization given in the data")
    build.add("services", sid, row, where, strict=False, what="service")
    for i, item in enumerate(_list(record.get("service_at_locations"))):
        if not isinstance(item, dict):
            continue
        _json_link(build, sid, item.get("location"), text_of(item.get("location_id")),
                   where.at("service_at_locations", i))
    for i, item in enumerate(_list(record.get("attributes"))):
        if not isinstance(item, dict):
            continue
        here = where.at("attributes", i)
        term = item.get("taxonomy_term")
        term_id = text_of(item.get("taxonomy_term_id"))
        if isinstance(term, dict):
            build.add("terms", text_of(term.get("id")), fields_of(term, TERM), here.at("taxonomy_term"), strict=False,
                      what="taxonomy term")
            term_id = term_id or text_of(term.get("id"))
        if term_id is None:
            if not isinstance(term, dict):
                build.fail(here, "taxonomy_term", "a taxonomy_term or a taxonomy_term_id", None)
            continue
        build.ref("terms", term_id, here, "taxonomy_term_id", "the id of a taxonomy term given in the data")
        build.attributes.append((sid, term_id, text_of(item.get("link_type"))))
    for item in _list(record.get("service_areas")):
        if isinstance(item, dict):
            build.areas.append(service_area(sid, item))


def _json_link(build: RecordBuilder, sid, location, location_id, where: Where) -> None:
    if isinstance(location, dict):
        lid = text_of(location.get("id"))
        build.add("locations", lid, fields_of(location, LOCATION), where.at("location"), strict=False, what="location")
        for address in _list(location.get("addresses")):
            if isinstance(address, dict) and lid is not None:
                build.addresses.setdefault(lid, []).append(fields_of(address, ADDRESS))
        if location_id and lid and location_id != lid:
            build.fail(where, "location_id", f"the id of the location given with it ({lid})", location_id)
        location_id = location_id or lid
    if location_id is None:
        if not isinstance(location, dict):
            build.fail(where, "location", "a location or a location_id", None)
        return
    build.ref("locations", location_id, where, "location_id", "the id of a location given in the data")
    build.links[sid, location_id] = None


def _json_service_at_location(build: RecordBuilder, record: dict, where: Where) -> None:
    service = record.get("service")
    location = record.get("location")
    if location is not None and not isinstance(location, dict):
        build.fail(where, "location", "a location (an object)", location)
        location = None
    if isinstance(location, dict):
        build.check(LOCATION_NESTED, location, where.at("location"))
    if isinstance(service, dict):
        _json_service(build, service, where.at("service"))
        sid = text_of(service.get("id"))
    elif service is not None:
        build.fail(where, "service", "a service (an object)", service)
        return
    else:
        sid = text_of(record.get("service_id"))
        build.ref("services", sid, where, "service_id", "the id of a service given in the data")
    if sid is not None:
        _json_link(build, sid, location, text_of(record.get("location_id")), where)


def _json_organization(build: RecordBuilder, record: dict, where: Where) -> None:
    build.check(ORGANIZATION, record, where)
    org_id = text_of(record.get("id"))
    build.add("organizations", org_id, fields_of(record, ORGANIZATION), where, strict=False, what="organization")
    services = record.get("services")
    if services is not None and not isinstance(services, list):
        build.fail(where, "services", "a list of services", services)
        return
    for i, service in enumerate(services or []):
        if isinstance(service, dict):
            _json_service(build, service, where.at("services", i), organization_id=org_id)
        else:
            build.fail(where, ("services", i), "a service (an object)", service)


def _json_taxonomy(build: RecordBuilder, record: dict, where: Where) -> None:
    tax_id = text_of(record.get("id"))
    build.add("taxonomies", tax_id, fields_of(record, TAXONOMY), where, strict=False, what="taxonomy")
    for i, term in enumerate(_list(record.get("taxonomy_terms"))):
        if isinstance(term, dict):
            row = fields_of(term, TERM)
            row["taxonomy_id"] = row.get("taxonomy_id") or tax_id
            build.add("terms", text_of(term.get("id")), row, where.at("taxonomy_terms", i), strict=False,
                      what="taxonomy term")


def _list(value) -> list:
    return value if isinstance(value, list) else []
