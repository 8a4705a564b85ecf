"""Local Offer: a local area's directory of SEND services, in Open Referral UK 3.0 form.

The Local Offer (Children and Families Act 2014 s.30; SEND Code of Practice 2015 ch. 4) reaches jsnakit as Open
Referral UK (OR UK) 3.0 data, the LGA profile of the Human Services Data Specification: either the JSON of the OR UK
API (``/services/{id}`` for one full service, ``/services`` for a paginated list, ``/service_at_locations``, ...) or
the same records as CSV tables (``services.csv``, ``organizations.csv``, ``locations.csv``,
``service_at_location.csv``, ``address.csv``, ``attribute.csv``, ``taxonomy_terms.csv``, ``service_areas.csv``).
:func:`read_local_offer` reads either form into a :class:`LocalOffer` of tidy frames with fixed columns, for the
gap analysis of need against provision.

Validation is what gap mapping needs, not the whole standard: every service has an id and a name; ids are unique;
references (service -> organization, service at location -> service and location, attribute -> taxonomy term,
address -> location, service area -> service) resolve; ages are numbers >= 0 with minimum <= maximum; coordinates
and ages are numbers; ``status`` is one of the OR UK values. Field types are checked with JSON Schema
(``jsonschema``) against the small schemas of this module, written from the OR UK 3.0 schema; the cross-record rules
are checked by hand. Every broken rule is reported in one :class:`jsnakit.core.errors.InputError`; soft problems (a
service with no location, coordinates out of range, an attribute of an unknown entity, a paginated response with
pages missing) are reported as :class:`LocalOfferWarning` and the records are kept.

References
----------
Open Referral UK, data standard 3.0 (LGA profile of HSDS 3.0): https://openreferraluk.org/ ; schemas and examples:
https://github.com/OpenReferralUK/uk-profile (``schema/``, ``examples/``). HSDS 3.0:
https://docs.openreferral.org/en/latest/
"""
from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import Failure, InputError
from . import _ees

__all__ = [
    "LocalOffer",
    "LocalOfferWarning",
    "read_local_offer",
    "SERVICE_COLUMNS",
    "ORGANIZATION_COLUMNS",
    "LOCATION_COLUMNS",
    "SERVICE_LOCATION_COLUMNS",
    "TAXONOMY_COLUMNS",
    "SERVICE_AREA_COLUMNS",
    "STATUSES",
    "OPEN_REFERRAL_UK",
]

OPEN_REFERRAL_UK = "Open Referral UK 3.0, https://openreferraluk.org/"

#: One row per service. Ages in years (OR UK ``minimum_age``/``maximum_age``), NaN when absent; ``source`` is the
#: file the service was read from.
SERVICE_COLUMNS = ["service_id", "name", "description", "status", "organization_id", "url", "email",
                   "minimum_age", "maximum_age", "source"]
#: One row per organization; ``url`` is the OR UK ``website``.
ORGANIZATION_COLUMNS = ["organization_id", "name", "description", "url"]
#: One row per location; ``latitude``/``longitude`` in decimal degrees (WGS84); the address is the location's
#: physical address (else its first), ``postcode`` its ``postal_code``.
LOCATION_COLUMNS = ["location_id", "name", "location_type", "latitude", "longitude", "postcode", "address_1", "city"]
#: Which services are delivered at which locations (OR UK ``service_at_location``).
SERVICE_LOCATION_COLUMNS = ["service_id", "location_id"]
#: The taxonomy terms attached to each service (OR UK ``attribute`` -> ``taxonomy_term``): ``term_code`` is the
#: term's ``code`` (HSDS) or ``term`` (OR UK), ``vocabulary`` its ``taxonomy`` (else the name of its taxonomy).
TAXONOMY_COLUMNS = ["service_id", "term_id", "term_code", "term_name", "vocabulary", "link_type"]
#: The areas each service covers; ``area_code`` is the GSS code found in ``uri`` (or ``name``), when there is one.
SERVICE_AREA_COLUMNS = ["service_id", "name", "extent", "extent_type", "uri", "area_code"]
#: The values of a service's ``status`` in OR UK 3.0.
STATUSES = ("active", "inactive", "defunct", "temporarily closed")

_NUMERIC = {"minimum_age", "maximum_age", "latitude", "longitude"}


class LocalOfferWarning(UserWarning):
    """A Local Offer record that is usable but incomplete (no location, coordinates out of range, ...)."""


