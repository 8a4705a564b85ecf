"""Presentation tables from a disclosed indicator frame: the numbers behind every chart, ready for a factsheet.

Every function here takes a :class:`jsnakit.disclosure.Disclosed` frame and nothing else (docs/architecture.md,
Conventions).
Cells are text, formatted for reading: values to 1 decimal place, counts with thousands separators, confidence
intervals as ``"a to b"``, comparisons as words with a symbol (``▲ higher than England``), never colour alone, and
suppressed cells as the reason they are withheld (``"suppressed to protect small counts"``), never 0 or NaN.

The HTML is accessible (a ``<caption>``, ``<th scope="col">`` column headers, the first column as row headers) and
holds no JavaScript, so the factsheet works without it and prints on A4.

Here: the indicator frame (:func:`to_frame`, :func:`to_html`, :func:`disclosed_repr_html`), an area's standing
(:func:`standing_html`) and a projection (:func:`projection_html`). The formatting they share is
:mod:`jsnakit.render.formatting` and the tables of a gap analysis are :mod:`jsnakit.render.gap_tables`; their public
names are reachable here too.
"""
from __future__ import annotations

import html

import pandas as pd

from .. import disclosure
from ..core import indicators
from ..core.errors import ArgumentError
from ..core.schema import INDICATOR_COLUMNS
from .formatting import (COMPARISON_COLOURS, COUNT_UNITS, check_caption, format_count, format_value, html_table,
                         is_missing, ordinal)
from .gap_tables import commissioners_html, coverage_html, distance_html, shortfall_html

__all__ = [
    "detail_html",
    "DEFAULT_COLUMNS",
    "DEFAULT_LABELS",
    "COMPARISON_TEXT",
    "COMPARISON_COLOURS",
    "to_frame",
    "to_html",
    "disclosed_repr_html",
    "format_value",
    "format_count",
    "coverage_html",
    "shortfall_html",
    "commissioners_html",
    "distance_html",
    "standing_html",
    "projection_html",
    "KNOWN_COLUMNS",
    "COUNT_UNITS",
    "QUARTERS",
    "BANDS",
    "REPR_ROWS",
]

#: Columns shown when ``columns`` is None. ``"ci"`` is the confidence interval as one ``"a to b"`` column.
DEFAULT_COLUMNS = (
    "indicator", "area_name", "period", "category", "count", "denominator", "value", "unit", "ci", "comparison",
)

#: Column headers used unless ``labels`` overrides them.
DEFAULT_LABELS = {
    "indicator": "Indicator",
    "area_code": "Area code",
    "area_name": "Area",
    "area_type": "Area type",
    "period": "Period",
    "breakdown": "Breakdown",
    "category": "Category",
    "count": "Count",
    "denominator": "Denominator",
    "value": "Value",
    "lower_ci": "Lower 95% limit",
    "upper_ci": "Upper 95% limit",
    "ci": "95% confidence interval",
    "confidence": "Confidence level",
    "unit": "Unit",
    "method": "Method",
    "comparator_code": "Comparator",
    "comparison": "Compared with benchmark (significance at 95%)",
    "note": "Note",
    "source": "Source",
}

#: Symbol and word for each ``comparison``; the symbol repeats the word, so colour is never the only signal.
COMPARISON_TEXT = {
    "higher": "▲ higher than",
    "similar": "● similar to",
    "lower": "▼ lower than",
    "not compared": "not compared",
}

#: The columns that may be asked for: every indicator column plus ``"ci"``.
KNOWN_COLUMNS = tuple(INDICATOR_COLUMNS) + ("ci",)

#: ``note`` text for a missing number whose row has no note.
_NO_DATA = "no data"
#: Rows a notebook shows of a Disclosed frame.
REPR_ROWS = 20


