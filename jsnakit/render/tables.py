"""Presentation tables from a disclosed indicator frame: the numbers behind every chart, ready for a factsheet.

Every function here takes a :class:`jsnakit.disclosure.Disclosed` frame and nothing else (CONVENTIONS.md habit 7).
Cells are text, formatted for reading: values to 1 decimal place, counts with thousands separators, confidence
intervals as ``"a to b"``, comparisons as words with a symbol (``▲ higher than England``), never colour alone, and
suppressed cells as the reason they are withheld (``"suppressed to protect small counts"``), never 0 or NaN.

The HTML is accessible (a ``<caption>``, ``<th scope="col">`` column headers, the first column as row headers) and
holds no JavaScript, so the factsheet works without it and prints on A4.
"""
from __future__ import annotations

import html
import math

import pandas as pd

from .. import disclosure
from ..core import indicators
from ..core.errors import ArgumentError
from ..core.schema import INDICATOR_COLUMNS

__all__ = [
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

#: Colour of each comparison's symbol in HTML tables (blues, as Fingertips shows comparisons that carry no
#: judgement of better or worse); the symbol and the words carry the meaning, the colour only repeats it.
COMPARISON_COLOURS = {"▲": "#08306B", "●": "#737373", "▼": "#4292C6"}

#: The columns that may be asked for: every indicator column plus ``"ci"``.
KNOWN_COLUMNS = tuple(INDICATOR_COLUMNS) + ("ci",)

#: Units whose values are counts of people or things: shown as whole numbers with thousands separators.
COUNT_UNITS = ("persons", "people", "pupils", "plans", "count", "number")

_NUMERIC_COLUMNS = ("count", "denominator", "value", "lower_ci", "upper_ci", "ci", "confidence")
#: ``note`` text for a missing number whose row has no note.
_NO_DATA = "no data"
#: Rows a notebook shows of a Disclosed frame.
REPR_ROWS = 20


def format_count(x) -> str:
    """A count as text: whole numbers with thousands separators (``1,234``); '' for NaN.

    Examples
    --------
    >>> format_count(12345.0), format_count(2.5), format_count(float("nan"))
    ('12,345', '2.5', '')
    """
    if _missing(x):
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
    if _missing(x):
        return ""
    if unit is not None and str(unit).strip().lower() in COUNT_UNITS:
        return format_count(x)
    return f"{float(x):,.{decimals}f}"


def to_frame(disclosed, *, columns=None, labels=None) -> pd.DataFrame:
    """A presentation table of a disclosed indicator frame: every cell is text.

    Parameters
    ----------
    disclosed : jsnakit.disclosure.Disclosed
        The frame to show, in its row order (select and order rows with ``disclosed.query`` first).
    columns : sequence of str, optional
        Which columns, in order: any of :data:`jsnakit.core.schema.INDICATOR_COLUMNS` or ``"ci"`` (the confidence interval
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
    _check_caption(caption)
    names = _columns(columns)
    table = _present(disclosed.frame, disclosed.rules, columns=names, labels=labels)
    return _html(table, names, caption)


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

    _check_caption(caption)
    if not isinstance(standing, pd.DataFrame) or list(standing.columns) != STANDING_COLUMNS:
        raise ArgumentError(f"standing must be the frame jsnakit.needs.profile.standing returns; got "
                            f"{type(standing).__name__}")
    names = [g for g in standing["group_name"].tolist() if not _missing(g)]
    group = names[0] if names else None
    headers = ["Indicator", "Period", "Value (95% CI)", "Compared with England (significant at 95% or 99.8%)",
               "England", "Region", "Statistical neighbours (median)"]
    if group is not None:
        headers.append(f"{group} (median)")
    headers += ["Rank among LAs (1 = highest)", "Quarter among LAs", "Recent trend"]
    rows = []
    for rec in standing.to_dict("records"):
        unit = rec["unit"]
        if _missing(rec["value"]):
            shown = _reason(rec["note"], rules)
        elif _missing(rec["lower_ci"]):
            shown = format_value(rec["value"], unit)
        else:
            shown = (f"{format_value(rec['value'], unit)} ({format_value(rec['lower_ci'], unit)} to "
                     f"{format_value(rec['upper_ci'], unit)})")
        rank = "" if _missing(rec["rank"]) else f"{_ordinal(int(rec['rank']))} of {rec['ranked']}"
        near = "" if _missing(rec["neighbour_median"]) else (
            f"{format_value(rec['neighbour_median'], unit)} ({rec['neighbours']} areas)")
        trend = rec["trend"] if rec["trend"] == "cannot be calculated" else f"{rec['trend']} ({rec['trend_from']} to {rec['trend_to']})"
        whole = _missing(rec["category"]) or rec["category"] == "All"
        title = rec["title"] if whole else f"{rec['title']}: {rec['category']}"
        row = [f"{title} ({unit})", rec["period"], shown, _judged(rec["significance"], rec["indicator"]),
               format_value(rec["england"], unit),
               format_value(rec["region"], unit), near]
        if group is not None:
            row.append("" if _missing(rec["group_median"]) else
                       f"{format_value(rec['group_median'], unit)} ({rec['group_n']} areas)")
        rows.append(row + [rank, BANDS.get(str(rec["quartile"]), QUARTERS.get(str(rec["quartile"]), "")), trend])
    table = pd.DataFrame(rows, columns=headers)
    # Numbers right-aligned (the columns that hold them are styled as the "value" column of to_html).
    styles = ["title", "period", "value", "comparison", "value", "value", "value"]
    styles += ["value"] * (group is not None) + ["value", "", ""]
    return _html(table, styles, caption)


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
    _check_caption(caption)
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
            return format_count(rec[column]) if not _missing(rec[column]) else str(rec["note"])

        total = part.loc["All"] if "All" in part.index else None
        interval = (lambda lo, hi: "" if total is None or _missing(total[lo]) else
                    f"{format_count(total[lo])} to {format_count(total[hi])}")
        rows.append([period, shown("All"), interval("lower_50", "upper_50"), interval("lower_95", "upper_95")]
                    + [shown(b) for b in bands])
    table = pd.DataFrame(rows, columns=names)
    return _html(table, ["period"] + ["value"] * (len(names) - 1), caption)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
    out = _html(table, names, caption)
    hidden = len(frame) - len(table)
    if hidden > 0:
        out += f'\n<p class="jsnakit-more">… and {hidden:,} more rows not shown.</p>'
    return out


# --- internals -------------------------------------------------------------------------------------------------

def _missing(x) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


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


def _check_caption(caption) -> None:
    if not isinstance(caption, str) or not caption.strip():
        raise ArgumentError(f"caption must be a non-empty string saying what the table shows; got {caption!r}")


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
        unit = None if _missing(unit) else unit
        note = rec.get("note")
        rows.append([_cell(col, rec, unit, note, rules, area_names) for col in names])
    return pd.DataFrame(rows, columns=headers, dtype=object)


def _cell(col, rec, unit, note, rules, area_names) -> str:
    method = rec.get("method")
    if not _missing(method) and method == "published" and not _missing(rec.get("value")):
        if col == "ci":  # a percentage published without its count and denominator (LAIT): no interval can be given
            return "none: published without its count"
        if col in ("count", "denominator") and _missing(rec.get(col)):
            return "not published"
    if col == "ci":
        lo, hi = rec.get("lower_ci"), rec.get("upper_ci")
        if _missing(rec.get("value")):
            return _reason(note, rules)
        if _missing(lo) or _missing(hi) or (not _missing(method) and str(method).strip().lower() == "none"):
            return disclosure.describe_note("z", rules)  # "not applicable": a count (method "none") has no interval
        return f"{format_value(lo, unit)} to {format_value(hi, unit)}"
    value = rec.get(col)
    if col in ("count", "denominator"):
        if _missing(value):
            return _reason(note, rules)
        return format_count(value)
    if col in ("value", "lower_ci", "upper_ci"):
        if _missing(value):
            return _reason(note, rules)
        return format_value(value, unit)
    if col == "confidence":
        return "" if _missing(value) else f"{float(value) * 100:g}%"
    if col == "comparison":
        comparison = "not compared" if _missing(value) else str(value)
        text = COMPARISON_TEXT.get(comparison, comparison)
        if comparison in ("higher", "similar", "lower"):
            code = rec.get("comparator_code")
            name = "the benchmark" if _missing(code) else area_names.get(code, str(code))
            text = f"{text} {name}"
        return text
    if col == "comparator_code":
        return "" if _missing(value) else area_names.get(value, str(value))
    if col == "indicator":
        spec = indicators.CATALOGUE.get(value)
        return str(value) if spec is None else spec.title
    if col == "note":
        return "" if _missing(value) else disclosure.describe_note(value, rules)
    return "" if _missing(value) else str(value)


def _marked(text: str) -> str:
    """A comparison cell as HTML: its symbol coloured, then its words (``▲ higher than England``)."""
    colour = COMPARISON_COLOURS.get(text[:1])
    if colour is None:
        return html.escape(text)
    return f'<span class="jsnakit-marker" style="color:{colour}" aria-hidden="true">{text[0]}</span>' \
           f"{html.escape(text[1:])}"


def _html(table: pd.DataFrame, names: list[str], caption: str) -> str:
    esc = html.escape
    numeric = [c in _NUMERIC_COLUMNS for c in names]
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



# --- gap analysis ---------------------------------------------------------------------------------------------------

def _require_gaps(analysis):
    from ..gaps.analysis import require  # gaps reads the sources; kept out of this module's import

    return require(analysis)


def _plans_text(plans, note) -> str:
    """Plans as text; a withheld number says why, as every table does (``"suppressed to protect small counts"``)."""
    if _missing(plans):
        return disclosure.describe_note(note) if isinstance(note, str) else "not known"
    return format_count(plans)


def coverage_html(analysis, *, caption: str) -> str:
    """The coverage matrix as an accessible table: a row per primary need, a column per age band; each cell says
    whether a commissioned service names that need for that age, how many, and how many children have a plan.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse`.
    caption : str
        The ``<caption>``.

    Returns
    -------
    str
        ``<table class="jsnakit-table">``. Cells read ``"✗ none (12 plans)"`` for a gap, ``"✓ 2 (40 plans)"``
        where covered and ``"– (no plans)"`` where no child has a plan; symbols repeat the words.
    """
    coverage = _require_gaps(analysis).coverage
    _check_caption(caption)
    bands = list(dict.fromkeys(coverage["age_band"]))
    rows = []
    for need, part in coverage.groupby("need", sort=False):
        cells = part.set_index("age_band")
        row = [need]
        for band in bands:
            rec = cells.loc[band]
            plans = _plans_text(rec["plans"], rec["note"])
            plans = f"{plans} plans" if not _missing(rec["plans"]) else plans
            plans = "no plans" if rec["plans"] == 0 else plans
            if rec["gap"]:
                row.append(f"✗ none ({plans})")
            elif rec["covered"]:
                row.append(f"✓ {int(rec['specialist'])} ({plans})")
            else:
                row.append("– (no plans)")
        rows.append(row)
    table = pd.DataFrame(rows, columns=["Primary need"] + [f"Aged {b}" for b in bands])
    return _html(table, [""] * len(table.columns), caption)


def shortfall_html(analysis, *, caption: str, needs=("All",), every: int = 1) -> str:
    """Capacity against need, with the shortfall in places, now and at each projection year.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse`.
    caption : str
        The ``<caption>``.
    needs : sequence of str, default ``("All",)``
        The ``need`` values of the capacity frame to show (``"All"`` = every need together).
    every : int, default 1
        Show every ``every``-th projection year (and always the last).

    Returns
    -------
    str
        One row per service type x need x year with a benchmark (rows without one show the capacity and its
        ratio only): plans (95% interval for projections), places, places per 100 plans, benchmark, places needed,
        shortfall (negative: spare) with its 95% interval.
    """
    from ..gaps.analysis import describe_service_type

    capacity = _require_gaps(analysis).capacity
    _check_caption(caption)
    frame = capacity[capacity["need"].isin(list(needs))]
    projected = sorted(frame.loc[frame["kind"] == "projected", "period"].unique(), key=lambda p: p[:4])
    keep = set(projected[int(every) - 1::max(1, int(every))]) | set(projected[-1:])
    frame = frame[(frame["kind"] == "published") | frame["period"].isin(keep)]
    rows = []
    for rec in frame.to_dict("records"):
        plans = _plans_text(rec["plans"], rec["note"])
        if rec["kind"] == "projected" and not _missing(rec["plans_lower"]):
            plans += f" ({format_count(round(rec['plans_lower']))} to {format_count(round(rec['plans_upper']))})"
        shortfall = ""
        if not _missing(rec["shortfall"]):
            shortfall = f"{rec['shortfall']:+,.0f}"
            if rec["kind"] == "projected" and not _missing(rec["shortfall_lower"]):
                shortfall += f" ({rec['shortfall_lower']:+,.0f} to {rec['shortfall_upper']:+,.0f})"
        bench = "" if _missing(rec["benchmark_per_100"]) else \
            f"{rec['benchmark_per_100']:.1f} ({rec['benchmark']})"
        rows.append([describe_service_type(rec["service_type"]), rec["need"] if rec["need"] != "All" else "all needs",
                     f"{rec['period']}{' (projected)' if rec['kind'] == 'projected' else ''}", plans,
                     f"{format_count(round(rec['capacity'], 1))} {rec['capacity_unit']}",
                     format_value(rec["per_100"]), bench,
                     "" if _missing(rec["needed"]) else format_count(round(rec["needed"])), shortfall])
    table = pd.DataFrame(rows, columns=["Service", "Need", "Year (January)", "Children and young people with an EHC "
                                        "plan (95% interval)", "Capacity", "Per 100 with a plan",
                                        "Benchmark per 100", "Needed at the benchmark", "Shortfall (+) or spare (-)"])
    return _html(table, ["", "", "period", "value", "value", "value", "", "value", "value"], caption)


def commissioners_html(analysis, *, caption: str) -> str:
    """Who commissions what: a row per service type with its partners, funding routes, services and capacity, and a
    flag where the Code of Practice expects joint commissioning but one partner commissions it alone.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse`.
    caption : str
        The ``<caption>``.
    """
    from ..gaps.analysis import describe_partner, describe_service_type
    from ..sources.commissioning import JOINT_EXPECTED

    result = _require_gaps(analysis)
    _check_caption(caption)
    provision = result.provision
    provision = provision[provision["in_register"]] if provision is not None else provision
    rows = []
    single = set(result.single_partner()["service_type"])
    for service_type, part in provision.groupby("service_type", sort=True):
        partners = sorted({p for ps in part["partners"].dropna() for p in ps.split("; ")})
        capacity = "; ".join(f"{format_count(v)} {u}" for u, v in part.groupby("capacity_unit")["capacity"].sum()
                             .items())
        joint = "expected" if service_type in JOINT_EXPECTED else ""
        if service_type in single:
            joint = "expected: ✗ one partner alone for some needs"
        rows.append([describe_service_type(service_type), ", ".join(describe_partner(p) for p in partners),
                     ", ".join(sorted(part["funding_route"].dropna().unique())), str(len(part)), capacity, joint])
    table = pd.DataFrame(rows, columns=["Service", "Commissioned by", "Funding", "Services", "Capacity",
                                        "Joint commissioning"])
    return _html(table, ["", "", "", "value", "value", ""], caption)


def distance_html(analysis, *, caption: str) -> str:
    """Distance from where children live to the nearest service naming each need (population-weighted).

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse` with localities and located services.
    caption : str
        The ``<caption>``.
    """
    from ..gaps.analysis import distance_summary

    result = _require_gaps(analysis)
    _check_caption(caption)
    if result.distance is None:
        raise ArgumentError("the gap analysis has no distances: give gaps.analyse() localities and services")
    summary = distance_summary(result.distance)
    with_children = result.coverage.groupby("need")["plans"].agg(lambda p: p.isna().any() or p.sum() > 0)
    summary = summary[summary["need"].map(with_children).fillna(False).astype(bool)]
    rows = []
    for rec in summary.to_dict("records"):
        if _missing(rec["median_km"]):
            rows.append([rec["need"], "no located service names this need", "", ""])
            continue
        rows.append([rec["need"], f"{rec['median_km']:.1f}", f"{rec['far_pct']:.0f}%", f"{rec['furthest_km']:.1f}"])
    table = pd.DataFrame(rows, columns=["Primary need", "Median distance (km)",
                                        f"Residents aged 0-24 living {summary['far_km'].iloc[0]:.0f} km or more away",
                                        "Furthest locality (km)"])
    return _html(table, ["", "value", "value", "value"], caption)
