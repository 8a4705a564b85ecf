"""The batch's record of its areas: one :class:`AreaRecord` per area, gathered in a :class:`Manifest`, written as
``manifest.json`` (with ``index.html``, :func:`write_outputs`) and read back (:meth:`Manifest.read`,
:func:`previous_records`). A manifest older than :data:`MANIFEST_VERSION` has the errors of its failed areas withheld
(:data:`OLD_ERROR`): they may quote a data value."""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .. import __version__
from ..core.errors import ArgumentError
from . import html as factsheet

__all__ = [
    "AreaRecord",
    "Manifest",
    "STATUSES",
    "RECORD_COLUMNS",
    "MANIFEST_NAME",
    "INDEX_NAME",
    "FAILED_DIR",
    "MANIFEST_VERSION",
    "OLD_ERROR",
    "read_manifest_file",
    "previous_records",
    "write_outputs",
    "index_behind",
    "utc_now",
]

#: The statuses an area can have in a manifest.
STATUSES = ("done", "failed", "skipped")

MANIFEST_NAME = "manifest.json"
INDEX_NAME = "index.html"
FAILED_DIR = "failed"
MANIFEST_VERSION = 2  # 2: errors are public_message texts (no data value)

#: What a failed record of a version-1 manifest shows instead of its error, which may quote a data value.
OLD_ERROR = "not shown (recorded by an earlier version of jsnakit; run the area again to see its error)"


@dataclass(frozen=True)
class AreaRecord:
    """What the batch knows about one area: one entry of ``manifest.json``'s ``"areas"`` list.

    Attributes
    ----------
    area_code : str
        GSS code.
    area_name, region_name : str
        From :mod:`jsnakit.core.geography`.
    status : {"done", "failed", "skipped"}
        ``skipped`` = up to date, not re-run this time (its other fields are those of the run that made the output).
    seconds : float or None
        Wall time of the area's papermill run plus HTML export (and PDF, when made), in seconds.
    input_hash : str
        ``"sha256:<hex>"`` of the inputs the area was run with (see :func:`~jsnakit.factsheets.batch.input_hash`).
    output : str or None
        The factsheet, relative to ``out_dir`` (``"E09000019.html"``); None when the area failed.
    error : str or None
        For a failure: ``"<ExceptionName>: <public text>"`` (:func:`jsnakit.core.errors.public_message`, paths made
        relative to the data folder): for bad input the file, row, column and rule of each failure, else only the
        type; never a data value. Prefixed ``"HTML export failed: "``, ``"PDF export failed: "`` or
        ``"worker failed: "`` when the failure was there.
    error_cell : int or None
        For a failure in a cell: index of the failing cell in the workbook file (0-based, all cells counted).
    failed_notebook : str or None
        For a failure: the executed notebook, relative to ``out_dir`` (``"failed/E09000019.ipynb"``), if one was
        produced.
    finished : str or None
        When the run that produced this record ended (ISO 8601, UTC).
    pdf : str or None
        Its PDF (``"E09000019.pdf"``), when the batch ran with ``pdf=True``; None otherwise and when the area
        failed. Read from a manifest written before PDFs existed: None.
    """

    area_code: str
    area_name: str
    region_name: str
    status: str
    seconds: float | None
    input_hash: str
    output: str | None = None
    error: str | None = None
    error_cell: int | None = None
    failed_notebook: str | None = None
    finished: str | None = None
    pdf: str | None = None  # last, so that records built positionally keep their meaning

    @classmethod
    def from_dict(cls, data: dict) -> "AreaRecord":
        """Build a record from a manifest entry, ignoring keys it does not know.

        Parameters
        ----------
        data : dict
            One entry of a manifest's ``"areas"`` list.

        Returns
        -------
        AreaRecord
        """
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


#: Columns of :meth:`Manifest.to_frame`, in order.
RECORD_COLUMNS = tuple(f.name for f in fields(AreaRecord))