def to_frame(disclosed, *, columns=None, labels=None) -> pd.DataFrame:
    """A presentation table of a disclosed indicator frame: every cell is text.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The frame to show, in its row order (select and order rows with ``disclosed.query`` first).
    columns : sequence of str, optional
        Which columns, in order: any of :data:`jsnakit.core.schema.INDICATOR_COLUMNS` or ``"ci"`` (the confidence
        interval
        as ``"a to b"``). Default :data:`DEFAULT_COLUMNS`.
    labels : dict of str to str, optional
        Column headers, overriding :data:`DEFAULT_LABELS` for the columns named.

    Returns
    -------
    pandas.DataFrame
        One row per row of the frame (a fresh RangeIndex), one column per entry of ``columns`` headed by its label,
        all cells text: values to 1 decimal place (whole numbers with thousands separators for counts of people),
        counts and denominators with thousands separators, ``ci`` as ``"4.2 to 5.1"``, ``comparison`` as
        ``"▲ higher than England"`` / ``"● similar to England"`` / ``"▼ lower than England"`` /
        ``"not compared"``,
        ``note`` in words. Where a row is withheld or unavailable, count, denominator, value and confidence limits
        read as the reason (:func:`jsnakit.disclosure.describe_note`, e.g. ``"suppressed to protect small counts"``); a
        number that is missing without a note reads ``"no data"``; a value without a confidence interval (NaN
        limits, or ``method`` ``"none"``, as for counts) leaves ``ci`` reading ``"not applicable"``. No cell is
        NaN.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When a column is not known, or ``labels`` is not a dict.

    Examples
    --------
    >>> from jsnakit import disclosure
    >>> from jsnakit.core import schema
    >>> f = schema.empty().reindex(range(1)).assign(
    ...     indicator="ehc_pupils_pct", area_code="E09000019", area_name="Islington", period="2025/26",
    ...     breakdown="All", category="All", count=1234.0, denominator=20000.0, value=6.17, lower_ci=5.84,
    ...     upper_ci=6.51, unit="%", comparator_code="E92000001", comparison="higher")
    >>> to_frame(disclosure.apply(f), columns=["count", "value", "ci"]).iloc[0].tolist()
    ['1,234', '6.2', '5.8 to 6.5']
    """
    disclosed = disclosure.require(disclosed)
    return _present(disclosed.frame, disclosed.rules, columns=columns, labels=labels)


def to_html(disclosed, *, caption, columns=None, labels=None) -> str:
    """An accessible HTML table of a disclosed indicator frame.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The frame to show.
    caption : str
        What the table shows (and, ideally, its source); becomes the ``<caption>``. Required: a table without a
        caption is not accessible.
    columns, labels
        As :func:`to_frame`.

    Returns
    -------
    str
        ``<table class="jsnakit-table">`` with a ``<caption>``, a ``<thead>`` of ``<th scope="col">`` headers and a
        ``<tbody>`` whose first cell in each row is a ``<th scope="row">``; numbers right-aligned; every text escaped;
        no script.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When ``caption`` is not a non-empty string, or as :func:`to_frame`.
    """
    disclosed = disclosure.require(disclosed)
    check_caption(caption)
    names = _columns(columns)
    table = _present(disclosed.frame, disclosed.rules, columns=names, labels=labels)
    return html_table(table, names, caption)


#: Words for the quartiles of :func:`jsnakit.needs.profile.standing` (no judgement: lowest to highest values).
QUARTERS = {"1": "lowest quarter", "2": "second quarter", "3": "third quarter", "4": "highest quarter"}


