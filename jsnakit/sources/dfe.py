"""Department for Education publications: *Special educational needs in England* (school census) and
*Education, health and care plans* (SEN2), as published on explore-education-statistics, and the children's
services statistical neighbours.

Every reader returns a count frame (:data:`jsnakit.core.schema.COUNT_COLUMNS`). Suppression and other symbols
(``c``, ``x``, ``z``, ...) become a NaN count with the symbol in ``note``, never 0. Periods are ``2024/25`` for
academic years (``time_period`` 202425) and ``2024`` for calendar years.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import ArgumentError, Failure, InputError
from ..core.schema import COUNT_COLUMNS, NEIGHBOUR_COLUMNS, PRIMARY_NEEDS, validate
from . import _ees, _overlap

__all__ = [
    "read_sen_provision",
    "read_sen_primary_need",
    "read_ehc_caseload",
    "read_ehc_needs",
    "read_ehc_needs_by_age",
    "NEED_AGE_COLUMNS",
    "read_ehc_timeliness",
    "read_ehc_new_plans",
    "read_ehc_requests",
    "read_sen_provision_by_sex",
    "read_cin_sen",
    "combine_releases",
    "plans_within_population",
    "read_statistical_neighbours",
    "SEN_IN_ENGLAND",
    "EHC_PLANS",
]

SEN_IN_ENGLAND = "DfE, Special educational needs in England"
EHC_PLANS = "DfE, Education, health and care plans (SEN2)"
CIN_OUTCOMES = "DfE, Outcomes for children in need, including children looked after"

_PROVISION = {
    "Total": "All pupils",
    "Education, health and care plan": "EHC plan",
    "SEN support / SEN without an EHC plan": "SEN support",
    "SEN support": "SEN support",
}
_CENSUS_NEEDS = {label: label for label in PRIMARY_NEEDS.values()}
_CENSUS_NEEDS.update({
    "Speech, language and communications needs": PRIMARY_NEEDS["slcn"],
    "Speech, language and communications need": PRIMARY_NEEDS["slcn"],
    "SEN support but no specialist assessment": PRIMARY_NEEDS["nsa"],
    "Missing": PRIMARY_NEEDS["unknown"],
})
_SCHOOL_COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                   "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]


def read_sen_provision(path) -> pd.DataFrame:
    """Read pupils by SEN provision from *Special educational needs in England* (EES data file).

    Parameters
    ----------
    path : str or pathlib.Path
        The EES file ``data-special-educational-needs-in-england.csv`` (2025/26 layout: ``sen_provision``,
        ``pupil_count``), or the "Download all data" file ``sen_phase_type_.csv`` (one row per phase and type of
        school: ``total_pupils``, ``ehc_plan``, ``sen_support``), at national, regional and local-authority level.

    Returns
    -------
    pandas.DataFrame
        Count frame: ``measure`` ``pupils``, ``breakdown`` ``sen_provision``, ``category`` ``All pupils``,
        ``EHC plan`` or ``SEN support``; ``count`` in pupils (January census). Only the all-schools rows
        (phase, establishment type and hospital school ``Total``) are kept.

    Raises
    ------
    InputError
        Missing columns, unknown areas or periods, text or a negative number in ``pupil_count``, duplicated rows,
        pupils with an EHC plan (or on SEN support) above all pupils of the same area and period: all at once.
    """
    if set(_ees.header(path)) >= {"total_pupils", "ehc_plan", "sen_support"}:
        return _read_sen_provision_wide(path)
    frame = _ees.read_csv(path, _SCHOOL_COLUMNS + ["sen_provision", "pupil_count"])
    frame = _totals_only(frame, ["phase_type_grouping", "establishment_type", "type_of_establishment",
                                 "hospital_school"])
    failures: list = []
    category = frame["sen_provision"].map(lambda s: _PROVISION.get(_ees.label(s)))
    for row, got in frame.loc[category.isna(), "sen_provision"].items():
        failures.append(Failure(str(path), row, "sen_provision", f"one of {sorted(set(_PROVISION))}", got))
    out = _count_frame(path, frame, _where(path, frame, failures), "pupil_count", failures, source=SEN_IN_ENGLAND,
                       measure="pupils", breakdown="sen_provision", category=category, release="sen_in_england")
    _within_total(path, frame, out, "pupil_count", ["period", "area_code"], out["category"] == "All pupils",
                  "all pupils (sen_provision 'Total')", failures)
    _ees.check_duplicates(path, out.assign(_row=out.index), ["period", "area_code", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


def _read_sen_provision_wide(path) -> pd.DataFrame:
    """``sen_phase_type_.csv``: the all-schools rows (phase, type and hospital school ``Total``), one count column
    per provision, as the count frame of :func:`read_sen_provision`."""
    frame = _ees.read_csv(path, _SCHOOL_COLUMNS + ["phase_type_grouping", "total_pupils", "ehc_plan", "sen_support"])
    frame = _totals_only(frame, ["phase_type_grouping", "establishment_type", "type_of_establishment",
                                 "hospital_school"])
    failures: list = []
    where = _where(path, frame, failures)
    parts = [_count_frame(path, frame, where, column, failures, source=SEN_IN_ENGLAND, measure="pupils",
                          breakdown="sen_provision", category=category, release="sen_in_england")
             for column, category in (("total_pupils", "All pupils"), ("ehc_plan", "EHC plan"),
                                      ("sen_support", "SEN support"))]
    pupils = parts[0]["count"]
    for part, column in zip(parts[1:], ("ehc_plan", "sen_support")):
        for row in part.index[(part["count"] > pupils).to_numpy()]:  # a part above its total, in the same row
            failures.append(Failure(str(path), row, column, "no more than total_pupils in the same row",
                                    frame.at[row, column]))
    out = pd.concat(parts)
    _ees.check_duplicates(path, out.assign(_row=out.index), ["period", "area_code", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out.reset_index(drop=True))


def read_sen_primary_need(path) -> pd.DataFrame:
    """Read pupils with an EHC plan and on SEN support by primary need (*Special educational needs in England*).

    Parameters
    ----------
    path : str or pathlib.Path
        EES table of ``sen_provision`` x ``sen_primary_need`` with ``total_pupil_count`` (2025/26 layout).

    Returns
    -------
    pandas.DataFrame
        Count frame: ``measure`` ``pupils_ehc_plan`` or ``pupils_sen_support``; ``breakdown`` ``primary_need``
        with the categories of :data:`jsnakit.core.schema.PRIMARY_NEEDS`, and ``All``/``All`` for the total.

    Raises
    ------
    InputError
        As :func:`read_sen_provision`; also the pupils of one need above those of all needs (``Total``) with the
        same provision, area and period.
    """
    frame = _ees.read_csv(path, _SCHOOL_COLUMNS + ["sen_provision", "sen_primary_need", "total_pupil_count"])
    frame = _totals_only(frame, ["phase_type_grouping"])
    failures: list = []
    provision = frame["sen_provision"].map(lambda s: _PROVISION.get(_ees.label(s)))
    bad = ~provision.isin(["EHC plan", "SEN support"])
    for row, got in frame.loc[bad, "sen_provision"].items():
        failures.append(Failure(str(path), row, "sen_provision", "Education, health and care plan or SEN support",
                                got))
    need = frame["sen_primary_need"].map(lambda s: "All" if _ees.label(s) == "Total" else _CENSUS_NEEDS.get(_ees.label(s)))
    for row, got in frame.loc[need.isna(), "sen_primary_need"].items():
        failures.append(Failure(str(path), row, "sen_primary_need", "a DfE primary-need category or Total", got))
    measure = provision.map({"EHC plan": "pupils_ehc_plan", "SEN support": "pupils_sen_support"})
    out = _count_frame(path, frame, _where(path, frame, failures), "total_pupil_count", failures, source=SEN_IN_ENGLAND,
                       measure=measure,
                       breakdown=np.where(need == "All", "All", "primary_need"), category=need,
                       release="sen_in_england")
    _within_total(path, frame, out, "total_pupil_count", ["period", "area_code", "measure"], out["category"] == "All",
                  "the pupils of all needs (sen_primary_need 'Total') with the same provision", failures)
    _ees.check_duplicates(path, out, ["period", "area_code", "measure", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


def read_sen_provision_by_sex(path) -> pd.DataFrame:
    """Read pupils with an EHC plan and on SEN support by sex (*Special educational needs in England*, EES table).

    Parameters
    ----------
    path : str or pathlib.Path
        EES table of ``sen_provision`` x ``sex`` with ``age_total_pupil_count`` (2025/26 layout; DfE's featured
        table "Number and percentage of pupils with SEN in England, by SEN provision and sex").

    Returns
    -------
    pandas.DataFrame
        Count frame: ``measure`` ``pupils_ehc_plan`` or ``pupils_sen_support``, ``breakdown`` ``sex``,
        ``category`` ``Male``/``Female`` (and ``All``/``All`` where the table has a ``Total`` row).

    Raises
    ------
    InputError
        As :func:`read_sen_provision`; also the pupils of one sex above those of both (``Total``) with the same
        provision, area and period.
    """
    frame = _ees.read_csv(path, _SCHOOL_COLUMNS + ["sen_provision", "sex", "age_total_pupil_count"])
    frame = _totals_only(frame, ["phase_type_grouping", "sen_primary_need"])
    failures: list = []
    provision = frame["sen_provision"].map(lambda s: _PROVISION.get(_ees.label(s)))
    for row, got in frame.loc[~provision.isin(["EHC plan", "SEN support"]), "sen_provision"].items():
        failures.append(Failure(str(path), row, "sen_provision", "Education, health and care plan or SEN support",
                                got))
    sex = frame["sex"].map(_ees.label).replace({"Total": "All", "Boys": "Male", "Girls": "Female"})
    for row, got in frame.loc[~sex.isin(["Male", "Female", "All"]), "sex"].items():
        failures.append(Failure(str(path), row, "sex", "Male, Female or Total", got))
    measure = provision.map({"EHC plan": "pupils_ehc_plan", "SEN support": "pupils_sen_support"})
    out = _count_frame(path, frame, _where(path, frame, failures), "age_total_pupil_count", failures,
                       source=SEN_IN_ENGLAND, measure=measure, breakdown=np.where(sex == "All", "All", "sex"),
                       category=sex, release="sen_in_england")
    _within_total(path, frame, out, "age_total_pupil_count", ["period", "area_code", "measure"],
                  out["category"] == "All", "the pupils of both sexes (sex 'Total') with the same provision",
                  failures)
    _ees.check_duplicates(path, out, ["period", "area_code", "measure", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


#: Columns of the children-in-need SEN file (``sen_la.csv``): column -> (breakdown, category).
_CIN_COLUMNS = {
    "t_pupils": ("All", "All"),
    "t_no_identified_SEN": ("sen_provision", "No identified SEN"),
    "t_all_SEN": ("sen_provision", "All SEN"),
    "t_SEN_support": ("sen_provision", "SEN support"),
    "t_statement_or_EHC_plan": ("sen_provision", "EHC plan"),
    **{f"t_{code.upper()}": ("primary_need", label) for code, label in PRIMARY_NEEDS.items()
       if code not in ("ds", "unknown")},
}
_CIN_GROUPS = {
    "CINO at 31 March": "children_in_need",
    "CLA 12 months at 31 March": "children_looked_after",
    "CPPO at 31 March": "child_protection_plan",
}


def read_cin_sen(path) -> pd.DataFrame:
    """Read the SEN of children in need, looked after and on protection plans (DfE *Outcomes for children in need*).

    Parameters
    ----------
    path : str or pathlib.Path
        ``sen_la.csv`` of the release zip: pupils by ``social_care_group`` with their SEN provision and primary need.

    Returns
    -------
    pandas.DataFrame
        Count frame for academic years: ``measure`` ``children_in_need`` (children in need at 31 March),
        ``children_looked_after`` (looked after for 12 months at 31 March) or ``child_protection_plan``;
        ``breakdown`` ``All`` (pupils matched to the school census), ``sen_provision`` (``No identified SEN``,
        ``All SEN``, ``SEN support``, ``EHC plan``) and ``primary_need``. DfE rounds national and regional counts
        to the nearest 10 and suppresses small LA counts (``c``).

    References
    ----------
    DfE, *Outcomes for children in need, including children looked after by local authorities in England*,
    https://explore-education-statistics.service.gov.uk/find-statistics/outcomes-for-children-in-need-including-children-looked-after-by-local-authorities-in-england
    """
    frame = _ees.read_csv(path, _SCHOOL_COLUMNS + ["social_care_group"] + list(_CIN_COLUMNS))
    failures: list = []
    measure = frame["social_care_group"].map(lambda g: _CIN_GROUPS.get(_ees.label(g)))
    for row, got in frame.loc[measure.isna(), "social_care_group"].items():
        failures.append(Failure(str(path), row, "social_care_group", f"one of {', '.join(_CIN_GROUPS)}", got))
    where = _where(path, frame, failures)
    out = pd.concat([
        _count_frame(path, frame, where, column, failures, source=CIN_OUTCOMES, measure=measure,
                     breakdown=breakdown, category=category, release="cin_outcomes")
        for column, (breakdown, category) in _CIN_COLUMNS.items()
    ])
    _ees.check_duplicates(path, out, ["period", "area_code", "measure", "breakdown", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


#: Placement columns of the SEN2 caseload that partition the plans (``ed_elsewhere`` already holds NEET and the
#: other arrangements); what they leave (placement unknown, awaiting provision, ...) is :data:`PLACEMENT_REST`.
_PLACEMENTS = {
    "mainstream_total": "Mainstream school",
    "special_total": "Special school",
    "ap_pru_total": "Alternative provision or PRU",
    "fe_total": "Further education",
    "nm_early_years": "Non-maintained early years",
    "ed_elsewhere": "Educated elsewhere, including NEET",
}
PLACEMENT_REST = "Placement unknown, awaiting provision or other"
_SEN2_AGES = {"under 3"} | {str(a) for a in range(3, 26)}
#: Age bands of the 2022 release (``characteristic_age``) as jsnakit's ``age_band`` categories.
_SEN2_2022_BANDS = {"Under 5": "0-4", "Age 5 to 10": "5-10", "Age 11 to 15": "11-15", "Age 16 to 19": "16-19",
                    "Age 20 to 25": "20-25"}
#: Ages of the 2025 new-plans, requests and timeliness files ("age 2 and under", "Aged 20 and over", ...).
_FLOW_AGES = {"2 and under"} | {str(a) for a in range(3, 20)} | {"20 and over"}


def _age_key(label: str) -> float:
    return -1 if label == "under 3" else float(label) if label.isdigit() else 99


def _placement_rest(totals: pd.DataFrame, placed: list[pd.DataFrame]) -> pd.DataFrame:
    """The plans no placement column counts, so that the placement categories add up to all plans."""
    known = sum(p["count"] for p in placed)
    rest = (totals["count"] - known).clip(lower=0)
    # Unknown when the total or any placement is unavailable: "x", as DfE marks what it cannot give.
    return totals.assign(breakdown="placement", category=PLACEMENT_REST, count=rest,
                         note=np.where(rest.isna(), "x", None))


def _release(where: pd.DataFrame) -> tuple[str, str]:
    """Reporting year of an SEN2 file and its symbol guidance: the January of its latest caseload (2024/25 -> 2025)
    or the year after its latest calendar year (plans issued in 2024 are published in 2025)."""
    years = [int(p[:4]) + 1 for p in where["period"].dropna().astype(str).unique() if re.fullmatch(r"\d{4}(/\d{2})?", p)]
    year = max(years) if years else 0
    return f"{EHC_PLANS}, {year} release", ("sen2_2022" if year and year < 2023 else "sen2_2025")


def _sen2_2025(path, value: str, topics: dict, ages: set | None = None, extra: list | None = None,
               within: tuple = ()):
    """Read a 2025-layout SEN2 file: keep the ``breakdown_topic`` rows of ``topics`` (topic -> breakdown name).

    ``within`` holds ``(total, parts)`` pairs of columns checked on every row of the file, whatever its topic
    (:func:`jsnakit.sources._ees.parts_within`)."""
    frame = _ees.read_csv(path, _ees.GEOGRAPHY_COLUMNS + ["breakdown_topic", "breakdown", value] + (extra or []))
    failures: list = []
    for total, parts in within:
        _ees.parts_within(path, frame, total, parts, failures)
    topic = frame["breakdown_topic"].map(lambda t: topics.get(_ees.label(t)))
    frame, topic = frame[topic.notna()], topic[topic.notna()]
    category = frame["breakdown"].map(_ees.label).str.replace(r"^(age|aged) ", "", regex=True, case=False)
    category = category.where(~topic.isin(["All"]), "All")
    allowed = {"age": ages or _FLOW_AGES, "sex": {"Female", "Male", "Unknown"}}
    for name, values in allowed.items():
        bad = (topic == name) & ~category.isin(values | {"unknown", "Unknown"})
        for row, got in frame.loc[bad, "breakdown"].items():
            failures.append(Failure(str(path), row, "breakdown", f"one of the {name} categories of SEN2 "
                                    f"({', '.join(sorted(values, key=_age_key)[:3])}, ...)", got))
    where = _where(path, frame, failures)
    source, release = _release(where)
    return frame, topic, category, where, failures, source, release


def _sen2_2022(path, value: str, extra: list | None = None, *, january: bool = False, within: tuple = ()):
    """Read a 2022-layout SEN2 file (``characteristic_age`` bands, or none for ``sen2_mi``); ``within`` as for
    :func:`_sen2_2025`."""
    columns = _ees.GEOGRAPHY_COLUMNS + [value] + (extra or [])
    frame = _ees.read_csv(path, columns)
    failures: list = []
    for total, parts in within:
        _ees.parts_within(path, frame, total, parts, failures)
    if "characteristic_age" in frame.columns:
        age = frame["characteristic_age"].map(_ees.label)
        category = age.map(lambda a: "All" if a == "Total" else _SEN2_2022_BANDS.get(a))
        for row, got in frame.loc[category.isna(), "characteristic_age"].items():
            failures.append(Failure(str(path), row, "characteristic_age",
                                    f"Total or one of {', '.join(_SEN2_2022_BANDS)}", got))
    else:
        category = pd.Series("All", index=frame.index)
    # Counts at 1 January are "Calendar year" in this layout and academic years in later ones: January 2022 is the
    # 2021/22 count, so releases line up on one period label.
    where = _where(path, frame, failures)
    if january:
        where = _january(where)
    source, release = _release(where)
    return frame, category, where, failures, source, release


def _january(where: pd.DataFrame) -> pd.DataFrame:
    year = where["period"].astype(str)
    calendar = year.str.fullmatch(r"\d{4}")
    shifted = (year.where(calendar, "0").astype(int) - 1).astype(str) + "/" + year.str[2:]
    return where.assign(period=year.where(~calendar, shifted))


_CASELOAD_TOPICS = {"All EHC plans": "All", "Child or young persons age": "age", "Sex": "sex"}


def read_ehc_caseload(path) -> pd.DataFrame:
    """Read the EHC plans maintained in January (SEN2 caseload), either release layout.

    Parameters
    ----------
    path : str or pathlib.Path
        ``caseload.csv`` (2023 release onwards: ``breakdown_topic`` with the placement columns) or
        ``sen2_age_caseload.csv`` (2022 release and before: ``characteristic_age`` bands, ``Total_all``).

    Returns
    -------
    pandas.DataFrame
        Count frame, ``measure`` ``ehc_plans`` (statements and EHC plans maintained in January; the last statements
        were transferred by 2018), ``period`` the academic year of the January count (January 2022 is ``2021/22``
        in both layouts): ``All``/``All``; ``age`` (``under 3``, ``3`` ... ``25``) and ``sex`` in the new layout,
        ``age_band`` (``0-4`` ... ``20-25``) in the old; ``placement`` from the ``*_total`` columns of the
        all-plans rows (mainstream, special, AP/PRU, FE, early years, educated elsewhere including NEET, and
        :data:`PLACEMENT_REST` for what none of them counts, so the placements add up to all plans). Other topics
        (ethnicity, years in place, ...) are skipped. ``source`` names the release (``..., 2025 release``).

    Raises
    ------
    InputError
        Missing columns, unknown areas, ages or periods, text or a negative number in a count, duplicated rows:
        all at once. A count above the population of its age is checked where the population is known
        (:func:`plans_within_population`, run by :meth:`jsnakit.catalog.Catalog.load`).

    References
    ----------
    DfE, *Education, health and care plans*, https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
    """
    out, failures, _ = _caseload(path)
    _ees.raise_if(failures)
    return _finish(out)


def _caseload(path) -> tuple[pd.DataFrame, list, str]:
    """The caseload rows of either layout before :func:`_finish` (indexed by spreadsheet row, so a count can be
    traced back to its cell), the failures found, and the column the plans were read from."""
    if "characteristic_age" in _ees.header(path):
        column = "Total_all"
        frame, category, where, failures, source, release = _sen2_2022(path, column, ["characteristic_age"],
                                                                       january=True)
        out = _count_frame(path, frame, where, column, failures, source=source, measure="ehc_plans",
                           breakdown=np.where(category == "All", "All", "age_band"), category=category,
                           release=release)
    else:
        column = "ehcplans"
        frame, topic, category, where, failures, source, release = _sen2_2025(
            path, column, _CASELOAD_TOPICS, ages=_SEN2_AGES)
        out = _count_frame(path, frame, where, column, failures, source=source, measure="ehc_plans",
                           breakdown=topic, category=category, release=release)
        totals = frame[topic == "All"]
        placed = [_count_frame(path, totals, where, name_column, failures, source=source, measure="ehc_plans",
                               breakdown="placement", category=name, release=release)
                  for name_column, name in _PLACEMENTS.items() if name_column in frame.columns]
        if placed:
            out = pd.concat([out, *placed, _placement_rest(out.loc[totals.index], placed)])
    _ees.check_duplicates(path, out, ["period", "area_code", "breakdown", "category"], failures)
    return out, failures, column


def _whole(number: float) -> str:
    """A count as the file shows it: ``950.0`` -> ``'950'``."""
    return str(int(number)) if float(number).is_integer() else str(number)


def _ages_of(category: str) -> list[float] | None:
    """Single years of age an SEN2 age category covers (``under 3`` -> 0, 1, 2; ``11-15`` -> 11 ... 15; ``7``)."""
    text = str(category).strip().lower()
    if text == "under 3":
        return [0.0, 1.0, 2.0]
    if text.isdigit():
        return [float(text)]
    band = re.fullmatch(r"(\d+)-(\d+)", text)
    if band:
        return [float(a) for a in range(int(band.group(1)), int(band.group(2)) + 1)]
    return None  # "unknown": no population to compare with


def plans_within_population(path, plans: pd.DataFrame, population: pd.DataFrame, *,
                            population_files=()) -> list[Failure]:
    """EHC plans of an age above the population of that age in the same area: implausible, so bad input.

    Each count of plans by single year of age (or age band, 2022 layout) in January of academic year ``Y/Y+1``
    is compared with the ONS mid-``Y`` population of the same ages, both sexes, in the same area (the mid-year
    :func:`jsnakit.needs.profile.population_period` pairs with that January). Counts are compared only where the
    population covers that area, mid-year and every age of the category; ``unknown`` ages and suppressed counts
    are skipped.

    Parameters
    ----------
    path : str or pathlib.Path
        The SEN2 caseload file ``plans`` was read from (read again only to find the row of a failing count).
    plans : pandas.DataFrame
        Count frame of :func:`read_ehc_caseload` for that file.
    population : pandas.DataFrame
        Population frame of :func:`jsnakit.sources.ons.read_mid_year_estimates` (one or several mid-years).
    population_files : list of str or pathlib.Path, optional
        The population file(s), named in the message.

    Returns
    -------
    list of jsnakit.core.errors.Failure
        One per implausible count: the caseload file, its spreadsheet row, the count's column (``ehcplans`` or
        ``Total_all``) and the count itself; the population is not quoted (no other data value is). Empty when
        every count is plausible.

    Examples
    --------
    >>> row = dict(source="SEN2, 2025 release", period="2024/25", area_code="E06000001", area_name="Hartlepool",
    ...            area_type="unitary authority", measure="ehc_plans", breakdown="age", note=np.nan)
    >>> plans = pd.DataFrame([dict(row, category="7", count=30.0)])
    >>> population = pd.DataFrame([dict(period="2024", area_code="E06000001", sex="persons", age=7.0,
    ...                                 population=1200.0)])
    >>> plans_within_population("caseload.csv", plans, population)
    []
    """
    ages = plans[plans["breakdown"].isin(["age", "age_band"]) & plans["count"].notna()]
    persons = population[population["sex"] == "persons"]
    if ages.empty or persons.empty:
        return []
    span = ages["category"].map(_ages_of)
    wanted = ages.assign(_age=span)[span.notna()].explode("_age")
    wanted = wanted.assign(_age=wanted["_age"].astype(float), _mid=wanted["period"].astype(str).str[:4])
    people = persons.assign(_mid=persons["period"].astype(str), _age=persons["age"].astype(float))
    people = people.groupby(["area_code", "_mid", "_age"])["population"].sum()
    joined = wanted.join(people, on=["area_code", "_mid", "_age"])
    grouped = joined.groupby(level=0).agg(count=("count", "first"), population=("population", "sum"),
                                          known=("population", "count"), ages=("_age", "size"))
    over = grouped[(grouped["known"] == grouped["ages"]) & (grouped["count"] > grouped["population"])]
    if over.empty:
        return []
    rows, _, column = _caseload(path)
    rows = rows.assign(_row=rows.index).drop_duplicates(["period", "area_code", "breakdown", "category"])
    rows = rows.set_index(["period", "area_code", "breakdown", "category"])["_row"]
    named = f": {', '.join(Path(f).name for f in population_files)}" if len(population_files) else ""
    failures = []
    for index in over.index:
        plan = ages.loc[index]
        row = rows.get((plan["period"], plan["area_code"], plan["breakdown"], plan["category"]))
        failures.append(Failure(
            str(path), None if row is None else int(row), column,
            f"no more plans than people of that age in {plan['area_code']} at mid-{str(plan['period'])[:4]} "
            f"(ONS mid-year estimates{named})", _whole(plan["count"])))
    return failures


def read_ehc_new_plans(path) -> pd.DataFrame:
    """Read new EHC plans issued in each calendar year, either release layout.

    Parameters
    ----------
    path : str or pathlib.Path
        ``newplans.csv`` (2023 release onwards) or ``sen2_age_new_plans.csv`` (2022 release and before).

    Returns
    -------
    pandas.DataFrame
        Count frame, ``measure`` ``new_ehc_plans`` (plans made for the first time in the calendar year ``period``):
        ``All``/``All``; ``age`` (age when the plan started: ``2 and under``, ``3`` ... ``19``, ``20 and over``) and
        ``sex`` in the new layout, ``age_band`` in the old.

    Raises
    ------
    InputError
        As :func:`read_ehc_caseload`.
    """
    if "characteristic_age" in _ees.header(path):
        frame, category, where, failures, source, release = _sen2_2022(path, "Total_new_all", ["characteristic_age"])
        out = _count_frame(path, frame, where, "Total_new_all", failures, source=source, measure="new_ehc_plans",
                           breakdown=np.where(category == "All", "All", "age_band"), category=category,
                           release=release)
    else:
        topics = {"New EHC plans": "All", "Age when plan started": "age", "Sex": "sex"}
        frame, topic, category, where, failures, source, release = _sen2_2025(path, "new_ehc_plans", topics)
        out = _count_frame(path, frame, where, "new_ehc_plans", failures, source=source, measure="new_ehc_plans",
                           breakdown=topic, category=category, release=release)
    _ees.check_duplicates(path, out, ["period", "area_code", "breakdown", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


def read_ehc_needs(path) -> pd.DataFrame:
    """Read the primary need of EHC plans (SEN2 ``sen_needs_all_plans.csv`` or ``sen_need_newplans.csv``).

    Parameters
    ----------
    path : str or pathlib.Path
        Either file of the 2025 release layout. The two share one header: a file of academic years holds all
        plans maintained in January, a file of calendar years holds the plans issued in the year.

    Returns
    -------
    pandas.DataFrame
        Count frame, ``measure`` ``ehc_plans`` (all plans, January) or ``new_ehc_plans`` (new plans, calendar
        year), ``breakdown`` ``primary_need`` (categories of :data:`jsnakit.core.schema.PRIMARY_NEEDS`) for the
        all-plans rows, and ``All``/``All`` from ``ehc_plans``.

    Raises
    ------
    InputError
        As :func:`read_ehc_caseload`; also a need count above all plans of its row (``number_asd`` >
        ``ehc_plans``), on any row of the file.
    """
    need_columns = _need_columns()
    frame, topic, _, where, failures, source, release = _sen2_2025(
        path, "ehc_plans", {"All EHC plans": "All"}, extra=list(need_columns),
        within=[("ehc_plans", list(need_columns))])
    calendar = where["period"].astype(str).str.fullmatch(r"\d{4}")
    measure = np.where(calendar, "new_ehc_plans", "ehc_plans")
    parts = [_count_frame(path, frame, where, "ehc_plans", failures, source=source, measure=measure,
                          breakdown="All", category="All", release=release)]
    for column, name in need_columns.items():
        parts.append(_count_frame(path, frame, where, column, failures, source=source, measure=measure,
                                  breakdown="primary_need", category=name, release=release))
    out = pd.concat(parts)
    _ees.check_duplicates(path, out, ["period", "area_code", "measure", "breakdown", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


#: Columns of :func:`read_ehc_needs_by_age`: a count frame with the primary need beside the age.
NEED_AGE_COLUMNS = COUNT_COLUMNS + ["need"]


def read_ehc_needs_by_age(path) -> pd.DataFrame:
    """Read EHC plans by primary need *and* single year of age (the ``Child or young persons age`` rows of SEN2
    ``sen_needs_all_plans.csv`` / ``sen_need_newplans.csv``, 2025 layout; published for the latest year only).

    Parameters
    ----------
    path : str or pathlib.Path
        Either file of the 2025 release layout.

    Returns
    -------
    pandas.DataFrame
        :data:`NEED_AGE_COLUMNS`: a count frame (``measure`` ``ehc_plans`` in January or ``new_ehc_plans`` in the
        calendar year, ``breakdown`` ``age``, ``category`` the age: ``under 3``, ``3`` ... ``25`` for plans
        maintained, ``2 and under``, ``3`` ... ``19``, ``20 and over`` for new plans; persons) with ``need``, a label of :data:`jsnakit.core.schema.PRIMARY_NEEDS`. Files without age rows
        give an empty frame.

    Raises
    ------
    InputError
        As :func:`read_ehc_needs`.
    """
    need_columns = _need_columns()
    frame, _, category, where, failures, source, release = _sen2_2025(
        path, "ehc_plans", {"Child or young persons age": "age"}, extra=list(need_columns),
        ages=_SEN2_AGES | _FLOW_AGES, within=[("ehc_plans", list(need_columns))])
    calendar = where.loc[frame.index, "period"].astype(str).str.fullmatch(r"\d{4}")
    measure = np.where(calendar, "new_ehc_plans", "ehc_plans")
    if not len(frame):
        _ees.raise_if(failures)
        return pd.DataFrame({c: pd.Series(dtype=float if c == "count" else object) for c in NEED_AGE_COLUMNS})
    # The need rides in ``measure`` (split off below) so that _finish's London-from-parts sums keep it apart.
    parts = [_count_frame(path, frame, where, column, failures, source=source,
                          measure=pd.Series(measure, index=frame.index) + "\t" + name, breakdown="age",
                          category=category, release=release)
             for column, name in need_columns.items()]
    out = pd.concat(parts)
    _ees.check_duplicates(path, out, ["period", "area_code", "measure", "category"], failures)
    _ees.raise_if(failures)
    out = _finish(out)
    split = out["measure"].str.split("\t", n=1, expand=True)
    return out.assign(measure=split[0].astype(object), need=split[1].astype(object))[NEED_AGE_COLUMNS]


def _need_columns() -> dict:
    """SEN2's need count columns (``number_asd`` ...) and the :data:`PRIMARY_NEEDS` label of each."""
    columns = {f"number_{code}": label for code, label in PRIMARY_NEEDS.items() if code not in ("ds", "nsa", "unknown")}
    columns["number_need_unknown"] = PRIMARY_NEEDS["unknown"]
    return columns


