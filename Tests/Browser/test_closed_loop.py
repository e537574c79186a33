"""The closed loop in the browser: a report taken by intake, filed, dispatched, disposed by the
department, checked by the inspector and closed, each by its own person on the case page; then the
leaders' dashboard counts it for that body, and its figure links to the cases behind it."""
import json
import struct
import tempfile
import urllib.request
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import citygrid, screenshot
from test_staff_pages import loaded, offered, report_case, sign_in, state_text


def api_case(server, case_id):
    token = citygrid("user", "token", "leader").strip()
    request = urllib.request.Request(f"{server}/api/v1/cases/{case_id}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def png(path, width=40, height=30):
    """A small real PNG: a red square on white."""
    rows = b"".join(b"\x00" + b"".join(b"\xff\x20\x20" if 10 <= x < 30 and 8 <= y < 22 else b"\xff\xff\xff" for x in range(width))
                    for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                  + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def act_as(browser, server, username, case_id, action, note=None, photo=None):
    browser.delete_all_cookies()
    sign_in(browser, server, username)
    browser.get(f"{server}/app/cases/{case_id}")
    loaded(browser)
    form = browser.find_element(By.CSS_SELECTOR, f"form[data-action={action}]")
    if note is not None:
        form.find_element(By.CSS_SELECTOR, "textarea").send_keys(note)
    if photo is not None:
        form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(photo)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: offered(b) is not None and action not in offered(b))


def department_cases(browser, server, code, period):
    """The dashboard's case count for body `code` in `period`, as the city's leader sees it."""
    browser.get(f"{server}/app/dashboard?subject=department&period={period}")
    loaded(browser)
    for row in browser.find_elements(By.CSS_SELECTOR, "table.ranking tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        if cells[1].find_element(By.TAG_NAME, "small").text == code:
            return int(cells[5].text), row
    return 0, None


def test_a_report_goes_round_the_loop_and_counts_for_its_body(browser, server):
    case_id = report_case(server, "下穿通道积水 flooded underpass")
    act_as(browser, server, "intake1", case_id, "accept")
    act_as(browser, server, "shiftleader1", case_id, "file")
    # The dispatcher sees routing's proposal first in the body list.
    browser.delete_all_cookies()
    sign_in(browser, server, "dispatcher1")
    browser.get(f"{server}/app/cases/{case_id}")
    loaded(browser)
    body = Select(browser.find_element(By.CSS_SELECTOR, "form[data-action=dispatch] select")).first_selected_option.get_attribute("value")
    period = api_case(server, case_id)["reported_at"][:7]
    # The body's count on the leaders' dashboard before the case is sent to it.
    browser.delete_all_cookies()
    sign_in(browser, server, "leader")
    before, _ = department_cases(browser, server, body, period)
    act_as(browser, server, "dispatcher1", case_id, "dispatch")
    case = api_case(server, case_id)
    assert case["department_code"] == body

    handler = next(line.split("\t")[0] for line in citygrid("user", "list", "--role", "department_handler").splitlines()
                   if line.split("\t")[2] == body)
    photo = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    png(photo)
    act_as(browser, server, handler, case_id, "dispose", note="已清理积水 water pumped out", photo=photo)
    # The photo is in the timeline, and it loads.
    WebDriverWait(browser, 10).until(lambda b: b.execute_script(
        "const i = document.querySelector('ol.timeline img.thumb'); return i !== null && i.complete && i.naturalWidth === 40"))
    inspector = "inspector-" + case["community_code"]
    act_as(browser, server, inspector, case_id, "check")
    act_as(browser, server, "shiftleader1", case_id, "close")
    assert state_text(browser) in ("已结案", "Closed")
    screenshot(browser, "case-closed")

    browser.delete_all_cookies()
    sign_in(browser, server, "leader")
    after, row = department_cases(browser, server, body, period)
    assert row is not None and after == before + 1, (before, after)
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart rect")
    screenshot(browser, "dashboard")
    # A figure of that body opens the cases behind it, our case among them or the body's others.
    row.find_elements(By.CSS_SELECTOR, "td a")[0].click()
    WebDriverWait(browser, 10).until(lambda b: "/app/explain" in b.current_url)
    loaded(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "ul.ids a[href^='/app/cases/']")
