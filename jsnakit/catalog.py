"""Where the inputs are: a data folder an analyst can just fill, each file recognised by its content and read once.

Every file in the folder (sub-folders included) is recognised by what it holds, never by its name: the header of a
CSV, the sheet names of a workbook, the properties of a GeoJSON, the columns of a parquet file. Each kind of input
(:data:`SOURCES`) has a recogniser and a reader. Parsed frames are cached as parquet, keyed by the SHA-256 of the file
and the code of the readers, so a second load (in this process or any other) is near-instant; a cache file is written
whole or not at all (temporary file, then rename), and a file that fails to parse leaves nothing behind.

:func:`check` is ``jsnakit data check DIR``: what each file is, which areas and periods it covers, and every problem.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from . import __version__
from .core import geography
from .core.errors import ArgumentError, InputError
from .sources import transitions
from .core.errors import Failure
from .sources import (_ees, _overlap, boundaries, commissioning, dfe, fingertips, lait, localities, mhclg, ons, provision)

__all__ = ["Catalog", "SOURCES", "Source", "Sniff", "identify", "diagnose", "check", "describe_check",
           "default_cache_dir"]

#: Files never taken for inputs (notes, licences, caches).
_IGNORED = re.compile(r"(^\.|^~\$|\.(md|txt|html|pdf|ipynb|py|pyc|log)$)", re.IGNORECASE)


@dataclass
class Sniff:
    """What a file holds at a glance: enough to recognise it without reading it all."""

    path: Path
    suffix: str
    columns: tuple[str, ...] = ()
    first_row: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()
    cells: frozenset = field(default_factory=frozenset)
    properties: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    geometries: tuple[str, ...] = ()

    def has(self, *names: str) -> bool:
        """Whether the CSV or parquet header holds every one of ``names``."""
        return all(n in self.columns for n in names)


def sniff(path) -> Sniff:
    """Look at the start of a file (header, sheet names, GeoJSON properties, JSON keys) without parsing it all."""
    path = Path(path)
    suffix = "".join(path.suffixes[-2:]).lower() if path.name.lower().endswith(".geo.json") else path.suffix.lower()
    found = Sniff(path, suffix)
    try:
        if suffix == ".csv":
            with open(path, "rb") as handle:
                head = handle.read(1 << 16)
            _sniff_text(found, head.decode("utf-8-sig", errors="replace"))
        elif suffix in (".xlsx", ".xls", ".xlsm"):
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(path))
            found.sheets = tuple(book.sheet_names)
            cells = set()
            for name in book.sheet_names[:12]:
                for row in book.get_sheet_by_name(name).to_python(nrows=12):
                    cells.update(str(c).strip().lower() for c in row if str(c).strip())
            found.cells = frozenset(cells)
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            found.columns = tuple(pq.read_schema(path).names)
        elif suffix in (".geojson", ".geo.json", ".json"):
            with open(path, "rb") as handle:
                head = handle.read(1 << 16).decode("utf-8-sig", errors="replace")
            if '"FeatureCollection"' in head:
                blocks = re.findall(r'"properties"\s*:\s*\{([^{}]*)\}', head)
                found.properties = tuple(dict.fromkeys(k for b in blocks for k in re.findall(r'"([^"]+)"\s*:', b)))
                found.geometries = tuple(dict.fromkeys(re.findall(
                    r'"type"\s*:\s*"((?:Multi)?(?:Point|LineString|Polygon))"', head)))
            else:
                found.keys = tuple(dict.fromkeys(re.findall(r'"([A-Za-z_]+)"\s*:', head)))
    except Exception:  # noqa: BLE001 - an unreadable file is simply not recognised; reading it says why
        pass
    return found


def _sniff_text(found: Sniff, text: str, delimiter: str = ",") -> Sniff:
    """Fill ``found`` with the header and first row of CSV text (the start of a file)."""
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:  # binary data, a NUL byte: no header to recognise
        return found
    if rows:
        found.columns = tuple(c.strip() for c in rows[0])
    if len(rows) > 1:
        found.first_row = tuple(rows[1])
    return found


@dataclass(frozen=True)
class Source:
    """One kind of input: how to recognise a file of it, its reader, and how several files of it combine.

    Parameters
    ----------
    name : str
        Registry key (``"ehc_caseload"``).
    title : str
        What it is, in words, for messages and the data check.
    recognise : callable
        ``Sniff -> bool``.
    reader : callable
        ``path -> DataFrame``.
    combine : {"one", "stack", "concat", "releases", "folder"}
        ``one``: a single file; ``stack``: several files stacked, refusing two that give one figure different
        values (identical copies are kept once); ``concat``: several files stacked as they are; ``releases``: several releases of one
        publication, each figure taken from the latest release (:func:`jsnakit.sources.dfe.combine_releases`);
        ``folder``: the reader takes the one folder holding the files (an Open Referral UK export).
    cache : bool, default True
        Whether parsed files are cached as parquet. Off for small files whose reader warns about records it
        keeps (a cached frame would load without the warnings).
    signature : tuple of (tuple, tuple), default ()
        The header of each layout of the source, for "near-miss" recognition by :func:`check`: pairs of
        (columns the reader needs, columns every file of that layout has besides). A CSV or parquet file no source
        recognises whose header lacks only a few of a layout's columns, at least one of them needed, is reported
        as a bad file of this source naming each missing column, rather than as not an input.
    """

    name: str
    title: str
    recognise: Callable[[Sniff], bool]
    reader: Callable
    combine: str = "one"
    cache: bool = True
    signature: tuple = ()


def _points(s: Sniff) -> bool:
    return bool(s.geometries) and set(s.geometries) <= {"Point", "MultiPoint"}


def _pair(prefix: str) -> Callable[[Sniff], bool]:
    pattern = re.compile(rf"^{prefix}\d{{2}}CD$", re.IGNORECASE)
    return lambda s: any(pattern.match(p) for p in s.properties)


#: The geography and period columns of an explore-education-statistics (EES) file.
_EES = tuple(_ees.GEOGRAPHY_COLUMNS)
#: Placement totals of the 2025-layout SEN2 caseload and new-plans files (every such file has them).
_PLACED = ("mainstream_total", "special_total", "ap_pru_total", "fe_total")
#: SEN2's count of plans by primary need.
_NEEDS = ("number_asd", "number_hi", "number_mld", "number_msi", "number_oth", "number_pd", "number_pmld",
          "number_semh", "number_slcn", "number_sld", "number_spld", "number_vi", "number_need_unknown")

#: The registry of inputs, by name.
SOURCES = {s.name: s for s in [
    Source("sen_provision", "DfE Special educational needs in England: pupils by SEN provision",
           lambda s: s.has("sen_provision", "pupil_count") or s.has("phase_type_grouping", "total_pupils", "ehc_plan",
                                                                    "sen_support"),
           dfe.read_sen_provision,
           signature=((_EES + ("sen_provision", "pupil_count"), ("pupil_percent", "phase_type_grouping")),
                      (_EES + ("phase_type_grouping", "total_pupils", "ehc_plan", "sen_support"),
                       ("type_of_establishment", "hospital_school", "ehc_plan_percent", "sen_support_percent")))),
    Source("sen_primary_need", "DfE Special educational needs in England: pupils by primary need",
           lambda s: s.has("sen_primary_need", "total_pupil_count"), dfe.read_sen_primary_need,
           signature=((_EES + ("sen_provision", "sen_primary_need", "total_pupil_count"), ("phase_type_grouping",)),)),
    Source("sen_provision_sex", "DfE Special educational needs in England: pupils by SEN provision and sex",
           lambda s: s.has("sen_provision", "sex", "age_total_pupil_count"), dfe.read_sen_provision_by_sex,
           signature=((_EES + ("sen_provision", "sex", "age_total_pupil_count"), ("age_total_pupil_percent",)),)),
    Source("ehc_caseload", "DfE Education, health and care plans: plans maintained in January (SEN2)",
           lambda s: s.has("breakdown_topic", "ehcplans") or s.has("characteristic_age", "Total_all"),
           dfe.read_ehc_caseload, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "ehcplans"), _PLACED),
                      (_EES + ("characteristic_age", "Total_all"),
                       ("Total_st", "Total_st_pc", "Total_ehc", "Total_ehc_pc", "Total_all_pc")))),
    Source("ehc_new_plans", "DfE Education, health and care plans: new plans in the calendar year (SEN2)",
           lambda s: s.has("breakdown_topic", "new_ehc_plans") or s.has("characteristic_age", "Total_new_all"),
           dfe.read_ehc_new_plans, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "new_ehc_plans"), _PLACED),
                      (_EES + ("characteristic_age", "Total_new_all"),
                       ("Total_new_st", "Total_new_st_pc", "Total_new_ehc", "Total_new_ehc_pc", "Total_new_all_pc")))),
    Source("ehc_needs", "DfE Education, health and care plans: primary need of plans (SEN2)",
           lambda s: s.has("breakdown_topic", "ehc_plans", "number_asd"), dfe.read_ehc_needs, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "ehc_plans") + _NEEDS, ()),)),
    Source("ehc_needs_by_age", "DfE Education, health and care plans: primary need by age (SEN2)",
           lambda s: s.has("breakdown_topic", "ehc_plans", "number_asd"), dfe.read_ehc_needs_by_age, "concat",
           signature=((_EES + ("breakdown_topic", "breakdown", "ehc_plans") + _NEEDS, ()),)),
    Source("ehc_timeliness", "DfE Education, health and care plans: 20-week timeliness (SEN2)",
           lambda s: s.has("plans_issued_den", "plans_issued_within_20_weeks") or s.has("TotIncExcEHC",
                                                                                       "IncExc20weekEHC"),
           dfe.read_ehc_timeliness, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "plans_issued_den", "plans_issued_within_20_weeks"),
                       ("plans_issued_den_ex", "plans_issued_20_weeks_ex", "pc_plans_issued_within_20_weeks")),
                      (_EES + ("TotIncExcEHC", "IncExc20weekEHC"),
                       ("TotNoExcEHC", "NoExc20weekEHC", "IncExc20weekRate", "NoExc20weekRate")))),
    Source("ehc_requests", "DfE Education, health and care plans: requests for assessment (SEN2)",
           lambda s: s.has("requests_received_in_year") or s.has("InreqEHC", "AssRefusedEHC"),
           dfe.read_ehc_requests, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "requests_received_in_year",
                               "requests_decided_to_assess", "requests_decided_not_to_assess",
                               "requests_decision_not_made", "requests_withdrawn"), ("requests_rya",)),
                      (_EES + ("InreqEHC", "AssRefusedEHC"), ("InreqryaEHC", "AssnoneEHC", "NewallEHC")))),
    Source("cin_sen", "DfE Outcomes for children in need: SEN of children in need and looked after",
           lambda s: s.has("social_care_group", "t_pupils", "t_statement_or_EHC_plan"), dfe.read_cin_sen,
           signature=((_EES + ("social_care_group", "t_pupils", "t_no_identified_SEN", "t_all_SEN", "t_SEN_support",
                               "t_statement_or_EHC_plan"), ("pt_all_SEN", "pt_SEN_support")),)),
    Source("population", "ONS mid-year population estimates (MYE2)",
           lambda s: any(re.fullmatch(r"\s*MYE\s*2\s*[-–]?\s*persons\s*", x, re.IGNORECASE) for x in s.sheets),
           ons.read_mid_year_estimates, "stack"),
    Source("neighbours", "DfE children's services statistical neighbours",
           lambda s: "la num" in s.cells and "sn1" in s.cells, dfe.read_statistical_neighbours),
    Source("boundaries", "ONS counties and unitary authorities boundaries", _pair("CTYUA"),
           boundaries.read_boundaries),
    Source("area_boundaries", "ONS boundaries of other areas (regions, ICBs, districts, ...)",
           lambda s: bool(s.properties) and not _pair("CTYUA")(s) and _pair("[A-Z]+")(s) and not _points(s),
           boundaries.read_area_boundaries, "concat"),
    Source("centroids", "ONS population-weighted centroids of small areas (MSOA, LSOA or OA)",
           lambda s: _pair("(MSOA|LSOA|OA)")(s) and _points(s), localities.read_centroids, "concat"),
    Source("census_age", "ONS Census 2021 residents by five-year age band (TS007A, Nomis bulk download)",
           lambda s: s.has("geography code", "Age: Total") and any(c.startswith("Age: Aged") for c in s.columns),
           localities.read_census_age, "concat"),
    Source("lookups", "ONS area lookups (lower tier to upper tier, sub-ICB to ICB, ...)",
           lambda s: sum(bool(re.fullmatch(r"[A-Z]+\d{2}CD", c, re.IGNORECASE)) for c in s.columns) >= 2,
           boundaries.read_lookup, "concat"),
    Source("imd", "MHCLG English Indices of Deprivation 2019: upper-tier LA summaries",
           lambda s: {"IMD", "Income", "IDACI"} <= {x.strip() for x in s.sheets},
           lambda p: mhclg.read_imd_summary(p, domain="all")),
    Source("fingertips", "OHID Fingertips indicator data (CSV export)",
           lambda s: s.has("Indicator ID", "Area Code", "Time period", "Value"), fingertips.read_fingertips_csv,
           "concat", signature=((("Indicator ID", "Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age",
                                  "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
                                  "Upper CI 95.0 limit", "Count", "Denominator", "Value note"), ()),)),
    Source("lait", "DfE Local Authority Interactive Tool (LAIT) data (bds_long)",
           lambda s: s.has("Short Desc", "Years", "LA Number", "Values"), lait.read_lait, "concat",
           signature=((("Short Desc", "Years", "LA Number", "Values"), ("Data item", "LA and Regions")),)),
    Source("lait_dictionary", "DfE LAIT data dictionary",
           lambda s: s.has("Measure_code", "Measure_short", "Polarity"), lait.read_lait_dictionary,
           signature=((("Measure_code", "Measure_short", "Polarity"), ("Topic", "Measure", "Description")),)),
    Source("la_codes", "DfE list of LA numbers (LAIT la_code_list)",
           lambda s: {"la number", "la name", "type"} <= s.cells and "sn1" not in s.cells, lait.read_la_codes),
    Source("transitions", "SEN2 person-level transitions between Januaries (witan.send transitions.csv)",
           lambda s: s.has("calendar-year", "setting-1", "need-1", "academic-year-1", "setting-2")
           or s.has("calendar_year", "setting_1", "need_1", "academic_year_1", "setting_2"),
           transitions.read_transitions),
    Source("local_offer", "Local Offer in Open Referral UK 3.0 form (JSON or CSV tables)",
           lambda s: s.has("id", "organization_id", "name", "status") or (
               {"id", "name"} <= set(s.keys) and bool({"status", "service_at_locations", "contents"} & set(s.keys))
               and "properties" not in s.keys),  # a JSON schema of OR UK is not a Local Offer
           provision.read_local_offer, "folder"),
    Source("commissioning_register", "Commissioning register of SEND services (jsnakit's schema)",
           lambda s: s.has("area_code", "service_name", "service_type", "partners", "funding_route"),
           commissioning.read_commissioning_register, "concat", cache=False,
           signature=((("area_code", "service_name", "service_type", "partners", "funding_route"),
                       ("service_id", "capacity", "needs")),)),
]}


def identify(path) -> list[str]:
    """The kinds of input a file is, by its content (a file may serve two: ``sen2_mi.csv`` holds both timeliness
    and requests); [] when it is none jsnakit reads.

    Examples
    --------
    >>> identify("data_samples/dfe_ehc_plans/caseload.csv")   # doctest: +SKIP
    ['ehc_caseload']
    """
    found = sniff(path)
    return [name for name, source in SOURCES.items() if source.recognise(found)]


#: What a file of each suffix jsnakit reads should be, in words.
_DATA_SUFFIXES = {".csv": "a CSV file", ".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook",
                  ".xls": "an Excel workbook", ".parquet": "a parquet file", ".json": "a JSON file",
                  ".geojson": "a GeoJSON file", ".geo.json": "a GeoJSON file"}
#: What a file's first bytes say it is (for the words of a bad file's reason).
_CONTENT = {"zip": "a zip archive (an .xlsx workbook or a zipped download)", "ole": "a legacy Excel workbook (.xls)",
            "parquet": "a parquet file", "html": "an HTML page (a failed download?)", "binary": "binary data",
            "utf-16": "UTF-16 text", "text": "a text file"}
_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def diagnose(path) -> list[tuple[str, str, list[Failure]]]:
    """Why a file that no source recognises cannot be read, when it looks like an input or cannot be read at all.

    :func:`identify` recognises a file only when it can be read as the source's readers expect. This looks again
    at a file it did not recognise ("near-miss" recognition, still by content): a file with a data suffix that is
    empty, binary, damaged or truncated; a CSV in UTF-16 or separated by semicolons (or tabs) whose content is a
    known publication; a CSV saved under an Excel suffix; a header that lacks a few of the columns of a known
    layout (:attr:`Source.signature`); an ONS MYE workbook whose ``MYE2`` sheets were renamed.

    Parameters
    ----------
    path : str or pathlib.Path
        A file :func:`identify` found to be no input.

    Returns
    -------
    list of (str, str, list of jsnakit.core.errors.Failure)
        For each source the file nearly is (or ``""`` when the file cannot be read at all): the source's name,
        a title, and the failures that make it bad. Empty when the file is readable and simply not an input (a
        JSON schema, an unrelated CSV or workbook), or has a suffix jsnakit does not read.

    Examples
    --------
    >>> import tempfile
    >>> empty = Path(tempfile.mkdtemp()) / "caseload.csv"
    >>> _ = empty.write_bytes(b"")
    >>> [(name, [f.got for f in failures]) for name, _, failures in diagnose(empty)]
    [('', ['an empty file (0 bytes)'])]
    """
    path = Path(path)
    found = sniff(path)
    what = _DATA_SUFFIXES.get(found.suffix)
    if what is None:
        return []
    file = str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except OSError as exc:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} jsnakit can open", str(exc))])]
    if not head:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} with data",
                                                            "an empty file (0 bytes)")])]
    kind = _content_kind(head)
    if found.suffix == ".csv":
        return _diagnose_csv(file, head, kind)
    if found.suffix in (".xlsx", ".xlsm", ".xls"):
        return _diagnose_workbook(path, found, head, kind)
    if found.suffix == ".parquet":
        if found.columns:
            return _near_miss_rows(file, found)
        if kind == "text":
            return _as_text(file, head, kind, f"{what}, as its suffix says", "a CSV file (text) named .parquet")
        return [("", "a file jsnakit cannot read", [Failure(
            file, None, None, "a parquet file, as its suffix says",
            f"a damaged or truncated parquet file ({_first_line(_parquet_error(path))})" if kind == "parquet"
            else _CONTENT[kind])])]
    return _diagnose_json(path, what, kind)


def _content_kind(head: bytes) -> str:
    """What the first bytes of a file are: zip, ole, parquet, utf-16, html, binary or text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PAR1"):
        return "parquet"
    sample = head[:4096]
    odd, even = sample[1::2], sample[0::2]
    if len(sample) >= 4 and (odd.count(0) > 0.8 * len(odd) or even.count(0) > 0.8 * len(even)):
        return "utf-16"                                         # UTF-16 without a byte-order mark
    if b"\x00" in sample:
        return "binary"
    text = sample.decode("utf-8", errors="replace")
    if text.lstrip("\ufeff \t\r\n").lower().startswith(("<!doctype html", "<html")):
        return "html"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\x0c")
    if controls > 0.01 * len(text) or text.count("\ufffd") > 0.1 * len(text):
        return "binary"
    return "text"


