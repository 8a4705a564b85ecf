"""Which cells to withhold: the small counts (primary suppression) and the fewest, smallest others that keep them
from being worked out (secondary, or complementary, suppression).

Secondary suppression runs in two stages, as the usual heuristics do (Hundepool et al. 2012, *Statistical
Disclosure Control*, section 4.2-4.3):

1. **Sums one by one.** For every published sum holding a withheld count, the withheld cells' share of it must be
   at least the threshold wider than the counts' known floors (a withheld count is at least 1, so two withheld
   cells adding to 5 still pin each between 1 and 4); a sum with a lone withheld cell, or a withheld total whose
   parts are all shown, always gets one more. The cell added is the smallest count shown in that sum (the least
   information lost), ties going to the first cell of the frame, so the result is the same however it is run.
2. **Everything at once.** The interval audit (:func:`ranges`) then solves for every small count's range over
   every published sum together; where one can still be narrowed below the threshold, the smallest count shown in a
   sum that binds it (or, when those show none, in a sum one withheld cell further out) is withheld too, and the
   audit runs again on the counts still narrow (withholding only widens a range) until none is.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import DisclosureError
from .cells import Cells
from .intervals import intervals

__all__ = ["primary", "rows_withheld", "unknown_cells", "knowledge", "ranges", "complementary", "narrowable",
           "cell_steps"]

_MAX_ROUNDS = 500


def primary(frame: pd.DataFrame, cells: Cells, threshold: int) -> tuple[np.ndarray, pd.DataFrame]:
    """The cells withheld because they are small, and the figures that must stay protected.

    A count (or denominator) from 1 to ``threshold - 1`` is withheld; so is the count of a proportion (method
    ``"Wilson"``) whose complement (denominator minus count: the people *without* the characteristic) is that small.

    Returns
    -------
    withheld : numpy.ndarray of bool
        By cell id.
    targets : pandas.DataFrame
        ``plus, minus``: each protected figure is ``x[plus] - x[minus]`` (``minus`` -1: the cell itself).
    """
    raw = cells.cells["raw"].to_numpy(dtype=float)
    small = (raw >= 1) & (raw < threshold)
    withheld = small.copy()
    count, den = cells.count_cell, cells.denominator_cell
    rows = (frame["method"].to_numpy() == "Wilson") & (count >= 0) & (den >= 0)
    complement = np.full(len(frame), np.nan)
    complement[rows] = raw[den[rows]] - raw[count[rows]]
    with np.errstate(invalid="ignore"):
        comp_rows = rows & (complement >= 1) & (complement < threshold)
    withheld[count[comp_rows]] = True
    targets = pd.concat([pd.DataFrame({"plus": np.flatnonzero(small), "minus": -1}),
                         pd.DataFrame({"plus": den[comp_rows], "minus": count[comp_rows]})], ignore_index=True)
    return withheld, targets.drop_duplicates().reset_index(drop=True)


def cell_steps(cells: Cells, step: np.ndarray) -> np.ndarray:
    """Each cell's rounding base (persons) from its rows' (``step``, by row): the finest, since a cell shown exactly
    anywhere is known exactly."""
    out = np.full(len(cells.cells), np.iinfo(np.int64).max)
    for column in (cells.count_cell, cells.denominator_cell):
        has = column >= 0
        np.minimum.at(out, column[has], step[has])
    return np.where(out == np.iinfo(np.int64).max, 1, out)


def ranges(cells: Cells, unknown: np.ndarray, targets: pd.DataFrame, threshold: int, round_to=None,
           published: np.ndarray | None = None) -> pd.DataFrame:
    """The range of each target over everything published (:func:`jsnakit.disclosure.intervals.intervals`), in
    two passes.

    First every shown count is credited at its true value, a rounded one too: the attacker is credited with more
    than is published, which can only narrow a range, so a target wide there is protected; and with the unknowns
    only the withheld cells, the published sums fall into small components that solve fast. Then, where anything
    is rounded, the targets left narrow are solved again with each rounded count known only within half its base
    (:func:`knowledge`), which is their exact range.

    Parameters
    ----------
    unknown : numpy.ndarray of bool
        By cell: withheld (:func:`unknown_cells`).
    round_to : numpy.ndarray, optional
        Each cell's rounding base (:func:`cell_steps`); None for none.
    published : numpy.ndarray, optional
        Each shown cell's published figure; default the true counts rounded to ``round_to``, as
        :func:`jsnakit.disclosure.apply` rounds them.

    Returns
    -------
    pandas.DataFrame
        ``targets`` with ``lower``, ``upper`` and ``relations`` (:func:`jsnakit.disclosure.intervals.intervals`).
    """
    if not len(targets):
        return targets.assign(lower=[], upper=[], relations=[])
    raw = cells.cells["raw"].to_numpy(dtype=float)
    low, high = knowledge(cells, unknown, threshold)
    result = intervals(cells, low, high, targets, threshold, point=raw)
    narrow = narrowable(result, threshold)
    if narrow.any() and round_to is not None and (np.asarray(round_to) > 1).any():
        if published is None:  # as apply rounds them
            published = np.where(round_to > 1, np.round(raw / round_to) * round_to, raw)
        low, high = knowledge(cells, unknown, threshold, round_to, published)
        again = intervals(cells, low, high, targets[narrow], threshold, point=raw)
        result.loc[again.index, ["lower", "upper", "relations"]] = again[["lower", "upper", "relations"]]
    return result


def rows_withheld(cells: Cells, withheld: np.ndarray) -> np.ndarray:
    """Rows of the frame whose count or denominator is a withheld cell."""
    out = np.zeros(len(cells.count_cell), dtype=bool)
    for column in (cells.count_cell, cells.denominator_cell):
        has = column >= 0
        out[has] |= withheld[column[has]]
    return out


def unknown_cells(cells: Cells, row_withheld: np.ndarray) -> np.ndarray:
    """Cells published in no row that is shown (withheld cells, and cells only found in withheld rows)."""
    shown = np.zeros(len(cells.cells), dtype=bool)
    for column in (cells.count_cell, cells.denominator_cell):
        has = (column >= 0) & ~row_withheld
        shown[column[has]] = True
    return ~shown


def knowledge(cells: Cells, unknown: np.ndarray, threshold: int, round_to=None,
              published: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """What an attacker knows of each cell before any sum: ``low, high`` (persons).

    A shown count is exact, or within half the rounding base of the figure shown (and at least ``threshold``, since
    smaller counts are withheld, unless it shows 0). A withheld count is at least 1 (zeros are shown as zeros; a
    withheld zero, found only in withheld rows, at least 0) and has no upper limit of its own.
    """
    raw = cells.cells["raw"].to_numpy(dtype=float)
    shown = raw if published is None else published
    low = np.where(unknown, np.minimum(1.0, raw), shown)
    high = np.where(unknown, np.inf, shown)
    step = np.broadcast_to(np.asarray(1 if round_to is None else round_to), raw.shape)
    rounded = ~unknown & (shown > 0) & (step > 1)
    if rounded.any():
        half = (step // 2).astype(float)
        low = np.where(rounded, np.maximum(shown - half, threshold), low)
        high = np.where(rounded, shown + half, high)
    return low, high


def narrowable(result: pd.DataFrame, threshold: int) -> pd.Series:
    """Targets whose range (``upper - lower``) is narrower than the threshold."""
    return (result["upper"] - result["lower"]) < threshold - 1e-6


def complementary(cells: Cells, withheld: np.ndarray, targets: pd.DataFrame, threshold: int,
                  round_to=None) -> tuple[np.ndarray, pd.DataFrame]:
    """Secondary suppression: add the fewest, smallest cells until no target can be narrowed below ``threshold``.

    Parameters
    ----------
    round_to : numpy.ndarray, optional
        Each cell's rounding base (:func:`cell_steps`); None for none.

    Returns
    -------
    withheld : numpy.ndarray of bool
        The primary cells and the ones added, by cell id.
    result : pandas.DataFrame
        The final interval audit of every target (:func:`ranges`).
    """
    withheld = withheld.copy()
    sensitive = np.zeros(len(withheld), dtype=bool)
    sensitive[targets["plus"].to_numpy()] = True
    minus = targets["minus"].to_numpy()
    sensitive[minus[minus >= 0]] = True
    raw = cells.cells["raw"].to_numpy(dtype=float)
    result, todo = None, targets
    for _ in range(_MAX_ROUNDS):
        withheld = _one_by_one(cells, withheld, sensitive, threshold)
        unknown = unknown_cells(cells, rows_withheld(cells, withheld))
        # Only the targets still narrow are solved again: withholding a count can only widen a range (every point
        # that satisfied the sums still does), so a target once protected stays protected.
        now = ranges(cells, unknown, todo, threshold, round_to)
        if result is None:
            result = now
        else:
            result.loc[now.index, ["lower", "upper", "relations"]] = now[["lower", "upper", "relations"]]
        bad = result[narrowable(result, threshold)]
        if bad.empty:
            return withheld, result
        todo = targets.loc[bad.index]
        added = _repair(cells, unknown, raw, bad)
        if not added:
            raise DisclosureError(f"secondary suppression could not protect {len(bad)} small count(s): every count "
                                  f"in the sums that pin them is already withheld")
        withheld[list(added)] = True
    raise DisclosureError(f"secondary suppression did not settle in {_MAX_ROUNDS} rounds")


def _one_by_one(cells: Cells, withheld: np.ndarray, sensitive: np.ndarray, threshold: int) -> np.ndarray:
    """Stage 1: each published sum on its own (see the module's docstring)."""
    withheld = withheld.copy()
    raw = cells.cells["raw"].to_numpy(dtype=float)
    m = cells.members
    if m.empty:
        return withheld
    kind = cells.relations["kind"].reindex(m["relation"]).to_numpy()
    for _ in range(_MAX_ROUNDS):
        unknown = unknown_cells(cells, rows_withheld(cells, withheld))
        cell = m["cell"].to_numpy()
        part = m["coef"].to_numpy() > 0
        unk = unknown[cell]
        frame = pd.DataFrame({
            "relation": m["relation"].to_numpy(),
            "unknown_part": part & unk,
            "floor": np.where(part & unk, np.minimum(1.0, raw[cell]), 0.0),
            "shown_part": np.where(part & ~unk, raw[cell], 0.0),
            "sensitive": part & unk & sensitive[cell],
            "total": np.where(~part, raw[cell], 0.0),
            "total_unknown": ~part & unk,
        })
        stats = frame.groupby("relation").sum()
        is_eq = pd.Series(kind, index=m["relation"].to_numpy()).groupby(level=0).first().reindex(stats.index) == "="
        n = stats["unknown_part"]
        width = stats["total"] - stats["shown_part"] - stats["floor"]
        total_known = stats["total_unknown"] == 0
        fails = total_known & (((n == 1) & is_eq) | ((stats["sensitive"] > 0) & (width < threshold - 1e-6)))
        fails |= ~total_known & (n == 0) & is_eq
        failing = stats.index[fails]
        if len(failing) == 0:
            return withheld
        pool = pd.DataFrame({"relation": m["relation"].to_numpy(), "cell": cell, "raw": raw[cell], "part": part})
        pool = pool[pool["relation"].isin(failing) & ~unk & (pool["raw"] >= 1)]
        # Parts first (smallest first), then the total when no part is left.
        pool = pool.assign(order=~pool["part"]).sort_values(["relation", "order", "raw", "cell"], kind="stable")
        chosen = pool.groupby("relation").head(1)["cell"].to_numpy()
        if len(chosen) == 0 or withheld[chosen].all():
            return withheld
        withheld[chosen] = True
    raise DisclosureError(f"secondary suppression did not settle in {_MAX_ROUNDS} rounds")


def _repair(cells: Cells, unknown: np.ndarray, raw: np.ndarray, bad: pd.DataFrame) -> set[int]:
    """Stage 2: for each narrowable target, the smallest shown count in a sum that binds it; when those sums show
    none, in the sums one withheld cell further out, and so on."""
    m = cells.members
    added: set[int] = set()
    cell = m["cell"].to_numpy()
    shown = m[~unknown[cell] & (raw[cell] >= 1)]
    hidden = m[unknown[cell]]
    for target in bad.itertuples():
        mine = [c for c in (target.plus, target.minus) if c >= 0]
        sums = set(target.relations) or set(m.loc[m["cell"].isin(mine), "relation"])
        seen = set(sums)
        pool = shown[shown["relation"].isin(sums)]
        while pool.empty and sums:
            further = set(m.loc[m["cell"].isin(hidden.loc[hidden["relation"].isin(sums), "cell"]), "relation"])
            sums = further - seen
            seen |= sums
            pool = shown[shown["relation"].isin(sums)]
        if pool.empty:
            continue
        pool = pool.assign(raw=raw[pool["cell"].to_numpy()], order=pool["coef"] < 0)
        added.add(int(pool.sort_values(["order", "raw", "cell"], kind="stable")["cell"].iloc[0]))
    return added
