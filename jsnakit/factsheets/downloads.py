"""Downloads: every table of a factsheet as CSV, and one XLSX workbook per area with a sheet per table and a notes
sheet (sources with their files' SHA-256, methods, the disclosure rule).

The tables are read back from the factsheet's own HTML (:func:`page_tables`, pandas' ``read_html`` over lxml), so a
download holds exactly the figures of the page: only disclosed figures, withheld ones in the words the page uses.
Tables collapsed on screen (``<details>``) are read as the others. Text that a spreadsheet
would run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised
with a leading apostrophe (:func:`neutralise`; OWASP, "CSV Injection"); numbers stay numbers.

Layout, under the batch's output folder::

    downloads/<area_code>/01-prevalence-<caption>.csv
    downloads/<area_code>.xlsx

A batch worker makes them from the page (:func:`build_downloads`) and adds the links to the page (:func:`add_links`:
relative, so the folder can be moved whole) before it is printed; the batch writes them (:func:`write_downloads`).
"""
from __future__ import annotations

import contextlib
import html
import io
import re
from pathlib import Path, PurePosixPath

import pandas as pd

from ..core.errors import ArgumentError
from ..core.files import atomic_write

__all__ = ["page_tables", "neutralise", "build_downloads", "write_downloads", "remove_downloads", "notes_frame",
           "add_links", "link_block", "DOWNLOADS_DIR", "FORMULA_START"]

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
        removed; text as written), collapsed ones included.

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
        if element.tag != "table":
            continue
        caption = " ".join(" ".join(element.xpath("./caption//text()")).split())
        frames = pd.read_html(io.StringIO(etree.tostring(element, encoding="unicode")), flavor="lxml",
                              thousands=",", displayed_only=False)
        if frames:
            out.append((section, caption, _numbers(_flat(frames[0]))))
    return out


_NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def _numbers(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers in a text column (one withheld cell makes read_html keep the whole column as text) as numbers, cell
    by cell, so a spreadsheet can add them up and :func:`neutralise` leaves them alone."""
    def number(x):
        if isinstance(x, str) and _NUMBER.fullmatch(x.strip()):
            text = x.strip().replace(",", "")
            return float(text) if "." in text else int(text)
        return x

    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].astype(object).map(number)
    return table


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


def build_downloads(page: str, area_code: str, *, notes: pd.DataFrame | None = None) -> dict[str, bytes]:
    """The downloads of a factsheet page: every table as CSV and the area's XLSX workbook, not yet written.

    Made where the page is made (a batch worker), written by the batch (:func:`write_downloads`).

    Parameters
    ----------
    page : str
        The factsheet's HTML.
    area_code : str
        The area (names the folder and the workbook).
    notes : pandas.DataFrame, optional
        The notes sheet (two columns, ``topic`` and ``note``: :func:`notes_frame`); without it the sheet says only
        what the tables are.

    Returns
    -------
    dict of str to bytes
        Relative paths (``downloads/<area_code>/01-prevalence-<caption>.csv``, in page order, then
        ``downloads/<area_code>.xlsx``) and their content: UTF-8 CSV with a byte-order mark (Excel reads it as
        UTF-8) and CRLF line ends.
    """
    files, sheets = {}, {}
    for number, (section, caption, table) in enumerate(page_tables(page), start=1):
        safe = neutralise(table)
        path = f"{DOWNLOADS_DIR}/{area_code}/{number:02d}-{_slug(section + ' ' + caption)}.csv"
        files[path] = safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
        sheets[_SHEET_NAME.sub(" ", f"{number:02d} {caption}")[:31].rstrip(" '")] = (caption, safe)
    notes = notes if notes is not None else pd.DataFrame(
        {"topic": ["About"],
         "note": [f"The tables of the JSNA SEND factsheet of {area_code}, as the page shows them."]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(notes).to_excel(writer, sheet_name="Notes", index=False)
        for sheet, (caption, table) in sheets.items():
            neutralise(pd.DataFrame([[caption]])).to_excel(writer, sheet_name=sheet, index=False, header=False)
            table.to_excel(writer, sheet_name=sheet, index=False, startrow=2)
    files[f"{DOWNLOADS_DIR}/{area_code}.xlsx"] = buffer.getvalue()
    return files


def write_downloads(files: dict[str, bytes], out_dir, area_code: str) -> list[Path]:
    """Write an area's downloads (:func:`build_downloads`) under the batch's output folder.

    Each file is written atomically (a temporary file, then renamed); CSVs of an earlier run that the page no
    longer has are removed.

    Parameters
    ----------
    files : dict of str to bytes
        :func:`build_downloads`.
    out_dir : str or pathlib.Path
        The batch's output folder.
    area_code : str
        The area.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out = Path(out_dir)
    folder = out / DOWNLOADS_DIR / area_code
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for relative, content in files.items():
        written.append(atomic_write(out / relative, content))
    for stale in set(folder.glob("*.csv")) - set(written):
        stale.unlink()
    return written


def remove_downloads(out_dir, area_code: str) -> None:
    """Remove an area's downloads (its factsheet failed: no table of an older page stays published).

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The batch's output folder.
    area_code : str
        The area.
    """
    out = Path(out_dir) / DOWNLOADS_DIR
    for stale in [*(out / area_code).glob("*.csv"), out / f"{area_code}.xlsx"]:
        with contextlib.suppress(OSError):  # a read-only folder: the area's record says what failed
            stale.unlink(missing_ok=True)


def notes_frame(files: pd.DataFrame, data_dir, *, area_code: str | None = None, rules=None) -> pd.DataFrame:
    """The notes sheet of an area's workbook: where the figures come from, file by file, with each file's
    publication, public page and SHA-256 (for analysts checking they hold the same release), and the disclosure rule.

    Parameters
    ----------
    files : pandas.DataFrame
        The data folder's files, :meth:`jsnakit.catalog.Catalog.files` (made once per batch: hashing is the slow
        part).
    data_dir : str or pathlib.Path
        The data folder.
    area_code : str, optional
        The area: only the files its factsheet lists (:func:`jsnakit.catalog.publications.own_files`: its own Local
        Offer and register, no other LA's returns).
    rules : jsnakit.disclosure.Rules, optional
        The disclosure rules applied; default ``Rules()``.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic`` and ``note``.
    """
    from .. import disclosure
    from ..catalog.publications import PUBLICATIONS, own_files

    rows = [("About", "Every table of the factsheet, as the page shows it: only figures that passed statistical "
                      "disclosure control; a withheld figure says why, in words."),
            ("Disclosure control", (rules or disclosure.Rules()).describe())]
    for row in own_files(files, data_dir, area_code=area_code).itertuples():
        publication = PUBLICATIONS.get(row.source)
        where = f" {publication.name}, {publication.publisher}: {publication.page}".rstrip(": ") if publication else ""
        if row.source == "commissioning_register" and area_code is not None:
            # its own rows only: the file's checksum changes with other areas' rows, which do not re-make this page
            rows.append(("Source", f"{row.title}: {row.path} (this area's rows; the file's sha256 is not given, as "
                                   f"it changes with other areas' rows).{where}"))
            continue
        rows.append(("Source", f"{row.title}: {row.path} (sha256 {row.sha256}).{where}"))
    return pd.DataFrame(rows, columns=["topic", "note"])


def add_links(page: str, paths) -> str:
    """The page with its "Download the tables" block (:func:`link_block`) before the methods section (or at the end
    of the body).

    Parameters
    ----------
    page : str
        The factsheet's HTML.
    paths : iterable of str
        The relative paths of :func:`build_downloads`.

    Returns
    -------
    str
    """
    block = link_block(list(paths))
    if not block:
        return page
    marker = '<a id="section-methods">'
    at = page.find(marker)
    if at < 0:
        at = page.rfind("</body>")
    return page if at < 0 else page[:at] + block + page[at:]


def link_block(paths: list[str]) -> str:
    """The page's "Download the tables" block: the workbook, then each CSV, as relative links.

    Parameters
    ----------
    paths : list of str
        The relative paths of :func:`build_downloads` (the workbook last).

    Returns
    -------
    str
        A ``<nav>`` with a heading and a list of links; '' when there is no file.

    Examples
    --------
    >>> "downloads/E09000019.xlsx" in link_block(["downloads/E09000019/01-need.csv", "downloads/E09000019.xlsx"])
    True
    """
    if not paths:
        return ""
    items = [f'<li><a href="{html.escape(p)}">{html.escape(PurePosixPath(p).name)}</a></li>'
             for p in [paths[-1], *paths[:-1]]]
    return ('<nav class="jsnakit-downloads" aria-label="Downloads"><h2>Download the tables</h2><p>Every table of this '
            "page, as the page shows it: one spreadsheet with a sheet per table and a notes sheet (sources, file "
            "hashes, the disclosure rule), or one CSV file per table.</p><ul>" + "".join(items) + "</ul></nav>")
