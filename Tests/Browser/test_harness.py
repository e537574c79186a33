"""The harness itself: the automatic console check really fails a test, in a pytest run of its own."""
from pathlib import Path

INNER_TESTS = r'''
import pytest
from selenium.webdriver.support.ui import WebDriverWait


def load_missing_script(browser, server):
    browser.get(f"{server}/")
    browser.execute_script("""
        const s = document.createElement('script');
        s.src = '/no-such-file.js';
        s.onerror = () => { window.missingScriptFailed = true; };
        document.head.appendChild(s);""")
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return window.missingScriptFailed === true"))


def test_unmarked_missing_script(browser, server):
    load_missing_script(browser, server)


@pytest.mark.expected_console_errors(r"/no-such-file\.js")
def test_marked_missing_script(browser, server):
    load_missing_script(browser, server)


@pytest.mark.expected_console_errors(r"/never-requested\.js")
def test_expected_error_that_never_happens(browser, server):
    browser.get(f"{server}/")
'''


def test_the_console_check_fails_a_test_that_leaves_an_error(pytester, monkeypatch):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_inner=INNER_TESTS)
    # The inner run's screenshots of its (intended) failures stay out of the real artefacts.
    monkeypatch.setenv("CITYGRID_ARTEFACTS", str(pytester.path / "artefacts"))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*PASSED test_inner.py::test_marked_missing_script*",
        "*FAILED test_inner.py::test_unmarked_missing_script*",
        "*FAILED test_inner.py::test_expected_error_that_never_happens*",
    ])
    output = result.stdout.str()
    assert "the browser reported errors:" in output, output
    assert "/no-such-file.js - Failed to load resource: the server responded with a status of 404" in output, output
    assert "/no-such-file.js answered 404 (script)" in output, output
    assert "expected console errors that did not occur: /never-requested\\.js" in output, output
    assert (pytester.path / "artefacts" / "failed-test_unmarked_missing_script.png").is_file()
