"""DfE *Special educational needs in England*: pupils by SEN provision, by primary need and by sex, from the January
school census as published on explore-education-statistics. Re-exported by :mod:`jsnakit.sources.dfe`.

Every reader returns a count frame (:data:`jsnakit.core.schema.COUNT_COLUMNS`); a symbol (``c``, ``x``, ``z``, ...)
becomes a NaN count with the symbol in ``note``, never 0. Periods are academic years (``2024/25``).

References
----------
DfE, *Special educational needs in England*,
https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Failure
from ..core.schema import PRIMARY_NEEDS
from . import ees
from .dfe_counts import SCHOOL_COLUMNS, count_frame, finish_counts, period_and_area

__all__ = ["read_sen_provision", "read_sen_primary_need", "read_sen_provision_by_sex", "SEN_IN_ENGLAND"]

#: The ``source`` of every row read from *Special educational needs in England*.
SEN_IN_ENGLAND = "DfE, Special educational needs in England"

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
    if set(ees.header(path)) >= {"total_pupils", "ehc_plan", "sen_support"}:
        return _read_sen_provision_wide(path)
    frame = ees.read_csv(path, SCHOOL_COLUMNS + ["sen_provision", "pupil_count"])
    frame = _totals_only(frame, ["phase_type_grouping", "establishment_type", "type_of_establishment",
                                 "hospital_school"])
    failures: list = []
    category = frame["sen_provision"].map(lambda s: _PROVISION.get(ees.label(s)))
    for row, got in frame.loc[category.isna(), "sen_provision"].items():
        failures.append(Failure(str(path), row, "sen_provision", f"one of {sorted(set(_PROVISION))}", got))
    out = count_frame(path, frame, period_and_area(path, frame, failures), "pupil_count", failures,
                      source=SEN_IN_ENGLAND, measure="pupils", breakdown="sen_provision", category=category,
                      release="sen_in_england")
    _within_total(path, frame, out, "pupil_count", ["period", "area_code"], out["category"] == "All pupils",
                  "all pupils (sen_provision 'Total')", failures)
    ees.check_duplicates(path, out.assign(_row=out.index), ["period", "area_code", "category"], failures)
    ees.raise_if(failures)
    return finish_counts(out)


def _read_sen_provision_wide(path) -> pd.DataFrame:
    """``sen_phase_type_.csv``: the all-schools rows (phase, type and hospital school ``Total``), one count column
    per provision, as the count frame of :func:`read_sen_provision`."""
    frame = ees.read_csv(path, SCHOOL_COLUMNS + ["phase_type_grouping", "total_pupils", "ehc_plan", "sen_support"])
    frame = _totals_only(frame, ["phase_type_grouping", "establishment_type", "type_of_establishment",
                                 "hospital_school"])
    failures: list = []
    where = period_and_area(path, frame, failures)
    parts = [count_frame(path, frame, where, column, failures, source=SEN_IN_ENGLAND, measure="pupils",
                         breakdown="sen_provision", category=category, release="sen_in_england")
             for column, category in (("total_pupils", "All pupils"), ("ehc_plan", "EHC plan"),
                                      ("sen_support", "SEN support"))]
    pupils = parts[0]["count"]
    for part, column in zip(parts[1:], ("ehc_plan", "sen_support")):
        for row in part.index[(part["count"] > pupils).to_numpy()]:  # a part above its total, in the same row
            failures.append(Failure(str(path), row, column, "no more than total_pupils in the same row",
                                    frame.at[row, column]))
    out = pd.concat(parts)
    ees.check_duplicates(path, out.assign(_row=out.index), ["period", "area_code", "category"], failures)
    ees.raise_if(failures)
    return finish_counts(out.reset_index(drop=True))


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
    frame = ees.read_csv(path, SCHOOL_COLUMNS + ["sen_provision", "sen_primary_need", "total_pupil_count"])
    frame = _totals_only(frame, ["phase_type_grouping"])
    failures: list = []
    provision = frame["sen_provision"].map(lambda s: _PROVISION.get(ees.label(s)))
    bad = ~provision.isin(["EHC plan", "SEN support"])
    for row, got in frame.loc[bad, "sen_provision"].items():
        failures.append(Failure(str(path), row, "sen_provision", "Education, health and care plan or SEN support",
                                got))
    need = frame["sen_primary_need"].map(lambda s: "All" if ees.label(s) == "Total" else _CENSUS_NEEDS.get(ees.label(s)))
    for row, got in frame.loc[need.isna(), "sen_primary_need"].items():
        failures.append(Failure(str(path), row, "sen_primary_need", "a DfE primary-need category or Total", got))
    measure = provision.map({"EHC plan": "pupils_ehc_plan", "SEN support": "pupils_sen_support"})
    out = count_frame(path, frame, period_and_area(path, frame, failures), "total_pupil_count", failures,
                      source=SEN_IN_ENGLAND, measure=measure,
                      breakdown=np.where(need == "All", "All", "primary_need"), category=need,
                      release="sen_in_england")
    _within_total(path, frame, out, "total_pupil_count", ["period", "area_code", "measure"], out["category"] == "All",
                  "the pupils of all needs (sen_primary_need 'Total') with the same provision", failures)
    ees.check_duplicates(path, out, ["period", "area_code", "measure", "category"], failures)
    ees.raise_if(failures)
    return finish_counts(out)


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
    frame = ees.read_csv(path, SCHOOL_COLUMNS + ["sen_provision", "sex", "age_total_pupil_count"])
    frame = _totals_only(frame, ["phase_type_grouping", "sen_primary_need"])
    failures: list = []
    provision = frame["sen_provision"].map(lambda s: _PROVISION.get(ees.label(s)))
    for row, got in frame.loc[~provision.isin(["EHC plan", "SEN support"]), "sen_provision"].items():
        failures.append(Failure(str(path), row, "sen_provision", "Education, health and care plan or SEN support",
                                got))
    sex = frame["sex"].map(ees.label).replace({"Total": "All", "Boys": "Male", "Girls": "Female"})
    for row, got in frame.loc[~sex.isin(["Male", "Female", "All"]), "sex"].items():
        failures.append(Failure(str(path), row, "sex", "Male, Female or Total", got))
    measure = provision.map({"EHC plan": "pupils_ehc_plan", "SEN support": "pupils_sen_support"})
    out = count_frame(path, frame, period_and_area(path, frame, failures), "age_total_pupil_count", failures,
                      source=SEN_IN_ENGLAND, measure=measure, breakdown=np.where(sex == "All", "All", "sex"),
                      category=sex, release="sen_in_england")
    _within_total(path, frame, out, "age_total_pupil_count", ["period", "area_code", "measure"],
                  out["category"] == "All", "the pupils of both sexes (sex 'Total') with the same provision",
                  failures)
    ees.check_duplicates(path, out, ["period", "area_code", "measure", "category"], failures)
    ees.raise_if(failures)
    return finish_counts(out)


def _within_total(path, frame: pd.DataFrame, out: pd.DataFrame, column: str, keys: list[str], is_total: pd.Series,
                  total: str, failures: list) -> None:
    """A part above its total on another row of the file (pupils with an EHC plan above all pupils of the same
    area and period): one failure per part, naming its own cell and value only.

    ``out`` is a count frame indexed by spreadsheet row (as :func:`count_frame` makes it), ``is_total`` marks its
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
