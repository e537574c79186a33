"""Accessibility of the staff pages: every visible control has a label, the page names its language,
the traffic lights carry a word as well as a colour, and a case can be acted on with the keyboard alone."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_staff_pages import loaded, offered, report_case, sign_in, state_text

UNLABELLED_JS = """
return [...document.querySelectorAll('input, select, textarea, button')]
  .filter(e => e.type !== 'hidden')
  .filter(e => {
    if (e.tagName === 'BUTTON') return !e.textContent.trim() && !e.getAttribute('aria-label');
    const byFor = e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]');
    return !byFor && !e.closest('label') && !e.getAttribute('aria-label');
  })
  .map(e => e.outerHTML.slice(0, 120));
"""


def test_every_control_of_the_main_pages_has_a_label(browser, server):
    case_id = report_case(server)
    sign_in(browser, server, "intake1")
    for path in ["/app", "/app/cases", f"/app/cases/{case_id}", "/app/centre"]:
        browser.get(server + path)
        loaded(browser)
        assert browser.execute_script(UNLABELLED_JS) == [], path
        assert browser.execute_script("return document.documentElement.lang") == "zh-CN"
    browser.delete_all_cookies()
    sign_in(browser, server, "leader")
    browser.get(server + "/app/dashboard?subject=district")
    loaded(browser)
    assert browser.execute_script(UNLABELLED_JS) == []
    # A chart, when there is one, says what it shows.
    assert all(chart.get_attribute("aria-label") for chart in browser.find_elements(By.CSS_SELECTOR, "svg.chart"))
    browser.get(server + "/signin")
    loaded(browser)
    assert browser.execute_script(UNLABELLED_JS) == []


def test_traffic_lights_say_what_their_colour_means(browser, server):
    report_case(server)
    sign_in(browser, server, "intake1")
    # On the workbench's queues, and on the list of every case.
    lights = browser.find_elements(By.CSS_SELECTOR, "li.task .light")
    assert lights and all(light.text.strip() for light in lights)
    browser.get(server + "/app/cases")
    loaded(browser)
    lights = browser.find_elements(By.CSS_SELECTOR, "table.cases .light")
    assert lights and all(light.text.strip() for light in lights)


def test_a_case_is_accepted_with_the_keyboard_alone(browser, server):
    case_id = report_case(server)
    sign_in(browser, server, "intake1")
    browser.get(f"{server}/app/cases/{case_id}")
    loaded(browser)
    # Tab from the top of the page to the accept button, then press Enter.
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    for _ in range(60):
        active = browser.switch_to.active_element
        form = active.find_elements(By.XPATH, "ancestor::form[@data-action='accept']")
        if active.tag_name == "button" and form:
            break
        active.send_keys(Keys.TAB)
    else:
        raise AssertionError("the accept button is not reachable with Tab")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: state_text(b) == "待立案" and offered(b) is not None)
