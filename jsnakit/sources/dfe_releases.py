"""Several SEN2 releases as one series: :func:`combine_releases` keeps each figure once, from the latest release that
gives it. Re-exported by :mod:`jsnakit.sources.dfe`.
"""
from __future__ import annotations

import pandas as pd

from ..core.errors import ArgumentError
from . import overlap

__all__ = ["combine_releases"]


def combine_releases(*frames: pd.DataFrame, files=None) -> pd.DataFrame:
    """Stack count frames of several SEN2 releases into one series, each year counted once.

    Where two releases hold the same figure (same measure, breakdown, category, area and period), **the later
    release's figure is kept** and the older one dropped: DfE revises earlier years in each release, and its own
    tables quote the latest release, so a revision is not a conflict. Two frames of the *same* release (or of no
    release jsnakit can date, so that neither can be preferred) must agree: identical copies (the same file
    downloaded twice) are read once, and copies that give a figure different values are refused.

    Parameters
    ----------
    *frames : pandas.DataFrame
        Count frames from the readers of this module; ``source`` ends ``, <year> release``.
    files : list of str or pathlib.Path, optional
        The file each frame was read from, in the same order, named in the error; default ``frame 1``,
        ``frame 2``, ...

    Returns
    -------
    pandas.DataFrame
        Count frame, sorted by measure, breakdown, category, area and period.

    Raises
    ------
    InputError
        Two frames of one release (or undated) giving one figure different values: one failure per figure, naming
        both files, the measure, breakdown and category, the area and the period (not the values).
    ArgumentError
        No frame, or ``files`` not naming each frame.

    Examples
    --------
    >>> import pandas as pd
    >>> row = dict(area_code="E09000019", area_name="Islington", area_type="london borough", measure="ehc_plans",
    ...            breakdown="All", category="All", note=None)
    >>> old = pd.DataFrame([dict(row, source="SEN2, 2022 release", period=p, count=c)
    ...                     for p, c in [("2020/21", 1700.0), ("2021/22", 1810.0)]])
    >>> new = pd.DataFrame([dict(row, source="SEN2, 2025 release", period=p, count=c)
    ...                     for p, c in [("2021/22", 1812.0), ("2022/23", 1950.0)]])
    >>> combine_releases(old, new)[["period", "count"]].to_records(index=False).tolist()
    [('2020/21', 1700.0), ('2021/22', 1812.0), ('2022/23', 1950.0)]
    >>> edited = new.assign(count=[1812.0, 1951.0])
    >>> combine_releases(new, edited, files=["a.csv", "b.csv"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    jsnakit.core.errors.InputError: b.csv: expected the same figures as a.csv (a copy of the same release: ...
    """
    if not frames:
        raise ArgumentError("combine_releases needs at least one frame; got none")
    names = [f"frame {i + 1}" for i in range(len(frames))] if files is None else [str(f) for f in files]
    if len(names) != len(frames):
        raise ArgumentError(f"files must name each of the {len(frames)} frames; got {len(names)} names")
    stacked = pd.concat([f.assign(**{overlap.FILE: i}) for i, f in enumerate(frames)], ignore_index=True)
    year = pd.to_numeric(stacked["source"].astype(str).str.extract(r"(\d{4}) release$")[0], errors="coerce")
    stacked = stacked.assign(_release=year.fillna(0))
    keys = ["measure", "breakdown", "category", "area_code", "period"]
    stacked = overlap.refuse_conflicts(
        stacked, keys + ["_release"], ["count", "note"], names, describe=_figure,
        why="a copy of the same release: DfE revises a figure only in a later release")
    stacked = stacked.sort_values("_release", ascending=False, kind="stable")
    out = stacked.drop_duplicates(keys, keep="first").drop(columns=["_release", overlap.FILE])
    return out.sort_values(keys[:4] + ["period"], kind="stable").reset_index(drop=True)


def _figure(row: pd.Series) -> str:
    """One figure of a count frame in words, for messages: measure, breakdown and category, area, period."""
    what = row["measure"] if row["breakdown"] == "All" else f"{row['measure']} ({row['breakdown']}: {row['category']})"
    if "need" in row.index and isinstance(row["need"], str):
        what += f" with primary need {row['need']}"
    name = row.get("area_name")
    area = f"{row['area_code']} {name}" if isinstance(name, str) else str(row["area_code"])
    return f"{what} for {area} in {row['period']}"
