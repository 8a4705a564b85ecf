"""Collecting Open Referral UK records of either form (JSON or CSV) into a Local Offer: where each record sits
(:class:`Where`), and the :class:`RecordBuilder` that checks each record against its schema, keeps it under its id
(merging the copies of one JSON record), checks the cross-record rules at the end, notes the soft problems for
:class:`~jsnakit.sources.provision.LocalOfferWarning` and makes the six frames of the
:class:`~jsnakit.sources.provision.LocalOffer`.

:func:`jsnakit.sources.oruk_json.read_json_file` and :func:`jsnakit.sources.oruk_csv.read_csv_folder` fill a builder;
:func:`jsnakit.sources.provision.read_local_offer` finishes it.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import Failure, InputError
from .oruk_frames import (LOCATION_COLUMNS, ORGANIZATION_COLUMNS, SERVICE_AREA_COLUMNS, SERVICE_COLUMNS,
                          SERVICE_LOCATION_COLUMNS, TAXONOMY_COLUMNS, LocalOffer)
from .oruk_schema import NUMERIC_FIELDS

__all__ = ["Where", "RecordBuilder"]

_VALIDATORS: dict = {}


def _validator(schema: dict):
    import jsonschema  # imported when a Local Offer is read: its format checkers take ~0.8 s to import

    key = id(schema)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = jsonschema.Draft202012Validator(schema)
    return _VALIDATORS[key]


class Where:
    """Where a record sits: file, row (CSV spreadsheet row, or JSON record place) and the field path inside it.

    Parameters
    ----------
    file : str or pathlib.Path
        The file the record was read from.
    row : int or str or None
        The CSV spreadsheet row (header = 1), or the JSON record's place (``contents[3]``, ``[3]``); None for a
        file of one record.
    prefix : tuple, optional
        The path of fields inside the record (names and list positions).
    csv : bool, default False
        Whether the record is a CSV row (a missing required cell is then reported as ``""``, not None).

    Examples
    --------
    >>> where = Where("services.json", "contents[0]").at("service_at_locations", 0)
    >>> str(where), where.column("location", "latitude")
    ('services.json, row contents[0]', 'service_at_locations[0].location.latitude')
    """

    __slots__ = ("file", "row", "prefix", "csv")

    def __init__(self, file, row, prefix=(), csv=False):
        self.file, self.row, self.prefix, self.csv = str(file), row, tuple(prefix), csv

    def at(self, *parts) -> "Where":
        """The same record, deeper: ``parts`` (field names and list positions) appended to the field path."""
        return Where(self.file, self.row, self.prefix + parts, self.csv)

    def column(self, *parts) -> str | None:
        """The field path with ``parts`` appended, as a failure's column (``attributes[0].taxonomy_term``); None
        for the record itself."""
        text = ""
        for part in self.prefix + parts:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
        return text or None

    def __str__(self) -> str:
        return self.file + (f", row {self.row}" if self.row is not None else "")


class RecordBuilder:
    """The records of one Local Offer being read, from any number of JSON files or one folder of CSV tables.

    The readers check each record (:meth:`check`), keep it (:meth:`add`), note its references (:meth:`ref`) and
    append to the collections below; :meth:`finish` then checks the references and ages and makes the
    :class:`~jsnakit.sources.provision.LocalOffer`.

    Attributes
    ----------
    failures : list of jsnakit.core.errors.Failure
        Every broken rule found so far (raised together by :meth:`finish`).
    notes : list of str
        The soft problems, each one :class:`~jsnakit.sources.provision.LocalOfferWarning` (filled by
        :meth:`finish`).
    services, organizations, locations, terms, taxonomies : dict
        Records by id: field -> value (:func:`jsnakit.sources.oruk_schema.fields_of`).
    where : dict
        ``(store, id)`` -> :class:`Where` of the first record of that id.
    addresses : dict
        Location id -> list of address records.
    links : dict
        ``(service id, location id)`` -> None, in the order met (services at locations).
    attributes : list
        ``(service id, term id, link_type)`` of each taxonomy term attached to a service.
    areas : list of dict
        Service areas (:func:`jsnakit.sources.oruk_schema.service_area`).
    refs : list
        ``(store, id, where, column, expected)`` of each reference, checked by :meth:`finish`.
    announced : list
        ``(file, total_items)`` of paginated service responses, to warn of missing pages.
    unlinked : list
        ``(where, link_id)`` of CSV attributes of no known service, organization or location.
    """

    def __init__(self):
        self.failures: list[Failure] = []
        self.notes: list[str] = []
        self.services: dict = {}
        self.organizations: dict = {}
        self.locations: dict = {}
        self.terms: dict = {}
        self.taxonomies: dict = {}
        self.where: dict = {}          # (store, id) -> Where of the first record
        self.addresses: dict = {}      # location id -> list of address dicts
        self.links: dict = {}          # (service id, location id) -> None, in order
        self.attributes: list = []     # (service id, term id, link_type)
        self.areas: list = []
        self.refs: list = []           # (store, id, Where, column, expected)
        self.announced: list = []      # (file, total_items) of paginated service responses
        self.unlinked: list = []       # CSV attributes of unknown entities

    def fail(self, where: Where, column, expected, got):
        """Note a failure of the record at ``where``.

        Parameters
        ----------
        where : Where
            The record.
        column : str, tuple or None
            The field (a name, or a path of names and list positions) below ``where``; None for the record itself.
        expected, got
            As :class:`jsnakit.core.errors.Failure`.
        """
        if column is None:
            col = where.column()
        else:
            col = where.column(column) if isinstance(column, str) else where.column(*column)
        self.failures.append(Failure(where.file, where.row, col, expected, got))

    def check(self, schema: dict, record: dict, where: Where) -> None:
        """Check a record's fields against a schema (:mod:`jsnakit.sources.oruk_schema`); one failure per bad field.

        Parameters
        ----------
        schema : dict
            The JSON Schema of the record.
        record : dict
            The record.
        where : Where
            Where it sits, for the failures: a missing required field is named with ``(OR UK requires it)``, a bad
            one with the schema's ``x-expected`` words.
        """
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

    def add(self, store: str, key, row: dict, where: Where, *, strict: bool, what: str) -> None:
        """Keep a record under its id.

        Parameters
        ----------
        store : str
            The collection: ``services``, ``organizations``, ``locations``, ``terms`` or ``taxonomies``.
        key : str or None
            The record's id; a record without one is not kept (its schema check reports it).
        row : dict
            The record's fields.
        where : Where
            Where it sits.
        strict : bool
            CSV: a repeated id is a failure. JSON (False): copies of one record (a service in a list page and in
            its full record) are merged, a field given by one copy only is kept, and differing copies are a
            failure.
        what : str
            The kind of record, in words, for the failure (``taxonomy term``).
        """
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

    def ref(self, store: str, key, where: Where, column, expected: str) -> None:
        """Note a reference from the record at ``where`` to ``key`` of ``store``, checked by :meth:`finish` (a
        reference may come before the record it names). A None ``key`` is no reference."""
        if key is not None:
            self.refs.append((store, key, where, column, expected))

    # --- the end: cross-record rules, then the frames ---

    def finish(self) -> LocalOffer:
        """Check the cross-record rules and make the Local Offer.

        Returns
        -------
        jsnakit.sources.provision.LocalOffer
            The six frames; the soft problems are left in :attr:`notes` for the caller to warn of.

        Raises
        ------
        InputError
            Every failure noted while reading, every reference that does not resolve and every service whose
            minimum age is above its maximum, all at once.
        """
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


def _absent(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


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
        if column in NUMERIC_FIELDS:
            data[column] = pd.Series([np.nan if _absent(v) else v for v in values], dtype="float64")
        else:
            data[column] = pd.Series([np.nan if v is None else v for v in values], dtype=object)
    return pd.DataFrame(data, columns=columns)
