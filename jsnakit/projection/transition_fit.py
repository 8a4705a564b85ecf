"""Counting and estimating person-level transitions: the counts by kind (:func:`transition_counts`), the fit of the
posteriors the projection draws from (:func:`fit_transitions`) and its tables (:func:`transition_rates`,
:func:`joiner_rates`).

The model is described in the notes of :mod:`jsnakit.projection.transitions`; the projection itself is
:mod:`.transition_projection`.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from ..sources.transitions import NCY_MAX, NCY_MIN, NONSEND, check_transitions
from .common import population_table, whole_number

__all__ = [
    "transition_counts",
    "transition_rates",
    "joiner_rates",
    "fit_transitions",
    "population_exposure",
    "check_area",
    "check_options",
    "period_label",
    "TransitionFit",
    "COUNT_COLUMNS",
    "RATE_COLUMNS",
    "JOINER_COLUMNS",
    "NCYS",
    "NCY_COUNT",
]

#: Columns of :func:`transition_counts`.
COUNT_COLUMNS = ["calendar_year", "academic_year_1", "setting_1", "need_1", "academic_year_2", "setting_2", "need_2",
                 "transition", "count"]
#: Columns of :func:`transition_rates`.
RATE_COLUMNS = ["academic_year_1", "setting_1", "need_1", "academic_year_2", "setting_2", "need_2", "observed",
                "prior", "probability"]
#: Columns of :func:`joiner_rates`.
JOINER_COLUMNS = ["academic_year", "age_band", "years", "joiners", "population", "per_year", "per_head"]

#: The national curriculum years of the model, -5 to 21 (index a = ncy - NCY_MIN).
NCYS = np.arange(NCY_MIN, NCY_MAX + 1)
#: Number of NCYs (27), the length of every NCY axis.
NCY_COUNT = len(NCYS)
_AGE_OF_NCY = np.maximum(NCYS + 4, 0)                                # single year of age for the population


def _band(ncy) -> str:
    age = int(ncy) + 4
    return "under 3" if age < 3 else str(age)


def period_label(calendar_year: int) -> str:
    """Academic year whose January follows ``calendar_year``'s transition: 2016 -> "2016/17" (January 2017).

    Parameters
    ----------
    calendar_year : int
        The ``calendar_year`` of a transition (that of its first January).

    Returns
    -------
    str
        The academic year of the second January.

    Examples
    --------
    >>> period_label(2016)
    '2016/17'
    """
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
        Frame of :func:`~jsnakit.sources.transitions.read_transitions`.

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
        A frame without the columns of :func:`~jsnakit.sources.transitions.read_transitions`, or breaking its rules.

    References
    ----------
    Mastodon C, witan.send, ``doc/dsdr/0004``-``0007`` (joiner, leaver, mover, stayer),
    https://github.com/MastodonC/witan.send

    Examples
    --------
    >>> from jsnakit.projection.transitions import synthetic_transitions
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
class TransitionFit:
    """What :func:`fit_transitions` counts in a transitions table, by NCY (A of them), state (K = settings x needs)
    and next state: the window's observations and the prior shares of the Dirichlet posteriors."""

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
        """Number of states, settings x needs."""
        return len(self.settings) * len(self.needs)

    @property
    def alpha_next(self) -> np.ndarray:
        """Dirichlet weights of moving from each state to each next state, (A, K, K)."""
        return self.obs_next + self.weight * self.q_next

    @property
    def alpha_leave(self) -> np.ndarray:
        """Dirichlet weights of leaving from each state, (A, K)."""
        return self.obs_leave + self.weight * self.q_leave

    @property
    def alpha_mix(self) -> np.ndarray:
        """Dirichlet weights of the states joined at each NCY, (A, K)."""
        return self.mix_obs + self.weight * self.mix_q


