"""What a table of counts publishes, as disclosure control sees it: cells (quantities of people) and the sums that
tie them together.

An indicator frame publishes each count twice over or more: the pupils with an EHC plan and autism are the
``count`` of ``ehc_need_share`` and of ``ehc_pupils_pct`` by need; all pupils with a plan are the denominator of the
first and the ``All`` count of the second. A **cell** is one such quantity of one area and period
(``quantity, area_code, period, breakdown, category``; the quantities are the indicator catalogue's
``count_of``/``denominator_of``). A **relation** is a published sum: the categories of a breakdown add up to their
``All``; the upper-tier LAs of a region add up to the region; the regions add up to England; the cells of a two-way
table add up to both margins. A relation is kept only where it holds in the counts themselves (``=``), or as an
upper bound where the parts fall short of the total (``<=``, e.g. a need left out); an attacker is assumed to know
every one of them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import geography, indicators

__all__ = ["Cells", "cells_of", "quantity_of", "CROSS"]

#: Joins the two breakdowns (and the two categories) of a two-way table's cells: ``"primary_need × age_band"``.
CROSS = " × "
_KEY = ["quantity", "area_code", "period", "breakdown", "category"]


@dataclass
class Cells:
    """The cells and relations of one indicator frame.

    Attributes
    ----------
    cells : pandas.DataFrame
        One row per cell (index = cell id): ``quantity, area_code, period, breakdown, category, raw`` (the count of
        people, NaN where the source did not give it).
    count_cell, denominator_cell : numpy.ndarray
        For each row of the frame, the cell its ``count`` (``denominator``) holds; -1 for none.
    members : pandas.DataFrame
        ``relation, cell, coef``: +1 for a part, -1 for the total (each relation reads sum(coef x cell) = 0, or <= 0).
    relations : pandas.DataFrame
        One row per relation (index = relation id): ``kind`` (``"="`` or ``"<="``) and ``label`` (what it sums, in
        words, for the audit's report).
    """

    cells: pd.DataFrame
    count_cell: np.ndarray
    denominator_cell: np.ndarray
    members: pd.DataFrame
    relations: pd.DataFrame

    def describe(self, cell: int) -> str:
        """A cell in words: ``"pupils with an EHC plan, E06000015, 2025/26, primary_need = Down syndrome"``."""
        return _words(self.cells.loc[cell], geography.areas()["area_name"])


def cells_of(frame: pd.DataFrame) -> Cells:
    """The cells and relations of an indicator frame (before disclosure control: ``raw`` holds its counts).

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame with a default RangeIndex (``count`` and ``denominator`` in persons).

    Returns
    -------
    Cells
    """
    occ = _occurrences(frame)
    key = occ[_KEY].astype(str)
    ids = pd.MultiIndex.from_frame(key).factorize()[0]
    # One key, two different counts: two different quantities (a source's own total, say): keep them apart.
    raw = pd.Series(occ["raw"].to_numpy()).groupby(ids)
    clash = (raw.transform("min") != raw.transform("max")).to_numpy()
    if clash.any():
        key.loc[clash, "quantity"] = key.loc[clash, "quantity"] + "|" + occ.loc[clash, "indicator"].astype(str) + "|" \
            + occ.loc[clash, "raw"].astype(str)
        ids = pd.MultiIndex.from_frame(key).factorize()[0]
    occ["cell"] = ids
    cells = key.assign(raw=occ["raw"].to_numpy(dtype=float), cell=ids).drop_duplicates("cell").set_index("cell").sort_index()
    count_cell = np.full(len(frame), -1)
    denominator_cell = np.full(len(frame), -1)
    for column, target in (("count", count_cell), ("denominator", denominator_cell)):
        mine = occ[occ["column"] == column]
        target[mine["row"].to_numpy(dtype=int)] = mine["cell"].to_numpy(dtype=int)
    members, relations = _relations(cells, _shares(frame, count_cell, denominator_cell))
    return Cells(cells, count_cell, denominator_cell, members, relations)


def _shares(frame: pd.DataFrame, count_cell: np.ndarray, denominator_cell: np.ndarray) -> pd.DataFrame:
    """For the rows of each breakdown (indicator, area, period) that share one denominator: their count cells, with
    that denominator as ``_total`` (the shares of a whole add up to it, whatever quantity it is filed under)."""
    rows = pd.DataFrame({"indicator": frame["indicator"].astype(str).to_numpy(),
                         "area_code": frame["area_code"].astype(str).to_numpy(),
                         "period": frame["period"].astype(str).to_numpy(),
                         "breakdown": frame["breakdown"].astype(str).to_numpy(),
                         "cell": count_cell, "_total": denominator_cell})
    rows = rows[(rows["breakdown"] != "All") & (rows["cell"] >= 0) & (rows["_total"] >= 0)]
    one = rows.groupby(["indicator", "area_code", "period", "breakdown"])["_total"].transform("nunique") == 1
    return rows[one].drop_duplicates(["cell", "_total"])


def _occurrences(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (frame row, column) holding a count of people: ``row, column, indicator``, ``raw`` and the key."""
    rows = np.arange(len(frame))
    parts = []
    for column in ("count", "denominator"):
        raw = frame[column].to_numpy(dtype=float)
        has = ~np.isnan(raw)
        if not has.any():
            continue
        part = frame.loc[has, ["indicator", "area_code", "period", "breakdown", "category"]].astype(str)
        part.insert(0, "column", column)
        part.insert(0, "row", rows[has])
        part["raw"] = raw[has]
        spec = part["indicator"].map(_spec)
        part["quantity"] = part["indicator"].map(lambda i: quantity_of(i, column))
        if column == "denominator":
            part["breakdown"] = "All"
            part["category"] = "All"
        else:
            grid = spec.map(lambda s: s[2])
            two_way = grid.notna()
            if two_way.any():
                first = grid.map(lambda g: g[0] if g else None)
                both = grid.map(lambda g: CROSS.join(g) if g else None)
                total = two_way & (part["category"] == "All")
                inner = two_way & ~total
                part.loc[total, "category"] = part.loc[total, "breakdown"]
                part.loc[total, "breakdown"] = first[total]
                part.loc[inner, "category"] = part.loc[inner, "breakdown"] + CROSS + part.loc[inner, "category"]
                part.loc[inner, "breakdown"] = both[inner]
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["row", "column", "indicator", "raw", *_KEY])
    return pd.concat(parts, ignore_index=True)


