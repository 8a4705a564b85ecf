"""Department for Education publications: *Special educational needs in England* (school census) and
*Education, health and care plans* (SEN2), as published on explore-education-statistics, and the children's
services statistical neighbours.

Every reader returns a count frame (:data:`jsnakit.schema.COUNT_COLUMNS`). Suppression and other symbols
(``c``, ``x``, ``z``, ...) become a NaN count with the symbol in ``note``, never 0. Periods are ``2024/25`` for
academic years (``time_period`` 202425) and ``2024`` for calendar years.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import geography
from ..errors import Failure, InputError
from ..schema import COUNT_COLUMNS, NEIGHBOUR_COLUMNS, PRIMARY_NEEDS, validate
from . import _ees

__all__ = [
    "read_sen_provision",
    "read_sen_primary_need",
    "read_ehc_caseload",
    "read_ehc_needs",
    "read_ehc_timeliness",
    "read_statistical_neighbours",
    "SEN_IN_ENGLAND",
    "EHC_PLANS",
]

SEN_IN_ENGLAND = "DfE, Special educational needs in England"
EHC_PLANS = "DfE, Education, health and care plans (SEN2)"

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
        ``pupil_count``), at national, regional and local-authority level.

    Returns
    -------
    pandas.DataFrame
        Count frame: ``measure`` ``pupils``, ``breakdown`` ``sen_provision``, ``category`` ``All pupils``,
        ``EHC plan`` or ``SEN support``; ``count`` in pupils (January census). Only the all-schools rows
        (phase, establishment type and hospital school ``Total``) are kept.

    Raises
    ------
    InputError
        Missing columns, unknown areas or periods, text in ``pupil_count``, duplicated rows: all at once.
    """
    frame = _ees.read_csv(path, _SCHOOL_COLUMNS + ["sen_provision", "pupil_count"])
    frame = _totals_only(frame, ["phase_type_grouping", "establishment_type", "type_of_establishment",
                                 "hospital_school"])
    failures: list = []
    category = frame["sen_provision"].map(lambda s: _PROVISION.get(_ees.label(s)))
    for row, got in frame.loc[category.isna(), "sen_provision"].items():
        failures.append(Failure(str(path), row, "sen_provision", f"one of {sorted(set(_PROVISION))}", got))
    out = _count_frame(path, frame, _where(path, frame, failures), "pupil_count", failures, source=SEN_IN_ENGLAND,
                       measure="pupils",
                       breakdown="sen_provision", category=category)
    _ees.check_duplicates(path, out.assign(_row=out.index), ["period", "area_code", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


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
        with the categories of :data:`jsnakit.schema.PRIMARY_NEEDS`, and ``All``/``All`` for the total.
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
                       breakdown=np.where(need == "All", "All", "primary_need"), category=need)
    _ees.check_duplicates(path, out, ["period", "area_code", "measure", "category"], failures)
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


def _age_key(label: str) -> float:
    return -1 if label == "under 3" else float(label) if label.isdigit() else 99


def _placement_rest(totals: pd.DataFrame, placed: list[pd.DataFrame]) -> pd.DataFrame:
    """The plans no placement column counts, so that the placement categories add up to all plans."""
    known = sum(p["count"] for p in placed)
    rest = (totals["count"] - known).clip(lower=0)
    # Unknown when the total or any placement is unavailable: "x", as DfE marks what it cannot give.
    return totals.assign(breakdown="placement", category=PLACEMENT_REST, count=rest,
                         note=np.where(rest.isna(), "x", None))
_CASELOAD_TOPICS = {
    "All EHC plans": "All",
    "Child or young persons age": "age",
    "Sex": "sex",
}


def read_ehc_caseload(path) -> pd.DataFrame:
    """Read the EHC plans caseload (SEN2 ``caseload.csv``, 2025 release layout).

    Parameters
    ----------
    path : str or pathlib.Path
        ``caseload.csv``: EHC plans maintained in January, by ``breakdown_topic`` (all plans, age, sex, ...) with
        the placement columns.

    Returns
    -------
    pandas.DataFrame
        Count frame, ``measure`` ``ehc_plans`` (plans maintained, January): ``All``/``All``; ``age`` with
        categories ``under 3``, ``3`` ... ``25``; ``sex``; and ``placement`` (from the ``*_total`` columns of the
        all-plans row: mainstream, special, AP/PRU, FE, early years, educated elsewhere including NEET, and
        :data:`PLACEMENT_REST` for what none of them counts, so the placements add up to all plans). Other topics
        (ethnicity, years in place, ...) are skipped.
    """
    columns = _ees.GEOGRAPHY_COLUMNS + ["breakdown_topic", "breakdown", "ehcplans"]
    frame = _ees.read_csv(path, columns)
    failures: list = []
    topic = frame["breakdown_topic"].str.strip().map(_CASELOAD_TOPICS)
    frame = frame[topic.notna()]
    topic = topic[topic.notna()]
    category = frame["breakdown"].str.strip().str.replace(r"^age ", "", regex=True)
    category = category.where(topic != "All", "All")
    allowed = {"age": _SEN2_AGES, "sex": {"Female", "Male", "Unknown"}}
    for name, values in allowed.items():
        for row, got in frame.loc[(topic == name) & ~category.isin(values), "breakdown"].items():
            failures.append(Failure(str(path), row, "breakdown", f"one of the {name} categories of SEN2 "
                                    f"({', '.join(sorted(values, key=_age_key)[:3])}, ...)", got))
    where = _where(path, frame, failures)
    out = _count_frame(path, frame, where, "ehcplans", failures, source=EHC_PLANS, measure="ehc_plans",
                       breakdown=topic, category=category)
    parts = [out]
    totals = frame[topic == "All"]
    placed = []
    for column, name in _PLACEMENTS.items():
        if column in frame.columns:
            placed.append(_count_frame(path, totals, where, column, failures, source=EHC_PLANS, measure="ehc_plans",
                                       breakdown="placement", category=name))
    if placed:
        parts += placed + [_placement_rest(out.loc[totals.index], placed)]
    out = pd.concat(parts)
    _ees.check_duplicates(path, out, ["period", "area_code", "breakdown", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


def read_ehc_needs(path) -> pd.DataFrame:
    """Read the primary need of all EHC plans (SEN2 ``sen_needs_all_plans.csv``, 2025 release layout).

    Returns
    -------
    pandas.DataFrame
        Count frame, ``measure`` ``ehc_plans``, ``breakdown`` ``primary_need`` (categories of
        :data:`jsnakit.schema.PRIMARY_NEEDS`) for the all-plans rows, and ``All``/``All`` from ``ehc_plans``.
    """
    need_columns = {f"number_{code}": label for code, label in PRIMARY_NEEDS.items()
                    if code not in ("ds", "nsa", "unknown")}
    need_columns["number_need_unknown"] = PRIMARY_NEEDS["unknown"]
    frame = _ees.read_csv(path, _ees.GEOGRAPHY_COLUMNS + ["breakdown_topic", "ehc_plans"] + list(need_columns))
    frame = frame[frame["breakdown_topic"].str.strip() == "All EHC plans"]
    failures: list = []
    where = _where(path, frame, failures)
    parts = [_count_frame(path, frame, where, "ehc_plans", failures, source=EHC_PLANS, measure="ehc_plans",
                          breakdown="All", category="All")]
    for column, name in need_columns.items():
        parts.append(_count_frame(path, frame, where, column, failures, source=EHC_PLANS, measure="ehc_plans",
                                  breakdown="primary_need", category=name))
    out = pd.concat(parts)
    _ees.check_duplicates(path, out, ["period", "area_code", "breakdown", "category"], failures)
    _ees.raise_if(failures)
    return _finish(out)


def read_ehc_timeliness(path) -> pd.DataFrame:
    """Read new EHC plans issued within 20 weeks (SEN2 ``timeliness_20_week.csv``, 2025 release layout).

    Returns
    -------
    pandas.DataFrame
        Count frame for calendar years, ``breakdown`` ``All``: ``measure`` ``ehc_plans_issued`` (new plans issued
        in the year) and ``ehc_plans_issued_20_weeks`` (of which within 20 weeks), both *including* exception
        cases, as DfE's headline does.
    """
    frame = _ees.read_csv(path, _ees.GEOGRAPHY_COLUMNS + ["breakdown_topic", "plans_issued_den",
                                                          "plans_issued_within_20_weeks"])
    frame = frame[frame["breakdown_topic"].str.strip() == "All EHC plans issued"]
    failures: list = []
    where = _where(path, frame, failures)
    out = pd.concat([
        _count_frame(path, frame, where, "plans_issued_den", failures, source=EHC_PLANS, measure="ehc_plans_issued",
                     breakdown="All", category="All"),
        _count_frame(path, frame, where, "plans_issued_within_20_weeks", failures, source=EHC_PLANS,
                     measure="ehc_plans_issued_20_weeks", breakdown="All", category="All"),
    ])
    _ees.check_duplicates(path, out, ["period", "area_code", "measure"], failures)
    _ees.raise_if(failures)
    return _finish(out)


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
        Neighbour frame (:data:`jsnakit.schema.NEIGHBOUR_COLUMNS`): for each LA, its 10 neighbours by ``rank``
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


def _totals_only(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for column in columns:
        if column in frame.columns:
            frame = frame[frame[column].str.strip().isin(["Total", ""])]
    return frame


def _where(path, frame: pd.DataFrame, failures: list) -> pd.DataFrame:
    """Period label and area of every row, parsed once per file (bad cells reported once)."""
    period = _ees.period_labels(path, frame, failures)
    return _ees.geography_columns(path, frame, failures).assign(period=period)


def _count_frame(path, frame, where, column, failures, *, source, measure, breakdown, category) -> pd.DataFrame:
    rows = where.loc[frame.index]
    count, note = _ees.counts(path, frame, column, failures)
    return pd.DataFrame({
        "source": source, "period": rows["period"], "area_code": rows["area_code"], "area_name": rows["area_name"],
        "area_type": rows["area_type"], "measure": measure, "breakdown": breakdown, "category": category,
        "count": count, "note": note,
    }, index=frame.index)


def _finish(out: pd.DataFrame) -> pd.DataFrame:
    # Area names as the area table spells them, so frames from different publishers join cleanly.
    names = geography.areas()["area_name"]
    out = out.assign(area_name=out["area_code"].map(names).fillna(out["area_name"]))
    out = out[COUNT_COLUMNS].reset_index(drop=True)
    for column in ("source", "period", "area_code", "area_name", "area_type", "measure", "breakdown", "category"):
        out[column] = out[column].astype(object)
    return validate(out, "count")
