"""A data folder's inputs: :class:`Catalog` finds each file of a folder by its content, reads each source once
(through the parquet cache, keyed by the file's SHA-256 and the code of the readers: :func:`code_version`), combines
the files of a source and cross-checks sources; :func:`check` is ``jsnakit data check DIR``.

Within one process a source read once is kept in memory for every later :class:`Catalog` of the same files (the
next area a batch worker's warm kernel runs makes a new Catalog of the same folder): keyed by the source and each
of its files' versions (path, inode, size, modification and change times), so a file changed since is read again.
A Catalog without a cache folder (``cache_dir=False``) neither uses nor fills it."""
from __future__ import annotations

import hashlib
import os
import re
import warnings
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable

import pandas as pd

from .. import __version__
from ..core import geography
from ..core.copies import handed_out
from ..core.errors import ArgumentError, Failure, InputError
from ..core.files import file_sha256, read_parquet, write_parquet
from ..sources import dfe, ees, overlap, provision
from .diagnosis import diagnose
from .memory import KINDS, file_version, recall
from .registry import SOURCES, Source, identify

__all__ = ["Catalog", "check", "describe_check", "default_cache_dir", "ignored", "code_digest", "code_version"]

#: Files never taken for inputs (notes, licences, caches).
_IGNORED = re.compile(r"(^\.|^~\$|\.(md|txt|html|pdf|ipynb|py|pyc|log)$)", re.IGNORECASE)


