"""Factsheets: an executed notebook becomes one self-contained HTML page; a batch gets an index page.

:func:`to_html` turns an executed workbook (``workbooks/send_factsheet.ipynb`` after papermill) into a single HTML
file an analyst can e-mail, put on a shared drive or publish: code and prompts hidden, figures embedded as
``data:image/png;base64`` URIs, CSS inlined, nothing fetched from the network (no require.js, MathJax, mermaid.js,
widget manager or web fonts) and no JavaScript needed. It prints on A4. :func:`write_index` writes the
``index.html`` of a batch (see :mod:`jsnakit.factsheets.batch`) from its manifest. :func:`atomic_write` is how every
output file is written: a temporary file in the same folder, then :func:`os.replace`, so a reader never sees half a
file.

How self-containment is ensured
-------------------------------
* nbconvert's ``HTMLExporter`` with the JupyterLab template, through ``templates/factsheet.html.j2``, which
  empties the blocks that load require.js, MathJax, mermaid.js and the Jupyter widgets manager and never renders
  JavaScript or widget outputs;
* a display priority without ``application/javascript`` or widget views, so a richer format never wins over the
  HTML, Markdown, SVG or PNG version of an output;
* widget state is dropped from the notebook metadata before export;
* ``embed_images=True`` so images in Markdown cells are embedded too (cell outputs always are);
* a final check: :func:`to_html` raises :class:`~jsnakit.core.errors.JsnakitError` if the page still holds a
  ``<script src=...>`` or a stylesheet ``<link href=...>`` (tests assert the same).

Limitations: LaTeX in Markdown is shown as typed (MathJax would need the network); an output that is *only*
JavaScript (an interactive widget, say) does not appear.
"""
from __future__ import annotations

import copy
import html
import os
import re
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.files import atomic_write
from ..core.errors import ArgumentError, JsnakitError
from . import index_page

if TYPE_CHECKING:
    import nbformat

__all__ = ["to_html", "write_index", "atomic_write", "DISPLAY_PRIORITY", "REMOVE_CELL_TAGS", "REMOVE_OUTPUT_TAGS"]

#: Output formats nbconvert may pick, best first. No JavaScript, no widget views, no LaTeX (it needs MathJax).
DISPLAY_PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain"]

#: Cell tags (the Jupyter Book spelling and its underscore variant) that keep a cell or its output out of the page.
REMOVE_CELL_TAGS = ("remove-cell", "remove_cell")
REMOVE_OUTPUT_TAGS = ("remove-output", "remove_output")

_TEMPLATE_FILE = "factsheet.html.j2"

# A <script> with a src, or a <link> with an href that is not a data: URI or a fragment.
_EXTERNAL_RESOURCE = re.compile(
    r"<script\b[^>]*\bsrc\s*=|<link\b[^>]*\bhref\s*=\s*[\"']?(?!data:|#)",
    re.IGNORECASE,
)


#: The exporter of each thread, with the template file it was made for (see :func:`_exporter`).
_EXPORTERS = threading.local()


def _exporter(template: Path):
    """The HTML exporter for a template file: one per thread, kept while the file is unchanged (a new one compiles
    its Jinja templates again: about 0.15 s a page in a batch)."""
    key = (str(template), template.stat().st_mtime_ns)
    kept = getattr(_EXPORTERS, "kept", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    from traitlets.config import Config

    config = Config()
    config.NbConvertBase.display_data_priority = list(DISPLAY_PRIORITY)
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    config.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
    config.TagRemovePreprocessor.enabled = True
    exporter = _exporter_class()(
        config=config,
        template_name="lab",
        template_file=str(template),
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
        language_code="en",
        theme="light",
    )
    _EXPORTERS.kept = (key, exporter)
    return exporter


#: What nbconvert's HTML exporter does to every page after rendering it, in the page's text (:func:`_exporter_class`).
_OUTPUT_DIV = re.compile(r'<div class="((?:[^"]*\s)?(?:jp-OutputArea-output|jp-Cell-inputWrapper)(?:\s[^"]*)?)"'
                         r'(?![^>]*\stabindex\s*=)', re.IGNORECASE)
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt(?:\s*=|[\s/>]))(?=[\s/>])", re.IGNORECASE)
NO_ALT = "No description has been provided for this image"


