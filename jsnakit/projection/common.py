"""What the projection modules share: the columns of a projection, academic years and age-group labels, argument
checks, the population of age groups and the quantiles of simulated draws.

Used by the cohort model (:mod:`.cohort`), the SEN support projection (:mod:`.sen_support`), the baselines and the
back-test (:mod:`.growth_baselines`, :mod:`.backtesting`) and the transitions projection
(:mod:`.transition_fit`, :mod:`.transition_projection`).
"""
from __future__ import annotations

import numbers
import re

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError

__all__ = [
    "PROJECTION_COLUMNS",
    "shift_period",
    "start_year",
    "age_range",
    "group_widths",
    "whole_number",
    "check_damping",
    "population_table",
    "population_years",
    "summarise_draws",
]

#: Columns of :func:`jsnakit.projection.project` (counts in persons).
PROJECTION_COLUMNS = ["area_code", "period", "age_band", "need", "scenario", "median", "lower_50", "upper_50",
                      "lower_95", "upper_95"]
_QUANTILES = [0.5, 0.25, 0.75, 0.025, 0.975]


# --------------------------------------------------------------------------------------------------------------------
# periods and age groups

def shift_period(period: str, years: int) -> str:
    """``"2024/25"`` moved on by ``years`` academic years.

    Parameters
    ----------
    period : str
        An academic year, ``"2024/25"`` (its first four characters are read).
    years : int
        Academic years to move on (negative: back).

    Returns
    -------
    str
        The academic year ``years`` later.

    Examples
    --------
    >>> shift_period("2024/25", 2)
    '2026/27'
    """
    start = int(str(period)[:4]) + years
    return f"{start}/{str(start + 1)[2:]}"


def start_year(period: str) -> int:
    """The calendar year in which an academic year starts: ``"2024/25"`` -> 2024.

    Parameters
    ----------
    period : str
        An academic year, ``"2024/25"`` (or a calendar year, ``"2024"``).

    Returns
    -------
    int
        Its first four characters as a number.
    """
    return int(str(period)[:4])


def age_range(label: str) -> tuple[int, int]:
    """First and last single year of age of a group label: ``"5-10"`` -> (5, 10), ``"under 3"`` -> (0, 2).

    Parameters
    ----------
    label : str
        An age group: a band ``"5-10"``, ``"under 3"`` or a single age ``"7"``.

    Returns
    -------
    tuple of int
        The first and last single year of age in the group (inclusive).

    Raises
    ------
    ArgumentError
        A label of none of those forms.

    Examples
    --------
    >>> age_range("5-10"), age_range("under 3"), age_range("7")
    ((5, 10), (0, 2), (7, 7))
    """
    label = str(label).strip()
    if m := re.fullmatch(r"(\d+)\s*-\s*(\d+)", label):
        return int(m.group(1)), int(m.group(2))
    if m := re.fullmatch(r"under (\d+)", label, re.IGNORECASE):
        return 0, int(m.group(1)) - 1
    if label.isdigit():
        return int(label), int(label)
    raise ArgumentError(f"age groups must be labels like '5-10', 'under 3' or '7'; got {label!r}")


def group_widths(groups: list[str]) -> np.ndarray:
    """Width in years of each age group.

    Parameters
    ----------
    groups : list of str
        Age group labels (see :func:`age_range`).

    Returns
    -------
    numpy.ndarray
        Float widths, one per group: ``"5-10"`` is 6 years wide, ``"under 3"`` 3, a single age 1.
    """
    return np.array([age_range(g)[1] - age_range(g)[0] + 1 for g in groups], dtype=float)


# --------------------------------------------------------------------------------------------------------------------
# arguments

def whole_number(name: str, value, low: int, high: int | None = None) -> int:
    """Check that an argument is a whole number within bounds.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value given (a bool is not a whole number here).
    low : int
        Least value allowed.
    high : int, optional
        Greatest value allowed (None: no upper bound).

    Returns
    -------
    int
        ``value`` as an int.

    Raises
    ------
    ArgumentError
        ``"<name> must be a whole number from <low> to <high>; got <value>"`` (or ``"of at least <low>"``).
    """
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= low
    ok = ok and (high is None or value <= high)
    if not ok:
        rule = f"a whole number from {low} to {high}" if high is not None else f"a whole number of at least {low}"
        raise ArgumentError(f"{name} must be {rule}; got {value!r}")
    return int(value)


def check_damping(value) -> float:
    """Check the damping of a continued trend (FPP3 section 8.2).

    Parameters
    ----------
    value : object
        The value given.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    ArgumentError
        Not a number above 0 and at most 1.
    """
    if not (isinstance(value, numbers.Real) and 0 < value <= 1):
        raise ArgumentError(f"damping must be a number above 0 and at most 1; got {value!r}")
    return float(value)


