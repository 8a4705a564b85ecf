"""Factsheets on paper: an HTML factsheet printed to an A4 PDF by headless Chromium.

:func:`to_pdf` opens a self-contained factsheet page (:func:`jsnakit.factsheets.html.to_html`) in headless Chromium,
driven by Selenium, and prints it through the DevTools protocol (``Page.printToPDF``): A4 paper, backgrounds printed,
a running header with the area's title and the date, a footer ``Page N of M``, and the page's own print CSS
(``templates/factsheet.html.j2``: figures, table rows and captions kept whole, headings kept with what follows). The
long tables a factsheet folds into ``<details>`` blocks are moved to an appendix at the end, each replaced where it
stood by a line naming it (``details="open"`` prints them opened in place instead). The PDF is tagged (headings,
tables and the images' alt text reach screen readers) and has an outline made from the headings.

Starting Chromium takes about 0.6 s and stopping it 0.4 s; printing a sample factsheet (30-34 pages) 1.5-3 s, on
two shared cores. :class:`PdfPrinter` keeps one browser open for many pages; :func:`shared_printer` is the printer
of the current process and thread, started on first use and closed when the process ends (or by
:func:`close_shared_printers`), which is what the batch's workers use (:mod:`jsnakit.factsheets.batch`, ``pdf=True``).

What is needed
    Chromium and its driver (Debian or Ubuntu: ``apt-get install chromium chromium-driver``) and Selenium
    (``pip install selenium``). :func:`find_browser` looks for them: the environment variables ``JSNAKIT_CHROMIUM``
    and ``JSNAKIT_CHROMEDRIVER`` first (a Chrome installed outside the ``PATH``), then the names in
    :data:`CHROMIUM_NAMES` and ``chromedriver`` on the ``PATH``; it raises :class:`BrowserNotFoundError`, naming what
    is missing and how to install it, when something is. Selenium is given the driver's path, so Selenium Manager
    never downloads a browser or a driver.
"""
from __future__ import annotations

import base64
import html
import os
import shutil
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from ..core.errors import ArgumentError, JsnakitError
from ..core.files import atomic_write
from .per_worker import PerWorker

__all__ = [
    "to_pdf",
    "PdfPrinter",
    "Browser",
    "find_browser",
    "shared_printer",
    "close_shared_printers",
    "BrowserNotFoundError",
    "PdfError",
    "CHROMIUM_NAMES",
    "INSTALL_HINT",
    "A4_MM",
    "MARGINS_MM",
]

#: Program names tried on the ``PATH`` for the browser, in order (after ``JSNAKIT_CHROMIUM``).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: How to install Chromium and its driver, as the errors say it.
INSTALL_HINT = "on Debian or Ubuntu: apt-get install chromium chromium-driver"

#: The paper, width and height in millimetres.
A4_MM = (210.0, 297.0)

#: Page margins in millimetres: room for the running header (top) and the page number (bottom). The factsheet's
#: ``@page`` rule (``templates/factsheet.html.j2``) uses the same, so the page prints alike from a browser.
MARGINS_MM = {"top": 20.0, "right": 14.0, "bottom": 18.0, "left": 14.0}

_MM_PER_INCH = 25.4
_DETAILS_MODES = ("appendix", "open")
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


class BrowserNotFoundError(ArgumentError):
    """Printing to PDF was asked for but Chromium, its driver or Selenium is not installed.

    The message names what is missing and how to install it, never a data value, so it is published whole
    (:attr:`jsnakit.core.errors.JsnakitError.message_is_public`). An :class:`~jsnakit.core.errors.ArgumentError`:
    the batch raises it before any area runs (``jsnakit factsheets --pdf`` exits with status 2).
    """

    message_is_public: ClassVar[bool] = True


class PdfError(JsnakitError):
    """Chromium could not print a page (it crashed, timed out, or the page could not be opened).

    The message names the page and the browser's own error (a protocol message, never page content), so it is
    published whole (:attr:`jsnakit.core.errors.JsnakitError.message_is_public`).
    """

    message_is_public: ClassVar[bool] = True


@dataclass(frozen=True)
class Browser:
    """Where Chromium and chromedriver are (:func:`find_browser`).

    Attributes
    ----------
    chromium : str
        Path of the browser.
    chromedriver : str
        Path of its WebDriver.
    """

    chromium: str
    chromedriver: str