@dataclass(frozen=True, eq=False)
class LocalOffer:
    """A Local Offer read from Open Referral UK 3.0 data: six tidy frames with fixed columns.

    Attributes
    ----------
    services : pandas.DataFrame
        :data:`SERVICE_COLUMNS`: ``service_id, name, description, status, organization_id, url, email,
        minimum_age, maximum_age`` (years, float, NaN when absent), ``source`` (the file read).
    organizations : pandas.DataFrame
        :data:`ORGANIZATION_COLUMNS`: ``organization_id, name, description, url``.
    locations : pandas.DataFrame
        :data:`LOCATION_COLUMNS`: ``location_id, name, location_type, latitude, longitude`` (decimal degrees,
        NaN when absent or out of range), ``postcode, address_1, city``.
    service_locations : pandas.DataFrame
        :data:`SERVICE_LOCATION_COLUMNS`: ``service_id, location_id``.
    taxonomy : pandas.DataFrame
        :data:`TAXONOMY_COLUMNS`: ``service_id, term_id, term_code, term_name, vocabulary, link_type``.
    service_areas : pandas.DataFrame
        :data:`SERVICE_AREA_COLUMNS`: ``service_id, name, extent, extent_type, uri, area_code`` (GSS).

    Text is ``object`` dtype with NaN when absent; numbers are ``float64``.

    Examples
    --------
    >>> LocalOffer.__dataclass_fields__.keys()
    dict_keys(['services', 'organizations', 'locations', 'service_locations', 'taxonomy', 'service_areas'])
    """

    services: pd.DataFrame
    organizations: pd.DataFrame
    locations: pd.DataFrame
    service_locations: pd.DataFrame
    taxonomy: pd.DataFrame
    service_areas: pd.DataFrame


# --- JSON Schemas of the fields that matter (written from the OR UK 3.0 schema; "x-expected" words the message) ---

def _s(types, expected, **more) -> dict:
    return {"type": types, "x-expected": expected, **more}


_TEXT = _s(["string", "null"], "text")
_REF = _s(["string", "null"], "an identifier (text)")
_ID = _s("string", "an identifier (non-empty text)", pattern=r"\S")
_AGE = _s(["number", "null"], "an age in years (a number >= 0)", minimum=0)
_LATITUDE = _s(["number", "null"], "a latitude in decimal degrees (a number)")
_LONGITUDE = _s(["number", "null"], "a longitude in decimal degrees (a number)")
_STATUS = _s(["string", "null"], "one of " + ", ".join(STATUSES),
             pattern=r"(?i)^\s*(" + "|".join(STATUSES) + r")\s*$")


def _object(expected, properties, required=()) -> dict:
    return {"type": "object", "x-expected": expected, "properties": properties, "required": list(required)}


def _array(expected, items) -> dict:
    return {"type": "array", "x-expected": expected, "items": items}


_ORGANIZATION = _object("an organization (an object)", {
    "id": _ID, "name": _TEXT, "description": _TEXT, "website": _TEXT}, ["id"])
_ADDRESS = _object("an address (an object)", {
    "location_id": _REF, "address_1": _TEXT, "city": _TEXT, "postal_code": _TEXT, "address_type": _TEXT})
_LOCATION = _object("a location (an object)", {
    "id": _ID, "name": _TEXT, "location_type": _TEXT, "latitude": _LATITUDE, "longitude": _LONGITUDE}, ["id"])
_TERM = _object("a taxonomy term (an object)", {
    "id": _ID, "name": _TEXT, "code": _TEXT, "term": _TEXT, "taxonomy": _TEXT, "taxonomy_id": _REF}, ["id"])
_TAXONOMY = _object("a taxonomy (an object)", {"id": _ID, "name": _TEXT}, ["id"])
_AREA = _object("a service area (an object)", {
    "id": _REF, "service_id": _REF, "name": _TEXT, "service_area": _TEXT, "extent_type": _TEXT, "uri": _TEXT})
_SERVICE = _object("a service (an object)", {
    "id": _ID, "name": _s("string", "a name (non-empty text)", pattern=r"\S"), "organization_id": _REF,
    "description": _TEXT, "url": _TEXT, "email": _TEXT, "status": _STATUS,
    "minimum_age": _AGE, "maximum_age": _AGE}, ["id", "name"])

# The nested JSON of the API: a full service holds its organization, locations, attributes and areas.
_LOCATION_NESTED = {**_LOCATION, "properties": {**_LOCATION["properties"],
                                                "addresses": _array("a list of addresses", _ADDRESS)}}
