"""Person-level transitions between January snapshots, and the state-transition projection built on them.

Where a local authority holds person-level SEN2 data (one record per EHC plan each January, from 2023 a statutory
collection), consecutive Januaries can be joined person by person into a **transitions table**, the input of
Mastodon C's witan.send model: one row per person and year, with the state each January. This module reads such a
table (:func:`read_transitions`), counts it (:func:`transition_counts`), estimates its rates
(:func:`transition_rates`, :func:`joiner_rates`) and projects the EHC plan caseload by age, setting and primary need
(:func:`project_transitions`), the richer alternative to :func:`jsnakit.projection.project`, which sees only the
published January stocks.

The table
---------
witan.send writes ``calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2``:

* ``calendar-year`` is the calendar year of the **first** January: a row labelled 2016 records where a person was in
  January 2016 (``-1`` columns) and in January 2017 (``-2`` columns), i.e. the move over academic year 2016/17
  (witan.send ``doc/dsdr/0003-transition-definition.md``);
* ``academic-year-n`` is the national curriculum year (NCY) of that January: Reception is 0, Year 1 is 1, Year 11 is
  11, Year 14 is 14, and below 0 the early years (-1 is the year before Reception). A child's NCY is their age on
  31 August at the start of the academic year less 4 (Reception children are 4 on 31 August). Plans run from birth
  to 25, so a person with a plan is in NCY -5 (born after 31 August, under 1 in January) to 21 (aged 25);
  ``academic-year-2`` is always ``academic-year-1 + 1`` (witan.send leaves children held back or moved on a year
  out of the table and the model);
* ``setting-n`` and ``need-n`` are the placement and primary need, codes of the LA's choosing; ``NONSEND`` in both
  marks someone without a plan that January: ``NONSEND`` in the ``-1`` columns is a **joiner** (a new plan, or a
  plan moving into the LA), in the ``-2`` columns a **leaver** (the plan ended, or the person moved away)
  (witan.send ``doc/dsdr/0004``, ``0005``).

The model
---------
The state of a person with a plan each January is (NCY, setting, need). Each year, by array arithmetic over
``simulations x NCY x setting x need``:

1. **moving on** -- everyone in NCY *a* moves to NCY *a + 1* in a state drawn from the probabilities of the next
   states of their current state, leaving (``NONSEND``) being one of them; at NCY 21 (aged 25) everyone leaves.
   The probabilities of a state are a Dirichlet posterior: the observed transitions out of that state in the last
   ``window`` calendar years, plus a prior of total weight ``prior_weight`` (pseudo-persons; 1 is witan.send's
   weight) spread as the **pooled transitions of that NCY** over all the years of the table: the NCY's leaving
   share ``(leavers + 0.5) / (persons + 1)`` (witan.send's leaver prior), and for those staying the product of the
   NCY's setting-to-setting and need-to-need shares (so a state seldom seen moves as others of its NCY and setting
   do, and keeps its need as most do). A setting never left from at that NCY stays put (or, if it is not used at
   the next NCY, follows the NCY's pooled destinations); a need never seen there stays the same.
2. **joining** -- new plans in NCY *a* are gamma-Poisson: a rate per head of the population aged ``a + 4`` (ONS
   mid-year estimate of the first calendar year of the academic year, as :func:`jsnakit.projection.project`
   does: 10 of the 12 birth months of NCY *a* in academic year *y*/*y+1* are those aged ``a + 4`` at mid-*y*;
   NCY -5 uses age 0) with a Gamma(joiners, persons) posterior over the window, or, without a population,
   a Gamma(joiners, years) posterior of the mean yearly count; an NCY without joiners in the window gets none.
   Their states are drawn from the NCY's joiner mix: Dirichlet, the window's joiners plus ``prior_weight`` spread
   as the NCY's joiners over all years.

A setting is **valid** from the lowest to the highest NCY at which the table shows it (as witan.send's
``utils/python/generate_valid_states.py`` derives valid states from a transitions file); the priors above never
send anyone into a setting outside its NCYs.

Uncertainty: the transition probabilities, the joiner mix and the joining rates are drawn **once per simulation**
(the uncertainty of the parameters given the data), then each year's moves are multinomial and its joiners
Poisson. Totals are summed inside each simulation before the quantiles are taken (witan.send ``doc/dsdr/0001``).
``uncertainty=False`` replaces every draw by its expectation: one deterministic path.

How this differs from witan.send: witan.send draws a beta-binomial (leaving, then moving) and a
Dirichlet-multinomial (where to) afresh for every cohort and year, leaves out need changes of those keeping their
setting (``doc/dsdr/0008``), reads valid settings and allowed moves from a file, and draws joiners as a
beta-binomial of the population of each NCY; here the probabilities of the next state are one Dirichlet per state
and simulation (so the uncertainty of the rates persists over the years), need changes are kept as observed,
valid settings come from the table itself, and joiners are gamma-Poisson.

References
----------
- Mastodon C, witan.send (Eclipse Public License 1.0), https://github.com/MastodonC/witan.send, commit
  4f51451afbd013ae89c67eab1c4756c1d7f34fe6: ``doc/model.md``, ``doc/dsdr/0001``-``0008``,
  ``src/clj/witan/send/params.clj`` (priors), ``src/clj/witan/send/model/run.clj`` (simulation),
  ``src/clj/witan/send/constants.clj`` (NCY -4 to 21). Read to understand; no code is taken from it.
- Gelman A, Carlin JB, Stern HS, Dunson DB, Vehtari A, Rubin DB (2013). *Bayesian Data Analysis*, 3rd ed., CRC
  Press: sections 2.6 (Poisson-gamma) and 3.4 (multinomial-Dirichlet).
- DfE, *Education, health and care plans* (SEN2),
  https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from ..sources.transitions import (FIRST_YEAR, LAST_YEAR, NCY_MAX, NCY_MIN, NONSEND, TRANSITION_COLUMNS,
                                   check_transitions, read_transitions)
from .model import PROJECTION_COLUMNS, _population_table, _summarise, _whole

__all__ = [
    "read_transitions",
    "transition_counts",
    "transition_rates",
    "joiner_rates",
    "project_transitions",
    "synthetic_transitions",
    "TRANSITION_COLUMNS",
    "COUNT_COLUMNS",
    "RATE_COLUMNS",
    "JOINER_COLUMNS",
    "TRANSITION_PROJECTION_COLUMNS",
    "NONSEND",
    "AGE_BANDS",
]

#: Columns of :func:`transition_counts`.
COUNT_COLUMNS = ["calendar_year", "academic_year_1", "setting_1", "need_1", "academic_year_2", "setting_2", "need_2",
                 "transition", "count"]
#: Columns of :func:`transition_rates`.
RATE_COLUMNS = ["academic_year_1", "setting_1", "need_1", "academic_year_2", "setting_2", "need_2", "observed",
                "prior", "probability"]
#: Columns of :func:`joiner_rates`.
JOINER_COLUMNS = ["academic_year", "age_band", "years", "joiners", "population", "per_year", "per_head"]
#: Columns of :func:`project_transitions`: :data:`jsnakit.projection.PROJECTION_COLUMNS` with ``setting`` after
#: ``need``.
TRANSITION_PROJECTION_COLUMNS = PROJECTION_COLUMNS[:4] + ["setting"] + PROJECTION_COLUMNS[4:]

#: Age groups of :func:`project_transitions`, labelled as the SEN2 single ages (``jsnakit.projection.SEN2_AGES``):
#: age on 31 August at the start of the academic year = NCY + 4, ages 0-2 (NCY -5 to -2) together.
AGE_BANDS = ["under 3"] + [str(a) for a in range(3, 26)]
#: Name given to the projection in the ``scenario`` column.
SCENARIO = "transition rates held"

_NCYS = np.arange(NCY_MIN, NCY_MAX + 1)                              # 27 NCYs, index a = ncy - NCY_MIN
_A = len(_NCYS)
_AGE_OF_NCY = np.maximum(_NCYS + 4, 0)                               # single year of age for the population
_BAND_STARTS = np.array([0] + list(range(4, _A)))                    # NCY index where each of AGE_BANDS starts
#: Elements per simulation block (bounds memory: ~8 arrays of this many float64 at once).
_BLOCK_CELLS = 2_000_000


def _band(ncy) -> str:
    age = int(ncy) + 4
    return "under 3" if age < 3 else str(age)


def _period(calendar_year: int) -> str:
    """Academic year whose January follows ``calendar_year``'s transition: 2016 -> "2016/17" (January 2017)."""
    return f"{calendar_year}/{str(calendar_year + 1)[2:]}"


