"""The leaders' dashboards in the browser: the hot-spot map draws every grid coloured by its Gi* class
(the classes from the compact JSON, the legend in words) and a grid opens its figures; the command
centre's wall fits a 1920 x 1080 screen without scrolling (screenshot); the rule set is switched to
another preset and to a city's own file read from disk, and an unknown one is refused naming the field."""
import datetime
import json
import re
import tempfile
import time
import urllib.request

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import citygrid, screenshot
from test_staff_pages import loaded, sign_in

MAP_TIMEOUT = 90  # the whole city's grids, drawn on a canvas


def last_month():
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first, (first - datetime.timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture(scope="module")
def simulated(server):
    """The demo city has no case: 1,200 simulated over the two months before this one (their last
    month is the dashboards' default period), which the running server takes up from the change log."""
    first, month = last_month()
    citygrid("simulate", "--cases", "1200", "--seed", "9", "--months", "2", "--end", first.isoformat())
    token = citygrid("user", "token", "leader").strip()
    deadline = time.monotonic() + 60
    while True:
        request = urllib.request.Request(f"{server}/api/v1/analytics/trends?period={month}", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            if json.load(answer)["total"] > 300:
                return server
        if time.monotonic() > deadline:
            pytest.fail("the server did not take up the simulated cases within 60 s", pytrace=False)
        time.sleep(0.5)


def drawn_map(browser):
    """Waits for the hot-spot map to be drawn; its grids and significant grids."""
    element = browser.find_element(By.ID, "hotspot-map")
    WebDriverWait(browser, MAP_TIMEOUT).until(
        lambda b: element.get_attribute("data-drawn") or element.get_attribute("data-error"))
    assert not element.get_attribute("data-error"), element.get_attribute("data-error")
    return int(element.get_attribute("data-drawn")), int(element.get_attribute("data-significant"))


def fetch_json(browser, url):
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json()).then(done, e => done({error: String(e)}));", url)


def test_the_hot_spot_map_draws_every_grid_by_its_class_and_a_grid_opens_its_figures(browser, server, simulated):
    sign_in(browser, server, "leader")
    browser.get(f"{server}/app/dashboard?subject=district")
    loaded(browser)
    drawn, significant = drawn_map(browser)
    city = fetch_json(browser, f"{server}/api/v1/city")
    grids = city.get("counts", {}).get("grids") or city.get("grids")
    assert drawn == grids and drawn > 1000, (drawn, city)
    element = browser.find_element(By.ID, "hotspot-map")
    classes = fetch_json(browser, element.get_attribute("data-classes"))
    assert significant == len(classes) and significant > 0, (significant, len(classes))
    # The legend says every class in words, with its grids; their sum is the city's grids.
    legend = browser.find_elements(By.CSS_SELECTOR, "table.hs-legend tbody tr")
    assert len(legend) == 7
    words = [row.find_elements(By.TAG_NAME, "td")[0].text.strip() for row in legend]
    assert words[0] == "热点（99% 置信度）" and words[3] == "不显著" and all(words)
    assert sum(int(row.find_elements(By.TAG_NAME, "td")[1].text) for row in legend) == grids
    # The strongest hot spots are listed, each a link a keyboard reaches.
    links = browser.find_elements(By.CSS_SELECTOR, "table.hot-spots a")
    assert links and all("subject=grid" in a.get_attribute("href") for a in links)
    browser.execute_script("document.getElementById('hot-spots').scrollIntoView()")
    screenshot(browser, "dashboard-hotspots")
    # A grid on the map opens a popup with its class in words and the link to its figures.
    ActionChains(browser).move_to_element(element).click().perform()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content a"))
    popup = browser.find_element(By.CSS_SELECTOR, ".leaflet-popup-content")
    assert any(word in popup.text for word in words), popup.text
    link = popup.find_element(By.TAG_NAME, "a")
    assert "/app/explain?" in link.get_attribute("href") and "subject=grid" in link.get_attribute("href")
    link.click()
    WebDriverWait(browser, 10).until(lambda b: "/app/explain" in b.current_url)
    loaded(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_the_wall_fits_a_1920_by_1080_screen_without_scrolling(browser, server, simulated):
    sign_in(browser, server, "leader")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    browser.get(f"{server}/app/dashboard/wall")
    loaded(browser)
    drawn, _ = drawn_map(browser)
    assert drawn > 1000
    size = browser.execute_script(
        "return [innerWidth, innerHeight, document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
        " Math.max(...[...document.querySelectorAll('main *')].filter(e => !e.closest('.leaflet-container'))"
        "  .map(e => e.getBoundingClientRect().bottom))];")
    assert size[0] == 1920 and size[1] == 1080, size
    assert size[2] <= 1920 and size[3] <= 1080 and size[4] <= 1080, size
    # Large type on a dark background; the figures are there with their words.
    tiles = browser.find_elements(By.CSS_SELECTOR, ".tile")
    assert len(tiles) == 4 and all(t.find_element(By.CSS_SELECTOR, ".tile-label").text for t in tiles)
    value_size = float(browser.execute_script("return parseFloat(getComputedStyle(document.querySelector('.tile-value')).fontSize)"))
    assert value_size >= 48
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(11, 20, 34)", background
    assert browser.find_elements(By.CSS_SELECTOR, "table.wall-table tbody tr")
    assert browser.find_element(By.CSS_SELECTOR, 'meta[http-equiv="refresh"]').get_attribute("content") == "60"
    screenshot(browser, "wall")


@pytest.mark.expected_console_errors(r"nonesuch")
def test_the_rule_set_is_switched_to_a_preset_and_to_a_citys_file(browser, server, simulated):
    sign_in(browser, server, "leader")
    browser.get(f"{server}/app/dashboard?subject=district")
    loaded(browser)
    Select(browser.find_element(By.ID, "rules")).select_by_value("three-rates")
    browser.find_element(By.CSS_SELECTOR, "#dashboard-filters button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "rules=three-rates" in b.current_url)
    loaded(browser)
    assert Select(browser.find_element(By.ID, "rules")).first_selected_option.get_attribute("value") == "three-rates"
    assert "12345" in browser.find_element(By.CSS_SELECTOR, "main section.card p").text
    # A city's own file, read from disk by the page and posted as text.
    with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False, encoding="utf-8") as out:
        out.write(re.sub(r"(?m)^label .*$", "label 我市考核 | My city's evaluation",
                         rules_text(server).replace("ruleset basic", "ruleset my-city", 1), count=1))
        path = out.name
    browser.find_element(By.CSS_SELECTOR, "details.rule-file summary").click()
    browser.find_element(By.ID, "rule-file-pick").send_keys(path)
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "rules_file").get_attribute("value").startswith("#")
                                     or "ruleset my-city" in b.find_element(By.ID, "rules_file").get_attribute("value"))
    browser.find_element(By.CSS_SELECTOR, "#rule-file-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "rules=file%3A" in b.current_url or "rules=file:" in b.current_url)
    loaded(browser)
    chosen = Select(browser.find_element(By.ID, "rules")).first_selected_option
    assert chosen.get_attribute("value").startswith("file:") and "我市考核" in chosen.text
    figure = browser.find_element(By.CSS_SELECTOR, "table.ranking tbody td a")
    assert "rules=file" in figure.get_attribute("href")
    figure.click()
    WebDriverWait(browser, 10).until(lambda b: "/app/explain" in b.current_url)
    loaded(browser)
    # An unknown rule set: the refusal page, naming the field.
    browser.get(f"{server}/app/dashboard?rules=nonesuch")
    loaded(browser)
    assert "rules" in browser.find_element(By.TAG_NAME, "main").text


def rules_text(server):
    """The shipped `basic` rule file, as the API gives it."""
    token = citygrid("user", "token", "leader").strip()
    request = urllib.request.Request(f"{server}/api/v1/rules/basic", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read().decode("utf-8")
