"""The index page of a batch of factsheets: the page a reader lands on.

:func:`headline_table` takes a few headline figures of every upper-tier local authority from the published
(disclosed) national frame (:func:`jsnakit.needs.profile.published`); :func:`jsnakit.factsheets.html.write_index`
writes them, with the batch's manifest, as ``index.html`` through the parts made here:

* :func:`areas_section`: a plain, accessible table of the batch's areas (``<caption>``, ``<th scope="col">``, the
  area as ``<th scope="row">`` linking to its factsheet, sorted by area name), its headline figures each with its
  period in the column header, a withheld figure shown as the frame's note (``c``) with a key below the table, never a
  number; and the status of a factsheet that failed, with its public error (the manifest's, as today). A search box
  (a ``<label>``, hidden until the script runs) filters the rows by name, region or code as one types;
* :func:`map_section`: England's upper-tier authorities as an inline SVG map
  (:func:`jsnakit.render.svg_map.choropleth_svg`) shaded by :data:`MAP_INDICATOR` in quintile classes, London's
  boroughs enlarged in a box, each area whose factsheet exists a link to it;
* :data:`INDEX_SCRIPT`: the small inline script (no file, no network) of the search box and of the sortable columns
  (a ``<button>`` in each header, ``aria-sort`` on the sorted one; numbers sort as numbers, withheld figures last
  whichever the direction). Without JavaScript the page is the same table, sorted by area name.
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..core import geography, indicators
from ..core.errors import ArgumentError

# The render layer and disclosure control are imported where they are used: importing the render layer takes
# seconds, and jsnakit.factsheets.html (which the batch imports) needs this module for the list without figures too.

__all__ = ["HEADLINES", "COMPARED", "MAP_INDICATOR", "FIELDS", "HEADLINE_COLUMNS", "STATUS_WORDS", "INDEX_CSS",
           "INDEX_SCRIPT", "headline_table", "index_inputs", "status_parts", "areas_section", "map_section"]

#: The headline figures, in the order of the columns: indicator ids of :data:`jsnakit.core.indicators.CATALOGUE`.
HEADLINES = ("ehc_pupils_pct", "ehc_plans_per_10k", "ehc_20_weeks_pct")
#: The headline figures shown with their comparison with England.
COMPARED = ("ehc_pupils_pct",)
#: The figure the map is shaded by.
MAP_INDICATOR = "ehc_plans_per_10k"
#: The columns of :func:`headline_table` per figure: ``<indicator><suffix>``.
FIELDS = ("", "_note", "_period", "_comparison", "_england")
#: Every column of :func:`headline_table`, in order.
HEADLINE_COLUMNS = ["area_code", "area_name", "region_name"] + [f"{i}{s}" for i in HEADLINES for s in FIELDS]
#: Status of a factsheet in words.
STATUS_WORDS = {"done": "done", "skipped": "skipped (up to date)", "failed": "failed"}

_SHORT = {"ehc_pupils_pct": "Pupils with an EHC plan (%)", "ehc_plans_per_10k": "EHC plans per 10,000 aged 0-25",
          "ehc_20_weeks_pct": "New EHC plans issued within 20 weeks (%)"}
_TESTED = {"higher": "\u25b2 higher", "similar": "\u25cf similar", "lower": "\u25bc lower"}
_NO_DATA = "no data"
_HAS_FACTSHEET = ("done", "skipped")


def _label(indicator: str) -> str:
    spec = indicators.CATALOGUE.get(indicator)
    return _SHORT.get(indicator) or (spec.title if spec else indicator)


def _unit(indicator: str):
    spec = indicators.CATALOGUE.get(indicator)
    return spec.unit if spec else None


def headline_table(published, *, up_to: str | None = None) -> pd.DataFrame:
    """The headline figures of every upper-tier local authority, each of its latest period, as published.

    For each indicator of :data:`HEADLINES`, the rows ``breakdown == "All"``, ``category == "All"`` of the latest
    period in which the frame holds any upper-tier authority (a local authority's latest, not England's: LAIT's
    percentages of pupils with an EHC plan end a year before the national figure), and England's row of that period.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The published national frame, :func:`jsnakit.needs.profile.published` (``Catalog(data_dir)``).
    up_to : str, optional
        The batch's period (``"2021/22"``): each figure of its latest period at or before it (a calendar year ``Y``
        counting as ``Y/Y+1``, :func:`jsnakit.needs.area.until`). Default: the latest.

    Returns
    -------
    pandas.DataFrame
        One row per upper-tier local authority (:func:`jsnakit.core.geography.local_authorities`, 153), sorted by
        area name, columns :data:`HEADLINE_COLUMNS`: ``area_code``, ``area_name``, ``region_name``, then per indicator
        ``<indicator>`` (the value, float; NaN when withheld or absent: never a withheld number), ``<indicator>_note``
        (the frame's note, ``"c"`` for a withheld figure; None for none), ``<indicator>_period`` (the period, the same
        for every row; None when the frame has no upper-tier row of the indicator), ``<indicator>_comparison`` (the
        frame's comparison with England: ``"higher"``, ``"similar"``, ``"lower"`` at 95%, or ``"not compared"``, as
        for a percentage published without its count; None without a row) and ``<indicator>_england`` (England's
        value of that period; NaN when none). ``attrs["rules"]`` holds the disclosure rules, for the notes' words.

    Raises
    ------
    DisclosureError
        When ``published`` has not passed :func:`jsnakit.disclosure.apply`.
    ArgumentError
        When an area has two rows of one figure in its period.

    References
    ----------
    DfE, Special educational needs in England (as re-published in LAIT) and Education, health and care plans (SEN2);
    the methods of the indicators are :data:`jsnakit.core.indicators.CATALOGUE`'s.
    """
    from .. import disclosure
    from ..needs.area import until

    published = disclosure.require(published)
    frame = published.frame
    las = geography.local_authorities().reset_index(drop=True)[["area_code", "area_name", "region_name"]]
    out = las.sort_values(["area_name", "area_code"]).reset_index(drop=True)
    codes = set(out["area_code"])
    rows = frame[frame["indicator"].isin(HEADLINES) & (frame["breakdown"] == "All") & (frame["category"] == "All")]
    for ind in HEADLINES:
        mine = rows[rows["indicator"] == ind]
        local = mine[mine["area_code"].isin(codes)]
        if up_to is not None:  # the batch's --period: each figure's latest period up to it (Y counts as Y/Y+1)
            local = until(local, up_to)
        period = str(local["period"].max()) if len(local) else None
        picked = local[local["period"] == period] if period else local.iloc[0:0]
        twice = picked["area_code"].duplicated(keep=False)
        if twice.any():
            raise ArgumentError(f"published must hold one row of {ind!r} per area and period; got "
                                f"{int(twice.sum())} rows for {sorted(set(picked.loc[twice, 'area_code']))[:3]} "
                                f"in {period}")
        picked = picked.set_index("area_code")
        out[ind] = out["area_code"].map(picked["value"]).astype(float)
        notes = out["area_code"].map(picked["note"])
        out[f"{ind}_note"] = notes.astype(object).where(notes.notna(), None)
        out[f"{ind}_period"] = period
        # a comparison with anything but England (none is made today) is not this column's
        versus = picked["comparison"].where(picked["comparator_code"].eq(geography.ENGLAND)).fillna("not compared")
        comparison = out["area_code"].map(versus)
        out[f"{ind}_comparison"] = comparison.astype(object).where(comparison.notna(), None)
        england = mine[(mine["area_code"] == geography.ENGLAND) & (mine["period"] == period)]["value"]
        out[f"{ind}_england"] = float(england.iloc[0]) if len(england) else float("nan")
    out.attrs["rules"] = published.rules
    return out[HEADLINE_COLUMNS]


# ------------------------------------------------------------------------------------------------------- the table

def status_parts(rec: Mapping) -> tuple[str, str]:
    """A manifest record's status as HTML: the words of its status and, for a failed area, its details.

    Parameters
    ----------
    rec : mapping
        A manifest record (``status``; ``error``, ``error_cell``, ``failed_notebook``, ``area_name``).

    Returns
    -------
    tuple of str
        The status in words (escaped), and the details: for a failed area its public error as the record holds it
        (:func:`jsnakit.core.errors.public_message`: no traceback, no figure) and a link to its failed notebook, said
        to be for the analyst only; '' otherwise.
    """
    esc = html.escape
    status = str(rec.get("status", ""))
    name = esc(str(rec.get("area_name") or rec.get("area_code", "")))
    details = []
    if status == "failed":
        error = rec.get("error") or "unknown error"
        cell = rec.get("error_cell")
        where = f" (workbook cell index {cell})" if cell is not None else ""
        details.append(f'<pre class="error">{esc(str(error))}{esc(where)}</pre>')
        if rec.get("failed_notebook"):
            href = esc(Path(rec["failed_notebook"]).as_posix())
            details.append(f'<a href="{href}">failed notebook for {name}</a> <span class="analyst-only">(for the '
                           f'analyst only, not for readers: it may hold figures that have not passed disclosure '
                           f'control)</span>')
    return esc(STATUS_WORDS.get(status, status)), "".join(details)


def _link(rec: Mapping):
    output = rec.get("output")
    if str(rec.get("status", "")) in _HAS_FACTSHEET and output:
        return Path(output).as_posix()
    return None


def _check_headlines(headlines) -> pd.DataFrame:
    if not isinstance(headlines, pd.DataFrame):
        raise ArgumentError(f"headlines must be the DataFrame of headline_table(); got {type(headlines).__name__}")
    missing = [c for c in HEADLINE_COLUMNS if c not in headlines.columns]
    if missing:
        raise ArgumentError(f"headlines must have the columns of headline_table(); missing {missing}")
    return headlines.drop_duplicates("area_code").set_index("area_code")


def _missing(x) -> bool:
    """:func:`jsnakit.render.formatting.is_missing`, imported when first needed (the render layer is slow to import
    and the batch imports this module at start)."""
    from ..render.formatting import is_missing

    return is_missing(x)


def _note_cell(note) -> str:
    return _NO_DATA if _missing(note) or str(note) == "" else str(note)


def _figure_cell(row, ind: str) -> str:
    """``<td>`` of one figure: the number, with its value in ``data-sort``; or the note, with none (sorted last)."""
    from ..render.formatting import format_value

    value = None if row is None else row[ind]
    if value is None or _missing(value):
        note = None if row is None else row[f"{ind}_note"]
        return f'<td class="num withheld">{html.escape(_note_cell(note))}</td>'
    return f'<td class="num" data-sort="{float(value):.1f}">{html.escape(format_value(value, _unit(ind)))}</td>'


def _comparison_cell(row, ind: str) -> str:
    from ..render.formatting import format_value

    if row is None or _missing(row[ind]):
        return "<td></td>"
    tested = _TESTED.get(str(row[f"{ind}_comparison"]))
    if tested:
        return f"<td>{html.escape(tested)}</td>"
    england = row[f"{ind}_england"]
    if _missing(england):
        return "<td>not compared</td>"
    unit = _unit(ind)
    own, bench = format_value(row[ind], unit), format_value(england, unit)
    side = "same as" if own == bench else ("above" if float(row[ind]) > float(england) else "below")
    return f"<td>{side}, not tested</td>"


def _headers(headlines: pd.DataFrame) -> list[str]:
    """The column headers (HTML) after Area, each with its sort type."""
    from ..render.formatting import format_value

    first = headlines.iloc[0] if len(headlines) else None
    heads = ['<th scope="col" data-type="text">Code</th>', '<th scope="col" data-type="text">Region</th>']
    for ind in HEADLINES:
        period = None if first is None or _missing(first[f"{ind}_period"]) else str(first[f"{ind}_period"])
        when = f'<span class="period">{html.escape(period or "not in the data")}</span>'
        heads.append(f'<th scope="col" data-type="number">{html.escape(_label(ind))} {when}</th>')
        if ind in COMPARED:
            england = None if first is None else first[f"{ind}_england"]
            bench = "" if england is None or _missing(england) else \
                f" ({format_value(england, _unit(ind))}{'%' if _unit(ind) == '%' else ''})"
            heads.append(f'<th scope="col" data-type="text">Compared with England{html.escape(bench)} {when}</th>')
    heads.append('<th scope="col" data-type="text">Factsheet</th>')
    return heads


def areas_section(records, headlines, *, caption: str) -> str:
    """The searchable, sortable table of a batch's areas with their headline figures.

    Parameters
    ----------
    records : list of mapping
        The manifest's records (``area_code``, ``area_name``, ``region_name``, ``status``, ``output``...), in the
        order of the rows (:func:`jsnakit.factsheets.html.write_index` sorts them by area name).
    headlines : pandas.DataFrame
        :func:`headline_table`; an area it lacks shows "no data".
    caption : str
        The table's caption.

    Returns
    -------
    str
        A search box (hidden until the script shows it), the table ``id="jsnakit-areas"`` (the area name a
        ``<th scope="row">`` linking to its factsheet when it exists; one cell per figure, numbers with
        ``data-sort``; the factsheet's status, with the error of a failed one) and a key to the notes shown.

    Raises
    ------
    ArgumentError
        When ``headlines`` is not a frame with :data:`HEADLINE_COLUMNS`.
    """
    from .. import disclosure

    table = _check_headlines(headlines)
    rules = headlines.attrs.get("rules")
    esc = html.escape
    heads = _headers(headlines)
    body, notes = [], set()
    for rec in records:
        code = str(rec.get("area_code", ""))
        row = table.loc[code] if code in table.index else None
        name = str(rec.get("area_name") or (row["area_name"] if row is not None else code))
        region = str(rec.get("region_name") or (row["region_name"] if row is not None else ""))
        href = _link(rec)
        area = f'<a href="{esc(href)}">{esc(name)}</a>' if href else esc(name)
        cells = [f'<th scope="row" data-sort="{esc(name.lower())}">{area}</th>', f"<td>{esc(code)}</td>",
                 f"<td>{esc(region)}</td>"]
        for ind in HEADLINES:
            cells.append(_figure_cell(row, ind))
            if row is None or _missing(row[ind]):
                notes.add(_note_cell(None if row is None else row[f"{ind}_note"]))
            if ind in COMPARED:
                cells.append(_comparison_cell(row, ind))
        status, details = status_parts(rec)
        state = esc(str(rec.get("status", "")))
        pdf = rec.get("pdf") if href else None
        if pdf:
            details = f' <a href="{esc(Path(pdf).as_posix())}">PDF</a>' + details
        cells.append(f'<td class="status status-{state}">{status}{details}</td>')
        search = esc(" ".join([name, region, code]).lower())
        body.append(f'<tr data-search="{search}">{"".join(cells)}</tr>')
    key = []
    for note in sorted(notes):
        meaning = disclosure.describe_note(note, rules) if note != _NO_DATA else "the data hold no figure"
        key.append(f"<li><strong>{esc(note)}</strong>: {esc(meaning if meaning != note else 'as published')}</li>")
    compared = ", ".join(_label(i) for i in COMPARED)
    return f"""<div id="jsnakit-tools" class="tools" hidden>
<label for="jsnakit-search">Find an area (name, region or code)</label>
<input type="search" id="jsnakit-search" autocomplete="off" spellcheck="false">
<p id="jsnakit-count" class="count" aria-live="polite"></p>
</div>
<div class="scroll">
<table id="jsnakit-areas">
<caption>{esc(caption)}</caption>
<thead>
<tr><th scope="col" data-type="text" aria-sort="ascending">Area</th>{"".join(heads)}</tr>
</thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</div>
<div class="key">
<p>Each figure is of its area's latest period, named in the column header, and has passed disclosure control.
{esc(compared)} compared with England: &#9650; higher, &#9679; similar or &#9660; lower at 95% significance;
"not tested" for a percentage published without its count (no confidence interval can be given).</p>
{'<ul>' + ''.join(key) + '</ul>' if key else ''}
</div>"""


def index_inputs(data_dir, *, published=None, period: str | None = None) -> dict:
    """What :func:`jsnakit.factsheets.html.write_index` needs to show figures and the map, from a data folder.

    Call it once the published frame has passed the interval audit (:func:`jsnakit.factsheets.batch.shared_work`):
    it reads that frame (:func:`jsnakit.needs.profile.published`, from the cache ``shared_work`` left) and the
    boundaries. Best effort: the index is never what stops a batch.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder.
    published : jsnakit.disclosure.Disclosed, optional
        Its published frame, when the caller holds it (:func:`jsnakit.needs.profile.published_all`'s, as the batch's
        shared work does); read from the cache otherwise.
    period : str, optional
        The batch's period: the figures up to it (:func:`headline_table`'s ``up_to``).

    Returns
    -------
    dict
        ``{"headlines": headline_table(...), "boundaries": GeoDataFrame}``, the keyword arguments of
        ``write_index``; without ``"boundaries"`` when the folder has none (no map), and empty when the published
        frame cannot be made or holds none of :data:`HEADLINES` (the index is then the list of areas without
        figures).
    """
    from ..catalog import Catalog
    from ..needs import profile

    try:
        catalog = Catalog(data_dir)
        headlines = headline_table(profile.published(catalog) if published is None else published, up_to=period)
    except Exception:  # noqa: BLE001 - the areas meet (and record) the same problem; the index lists them anyway
        return {}
    if headlines[[f"{i}_period" for i in HEADLINES]].isna().all(axis=None):
        return {}  # none of the figures in the folder
    found = {"headlines": headlines}
    try:
        found["boundaries"] = catalog.load("boundaries")
    except Exception:  # noqa: BLE001 - no boundaries in the folder: the index has no map
        pass
    return found


# --------------------------------------------------------------------------------------------------------- the map

def map_section(records, headlines, boundaries) -> str:
    """The map of England's upper-tier authorities shaded by :data:`MAP_INDICATOR`, each linking to its factsheet.

    Parameters
    ----------
    records : list of mapping
        The manifest's records: an area whose factsheet exists (status ``done`` or ``skipped``, with an
        ``output``) is a link to it; no other area is.
    headlines : pandas.DataFrame
        :func:`headline_table`.
    boundaries : geopandas.GeoDataFrame
        ``Catalog(data_dir).load("boundaries")``: ``area_code``, ``area_name``, ``geometry``.

    Returns
    -------
    str
        ``<section>`` with a heading, the map (:func:`jsnakit.render.svg_map.choropleth_svg`, London's boroughs
        enlarged) and its legend.

    Raises
    ------
    ArgumentError
        When ``headlines`` is not a frame with :data:`HEADLINE_COLUMNS` or ``boundaries`` not a frame of boundaries.
    """
    from ..render.svg_map import choropleth_svg

    table = _check_headlines(headlines)
    ind = MAP_INDICATOR
    period = table[f"{ind}_period"].dropna()
    when = f", {period.iloc[0]}" if len(period) else ""
    links = {str(r["area_code"]): _link(r) for r in records if _link(r)}
    london = geography.local_authorities()
    london = london.loc[london["region_code"] == "E12000007", "area_code"].tolist()
    notes = {code: _note_cell(note) for code, note in table[f"{ind}_note"].items() if _missing(table.at[code, ind])}
    label = _label(ind)
    figure = choropleth_svg(
        boundaries, table[ind], unit=_unit(ind), legend_title=f"{label}{when}",
        title=f"Map of England's upper-tier local authorities: {label}{when}",
        description="Each area is shaded by its quintile class; areas with a factsheet link to it. London's boroughs "
                    "are enlarged in the box at the top right. The table gives the same figures.",
        notes=notes, links=links, inset=london, inset_title="London")
    return (f'<section class="map" aria-labelledby="jsnakit-map-heading">\n<h2 id="jsnakit-map-heading">Map: '
            f"{html.escape(label + when)}</h2>\n<p>Select an area to open its factsheet (areas without one are not "
            f"links).</p>\n{figure}\n</section>")


# ------------------------------------------------------------------------------------------------- style and script

#: CSS of the page with figures, after :mod:`jsnakit.factsheets.html`'s.
INDEX_CSS = """
body { max-width: 96rem; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1.5rem; align-items: start; }
.layout > section.map { position: sticky; top: 0.5rem; }
@media (max-width: 70rem) { .layout { grid-template-columns: minmax(0, 1fr); }
                            .layout > section.map { position: static; } }