def standing_html(standing: pd.DataFrame, *, caption: str, rules=None) -> str:
    """An accessible HTML table of an area's standing (:func:`jsnakit.needs.profile.standing`, or the full
    :func:`jsnakit.needs.profile.comparison_frame`).

    Parameters
    ----------
    standing : pandas.DataFrame
        :data:`jsnakit.needs.profile.STANDING_COLUMNS`, as :func:`jsnakit.needs.profile.standing` or
        :func:`jsnakit.needs.profile.comparison_frame` return it (built from a disclosed frame only).
    caption : str
        What the table shows; becomes the ``<caption>``.
    rules : jsnakit.disclosure.Rules, optional
        For the wording of withheld values (default rules).

    Returns
    -------
    str
        ``<table class="jsnakit-table">``: indicator (with its category for a breakdown row), period, value with its
        95% interval (or the reason it is withheld), the two-level comparison with England (``significance``:
        "higher (99.8%)" ... "lower (99.8%)", "similar", "not compared"), England, region, neighbour median, the
        comparator group's median (a column headed with the group's name, shown only when a group was given),
        rank ("12th of 153"), quarter and recent trend.

    Raises
    ------
    ArgumentError
        When ``standing`` is not such a frame or ``caption`` is empty.
    """
    from ..needs.profile import STANDING_COLUMNS

    check_caption(caption)
    if not isinstance(standing, pd.DataFrame) or list(standing.columns) != STANDING_COLUMNS:
        raise ArgumentError(f"standing must be the frame jsnakit.needs.profile.standing returns; got "
                            f"{type(standing).__name__}")
    names = [g for g in standing["group_name"].tolist() if not is_missing(g)]
    group = names[0] if names else None
    headers = ["Indicator", "Period", "Value (95% CI)", "Compared with England (significant at 95% or 99.8%)",
               "England", "Region", "Statistical neighbours (median)"]
    if group is not None:
        headers.append(f"{group} (median)")
    headers += ["Rank among LAs (1 = highest)", "Quarter among LAs", "Recent trend"]
    rows = []
    for rec in standing.to_dict("records"):
        unit = rec["unit"]
        if is_missing(rec["value"]):
            shown = _reason(rec["note"], rules)
        elif is_missing(rec["lower_ci"]):
            shown = format_value(rec["value"], unit)
        else:
            shown = (f"{format_value(rec['value'], unit)} ({format_value(rec['lower_ci'], unit)} to "
                     f"{format_value(rec['upper_ci'], unit)})")
        rank = "" if is_missing(rec["rank"]) else f"{ordinal(int(rec['rank']))} of {rec['ranked']}"
        near = "" if is_missing(rec["neighbour_median"]) else (
            f"{format_value(rec['neighbour_median'], unit)} ({rec['neighbours']} areas)")
        trend = rec["trend"] if rec["trend"] == "cannot be calculated" else f"{rec['trend']} ({rec['trend_from']} to {rec['trend_to']})"
        whole = is_missing(rec["category"]) or rec["category"] == "All"
        title = rec["title"] if whole else f"{rec['title']}: {rec['category']}"
        row = [f"{title} ({unit})", rec["period"], shown, _judged(rec["significance"], rec["indicator"]),
               format_value(rec["england"], unit),
               format_value(rec["region"], unit), near]
        if group is not None:
            row.append("" if is_missing(rec["group_median"]) else
                       f"{format_value(rec['group_median'], unit)} ({rec['group_n']} areas)")
        rows.append(row + [rank, BANDS.get(str(rec["quartile"]), QUARTERS.get(str(rec["quartile"]), "")), trend])
    table = pd.DataFrame(rows, columns=headers)
    # Numbers right-aligned (the columns that hold them are styled as the "value" column of to_html).
    styles = ["title", "period", "value", "comparison", "value", "value", "value"]
    styles += ["value"] * (group is not None) + ["value", "", ""]
    return html_table(table, styles, caption)


