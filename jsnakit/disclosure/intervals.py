"""The interval audit: how far an attacker can narrow each withheld count from everything published.

This is the audit statistical offices run on their tables (tau-ARGUS's and sdcTable's interval audit; Fischetti and
Salazar-González 2000, "Models and algorithms for optimizing cell suppression in tabular data with linear
constraints", JASA 95:916-928; Hundepool et al. 2012, *Statistical Disclosure Control*, Wiley, section 4.2). Every
withheld count is an unknown; every published sum among the cells (:mod:`jsnakit.disclosure.cells`) is a linear
constraint; a published count is a constant, or an interval when published rounded. The smallest and largest value
each withheld count (or complement) can take are two linear programmes, solved by HiGHS (Huangfu and Hall 2018,
"Parallelizing the dual revised simplex method", Math. Prog. Comp. 10:119-142) through its own Python interface,
``highspy``: the solver scipy's ``linprog`` wraps, used directly because one model per component is kept and only its
objective changes between programmes, each warm-started from the last basis by the primal simplex (a changed
objective leaves the last basis feasible; about thirty times faster than a fresh ``linprog`` per programme, and six
times faster than the dual simplex on the largest components). The unknowns fall into independent components (cells
that share no published sum cannot narrow each other), and each component is solved on its own.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import contextlib
import os
import sys

import highspy
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .cells import Cells

__all__ = ["intervals"]

_TOLERANCE = 1e-6


def intervals(cells: Cells, low: np.ndarray, high: np.ndarray, targets: pd.DataFrame, threshold: float = np.inf,
              point: np.ndarray | None = None) -> pd.DataFrame:
    """The range of each target (``x[plus] - x[minus]``) over every value of the cells consistent with what is
    published.

    Parameters
    ----------
    cells : Cells
        The cells and the published sums among them.
    low, high : numpy.ndarray
        What an attacker knows of each cell before the sums (persons): equal for a published count, the rounding
        interval for a rounded one, ``[1, inf)`` for a withheld count (published zeros are zeros, so a withheld count
        is at least 1; 0 for a withheld zero).
    targets : pandas.DataFrame
        ``plus`` and ``minus`` cell ids (``minus`` -1 for none).
    threshold : float, default inf
        A target seen to take values at least this far apart is not solved to its ends (it is protected); inf
        solves every range exactly.
    point : numpy.ndarray, optional
        By cell, values known to satisfy every sum (the true counts): a first point of each range, which often
        spares one of its two programmes.

    Returns
    -------
    pandas.DataFrame
        ``targets`` with ``lower`` and ``upper`` (persons; ``upper`` inf when unbounded): the exact range of a target
        narrower than ``threshold``, values it can take (so a range at least that wide) for the others; and
        ``relations``: the ids of the published sums that bind at either end (empty when none does).
    """
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    free = low < high
    members = cells.members
    relations = cells.relations
    on_free = free[members["cell"].to_numpy()]
    live = np.unique(members["relation"].to_numpy()[on_free])
    m = members[members["relation"].isin(live)]
    # Variables: the free cells of live relations, numbered 0..n-1.
    var_cells = np.unique(m["cell"].to_numpy()[free[m["cell"].to_numpy()]])
    var_of = pd.Series(np.arange(len(var_cells)), index=var_cells)
    rel_of = pd.Series(np.arange(len(live)), index=live)
    is_var = free[m["cell"].to_numpy()]
    rows = rel_of.reindex(m["relation"].to_numpy()).to_numpy()
    coef = m["coef"].to_numpy(dtype=float)
    # sum(coef x var) = -sum(coef x fixed) (or <=)
    fixed_part = np.zeros(len(live))
    np.add.at(fixed_part, rows[~is_var], coef[~is_var] * low[m["cell"].to_numpy()[~is_var]])
    rhs = -fixed_part
    cols = var_of.reindex(m["cell"].to_numpy()[is_var]).to_numpy()
    matrix = sparse.csr_matrix((coef[is_var], (rows[is_var], cols)), shape=(len(live), len(var_cells)))
    kinds = relations["kind"].reindex(live).to_numpy()
    # Components: variables linked through a shared relation.
    adjacency = (matrix.T != 0).astype(int) @ (matrix != 0).astype(int)
    _, comp_of = connected_components(adjacency, directed=False)
    out = targets[["plus", "minus"]].copy()
    out["lower"] = np.nan
    out["upper"] = np.nan
    out["relations"] = [() for _ in range(len(out))]
    var_bounds = np.column_stack([low[var_cells], np.where(np.isinf(high[var_cells]), np.inf, high[var_cells])])
    plus = out["plus"].to_numpy()
    minus = out["minus"].to_numpy()
    plus_var = var_of.reindex(plus).to_numpy(dtype=float)
    minus_var = var_of.reindex(minus).to_numpy(dtype=float)
    # A target none of whose free cells sits in a live relation: its range is what is known of its cells.
    for i in np.flatnonzero(np.isnan(plus_var) & np.isnan(minus_var)):
        lo_p, hi_p = low[plus[i]], high[plus[i]]
        lo_m, hi_m = (low[minus[i]], high[minus[i]]) if minus[i] >= 0 else (0.0, 0.0)
        out.iloc[i, out.columns.get_loc("lower")] = lo_p - hi_m
        out.iloc[i, out.columns.get_loc("upper")] = hi_p - lo_m
    comp_ext = np.append(comp_of, -1)  # position -1: a target cell that is not a variable
    plus_comp = comp_ext[np.where(np.isnan(plus_var), -1, plus_var).astype(int)]
    minus_comp = comp_ext[np.where(np.isnan(minus_var), -1, minus_var).astype(int)]
    target_comp = np.where(plus_comp >= 0, plus_comp, minus_comp)
    rel_comp = np.full(len(live), -1)
    nz = matrix.tocoo()
    rel_comp[nz.row] = comp_of[nz.col]
    solve = np.unique(target_comp[target_comp >= 0])
    lower = out["lower"].to_numpy(dtype=float, copy=True)
    upper = out["upper"].to_numpy(dtype=float, copy=True)
    found = out["relations"].to_numpy(copy=True)
    for comp in solve:
        mine = np.flatnonzero(target_comp == comp)
        comp_vars = np.flatnonzero(comp_of == comp)
        comp_rels = np.flatnonzero(rel_comp == comp)
        sub = matrix[comp_rels][:, comp_vars]
        eq = kinds[comp_rels] == "="
        solver = _Solver(sub, np.where(eq, rhs[comp_rels], -np.inf), rhs[comp_rels], var_bounds[comp_vars])
        _solve_group(solver, mine, comp_vars, comp_rels, var_cells, low, high, plus, minus, point, threshold, live,
                     lower, upper, found)
    out["lower"] = lower
    out["upper"] = upper
    out["relations"] = found
    return out


def _solve_group(solver, mine, group_vars, group_rels, var_cells, low, high, plus, minus, point, threshold, live,
                 lower, upper, found) -> None:
    """The range of each target of ``mine`` over one programme (fills ``lower``, ``upper``, ``found``)."""
    local = pd.Series(np.arange(len(group_vars)), index=var_cells[group_vars])
    objective = np.zeros((len(mine), len(group_vars)))
    offset = np.zeros((len(mine), 2))
    for k, i in enumerate(mine):
        for cell, sign in ((plus[i], 1.0), (minus[i], -1.0)):
            if cell < 0:
                continue
            if cell in local.index:
                objective[k, local[cell]] += sign
            else:  # fixed, or free in no live relation: its own bounds
                offset[k] += (low[cell], high[cell]) if sign > 0 else (-high[cell], -low[cell])
    # Every solution is a point the attacker cannot rule out: a target seen to span the threshold at such points is
    # protected without its own programmes (its range is at least that wide). Only the others are solved to the
    # end, and their exact range is what the audit reports.
    seen_low = np.full(len(mine), np.inf)
    seen_high = np.full(len(mine), -np.inf)
    binding = [set() for _ in mine]

    def look(x):
        values = objective @ x
        np.minimum(seen_low, values, out=seen_low)
        np.maximum(seen_high, values, out=seen_high)

    if point is not None:
        look(point[var_cells[group_vars]])
    if len(mine) > 2:  # first the points that spread them all at once
        for maximise in (True, False):
            status, x, _ = solver.solve(objective.sum(axis=0), maximise)
            if status == "optimal":
                look(x)
    for k in range(len(mine)):
        for end, maximise in ((1, True), (0, False)):
            with np.errstate(invalid="ignore"):
                if seen_high[k] - seen_low[k] + offset[k, 1] - offset[k, 0] >= threshold:
                    break
            status, x, duals = solver.solve(objective[k], maximise)
            if status == "unbounded":
                (seen_high if end else seen_low)[k] = np.inf if end else -np.inf
                continue
            look(x)
            binding[k] |= set(live[group_rels[np.abs(duals) > _TOLERANCE]].tolist())
    for k, i in enumerate(mine):
        lower[i] = seen_low[k] + offset[k, 0]
        upper[i] = seen_high[k] + offset[k, 1]
        found[i] = tuple(sorted(binding[k]))


class _Solver:
    """One component's programme kept in HiGHS: ``lhs <= A x <= rhs``, ``bounds``; only the objective changes."""

    def __init__(self, matrix: sparse.csr_matrix, lhs: np.ndarray, rhs: np.ndarray, bounds: np.ndarray):
        self.highs = _highs()
        lp = highspy.HighsLp()
        csc = sparse.csc_matrix(matrix)
        lp.num_col_, lp.num_row_ = csc.shape[1], csc.shape[0]
        lp.col_cost_ = np.zeros(csc.shape[1])
        lp.col_lower_ = bounds[:, 0].astype(float)
        lp.col_upper_ = np.where(np.isinf(bounds[:, 1]), highspy.kHighsInf, bounds[:, 1]).astype(float)
        lp.row_lower_ = np.where(np.isinf(lhs), -highspy.kHighsInf, lhs).astype(float)
        lp.row_upper_ = rhs.astype(float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
        lp.a_matrix_.index_ = csc.indices.astype(np.int32)
        lp.a_matrix_.value_ = csc.data.astype(float)
        self.highs.passModel(lp)
        self.columns = np.arange(csc.shape[1], dtype=np.int32)

    def solve(self, cost: np.ndarray, maximise: bool) -> tuple[str, np.ndarray, np.ndarray]:
        """``("optimal", x, row duals)`` or ``("unbounded", None, None)``."""
        h = self.highs
        h.changeColsCost(len(cost), self.columns, np.asarray(cost, dtype=float))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
        h.run()
        status = h.getModelStatus()
        if status not in _SETTLED:  # primal simplex stalled (it can, on a large degenerate programme): start afresh
            h.setOptionValue("simplex_strategy", 1)  # dual
            h.clearSolver()
            h.run()
            status = h.getModelStatus()
            h.setOptionValue("simplex_strategy", 4)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return "unbounded", None, None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"interval audit: HiGHS could not solve a component ({h.modelStatusToString(status)})")
        solution = h.getSolution()
        return "optimal", np.asarray(solution.col_value), np.asarray(solution.row_dual)


_SETTLED = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible)
_QUIET = []


def _highs() -> highspy.Highs:
    """A silent HiGHS instance (HiGHS prints its banner when the first one is made, before any option can be set:
    that once, the process's standard output is held shut)."""
    if _QUIET:
        highs = highspy.Highs()
    else:
        with _stdout_closed():
            highs = highspy.Highs()
        _QUIET.append(True)
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve", "off")  # keep the basis between programmes: each starts where the last ended
    highs.setOptionValue("simplex_strategy", 4)  # primal: a changed objective leaves the last basis feasible
    return highs


@contextlib.contextmanager
def _stdout_closed():
    sys.stdout.flush()
    try:
        fd = os.dup(1)
    except OSError:  # no standard output to hold
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(fd, 1)
        os.close(fd)
