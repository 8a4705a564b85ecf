"""Plain-English sentences written from disclosed figures: a factsheet's key messages and chart titles.

Everything here reads a :class:`jsnakit.disclosure.Disclosed` frame, so a suppressed figure can never reach the
text; where a figure is withheld the sentence says so. "Higher", "similar" and "lower" are statistical: the
benchmark lies below, inside or above the area's 95% confidence interval.
"""
from __future__ import annotations

import re

import pandas as pd

from . import disclosure, geography, indicators, methods
from .tables import format_value

__all__ = ["key_messages", "headline", "compared_words", "january", "methods_text"]

_WORDS = {"higher": "higher than", "similar": "similar to", "lower": "lower than"}


def compared_words(comparison: str) -> str:
    """``"higher"`` -> ``"significantly higher than"``; ``"similar"`` -> ``"similar to"``; else ``"not compared with"``."""
    if comparison in ("higher", "lower"):
        return "significantly " + _WORDS[comparison]
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
        a suppressed figure gives ``"suppressed: fewer than 5"``.
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
        comparisons.append(f"{compared_words(verdict)} {name} ({format_value(bench, spec.unit)}{unit})")
    return text + (", " + " and ".join(comparisons) if comparisons else "")


def key_messages(disclosed, area_code: str, *, period: str | None = None) -> list[str]:
    """Four to six plain-English key messages for an area's factsheet, from its disclosed profile.

    Parameters
    ----------
    disclosed : Disclosed
        The area's disclosed profile (:func:`jsnakit.profile.area_profile` then :func:`jsnakit.disclosure.apply`).
    area_code : str
        The area.
    period : str, optional
        The factsheet's period (``"2025/26"``): each sentence uses its indicator's latest period not after it
        (see :func:`jsnakit.profile.latest_period`). None: the latest of each.

    Returns
    -------
    list of str
        Sentences on EHC plans and SEN support among pupils, the leading primary need, the growth in EHC plans,
        plans per 10,000 aged 0-25 and 20-week timeliness, each only when the inputs hold it.
    """
    frame = disclosure.require(disclosed).frame
    area = geography.area(area_code)
    name, code = area["area_name"], area["area_code"]
    messages = []
    for indicator, what in [("ehc_pupils_pct", "of pupils had an EHC plan"),
                            ("sen_support_pct", "of pupils were on SEN support")]:
        period = _latest(frame, indicator, code, period)
        if period:
            sentence = headline(disclosed, indicator=indicator, area_code=code, period=period)
            if sentence[:1].isdigit():
                messages.append(f"In January {january(period)}, {_lead(sentence)} {what} in {name}{_tail(sentence)}.")
            else:
                messages.append(f"{indicators.get(indicator).title} in {name}, January {january(period)}: {sentence}.")
    period = _latest(frame, "ehc_need_share", code, period)
    if period:
        needs = frame[(frame["indicator"] == "ehc_need_share") & (frame["period"] == period)
                      & (frame["area_code"] == code)].dropna(subset=["value"])
        withheld = frame[(frame["indicator"] == "ehc_need_share") & (frame["period"] == period)
                         & (frame["area_code"] == code) & frame["value"].isna()]
        if len(needs):
            top = needs[needs["value"] == needs["value"].max()].sort_values("category")
            england = frame[(frame["indicator"] == "ehc_need_share") & (frame["period"] == period)
                            & (frame["area_code"] == geography.ENGLAND)].set_index("category")["value"].dropna()
            names = " and ".join(top["category"])
            verb = "were the most common primary needs" if len(top) > 1 else "was the most common primary need"
            share = format_value(top["value"].iloc[0], "%")
            tail = ""
            if len(top) == 1 and top["category"].iloc[0] in england.index:
                tail = f" (England: {format_value(england[top['category'].iloc[0]], '%')}%)"
            among = " (among the needs that can be published)" if len(withheld) else ""
            each = " each" if len(top) > 1 else ""
            messages.append(f"{names} {verb} of pupils with an EHC plan{among}, {share}% of them{each}{tail}.")
    plans = frame[(frame["indicator"] == "ehc_plans") & (frame["breakdown"] == "All")].dropna(subset=["value"])
    if period is not None:
        plans = plans[plans["period"] <= period]
    own = plans[plans["area_code"] == code].sort_values("period")
    if len(own) >= 2:
        first, last = own.iloc[0], own.iloc[-1]
        change = 100 * (last["value"] / first["value"] - 1)
        eng = plans[plans["area_code"] == geography.ENGLAND].set_index("period")["value"]
        eng_text = ""
        if first["period"] in eng.index and last["period"] in eng.index:
            eng_text = f"; in England by {100 * (eng[last['period']] / eng[first['period']] - 1):+.0f}%"
        messages.append(f"EHC plans maintained changed by {change:+.0f}% between January {january(first['period'])} "
                        f"and January {january(last['period'])}, from {first['value']:,.0f} to {last['value']:,.0f}"
                        f"{eng_text}.")
    period = _latest(frame, "ehc_plans_per_10k", code, period)
    sentence = headline(disclosed, indicator="ehc_plans_per_10k", area_code=code, period=period) if period else ""
    if sentence[:1].isdigit():
        messages.append(f"There were {_lead(sentence).removesuffix(' per 10,000')} EHC plans per 10,000 children "
                        f"and young people aged 0-25 in January {january(period)}{_tail(sentence)}.")
    period = _latest(frame, "ehc_20_weeks_pct", code, period)
    if period:
        sentence = headline(disclosed, indicator="ehc_20_weeks_pct", area_code=code, period=period)
    if period and not sentence[:1].isdigit():
        messages.append(f"New EHC plans issued within 20 weeks in {name}, {period}: {sentence}.")
    elif period:
        messages.append(f"{_lead(sentence)} of new EHC plans were issued within 20 weeks in "
                        f"{period}{_tail(sentence)}.")
    return messages


