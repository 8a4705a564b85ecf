"""A minimal, reproducible .xlsx writer (:func:`xlsx_bytes`) for the sample workbooks: the ONS mid-year estimates
(:mod:`.mid_year_estimates`) and the DfE statistical neighbours (:mod:`.statistical_neighbours`)."""
from __future__ import annotations

import datetime as _dt
import io
import zipfile
from dataclasses import dataclass, field

__all__ = ["FIXED_TIME", "Sheet", "xlsx_bytes"]

#: Constant timestamp of the workbooks' properties and zip entries.
FIXED_TIME = _dt.datetime(2025, 1, 1, 0, 0, 0)


@dataclass
class Sheet:
    """One worksheet for :func:`xlsx_bytes`: rows of str / int / float / None, column widths, a frozen cell."""

    name: str
    rows: list[list[object]]
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column -> width
    freeze: tuple[int, int] | None = None  # (first unfrozen row, first unfrozen column), 1-based


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"


def _xml_text(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _sheet_xml(sheet: Sheet, strings: dict[str, int]) -> str:
    parts = [_XML_HEAD, f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">']
    if sheet.freeze:
        row, col = sheet.freeze
        cell = f"{_column_letter(col)}{row}"
        parts.append(f'<sheetViews><sheetView workbookViewId="0"><pane xSplit="{col - 1}" ySplit="{row - 1}" '
                     f'topLeftCell="{cell}" activePane="bottomRight" state="frozen"/>'
                     f'<selection pane="bottomRight" activeCell="{cell}" sqref="{cell}"/></sheetView></sheetViews>')
    else:
        parts.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    parts.append('<sheetFormatPr defaultRowHeight="12.75"/>')
    if sheet.widths:
        parts.append("<cols>" + "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                                        for c, w in sorted(sheet.widths.items())) + "</cols>")
    parts.append("<sheetData>")
    for r, values in enumerate(sheet.rows, start=1):
        cells = []
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            ref = f"{_column_letter(c)}{r}"
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value!r}</v></c>' if isinstance(value, float)
                             else f'<c r="{ref}"><v>{int(value)}</v></c>')
        parts.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    parts.append('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                 'footer="0.3"/></worksheet>')
    return "".join(parts)


def xlsx_bytes(sheets: list[Sheet], *, title: str) -> bytes:
    """A minimal, reproducible .xlsx (Office Open XML) workbook.

    Written by hand rather than with openpyxl so that the bytes depend on nothing but the data: not on the openpyxl
    version, nor on whether lxml is installed (openpyxl serialises differently with it). Document times are
    :data:`FIXED_TIME`; zip entries are in a fixed order with a fixed time and constant compression. One font (Arial
    10); strings go to the shared-string table. openpyxl and pandas (openpyxl or calamine engine) read it.

    Parameters
    ----------
    sheets : list of Sheet
        The worksheets, in order.
    title : str
        The document title (``dc:title`` of its core properties).

    Returns
    -------
    bytes
        The .xlsx file.
    """
    strings: dict[str, int] = {}
    sheet_xml = [_sheet_xml(sheet, strings) for sheet in sheets]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    n = len(sheets)
    parts = {
        "[Content_Types].xml": (
            _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                      f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
            + f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            _XML_HEAD + f'<Relationships xmlns="{_NS_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "docProps/app.xml": (
            _XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
            'properties"><Application>jsnakit.samples</Application></Properties>'),
        "docProps/core.xml": (
            _XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_xml_text(title)}</dc:title><dc:creator>jsnakit.samples</dc:creator>"
            "<cp:lastModifiedBy>jsnakit.samples</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'),
        "xl/workbook.xml": (
            _XML_HEAD + f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><bookViews><workbookView/></bookViews>'
            "<sheets>" + "".join(f'<sheet name="{_xml_text(sheet.name)}" sheetId="{i}" r:id="rId{i}"/>'
                                 for i, sheet in enumerate(sheets, start=1)) + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            _XML_HEAD + f'<Relationships xmlns="{_NS_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": (
            _XML_HEAD + f'<styleSheet xmlns="{_NS_MAIN}"><fonts count="1"><font><sz val="10"/><name val="Arial"/>'
            '<family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
            '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
            '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
            'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"),
        "xl/sharedStrings.xml": (
            _XML_HEAD + f'<sst xmlns="{_NS_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(('<si><t xml:space="preserve">' if text != text.strip() else "<si><t>")
                      + _xml_text(text) + "</t></si>" for text in strings) + "</sst>"),
    }
    for i, xml in enumerate(sheet_xml, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name].encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
