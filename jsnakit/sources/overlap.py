"""Several files holding the same figures: identical copies are read once, copies that disagree are refused.

Two files of one kind of input may hold the same figure (the same measure for the same area and period): the same
download saved twice, or two copies of one release of which one was edited. Identical copies are harmless and
are read once. Copies that give the same figure different values cannot both be right, and jsnakit has no way to
tell which one is, so they are refused with an :class:`~jsnakit.core.errors.InputError` naming both files, the
figure, an area and a period (never the values themselves).
"""
from __future__ import annotations

from typing import Callable

import pandas as pd

from ..core.errors import Failure, InputError

__all__ = ["FILE", "refuse_conflicts"]

#: Column of a stacked frame holding the position of each row's file in ``names``.
FILE = "_file"


def refuse_conflicts(stacked: pd.DataFrame, keys: list[str], values: list[str], names: list[str], *,
                     describe: Callable[[pd.Series], str], why: str) -> pd.DataFrame:
    """Keep one copy of figures that several files give alike; refuse figures they give differently.

    Parameters
    ----------
    stacked : pandas.DataFrame
        Frames of several files stacked, with the column :data:`FILE` holding each row's file (its position in
        ``names``; files earlier in ``names`` come first).
    keys : list of str
        Columns that name one figure (``measure, breakdown, category, area_code, period``); two rows with the
        same keys from two files hold the same figure.
    values : list of str
        Columns holding the figure (``count, note``); a NaN equals a NaN.
    names : list of str
        The files, for messages.
    describe : callable
        ``row -> str``: the figure in words, e.g. ``"ehc_plans (All: All) for E09000019 Islington in 2024/25"``;
        it must not quote values.
    why : str
        Why the files must agree, in words, for the message (``"a copy of the same release"``).

    Returns
    -------
    pandas.DataFrame
        ``stacked`` without the rows that repeat, in a later file, a figure an earlier file gives alike.

    Raises
    ------
    InputError
        One failure per figure a later file gives differently: that file, and in the message the earlier file,
        the figure, its area and period.

    Examples
    --------
    >>> a = pd.DataFrame({"area_code": ["E1", "E2"], "count": [5.0, 7.0], FILE: 0})
    >>> b = pd.DataFrame({"area_code": ["E2"], "count": [7.0], FILE: 1})
    >>> refuse_conflicts(pd.concat([a, b], ignore_index=True), ["area_code"], ["count"], ["a.csv", "b.csv"],
    ...                  describe=lambda r: f"count for {r['area_code']}", why="a copy")["area_code"].tolist()
    ['E1', 'E2']
    """
    if stacked.empty or stacked[FILE].nunique() < 2:
        return stacked
    groups = stacked.groupby(keys, dropna=False, sort=False)
    shared = groups[FILE].transform("nunique") > 1
    if not shared.any():
        return stacked
    sub = stacked[shared]
    group = sub.groupby(keys, dropna=False, sort=False).ngroup()
    order = pd.DataFrame({"_group": group, FILE: sub[FILE]}).sort_values([FILE], kind="stable")
    first = order.drop_duplicates("_group")                     # the first file's row of each figure
    reference = sub.loc[first.index].set_index(first["_group"])
    first_file = group.map(reference[FILE])
    differ = pd.Series(False, index=sub.index)
    for column in values:
        mine, theirs = sub[column], group.map(reference[column])
        same = (mine == theirs) | (mine.isna() & theirs.isna())
        differ |= ~same.fillna(False).astype(bool)
    differ &= sub[FILE] != first_file                             # rows of one file are that file's business
    if differ.any():
        failures = []
        seen = set()
        for index in sub.index[differ]:
            row = sub.loc[index]
            earlier = names[int(reference.at[group[index], FILE])]
            later = names[int(row[FILE])]
            key = (group[index], later)
            if key in seen:
                continue
            seen.add(key)
            failures.append(Failure(later, None, None, f"the same figures as {earlier} ({why})",
                                    f"a different {describe(row)}"))
        raise InputError(failures)
    repeats = sub.index[sub[FILE] != first_file]
    return stacked.drop(index=repeats)
