"""Fixtures for the browser tests: a `citygrid serve` of the demo city and a headless Chromium.

Run through scripts/browser-tests.sh, which sets CITYGRID_BIN (the citygrid binary under test) and
CITYGRID_ARTEFACTS (where screenshots go), and SE_OFFLINE/SE_AVOID_STATS for Selenium.

Every test that uses `browser` fails when, after its body ran, the browser logged a console error
(level SEVERE: uncaught exceptions, console.error, failed loads such as "Failed to load resource: ... 404")
or the Performance API shows a request answered with a status of 400 or more. A test that provokes such
errors on purpose either collects them itself with the `console_errors` fixture (collected problems are
not reported again), or names them with `@pytest.mark.expected_console_errors(REGEX, ...)`: problems
matching a pattern are allowed, and each pattern must match at least one problem of the test.
The check is a hook around each test's call (pytest_runtest_call), which applies to every test as an
autouse fixture would, but reports the problems as the test's own failure (a fixture's teardown could
only add an error after the test passed), while the browser is still open.
One thing is left out as Chromium's own noise, and counted in the summary at the end: the 404 of
/favicon.ico that Chromium asks for by itself when the page names no icon (see ConsoleProblems._is_noise).
"""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("CITYGRID_ARTEFACTS") or REPO / ".build" / "browser-artefacts")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HEALTH_TIMEOUT = 30.0

# Failed requests as the page itself sees them: the navigation and every resource (scripts, styles,
# images, fetch/XHR) with an HTTP status of 400 or more (`responseStatus`, Chromium 109 and later).
# Network errors (no status) show up as SEVERE console entries instead.
PAGE_JS = """
return {
  origin: location.origin,
  hasIconLink: document.querySelector('link[rel~="icon" i]') !== null,
  failedRequests: performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .filter(e => e.responseStatus >= 400)
    .map(e => ({key: performance.timeOrigin + '|' + e.name + '|' + e.startTime,
                url: e.name, status: e.responseStatus, kind: e.initiatorType || e.entryType}))};
"""

pytest_plugins = ["pytester"]  # for test_harness.py, which runs the harness in a pytest of its own

_server_logs = []  # (label, path) of the running server's output, shown under a failed test
_server_state = {}  # the running server's binary and database, for tests that use the command line
_ignored_noise = []  # every problem left out as the browser's noise, for the summary


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "expected_console_errors(*patterns): console errors / failed requests matching one of these "
        "regular expressions do not fail the test; each pattern must match at least one of them")


def screenshot(browser, name):
    """Saves the browser's viewport as ARTEFACTS/NAME.png and returns the path."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    if not browser.save_screenshot(str(path)):
        raise AssertionError(f"the screenshot {path} could not be written")
    return path


def _tail(path, lines=60):
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(cannot read {path}: {error})"
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"


def _server_log_text():
    return "\n".join(f"--- {label} ({path}) ---\n{_tail(path)}" for label, path in _server_logs)


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """The base URL (http://127.0.0.1:PORT) of `citygrid serve` on a fresh demo city."""
    binary = os.environ.get("CITYGRID_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail(f"CITYGRID_BIN must name an executable citygrid binary (it is {binary!r}); "
                    "run the tests through scripts/browser-tests.sh PATH/TO/citygrid", pytrace=False)
    work = Path(tempfile.mkdtemp(prefix="citygrid-browser."))
    db = work / "city.sqlite"
    init = subprocess.run([binary, "init", "--db", str(db), "--demo"],
                          capture_output=True, text=True, timeout=300)
    if init.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        pytest.fail(f"`citygrid init --demo` exited {init.returncode}:\n{init.stdout}{init.stderr}", pytrace=False)
    port = _free_port()
    out_path, err_path = work / "serve.stdout", work / "serve.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen([binary, "serve", "--db", str(db), "--port", str(port)],
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    _server_logs[:] = [("serve stdout", out_path), ("serve stderr", err_path)]
    _server_state.update(binary=binary, db=str(db))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"`citygrid serve` exited {process.returncode} before answering /healthz\n"
                            f"{_server_log_text()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"`citygrid serve` did not answer GET /healthz within {HEALTH_TIMEOUT:.0f} s\n"
                            f"{_server_log_text()}", pytrace=False)
            time.sleep(0.1)
        yield base
        if process.poll() is not None:
            pytest.fail(f"`citygrid serve` died during the tests (exit status {process.returncode})\n"
                        f"{_server_log_text()}", pytrace=False)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _server_logs.clear()
        shutil.rmtree(work, ignore_errors=True)


