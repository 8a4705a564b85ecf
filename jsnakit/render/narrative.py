"""Plain-English sentences written from disclosed figures: a factsheet's key messages and chart titles.

Everything here reads a :class:`jsnakit.disclosure.Disclosed` frame, so a suppressed figure can never reach the
text; where a figure is withheld the sentence says so. "Higher", "similar" and "lower" are statistical: the
benchmark lies below, inside or above the area's 95% confidence interval.
"""
from __future__ import annotations

import re

import pandas as pd

from .. import disclosure
from ..core import geography, indicators
from ..core.errors import NotHeldError
from ..stats import methods
from ..catalog import SOURCES
from ..catalog.publications import publications_used
from ..needs.outcomes import BREAKDOWN as OUTCOME_BREAKDOWN, outcome_table
from .formatting import format_value
from .outcome_charts import headline_gap

__all__ = ["key_messages", "findings", "headline", "compared_words", "january", "methods_text", "plans_counted",
           "population_note",
           "sources_of", "gap_messages"]

_WORDS = {"higher": "higher than", "similar": "similar to", "lower": "lower than"}


def compared_words(comparison: str, polarity: str = "no judgement") -> str:
    """``"higher"`` -> ``"significantly higher than"``; ``"similar"`` -> ``"similar to"``; else ``"not compared with"``.

    For an indicator with a polarity the words say whether that is better or worse.

    Examples
    --------
    >>> compared_words("higher"), compared_words("lower", "high is good")
    ('significantly higher than', 'significantly lower (worse) than')
    """
    if comparison in ("higher", "lower"):
        verdict = indicators.judgement(comparison, polarity)
        judged = f" ({verdict})" if verdict else ""
        return f"significantly {comparison}{judged} than"
    return _WORDS.get(comparison, "not compared with")


def headline(disclosed, *, indicator: str, area_code: str, period: str, breakdown: str = "All",
             category: str = "All") -> str:
    """One sentence: the area's value with its 95% CI, compared with England and with its region.

    Parameters
    ----------
    disclosed : Disclosed
        Disclosed indicator frame holding the area, its region and England.
    indicator, area_code, period, breakdown, category : str
        Which figure.

    Returns
    -------
    str
        E.g. ``"6.1% (95% CI 5.8% to 6.4%), significantly higher than England (6.0%) and similar to London (6.2%)"``;
        a suppressed figure gives ``"suppressed to protect small counts"``.
    """
    frame = disclosure.require(disclosed).frame
    spec = indicators.get(indicator)
    area = geography.area(area_code)
    rows = frame[(frame["indicator"] == indicator) & (frame["period"] == period)
                 & (frame["breakdown"] == breakdown) & (frame["category"] == category)].set_index("area_code")
    if area["area_code"] not in rows.index:
        return "not available"
    own = rows.loc[area["area_code"]]
    if pd.isna(own["value"]):
        return disclosure.describe_note(own["note"], disclosed.rules) or "not available"
    unit = "%" if spec.unit == "%" else f" {spec.unit}"
    if pd.isna(own["lower_ci"]) or pd.isna(own["upper_ci"]):  # published without its count (LAIT): no interval, no test
        benches = [f"{geography.area(c)['area_name']} {format_value(rows.loc[c, 'value'], spec.unit)}{unit}"
                   for c in (geography.ENGLAND, area["region_code"])
                   if c and c != area["area_code"] and c in rows.index and pd.notna(rows.loc[c, "value"])]
        tail = f" (published without its count, so not tested for significance; {', '.join(benches)})" if benches \
            else " (published without its count: no confidence interval)"
        return f"{format_value(own['value'], spec.unit)}{unit}{tail}"
    level = f"{100 * own['confidence']:g}%" if pd.notna(own["confidence"]) else "95%"
    text = (f"{format_value(own['value'], spec.unit)}{unit} ({level} CI {format_value(own['lower_ci'], spec.unit)}{unit} "
            f"to {format_value(own['upper_ci'], spec.unit)}{unit})")
    comparisons = []
    for code in (geography.ENGLAND, area["region_code"]):
        if not code or code == area["area_code"] or code not in rows.index or pd.isna(rows.loc[code, "value"]):
            continue
        bench = rows.loc[code, "value"]
        verdict = methods.compare(own["value"], own["lower_ci"], own["upper_ci"], bench).item()
        name = geography.area(code)["area_name"]
        comparisons.append(f"{compared_words(verdict, spec.polarity)} {name} ({format_value(bench, spec.unit)}{unit})")
    return text + (", " + " and ".join(comparisons) if comparisons else "")


