"""The named scenarios of the cohort model: assumptions about the joining and leaving rates ahead (rates held, the
recent trend, converging to England, to the statistical neighbours or to a benchmark).

Each scenario turns a :class:`~jsnakit.projection.cohort_kernels.CohortFit` into the expected rates of every year
ahead; :func:`jsnakit.projection.project` and :func:`jsnakit.projection.backtest` choose one by name
(:func:`get_scenario`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.errors import ArgumentError
from .cohort_kernels import CohortFit

__all__ = ["Scenario", "SCENARIOS", "DAMPING", "PUBLISHED_SCENARIO", "SPLIT_SCENARIO", "get_scenario", "damped_steps"]

#: The scenario the factsheet publishes and the back-test checks: the area's total from the pooled growth model
#: (:mod:`jsnakit.projection.pooled_growth`), split by age and need as the cohort model's recent trend splits it.
PUBLISHED_SCENARIO = "recent growth"
#: The cohort scenario whose path splits the published total by age group and need, and against which every other
#: scenario's path is set (a what-if is the published projection times its path over this one's total).
SPLIT_SCENARIO = "recent trend"

#: Damping of the continued trend (phi of FPP3 section 8.2): the growth of year h ahead is phi^h times today's.
DAMPING = 0.8


@dataclass(frozen=True)
class Scenario:
    """A named assumption about the joining and leaving rates ahead.

    ``rates(fit, years, context)`` returns the expected joining and leaving rates, each (years, groups).
    """

    name: str
    description: str
    rates: object


def _held(fit: CohortFit, years: int, context: dict):
    join, leave = fit.held()
    return np.tile(join, (years, 1)), np.tile(leave, (years, 1))


def damped_steps(years: int, damping: float, offset: float) -> np.ndarray:
    """Cumulative damped steps sum_{i=1..h} phi^i (FPP3 8.2), plus the offset of the held level (undamped).

    Parameters
    ----------
    years : int
        Years ahead.
    damping : float
        phi (1: undamped).
    offset : float
        Added to every step (the years by which the held level lags the origin).

    Returns
    -------
    numpy.ndarray
        The steps of years 1..``years``.
    """
    return offset + np.cumsum(damping ** np.arange(1, years + 1))


def _trend(fit: CohortFit, years: int, context: dict):
    join, leave = fit.held()
    # The held level is the mean of the last `recent` years, centred (recent - 1) / 2 years before the origin.
    steps = damped_steps(years, context.get("damping", 1.0), (fit.recent - 1) / 2)
    return join[None, :] * np.exp(fit.trend() * steps)[:, None], np.tile(leave, (years, 1))


def _converge(target_join: np.ndarray, target_leave: np.ndarray | None, fit: CohortFit, years: int, over: int):
    join, leave = fit.held()
    weight = np.minimum(np.arange(1, years + 1) / over, 1.0)[:, None]
    join_path = join + (target_join - join) * weight
    leave_path = leave + ((target_leave if target_leave is not None else leave) - leave) * weight
    return join_path, leave_path


def _to_england(fit: CohortFit, years: int, context: dict):
    england = context.get("england")
    if england is None:
        raise ArgumentError("scenario 'converge to England' needs England's caseload (E92000001) in caseload and "
                            "population for England; got none")
    join, leave = england.held()
    return _converge(join, leave, fit, years, context["converge_years"])


def _to_neighbours(fit: CohortFit, years: int, context: dict):
    peers = context.get("neighbours")
    if not peers:
        raise ArgumentError("scenario 'converge to neighbours' needs neighbours= (statistical neighbours, "
                            "jsnakit.core.schema.NEIGHBOUR_COLUMNS), population and the neighbours' caseload by "
                            "the same age groups and years; got none of the area's neighbours")
    held = [peer.own() for peer in peers]
    return _converge(np.median([h[0] for h in held], axis=0), np.median([h[1] for h in held], axis=0), fit, years,
                     context["converge_years"])


def _to_benchmark(fit: CohortFit, years: int, context: dict):
    target = context.get("benchmark")
    if target is None:
        raise ArgumentError("scenario 'converge to benchmark' needs benchmark= (new plans a year per 10,000 "
                            "population, by age group); got None")
    return _converge(target, None, fit, years, context["converge_years"])


#: Named scenarios; pass the name as ``scenario=`` to :func:`jsnakit.projection.project`. Multipliers
#: (``multipliers=``) apply on top of any of them.
SCENARIOS = {s.name: s for s in [
    Scenario(PUBLISHED_SCENARIO, "the published projection: the area's total caseload grows as the pooled "
             "autoregression of every local authority's yearly growth forecasts it (back-tested), split by age and "
             "need as the recent trend of the cohort model splits it", _trend),
    Scenario("rates held", "joining and leaving rates held at the mean of the last `recent` years", _held),
    Scenario("recent trend", "the yearly log growth of the overall joining rate over the window continued, damped "
             "by `damping` a year (FPP3 8.2); leaving rates held",
             _trend),
    Scenario("converge to England", "joining and leaving rates moving in a straight line to England's (held) rates, "
             "reached after `converge_years`", _to_england),
    Scenario("converge to neighbours", "joining and leaving rates moving in a straight line to the median of the "
             "statistical neighbours' own held rates (joiners per head of population), reached after "
             "`converge_years`", _to_neighbours),
    Scenario("converge to benchmark", "joining rates moving in a straight line to the given benchmark rates "
             "(per 10,000 population), reached after `converge_years`; leaving rates held", _to_benchmark),
]}


def get_scenario(name) -> Scenario:
    """The scenario of a name in :data:`SCENARIOS`.

    Parameters
    ----------
    name : str
        A key of :data:`SCENARIOS`.

    Returns
    -------
    Scenario
        The scenario.

    Raises
    ------
    ArgumentError
        An unknown name; the message lists the known ones.
    """
    if name not in SCENARIOS:
        known = ", ".join(repr(k) for k in sorted(SCENARIOS))
        raise ArgumentError(f"scenario must be one of {known}; got {name!r}")
    return SCENARIOS[name]