# --------------------------------------------------------------------------------------------------------------------
# population and quantiles

def population_table(population: pd.DataFrame, area_code: str, groups: list[str], periods: list[str]) -> np.ndarray:
    """Population (persons) of each group for each academic year (mid-year of its first calendar year).

    Mid-years after the latest estimate: the latest estimate aged on one year a year (births held at the latest
    age 0; no deaths or migration). Mid-years before the earliest estimate: the earliest estimate.

    Parameters
    ----------
    population : pandas.DataFrame
        ONS estimates or projections (:data:`jsnakit.core.schema.POPULATION_COLUMNS`), by single year of age
        (``persons`` rows when it has a ``sex`` column).
    area_code : str
        GSS code of the area.
    groups : list of str
        Age group labels (see :func:`age_range`).
    periods : list of str
        Academic years, ``"2024/25"``.

    Returns
    -------
    numpy.ndarray
        Persons, shape (periods, groups).

    Raises
    ------
    ArgumentError
        No persons for the area in ``population``.
    """
    rows = population[(population["area_code"] == area_code)]
    if "sex" in rows.columns:
        rows = rows[rows["sex"] == "persons"]
    if rows.empty:
        raise ArgumentError(f"population must hold persons by single year of age for {area_code}; got none")
    table = rows.pivot_table(index="period", columns="age", values="population", aggfunc="sum")
    table.index = table.index.astype(int)
    ages = np.arange(0, 91)
    table = table.reindex(columns=ages).fillna(0.0)
    first, last = table.index.min(), table.index.max()
    out = []
    for period in periods:
        year = start_year(period)
        if year in table.index:
            by_age = table.loc[year].to_numpy()
        elif year < first:
            by_age = table.loc[first].to_numpy()
        else:
            by_age = table.loc[last].to_numpy().copy()
            for _ in range(year - last):
                by_age = np.concatenate([[by_age[0]], by_age[:-1]])
        out.append([by_age[age_range(g)[0]:age_range(g)[1] + 1].sum() for g in groups])
    return np.asarray(out, dtype=float)


def population_years(population: pd.DataFrame, area_code: str, periods) -> dict:
    """Which academic years' populations :func:`population_table` takes from an ONS estimate and which it makes up.

    Parameters
    ----------
    population : pandas.DataFrame
        ONS estimates or projections (:data:`jsnakit.core.schema.POPULATION_COLUMNS`).
    area_code : str
        GSS code of the area.
    periods : sequence of str
        Academic years, ``"2024/25"`` (the mid-year of its first calendar year is used).

    Returns
    -------
    dict
        ``"estimated"``: the periods whose mid-year the frame holds; ``"held"``: earlier periods, given the
        earliest estimate; ``"aged"``: later periods, given the latest estimate aged on; ``"first"`` and ``"last"``:
        the mid-years held (None when the area has none).
    """
    rows = population[population["area_code"] == area_code]
    held = sorted({int(str(p)[:4]) for p in rows["period"].dropna().unique()})
    out = {"estimated": [], "held": [], "aged": [], "first": held[0] if held else None,
           "last": held[-1] if held else None}
    for period in periods:
        year = start_year(period)
        key = "estimated" if year in held else "held" if held and year < held[0] else "aged"
        out[key].append(str(period))
    return out


def summarise_draws(draws: np.ndarray) -> np.ndarray:
    """Quantiles over axis 0: median, 50% and 95% limits -> (..., 5).

    The same figures as ``np.quantile`` (its default "linear" method) at about a third of its time: one sort of
    each cell's simulations, laid out contiguously, then numpy's own interpolation.

    Parameters
    ----------
    draws : numpy.ndarray
        Simulations on axis 0, any cells after it.

    Returns
    -------
    numpy.ndarray
        Shape ``draws.shape[1:] + (5,)``: the median, the 25% and 75% and the 2.5% and 97.5% quantiles, in the
        order of the last five :data:`PROJECTION_COLUMNS`.
    """
    draws = np.asarray(draws)
    cells = draws.reshape(draws.shape[0], -1)
    ordered = np.sort(np.ascontiguousarray(cells.T), axis=1).astype(float)
    n = ordered.shape[1]
    where = (n - 1) * np.asarray(_QUANTILES)
    low = np.floor(where).astype(int)
    high = np.minimum(low + 1, n - 1)
    t = where - low
    a, b = ordered[:, low], ordered[:, high]
    out = np.where(t >= 0.5, b - (b - a) * (1 - t), a + (b - a) * t)     # numpy's _lerp
    return out.reshape(draws.shape[1:] + (len(_QUANTILES),))