def _decode(head: bytes, kind: str) -> str:
    """The start of a text file as text (UTF-16 with or without a byte-order mark, else UTF-8)."""
    if kind == "utf-16":
        if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = (b"\xff\xfe" if head[1:2] == b"\x00" else b"\xfe\xff") + head
        return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    return head.decode("utf-8-sig", errors="replace")


def _candidates(found: Sniff) -> list[tuple[str, list[str]]]:
    """The sources a header is (missing nothing) or nearly is (missing a few columns of a layout), best first:
    ``[(name, missing columns the reader needs)]``."""
    exact = [(name, []) for name, source in SOURCES.items() if source.recognise(found)]
    return exact or _near_misses(found)


def _near_misses(found: Sniff) -> list[tuple[str, list[str]]]:
    """Sources whose layout the header nearly has (all but a fifth of its columns at most, one or more of them
    needed by the reader); only the closest are kept (a caseload without ``ehcplans`` is as near to new plans
    without ``new_ehc_plans``: both are named)."""
    if not found.columns:
        return []
    header = set(found.columns)
    near = []
    for name, source in SOURCES.items():
        for needed, markers in source.signature:
            layout = set(needed) | set(markers)
            lacking = layout - header
            missing = [c for c in needed if c not in header]
            if missing and len(lacking) <= max(1, len(layout) // 5):
                near.append((len(lacking), name, missing))
    if not near:
        return []
    best = min(n for n, _, _ in near)
    closest: dict[str, list[str]] = {}
    for n, name, missing in near:
        if n == best:
            closest.setdefault(name, missing)
    return list(closest.items())


def _near_miss_rows(file: str, found: Sniff) -> list[tuple[str, str, list[Failure]]]:
    """Bad rows for a readable header that lacks columns of a known layout (row 1, each missing column)."""
    return [(name, SOURCES[name].title, [Failure(file, 1, column, "this column in the header",
                                                 f"header {list(found.columns)}") for column in missing])
            for name, missing in _near_misses(found)]


def _as_text(file: str, head: bytes, kind: str, expected: str, got: str) -> list[tuple[str, str, list[Failure]]]:
    """A text file where another format was expected: bad for the sources its content is (or nearly is), else
    [] (a readable file that is simply not an input)."""
    found = _sniff_text(Sniff(Path(file), ".csv"), _decode(head, kind))
    return [(name, SOURCES[name].title, [Failure(file, None, None, expected, got)]) for name, _ in _candidates(found)]


def _diagnose_csv(file: str, head: bytes, kind: str) -> list[tuple[str, str, list[Failure]]]:
    if kind == "utf-16":
        # jsnakit reads CSV as UTF-8 (or Latin-1), as EES publishes it: UTF-16 is bad whatever it holds.
        expected, got = "a CSV file of UTF-8 text (in Excel: Save As 'CSV UTF-8')", "UTF-16 text"
        rows = _as_text(file, head, kind, expected, got)
        return rows or [("", "a file jsnakit cannot read", [Failure(file, None, None, expected, got)])]
    if kind != "text":
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, "a CSV file (text)", _CONTENT[kind])])]
    text = _decode(head, kind)
    found = _sniff_text(Sniff(Path(file), ".csv"), text)
    if len(found.columns) == 1:
        for delimiter, words in _DELIMITERS.items():
            if delimiter in found.columns[0]:
                split = _sniff_text(Sniff(Path(file), ".csv"), text, delimiter=delimiter)
                return [(name, SOURCES[name].title, [Failure(file, None, None, "a CSV separated by commas (UTF-8)",
                                                             f"a file separated by {words}")])
                        for name, _ in _candidates(split)]
    return _near_miss_rows(file, found)


