"""The citizen portal on a phone-sized screen (390 x 844, a touch screen): a citizen registers with a
one-time code (read from the server's log, where the default sender writes it), reports a problem by
tapping the map, attaches a photo that the page makes smaller, sees a likely duplicate nearby and follows
it, and sends the report; staff move the case to closure with `citygrid case act`; the citizen follows it
to closure in the portal and rates it. Also: the same walk in English, an anonymous report (with a photo) with a
contact for the return visit, a closed report reopened as not fixed, and a report written offline kept
as a draft and sent, after asking, once the network is back. The service worker must register and the
manifest must be there; like every browser test, any console error or failed request fails the test."""
import json
import re
import struct
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import conftest
from conftest import citygrid, screenshot
from test_staff_pages import loaded

# The demo city's centre, as the staff tests use it; a second place a little away for the other walks.
CENTRE = (116.40, 39.90)


def phone(browser):
    """Makes the browser a phone: 390 x 844 CSS pixels at 2x, touch, a mobile user agent's viewport."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})


def code_from_log(contact, after=0.0, timeout=10):
    """The last one-time code the server's log shows for `contact` (its normalised form), as the
    default sender writes it: a `one-time code` line with `contact=` and `code=`."""
    deadline = time.monotonic() + timeout
    pattern = re.compile(r"one-time code.*|.*contact=" + re.escape(contact) + r".*")
    while time.monotonic() < deadline:
        codes = []
        for _, path in conftest._server_logs:
            for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
                if "one-time code" in line and f"contact={contact}" in line:
                    found = re.search(r"\bcode=(\d{6})\b", line)
                    if found:
                        codes.append(found.group(1))
        if len(codes) > after:
            return codes[-1]
        time.sleep(0.1)
    raise AssertionError(f"no one-time code for {contact} in the server's log")


def codes_in_log(contact):
    count = 0
    for _, path in conftest._server_logs:
        count += sum(1 for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
                     if "one-time code" in line and f"contact={contact}" in line)
    return count


def register(browser, server, contact, normalised, lang=None):
    """Registers (or signs in) through the portal's forms with the code from the log."""
    before = codes_in_log(normalised)
    browser.get(f"{server}/portal/signin" + (f"?lang={lang}" if lang else ""))
    loaded(browser)
    browser.find_element(By.ID, "contact").send_keys(contact)
    browser.find_element(By.CSS_SELECTOR, "#contact-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "code-form"))
    code = code_from_log(normalised, after=before)
    browser.find_element(By.ID, "code").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "#code-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/portal/mine" in b.current_url)
    loaded(browser)


