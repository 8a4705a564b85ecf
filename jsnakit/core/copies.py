"""Copies of shared frames (issue 20): what a catalogue or a disclosed frame keeps is handed out as a copy, so a
caller's change never reaches the next caller. With pandas' copy-on-write (always on from pandas 3; an option in
pandas 2) that copy is lazy and costs nothing until one side changes; without it, it is a deep copy."""
from __future__ import annotations

import pandas as pd

__all__ = ["COPY_ON_WRITE", "handed_out"]

#: Whether pandas always copies lazily (copy-on-write): from pandas 3. In pandas 2 it is an option, read at each copy.
COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3


def handed_out(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a kept frame for a caller, whose changes never reach the kept one.

    Parameters
    ----------
    frame : pandas.DataFrame
        The kept frame (a GeoDataFrame stays one).

    Returns
    -------
    pandas.DataFrame
        A lazy copy under copy-on-write (no data copied until either side changes), a deep copy otherwise.

    Examples
    --------
    >>> kept = pd.DataFrame({"count": [1.0, 2.0]})
    >>> mine = handed_out(kept)
    >>> mine.loc[0, "count"] = 99.0
    >>> kept["count"].tolist()
    [1.0, 2.0]
    """
    return frame.copy(deep=not (COPY_ON_WRITE or pd.get_option("mode.copy_on_write") is True))
