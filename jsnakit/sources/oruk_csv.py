"""Reading a folder of Open Referral UK 3.0 CSV tables (``services.csv``, ``organizations.csv``, ``locations.csv``,
``service_at_location.csv``, ``address.csv``, ``attribute.csv``, ``taxonomy_terms.csv``, ``taxonomies.csv``,
``service_areas.csv``) into a :class:`~jsnakit.sources.oruk_records.RecordBuilder`: each table read as text, its rows
checked against :data:`~jsnakit.sources.oruk_schema.CSV_SCHEMAS`, ids required unique and references resolved.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from ..core.errors import Failure, InputError
from . import ees
from .oruk_records import RecordBuilder, Where
from .oruk_schema import (ADDRESS, CSV_SCHEMAS, LOCATION, ORGANIZATION, SERVICE, TAXONOMY, TERM, fields_of,
                          normal_status, service_area, text_of)

__all__ = ["read_csv_folder"]

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


def read_csv_folder(build: RecordBuilder, names: dict) -> None:
    """Read a folder of OR UK CSV tables into ``build``: every row checked, kept and linked.

    Parameters
    ----------
    build : jsnakit.sources.oruk_records.RecordBuilder
        The Local Offer being read.
    names : dict
        The folder's files by lower-case name (``{"services.csv": Path(...), ...}``). Each table is found under
        its OR UK name or a common variant (``organisations.csv``, ``addresses.csv``, ...); ``services.csv`` is
        the only one required (the caller has checked it is there).

    Raises
    ------
    InputError
        At once, when a table is unreadable, empty, not well-formed, cut short or lacks a column OR UK requires:
        its cells cannot then be trusted to be in their columns. Every other failure (a bad cell, an id used
        twice, a reference that does not resolve) is left in ``build`` for
        :meth:`~jsnakit.sources.oruk_records.RecordBuilder.finish`.
    """
    tables: dict[str, tuple[Path, pd.DataFrame]] = {}
    for table, candidates in _CSV_FILES.items():
        file = next((names[c] for c in candidates if c in names), None)
        if file is not None:
            frame = _read_table(build, file, CSV_SCHEMAS[table]["required"])
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
            where = Where(file, int(row), csv=True)
            build.check(CSV_SCHEMAS[table], record, where)
            yield record, where

    def file_of(table):
        return tables[table][0].name if table in tables else _CSV_FILES[table][0]

    for record, where in rows("organizations"):
        build.add("organizations", text_of(record.get("id")), fields_of(record, ORGANIZATION), where, strict=True,
                  what="organization")
    for record, where in rows("locations"):
        build.add("locations", text_of(record.get("id")), fields_of(record, LOCATION), where, strict=True,
                  what="location")
    for record, where in rows("taxonomies"):
        build.add("taxonomies", text_of(record.get("id")), fields_of(record, TAXONOMY), where, strict=True,
                  what="taxonomy")
    for record, where in rows("taxonomy_terms"):
        build.add("terms", text_of(record.get("id")), fields_of(record, TERM), where, strict=True,
                  what="taxonomy term")
    for record, where in rows("services"):
        row = fields_of(record, SERVICE)
        row["status"] = normal_status(row.get("status"))
        row["source"] = where.file
        build.add("services", text_of(record.get("id")), row, where, strict=True, what="service")
        build.ref("organizations", row.get("organization_id"), where, "organization_id",
                  f"the id of an organization in {file_of('organizations')}")
    for record, where in rows("address"):
        lid = text_of(record.get("location_id"))
        build.ref("locations", lid, where, "location_id", f"the id of a location in {file_of('locations')}")
        if lid is not None:
            build.addresses.setdefault(lid, []).append(fields_of(record, ADDRESS))
    seen: dict = {}
    for record, where in rows("service_at_location"):
        sal_id = text_of(record.get("id"))
        if sal_id is not None and sal_id in seen:
            build.fail(where, "id", f"an id no other row has ({seen[sal_id]} has it already)", sal_id)
        seen.setdefault(sal_id, where)
        sid, lid = text_of(record.get("service_id")), text_of(record.get("location_id"))
        build.ref("services", sid, where, "service_id", f"the id of a service in {file_of('services')}")
        build.ref("locations", lid, where, "location_id", f"the id of a location in {file_of('locations')}")
        if sid is not None and lid is not None:
            build.links[sid, lid] = None
    for record, where in rows("attribute"):
        link, term_id = text_of(record.get("link_id")), text_of(record.get("taxonomy_term_id"))
        entity = (text_of(record.get("link_entity")) or "").lower()
        if link is None or term_id is None:
            continue
        build.ref("terms", term_id, where, "taxonomy_term_id",
                  f"the id of a taxonomy term in {file_of('taxonomy_terms')}")
        if link in build.services:
            build.attributes.append((link, term_id, text_of(record.get("link_type"))))
        elif entity == "service":
            build.fail(where, "link_id", f"the id of a service in {file_of('services')}", link)
        elif link not in build.organizations and link not in build.locations:
            build.unlinked.append((where, link))
    for record, where in rows("service_areas"):
        sid = text_of(record.get("service_id"))
        build.ref("services", sid, where, "service_id", f"the id of a service in {file_of('services')}")
        if sid is not None:
            build.areas.append(service_area(sid, record))


def _read_table(build: RecordBuilder, path: Path, required) -> pd.DataFrame | None:
    """A CSV table as text, indexed by spreadsheet row (header = 1); None (and failures) when unusable."""
    import io

    here = Where(path, None, csv=True)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        build.fail(here, None, "a readable file", str(exc))
        return None
    text = ees.decode(raw).replace("\r\r\n", "\n")  # the OR UK example tables end their lines with CR CR LF
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
        build.failures.append(Failure(str(path), 1, column, "this column in the header",
                                      f"header {list(frame.columns)}"))
    if missing:
        return None
    frame = frame.apply(lambda s: s.str.strip())
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    cut = ees.cells_of_cut_last_row(text, frame.shape[1])
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