def api(server, path, token_user="leader", data=None):
    token = citygrid("user", "token", token_user).strip()
    request = urllib.request.Request(f"{server}{path}", data=json.dumps(data).encode() if data is not None else None,
                                     method="POST" if data is not None else "GET",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def staff_report(server, lon, lat, description):
    """An open case reported by the hotline (intake1), the citizen's likely duplicate."""
    return api(server, "/api/v1/cases", "intake1", {"category": "E0102", "description": description, "location": {"lon": lon, "lat": lat}})


def close_by_staff(server, case_id):
    """Staff take the case round the loop to closure with the command line, as the README shows."""
    case = str(case_id)
    citygrid("case", "act", "--as", "intake1", case, "accept")
    citygrid("case", "act", "--as", "shiftleader1", case, "file")
    citygrid("case", "act", "--as", "dispatcher1", case, "dispatch")
    value = api(server, f"/api/v1/cases/{case_id}")
    handler = next(line.split("\t")[0] for line in citygrid("user", "list", "--role", "department_handler").splitlines()
                   if line.split("\t")[2] == value["department_code"])
    citygrid("case", "act", "--as", handler, case, "dispose", "--note", "已清理 cleaned up")
    citygrid("case", "act", "--as", "inspector-" + value["community_code"], case, "check")
    citygrid("case", "act", "--as", "shiftleader1", case, "close")
    assert api(server, f"/api/v1/cases/{case_id}")["state"] == "closed"


def api_bytes(server, path, token_user="leader"):
    token = citygrid("user", "token", token_user).strip()
    request = urllib.request.Request(f"{server}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read()


def jpeg_size(data):
    """(width, height) of a baseline or progressive JPEG, from its SOF marker."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("no SOF marker")


def big_png(path, width=2400, height=1800):
    """A real PNG larger than the page may send (2400 x 1800): stripes of colour."""
    stripe = b"".join(bytes((255 * (x // 300 % 2), 120, 255 * (x // 600 % 2))) for x in range(width))
    raw = b"".join(b"\x00" + stripe for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def map_ready(browser, element_id):
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        f"const e = document.getElementById('{element_id}'); return e !== null && e.classList.contains('drawn')"))


def tap_map(browser, element_id, lon, lat):
    """Zooms the map to the place as a finger would, then taps it."""
    element = browser.find_element(By.ID, element_id)
    browser.execute_script("arguments[0].cityGridMap.setView([arguments[2], arguments[1]], 17)", element, lon, lat)
    x, y, w, h = browser.execute_script(
        "const p = arguments[0].cityGridMap.latLngToContainerPoint([arguments[2], arguments[1]]);"
        "return [p.x, p.y, arguments[0].clientWidth, arguments[0].clientHeight]", element, lon, lat)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(browser).move_to_element_with_offset(element, int(x - w / 2), int(y - h / 2)).click().perform()


def choose_category(browser, code, search=None):
    if search:
        box = browser.find_element(By.ID, "category-search")
        box.send_keys(search)
    else:
        major = browser.find_element(By.CSS_SELECTOR, f"button.major[data-major='{code[:3]}']")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", major)
        major.click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, f"cat-{code}"))
    label = browser.find_element(By.CSS_SELECTOR, f"label[for='cat-{code}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    label.click()


def report_form_ready(browser, server, lang=None):
    browser.get(f"{server}/portal/report" + (f"?lang={lang}" if lang else ""))
    loaded(browser)
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        "const f = document.getElementById('report-form'); return f !== null && f.dataset.ready === 'true'"))
    map_ready(browser, "report-map")


def submit_report(browser):
    button = browser.find_element(By.ID, "submit-report")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.ID, "reported-case"))
    link = browser.find_element(By.ID, "reported-case")
    return int(link.get_attribute("href").rsplit("/", 1)[1]), link.text


def cached(browser, path):
    """Whether the service worker's cache holds `path`."""
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.match(arguments[0], {ignoreSearch: true}).then((r) => done(r !== undefined), () => done(false));", path)


def service_worker_scope(browser):
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.serviceWorker.ready.then((r) => done(r.scope), (e) => done('failed: ' + e));")


def test_a_citizen_registers_reports_with_a_photo_and_follows_it_to_closure(browser, server):
    phone(browser)
    lon, lat = CENTRE
    duplicate = staff_report(server, lon + 0.0001, lat, "路边垃圾堆放（热线） garbage by the road (hotline)")
    register(browser, server, "139 0000 1001", "+8613900001001")
    assert "welcome=1" in browser.current_url
    assert browser.find_element(By.ID, "welcome").text == "注册成功，欢迎！"
    assert browser.find_element(By.ID, "own-contact").text == "+86 139 0000 1001"

    report_form_ready(browser, server)
    # The shell: a manifest, and a service worker controlling /portal.
    assert service_worker_scope(browser).endswith("/portal")
    tap_map(browser, "report-map", lon, lat)
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "place-text").get_attribute("data-grid"))
    grid = browser.find_element(By.ID, "place-text").get_attribute("data-grid")
    assert len(grid) == 15 and grid in browser.find_element(By.ID, "place-text").text
    choose_category(browser, "E0102")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "body-text").get_attribute("data-body"))
    assert browser.find_element(By.ID, "body-text").text.startswith("责任单位：")
    browser.execute_script("document.querySelector('#report-form h2').scrollIntoView({block: 'start'}); window.scrollBy(0, -56)")
    screenshot(browser, "portal-report-map")
    # The likely duplicate nearby, before sending: follow it.
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, f"#duplicate-list li[data-case-id='{duplicate['id']}']"))
    follow = browser.find_element(By.CSS_SELECTOR, f"#duplicate-list button.follow[data-case-id='{duplicate['id']}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", follow)
    follow.click()
    assert follow.text == "已关注" and not follow.is_enabled()

    browser.find_element(By.ID, "description").send_keys("小区门口垃圾无人清理 garbage at the gate")
    photo = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    big_png(photo)
    browser.find_element(By.ID, "photos").send_keys(photo)
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#photo-previews img.thumb"))
    thumb = browser.find_element(By.CSS_SELECTOR, "#photo-previews img.thumb")
    assert (thumb.get_attribute("data-width"), thumb.get_attribute("data-height")) == ("1600", "1200")
    assert int(thumb.get_attribute("data-bytes")) < 1_000_000
    screenshot(browser, "portal-report")
    case_id, number = submit_report(browser)
    assert re.fullmatch(r"E0102\d{14}", number)

    # The staff's view: a citizen's report, with the photo on its report event, made smaller (a JPEG of 1600 x 1200).
    value = api(server, f"/api/v1/cases/{case_id}")
    assert value["source"] == "citizen_app" and value["grid_code"] == grid
    events = api(server, f"/api/v1/cases/{case_id}/events")
    events = events["events"] if isinstance(events, dict) else events
    photos = [a for a in events[0]["attachments"] if a.startswith("media:")]
    assert events[0]["action"] == "report" and len(photos) == 1, events[0]
    assert jpeg_size(api_bytes(server, "/api/v1/media/" + photos[0][len("media:"):])) == (1600, 1200)

    close_by_staff(server, case_id)
    browser.get(f"{server}/portal/mine")
    loaded(browser)
    assert browser.find_elements(By.CSS_SELECTOR, f"#my-reports li[data-case-id='{case_id}']")
    assert browser.find_elements(By.CSS_SELECTOR, f"#notifications li[data-case-id='{case_id}']")
    assert browser.find_elements(By.CSS_SELECTOR, f"#followed-list li[data-case-id='{duplicate['id']}']")
    browser.find_element(By.CSS_SELECTOR, f"#my-reports li[data-case-id='{case_id}'] a").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "public-status"))
    loaded(browser)
    assert browser.find_element(By.ID, "public-status").text == "已结案"
    Select(browser.find_element(By.ID, "satisfaction")).select_by_value("satisfied")
    browser.find_element(By.ID, "visit-note").send_keys("处理及时，谢谢")
    browser.find_element(By.CSS_SELECTOR, "form[data-action=visit] button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "act-done"))
    assert not browser.find_elements(By.CSS_SELECTOR, "form[data-action=visit]")
    assert api(server, f"/api/v1/cases/{case_id}").get("satisfaction") == "satisfied"
    screenshot(browser, "portal-case")
    # Signing out forgets the pages the service worker kept of the session.
    assert cached(browser, f"/portal/cases/{case_id}")
    browser.get(f"{server}/portal/mine")
    loaded(browser)
    browser.find_element(By.CSS_SELECTOR, "form[action='/portal/signout'] button").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/portal"))
    loaded(browser)
    assert not cached(browser, f"/portal/cases/{case_id}")
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href='/portal/mine']")


