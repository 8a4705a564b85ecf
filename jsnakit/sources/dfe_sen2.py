"""DfE *Education, health and care plans* (SEN2): plans maintained in January (caseload) by age, sex and placement,
new plans, the primary need of plans (also by single year of age), plans issued within 20 weeks, and requests for an
EHC needs assessment, each in the layout of the 2023 release onwards and (where DfE published it) of the 2022 release
and before, as published on explore-education-statistics. Re-exported by :mod:`jsnakit.sources.dfe`.

Every reader returns a count frame (:data:`jsnakit.core.schema.COUNT_COLUMNS`) whose ``source`` names the release
(``..., 2025 release``, for :func:`jsnakit.sources.dfe_releases.combine_releases`). Periods are ``2024/25`` for the
January caseload (academic years) and ``2024`` for plans and requests of a calendar year.

References
----------
DfE, *Education, health and care plans*,
https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Failure
from ..core.schema import COUNT_COLUMNS, PRIMARY_NEEDS
from . import ees
from .dfe_counts import count_frame, finish_counts, period_and_area

__all__ = [
    "read_ehc_caseload",
    "read_ehc_needs",
    "read_ehc_needs_by_age",
    "read_ehc_timeliness",
    "read_ehc_new_plans",
    "read_ehc_requests",
    "plans_within_population",
    "NEED_AGE_COLUMNS",
    "PLACEMENT_REST",
    "EHC_PLANS",
]

#: The ``source`` of every row read from SEN2, before its release is added (``..., 2025 release``).
EHC_PLANS = "DfE, Education, health and care plans (SEN2)"

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
#: The ``placement`` category of the plans no placement column counts (placement unknown, awaiting provision,
#: ...), so that the placements of the caseload add up to all plans.
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
    (:func:`jsnakit.sources.ees.parts_within`)."""
    frame = ees.read_csv(path, ees.GEOGRAPHY_COLUMNS + ["breakdown_topic", "breakdown", value] + (extra or []))
    failures: list = []
    for total, parts in within:
        ees.parts_within(path, frame, total, parts, failures)
    topic = frame["breakdown_topic"].map(lambda t: topics.get(ees.label(t)))
    frame, topic = frame[topic.notna()], topic[topic.notna()]
    category = frame["breakdown"].map(ees.label).str.replace(r"^(age|aged) ", "", regex=True, case=False)
    category = category.where(~topic.isin(["All"]), "All")
    allowed = {"age": ages or _FLOW_AGES, "sex": {"Female", "Male", "Unknown"}}
    for name, values in allowed.items():
        bad = (topic == name) & ~category.isin(values | {"unknown", "Unknown"})
        for row, got in frame.loc[bad, "breakdown"].items():
            failures.append(Failure(str(path), row, "breakdown", f"one of the {name} categories of SEN2 "
                                    f"({', '.join(sorted(values, key=_age_key)[:3])}, ...)", got))
    where = period_and_area(path, frame, failures)
    source, release = _release(where)
    return frame, topic, category, where, failures, source, release


