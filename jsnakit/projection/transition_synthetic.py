"""A synthetic transitions table for training and tests, :func:`synthetic_transitions`: not real data, a
plausible local authority in the form of :func:`jsnakit.sources.transitions.read_transitions`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..sources.transitions import FIRST_YEAR, LAST_YEAR, NCY_MAX, NONSEND, TRANSITION_COLUMNS
from .common import whole_number
from .transition_fit import NCY_COUNT, NCYS

__all__ = ["synthetic_transitions"]

#: Settings of :func:`synthetic_transitions` and their NCYs: early years, mainstream school, resourced provision
#: or SEN unit, LA special school, independent special school, further education, alternative provision, other.
_SYNTHETIC_SETTINGS = {"EY": (-5, 0), "MMS": (0, 13), "MSSR": (0, 13), "SS": (-1, 14), "ISS": (3, 14),
                       "FE": (12, 21), "AP": (5, 11), "OTH": (-5, 21)}
_SYNTHETIC_SETTING_WEIGHT = np.array([6.0, 10.0, 1.5, 4.0, 1.0, 6.0, 0.5, 0.3])
#: SEN2 primary needs (short codes) and their shares of plans.
_SYNTHETIC_NEEDS = {"ASD": 0.31, "SEMH": 0.14, "SLCN": 0.20, "MLD": 0.07, "SLD": 0.05, "PMLD": 0.02, "SPLD": 0.04,
                    "HI": 0.02, "VI": 0.01, "MSI": 0.01, "PD": 0.04, "OTH": 0.09}


def synthetic_transitions(seed: int = 0, *, plans: int = 3000, years: int = 4, first_year: int = 2020
                          ) -> pd.DataFrame:
    """A synthetic transitions table for training and tests: a plausible LA, in :func:`~jsnakit.sources.transitions.read_transitions`' form.

    Not real data. A caseload of about ``plans`` persons in January ``first_year`` (most in school years, fewer in
    the early years and after 19; 8 settings valid at their usual NCYs; 12 SEN2 primary needs) is moved on
    ``years`` times: a person leaves with probability 4% a year (15% after Year 11, 25% after Year 13, 20% later,
    everyone at 25), changes setting with probability 5% (25% from Year 6 to 7 and Year 11 to 12, always when the
    setting ends), changes need with probability 2%; new plans are Poisson, 12% of the caseload a year, mostly
    in the early years and primary school.

    Parameters
    ----------
    seed : int, default 0
        Seed of the random generator: the same seed gives the same table.
    plans : int, default 3000
        Persons with a plan in the first January (at least 10).
    years : int, default 4
        Calendar years of transitions (1 to 20).
    first_year : int, default 2020
        Calendar year of the first January.

    Returns
    -------
    pandas.DataFrame
        :data:`TRANSITION_COLUMNS`, one row per person and year (leavers once, joiners from their first year),
        settings ``EY, MMS, MSSR, SS, ISS, FE, AP, OTH`` and needs ``ASD, SEMH, SLCN, MLD, SLD, PMLD, SPLD, HI, VI,
        MSI, PD, OTH``.

    Raises
    ------
    ArgumentError
        A bad seed, number of plans or years.

    Examples
    --------
    >>> t = synthetic_transitions(seed=0, plans=100, years=2)
    >>> sorted(t["calendar_year"].unique().tolist())
    [2020, 2021]
    """
    seed = whole_number("seed", seed, 0)
    plans = whole_number("plans", plans, 10)
    years = whole_number("years", years, 1, 20)
    first_year = whole_number("first_year", first_year, FIRST_YEAR, LAST_YEAR - years)
    rng = np.random.default_rng(seed)
    settings = list(_SYNTHETIC_SETTINGS)
    needs = list(_SYNTHETIC_NEEDS)
    need_p = np.array(list(_SYNTHETIC_NEEDS.values()))
    need_p = need_p / need_p.sum()
    low = np.array([v[0] for v in _SYNTHETIC_SETTINGS.values()])
    high = np.array([v[1] for v in _SYNTHETIC_SETTINGS.values()])
    valid = (NCYS[:, None] >= low) & (NCYS[:, None] <= high)                   # (A, S)
    weight = valid * _SYNTHETIC_SETTING_WEIGHT
    cum_setting = np.cumsum(weight / weight.sum(axis=1, keepdims=True), axis=1)
    # Caseload by NCY: low in the early years, flat through school, falling after 19.
    profile = np.interp(NCYS, [-5, -1, 3, 11, 13, 16, 21], [0.05, 0.3, 1.0, 1.0, 0.7, 0.25, 0.05])
    join_profile = np.interp(NCYS, [-5, -2, 0, 2, 6, 11, 16, 21], [0.1, 1.0, 1.3, 1.0, 0.6, 0.3, 0.05, 0.0])

    def pick_setting(a_idx):
        return (rng.random(len(a_idx))[:, None] > cum_setting[a_idx]).sum(axis=1).clip(0, len(settings) - 1)

    a = rng.choice(NCY_COUNT, size=plans, p=profile / profile.sum())
    s = pick_setting(a)
    n = rng.choice(len(needs), size=plans, p=need_p)
    rows = []
    for step in range(years):
        year = first_year + step
        ncy = NCYS[a]
        p_leave = np.select([ncy >= NCY_MAX, ncy == 11, ncy == 13, ncy >= 14], [1.0, 0.15, 0.25, 0.2], 0.04)
        leaves = rng.random(len(a)) < p_leave
        a_next = np.minimum(a + 1, NCY_COUNT - 1)
        must = ~valid[a_next, s]
        p_move = np.where((ncy == 6) | (ncy == 11), 0.25, 0.05)
        moves = ~leaves & (must | (rng.random(len(a)) < p_move))
        s_next = np.where(moves, pick_setting(a_next), s)
        n_next = np.where(~leaves & (rng.random(len(a)) < 0.02), rng.choice(len(needs), size=len(a), p=need_p), n)
        rows.append(pd.DataFrame({
            "calendar_year": year, "setting_1": np.array(settings)[s], "need_1": np.array(needs)[n],
            "academic_year_1": ncy, "setting_2": np.where(leaves, NONSEND, np.array(settings)[s_next]),
            "need_2": np.where(leaves, NONSEND, np.array(needs)[n_next]), "academic_year_2": ncy + 1}))
        stay = ~leaves
        a, s, n = a_next[stay], s_next[stay], n_next[stay]
        new = rng.poisson(0.12 * len(a))
        ja = rng.choice(NCY_COUNT, size=new, p=join_profile / join_profile.sum())
        js = pick_setting(ja)
        jn = rng.choice(len(needs), size=new, p=need_p)
        rows.append(pd.DataFrame({
            "calendar_year": year, "setting_1": NONSEND, "need_1": NONSEND, "academic_year_1": NCYS[ja] - 1,
            "setting_2": np.array(settings)[js], "need_2": np.array(needs)[jn], "academic_year_2": NCYS[ja]}))
        a, s, n = np.concatenate([a, ja]), np.concatenate([s, js]), np.concatenate([n, jn])
    out = pd.concat(rows, ignore_index=True)
    for column in ("setting_1", "need_1", "setting_2", "need_2"):
        out[column] = out[column].astype(str)
    for column in ("calendar_year", "academic_year_1", "academic_year_2"):
        out[column] = out[column].astype("int64")
    return out[TRANSITION_COLUMNS]
