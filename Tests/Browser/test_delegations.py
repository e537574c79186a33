"""The delegations page (放权) and the inbox in the browser: a district leader grants a subdistrict
office the power to approve extensions through the form, sees it in the history with its reason,
revokes it with a reason; the office's inspector sees the grant made to their body; the inbox page
opens for both."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import citygrid, screenshot
from test_staff_pages import loaded, sign_in


def test_a_leader_grants_and_revokes_a_power_and_the_body_sees_it(browser, server):
    inspector = next(line.split("\t") for line in citygrid("user", "list", "--role", "inspector").splitlines())
    office, community = inspector[2], inspector[3]
    district = community[:6]
    sign_in(browser, server, f"leader-{district}")
    browser.get(f"{server}/app/delegations?lang=en")
    loaded(browser)
    assert browser.find_element(By.CSS_SELECTOR, "a.nav[href='/app/delegations']")
    Select(browser.find_element(By.ID, "grant-power")).select_by_value("approve_extensions")
    Select(browser.find_element(By.ID, "grant-organisation")).select_by_value(office)
    until = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    field = browser.find_element(By.ID, "grant-until")
    browser.execute_script("arguments[0].value = arguments[1]", field, until)
    browser.find_element(By.ID, "grant-reason").send_keys("汛期延期审批下放 flood season")
    browser.find_element(By.CSS_SELECTOR, "#grant button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "tr[data-status=active]"))
    loaded(browser)
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-status=active]")
    assert "Approve extensions (delegated)" in row.text and "flood season" in row.text
    screenshot(browser, "delegations")

    # The office's inspector: the grant made to their body, the power among their roles, no forms.
    browser.delete_all_cookies()
    sign_in(browser, server, inspector[0], lang="en")
    browser.get(f"{server}/app/delegations?lang=en")
    loaded(browser)
    assert "flood season" in browser.find_element(By.CSS_SELECTOR, "tr[data-status=active]").text
    assert not browser.find_elements(By.ID, "grant-power")
    browser.get(f"{server}/app/inbox?lang=en")
    loaded(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text

    # Revoked by the leader, with a reason: shown as revoked.
    browser.delete_all_cookies()
    sign_in(browser, server, f"leader-{district}")
    browser.get(f"{server}/app/delegations?lang=en")
    loaded(browser)
    form = browser.find_element(By.CSS_SELECTOR, "tr[data-status=active] form")
    form.find_element(By.NAME, "reason").send_keys("汛期结束 season over")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "tr[data-status=revoked]"))
    assert "season over" in browser.find_element(By.CSS_SELECTOR, "tr[data-status=revoked]").text


def test_notice_preferences_are_saved_through_their_form(browser, server):
    sign_in(browser, server, "citizen1")
    browser.get(f"{server}/app/inbox/preferences?lang=en")
    loaded(browser)
    box = browser.find_element(By.CSS_SELECTOR, "input[name='pref.case_closed.sms']")
    was = box.is_selected()
    box.click()
    browser.find_element(By.CSS_SELECTOR, "#notice-preferences button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#notice-preferences p.notice.done"))
    loaded(browser)
    assert browser.find_element(By.CSS_SELECTOR, "input[name='pref.case_closed.sms']").is_selected() != was
    # The inbox itself is always on: its box cannot be unticked.
    assert not browser.find_element(By.CSS_SELECTOR, "input[name='pref.case_closed.inbox']").is_enabled()