h2 { font-size: 1.2rem; margin: 0.5rem 0; }
.scroll { overflow-x: auto; }
.tools { margin: 0 0 0.5rem; }
.tools label { display: block; font-weight: 600; }
.tools input { font: inherit; padding: 0.3rem; border: 2px solid #0b0c0c; width: min(100%, 24rem); }
.tools input:focus { outline: 3px solid #ffdd00; }
.count { margin: 0.25rem 0; font-size: 0.9rem; }
td.withheld { color: #505a5f; }
th .period { display: block; font-weight: normal; }
th button.sort { font: inherit; font-weight: 600; text-align: left; background: none; border: 0; padding: 0;
                 color: #1d70b8; cursor: pointer; }
th button.sort:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
.key { font-size: 0.9rem; }
@media print { .tools, th button .arrow { display: none; } .layout { display: block; }
               th button.sort { color: inherit; } }
"""

#: The page's inline script: search box and sortable columns (no file, no network; the page works without it).
INDEX_SCRIPT = """
(function () {
  var table = document.getElementById("jsnakit-areas");
  if (!table || !table.tBodies.length) { return; }
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var tools = document.getElementById("jsnakit-tools"), input = document.getElementById("jsnakit-search");
  var count = document.getElementById("jsnakit-count");
  tools.hidden = false;
  input.addEventListener("input", function () {
    var words = input.value.trim().toLowerCase().split(/\\s+/), shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search"), hit = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !hit;
      if (hit) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " areas shown";
  });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function key(row, i, numeric) {
    var cell = row.cells[i], sort = cell.getAttribute("data-sort");
    if (numeric) { return sort === null ? null : parseFloat(sort); }
    return (sort === null ? cell.textContent : sort).trim().toLowerCase();
  }
  function arrows() {
    heads.forEach(function (th) {
      var state = th.getAttribute("aria-sort");
      th.querySelector(".arrow").textContent =
        state === "ascending" ? " \\u25b2" : state === "descending" ? " \\u25bc" : " \\u2195";
    });
  }
  heads.forEach(function (th, i) {
    var numeric = th.getAttribute("data-type") === "number", button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    var arrow = document.createElement("span");
    arrow.className = "arrow";
    arrow.setAttribute("aria-hidden", "true");
    button.appendChild(arrow);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var sign = ascending ? 1 : -1;
      rows.slice().sort(function (a, b) {
        var x = key(a, i, numeric), y = key(b, i, numeric);
        if (x === null || y === null) { return (x === null) - (y === null); }
        if (numeric) { return sign * (x - y); }
        return sign * x.localeCompare(y, "en");
      }).forEach(function (row) { body.appendChild(row); });
      arrows();
    });
  });
  arrows();
})();
"""
