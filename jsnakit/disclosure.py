"""Statistical disclosure control: the gate between the statistics and everything that is published.

:func:`apply` is the only maker of a :class:`Disclosed` frame; charts, maps, tables and factsheets accept nothing
else (CONVENTIONS.md habit 7). The default rules are those of DESIGN.md:

* **primary suppression**: a count of 1 to 4 (``threshold=5``), or a denominator of 1 to 4, is withheld, and so is
  every figure derived from it (value, confidence limits, comparison); ``note`` becomes ``"c"``. For a proportion,
  the complement (denominator minus count: the people *without* the characteristic) counts too, since it can be
  read off the published pair;
* **secondary suppression**: where the categories of one breakdown (e.g. the primary needs of one area and period)
  hold exactly one withheld cell, the next smallest non-zero count of that breakdown is withheld too
  (``note = "c (secondary)"``), so the first cannot be recovered by subtracting the others from the total; and
  likewise where the upper-tier LAs of one region hold exactly one withheld cell of an indicator, period and
  category (the region's figure is their sum). Apply it once, to the whole national frame, and cut areas out of
  the result with :meth:`Disclosed.query`: suppression is only complete when every area is in view;
* **rounding** (optional, ``round_to=5``): published counts and denominators are rounded to the nearest multiple
  and values recomputed are *not* re-derived: use it for small-area tables only.

Zero counts are published: a true zero discloses nothing about a person. The rules follow the GSS guidance on
disclosure control for tables produced from administrative sources (GSS 2014, "Disclosure control for tables
produced from administrative sources"), as DfE applies them with its symbol ``c``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import geography
from .errors import ArgumentError, DisclosureError
from .schema import INDICATOR_COLUMNS, validate

__all__ = ["Rules", "Disclosed", "apply", "require", "SUPPRESSED", "SECONDARY", "describe_note", "Projected",
           "apply_projection", "require_projection", "PROJECTED_SMALL", "UNCOUNTED", "UNCOUNTED_MARGIN",
           "withhold_uncounted"]

#: ``note`` of a primary-suppressed cell (the DfE/GSS symbol for "confidential").
SUPPRESSED = "c"
#: ``note`` of a cell withheld to protect another.
SECONDARY = "c (secondary)"

_DERIVED = ["value", "lower_ci", "upper_ci"]
_GROUP = ["indicator", "area_code", "period", "breakdown"]
#: ``note`` of a percentage published without its count (LAIT) whose count could be small (:func:`withhold_uncounted`).
UNCOUNTED = "c (uncounted)"
#: How many times the residents of school age may overstate an area's pupils, for :func:`withhold_uncounted`.
UNCOUNTED_MARGIN = 2
_NOTES = {
    UNCOUNTED: "suppressed: published without its count, which may be fewer than {threshold}",
    SUPPRESSED: "suppressed: fewer than {threshold}",
    SECONDARY: "suppressed to protect a small count",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to zero",
    "u": "low reliability",
    "k": "fewer than 0.5",
}


@dataclass(frozen=True)
class Rules:
    """The disclosure-control rules in force.

    Parameters
    ----------
    threshold : int, default 5
        Counts (and denominators) from 1 up to ``threshold - 1`` are suppressed.
    secondary : bool, default True
        Apply secondary suppression within each breakdown.
    round_to : int or None, default None
        Round published counts and denominators to the nearest multiple of this (e.g. 5); None leaves them exact.
    """

    threshold: int = 5
    secondary: bool = True
    round_to: int | None = None

    def __post_init__(self):
        if not isinstance(self.threshold, (int, np.integer)) or self.threshold < 1:
            raise ArgumentError(f"threshold must be a whole number of at least 1; got {self.threshold!r}")
        if self.round_to is not None and (not isinstance(self.round_to, (int, np.integer)) or self.round_to < 1):
            raise ArgumentError(f"round_to must be None or a whole number of at least 1; got {self.round_to!r}")

    def describe(self) -> str:
        """The rule in one plain-English sentence, for a factsheet's methods section."""
        text = (
            f"Counts from 1 to {self.threshold - 1}, and every percentage or rate built on them, are suppressed "
            f"(shown as 'c'), as are percentages whose complement (the people not counted) is that small"
        )
        if self.secondary:
            text += "; where that would let a suppressed count be worked out from a total, the next smallest count " \
                    "is suppressed too"
        if self.round_to:
            text += f"; other counts are rounded to the nearest {self.round_to}"
        return text + "."