def key_messages(disclosed, area_code: str, *, period: str | None = None) -> list[str]:
    """Four to six plain-English key messages for an area's factsheet, from its disclosed profile.

    The sentences of :func:`findings`, without their sections.

    Parameters
    ----------
    disclosed : Disclosed
        The area's disclosed profile (:func:`jsnakit.needs.profile.area_profile` then :func:`jsnakit.disclosure.apply`).
    area_code : str
        The area.
    period : str, optional
        The factsheet's period (``"2025/26"``): each sentence uses its indicator's latest period not after it
        (see :func:`jsnakit.needs.profile.latest_period`). None: the latest of each.

    Returns
    -------
    list of str
        Sentences on EHC plans and SEN support among pupils, the leading primary need, the growth in EHC plans,
        plans per 10,000 aged 0-25, 20-week timeliness, the requests for an EHC needs assessment agreed, and the
        outcome gap between pupils with an EHC plan and those
        with no identified SEN (:func:`jsnakit.render.outcome_charts.headline_gap`), each only when the inputs hold
        it.
    """
    return [sentence for _, sentence in findings(disclosed, area_code, period=period)]


def findings(disclosed, area_code: str, *, period: str | None = None) -> list[tuple[str, str]]:
    """The key messages of :func:`key_messages`, each with the factsheet section that shows its figures.

    Parameters
    ----------
    disclosed : Disclosed
        As :func:`key_messages`.
    area_code : str
        The area.
    period : str, optional
        As :func:`key_messages`.

    Returns
    -------
    list of (str, str)
        ``(section, sentence)``, in the order of :func:`key_messages`; ``section`` a key of
        :data:`jsnakit.factsheets.sections.SECTIONS` (``"prevalence"``, ``"need"``, ``"trend"``, ``"process"``,
        ``"outcomes"``).
    """
    frame = disclosure.require(disclosed).frame
    area = geography.area(area_code)
    name, code = area["area_name"], area["area_code"]
    up_to = period  # each sentence its indicator's latest period up to the factsheet's, as the tables show
    messages = []

    def add(section, sentence):
        messages.append((section, sentence))

    for indicator, what in [("ehc_pupils_pct", "of pupils had an EHC plan"),
                            ("sen_support_pct", "of pupils were on SEN support")]:
        period = _latest(frame, indicator, code, up_to)
        if period:
            sentence = headline(disclosed, indicator=indicator, area_code=code, period=period)
            if sentence[:1].isdigit():
                add("prevalence",
                    f"In January {january(period)}, {_lead(sentence)} {what} in {name}{_tail(sentence)}.")
            else:
                add("prevalence",
                    f"{indicators.get(indicator).title} in {name}, January {january(period)}: {sentence}.")
    need = "ehc_need_share" if _latest(frame, "ehc_need_share", code, up_to) else "ehc_plan_need_share"
    whose = "pupils with an EHC plan" if need == "ehc_need_share" else "EHC plans"
    period = _latest(frame, need, code, up_to)
    if period:
        needs = frame[(frame["indicator"] == need) & (frame["period"] == period)
                      & (frame["area_code"] == code)].dropna(subset=["value"])
        withheld = frame[(frame["indicator"] == need) & (frame["period"] == period)
                         & (frame["area_code"] == code) & frame["value"].isna()]
        if len(needs):
            top = needs[needs["value"] == needs["value"].max()].sort_values("category")
            england = frame[(frame["indicator"] == need) & (frame["period"] == period)
                            & (frame["area_code"] == geography.ENGLAND)].set_index("category")["value"].dropna()
            names = " and ".join(top["category"])
            verb = "were the most common primary needs" if len(top) > 1 else "was the most common primary need"
            share = format_value(top["value"].iloc[0], "%")
            tail = ""
            if len(top) == 1 and top["category"].iloc[0] in england.index:
                tail = f" (England: {format_value(england[top['category'].iloc[0]], '%')}%)"
            among = " (among the needs that can be published)" if len(withheld) else ""
            each = " each" if len(top) > 1 else ""
            add("need", f"{names} {verb} of {whose}{among} in January {january(period)}, {share}% of "
                            f"them{each}{tail}.")
    plans = frame[(frame["indicator"] == "ehc_plans") & (frame["breakdown"] == "All")].dropna(subset=["value"])
    if up_to is not None:
        plans = plans[plans["period"] <= up_to]
    own = plans[plans["area_code"] == code].sort_values("period")
    if len(own) >= 2:
        first, last = own.iloc[0], own.iloc[-1]
        change = 100 * (last["value"] / first["value"] - 1)
        eng = plans[plans["area_code"] == geography.ENGLAND].set_index("period")["value"]
        eng_text = ""
        if first["period"] in eng.index and last["period"] in eng.index:
            eng_text = f"; in England by {100 * (eng[last['period']] / eng[first['period']] - 1):+.0f}%"
        counted = plans_counted(first["period"])
        add("trend", f"{counted[:1].upper() + counted[1:]} changed by {change:+.0f}% between January "
                        f"{january(first['period'])} and January {january(last['period'])}, from "
                        f"{first['value']:,.0f} to {last['value']:,.0f}{eng_text}.")
    period = _latest(frame, "ehc_plans_per_10k", code, up_to)
    sentence = headline(disclosed, indicator="ehc_plans_per_10k", area_code=code, period=period) if period else ""
    if sentence[:1].isdigit():
        rows = frame[(frame["indicator"] == "ehc_plans_per_10k") & (frame["period"] == period)
                     & (frame["area_code"] == code) & (frame["breakdown"] == "All")]
        mid = _mid_year(rows["source"].iloc[0]) if len(rows) else None
        residents = f" (residents at mid-{mid[0]})" if mid else ""
        add("prevalence", f"There were {_lead(sentence).removesuffix(' per 10,000')} EHC plans per 10,000 children "
                        f"and young people aged 0-25{residents} in January {january(period)}{_tail(sentence)}.")
    period = _latest(frame, "ehc_20_weeks_pct", code, _calendar(up_to))
    if period:
        sentence = headline(disclosed, indicator="ehc_20_weeks_pct", area_code=code, period=period)
    if period and not sentence[:1].isdigit():
        add("process", f"New EHC plans issued within 20 weeks in {name}, {period}: {sentence}.")
    elif period:
        add("process", f"{_lead(sentence)} of new EHC plans were issued within 20 weeks in "
                        f"{period}{_tail(sentence)}.")
    period = _latest(frame, "ehc_requests_agreed_pct", code, _calendar(up_to))
    if period:  # the EHC needs assessment process: how many requests the area agreed to assess
        rows = frame[(frame["indicator"] == "ehc_requests_agreed_pct") & (frame["period"] == period)
                     & (frame["breakdown"] == "All")].set_index("area_code")
        own = rows.loc[code] if code in rows.index else None
        if own is not None and own["value"] == own["value"] and own["denominator"] == own["denominator"]:
            england = rows["value"].get(geography.ENGLAND, float("nan"))
            versus = f" (England {format_value(england, '%', decimals=0)}%)" if england == england else ""
            add("process", f"{name} agreed to assess {format_value(own['value'], '%', decimals=0)}% of the "
                            f"{own['denominator']:,.0f} requests for an EHC needs assessment it received in "
                            f"{period}{versus}.")
    if (frame["breakdown"] == OUTCOME_BREAKDOWN).any():  # the outcome gap commissioners are asked to close
        try:
            gap = headline_gap(outcome_table(disclosed, code, up_to=up_to), name)
        except NotHeldError:  # the area's outcomes are all of later years than the factsheet's
            gap = None
        if gap:
            add("outcomes", gap)
    return messages