#: Plans issued in time (or late) are a part of the plans issued, with and without exception cases: ``(total,
#: parts)`` column pairs checked on every row (the ``_ex`` columns leave the exception cases out).
_TIMELINESS_2025 = (
    ("plans_issued_den", ["plans_issued_within_20_weeks", "plans_issued_gt20weeks_ltYear", "plans_issued_gt_1_year"]),
    ("plans_issued_den_ex", ["plans_issued_20_weeks_ex", "plans_issued_gt20weeks_ltYear_ex",
                             "plans_issued_gt_1_year_ex"]),
)
#: The same in ``sen2_mi.csv`` (2022 release): 20 weeks with and without exceptions, and the older 26 weeks.
_TIMELINESS_2022 = (
    ("TotIncExcEHC", ["IncExc20weekEHC"]), ("TotNoExcEHC", ["NoExc20weekEHC"]),
    ("TotIncExc", ["IncExc26week"]), ("TotNoExc", ["NoExc26week"]),
)


def read_ehc_timeliness(path) -> pd.DataFrame:
    """Read new EHC plans issued within 20 weeks, either release layout.

    Parameters
    ----------
    path : str or pathlib.Path
        ``timeliness_20_week.csv`` (2023 release onwards) or ``sen2_mi.csv`` (2022 release and before, columns
        ``TotIncExcEHC`` and ``IncExc20weekEHC``).

    Returns
    -------
    pandas.DataFrame
        Count frame for calendar years, ``breakdown`` ``All``: ``measure`` ``ehc_plans_issued`` (new plans issued
        in the year) and ``ehc_plans_issued_20_weeks`` (of which within 20 weeks), both *including* exception
        cases, as DfE's headline does.

    Raises
    ------
    InputError
        As :func:`read_ehc_caseload`; also, on any row of the file, plans issued within 20 weeks (or later) above
        the plans issued, with or without exception cases (``plans_issued_within_20_weeks`` >
        ``plans_issued_den``, ``plans_issued_20_weeks_ex`` > ``plans_issued_den_ex``; ``IncExc20weekEHC`` >
        ``TotIncExcEHC`` in ``sen2_mi.csv``), each failure naming the file, spreadsheet row and column, neither count
        quoted (``got`` reads ``a count above 'plans_issued_den'``), so the figures downstream (the proportion of
        :func:`jsnakit.stats.methods.proportion`) never meet a count above its denominator.
    """
    if "TotIncExcEHC" in _ees.header(path):
        frame, _, where, failures, source, release = _sen2_2022(path, "TotIncExcEHC", ["IncExc20weekEHC"],
                                                                within=_TIMELINESS_2022)
        columns = ("TotIncExcEHC", "IncExc20weekEHC")
    else:
        frame, _, _, where, failures, source, release = _sen2_2025(
            path, "plans_issued_den", {"All EHC plans issued": "All"}, extra=["plans_issued_within_20_weeks"],
            within=_TIMELINESS_2025)
        columns = ("plans_issued_den", "plans_issued_within_20_weeks")
    out = pd.concat([
        _count_frame(path, frame, where, column, failures, source=source, measure=measure, breakdown="All",
                     category="All", release=release)
        for column, measure in zip(columns, ("ehc_plans_issued", "ehc_plans_issued_20_weeks"))
    ])
    _ees.check_duplicates(path, out, ["period", "area_code", "measure"], failures)
    _ees.raise_if(failures)
    return _finish(out)