def _kind(frame: pd.DataFrame) -> np.ndarray:
    joiner = (frame["setting_1"] == NONSEND).to_numpy()
    leaver = (frame["setting_2"] == NONSEND).to_numpy()
    mover = ~joiner & ~leaver & (frame["setting_1"] != frame["setting_2"]).to_numpy()
    return np.select([joiner, leaver, mover], ["joiner", "leaver", "mover"], "stayer")


def transition_counts(transitions: pd.DataFrame) -> pd.DataFrame:
    """Count the transitions: persons by calendar year, first and second state, and kind of transition.

    Parameters
    ----------
    transitions : pandas.DataFrame
        Frame of :func:`read_transitions`.

    Returns
    -------
    pandas.DataFrame
        :data:`COUNT_COLUMNS`: ``calendar_year``, ``academic_year_1``, ``setting_1``, ``need_1``,
        ``academic_year_2``, ``setting_2``, ``need_2``, ``transition`` (witan.send's kinds: ``joiner`` from
        ``NONSEND``, ``leaver`` to ``NONSEND``, ``mover`` changing setting, ``stayer`` keeping its setting, need
        changed or not) and ``count`` (persons), one row per distinct transition, sorted by the first six columns.

    Raises
    ------
    ArgumentError
        A frame without the columns of :func:`read_transitions`, or breaking its rules.

    References
    ----------
    Mastodon C, witan.send, ``doc/dsdr/0004``-``0007`` (joiner, leaver, mover, stayer),
    https://github.com/MastodonC/witan.send

    Examples
    --------
    >>> t = synthetic_transitions(seed=1, plans=60, years=1)
    >>> c = transition_counts(t)
    >>> int(c["count"].sum()) == len(t)
    True
    >>> sorted(c["transition"].unique())
    ['joiner', 'leaver', 'mover', 'stayer']
    """
    frame = check_transitions(transitions).assign(transition=lambda f: _kind(f))
    keys = COUNT_COLUMNS[:-1]
    out = frame.groupby(keys, sort=True).size().rename("count").reset_index()
    out["count"] = out["count"].astype("int64")
    return out[COUNT_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------------
# estimation

@dataclass
class _Fit:
    settings: list[str]
    needs: list[str]
    last_year: int
    years: list[int]              # calendar years of the window present in the table
    valid: np.ndarray             # (A, S) setting used at that NCY
    obs_next: np.ndarray          # (A, K, K) window transitions state -> next state
    obs_leave: np.ndarray         # (A, K) window leavers
    q_next: np.ndarray            # (A, K, K) prior shares
    q_leave: np.ndarray           # (A, K)
    joiners: np.ndarray           # (Y, A) window joiners by year and NCY joined
    mix_obs: np.ndarray           # (A, K) window joiners by state
    mix_q: np.ndarray             # (A, K) prior shares of the joiner mix
    start: np.ndarray             # (A, K) persons in the January after the last year
    weight: float

    @property
    def K(self) -> int:
        return len(self.settings) * len(self.needs)

    @property
    def alpha_next(self) -> np.ndarray:
        return self.obs_next + self.weight * self.q_next

    @property
    def alpha_leave(self) -> np.ndarray:
        return self.obs_leave + self.weight * self.q_leave

    @property
    def alpha_mix(self) -> np.ndarray:
        return self.mix_obs + self.weight * self.mix_q


def _normalise_rows(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    total = counts.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(total > 0, counts / np.where(total > 0, total, 1.0), 0.0)
    return shares, total[..., 0] > 0


def _fit(frame: pd.DataFrame, *, window: int, weight: float) -> _Fit:
    settings = sorted((set(frame["setting_1"]) | set(frame["setting_2"])) - {NONSEND})
    needs = sorted((set(frame["need_1"]) | set(frame["need_2"])) - {NONSEND})
    S, N = len(settings), len(needs)
    K = S * N
    s_code = {s: i for i, s in enumerate(settings)}
    n_code = {n: i for i, n in enumerate(needs)}
    s1 = frame["setting_1"].map(s_code).fillna(-1).to_numpy(int)
    s2 = frame["setting_2"].map(s_code).fillna(-1).to_numpy(int)
    n1 = frame["need_1"].map(n_code).fillna(-1).to_numpy(int)
    n2 = frame["need_2"].map(n_code).fillna(-1).to_numpy(int)
    a1 = frame["academic_year_1"].to_numpy(int) - NCY_MIN
    a2 = frame["academic_year_2"].to_numpy(int) - NCY_MIN
    cy = frame["calendar_year"].to_numpy(int)
    k1, k2 = s1 * N + n1, s2 * N + n2
    cont, leave, join = (s1 >= 0) & (s2 >= 0), (s1 >= 0) & (s2 < 0), (s1 < 0) & (s2 >= 0)
    last = int(cy.max())
    inside = cy > last - window
    years = sorted(int(y) for y in np.unique(cy[inside]))

    # Valid NCYs of each setting: lowest to highest seen, either side (witan.send generate_valid_states.py).
    seen_a = np.concatenate([a1[s1 >= 0], a2[s2 >= 0]])
    seen_s = np.concatenate([s1[s1 >= 0], s2[s2 >= 0]])
    low = np.full(S, _A)
    high = np.full(S, -1)
    np.minimum.at(low, seen_s, seen_a)
    np.maximum.at(high, seen_s, seen_a)
    valid = (np.arange(_A)[:, None] >= low[None, :]) & (np.arange(_A)[:, None] <= high[None, :])

    # Prior: the pooled transitions of each NCY over the whole table.
    persons = np.bincount(a1[cont | leave], minlength=_A).astype(float)
    leavers = np.bincount(a1[leave], minlength=_A).astype(float)
    share_leave = (leavers + 0.5) / (persons + 1.0)
    c_set = np.bincount((a1[cont] * S + s1[cont]) * S + s2[cont], minlength=_A * S * S).reshape(_A, S, S)
    c_need = np.bincount((a1[cont] * N + n1[cont]) * N + n2[cont], minlength=_A * N * N).reshape(_A, N, N)
    p_set, has_set = _normalise_rows(c_set.astype(float))
    pooled, has_pooled = _normalise_rows(c_set.sum(axis=1).astype(float))          # (A, S) where the NCY goes
    eye_s = np.eye(S)
    for a in range(_A - 1):
        for s in np.flatnonzero(~has_set[a]):
            if valid[a + 1, s]:
                p_set[a, s] = eye_s[s]
            elif has_pooled[a]:
                p_set[a, s] = pooled[a]
    p_set[_A - 1] = 0.0                                                              # NCY 21: all leave
    p_need, has_need = _normalise_rows(c_need.astype(float))
    p_need[~has_need] = np.broadcast_to(np.eye(N), (_A, N, N))[~has_need]
    stay = 1.0 - share_leave
    q_next = np.einsum("a,aij,akl->aikjl", stay, p_set, p_need).reshape(_A, K, K)
    q_leave = share_leave[:, None, None] + stay[:, None, None] * (1.0 - p_set.sum(axis=2))[:, :, None]
    q_leave = np.broadcast_to(q_leave, (_A, S, N)).reshape(_A, K).copy()

    # Observations of the window.
    w_cont, w_leave, w_join = cont & inside, leave & inside, join & inside
    obs_next = np.bincount((a1[w_cont] * K + k1[w_cont]) * K + k2[w_cont],
                           minlength=_A * K * K).reshape(_A, K, K).astype(float)
    obs_leave = np.bincount(a1[w_leave] * K + k1[w_leave], minlength=_A * K).reshape(_A, K).astype(float)
    year_index = {y: i for i, y in enumerate(years)}
    y_idx = np.array([year_index.get(int(y), -1) for y in cy[w_join]], dtype=int)
    joiners = np.bincount(y_idx * _A + a2[w_join], minlength=len(years) * _A).reshape(len(years), _A).astype(float)
    mix_obs = np.bincount(a2[w_join] * K + k2[w_join], minlength=_A * K).reshape(_A, K).astype(float)
    mix_all = np.bincount(a2[join] * K + k2[join], minlength=_A * K).reshape(_A, K).astype(float)
    mix_q, _ = _normalise_rows(mix_all)
    now = (cy == last) & (s2 >= 0)
    start = np.bincount(a2[now] * K + k2[now], minlength=_A * K).reshape(_A, K).astype(float)
    return _Fit(settings, needs, last, years, valid, obs_next, obs_leave, q_next, q_leave, joiners, mix_obs, mix_q,
                start, float(weight))


def _by_ncy(table: np.ndarray) -> np.ndarray:
    """(periods, ages 0-25) population -> (periods, NCY -5..21)."""
    return table[:, _AGE_OF_NCY]


def _exposure(fit: _Fit, population, area_code: str, years: int) -> tuple[np.ndarray | None, np.ndarray]:
    """Window population (Y, A) or None, and the population ahead (H, A) (ones without a population)."""
    if population is None:
        return None, np.ones((years, _A))
    ages = [str(a) for a in range(26)]
    hist = _by_ncy(_population_table(population, area_code, ages, [_period(y) for y in fit.years]))
    ahead = _by_ncy(_population_table(population, area_code, ages, [_period(fit.last_year + h)
                                                                     for h in range(1, years + 1)]))
    joined = fit.joiners.sum(axis=0)
    empty = (hist.sum(axis=0) <= 0) & (joined > 0)
    if empty.any():
        ncy = _NCYS[np.flatnonzero(empty)[0]]
        raise ArgumentError(f"population must hold persons aged {max(ncy + 4, 0)} in {area_code} for the window's "
                            f"years, where joiners to NCY {ncy} were seen; got none")
    return hist, ahead


def _check_area(area_code) -> None:
    if not isinstance(area_code, str) or not area_code.strip():
        raise ArgumentError(f"area_code must be a GSS code such as 'E06000001'; got {area_code!r}")


def _check_options(window, weight, population) -> None:
    _whole("window", window, 1)
    if not (isinstance(weight, numbers.Real) and not isinstance(weight, bool) and np.isfinite(weight)
            and weight > 0):
        raise ArgumentError(f"prior_weight must be a number above 0 (pseudo-persons); got {weight!r}")
    if population is not None:
        needed = ["area_code", "period", "age", "population"]
        if not isinstance(population, pd.DataFrame) or any(c not in population.columns for c in needed):
            got = list(population.columns) if isinstance(population, pd.DataFrame) else type(population).__name__
            raise ArgumentError(f"population must be a frame of jsnakit.core.schema.POPULATION_COLUMNS (persons by single "
                                f"year of age); got {got!r}")


def transition_rates(transitions: pd.DataFrame, *, window: int = 3, prior_weight: float = 1.0) -> pd.DataFrame:
    """Estimated probabilities of each next state: the Dirichlet posterior means the projection draws around.

    Parameters
    ----------
    transitions : pandas.DataFrame
        Frame of :func:`read_transitions`.
    window : int, default 3
        Calendar years of transitions (the latest ones) counted as observations; all years inform the prior.
    prior_weight : float, default 1.0
        Total weight of the prior of each state, in persons (see the module notes).

    Returns
    -------
    pandas.DataFrame
        :data:`RATE_COLUMNS`, one row per state of a valid setting and NCY and each next state it can reach:
        ``academic_year_1``, ``setting_1``, ``need_1`` (the state in January), ``academic_year_2``, ``setting_2``,
        ``need_2`` (the state next January; :data:`NONSEND` = leaving), ``observed`` (persons making that move in the
        window), ``prior`` (its prior weight, persons), ``probability`` (posterior mean, 0-1:
        ``(observed + prior) / (persons observed in the state + prior_weight)``; the probabilities of a state sum to
        1). Joiners' rows have ``NONSEND`` in ``setting_1`` and ``need_1`` and give the mix of states joined at
        ``academic_year_2`` (summing to 1 over it; how many join is :func:`joiner_rates`).

    Raises
    ------
    ArgumentError
        A bad transitions frame, a window below 1, a prior weight not above 0.

    References
    ----------
    Gelman A et al. (2013). *Bayesian Data Analysis*, 3rd ed., section 3.4 (multinomial-Dirichlet); Mastodon C,
    witan.send ``src/clj/witan/send/params.clj``, https://github.com/MastodonC/witan.send

    Examples
    --------
    >>> rates = transition_rates(synthetic_transitions(seed=1, plans=200))
    >>> sums = rates[rates["setting_1"] != NONSEND].groupby(["academic_year_1", "setting_1", "need_1"])["probability"]
    >>> bool(np.allclose(sums.sum(), 1.0))
    True
    """
    frame = check_transitions(transitions)
    _check_options(window, prior_weight, None)
    fit = _fit(frame, window=window, weight=prior_weight)
    S, N = len(fit.settings), len(fit.needs)
    setting_of = np.repeat(np.array(fit.settings, dtype=object), N)
    need_of = np.tile(np.array(fit.needs, dtype=object), S)
    source = np.repeat(fit.valid, N, axis=1)                                          # (A, K)
    alpha_next, alpha_leave = fit.alpha_next, fit.alpha_leave
    total = alpha_next.sum(axis=2) + alpha_leave
    a, k, d = np.nonzero((alpha_next > 0) & source[:, :, None])
    nxt = pd.DataFrame({"academic_year_1": _NCYS[a], "setting_1": setting_of[k], "need_1": need_of[k],
                        "academic_year_2": _NCYS[a] + 1, "setting_2": setting_of[d], "need_2": need_of[d],
                        "observed": fit.obs_next[a, k, d], "prior": fit.weight * fit.q_next[a, k, d],
                        "probability": alpha_next[a, k, d] / total[a, k]})
    a, k = np.nonzero(source)
    out = pd.DataFrame({"academic_year_1": _NCYS[a], "setting_1": setting_of[k], "need_1": need_of[k],
                        "academic_year_2": _NCYS[a] + 1, "setting_2": NONSEND, "need_2": NONSEND,
                        "observed": fit.obs_leave[a, k], "prior": fit.weight * fit.q_leave[a, k],
                        "probability": alpha_leave[a, k] / total[a, k]})
    mix = fit.alpha_mix
    mix_total = mix.sum(axis=1)
    a, k = np.nonzero(mix > 0)
    joins = pd.DataFrame({"academic_year_1": _NCYS[a] - 1, "setting_1": NONSEND, "need_1": NONSEND,
                          "academic_year_2": _NCYS[a], "setting_2": setting_of[k], "need_2": need_of[k],
                          "observed": fit.mix_obs[a, k], "prior": fit.weight * fit.mix_q[a, k],
                          "probability": mix[a, k] / mix_total[a]})
    out = pd.concat([joins, nxt, out], ignore_index=True)
    out["observed"] = out["observed"].astype("int64")
    out = out.sort_values(RATE_COLUMNS[:6], kind="stable").reset_index(drop=True)
    return out[RATE_COLUMNS]


def joiner_rates(transitions: pd.DataFrame, population: pd.DataFrame | None = None, *, area_code: str | None = None,
                 window: int = 3) -> pd.DataFrame:
    """Joiners (new plans and plans moving in) by national curriculum year: counts, yearly mean and rate per head.

    Parameters
    ----------
    transitions : pandas.DataFrame
        Frame of :func:`read_transitions`.
    population : pandas.DataFrame, optional
        ONS persons by single year of age (:data:`jsnakit.core.schema.POPULATION_COLUMNS`); joiners to NCY *a* in the
        transition labelled calendar year *y* are set against mid-*y* persons aged ``a + 4`` (age 0 for NCY -5).
        Years past the latest estimate: the latest aged on, as :func:`jsnakit.projection.project` does.
    area_code : str, optional
        GSS code of the area in ``population``; needed with it.
    window : int, default 3
        The latest calendar years of transitions used.

    Returns
    -------
    pandas.DataFrame
        :data:`JOINER_COLUMNS`, one row per NCY from -5 to 21: ``academic_year`` (NCY joined), ``age_band`` (as in
        :func:`project_transitions`), ``years`` (calendar years of the window present in the table), ``joiners``
        (persons, window total), ``population`` (persons of the matching age summed over the window's years; NaN
        without a population), ``per_year`` (joiners a year), ``per_head`` (joiners a year per person of that age,
        ``joiners / population``; NaN without a population). The projection's expected joiners are ``per_head`` times the
        population ahead, or ``per_year``.

    Raises
    ------
    ArgumentError
        A bad transitions frame or window; a population without ``area_code`` or without persons of an age
        where joiners were seen.

    Examples
    --------
    >>> j = joiner_rates(synthetic_transitions(seed=1, plans=200))
    >>> int(j["joiners"].sum()) > 0, bool(j["per_head"].isna().all())
    (True, True)
    """
    frame = check_transitions(transitions)
    _check_options(window, 1.0, population)
    if population is not None:
        _check_area(area_code)
    fit = _fit(frame, window=window, weight=1.0)
    hist, _ = _exposure(fit, population, area_code, 1)
    joined = fit.joiners.sum(axis=0)
    years = len(fit.years)
    if hist is None:
        pop = per_head = np.full(_A, np.nan)
    else:
        pop = hist.sum(axis=0)
        per_head = joined / np.where(pop > 0, pop, 1.0)      # no joiners where no persons (_exposure checks)
    out = pd.DataFrame({"academic_year": _NCYS, "age_band": [_band(n) for n in _NCYS], "years": years,
                        "joiners": joined.astype("int64"), "population": pop, "per_year": joined / years,
                        "per_head": per_head})
    return out[JOINER_COLUMNS]


# --------------------------------------------------------------------------------------------------------------------
# simulation kernels

@dataclass
class _Arrays:
    """The fit as flat arrays: rows r = a * K + k."""

    K: int
    stay: np.ndarray              # (R,) alpha of staying in the same state (at the next NCY)
    leave: np.ndarray             # (R,) alpha of leaving
    move_ptr: np.ndarray          # (R + 1,) CSR of the other next states
    move_row: np.ndarray          # (T,) source row of each move
    move_to: np.ndarray           # (T,) target row (next NCY) of each move
    move: np.ndarray              # (T,) alpha
    mix_ptr: np.ndarray           # (A + 1,) CSR of the joiner mix by NCY
    mix_ncy: np.ndarray           # (M,)
    mix_to: np.ndarray            # (M,) target row
    mix: np.ndarray               # (M,) alpha
    joined: np.ndarray            # (A,) joiners in the window
    exposure: np.ndarray          # (A,) persons (or years) in the window
    ahead: np.ndarray             # (H, A) persons (or 1) each year ahead
    start: np.ndarray             # (R,)


def _arrays(fit: _Fit, exposure: np.ndarray, ahead: np.ndarray) -> _Arrays:
    K = fit.K
    R = _A * K
    # Only states of a setting valid at the NCY can hold anyone (starts, joins and moves all land in valid ones).
    source = np.repeat(fit.valid, len(fit.needs), axis=1)                              # (A, K)
    alpha_next = fit.alpha_next * source[:, :, None]
    alpha_next[_A - 1] = 0.0
    leave = fit.alpha_leave * source
    leave[_A - 1] = 1.0                                              # aged 25: everyone leaves
    idx = np.arange(K)
    stay = alpha_next[:, idx, idx].copy()
    alpha_next[:, idx, idx] = 0.0
    a, k, d = np.nonzero(alpha_next)
    rows = a * K + k
    move_ptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=R))])
    mix = fit.alpha_mix
    ma, mk = np.nonzero(mix)
    mix_ptr = np.concatenate([[0], np.cumsum(np.bincount(ma, minlength=_A))])
    return _Arrays(K, stay.reshape(R), leave.reshape(R), move_ptr, rows, (a + 1) * K + d, alpha_next[a, k, d],
                   mix_ptr, ma, ma * K + mk, mix[ma, mk], fit.joiners.sum(axis=0), exposure, ahead,
                   fit.start.reshape(R))


