"""The indicator catalogue: what each SEND indicator is, how it is computed and where it comes from.

For SEND most indicators carry no judgement: a higher share of pupils with an EHC plan is neither better nor worse,
so comparisons read "higher", "similar" or "lower" (polarity ``"no judgement"``), as Fingertips does for context
indicators.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .errors import ArgumentError

__all__ = ["Indicator", "CATALOGUE", "get", "catalogue", "judgement"]


@dataclass(frozen=True)
class Indicator:
    """One indicator.

    Parameters
    ----------
    id : str
        Short name used in the ``indicator`` column.
    title : str
        Plain-English title for tables and charts.
    numerator, denominator : str
        What is counted above and below the line.
    unit : str
        ``"%"``, ``"per 10,000"``, ``"persons"`` (or ``"plans"``, ``"requests"``), or ``"score"`` (an average score).
    multiplier : float
        Value = numerator / denominator x multiplier (1 for counts).
    method : str
        Confidence-interval method: ``"Wilson"`` (proportions), ``"Byar"`` (rates) or ``"none"`` (counts).
    polarity : str
        ``"no judgement"`` for every SEND indicator here but 20-week timeliness, ``"high is good"`` (a plan issued
        late is worse for the child, whatever the area).
    source : str
        Publication the numerator comes from.
    count_of, denominator_of : str or None
        The quantity of people the ``count`` and ``denominator`` columns hold, so that disclosure control knows one
        quantity published in two indicators as one (the pupils with an EHC plan with a primary need are the count of
        ``ehc_need_share`` and of ``ehc_pupils_pct`` by need; all pupils with a plan are the denominator of the
        first and the ``All`` count of the second). A denominator is the quantity's ``All`` of the same area and
        period. None: the indicator's own quantity, shared with no other.
    grid : tuple of str or None
        For a two-way table written with ``breakdown`` = the first breakdown's category and ``category`` = the
        second's (``"All"`` for the first's total), the two breakdowns, e.g. ``("primary_need", "age_band")``.
    round_to : int or None
        Disclosure control rounds the indicator's counts to this multiple (persons) whatever the rules (a
        small-area table); None: as the rules say.
    """

    id: str
    title: str
    numerator: str
    denominator: str
    unit: str
    multiplier: float
    method: str
    polarity: str
    source: str
    count_of: str | None = None
    denominator_of: str | None = None
    grid: tuple[str, str] | None = None
    round_to: int | None = None


_SCHOOLS = "DfE, Special educational needs in England (January school census)"
_SEN2 = "DfE, Education, health and care plans (SEN2, January)"
_SEN2_YEAR = "DfE, Education, health and care plans (SEN2, calendar year)"
_LAIT = "DfE, Local Authority Interactive Tool (LAIT), re-publishing "
_LAIT_EYFS = _LAIT + "DfE, Early years foundation stage profile results"
_LAIT_PHONICS = _LAIT + "DfE, Phonics screening check attainment"
_LAIT_KS2 = _LAIT + "DfE, Key stage 2 attainment"
_LAIT_KS4 = _LAIT + "DfE, Key stage 4 performance"
_LAIT_DESTINATIONS = _LAIT + "DfE, Key stage 4 destination measures"
_LAIT_PARTICIPATION = _LAIT + "DfE, NEET and participation: local authority figures"
_LAIT_AGE19 = _LAIT + "DfE, Level 2 and 3 attainment age 16 to 25"

#: Every indicator jsnakit computes, by id.
CATALOGUE = {i.id: i for i in [
    Indicator("ehc_pupils_pct", "Pupils with an EHC plan", "pupils with an EHC plan", "all pupils", "%", 100,
              "Wilson", "no judgement", _SCHOOLS),
    Indicator("sen_support_pct", "Pupils on SEN support", "pupils on SEN support", "all pupils", "%", 100,
              "Wilson", "no judgement", _SCHOOLS),
    Indicator("ehc_need_share", "Primary need of pupils with an EHC plan",
              "pupils with an EHC plan with that primary need", "pupils with an EHC plan", "%", 100, "Wilson",
              "no judgement", _SCHOOLS),
    Indicator("sen_support_need_share", "Primary need of pupils on SEN support",
              "pupils on SEN support with that primary need", "pupils on SEN support", "%", 100, "Wilson",
              "no judgement", _SCHOOLS),
    Indicator("ehc_plans_per_10k", "EHC plans per 10,000 children and young people aged 0-25",
              "EHC plans maintained in January", "residents aged 0-25 at the previous mid-year", "per 10,000",
              10_000, "Byar", "no judgement", _SEN2 + "; ONS mid-year estimates"),
    Indicator("ehc_plans", "EHC plans maintained", "EHC plans maintained in January", "-", "plans", 1, "none",
              "no judgement", _SEN2),
    Indicator("ehc_placement_share", "Placement of children and young people with an EHC plan",
              "EHC plans with that placement", "all EHC plans", "%", 100, "Wilson", "no judgement", _SEN2),
    Indicator("ehc_sex_share", "EHC plans by sex", "EHC plans of that sex", "all EHC plans", "%", 100, "Wilson",
              "no judgement", _SEN2),
    Indicator("census_ehc_sex_share", "Pupils with an EHC plan by sex (school census)",
              "pupils with an EHC plan of that sex", "pupils with an EHC plan, either sex", "%", 100, "Wilson",
              "no judgement", _SCHOOLS),
    Indicator("ehc_20_weeks_pct", "New EHC plans issued within 20 weeks",
              "new plans issued within 20 weeks (including exceptions)", "new plans issued in the calendar year",
              "%", 100, "Wilson", "high is good", _SEN2),
    Indicator("new_ehc_plans", "New EHC plans", "EHC plans made for the first time in the calendar year", "-",
              "plans", 1, "none", "no judgement", _SEN2_YEAR),
    Indicator("new_ehc_plans_per_10k", "New EHC plans per 10,000 children and young people aged 0-25",
              "EHC plans made for the first time in the calendar year", "residents aged 0-25 at that mid-year",
              "per 10,000", 10_000, "Byar", "no judgement", _SEN2_YEAR + "; ONS mid-year estimates"),
    Indicator("ehc_requests", "Requests for an EHC needs assessment", "requests received in the calendar year",
              "-", "requests", 1, "none", "no judgement", _SEN2_YEAR),
    Indicator("ehc_requests_agreed_pct", "Requests for an EHC needs assessment agreed",
              "requests the LA decided to assess", "requests received in the calendar year (DfE's request_assess_pc)",
              "%", 100, "Wilson", "no judgement", _SEN2_YEAR),
    Indicator("ehc_plan_need_share", "Primary need of all EHC plans (SEN2)",
              "EHC plans with that primary need", "all EHC plans maintained in January", "%", 100, "Wilson",
              "no judgement", _SEN2),
    Indicator("new_ehc_need_share", "Primary need of new EHC plans", "new EHC plans with that primary need",
              "new EHC plans in the calendar year", "%", 100, "Wilson", "no judgement", _SEN2_YEAR),
    Indicator("population", "Children and young people aged 0-25", "residents aged 0-25", "-", "persons", 1,
              "none", "no judgement", "ONS mid-year population estimates"),
    Indicator("ehc_plans_need_age", "EHC plans by primary need and age band", "EHC plans maintained in January",
              "-", "plans", 1, "none", "no judgement", _SEN2, grid=("primary_need", "age_band"), round_to=5),
    # The EHC needs assessment process (jsnakit.needs.ehc_process), beyond the requests, agreed and 20-week above.
    Indicator("ehc_process_new_plans_rate", "New EHC plans per 100 requests for assessment",
              "EHC plans made for the first time in the calendar year", "requests received in the calendar year",
              "per 100", 100, "Byar", "no judgement", _SEN2_YEAR),
    Indicator("ehc_process_not_issued_pct", "EHC needs assessments that ended without a plan",
              "assessments after which the LA decided not to issue a plan", "assessments completed in the year",
              "%", 100, "none", "no judgement", _LAIT + "DfE, Education, health and care plans (SEN2)"),
    Indicator("ehc_process_ceased_rate", "EHC plans ceased per 100 plans maintained in January",
              "EHC plans that ceased in the calendar year", "EHC plans maintained in that January", "per 100", 100,
              "Byar", "no judgement", _LAIT + "DfE, Education, health and care plans (SEN2)"),
    Indicator("ehc_process_reviews_pct", "Annual reviews with a meeting recorded",
              "annual reviews with a meeting recorded", "annual reviews expected in the calendar year", "%", 100,
              "Wilson", "high is good", _LAIT + "DfE, Education, health and care plans (SEN2)"),
    Indicator("ehc_process_mediation_pct", "Requests for an EHC needs assessment involving mediation",
              "requests subject to mediation", "requests received in the calendar year", "%", 100, "Wilson",
              "no judgement", _SEN2_YEAR),
    Indicator("ehc_process_tribunal_pct", "Requests for an EHC needs assessment that went to the SEND Tribunal",
              "requests subject to a tribunal appeal", "requests received in the calendar year", "%", 100, "Wilson",
              "no judgement", _SEN2_YEAR),
    # Outcomes by SEN status, as LAIT re-publishes them (a percentage or an average, without count or denominator).
    Indicator("eyfs_gld_pct", "Good level of development at the end of reception (age 5)",
              "children at the expected level in the 12 early learning goals", "children at the end of reception",
              "%", 100, "none", "high is good", _LAIT_EYFS),
    Indicator("phonics_pct", "Phonics check in year 1 (age 6): meeting the expected standard",
              "year 1 pupils meeting the expected standard of phonic decoding", "year 1 pupils", "%", 100, "none",
              "high is good", _LAIT_PHONICS),
    Indicator("ks2_rwm_pct", "Key stage 2 (age 11): reading, writing and maths at the expected standard",
              "pupils at the expected standard in all three", "pupils at the end of key stage 2", "%", 100, "none",
              "high is good", _LAIT_KS2),
    Indicator("ks2_reading_progress", "Key stage 2 progress in reading (average score)", "-", "-", "score", 1,
              "none", "high is good", _LAIT_KS2),
    Indicator("ks2_writing_progress", "Key stage 2 progress in writing (average score)", "-", "-", "score", 1,
              "none", "high is good", _LAIT_KS2),
    Indicator("ks2_maths_progress", "Key stage 2 progress in maths (average score)", "-", "-", "score", 1,
              "none", "high is good", _LAIT_KS2),
    Indicator("attainment8", "Attainment 8 at the end of key stage 4 (age 16; average score per pupil)", "-", "-",
              "score", 1, "none", "high is good", _LAIT_KS4),
    Indicator("progress8", "Progress 8 at the end of key stage 4 (average score per pupil)", "-", "-", "score", 1,
              "none", "high is good", _LAIT_KS4),
    Indicator("ks4_destination_pct", "After key stage 4: in sustained education, employment or training",
              "pupils in a sustained education, employment or training destination the year after key stage 4",
              "pupils at the end of key stage 4", "%", 100, "none", "high is good", _LAIT_DESTINATIONS),
    Indicator("participation_16_17_pct", "Young people aged 16-17 with SEN in education or training (31 March)",
              "16-17 year olds with SEND in education or training", "16-17 year olds with SEND known to the LA", "%",
              100, "none", "high is good", _LAIT_PARTICIPATION),
    Indicator("level2_19_pct", "Qualified to level 2 by age 19", "19 year olds qualified to level 2",
              "19 year olds (SEN status at age 15)", "%", 100, "none", "high is good", _LAIT_AGE19),
    Indicator("level2_em_19_pct", "Qualified to level 2 with English and maths by age 19",
              "19 year olds qualified to level 2 with English and maths", "19 year olds (SEN status at age 15)", "%",
              100, "none", "high is good", _LAIT_AGE19),
    Indicator("level3_19_pct", "Qualified to level 3 by age 19", "19 year olds qualified to level 3",
              "19 year olds (SEN status at age 15)", "%", 100, "none", "high is good", _LAIT_AGE19),
]}

# The quantities of people each indicator's count and denominator hold (Indicator.count_of, .denominator_of): one
# quantity published in two indicators is one figure to disclosure control. A rate's population is not shared with
# the population indicator: its mid-year is labelled with the rate's academic year.
_QUANTITIES = {
    "ehc_pupils_pct": ("pupils with an EHC plan", "pupils"),
    "sen_support_pct": ("pupils on SEN support", "pupils"),
    "ehc_need_share": ("pupils with an EHC plan", "pupils with an EHC plan"),
    "sen_support_need_share": ("pupils on SEN support", "pupils on SEN support"),
    "ehc_plans": ("EHC plans", None),
    "ehc_plans_per_10k": ("EHC plans", None),
    "ehc_placement_share": ("EHC plans", "EHC plans"),
    "ehc_sex_share": ("EHC plans", "EHC plans"),
    "ehc_plan_need_share": ("EHC plans", "EHC plans"),
    "ehc_plans_need_age": ("EHC plans", None),
    "new_ehc_plans": ("new EHC plans", None),
    "new_ehc_plans_per_10k": ("new EHC plans", None),
    "new_ehc_need_share": ("new EHC plans", "new EHC plans"),
    "ehc_requests": ("requests for assessment", None),
    "ehc_requests_agreed_pct": (None, "requests for assessment"),
    "ehc_process_new_plans_rate": ("new EHC plans", "requests for assessment"),
    "ehc_process_mediation_pct": (None, "requests for assessment"),
    "ehc_process_tribunal_pct": (None, "requests for assessment"),
    "population": ("residents aged 0-25", None),
}
CATALOGUE = {key: replace(i, count_of=_QUANTITIES.get(key, (None, None))[0],
                          denominator_of=_QUANTITIES.get(key, (None, None))[1]) for key, i in CATALOGUE.items()}


def judgement(direction: str, polarity: str) -> str | None:
    """``"better"`` or ``"worse"`` for a value significantly ``"higher"`` or ``"lower"`` than its benchmark, under an
    indicator's polarity; None when the polarity carries no judgement or the direction is neither.

    Examples
    --------
    >>> judgement("higher", "high is good"), judgement("higher", "low is good"), judgement("lower", "no judgement")
    ('better', 'worse', None)
    """
    if polarity not in ("high is good", "low is good") or direction not in ("higher", "lower"):
        return None
    return "better" if (direction == "higher") == (polarity == "high is good") else "worse"


def get(indicator_id: str) -> Indicator:
    """Return one indicator; an unknown id raises :class:`ArgumentError` listing the known ones."""
    try:
        return CATALOGUE[indicator_id]
    except KeyError:
        raise ArgumentError(f"indicator must be one of {sorted(CATALOGUE)}; got {indicator_id!r}") from None


def catalogue() -> pd.DataFrame:
    """The catalogue as a table, one row per indicator (for a factsheet's methods section)."""
    return pd.DataFrame([vars(i) for i in CATALOGUE.values()])