_SERVICE_NESTED = {**_SERVICE, "properties": {
    **_SERVICE["properties"],
    "organization": _ORGANIZATION,
    "service_at_locations": _array("a list of service-at-location objects", _object(
        "a service-at-location (an object)", {"id": _REF, "location_id": _REF, "location": _LOCATION_NESTED})),
    "attributes": _array("a list of attributes", _object(
        "an attribute (an object)", {"id": _REF, "link_type": _TEXT, "taxonomy_term_id": _REF,
                                     "taxonomy_term": _TERM})),
    "service_areas": _array("a list of service areas", _AREA),
}}
_TAXONOMY_NESTED = {**_TAXONOMY, "properties": {**_TAXONOMY["properties"],
                                                "taxonomy_terms": _array("a list of taxonomy terms", _TERM)}}

# The CSV tables: the same fields, plus the reference columns that OR UK requires in tabular form.
_CSV_SCHEMAS = {
    "services": _SERVICE,
    "organizations": _ORGANIZATION,
    "locations": _LOCATION,
    "service_at_location": _object("", {"id": _REF, "service_id": _ID, "location_id": _ID},
                                   ["service_id", "location_id"]),
    "address": {**_ADDRESS, "properties": {**_ADDRESS["properties"], "location_id": _ID}, "required": ["location_id"]},
    "attribute": _object("", {"id": _REF, "link_id": _ID, "taxonomy_term_id": _ID, "link_type": _TEXT,
                              "link_entity": _TEXT}, ["link_id", "taxonomy_term_id"]),
    "taxonomy_terms": _TERM,
    "taxonomies": _TAXONOMY,
    "service_areas": {**_AREA, "properties": {**_AREA["properties"], "service_id": _ID}, "required": ["service_id"]},
}
#: Accepted file names of each table, the OR UK name first; read case-insensitively.
_CSV_FILES = {
    "services": ("services.csv", "service.csv"),
    "organizations": ("organizations.csv", "organisations.csv", "organization.csv"),
    "locations": ("locations.csv", "location.csv"),
    "service_at_location": ("service_at_location.csv", "service_at_locations.csv"),
    "address": ("address.csv", "addresses.csv"),
    "attribute": ("attribute.csv", "attributes.csv"),
    "taxonomy_terms": ("taxonomy_terms.csv", "taxonomy_term.csv"),
    "taxonomies": ("taxonomies.csv", "taxonomy.csv"),
    "service_areas": ("service_areas.csv", "service_area.csv"),
}
_CSV_NUMERIC = {"services": ("minimum_age", "maximum_age"), "locations": ("latitude", "longitude")}

_VALIDATORS: dict = {}


def _validator(schema: dict):
    key = id(schema)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = jsonschema.Draft202012Validator(schema)
    return _VALIDATORS[key]


# --- the public reader -------------------------------------------------------------------------------------------