#: Measures of requests for an EHC needs assessment: 2025 layout column, 2022 layout (``sen2_mi``) column or None.
_REQUESTS = {
    "ehc_requests": ("requests_received_in_year", "InreqEHC"),
    "ehc_requests_assessed": ("requests_decided_to_assess", None),
    "ehc_requests_refused": ("requests_decided_not_to_assess", "AssRefusedEHC"),
    "ehc_requests_pending": ("requests_decision_not_made", None),
    "ehc_requests_withdrawn": ("requests_withdrawn", None),
}


def read_ehc_requests(path) -> pd.DataFrame:
    """Read requests for an EHC needs assessment and what the LA decided, either release layout.

    Parameters
    ----------
    path : str or pathlib.Path
        ``requests.csv`` (2023 release onwards) or ``sen2_mi.csv`` (2022 release and before).

    Returns
    -------
    pandas.DataFrame
        Count frame for calendar years, ``breakdown`` ``All``: ``measure`` ``ehc_requests`` (requests received),
        ``ehc_requests_assessed`` (LA decided to assess), ``ehc_requests_refused`` (decided not to assess),
        ``ehc_requests_pending`` (no decision yet) and ``ehc_requests_withdrawn``. The 2022 layout gives only
        requests and refusals (``InreqEHC``, ``AssRefusedEHC``).
    """
    old = "InreqEHC" in _ees.header(path)
    columns = {m: c[1] if old else c[0] for m, c in _REQUESTS.items() if (c[1] if old else c[0])}
    if old:
        frame, _, where, failures, source, release = _sen2_2022(path, "InreqEHC", list(columns.values()))
    else:
        frame, _, _, where, failures, source, release = _sen2_2025(
            path, "requests_received_in_year", {"All requests for EHC needs assessments": "All"},
            extra=list(columns.values()))
    out = pd.concat([
        _count_frame(path, frame, where, column, failures, source=source, measure=measure, breakdown="All",
                     category="All", release=release)
        for measure, column in columns.items()
    ])
    _ees.check_duplicates(path, out, ["period", "area_code", "measure"], failures)
    _ees.raise_if(failures)
    return _finish(out)


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
    stacked = pd.concat([f.assign(**{_overlap.FILE: i}) for i, f in enumerate(frames)], ignore_index=True)
    year = pd.to_numeric(stacked["source"].astype(str).str.extract(r"(\d{4}) release$")[0], errors="coerce")
    stacked = stacked.assign(_release=year.fillna(0))
    keys = ["measure", "breakdown", "category", "area_code", "period"]
    stacked = _overlap.refuse_conflicts(
        stacked, keys + ["_release"], ["count", "note"], names, describe=_figure,
        why="a copy of the same release: DfE revises a figure only in a later release")
    stacked = stacked.sort_values("_release", ascending=False, kind="stable")
    out = stacked.drop_duplicates(keys, keep="first").drop(columns=["_release", _overlap.FILE])
    return out.sort_values(keys[:4] + ["period"], kind="stable").reset_index(drop=True)


