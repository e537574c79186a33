"""The command centre in a real browser: the whole city's grid map drawn (every grid, coloured by its
open cases), a grid clicked on the map listing its cases beside it, a case opened from that list."""
import json
import urllib.request

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot
from test_staff_pages import loaded, report_case, sign_in

DEMO_GRIDS = 20480  # the demo city's unit grids (DemoCityGenerator)


def grid_of(server, lon, lat):
    with urllib.request.urlopen(f"{server}/api/v1/geocode?lon={lon}&lat={lat}", timeout=10) as answer:
        return json.load(answer)["grid"]["code"]


def test_the_city_map_colours_a_grid_with_an_open_case_and_lists_its_cases_on_click(browser, server):
    case_id = report_case(server, "井盖缺失 centre map")
    grid = grid_of(server, 116.40, 39.90)
    browser.set_window_size(1280, 1400)  # the whole map on the screen: a click lands where it is aimed
    sign_in(browser, server, "shiftleader1")
    browser.get(f"{server}/app/centre")
    loaded(browser)
    WebDriverWait(browser, 30).until(lambda b: "drawn" in b.find_element(By.ID, "centre-map").get_attribute("class"))
    element = browser.find_element(By.ID, "centre-map")
    assert int(element.get_attribute("data-drawn-grids")) == DEMO_GRIDS
    print(f"centre map: {DEMO_GRIDS} grids drawn {element.get_attribute('data-drawn-ms')} ms after navigation "
          f"(fetch and draw {element.get_attribute('data-load-ms')} ms)")
    # The grid of the new case is counted in the status the map is coloured from.
    status = browser.execute_async_script(
        "const done = arguments[0]; fetch(document.getElementById('centre-map').dataset.status).then(r => r.json()).then(done);")
    assert status["grids"][grid][0] >= 1
    totals = browser.find_element(By.ID, "centre-totals").text
    assert "未结" in totals and "超时" in totals
    screenshot(browser, "command-centre")
    # Zoom to the case's place and click it on the canvas: htmx lists the grid's cases beside the map.
    browser.execute_script("document.getElementById('centre-map').cityGridMap.setView([39.90, 116.40], 17, {animate: false});")
    x, y = browser.execute_script(
        "const p = document.getElementById('centre-map').cityGridMap.latLngToContainerPoint([39.90, 116.40]); return [p.x, p.y];")
    rect = element.rect
    ActionChains(browser).move_to_element_with_offset(element, int(x - rect["width"] / 2), int(y - rect["height"] / 2)).click().perform()
    WebDriverWait(browser, 10).until(lambda b: grid in b.find_element(By.ID, "grid-cases").text)
    links = browser.find_elements(By.CSS_SELECTOR, f"#grid-cases a[href='/app/cases/{case_id}']")
    assert links, browser.find_element(By.ID, "grid-cases").text
    assert browser.find_element(By.ID, "region").get_attribute("value") == grid
    links[0].click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"/app/cases/{case_id}"))


def test_a_region_typed_in_lists_its_cases_without_the_map(browser, server):
    """Keyboard and no-script path: the filters form lists a region's cases on the page itself."""
    report_case(server, "垃圾堆放 region form")
    grid = grid_of(server, 116.40, 39.90)
    sign_in(browser, server, "shiftleader1", lang="en")
    browser.get(f"{server}/app/centre")
    loaded(browser)
    field = browser.find_element(By.ID, "region")
    field.send_keys(grid[:9])  # the subdistrict
    field.submit()
    WebDriverWait(browser, 10).until(lambda b: f"region={grid[:9]}" in b.current_url)
    loaded(browser)
    text = browser.find_element(By.ID, "grid-cases").text
    assert grid[:9] in text and "Cases" in text
    assert browser.find_elements(By.CSS_SELECTOR, "#grid-cases table.cases tbody tr")
