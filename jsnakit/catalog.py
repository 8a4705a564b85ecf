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

from . import __version__, geography
from .errors import ArgumentError, InputError
from . import transitions
from .sources import boundaries, commissioning, dfe, fingertips, lait, localities, mhclg, ons, provision

__all__ = ["Catalog", "SOURCES", "Source", "Sniff", "identify", "check", "describe_check", "default_cache_dir"]

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
            text = head.decode("utf-8-sig", errors="replace")
            rows = list(csv.reader(io.StringIO(text)))
            if rows:
                found.columns = tuple(c.strip() for c in rows[0])
            if len(rows) > 1:
                found.first_row = tuple(rows[1])
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
        ``one``: a single file; ``stack``: several files stacked, refusing two that hold the same period for the
        same area; ``concat``: several files stacked as they are; ``releases``: several releases of one
        publication, each figure taken from the latest release (:func:`jsnakit.sources.dfe.combine_releases`);
        ``folder``: the reader takes the one folder holding the files (an Open Referral UK export).
    cache : bool, default True
        Whether parsed files are cached as parquet. Off for small files whose reader warns about records it
        keeps (a cached frame would load without the warnings).
    """

    name: str
    title: str
    recognise: Callable[[Sniff], bool]
    reader: Callable
    combine: str = "one"
    cache: bool = True


def _points(s: Sniff) -> bool:
    return bool(s.geometries) and set(s.geometries) <= {"Point", "MultiPoint"}


def _pair(prefix: str) -> Callable[[Sniff], bool]:
    pattern = re.compile(rf"^{prefix}\d{{2}}CD$", re.IGNORECASE)
    return lambda s: any(pattern.match(p) for p in s.properties)


#: The registry of inputs, by name.
SOURCES = {s.name: s for s in [
    Source("sen_provision", "DfE Special educational needs in England: pupils by SEN provision",
           lambda s: s.has("sen_provision", "pupil_count"), dfe.read_sen_provision),
    Source("sen_primary_need", "DfE Special educational needs in England: pupils by primary need",
           lambda s: s.has("sen_primary_need", "total_pupil_count"), dfe.read_sen_primary_need),
    Source("sen_provision_sex", "DfE Special educational needs in England: pupils by SEN provision and sex",
           lambda s: s.has("sen_provision", "sex", "age_total_pupil_count"), dfe.read_sen_provision_by_sex),
    Source("ehc_caseload", "DfE Education, health and care plans: plans maintained in January (SEN2)",
           lambda s: s.has("breakdown_topic", "ehcplans") or s.has("characteristic_age", "Total_all"),
           dfe.read_ehc_caseload, "releases"),
    Source("ehc_new_plans", "DfE Education, health and care plans: new plans in the calendar year (SEN2)",
           lambda s: s.has("breakdown_topic", "new_ehc_plans") or s.has("characteristic_age", "Total_new_all"),
           dfe.read_ehc_new_plans, "releases"),
    Source("ehc_needs", "DfE Education, health and care plans: primary need of plans (SEN2)",
           lambda s: s.has("breakdown_topic", "ehc_plans", "number_asd"), dfe.read_ehc_needs, "releases"),
    Source("ehc_needs_by_age", "DfE Education, health and care plans: primary need by age (SEN2)",
           lambda s: s.has("breakdown_topic", "ehc_plans", "number_asd"), dfe.read_ehc_needs_by_age, "concat"),
    Source("ehc_timeliness", "DfE Education, health and care plans: 20-week timeliness (SEN2)",
           lambda s: s.has("plans_issued_den", "plans_issued_within_20_weeks") or s.has("TotIncExcEHC",
                                                                                       "IncExc20weekEHC"),
           dfe.read_ehc_timeliness, "releases"),
    Source("ehc_requests", "DfE Education, health and care plans: requests for assessment (SEN2)",
           lambda s: s.has("requests_received_in_year") or s.has("InreqEHC", "AssRefusedEHC"),
           dfe.read_ehc_requests, "releases"),
    Source("cin_sen", "DfE Outcomes for children in need: SEN of children in need and looked after",
           lambda s: s.has("social_care_group", "t_pupils", "t_statement_or_EHC_plan"), dfe.read_cin_sen),
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
           "concat"),
    Source("lait", "DfE Local Authority Interactive Tool (LAIT) data (bds_long)",
           lambda s: s.has("Short Desc", "Years", "LA Number", "Values"), lait.read_lait, "concat"),
    Source("lait_dictionary", "DfE LAIT data dictionary",
           lambda s: s.has("Measure_code", "Measure_short", "Polarity"), lait.read_lait_dictionary),
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
           commissioning.read_commissioning_register, "concat", cache=False),
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
            When the folder holds no file of that source, two files where one is expected, or a file is bad.
        """
        if name not in self._frames:
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
                return self._frames[name]
            frames = [self.read(name, p) for p in paths]
            if source.combine == "releases":
                self._frames[name] = dfe.combine_releases(*frames)
            elif source.combine == "concat":
                self._frames[name] = pd.concat(frames, ignore_index=True)
            elif source.combine == "stack":
                stacked = pd.concat([f.assign(_file=str(p)) for f, p in zip(frames, paths)], ignore_index=True)
                _refuse_overlap(stacked, source)
                self._frames[name] = stacked.drop(columns="_file")
            else:
                if len(paths) > 1:
                    raise InputError.single(self.data_dir, None, None, f"one file of {source.title}",
                                            [str(p.relative_to(self.data_dir)) for p in paths])
                self._frames[name] = frames[0]
        return self._frames[name].copy()

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
        ``status`` is ``ok``, ``bad`` (an :class:`~jsnakit.errors.InputError`: ``problems`` lists its failures),
        ``part`` (a table read with the others of its folder, e.g. an Open Referral UK export) or
        ``unrecognised``; for a Local Offer, ``rows`` counts services and ``problems`` holds its warnings; ``areas`` counts England/regions/LAs (e.g. ``1 country, 9 regions, 153 LAs``);
        ``periods`` is first-last.
    """
    catalog = Catalog(data_dir, cache_dir=cache_dir)
    rows = []
    folders = {p.parent: name for p, kinds in catalog._kinds.items() for name in kinds
               if SOURCES[name].combine == "folder"}
    read_folders: set = set()
    for path, kinds in catalog._kinds.items():
        rel = str(path.relative_to(catalog.data_dir))
        if not kinds:
            if path.parent in folders and path.suffix.lower() in (".csv", ".json"):
                title = f"a table of the {SOURCES[folders[path.parent]].title} in this folder"
                rows.append((rel, folders[path.parent], title, 0, "", "", "part", ""))
            else:
                rows.append((rel, "", "not an input jsnakit reads", 0, "", "", "unrecognised", ""))
        for name in kinds:
            source = SOURCES[name]
            if source.combine == "folder" and path.parent in read_folders:
                rows.append((rel, name, f"read with the other files of {source.title} in this folder", 0, "", "",
                             "part", ""))
                continue
            try:
                if source.combine == "folder":
                    read_folders.add(path.parent)
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        offer = source.reader(path.parent)
                    notes = "\n".join(str(w.message) for w in caught)
                    rows.append((rel, name, source.title, len(offer.services), "", "", "ok", notes))
                    continue
                frame = catalog.read(name, path)
            except InputError as exc:
                problems = "\n".join(str(f) for f in exc._failures)
                rows.append((rel, name, SOURCES[name].title, 0, "", "", "bad", problems))
                continue
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the check of the others
                rows.append((rel, name, SOURCES[name].title, 0, "", "", "bad", f"{type(exc).__name__}: {exc}"))
                continue
            rows.append((rel, name, SOURCES[name].title, len(frame), _coverage(frame), _periods(frame), "ok", ""))
    return pd.DataFrame(rows, columns=["path", "source", "title", "rows", "areas", "periods", "status", "problems"])


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
    return _code_digest("sources/*.py", "geography.py", "schema.py", "catalog.py", "data/areas.csv")


def _sha256(path: Path) -> str:
    """SHA-256 of a file's content, read once per version of the file (path, inode, size, modification and change
    times): the catalogue, its cache keys and :func:`jsnakit.profile.published` hash each input once a process."""
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


def _refuse_overlap(stacked: pd.DataFrame, source: Source) -> None:
    """Two files of a stacking source must not hold the same period for the same area (it would count twice)."""
    firsts = stacked.groupby(["period", "area_code"])["_file"].agg(["first", "nunique"])
    clash = firsts[firsts["nunique"] > 1]
    if len(clash):
        (period, area), row = next(iter(clash.iterrows()))
        files = sorted(stacked.loc[(stacked["period"] == period) & (stacked["area_code"] == area), "_file"].unique())
        raise InputError.single(files[1], None, None, f"one file of {source.title} per period",
                                f"period {period} for {area} also in {files[0]}")


def _source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise ArgumentError(f"source must be one of {sorted(SOURCES)}; got {name!r}") from None
