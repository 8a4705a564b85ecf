"""Disclosure control for a demand projection: a model, not a count, rounded and withheld when small."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError, DisclosureError
_TOKEN = object()  # Projected is made only here

__all__ = ["Projected", "apply_projection", "require_projection", "round_modelled", "PROJECTED_SMALL"]


#: ``note`` of a projected group withheld because its projected median is small.
PROJECTED_SMALL = "projected fewer than {minimum}"
_PROJECTION_NUMBERS = ["median", "lower_50", "upper_50", "lower_95", "upper_95"]


class Projected:
    """A demand projection that has passed disclosure control (made only by :func:`apply_projection`).

    Attributes
    ----------
    round_to : int
        Every projected figure is a multiple of it (read-only, as ``minimum``: figures derived from the projection
        later, such as the places shortfall, are rounded and withheld by them too).
    minimum : int
        Groups whose projected median was below it are withheld.
    """

    __slots__ = ("_frame", "_modelled", "_round_to", "_minimum")

    def __init__(self, frame: pd.DataFrame, round_to: int, minimum: int, *, modelled: pd.DataFrame | None = None,
                 _token=None):
        if _token is not _TOKEN:
            raise DisclosureError("a Projected frame is made only by jsnakit.disclosure.apply_projection()")
        self._frame = frame
        self._modelled = frame if modelled is None else modelled
        self._round_to = round_to
        self._minimum = minimum

    @property
    def round_to(self) -> int:
        """Every projected figure is a multiple of it (persons); it cannot be set."""
        return self._round_to

    @property
    def minimum(self) -> int:
        """Groups whose projected median was below it (persons) are withheld; it cannot be set."""
        return self._minimum

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the disclosed projection."""
        return self._frame.copy()

    @property
    def modelled(self) -> pd.DataFrame:
        """A copy of the projection before rounding and withholding, for figures derived from it (sums over groups,
        shares, shortfalls) that are then rounded and withheld once, at the end, with :func:`round_modelled`: a sum
        of rounded figures adds up their rounding errors, and a withheld group would drop out of it. Never show it
        as it is."""
        return self._modelled.copy()

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
        out[column] = round_modelled(out[column], round_to=round_to).where(~small, np.nan)
    out["note"] = np.where(small, PROJECTED_SMALL.format(minimum=minimum), None)
    out["note"] = out["note"].astype(object).where(small, np.nan)
    return Projected(out, int(round_to), int(minimum), modelled=frame.copy(), _token=_TOKEN)


def round_modelled(values, *, round_to: int = 10, minimum: float = 0, by=None) -> pd.Series:
    """The rule for a modelled figure (a projection, an estimate apportioned from a count): rounded to the nearest
    ``round_to`` and withheld (NaN) where the model's central figure is below ``minimum``.

    Parameters
    ----------
    values : pandas.Series or array-like
        The modelled figures (persons).
    round_to : int, default 10
        Rounding base (persons), at least 1.
    minimum : float, default 0
        Figures whose ``by`` (default: the figure itself) is below it are withheld.
    by : pandas.Series or array-like, optional
        The central figure that decides withholding (the median of a projection whose limits are ``values``).

    Returns
    -------
    pandas.Series of float
        Same index as ``values``.

    Examples
    --------
    >>> round_modelled(pd.Series([1234.0, 14.9, 6.0]), minimum=10).tolist()
    [1230.0, 10.0, nan]
    """
    if not isinstance(round_to, (int, np.integer)) or round_to < 1:
        raise ArgumentError(f"round_to must be a whole number of at least 1; got {round_to!r}")
    values = pd.Series(values, dtype=float)
    central = values if by is None else pd.Series(np.asarray(by, dtype=float), index=values.index)
    return (np.round(values / round_to) * round_to).where(~(central < minimum), np.nan)


def require_projection(obj) -> Projected:
    """Return ``obj`` if it is a :class:`Projected` frame, else raise :class:`DisclosureError` (for renderers)."""
    if not isinstance(obj, Projected):
        raise DisclosureError(
            "only projections that passed disclosure control can be drawn or written: call "
            f"jsnakit.disclosure.apply_projection() first; got {type(obj).__name__}")
    return obj