def _figure(row: pd.Series) -> str:
    """One figure of a count frame in words, for messages: measure, breakdown and category, area, period."""
    what = row["measure"] if row["breakdown"] == "All" else f"{row['measure']} ({row['breakdown']}: {row['category']})"
    if "need" in row.index and isinstance(row["need"], str):
        what += f" with primary need {row['need']}"
    name = row.get("area_name")
    area = f"{row['area_code']} {name}" if isinstance(name, str) else str(row["area_code"])
    return f"{what} for {area} in {row['period']}"


def read_statistical_neighbours(path) -> pd.DataFrame:
    """Read DfE's children's services statistical neighbours (the benchmarking tool's ``LA SN Groups`` sheet).

    Parameters
    ----------
    path : str or pathlib.Path
        Workbook whose first sheet with a header row starting ``LA num`` and holding ``SN1`` ... ``SN10`` and
        their ``SNP`` closeness columns (the header row is found by its content, not its position).

    Returns
    -------
    pandas.DataFrame
        Neighbour frame (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`): for each LA, its 10 neighbours by ``rank``
        (1 = closest) as GSS codes, with ``closeness`` (``Very close``, ``Close``, ``Somewhat close``). Rows of
        LAs that no longer exist (DfE numbers not in today's areas) are dropped.
    """
    path = Path(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine="calamine")
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InputError.single(path, None, None, "an Excel workbook (.xlsx)", f"{type(exc).__name__}: {exc}") from None
    for sheet, raw in sheets.items():
        starts = raw.index[raw.iloc[:, 0].astype(str).str.strip().str.lower() == "la num"]
        if len(starts):
            break
    else:
        raise InputError.single(path, None, None, "a sheet with a header row starting 'LA num'",
                                f"sheets {list(sheets)}")
    header_row = starts[0]
    header = [str(h).strip() for h in raw.iloc[header_row]]
    body = raw.iloc[header_row + 1:].reset_index(drop=True)
    body.columns = range(body.shape[1])
    body.index = pd.RangeIndex(header_row + 2, header_row + 2 + len(body))
    sn_cols = [i for i, h in enumerate(header) if re.fullmatch(r"SN\d+", h)]
    if len(sn_cols) < 10:
        raise InputError.single(path, header_row + 1, "SN1..SN10", "ten neighbour columns SN1 ... SN10",
                                f"header {header}")
    failures: list = []
    body = body[body[0].notna()]
    la = body[0].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    la_code = geography.dfe_to_gss(la)
    rows = []
    for i, col in enumerate(sn_cols[:10], start=1):
        nb = body[col].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
        nb_code = geography.dfe_to_gss(nb)
        closeness = body[col + 1].astype(str).str.strip() if col + 1 < body.shape[1] else pd.Series("", index=body.index)
        for row in nb.index[la_code.notna() & nb_code.isna()]:
            failures.append(Failure(str(path), row, f"SN{i}", "the DfE number of an upper-tier LA", nb[row]))
        rows.append(pd.DataFrame({"area_code": la_code, "rank": float(i), "neighbour_code": nb_code,
                                  "closeness": closeness}))
    _ees.raise_if(failures)
    out = pd.concat(rows)
    out = out[out["area_code"].notna()].sort_values(["area_code", "rank"]).reset_index(drop=True)
    return validate(out[NEIGHBOUR_COLUMNS], "neighbour")


