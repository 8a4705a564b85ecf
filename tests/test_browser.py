"""The explorers in a real browser: the notebooks served through Voilà on localhost and driven with Selenium in
headless Chromium.

* ``workbooks/explore_area.ipynb`` (the area explorer alone): type "Rochdale" in the area box and press Enter; the
  table and the three charts must change to Rochdale;
* ``workbooks/explore.ipynb`` (the analyst's notebook): all three explorers must show their charts and tables with no
  error and every drop-down must show its choice; picking a need in the gap explorer narrows its coverage and map,
  and moving a slider of the projection playground (with the keyboard) changes its fan chart and table.

Each test saves screenshots of the widgets to its tmp folder and, when the environment variable
``JSNAKIT_SCREENSHOTS`` names a folder, there too: ``JSNAKIT_SCREENSHOTS=docs/screenshots pytest -m browser`` makes
the README's screenshots (``area_explorer.png``, ``gap_explorer.png``, ``projection_playground.png``).

The tests need ``chromium`` and ``chromedriver`` on the PATH (Debian: ``apt-get install chromium chromium-driver``)
and Voilà and Selenium (``pip install '.[test]'``); without them they are skipped, unless the environment variable
``JSNAKIT_BROWSER_TEST`` is ``required`` (set by ``.ci/run`` where it installs Chromium), when they fail.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WORKBOOKS = REPO / "workbooks"
WINDOW = (1280, 1800)  # the browser window (made taller for a moment to take a tall explorer whole)
START_TIMEOUT = 30  # seconds for Voilà to listen
RENDER_TIMEOUT = 60  # seconds for the notebook to execute and its widgets to show their charts (cold cache)
UPDATE_TIMEOUT = 20  # seconds for one interaction
SCREENSHOT_BYTES = 250_000

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The input of the "Area" combobox (ipywidgets 8 renders a Combobox as a widget-text with a datalist).
AREA_INPUT = "//div[contains(@class, 'widget-text')][label[normalize-space()='Area']]/input[@list]"
# The explorers: the outermost widget of each cell's output, in page order.
EXPLORERS_JS = """return Array.from(document.querySelectorAll('.jupyter-widgets.widget-vbox'))
    .filter(e => !e.parentElement.closest('.jupyter-widgets'));"""
# The charts (img in an ipywidgets.Output) and the table captions of the page, read in one go (the widgets replace
# their elements on every update, so elements found earlier go stale).
STATE_JS = """return {
    images: Array.from(document.querySelectorAll('.widget-output img')).map(i => [i.src, i.alt]),
    captions: Array.from(document.querySelectorAll('.jsnakit-table caption')).map(c => c.textContent),
    messages: Array.from(document.querySelectorAll('.jsnakit-message')).map(m => m.textContent),
    text: document.body.innerText};"""


def _missing() -> list[str]:
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    return missing + [name for name in ("voila", "selenium") if importlib.util.find_spec(name) is None]


@pytest.fixture(scope="module", autouse=True)
def browser_tools():
    missing = _missing()
    if missing:
        reason = (f"the browser test needs {', '.join(missing)}, not found (chromium and chromedriver: on Debian "
                  f"apt-get install chromium chromium-driver; voila and selenium: pip install '.[test]')")
        if os.environ.get("JSNAKIT_BROWSER_TEST") == "required":
            pytest.fail(f"JSNAKIT_BROWSER_TEST=required, but {reason}")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def voila(notebook: Path, log: Path):
    """Serve ``notebook`` through Voilà on a free localhost port; yields its URL. Voilà runs the kernel in the
    notebook's folder (so its relative ``data_dir`` holds) and is stopped, with its kernels, at the end."""
    port = _free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
             "--show_tracebacks=True"], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # any HTTP answer (a HEAD is not allowed on the page: 405) means Voilà listens
            try:
                urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Voilà did not start on {url}:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()  # Voilà shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=%d,%d" % WINDOW,
                     "--hide-scrollbars"):
        options.add_argument(argument)
    # the driver's path given: Selenium Manager never looks for (or downloads) a driver
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, condition, timeout, what: str, log: Path):
    """Wait until ``condition(state)`` holds for the page's state; fail saying what was awaited and what was shown."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2).until(
            lambda d: (lambda s: s if condition(s) else None)(d.execute_script(STATE_JS)))
    except TimeoutException:
        state = driver.execute_script(STATE_JS)
        pytest.fail(f"timed out after {timeout} s waiting for {what}; the page shows:\n{state['text'][:3000]}\n"
                    f"Voilà's log:\n{log.read_text(errors='replace')[-3000:]}")


def _save(driver, element, name: str, tmp_path: Path) -> Path:
    """Save a screenshot of ``element``, whole, as a PNG of 256 colours (several times smaller, the same to the eye) in
    ``tmp_path`` and, when ``JSNAKIT_SCREENSHOTS`` names a folder, there too; returns the tmp copy."""
    from PIL import Image

    # Voilà's page scrolls inside its own panel, so an element shows whole only if the window holds it
    driver.set_window_size(WINDOW[0], max(WINDOW[1], int(element.rect["height"]) + 300))
    try:
        driver.execute_script("document.activeElement.blur(); arguments[0].scrollIntoView({block: 'start'})",
                              element)  # no caret or focus ring in the picture
        image = Image.open(io.BytesIO(element.screenshot_as_png)).convert("RGB")
    finally:
        driver.set_window_size(*WINDOW)
    targets = [tmp_path / name]
    if os.environ.get("JSNAKIT_SCREENSHOTS"):
        targets.append(Path(os.environ["JSNAKIT_SCREENSHOTS"]) / name)
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            target, optimize=True)
    return targets[0]


def _check_screenshot(path: Path, min_width: int) -> None:
    from PIL import Image

    with Image.open(path) as image:
        assert image.format == "PNG" and image.width >= min_width and image.height >= 300
        assert len(image.getcolors(maxcolors=1 << 24) or ()) > 16, "the screenshot is blank"
    assert path.stat().st_size < SCREENSHOT_BYTES


def test_area_explorer_changes_area(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    log = tmp_path / "voila.log"
    with voila(WORKBOOKS / "explore_area.ipynb", log) as url, chromium() as driver:
        started = time.monotonic()
        driver.get(url)
        before = _wait(driver, lambda s: len(s["images"]) == 3 and s["captions"], RENDER_TIMEOUT,
                       "the area explorer's three charts and table", log)
        assert before["captions"][0].startswith("Pupils with an EHC plan, 2025/26: Islington")
        assert before["images"][0][0].startswith("data:image/png;base64,")
        assert before["images"][0][1].startswith("Line chart: Pupils with an EHC plan: Islington")
        assert before["messages"] == [] and "Traceback" not in before["text"]
        rendered = time.monotonic() - started

        box = driver.find_element(By.XPATH, AREA_INPUT)
        assert box.get_attribute("value") == "Islington (E09000019)"
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("Rochdale", Keys.ENTER)
        started = time.monotonic()
        # the kernel sends the table first, then each chart as it is drawn: wait for all of them
        after = _wait(driver, lambda s: len(s["images"]) == 3 and s["captions"] and "Rochdale" in s["captions"][0]
                      and all(new[0] != old[0] for new, old in zip(s["images"], before["images"])),
                      UPDATE_TIMEOUT, "the table and the three charts to change to Rochdale", log)
        updated = time.monotonic() - started
        assert after["captions"][0].startswith("Pupils with an EHC plan, 2025/26: Rochdale, its region, England")
        trend, ranked, choropleth = (alt for _, alt in after["images"])
        assert trend.startswith("Line chart: Pupils with an EHC plan: Rochdale")
        assert ranked.startswith("Horizontal bar chart: Pupils with an EHC plan: Rochdale and its statistical")
        assert choropleth.startswith("Map: Pupils with an EHC plan, 2025/26") and "Rochdale" in choropleth
        assert "Rochdale" in driver.find_element(By.CSS_SELECTOR, ".jsnakit-table").text
        # the box shows the area as listed once the kernel has resolved it
        assert driver.find_element(By.XPATH, AREA_INPUT).get_attribute("value") == "Rochdale (E08000005)"
        explorers = driver.execute_script(EXPLORERS_JS)
        assert len(explorers) == 1
        _check_screenshot(_save(driver, explorers[0], "area_explorer.png", tmp_path), min_width=900)
    print(f"area explorer: shown {rendered:.1f} s after the page was asked for; Rochdale shown {updated:.2f} s "
          f"after Enter")


def test_every_explorer_renders_and_responds(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    log = tmp_path / "voila.log"
    with voila(WORKBOOKS / "explore.ipynb", log) as url, chromium() as driver:
        driver.get(url)
        state = _wait(driver, lambda s: len(s["images"]) == 7, RENDER_TIMEOUT * 1.5, "the seven charts", log)
        # area explorer: trend, neighbours, map; gap explorer: map of provision, shortfall; playground: fan chart;
        # the whole picture: outcomes by SEN status
        charts = ["Line chart: Pupils with an EHC plan: Islington", "Horizontal bar chart: Pupils with an EHC plan: "
                  "Islington", "Map: Pupils with an EHC plan, 2025/26", "Map: Estimated children and young people "
                  "with an EHC plan, and SEND services: Islington", "Dot chart: Capacity against need (all needs): "
                  "Islington", "Fan chart: EHC plans: Islington", "Outcomes by SEN status (filled: the area"]
        assert [alt[:len(start)] for (_, alt), start in zip(state["images"], charts)] == charts
        assert all(src.startswith("data:image/png;base64,") for src, _ in state["images"])
        assert any(c.startswith("Projected EHC plans, Islington") for c in state["captions"])
        assert "Findings for Islington" in state["text"]
        assert "Traceback" not in state["text"] and "There was an error" not in state["text"]
        # every drop-down shows a choice (a Dropdown whose value is None and has no index shows an empty box)
        blank = driver.execute_script("return Array.from(document.querySelectorAll('.widget-dropdown'))"
                                      ".filter(d => d.querySelector('select').selectedIndex < 0)"
                                      ".map(d => d.querySelector('label').textContent)")
        explorers = driver.execute_script(EXPLORERS_JS)
        assert len(explorers) == 4

        # gap explorer: pick a need; the coverage and the map of provision narrow to it
        need = driver.find_element(By.XPATH, "//div[contains(@class, 'widget-dropdown')]"
                                             "[label[normalize-space()='Need']]/select")
        Select(need).select_by_visible_text("Autistic spectrum disorder")
        _wait(driver, lambda s: len(s["images"]) == 7 and any(c.startswith("Commissioned services (every partner) naming autistic spectrum "
                                                 "disorder, by age band, Islington") for c in s["captions"])
              and "services for Autistic spectrum disorder: Islington" in s["images"][3][1], UPDATE_TIMEOUT,
              "the gap explorer's coverage and map to narrow to autistic spectrum disorder", log)
        _check_screenshot(_save(driver, explorers[1], "gap_explorer.png", tmp_path), min_width=900)

        # projection playground: new plans per head +3% a year, with the keyboard (released: one update)
        handle = driver.find_element(By.XPATH, "//div[contains(@class, 'widget-slider')][label[normalize-space()="
                                               "'New plans per head, % a year']]//*[contains(@class, 'noUi-handle')]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", handle)
        handle.click()
        handle.send_keys(*[Keys.ARROW_RIGHT] * 6)
        _wait(driver, lambda s: len(s["images"]) == 7 and "new plans per head +3.0% a year" in s["images"][5][1]
              and any("recent growth; new plans per head +3.0% a year" in c for c in s["captions"]), UPDATE_TIMEOUT,
              "the fan chart and the table to follow the slider to +3.0", log)
        _check_screenshot(_save(driver, explorers[2], "projection_playground.png", tmp_path), min_width=900)
    assert blank == [], "drop-downs showing an empty box instead of their choice"