def read_local_offer(path) -> LocalOffer:
    """Read a Local Offer in Open Referral UK 3.0 form (JSON of the OR UK API, or CSV tables).

    Parameters
    ----------
    path : str or pathlib.Path
        One of:

        * a JSON file holding one full service (``/services/{id}``), a paginated response
          (``{"contents": [...], "total_items": ...}`` of services, service-at-locations or organizations), a list
          of services, a service-at-location, or an organization with its ``services``;
        * a folder of OR UK CSV tables: ``services.csv`` (required), ``organizations.csv``, ``locations.csv``,
          ``service_at_location.csv``, ``address.csv`` (or ``addresses.csv``), ``attribute.csv``,
          ``taxonomy_terms.csv``, ``taxonomies.csv`` (or ``taxonomy.csv``), ``service_areas.csv``;
        * a folder of JSON files as above (no ``services.csv`` in it). The same service met in several files
          (a list page and its full record) is merged; taxonomy and taxonomy-term files supply the terms that
          attributes name by ``taxonomy_term_id``.

        Which form it is is found from the content: a file is JSON; a folder with ``services.csv`` is CSV (any
        ``datapackage.json`` beside it is ignored), else its ``*.json`` files are read. UTF-8 (with or without
        BOM) or Latin-1; CRLF or LF.

    Returns
    -------
    LocalOffer
        Six frames with fixed columns: ``services`` (:data:`SERVICE_COLUMNS`; ``minimum_age``/``maximum_age`` in
        years, NaN when absent), ``organizations`` (:data:`ORGANIZATION_COLUMNS`), ``locations``
        (:data:`LOCATION_COLUMNS`), ``service_locations`` (:data:`SERVICE_LOCATION_COLUMNS`), ``taxonomy``
        (:data:`TAXONOMY_COLUMNS`) and ``service_areas`` (:data:`SERVICE_AREA_COLUMNS`).

    Raises
    ------
    InputError
        One error listing every failure: a path that is neither; JSON that does not parse; a service without an id
        or a name; a field of the wrong type (text where a number is due, ...); an age < 0 or a minimum age above
        the maximum; a ``status`` outside :data:`STATUSES`; an id used twice (CSV), or two different records
        with one id (JSON); a reference that does not resolve. ``row`` is the spreadsheet row (header = 1) for CSV,
        the record's place for JSON (``contents[3]``, ``[3]``; none for a file of one record); ``column`` the CSV
        column or the JSON field path (``service_at_locations[0].location.latitude``).

    Warns
    -----
    LocalOfferWarning
        Naming the ids concerned, and keeping the records: services with no location; locations whose latitude
        or longitude is out of range (their coordinates become NaN); CSV attributes whose ``link_id`` is no
        service, organization or location (skipped); paginated responses whose other pages are missing.

    References
    ----------
    Open Referral UK 3.0: https://openreferraluk.org/ ; https://github.com/OpenReferralUK/uk-profile

    Examples
    --------
    >>> offer = read_local_offer("local_offer/services/")  # doctest: +SKIP
    >>> offer.services[["service_id", "name", "minimum_age", "maximum_age"]]  # doctest: +SKIP
    """
    path = Path(path)
    build = _Builder()
    if path.is_dir():
        names = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
        if "services.csv" in names or "service.csv" in names:
            _read_csv_folder(build, names)
        else:
            files = sorted((p for p in names.values() if p.suffix.lower() == ".json"), key=lambda p: p.name)
            if not files:
                raise InputError.single(path, None, None, "a folder of OR UK CSV tables (services.csv, ...) or of "
                                        "OR UK JSON files", f"files {sorted(names)[:10]}")
            for file in files:
                _read_json_file(build, file)
    elif path.is_file():
        if path.suffix.lower() == ".csv":
            raise InputError.single(path, None, None, "an OR UK JSON file, or the folder of OR UK CSV tables",
                                    "a single CSV file (give the folder that holds services.csv)")
        _read_json_file(build, path)
    else:
        raise InputError.single(path, None, None, "an existing file or folder", "nothing at this path")
    offer = build.finish()
    for message in build.notes:
        warnings.warn(message, LocalOfferWarning, stacklevel=2)
    return offer


# --- collecting records from either form -------------------------------------------------------------------------

class _Where:
    """Where a record sits: file, row (CSV spreadsheet row, or JSON record place) and the field path inside it."""

    __slots__ = ("file", "row", "prefix", "csv")

    def __init__(self, file, row, prefix=(), csv=False):
        self.file, self.row, self.prefix, self.csv = str(file), row, tuple(prefix), csv

    def at(self, *parts) -> "_Where":
        return _Where(self.file, self.row, self.prefix + parts, self.csv)

    def column(self, *parts) -> str | None:
        text = ""
        for part in self.prefix + parts:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
        return text or None

    def __str__(self) -> str:
        return self.file + (f", row {self.row}" if self.row is not None else "")