def default_cache_dir() -> Path:
    """Where parsed frames are cached: ``$JSNAKIT_CACHE``, else ``$XDG_CACHE_HOME/jsnakit``, else ``~/.cache/jsnakit``."""
    if os.environ.get("JSNAKIT_CACHE"):
        return Path(os.environ["JSNAKIT_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "jsnakit"


def _folder_versions(folder: Path) -> tuple:
    """The versions (:func:`jsnakit.catalog.memory.file_version`) of every file of a folder, recognised or not,
    sorted by name: the memory's key of a source read as a folder (a Local Offer)."""
    return tuple(file_version(p) for p in sorted(folder.iterdir()) if p.is_file())


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
        files = sorted(p for p in self.data_dir.rglob("*") if p.is_file() and not ignored(p, self.data_dir))
        if self.cache_dir is None:
            return {p: identify(p) for p in files}
        kinds = {}
        for p in files:
            key = (code_version(), file_version(p))
            if key not in KINDS:
                KINDS[key] = identify(p)
            kinds[p] = list(KINDS[key])
        return kinds

    def kinds(self, path) -> list[str]:
        """The sources a file holds, recognised by content (:func:`jsnakit.catalog.registry.identify`): the
        folder's files as the catalogue listed them (once a process for each file version), another file read now;
        [] for a file jsnakit does not read."""
        path = Path(path)
        return list(self._kinds[path]) if path in self._kinds else identify(path)

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
            key = self._memory_key(name)
            try:
                if key is None:
                    self._load(name)
                else:
                    self._frames[name] = recall(key, lambda: self._load(name) or self._frames[name])
            except InputError as error:
                self._failed[name] = error
                raise
        frame = self._frames[name]
        return handed_out(frame) if isinstance(frame, pd.DataFrame) else frame

    def _memory_key(self, name: str) -> tuple | None:
        """The key of a source in this process's memory: its files' versions (and those of the source it is
        cross-checked against); None without a cache folder."""
        if self.cache_dir is None:
            return None
        names = [name] + ([_CROSS_CHECKS[name][0]] if name in _CROSS_CHECKS else [])

        def versions(n):  # a source read as a folder reads every file in it, recognised on its own or not
            if _source(n).combine != "folder":
                return tuple(file_version(p) for p in self.paths(n))
            return tuple(v for folder in sorted({p.parent for p in self.paths(n)}) for v in _folder_versions(folder))

        try:
            files = tuple((n, versions(n)) for n in names)
        except OSError:  # a file gone since the folder was listed: read it (and fail) the usual way
            return None
        return ("load", str(self.cache_dir), code_version(), files)

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
                ees.raise_if([f for p, frame in zip(paths, frames)
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
            return self._offer(named[0])
        if len(folders) == 1:
            return self._offer(folders[0])
        for folder in folders:
            if folder.name[:3] in ("E06", "E08", "E09", "E10") and folder.name != code:
                continue  # another area's, by its name
            offer = self._offer(folder)
            if (offer.service_areas["area_code"] == code).any():
                return offer
        return None

    def _offer(self, folder: Path):
        """One Local Offer folder read (kept in this process's memory, by its files' versions, when cached)."""
        if self.cache_dir is None:
            return provision.read_local_offer(folder)
        try:
            key = ("local_offer", str(self.cache_dir), code_version(), _folder_versions(folder))
        except OSError:
            return provision.read_local_offer(folder)
        return recall(key, lambda: provision.read_local_offer(folder))

    def read(self, name: str, path) -> pd.DataFrame:
        """Parse one file with the reader of ``name``, from the cache when the file is unchanged."""
        source = _source(name)
        path = Path(path)
        cached = self._cache_path(name, path) if source.cache else None
        if cached is not None and cached.exists():
            try:
                return read_parquet(cached)
            except Exception:  # a damaged cache file is re-made, never trusted
                cached.unlink(missing_ok=True)
        frame = source.reader(path)
        if cached is not None and isinstance(frame, pd.DataFrame):
            write_parquet(frame, cached)
        return frame

    def _cache_path(self, name: str, path: Path) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{name}-{file_sha256(path)[:24]}-{code_version()}.parquet"

    def notice(self) -> str | None:
        """The folder's ``NOTICE.md`` (what its maker says about the data; the samples say they are synthetic), or None.

        Returns
        -------
        str or None
            The text, stripped of surrounding white space; None when the folder has no ``NOTICE.md``.
        """
        path = self.data_dir / "NOTICE.md"
        return path.read_text(encoding="utf-8").strip() if path.is_file() else None

    def files(self) -> pd.DataFrame:
        """Every input file found: ``source, title, path, bytes, sha256`` (for a factsheet's data section)."""
        rows = []
        for path, kinds in self._kinds.items():
            for name in kinds:
                rows.append((name, SOURCES[name].title, str(path.relative_to(self.data_dir)), path.stat().st_size,
                             file_sha256(path)))
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
        ``unrecognised``; for a Local Offer, ``rows`` counts services and ``problems`` holds its warnings; ``areas``
        counts England/regions/LAs (e.g. ``1 country, 9 regions, 153 LAs``);
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


def ignored(path: Path, root: Path) -> bool:
    """Whether a file of a folder is never taken for an input: a note, licence or cache (``.md``, ``.txt``,
    ``.html``, ``.pdf``, ``.ipynb``, ``.py``, ``.log``...), a hidden file or an Excel lock file (``~$``), or a file
    in a hidden folder.

    Parameters
    ----------
    path : pathlib.Path
        A file inside ``root``.
    root : pathlib.Path
        The folder searched (only the parts of ``path`` below it count).

    Returns
    -------
    bool

    Examples
    --------
    >>> ignored(Path("data/README.md"), Path("data")), ignored(Path("data/sen2/caseload.csv"), Path("data"))
    (True, False)
    >>> ignored(Path("data/.cache/caseload.csv"), Path("data"))
    True
    """
    return any(_IGNORED.search(part) for part in path.relative_to(root).parts)


def code_digest(*names: str) -> str:
    """12 hex digits of a digest of jsnakit's version and the package files ``names``: a cache made by other code is
    never used.

    Parameters
    ----------
    *names : str
        Globs relative to the ``jsnakit`` package folder, e.g. ``"sources/*.py"``.

    Returns
    -------
    str
        12 hex digits; they change when any matched file (its name or content) or jsnakit's version does.

    Examples
    --------
    >>> len(code_digest("needs/*.py", "stats/*.py")), code_digest("core/*.py") == code_digest("core/*.py")
    (12, True)
    """
    root = Path(__file__).parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for name in names for p in root.glob(name)):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code that shapes a parsed frame (readers, catalogue, geography, schema, area table) and the
    jsnakit version: a cache file made by other code is never used.

    Returns
    -------
    str
        12 hex digits (:func:`code_digest` of ``sources/*.py``, ``core/*.py``, ``catalog/*.py`` and
        ``data/areas.csv``), computed once a process; part of every cache file's name or key.
    """
    return code_digest("sources/*.py", "core/*.py", "catalog/*.py", "data/areas.csv")


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

    Files that give one figure different values are refused (:func:`jsnakit.sources.overlap.refuse_conflicts`):
    two copies of one SEN2 release (the later of two releases wins, DfE's practice), two LAIT or Fingertips files,
    two population workbooks. Identical figures in two files (the same file downloaded twice) are kept once.
    """
    source = SOURCES[name]
    names = [str(p) for p in paths]
    if source.combine == "releases":
        return dfe.combine_releases(*frames, files=names)
    if source.combine not in ("concat", "stack") or len(frames) == 1:
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    stacked = pd.concat([f.assign(**{overlap.FILE: i}) for i, f in enumerate(frames)], ignore_index=True)
    once = stacked
    if name in _CONFLICTS:
        keys, values, describe = _CONFLICTS[name]
        keys = [k for k in keys if k in stacked.columns]
        once = overlap.refuse_conflicts(stacked, keys, [v for v in values if v in stacked.columns], names,
                                         describe=describe, why=f"another file of {source.title}")
    return once.drop(columns=overlap.FILE).reset_index(drop=True)


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