def _normalise_rows(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    total = counts.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(total > 0, counts / np.where(total > 0, total, 1.0), 0.0)
    return shares, total[..., 0] > 0


def fit_transitions(frame: pd.DataFrame, *, window: int, weight: float) -> TransitionFit:
    """Count a transitions table and set the priors of its Dirichlet posteriors (see the notes of
    :mod:`jsnakit.projection.transitions`).

    Parameters
    ----------
    frame : pandas.DataFrame
        A checked transitions table (:func:`jsnakit.sources.transitions.check_transitions`).
    window : int
        The latest calendar years whose moves and joiners are observations (all years inform the priors).
    weight : float
        Total weight of each prior, in persons.

    Returns
    -------
    TransitionFit
        The settings and needs, the valid settings of each NCY, the window's observations, the prior shares and
        the caseload of the January after the last year.
    """
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
    low = np.full(S, NCY_COUNT)
    high = np.full(S, -1)
    np.minimum.at(low, seen_s, seen_a)
    np.maximum.at(high, seen_s, seen_a)
    valid = (np.arange(NCY_COUNT)[:, None] >= low[None, :]) & (np.arange(NCY_COUNT)[:, None] <= high[None, :])

    # Prior: the pooled transitions of each NCY over the whole table.
    persons = np.bincount(a1[cont | leave], minlength=NCY_COUNT).astype(float)
    leavers = np.bincount(a1[leave], minlength=NCY_COUNT).astype(float)
    share_leave = (leavers + 0.5) / (persons + 1.0)
    c_set = np.bincount((a1[cont] * S + s1[cont]) * S + s2[cont], minlength=NCY_COUNT * S * S).reshape(NCY_COUNT, S, S)
    c_need = np.bincount((a1[cont] * N + n1[cont]) * N + n2[cont], minlength=NCY_COUNT * N * N).reshape(NCY_COUNT, N, N)
    p_set, has_set = _normalise_rows(c_set.astype(float))
    pooled, has_pooled = _normalise_rows(c_set.sum(axis=1).astype(float))          # (A, S) where the NCY goes
    eye_s = np.eye(S)
    for a in range(NCY_COUNT - 1):
        for s in np.flatnonzero(~has_set[a]):
            if valid[a + 1, s]:
                p_set[a, s] = eye_s[s]
            elif has_pooled[a]:
                p_set[a, s] = pooled[a]
    p_set[NCY_COUNT - 1] = 0.0                                                       # NCY 21: all leave
    p_need, has_need = _normalise_rows(c_need.astype(float))
    p_need[~has_need] = np.broadcast_to(np.eye(N), (NCY_COUNT, N, N))[~has_need]
    stay = 1.0 - share_leave
    q_next = np.einsum("a,aij,akl->aikjl", stay, p_set, p_need).reshape(NCY_COUNT, K, K)
    q_leave = share_leave[:, None, None] + stay[:, None, None] * (1.0 - p_set.sum(axis=2))[:, :, None]
    q_leave = np.broadcast_to(q_leave, (NCY_COUNT, S, N)).reshape(NCY_COUNT, K).copy()

    # Observations of the window.
    w_cont, w_leave, w_join = cont & inside, leave & inside, join & inside
    obs_next = np.bincount((a1[w_cont] * K + k1[w_cont]) * K + k2[w_cont],
                           minlength=NCY_COUNT * K * K).reshape(NCY_COUNT, K, K).astype(float)
    obs_leave = np.bincount(a1[w_leave] * K + k1[w_leave], minlength=NCY_COUNT * K).reshape(NCY_COUNT, K).astype(float)
    year_index = {y: i for i, y in enumerate(years)}
    y_idx = np.array([year_index.get(int(y), -1) for y in cy[w_join]], dtype=int)
    joiners = np.bincount(y_idx * NCY_COUNT + a2[w_join],
                          minlength=len(years) * NCY_COUNT).reshape(len(years), NCY_COUNT).astype(float)
    mix_obs = np.bincount(a2[w_join] * K + k2[w_join], minlength=NCY_COUNT * K).reshape(NCY_COUNT, K).astype(float)
    mix_all = np.bincount(a2[join] * K + k2[join], minlength=NCY_COUNT * K).reshape(NCY_COUNT, K).astype(float)
    mix_q, _ = _normalise_rows(mix_all)
    now = (cy == last) & (s2 >= 0)
    start = np.bincount(a2[now] * K + k2[now], minlength=NCY_COUNT * K).reshape(NCY_COUNT, K).astype(float)
    return TransitionFit(settings, needs, last, years, valid, obs_next, obs_leave, q_next, q_leave, joiners, mix_obs,
                         mix_q, start, float(weight))


def _by_ncy(table: np.ndarray) -> np.ndarray:
    """(periods, ages 0-25) population -> (periods, NCY -5..21)."""
    return table[:, _AGE_OF_NCY]


def population_exposure(fit: TransitionFit, population, area_code: str,
                        years: int) -> tuple[np.ndarray | None, np.ndarray]:
    """Window population (Y, A) or None, and the population ahead (H, A) (ones without a population).

    Parameters
    ----------
    fit : TransitionFit
        The fit (its window's years and last year).
    population : pandas.DataFrame or None
        ONS persons by single year of age (:data:`jsnakit.core.schema.POPULATION_COLUMNS`).
    area_code : str
        GSS code of the area in ``population``.
    years : int
        Years ahead.

    Returns
    -------
    tuple
        Persons of the age of each NCY in each year of the window (None without a population) and in each year
        ahead (ones without a population).

    Raises
    ------
    ArgumentError
        No persons of an age where joiners were seen in the window.
    """
    if population is None:
        return None, np.ones((years, NCY_COUNT))
    ages = [str(a) for a in range(26)]
    hist = _by_ncy(population_table(population, area_code, ages, [period_label(y) for y in fit.years]))
    ahead = _by_ncy(population_table(population, area_code, ages, [period_label(fit.last_year + h)
                                                                   for h in range(1, years + 1)]))
    joined = fit.joiners.sum(axis=0)
    empty = (hist.sum(axis=0) <= 0) & (joined > 0)
    if empty.any():
        ncy = NCYS[np.flatnonzero(empty)[0]]
        raise ArgumentError(f"population must hold persons aged {max(ncy + 4, 0)} in {area_code} for the window's "
                            f"years, where joiners to NCY {ncy} were seen; got none")
    return hist, ahead


def check_area(area_code) -> None:
    """Check an area code argument.

    Parameters
    ----------
    area_code : object
        The value given.

    Raises
    ------
    ArgumentError
        Not a non-blank string.
    """
    if not isinstance(area_code, str) or not area_code.strip():
        raise ArgumentError(f"area_code must be a GSS code such as 'E06000001'; got {area_code!r}")


def check_options(window, weight, population) -> None:
    """Check the options shared by the estimates and the projection.

    Parameters
    ----------
    window : object
        The window given (a whole number of at least 1).
    weight : object
        The prior weight given (a number above 0).
    population : object
        The population given: None or a frame with the columns ``area_code``, ``period``, ``age``,
        ``population``.

    Raises
    ------
    ArgumentError
        Any of them bad.
    """
    whole_number("window", window, 1)
    if not (isinstance(weight, numbers.Real) and not isinstance(weight, bool) and np.isfinite(weight)
            and weight > 0):
        raise ArgumentError(f"prior_weight must be a number above 0 (pseudo-persons); got {weight!r}")
    if population is not None:
        needed = ["area_code", "period", "age", "population"]
        if not isinstance(population, pd.DataFrame) or any(c not in population.columns for c in needed):
            got = list(population.columns) if isinstance(population, pd.DataFrame) else type(population).__name__
            raise ArgumentError(f"population must be a frame of jsnakit.core.schema.POPULATION_COLUMNS (persons by "
                                f"single year of age); got {got!r}")


def transition_rates(transitions: pd.DataFrame, *, window: int = 3, prior_weight: float = 1.0) -> pd.DataFrame:
    """Estimated probabilities of each next state: the Dirichlet posterior means the projection draws around.

    Parameters
    ----------
    transitions : pandas.DataFrame
        Frame of :func:`~jsnakit.sources.transitions.read_transitions`.
    window : int, default 3
        Calendar years of transitions (the latest ones) counted as observations; all years inform the prior.
    prior_weight : float, default 1.0
        Total weight of the prior of each state, in persons (see the notes of :mod:`jsnakit.projection.transitions`).

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
    >>> from jsnakit.projection.transitions import synthetic_transitions
    >>> rates = transition_rates(synthetic_transitions(seed=1, plans=200))
    >>> sums = rates[rates["setting_1"] != NONSEND].groupby(["academic_year_1", "setting_1", "need_1"])["probability"]
    >>> bool(np.allclose(sums.sum(), 1.0))
    True
    """
    frame = check_transitions(transitions)
    check_options(window, prior_weight, None)
    fit = fit_transitions(frame, window=window, weight=prior_weight)
    S, N = len(fit.settings), len(fit.needs)
    setting_of = np.repeat(np.array(fit.settings, dtype=object), N)
    need_of = np.tile(np.array(fit.needs, dtype=object), S)
    source = np.repeat(fit.valid, N, axis=1)                                          # (A, K)
    alpha_next, alpha_leave = fit.alpha_next, fit.alpha_leave
    total = alpha_next.sum(axis=2) + alpha_leave
    a, k, d = np.nonzero((alpha_next > 0) & source[:, :, None])
    nxt = pd.DataFrame({"academic_year_1": NCYS[a], "setting_1": setting_of[k], "need_1": need_of[k],
                        "academic_year_2": NCYS[a] + 1, "setting_2": setting_of[d], "need_2": need_of[d],
                        "observed": fit.obs_next[a, k, d], "prior": fit.weight * fit.q_next[a, k, d],
                        "probability": alpha_next[a, k, d] / total[a, k]})
    a, k = np.nonzero(source)
    out = pd.DataFrame({"academic_year_1": NCYS[a], "setting_1": setting_of[k], "need_1": need_of[k],
                        "academic_year_2": NCYS[a] + 1, "setting_2": NONSEND, "need_2": NONSEND,
                        "observed": fit.obs_leave[a, k], "prior": fit.weight * fit.q_leave[a, k],
                        "probability": alpha_leave[a, k] / total[a, k]})
    mix = fit.alpha_mix
    mix_total = mix.sum(axis=1)
    a, k = np.nonzero(mix > 0)
    joins = pd.DataFrame({"academic_year_1": NCYS[a] - 1, "setting_1": NONSEND, "need_1": NONSEND,
                          "academic_year_2": NCYS[a], "setting_2": setting_of[k], "need_2": need_of[k],
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
        Frame of :func:`~jsnakit.sources.transitions.read_transitions`.
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
        :func:`~jsnakit.projection.transition_projection.project_transitions`), ``years`` (calendar years of the window
        present in the table), ``joiners``
        (persons, window total), ``population`` (persons of the matching age summed over the window's years; NaN
        without a population), ``per_year`` (joiners a year), ``per_head`` (joiners a year per person of that age,
        ``joiners / population``; NaN without a population). The projection's expected joiners are ``per_head``
        times the population ahead, or ``per_year``.

    Raises
    ------
    ArgumentError
        A bad transitions frame or window; a population without ``area_code`` or without persons of an age
        where joiners were seen.

    Examples
    --------
    >>> from jsnakit.projection.transitions import synthetic_transitions
    >>> j = joiner_rates(synthetic_transitions(seed=1, plans=200))
    >>> int(j["joiners"].sum()) > 0, bool(j["per_head"].isna().all())
    (True, True)
    """
    frame = check_transitions(transitions)
    check_options(window, 1.0, population)
    if population is not None:
        check_area(area_code)
    fit = fit_transitions(frame, window=window, weight=1.0)
    hist, _ = population_exposure(fit, population, area_code, 1)
    joined = fit.joiners.sum(axis=0)
    years = len(fit.years)
    if hist is None:
        pop = per_head = np.full(NCY_COUNT, np.nan)
    else:
        pop = hist.sum(axis=0)
        per_head = joined / np.where(pop > 0, pop, 1.0)      # no joiners where no persons (population_exposure checks)
    out = pd.DataFrame({"academic_year": NCYS, "age_band": [_band(n) for n in NCYS], "years": years,
                        "joiners": joined.astype("int64"), "population": pop, "per_year": joined / years,
                        "per_head": per_head})
    return out[JOINER_COLUMNS]