class _Builder:
    def __init__(self):
        self.failures: list[Failure] = []
        self.notes: list[str] = []
        self.services: dict = {}
        self.organizations: dict = {}
        self.locations: dict = {}
        self.terms: dict = {}
        self.taxonomies: dict = {}
        self.where: dict = {}          # (store, id) -> _Where of the first record
        self.addresses: dict = {}      # location id -> list of address dicts
        self.links: dict = {}          # (service id, location id) -> None, in order
        self.attributes: list = []     # (service id, term id, link_type)
        self.areas: list = []
        self.refs: list = []           # (store, id, _Where, column, expected)
        self.announced: list = []      # (file, total_items) of paginated service responses
        self.unlinked: list = []       # CSV attributes of unknown entities

    def fail(self, where: _Where, column, expected, got):
        if column is None:
            col = where.column()
        else:
            col = where.column(column) if isinstance(column, str) else where.column(*column)
        self.failures.append(Failure(where.file, where.row, col, expected, got))

    def check(self, schema: dict, record: dict, where: _Where) -> None:
        """Check a record's fields against a schema; one failure per bad field."""
        seen = set()
        for error in _validator(schema).iter_errors(record):
            path = tuple(error.absolute_path)
            if error.validator == "required":
                for name in error.validator_value:
                    if name not in error.instance and (path, name) not in seen:
                        seen.add((path, name))
                        expected = error.schema["properties"][name]["x-expected"]
                        self.fail(where, path + (name,), f"{expected} (OR UK requires it)", "" if where.csv else None)
                continue
            if path in seen:
                continue
            seen.add(path)
            self.fail(where, path, error.schema.get("x-expected", error.message), error.instance)

    def add(self, store: str, key, row: dict, where: _Where, *, strict: bool, what: str) -> None:
        """Keep a record under its id. CSV (strict): a repeated id is a failure. JSON: copies of one record (a
        service in a list page and in its full record) are merged, and differing copies are a failure."""
        if key is None:
            return
        table = getattr(self, store)
        if key not in table:
            table[key] = dict(row)
            self.where[store, key] = where
            return
        first = self.where[store, key]
        if strict:
            self.fail(where, "id", f"an id no other row has ({first} has it already)", key)
            return
        kept = table[key]
        for field, value in row.items():
            if _absent(value):
                continue
            if _absent(kept.get(field)):
                kept[field] = value
            elif kept[field] != value and field != "source":
                self.fail(where, field, f"the {field} of the other record of {what} {key} ({first})", value)

    def ref(self, store: str, key, where: _Where, column, expected: str) -> None:
        if key is not None:
            self.refs.append((store, key, where, column, expected))

    # --- the end: cross-record rules, then the frames ---

    def finish(self) -> LocalOffer:
        for store, key, where, column, expected in self.refs:
            if key not in getattr(self, store):
                self.fail(where, column, expected, key)
        for key, service in self.services.items():
            low, high = service.get("minimum_age"), service.get("maximum_age")
            if not _absent(low) and not _absent(high) and low > high:
                self.fail(self.where["services", key], "minimum_age", "a minimum age no greater than the maximum age",
                          f"minimum_age {low:g} > maximum_age {high:g}")
        if self.failures:
            raise InputError(self.failures)
        return self._frames()

    def _frames(self) -> LocalOffer:
        located = {sid for sid, _ in self.links}
        missing = [sid for sid in self.services if sid not in located]
        if missing:
            self.notes.append(f"{len(missing)} service(s) have no location and cannot be placed on a map "
                              f"(kept): {_ids(missing)}")
        bad = [lid for lid, loc in self.locations.items()
               if not _in_range(loc.get("latitude"), 90) or not _in_range(loc.get("longitude"), 180)]
        if bad:
            described = [f"{lid} ({self.locations[lid]['latitude']:g}, {self.locations[lid]['longitude']:g})"
                         if not _absent(self.locations[lid]["latitude"])
                         and not _absent(self.locations[lid]["longitude"]) else lid for lid in bad]
            self.notes.append(f"{len(bad)} location(s) have a latitude outside -90..90 or a longitude outside "
                              f"-180..180 degrees; their coordinates are set to NaN: {_ids(described)}")
            for lid in bad:
                self.locations[lid]["latitude"] = self.locations[lid]["longitude"] = None
        if self.unlinked:
            self.notes.append("attributes that link no service, organization or location were skipped: "
                              + _ids([f"{where} (link_id {key})" for where, key in self.unlinked]))
        if self.announced:
            total = max(n for _, n in self.announced)
            if total > len(self.services):
                files = sorted({f for f, _ in self.announced})
                self.notes.append(f"the paginated response(s) {', '.join(files)} announce {total} services but "
                                  f"{len(self.services)} were read: fetch every page")

        locations = []
        for lid, loc in self.locations.items():
            address = _address(self.addresses.get(lid, []))
            locations.append({**loc, "location_id": lid, "postcode": address.get("postal_code"),
                              "address_1": address.get("address_1"), "city": address.get("city")})
        taxonomy, seen = [], set()
        for sid, term_id, link_type in self.attributes:
            if (sid, term_id, link_type) in seen:
                continue
            seen.add((sid, term_id, link_type))
            term = self.terms.get(term_id, {})
            vocabulary = term.get("taxonomy") or self.taxonomies.get(term.get("taxonomy_id"), {}).get("name")
            taxonomy.append({"service_id": sid, "term_id": term_id, "term_code": term.get("code") or term.get("term"),
                             "term_name": term.get("name"), "vocabulary": vocabulary, "link_type": link_type})
        areas, seen = [], set()
        for area in self.areas:
            key = (area["service_id"], area.get("id")) if area.get("id") else tuple(sorted(area.items()))
            if key not in seen:
                seen.add(key)
                areas.append(area)
        area_frame = _frame(areas, SERVICE_AREA_COLUMNS)
        area_frame["area_code"] = geography.current_code(area_frame["area_code"]).astype(object)

        return LocalOffer(
            services=_frame([{**s, "service_id": k} for k, s in self.services.items()], SERVICE_COLUMNS),
            organizations=_frame([{**o, "organization_id": k, "url": o.get("website")}
                                  for k, o in self.organizations.items()], ORGANIZATION_COLUMNS),
            locations=_frame(locations, LOCATION_COLUMNS),
            service_locations=_frame([{"service_id": s, "location_id": loc} for s, loc in self.links],
                                     SERVICE_LOCATION_COLUMNS),
            taxonomy=_frame(taxonomy, TAXONOMY_COLUMNS),
            service_areas=area_frame,
        )


