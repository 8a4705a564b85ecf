"""DfE *Outcomes for children in need, including children looked after*: the SEN provision and primary need of
children in need, looked after and on child protection plans (``sen_la.csv`` of the release). Re-exported by
:mod:`jsnakit.sources.dfe`.
"""
from __future__ import annotations

import pandas as pd

from ..core.errors import Failure
from ..core.schema import PRIMARY_NEEDS
from . import ees
from .dfe_counts import SCHOOL_COLUMNS, count_frame, finish_counts, period_and_area

__all__ = ["read_cin_sen", "CIN_OUTCOMES"]

#: The ``source`` of every row read from *Outcomes for children in need*.
CIN_OUTCOMES = "DfE, Outcomes for children in need, including children looked after"

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
    frame = ees.read_csv(path, SCHOOL_COLUMNS + ["social_care_group"] + list(_CIN_COLUMNS))
    failures: list = []
    measure = frame["social_care_group"].map(lambda g: _CIN_GROUPS.get(ees.label(g)))
    for row, got in frame.loc[measure.isna(), "social_care_group"].items():
        failures.append(Failure(str(path), row, "social_care_group", f"one of {', '.join(_CIN_GROUPS)}", got))
    where = period_and_area(path, frame, failures)
    out = pd.concat([
        count_frame(path, frame, where, column, failures, source=CIN_OUTCOMES, measure=measure,
                    breakdown=breakdown, category=category, release="cin_outcomes")
        for column, (breakdown, category) in _CIN_COLUMNS.items()
    ])
    ees.check_duplicates(path, out, ["period", "area_code", "measure", "breakdown", "category"], failures)
    ees.raise_if(failures)
    return finish_counts(out)