def test_the_english_walk_and_an_anonymous_report(browser, server):
    phone(browser)
    lon, lat = CENTRE[0] + 0.01, CENTRE[1] - 0.01
    report_form_ready(browser, server, lang="en")
    assert browser.execute_script("return document.documentElement.lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Report a problem"
    manifest = browser.execute_script("return document.querySelector('link[rel=manifest]').href")
    assert manifest.endswith("/portal/manifest.webmanifest?lang=en")
    tap_map(browser, "report-map", lon, lat)
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "place-text").get_attribute("data-grid"))
    # The category picker's search finds a class by its English name.
    choose_category(browser, "C0101", search="water manhole")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "body-text").text.startswith("Responsible body: "))
    # The category's own question, asked by the form (the catalogue's attribute), in English.
    question = browser.find_element(By.ID, "q-cover_state")
    assert "What is wrong with the cover? *" in browser.find_element(By.CSS_SELECTOR, "label[for='q-cover_state']").text
    Select(question).select_by_value("missing")
    browser.find_element(By.ID, "description").send_keys("Water manhole cover missing")
    # Without an account, a photo too: it goes with the report, made smaller on the phone.
    photo = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    big_png(photo)
    browser.find_element(By.ID, "photos").send_keys(photo)
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#photo-previews img.thumb"))
    browser.find_element(By.ID, "contact-name").send_keys("Li")
    browser.find_element(By.ID, "contact-phone").send_keys("13700001002")
    case_id, number = submit_report(browser)
    assert browser.find_element(By.ID, "report-done").text.startswith("Reported: case number")
    events = api(server, f"/api/v1/cases/{case_id}/events")
    events = events["events"] if isinstance(events, dict) else events
    photos = [a for a in events[0]["attachments"] if a.startswith("media:")]
    assert events[0]["action"] == "report" and len(photos) == 1, events[0]
    assert jpeg_size(api_bytes(server, "/api/v1/media/" + photos[0][len("media:"):])) == (1600, 1200)
    # This phone follows what it reported, signed in or not: on the home page.
    browser.get(f"{server}/portal?lang=en")
    loaded(browser)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, f"#followed-list li[data-case-id='{case_id}']"))

    value = api(server, f"/api/v1/cases/{case_id}")
    assert value["source"] == "citizen_app" and value["category"] == "C0101"
    # The public view of the case: no contact, no reporter.
    browser.find_element(By.CSS_SELECTOR, f"#followed-list li[data-case-id='{case_id}'] a").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "public-status"))
    loaded(browser)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.ID, "public-status").text == "Received"
    assert "13700001002" not in page and "Li" not in page.split()
    # The public map lists it among the open cases of its category.
    browser.get(f"{server}/portal/map?lang=en&category=C01&status=open")
    loaded(browser)
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        "return document.getElementById('public-map').classList.contains('listed')"))
    assert browser.find_elements(By.CSS_SELECTOR, f"#public-list li[data-case-id='{case_id}']")
    screenshot(browser, "portal-map")