def projection_html(projected, *, caption: str, every: int = 1) -> str:
    """An accessible HTML table of a disclosed projection: for each projected year, the median and the 50% and 95%
    intervals of all plans, and the median of each age band (when the projection is by band, not single years).

    Parameters
    ----------
    projected : jsnakit.disclosure.Projected
        The disclosed projection of one area and scenario, all needs (``need`` ``All``).
    caption : str
        What the table shows; becomes the ``<caption>``.
    every : int, default 1
        Show every ``every``-th year (and always the last).

    Returns
    -------
    str
        ``<table class="jsnakit-table">``; withheld groups read "projected fewer than 10".
    """
    frame = disclosure.require_projection(projected).frame
    check_caption(caption)
    frame = frame[frame["need"] == "All"]
    periods = sorted(frame["period"].astype(str).unique())
    keep = set(periods[::max(1, int(every))]) | {periods[-1]}
    bands = [b for b in dict.fromkeys(frame["age_band"]) if b != "All"]
    if len(bands) > 6:  # single years of age: the total only (a table of 24 ages would not be read)
        bands = []
    names = ["Year (January)", "All plans: median", "50% interval", "95% interval"] + [f"Aged {b}" for b in bands]
    rows = []
    for period in periods:
        if period not in keep:
            continue
        part = frame[frame["period"] == period].set_index("age_band")

        def shown(band, column="median"):
            if band not in part.index:
                return ""
            rec = part.loc[band]
            return format_count(rec[column]) if not is_missing(rec[column]) else str(rec["note"])

        total = part.loc["All"] if "All" in part.index else None
        interval = (lambda lo, hi: "" if total is None or is_missing(total[lo]) else
                    f"{format_count(total[lo])} to {format_count(total[hi])}")
        rows.append([period, shown("All"), interval("lower_50", "upper_50"), interval("lower_95", "upper_95")]
                    + [shown(b) for b in bands])
    table = pd.DataFrame(rows, columns=names)
    return html_table(table, ["period"] + ["value"] * (len(names) - 1), caption)


def disclosed_repr_html(disclosed) -> str:
    """How a :class:`~jsnakit.disclosure.Disclosed` frame shows itself in a notebook (``_repr_html_``).

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The frame.

    Returns
    -------
    str
        An HTML table of the first :data:`REPR_ROWS` rows, formatted as :func:`to_html` (suppressed cells in words),
        with a caption giving the number of rows, how many are withheld and the disclosure rule in force, and a line
        saying how many rows are not shown.

    Raises
    ------
    DisclosureError
        When ``disclosed`` has not passed :func:`jsnakit.disclosure.apply`.
    """
    disclosed = disclosure.require(disclosed)
    frame = disclosed.frame
    withheld = int(frame["note"].astype("string").str.startswith(disclosure.SUPPRESSED).fillna(False).sum())
    names = ["indicator", "area_code", "area_name", "period", "breakdown", "category", "count", "denominator",
             "value", "ci", "comparison", "note"]
    caption = (
        f"Disclosed indicator frame: {len(frame):,} rows, {withheld:,} withheld by disclosure control. "
        f"{disclosed.rules.describe()}"
    )
    table = _present(frame.head(REPR_ROWS), disclosed.rules, columns=names, labels=None)
    out = html_table(table, names, caption)
    hidden = len(frame) - len(table)
    if hidden > 0:
        out += f'\n<p class="jsnakit-more">… and {hidden:,} more rows not shown.</p>'
    return out


# --- internals -------------------------------------------------------------------------------------------------

def _columns(columns) -> list[str]:
    if columns is None:
        return list(DEFAULT_COLUMNS)
    if isinstance(columns, str):
        raise ArgumentError(f"columns must be a list of column names; got the string {columns!r}")
    names = list(columns)
    unknown = [c for c in names if c not in KNOWN_COLUMNS]
    if unknown:
        raise ArgumentError(f"columns must be among {list(KNOWN_COLUMNS)}; got {unknown[0]!r}")
    if not names:
        raise ArgumentError("columns must name at least one column; got []")
    return names


def _labels(labels, names) -> list[str]:
    if labels is None:
        labels = {}
    if not isinstance(labels, dict):
        raise ArgumentError(f"labels must be a dict of column name to header; got {type(labels).__name__}")
    return [str(labels.get(c, DEFAULT_LABELS.get(c, c))) for c in names]


#: Words for LAIT's quartile bands of an indicator with a polarity (A the best quarter of LAs, D the worst).
BANDS = {"A": "A (best quarter)", "B": "B (second best quarter)", "C": "C (third quarter)",
         "D": "D (worst quarter)"}


def _judged(significance: str, indicator: str) -> str:
    """The comparison with England with its judgement for an indicator with a polarity: ``"better: higher (95%)"``."""
    spec = indicators.CATALOGUE.get(indicator)
    if spec is None or not isinstance(significance, str):
        return significance
    verdict = indicators.judgement(significance.split(" ", 1)[0], spec.polarity)
    return significance if verdict is None else f"{verdict}: {significance}"