def _exporter_class():
    """nbconvert's HTML exporter, without its last pass over the page.

    nbconvert (7.x) parses every page it has rendered with BeautifulSoup to give an image without ``alt`` a
    placeholder and to make output areas focusable (``tabindex="0"``), then writes the page out again: 0.3 s for a
    factsheet of 2 MB, most of the export. Here the same two changes are made in the page's text, for the markup
    nbconvert's templates and jsnakit's outputs write (``class`` first on an output area's ``div``; the tests check
    the page is the document nbconvert makes). Where nbconvert's exporter is not the one this was written for (no
    ``_init_resources``), it is used as it is.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    if not hasattr(HTMLExporter, "_init_resources"):
        return HTMLExporter

    class FactsheetExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            from nbconvert.filters.highlight import Highlight2HTML
            from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            body = _OUTPUT_DIV.sub(lambda m: f'<div class="{m.group(1)}" tabindex="0"', body)
            return _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', body), resources

    return FactsheetExporter


def _load(notebook) -> "nbformat.NotebookNode":
    import nbformat  # imported late: it takes about a second

    if isinstance(notebook, nbformat.NotebookNode):
        return copy.deepcopy(notebook)
    if isinstance(notebook, (str, os.PathLike)):
        path = Path(notebook)
        if not path.is_file():
            raise ArgumentError(f"notebook must be a notebook object or the path of an .ipynb file; got {str(path)!r}")
        return nbformat.read(path, as_version=4)
    raise ArgumentError(
        f"notebook must be a notebook object or the path of an .ipynb file; got {type(notebook).__name__}"
    )


def to_html(notebook, *, title: str) -> str:
    """Return an executed notebook as one self-contained HTML page, code hidden.

    Parameters
    ----------
    notebook : nbformat.NotebookNode or str or pathlib.Path
        The executed notebook, or the path of an ``.ipynb`` file. Not modified.
    title : str
        The page's ``<title>`` (e.g. ``"SEND factsheet: Islington (E09000019)"``).

    Returns
    -------
    str
        A complete HTML document: ``<html lang="en">``, the title, inlined CSS (JupyterLab light theme plus A4
        print rules), cell outputs only (no code, no ``In [ ]``/``Out [ ]`` prompts), images as ``data:`` URIs,
        no ``<script src>`` and no external stylesheet. Cells tagged ``remove-cell`` are left out, and so are the
        outputs of cells tagged ``remove-output``.

    Raises
    ------
    ArgumentError
        When ``notebook`` is neither a notebook nor the path of one, or ``title`` is empty.
    JsnakitError
        When the page would still load something from outside (a bug in the template: it is checked every time).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Islington")])
    >>> page = to_html(nb, title="SEND factsheet: Islington")
    >>> "<title>SEND factsheet: Islington</title>" in page and 'lang="en"' in page
    True
    """
    if not isinstance(title, str) or not title.strip():
        raise ArgumentError(f"title must be a non-empty string; got {title!r}")
    nb = _load(notebook)
    nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)
    with resources.as_file(resources.files("jsnakit").joinpath("templates", _TEMPLATE_FILE)) as template:
        exporter = _exporter(Path(template))
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    found = _EXTERNAL_RESOURCE.search(body)
    if found:
        start = max(found.start() - 40, 0)
        raise JsnakitError(f"factsheet HTML would load an external resource near {body[start:found.end() + 80]!r}")
    return body


# --------------------------------------------------------------------------------------------------------------- index

_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #0b0c0c;
       max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
p.summary { margin: 0.25rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #0b0c0c; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; }
.status-failed { color: #a4190f; }
.status-done, .status-skipped { color: #00703c; }
a { color: #1d70b8; }
a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
pre.error { white-space: pre-wrap; margin: 0 0 0.25rem; font-size: 0.85rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { max-width: none; padding: 0; font-size: 9.5pt; } thead { display: table-header-group; }
               tr { break-inside: avoid; page-break-inside: avoid; } a { color: inherit; } }
"""

def _records(manifest) -> list[Mapping]:
    if hasattr(manifest, "to_dict"):
        manifest = manifest.to_dict()
    if isinstance(manifest, Mapping):
        manifest = manifest.get("areas", [])
    if not isinstance(manifest, Iterable):
        raise ArgumentError(f"manifest must be a batch Manifest, its dict or a list of area records; got {manifest!r}")
    return [dict(r) for r in manifest]


def _row(rec: Mapping) -> str:
    esc = html.escape
    status = str(rec.get("status", ""))
    name = esc(str(rec.get("area_name") or rec.get("area_code", "")))
    output = rec.get("output")
    if status in ("done", "skipped") and output:
        area_cell = f'<a href="{esc(Path(output).as_posix())}">{name}</a>'
    else:
        area_cell = name
    seconds = rec.get("seconds")
    time_cell = f"{seconds:.1f}" if isinstance(seconds, (int, float)) else ""
    words, details = index_page.status_parts(rec)
    return (
        "<tr>"
        f'<th scope="row">{area_cell}</th>'
        f"<td>{esc(str(rec.get('area_code', '')))}</td>"
        f"<td>{esc(str(rec.get('region_name') or ''))}</td>"
        f'<td class="status status-{esc(status)}">{words}</td>'
        f'<td class="num">{time_cell}</td>'
        f"<td>{details}</td>"
        "</tr>"
    )


def _status_table(records: list[Mapping], title: str) -> str:
    """Today's list: one row per area with its status, time and details; no figures, no script."""
    esc = html.escape
    rows = "\n".join(_row(r) for r in records)
    return f"""<table>
<caption>{esc(title)}: status of each area's factsheet</caption>
<thead>
<tr><th scope="col">Area</th><th scope="col">Code</th><th scope="col">Region</th><th scope="col">Status</th><th scope="col">Time (s)</th><th scope="col">Details</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>"""


