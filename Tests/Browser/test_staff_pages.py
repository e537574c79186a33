"""The staff's pages in a real browser: sign-in, the workbench, a case taken through a step, a refused
step with its reason, the same in English, a form without its CSRF token, sign-out."""
import json
import re
import urllib.request

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import citygrid, screenshot

PASSWORD = "citygrid-demo"  # DemoCityGenerator.password, named in the README


def loaded(browser):
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def sign_in(browser, server, username, lang=None):
    browser.get(f"{server}/signin" + (f"?lang={lang}" if lang else ""))
    loaded(browser)
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "#signin button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/app") and b.find_elements(By.CSS_SELECTOR, "table.cases, section.card h1"))
    loaded(browser)


def open_case(browser, server, username, case_id):
    """Signs `username` in and opens the page of case `case_id`."""
    sign_in(browser, server, username)
    browser.get(f"{server}/app/cases/{case_id}")
    loaded(browser)


def report_case(server, description="井盖缺失 manhole cover missing"):
    """A case reported through the JSON API with a bearer token, as a hotline system would."""
    token = citygrid("user", "token", "intake1").strip()
    # The demo city's centre (the README's first report).
    body = json.dumps({"category": "E0102", "description": description, "location": {"lon": 116.40, "lat": 39.90}}).encode()
    request = urllib.request.Request(f"{server}/api/v1/cases", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 201
        return json.load(answer)["id"]


def state_text(browser):
    """The case's state as the page shows it; None while the page is being replaced."""
    try:
        details = browser.find_elements(By.CSS_SELECTOR, "dl.details dd")
        return details[1].text if len(details) > 1 else None
    except WebDriverException:  # stale elements, or nodes of the page being replaced
        return None


def offered(browser):
    """The actions the case page offers; None while the page is being replaced."""
    try:
        return [f.get_attribute("data-action") for f in browser.find_elements(By.CSS_SELECTOR, "form.action")]
    except WebDriverException:  # stale elements, or nodes of the page being replaced
        return None


def test_sign_in_and_the_workbench(browser, server):
    sign_in(browser, server, "intake1")
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"
    assert browser.find_element(By.TAG_NAME, "h1").text == "我的工作台"
    assert browser.find_element(By.ID, "all-cases").text == "我可办理的案件"
    cookies = {c["name"]: c for c in browser.get_cookies()}
    assert cookies["cg_session"]["httpOnly"] and cookies["cg_session"]["secure"]
    assert browser.execute_script("return document.cookie").find("cg_session") == -1  # no script reads it
    screenshot(browser, "workbench")


def test_a_step_from_the_case_page_and_its_timeline(browser, server):
    case_id = report_case(server)
    open_case(browser, server, "intake1", case_id)
    assert state_text(browser) == "待受理"
    assert "井盖缺失" in browser.find_element(By.CSS_SELECTOR, "dl.details").text
    # The map drew the grid and the place (Leaflet's SVG layer: a polygon and a circle).
    WebDriverWait(browser, 10).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#case-map path.leaflet-interactive")) == 2)
    browser.find_element(By.CSS_SELECTOR, "form[data-action=accept] button").click()
    WebDriverWait(browser, 10).until(lambda b: state_text(b) == "待立案")
    timeline = browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    assert "上报" in timeline and "受理" in timeline
    screenshot(browser, "case")


@pytest.mark.expected_console_errors(r"409")
def test_a_refused_step_shows_its_reason(browser, server):
    case_id = report_case(server)
    open_case(browser, server, "intake1", case_id)
    # Someone else accepts the case meanwhile: the page's accept form is now stale.
    token = citygrid("user", "token", "intake1").strip()
    request = urllib.request.Request(f"{server}/api/v1/cases/{case_id}/transitions", data=b'{"action":"accept"}', method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()
    browser.find_element(By.CSS_SELECTOR, "form[data-action=accept] button").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "refusal"))
    assert browser.find_element(By.ID, "refusal").text.startswith("操作未执行")
    screenshot(browser, "case-refused")


def test_the_same_walk_in_english(browser, server):
    case_id = report_case(server, "Manhole cover missing")
    sign_in(browser, server, "intake1", lang="en")
    assert browser.execute_script("return document.documentElement.lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text == "My workbench"
    assert browser.find_element(By.ID, "all-cases").text == "Cases I can see"
    browser.get(f"{server}/app/cases/{case_id}")  # the language is remembered
    loaded(browser)
    assert browser.execute_script("return document.documentElement.lang") == "en"
    button = browser.find_element(By.CSS_SELECTOR, "form[data-action=accept] button")
    assert re.search(r"[A-Za-z]", button.text)
    button.click()
    WebDriverWait(browser, 10).until(lambda b: offered(b) is not None and "accept" not in offered(b))
    screenshot(browser, "case-english")


@pytest.mark.expected_console_errors(r"403")
def test_a_form_without_its_csrf_token_is_refused(browser, server):
    case_id = report_case(server)
    open_case(browser, server, "intake1", case_id)
    browser.execute_script("document.querySelector('form[data-action=accept] input[name=_csrf]').remove()")
    browser.find_element(By.CSS_SELECTOR, "form[data-action=accept] button").click()
    WebDriverWait(browser, 10).until(lambda b: "csrf_refused" in b.page_source)
    browser.get(f"{server}/app/cases/{case_id}")
    loaded(browser)
    assert state_text(browser) == "待受理"  # nothing was done


def test_signing_out(browser, server):
    sign_in(browser, server, "shiftleader1")
    browser.find_element(By.CSS_SELECTOR, "form[action='/signout'] button").click()
    WebDriverWait(browser, 10).until(lambda b: "/signin" in b.current_url)
    browser.get(f"{server}/app")
    WebDriverWait(browser, 10).until(lambda b: "/signin?next=" in b.current_url)


def test_the_live_queue_shows_a_case_reported_through_the_api_without_a_reload(browser, server):
    sign_in(browser, server, "intake1")
    browser.execute_script("window.notReloaded = true")
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#live-queue ol.live"))
    case_id = report_case(server, "实时队列 live queue <b>not bold</b>")
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, f"ol.live li[data-case-id='{case_id}'] a"))
    assert browser.execute_script("return window.notReloaded === true")
    item = browser.find_element(By.CSS_SELECTOR, f"ol.live li[data-case-id='{case_id}']")
    assert item.find_element(By.TAG_NAME, "a").get_attribute("href").endswith(f"/app/cases/{case_id}")
    assert item.find_element(By.CSS_SELECTOR, "span.light").text == "正常"
    screenshot(browser, "live-queue")


@pytest.mark.expected_console_errors(r"404")
def test_a_case_the_caller_may_not_read_is_a_refusal_page(browser, server):
    case_id = report_case(server)
    # A department handler: the case was sent to no body yet, so it is not theirs to read.
    handler = citygrid("user", "list", "--role", "department_handler").splitlines()[0].split("\t")[0]
    sign_in(browser, server, handler)
    browser.get(f"{server}/app/cases/{case_id}")
    loaded(browser)
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"
    assert browser.find_element(By.ID, "refusal").text.startswith("未找到案件")
    assert browser.find_element(By.CSS_SELECTOR, "a[href='/app']")
    screenshot(browser, "refusal")
