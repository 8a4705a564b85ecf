"""The ``period`` of the batch's workbook: the academic years a data folder holds (:func:`periods`), and the check
that refuses any other before an area runs (:func:`check_period`)."""
from __future__ import annotations

import re

from ..core.errors import ArgumentError
from ..needs.outcomes import BREAKDOWN as OUTCOME_BREAKDOWN

__all__ = ["periods", "check_period", "PERIOD_PATTERN"]

#: How a period of the workbook is written: an academic year, "YYYY/YY" (the school census of January YYYY+1).
PERIOD_PATTERN = re.compile(r"(\d{4})/(\d{2})")


def periods(data_dir) -> list[str]:
    """The academic-year periods a data folder holds: the values ``period`` may take.

    The ``"YYYY/YY"`` periods of the national indicator frame the workbook uses
    (:func:`jsnakit.needs.profile.published` of ``Catalog(data_dir)``, computed once and cached, as by
    :func:`jsnakit.factsheets.batch.shared_work`); calendar-year periods of some sources (``"2024"``) are left out,
    as are the years of the outcomes by SEN status (:mod:`jsnakit.needs.outcomes`), which each section reports as
    the latest LAIT holds.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder.

    Returns
    -------
    list of str
        Sorted, e.g. ``["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]``.

    Raises
    ------
    InputError
        When an input the national frame needs is missing or bad (as :func:`jsnakit.needs.profile.published`).
    """
    from ..needs import profile
    from ..catalog import Catalog

    frame = profile.published(Catalog(data_dir)).frame
    frame = frame[frame["breakdown"] != OUTCOME_BREAKDOWN]  # outcomes' years (LAIT) are not the factsheet's period
    return sorted({p for p in frame["period"].dropna().astype(str).unique() if PERIOD_PATTERN.fullmatch(p)})


def check_period(period, data_dir) -> None:
    """Refuse a ``period`` that is badly written or that the data folder does not hold, before any area runs.

    Parameters
    ----------
    period : str or None
        ``"YYYY/YY"`` with consecutive years (``"2024/25"``), or None for the latest (always accepted).
    data_dir : str or pathlib.Path
        The data folder whose :func:`periods` the period must be among.

    Raises
    ------
    ArgumentError
        When ``period`` is not written ``"YYYY/YY"`` with consecutive years, or is not among :func:`periods`; the
        message lists the periods the folder holds (when the national frame can be made from it: otherwise only
        the spelling is checked and each area's run reports the bad input).

    Examples
    --------
    >>> from jsnakit.factsheets.resources import sample_data_dir
    >>> check_period("2024/25", sample_data_dir())
    >>> check_period("2025-26", sample_data_dir())
    Traceback (most recent call last):
    ...
    jsnakit.core.errors.ArgumentError: period must be an academic year written YYYY/YY with consecutive years, such as \
'2024/25'; got '2025-26' (the data folder holds 2018/19, ...)
    """
    if period is None:
        return
    try:
        held = periods(data_dir)
    except Exception:  # noqa: BLE001 - the areas' own runs meet (and record) the same problem
        held = None
    listing = ", ".join(held) if held else "none"
    match = PERIOD_PATTERN.fullmatch(period) if isinstance(period, str) else None
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        message = (f"period must be an academic year written YYYY/YY with consecutive years, such as '2024/25'; "
                   f"got {period!r}")
        raise ArgumentError(message if held is None else f"{message} (the data folder holds {listing})")
    if held is not None and period not in held:
        raise ArgumentError(f"period must be one the data folder holds ({listing}); got {period!r}")