# --- JSON -------------------------------------------------------------------------------------------------------

def _read_json_file(build: _Builder, path: Path) -> None:
    doc = _load_json(build, path)
    if doc is _BAD:
        return
    here = _Where(path, None)
    if isinstance(doc, list):
        records = [(f"[{i}]", item) for i, item in enumerate(doc)]
    elif isinstance(doc, dict) and "contents" in doc:
        if not isinstance(doc["contents"], list):
            build.fail(here, "contents", "a list of records (a paginated OR UK response)", type(doc["contents"]).__name__)
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
        where = _Where(path, row)
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
            build.check(_TAXONOMY_NESTED, record, where)
            _json_taxonomy(build, record, where)
        elif kind == "taxonomy_term":
            build.check(_TERM, record, where)
            build.add("terms", _text(record.get("id")), _fields(record, _TERM), where, strict=False,
                      what="taxonomy term")


_BAD = object()


def _load_json(build: _Builder, path: Path):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        build.fail(_Where(path, None), None, "a readable file", str(exc))
        return _BAD
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if not text.strip():
        build.fail(_Where(path, None), None, "valid JSON", "an empty file")
        return _BAD
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        build.fail(_Where(path, None), None, "valid JSON", f"{exc.msg} at line {exc.lineno}, column {exc.colno}")
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


