"""The public interval audit: can any withheld small count be narrowed below the rule from what is published?"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError
from ..core.schema import INDICATOR_COLUMNS
from . import protect
from .cells import cells_of
from .gate import Disclosed, require
from .gate import rounding as gate_rounding

__all__ = ["audit", "AUDIT_COLUMNS"]

#: Columns of :func:`audit`'s result.
AUDIT_COLUMNS = ["cell", "figure", "lower", "upper", "relations"]


def audit(disclosed: Disclosed, original: pd.DataFrame, *more: tuple[Disclosed, pd.DataFrame]) -> pd.DataFrame:
    """The interval audit over everything published together: every small count that can be narrowed below the rule.

    For each count withheld because it is small (and each small complement of a proportion), the smallest and
    largest values it can take, given every figure shown and every published sum among them (the categories of a
    breakdown and their total, LA -> region -> England, a two-way table and its margins; one quantity shown in two
    indicators is one figure), are found by linear programming (:mod:`jsnakit.disclosure.intervals`: the interval
    audit of tau-ARGUS and sdcTable). A withheld count is taken to be at least 1 (zeros are shown), a rounded count
    within half its rounding base. The count is protected when its range is at least the threshold wide.

    Parameters
    ----------
    disclosed : Disclosed
        What is published (:func:`jsnakit.disclosure.apply`).
    original : pandas.DataFrame
        The indicator frame it was made from, rows in the same order.
    *more : tuple of (Disclosed, pandas.DataFrame)
        Further tables published beside it, each with its original (e.g. the need-by-age table of every area).

    Returns
    -------
    pandas.DataFrame
        One row per figure that can be narrowed below the rule (empty when none can): ``cell`` (the count in words),
        ``figure`` (``"count"`` or ``"complement"``), ``lower`` and ``upper`` (persons), ``relations`` (the published
        sums that pin it, in words; ``"shown"`` for a small count that is published outright). ``attrs`` holds
        ``checked`` (figures audited) and ``seconds``.

    Examples
    --------
    >>> from jsnakit.core import schema
    >>> from jsnakit.disclosure import Rules, apply
    >>> f = schema.empty().reindex(range(3)).assign(indicator="ehc_plans", area_code="E09000019",
    ...     period="2024/25", breakdown=["All", "age_band", "age_band"], category=["All", "0-4", "5-10"],
    ...     count=[50.0, 3.0, 47.0], value=[50.0, 3.0, 47.0], comparison="not compared", method="none")
    >>> len(audit(apply(f), f))  # 3 withheld, 47 withheld beside it: 3 is anywhere from 1 to 49
    0
    >>> leaky = apply(f, Rules(secondary=False))
    >>> audit(leaky, f)[["cell", "lower", "upper"]].values.tolist()
    [['EHC plans of Islington in 2024/25 (age_band = 0-4)', 3.0, 3.0]]
    """
    started = time.perf_counter()
    pairs = [(disclosed, original), *more]
    published, originals, rounding = [], [], []
    for shown, frame in pairs:
        shown = require(shown)
        if not isinstance(frame, pd.DataFrame) or list(frame.columns) != INDICATOR_COLUMNS or len(frame) != len(shown):
            raise ArgumentError("audit: each original must be the indicator frame its Disclosed was made from (same "
                                f"columns and rows); got {type(frame).__name__} of {len(frame)} rows for "
                                f"{len(shown)} published")
        published.append(shown.frame.reset_index(drop=True))
        originals.append(frame.reset_index(drop=True))
        rounding.append(gate_rounding(frame, shown.rules))
    threshold = pairs[0][0].rules.threshold
    original = pd.concat(originals, ignore_index=True)
    shown = pd.concat(published, ignore_index=True)
    base = np.concatenate(rounding)
    cells = cells_of(original)
    n = len(cells.cells)
    value = np.full(n, np.nan)
    step = np.full(n, np.inf)
    for column, cell_of in (("count", cells.count_cell), ("denominator", cells.denominator_cell)):
        numbers = shown[column].to_numpy(dtype=float)
        has = (cell_of >= 0) & ~np.isnan(numbers)
        # A cell shown exactly anywhere is known exactly; else the finest rounding it is shown under.
        order = np.argsort(-base[has], kind="stable")
        value[cell_of[has][order]] = numbers[has][order]
        np.minimum.at(step, cell_of[has], base[has])
    unknown = np.isnan(value)
    step = np.where(unknown, 1, step).astype(int)
    _, targets = protect.primary(original, cells, threshold)
    rows = []
    with np.errstate(invalid="ignore"):
        shown_small = np.flatnonzero(~unknown & (step == 1) & (value >= 1) & (value < threshold))
    for cell in shown_small:
        rows.append((cells.describe(cell), "count", value[cell], value[cell], "shown"))
    result = protect.ranges(cells, unknown, targets, threshold, step, np.nan_to_num(value))
    labels = cells.relations["label"]
    for target in result[protect.narrowable(result, threshold)].itertuples():
        cell = target.plus if target.minus < 0 else target.minus
        rows.append((cells.describe(cell), "count" if target.minus < 0 else "complement", target.lower,
                     target.upper, "; ".join(labels.reindex(list(target.relations)).tolist())))
    out = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    out.attrs["checked"] = int(len(targets))
    out.attrs["seconds"] = time.perf_counter() - started
    return out
