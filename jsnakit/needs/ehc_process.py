"""The EHC needs assessment process of one local authority against its region and England, step by step: requests
received, agreed and not agreed, plans issued, assessed but not issued, plans issued within 20 weeks, plans ceased,
annual reviews, mediation and tribunals (:func:`process_flow`), from the published national frame.

Where each step comes from (the latest figure of each, never a figure the folder does not hold):

* **requests** received in the calendar year, agreed (the LA decided to assess) and not agreed (the rest: refused,
  still undecided or withdrawn; SEN2's refusals alone are left out, because beside the requests received and agreed
  they would give away small numbers of requests undecided or withdrawn, a difference the audit's sums do not
  see), and requests involving mediation or a SEND Tribunal appeal: SEN2 ``requests.csv`` (catalogue source
  ``ehc_requests``; DfE's ``request_assess_pc`` is agreed over received, and so is the rate here). SEN2 has recorded
  decisions, mediation and tribunals since 2023 (the earlier years of the 2025 release read ``x``);
* **plans issued**: new EHC plans of the calendar year, SEN2 ``newplans.csv`` (``ehc_new_plans``), shown per 100
  requests received in the same year. They are not the same children: a plan issued in January may answer a request
  of the year before;
* **within 20 weeks** of the request, including the exception cases the SEND Regulations 2014 (reg. 13) allow, as
  DfE's headline does: SEN2 ``timeliness_20_week.csv`` (``ehc_timeliness``). The figure excluding them is left out:
  beside this one it would give away small numbers of exception cases;
* **assessed, no plan issued**, **plans ceased** and **annual reviews** (meeting recorded, of reviews expected in the
  year): DfE LAIT (``lait``: ``SEN_PLAN_NOT_ISSUED`` as a percentage of ``SEN_ASSESSMENT``, published without its
  count; ``SEN_TOT_CEASED_EHC_PLAN`` per 100 EHC plans maintained in the January of that year, from ``ehc_caseload``;
  ``SEN_AN_REVIEW_MEET_REC`` of ``SEN_AN_REVIEW_EXPECTED``). LAIT publishes annual reviews from 2024 only.

Disclosure control: the steps are indicators of the national frame (:func:`process_rows`, added by
:func:`jsnakit.needs.national.national`), so they pass :func:`jsnakit.disclosure.apply` with every other figure the
factsheets publish: a count shown in two places (the requests received, the new plans) is one figure, and a region's
total cannot give a withheld LA away. A count from 1 to ``threshold - 1`` is withheld with every rate built on it,
so is a proportion whose complement is that small, and a percentage published without its count (LAIT's) whose
count could be that small (:func:`jsnakit.disclosure.withhold_uncounted`, with the assessments as its denominator).
:func:`process_flow` reads the area's steps from the published frame.

References
----------
DfE, *Education, health and care plans*, reporting year 2025 (SEN2), data guidance,
https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans;
DfE, *Local authority interactive tool (LAIT)*,
https://www.gov.uk/government/publications/local-authority-interactive-tool-lait;
The Special Educational Needs and Disability Regulations 2014, regulation 13 (the 20-week time limit and its
exceptions).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import disclosure
from ..catalog import Catalog
from ..core import geography
from ..core.errors import ArgumentError, NotHeldError
from ..core.schema import INDICATOR_COLUMNS
from ..sources.lait import LAIT
from ..stats.proportions import proportion
from ..stats.rates import rate

__all__ = ["Step", "STEPS", "FLOW_COLUMNS", "PER_REQUESTS", "process_flow", "process_rows", "NATIONAL_STEPS"]

#: The ``per`` of the steps counted against the requests received (the bars of the funnel).
PER_REQUESTS = "per 100 requests received"

_SEN2 = "DfE, Education, health and care plans (SEN2)"


@dataclass(frozen=True)
class Step:
    """One step of the EHC needs assessment process.

    Parameters
    ----------
    key : str
        Short name (``"assessed"``).
    indicator : str
        Its indicator id in :func:`process_frame` (a catalogue id where one means the same: ``ehc_requests``,
        ``ehc_requests_agreed_pct``, ``ehc_20_weeks_pct``).
    label : str
        What it counts, in words.
    per : str
        What its rate is: :data:`PER_REQUESTS` or the denominator of its percentage.
    method : {"none", "Wilson", "rate", "published"}
        A count; a proportion (Wilson interval); a rate per 100 of something it is not a part of (Byar's interval);
        a percentage published without its count.
    period : str
        Its period, ``{year}`` standing for the calendar year.
    source : str
        Publisher, publication and file.
    definition : str
        What to bear in mind reading it.
    complement : bool, default False
        The step is what its indicator does not count (its denominator minus its count; 100 minus its rate).
    """

    key: str
    indicator: str
    label: str
    per: str
    method: str
    period: str
    source: str
    definition: str = ""
    complement: bool = False


#: The steps, in the order of the process.
STEPS = (
    Step("requests", "ehc_requests", "Requests for an EHC needs assessment received", PER_REQUESTS, "none",
         "calendar year {year}", f"{_SEN2}, requests.csv",
         "Every request received in the year, whoever made it; the base of the rates per 100 requests."),
    Step("assessed", "ehc_requests_agreed_pct", "Assessments agreed (the LA decided to assess)", PER_REQUESTS,
         "Wilson", "calendar year {year} (requests received)", f"{_SEN2}, requests.csv",
         "DfE's request_assess_pc; requests still undecided or withdrawn are neither agreed nor refused."),
    Step("not_agreed", "ehc_requests_agreed_pct", "Requests not agreed (refused, not yet decided or withdrawn)",
         PER_REQUESTS, "Wilson", "calendar year {year} (requests received)", f"{_SEN2}, requests.csv",
         "The requests received in the year less those the LA agreed to assess. SEN2's refusals alone are not shown: "
         "beside the requests received and agreed they would give away small numbers of requests still undecided or "
         "withdrawn.", complement=True),
    Step("plans", "ehc_process_new_plans_rate", "New EHC plans issued", PER_REQUESTS, "rate",
         "calendar year {year} (plans issued)", f"{_SEN2}, newplans.csv",
         "Plans issued in the year, whatever year they were requested in: not a share of that year's requests."),
    Step("not_issued", "ehc_process_not_issued_pct", "Assessed, but no plan issued",
         "% of EHC needs assessments completed in the year", "published", "calendar year {year}",
         f"{LAIT}, SEN_PLAN_NOT_ISSUED and SEN_ASSESSMENT",
         "LAIT publishes the percentage without its count."),
    Step("in_20_weeks", "ehc_20_weeks_pct", "Plans issued within 20 weeks, including exception cases",
         "% of all plans issued", "Wilson", "calendar year {year} (plans issued)", f"{_SEN2}, timeliness_20_week.csv",
         "Every plan issued, exception cases included."),
    Step("ceased", "ehc_process_ceased_rate", "EHC plans ceased", "per 100 EHC plans maintained in January {year}",
         "rate", "calendar year {year}", f"{LAIT}, SEN_TOT_CEASED_EHC_PLAN; {_SEN2}, caseload.csv",
         "Plans that ended in the year, for any reason (moving away, needs met, leaving education, ...)."),
    Step("reviews", "ehc_process_reviews_pct", "Annual reviews with a meeting recorded",
         "% of annual reviews expected in the year", "Wilson", "reviews expected in calendar year {year}",
         f"{LAIT}, SEN_AN_REVIEW_MEET_REC and SEN_AN_REVIEW_EXPECTED",
         "A review meeting recorded for a review expected in the year; not whether it was held within 12 months."),
    Step("mediation", "ehc_process_mediation_pct", "Requests involving mediation", PER_REQUESTS, "Wilson",
         "calendar year {year} (requests received)", f"{_SEN2}, requests.csv",
         "Requests subject to mediation (mediation_related_request)."),
    Step("tribunal", "ehc_process_tribunal_pct", "Requests that went to the SEND Tribunal", PER_REQUESTS, "Wilson",
         "calendar year {year} (requests received)", f"{_SEN2}, requests.csv",
         "Requests subject to a tribunal appeal (tribunal_related_request)."),
)

#: Columns of :func:`process_flow`, in order.
FLOW_COLUMNS = ["step", "key", "count", "denominator", "rate", "lower_ci", "upper_ci", "per", "symbol",
                "region_rate", "england_count", "england_rate", "period", "source", "note", "definition"]

#: LAIT measures read, by the name used here.
_LAIT_CODES = {"not_issued_pct": "SEN_PLAN_NOT_ISSUED", "assessments": "SEN_ASSESSMENT",
               "ceased": "SEN_TOT_CEASED_EHC_PLAN", "reviews_met": "SEN_AN_REVIEW_MEET_REC",
               "reviews_expected": "SEN_AN_REVIEW_EXPECTED"}
#: Why a figure the publisher did not give is missing, by its symbol (LAIT's ``-`` included).
_MISSING = {"x": "", "-": "", "..": "", "z": "not applicable: none in the denominator"}
#: Steps whose indicator the national frame computes already (:func:`jsnakit.needs.national.national`).
NATIONAL_STEPS = ("requests", "assessed", "in_20_weeks")


def process_rows(catalog: Catalog) -> pd.DataFrame:
    """The steps of the process that the national frame does not compute already, for every upper-tier LA, region
    and England and every calendar year the folder holds requests for, before disclosure control.

    Parameters
    ----------
    catalog : Catalog
        The data folder: needs ``ehc_requests``; ``ehc_new_plans``, ``ehc_timeliness``, ``lait`` and
        ``ehc_caseload`` add their steps when present.

    Returns
    -------
    pandas.DataFrame
        An indicator frame (:data:`jsnakit.core.schema.INDICATOR_COLUMNS`): one row per step (``indicator``:
        :attr:`Step.indicator`; the steps of :data:`NATIONAL_STEPS` left to the national frame), area and year;
        ``value`` the rate (per 100), ``period`` the calendar year (``"2024"``). Empty without requests.

    Raises
    ------
    InputError
        When a file is bad.
    """
    if not _usable(catalog, "ehc_requests"):
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    requests = catalog.load("ehc_requests")
    years = sorted({int(p) for p in requests["period"].astype(str) if p.isdigit()})
    frames = [_year_rows(catalog, year) for year in years]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def process_flow(catalog: Catalog, area_code, *, year=None, up_to: str | None = None,
                 rules: disclosure.Rules | None = None, published=None) -> pd.DataFrame:
    """The EHC needs assessment process of a local authority, step by step, against its region and England.

    Parameters
    ----------
    catalog : Catalog
        The data folder (see :func:`process_rows`).
    area_code : str
        GSS code or DfE LA number of an upper-tier local authority.
    year : int or str, optional
        Calendar year; default the latest year for which the folder holds the area's requests received.
    up_to : str, optional
        When ``year`` is not given, the latest year at or before this academic year: ``"2023/24"`` (the January 2024
        census) takes calendar year 2023 or earlier, the year SEN2's release of that January reports.
    rules : disclosure.Rules, optional
        Disclosure rules; default ``Rules()`` (those of ``published`` when given).
    published : disclosure.Disclosed, optional
        The published national frame (:func:`jsnakit.needs.profile.published`); made from ``catalog`` when None.

    Returns
    -------
    pandas.DataFrame
        :data:`FLOW_COLUMNS`, one row per step of :data:`STEPS`, in order: ``count`` and ``denominator`` (the area's;
        a percentage published without its count has none), ``rate`` (per 100: of the requests received, or of its own
        denominator, as ``per`` says; 100 for the requests themselves) with its 95% interval, ``symbol`` (``"c"``
        withheld, ``"x"`` not published, ``""`` shown), ``region_rate``, ``england_count``, ``england_rate``,
        ``period`` (what the step counts in which year), ``source``, ``note`` (why a figure is withheld or not
        published; '' when shown) and ``definition``. Withheld and unpublished figures are NaN, never 0. Every figure
        passed :func:`jsnakit.disclosure.apply`; ``attrs`` holds ``area_code``, ``area_name``, ``region_name``,
        ``year`` and ``rules`` (the renderers of :mod:`jsnakit.render.process_charts` need them).

    Raises
    ------
    ArgumentError
        When ``area_code`` is not an upper-tier local authority, or the folder holds no requests for it (in
        ``year``, when given).
    NotHeldError
        When the folder holds the area's requests only after ``up_to``.
    InputError
        When the folder holds no requests file, or a file is bad.

    Examples
    --------
    >>> flow = process_flow(Catalog("data/real"), "E09000019")          # doctest: +SKIP
    >>> flow.set_index("key").loc["assessed", ["count", "rate", "england_rate"]].tolist()   # doctest: +SKIP
    [303.0, 59.29..., 65.40...]
    """
    area = geography.area(area_code)
    code, name = str(area["area_code"]), str(area["area_name"])
    if area["area_type"] not in geography.LA_TYPES:
        raise ArgumentError(f"area_code must be an upper-tier local authority; got {area_code!r} ({name}, "
                            f"{area['area_type']})")
    rules = getattr(published, "rules", None) or rules or disclosure.Rules()
    held = _requests_years(catalog, code)
    if not held:
        raise ArgumentError(f"area_code must be a local authority the data folder holds requests for EHC needs "
                            f"assessments for; got {area_code!r} ({name}), which has none")
    if year is None and up_to is not None:
        last = _year(str(up_to)[:4])
        if min(held) > last:
            raise NotHeldError(f"the data folder holds no requests for EHC needs assessments for {name} ({code}) up "
                               f"to {up_to} (calendar year {last}; its earliest is {min(held)})")
        held = {y for y in held if y <= last}
    if year is None:
        year = max(held)
    elif _year(year) not in held:
        raise ArgumentError(f"year must be a calendar year the data folder holds {name}'s requests for: "
                            f"{', '.join(map(str, sorted(held)))}; got {year!r}")
    year = _year(year)
    if published is None:
        from .profile import published as published_frame  # profile imports national, which imports this module

        published = published_frame(catalog, rules=rules)
    frame = disclosure.require(published).frame
    frame = frame[(frame["period"].astype(str) == str(year)) & (frame["breakdown"] == "All")]
    region = area["region_code"] if isinstance(area["region_code"], str) else None
    out = pd.DataFrame([_flow_row(step, frame, code, region, year, rules, catalog) for step in STEPS],
                       columns=FLOW_COLUMNS)
    out.attrs.update(area_code=code, area_name=name, region_name=str(area["region_name"] or ""), year=year,
                     rules=rules)
    return out


# --- the frame of every area ------------------------------------------------------------------------------------

def _usable(catalog: Catalog, source: str) -> bool:
    """Whether the folder holds the source and it reads (:func:`jsnakit.needs.national.usable`): a bad file leaves
    its steps out, as it leaves out every other figure of it, and ``jsnakit data check`` names it."""
    from .national import usable  # national imports this module

    return usable(catalog, source)


def _year(year) -> int:
    try:
        return int(str(year).strip())
    except ValueError:
        raise ArgumentError(f"year must be a calendar year such as 2024; got {year!r}") from None


def _requests_years(catalog: Catalog, code: str) -> set[int]:
    requests = catalog.load("ehc_requests")
    rows = requests[(requests["area_code"] == code) & (requests["measure"] == "ehc_requests")
                    & requests["count"].notna() & requests["period"].astype(str).str.fullmatch(r"\d{4}")]
    return {int(p) for p in rows["period"]}


def _counts(catalog: Catalog, source: str, period) -> pd.DataFrame:
    """The source's All/All counts of a period (``2024``, ``"2023/24"``), by measure (columns) and area (index);
    columns ``<measure>:note`` hold the publisher's symbol and ``<measure>:source`` the release."""
    if not _usable(catalog, source):
        return pd.DataFrame()
    frame = geography.to_current_areas(catalog.load(source))  # former LAs' rows on today's areas, as national's
    frame = frame[(frame["period"].astype(str) == str(period)) & (frame["breakdown"] == "All")]
    frame = frame.drop_duplicates(["area_code", "measure"], keep="last")
    counts = frame.pivot(index="area_code", columns="measure", values="count")
    notes = frame.pivot(index="area_code", columns="measure", values="note").add_suffix(":note")
    sources = frame.pivot(index="area_code", columns="measure", values="source").add_suffix(":source")
    return pd.concat([counts, notes, sources], axis=1)


def _lait(catalog: Catalog, year: int) -> pd.DataFrame:
    """LAIT's process measures of the year by area (columns named as :data:`_LAIT_CODES`)."""
    if not _usable(catalog, "lait"):
        return pd.DataFrame()
    lait = catalog.load("lait")
    rows = lait[lait["measure_code"].isin(list(_LAIT_CODES.values())) & (lait["period"].astype(str) == str(year))]
    rows = rows.drop_duplicates(["area_code", "measure_code"])
    names = {v: k for k, v in _LAIT_CODES.items()}
    values = rows.pivot(index="area_code", columns="measure_code", values="value").rename(columns=names)
    notes = rows.pivot(index="area_code", columns="measure_code", values="note").rename(columns=names)
    return pd.concat([values, notes.add_suffix(":note")], axis=1)


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    return table[name] if name in table.columns else pd.Series(np.nan, index=table.index, dtype=float)


def _step_rows(step: Step, table: pd.DataFrame, count: str, denominator: str | None, source: str) -> pd.DataFrame:
    """A step's count and denominator for every area of ``table`` (index: area_code); the count's symbol (else the
    denominator's) as note; the release read as source."""
    if count not in table.columns or table[count].isna().all():
        return pd.DataFrame()
    note = _column(table, f"{count}:note").astype(object)
    if denominator is not None:
        note = note.where(note.notna(), _column(table, f"{denominator}:note").astype(object))
    return pd.DataFrame({
        "indicator": step.indicator, "area_code": table.index, "count": _column(table, count).to_numpy(float),
        "denominator": np.nan if denominator is None else _column(table, denominator).to_numpy(float),
        "note": note.to_numpy(), "source": _column(table, f"{count}:source").astype(object).fillna(source).to_numpy(),
    })


def _raw(catalog: Catalog, year: int) -> list[pd.DataFrame]:
    """Each step's rows (``indicator, area_code, count, denominator, note, source`` and ``value`` for a percentage
    published without its count), but those of :data:`NATIONAL_STEPS`, which the national frame computes."""
    steps = {s.key: s for s in STEPS}
    requests = _counts(catalog, "ehc_requests", year)
    parts = []
    for key, measure in [("mediation", "ehc_requests_mediation"), ("tribunal", "ehc_requests_tribunal")]:
        parts.append(_step_rows(steps[key], requests, measure, "ehc_requests", _SEN2))
    new = _counts(catalog, "ehc_new_plans", year)
    if len(new) and len(requests):
        joined = new[["new_ehc_plans", "new_ehc_plans:note", "new_ehc_plans:source"]].join(requests, how="outer")
        parts.append(_step_rows(steps["plans"], joined, "new_ehc_plans", "ehc_requests", _SEN2))
    lait = _lait(catalog, year)
    if len(lait):
        if "not_issued_pct" in lait.columns:
            rows = _step_rows(steps["not_issued"], lait, "assessments", None, LAIT)
            if len(rows):
                rows = rows.rename(columns={"count": "denominator", "denominator": "count"})
                rows["value"] = _column(lait, "not_issued_pct").to_numpy(float)
                note = _column(lait, "not_issued_pct:note").astype(object).to_numpy()
                rows["note"] = np.where(pd.isna(note), rows["note"].to_numpy(), note)
                parts.append(rows)
        if _usable(catalog, "ehc_caseload"):
            january = _counts(catalog, "ehc_caseload", f"{year - 1}/{str(year)[2:]}")
            if "ehc_plans" in january.columns:
                joined = lait.join(january[["ehc_plans", "ehc_plans:note"]], how="outer")
                parts.append(_step_rows(steps["ceased"], joined, "ceased", "ehc_plans", LAIT))
        parts.append(_step_rows(steps["reviews"], lait, "reviews_met", "reviews_expected", LAIT))
    return [p for p in parts if len(p)]


def _year_rows(catalog: Catalog, year: int) -> pd.DataFrame:
    """Every area's rows of the steps :func:`process_rows` adds, for one calendar year."""
    parts = _raw(catalog, year)
    if not parts:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    raw = pd.concat(parts, ignore_index=True)
    table = geography.areas()
    keep = table.index[table["area_type"].isin(list(geography.LA_TYPES) + ["region", "country"])]
    raw = raw[raw["area_code"].isin(keep)].reset_index(drop=True)
    parts = [_statistics(raw[raw["indicator"] == step.indicator], step)
             for step in STEPS if (raw["indicator"] == step.indicator).any()]
    if not parts:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.assign(area_name=frame["area_code"].map(table["area_name"]),
                         area_type=frame["area_code"].map(table["area_type"]), period=str(year), breakdown="All",
                         category="All", comparator_code=np.nan, comparison="not compared")
    return frame[INDICATOR_COLUMNS].reset_index(drop=True)


def _statistics(rows: pd.DataFrame, step: Step) -> pd.DataFrame:
    """Value, interval and method of a step's rows (NaN where a count or denominator is missing; ``z``, not
    applicable, where the denominator is 0, or where a part is above its whole)."""
    rows = rows.reset_index(drop=True)
    if step.method == "none":
        return rows.assign(value=rows["count"], lower_ci=np.nan, upper_ci=np.nan, confidence=np.nan,
                           unit="requests", method="none")
    if step.method == "published":
        return rows.assign(lower_ci=np.nan, upper_ci=np.nan, confidence=np.nan, unit="%", method="published")
    bad = rows["denominator"].eq(0) | ((step.method == "Wilson") & (rows["count"] > rows["denominator"]))
    safe = rows.assign(count=rows["count"].where(~bad), denominator=rows["denominator"].where(~bad))
    done = proportion(safe, multiplier=100) if step.method == "Wilson" else rate(safe, multiplier=100)
    done[["count", "denominator"]] = rows[["count", "denominator"]]
    done["note"] = done["note"].astype(object).where(~bad | done["note"].notna(), "z")
    return done.assign(unit="%" if step.method == "Wilson" else "per 100")


# --- one area's flow --------------------------------------------------------------------------------------------

def _flow_row(step: Step, frame: pd.DataFrame, code: str, region: str | None, year: int, rules, catalog) -> list:
    rows = frame[frame["indicator"] == step.indicator].set_index("area_code")
    period = step.period.format(year=year)
    per = step.per.format(year=year)
    blank = [np.nan] * 5
    if code not in rows.index:
        why = _not_held(step, catalog, year)
        return [step.label, step.key, *blank, per, "x", np.nan, np.nan, np.nan, period, step.source, why,
                step.definition]
    own = rows.loc[code]
    value = own["value"]
    rate_value = (100.0 if pd.notna(value) else np.nan) if step.method == "none" else value
    note = own["note"]
    withheld = str(note).startswith(disclosure.SUPPRESSED)
    symbol = "" if pd.notna(rate_value) else ("c" if withheld else "x")
    why = ""
    if symbol == "c":
        why = disclosure.describe_note(note, rules)
    elif symbol == "x":
        words = _MISSING.get(str(note), disclosure.describe_note(note, rules)) if pd.notna(note) else ""
        why = f"not published for {period}" + (f" ({words})" if words else "")
    england = rows.loc[geography.ENGLAND] if geography.ENGLAND in rows.index else None
    england_rate = np.nan if england is None else (
        (100.0 if pd.notna(england["value"]) else np.nan) if step.method == "none" else england["value"])
    region_rate = np.nan
    if region is not None and region in rows.index:
        region_rate = rows.loc[region, "value"]
        region_rate = (100.0 if pd.notna(region_rate) else np.nan) if step.method == "none" else region_rate
    count, lower, upper = own["count"], own["lower_ci"], own["upper_ci"]
    england_count = np.nan if england is None else england["count"]
    if step.complement:  # what the indicator does not count: the same published figures, turned round
        count, england_count = own["denominator"] - count, (np.nan if england is None
                                                            else england["denominator"] - england["count"])
        rate_value, lower, upper = 100 - rate_value, 100 - upper, 100 - lower
        region_rate, england_rate = 100 - region_rate, 100 - england_rate
    return [step.label, step.key, count, own["denominator"], rate_value, lower, upper, per, symbol, region_rate,
            england_count, england_rate, period, _source_text(step, own["source"]), why, step.definition]


def _source_text(step: Step, source) -> str:
    if isinstance(source, str) and "release" in source and step.source.startswith(_SEN2):
        return source + step.source[len(_SEN2):]
    return step.source


def _not_held(step: Step, catalog: Catalog, year: int) -> str:
    needs = {"plans": "ehc_new_plans", "in_20_weeks": "ehc_timeliness",
             "not_issued": "lait", "ceased": "lait", "reviews": "lait"}.get(step.key, "ehc_requests")
    if not catalog.has(needs):
        return f"not in the data folder ({step.source.split(', ')[0]}, {step.source.split(', ')[1]})"
    if step.key == "ceased" and not catalog.has("ehc_caseload"):
        return "not shown: the data folder has no SEN2 caseload for its denominator"
    return f"not published for {step.period.format(year=year)}"
