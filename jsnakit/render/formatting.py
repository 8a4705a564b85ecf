"""Numbers and tables as text: the formatting every table, chart label and sentence of the factsheet shares.

Values to 1 decimal place, counts with thousands separators (:func:`format_value`, :func:`format_count`), ranks as
ordinals (:func:`ordinal`), and the one accessible HTML table every table function writes (:func:`html_table`: a
``<caption>``, ``<th scope="col">`` column headers, the first column as row headers, numbers right-aligned, every
text escaped and no JavaScript).
"""
from __future__ import annotations

import html
import math

import pandas as pd

from ..core.errors import ArgumentError

__all__ = ["COUNT_UNITS", "COMPARISON_COLOURS", "NUMERIC_COLUMNS", "format_count", "format_value", "with_unit",
           "ordinal", "is_missing", "check_caption", "html_table"]

#: Units whose values are counts of people or things: shown as whole numbers with thousands separators.
COUNT_UNITS = ("persons", "people", "pupils", "plans", "count", "number")

#: Colour of each comparison's symbol in HTML tables (blues, as Fingertips shows comparisons that carry no
#: judgement of better or worse); the symbol and the words carry the meaning, the colour only repeats it.
COMPARISON_COLOURS = {"▲": "#08306B", "●": "#737373", "▼": "#4292C6"}

#: Column styles of :func:`html_table` whose cells are right-aligned (they hold numbers).
NUMERIC_COLUMNS = ("count", "denominator", "value", "lower_ci", "upper_ci", "ci", "confidence")


def is_missing(x) -> bool:
    """Whether a cell holds no value: None, ``pd.NA`` or a number that is NaN (text is never missing).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("x")
    (True, True, False, False)
    """
    if x is None or x is pd.NA:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


def format_count(x) -> str:
    """A count as text: whole numbers with thousands separators (``1,234``); '' for NaN.

    Examples
    --------
    >>> format_count(12345.0), format_count(2.5), format_count(float("nan"))
    ('12,345', '2.5', '')
    """
    if is_missing(x):
        return ""
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.1f}"


def format_value(x, unit=None, *, decimals: int = 1) -> str:
    """A value as text in its unit's style; '' for NaN.

    Parameters
    ----------
    x : float
        The value.
    unit : str, optional
        The indicator's unit (``"%"``, ``"per 10,000"``, ``"persons"``). Counts (:data:`COUNT_UNITS`) are shown as
        whole numbers with thousands separators; everything else to ``decimals`` places.
    decimals : int, default 1
        Decimal places for percentages and rates.

    Examples
    --------
    >>> format_value(6.0512, "%"), format_value(123456.0, "persons"), format_value(87.25, "per 10,000")
    ('6.1', '123,456', '87.2')
    """
    if is_missing(x):
        return ""
    if unit is not None and str(unit).strip().lower() in COUNT_UNITS:
        return format_count(x)
    return f"{float(x):,.{decimals}f}"


def with_unit(x, unit: str) -> str:
    """A value with its unit, as a sentence or a tile writes it: ``"7.5%"``, ``"490.3 per 10,000"``, ``"2,970"``;
    ``"not available"`` for NaN.

    Parameters
    ----------
    x : float
        The value.
    unit : str
        Its unit (:attr:`jsnakit.core.indicators.Indicator.unit`).

    Returns
    -------
    str

    Examples
    --------
    >>> with_unit(7.514, "%"), with_unit(490.31, "per 10,000"), with_unit(float("nan"), "%")
    ('7.5%', '490.3 per 10,000', 'not available')
    """
    if is_missing(x):
        return "not available"
    text = format_value(x, unit)
    return f"{text}%" if unit == "%" else f"{text} {unit}" if str(unit).startswith("per ") else text


def ordinal(n: int) -> str:
    """A rank in words' order: ``1`` -> ``"1st"``, ``12`` -> ``"12th"``, ``23`` -> ``"23rd"``.

    Parameters
    ----------
    n : int
        The rank.

    Returns
    -------
    str
        ``n`` with its English ordinal suffix.

    Examples
    --------
    >>> ordinal(1), ordinal(2), ordinal(3), ordinal(11), ordinal(112), ordinal(23)
    ('1st', '2nd', '3rd', '11th', '112th', '23rd')
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def check_caption(caption) -> None:
    """Check a table's caption: a table without one is not accessible.

    Parameters
    ----------
    caption : str
        What the table shows.

    Raises
    ------
    ArgumentError
        When ``caption`` is not a non-empty string.
    """
    if not isinstance(caption, str) or not caption.strip():
        raise ArgumentError(f"caption must be a non-empty string saying what the table shows; got {caption!r}")


def _marked(text: str) -> str:
    """A comparison cell as HTML: its symbol coloured, then its words (``▲ higher than England``)."""
    colour = COMPARISON_COLOURS.get(text[:1])
    if colour is None:
        return html.escape(text)
    return f'<span class="jsnakit-marker" style="color:{colour}" aria-hidden="true">{text[0]}</span>' \
           f"{html.escape(text[1:])}"


def html_table(table: pd.DataFrame, names: list[str], caption: str) -> str:
    """An accessible HTML table of a frame of text cells.

    Parameters
    ----------
    table : pandas.DataFrame
        The cells (already text), headed by their column headers.
    names : list of str
        A style per column, in order: a column of :data:`NUMERIC_COLUMNS` is right-aligned, a ``"comparison"``
        column has its symbol coloured (:data:`COMPARISON_COLOURS`), any other name ('' for instance) is plain text.
    caption : str
        What the table shows; becomes the ``<caption>``.

    Returns
    -------
    str
        ``<table class="jsnakit-table">`` with a ``<caption>``, a ``<thead>`` of ``<th scope="col">`` headers and a
        ``<tbody>`` whose first cell in each row is a ``<th scope="row">``; every text escaped; no script.

    Examples
    --------
    >>> print(html_table(pd.DataFrame({"Area": ["A & B"], "Count": ["1,234"]}), ["", "count"], "Plans"))
    <table class="jsnakit-table">
    <caption>Plans</caption>
    <thead>
    <tr>
    <th scope="col">Area</th>
    <th scope="col">Count</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <th scope="row">A &amp; B</th>
    <td style="text-align:right">1,234</td>
    </tr>
    </tbody>
    </table>
    """
    esc = html.escape
    numeric = [c in NUMERIC_COLUMNS for c in names]
    out = ['<table class="jsnakit-table">', f"<caption>{esc(caption)}</caption>", "<thead>", "<tr>"]
    for header in table.columns:
        out.append(f'<th scope="col">{esc(str(header))}</th>')
    out += ["</tr>", "</thead>", "<tbody>"]
    for row in table.itertuples(index=False):
        out.append("<tr>")
        for i, (cell, is_num) in enumerate(zip(row, numeric)):
            align = ' style="text-align:right"' if is_num else ""
            text = _marked(str(cell)) if names[i] == "comparison" else esc(str(cell))
            if i == 0:
                out.append(f'<th scope="row"{align}>{text}</th>')
            else:
                out.append(f"<td{align}>{text}</td>")
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)
