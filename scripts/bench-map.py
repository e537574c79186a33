"""The command centre's map in a real browser (issue 9: the grid map of the whole demo city loads in
under 1 s): headless Chromium signs in and opens /app/centre RUNS times; each run reports when the map
had drawn every grid, in ms after navigation started (performance.now() at the end of centre.js),
with the first run cold (a new browser: the outlines downloaded, gzip) and the others warm (the
browser's copy revalidated by ETag, 304).
Usage: .venv-browser/bin/python scripts/bench-map.py URL USERNAME PASSWORD [RUNS [SCREENSHOT.png]]"""
import statistics
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

url, username, password = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
shot = sys.argv[5] if len(sys.argv) > 5 else None
options = Options()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
    options.add_argument(flag)
driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
try:
    driver.get(f"{url}/signin")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#signin button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/app"))
    times, parts = [], []
    for run in range(runs):
        driver.get(f"{url}/app/centre")
        WebDriverWait(driver, 60).until(lambda d: "drawn" in d.find_element(By.ID, "centre-map").get_attribute("class"))
        element = driver.find_element(By.ID, "centre-map")
        grids = int(element.get_attribute("data-drawn-grids"))
        if grids == 0:
            sys.exit("bench-map: the map drew no grid")
        times.append(int(element.get_attribute("data-drawn-ms")))
        parts.append((int(element.get_attribute("data-fetch-ms")), int(element.get_attribute("data-load-ms"))))
    if shot and not driver.save_screenshot(shot):
        sys.exit(f"bench-map: the screenshot {shot} could not be written")
    warm = times[1:] or times
    print(f"map: {grids} grids drawn, ms after navigation: cold {times[0]}, warm median {statistics.median(warm):.0f} "
          f"max {max(warm)} (n={len(warm)}); of which fetch+parse / all of centre.js: "
          + ", ".join(f"{f}/{a}" for f, a in parts))
finally:
    driver.quit()