def _latest(frame: pd.DataFrame, indicator: str, code: str, up_to: str | None) -> str | None:
    """The latest period with a row (withheld or not: a withheld figure is reported as such) for the area."""
    periods = frame.loc[(frame["indicator"] == indicator) & (frame["area_code"] == code), "period"]
    if up_to is not None:
        periods = periods[periods <= up_to]
    return sorted(periods.unique())[-1] if len(periods) else None


def _calendar(up_to: str | None) -> str | None:
    """The last calendar year a factsheet for ``up_to`` reports: ``"2024/25"`` -> ``"2024"`` (the calendar year
    before its January), so calendar-year figures stop where the tables of that factsheet stop."""
    if up_to is None or "/" not in str(up_to):
        return up_to
    return str(up_to)[:4]


def plans_counted(first_period: str) -> str:
    """What SEN2's caseload counts over a series starting in ``first_period``.

    Before the Children and Families Act 2014 took effect (1 September 2014) SEN2 counted statements of SEN; from
    January 2015 to the end of the transfer (31 March 2018) it counted statements and EHC plans together; since
    January 2019, EHC plans only.

    Examples
    --------
    >>> plans_counted("2009/10")
    'statements of SEN and EHC plans maintained (statements only before the 2014 reforms; both until the transfer to EHC
    plans ended in 2018)'
    >>> plans_counted("2018/19")
    'EHC plans maintained'
    """
    january_year = int(january(first_period)) if str(first_period)[:4].isdigit() else 9999
    if january_year < 2015:
        return ("statements of SEN and EHC plans maintained (statements only before the 2014 reforms; both until the "
                "transfer to EHC plans ended in 2018)")
    if january_year < 2019:
        return "statements of SEN and EHC plans maintained (both until the transfer to EHC plans ended in 2018)"
    return "EHC plans maintained"