def _diagnose_workbook(path: Path, found: Sniff, head: bytes, kind: str) -> list[tuple[str, str, list[Failure]]]:
    file = str(path)
    if found.sheets:
        return _near_miss_workbook(file, found)
    if kind in ("text", "utf-16"):
        # A readable text file under an Excel suffix is bad only when it holds a known input (else not an input).
        return _as_text(file, head, kind, f"an Excel workbook, as its suffix {found.suffix} says",
                        f"a CSV file (text) named {found.suffix}: rename it .csv")
    if kind in ("zip", "ole"):
        got = f"a damaged or truncated workbook ({_first_line(_workbook_error(path))})"
    else:
        got = _CONTENT[kind]
    return [("", "a file jsnakit cannot read", [Failure(file, None, None, "an Excel workbook, as its suffix says",
                                                        got)])]


def _near_miss_workbook(file: str, found: Sniff) -> list[tuple[str, str, list[Failure]]]:
    """An ONS MYE workbook whose MYE2 sheets were renamed: its cells still hold the table's header and title."""
    cells = found.cells
    mye = {"code", "name", "all ages"} <= cells and any(
        "single year of age" in c or c.startswith("mye2") for c in cells)
    if not mye:
        return []
    return [("population", SOURCES["population"].title, [Failure(
        file, None, "MYE2 - Persons", "a sheet named 'MYE2 - Persons' (and 'MYE2 - Males', 'MYE2 - Females'), "
        "as ONS names them", f"sheets {list(found.sheets)}")])]


