"""The workbench of each role in a real browser: a dispatcher approves an extension inline and comes
back to the workbench, a department handler's tasks are sorted by deadline, an intake operator sees a
likely duplicate side by side with its open case and merges it, an inspector on a phone sorts the
tasks by distance from where they are."""
import json
import re
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import citygrid, screenshot
from test_staff_pages import loaded, report_case, sign_in

INSPECTOR = "inspector-910104004006"  # of the community at 116.40, 39.90 (README)
_tokens = {}


def api_step(server, username, case_id, action, **extra):
    """One workflow step through the JSON API as `username`; the case as it answers."""
    if username not in _tokens:
        _tokens[username] = citygrid("user", "token", username).strip()
    body = json.dumps({"action": action, **extra}).encode()
    request = urllib.request.Request(f"{server}/api/v1/cases/{case_id}/transitions", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {_tokens[username]}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
        return json.load(answer)


def dispatched_case(server, description):
    """A case reported, accepted, filed and dispatched; its id and the username of its body's handler."""
    case_id = report_case(server, description)
    api_step(server, "intake1", case_id, "accept")
    api_step(server, "shiftleader1", case_id, "file")
    department = api_step(server, "dispatcher1", case_id, "dispatch")["department_code"]
    return case_id, "handler-" + department.lower()


def show(browser, element):
    """Scrolls `element` to the top of the viewport, for the screenshot."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)


def task(browser, state, case_id):
    found = browser.find_elements(By.ID, f"task-{state}-{case_id}")
    return found[0] if found else None


def test_workbench_dispatcher_approves_an_extension_inline(browser, server):
    case_id, handler = dispatched_case(server, "延期审批 extension to approve")
    api_step(server, handler, case_id, "request_extension", hours=8, note="需要更多时间")
    sign_in(browser, server, "dispatcher1")
    item = task(browser, "extension_requested", case_id)
    assert item is not None, "the request waits in the dispatcher's approvals"
    assert item.find_element(By.CSS_SELECTOR, "dd.hours").text == "8"
    assert item.find_element(By.CSS_SELECTOR, "span.light").text in ("正常", "预警", "超时")
    show(browser, item)
    screenshot(browser, "workbench-dispatcher")
    item.find_element(By.CSS_SELECTOR, "form[data-action=approve_extension] button").click()
    WebDriverWait(browser, 10).until(lambda b: "done=approve_extension" in b.current_url and b.find_elements(By.ID, "workbench-notice"))
    loaded(browser)
    assert "批准延期" in browser.find_element(By.ID, "workbench-notice").text
    assert task(browser, "extension_requested", case_id) is None
    assert re.search(r"/app\?done=approve_extension&case=%d$" % case_id, browser.current_url)


def test_workbench_handler_tasks_are_sorted_by_deadline(browser, server):
    first, handler = dispatched_case(server, "处置任务一 first task")
    second, other = dispatched_case(server, "处置任务二 second task")
    assert other == handler  # the same place and category: the same body
    # The newer case's deadline moves later: the deadline order is no longer the reporting order.
    api_step(server, handler, second, "request_extension", hours=40, note="材料未到")
    api_step(server, "dispatcher1", second, "approve_extension")
    sign_in(browser, server, handler)
    rows = browser.find_elements(By.CSS_SELECTOR, "#queue-dispatched li.task")
    ids = [int(row.get_attribute("data-case-id")) for row in rows]
    assert first in ids and second in ids and ids.index(first) < ids.index(second)
    deadlines = [row.find_element(By.CSS_SELECTOR, "dd.deadline").text for row in rows]
    dated = [d for d in deadlines if d != "—"]
    assert dated == sorted(dated) and deadlines[:len(dated)] == dated, deadlines
    # Disposing needs a photo: the case page, one link away.
    link = task(browser, "dispatched", first).find_element(By.CSS_SELECTOR, "p.more a")
    assert link.get_attribute("href").endswith(f"/app/cases/{first}")
    show(browser, browser.find_element(By.ID, "queue-dispatched"))
    screenshot(browser, "workbench-handler")


def test_workbench_intake_sees_a_likely_duplicate_side_by_side_and_merges_it(browser, server):
    parent = report_case(server, "井盖缺失 原报告 first report")
    child = report_case(server, "井盖缺失 重复报告 same again")
    sign_in(browser, server, "intake1")
    item = task(browser, "reported", child)
    assert item is not None
    sides = item.find_elements(By.CSS_SELECTOR, ".pair .pair-side")
    assert len(sides) == 2
    assert int(sides[0].get_attribute("data-case-id")) == child
    duplicate_of = int(sides[1].get_attribute("data-case-id"))
    assert duplicate_of != child
    for side in sides:
        assert side.find_element(By.CSS_SELECTOR, ".pair-category").text
        assert side.find_element(By.CSS_SELECTOR, ".pair-place").text
    assert "重复报告" in sides[0].find_element(By.CSS_SELECTOR, ".pair-description").text
    box = item.find_element(By.CSS_SELECTOR, "form[data-action=merge] input[name=parent_case_id]")
    assert int(box.get_attribute("value")) == duplicate_of
    # Every control has a label.
    assert item.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").text
    show(browser, item)
    screenshot(browser, "workbench-intake")
    item.find_element(By.CSS_SELECTOR, "form[data-action=merge] button").click()
    WebDriverWait(browser, 10).until(lambda b: "done=merge" in b.current_url)
    loaded(browser)
    assert "合并重复" in browser.find_element(By.ID, "workbench-notice").text
    assert task(browser, "reported", child) is None
    assert parent  # reported first, so an open case to merge into exists


def test_workbench_inspector_on_a_phone_sorts_by_distance(browser, server):
    near = report_case(server, "附近的问题 near me")
    browser.set_window_size(390, 844)
    sign_in(browser, server, INSPECTOR)
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": server, "permissions": ["geolocation"]})
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 39.90, "longitude": 116.40, "accuracy": 10})
    button = browser.find_element(By.ID, "near-me")
    assert button.text and button.is_displayed()
    button.send_keys("\n")  # by keyboard
    WebDriverWait(browser, 10).until(lambda b: "near=" in b.current_url and b.find_elements(By.CSS_SELECTOR, ".sorted-near"))
    loaded(browser)
    assert "near=116.400000%2C39.900000" in browser.current_url or "near=116.400000,39.900000" in browser.current_url
    for section in browser.find_elements(By.CSS_SELECTOR, "section.queue"):
        metres = []
        for text in [d.text for d in section.find_elements(By.CSS_SELECTOR, "dd.distance")]:
            number, unit = text.split()
            metres.append(float(number) * (1000 if unit == "km" else 1))
        assert metres == sorted(metres), (section.get_attribute("id"), metres)
    item = task(browser, "reported", near)
    assert item is not None and item.find_element(By.CSS_SELECTOR, "dd.distance").text.endswith(" m")
    # Self-handling is reachable (it needs a photo: on the case page); verification and checks are its queues.
    assert any(a.text == "自行处置" for a in item.find_elements(By.CSS_SELECTOR, "p.more a"))
    assert browser.find_elements(By.ID, "queue-verifying") and browser.find_elements(By.ID, "queue-disposed")
    # Nothing wider than the phone.
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    show(browser, item)
    screenshot(browser, "workbench-inspector-phone")