def population_note(disclosed, area_code: str) -> str:
    """Which ONS mid-year estimate is the denominator of the area's rate, in words (from the row's ``source``).

    Parameters
    ----------
    disclosed : Disclosed
        Rows of a per-10,000 indicator holding the area.
    area_code : str
        The area.

    Returns
    -------
    str
        E.g. ``"ONS mid-year estimate, mid-2021 (the latest the data folder holds up to mid-2024)"``; "" when the
        area has no row.

    Examples
    --------
    >>> from jsnakit.core import schema
    >>> row = schema.empty().reindex(range(1)).assign(
    ...     indicator="ehc_plans_per_10k", area_code="E09000019", period="2024/25", breakdown="All", category="All",
    ...     count=2119.0, denominator=65082.0, value=325.6, unit="per 10,000", comparison="not compared",
    ...     source="DfE SEN2; ONS mid-year estimates, mid-2021 (the latest the data folder holds up to mid-2024)")
    >>> population_note(disclosure.apply(row), "E09000019")
    'ONS mid-year estimate, mid-2021 (the latest the data folder holds up to mid-2024)'
    >>> sources_of(disclosure.apply(row), "ehc_plans_per_10k")
    'DfE SEN2; ONS mid-year estimates'
    """
    frame = disclosure.require(disclosed).frame
    code = geography.area(area_code)["area_code"]
    rows = frame[frame["area_code"] == code]
    if rows.empty or pd.isna(rows["source"].iloc[0]):
        return ""
    mid = _mid_year(rows["source"].iloc[0])
    return f"ONS mid-year estimate, mid-{mid[0]}{mid[1]}" if mid else str(rows["source"].iloc[0])


