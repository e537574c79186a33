"""The HTML landing page at / in a real browser."""
import json
import struct
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot


def city(server):
    with urllib.request.urlopen(f"{server}/api/v1/city", timeout=10) as answer:
        return json.load(answer)


def open_landing(browser, server):
    browser.get(f"{server}/")
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def test_the_landing_page_loads(browser, server):
    open_landing(browser, server)
    status = browser.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus")
    assert status == 200
    assert browser.current_url == f"{server}/"
    assert browser.find_element(By.TAG_NAME, "h1").is_displayed()


def test_the_page_is_in_simplified_chinese(browser, server):
    open_landing(browser, server)
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"


def test_the_title_names_citygrid(browser, server):
    open_landing(browser, server)
    assert "CityGrid" in browser.title


def test_the_page_shows_the_city_s_chinese_name(browser, server):
    name = city(server)["name"]["zh"]
    assert name and all("\u4e00" <= c <= "\u9fff" for c in name), name  # a Chinese name, not an empty one
    open_landing(browser, server)
    assert name in browser.find_element(By.TAG_NAME, "body").text


def test_a_screenshot_of_the_landing_page_is_written(browser, server):
    open_landing(browser, server)
    path = screenshot(browser, "landing")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == tuple(browser.execute_script("return [innerWidth, innerHeight]")), (width, height)
    assert width >= 1000 and height >= 600, (width, height)


@pytest.mark.expected_console_errors(r"/no-such-file\.js")
def test_the_console_check_catches_a_missing_script(browser, server, console_errors):
    open_landing(browser, server)
    assert console_errors() == [], "the landing page itself must load cleanly for this test to mean anything"
    browser.execute_script("""
        const s = document.createElement('script');
        s.src = '/no-such-file.js';
        s.onerror = () => { window.missingScriptFailed = true; };
        document.head.appendChild(s);""")
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return window.missingScriptFailed === true"))
    problems = []
    WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda b: problems.extend(console_errors()) or any(
        p.startswith("console SEVERE:") and "/no-such-file.js" in p for p in problems))
    assert any(p.startswith("console SEVERE:") and "/no-such-file.js" in p and "404" in p for p in problems), problems
    assert any(p.startswith("failed request:") and "/no-such-file.js answered 404" in p for p in problems), problems
