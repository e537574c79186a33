"""The API's documentation page, /api/v1/docs, in a real browser: every operation of the OpenAPI
document is a section of the page, each linked from the table of operations."""
import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot


def test_every_documented_operation_is_on_the_page(browser, server):
    with urllib.request.urlopen(f"{server}/api/v1/openapi.json", timeout=10) as answer:
        document = json.load(answer)
    base = document["servers"][0]["url"]  # the page names each path in full: /api/v1/…
    operations = sorted(f"{method.upper()} {base}{path}" for path, item in document["paths"].items()
                        for method in item if method in {"get", "post", "put", "patch", "delete"})
    assert len(operations) >= 29, operations
    browser.get(f"{server}/api/v1/docs")
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
    assert browser.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus") == 200
    headings = sorted(h.text.strip() for h in browser.find_elements(By.CSS_SELECTOR, "section.operation h2 code"))
    assert headings == operations, (headings, operations)
    # Each row of the table of operations leads to its section.
    links = browser.find_elements(By.CSS_SELECTOR, "#operations a[href^='#']")
    assert len(links) == len(operations)
    for link in links:
        assert browser.find_elements(By.ID, link.get_attribute("href").split("#", 1)[1]), link.get_attribute("href")
    screenshot(browser, "api-docs")