def sources_of(disclosed, indicator: str, area_code: str | None = None) -> str:
    """The sources of an indicator's rows (for one area, or all rows), joined: what a caption cites.

    Parameters
    ----------
    disclosed : Disclosed
        A disclosed indicator frame.
    indicator : str
        Indicator id.
    area_code : str, optional
        Only this area's rows.

    Returns
    -------
    str
        The distinct ``source`` texts, in order of first appearance, joined by "; "; the catalogue's source when
        the rows carry none.
    """
    frame = disclosure.require(disclosed).frame
    rows = frame[frame["indicator"] == indicator]
    if area_code is not None:
        rows = rows[rows["area_code"] == geography.area(area_code)["area_code"]]
    texts = list(dict.fromkeys(_MID_YEAR.sub("", str(t)) for t in rows["source"].dropna()))
    return "; ".join(texts) or indicators.get(indicator).source


#: The population estimate a rate's ``source`` names (``..., mid-2021 (the latest the data folder holds ...)``).
_MID_YEAR = re.compile(r", mid-(\d{4})(.*)$")


def _mid_year(source) -> tuple[str, str] | None:
    """The mid-year a rate's ``source`` names and what follows it, or None."""
    match = _MID_YEAR.search(str(source))
    return (match.group(1), match.group(2)) if match else None


def january(period: str) -> str:
    """The January a period's count was taken: ``"2024/25"`` -> ``"2025"`` (the January of an academic year);
    calendar years unchanged.

    Examples
    --------
    >>> january("2024/25"), january("2024")
    ('2025', '2024')
    """
    return str(int(period[:4]) + 1) if "/" in str(period) else str(period)


_CI = re.compile(r" \((?:\d+(?:\.\d+)?% CI|published without)")


def _lead(sentence: str) -> str:
    return _CI.split(sentence, maxsplit=1)[0]


def _tail(sentence: str) -> str:
    match = _CI.search(sentence)
    if not match:
        return ""
    ci, _, comparisons = sentence[match.end():].partition(")")
    return f"{match.group(0)}{ci})" + comparisons


