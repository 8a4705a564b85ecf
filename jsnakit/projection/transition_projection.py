"""The state-transition projection, :func:`project_transitions`: the fit (:mod:`.transition_fit`) as flat arrays,
the simulation year by year (or its deterministic expectation), and the tidy frame of every combination of age,
setting and need.

The model is described in the notes of :mod:`jsnakit.projection.transitions`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from ..sources.transitions import check_transitions
from .common import PROJECTION_COLUMNS, summarise_draws, whole_number
from .transition_fit import (NCY_COUNT, TransitionFit, check_area, check_options, fit_transitions, period_label,
                             population_exposure)

__all__ = ["project_transitions", "TRANSITION_PROJECTION_COLUMNS", "AGE_BANDS", "SCENARIO"]

#: Columns of :func:`project_transitions`: :data:`jsnakit.projection.PROJECTION_COLUMNS` with ``setting`` after
#: ``need``.
TRANSITION_PROJECTION_COLUMNS = PROJECTION_COLUMNS[:4] + ["setting"] + PROJECTION_COLUMNS[4:]

#: Age groups of :func:`project_transitions`, labelled as the SEN2 single ages (``jsnakit.projection.SEN2_AGES``):
#: age on 31 August at the start of the academic year = NCY + 4, ages 0-2 (NCY -5 to -2) together.
AGE_BANDS = ["under 3"] + [str(a) for a in range(3, 26)]
#: Name given to the projection in the ``scenario`` column.
SCENARIO = "transition rates held"

_BAND_STARTS = np.array([0] + list(range(4, NCY_COUNT)))             # NCY index where each of AGE_BANDS starts
#: Elements per simulation block (bounds memory: ~8 arrays of this many float64 at once).
_BLOCK_CELLS = 2_000_000


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


def _arrays(fit: TransitionFit, exposure: np.ndarray, ahead: np.ndarray) -> _Arrays:
    K = fit.K
    R = NCY_COUNT * K
    # Only states of a setting valid at the NCY can hold anyone (starts, joins and moves all land in valid ones).
    source = np.repeat(fit.valid, len(fit.needs), axis=1)                              # (A, K)
    alpha_next = fit.alpha_next * source[:, :, None]
    alpha_next[NCY_COUNT - 1] = 0.0
    leave = fit.alpha_leave * source
    leave[NCY_COUNT - 1] = 1.0                                       # aged 25: everyone leaves
    idx = np.arange(K)
    stay = alpha_next[:, idx, idx].copy()
    alpha_next[:, idx, idx] = 0.0
    a, k, d = np.nonzero(alpha_next)
    rows = a * K + k
    move_ptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=R))])
    mix = fit.alpha_mix
    ma, mk = np.nonzero(mix)
    mix_ptr = np.concatenate([[0], np.cumsum(np.bincount(ma, minlength=NCY_COUNT))])
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
    return np.add.reduceat(state.reshape(len(state), NCY_COUNT, K), _BAND_STARTS, axis=1)


def _simulate(arr: _Arrays, *, years: int, simulations: int, rng: np.random.Generator) -> np.ndarray:
    """Simulated caseloads, (simulations, years, len(AGE_BANDS), K) persons."""
    K = arr.K
    R = NCY_COUNT * K
    T, M = len(arr.move), len(arr.mix)
    out = np.empty((simulations, years, len(AGE_BANDS), K), dtype=np.int32)
    block = int(max(1, min(simulations, _BLOCK_CELLS // (T + 2 * R + M + NCY_COUNT))))
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
        rate = rng.standard_gamma(arr.joined, size=(B, NCY_COUNT)) / safe_exposure
        g_mix = rng.standard_gamma(arr.mix, size=(B, M))
        _, mix_keys = _segment_cdf(g_mix, arr.mix_ptr, arr.mix_ncy, NCY_COUNT)
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
                owners = np.repeat(np.arange(B * NCY_COUNT), counts)
                item = _pick(mix_keys, owners, arr.mix_ptr, NCY_COUNT, M, rng)
                nxt += np.bincount(owners // NCY_COUNT * R + arr.mix_to[item], minlength=B * R)
            state = nxt
            out[first:first + B, h] = _bands(state.reshape(B, R), K)
    return out


def _expect(arr: _Arrays, *, years: int) -> np.ndarray:
    """The deterministic path: every draw replaced by its expectation, (1, years, len(AGE_BANDS), K)."""
    K = arr.K
    R = NCY_COUNT * K
    total = arr.stay + arr.leave + np.bincount(arr.move_row, weights=arr.move, minlength=R)
    total = np.where(total > 0, total, 1.0)                          # states that never hold anyone
    p_stay = arr.stay / total
    p_move = arr.move / total[arr.move_row]
    mix_total = np.bincount(arr.mix_ncy, weights=arr.mix, minlength=NCY_COUNT)
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
        values[h] = summarise_draws(np.concatenate(blocks, axis=1))
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
        Frame of :func:`~jsnakit.sources.transitions.read_transitions`. The caseload projected from is the ``_2`` side
        of its latest calendar
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
        Weight of each state's prior (and of each NCY's joiner-mix prior), in persons; see the notes of
        :mod:`jsnakit.projection.transitions`.
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
    >>> from jsnakit.projection.transitions import synthetic_transitions
    >>> t = synthetic_transitions(seed=1, plans=200)
    >>> fan = project_transitions(t, area_code="E06000001", years=2, uncertainty=False)
    >>> total = fan[(fan["age_band"] == "All") & (fan["need"] == "All") & (fan["setting"] == "All")]
    >>> list(total["period"])
    ['2024/25', '2025/26']
    >>> fan = project_transitions(read_transitions("transitions.csv"), population,
    ...                           area_code="E06000001")  # doctest: +SKIP
    """
    frame = check_transitions(transitions)
    check_area(area_code)
    check_options(window, prior_weight, population)
    years = whole_number("years", years, 1, 50)
    simulations = whole_number("simulations", simulations, 1)
    seed = whole_number("seed", seed, 0)
    if not isinstance(uncertainty, (bool, np.bool_)):
        raise ArgumentError(f"uncertainty must be True or False; got {uncertainty!r}")
    fit = fit_transitions(frame, window=window, weight=prior_weight)
    hist, ahead = population_exposure(fit, population, area_code, years)
    exposure = hist.sum(axis=0) if hist is not None else np.full(NCY_COUNT, float(len(fit.years)))
    arr = _arrays(fit, exposure, ahead)
    if uncertainty:
        draws = _simulate(arr, years=years, simulations=simulations, rng=np.random.default_rng(seed))
    else:
        draws = _expect(arr, years=years)
    periods = [period_label(fit.last_year + h) for h in range(1, years + 1)]
    return _frame(draws, area_code, periods, fit.settings, fit.needs)
