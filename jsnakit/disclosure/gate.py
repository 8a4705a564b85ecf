"""Statistical disclosure control: the gate between the statistics and everything that is published.

:func:`apply` is the only maker of a :class:`Disclosed` frame (and :func:`restore` the only way back for one that
was cached); charts, maps, tables and factsheets accept nothing else (docs/architecture.md, Conventions). The default
rules are:

* **primary suppression**: a count of 1 to 4 (``threshold=5``), or a denominator of 1 to 4, is withheld, and so is
  every figure derived from it (value, confidence limits, comparison). For a proportion, the complement
  (denominator minus count: the people *without* the characteristic) counts too, since it can be read off the
  published pair. One quantity published in two indicators is one figure (:mod:`jsnakit.disclosure.cells`): withheld
  in one, it is withheld in every row that shows it;
* **secondary suppression**: every published sum (the categories of a breakdown and their total; the upper-tier LAs
  of a region and the region; the regions and England; the cells of a two-way table and its margins) is an equation
  an attacker can solve. Cells are withheld, smallest first, until the interval audit
  (:mod:`jsnakit.disclosure.intervals`) proves that no small count can be narrowed to a range narrower than the
  threshold, over all the sums at once (:mod:`jsnakit.disclosure.protect`). Apply it once, to everything published
  together (:func:`jsnakit.needs.profile.published_all`: the national frame and every area's need-by-age grid), and cut
  areas out of the result with :meth:`Disclosed.query`: suppression is only complete when every area and every
  table is in view, and is then the same whichever area's factsheet is made first;
* **one symbol**: a cell withheld because it is small and one withheld to protect it both read ``c`` (as DfE
  publishes them): were they told apart, every ``c`` would be known to be 1 to 4. :attr:`Disclosed.reasons` tells
  them apart for the analyst;
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

from ..core import indicators
from ..core import views
from ..core.copies import handed_out
from ..core.errors import ArgumentError, DisclosureError
from ..core.schema import INDICATOR_COLUMNS, validate
from . import protect
from .cells import cells_of

__all__ = ["Rules", "Disclosed", "apply", "restore", "require", "rounding", "SUPPRESSED", "SECONDARY", "describe_note",
           "UNCOUNTED", "UNCOUNTED_MARGIN", "withhold_uncounted", "SMALL", "PROTECTING"]

#: ``note`` of a primary-suppressed cell (the DfE/GSS symbol for "confidential").
SUPPRESSED = "c"
#: ``note`` of a cell withheld to protect another: the same symbol, so that a ``c`` does not say which it is.
SECONDARY = SUPPRESSED
#: :attr:`Disclosed.reasons` of a row withheld because a count (or complement) in it is small.
SMALL = "small"
#: :attr:`Disclosed.reasons` of a row withheld to protect a small count elsewhere.
PROTECTING = "protecting"

_DERIVED = ["value", "lower_ci", "upper_ci"]
#: ``note`` of a percentage published without its count (LAIT) whose count could be small (:func:`withhold_uncounted`).
UNCOUNTED = "c (uncounted)"
#: How many times an estimated denominator may overstate the real one (residents of school age an area's pupils, a
#: year group's share of pupils with an EHC plan theirs), for :func:`withhold_uncounted`.
UNCOUNTED_MARGIN = 2
_NOTES = {
    UNCOUNTED: "suppressed: published without its count, which may be fewer than {threshold}",
    SUPPRESSED: "suppressed to protect small counts",
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
            "(the tables say \"suppressed to protect small counts\"), as are percentages whose complement (the people "
            "not counted) is that small"
        )
        if self.secondary:
            text += "; where a suppressed count could be worked out, or narrowed to a range less than " \
                    f"{self.threshold} wide, from totals and other published figures, the smallest other counts are " \
                    "suppressed too"
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
        The rules that were applied (read-only: the frame was withheld by them, and what is drawn from it later,
        such as the gap analysis' need, is withheld by them too).
    """

    __slots__ = ("_frame", "_rules", "_reasons")

    def __init__(self, frame: pd.DataFrame, rules: Rules, *, _token=None, _reasons: pd.Series | None = None):
        if _token is not _TOKEN:
            raise DisclosureError("a Disclosed frame is made only by jsnakit.disclosure.apply()")
        self._frame = frame
        self._rules = rules
        self._reasons = _reasons

    @property
    def rules(self) -> Rules:
        """The rules that were applied (:class:`Rules`, frozen); it cannot be set."""
        return self._rules

    @property
    def reasons(self) -> pd.Series | None:
        """Why each withheld row was withheld, for the analyst (never published): :data:`SMALL` or
        :data:`PROTECTING`, NaN for a row shown; None for a frame brought back by :func:`restore`."""
        return None if self._reasons is None else self._reasons.copy()

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the disclosed indicator frame: lazy under pandas' copy-on-write
        (:func:`jsnakit.core.copies.handed_out`), so reading the national frame costs nothing where a deep copy of
        it took about 40 ms, paid by every section of every factsheet."""
        return handed_out(self._frame)

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
        return self._subset(self._frame.index[mask.to_numpy()])

    def _repr_html_(self) -> str:
        # jsnakit.render registers the formatted view (core.views); a plain table until it is imported
        return views.html_view(self) or self._frame.head(20).to_html(max_cols=20)

    def take(self, labels) -> "Disclosed":
        """The rows with the given index labels, in that order; still disclosed (a subset reveals nothing more)."""
        return self._subset(list(labels))

    def _subset(self, labels) -> "Disclosed":
        reasons = None if self._reasons is None else self._reasons.loc[labels]
        return Disclosed(self._frame.loc[labels], self._rules, _token=_TOKEN, _reasons=reasons)

    def __repr__(self) -> str:
        suppressed = self._frame["note"].astype("string").str.startswith(SUPPRESSED).fillna(False).sum()
        return f"<Disclosed: {len(self._frame)} rows, {suppressed} suppressed>"


def apply(frame: pd.DataFrame, rules: Rules | None = None, *, uncounted_base: pd.Series | None = None) -> Disclosed:
    """Apply statistical disclosure control to an indicator frame.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame (:data:`jsnakit.core.schema.INDICATOR_COLUMNS`). ``count`` and ``denominator`` are counts of
        people (pupils, plans, residents).
    rules : Rules, optional
        The rules; default ``Rules()`` (threshold 5, secondary suppression, no rounding).
    uncounted_base : pandas.Series, optional
        For figures published without their count (``method`` ``"published"``): an estimate of their denominator
        by ``(area_code, period)``, or by the frame columns its index levels name, e.g. ``(indicator, area_code,
        period, category)`` (:func:`withhold_uncounted`). Without it every such row is withheld.

    Returns
    -------
    Disclosed
        A copy of the frame (index 0..n-1) in which every row holding a withheld count or denominator has NaN
        ``count``, ``denominator``, ``value``, ``lower_ci`` and ``upper_ci``, ``comparison`` ``"not compared"`` and
        ``note`` ``"c"``, whether the count was small or withheld to protect one (:attr:`Disclosed.reasons`).

    Raises
    ------
    DisclosureError
        When ``frame`` is not an indicator frame, or secondary suppression cannot protect a small count.

    Examples
    --------
    >>> from jsnakit.core import schema
    >>> f = schema.empty().reindex(range(2))
    >>> f = f.assign(indicator="x", area_code="E09000019", period="2025/26", breakdown="need",
    ...              category=["a", "b"], count=[3.0, 40.0], denominator=100.0, value=[3.0, 40.0],
    ...              comparison="not compared")
    >>> apply(f, Rules(secondary=False)).frame["count"].tolist()
    [nan, 40.0]
    """
    rules = rules or Rules()
    if not isinstance(frame, pd.DataFrame) or list(frame.columns) != INDICATOR_COLUMNS:
        raise DisclosureError("disclosure.apply() takes an indicator frame (jsnakit.core.schema.INDICATOR_COLUMNS)")
    validate(frame, "indicator")
    out = frame.reset_index(drop=True)  # the passes below work by row number
    out["note"] = out["note"].astype(object)
    if (out["method"] == "published").any():
        base = uncounted_base if uncounted_base is not None else pd.Series(dtype=float, index=pd.MultiIndex.from_tuples(
            [], names=["area_code", "period"]))
        out = withhold_uncounted(out, base, rules)
    cells = cells_of(out)
    step = rounding(out, rules)
    small, targets = protect.primary(out, cells, rules.threshold)
    withheld = small
    if rules.secondary and len(targets):
        withheld, _ = protect.complementary(cells, withheld, targets, rules.threshold,
                                            protect.cell_steps(cells, step))
    small_rows = protect.rows_withheld(cells, small)
    rows = protect.rows_withheld(cells, withheld)
    _withhold(out, pd.Series(rows, index=out.index), SUPPRESSED)
    reasons = pd.Series(np.where(small_rows, SMALL, np.where(rows, PROTECTING, None)), index=out.index,
                        dtype=object).where(rows, np.nan)
    rounded = step > 1
    if rounded.any():
        for column in ("count", "denominator"):
            out.loc[rounded, column] = (out.loc[rounded, column] / step[rounded]).round() * step[rounded]
        counts = rounded & (out["method"] == "none").to_numpy()  # a count indicator's value is its count (no limits)
        out.loc[counts, "value"] = out.loc[counts, "count"]
    return Disclosed(out, rules, _token=_TOKEN, _reasons=reasons)


def rounding(frame: pd.DataFrame, rules: Rules) -> np.ndarray:
    """The rounding base of each row (persons; 1 for none): the rules' ``round_to``, or the indicator's own
    (:attr:`jsnakit.core.indicators.Indicator.round_to`, a small-area table) when that is coarser."""
    own = frame["indicator"].map(lambda i: getattr(indicators.CATALOGUE.get(i), "round_to", None) or 1)
    return np.maximum(own.to_numpy(dtype=int), rules.round_to or 1)


def restore(frame: pd.DataFrame, rules: Rules | None = None) -> Disclosed:
    """A frame that :func:`apply` made, brought back from a cache, after checking the rules still hold in it.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame of a :class:`Disclosed` as written (e.g. to parquet), with its default RangeIndex.
    rules : Rules, optional
        The rules it was made under; default ``Rules()``.

    Returns
    -------
    Disclosed
        With :attr:`Disclosed.reasons` None (the analyst's reasons are not kept in a cache).

    Raises
    ------
    DisclosureError
        When the frame is not an indicator frame, or shows a count or denominator from 1 to ``threshold - 1``, a
        value or limit beside a withheld count, or (under rounding) a count that is not a multiple of ``round_to``:
        it was not made by :func:`apply` under these rules.

    Examples
    --------
    >>> from jsnakit.core import schema
    >>> f = schema.empty().reindex(range(1)).assign(indicator="x", area_code="E09000019", period="2025/26",
    ...     breakdown="All", category="All", count=3.0, value=3.0, comparison="not compared", method="none")
    >>> restore(apply(f).frame).frame["note"].tolist()
    ['c']
    >>> restore(f)
    Traceback (most recent call last):
    ...
    jsnakit.core.errors.DisclosureError: restore: row 0 shows a count the rules withhold (from 1 to 4, or not a multiple
    \
of its rounding base 1); this frame did not come from disclosure.apply under these rules
    """
    rules = rules or Rules()
    if not isinstance(frame, pd.DataFrame) or list(frame.columns) != INDICATOR_COLUMNS:
        raise DisclosureError("restore takes an indicator frame (jsnakit.core.schema.INDICATOR_COLUMNS)")
    try:
        validate(frame, "indicator")
    except Exception as err:  # noqa: BLE001 - any schema failure means it is not apply's output
        raise DisclosureError(f"restore: not an indicator frame ({type(err).__name__})") from None
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        raise DisclosureError("restore: the frame must keep the default index disclosure.apply gave it")
    tell = "this frame did not come from disclosure.apply under these rules"
    step = rounding(frame, rules)
    for column, what in (("count", "a count"), ("denominator", "a denominator")):
        numbers = frame[column].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero((numbers >= 1) & (numbers < rules.threshold))
            bad = np.union1d(bad, np.flatnonzero(~np.isnan(numbers) & (numbers % step != 0)))
        if len(bad):
            rule = f"from 1 to {rules.threshold - 1}, or not a multiple of its rounding base {step[bad[0]]}"
            raise DisclosureError(f"restore: row {bad[0]} shows {what} the rules withhold ({rule}); {tell}")
    withheld = frame["note"].astype("string").eq(SUPPRESSED).fillna(False).to_numpy()
    leaked = withheld & frame[["count", "denominator", *_DERIVED]].notna().any(axis=1).to_numpy()
    if leaked.any():
        raise DisclosureError(f"restore: row {np.flatnonzero(leaked)[0]} is withheld ('c') but shows a figure; {tell}")
    out = frame.copy()
    out["note"] = out["note"].astype(object)
    return Disclosed(out, rules, _token=_TOKEN)


def withhold_uncounted(frame: pd.DataFrame, base: pd.Series, rules: Rules | None = None) -> pd.DataFrame:
    """Withhold figures published without their count (``method`` ``"published"``, e.g. LAIT's percentages and
    average scores) whose count could be small.

    The count behind such a figure is unknown, so it is bounded from its denominator (the row's ``denominator`` when
    it gives one, else an estimate from ``base``). A percentage is
    withheld (value NaN, ``note`` :data:`UNCOUNTED`) when the people it counts, ``value / 100 x base``, or those it
    does not, ``(100 - value) / 100 x base``, are below the threshold times :data:`UNCOUNTED_MARGIN` (the estimate
    may overstate the real denominator, as residents of school age do the pupils of an area whose children go to
    school elsewhere, the City of London's); an average score (unit ``"score"``) when the whole estimated base is
    below it (an average of a few pupils tells their scores); and either when there is no estimate.

    Parameters
    ----------
    frame : pandas.DataFrame
        An indicator frame; only its rows with ``method`` ``"published"`` and unit ``"%"`` or ``"score"`` are looked
        at.
    base : pandas.Series
        The estimated denominator (persons) by ``(area_code, period)``, e.g. residents aged 4-18; or by the frame
        columns its index levels are named after, e.g. ``(indicator, area_code, period, category)`` when the groups
        of one area and year have bases of their own (the pupils with an EHC plan in a year group:
        :func:`jsnakit.needs.outcomes.cohort_base`). Unnamed levels are ``(area_code, period)``.
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
    >>> f = f.assign(category="EHC plan", value=[94.0, 16.2], unit=["%", "score"])
    >>> groups = pd.Series([150.0, 9.0], index=pd.MultiIndex.from_tuples(
    ...     [("E09000001", "2024/25", "EHC plan"), ("E09000019", "2024/25", "EHC plan")],
    ...     names=["area_code", "period", "category"]))
    >>> withhold_uncounted(f, groups)["value"].tolist()   # 6% of 150 is 9 pupils; an average of 9 pupils
    [nan, nan]
    """
    rules = rules or Rules()
    out = frame.copy()
    out["note"] = out["note"].astype(object)
    rows = (out["method"] == "published") & out["unit"].isin(["%", "score"]) & out["value"].notna()
    keys = list(base.index.names)
    if None in keys or not set(keys) <= set(out.columns):
        keys = ["area_code", "period"]
    estimate = base.reindex(pd.MultiIndex.from_frame(out.loc[rows, keys].astype(object))).to_numpy(dtype=float)
    given = (out.loc[rows, "denominator"].to_numpy(dtype=float) if "denominator" in out
             else np.full(len(estimate), np.nan))
    estimate = np.where(np.isnan(given), estimate, given)  # a row that gives its denominator needs no estimate
    value = out.loc[rows, "value"].to_numpy(dtype=float)
    share = np.where(out.loc[rows, "unit"].to_numpy() == "%", np.minimum(value, 100 - value) / 100, 1.0)
    with np.errstate(invalid="ignore"):
        small = ~(share * estimate >= rules.threshold * UNCOUNTED_MARGIN)
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
    """Plain-English reading of a ``note`` symbol (``"c"`` -> ``"suppressed to protect small counts"``); '' for none."""
    if note is None or (isinstance(note, float) and np.isnan(note)) or note is pd.NA or note == "":
        return ""
    rules = rules or Rules()
    return _NOTES.get(str(note), str(note)).format(threshold=rules.threshold)


def _withhold(frame: pd.DataFrame, mask: pd.Series, note: str) -> None:
    if not mask.any():
        return
    frame.loc[mask, ["count", "denominator"] + _DERIVED] = np.nan
    frame.loc[mask, "comparison"] = "not compared"
    frame.loc[mask, "note"] = note