def _locate(variable: str, names: tuple[str, ...]) -> str | None:
    given = os.environ.get(variable)
    if given:
        return shutil.which(given) or (given if Path(given).is_file() else None)
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_browser() -> Browser:
    """Find Chromium, chromedriver and Selenium, or say what is missing and how to install it.

    Looks at the environment variables ``JSNAKIT_CHROMIUM`` and ``JSNAKIT_CHROMEDRIVER`` (a program name or a path)
    first, then for :data:`CHROMIUM_NAMES` and ``chromedriver`` on the ``PATH``, as ``tests/test_browser.py`` does.

    Returns
    -------
    Browser
        The two programs' paths.

    Raises
    ------
    BrowserNotFoundError
        When the browser, its driver or the ``selenium`` package is missing: the message lists each missing piece
        and how to install it (``apt-get install chromium chromium-driver``; ``pip install selenium``).

    Examples
    --------
    >>> find_browser()  # doctest: +SKIP
    Browser(chromium='/usr/bin/chromium', chromedriver='/usr/bin/chromedriver')
    """
    import importlib.util

    chromium = _locate("JSNAKIT_CHROMIUM", CHROMIUM_NAMES)
    chromedriver = _locate("JSNAKIT_CHROMEDRIVER", ("chromedriver",))
    missing = []
    if chromium is None:
        missing.append(f"Chromium (looked for {', '.join(CHROMIUM_NAMES)} on the PATH and $JSNAKIT_CHROMIUM)")
    if chromedriver is None:
        missing.append("chromedriver (looked on the PATH and $JSNAKIT_CHROMEDRIVER)")
    browser_missing = bool(missing)
    if importlib.util.find_spec("selenium") is None:
        missing.append("the Python package selenium (pip install 'jsnakit[pdf]', or pip install selenium)")
    if missing:
        how = f"; install Chromium and its driver ({INSTALL_HINT})" if browser_missing else ""
        raise BrowserNotFoundError(f"printing factsheets to PDF needs headless Chromium, chromedriver and selenium; "
                                   f"not found: {'; '.join(missing)}{how}")
    return Browser(chromium, chromedriver)


def _start(browser: Browser, timeout: float):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser.chromium
    # --no-sandbox: Chromium refuses to start as root (containers, CI) with its sandbox; the pages printed are
    # jsnakit's own self-contained factsheets, opened from files.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--disable-extensions", "--no-first-run", "--hide-scrollbars"):
        options.add_argument(argument)
    try:
        driver = webdriver.Chrome(options=options, service=Service(browser.chromedriver))
    except Exception as err:  # noqa: BLE001 - a driver that does not match the browser, a browser that cannot start
        raise PdfError(f"Chromium ({Path(browser.chromium).name}) could not be started through "
                       f"{Path(browser.chromedriver).name}: {_browser_message(err)}") from None
    driver.set_page_load_timeout(timeout)
    return driver


def _browser_message(err: BaseException) -> str:
    """The first line of a Selenium error (chromedriver's message, never page content), without its stack trace."""
    text = getattr(err, "msg", None) or str(err) or ""
    first = text.strip().splitlines()[0] if text.strip() else "no message"
    return f"{type(err).__name__}: {first[:200]}"


def _mm(value: float) -> str:
    return f"{value:g}mm"


def _templates(title: str | None, when: str) -> tuple[str, str]:
    """The header (title left, date right) and footer (``Page N of M``) templates of ``Page.printToPDF``."""
    style = (f"font-family: {_FONT}; font-size: 8pt; color: #505a5f; width: 100%; "
             f"margin: 0 {_mm(MARGINS_MM['right'])} 0 {_mm(MARGINS_MM['left'])}; "
             "display: flex; justify-content: space-between; -webkit-print-color-adjust: exact;")
    name = html.escape(title) if title else '<span class="title"></span>'
    header = f'<div style="{style}"><span>{name}</span><span>{html.escape(when)}</span></div>'
    footer = (f'<div style="{style} justify-content: center;"><span>Page <span class="pageNumber"></span> of '
              f'<span class="totalPages"></span></span></div>')
    return header, footer