_TOKEN = object()


class Disclosed:
    """An indicator frame that has passed statistical disclosure control.

    Made only by :func:`apply`. The frame is a copy; change it and it is no longer disclosed, so :attr:`frame`
    returns a fresh copy each time.

    Attributes
    ----------
    rules : Rules
        The rules that were applied.
    """

    __slots__ = ("_frame", "rules")

    def __init__(self, frame: pd.DataFrame, rules: Rules, *, _token=None):
        if _token is not _TOKEN:
            raise DisclosureError("a Disclosed frame is made only by jsnakit.disclosure.apply()")
        self._frame = frame
        self.rules = rules

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the disclosed indicator frame."""
        return self._frame.copy()

    def __len__(self) -> int:
        return len(self._frame)

    def query(self, **equal) -> "Disclosed":
        """Select rows whose columns equal the given values (a list means any of them); still disclosed.

        Examples
        --------
        ``disclosed.query(indicator="ehc_pct", area_code=["E09000019", "E92000001"])``
        """
        mask = pd.Series(True, index=self._frame.index)
        for column, wanted in equal.items():
            if column not in self._frame.columns:
                raise ArgumentError(f"query column must be one of {list(self._frame.columns)}; got {column!r}")
            values = wanted if isinstance(wanted, (list, tuple, set)) else [wanted]
            mask &= self._frame[column].isin(list(values))
        return Disclosed(self._frame.loc[mask], self.rules, _token=_TOKEN)

    def _repr_html_(self) -> str:
        from . import tables  # tables renders Disclosed frames, so it imports this module

        return tables.disclosed_repr_html(self)

    def take(self, labels) -> "Disclosed":
        """The rows with the given index labels, in that order; still disclosed (a subset reveals nothing more)."""
        return Disclosed(self._frame.loc[list(labels)], self.rules, _token=_TOKEN)

    def __repr__(self) -> str:
        suppressed = self._frame["note"].astype("string").str.startswith(SUPPRESSED).fillna(False).sum()
        return f"<Disclosed: {len(self._frame)} rows, {suppressed} suppressed>"


def apply(frame: pd.DataFrame, rules: Rules | None = None, *, uncounted_base: pd.Series | None = None) -> Disclosed:
    """Apply statistical disclosure control to an indicator frame.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame (:data:`jsnakit.schema.INDICATOR_COLUMNS`). ``count`` and ``denominator`` are counts of
        people (pupils, plans, residents).
    rules : Rules, optional
        The rules; default ``Rules()`` (threshold 5, secondary suppression, no rounding).
    uncounted_base : pandas.Series, optional
        For percentages published without their count (``method`` ``"published"``): an estimate of their
        denominator by ``(area_code, period)`` (:func:`withhold_uncounted`). Without it every such row is withheld.

    Returns
    -------
    Disclosed
        A copy of the frame in which every count or denominator from 1 to ``threshold - 1`` is NaN together with
        ``value``, ``lower_ci`` and ``upper_ci``, ``comparison`` is ``"not compared"`` and ``note`` is ``"c"``;
        cells withheld by secondary suppression have ``note`` ``"c (secondary)"``.

    Examples
    --------
    >>> from jsnakit import schema
    >>> f = schema.empty().reindex(range(2))
    >>> f = f.assign(indicator="x", area_code="E09000019", period="2025/26", breakdown="need",
    ...              category=["a", "b"], count=[3.0, 40.0], denominator=100.0, value=[3.0, 40.0],
    ...              comparison="not compared")
    >>> apply(f, Rules(secondary=False)).frame["count"].tolist()
    [nan, 40.0]
    """
    rules = rules or Rules()
    if not isinstance(frame, pd.DataFrame) or list(frame.columns) != INDICATOR_COLUMNS:
        raise DisclosureError("disclosure.apply() takes an indicator frame (jsnakit.schema.INDICATOR_COLUMNS)")
    validate(frame, "indicator")
    out = frame.reset_index(drop=True)  # the passes below work by row label
    out["note"] = out["note"].astype(object)
    if (out["method"] == "published").any():
        base = uncounted_base if uncounted_base is not None else pd.Series(dtype=float, index=pd.MultiIndex.from_tuples(
            [], names=["area_code", "period"]))
        out = withhold_uncounted(out, base, rules)
    small = _small(out["count"], rules) | _small(out["denominator"], rules)
    # A proportion also gives away its complement (e.g. 18 of 20 plans on time: 2 were not): count it too.
    small |= (out["method"] == "Wilson") & _small(out["denominator"] - out["count"], rules)
    _withhold(out, small, SUPPRESSED)
    if rules.secondary:
        _withhold(out, _secondary(out), SECONDARY)
    if rules.round_to:
        for column in ("count", "denominator"):
            out[column] = (out[column] / rules.round_to).round() * rules.round_to
        counts = out["method"] == "none"  # a count indicator's value and limits are the count itself
        for column in _DERIVED:
            out.loc[counts, column] = out.loc[counts, "count"]
    return Disclosed(out, rules, _token=_TOKEN)


def withhold_uncounted(frame: pd.DataFrame, base: pd.Series, rules: Rules | None = None) -> pd.DataFrame:
    """Withhold percentages published without their count (``method`` ``"published"``, e.g. LAIT's) whose count
    could be small.

    The count behind such a percentage is unknown, so it is bounded from an estimate of its denominator: a row is
    withheld (value NaN, ``note`` :data:`UNCOUNTED`) when ``value / 100 x base`` is below the threshold times
    :data:`UNCOUNTED_MARGIN` (the estimate may overstate the real denominator, as residents of school age do the
    pupils of an area whose children go to school elsewhere, the City of London's), or when there is no estimate.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame; only its rows with ``method`` ``"published"`` and unit ``"%"`` are looked at.
    base : pandas.Series
        The estimated denominator (persons) by ``(area_code, period)``, e.g. residents aged 4-18.
    rules : Rules, optional
        The threshold; default ``Rules()``.

    Returns
    -------
    pandas.DataFrame
        A copy with those rows withheld.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["E09000001", "E09000019"], "period": "2024/25", "value": [0.4, 7.4],
    ...                   "lower_ci": np.nan, "upper_ci": np.nan, "unit": "%", "method": "published",
    ...                   "note": np.nan})
    >>> base = pd.Series([900.0, 30000.0], index=pd.MultiIndex.from_tuples([("E09000001", "2024/25"),
    ...                                                                  ("E09000019", "2024/25")]))
    >>> withhold_uncounted(f, base)["value"].tolist()
    [nan, 7.4]
    """
    rules = rules or Rules()
    out = frame.copy()
    out["note"] = out["note"].astype(object)
    rows = (out["method"] == "published") & (out["unit"] == "%") & out["value"].notna()
    keys = pd.MultiIndex.from_frame(out.loc[rows, ["area_code", "period"]].astype(object))
    estimate = base.reindex(keys).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        small = ~(out.loc[rows, "value"].to_numpy(dtype=float) / 100 * estimate
                  >= rules.threshold * UNCOUNTED_MARGIN)
    labels = out.index[rows][small]
    out.loc[labels, _DERIVED] = np.nan
    out.loc[labels, "note"] = UNCOUNTED
    return out


def require(obj) -> Disclosed:
    """Return ``obj`` if it is a :class:`Disclosed` frame, else raise :class:`DisclosureError` (for renderers)."""
    if not isinstance(obj, Disclosed):
        raise DisclosureError(
            f"only frames that passed disclosure control can be drawn or written: call jsnakit.disclosure.apply() "
            f"first; got {type(obj).__name__}"
        )
    return obj


def describe_note(note, rules: Rules | None = None) -> str:
    """Plain-English reading of a ``note`` symbol (``"c"`` -> ``"suppressed: fewer than 5"``); '' for none."""
    if note is None or (isinstance(note, float) and np.isnan(note)) or note is pd.NA or note == "":
        return ""
    rules = rules or Rules()
    return _NOTES.get(str(note), str(note)).format(threshold=rules.threshold)


def _small(counts: pd.Series, rules: Rules) -> pd.Series:
    return (counts >= 1) & (counts < rules.threshold)


def _withhold(frame: pd.DataFrame, mask: pd.Series, note: str) -> None:
    if not mask.any():
        return
    frame.loc[mask, ["count", "denominator"] + _DERIVED] = np.nan
    frame.loc[mask, "comparison"] = "not compared"
    frame.loc[mask, "note"] = note


def _secondary(frame: pd.DataFrame) -> pd.Series:
    """Cells to withhold so that no withheld cell can be recovered by subtraction.

    Two kinds of sum are published: the categories of a breakdown add up to the area's total, and the upper-tier
    LAs of a region add up to the region. Wherever such a group holds exactly one withheld cell, the group's
    smallest other non-zero count is withheld too; the passes repeat until no group is left with a lone cell.
    """
    mask = pd.Series(False, index=frame.index)
    table = geography.areas()
    parts = frame["breakdown"] != "All"
    las = frame["area_type"].isin(geography.LA_TYPES)
    region = frame["area_code"].map(table["region_code"])
    passes = [
        (parts, [frame[c] for c in _GROUP]),
        (las, [frame["indicator"], frame["period"], frame["breakdown"], frame["category"], region]),
    ]
    withheld = frame["note"].isin([SUPPRESSED, SECONDARY])
    for _ in range(20):  # each pass only adds cells, so this settles; 20 is far more than any real table needs
        added = pd.Series(False, index=frame.index)
        for rows, keys in passes:
            added |= _lonely(frame, rows, keys, withheld | added)
        added &= ~withheld
        if not added.any():
            break
        mask |= added
        withheld |= added
    return mask


def _lonely(frame: pd.DataFrame, rows: pd.Series, keys: list[pd.Series], withheld: pd.Series) -> pd.Series:
    """For each group (of ``rows``, by ``keys``) with exactly one withheld cell, its smallest other positive count."""
    out = pd.Series(False, index=frame.index)
    if not rows.any():  # pandas 2 cannot build a MultiIndex from empty arrays
        return out
    group = pd.Series(pd.MultiIndex.from_arrays([k[rows] for k in keys]).factorize()[0], index=frame.index[rows])
    held = withheld[rows]
    lonely_groups = held.groupby(group).sum().pipe(lambda n: n[n == 1].index)
    if len(lonely_groups) == 0:
        return out
    counts = frame.loc[rows, "count"]
    pool = pd.DataFrame({"group": group, "count": counts, "category": frame.loc[rows, "category"].astype(str),
                         "area": frame.loc[rows, "area_code"]})
    pool = pool[~held & (counts > 0) & group.isin(lonely_groups)]
    if pool.empty:
        return out
    smallest = pool.sort_values(["count", "category", "area"], kind="stable").groupby("group").head(1).index
    out.loc[smallest] = True
    return out


#: ``note`` of a projected group withheld because its projected median is small.
PROJECTED_SMALL = "projected fewer than {minimum}"
_PROJECTION_NUMBERS = ["median", "lower_50", "upper_50", "lower_95", "upper_95"]


class Projected:
    """A demand projection that has passed disclosure control (made only by :func:`apply_projection`).

    Attributes
    ----------
    round_to : int
        Every projected figure is a multiple of it.
    minimum : int
        Groups whose projected median was below it are withheld.
    """

    __slots__ = ("_frame", "round_to", "minimum")

    def __init__(self, frame: pd.DataFrame, round_to: int, minimum: int, *, _token=None):
        if _token is not _TOKEN:
            raise DisclosureError("a Projected frame is made only by jsnakit.disclosure.apply_projection()")
        self._frame = frame
        self.round_to = round_to
        self.minimum = minimum

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the disclosed projection."""
        return self._frame.copy()

    def __repr__(self) -> str:
        return f"<Projected: {len(self._frame)} rows, rounded to {self.round_to}>"