def test_a_closed_report_is_reopened_as_not_fixed(browser, server):
    phone(browser)
    lon, lat = CENTRE[0] - 0.01, CENTRE[1] + 0.01
    register(browser, server, "reopen@example.com", "reopen@example.com", lang="en")
    report_form_ready(browser, server)
    tap_map(browser, "report-map", lon, lat)
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "place-text").get_attribute("data-grid"))
    choose_category(browser, "E0102")
    browser.find_element(By.ID, "description").send_keys("垃圾堆放 piled garbage")
    case_id, _ = submit_report(browser)
    close_by_staff(server, case_id)
    browser.get(f"{server}/portal/cases/{case_id}")
    loaded(browser)
    browser.find_element(By.ID, "reopen-note").send_keys("垃圾又堆起来了 the garbage is back")
    browser.find_element(By.CSS_SELECTOR, "form[data-action=reopen] button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "act-done"))
    assert not browser.find_elements(By.CSS_SELECTOR, "form[data-action=reopen]")
    # The reopened case is a new report of the citizen's, in their list.
    browser.get(f"{server}/portal/mine")
    loaded(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#my-reports li")) == 2


def test_a_report_written_offline_is_kept_as_a_draft_and_sent_after_asking(browser, server):
    phone(browser)
    lon, lat = CENTRE[0] + 0.02, CENTRE[1] + 0.02
    register(browser, server, "13600001003", "+8613600001003")
    report_form_ready(browser, server)
    assert service_worker_scope(browser).endswith("/portal")
    tap_map(browser, "report-map", lon, lat)
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "place-text").get_attribute("data-grid"))
    choose_category(browser, "E0102")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "body-text").get_attribute("data-body"))
    browser.find_element(By.ID, "description").send_keys("离线草稿 written offline")
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "offline-notice").is_displayed())
    button = browser.find_element(By.ID, "submit-report")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "report-done").is_displayed())
    draft = json.loads(browser.execute_script("return localStorage.getItem('cg-portal-draft')"))
    assert draft["category"] == "E0102" and draft["description"] == "离线草稿 written offline"
    # Offline, the shell still opens from the service worker's cache.
    browser.get(f"{server}/portal/report")
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.ID, "report-form"))
    # Back online: the draft is offered, and sent only when the citizen says so.
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    WebDriverWait(browser, 20).until(lambda b: b.find_element(By.ID, "draft-banner").is_displayed())
    assert "离线草稿 written offline" in browser.find_element(By.ID, "draft-summary").text
    browser.find_element(By.ID, "draft-send").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.ID, "reported-case"))
    assert browser.execute_script("return localStorage.getItem('cg-portal-draft')") is None
    case_id = int(browser.find_element(By.ID, "reported-case").get_attribute("href").rsplit("/", 1)[1])
    assert api(server, f"/api/v1/cases/{case_id}")["description"] == "离线草稿 written offline"


def test_every_control_of_the_portal_has_a_label_in_either_language(browser, server):
    from test_accessibility import UNLABELLED_JS
    phone(browser)
    case_id = staff_report(server, CENTRE[0] - 0.02, CENTRE[1] - 0.02, "井盖 cover")["id"]
    for lang in ("zh", "en"):
        for path in ["/portal", "/portal/signin", "/portal/map", f"/portal/cases/{case_id}"]:
            browser.get(f"{server}{path}?lang={lang}")
            loaded(browser)
            assert browser.execute_script(UNLABELLED_JS) == [], path
            assert browser.execute_script("return document.documentElement.lang") == ("zh-CN" if lang == "zh" else "en")
        # The report form with a category's classes and questions open.
        report_form_ready(browser, server, lang=lang)
        choose_category(browser, "C0101")
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "q-cover_state"))
        assert browser.execute_script(UNLABELLED_JS) == []
        # Every category picture is decorative beside its name (alt=""), and every class has one.
        pictures = browser.find_elements(By.CSS_SELECTOR, "#category-majors img")
        assert len(pictures) == 12 and all(p.get_attribute("alt") == "" and p.get_attribute("naturalWidth") != "0" for p in pictures)