@dataclass(frozen=True)
class Manifest:
    """The outcome of :func:`jsnakit.factsheets.batch.run` (or the content of a ``manifest.json``).

    Attributes
    ----------
    out_dir : pathlib.Path
        Folder of the factsheets.
    records : tuple of AreaRecord
        From the run: the areas of this run, in the order asked. From :meth:`read`: every area in the file
        (areas of earlier runs into the same folder stay in the file and in the index).
    input_hash : str
        Hash of the inputs of this run.
    seconds : float
        Wall time of the whole run, in seconds (0 for :meth:`read`).

    Examples
    --------
    >>> m = Manifest(Path("factsheets"), (), "sha256:0", 0.0)
    >>> m.counts()
    {'done': 0, 'failed': 0, 'skipped': 0}
    """

    out_dir: Path
    records: tuple[AreaRecord, ...]
    input_hash: str
    seconds: float = 0.0

    @property
    def path(self) -> Path:
        """``out_dir/manifest.json``."""
        return Path(self.out_dir) / MANIFEST_NAME

    @property
    def index(self) -> Path:
        """``out_dir/index.html``."""
        return Path(self.out_dir) / INDEX_NAME

    def counts(self) -> dict[str, int]:
        """Number of areas per status: ``{"done": n, "failed": n, "skipped": n}``."""
        return {s: sum(1 for r in self.records if r.status == s) for s in STATUSES}

    def _codes(self, status: str) -> list[str]:
        return [r.area_code for r in self.records if r.status == status]

    @property
    def done(self) -> list[str]:
        """Codes of the areas run successfully."""
        return self._codes("done")

    @property
    def failed(self) -> list[str]:
        """Codes of the areas that failed."""
        return self._codes("failed")

    @property
    def skipped(self) -> list[str]:
        """Codes of the areas skipped as up to date."""
        return self._codes("skipped")

    @property
    def ok(self) -> bool:
        """True when no area failed."""
        return not self.failed

    def __getitem__(self, area_code: str) -> AreaRecord:
        for record in self.records:
            if record.area_code == area_code:
                return record
        raise KeyError(area_code)

    def __len__(self) -> int:
        return len(self.records)

    def to_frame(self) -> pd.DataFrame:
        """The records as a DataFrame with the columns :data:`RECORD_COLUMNS`, one row per area."""
        frame = pd.DataFrame([asdict(r) for r in self.records], columns=list(RECORD_COLUMNS))
        return frame.astype({"seconds": "float64", "error_cell": "Int64"})

    def to_dict(self) -> dict:
        """The JSON-ready form written to ``manifest.json`` (without the file-level fields)."""
        return {"input_hash": self.input_hash, "areas": [asdict(r) for r in self.records]}

    def summary(self) -> str:
        """One line: ``"3 done, 0 failed, 0 skipped in 14.2 s -> factsheets/index.html"``."""
        c = self.counts()
        return (
            f"{c['done']} done, {c['failed']} failed, {c['skipped']} skipped in {self.seconds:.1f} s "
            f"-> {self.index.as_posix()}"
        )

    @classmethod
    def read(cls, out_dir) -> "Manifest":
        """Read ``out_dir/manifest.json`` (every area in it). A missing file gives an empty manifest; the error of a
        failed area in a manifest older than :data:`MANIFEST_VERSION` reads :data:`OLD_ERROR` (it may quote a count).

        Parameters
        ----------
        out_dir : str or pathlib.Path
            The folder of the factsheets.

        Returns
        -------
        Manifest
            Every area in the file, ``seconds`` 0.

        Raises
        ------
        ArgumentError
            When the file is not a jsnakit manifest.
        """
        out_dir = Path(out_dir)
        data = read_manifest_file(out_dir / MANIFEST_NAME)
        records = tuple(previous_records(data).values())  # a version-1 record's error: OLD_ERROR
        return cls(out_dir, records, data.get("input_hash", ""), 0.0)


def read_manifest_file(path: Path) -> dict:
    """The content of a ``manifest.json``, checked to be a jsnakit manifest.

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    dict
        Its JSON; empty when there is no such file.

    Raises
    ------
    ArgumentError
        When the file cannot be read as JSON, or holds no ``"areas"`` list.
    """
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ArgumentError(
            f"{path} must be a jsnakit batch manifest (JSON); it could not be read ({err}). "
            f"Delete it to start the batch afresh."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("areas", []), list):
        raise ArgumentError(f"{path} must be a jsnakit batch manifest with an 'areas' list; got something else")
    return data


