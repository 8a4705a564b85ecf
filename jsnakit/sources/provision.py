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

import warnings
from pathlib import Path

from ..core.errors import InputError
from .oruk_csv import read_csv_folder
from .oruk_frames import (LOCATION_COLUMNS, OPEN_REFERRAL_UK, ORGANIZATION_COLUMNS, SERVICE_AREA_COLUMNS,
                          SERVICE_COLUMNS, SERVICE_LOCATION_COLUMNS, STATUSES, TAXONOMY_COLUMNS, LocalOffer,
                          LocalOfferWarning)
from .oruk_json import read_json_file
from .oruk_records import RecordBuilder

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
    build = RecordBuilder()
    if path.is_dir():
        names = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
        if "services.csv" in names or "service.csv" in names:
            read_csv_folder(build, names)
        else:
            files = sorted((p for p in names.values() if p.suffix.lower() == ".json"), key=lambda p: p.name)
            if not files:
                raise InputError.single(path, None, None, "a folder of OR UK CSV tables (services.csv, ...) or of "
                                        "OR UK JSON files", f"files {sorted(names)[:10]}")
            for file in files:
                read_json_file(build, file)
    elif path.is_file():
        if path.suffix.lower() == ".csv":
            raise InputError.single(path, None, None, "an OR UK JSON file, or the folder of OR UK CSV tables",
                                    "a single CSV file (give the folder that holds services.csv)")
        read_json_file(build, path)
    else:
        raise InputError.single(path, None, None, "an existing file or folder", "nothing at this path")
    offer = build.finish()
    for message in build.notes:
        warnings.warn(message, LocalOfferWarning, stacklevel=2)
    return offer
