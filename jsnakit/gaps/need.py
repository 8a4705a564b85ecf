"""The need side of gap mapping: children and young people with an EHC plan by primary need and age band.

:func:`need_by_age` (an indicator of :mod:`jsnakit.needs.profile`, disclosed with the national frame) builds the grid,
:func:`disclose_need` applies disclosure control to it on its own, and :func:`need_grid` and :func:`total_plans` read
a disclosed grid for the analyses (:mod:`.served`, :mod:`.places`, :mod:`.analysis`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import disclosure
from ..core.schema import PRIMARY_NEEDS
from ..core.vocabulary import NEEDS
from ..needs.profile import NEED_AGE
from ..needs.profile import need_by_age  # the grid is an indicator of the profile, disclosed with it

__all__ = [
    "need_by_age",
    "disclose_need",
    "need_grid",
    "total_plans",
    "NEED_INDICATOR",
    "NEED_ROUND_TO",
    "NEED_LABELS",
]

#: Indicator id of EHC plans by primary need (``breakdown``) and age band (``category``) built by :func:`need_by_age`.
NEED_INDICATOR = NEED_AGE
#: Plans by need and age band are rounded to a multiple of this (see :func:`disclose_need`).
NEED_ROUND_TO = 5  # = indicators.get(NEED_INDICATOR).round_to
#: The labels of the twelve DfE primary needs a service can name (:data:`jsnakit.sources.commissioning.NEEDS`), in
#: their order.
NEED_LABELS = [PRIMARY_NEEDS[c] for c in NEEDS]


def disclose_need(frame: pd.DataFrame, rules=None):
    """Disclosure control for :func:`need_by_age` on its own: :func:`jsnakit.disclosure.apply`, which rounds the
    grid's counts to :data:`NEED_ROUND_TO` (the indicator catalogue's ``round_to``: a small-area table).

    The factsheet does not use it: it takes the grid as published with the national frame
    (:func:`jsnakit.needs.profile.published_need`), whose margins (plans by need, plans by age band) sit beside it, so
    that the interval audit covers the grid, its margins and every national figure together.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`need_by_age`.
    rules : jsnakit.disclosure.Rules, optional
        The rules in force (default ``Rules()``).

    Returns
    -------
    jsnakit.disclosure.Disclosed
        What :func:`~jsnakit.gaps.analysis.analyse` takes as ``need``.
    """
    return disclosure.apply(frame, rules or disclosure.Rules())


def need_grid(need, *, every_need: bool = False) -> pd.DataFrame:
    """The disclosed need-by-age grid as the analyses read it: ``need, age_band, plans, note, period``.

    Parameters
    ----------
    need : jsnakit.disclosure.Disclosed
        :func:`need_by_age` after disclosure control (:func:`disclose_need`, or the grid as published with the
        national frame).
    every_need : bool, default False
        Keep every need, "Unknown" too (for totals of all plans); else only the twelve needs a service can name
        (:data:`NEED_LABELS`).

    Returns
    -------
    pandas.DataFrame
        ``need, age_band, plans, note, period``: one row per need and age band (``All`` among the bands), ``plans``
        NaN where withheld.

    Raises
    ------
    DisclosureError
        When ``need`` has not passed disclosure control.
    """
    disclosed = disclosure.require(need)
    frame = disclosed.frame
    frame = frame[(frame["indicator"] == NEED_INDICATOR)
                  & (frame["breakdown"].isin(NEED_LABELS) | every_need)]
    return frame.rename(columns={"breakdown": "need", "category": "age_band", "count": "plans"})[
        ["need", "age_band", "plans", "note", "period"]].reset_index(drop=True)


def total_plans(grid: pd.DataFrame):
    """All plans (every need, every age) of the published year, with a note when a need's total is withheld.

    Parameters
    ----------
    grid : pandas.DataFrame
        :func:`need_grid` with ``every_need=True``.

    Returns
    -------
    (float, str or float)
        The plans (the sum of the needs' ``All`` rows; of those shown when any is withheld) and NaN, or the note
        ``"excludes needs whose numbers are withheld as small"`` when any is withheld.
    """
    totals = grid[grid["age_band"] == "All"]
    plans = totals["plans"].sum(min_count=len(totals)) if len(totals) else np.nan
    if pd.isna(plans):
        known = totals["plans"].sum()
        return float(known), "excludes needs whose numbers are withheld as small"
    return float(plans), np.nan