def _names(frame: pd.DataFrame) -> dict:
    """area_code -> area_name, from the frame first and the area table second."""
    names = {}
    try:  # the area table is a nicety: a comparator missing from it is shown by its code
        from ..core import geography
        table = geography.areas()
        names.update(dict(zip(table["area_code"], table["area_name"])))
    except Exception:  # pragma: no cover - the package data is always installed
        pass
    pairs = frame[["area_code", "area_name"]].dropna()
    names.update(dict(zip(pairs["area_code"], pairs["area_name"])))
    return names


def _reason(note, rules) -> str:
    text = disclosure.describe_note(note, rules)
    return text or _NO_DATA


def _present(frame: pd.DataFrame, rules, *, columns, labels) -> pd.DataFrame:
    names = _columns(columns)
    headers = _labels(labels, names)
    if len(set(headers)) != len(headers):
        raise ArgumentError(f"labels must give every column a different header; got {headers}")
    frame = frame.reset_index(drop=True)
    area_names = _names(frame)
    rows = []
    for rec in frame.to_dict("records"):
        unit = rec.get("unit")
        unit = None if is_missing(unit) else unit
        note = rec.get("note")
        rows.append([_cell(col, rec, unit, note, rules, area_names) for col in names])
    return pd.DataFrame(rows, columns=headers, dtype=object)


def _cell(col, rec, unit, note, rules, area_names) -> str:
    method = rec.get("method")
    if not is_missing(method) and method == "published" and not is_missing(rec.get("value")):
        if col == "ci":  # a percentage published without its count and denominator (LAIT): no interval can be given
            return "none: published without its count"
        if col in ("count", "denominator") and is_missing(rec.get(col)):
            return "not published"
    if col == "ci":
        lo, hi = rec.get("lower_ci"), rec.get("upper_ci")
        if is_missing(rec.get("value")):
            return _reason(note, rules)
        if is_missing(lo) or is_missing(hi) or (not is_missing(method) and str(method).strip().lower() == "none"):
            return disclosure.describe_note("z", rules)  # "not applicable": a count (method "none") has no interval
        return f"{format_value(lo, unit)} to {format_value(hi, unit)}"
    value = rec.get(col)
    if col in ("count", "denominator"):
        if is_missing(value):
            return _reason(note, rules)
        return format_count(value)
    if col in ("value", "lower_ci", "upper_ci"):
        if is_missing(value):
            return _reason(note, rules)
        return format_value(value, unit)
    if col == "confidence":
        return "" if is_missing(value) else f"{float(value) * 100:g}%"
    if col == "comparison":
        comparison = "not compared" if is_missing(value) else str(value)
        text = COMPARISON_TEXT.get(comparison, comparison)
        if comparison in ("higher", "similar", "lower"):
            code = rec.get("comparator_code")
            name = "the benchmark" if is_missing(code) else area_names.get(code, str(code))
            text = f"{text} {name}"
        return text
    if col == "comparator_code":
        return "" if is_missing(value) else area_names.get(value, str(value))
    if col == "indicator":
        spec = indicators.CATALOGUE.get(value)
        return str(value) if spec is None else spec.title
    if col == "note":
        return "" if is_missing(value) else disclosure.describe_note(value, rules)
    return "" if is_missing(value) else str(value)


def detail_html(summary: str, content: str) -> str:
    """A long table kept out of the short body: collapsed under its summary on screen (``<details>``); printed
    in an appendix by :func:`jsnakit.factsheets.pdf.to_pdf` (opened in place when the page itself is printed).

    Parameters
    ----------
    summary : str
        What the block holds, plain text (``"Every statistical neighbour"``).
    content : str
        Its HTML (a table from this module).

    Returns
    -------
    str

    Examples
    --------
    >>> detail_html("Every neighbour", "<table></table>")
    '<details class="jsnakit-detail"><summary>Every neighbour</summary><table></table></details>'
    """
    return f'<details class="jsnakit-detail"><summary>{html.escape(summary)}</summary>{content}</details>'