def _within_total(path, frame: pd.DataFrame, out: pd.DataFrame, column: str, keys: list[str], is_total: pd.Series,
                  total: str, failures: list) -> None:
    """A part above its total on another row of the file (pupils with an EHC plan above all pupils of the same
    area and period): one failure per part, naming its own cell and value only.

    ``out`` is a count frame indexed by spreadsheet row (as :func:`_count_frame` makes it), ``is_total`` marks its
    total rows. Symbols (``c``, ``x``, ``z``, ``low``) are NaN and never compared: a suppressed part or total
    is no evidence either way.
    """
    totals = out.loc[is_total].drop_duplicates(keys).set_index(keys)["count"].rename("_total")
    parts = out.loc[~is_total, keys + ["count"]]
    if totals.empty or parts.empty:
        return
    whole = parts.join(totals, on=keys)["_total"]
    for row in parts.index[parts["count"] > whole]:
        failures.append(Failure(str(path), row, column, f"no more than {total} for the same area and period",
                                str(frame.at[row, column]).strip()))


def _totals_only(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for column in columns:
        if column in frame.columns:
            frame = frame[frame[column].str.strip().isin(["Total", ""])]
    return frame


def _where(path, frame: pd.DataFrame, failures: list) -> pd.DataFrame:
    """Period label and area of every row, parsed once per file (bad cells reported once)."""
    period = _ees.period_labels(path, frame, failures)
    return _ees.geography_columns(path, frame, failures).assign(period=period)


def _count_frame(path, frame, where, column, failures, *, source, measure, breakdown, category,
                 release="gss") -> pd.DataFrame:
    rows = where.loc[frame.index]
    count, note = _ees.counts(path, frame, column, failures, release)
    return pd.DataFrame({
        "source": source, "period": rows["period"], "area_code": rows["area_code"], "area_name": rows["area_name"],
        "area_type": rows["area_type"], "measure": measure, "breakdown": breakdown, "category": category,
        "count": count, "note": note,
    }, index=frame.index)


def _london_from_parts(out: pd.DataFrame) -> pd.DataFrame:
    """Where a file gives Inner and Outer London but no London row (``sen_need_newplans.csv`` of the 2025 release
    does), add London as their sum, said in ``note``, so London boroughs keep their region to compare with."""
    parts = out[out["area_code"].isin(list(geography.LONDON_PARTS))]
    if parts.empty:
        return out
    keys = ["source", "period", "measure", "breakdown", "category"]
    has_london = out.loc[out["area_code"] == "E12000007", keys].drop_duplicates()
    both = parts.groupby(keys, dropna=False).filter(lambda g: g["area_code"].nunique() == 2)
    summed = both.groupby(keys, dropna=False, as_index=False).agg(
        count=("count", lambda c: c.sum(min_count=2)), note=("note", "first"))
    summed = summed.merge(has_london, on=keys, how="left", indicator=True)
    summed = summed[summed["_merge"] == "left_only"].drop(columns="_merge")
    if summed.empty:
        return out
    summed = summed.assign(area_code="E12000007", area_name="London", area_type="region",
                           note=summed["note"].where(summed["count"].isna(), "sum of Inner and Outer London"))
    return pd.concat([out, summed[out.columns]], ignore_index=True)


def _finish(out: pd.DataFrame) -> pd.DataFrame:
    # Area names as the area table spells them, so frames from different publishers join cleanly.
    names = geography.areas()["area_name"]
    out = _london_from_parts(out)
    out = out.assign(area_name=out["area_code"].map(names).fillna(out["area_name"]))
    out = out[COUNT_COLUMNS].reset_index(drop=True)
    out["note"] = out["note"].astype(object).where(out["note"].notna(), np.nan)  # one missing marker: NaN
    for column in ("source", "period", "area_code", "area_name", "area_type", "measure", "breakdown", "category"):
        out[column] = out[column].astype(object)
    return validate(out, "count")