def _figures_body(records: list[Mapping], title: str, headlines, boundaries) -> tuple[str, str]:
    """The page with figures: the searchable table and the map side by side; and its script."""
    table = index_page.areas_section(records, headlines, caption=f"{title}: the areas, their headline figures and "
                                                                 f"their factsheets")
    parts = [f'<div class="layout">\n<section class="areas" aria-labelledby="jsnakit-areas-heading">\n'
             f'<h2 id="jsnakit-areas-heading">Areas</h2>\n{table}\n</section>']
    if boundaries is not None:
        parts.append(index_page.map_section(records, headlines, boundaries))
    parts.append("</div>")
    return "\n".join(parts), f"<script>{index_page.INDEX_SCRIPT}</script>"


def write_index(manifest, out_dir, *, title: str = "SEND factsheets", headlines=None, boundaries=None) -> Path:
    """Write ``out_dir/index.html``, the page a reader lands on: the batch's areas, linking to their factsheets.

    Without ``headlines``, one row per area with its status, time and a link to its factsheet: plain HTML and CSS
    (no JavaScript), with a ``<caption>``, ``<th scope="col">`` headers and the area name as ``<th scope="row">``;
    status is written in words, not only shown by colour. A failed area shows its error text (as the record gives
    it: the batch records only :func:`jsnakit.core.errors.public_message`, never a traceback) and links to its
    failed notebook (``failed/<area_code>.ipynb``, with papermill's banner pointing at the failing cell), saying
    beside the link that the notebook is for the analyst only, not for readers, since it may hold figures that have
    not passed disclosure control.

    With ``headlines`` (:func:`jsnakit.factsheets.index_page.headline_table`), the same areas in a table with their
    headline figures, each of its latest period stated in the column header (a withheld figure shown as its note,
    never a number), and their factsheet's status, with the error of a failed one as above
    (:func:`jsnakit.factsheets.index_page.areas_section`); and with ``boundaries`` too, beside it, the map of
    England's upper-tier authorities shaded by one of the figures, each area whose factsheet exists a link to it
    (:func:`jsnakit.factsheets.index_page.map_section`, inline SVG). The table works without JavaScript; a small
    inline script (:data:`jsnakit.factsheets.index_page.INDEX_SCRIPT`) adds a search box and sortable columns.

    Either way links are relative, so the folder can be moved or zipped as a whole; rows are sorted by area name;
    nothing is loaded from outside the page (checked: :class:`~jsnakit.core.errors.JsnakitError` otherwise); the
    file is written atomically.

    Parameters
    ----------
    manifest : jsnakit.factsheets.batch.Manifest or dict or list of dict
        A batch manifest, the ``manifest.json`` content, or its ``"areas"`` list. Each record needs ``area_code``
        and ``status`` (``done``, ``failed`` or ``skipped``); it may hold ``area_name``, ``region_name``,
        ``seconds``, ``output``, ``error``, ``error_cell`` and ``failed_notebook`` (paths relative to ``out_dir``).
    out_dir : str or pathlib.Path
        Folder of the factsheets; must exist.
    title : str, default "SEND factsheets"
        Page title and heading.
    headlines : pandas.DataFrame, optional
        :func:`jsnakit.factsheets.index_page.headline_table` of the published frame the factsheets quote; None:
        the list without figures.
    boundaries : geopandas.GeoDataFrame, optional
        ``Catalog(data_dir).load("boundaries")``, for the map (needs ``headlines``); None: no map.

    Returns
    -------
    pathlib.Path
        The path of ``index.html``.

    Raises
    ------
    ArgumentError
        When ``out_dir`` is not a folder, ``manifest`` not a manifest, ``headlines`` not a headline table, or
        ``boundaries`` given without ``headlines``.
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ArgumentError(f"out_dir must be an existing folder; got {str(out_dir)!r}")
    if boundaries is not None and headlines is None:
        raise ArgumentError("boundaries need headlines: the map is shaded by a headline figure; got headlines=None")
    records = sorted(_records(manifest), key=lambda r: (str(r.get("area_name") or ""), str(r.get("area_code"))))
    counts = {s: sum(1 for r in records if r.get("status") == s) for s in ("done", "failed", "skipped")}
    summary = (
        f"{len(records)} area{'s' if len(records) != 1 else ''}: {counts['done']} done, {counts['failed']} failed, "
        f"{counts['skipped']} skipped (up to date)"
    )
    stamp = datetime.now(timezone.utc).astimezone().strftime("%d %B %Y %H:%M")
    esc = html.escape
    if headlines is None:
        body, css, script = _status_table(records, title), _INDEX_CSS, ""
    else:
        body, script = _figures_body(records, title, headlines, boundaries)
        css = _INDEX_CSS + index_page.INDEX_CSS
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{css}</style>
</head>
<body>
<main>
<h1>{esc(title)}</h1>
<p class="summary">{esc(summary)}. Updated {esc(stamp)}.</p>
{body}
</main>
{script}
</body>
</html>
"""
    found = _EXTERNAL_RESOURCE.search(page)
    if found:
        start = max(found.start() - 40, 0)
        raise JsnakitError(f"index page would load an external resource near {page[start:found.end() + 80]!r}")
    return atomic_write(out_dir / "index.html", page)