def _diagnose_json(path: Path, what: str, kind: str) -> list[tuple[str, str, list[Failure]]]:
    file = str(path)
    if kind not in ("text", "utf-16"):
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} (text)", _CONTENT[kind])])]
    try:
        json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} in UTF-8",
                                                            "text in another encoding")])]
    except ValueError as exc:
        return [("", "a file jsnakit cannot read", [Failure(file, None, None, f"{what} that is well-formed JSON",
                                                            f"{exc} (is it truncated?)")])]
    return []


def _first_line(text: str) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else "no reason given"
    return line if len(line) <= 120 else line[:117] + "..."


def _workbook_error(path: Path) -> str:
    from python_calamine import CalamineWorkbook

    try:
        CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises several kinds; the words are all we want
        return f"{type(exc).__name__}: {exc}"
    return "its sheets cannot be read"


def _parquet_error(path: Path) -> str:
    import pyarrow.parquet as pq

    try:
        pq.read_schema(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds; the words are all we want
        return f"{type(exc).__name__}: {exc}"
    return "its columns cannot be read"


def default_cache_dir() -> Path:
    """Where parsed frames are cached: ``$JSNAKIT_CACHE``, else ``$XDG_CACHE_HOME/jsnakit``, else ``~/.cache/jsnakit``."""
    if os.environ.get("JSNAKIT_CACHE"):
        return Path(os.environ["JSNAKIT_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "jsnakit"


class Catalog:
    """The inputs in one data folder.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        Folder holding the published files (sub-folders are searched), e.g. ``data_samples``. Files are recognised
        by content, so they may keep whatever names they were downloaded with.
    cache_dir : str, pathlib.Path or False, optional
        Where parsed frames are cached as parquet (default :func:`default_cache_dir`); ``False`` for no cache.

    Examples
    --------
    >>> cat = Catalog("data_samples")          # doctest: +SKIP
    >>> cat.load("ehc_caseload").head()         # doctest: +SKIP
    """

    def __init__(self, data_dir, *, cache_dir=None):
        self.data_dir = Path(data_dir)
        if not self.data_dir.is_dir():
            raise ArgumentError(f"data_dir must be a folder of published files; got {str(data_dir)!r}, which is not a folder")
        self.cache_dir = None if cache_dir is False else Path(cache_dir) if cache_dir else default_cache_dir()
        self._frames: dict[str, object] = {}
        self._failed: dict[str, InputError] = {}  # sources that did not read: not read again

    @cached_property
    def _kinds(self) -> dict[Path, list[str]]:
        files = sorted(p for p in self.data_dir.rglob("*") if p.is_file() and not _ignored(p, self.data_dir))
        return {p: identify(p) for p in files}

    def paths(self, name: str) -> list[Path]:
        """The files of one source, sorted; [] when the folder holds none."""
        _source(name)
        return [p for p, kinds in self._kinds.items() if name in kinds]

    def unrecognised(self) -> list[Path]:
        """Files in the folder that are none of the inputs jsnakit reads."""
        return [p for p, kinds in self._kinds.items() if not kinds]

    def has(self, name: str) -> bool:
        """Whether the folder holds the source."""
        return bool(self.paths(name))

    def load(self, name: str):
        """Read a source (once; through the parquet cache) and return its tidy frame.

        Raises
        ------
        InputError
            When the folder holds no file of that source, two files where one is expected, or a file is bad; when
            two files give one figure different values (two copies of one SEN2 release, two LAIT or Fingertips
            files, two population workbooks of one mid-year: see :func:`jsnakit.sources.dfe.combine_releases`;
            identical copies are read once); or, for the SEN2 caseload when the folder holds ONS population
            estimates, plans of an age above the area's population of that age
            (:func:`jsnakit.sources.dfe.plans_within_population`). A source that failed once fails again with the
            same error, without reading its files again.
        """
        if name in self._failed:
            raise self._failed[name]
        if name not in self._frames:
            try:
                self._load(name)
            except InputError as error:
                self._failed[name] = error
                raise
        frame = self._frames[name]
        return frame.copy() if isinstance(frame, pd.DataFrame) else frame

    def _load(self, name: str) -> None:
        """Read a source into ``self._frames`` (see :meth:`load`)."""
        source = _source(name)
        paths = self.paths(name)
        if not paths:
            raise InputError.single(self.data_dir, None, None, f"a file of {source.title}", "no such file")
        if source.combine == "folder":
            folders = {p.parent for p in paths}
            if len(folders) > 1:
                raise InputError.single(self.data_dir, None, None, f"the files of {source.title} in one folder",
                                        sorted(str(f.relative_to(self.data_dir)) for f in folders))
            self._frames[name] = source.reader(folders.pop())
            return
        if source.combine == "one" and len(paths) > 1:
            raise InputError.single(self.data_dir, None, None, f"one file of {source.title}",
                                    [str(p.relative_to(self.data_dir)) for p in paths])
        frames = [self.read(name, p) for p in paths]
        combined = _combine(name, frames, paths)
        if name in _CROSS_CHECKS and self.has(_CROSS_CHECKS[name][0]):
            other, rule = _CROSS_CHECKS[name]
            try:
                against = self.load(other)
            except InputError:  # the other source's own load says what is wrong with it
                against = None
            if against is not None:
                _ees.raise_if([f for p, frame in zip(paths, frames)
                               for f in rule(p, frame, against, self.paths(other))])
        self._frames[name] = combined

    def local_offer(self, area_code: str):
        """The Local Offer of one area, when the folder holds Local Offers of several areas.

        Each Local Offer is a folder of Open Referral UK files. The area's is the folder whose name is the area's
        GSS code, else the one whose services' areas (``service_areas``) name it most, else the only one.

        Parameters
        ----------
        area_code : str
            GSS code or DfE LA number.

        Returns
        -------
        jsnakit.sources.provision.LocalOffer or None
            None when the data folder holds no Local Offer for the area.

        Raises
        ------
        InputError
            When the area's Local Offer is bad (see :func:`jsnakit.sources.provision.read_local_offer`).
        """
        code = geography.area(area_code)["area_code"]
        folders = sorted({p.parent for p in self.paths("local_offer")})
        named = [f for f in folders if f.name == code]
        if named:
            return provision.read_local_offer(named[0])
        if len(folders) == 1:
            return provision.read_local_offer(folders[0])
        for folder in folders:
            if folder.name[:3] in ("E06", "E08", "E09", "E10") and folder.name != code:
                continue  # another area's, by its name
            offer = provision.read_local_offer(folder)
            if (offer.service_areas["area_code"] == code).any():
                return offer
        return None

    def read(self, name: str, path) -> pd.DataFrame:
        """Parse one file with the reader of ``name``, from the cache when the file is unchanged."""
        source = _source(name)
        path = Path(path)
        cached = self._cache_path(name, path) if source.cache else None
        if cached is not None and cached.exists():
            try:
                return _read_parquet(cached)
            except Exception:  # a damaged cache file is re-made, never trusted
                cached.unlink(missing_ok=True)
        frame = source.reader(path)
        if cached is not None and isinstance(frame, pd.DataFrame):
            _write_parquet(frame, cached)
        return frame

    def _cache_path(self, name: str, path: Path) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{name}-{_sha256(path)[:24]}-{_code_version()}.parquet"

    def files(self) -> pd.DataFrame:
        """Every input file found: ``source, title, path, bytes, sha256`` (for a factsheet's data section)."""
        rows = []
        for path, kinds in self._kinds.items():
            for name in kinds:
                rows.append((name, SOURCES[name].title, str(path.relative_to(self.data_dir)), path.stat().st_size,
                             _sha256(path)))
        return pd.DataFrame(rows, columns=["source", "title", "path", "bytes", "sha256"])


def check(data_dir, *, cache_dir=None) -> pd.DataFrame:
    """Say what each file of a data folder is, what it covers, and every problem found (``jsnakit data check``).

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The folder an analyst filled with downloaded files.
    cache_dir : optional
        As for :class:`Catalog`; files that read cleanly are cached, so the next load is fast.

    Returns
    -------
    pandas.DataFrame
        One row per file and kind: ``path, source, title, rows, areas, periods, status, problems`` where
        ``status`` is ``ok``, ``bad`` (an :class:`~jsnakit.core.errors.InputError`: ``problems`` lists its failures),
        ``part`` (a table read with the others of its folder, e.g. an Open Referral UK export) or
        ``unrecognised``; for a Local Offer, ``rows`` counts services and ``problems`` holds its warnings; ``areas`` counts England/regions/LAs (e.g. ``1 country, 9 regions, 153 LAs``);
        ``periods`` is first-last.

    Notes
    -----
    No file is skipped silently. A file no source recognises is ``unrecognised`` only when it is readable and
    nothing like an input; one that cannot be read (empty, binary, UTF-16, damaged or truncated, a CSV under an
    Excel suffix, a known publication separated by semicolons, lacking a column or with renamed sheets) is
    ``bad`` with the reason (:func:`diagnose`). After each file is read alone, the sources of several files are
    combined as :meth:`Catalog.load` combines them, so that two files giving one figure different values are
    both ``bad``, and cross-checks between sources run (SEN2 plans of an age above the population of that age,
    when the folder holds ONS estimates).
    """
    catalog = Catalog(data_dir, cache_dir=cache_dir)
    rows: list[list] = []
    at: dict[tuple[Path, str], int] = {}                    # (file, source) -> its row
    folders = {p.parent: name for p, kinds in catalog._kinds.items() for name in kinds
               if SOURCES[name].combine == "folder"}
    # Frames kept for the second pass: sources of several files (combined as Catalog.load combines them) and
    # the sources of a cross-check.
    crossed = {n for n, (other, _) in _CROSS_CHECKS.items() if catalog.has(n) and catalog.has(other)}
    crossed |= {_CROSS_CHECKS[n][0] for n in crossed}
    keep = {n for n in SOURCES if SOURCES[n].combine != "folder" and len(catalog.paths(n)) > 1} | crossed
    kept: dict[str, dict[Path, pd.DataFrame]] = {}
    read_folders: set = set()
    for path, kinds in catalog._kinds.items():
        rel = str(path.relative_to(catalog.data_dir))
        if not kinds:
            if path.parent in folders and path.suffix.lower() in (".csv", ".json"):
                title = f"a table of the {SOURCES[folders[path.parent]].title} in this folder"
                rows.append([rel, folders[path.parent], title, 0, "", "", "part", ""])
                continue
            try:
                diagnosed = diagnose(path)
            except Exception as exc:  # noqa: BLE001 - never skip a file: a file that defeats the diagnosis is bad
                diagnosed = [("", "a file jsnakit cannot read", [Failure(str(path), None, None, "a file jsnakit can read",
                                                                         f"{type(exc).__name__}: {exc}")])]
            for name, title, failures in diagnosed:
                rows.append([rel, name, title, 0, "", "", "bad", "\n".join(str(f) for f in failures)])
            if not diagnosed:
                rows.append([rel, "", "not an input jsnakit reads", 0, "", "", "unrecognised", ""])
        for name in kinds:
            source = SOURCES[name]
            if source.combine == "folder" and path.parent in read_folders:
                rows.append([rel, name, f"read with the other files of {source.title} in this folder", 0, "", "",
                             "part", ""])
                continue
            at[(path, name)] = len(rows)
            try:
                if source.combine == "folder":
                    read_folders.add(path.parent)
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        offer = source.reader(path.parent)
                    notes = "\n".join(str(w.message) for w in caught)
                    rows.append([rel, name, source.title, len(offer.services), "", "", "ok", notes])
                    continue
                frame = catalog.read(name, path)
            except InputError as exc:
                problems = "\n".join(str(f) for f in exc._failures)
                rows.append([rel, name, SOURCES[name].title, 0, "", "", "bad", problems])
                continue
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the check of the others
                rows.append([rel, name, SOURCES[name].title, 0, "", "", "bad", f"{type(exc).__name__}: {exc}"])
                continue
            rows.append([rel, name, SOURCES[name].title, len(frame), _coverage(frame), _periods(frame), "ok", ""])
            if name in keep:
                kept.setdefault(name, {})[path] = frame
    _check_together(catalog, rows, at, kept)
    return pd.DataFrame(rows, columns=["path", "source", "title", "rows", "areas", "periods", "status", "problems"])


def _check_together(catalog: Catalog, rows: list[list], at: dict, kept: dict) -> None:
    """The second pass of :func:`check`: what only shows when files are read together, as :meth:`Catalog.load`
    reads them (two files of a source that cannot both be loaded, two files that give one figure different
    values, a count above the population of its age). Each failure marks every file it names bad."""

    def mark(name: str, failures: list, paths) -> None:
        for failure in failures:
            named = [p for p in paths if str(p) == failure.file or str(p) in str(failure.expected)]
            for path in named:
                row = rows[at[(path, name)]]
                row[6] = "bad"
                row[7] = "\n".join(x for x in (row[7], str(failure)) if x)

    combined: dict[str, pd.DataFrame] = {}
    for name, frames in kept.items():
        paths = list(frames)
        if len(paths) > 1 and SOURCES[name].combine == "one":
            for path in paths:
                others = [str(p.relative_to(catalog.data_dir)) for p in paths if p != path]
                mark(name, [Failure(str(path), None, None, f"one file of {SOURCES[name].title} in the folder",
                                    f"also {', '.join(others)}")], [path])
            continue
        try:
            combined[name] = _combine(name, list(frames.values()), paths)
        except InputError as exc:
            mark(name, exc._failures, paths)
    for name, (other, rule) in _CROSS_CHECKS.items():
        if name in kept and other in combined and len(kept[other]) == len(catalog.paths(other)):
            for path, frame in kept[name].items():
                mark(name, rule(path, frame, combined[other], catalog.paths(other)), [path])


def describe_check(report: pd.DataFrame) -> str:
    """The data check as text: one block per file, problems indented, and a summary line.

    Examples
    --------
    >>> r = pd.DataFrame([("a.csv", "ehc_caseload", "SEN2 caseload", 10, "1 country", "2024/25", "ok", ""),
    ...                   ("b.txt", "", "not an input jsnakit reads", 0, "", "", "unrecognised", "")],
    ...                  columns=["path", "source", "title", "rows", "areas", "periods", "status", "problems"])
    >>> print(describe_check(r))
    ok            a.csv
                  SEN2 caseload [ehc_caseload]: 10 rows; 1 country; 2024/25
    unrecognised  b.txt
                  not an input jsnakit reads
    data check: 2 files: 1 ok, 0 bad, 1 unrecognised
    """
    lines = []
    for row in report.itertuples():
        lines.append(f"{row.status:<13} {row.path}")
        if row.status == "ok" and row.source:
            facts = [f"{row.rows} rows"] + [x for x in (row.areas, row.periods) if x]
            lines.append(f"{'':13} {row.title} [{row.source}]: " + "; ".join(facts))
        else:
            lines.append(f"{'':13} {row.title}")
        problems = [p for p in str(row.problems).split("\n") if p]
        for problem in problems[:10]:
            lines.append(f"{'':15}{problem}")
        if len(problems) > 10:
            lines.append(f"{'':15}... and {len(problems) - 10} more")
    files = report["path"].nunique()
    status = report.groupby("path")["status"].agg(lambda s: "bad" if (s == "bad").any() else s.iloc[0])
    lines.append(f"data check: {files} files: {(status.isin(['ok', 'part'])).sum()} ok, {(status == 'bad').sum()} bad, "
                 f"{(status == 'unrecognised').sum()} unrecognised")
    return "\n".join(lines)


def _coverage(frame: pd.DataFrame) -> str:
    if "area_code" not in frame.columns:
        return ""
    known = geography.areas()["area_type"]
    types = frame["area_code"].map(known)
    if "area_type" in frame.columns:
        types = types.fillna(frame["area_type"])
    types = types.fillna("other area").where(~types.isin(geography.LA_TYPES), "LA")
    codes = frame.assign(_type=types).groupby("_type")["area_code"].nunique()
    order = ["country", "region", "LA"] + sorted(set(codes.index) - {"country", "region", "LA"})
    words = {"country": "country", "region": "regions", "LA": "LAs", "former local authority": "former LAs",
             "london part": "parts of London (Inner, Outer)", "other area": "other areas"}
    return ", ".join(f"{int(codes[t])} {words.get(t, t)}" for t in order if t in codes.index)


def _periods(frame: pd.DataFrame) -> str:
    if "period" not in frame.columns or not len(frame):
        return ""
    periods = sorted(frame["period"].dropna().astype(str).unique())
    return periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]} ({len(periods)})"


def _ignored(path: Path, root: Path) -> bool:
    return any(_IGNORED.search(part) for part in path.relative_to(root).parts)


def _code_digest(*names: str) -> str:
    """12 hex digits of a digest of jsnakit's version and the package files ``names`` (globs relative to the
    package folder, e.g. ``"sources/*.py"``): a cache made by other code is never used."""
    root = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for name in names for p in root.glob(name)):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _code_version() -> str:
    """A digest of the code that shapes a parsed frame (readers, catalogue, geography, schema, area table) and the
    jsnakit version: a cache file made by other code is never used."""
    return _code_digest("sources/*.py", "core/*.py", "catalog.py", "data/areas.csv")


