"""Where the inputs are: a data folder (by default the sample data), each source found once and read once.

Files are found by name pattern inside the folder (recursively), each kind read by the reader registered for it.
A :class:`Catalog` keeps what it has read, so a notebook that asks twice reads once. Recognising files by content,
and a parquet cache across processes, belong to a later layer.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import ArgumentError, InputError
from .sources import boundaries, dfe, ons

__all__ = ["Catalog", "SOURCES", "Source"]


@dataclass(frozen=True)
class Source:
    """One kind of input: the file-name patterns that find it, its reader, and whether several files stack."""

    name: str
    title: str
    patterns: tuple[str, ...]
    reader: Callable
    many: bool = False


#: The registry of inputs, by name.
SOURCES = {s.name: s for s in [
    Source("sen_provision", "DfE Special educational needs in England: pupils by SEN provision",
           ("data-special-educational-needs-in-england*.csv",), dfe.read_sen_provision),
    Source("sen_primary_need", "DfE Special educational needs in England: pupils by primary need",
           ("sen_primary_need*.csv", "*by primary need*.csv"), dfe.read_sen_primary_need),
    Source("ehc_caseload", "DfE Education, health and care plans: caseload (SEN2)", ("caseload.csv",),
           dfe.read_ehc_caseload),
    Source("ehc_needs", "DfE Education, health and care plans: primary need of all plans (SEN2)",
           ("sen_needs_all_plans.csv",), dfe.read_ehc_needs),
    Source("ehc_timeliness", "DfE Education, health and care plans: 20-week timeliness (SEN2)",
           ("timeliness_20_week.csv",), dfe.read_ehc_timeliness),
    Source("population", "ONS mid-year population estimates (MYE2)",
           ("ukpopestimatesmid*.xls", "ukpopestimatesmid*.xlsx"), ons.read_mid_year_estimates, many=True),
    Source("neighbours", "DfE children's services statistical neighbours",
           ("sn_*.xlsx", "*neighbours*/*.xlsx"), dfe.read_statistical_neighbours),
    Source("boundaries", "ONS counties and unitary authorities boundaries",
           ("Counties_and_Unitary_Authorities*.geojson", "Counties_and_Unitary_Authorities*.geo.json"),
           boundaries.read_boundaries),
]}


class Catalog:
    """The inputs in one data folder.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        Folder holding the published files (sub-folders are searched), e.g. ``data_samples``.

    Examples
    --------
    >>> cat = Catalog("data_samples")          # doctest: +SKIP
    >>> cat.load("ehc_caseload").head()         # doctest: +SKIP
    """

    def __init__(self, data_dir):
        self.data_dir = Path(data_dir)
        if not self.data_dir.is_dir():
            raise ArgumentError(f"data_dir must be a folder of published files; got {str(data_dir)!r}, which is not a folder")
        self._frames: dict[str, object] = {}

    def paths(self, name: str) -> list[Path]:
        """The files of one source, sorted; [] when the folder holds none."""
        source = _source(name)
        found = {p for pattern in source.patterns for p in self.data_dir.rglob(pattern) if p.is_file()}
        return sorted(found)

    def has(self, name: str) -> bool:
        """Whether the folder holds the source."""
        return bool(self.paths(name))

    def load(self, name: str):
        """Read a source (once) and return its tidy frame.

        Raises
        ------
        InputError
            When the folder holds no file of that source (naming the patterns looked for), or a file is bad.
        """
        if name not in self._frames:
            source = _source(name)
            paths = self.paths(name)
            if not paths:
                raise InputError.single(self.data_dir, None, None,
                                        f"a file of {source.title} matching {' or '.join(source.patterns)}",
                                        "no such file")
            if source.many:
                frames = [source.reader(p).assign(_file=str(p)) for p in paths]
                stacked = pd.concat(frames, ignore_index=True)
                _refuse_overlap(stacked, source)
                self._frames[name] = stacked.drop(columns="_file")
            else:
                if len(paths) > 1:
                    raise InputError.single(self.data_dir, None, None, f"one file of {source.title}",
                                            [str(p) for p in paths])
                self._frames[name] = source.reader(paths[0])
        frame = self._frames[name]
        return frame.copy()

    def files(self) -> pd.DataFrame:
        """Every input file found: ``source, title, path, bytes, sha256`` (for a factsheet's data section)."""
        rows = []
        for name, source in SOURCES.items():
            for path in self.paths(name):
                rows.append((name, source.title, str(path.relative_to(self.data_dir)), path.stat().st_size,
                             hashlib.sha256(path.read_bytes()).hexdigest()))
        return pd.DataFrame(rows, columns=["source", "title", "path", "bytes", "sha256"])


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
