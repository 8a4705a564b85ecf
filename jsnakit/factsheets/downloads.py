"""Downloads: every table of a factsheet as CSV, and one XLSX workbook per area with a sheet per table and a notes
sheet (sources with their files' SHA-256, methods, the disclosure rule).

The tables are read back from the factsheet's own HTML (:func:`page_tables`, pandas' ``read_html`` over lxml), so a
download holds exactly the figures of the page: only disclosed figures, withheld ones in the words the page uses.
The tables of the printed appendix repeat those collapsed on screen and are read once. Text that a spreadsheet
would run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised
with a leading apostrophe (:func:`neutralise`; OWASP, "CSV Injection"); numbers stay numbers.

Layout, under the batch's output folder::

    downloads/<area_code>/01-prevalence-<caption>.csv
    downloads/<area_code>.xlsx

and :func:`link_block` is the page's list of links to them (relative, so the folder can be moved whole).
"""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pandas as pd

from ..core.errors import ArgumentError
from ..core.files import atomic_write

__all__ = ["page_tables", "neutralise", "write_downloads", "link_block", "DOWNLOADS_DIR", "FORMULA_START"]

#: Folder of the downloads, inside the batch's output folder.
DOWNLOADS_DIR = "downloads"
#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def page_tables(page: str) -> list[tuple[str, str, pd.DataFrame]]:
    """The tables of a factsheet page, in page order: ``(section, caption, table)``.

    Parameters
    ----------
    page : str
        The factsheet's HTML (:func:`jsnakit.factsheets.html.to_html`).

    Returns
    -------
    list of (str, str, pandas.DataFrame)
        ``section`` the anchor of the section the table stands in (``"prevalence"``; ``""`` before the first),
        ``caption`` its caption as text, and the table as the page shows it (numbers parsed, thousands separators
        removed; text as written). Tables of the printed appendix (a copy of those collapsed on screen) are left
        out.

    Examples
    --------
    >>> page = ('<a id="section-need"></a><table><caption>Needs</caption><thead><tr><th>Need</th><th>Pupils</th>'
    ...         '</tr></thead><tbody><tr><td>Autism</td><td>1,234</td></tr></tbody></table>')
    >>> [(s, c, t.to_dict("records")) for s, c, t in page_tables(page)]
    [('need', 'Needs', [{'Need': 'Autism', 'Pupils': 1234}])]
    """
    from lxml import etree
    from lxml import html as lxml_html

    if not isinstance(page, str) or not page.strip():
        raise ArgumentError("page must be a factsheet's HTML; got an empty or non-text value")
    root = lxml_html.fromstring(page)
    out = []
    section = ""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        anchor = element.get("id") or ""
        if element.tag == "a" and anchor.startswith("section-"):
            section = anchor.removeprefix("section-")
        if element.tag != "table" or element.xpath("ancestor::section[contains(@class, 'jsnakit-appendix')]"):
            continue
        caption = " ".join(" ".join(element.xpath("./caption//text()")).split())
        frames = pd.read_html(io.StringIO(etree.tostring(element, encoding="unicode")), flavor="lxml",
                              thousands=",", displayed_only=False)
        if frames:
            out.append((section, caption, _flat(frames[0])))
    return out


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """One header row: a two-level header becomes "upper: lower" (the repeated upper level once)."""
    if isinstance(table.columns, pd.MultiIndex):
        table.columns = [": ".join(dict.fromkeys(str(part) for part in col if not str(part).startswith("Unnamed")))
                         for col in table.columns]
    return table


def neutralise(table: pd.DataFrame) -> pd.DataFrame:
    """A copy in which no text cell (nor column name) starts as a spreadsheet formula would.

    Parameters
    ----------
    table : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        Text cells and column names starting with one of :data:`FORMULA_START` get a leading apostrophe
        (``"=1+1"`` -> ``"'=1+1"``); numbers are left as numbers.

    Examples
    --------
    >>> neutralise(pd.DataFrame({"a": ["=HYPERLINK(1)", "-2+3", "@SUM", "ok"], "b": [-1.5, 2, 3, 4]})).to_dict("list")
    {'a': ["'=HYPERLINK(1)", "'-2+3", "'@SUM", 'ok'], 'b': [-1.5, 2.0, 3.0, 4.0]}
    """
    def safe(x):
        return f"'{x}" if isinstance(x, str) and x.startswith(FORMULA_START) else x

    out = table.copy()
    out.columns = [safe(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe).astype(object)
    return out


def _slug(text: str, limit: int = 72) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].rstrip("-") or "table"


def write_downloads(page: str, out_dir, area_code: str, *, notes: pd.DataFrame | None = None) -> list[Path]:
    """Write every table of a factsheet page as CSV, and the area's XLSX workbook.

    Parameters
    ----------
    page : str
        The factsheet's HTML.
    out_dir : str or pathlib.Path
        The batch's output folder; the files go under :data:`DOWNLOADS_DIR`.
    area_code : str
        The area (names the folder and the workbook).
    notes : pandas.DataFrame, optional
        The notes sheet (two columns, ``topic`` and ``note``: sources with their files and SHA-256, methods, the
        disclosure rule); without it the sheet says only where the figures come from.

    Returns
    -------
    list of pathlib.Path
        The files written, the CSVs in page order then the workbook. Each is written atomically (a temporary file,
        then renamed), and files of an earlier run that the page no longer has are removed.
    """
    out = Path(out_dir) / DOWNLOADS_DIR
    folder = out / area_code
    folder.mkdir(parents=True, exist_ok=True)
    tables = page_tables(page)
    written, sheets = [], {}
    for number, (section, caption, table) in enumerate(tables, start=1):
        name = f"{number:02d}-{_slug(section + ' ' + caption)}.csv"
        safe = neutralise(table)
        atomic_write(folder / name, safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig"))
        written.append(folder / name)
        sheet = _SHEET_NAME.sub(" ", f"{number:02d} {caption}")[:31].rstrip()
        sheets[sheet] = (caption, safe)
    for stale in set(folder.glob("*.csv")) - set(written):
        stale.unlink()
    notes = notes if notes is not None else pd.DataFrame(
        {"topic": ["About"], "note": [f"The tables of the JSNA SEND factsheet of {area_code}, as the page shows them."]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(notes).to_excel(writer, sheet_name="Notes", index=False)
        for sheet, (caption, table) in sheets.items():
            pd.DataFrame([[caption]]).pipe(neutralise).to_excel(writer, sheet_name=sheet, index=False, header=False)
            table.to_excel(writer, sheet_name=sheet, index=False, startrow=2)
    atomic_write(out / f"{area_code}.xlsx", buffer.getvalue())
    written.append(out / f"{area_code}.xlsx")
    return written


def link_block(files: list[Path], out_dir) -> str:
    """The page's "Download the tables" block: the workbook, then each CSV, as relative links.

    Parameters
    ----------
    files : list of pathlib.Path
        :func:`write_downloads`' result.
    out_dir : str or pathlib.Path
        The folder the page is in.

    Returns
    -------
    str
        A ``<nav>`` with a heading and a list of links; '' when there is no file.
    """
    if not files:
        return ""
    base = Path(out_dir)
    items = [f'<li><a href="{html.escape(p.relative_to(base).as_posix())}">{html.escape(p.name)}</a></li>'
             for p in [files[-1], *files[:-1]]]
    return ('<nav class="jsnakit-downloads" aria-label="Downloads"><h2>Download the tables</h2><p>Every table of this '
            "page, as the page shows it: one spreadsheet with a sheet per table and a notes sheet, or one CSV file "
            "per table.</p><ul>" + "".join(items) + "</ul></nav>")