def _sen2_2022(path, value: str, extra: list | None = None, *, january: bool = False, within: tuple = ()):
    """Read a 2022-layout SEN2 file (``characteristic_age`` bands, or none for ``sen2_mi``); ``within`` as for
    :func:`_sen2_2025`."""
    columns = ees.GEOGRAPHY_COLUMNS + [value] + (extra or [])
    frame = ees.read_csv(path, columns)
    failures: list = []
    for total, parts in within:
        ees.parts_within(path, frame, total, parts, failures)
    if "characteristic_age" in frame.columns:
        age = frame["characteristic_age"].map(ees.label)
        category = age.map(lambda a: "All" if a == "Total" else _SEN2_2022_BANDS.get(a))
        for row, got in frame.loc[category.isna(), "characteristic_age"].items():
            failures.append(Failure(str(path), row, "characteristic_age",
                                    f"Total or one of {', '.join(_SEN2_2022_BANDS)}", got))
    else:
        category = pd.Series("All", index=frame.index)
    # Counts at 1 January are "Calendar year" in this layout and academic years in later ones: January 2022 is the
    # 2021/22 count, so releases line up on one period label.
    where = period_and_area(path, frame, failures)
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
    DfE, *Education, health and care plans*,
    https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
    """
    out, failures, _ = _caseload(path)
    ees.raise_if(failures)
    return finish_counts(out)


def _caseload(path) -> tuple[pd.DataFrame, list, str]:
    """The caseload rows of either layout before :func:`finish_counts` (indexed by spreadsheet row, so a count can be
    traced back to its cell), the failures found, and the column the plans were read from."""
    if "characteristic_age" in ees.header(path):
        column = "Total_all"
        frame, category, where, failures, source, release = _sen2_2022(path, column, ["characteristic_age"],
                                                                       january=True)
        out = count_frame(path, frame, where, column, failures, source=source, measure="ehc_plans",
                          breakdown=np.where(category == "All", "All", "age_band"), category=category,
                          release=release)
    else:
        column = "ehcplans"
        frame, topic, category, where, failures, source, release = _sen2_2025(
            path, column, _CASELOAD_TOPICS, ages=_SEN2_AGES)
        out = count_frame(path, frame, where, column, failures, source=source, measure="ehc_plans",
                          breakdown=topic, category=category, release=release)
        totals = frame[topic == "All"]
        placed = [count_frame(path, totals, where, name_column, failures, source=source, measure="ehc_plans",
                              breakdown="placement", category=name, release=release)
                  for name_column, name in _PLACEMENTS.items() if name_column in frame.columns]
        if placed:
            out = pd.concat([out, *placed, _placement_rest(out.loc[totals.index], placed)])
    ees.check_duplicates(path, out, ["period", "area_code", "breakdown", "category"], failures)
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
    if "characteristic_age" in ees.header(path):
        frame, category, where, failures, source, release = _sen2_2022(path, "Total_new_all", ["characteristic_age"])
        out = count_frame(path, frame, where, "Total_new_all", failures, source=source, measure="new_ehc_plans",
                          breakdown=np.where(category == "All", "All", "age_band"), category=category,
                          release=release)
    else:
        topics = {"New EHC plans": "All", "Age when plan started": "age", "Sex": "sex"}
        frame, topic, category, where, failures, source, release = _sen2_2025(path, "new_ehc_plans", topics)
        out = count_frame(path, frame, where, "new_ehc_plans", failures, source=source, measure="new_ehc_plans",
                          breakdown=topic, category=category, release=release)
    ees.check_duplicates(path, out, ["period", "area_code", "breakdown", "category"], failures)
    ees.raise_if(failures)
    return finish_counts(out)


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
    parts = [count_frame(path, frame, where, "ehc_plans", failures, source=source, measure=measure,
                         breakdown="All", category="All", release=release)]
    for column, name in need_columns.items():
        parts.append(count_frame(path, frame, where, column, failures, source=source, measure=measure,
                                 breakdown="primary_need", category=name, release=release))
    out = pd.concat(parts)
    ees.check_duplicates(path, out, ["period", "area_code", "measure", "breakdown", "category"], failures)
    ees.raise_if(failures)
    return finish_counts(out)


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
        maintained, ``2 and under``, ``3`` ... ``19``, ``20 and over`` for new plans; persons) with ``need``, a label of
        :data:`jsnakit.core.schema.PRIMARY_NEEDS`. Files without age rows
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
        ees.raise_if(failures)
        return pd.DataFrame({c: pd.Series(dtype=float if c == "count" else object) for c in NEED_AGE_COLUMNS})
    # The need rides in ``measure`` (split off below) so that finish_counts's London-from-parts sums keep it apart.
    parts = [count_frame(path, frame, where, column, failures, source=source,
                         measure=pd.Series(measure, index=frame.index) + "\t" + name, breakdown="age",
                         category=category, release=release)
             for column, name in need_columns.items()]
    out = pd.concat(parts)
    ees.check_duplicates(path, out, ["period", "area_code", "measure", "category"], failures)
    ees.raise_if(failures)
    out = finish_counts(out)
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
        cases, as DfE's headline does; and, where the file has them, ``ehc_plans_issued_ex`` and
        ``ehc_plans_issued_20_weeks_ex``, the same *excluding* the exception cases (the statutory measure).

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
    header = set(ees.header(path))
    if "TotIncExcEHC" in header:
        columns = [c for c in ("TotIncExcEHC", "IncExc20weekEHC", "TotNoExcEHC", "NoExc20weekEHC")
                   if c in header or c.startswith("TotInc") or c.startswith("IncExc")]
        frame, _, where, failures, source, release = _sen2_2022(path, "TotIncExcEHC", columns[1:],
                                                                within=_TIMELINESS_2022)
    else:
        columns = [c for c in ("plans_issued_den", "plans_issued_within_20_weeks", "plans_issued_den_ex",
                               "plans_issued_20_weeks_ex") if c in header or "_ex" not in c]
        frame, _, _, where, failures, source, release = _sen2_2025(
            path, "plans_issued_den", {"All EHC plans issued": "All"}, extra=columns[1:], within=_TIMELINESS_2025)
    measures = ("ehc_plans_issued", "ehc_plans_issued_20_weeks", "ehc_plans_issued_ex", "ehc_plans_issued_20_weeks_ex")
    out = pd.concat([
        count_frame(path, frame, where, column, failures, source=source, measure=measure, breakdown="All",
                    category="All", release=release)
        for column, measure in zip(columns, measures)
    ])
    ees.check_duplicates(path, out, ["period", "area_code", "measure"], failures)
    ees.raise_if(failures)
    return finish_counts(out)


#: Measures of requests for an EHC needs assessment: 2025 layout column, 2022 layout (``sen2_mi``) column or None.
_REQUESTS = {
    "ehc_requests": ("requests_received_in_year", "InreqEHC"),
    "ehc_requests_assessed": ("requests_decided_to_assess", None),
    "ehc_requests_refused": ("requests_decided_not_to_assess", "AssRefusedEHC"),
    "ehc_requests_pending": ("requests_decision_not_made", None),
    "ehc_requests_withdrawn": ("requests_withdrawn", None),
    "ehc_requests_mediation": ("mediation_related_request", None),
    "ehc_requests_tribunal": ("tribunal_related_request", None),
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
        ``ehc_requests_pending`` (no decision yet), ``ehc_requests_withdrawn``, and the requests that involved
        mediation (``ehc_requests_mediation``) or a SEND Tribunal appeal (``ehc_requests_tribunal``) where the file
        has those columns. The 2022 layout gives only requests and refusals (``InreqEHC``, ``AssRefusedEHC``).
    """
    header = set(ees.header(path))
    old = "InreqEHC" in header
    columns = {m: c[1] if old else c[0] for m, c in _REQUESTS.items() if (c[1] if old else c[0])}
    columns = {m: c for m, c in columns.items() if c in header or m in ("ehc_requests", "ehc_requests_refused",
                                                                        "ehc_requests_assessed")}
    if old:
        frame, _, where, failures, source, release = _sen2_2022(path, "InreqEHC", list(columns.values()))
    else:
        frame, _, _, where, failures, source, release = _sen2_2025(
            path, "requests_received_in_year", {"All requests for EHC needs assessments": "All"},
            extra=list(columns.values()))
    out = pd.concat([
        count_frame(path, frame, where, column, failures, source=source, measure=measure, breakdown="All",
                    category="All", release=release)
        for measure, column in columns.items()
    ])
    ees.check_duplicates(path, out, ["period", "area_code", "measure"], failures)
    ees.raise_if(failures)
    return finish_counts(out)