def _latest(frame: pd.DataFrame, indicator: str, code: str, up_to: str | None) -> str | None:
    """The latest period with a row (withheld or not: a withheld figure is reported as such) for the area."""
    periods = frame.loc[(frame["indicator"] == indicator) & (frame["area_code"] == code), "period"]
    if up_to is not None:
        periods = periods[periods <= up_to]
    return sorted(periods.unique())[-1] if len(periods) else None


def january(period: str) -> str:
    """The January a period's count was taken: ``"2024/25"`` -> ``"2025"`` (the January of an academic year); calendar years unchanged."""
    return str(int(period[:4]) + 1) if "/" in str(period) else str(period)


_CI = re.compile(r" \(\d+(?:\.\d+)?% CI")


def _lead(sentence: str) -> str:
    return _CI.split(sentence, maxsplit=1)[0]


def _tail(sentence: str) -> str:
    match = _CI.search(sentence)
    if not match:
        return ""
    ci, _, comparisons = sentence[match.end():].partition(")")
    return f"{match.group(0)}{ci})" + comparisons


def methods_text(catalog, disclosed) -> str:
    """The factsheet's "Data, methods and caveats" section as Markdown.

    Parameters
    ----------
    catalog : jsnakit.catalog.Catalog
        The inputs (each file is listed with its publication and the first 12 characters of its SHA-256).
    disclosed : Disclosed
        The factsheet's disclosed profile (its rules are stated).

    Returns
    -------
    str
        Markdown: sources, methods with references, the disclosure rule, and a notice about the data folder when it
        holds a ``NOTICE.md`` (the sample data say there that they are synthetic).
    """
    disclosure.require(disclosed)
    lines = ["**Sources.**", ""]
    for row in catalog.files().itertuples():
        lines.append(f"- {row.title}: `{row.path}` (sha256 {row.sha256[:12]})")
    lines += [
        "",
        "**Methods.** Percentages of pupils come from the January school census; their 95% confidence intervals use "
        "the Wilson score method (Wilson EB 1927, doi:10.1080/01621459.1927.10502953). EHC plans per 10,000 residents "
        "aged 0-25 divide the SEN2 caseload in January by the ONS mid-year estimate of the previous June; their "
        "intervals use Byar's method (Breslow NE, Day NE 1987), exact Poisson limits below 10 events. An area is "
        "*higher* or *lower* than England when England's value lies outside the area's 95% confidence interval, "
        "*similar* otherwise (the Fingertips one-level comparison; polarity: no judgement). Statistical neighbours "
        "are the DfE children's services statistical neighbours.",
        "",
        f"**Disclosure control.** {disclosed.rules.describe()} Zero counts are shown.",
        "",
        "**Not covered yet.** Outcomes, health service measures, high-needs finance, demand projection and provision "
        "gaps.",
    ]
    notice = catalog.data_dir / "NOTICE.md"
    if notice.is_file():
        lines += ["", "**About these data.** " + notice.read_text(encoding="utf-8").strip()]
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
    from . import gaps
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