def _page_css() -> str:
    """CSS added to the page before printing: the paper and margins the header and footer need (whatever the
    page's own ``@page`` says), and the look of the appendix."""
    margins = " ".join(_mm(MARGINS_MM[side]) for side in ("top", "right", "bottom", "left"))
    return (f"@page {{ size: A4; margin: {margins}; }}\n"
            "@media print {\n"
            "  details > summary { list-style: none; }\n"
            "  details > summary::-webkit-details-marker { display: none; }\n"
            "  .jsnakit-appendix { break-before: page; }\n"
            "  .jsnakit-appendix h3 { break-after: avoid; }\n"
            "  .jsnakit-appendix-ref { font-style: italic; }\n"
            "}\n")


# Run in the page before printing: the print CSS above, the title, and every <details> block opened; in "appendix"
# mode the content of each outermost block is moved to an appendix at the end, under a heading naming the section
# it came from, and a line naming it takes its place.
_PREPARE_JS = r"""
const [css, title, mode] = arguments;
const style = document.createElement('style');
style.id = 'jsnakit-pdf';
style.textContent = css;
document.head.appendChild(style);
if (title) { document.title = title; }
const all = Array.from(document.querySelectorAll('details'));
all.forEach(d => { d.open = true; });
const outer = all.filter(d => !d.parentElement.closest('details'));
if (mode !== 'appendix' || outer.length === 0) { return 0; }
const section = document.createElement('section');
section.className = 'jsnakit-appendix jp-RenderedHTMLCommon jp-RenderedHTML';  // the factsheet's text styles
section.setAttribute('aria-label', 'Appendix: tables in full');
const heading = document.createElement('h2');
heading.textContent = 'Appendix: tables in full';
section.appendChild(heading);
let current = '';
const order = Array.from(document.querySelectorAll('h1, h2, h3, details'));
let n = 0;
for (const el of order) {
  if (el.tagName !== 'DETAILS') { current = el.textContent.trim(); continue; }
  if (!outer.includes(el)) { continue; }
  n += 1;
  const summary = el.querySelector(':scope > summary');
  const label = summary ? summary.textContent.trim() : 'Table';
  const id = 'jsnakit-appendix-' + n;
  const ref = document.createElement('p');
  ref.className = 'jsnakit-appendix-ref';
  const link = document.createElement('a');
  link.href = '#' + id;
  link.textContent = label + ': appendix A' + n + '.';
  ref.appendChild(link);
  el.replaceWith(ref);
  const part = document.createElement('div');
  part.className = 'jsnakit-appendix-part';
  const title3 = document.createElement('h3');
  title3.id = id;
  title3.textContent = 'A' + n + '. ' + (current && current !== label ? current + ': ' + label : label);
  part.appendChild(title3);
  Array.from(el.childNodes).forEach(child => { if (child !== summary) { part.appendChild(child); } });
  section.appendChild(part);
}
(document.querySelector('main') || document.body).appendChild(section);
return n;
"""


def _print_params(title: str | None, when: str) -> dict:
    header, footer = _templates(title, when)
    inches = {side: MARGINS_MM[side] / _MM_PER_INCH for side in MARGINS_MM}
    return {
        "paperWidth": A4_MM[0] / _MM_PER_INCH,
        "paperHeight": A4_MM[1] / _MM_PER_INCH,
        "marginTop": inches["top"],
        "marginBottom": inches["bottom"],
        "marginLeft": inches["left"],
        "marginRight": inches["right"],
        "printBackground": True,
        "displayHeaderFooter": True,
        "headerTemplate": header,
        "footerTemplate": footer,
        # A4 whatever the page's CSS says (the factsheet says A4 too): the paper is the one the margins are made for
        "preferCSSPageSize": False,
        "generateTaggedPDF": True,
        "generateDocumentOutline": True,
    }


def _when(value) -> str:
    if value is None:
        value = datetime.now().date()
    if isinstance(value, (datetime, Date)):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, str):
        return value
    raise ArgumentError(f"date must be a string, a datetime.date or None; got {type(value).__name__}")


def _check_paths(html_path, pdf_path=None) -> tuple[Path, Path | None]:
    page = Path(html_path)
    if not page.is_file():
        raise ArgumentError(f"html_path must be an existing HTML file; got {str(page)!r} (from {os.getcwd()})")
    if pdf_path is None:
        return page.resolve(), None
    target = Path(pdf_path)
    if not target.parent.is_dir():
        raise ArgumentError(f"pdf_path must be in an existing folder; got {str(target)!r} (from {os.getcwd()})")
    return page.resolve(), target