def quantity_of(indicator: str, column: str) -> str:
    """The quantity of people an indicator's ``count`` or ``denominator`` column holds: the catalogue's
    ``count_of``/``denominator_of``, else the indicator's own (``"<indicator>:<column>"``)."""
    named = _spec(indicator)[0 if column == "count" else 1]
    return named if named is not None else f"{indicator}:{column}"


def _spec(indicator: str) -> tuple:
    known = indicators.CATALOGUE.get(indicator)
    if known is None:
        return (None, None, None)
    return (known.count_of, known.denominator_of, known.grid)


def _relations(cells: pd.DataFrame, shares: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every published sum among the cells (see the module's docstring): ``members`` and ``relations``."""
    index = pd.Series(cells.index, index=pd.MultiIndex.from_frame(cells[_KEY]))
    table = geography.areas()
    names = table["area_name"]
    plans = []  # (parts, the key of their total, extra grouping columns, how the label reads)
    two_way = cells["breakdown"].str.contains(CROSS, regex=False)
    parts = cells[~two_way & (cells["breakdown"] != "All")]
    plans.append((parts, parts.assign(breakdown="All", category="All"), ["breakdown"], "the {part} categories"))
    cross = cells[two_way]
    if len(cross):
        split_b = cross["breakdown"].str.split(CROSS, regex=False, expand=True)
        split_c = cross["category"].str.split(CROSS, regex=False, expand=True)
        for side in (0, 1):
            plans.append((cross, cross.assign(breakdown=split_b[side], category=split_c[side]), [],
                          "the cells of the two-way table"))
    region = cells["area_code"].map(table["region_code"])
    kind = cells["area_code"].map(table["area_type"])
    las = cells[kind.isin(geography.LA_TYPES) & region.notna()]
    plans.append((las, las.assign(area_code=region[las.index]), [], "the LAs of the region"))
    regions = cells[kind == "region"]
    plans.append((regions, regions.assign(area_code=geography.ENGLAND), [], "the regions"))
    if len(shares):  # the shares of a breakdown and their denominator, as each indicator publishes them
        part_cells = cells.loc[shares["cell"].to_numpy()].assign(_total=shares["_total"].to_numpy())
        plans.append((part_cells, None, ["breakdown"], "the {part} shares"))
    members, relations, next_id = [], [], 0
    for part_cells, total_keys, by, words in plans:
        if part_cells.empty:
            continue
        if total_keys is None:
            frame = part_cells
        else:
            total = index.reindex(pd.MultiIndex.from_frame(total_keys[_KEY])).to_numpy(dtype=float)
            frame = part_cells.assign(_total=total)
            frame = frame[~np.isnan(total)]
        if frame.empty:
            continue
        frame["_total"] = frame["_total"].astype(int)
        gid = frame.groupby(["_total", *by], sort=True).ngroup().to_numpy()
        sums = frame["raw"].groupby(gid).sum().to_numpy()
        first = frame.reset_index().groupby(gid).first()
        total_ids = first["_total"].to_numpy()
        total_raw = cells["raw"].reindex(total_ids).to_numpy()
        kinds = np.where(np.abs(sums - total_raw) < 0.5, "=", np.where(sums < total_raw, "<=", ""))
        keep = np.flatnonzero(kinds != "")
        new_ids = np.full(len(kinds), -1)
        new_ids[keep] = next_id + np.arange(len(keep))
        rel = new_ids[gid]
        ok = rel >= 0
        members.append(pd.DataFrame({"relation": rel[ok], "cell": frame.index.to_numpy()[ok], "coef": 1}))
        members.append(pd.DataFrame({"relation": new_ids[keep], "cell": total_ids[keep], "coef": -1}))
        labels = [f"{words.format(part=part)} add up to {_words(cells.loc[t], names)}"
                  for t, part in zip(total_ids[keep], first["breakdown"].to_numpy()[keep])]
        relations.append(pd.DataFrame({"kind": kinds[keep], "label": labels}, index=new_ids[keep]))
        next_id += len(keep)
    if not members:
        return (pd.DataFrame({"relation": pd.Series(dtype=int), "cell": pd.Series(dtype=int),
                              "coef": pd.Series(dtype=int)}),
                pd.DataFrame({"kind": pd.Series(dtype=str), "label": pd.Series(dtype=str)}))
    return pd.concat(members, ignore_index=True), pd.concat(relations)


def _words(cell, names: pd.Series) -> str:
    what = "" if cell["breakdown"] == "All" else f" ({cell['breakdown']} = {cell['category']})"
    area = names.get(cell["area_code"], cell["area_code"])
    return f"{cell['quantity']} of {area} in {cell['period']}{what}"