def methods_text(catalog, disclosed, *, area_code: str | None = None) -> str:
    """The factsheet's "Data, methods and caveats" section as Markdown.

    Parameters
    ----------
    catalog : jsnakit.catalog.Catalog
        The inputs, listed by publication (:func:`jsnakit.catalog.publications.publications_used`: its publisher,
        public page, file names and the latest period its figures reach); file paths and hashes are left to the
        analyst's :meth:`~jsnakit.catalog.Catalog.files`.
    disclosed : Disclosed
        The factsheet's disclosed profile (its rules are stated).
    area_code : str, optional
        The factsheet's area: another area's Local Offer or register is not listed.

    Returns
    -------
    str
        Markdown: sources, methods with references, the disclosure rule, and a notice about the data folder when it
        holds a ``NOTICE.md`` (the sample data say there that they are synthetic).
    """
    disclosure.require(disclosed)
    lines = ["**Sources.** Every figure comes from these publications (the files in the data folder, and the latest "
             "period their figures reach):", "",
             "| Publication | Publisher | Files | Figures up to |", "|---|---|---|---|"]
    for row in publications_used(catalog, area_code=area_code).itertuples():
        name = f"[{row.publication}]({row.page})" if row.page else row.publication
        lines.append(f"| {name} | {row.publisher} | {row.files.replace('|', '/')} | {row.up_to} |")
    lines += [
        "",
        "**Methods.** Percentages of pupils come from the January school census; their 95% confidence intervals use "
        "the Wilson score method (Wilson EB 1927, doi:10.1080/01621459.1927.10502953). EHC plans per 10,000 residents "
        "aged 0-25 divide the SEN2 caseload in January by the ONS mid-year estimate of the previous June; their "
        "intervals use Byar's method (Breslow NE, Day NE 1987), exact Poisson limits below 10 events. An area is "
        "*higher* or *lower* than England when England's value lies outside the area's 95% confidence interval, "
        "*similar* otherwise (the Fingertips one-level comparison). For SEND a higher figure is neither better nor "
        "worse, except 20-week timeliness, where higher is better (its comparisons and quarters say so). "
        "Statistical neighbours "
        "are the DfE children's services statistical neighbours.",
        "",
        f"**Disclosure control.** {disclosed.rules.describe()} Zero counts are shown.",
        "",
        "**Series and definitions.** Before the Children and Families Act 2014 took effect, SEN2 counted statements of "
        "SEN; from January 2015 until the transfer ended in 2018 it counted statements and EHC plans together, so a "
        "series starting before 2015 compares statements with plans. Requests agreed are DfE's: requests the local "
        "authority decided to assess, as a percentage of the requests received in the calendar year. Where the "
        "school census's local authority files are not in the data folder, the percentages of pupils are those DfE "
        "re-publishes in LAIT, which gives no counts: they have no confidence interval and are not tested against "
        "England. Where the folder holds no population estimate for the mid-year before a January, rates use the "
        "latest earlier estimate it holds, as each table says.",
        "",
        "**Not covered yet.** Health service measures (such as autism assessment waits), high-needs finance, "
        "personal budgets, suspensions and absence by SEN at local authority level (LAIT does not publish them), "
        "and lived experience.",
    ]
    from ..needs import profile

    unreadable = profile.unusable(catalog)
    if unreadable:
        files = "; ".join(f"{SOURCES[name].title} ({', '.join(p.name for p in catalog.paths(name))})"
                          for name in unreadable)
        lines += ["", f"**Files left out.** These files could not be read, so the figures built on them are not in "
                      f"this factsheet: {files}. `jsnakit data check` lists each problem (file, row and column)."]
    notice = catalog.notice()
    if notice:
        lines += ["", "**About these data.** " + notice]
    return "\n".join(lines)


