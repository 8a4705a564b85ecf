"""Outcomes of children and young people by SEN status, as DfE's Local Authority Interactive Tool (LAIT) re-publishes
them for every local authority: the early years, phonics, key stage 2, key stage 4, destinations, participation at
16-17 and qualifications at 19, for pupils with an EHC plan, on SEN support and with no identified SEN side by side.

The gap between each SEN group and pupils with no identified SEN is what commissioners are asked to close (SEND Code
of Practice, chapter 3), so it is the headline: :func:`outcome_table` gives it for an area against England, its region
and its statistical neighbours.

LAIT publishes a percentage or an average score without its count or denominator. So no confidence interval can be
given and no difference is called significant: the area is compared as LAIT compares it, by its rank among local
authorities and its quartile band (:func:`jsnakit.stats.ranking.lait_quartile_band`). Disclosure control cannot see the
count behind such a figure either, so it bounds it from an estimate of the group's cohort (:func:`cohort_base`):
residents of one school year group (a fifteenth of those aged 4-18) times the group's share of pupils in the same
area and year (LAIT's own school-census shares), and a figure whose implied count of pupils reaching (or not
reaching) the measure could be small is withheld (:func:`jsnakit.disclosure.withhold_uncounted`).

DfE publishes suspensions and absence by SEN status nationally and by school, but LAIT does not hold them by local
authority and SEN status, so the factsheet says so (:data:`NOT_IN_LAIT`) rather than leave them out silently.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import disclosure
from ..core import geography, indicators
from ..core.errors import NotHeldError
from ..core.schema import INDICATOR_COLUMNS
from ..stats import ranking
from ..stats.ranking import lait_quartile_band

__all__ = ["Outcome", "OUTCOMES", "EARLY_SHARE", "SEN_GROUPS", "NO_SEN", "ALL_SEN", "BREAKDOWN", "NOT_IN_LAIT",
           "outcome_rows", "cohort_base", "outcome_table", "OUTCOME_TABLE_COLUMNS", "academic_year_of"]

#: The SEN groups, in the order a factsheet shows them.
SEN_GROUPS = ("EHC plan", "SEN support", "No identified SEN")
#: The comparison group whose gap is the headline.
NO_SEN = "No identified SEN"
#: The group of 16-17 participation, which LAIT gives for all young people with SEND only.
ALL_SEN = "All SEN"
#: The breakdown of outcome rows in the indicator frame.
BREAKDOWN = "sen_status"
#: What the factsheet says of the outcomes the issue asks for and LAIT does not hold.
NOT_IN_LAIT = ("Suspensions and absence by SEN status are not in LAIT at local authority level (DfE publishes them "
               "in *Suspensions and permanent exclusions in England* and *Pupil absence in schools in England*), so "
               "they are not shown here.")


#: How the SEN groups' shares of the pupils in reception and year 1 compare with their shares of all pupils: about
#: half, for EHC plans and for SEN support (DfE, *Special educational needs in England*, pupils by national curriculum
#: year: plans and support grow through the primary years). :func:`cohort_base` scales the early outcomes by it.
EARLY_SHARE = 0.5


@dataclass(frozen=True)
class Outcome:
    """One outcome measure: an indicator of :data:`jsnakit.core.indicators.CATALOGUE` and its LAIT measure codes.

    Parameters
    ----------
    indicator : str
        The indicator id (its title, unit and polarity are the catalogue's).
    codes : dict
        LAIT measure code of each SEN group (:data:`SEN_GROUPS`, or :data:`ALL_SEN`).
    stage : str
        Who is measured, in words ("year 1 pupils (age 6)").
    early : bool, default False
        Measured in reception or year 1, where the SEN groups are smaller (:data:`EARLY_SHARE`).
    """

    indicator: str
    codes: dict
    stage: str
    early: bool = False


#: The outcomes LAIT publishes by SEN status (data dictionary of April 2026), in the order of a child's life.
OUTCOMES = (
    Outcome("eyfs_gld_pct", {"EHC plan": "FSP_Gooddev_With_SENSTATE", "SEN support": "FSP_Gooddev_Without_SENSTATE"},
            "children at the end of reception (age 5)", early=True),
    Outcome("phonics_pct", {"EHC plan": "KS1P_EHCP", "SEN support": "KS1P_SEND", NO_SEN: "KS1P_NonSEND"},
            "year 1 pupils (age 6)", early=True),
    Outcome("ks2_rwm_pct", {"EHC plan": "NEW_KS2_RWM_Sen_Withsta", "SEN support": "NEW_KS2_RWM_Sen_W/Osta",
                            NO_SEN: "NoID_SEN_NEW_KS2_RWM"}, "pupils at the end of key stage 2 (age 11)"),
    Outcome("ks2_reading_progress", {"EHC plan": "KS2_SEN_Reading_Progress",
                                     "SEN support": "KS2_SENSupport_Reading_Progress",
                                     NO_SEN: "KS2_NonSEN_Reading_Progress"}, "pupils at the end of key stage 2"),
    Outcome("ks2_writing_progress", {"EHC plan": "KS2_SEN_Writing_Progress",
                                     "SEN support": "KS2_SENSupport_Writing_Progress",
                                     NO_SEN: "KS2_NonSEN_Writing_Progress"}, "pupils at the end of key stage 2"),
    Outcome("ks2_maths_progress", {"EHC plan": "KS2_SEN_Maths_Progress", "SEN support": "KS2_SENSupport_Maths_Progress",
                                   NO_SEN: "KS2_NonSEN_Maths_Progress"}, "pupils at the end of key stage 2"),
    Outcome("attainment8", {"EHC plan": "SEN_Stat_AVG_Attain8_Score", "SEN support": "SEN_WoStat_AVG_Attain8_Score",
                            NO_SEN: "SEN_NoID_AVG_Attain8_Score"}, "pupils at the end of key stage 4 (age 16)"),
    Outcome("progress8", {"EHC plan": "SEN_Stat_AVG_Prog8_Score", "SEN support": "SEN_WoStat_AVG_Prog8_Score",
                          NO_SEN: "SEN_NoID_AVG_Prog8_Score"}, "pupils at the end of key stage 4 (age 16)"),
    Outcome("ks4_destination_pct", {"EHC plan": "SusEdOverall_SEN_Stat_incSpec",
                                    "SEN support": "SusEdOverall_SEN_NoStat_incSpec",
                                    NO_SEN: "SusEdOverall_NoSEN_incSpec"},
            "pupils at the end of key stage 4, the year after (special schools included)"),
    Outcome("participation_16_17_pct", {ALL_SEN: "16-17YroldSEN_ET"}, "16-17 year olds with SEND (31 March)"),
    Outcome("level2_19_pct", {"EHC plan": "Age19_SEN-S", "SEN support": "Age19_SENwoS", NO_SEN: "Age19_NoNSEN"},
            "19 year olds, by SEN status at 15"),
    Outcome("level2_em_19_pct", {"EHC plan": "Age19_SEN-S_L2EM", "SEN support": "Age19_SENwoS_L2EM",
                                 NO_SEN: "Age19_NoNSEN_L2EM"}, "19 year olds, by SEN status at 15"),
    Outcome("level3_19_pct", {"EHC plan": "Age19_SEN-S_L3", "SEN support": "Age19_SENwoS_L3",
                              NO_SEN: "Age19_NoNSEN_L3"}, "19 year olds, by SEN status at 15"),
)

#: LAIT's school-census shares of pupils by SEN status (%), the groups' shares in :func:`cohort_base`.
_SHARES = {"EHC plan": "SEN_TotStat", "SEN support": "SEN_TotSENSuP"}
#: The catalogue's polarities in LAIT's words (:func:`jsnakit.stats.ranking.lait_quartile_band`).
_LAIT_POLARITY = {"high is good": "higher is better", "low is good": "lower is better"}
#: How a ``note`` of a figure withheld by disclosure control starts (``c``, ``c (uncounted)``).
_WITHHELD = "c"
#: Year groups in the ages 4-18 whose residents :func:`cohort_base` divides.
_YEAR_GROUPS = 15


def academic_year_of(period) -> str | None:
    """LAIT's year label as an academic year: ``"2025"`` and ``"2025 (prov)"`` are ``"2024/25"`` (the academic or
    financial year ending in 2025, or the January of it); None when the label holds no year.

    Parameters
    ----------
    period : object
        LAIT's ``period`` (``Years``) label.

    Returns
    -------
    str or None

    Examples
    --------
    >>> academic_year_of("2025 (prov)"), academic_year_of("2016-17 (OT)"), academic_year_of("x")
    ('2024/25', '2016/17', None)
    """
    text = str(period).strip()
    if len(text) >= 7 and text[:4].isdigit() and text[4] in "-/" and text[5:7].isdigit():
        start = int(text[:4])
        return f"{start}/{(start + 1) % 100:02d}"
    if len(text) >= 4 and text[:4].isdigit():
        end = int(text[:4])
        return f"{end - 1}/{end % 100:02d}"
    return None


def outcome_rows(lait: pd.DataFrame) -> pd.DataFrame:
    """The outcome indicators of :data:`OUTCOMES` as indicator-frame rows, for every area and year LAIT gives.

    Parameters
    ----------
    lait : pandas.DataFrame
        :func:`jsnakit.sources.lait.read_lait` of a ``bds_long`` file.

    Returns
    -------
    pandas.DataFrame
        :data:`jsnakit.core.schema.INDICATOR_COLUMNS`: ``breakdown`` :data:`BREAKDOWN`, ``category`` the SEN group,
        ``period`` the academic year (:func:`academic_year_of`), ``value`` as LAIT publishes it (a percentage or an
        average score), no count, denominator or interval, ``method`` ``"published"``, ``comparison``
        ``"not compared"``. Values LAIT withholds or lacks (``-``, ``c``, ``x``) are NaN with LAIT's note. Today's
        areas only.
    """
    wanted = {code: (outcome.indicator, group) for outcome in OUTCOMES for group, code in outcome.codes.items()}
    rows = lait[lait["measure_code"].isin(list(wanted))]
    areas = geography.areas()
    rows = rows[rows["area_code"].isin(areas.index)]
    periods = rows["period"].map(academic_year_of)
    rows, periods = rows[periods.notna().to_numpy()], periods.dropna()
    pairs = rows["measure_code"].map(wanted)
    out = pd.DataFrame({column: np.nan for column in INDICATOR_COLUMNS}, index=rows.index).astype(object)
    out["indicator"] = [p[0] for p in pairs]
    out["category"] = [p[1] for p in pairs]
    out["breakdown"] = BREAKDOWN
    out["area_code"] = rows["area_code"].to_numpy(dtype=object)
    out["area_name"] = out["area_code"].map(areas["area_name"])
    out["area_type"] = out["area_code"].map(areas["area_type"])
    out["period"] = periods.to_numpy(dtype=object)
    for column in ("count", "denominator", "value", "lower_ci", "upper_ci", "confidence"):
        out[column] = np.nan
    out["value"] = rows["value"].to_numpy(dtype=float)
    out["unit"] = out["indicator"].map(lambda i: indicators.get(i).unit)
    out["method"] = "published"
    out["source"] = out["indicator"].map(lambda i: indicators.get(i).source)
    out["comparison"] = "not compared"
    out["note"] = rows["note"].to_numpy(dtype=object) if "note" in rows else np.nan
    # "2025" and "2025 (prov)" are one year: the later (revised) figure wins.
    out = out.assign(_prov=rows["period"].astype(str).str.contains("prov", case=False).to_numpy())
    out = out.sort_values("_prov").drop_duplicates(["indicator", "area_code", "period", "category"], keep="first")
    return out.drop(columns="_prov")[INDICATOR_COLUMNS].reset_index(drop=True)


def cohort_base(lait: pd.DataFrame, school_age: pd.Series) -> pd.Series:
    """An estimate of the pupils behind each outcome figure: one year group of residents times the group's share.

    The residents of one school year group are a fifteenth of the residents aged 4-18 (:func:`jsnakit.needs.national
    .school_age`); the shares of pupils with an EHC plan and on SEN support are LAIT's school-census percentages for
    the same area and academic year (the nearest earlier year when that one is missing, else the nearest later),
    times :data:`EARLY_SHARE` for the outcomes of reception and year 1; pupils with no identified SEN are the rest,
    and "All SEN" the two together. The estimate bounds the count behind a figure published without it
    (:func:`jsnakit.disclosure.withhold_uncounted`, whose margin covers the rest of the difference between a year
    group's shares and those of all pupils).

    Parameters
    ----------
    lait : pandas.DataFrame
        :func:`jsnakit.sources.lait.read_lait`.
    school_age : pandas.Series
        Residents aged 4-18 by ``(area_code, period)``.

    Returns
    -------
    pandas.Series
        Persons by ``(indicator, area_code, period, category)`` for the outcomes of :data:`OUTCOMES` and their SEN
        groups; empty without shares or residents.
    """
    index = pd.MultiIndex.from_tuples([], names=["indicator", "area_code", "period", "category"])
    shares = lait[lait["measure_code"].isin(list(_SHARES.values())) & lait["value"].notna()]
    if shares.empty or school_age.empty:
        return pd.Series(dtype=float, index=index)
    shares = shares.assign(period=shares["period"].map(academic_year_of)).dropna(subset=["period"])
    table = shares.pivot_table(index=["area_code", "period"], columns="measure_code", values="value", aggfunc="last")
    by_group = {group: table[code] if code in table else pd.Series(np.nan, index=table.index)
                for group, code in _SHARES.items()}
    wide = pd.DataFrame(by_group).reindex(school_age.index.union(table.index))
    # Each area's shares carried to years LAIT lacks: forward first (a later year's share is the nearer guess for a
    # year after the last census), then back.
    wide = wide.sort_index().groupby(level="area_code").transform(lambda c: c.ffill().bfill())
    year_group = school_age.reindex(wide.index) / _YEAR_GROUPS
    parts = []
    for outcome in OUTCOMES:
        scale = EARLY_SHARE if outcome.early else 1.0
        ehc, support = scale * wide["EHC plan"] / 100, scale * wide["SEN support"] / 100
        groups = {"EHC plan": ehc, "SEN support": support, NO_SEN: 1 - ehc - support, ALL_SEN: ehc + support}
        for group in outcome.codes:
            base = (year_group * groups[group]).dropna()
            parts.append(pd.Series(base.to_numpy(), index=pd.MultiIndex.from_arrays(
                [[outcome.indicator] * len(base), base.index.get_level_values(0), base.index.get_level_values(1),
                 [group] * len(base)], names=index.names)))
    return pd.concat(parts) if parts else pd.Series(dtype=float, index=index)


#: Columns of :func:`outcome_table`.
OUTCOME_TABLE_COLUMNS = ["indicator", "title", "unit", "stage", "period", "category", "area", "england", "region",
                         "neighbours", "rank", "of", "quartile", "gap", "england_gap", "note"]


def outcome_table(published, area_code: str, *, up_to: str | None = None,
                  neighbours: pd.DataFrame | None = None) -> pd.DataFrame:
    """The area's latest outcomes by SEN status against England, its region and its statistical neighbours.

    Parameters
    ----------
    published : Disclosed
        The published national frame (:func:`jsnakit.needs.profile.published`), or a slice of it: only figures that
        passed disclosure control are read (anything else is refused, DisclosureError).
    area_code : str
        GSS code or DfE number of an upper-tier local authority.
    up_to : str, optional
        An academic year (``"2023/24"``): each outcome's latest year at or before it (a factsheet made for an
        earlier year). Default: the latest.
    neighbours : pandas.DataFrame, optional
        DfE statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`): their median is shown.

    Returns
    -------
    pandas.DataFrame
        :data:`OUTCOME_TABLE_COLUMNS`, one row per outcome and SEN group in the order of :data:`OUTCOMES` and
        :data:`SEN_GROUPS`, for the latest academic year the area has a figure for that outcome: the area's value
        (NaN when withheld or not published), England's, the region's and the neighbours' median (of those with a
        figure), the area's rank among the local authorities whose figure passed disclosure control (1 = best, by the
        indicator's polarity) of ``of`` such LAs, its LAIT quartile band (A best to D) among them, the gap (the
        group's value minus that of pupils with no identified SEN, percentage points or score points) and England's
        gap. Empty when the frame has no outcome rows for the area.

    Raises
    ------
    NotHeldError
        When the frame holds the area's outcomes only after ``up_to``.

    References
    ----------
    DfE, Local Authority Interactive Tool (LAIT): ranks and quartile bands,
    https://www.gov.uk/government/publications/local-authority-interactive-tool-lait
    """
    frame = disclosure.require(published).frame
    code = geography.area(area_code)["area_code"]
    region = geography.area(code)["region_code"]
    wanted = [outcome.indicator for outcome in OUTCOMES]
    keep = ((frame["breakdown"] == BREAKDOWN) & frame["indicator"].isin(wanted)).to_numpy()
    rows = frame.loc[keep, ["indicator", "area_code", "area_type", "period", "category", "value", "note"]]
    if up_to is not None:
        earlier = (rows["period"].astype(str) <= str(up_to)).to_numpy()
        if (rows["area_code"] == code).any() and not (earlier & (rows["area_code"] == code).to_numpy()).any():
            name = geography.area(code)["area_name"]
            raise NotHeldError(f"the data folder holds no outcomes by SEN status for {name} ({code}) up to {up_to} "
                               f"(its earliest are of "
                               f"{rows.loc[rows['area_code'] == code, 'period'].astype(str).min()})")
        rows = rows[earlier]
    close = []
    if neighbours is not None:
        close = neighbours.loc[neighbours["area_code"] == code, "neighbour_code"].tolist()
    by_indicator = dict(tuple(rows.groupby("indicator", sort=False)))  # one pass, not one per outcome
    out = []
    for outcome in OUTCOMES:
        mine = by_indicator.get(outcome.indicator)
        if mine is None:
            continue
        # The latest year with a figure for the area, or withheld by disclosure control (shown as such).
        own = mine[(mine["area_code"] == code)
                   & (mine["value"].notna() | mine["note"].astype(str).str.startswith(_WITHHELD))]
        if own.empty:
            continue
        period = own["period"].max()
        now = mine[mine["period"] == period]
        spec = indicators.get(outcome.indicator)
        by_group = dict(tuple(now.groupby("category", sort=False)))
        values = {}
        for group in outcome.codes:
            mine_group = by_group.get(group, now.iloc[:0])
            codes = mine_group["area_code"].astype(str).to_numpy()
            figures = mine_group["value"].to_numpy(dtype=float, na_value=np.nan)
            at = dict(zip(codes, figures))
            is_la = mine_group["area_type"].isin(geography.LA_TYPES).to_numpy() & ~np.isnan(figures)
            las_codes, las_values = codes[is_la], figures[is_la]
            value = at.get(code, np.nan)
            rank = np.nan
            band = None
            if value == value and len(las_values):
                ranks = ranking.rank(las_values, ascending=spec.polarity == "low is good")
                rank = int(ranks[np.flatnonzero(las_codes == code)[0]])
                band = lait_quartile_band([value], polarity=_LAIT_POLARITY.get(spec.polarity, "no judgement"),
                                          reference=las_values)[0]
            near = [at.get(c, np.nan) for c in close]
            near = [v for v in near if v == v]
            note = mine_group["note"].to_numpy()[codes == code]
            values[group] = dict(area=value, england=at.get(geography.ENGLAND, np.nan),
                                 region=at.get(region, np.nan) if region else np.nan,
                                 neighbours=float(np.median(near)) if near else np.nan, rank=rank,
                                 of=len(las_values), quartile=band,
                                 note=note[0] if len(note) and note[0] == note[0] and note[0] is not None else None)
        for group, v in values.items():
            base = values.get(NO_SEN)
            gap = v["area"] - base["area"] if base and group != NO_SEN else np.nan
            england_gap = v["england"] - base["england"] if base and group != NO_SEN else np.nan
            out.append({"indicator": outcome.indicator, "title": spec.title, "unit": spec.unit,
                        "stage": outcome.stage, "period": period, "category": group, **v, "gap": gap,
                        "england_gap": england_gap})
    table = pd.DataFrame(out, columns=OUTCOME_TABLE_COLUMNS)
    return table