def previous_records(data: dict) -> dict[str, AreaRecord]:
    """The records of an existing manifest, by area code; failed ones of a version-1 manifest (whose errors may
    quote a data value) have their error replaced by :data:`OLD_ERROR`.

    Parameters
    ----------
    data : dict
        The manifest's content (:func:`read_manifest_file`).

    Returns
    -------
    dict
        Area code -> :class:`AreaRecord`; entries without an area code are left out.
    """
    version = data.get("manifest_version", 1)
    old = not isinstance(version, int) or version < MANIFEST_VERSION
    records = {}
    for entry in data.get("areas", []):
        if not isinstance(entry, dict) or "area_code" not in entry:
            continue
        record = AreaRecord.from_dict(entry)
        if old and record.error is not None:
            record = replace(record, error=OLD_ERROR)
        records[record.area_code] = record
    return records


def write_outputs(out_dir: Path, records: dict[str, AreaRecord], meta: dict, *, index: dict | None = None,
                  keep_index: bool = False, defer_index: bool = False) -> None:
    """Rewrite manifest.json, then index.html unless it is kept or deferred, from every record known for ``out_dir``.

    Parameters
    ----------
    out_dir : pathlib.Path
        The folder of the factsheets.
    records : dict
        Area code -> :class:`AreaRecord`, every area known for the folder; written sorted by code.
    meta : dict
        File-level fields of the manifest (workbook, data folder, period, input hash).
    index : dict, optional
        Keyword arguments of :func:`jsnakit.factsheets.html.write_index` (``headlines``, ``boundaries``:
        :func:`jsnakit.factsheets.index_page.index_inputs`); None: the list of areas without figures.
    keep_index : bool, default False
        Leave an existing ``index.html`` as it is (a re-run with nothing to make: its figures still hold); it is
        touched where the user may, so that it is not taken as behind the manifest (:func:`index_behind`; where
        not, the next run with nothing to make writes it again).
    defer_index : bool, default False
        Leave an existing ``index.html`` to a later call (a batch rewrites it at most every few seconds); until
        then it is behind the manifest. With ``keep_index`` too, it is kept.
    """
    ordered = [asdict(records[c]) for c in sorted(records)]
    doc = {
        "manifest_version": MANIFEST_VERSION,
        "generator": f"jsnakit {__version__}",
        "updated": utc_now(),
        **meta,
        "areas": ordered,
    }
    factsheet.atomic_write(out_dir / MANIFEST_NAME, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    if (keep_index or defer_index) and (out_dir / INDEX_NAME).is_file():
        if keep_index:
            with contextlib.suppress(OSError):  # another user's file in a shared folder: only its owner may touch it
                os.utime(out_dir / INDEX_NAME)  # current as of this manifest
        return
    try:
        factsheet.write_index(ordered, out_dir, **(index or {}))
    except Exception:  # noqa: BLE001 - the figures or the map could not be drawn: the list, never a stopped batch
        if not index:
            raise
        factsheet.write_index(ordered, out_dir)


def index_behind(out_dir: Path) -> bool:
    """Whether ``index.html`` in ``out_dir`` is missing or older than ``manifest.json``: a batch stopped between
    two rewrites of the index (:func:`write_outputs` writes the manifest first, then the index or, when it keeps
    the index, touches it). On a file system that keeps times to the second or coarser, an index deferred within
    the same second as the manifest is not seen as behind.

    Parameters
    ----------
    out_dir : pathlib.Path
        The folder of the factsheets.

    Returns
    -------
    bool
        False when there is no manifest (nothing to be behind) or the index was written (or touched) at or after
        it.
    """
    try:
        listed = (Path(out_dir) / MANIFEST_NAME).stat().st_mtime_ns
    except OSError:
        return False
    try:
        return (Path(out_dir) / INDEX_NAME).stat().st_mtime_ns < listed
    except OSError:
        return True


def utc_now() -> str:
    """The time now, as the manifest writes it.

    Returns
    -------
    str
        ISO 8601 in UTC, to the second (``"2025-06-26T09:00:00+00:00"``).
    """
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
