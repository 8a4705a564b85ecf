"""The first screen of a factsheet, "at a glance": the area's headline figures as tiles (:func:`tiles_html`) and the
findings that matter most, each linked to the section that shows its figures (:func:`top_findings`,
:func:`findings_html`). The spine chart beside them is :mod:`jsnakit.render.spine`.

Tiles are read from the standing table (:func:`jsnakit.needs.profile.standing`, which reads only disclosed figures):
a withheld figure's tile says so, never a number. Findings are the key messages of
:func:`jsnakit.render.narrative.findings`.
"""
from __future__ import annotations

import html

import pandas as pd

from ..core import indicators
from .formatting import with_unit

__all__ = ["tiles_html", "top_findings", "findings_html", "FINDING_ORDER", "TILE_INDICATORS", "anchor"]

#: The sections a first page draws its findings from, most important first: one finding from each before any second.
FINDING_ORDER = ("prevalence", "trend", "process", "outcomes", "need")
#: Indicators shown as tiles, in order (those the standing table holds).
TILE_INDICATORS = ("ehc_pupils_pct", "sen_support_pct", "ehc_plans_per_10k", "ehc_20_weeks_pct",
                   "ehc_requests_agreed_pct")
#: Section of each tile's indicator.
_TILE_SECTION = {"ehc_pupils_pct": "prevalence", "sen_support_pct": "prevalence", "ehc_plans_per_10k": "prevalence",
                 "ehc_20_weeks_pct": "process", "ehc_requests_agreed_pct": "process",
                 "new_ehc_plans_per_10k": "process"}
_COMPARED = {"higher": "higher than England", "similar": "similar to England", "lower": "lower than England"}
_ARROW = {"higher": "▲", "similar": "●", "lower": "▼"}


def anchor(section: str) -> str:
    """The ``id`` of a factsheet section's anchor: ``"section-prevalence"``.

    Parameters
    ----------
    section : str
        A key of :data:`jsnakit.factsheets.sections.SECTIONS`.

    Returns
    -------
    str

    Examples
    --------
    >>> anchor("process")
    'section-process'
    """
    return f"section-{section}"


def tiles_html(standing: pd.DataFrame, *, limit: int = 5) -> str:
    """The headline figures as tiles: value, what it is, its period and how it compares with England.

    Parameters
    ----------
    standing : pandas.DataFrame
        The area's standing table (:func:`jsnakit.needs.profile.standing`).
    limit : int, default 5
        Most tiles.

    Returns
    -------
    str
        A ``<ul class="jsnakit-tiles">`` of tiles, each a link to its section; '' when there is none.

    Examples
    --------
    >>> row = {"indicator": "ehc_pupils_pct", "period": "2025/26", "value": 7.51, "comparison": "higher",
    ...        "england": 5.99, "note": None}
    >>> "7.5%" in tiles_html(pd.DataFrame([row]))
    True
    """
    rows = standing.set_index("indicator")
    items = []
    for indicator in TILE_INDICATORS:
        if indicator not in rows.index or len(items) >= limit:
            continue
        r = rows.loc[indicator]
        spec = indicators.get(indicator)
        value = with_unit(r["value"], spec.unit) if r["value"] == r["value"] else "withheld"
        if r["comparison"] in _COMPARED:
            words = _COMPARED[r["comparison"]]
            england = f" ({with_unit(r['england'], spec.unit)})" if r["england"] == r["england"] else ""
        elif r["value"] == r["value"] and r["england"] == r["england"]:  # published without its count: no test
            words, england = f"England {with_unit(r['england'], spec.unit)}", " (no count published: not tested)"
        else:
            words, england = "not compared with England", ""
        arrow = _ARROW.get(r["comparison"], "")
        items.append(
            f'<li class="jsnakit-tile"><a href="#{anchor(_TILE_SECTION.get(indicator, "standing"))}">'
            f'<span class="jsnakit-tile-value">{html.escape(value)}</span>'
            f'<span class="jsnakit-tile-title">{html.escape(spec.title)}, {html.escape(str(r["period"]))}</span>'
            f'<span class="jsnakit-tile-compare">{arrow} {html.escape(words + england)}</span></a></li>')
    return f'<ul class="jsnakit-tiles">{"".join(items)}</ul>' if items else ""


def top_findings(findings: list[tuple[str, str]], *, limit: int = 5) -> list[tuple[str, str]]:
    """The findings that matter most: one from each section of :data:`FINDING_ORDER` in turn, then the rest in
    their order, at most ``limit``.

    Parameters
    ----------
    findings : list of (str, str)
        ``(section, sentence)`` of :func:`jsnakit.render.narrative.findings`.
    limit : int, default 5

    Returns
    -------
    list of (str, str)
        In the order they were given (that of the key messages).

    Examples
    --------
    >>> top_findings([("prevalence", "a"), ("prevalence", "b"), ("need", "c"), ("trend", "d")], limit=3)
    [('prevalence', 'a'), ('need', 'c'), ('trend', 'd')]
    """
    chosen = []
    for section in FINDING_ORDER:
        first = next((f for f in findings if f[0] == section), None)
        if first is not None:
            chosen.append(first)
    chosen += [f for f in findings if f not in chosen]
    chosen = chosen[:limit]
    return [f for f in findings if f in chosen]


def findings_html(findings: list[tuple[str, str]], *, titles: dict | None = None) -> str:
    """An ordered list of findings, each linked to its section.

    Parameters
    ----------
    findings : list of (str, str)
        ``(section, sentence)``, as :func:`top_findings` gives them.
    titles : dict, optional
        The words of each section's link (``{"process": "The EHC needs assessment process"}``); default the key.

    Returns
    -------
    str
        ``<ol class="jsnakit-findings">``; '' when there is none.

    Examples
    --------
    >>> findings_html([("need", "Autism was the most common primary need.")], titles={"need": "Primary need"})
    '<ol class="jsnakit-findings"><li>Autism was the most common primary need. <a href="#section-need">See Primary \
need</a></li></ol>'
    """
    titles = titles or {}
    items = [f'<li>{html.escape(sentence)} <a href="#{anchor(section)}">'
             f"See {html.escape(titles.get(section, section))}</a></li>" for section, sentence in findings]
    return f'<ol class="jsnakit-findings">{"".join(items)}</ol>' if items else ""

