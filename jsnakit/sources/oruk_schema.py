"""The JSON Schemas of the Open Referral UK 3.0 fields jsnakit checks, for the JSON records of the API and the CSV
tables, written from the OR UK 3.0 schema (``x-expected`` words the failure message), and the helpers that read a
record's fields as jsnakit keeps them.

Used by :mod:`jsnakit.sources.oruk_records` (which checks records against these schemas),
:mod:`jsnakit.sources.oruk_json` and :mod:`jsnakit.sources.oruk_csv`.

References
----------
Open Referral UK, data standard 3.0: https://openreferraluk.org/ ; schemas: https://github.com/OpenReferralUK/uk-profile
(``schema/``).
"""
from __future__ import annotations

import json
import math
import re

from .oruk_frames import STATUSES

__all__ = [
    "ORGANIZATION",
    "ADDRESS",
    "LOCATION",
    "TERM",
    "TAXONOMY",
    "AREA",
    "SERVICE",
    "LOCATION_NESTED",
    "SERVICE_NESTED",
    "TAXONOMY_NESTED",
    "CSV_SCHEMAS",
    "NUMERIC_FIELDS",
    "fields_of",
    "text_of",
    "normal_status",
    "service_area",
]

#: The fields read as numbers (float); every other field is text.
NUMERIC_FIELDS = {"minimum_age", "maximum_age", "latitude", "longitude"}


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


#: An organization (OR UK ``organization``): its id is required.
ORGANIZATION = _object("an organization (an object)", {
    "id": _ID, "name": _TEXT, "description": _TEXT, "website": _TEXT}, ["id"])
#: An address of a location (OR UK ``address``).
ADDRESS = _object("an address (an object)", {
    "location_id": _REF, "address_1": _TEXT, "city": _TEXT, "postal_code": _TEXT, "address_type": _TEXT})
#: A location (OR UK ``location``): coordinates are numbers (their range is checked apart, as a warning).
LOCATION = _object("a location (an object)", {
    "id": _ID, "name": _TEXT, "location_type": _TEXT, "latitude": _LATITUDE, "longitude": _LONGITUDE}, ["id"])
#: A taxonomy term (OR UK ``taxonomy_term``): its code is HSDS ``code`` or OR UK ``term``.
TERM = _object("a taxonomy term (an object)", {
    "id": _ID, "name": _TEXT, "code": _TEXT, "term": _TEXT, "taxonomy": _TEXT, "taxonomy_id": _REF}, ["id"])
#: A taxonomy (OR UK ``taxonomy``).
TAXONOMY = _object("a taxonomy (an object)", {"id": _ID, "name": _TEXT}, ["id"])
#: An area a service covers (OR UK ``service_area``).
AREA = _object("a service area (an object)", {
    "id": _REF, "service_id": _REF, "name": _TEXT, "service_area": _TEXT, "extent_type": _TEXT, "uri": _TEXT})
#: A service (OR UK ``service``): id and name required, ages numbers >= 0, ``status`` one of the OR UK values.
SERVICE = _object("a service (an object)", {
    "id": _ID, "name": _s("string", "a name (non-empty text)", pattern=r"\S"), "organization_id": _REF,
    "description": _TEXT, "url": _TEXT, "email": _TEXT, "status": _STATUS,
    "minimum_age": _AGE, "maximum_age": _AGE}, ["id", "name"])

# The nested JSON of the API: a full service holds its organization, locations, attributes and areas.
#: A location as the API nests it, with its addresses.
LOCATION_NESTED = {**LOCATION, "properties": {
    **LOCATION["properties"], "addresses": _array("a list of addresses", ADDRESS)}}
#: A full service as the API gives it (``/services/{id}``): its organization, service-at-locations (each with its
#: location), attributes (each with its taxonomy term) and service areas nested in it.
SERVICE_NESTED = {**SERVICE, "properties": {
    **SERVICE["properties"],
    "organization": ORGANIZATION,
    "service_at_locations": _array("a list of service-at-location objects", _object(
        "a service-at-location (an object)", {"id": _REF, "location_id": _REF, "location": LOCATION_NESTED})),
    "attributes": _array("a list of attributes", _object(
        "an attribute (an object)", {"id": _REF, "link_type": _TEXT, "taxonomy_term_id": _REF,
                                     "taxonomy_term": TERM})),
    "service_areas": _array("a list of service areas", AREA),
}}
#: A taxonomy with its terms nested in it.
TAXONOMY_NESTED = {**TAXONOMY, "properties": {
    **TAXONOMY["properties"], "taxonomy_terms": _array("a list of taxonomy terms", TERM)}}