def gap_messages(analysis, *, far_km: float | None = None) -> list[str]:
    """Plain-English findings of a gap analysis: which needs at which ages have no service, the shortfall in places
    now and at the last projection year, the needs growing past their places, the services one partner commissions
    alone where joint commissioning is expected, and the needs whose services are far from where children live.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse`.
    far_km : float, optional
        Distance (km) counted as far (default :data:`jsnakit.gaps.FAR_KM`).

    Returns
    -------
    list of str
        One sentence per finding, most important first; a single "no gaps found" sentence when there are none.
    """
    from ..gaps import analysis as gaps
    result = gaps.require(analysis)
    far_km = gaps.FAR_KM if far_km is None else far_km
    messages = []
    holes = result.gaps()
    if len(holes):
        parts = []
        for need, part in holes.groupby("need", sort=False):
            plans = part["plans"].sum(min_count=1)
            count = "" if pd.isna(plans) or part["plans"].isna().any() else f", {plans:,.0f} with a plan"
            parts.append(f"{need} aged {_and(part['age_band'].tolist())}{count}")
        messages.append("No commissioned service names these needs at these ages: " + "; ".join(parts) + ".")
    capacity = result.capacity
    external = capacity[capacity["benchmark"].notna() & (capacity["benchmark"] != "today's ratio")
                        & (capacity["need"] == "All")]
    for service_type, part in external.groupby("service_type", sort=True):
        now = part[part["kind"] == "published"]
        if now.empty or pd.isna(now["shortfall"].iloc[0]):
            continue
        now = now.iloc[0]
        label = gaps.describe_service_type(service_type)
        verdict = (f"{now['shortfall']:,.0f} places short of" if now["shortfall"] >= 0.5 else
                   f"{-now['shortfall']:,.0f} places above" if now["shortfall"] <= -0.5 else "level with")
        text = (f"{label}: {now['capacity']:,.0f} {now['capacity_unit']} for {now['plans']:,.0f} children and young "
                f"people with an EHC plan in January {january(now['period'])}, {now['per_100']:.1f} per 100, "
                f"{verdict} {now['benchmark_per_100']:.1f} per 100 ({now['benchmark']})")
        later = part[part["kind"] == "projected"]
        if len(later) and pd.notna(later["shortfall"].iloc[-1]):
            last = later.iloc[-1]
            gap = last["shortfall"]
            words = f"{gap:,.0f} places short" if gap >= 0.5 else f"{-gap:,.0f} places to spare" if gap <= -0.5 \
                else "level"
            text += (f"; with plans projected at {last['plans']:,.0f} in January {january(last['period'])}, "
                     f"{words} (shortfall {last['shortfall_lower']:+,.0f} to {last['shortfall_upper']:+,.0f}, "
                     f"95% interval) if no places are added")
        messages.append(text + ".")
    growing = capacity[(capacity["kind"] == "projected") & (capacity["need"] != "All")
                       & (capacity["benchmark"] == "today's ratio") & (capacity["capacity_unit"] == "places")]
    if len(growing):
        last = growing[growing["period"] == max(growing["period"], key=lambda p: p[:4])]
        last = last[last["shortfall"] >= 0.5].sort_values("shortfall", ascending=False).head(3)
        if len(last):
            items = [f"{rec['need']} in {_lower_first(gaps.describe_service_type(rec['service_type']))} "
                     f"({rec['shortfall']:,.0f} more {rec['capacity_unit']})" for rec in last.to_dict("records")]
            messages.append(f"To keep today's places per 100 children with each need as the projected number grows, "
                            f"the most would be needed by January {january(last['period'].iloc[0])} for "
                            + "; ".join(items) + ".")
    scarce = result.scarce_places()
    if len(scarce):
        items = [f"{rec['need']} ({rec['places']:,.0f} places for {rec['plans']:,.0f} children with a plan, "
                 f"{rec['per_100']:.1f} per 100)" for rec in scarce.to_dict("records")]
        messages.append(f"Specialist places (special schools and resourced provision) are scarce for some needs "
                        f"against {scarce['all_per_100'].iloc[0]:.1f} per 100 for all needs: " + "; ".join(items) + ".")
    single = result.single_partner()
    if len(single):
        by_type = single.groupby(["service_type", "partner"], sort=True)["need"].agg(list)
        items = [f"{gaps.describe_service_type(t)} by {gaps.describe_partner(p)} alone "
                 f"({len(needs)} need{'s' if len(needs) > 1 else ''})" for (t, p), needs in by_type.items()]
        messages.append("The Code of Practice expects these to be commissioned jointly, but one partner commissions "
                        "them alone: " + "; ".join(items) + ".")
    if result.distance is not None:
        summary = gaps.distance_summary(result.distance, far_km=far_km).dropna(subset=["far_pct"])
        remote = summary[summary["far_pct"] >= 20].sort_values("far_pct", ascending=False).head(3)
        if len(remote):
            items = [f"{rec['need']} ({rec['far_pct']:.0f}%)" for rec in remote.to_dict("records")]
            messages.append(f"Residents aged 0-24 living {far_km:.0f} km or more (straight line) from the nearest "
                            f"service naming their need: " + "; ".join(items) + ".")
    if not messages:
        messages.append("Every need with children on EHC plans has a named service at every age, and no benchmarked "
                        "service is short of places.")
    return messages


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("CAMHS")."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() else text[:1].lower() + text[1:]


def _and(items: list) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