def citygrid(*args):
    """Runs the citygrid binary under test on the server's database (`--db` added); its stdout."""
    result = subprocess.run([_server_state["binary"], *args, "--db", _server_state["db"]], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        pytest.fail(f"citygrid {' '.join(args)} exited {result.returncode}: {result.stderr}", pytrace=False)
    return result.stdout


class ConsoleProblems:
    """What the browser reported as going wrong: SEVERE console entries and failed requests."""

    def __init__(self, driver):
        self.driver = driver
        self.seen = []              # every problem collected during the test, by anyone
        self.ignored = []           # the browser's own noise, left out (see _is_noise)
        self._reported_requests = set()

    def _is_noise(self, problem, page):
        """Chromium asks every origin for /favicon.ico by itself, even when the page names no icon, and
        logs the 404 as a SEVERE console error. Only that is noise: the 404 of /favicon.ico on the page's
        own origin while the page has no <link rel="icon">. An icon the page does name, any other status,
        and every other URL still count."""
        if page is None or page["hasIconLink"] or not page["origin"].startswith("http"):
            return False
        favicon = page["origin"] + "/favicon.ico"
        return problem in (
            f"console SEVERE: {favicon} - Failed to load resource: the server responded with a status of 404 (Not Found)",
            f"failed request: {favicon} answered 404 (other)")

    def collect(self):
        """The problems since the last call (each is reported once), as readable lines."""
        new = [f"console {e['level']}: {e['message']}"
               for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
        try:
            page = self.driver.execute_script(PAGE_JS)
        except Exception as error:  # no page that runs scripts (e.g. a crashed tab): the console still counts
            page = None
            new.append(f"cannot read the Performance API: {error}")
        for r in page["failedRequests"] if page else ():
            if r["key"] not in self._reported_requests:
                self._reported_requests.add(r["key"])
                new.append(f"failed request: {r['url']} answered {r['status']} ({r['kind']})")
        noise = [p for p in new if self._is_noise(p, page)]
        new = [p for p in new if p not in noise]
        self.ignored.extend(noise)
        self.seen.extend(new)
        return new


@pytest.fixture
def browser():
    """A fresh headless Chromium for the test (Debian's chromium and chromedriver)."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900",
                 # Nothing but this machine: any other host fails to resolve at once.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.console_problems = ConsoleProblems(driver)
    try:
        yield driver
    finally:
        _ignored_noise.extend(driver.console_problems.ignored)
        driver.quit()


@pytest.fixture
def console_errors(browser):
    """The collector: call it to get (and so take over) the problems the browser reported so far."""
    return browser.console_problems.collect


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body passed: fail the test on any console error or failed request it left."""
    result = yield
    driver = item.funcargs.get("browser")
    if driver is None:
        return result
    problems = driver.console_problems
    new = problems.collect()
    marker = item.get_closest_marker("expected_console_errors")
    patterns = [re.compile(p) for p in (marker.args if marker else ())]
    unexpected = [p for p in new if not any(pattern.search(p) for pattern in patterns)]
    missing = [pattern.pattern for pattern in patterns if not any(pattern.search(p) for p in problems.seen)]
    message = []
    if unexpected:
        message.append("the browser reported errors:\n" + "\n".join(f"  {p}" for p in unexpected))
    if missing:
        message.append("expected console errors that did not occur: " + ", ".join(missing))
    if message:
        pytest.fail("\n".join(message), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under a failed test: the server's log, the browser's problems, and a screenshot."""
    report = yield
    if report.failed:
        if _server_logs:
            report.sections.append(("citygrid serve log", _server_log_text()))
        driver = item.funcargs.get("browser") if report.when == "call" else None
        if driver is not None:
            try:
                driver.console_problems.collect()
                problems = driver.console_problems.seen
                if problems:
                    report.sections.append(("browser problems", "\n".join(problems)))
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)
                report.sections.append(("screenshot", str(screenshot(driver, f"failed-{name}"))))
            except Exception as error:
                report.sections.append(("browser", f"(could not read the browser: {error})"))
    return report


def pytest_terminal_summary(terminalreporter):
    """Says what was left out as the browser's own noise, so that nothing is hidden silently."""
    if _ignored_noise:
        counts = {}
        for problem in _ignored_noise:
            counts[problem] = counts.get(problem, 0) + 1
        terminalreporter.write_line(f"browser noise ignored ({len(_ignored_noise)} entries):")
        for problem, n in counts.items():
            terminalreporter.write_line(f"  {n} x {problem}")