#: The CSV tables, by table: the same fields, plus the reference columns that OR UK requires in tabular form.
CSV_SCHEMAS = {
    "services": SERVICE,
    "organizations": ORGANIZATION,
    "locations": LOCATION,
    "service_at_location": _object("", {"id": _REF, "service_id": _ID, "location_id": _ID},
                                   ["service_id", "location_id"]),
    "address": {**ADDRESS, "properties": {**ADDRESS["properties"], "location_id": _ID},
                "required": ["location_id"]},
    "attribute": _object("", {"id": _REF, "link_id": _ID, "taxonomy_term_id": _ID, "link_type": _TEXT,
                              "link_entity": _TEXT}, ["link_id", "taxonomy_term_id"]),
    "taxonomy_terms": TERM,
    "taxonomies": TAXONOMY,
    "service_areas": {**AREA, "properties": {**AREA["properties"], "service_id": _ID},
                      "required": ["service_id"]},
}


# --- the fields of a record, as jsnakit keeps them ---------------------------------------------------------------

def fields_of(record: dict, schema: dict) -> dict:
    """The schema's scalar fields of a record, as clean text or float.

    Parameters
    ----------
    record : dict
        A JSON record or a CSV row (cells as text; the numeric columns already numbers where they parse).
    schema : dict
        One of this module's schemas: its ``properties`` that are neither objects nor arrays are read.

    Returns
    -------
    dict
        Field -> text (trimmed, :func:`text_of`) or float for :data:`NUMERIC_FIELDS`; None when absent, blank
        or of the wrong type (which the schema check reports).

    Examples
    --------
    >>> fields_of({"id": " s1 ", "latitude": 51.5, "name": 3}, LOCATION)["id"]
    's1'
    """
    out = {}
    for name, spec in schema["properties"].items():
        if spec.get("type") in ("object", "array"):
            continue
        value = record.get(name)
        out[name] = _number(value) if name in NUMERIC_FIELDS else text_of(value)
    return out


def text_of(value):
    """A field's text, trimmed; None when it is blank or no text.

    Parameters
    ----------
    value : object
        A field of a record.

    Returns
    -------
    str or None

    Examples
    --------
    >>> text_of("  Portage "), text_of("  "), text_of(12)
    ('Portage', None, None)
    """
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _number(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def normal_status(value):
    """A service's ``status`` as compared with :data:`jsnakit.sources.provision.STATUSES`.

    Parameters
    ----------
    value : object
        The ``status`` field.

    Returns
    -------
    str or None
        Lower case, inner runs of spaces read as one, trimmed; None when it is no text.

    Examples
    --------
    >>> normal_status(" Temporarily   Closed")
    'temporarily closed'
    """
    return re.sub(r"\s+", " ", value).strip().lower() if isinstance(value, str) else None


def service_area(sid, item: dict) -> dict:
    """A service area record (JSON object or CSV row) as a row of the ``service_areas`` frame.

    Parameters
    ----------
    sid : str
        The id of the service it belongs to.
    item : dict
        The record: ``id``, ``name`` (else ``service_area``), ``extent`` (text, or a GeoJSON object kept as JSON
        text), ``extent_type`` and ``uri``.

    Returns
    -------
    dict
        ``service_id, id, name, extent, extent_type, uri, area_code``: ``area_code`` is the first GSS code found in
        ``uri``, else in ``name`` (None when there is none).

    Examples
    --------
    >>> uri = "http://statistics.data.gov.uk/id/statistical-geography/E09000019"
    >>> service_area("s1", {"name": "Islington", "uri": uri})["area_code"]
    'E09000019'
    """
    extent = item.get("extent")
    if extent is not None and not isinstance(extent, str):
        extent = json.dumps(extent)  # a GeoJSON object given as JSON rather than as text
    uri, name = text_of(item.get("uri")), text_of(item.get("name")) or text_of(item.get("service_area"))
    code = None
    for text in (uri, name):
        found = re.search(r"(?<![A-Za-z0-9])([EWSNK]\d{8})(?![0-9])", text or "")
        if found:
            code = found.group(1)
            break
    return {"service_id": sid, "id": text_of(item.get("id")), "name": name, "extent": text_of(extent),
            "extent_type": text_of(item.get("extent_type")), "uri": uri, "area_code": code}
