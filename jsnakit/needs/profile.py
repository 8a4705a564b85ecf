"""Needs profiles: every SEND indicator for every area and period, then one area's slice with its comparators.

:func:`national` is the shared national work (docs/architecture.md, The batch): it turns the catalogue's count frames
into one
indicator frame for England, the regions and all upper-tier LAs, every period, each row compared with England.
:func:`published` is that frame after disclosure control, computed once and cached as parquet, so that every area's
notebook in a batch reads it rather than recomputing it. :func:`area_profile` slices it for one area, its region,
England and its statistical neighbours; :func:`comparison_frame` sets every indicator, breakdown and category of one
area against England (at 95% and 99.8%), its region, its statistical neighbours and a comparator group of the
user's, with its rank, quarter and recent trend; :func:`standing` is that frame's headline rows.

This module is the published (disclosed, cached) frame itself (:func:`published_all` and the functions around it)
and the one place to import the whole profile from: the rest lives in :mod:`.national` (the national frame and its
indicator recipes), :mod:`.grid` (the need-by-age grid), :mod:`.area` (an area's slice and reporting period) and
:mod:`.comparison` (an area against its comparators), each re-exported here. :func:`published_input` and
:func:`published_all` look up :func:`national`, :func:`need_by_age`, :func:`usable` and :func:`uncounted_base` in this
module, so replacing one here (a test's ``monkeypatch``) changes what is published.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import disclosure
from ..core import geography
from ..catalog import Catalog, code_digest, code_version
from ..core.errors import ArgumentError
from ..core.files import file_sha256, read_parquet, write_parquet
from ..core.schema import validate
from .area import HEADLINE, across_areas, area_profile, latest_period, report_period, until
from .comparison import (GROUP_NAME, SIGNIFICANCE, STANDING, STANDING_COLUMNS, comparison_frame, neighbour_codes,
                         standing)
from .grid import NEED_AGE, need_by_age
from .national import (AGE_BANDS, LAIT_PREVALENCE, LAIT_SOURCE, NATIONAL_SOURCES, age_band, national,
                       population_period, school_age, text_codes, uncounted_base, unusable, usable)

__all__ = ["national", "published", "published_all", "published_need", "published_input", "published_cache_path",
           "NATIONAL_SOURCES", "GRID_SOURCES", "NEED_AGE", "need_by_age", "area_profile", "across_areas",
           "latest_period", "report_period", "until", "HEADLINE", "comparison_frame", "standing", "STANDING", "STANDING_COLUMNS",
           "SIGNIFICANCE", "GROUP_NAME", "neighbour_codes", "AGE_BANDS", "age_band", "population_period", "usable",
           "unusable", "school_age", "uncounted_base", "LAIT_PREVALENCE", "LAIT_SOURCE"]

#: The sources of everything else published as counts (:func:`published_input`): the need-by-age grids.
GRID_SOURCES = ("ehc_needs_by_age",)

#: Modules whose code shapes the published national frame, besides those of the catalogue's own code version.
_PUBLISHED_CODE = ("needs/*.py", "stats/*.py", "disclosure/*.py")


def published(catalog: Catalog, *, rules: disclosure.Rules | None = None) -> disclosure.Disclosed:
    """The national indicator frame after disclosure control: the shared national work of every area's factsheet
    (docs/architecture.md, The batch).

    The rows of :func:`national` in :func:`published_all`: disclosure control is applied once to everything
    published as counts (the national frame and every local authority's need-by-age grid together), so that no
    withheld count can be narrowed from any combination of them.

    Parameters
    ----------
    catalog : Catalog
        The inputs; its ``cache_dir`` is the cache folder (:func:`published_all`).
    rules : jsnakit.disclosure.Rules, optional
        Disclosure rules; default ``Rules()``.

    Returns
    -------
    Disclosed
        The frame of :func:`national` (95% limits, every area and period) as published, index 0..n-1.

    Raises
    ------
    ArgumentError, InputError
        As :func:`published_all`.
    """
    everything = published_all(catalog, rules=rules)
    kept = _NATIONAL.get(id(everything))
    if kept is not None and kept[0] is everything:
        return kept[1]
    frame = everything.frame
    national_rows = everything.take(frame.index[frame["indicator"] != NEED_AGE])
    kept_frames = list(_PUBLISHED.values())
    if any(value is everything for value in kept_frames):  # kept in memory: so is its national part
        for key, (frame_of, _) in list(_NATIONAL.items()):  # only beside frames still kept
            if not any(value is frame_of for value in kept_frames):
                _NATIONAL.pop(key, None)
        _NATIONAL[id(everything)] = (everything, national_rows)
    return national_rows


def published_need(catalog: Catalog, area_code: str, *, rules: disclosure.Rules | None = None):
    """One local authority's EHC plans by primary need and age band (:func:`need_by_age`, the gap-mapping grid) as
    published: its rows of :func:`published_all`, protected together with the national frame, whose need totals and
    age-band totals are its margins, and with every other area's grid.

    Parameters
    ----------
    catalog : Catalog
        The inputs.
    area_code : str
        GSS code or DfE LA number of an upper-tier local authority.
    rules : jsnakit.disclosure.Rules, optional
        Disclosure rules; default ``Rules()``.

    Returns
    -------
    jsnakit.disclosure.Disclosed
        The area's rows of indicator :data:`NEED_AGE` (its latest period), counts rounded to 5; empty when the folder
        has none, or the area is a region or England (whose grids no factsheet publishes).
    """
    code = geography.area(area_code)["area_code"]
    everything = published_all(catalog, rules=rules)
    return everything.query(indicator=NEED_AGE, area_code=code)


def published_all(catalog: Catalog, *, rules: disclosure.Rules | None = None) -> disclosure.Disclosed:
    """Everything jsnakit publishes as counts, after disclosure control applied to all of it at once, computed once
    and cached.

    Equal to ``disclosure.apply(published_input(catalog), rules, uncounted_base=uncounted_base(catalog))``: the national
    indicator frame (:func:`national`) followed by every upper-tier local authority's need-by-age grid
    (:func:`need_by_age`, rounded to 5). Protecting them together is what makes each factsheet safe beside every
    other: a grid's row of small cells under a need total the national frame shows can only be protected by
    withholding in the national frame too. The first call computes it (about 5-10 s on the sample data, 3-5 s on the
    real files) and stores it as parquet in the catalog's cache folder; later calls read it back (a fraction of a second; in
    another process, such as the batch's kernels) or take it from memory (in this process). The cache file is keyed by the SHA-256 of every
    input file (:data:`NATIONAL_SOURCES` and :data:`GRID_SOURCES`: source, relative path and content), the code that
    makes the frame (jsnakit's readers, geography, schema and catalogue code as the catalogue versions them, plus
    ``profile``, ``methods``, ``indicators`` and ``disclosure``), the pandas and NumPy versions and the disclosure
    rules, so a changed input, rule or code never reads an old frame. It is written atomically (temporary file, then
    rename). A cache file that cannot be read, or that does not hold a disclosed indicator frame (wrong columns, or
    a count or denominator the rules withhold), is deleted and the frame recomputed: a cache is never trusted over
    the rules.

    Parameters
    ----------
    catalog : Catalog
        The inputs; its ``cache_dir`` is the cache folder. With ``Catalog(..., cache_dir=False)`` nothing is
        cached and every call computes afresh.
    rules : jsnakit.disclosure.Rules, optional
        Disclosure rules; default ``Rules()``.

    Returns
    -------
    Disclosed
        Rows in the order of :func:`published_input`, index 0..n-1.

    Raises
    ------
    ArgumentError
        When ``catalog`` is not a :class:`~jsnakit.catalog.Catalog` or ``rules`` not a
        :class:`~jsnakit.disclosure.Rules`.
    InputError
        As :func:`national`, when an input is missing or bad.
    """
    if not isinstance(catalog, Catalog):
        raise ArgumentError(f"catalog must be a jsnakit.catalog.Catalog; got {type(catalog).__name__}")
    rules = disclosure.Rules() if rules is None else rules
    if not isinstance(rules, disclosure.Rules):
        raise ArgumentError(f"rules must be a jsnakit.disclosure.Rules; got {type(rules).__name__}")
    target = published_cache_path(catalog, rules)
    if target is not None and target in _PUBLISHED:
        return _PUBLISHED[target]
    if target is not None and target.exists():
        cached = _read_published(target, rules)
        if cached is not None:
            return _keep_published(target, cached)
    fresh = disclosure.apply(published_input(catalog), rules, uncounted_base=uncounted_base(catalog))
    if target is not None:
        write_parquet(fresh.frame, target)  # atomic; a read-only or full cache folder only costs speed
        _keep_published(target, fresh)
    return fresh


#: Frames :func:`published_all` made or read in this process, by their cache file (whose name is the digest of
#: every input, the code and the rules): the next area a batch worker's kernel runs takes it from memory. A
#: Disclosed frame's figures cannot be changed (its ``frame`` is a copy), so it is shared.
_PUBLISHED: dict = {}
_PUBLISHED_KEPT = 4
#: The national part of each frame kept in :data:`_PUBLISHED` (:func:`published`), by the frame's identity (the
#: frame itself kept beside it, so an identity is never taken for another's): cutting it out of 140,000 rows took
#: about 50 ms, paid several times by every factsheet.
_NATIONAL: dict = {}


def _keep_published(target: Path, published: disclosure.Disclosed) -> disclosure.Disclosed:
    while len(_PUBLISHED) >= _PUBLISHED_KEPT:
        _PUBLISHED.pop(next(iter(_PUBLISHED), None), None)
    _PUBLISHED[target] = published
    return published


def published_input(catalog: Catalog) -> pd.DataFrame:
    """Everything jsnakit publishes as counts, before disclosure control: :func:`national`, then the need-by-age grid
    (:func:`need_by_age`) of every upper-tier local authority (a factsheet's area; no factsheet publishes a region's
    or England's grid), index 0..n-1 (for :func:`published_all` and :func:`jsnakit.disclosure.audit`)."""
    frame = national(catalog)
    grids = need_by_age(catalog.load("ehc_needs_by_age")) if usable(catalog, "ehc_needs_by_age") else None
    if grids is None or not len(grids):
        return frame.reset_index(drop=True)
    grids = grids[grids["area_code"].isin(geography.local_authorities()["area_code"])]
    return validate(text_codes(pd.concat([frame, grids], ignore_index=True)), "indicator")


def published_cache_path(catalog: Catalog, rules: disclosure.Rules | None = None) -> Path | None:
    """Where :func:`published_all` keeps everything published of ``catalog`` under ``rules``.

    Parameters
    ----------
    catalog : Catalog
        The inputs and the cache folder.
    rules : jsnakit.disclosure.Rules, optional
        Disclosure rules; default ``Rules()``.

    Returns
    -------
    pathlib.Path or None
        ``<cache_dir>/published-<key>.parquet``, the key 32 hex digits of a SHA-256 digest over the inputs, code,
        library versions and rules listed in :func:`published_all` (the file may not exist yet); None when the
        catalog has no cache folder.
    """
    if catalog.cache_dir is None:
        return None
    rules = disclosure.Rules() if rules is None else rules
    digest = hashlib.sha256(b"jsnakit-published-v2\0")
    digest.update(f"{code_version()}\0{_published_code_version()}\0pandas {pd.__version__}\0"
                  f"numpy {np.__version__}\0rules {rules.threshold} {rules.secondary} {rules.round_to}\0".encode())
    for name in (*NATIONAL_SOURCES, *GRID_SOURCES):
        for path in catalog.paths(name):
            rel = path.relative_to(catalog.data_dir).as_posix()
            digest.update(f"{name}\0{rel}\0{file_sha256(path)}\0".encode())
    return catalog.cache_dir / f"published-{digest.hexdigest()[:32]}.parquet"


@lru_cache(maxsize=1)
def _published_code_version() -> str:
    return code_digest(*_PUBLISHED_CODE)


def _read_published(path: Path, rules: disclosure.Rules) -> disclosure.Disclosed | None:
    """The cached disclosed frame, or None (and the file deleted) when it is unreadable or fails
    :func:`jsnakit.disclosure.restore`'s check of the rules."""
    try:
        return disclosure.restore(read_parquet(path), rules)
    except Exception:  # noqa: BLE001 - a damaged or doctored cache file is re-made, never trusted
        path.unlink(missing_ok=True)
        return None