def apply_projection(frame: pd.DataFrame, *, round_to: int = 10, minimum: int = 10) -> Projected:
    """Disclosure control for a demand projection (:func:`jsnakit.projection.project`).

    A projection is a model, not a count of people, but a projected figure for a small group sits close to the small
    published count it grew from, and a figure to the last person claims a precision no projection has. So every
    projected figure (median and interval limits) is rounded to the nearest ``round_to``, and a group whose
    projected median is below ``minimum`` is withheld (numbers NaN, ``note`` "projected fewer than 10").

    Parameters
    ----------
    frame : pandas.DataFrame
        The projection: ``median, lower_50, upper_50, lower_95, upper_95`` (persons) with its labelling columns.
    round_to : int, default 10
        Rounding base (persons), at least 1.
    minimum : int, default 10
        Smallest projected median shown (persons), at least 0.

    Returns
    -------
    Projected
        The rounded projection, with a ``note`` column.

    Examples
    --------
    >>> p = pd.DataFrame({"period": ["2030/31", "2030/31"], "age_band": ["All", "20-25"], "median": [1234.0, 6.0],
    ...                   "lower_50": [1200.0, 4.0], "upper_50": [1270.0, 8.0], "lower_95": [1100.0, 1.0],
    ...                   "upper_95": [1390.0, 12.0]})
    >>> apply_projection(p).frame[["median", "lower_95", "note"]].values.tolist()
    [[1230.0, 1100.0, nan], [nan, nan, 'projected fewer than 10']]
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
    missing = [c for c in _PROJECTION_NUMBERS if c not in frame.columns]
    if missing:
        raise ArgumentError(f"frame must hold the projection columns {_PROJECTION_NUMBERS}; missing {missing}")
    if not isinstance(round_to, (int, np.integer)) or round_to < 1:
        raise ArgumentError(f"round_to must be a whole number of at least 1; got {round_to!r}")
    if not isinstance(minimum, (int, np.integer)) or minimum < 0:
        raise ArgumentError(f"minimum must be a whole number of at least 0; got {minimum!r}")
    out = frame.copy()
    small = out["median"] < minimum
    for column in _PROJECTION_NUMBERS:
        values = out[column].astype(float)
        out[column] = (np.round(values / round_to) * round_to).where(~small, np.nan)
    out["note"] = np.where(small, PROJECTED_SMALL.format(minimum=minimum), None)
    out["note"] = out["note"].astype(object).where(small, np.nan)
    return Projected(out, int(round_to), int(minimum), _token=_TOKEN)


def require_projection(obj) -> Projected:
    """Return ``obj`` if it is a :class:`Projected` frame, else raise :class:`DisclosureError` (for renderers)."""
    if not isinstance(obj, Projected):
        raise DisclosureError(
            "only projections that passed disclosure control can be drawn or written: call "
            f"jsnakit.disclosure.apply_projection() first; got {type(obj).__name__}")
    return obj