def _segment_cdf(gammas: np.ndarray, ptr: np.ndarray, owner: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Per simulation, the sums of ``gammas`` (B, T) over CSR segments and the search keys: segment owner index plus
    the cumulative share inside the segment (the last of each segment exactly 1), flattened and increasing."""
    B, T = gammas.shape
    cs = np.concatenate([np.zeros((B, 1)), np.cumsum(gammas, axis=1)], axis=1)
    sums = cs[:, ptr[1:]] - cs[:, ptr[:-1]]
    if T == 0:
        return sums, np.zeros(0)
    before = cs[:, ptr[owner]]
    own = sums[:, owner]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(own > 0, (cs[:, 1:] - before) / np.where(own > 0, own, 1.0), 1.0)
    ends = ptr[owner + 1] - 1 == np.arange(T)
    share[:, ends] = 1.0
    share = np.minimum(share, 1.0)
    keys = (np.arange(B)[:, None] * rows + owner[None, :]) + share
    return sums, keys.ravel()


def _pick(keys: np.ndarray, owners: np.ndarray, ptr: np.ndarray, per_block: int, width: int,
          rng: np.random.Generator) -> np.ndarray:
    """One categorical draw per entry of ``owners`` (global segment ids b * per_block + row): the index inside
    the block's CSR arrays of the item drawn."""
    b, row = np.divmod(owners, per_block)
    # Draws of one segment are exchangeable, so their keys may be sorted (owners stay in order): a faster search.
    pos = np.searchsorted(keys, np.sort(owners + rng.random(len(owners))), side="right")
    pos = np.clip(pos, b * width + ptr[row], b * width + ptr[row + 1] - 1)      # float rounding at a segment's end
    return pos - b * width


def _bands(state: np.ndarray, K: int) -> np.ndarray:
    """(B, A * K) -> (B, len(AGE_BANDS), K)."""
    return np.add.reduceat(state.reshape(len(state), _A, K), _BAND_STARTS, axis=1)


def _simulate(arr: _Arrays, *, years: int, simulations: int, rng: np.random.Generator) -> np.ndarray:
    """Simulated caseloads, (simulations, years, len(AGE_BANDS), K) persons."""
    K = arr.K
    R = _A * K
    T, M = len(arr.move), len(arr.mix)
    out = np.empty((simulations, years, len(AGE_BANDS), K), dtype=np.int32)
    block = int(max(1, min(simulations, _BLOCK_CELLS // (T + 2 * R + M + _A))))
    safe_exposure = np.where(arr.exposure > 0, arr.exposure, 1.0)
    for first in range(0, simulations, block):
        B = min(block, simulations - first)
        # Parameters, once per simulation: Dirichlet draws as normalised gammas; joining rates from their gamma.
        g_stay = rng.standard_gamma(arr.stay, size=(B, R))
        g_leave = rng.standard_gamma(arr.leave, size=(B, R))
        g_move = rng.standard_gamma(arr.move, size=(B, T))
        move_sum, move_keys = _segment_cdf(g_move, arr.move_ptr, arr.move_row, R)
        total = g_stay + g_leave + move_sum
        p_stay = np.divide(g_stay, total, out=np.ones_like(total), where=total > 0).ravel()
        rest = g_leave + move_sum
        p_leave = np.divide(g_leave, rest, out=np.ones_like(rest), where=rest > 0).ravel()
        rate = rng.standard_gamma(arr.joined, size=(B, _A)) / safe_exposure
        g_mix = rng.standard_gamma(arr.mix, size=(B, M))
        _, mix_keys = _segment_cdf(g_mix, arr.mix_ptr, arr.mix_ncy, _A)
        state = np.broadcast_to(arr.start.astype(np.int64), (B, R)).ravel().copy()
        for h in range(years):
            nxt = np.zeros(B * R, dtype=np.int64)
            idx = np.flatnonzero(state)
            n = state[idx]
            ps, pl = p_stay[idx], p_leave[idx]
            # Multinomial (stay, leave, move) as two binomials; a cell of one person (most) by one uniform.
            one = n == 1
            u = rng.random(int(one.sum()))
            stay = np.empty_like(n)
            leave = np.empty_like(n)
            stay[one] = u < ps[one]
            leave[one] = (u >= ps[one]) & (u < ps[one] + (1.0 - ps[one]) * pl[one])
            many = ~one
            stay[many] = rng.binomial(n[many], ps[many])
            leave[many] = rng.binomial(n[many] - stay[many], pl[many])
            move = n - stay - leave
            kept = stay > 0
            nxt[idx[kept] + K] = stay[kept]                          # same state, next NCY (never past NCY 21)
            moving = move > 0
            if moving.any():
                owners = np.repeat(idx[moving], move[moving])
                item = _pick(move_keys, owners, arr.move_ptr, R, T, rng)
                nxt += np.bincount(owners // R * R + arr.move_to[item], minlength=B * R)
            counts = rng.poisson(rate * arr.ahead[h]).ravel()
            if counts.any():
                owners = np.repeat(np.arange(B * _A), counts)
                item = _pick(mix_keys, owners, arr.mix_ptr, _A, M, rng)
                nxt += np.bincount(owners // _A * R + arr.mix_to[item], minlength=B * R)
            state = nxt
            out[first:first + B, h] = _bands(state.reshape(B, R), K)
    return out


def _expect(arr: _Arrays, *, years: int) -> np.ndarray:
    """The deterministic path: every draw replaced by its expectation, (1, years, len(AGE_BANDS), K)."""
    K = arr.K
    R = _A * K
    total = arr.stay + arr.leave + np.bincount(arr.move_row, weights=arr.move, minlength=R)
    total = np.where(total > 0, total, 1.0)                          # states that never hold anyone
    p_stay = arr.stay / total
    p_move = arr.move / total[arr.move_row]
    mix_total = np.bincount(arr.mix_ncy, weights=arr.mix, minlength=_A)
    p_mix = arr.mix / np.where(mix_total > 0, mix_total, 1.0)[arr.mix_ncy]
    rate = arr.joined / np.where(arr.exposure > 0, arr.exposure, 1.0)
    state = arr.start.astype(float)
    out = np.empty((1, years, len(AGE_BANDS), K))
    for h in range(years):
        nxt = np.zeros(R)
        nxt[K:] += (state * p_stay)[:-K]
        nxt += np.bincount(arr.move_to, weights=state[arr.move_row] * p_move, minlength=R)
        nxt += np.bincount(arr.mix_to, weights=(rate * arr.ahead[h])[arr.mix_ncy] * p_mix, minlength=R)
        state = nxt
        out[0, h] = _bands(state[None, :], K)[0]
    return out


#: The blocks of :func:`project_transitions`: (age, need, setting) kept (True) or summed into "All" (False).
_COMBOS = [(True, True, True), (False, True, True), (True, False, True), (True, True, False),
           (False, False, True), (False, True, False), (True, False, False), (False, False, False)]


def _frame(draws: np.ndarray, area_code: str, periods: list[str], settings: list[str], needs: list[str]
           ) -> pd.DataFrame:
    """Tidy quantiles of (sims, years, ages, settings * needs) draws: every combination of age, need and setting
    with ``All`` in place of any of them, totals summed inside each simulation first."""
    sims, H, G = draws.shape[:3]
    S, N = len(settings), len(needs)
    label_ages, label_needs, label_settings = [], [], []
    for keep_age, keep_need, keep_setting in _COMBOS:
        ages = AGE_BANDS if keep_age else ["All"]
        sets = settings if keep_setting else ["All"]
        kinds = needs if keep_need else ["All"]
        # cells in the order age, setting, need (the axes of the draws)
        label_ages.append(np.repeat(np.array(ages, dtype=object), len(sets) * len(kinds)))
        label_settings.append(np.tile(np.repeat(np.array(sets, dtype=object), len(kinds)), len(ages)))
        label_needs.append(np.tile(np.array(kinds, dtype=object), len(ages) * len(sets)))
    label_ages, label_needs, label_settings = (np.concatenate(x) for x in (label_ages, label_needs, label_settings))
    cells = len(label_ages)
    values = np.empty((H, cells, 5))
    for h in range(H):
        year = draws[:, h].reshape(sims, G, S, N)
        blocks = []
        for keep_age, keep_need, keep_setting in _COMBOS:
            drop = tuple(axis for axis, keep in ((1, keep_age), (2, keep_setting), (3, keep_need)) if not keep)
            blocks.append((year.sum(axis=drop) if drop else year).reshape(sims, -1))
        values[h] = _summarise(np.concatenate(blocks, axis=1))
    out = pd.DataFrame({
        "area_code": area_code, "period": np.repeat(np.array(periods, dtype=object), cells),
        "age_band": np.tile(label_ages, H), "need": np.tile(label_needs, H), "setting": np.tile(label_settings, H),
        "scenario": SCENARIO})
    for i, column in enumerate(TRANSITION_PROJECTION_COLUMNS[-5:]):
        out[column] = values[:, :, i].ravel()
    for column in ("area_code", "period", "age_band", "need", "setting", "scenario"):
        out[column] = out[column].astype(str)
    return out[TRANSITION_PROJECTION_COLUMNS]


def project_transitions(transitions: pd.DataFrame, population: pd.DataFrame | None = None, *, area_code: str,
                        years: int = 10, simulations: int = 1000, seed: int = 0, window: int = 3,
                        prior_weight: float = 1.0, uncertainty: bool = True) -> pd.DataFrame:
    """Project the EHC plan caseload by age, setting and primary need from person-level transitions (witan.send).

    Parameters
    ----------
    transitions : pandas.DataFrame
        Frame of :func:`read_transitions`. The caseload projected from is the ``_2`` side of its latest calendar
        year (January of the year after).
    population : pandas.DataFrame, optional
        ONS mid-year estimates or projections, persons by single year of age
        (:data:`jsnakit.core.schema.POPULATION_COLUMNS`). Joiners to NCY *a* in the year from January *y* to January
        *y* + 1 are set against mid-*y* persons aged ``a + 4`` (age 0 for NCY -5); years past the latest estimate
        use it aged on (births held, no deaths or migration), years before it the earliest, as
        :func:`jsnakit.projection.project` does. Without it, each NCY's joiners are a yearly count, the window's
        mean.
    area_code : str
        GSS code of the area (keyword only): selects the population and labels the output.
    years : int, default 10
        Years ahead (1 to 50).
    simulations : int, default 1000
        Number of simulations (at least 1); ignored when ``uncertainty`` is False.
    seed : int, default 0
        Seed of the random generator (numpy PCG64): the same seed, data and options give the same figures.
    window : int, default 3
        The latest calendar years of transitions whose moves and joiners are counted (all years inform the priors).
    prior_weight : float, default 1.0
        Weight of each state's prior (and of each NCY's joiner-mix prior), in persons; see the module notes.
    uncertainty : bool, default True
        False replaces every draw by its expectation: the deterministic path (all five figures equal).

    Returns
    -------
    pandas.DataFrame
        :data:`TRANSITION_PROJECTION_COLUMNS`: ``area_code``; ``period`` (academic year of each January projected:
        transitions up to 2023 give January 2024, ``"2023/24"``, as the start, then ``"2024/25"`` ...);
        ``age_band`` (age on 31 August at the start of the academic year, NCY + 4, labelled as SEN2's ages:
        ``"under 3"`` for NCY -5 to -2, then ``"3"`` for NCY -1 ... ``"25"`` for NCY 21); ``need``; ``setting``;
        ``scenario`` (``"transition rates held"``); ``median``, ``lower_50``, ``upper_50``, ``lower_95``,
        ``upper_95`` (persons with an EHC plan in January; quantiles over simulations). Every combination of age,
        need and setting appears, and with ``"All"`` in place of any of them for the totals, summed inside each
        simulation before the quantiles are taken.

    Raises
    ------
    ArgumentError
        A bad transitions frame; a bad number of years, simulations, seed or window; a prior weight not above 0;
        ``uncertainty`` not a bool; a population without the area or without persons of an age where joiners were
        seen.

    References
    ----------
    Mastodon C, witan.send, https://github.com/MastodonC/witan.send (``doc/model.md``, ``model/run.clj``);
    Gelman A et al. (2013). *Bayesian Data Analysis*, 3rd ed., sections 2.6 and 3.4.

    Examples
    --------
    >>> t = synthetic_transitions(seed=1, plans=200)
    >>> fan = project_transitions(t, area_code="E06000001", years=2, uncertainty=False)
    >>> total = fan[(fan["age_band"] == "All") & (fan["need"] == "All") & (fan["setting"] == "All")]
    >>> list(total["period"])
    ['2024/25', '2025/26']
    >>> fan = project_transitions(read_transitions("transitions.csv"), population,
    ...                           area_code="E06000001")  # doctest: +SKIP
    """
    frame = check_transitions(transitions)
    _check_area(area_code)
    _check_options(window, prior_weight, population)
    years = _whole("years", years, 1, 50)
    simulations = _whole("simulations", simulations, 1)
    seed = _whole("seed", seed, 0)
    if not isinstance(uncertainty, (bool, np.bool_)):
        raise ArgumentError(f"uncertainty must be True or False; got {uncertainty!r}")
    fit = _fit(frame, window=window, weight=prior_weight)
    hist, ahead = _exposure(fit, population, area_code, years)
    exposure = hist.sum(axis=0) if hist is not None else np.full(_A, float(len(fit.years)))
    arr = _arrays(fit, exposure, ahead)
    if uncertainty:
        draws = _simulate(arr, years=years, simulations=simulations, rng=np.random.default_rng(seed))
    else:
        draws = _expect(arr, years=years)
    periods = [_period(fit.last_year + h) for h in range(1, years + 1)]
    return _frame(draws, area_code, periods, fit.settings, fit.needs)


# --------------------------------------------------------------------------------------------------------------------
# synthetic data

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
    """A synthetic transitions table for training and tests: a plausible LA, in :func:`read_transitions`' form.

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
    seed = _whole("seed", seed, 0)
    plans = _whole("plans", plans, 10)
    years = _whole("years", years, 1, 20)
    first_year = _whole("first_year", first_year, FIRST_YEAR, LAST_YEAR - years)
    rng = np.random.default_rng(seed)
    settings = list(_SYNTHETIC_SETTINGS)
    needs = list(_SYNTHETIC_NEEDS)
    need_p = np.array(list(_SYNTHETIC_NEEDS.values()))
    need_p = need_p / need_p.sum()
    low = np.array([v[0] for v in _SYNTHETIC_SETTINGS.values()])
    high = np.array([v[1] for v in _SYNTHETIC_SETTINGS.values()])
    valid = (_NCYS[:, None] >= low) & (_NCYS[:, None] <= high)                 # (A, S)
    weight = valid * _SYNTHETIC_SETTING_WEIGHT
    cum_setting = np.cumsum(weight / weight.sum(axis=1, keepdims=True), axis=1)
    # Caseload by NCY: low in the early years, flat through school, falling after 19.
    profile = np.interp(_NCYS, [-5, -1, 3, 11, 13, 16, 21], [0.05, 0.3, 1.0, 1.0, 0.7, 0.25, 0.05])
    join_profile = np.interp(_NCYS, [-5, -2, 0, 2, 6, 11, 16, 21], [0.1, 1.0, 1.3, 1.0, 0.6, 0.3, 0.05, 0.0])

    def pick_setting(a_idx):
        return (rng.random(len(a_idx))[:, None] > cum_setting[a_idx]).sum(axis=1).clip(0, len(settings) - 1)

    a = rng.choice(_A, size=plans, p=profile / profile.sum())
    s = pick_setting(a)
    n = rng.choice(len(needs), size=plans, p=need_p)
    rows = []
    for step in range(years):
        year = first_year + step
        ncy = _NCYS[a]
        p_leave = np.select([ncy >= NCY_MAX, ncy == 11, ncy == 13, ncy >= 14], [1.0, 0.15, 0.25, 0.2], 0.04)
        leaves = rng.random(len(a)) < p_leave
        a_next = np.minimum(a + 1, _A - 1)
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
        ja = rng.choice(_A, size=new, p=join_profile / join_profile.sum())
        js = pick_setting(ja)
        jn = rng.choice(len(needs), size=new, p=need_p)
        rows.append(pd.DataFrame({
            "calendar_year": year, "setting_1": NONSEND, "need_1": NONSEND, "academic_year_1": _NCYS[ja] - 1,
            "setting_2": np.array(settings)[js], "need_2": np.array(needs)[jn], "academic_year_2": _NCYS[ja]}))
        a, s, n = np.concatenate([a, ja]), np.concatenate([s, js]), np.concatenate([n, jn])
    out = pd.concat(rows, ignore_index=True)
    for column in ("setting_1", "need_1", "setting_2", "need_2"):
        out[column] = out[column].astype(str)
    for column in ("calendar_year", "academic_year_1", "academic_year_2"):
        out[column] = out[column].astype("int64")
    return out[TRANSITION_COLUMNS]
