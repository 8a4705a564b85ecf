"""Needs profiles: every SEND indicator for every area and period, then one area's slice with its comparators.

:func:`national` is the shared national work (DESIGN.md, Batch): it turns the catalogue's count frames into one
indicator frame for England, the regions and all upper-tier LAs, every period, each row compared with England.
:func:`published` is that frame after disclosure control, computed once and cached as parquet, so that every area's
notebook in a batch reads it rather than recomputing it. :func:`area_profile` slices it for one area, its region,
England and its statistical neighbours; :func:`comparison_frame` sets every indicator, breakdown and category of one
area against England (at 95% and 99.8%), its region, its statistical neighbours and a comparator group of the
user's, with its rank, quarter and recent trend; :func:`standing` is that frame's headline rows.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import disclosure
from ..core import geography, indicators, schema
from ..stats import methods
from ..catalog import SOURCES, Catalog, _code_digest, _code_version, _read_parquet, _sha256, _write_parquet
from ..core.errors import ArgumentError, InputError
from ..core.schema import INDICATOR_COLUMNS, NEIGHBOUR_COLUMNS, PRIMARY_NEEDS, validate

__all__ = ["national", "published", "published_all", "published_need", "published_input", "published_cache_path",
           "NATIONAL_SOURCES", "GRID_SOURCES", "NEED_AGE", "need_by_age", "area_profile", "across_areas",
           "latest_period", "report_period", "HEADLINE", "comparison_frame", "standing", "STANDING", "STANDING_COLUMNS", "SIGNIFICANCE",
           "GROUP_NAME", "AGE_BANDS", "age_band", "population_period", "usable", "unusable", "school_age",
           "LAIT_PREVALENCE", "LAIT_SOURCE"]

#: Age bands of the 0-25 population used in factsheets (years, inclusive).
AGE_BANDS = {"0-4": (0, 4), "5-10": (5, 10), "11-15": (11, 15), "16-19": (16, 19), "20-25": (20, 25)}

_KEYS = ["period", "area_code"]
_FLOATS = ("count", "denominator", "value", "lower_ci", "upper_ci", "confidence")


def national(catalog: Catalog, *, confidence: float = 0.95) -> pd.DataFrame:
    """Compute every indicator the catalogue's inputs allow, for all areas and periods.

    Parameters
    ----------
    catalog : Catalog
        The inputs, each used when the folder holds it and it reads (:func:`usable`): school-census provision and
        primary need, LAIT's re-published census percentages (for the areas and years the census files in the
        folder do not give), SEN2 caseload, need (of all plans and of new plans), new plans, requests for
        assessment, timeliness and population estimates. Former LAs are restated on today's areas
        (:func:`jsnakit.core.geography.to_current_areas`).
    confidence : float, default 0.95
        Level of the confidence intervals (0.95 or 0.998).

    Returns
    -------
    pandas.DataFrame
        Indicator frame (:data:`jsnakit.core.schema.INDICATOR_COLUMNS`) with the indicators of
        :data:`jsnakit.core.indicators.CATALOGUE`; each row is compared with England's value for the same indicator,
        period and category (``comparison`` ``higher``/``similar``/``lower``; England's own rows ``not compared``).
        Percentages and their intervals are Wilson score intervals (Wilson 1927), rates per 10,000 use Byar's
        method (Breslow and Day 1987).
    """
    parts = []
    pupils = None
    if usable(catalog, "sen_provision"):
        provision = _current(catalog, "sen_provision")
        # The provision file's categories are totals: each becomes the All/All row of its indicator.
        pupils = _select(provision, category="All pupils")
        for category, indicator in [("EHC plan", "ehc_pupils_pct"), ("SEN support", "sen_support_pct")]:
            total = _select(provision, category=category).assign(breakdown="All", category="All")
            parts.append(_ratio(total, pupils, indicator, confidence))
    if usable(catalog, "lait"):  # LA and regional percentages where the school-census files give none (LAIT re-publishes them)
        parts.append(_lait_prevalence(catalog.load("lait"), pd.concat(parts) if parts else None))
    if usable(catalog, "sen_primary_need") and pupils is not None:
        need = _current(catalog, "sen_primary_need")
        for measure, pct, share in [("pupils_ehc_plan", "ehc_pupils_pct", "ehc_need_share"),
                                    ("pupils_sen_support", "sen_support_pct", "sen_support_need_share")]:
            by_need = _select(need, measure=measure, breakdown="primary_need")
            parts.append(_ratio(by_need, pupils, pct, confidence))
            parts.append(_ratio(by_need, _select(need, measure=measure, breakdown="All"), share, confidence))
    if usable(catalog, "ehc_caseload"):
        caseload = _current(catalog, "ehc_caseload")
        plans = _select(caseload, breakdown="All")
        parts.append(_counts(plans, "ehc_plans"))
        ages = _select(caseload, breakdown="age")
        if len(ages):
            parts.append(_counts(_banded(ages, ages["category"].map(_sen2_age)), "ehc_plans"))
        banded = _select(caseload, breakdown="age_band")  # releases before 2023 publish bands, not single years
        if len(banded):
            parts.append(_counts(banded, "ehc_plans"))
        placement = _select(caseload, breakdown="placement")
        parts.append(_ratio(placement, plans, "ehc_placement_share", confidence))
        if usable(catalog, "population"):
            population = catalog.load("population")
            young = population[(population["sex"] == "persons") & (population["age"] <= 25)]
            totals = young.groupby(_KEYS, as_index=False)["population"].sum()
            bands = young.assign(category=young["age"].map(age_band)).groupby(
                _KEYS + ["category"], as_index=False)["population"].sum()
            parts.append(_counts(_as_counts(totals.assign(breakdown="All", category="All")), "population"))
            parts.append(_counts(_as_counts(bands.assign(breakdown="age_band")), "population"))
            parts.append(_per_head(plans, totals, "ehc_plans_per_10k", confidence))
    if usable(catalog, "ehc_timeliness"):
        timeliness = _current(catalog, "ehc_timeliness")
        parts.append(_ratio(_select(timeliness, measure="ehc_plans_issued_20_weeks"),
                            _select(timeliness, measure="ehc_plans_issued"), "ehc_20_weeks_pct", confidence))
    if usable(catalog, "ehc_new_plans"):
        new = _select(_current(catalog, "ehc_new_plans"), breakdown="All")
        parts.append(_counts(new, "new_ehc_plans"))
        if usable(catalog, "population"):  # plans made in calendar year Y over the 0-25 population at mid-Y
            parts.append(_per_head(new, _young(catalog.load("population")), "new_ehc_plans_per_10k", confidence))
    if usable(catalog, "ehc_requests"):
        requests = _current(catalog, "ehc_requests")
        parts.append(_counts(_select(requests, measure="ehc_requests"), "ehc_requests"))
        # DfE's definition (request_assess_pc): requests the LA decided to assess over the requests received in the year.
        assessed = _select(requests, measure="ehc_requests_assessed")
        parts.append(_ratio(assessed, _select(requests, measure="ehc_requests"), "ehc_requests_agreed_pct",
                            confidence))
    if usable(catalog, "ehc_needs"):
        needs = _current(catalog, "ehc_needs")
        for measure, indicator in [("ehc_plans", "ehc_plan_need_share"), ("new_ehc_plans", "new_ehc_need_share")]:
            by_need = _select(needs, measure=measure, breakdown="primary_need")
            parts.append(_ratio(by_need, _select(needs, measure=measure, breakdown="All"), indicator, confidence))
    parts = [p for p in parts if len(p)]
    if not parts:  # nothing usable: an empty frame, so each area says it has no figures (and data check says why)
        return schema.empty()
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["area_code"].isin(geography.areas().index)]  # today's areas only
    # Age bands youngest first (not "0-4, 11-15, ..."), every other category in the order its source gave.
    band_order = frame["category"].map({band: i for i, band in enumerate(AGE_BANDS)}).fillna(-1)
    frame = frame.assign(_band=band_order).sort_values(["indicator", "period", "area_code", "breakdown", "_band"],
                                                       kind="stable").drop(columns="_band")
    return validate(_missing_as_nan(_compare_with_england(frame)), "indicator")


#: The catalogue sources :func:`national` reads: :func:`published_all` keys its cache by the SHA-256 of their files.
NATIONAL_SOURCES = ("sen_provision", "sen_primary_need", "ehc_caseload", "population", "ehc_timeliness",
                    "ehc_new_plans", "ehc_requests", "ehc_needs", "lait")
#: The sources of everything else published as counts (:func:`published_input`): the need-by-age grids.
GRID_SOURCES = ("ehc_needs_by_age",)

#: Modules whose code shapes the published national frame, besides those of the catalogue's own code version.
_PUBLISHED_CODE = ("needs/*.py", "stats/*.py", "disclosure/*.py")


def published(catalog: Catalog, *, rules: disclosure.Rules | None = None) -> disclosure.Disclosed:
    """The national indicator frame after disclosure control: the shared national work of every area's factsheet
    (DESIGN.md, Batch).

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
    frame = everything.frame
    return everything.take(frame.index[frame["indicator"] != NEED_AGE])


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

    Equal to ``disclosure.apply(published_input(catalog), rules, uncounted_base=school_age(catalog))``: the national
    indicator frame (:func:`national`) followed by every upper-tier local authority's need-by-age grid
    (:func:`need_by_age`, rounded to 5). Protecting them together is what makes each factsheet safe beside every
    other: a grid's row of small cells under a need total the national frame shows can only be protected by
    withholding in the national frame too. The first call computes it (about 5-10 s on the sample data, 3-5 s on the
    real files) and stores it as parquet in the catalog's cache folder; later calls, in this process or any other
    (the batch's kernels), read it back (a fraction of a second). The cache file is keyed by the SHA-256 of every
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
    if target is not None and target.exists():
        cached = _read_published(target, rules)
        if cached is not None:
            return cached
    fresh = disclosure.apply(published_input(catalog), rules, uncounted_base=school_age(catalog))
    if target is not None:
        _write_parquet(fresh.frame, target)  # atomic; a read-only or full cache folder only costs speed
    return fresh


def published_input(catalog: Catalog) -> pd.DataFrame:
    """Everything jsnakit publishes as counts, before disclosure control: :func:`national`, then the need-by-age grid
    (:func:`need_by_age`) of every upper-tier local authority (a factsheet's area; no factsheet publishes a region's
    or England's grid), index 0..n-1 (for :func:`published_all` and :func:`jsnakit.disclosure.audit`)."""
    frame = national(catalog)
    grids = need_by_age(catalog.load("ehc_needs_by_age")) if usable(catalog, "ehc_needs_by_age") else None
    if grids is None or not len(grids):
        return frame.reset_index(drop=True)
    grids = grids[grids["area_code"].isin(geography.local_authorities()["area_code"])]
    return validate(pd.concat([frame, grids], ignore_index=True), "indicator")


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
    digest.update(f"{_code_version()}\0{_published_code_version()}\0pandas {pd.__version__}\0"
                  f"numpy {np.__version__}\0rules {rules.threshold} {rules.secondary} {rules.round_to}\0".encode())
    for name in (*NATIONAL_SOURCES, *GRID_SOURCES):
        for path in catalog.paths(name):
            rel = path.relative_to(catalog.data_dir).as_posix()
            digest.update(f"{name}\0{rel}\0{_sha256(path)}\0".encode())
    return catalog.cache_dir / f"published-{digest.hexdigest()[:32]}.parquet"


@lru_cache(maxsize=1)
def _published_code_version() -> str:
    return _code_digest(*_PUBLISHED_CODE)


def _read_published(path: Path, rules: disclosure.Rules) -> disclosure.Disclosed | None:
    """The cached disclosed frame, or None (and the file deleted) when it is unreadable or fails
    :func:`jsnakit.disclosure.restore`'s check of the rules."""
    try:
        return disclosure.restore(_read_parquet(path), rules)
    except Exception:  # noqa: BLE001 - a damaged or doctored cache file is re-made, never trusted
        path.unlink(missing_ok=True)
        return None


def area_profile(frame, area_code: str, *, neighbours: pd.DataFrame | None = None):
    """Slice the national indicator frame for one area and its comparators.

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        The indicator frame of :func:`national`, or that frame after :func:`jsnakit.disclosure.apply` (the way to
        publish: disclosure control needs every area in view); the result is of the same kind.
    area_code : str
        GSS code (or DfE LA number) of an upper-tier LA or a region.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); the area's 10 neighbours are included.

    Returns
    -------
    pandas.DataFrame or Disclosed
        The rows of the area, its region, England and its neighbours (closest first), every indicator and period,
        in that order of areas within each indicator.

    Raises
    ------
    ArgumentError
        When the area is unknown or the frame holds no row for it.
    """
    data = _data(frame)
    area = geography.area(area_code)
    order = [area["area_code"], area["region_code"], geography.ENGLAND]
    if neighbours is not None:
        own = neighbours[neighbours["area_code"] == area["area_code"]].sort_values("rank")
        order += own["neighbour_code"].tolist()
    if not (data["area_code"] == area["area_code"]).any():
        raise ArgumentError(f"area_code must be an area present in the data; got {area_code!r} "
                            f"({area['area_name']}), which has no rows")
    rank = {code: i for i, code in reversed(list(enumerate(c for c in order if c)))}
    out = data[data["area_code"].isin(list(rank))]
    # The area first, then its region, England and its neighbours from the closest: the order of every table.
    labels = out.assign(_rank=out["area_code"].map(rank)).sort_values(["indicator", "_rank"], kind="stable").index
    return _subset(frame, labels)


def across_areas(frame, indicator: str, period: str, *, breakdown: str = "All", category: str = "All"):
    """One indicator for one period across every area (for a map or a league table).

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        The indicator frame of :func:`national`, or its disclosed form; the result is of the same kind.
    indicator, period, breakdown, category : str
        Which figure.

    Returns
    -------
    pandas.DataFrame or Disclosed
        The matching rows of England, the regions and every upper-tier LA.

    Raises
    ------
    ArgumentError
        When no row matches.
    """
    data = _data(frame)
    rows = data[(data["indicator"] == indicator) & (data["period"] == period)
                & (data["breakdown"] == breakdown) & (data["category"] == category)]
    if rows.empty:
        raise ArgumentError(f"indicator and period must match rows of the frame; got {indicator!r} for {period!r} "
                            f"({breakdown}/{category}), which has none")
    return _subset(frame, rows.index)


def latest_period(frame: pd.DataFrame, indicator: str, *, up_to: str | None = None) -> str:
    """The latest period (label) with a value of ``indicator`` in ``frame``, not after ``up_to``.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame.
    indicator : str
        Indicator id.
    up_to : str, optional
        A period label such as ``"2024/25"``; labels compare as text, so a calendar year or mid-year ``"2024"``
        counts as up to ``"2024/25"`` and ``"2025"`` does not. None: no limit.

    Raises
    ------
    ArgumentError
        When no row of the indicator (up to that period) has a value.

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": "x", "period": ["2023", "2024/25", "2025/26"], "value": [1.0, 2.0, 3.0]})
    >>> latest_period(f, "x"), latest_period(f, "x", up_to="2024/25")
    ('2025/26', '2024/25')
    """
    periods = frame.loc[(frame["indicator"] == indicator) & frame["value"].notna(), "period"]
    if up_to is not None:
        periods = periods[periods <= str(up_to)]
    if periods.empty:
        limit = f" up to {up_to!r}" if up_to is not None else ""
        raise ArgumentError(f"indicator must have values in the frame{limit}; got {indicator!r}, which has none")
    return sorted(periods.unique())[-1]


#: Indicators whose latest period with the area's own figures sets a factsheet's period (:func:`report_period`).
HEADLINE = ("ehc_pupils_pct", "ehc_plans", "ehc_plans_per_10k")


def report_period(frame, area_code: str, *, up_to: str | None = None) -> str:
    """The period a factsheet reports: the latest academic year, not after ``up_to``, in which the area itself has
    a published headline figure (:data:`HEADLINE`), or, failing that, any published figure (a calendar year ``Y``
    counting as ``Y/Y+1``).

    A folder may hold England's figures for a later year than any LA's (the national release of "Special
    educational needs in England" comes out before its LA files are downloaded): the factsheet then reports the
    area's own latest year, and each section its latest data up to it.

    Parameters
    ----------
    frame : pandas.DataFrame or Disclosed
        An indicator frame holding the area.
    area_code : str
        GSS code or DfE number.
    up_to : str, optional
        The latest period wanted (``"2025/26"``); None for no limit.

    Returns
    -------
    str
        An academic-year label such as ``"2024/25"``.

    Raises
    ------
    ArgumentError
        When the area has no headline figure in an academic year up to ``up_to``.

    Examples
    --------
    >>> f = pd.DataFrame({"indicator": "ehc_plans", "area_code": ["E09000019", "E92000001"],
    ...                   "period": ["2024/25", "2025/26"], "value": [2119.0, 1.0]})
    >>> report_period(f, "E09000019")
    '2024/25'
    """
    data = _data(frame)
    code = geography.area(area_code)["area_code"]
    own = data[(data["area_code"] == code) & data["value"].notna()]
    periods = _academic(own.loc[own["indicator"].isin(HEADLINE), "period"], up_to)
    if periods.empty:  # no headline figure: the latest year of any figure the area has (a calendar year Y ends Y/Y+1)
        periods = _academic(own["period"], up_to)
    if periods.empty:
        limit = f" up to {up_to!r}" if up_to is not None else ""
        raise ArgumentError(f"area_code must have a published figure{limit}; got {area_code!r}, which has none")
    return sorted(periods.unique())[-1]


def _academic(periods: pd.Series, up_to: str | None) -> pd.Series:
    """Period labels as academic years (a calendar or mid-year ``Y`` as ``Y/Y+1``), not after ``up_to``."""
    text = periods.astype(str)
    years = text.str.fullmatch(r"\d{4}")
    text = text.where(~years, text.str[:4] + "/" + (text.str[:4].where(years, "0").astype(int) + 1).astype(str).str[-2:])
    text = text[text.str.fullmatch(r"\d{4}/\d{2}")]
    return text[text <= str(up_to)] if up_to is not None else text


def age_band(age: float) -> str:
    """The factsheet age band (``"0-4"`` ... ``"20-25"``) of an age in whole years; '' above 25."""
    for label, (low, high) in AGE_BANDS.items():
        if low <= age <= high:
            return label
    return ""


#: Indicator id of EHC plans by primary need (``breakdown``) and age band (``category``): the gap-mapping grid.
NEED_AGE = "ehc_plans_need_age"
_BAND_OF_AGE = {"under 3": "0-4", "2 and under": "0-4", "20 and over": "20-25"}


def need_by_age(needs_by_age: pd.DataFrame, area_code: str | None = None, *, period: str | None = None) -> pd.DataFrame:
    """EHC plans by primary need and age band, as an indicator frame ready for disclosure control.

    Parameters
    ----------
    needs_by_age : pandas.DataFrame
        :func:`jsnakit.sources.dfe.read_ehc_needs_by_age` (plans maintained in January, by need and single age).
    area_code : str, optional
        GSS code or DfE LA number of one area; default every area in the frame.
    period : str, optional
        Academic year (``"2024/25"``); default each area's latest.

    Returns
    -------
    pandas.DataFrame
        Indicator frame (:data:`jsnakit.core.schema.INDICATOR_COLUMNS`), indicator :data:`NEED_AGE`, ``breakdown`` the
        need label, ``category`` the age band (``0-4`` ... ``20-25``) and ``All`` (the need's total), ``count`` =
        ``value`` = plans (persons), method ``none``; a band is 0 when no age in it has plans, NaN (note ``x``)
        when the source withheld one. Rounded to 5 by disclosure control (the catalogue's ``round_to``). Empty when
        the area has no such rows.

    Examples
    --------
    >>> rows = pd.DataFrame({"source": "SEN2", "period": "2024/25", "area_code": "E09000019",
    ...     "area_name": "Islington", "area_type": "london borough", "measure": "ehc_plans", "breakdown": "age",
    ...     "category": ["4", "5", "12"], "count": [3.0, 20.0, 30.0], "note": np.nan,
    ...     "need": "Autistic spectrum disorder"})
    >>> need_by_age(rows, "E09000019")[["category", "count"]].values.tolist()
    [['0-4', 3.0], ['5-10', 20.0], ['11-15', 30.0], ['16-19', 0.0], ['20-25', 0.0], ['All', 53.0]]
    """
    rows = needs_by_age[needs_by_age["measure"] == "ehc_plans"]
    if area_code is not None:
        rows = rows[rows["area_code"] == geography.area(area_code)["area_code"]]
    rows = rows[rows["area_code"].isin(geography.areas().index)]
    if rows.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    periods = rows["period"].astype(str)
    if period is None:  # each area's latest academic year
        start = periods.str[:4]
        period_of = rows.assign(_start=start).groupby("area_code")["_start"].transform("max")
        rows = rows[start == period_of]
    else:
        rows = rows[periods == str(period)]
    if rows.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    labels = rows["category"].astype(str).str.strip()
    bands = labels.map(_BAND_OF_AGE).fillna(labels.map(lambda a: age_band(float(a)) if a.isdigit() else ""))
    rows = rows.assign(age_band=bands.replace("", np.nan), period=rows["period"].astype(str))
    needs = list(PRIMARY_NEEDS.values())
    keys = ["area_code", "period", "need"]
    grid = rows[keys].drop_duplicates().merge(pd.DataFrame({"age_band": list(AGE_BANDS)}), how="cross")
    counts = rows.groupby([*keys, "age_band"])["count"].sum(min_count=1)
    # A need's band is 0 when no age in it was published with plans; unknown (NaN) when a count was withheld.
    withheld = rows[rows["count"].isna()].groupby([*keys, "age_band"]).size()
    index = pd.MultiIndex.from_frame(grid)
    counts = counts.reindex(index).fillna(0).where(~withheld.reindex(index).fillna(0).gt(0).to_numpy())
    cells = counts.reset_index(name="count")
    totals = cells.groupby(keys, sort=False)["count"].sum(min_count=1).reset_index()
    totals = totals.assign(count=totals["count"].where(cells.groupby(keys, sort=False)["count"].count()
                                                      .reindex(pd.MultiIndex.from_frame(totals[keys])).to_numpy()
                                                      == len(AGE_BANDS)), age_band="All")
    frame = pd.concat([cells, totals], ignore_index=True)
    frame["_need"] = frame["need"].map({n: i for i, n in enumerate(needs)}).fillna(len(needs))
    frame["_band"] = frame["age_band"].map({b: i for i, b in enumerate([*AGE_BANDS, "All"])})
    frame = frame.sort_values(["area_code", "_need", "need", "_band"], kind="stable")
    areas = geography.areas().reindex(frame["area_code"])
    source = rows.groupby("area_code")["source"].first().reindex(frame["area_code"]).to_numpy()
    out = pd.DataFrame({
        "indicator": NEED_AGE, "area_code": frame["area_code"].to_numpy(), "area_name": areas["area_name"].to_numpy(),
        "area_type": areas["area_type"].to_numpy(), "period": frame["period"].to_numpy(),
        "breakdown": frame["need"].to_numpy(), "category": frame["age_band"].to_numpy(),
        "count": frame["count"].to_numpy(float), "denominator": np.nan, "value": frame["count"].to_numpy(float),
        "lower_ci": np.nan, "upper_ci": np.nan, "confidence": np.nan, "unit": "plans", "method": "none",
        "comparator_code": np.nan, "comparison": "not compared",
        "note": np.where(np.isnan(frame["count"].to_numpy(float)), "x", None), "source": source,
    })
    out["note"] = out["note"].astype(object).where(out["note"].notna(), np.nan)
    return out.reset_index(drop=True)[INDICATOR_COLUMNS]


def population_period(period: str) -> str:
    """The mid-year population that serves as denominator for a January count: ``"2024/25"`` -> ``"2024"``."""
    return str(period)[:4]


def _sen2_age(category: str) -> str:
    return "0-4" if category == "under 3" else age_band(float(category))


def _data(frame) -> pd.DataFrame:
    """The indicator frame inside a Disclosed, or the frame itself."""
    return frame.frame if isinstance(frame, disclosure.Disclosed) else frame


def _subset(frame, labels) -> pd.DataFrame:
    """Rows of ``frame`` by label, keeping its kind: a Disclosed stays disclosed, a DataFrame is renumbered."""
    if isinstance(frame, disclosure.Disclosed):
        return frame.take(labels)
    return frame.loc[labels].reset_index(drop=True)


#: Indicators of an area's standing table, in order (those the frame holds are shown).
STANDING = ("ehc_pupils_pct", "sen_support_pct", "ehc_plans_per_10k", "new_ehc_plans_per_10k", "ehc_20_weeks_pct",
            "ehc_requests_agreed_pct")
#: Columns of :func:`comparison_frame` and :func:`standing` (the same for both, whatever the arguments).
STANDING_COLUMNS = [
    "area_code", "area_name", "indicator", "title", "unit", "breakdown", "category", "period",
    "count", "denominator", "value", "lower_ci", "upper_ci", "note", "comparison", "significance",
    "england", "region", "neighbour_median", "neighbours", "group_median", "group_n", "group_name",
    "rank", "ranked", "quartile", "trend", "trend_from", "trend_to",
]
#: Values of ``significance``: the Fingertips two-level comparison with England (95% and 99.8% limits).
SIGNIFICANCE = ("higher (99.8%)", "higher (95%)", "similar", "lower (95%)", "lower (99.8%)", "not compared")
#: ``group_name`` of a comparator group given as a plain list of codes.
GROUP_NAME = "Comparator group"

_FRAME_KEYS = ["indicator", "breakdown", "category"]


def comparison_frame(disclosed, area_code: str, *, period: str | None = None, neighbours: pd.DataFrame | None = None,
                     group=None, indicators_shown=None) -> pd.DataFrame:
    """Every indicator, breakdown and category for one area, set against England, its region, its statistical
    neighbours and a comparator group, with its rank, quarter and recent trend: the area's complete comparison frame.

    Everything is computed from the published (disclosed) figures only, so nothing withheld can be recovered from a
    rank or a median. Issue 6 ("for an area and period, every SEND indicator ... as one indicator frame").

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The national indicator frame after :func:`jsnakit.disclosure.apply` (:func:`published`), with 95% limits.
    area_code : str
        GSS code (or DfE number) of an upper-tier LA (a region or England also works: no rank, no quarter).
    period : str, optional
        Latest period to report (e.g. ``"2025/26"``). Each indicator and breakdown uses its latest period with a
        published value up to it; labels compare as text, so calendar-year indicators use their latest year up to
        ``"2025"``. Default: each indicator's and breakdown's latest period.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); gives ``neighbour_median``.
    group : sequence of str or dict, optional
        A comparator group chosen by the user: GSS codes or DfE numbers of upper-tier LAs (e.g. the LAs of an ICB,
        or similar areas an analyst picked), or ``{"name": "North Central London ICB", "areas": [...]}``. The area
        itself may be listed; it is left out of the group's median. None: no group (``group_median`` NaN,
        ``group_n`` 0, ``group_name`` None).
    indicators_shown : sequence of str, optional
        Indicator ids to include, in the order of the rows; those absent from the frame are skipped. Default every
        indicator of the frame, in the order of :data:`jsnakit.core.indicators.CATALOGUE`.

    Returns
    -------
    pandas.DataFrame
        :data:`STANDING_COLUMNS`, one row per indicator x breakdown x category the area has in its period (``All``
        breakdown first, then categories in the order of the national frame):

        * ``area_code``, ``area_name``; ``indicator``, ``title``, ``unit`` (``"%"``, ``"per 10,000"``, ``"plans"``...),
          ``breakdown``, ``category``, ``period``;
        * the area's ``count``, ``denominator``, ``value`` with its 95% ``lower_ci``/``upper_ci`` (NaN where
          withheld) and ``note`` as published;
        * ``comparison`` with England at 95% as published (``higher``/``similar``/``lower``/``not compared``) and
          ``significance``, the Fingertips two-level comparison (:data:`SIGNIFICANCE`): ``"higher (99.8%)"`` when
          England's value lies outside the area's 99.8% interval, ``"higher (95%)"`` when outside the 95% interval
          only, ``"similar"``, ``"lower (95%)"``, ``"lower (99.8%)"``, or ``"not compared"`` (counts, withheld
          values, England itself). The 99.8% limits are Wilson's (percentages) or Byar's / exact Poisson (rates)
          from the published count and denominator;
        * ``england`` and ``region``: their values for the same indicator, period, breakdown and category;
        * ``neighbour_median`` and ``neighbours`` (how many neighbours have a published value), ``group_median``,
          ``group_n`` (members with a published value, the area itself excluded) and ``group_name``;
        * ``rank`` among the ``ranked`` upper-tier LAs with a published value (float; 1 = highest value, ties share
          the lower rank: :func:`jsnakit.stats.ranking.rank`; SEND indicators carry no judgement, so high is not "best"),
          ``quartile`` (``"1"`` lowest quarter to ``"4"`` highest, LAIT's bands with Excel PERCENTILE.INC bounds:
          :func:`jsnakit.stats.ranking.lait_quartile_band`; None when the value is withheld);
        * ``trend``: the Fingertips recent-trend marker over the 5 most recent periods up to ``period``
          (:func:`jsnakit.stats.trend.recent_trend`, 99.8%: chi-square test for trend in proportions for percentages,
          the weighted-regression method for rates; counts ``"cannot be calculated"``), between ``trend_from``
          and ``trend_to``.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed disclosure control.
    ArgumentError
        When the area is unknown or has no rows, the frame's limits are not 95% limits, ``group`` names unknown
        codes or areas that are not upper-tier LAs, or ``neighbours`` / ``indicators_shown`` are malformed.

    References
    ----------
    OHID Fingertips technical guidance (comparisons with the benchmark at 95% and 99.8%, quartiles, recent trends);
    DfE LAIT quartile banding and ranking.
    """
    data = disclosure.require(disclosed).frame
    area = geography.area(area_code)
    code, region = area["area_code"], area["region_code"]
    shown = _indicators_shown(indicators_shown)
    close = _neighbour_codes(neighbours, code)
    members, group_name = _comparator_group(group, code)
    _require_95(data)
    if not (data["area_code"] == code).any():
        raise ArgumentError(f"area_code must be an area present in the data; got {area_code!r} "
                            f"({area['area_name']}), which has no rows")
    if shown is not None:
        data = data[data["indicator"].isin(shown)]
    order = list(shown) if shown is not None else list(indicators.CATALOGUE)
    order += sorted(set(data["indicator"].dropna()) - set(order))

    # Each indicator and breakdown at its latest period with a published value (up to ``period``).
    valued = data["value"].notna()
    if period is not None:
        valued &= data["period"] <= str(period)
    if not valued.any():
        return _standing_frame({}, 0)
    latest = data[valued].groupby(["indicator", "breakdown"], sort=False)["period"].max()
    latest = latest.reindex(pd.MultiIndex.from_arrays([data["indicator"], data["breakdown"]])).to_numpy(dtype=object)
    data = data[pd.notna(latest)]
    latest = latest[pd.notna(latest)]
    periods = data["period"].to_numpy(dtype=object)
    now = data[periods == latest]
    own = now[now["area_code"] == code]
    position = own["indicator"].map({ind: i for i, ind in enumerate(order)}).to_numpy(dtype=float)
    own = own.assign(_order=position, _split=(own["breakdown"] != "All").to_numpy()).sort_values(
        ["_order", "_split"], kind="stable").drop(columns=["_order", "_split"]).reset_index(drop=True)
    if own.empty:
        return _standing_frame({}, 0)
    at = pd.MultiIndex.from_frame(own[_FRAME_KEYS])

    def values_of(codes) -> np.ndarray:
        rows = now[now["area_code"] == codes]
        return rows.set_index(_FRAME_KEYS)["value"].reindex(at).to_numpy(dtype=float)

    england = values_of(geography.ENGLAND)
    regional = values_of(region) if region else np.full(len(own), np.nan)
    near_median, near_n = _median_of(now, close, at)
    group_median, group_n = _median_of(now, members, at)
    rank, ranked, quartile = _rank_and_quartile(now, code, at)
    lower_998, upper_998 = _limits_998(own)
    level = methods.significance(own["lower_ci"], own["upper_ci"], lower_998, upper_998, england)
    significance = [
        f"{c} ({'99.8%' if lv == '99.8%' else '95%'})" if c in ("higher", "lower") else
        "similar" if c == "similar" else "not compared"
        for c, lv in zip(own["comparison"], level)
    ]
    history = data[(data["area_code"] == code).to_numpy(dtype=bool) & (periods <= latest).astype(bool)]
    trends = _trends(history, at)
    titles = {i: (indicators.CATALOGUE[i].title if i in indicators.CATALOGUE else i) for i in order}
    columns = {
        "area_code": np.full(len(own), code, dtype=object),
        "area_name": np.full(len(own), area["area_name"], dtype=object),
        "indicator": own["indicator"].to_numpy(dtype=object),
        "title": own["indicator"].map(titles).to_numpy(dtype=object),
        "unit": own["unit"].to_numpy(dtype=object),
        "breakdown": own["breakdown"].to_numpy(dtype=object),
        "category": own["category"].to_numpy(dtype=object),
        "period": own["period"].to_numpy(dtype=object),
        "count": own["count"].to_numpy(dtype=float),
        "denominator": own["denominator"].to_numpy(dtype=float),
        "value": own["value"].to_numpy(dtype=float),
        "lower_ci": own["lower_ci"].to_numpy(dtype=float),
        "upper_ci": own["upper_ci"].to_numpy(dtype=float),
        "note": own["note"].to_numpy(dtype=object),
        "comparison": own["comparison"].to_numpy(dtype=object),
        "significance": np.array(significance, dtype=object),
        "england": england,
        "region": regional,
        "neighbour_median": near_median,
        "neighbours": near_n,
        "group_median": group_median,
        "group_n": group_n,
        "group_name": np.full(len(own), group_name, dtype=object),
        "rank": rank,
        "ranked": ranked,
        "quartile": quartile,
        "trend": trends["direction"].to_numpy(dtype=object),
        "trend_from": trends["period_from"].to_numpy(dtype=object),
        "trend_to": trends["period_to"].to_numpy(dtype=object),
    }
    return _standing_frame(columns, len(own))


def standing(disclosed, area_code: str, *, period: str | None = None, neighbours: pd.DataFrame | None = None,
             group=None, indicators_shown=STANDING) -> pd.DataFrame:
    """Where an area stands on each headline indicator: against England (at 95% and 99.8%), its region, its
    statistical neighbours and a comparator group, its rank and quartile among England's upper-tier LAs, and its
    recent trend.

    The headline rows (breakdown ``All``) of :func:`comparison_frame`; use that for every breakdown and category.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The national indicator frame after :func:`jsnakit.disclosure.apply` (:func:`published`).
    area_code : str
        GSS code (or DfE number) of an upper-tier LA.
    period : str, optional
        Latest period to report (e.g. ``"2025/26"``); each indicator uses its latest period up to it (calendar-year
        indicators their latest year). Default: each indicator's latest period.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`); gives ``neighbour_median``.
    group : sequence of str or dict, optional
        A comparator group: GSS codes or DfE numbers of upper-tier LAs, or ``{"name": ..., "areas": [...]}``
        (see :func:`comparison_frame`); gives ``group_median``, ``group_n`` and ``group_name``.
    indicators_shown : sequence of str, default :data:`STANDING`
        Indicator ids, in the order of the rows; those absent from the frame are skipped.

    Returns
    -------
    pandas.DataFrame
        :data:`STANDING_COLUMNS` (as :func:`comparison_frame`), one row per indicator: breakdown and category
        ``All``.

    Raises
    ------
    DisclosureError, ArgumentError
        As :func:`comparison_frame`.

    References
    ----------
    OHID Fingertips technical guidance (comparisons, quartiles, recent trends); DfE LAIT quartile banding.
    """
    if indicators_shown is None:
        raise ArgumentError("indicators_shown must be a list of indicator ids; got None (use comparison_frame for "
                            "every indicator)")
    frame = comparison_frame(disclosed, area_code, period=period, neighbours=neighbours, group=group,
                             indicators_shown=indicators_shown)
    totals = (frame["breakdown"] == "All") & (frame["category"] == "All")
    return frame[totals.to_numpy(dtype=bool)].reset_index(drop=True)


def _standing_frame(columns: dict, n: int) -> pd.DataFrame:
    """The frame of :data:`STANDING_COLUMNS` with fixed dtypes, from arrays (or none, for no rows)."""
    integers = ("neighbours", "group_n", "ranked")
    floats = ("count", "denominator", "value", "lower_ci", "upper_ci", "england", "region", "neighbour_median",
              "group_median", "rank")
    out = {}
    for name in STANDING_COLUMNS:
        dtype = "int64" if name in integers else "float64" if name in floats else object
        out[name] = pd.Series(columns[name] if n else [], dtype=dtype)
    return pd.DataFrame(out, columns=STANDING_COLUMNS)


def _indicators_shown(indicators_shown) -> list[str] | None:
    if indicators_shown is None:
        return None
    if isinstance(indicators_shown, str) or not isinstance(indicators_shown, Iterable):
        raise ArgumentError(f"indicators_shown must be a list of indicator ids; got {indicators_shown!r}")
    shown = list(dict.fromkeys(indicators_shown))
    for indicator in shown:
        indicators.get(indicator)  # an unknown id raises, listing the known ones
    return shown


def _neighbour_codes(neighbours, code: str) -> list[str]:
    if neighbours is None:
        return []
    if not isinstance(neighbours, pd.DataFrame) or not {"area_code", "neighbour_code"} <= set(neighbours.columns):
        raise ArgumentError(f"neighbours must be a frame of statistical neighbours with the columns "
                            f"{NEIGHBOUR_COLUMNS}; got {type(neighbours).__name__}")
    return neighbours.loc[neighbours["area_code"] == code, "neighbour_code"].tolist()


def _comparator_group(group, code: str) -> tuple[list[str], str | None]:
    """The GSS codes of a user's comparator group (the area itself left out) and its name."""
    if group is None:
        return [], None
    name, areas = GROUP_NAME, group
    if isinstance(group, Mapping):
        keys = set(group)
        if "areas" not in keys or not keys <= {"name", "areas"}:
            raise ArgumentError(f"group must be a list of area codes or a mapping {{'name': ..., 'areas': [...]}}; "
                                f"got a mapping with the keys {sorted(map(str, keys))}")
        name, areas = group.get("name", GROUP_NAME), group["areas"]
        if not isinstance(name, str) or not name.strip():
            raise ArgumentError(f"group name must be a non-empty string; got {name!r}")
    if isinstance(areas, (str, bytes)) or not isinstance(areas, Iterable):
        raise ArgumentError(f"group must be a list of GSS codes or DfE LA numbers; got {areas!r}")
    areas = list(areas)
    if not areas:
        raise ArgumentError("group must name at least one area; got none")
    codes, unknown, not_las = [], [], []
    for given in areas:
        try:
            row = geography.area(given)
        except ArgumentError:
            unknown.append(given)
            continue
        if row["area_type"] not in geography.LA_TYPES:
            not_las.append(f"{row['area_code']} ({row['area_name']}, {row['area_type']})")
        elif row["area_code"] not in codes:
            codes.append(row["area_code"])
    if unknown:
        raise ArgumentError(f"group must list GSS codes or DfE numbers of upper-tier local authorities; got "
                            f"{len(unknown)} unknown: {', '.join(repr(u) for u in unknown)}")
    if not_las:
        raise ArgumentError(f"group must list upper-tier local authorities only; got {'; '.join(not_las)}")
    return [c for c in codes if c != code], name.strip()


def _require_95(data: pd.DataFrame) -> None:
    level = data["confidence"].to_numpy(dtype=float)
    wrong = ~np.isnan(level) & ~np.isclose(level, 0.95)
    if wrong.any():
        raise ArgumentError(f"disclosed must hold 95% confidence limits (profile.national's default); got "
                            f"confidence {float(level[wrong][0])!r}")


def _median_of(now: pd.DataFrame, codes: list[str], at: pd.MultiIndex) -> tuple[np.ndarray, np.ndarray]:
    """Median and number of the published values of ``codes``, for each key of ``at``."""
    rows = now[now["area_code"].isin(codes)]
    if rows.empty:
        return np.full(len(at), np.nan), np.zeros(len(at), dtype=np.int64)
    stats = rows.groupby(_FRAME_KEYS)["value"].agg(["median", "count"]).reindex(at)
    return stats["median"].to_numpy(dtype=float), stats["count"].fillna(0).to_numpy(dtype=np.int64)


def _rank_and_quartile(now: pd.DataFrame, code: str, at: pd.MultiIndex):
    """Rank (1 = highest), number ranked and LAIT quartile band of the area among the LAs, for each key of ``at``."""
    from ..stats import ranking

    las = now[now["area_type"].isin(geography.LA_TYPES)]
    positions = las.groupby(_FRAME_KEYS, sort=False).indices
    values = las["value"].to_numpy(dtype=float)
    mine = (las["area_code"] == code).to_numpy(dtype=bool)
    rank = np.full(len(at), np.nan)
    ranked = np.zeros(len(at), dtype=np.int64)
    quartile = np.full(len(at), None, dtype=object)
    for i, key in enumerate(at):
        where = positions.get(key)
        if where is None:
            continue
        group = values[where]
        ranked[i] = int(np.isfinite(group).sum())
        own = np.flatnonzero(mine[where])
        if len(own) == 0 or np.isnan(group[own[0]]):
            continue
        rank[i] = ranking.rank(group, ascending=False)[own[0]]
        spec = indicators.CATALOGUE.get(key[0])
        polarity = _LAIT_POLARITY.get(spec.polarity if spec is not None else "", "no judgement")
        quartile[i] = ranking.lait_quartile_band(group, polarity=polarity)[own[0]]
    return rank, ranked, quartile


#: The catalogue's polarity in LAIT's words (its quartile bands: A best to D worst; 1-4 with no judgement).
_LAIT_POLARITY = {"high is good": "higher is better", "low is good": "lower is better", "no judgement": "no judgement"}


def _limits_998(own: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The 99.8% limits of each row, by the indicator's method, from its published count and denominator."""
    specs = [indicators.CATALOGUE.get(i) for i in own["indicator"]]
    kind = np.array([s.method if s is not None else "none" for s in specs], dtype=object)
    multiplier = np.array([s.multiplier if s is not None else np.nan for s in specs], dtype=float)
    x = own["count"].to_numpy(dtype=float)
    n = own["denominator"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        usable = np.isfinite(x) & np.isfinite(n) & (x >= 0) & (n > 0)
    lower = np.full(len(own), np.nan)
    upper = np.full(len(own), np.nan)
    wilson = usable & (kind == "Wilson") & (x <= np.where(usable, n, 0))
    if wilson.any():
        lo, up = methods.wilson_ci(x[wilson], n[wilson], confidence=0.998)
        lower[wilson], upper[wilson] = lo * multiplier[wilson], up * multiplier[wilson]
    byar = usable & (kind == "Byar")
    if byar.any():  # exact Poisson below 10 events, Byar from 10, as methods.rate
        lo, up = methods.byar_ci(x[byar], confidence=0.998, method="auto")
        per = multiplier[byar] / n[byar]
        lower[byar], upper[byar] = lo * per, up * per
    return lower, upper


def _trends(history: pd.DataFrame, at: pd.MultiIndex) -> pd.DataFrame:
    """The recent-trend marker of the area's series for each key of ``at`` (``direction``, ``period_from/to``)."""
    from ..stats import trend

    methods_of = {i: indicators.CATALOGUE[i].method if i in indicators.CATALOGUE else "none"
                  for i in history["indicator"].unique()}
    kind = history["indicator"].map(methods_of)
    parts = []
    proportions = history[(kind == "Wilson").to_numpy(dtype=bool)]
    if len(proportions):
        parts.append(trend.recent_trend(proportions, by=_FRAME_KEYS, method="proportions"))
    general = history[(kind != "Wilson").to_numpy(dtype=bool)]
    if len(general):
        # A count has no interval: its trend cannot be calculated (and its limits, the count itself, are no 95% ones).
        counts = (kind[kind != "Wilson"] == "none").to_numpy(dtype=bool)
        general = general.assign(lower_ci=np.where(counts, np.nan, general["lower_ci"]),
                                 upper_ci=np.where(counts, np.nan, general["upper_ci"]))
        parts.append(trend.recent_trend(general, by=_FRAME_KEYS, method="general"))
    if not parts:
        return pd.DataFrame(index=at, columns=["direction", "period_from", "period_to"], dtype=object)
    found = pd.concat(parts, ignore_index=True).set_index(_FRAME_KEYS)
    return found.reindex(at)[["direction", "period_from", "period_to"]]


#: LAIT measures that re-publish the school census's LA percentages (``Years`` Y is January Y, academic year Y-1/Y).
LAIT_PREVALENCE = {"SEN_TotStat": "ehc_pupils_pct", "SEN_TotSENSuP": "sen_support_pct"}
#: ``source`` of the rows taken from LAIT: the figure and where it was found.
LAIT_SOURCE = "DfE, Special educational needs in England, as re-published in DfE LAIT (percentage only)"


def _lait_prevalence(lait: pd.DataFrame, have: pd.DataFrame | None) -> pd.DataFrame:
    """The school census's percentages of pupils with an EHC plan and on SEN support, from LAIT, for every area and
    year that the school-census files in the folder do not give with their counts.

    LAIT publishes the percentage only (one decimal), so these rows have no count, denominator or interval
    (``method`` ``"published"``) and are not compared with England for significance.
    """
    rows = lait[lait["measure_code"].isin(list(LAIT_PREVALENCE)) & lait["value"].notna()]
    years = pd.to_numeric(rows["period"], errors="coerce")
    rows = rows[years.notna().to_numpy()]
    years = years.dropna().astype(int)
    table = geography.areas()
    frame = pd.DataFrame({
        "indicator": rows["measure_code"].map(LAIT_PREVALENCE).to_numpy(),
        "area_code": rows["area_code"].to_numpy(),
        "period": [f"{y - 1}/{y % 100:02d}" for y in years],
        "breakdown": "All", "category": "All",
        "value": rows["value"].to_numpy(dtype=float),
    })
    frame = frame[frame["area_code"].isin(table.index)]
    if have is not None and len(have):  # a census row wins even when withheld or not available (x): one row a key
        taken = pd.MultiIndex.from_frame(have[["indicator", "area_code", "period"]].astype(object))
        frame = frame[~pd.MultiIndex.from_frame(frame[["indicator", "area_code", "period"]]).isin(taken)]
    out = pd.DataFrame({column: np.nan for column in INDICATOR_COLUMNS}, index=frame.index).astype(object)
    for column in ("indicator", "area_code", "period", "breakdown", "category"):
        out[column] = frame[column].to_numpy(dtype=object)
    out["area_name"] = out["area_code"].map(table["area_name"])
    out["area_type"] = out["area_code"].map(table["area_type"])
    for column in _FLOATS:  # no count, denominator or interval: LAIT gives the percentage alone
        out[column] = np.nan
    out["value"] = frame["value"].to_numpy(dtype=float)
    out["unit"] = "%"
    out["method"] = "published"
    out["source"] = LAIT_SOURCE
    out["comparison"] = "not compared"
    return out[INDICATOR_COLUMNS].reset_index(drop=True)


def _per_head(counts: pd.DataFrame, young: pd.DataFrame, indicator: str, confidence: float) -> pd.DataFrame:
    """Counts per head of the 0-25 population: each period over the mid-year of :func:`population_period`, or, when
    the folder has no estimate for that mid-year, the latest earlier one (never a later one), named in ``source``."""
    if counts.empty or young.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    wanted = counts.assign(_year=counts["period"].map(lambda p: int(population_period(p))),
                           area_code=counts["area_code"].astype(object))
    population = young.assign(_year=young["period"].astype(int), area_code=young["area_code"].astype(object))
    population = population.rename(columns={"period": "_mid"})
    population = population[["area_code", "_year", "_mid", "population"]].sort_values("_year")
    joined = pd.merge_asof(wanted.reset_index(drop=True).sort_values("_year"), population, on="_year",
                           by="area_code", direction="backward")
    joined = joined[joined["population"].notna()].rename(columns={"population": "denominator"})
    out = _ratio(joined.drop(columns=["_year", "_mid"]), None, indicator, confidence)
    spec = indicators.get(indicator)
    used = joined["_mid"].astype(str).to_numpy()
    exact = (joined["_mid"].astype(int) == joined["_year"]).to_numpy()
    wanted_years = joined["_year"].to_numpy()
    out["source"] = [f"{spec.source}, mid-{mid}" + ("" if same else f" (the latest the data folder holds up to "
                                                                     f"mid-{year})")
                     for mid, same, year in zip(used, exact, wanted_years)]
    return out


def school_age(catalog: Catalog) -> pd.Series:
    """Residents aged 4-18 by area and academic year: the estimate of an area's pupils that bounds the count behind
    a percentage published without it (:func:`jsnakit.disclosure.withhold_uncounted`).

    Each academic year ``Y/Y+1`` takes the mid-``Y`` estimate, else the latest earlier one, else the earliest the
    folder holds (school-age populations change by a few per cent a year; the rule's margin covers it).

    Parameters
    ----------
    catalog : Catalog
        The data folder.

    Returns
    -------
    pandas.Series
        Persons by ``(area_code, period)`` for the academic years 2009/10 to 2030/31; empty without usable
        population estimates.

    Examples
    --------
    >>> school_age(Catalog("data_samples")).loc[("E09000019", "2024/25")] > 0   # doctest: +SKIP
    True
    """
    index = pd.MultiIndex.from_tuples([], names=["area_code", "period"])
    if not usable(catalog, "population"):
        return pd.Series(dtype=float, index=index)
    population = catalog.load("population")
    pupils = population[(population["sex"] == "persons") & population["age"].between(4, 18)]
    by_year = pupils.groupby(["area_code", "period"])["population"].sum().unstack("period")
    by_year.columns = by_year.columns.astype(int)
    rows = []
    for start in range(2009, 2031):
        earlier = [y for y in by_year.columns if y <= start]
        year = max(earlier) if earlier else min(by_year.columns)
        rows.append(by_year[year].rename(f"{start}/{(start + 1) % 100:02d}"))
    table = pd.concat(rows, axis=1)
    table.columns.name = "period"
    return table.stack().rename_axis(["area_code", "period"])


def usable(catalog: Catalog, name: str) -> bool:
    """Whether the folder holds the source and it reads: a bad file (see ``jsnakit data check``) leaves out the
    figures built on it, not the whole factsheet (:func:`unusable` lists what was left out).

    Parameters
    ----------
    catalog : Catalog
        The data folder.
    name : str
        A catalogue source (:data:`jsnakit.catalog.SOURCES`).

    Returns
    -------
    bool
        False when the folder holds no file of it or its files raise :class:`~jsnakit.core.errors.InputError`.

    Examples
    --------
    >>> import tempfile
    >>> usable(Catalog(tempfile.mkdtemp(), cache_dir=False), "ehc_caseload")
    False
    """
    if not catalog.has(name):
        return False
    if SOURCES[name].combine == "folder":  # one per area (Local Offers): read with the area, by Catalog.local_offer
        return True
    return _load_error(catalog, name) is None


def unusable(catalog: Catalog, names=NATIONAL_SOURCES) -> dict:
    """The sources of the folder that could not be read, each with its error (for the factsheet's caveats and
    ``jsnakit data check``).

    Parameters
    ----------
    catalog : Catalog
        The data folder.
    names : iterable of str, default :data:`NATIONAL_SOURCES`
        The sources to try.

    Returns
    -------
    dict
        Source name -> :class:`~jsnakit.core.errors.InputError`, for the sources the folder holds that do not read.

    Examples
    --------
    >>> import tempfile
    >>> unusable(Catalog(tempfile.mkdtemp(), cache_dir=False))   # nothing held, nothing unreadable
    {}
    """
    errors = {name: _load_error(catalog, name) for name in names if catalog.has(name)}
    return {name: error for name, error in errors.items() if error is not None}


def _load_error(catalog: Catalog, name: str) -> InputError | None:
    """The error reading a source the folder holds raises, or None when it reads (the catalogue remembers both)."""
    try:
        catalog.load(name)
    except InputError as error:
        return error
    return None


def _young(population: pd.DataFrame) -> pd.DataFrame:
    """Residents aged 0-25 (persons) by mid-year period and area."""
    young = population[(population["sex"] == "persons") & (population["age"] <= 25)]
    return young.groupby(_KEYS, as_index=False)["population"].sum()


def _current(catalog: Catalog, name: str) -> pd.DataFrame:
    """A count source restated on today's LAs (former LAs' rows moved by :func:`jsnakit.core.geography.to_current_areas`)."""
    return geography.to_current_areas(catalog.load(name))


def _select(counts: pd.DataFrame, **equal) -> pd.DataFrame:
    mask = np.ones(len(counts), dtype=bool)
    for column, value in equal.items():
        mask &= (counts[column] == value).to_numpy()
    return counts[mask]


def _banded(counts: pd.DataFrame, band: pd.Series) -> pd.DataFrame:
    grouped = counts.assign(category=band).groupby(
        ["source", "period", "area_code", "area_name", "area_type", "measure", "category"], as_index=False
    ).agg(count=("count", lambda s: s.sum(min_count=len(s))), note=("note", "first"))
    return grouped.assign(breakdown="age_band")


def _as_counts(population: pd.DataFrame) -> pd.DataFrame:
    table = geography.areas()
    return population.rename(columns={"population": "count"}).assign(
        area_name=population["area_code"].map(table["area_name"]),
        area_type=population["area_code"].map(table["area_type"]),
        source="ONS mid-year population estimates", note=np.nan,
    )


def _empty_like(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    spec = indicators.get(indicator)
    out = pd.DataFrame(index=frame.index, columns=INDICATOR_COLUMNS, dtype=object)
    for column in ("area_code", "area_name", "area_type", "period", "breakdown", "category", "note"):
        out[column] = frame[column].to_numpy(dtype=object)
    out["indicator"] = indicator
    out["unit"] = spec.unit
    out["source"] = spec.source
    out["comparator_code"] = np.nan
    out["comparison"] = "not compared"
    for column in ("count", "denominator", "value", "lower_ci", "upper_ci", "confidence"):
        out[column] = np.nan
    return out


def _counts(counts: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """A count indicator: value = count, no interval."""
    out = _empty_like(counts, indicator)
    out["count"] = counts["count"].to_numpy(dtype=float)
    out["value"] = out["count"]
    out["lower_ci"] = out["count"]
    out["upper_ci"] = out["count"]
    out["method"] = "none"
    return out.reset_index(drop=True)


def _ratio(numerator: pd.DataFrame, denominator: pd.DataFrame | None, indicator: str, confidence: float):
    """Join numerator counts to their denominators and apply the indicator's method."""
    spec = indicators.get(indicator)
    if denominator is not None:
        den = denominator[_KEYS + ["count", "note"]].rename(columns={"count": "denominator", "note": "den_note"})
        joined = numerator.merge(den, on=_KEYS, how="inner")
        joined["note"] = joined["note"].where(joined["note"].notna(), joined["den_note"])
    else:
        joined = numerator
    out = _empty_like(joined, indicator)
    out["count"] = joined["count"].to_numpy(dtype=float)
    denominators = joined["denominator"].to_numpy(dtype=float)
    zero = denominators == 0  # e.g. no plans issued in the year: the percentage does not exist
    out["denominator"] = np.where(zero, np.nan, denominators)
    if spec.method == "Wilson":
        out = methods.proportion(out, confidence=confidence, multiplier=spec.multiplier)
    else:
        out = methods.rate(out, confidence=confidence, multiplier=spec.multiplier)
    out.loc[zero, "denominator"] = 0.0
    out.loc[zero & out["note"].isna(), "note"] = "z"
    return out[INDICATOR_COLUMNS].reset_index(drop=True)


def _missing_as_nan(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing text as NaN, never None (a groupby's ``first`` of nothing gives None): one spelling of "missing",
    so a frame read back from parquet equals the one computed."""
    text = {c: frame[c].where(frame[c].notna(), np.nan) for c in frame.columns if frame[c].dtype == object}
    return frame.assign(**text)


def _compare_with_england(frame: pd.DataFrame) -> pd.DataFrame:
    england = frame[frame["area_code"] == geography.ENGLAND]
    compared = methods.compare_with(frame, england)
    is_england = compared["area_code"] == geography.ENGLAND
    counts_only = compared["method"] == "none"
    compared.loc[is_england | counts_only, "comparison"] = "not compared"
    compared.loc[is_england | counts_only, "comparator_code"] = np.nan
    return compared[INDICATOR_COLUMNS]