def _sha256(path: Path) -> str:
    """SHA-256 of a file's content, read once per version of the file (path, inode, size, modification and change
    times): the catalogue, its cache keys and :func:`jsnakit.needs.profile.published` hash each input once a process."""
    stat = Path(path).stat()
    return _sha256_of(str(Path(path).resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@lru_cache(maxsize=1024)
def _sha256_of(path: str, inode: int, size: int, mtime_ns: int, ctime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_parquet(frame: pd.DataFrame, target: Path) -> None:
    """Write a frame to the cache atomically: a temporary file in the same folder, then rename."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        os.close(handle)
        try:
            objects = [str(c) for c in frame.columns if frame[c].dtype == object and c != "geometry"]
            if hasattr(frame, "geometry"):
                frame.to_parquet(tmp, index=False)
                _tag(tmp, objects)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(frame, preserve_index=False)
                meta = {**(table.schema.metadata or {}), b"jsnakit_object_columns": json.dumps(objects).encode()}
                pq.write_table(table.replace_schema_metadata(meta), tmp)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:  # noqa: BLE001 - a read-only or full cache folder, or a column parquet cannot hold, only costs speed
        pass


def _tag(path: str, objects: list[str]) -> None:
    """Note in the parquet file which columns were ``object`` (text) in the reader's frame, so a cached read gives
    back the same dtypes as a fresh one (parquet alone would bring text back as pandas' ``str`` dtype)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    meta = dict(table.schema.metadata or {})
    meta[b"jsnakit_object_columns"] = json.dumps(objects).encode()
    pq.write_table(table.replace_schema_metadata(meta), path)


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    if b"geo" in meta:
        import geopandas as gpd

        frame = gpd.read_parquet(path)
    else:
        frame = pd.read_parquet(path)
    for column in json.loads(meta.get(b"jsnakit_object_columns", b"[]")):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), np.nan)
    return frame


def _in_words(*columns: str) -> Callable[[pd.Series], str]:
    """``row -> words`` naming a figure by its key columns, for conflict messages (never its value)."""
    def describe(row: pd.Series) -> str:
        what = ", ".join(f"{c} {_plain(row[c])}" for c in columns if c in row.index and pd.notna(row[c]))
        area = row.get("area_code", row.get("locality_code"))
        name = row.get("area_name", row.get("locality_name"))
        where = f" for {area}" + (f" {name}" if isinstance(name, str) else "") if area is not None else ""
        return f"{what}{where} in {row['period']}"
    return describe


def _plain(value) -> str:
    """A key as a person writes it: ``7.0`` -> ``7``."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


#: Sources stacked from several files whose figures two files must not give differently: key columns, value
#: columns and how a figure is named in a message. Other "concat" sources (boundaries, centroids, lookups, the
#: commissioning register) are stacked as they are.
_CONFLICTS = {
    "ehc_needs_by_age": (["measure", "need", "breakdown", "category", "area_code", "period"], ["count", "note"],
                         _in_words("measure", "need", "breakdown", "category")),
    "lait": (["measure_code", "area_code", "period", "academic_year"], ["value", "note"], _in_words("measure_code")),
    "fingertips": (["indicator_id", "area_code", "sex", "age", "category_type", "category", "period"],
                   ["value", "count", "denominator", "note"],
                   _in_words("indicator_id", "sex", "age", "category_type", "category")),
    "census_age": (["locality_code", "period", "age_band"], ["population"], _in_words("age_band")),
    "population": (["period", "area_code", "sex", "age"], ["population"], _in_words("sex", "age")),
}


def _combine(name: str, frames: list, paths: list) -> pd.DataFrame:
    """The frames of a source's files as one frame, by the source's ``combine`` rule.

    Files that give one figure different values are refused (:func:`jsnakit.sources._overlap.refuse_conflicts`):
    two copies of one SEN2 release (the later of two releases wins, DfE's practice), two LAIT or Fingertips files,
    two population workbooks. Identical figures in two files (the same file downloaded twice) are kept once.
    """
    source = SOURCES[name]
    names = [str(p) for p in paths]
    if source.combine == "releases":
        return dfe.combine_releases(*frames, files=names)
    if source.combine not in ("concat", "stack") or len(frames) == 1:
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    stacked = pd.concat([f.assign(**{_overlap.FILE: i}) for i, f in enumerate(frames)], ignore_index=True)
    once = stacked
    if name in _CONFLICTS:
        keys, values, describe = _CONFLICTS[name]
        keys = [k for k in keys if k in stacked.columns]
        once = _overlap.refuse_conflicts(stacked, keys, [v for v in values if v in stacked.columns], names,
                                         describe=describe, why=f"another file of {source.title}")
    return once.drop(columns=_overlap.FILE).reset_index(drop=True)


def _population_rule(path, frame: pd.DataFrame, population: pd.DataFrame, population_paths: list) -> list:
    return dfe.plans_within_population(path, frame, population, population_files=population_paths)


#: Checks across sources, by the source checked: (the other source, ``(path, frame, other frame, other paths)
#: -> failures``). Run by :meth:`Catalog.load` and :func:`check` when the folder holds both.
_CROSS_CHECKS = {"ehc_caseload": ("population", _population_rule)}


def _source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise ArgumentError(f"source must be one of {sorted(SOURCES)}; got {name!r}") from None
