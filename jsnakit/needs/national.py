"""The national indicator frame: every SEND indicator the data folder's inputs allow, for England, the regions and all
upper-tier LAs, every period (:func:`national`), and the recipes that build each indicator from the catalogue's count
frames (shares, rates per head, counts, LAIT's re-published percentages).

Also what of the folder can be used (:func:`usable`, :func:`unusable`), the school-age population that bounds a
percentage published without its count (:func:`school_age`), and the factsheet age bands (:data:`AGE_BANDS`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import geography, indicators, schema
from ..stats import methods
from ..catalog import SOURCES, Catalog
from ..core.errors import InputError
from ..core.schema import INDICATOR_COLUMNS, validate
from .ehc_process import process_rows
from .outcomes import cohort_base, outcome_rows

__all__ = ["national", "text_codes", "NATIONAL_SOURCES", "AGE_BANDS", "age_band", "sen2_age_band", "population_period", "usable",
           "unusable", "school_age", "uncounted_base", "LAIT_PREVALENCE", "LAIT_SOURCE"]

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
        parts.append(outcome_rows(catalog.load("lait")))  # outcomes by SEN status (needs.outcomes)
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
            parts.append(_counts(_banded(ages, ages["category"].map(sen2_age_band)), "ehc_plans"))
        banded = _select(caseload, breakdown="age_band")  # releases before 2023 publish bands, not single years
        if len(banded):
            parts.append(_counts(banded, "ehc_plans"))
        placement = _select(caseload, breakdown="placement")
        parts.append(_ratio(placement, plans, "ehc_placement_share", confidence))
        sexes = _select(caseload, breakdown="sex")
        if len(sexes):
            parts.append(_ratio(sexes, plans, "ehc_sex_share", confidence))
        if usable(catalog, "population"):
            population = catalog.load("population")
            young = population[(population["sex"] == "persons") & (population["age"] <= 25)]
            totals = young.groupby(_KEYS, as_index=False)["population"].sum()
            bands = young.assign(category=young["age"].map(age_band)).groupby(
                _KEYS + ["category"], as_index=False)["population"].sum()
            parts.append(_counts(_as_counts(totals.assign(breakdown="All", category="All")), "population"))
            parts.append(_counts(_as_counts(bands.assign(breakdown="age_band")), "population"))
            parts.append(_per_head(plans, totals, "ehc_plans_per_10k", confidence))
    if usable(catalog, "sen_provision_sex"):  # pupils with an EHC plan by sex, over those of either sex
        census = _select(_current(catalog, "sen_provision_sex"), measure="pupils_ehc_plan", breakdown="sex")
        either = census.groupby(_KEYS, as_index=False)["count"].sum(min_count=1).assign(note=np.nan)
        parts.append(_ratio(census, either, "census_ehc_sex_share", confidence))
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
        # DfE's definition (request_assess_pc): requests the LA decided to assess over the requests received in the
        # year.
        assessed = _select(requests, measure="ehc_requests_assessed")
        parts.append(_ratio(assessed, _select(requests, measure="ehc_requests"), "ehc_requests_agreed_pct",
                            confidence))
    if usable(catalog, "ehc_requests"):  # the rest of the EHC needs assessment process (needs.ehc_process)
        parts.append(process_rows(catalog))
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
    return validate(text_codes(_missing_as_nan(_compare_with_england(frame))), "indicator")


def text_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """An indicator frame with its area codes as pandas' text type (pandas 3; as it is in pandas 2): comparing a
    code with 140,000 of them takes a tenth of the time it takes on Python strings, and every section of every
    factsheet does it.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame.

    Returns
    -------
    pandas.DataFrame
        The frame (the same object), ``area_code`` converted.
    """
    if int(pd.__version__.split(".")[0]) >= 3:
        frame["area_code"] = frame["area_code"].astype("str")
    return frame


#: The catalogue sources :func:`national` reads: :func:`jsnakit.needs.profile.published_all` keys its cache by the
#: SHA-256 of their files.
NATIONAL_SOURCES = ("sen_provision", "sen_primary_need", "ehc_caseload", "population", "ehc_timeliness",
                    "ehc_new_plans", "ehc_requests", "ehc_needs", "lait", "sen_provision_sex")


def age_band(age: float) -> str:
    """The factsheet age band (``"0-4"`` ... ``"20-25"``) of an age in whole years; '' above 25."""
    for label, (low, high) in AGE_BANDS.items():
        if low <= age <= high:
            return label
    return ""


def population_period(period: str) -> str:
    """The mid-year population that serves as denominator for a January count: ``"2024/25"`` -> ``"2024"``."""
    return str(period)[:4]


#: SEN2 age labels that are not a single year of age, and their factsheet age band.
_SEN2_WORDS = {"under 3": "0-4", "2 and under": "0-4", "20 and over": "20-25"}


def sen2_age_band(label) -> str:
    """The factsheet age band (``"0-4"`` ... ``"20-25"``) of a SEN2 age label: ``"under 3"``, ``"2 and under"``,
    ``"3"`` ... ``"25"``, ``"20 and over"``; ``''`` for anything else (an age above 25, a word it does not know).

    Parameters
    ----------
    label : str
        The SEN2 age label.

    Returns
    -------
    str
        The band, or ``''``.

    Examples
    --------
    >>> [sen2_age_band(a) for a in ["under 3", "4", "5", "25", "20 and over", "26", "unknown"]]
    ['0-4', '0-4', '5-10', '20-25', '20-25', '', '']
    """
    text = str(label).strip()
    if text in _SEN2_WORDS:
        return _SEN2_WORDS[text]
    return age_band(float(text)) if text.isdigit() else ""



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


def uncounted_base(catalog: Catalog) -> pd.Series:
    """The estimated denominators that bound the counts behind figures published without them
    (:func:`jsnakit.disclosure.withhold_uncounted`): residents aged 4-18 (:func:`school_age`) for the ``All`` rows
    (LAIT's prevalence), and each SEN group's pupils in one year group (:func:`jsnakit.needs.outcomes.cohort_base`)
    for the outcomes by SEN status.

    Parameters
    ----------
    catalog : Catalog
        The data folder.

    Returns
    -------
    pandas.Series
        Persons by ``(indicator, area_code, period, category)``; empty without usable population estimates.
    """
    pupils = school_age(catalog)
    parts = [pd.Series(pupils.to_numpy(), dtype=float, index=pd.MultiIndex.from_arrays(
        [[indicator] * len(pupils), pupils.index.get_level_values(0), pupils.index.get_level_values(1),
         ["All"] * len(pupils)], names=["indicator", "area_code", "period", "category"]))
        for indicator in LAIT_PREVALENCE.values()]
    if usable(catalog, "lait") and len(pupils):
        parts.append(cohort_base(catalog.load("lait"), pupils))
    return pd.concat(parts)


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
    """A count indicator: value = count, and no interval (its limits stay missing)."""
    out = _empty_like(counts, indicator)
    out["count"] = counts["count"].to_numpy(dtype=float)
    out["value"] = out["count"]
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