def _json_service(build: _Builder, record: dict, where: _Where, organization_id=None) -> None:
    build.check(_SERVICE_NESTED, record, where)
    sid = _text(record.get("id"))
    row = _fields(record, _SERVICE)
    row["status"] = _status(row.get("status"))
    row["source"] = where.file
    org = record.get("organization")
    if isinstance(org, dict):
        org_id = _text(org.get("id"))
        build.add("organizations", org_id, _fields(org, _ORGANIZATION), where.at("organization"), strict=False,
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
        _json_link(build, sid, item.get("location"), _text(item.get("location_id")),
                   where.at("service_at_locations", i))
    for i, item in enumerate(_list(record.get("attributes"))):
        if not isinstance(item, dict):
            continue
        here = where.at("attributes", i)
        term = item.get("taxonomy_term")
        term_id = _text(item.get("taxonomy_term_id"))
        if isinstance(term, dict):
            build.add("terms", _text(term.get("id")), _fields(term, _TERM), here.at("taxonomy_term"), strict=False,
                      what="taxonomy term")
            term_id = term_id or _text(term.get("id"))
        if term_id is None:
            if not isinstance(term, dict):
                build.fail(here, "taxonomy_term", "a taxonomy_term or a taxonomy_term_id", None)
            continue
        build.ref("terms", term_id, here, "taxonomy_term_id", "the id of a taxonomy term given in the data")
        build.attributes.append((sid, term_id, _text(item.get("link_type"))))
    for item in _list(record.get("service_areas")):
        if isinstance(item, dict):
            build.areas.append(_area(sid, item))


def _json_link(build: _Builder, sid, location, location_id, where: _Where) -> None:
    if isinstance(location, dict):
        lid = _text(location.get("id"))
        build.add("locations", lid, _fields(location, _LOCATION), where.at("location"), strict=False, what="location")
        for address in _list(location.get("addresses")):
            if isinstance(address, dict) and lid is not None:
                build.addresses.setdefault(lid, []).append(_fields(address, _ADDRESS))
        if location_id and lid and location_id != lid:
            build.fail(where, "location_id", f"the id of the location given with it ({lid})", location_id)
        location_id = location_id or lid
    if location_id is None:
        if not isinstance(location, dict):
            build.fail(where, "location", "a location or a location_id", None)
        return
    build.ref("locations", location_id, where, "location_id", "the id of a location given in the data")
    build.links[sid, location_id] = None


def _json_service_at_location(build: _Builder, record: dict, where: _Where) -> None:
    service = record.get("service")
    location = record.get("location")
    if location is not None and not isinstance(location, dict):
        build.fail(where, "location", "a location (an object)", location)
        location = None
    if isinstance(location, dict):
        build.check(_LOCATION_NESTED, location, where.at("location"))
    if isinstance(service, dict):
        _json_service(build, service, where.at("service"))
        sid = _text(service.get("id"))
    elif service is not None:
        build.fail(where, "service", "a service (an object)", service)
        return
    else:
        sid = _text(record.get("service_id"))
        build.ref("services", sid, where, "service_id", "the id of a service given in the data")
    if sid is not None:
        _json_link(build, sid, location, _text(record.get("location_id")), where)


def _json_organization(build: _Builder, record: dict, where: _Where) -> None:
    build.check(_ORGANIZATION, record, where)
    org_id = _text(record.get("id"))
    build.add("organizations", org_id, _fields(record, _ORGANIZATION), where, strict=False, what="organization")
    services = record.get("services")
    if services is not None and not isinstance(services, list):
        build.fail(where, "services", "a list of services", services)
        return
    for i, service in enumerate(services or []):
        if isinstance(service, dict):
            _json_service(build, service, where.at("services", i), organization_id=org_id)
        else:
            build.fail(where, ("services", i), "a service (an object)", service)


def _json_taxonomy(build: _Builder, record: dict, where: _Where) -> None:
    tax_id = _text(record.get("id"))
    build.add("taxonomies", tax_id, _fields(record, _TAXONOMY), where, strict=False, what="taxonomy")
    for i, term in enumerate(_list(record.get("taxonomy_terms"))):
        if isinstance(term, dict):
            row = _fields(term, _TERM)
            row["taxonomy_id"] = row.get("taxonomy_id") or tax_id
            build.add("terms", _text(term.get("id")), row, where.at("taxonomy_terms", i), strict=False,
                      what="taxonomy term")


# --- CSV --------------------------------------------------------------------------------------------------------

def _read_csv_folder(build: _Builder, names: dict) -> None:
    tables: dict[str, tuple[Path, pd.DataFrame]] = {}
    for table, candidates in _CSV_FILES.items():
        file = next((names[c] for c in candidates if c in names), None)
        if file is not None:
            frame = _read_table(build, file, _CSV_SCHEMAS[table]["required"])
            if frame is not None:
                tables[table] = (file, frame)
    if build.failures:  # unreadable files or missing columns: the cells cannot be trusted to be in their columns
        raise InputError(build.failures)

    def rows(table):
        if table not in tables:
            return
        file, frame = tables[table]
        numeric = _CSV_NUMERIC.get(table, ())
        for row, values in zip(frame.index, frame.to_dict("records")):
            record = {k: (_csv_number(v) if k in numeric else v) for k, v in values.items() if v != ""}
            where = _Where(file, int(row), csv=True)
            build.check(_CSV_SCHEMAS[table], record, where)
            yield record, where

    def file_of(table):
        return tables[table][0].name if table in tables else _CSV_FILES[table][0]

    for record, where in rows("organizations"):
        build.add("organizations", _text(record.get("id")), _fields(record, _ORGANIZATION), where, strict=True,
                  what="organization")
    for record, where in rows("locations"):
        build.add("locations", _text(record.get("id")), _fields(record, _LOCATION), where, strict=True,
                  what="location")
    for record, where in rows("taxonomies"):
        build.add("taxonomies", _text(record.get("id")), _fields(record, _TAXONOMY), where, strict=True,
                  what="taxonomy")
    for record, where in rows("taxonomy_terms"):
        build.add("terms", _text(record.get("id")), _fields(record, _TERM), where, strict=True,
                  what="taxonomy term")
    for record, where in rows("services"):
        row = _fields(record, _SERVICE)
        row["status"] = _status(row.get("status"))
        row["source"] = where.file
        build.add("services", _text(record.get("id")), row, where, strict=True, what="service")
        build.ref("organizations", row.get("organization_id"), where, "organization_id",
                  f"the id of an organization in {file_of('organizations')}")
    for record, where in rows("address"):
        lid = _text(record.get("location_id"))
        build.ref("locations", lid, where, "location_id", f"the id of a location in {file_of('locations')}")
        if lid is not None:
            build.addresses.setdefault(lid, []).append(_fields(record, _ADDRESS))
    seen: dict = {}
    for record, where in rows("service_at_location"):
        sal_id = _text(record.get("id"))
        if sal_id is not None and sal_id in seen:
            build.fail(where, "id", f"an id no other row has ({seen[sal_id]} has it already)", sal_id)
        seen.setdefault(sal_id, where)
        sid, lid = _text(record.get("service_id")), _text(record.get("location_id"))
        build.ref("services", sid, where, "service_id", f"the id of a service in {file_of('services')}")
        build.ref("locations", lid, where, "location_id", f"the id of a location in {file_of('locations')}")
        if sid is not None and lid is not None:
            build.links[sid, lid] = None
    for record, where in rows("attribute"):
        link, term_id = _text(record.get("link_id")), _text(record.get("taxonomy_term_id"))
        entity = (_text(record.get("link_entity")) or "").lower()
        if link is None or term_id is None:
            continue
        build.ref("terms", term_id, where, "taxonomy_term_id", f"the id of a taxonomy term in {file_of('taxonomy_terms')}")
        if link in build.services:
            build.attributes.append((link, term_id, _text(record.get("link_type"))))
        elif entity == "service":
            build.fail(where, "link_id", f"the id of a service in {file_of('services')}", link)
        elif link not in build.organizations and link not in build.locations:
            build.unlinked.append((where, link))
    for record, where in rows("service_areas"):
        sid = _text(record.get("service_id"))
        build.ref("services", sid, where, "service_id", f"the id of a service in {file_of('services')}")
        if sid is not None:
            build.areas.append(_area(sid, record))


def _read_table(build: _Builder, path: Path, required) -> pd.DataFrame | None:
    """A CSV table as text, indexed by spreadsheet row (header = 1); None (and failures) when unusable."""
    import io

    here = _Where(path, None, csv=True)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        build.fail(here, None, "a readable file", str(exc))
        return None
    text = _ees.decode(raw).replace("\r\r\n", "\n")  # the OR UK example tables end their lines with CR CR LF
    if not text.strip():
        build.fail(here, None, "a CSV table with a header row", "an empty file")
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        build.fail(here, None, "a well-formed CSV file", str(exc).strip())
        return None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    for column in missing:
        build.failures.append(Failure(str(path), 1, column, "this column in the header", f"header {list(frame.columns)}"))
    if missing:
        return None
    frame = frame.apply(lambda s: s.str.strip())
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    cut = _ees.cells_of_cut_last_row(text, frame.shape[1])
    if len(frame) and cut is not None:
        build.failures.append(Failure(str(path), int(frame.index[-1]), frame.columns[cut],
                                      f"{frame.shape[1]} cells, as in the header",
                                      f"{cut} cells and the end of the file (is it truncated?)"))
        return None
    return frame.astype(object)


def _csv_number(text: str):
    """``"12"`` -> 12.0; text that is no finite number is left as it is, for the schema to report."""
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


# --- small helpers ----------------------------------------------------------------------------------------------

def _fields(record: dict, schema: dict) -> dict:
    """The schema's scalar fields of a record, as clean text or float (None when absent or of the wrong type)."""
    out = {}
    for name, spec in schema["properties"].items():
        if spec.get("type") in ("object", "array"):
            continue
        value = record.get(name)
        out[name] = _number(value) if name in _NUMERIC else _text(value)
    return out


def _text(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _number(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _absent(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _status(value):
    return re.sub(r"\s+", " ", value).strip().lower() if isinstance(value, str) else None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _area(sid, item: dict) -> dict:
    extent = item.get("extent")
    if extent is not None and not isinstance(extent, str):
        extent = json.dumps(extent)  # a GeoJSON object given as JSON rather than as text
    uri, name = _text(item.get("uri")), _text(item.get("name")) or _text(item.get("service_area"))
    code = None
    for text in (uri, name):
        found = re.search(r"(?<![A-Za-z0-9])([EWSNK]\d{8})(?![0-9])", text or "")
        if found:
            code = found.group(1)
            break
    return {"service_id": sid, "id": _text(item.get("id")), "name": name, "extent": _text(extent),
            "extent_type": _text(item.get("extent_type")), "uri": uri, "area_code": code}


def _address(addresses: list) -> dict:
    """The physical address of a location, else its first."""
    for address in addresses:
        if (address.get("address_type") or "").lower() == "physical":
            return address
    return addresses[0] if addresses else {}


def _in_range(value, limit) -> bool:
    return _absent(value) or -limit <= value <= limit


def _ids(ids: list, limit: int = 10) -> str:
    text = ", ".join(str(i) for i in ids[:limit])
    return text + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _frame(rows: list, columns: list) -> pd.DataFrame:
    data = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in _NUMERIC:
            data[column] = pd.Series([np.nan if _absent(v) else v for v in values], dtype="float64")
        else:
            data[column] = pd.Series([np.nan if v is None else v for v in values], dtype=object)
    return pd.DataFrame(data, columns=columns)
