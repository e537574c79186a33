"""Claims in the browser (认领): a volunteer of an NGO finds a filed garbage case in the pool on the
workbench, claims it, disposes of it on the case page with a photo; the inspector's check passes,
the shift leader closes it, and the volunteer's points are credited for the confirmed fix."""
import json
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import citygrid, screenshot
from test_closed_loop import act_as, api_case, png
from test_staff_pages import loaded, report_case, sign_in, state_text


def points_of(server, username):
    token = citygrid("user", "token", username).strip()
    request = urllib.request.Request(f"{server}/api/v1/points/me", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def test_a_volunteer_claims_a_task_disposes_of_it_with_a_photo_and_earns_points(browser, server):
    case_id = report_case(server, "小区门口垃圾堆放 garbage piled at the gate")
    act_as(browser, server, "intake1", case_id, "accept")
    act_as(browser, server, "shiftleader1", case_id, "file")
    volunteer = "volunteer-n-volunteers-1"
    before = points_of(server, volunteer)["balance"]

    # The pool on the volunteer's workbench: the filed case, with a claim button.
    browser.delete_all_cookies()
    sign_in(browser, server, volunteer)
    browser.get(f"{server}/app?lang=en")
    loaded(browser)
    assert browser.find_element(By.ID, "claim-pool-h").text == "Tasks to claim"
    task = browser.find_element(By.ID, f"pool-{case_id}")
    screenshot(browser, "claim-pool")
    task.find_element(By.ID, f"claim-{case_id}").click()
    # Claimed: the case page, held by the NGO, offering the disposal with a photo.
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"/app/cases/{case_id}"))
    loaded(browser)
    case = api_case(server, case_id)
    assert case["state"] == "claimed" and case["department_code"] == "N-VOLUNTEERS", case

    photo = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    png(photo)
    act_as(browser, server, volunteer, case_id, "dispose_claimed", photo=photo)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script(
        "const i = document.querySelector('ol.timeline img.thumb'); return i !== null && i.complete && i.naturalWidth === 40"))
    act_as(browser, server, "inspector-" + case["community_code"], case_id, "check")
    act_as(browser, server, "shiftleader1", case_id, "close")
    assert state_text(browser) in ("已结案", "Closed")

    # The points follower credits the confirmed fix within moments.
    deadline = time.time() + 20
    while time.time() < deadline and points_of(server, volunteer)["balance"] == before:
        time.sleep(0.5)
    account = points_of(server, volunteer)
    assert account["balance"] > before, account
    assert any(e["reason"] == "claimed_fix_confirmed" and e.get("case_id") == case_id for e in account["entries"]), account