def _render(driver, page: Path, *, title: str | None, when: str, details: str) -> bytes:
    """Open ``page`` in ``driver``, prepare it and print it; the PDF's bytes."""
    driver.get(page.as_uri())
    driver.execute_script(_PREPARE_JS, _page_css(), title or "", details)
    printed = driver.execute_cdp_cmd("Page.printToPDF", _print_params(title, when))
    return base64.b64decode(printed["data"])


class PdfPrinter:
    """One headless Chromium kept open to print many pages (:meth:`print`); a context manager.

    The browser starts on first use (or :meth:`start`) and stops on :meth:`close` or leaving the ``with`` block. If
    it dies between pages it is started again once for the next page. Not for use by two threads at once (one
    printer per thread: :func:`shared_printer`).

    Parameters
    ----------
    browser : Browser, optional
        The programs to use; default :func:`find_browser`.
    timeout : float, default 120
        Seconds a page may take to open.

    Attributes
    ----------
    start_seconds : float or None
        How long the browser took to start, the last time it did (None before).

    Examples
    --------
    >>> with PdfPrinter() as printer:  # doctest: +SKIP
    ...     for code in ("E09000019", "E08000005"):
    ...         printer.print(f"factsheets/{code}.html", f"factsheets/{code}.pdf", title=f"SEND factsheet: {code}")
    """

    def __init__(self, *, browser: Browser | None = None, timeout: float = 120):
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
            raise ArgumentError(f"timeout must be a positive number of seconds; got {timeout!r}")
        self._browser = browser
        self._timeout = float(timeout)
        self._driver = None
        self.pid = os.getpid()
        self.start_seconds: float | None = None

    def start(self) -> "PdfPrinter":
        """Start the browser if it is not running.

        Returns
        -------
        PdfPrinter
            Itself.

        Raises
        ------
        BrowserNotFoundError
            When Chromium, chromedriver or Selenium is missing.
        PdfError
            When the browser cannot be started.
        """
        import time

        if self._driver is None:
            if self._browser is None:
                self._browser = find_browser()
            started = time.perf_counter()
            self._driver = _start(self._browser, self._timeout)
            self.start_seconds = time.perf_counter() - started
        return self

    @property
    def driver(self):
        """The Selenium WebDriver of the running browser (started if need be)."""
        return self.start()._driver

    def pdf_bytes(self, html_path, *, title: str | None = None, date=None, details: str = "appendix") -> bytes:
        """Print an HTML page and return the PDF's bytes (see :func:`to_pdf` for the parameters).

        Returns
        -------
        bytes
            The PDF.
        """
        page, _ = _check_paths(html_path)
        if details not in _DETAILS_MODES:
            raise ArgumentError(f"details must be one of {', '.join(map(repr, _DETAILS_MODES))}; got {details!r}")
        when = _when(date)
        for attempt in (1, 2):
            driver = self.driver
            try:
                return _render(driver, page, title=title, when=when, details=details)
            except Exception as err:  # noqa: BLE001 - Selenium's errors, and the connection's when chromedriver died
                if attempt == 1 and not self._alive():  # the browser died (between pages, or under this one)
                    self.close()
                    continue
                raise PdfError(f"Chromium could not print {page.name}: {_browser_message(err)}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _alive(self) -> bool:
        try:
            self._driver.execute_script("return 1")
            return True
        except Exception:  # noqa: BLE001 - any failure means the browser is gone
            return False

    def print(self, html_path, pdf_path, *, title: str | None = None, date=None, details: str = "appendix") -> Path:
        """Print an HTML page to a PDF file, written atomically (see :func:`to_pdf`).

        Returns
        -------
        pathlib.Path
            ``pdf_path``.
        """
        _, target = _check_paths(html_path, pdf_path)
        return atomic_write(target, self.pdf_bytes(html_path, title=title, date=date, details=details))

    def close(self) -> None:
        """Stop the browser (it starts again on the next page)."""
        driver, self._driver = self._driver, None
        if driver is not None and self.pid == os.getpid():
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 - already gone
                pass

    def __enter__(self) -> "PdfPrinter":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def to_pdf(html_path, pdf_path, *, title: str | None = None, date=None, driver=None,
           details: str = "appendix") -> Path:
    """Print an HTML factsheet to an A4 PDF with headless Chromium, written atomically.

    Paper A4 (210 x 297 mm), margins :data:`MARGINS_MM`, backgrounds printed; on every page a header with
    ``title`` on the left and the date on the right, and ``Page N of M`` centred at the foot (Chromium's
    ``pageNumber`` and ``totalPages``). The page's print CSS decides the breaks (the factsheet's keeps figures, table
    rows and captions whole and headings with what follows). The PDF is tagged, with an outline from the headings.

    Parameters
    ----------
    html_path : str or pathlib.Path
        A self-contained HTML page (:func:`jsnakit.factsheets.html.to_html`): anything it would fetch from the
        network is not waited for.
    pdf_path : str or pathlib.Path
        The PDF to write (replaced if it exists); its folder must exist.
    title : str, optional
        The running header and the PDF's title (e.g. ``"SEND factsheet: Islington (E09000019)"``); default the
        page's ``<title>``.
    date : str or datetime.date, optional
        The date in the header; default today, written ``"7 December 2025"``.
    driver : PdfPrinter or selenium WebDriver, optional
        A browser to print with, kept open afterwards (a Chrome WebDriver of Selenium, or a :class:`PdfPrinter`);
        default a browser started for this page and stopped after it (about half a second more).
    details : {"appendix", "open"}, default "appendix"
        What becomes of ``<details>`` blocks (the long tables of a factsheet): moved, opened, to an appendix at
        the end with a line in their place naming them ("appendix"), or opened where they stand ("open").

    Returns
    -------
    pathlib.Path
        ``pdf_path``.

    Raises
    ------
    ArgumentError
        When ``html_path`` is not a file, the folder of ``pdf_path`` does not exist, or ``details`` or ``date`` is
        not one of the values above.
    BrowserNotFoundError
        When Chromium, chromedriver or Selenium is missing (``apt-get install chromium chromium-driver``;
        ``pip install selenium``).
    PdfError
        When Chromium cannot start or print the page.

    Examples
    --------
    >>> to_pdf("factsheets/E09000019.html", "factsheets/E09000019.pdf",
    ...        title="SEND factsheet: Islington (E09000019)")  # doctest: +SKIP
    PosixPath('factsheets/E09000019.pdf')
    """
    _, target = _check_paths(html_path, pdf_path)
    if details not in _DETAILS_MODES:
        raise ArgumentError(f"details must be one of {', '.join(map(repr, _DETAILS_MODES))}; got {details!r}")
    if driver is None:
        with PdfPrinter() as printer:
            return printer.print(html_path, target, title=title, date=date, details=details)
    if isinstance(driver, PdfPrinter):
        return driver.print(html_path, target, title=title, date=date, details=details)
    if not hasattr(driver, "execute_cdp_cmd"):
        raise ArgumentError(f"driver must be a PdfPrinter or a Selenium Chrome WebDriver; got {type(driver).__name__}")
    page, _ = _check_paths(html_path)
    when = _when(date)
    try:
        data = _render(driver, page, title=title, when=when, details=details)
    except Exception as err:  # noqa: BLE001 - Selenium's errors, and the connection's when chromedriver died
        raise PdfError(f"Chromium could not print {page.name}: {_browser_message(err)}") from None
    return atomic_write(target, data)


# ------------------------------------------------------------------------------------------- one printer per worker

_PRINTERS = PerWorker(lambda printer: printer._driver is not None)


def shared_printer() -> PdfPrinter:
    """The printer of this process and thread, started on first use and kept for the next pages.

    The batch's workers print every area they run with it, so each worker pays Chromium's start once. It is
    closed by :func:`close_shared_printers`, and when the process ends
    (:class:`jsnakit.factsheets.per_worker.PerWorker`).

    Returns
    -------
    PdfPrinter
        Not started yet on first call (it starts on its first page).
    """
    return _PRINTERS.get(PdfPrinter)


def close_shared_printers() -> int:
    """Stop the browsers of this process's shared printers (:func:`shared_printer`); they start again if used.

    Returns
    -------
    int
        How many browsers were running.
    """
    return _PRINTERS.close()
