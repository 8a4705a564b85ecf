"""How a disclosed frame and a gap analysis show themselves in a notebook: registered with :mod:`jsnakit.core.views`
when :mod:`jsnakit.render` is imported (the objects live in layers below, which cannot import this one)."""
from __future__ import annotations

import html

from ..core import views
from ..disclosure import Disclosed
from ..gaps import GapAnalysis
from . import narrative, tables

__all__ = ["gap_analysis_html", "register"]


def gap_analysis_html(analysis: GapAnalysis) -> str:
    """A gap analysis in a notebook: its findings (:func:`jsnakit.render.narrative.gap_messages`) and the coverage
    matrix (:func:`jsnakit.render.tables.coverage_html`), as HTML.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        The analysis.

    Returns
    -------
    str
        A ``<div class="jsnakit-gaps">`` with a title, the findings as a list and the matrix (when there is one).
    """
    findings = "".join(f"<li>{html.escape(m)}</li>" for m in narrative.gap_messages(analysis))
    title = html.escape(f"Gap analysis: {analysis.area_name} ({analysis.area_code}), EHC plans in January "
                        f"{analysis.period[:2]}{analysis.period[-2:]}" if analysis.period
                        else f"Gap analysis: {analysis.area_name}")
    matrix = tables.coverage_html(analysis, caption="Commissioned services naming each primary need, by age band") \
        if len(analysis.coverage) else ""
    return f'<div class="jsnakit-gaps"><p><strong>{title}</strong></p><ul>{findings}</ul>{matrix}</div>'


def register() -> None:
    """Register the notebook views of :class:`~jsnakit.disclosure.Disclosed` (:func:`jsnakit.render.tables.
    disclosed_repr_html`) and :class:`~jsnakit.gaps.GapAnalysis` (:func:`gap_analysis_html`)."""
    views.register(Disclosed, tables.disclosed_repr_html)
    views.register(GapAnalysis, gap_analysis_html)


register()
