// The citizen portal (市民门户): the service worker's registration, the offline notice, the report
// page (map, category picker, place and responsible body, likely duplicates, photos made smaller in
// the browser, a draft kept while offline), the public map, a case's map, and the cases this device
// follows. No inline script and no eval: the pages' CSP allows scripts from this server only. Every
// value from the server is set as text, never as HTML.
"use strict";

const Portal = (() => {
  const zh = document.documentElement.lang !== "en";
  const DRAFT_KEY = "cg-portal-draft";
  const FOLLOWED_KEY = "cg-portal-followed";
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');

  /** The text of a LocalizedText-like {zh, en} pair in the page's language. */
  const text = (pair) => (pair ? (zh ? pair.zh : pair.en) : "");

  /** The refusal's message in the page's language, from the API's error body. */
  const refusal = (body, status) => (body && body.error ? (zh ? body.error.message_zh : body.error.message) : "HTTP " + status);

  /** The token to send with a change: asked of the server again (a page from the service worker's
   *  cache may hold an old one), else the page's own. */
  async function freshToken() {
    try {
      const answer = await fetch("/portal/session.json", { credentials: "same-origin", cache: "no-store" });
      if (answer.ok) {
        const session = await answer.json();
        if (csrfMeta) csrfMeta.content = session.csrf;
        return session.csrf;
      }
    } catch (_) { /* offline: the page's own token */ }
    return csrfMeta ? csrfMeta.content : "";
  }

  function readJSON(key, fallback) {
    try { const value = JSON.parse(localStorage.getItem(key) || "null"); return value === null ? fallback : value; } catch (_) { return fallback; }
  }

  /** The cases this device follows: [{id, number}], newest first. */
  const followed = () => readJSON(FOLLOWED_KEY, []);
  function follow(id, number) {
    const list = followed().filter((c) => c.id !== id);
    list.unshift({ id, number });
    localStorage.setItem(FOLLOWED_KEY, JSON.stringify(list.slice(0, 100)));
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "class") node.className = value; else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  return { zh, DRAFT_KEY, text, refusal, freshToken, readJSON, followed, follow, el };
})();

// The app shell: the service worker (scope /portal) and the offline notice.
document.addEventListener("DOMContentLoaded", () => {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/portal/sw.js", { scope: "/portal" }).then(
      () => { document.documentElement.dataset.serviceWorker = "registered"; },
      (error) => { document.documentElement.dataset.serviceWorker = "failed: " + error.message; });
  }
  // Signing out forgets the pages this device kept of the citizen's session (a shared phone).
  for (const form of document.querySelectorAll('form[action="/portal/signout"]')) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared || !window.caches) return;
      event.preventDefault();
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith("citygrid-portal-")).map((name) => caches.delete(name)));
      form.dataset.cleared = "1";
      form.submit();
    });
  }
  const notice = document.getElementById("offline-notice");
  const show = () => { if (notice) notice.hidden = navigator.onLine; };
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
  show();
});

/** A Leaflet map of the city's grids (no tile server), from GridCanvas of centre.js: the outlines
 *  in light grey, `highlight(code)` outlining one grid. Resolves to {map, layer, crs} once drawn. */
async function portalGridMap(element, { fill } = {}) {
  const map = L.map(element, { attributionControl: false, zoomSnap: 0.25, zoomAnimation: false });
  const answer = await fetch(element.dataset.grids, { credentials: "same-origin" });
  if (!answer.ok) throw new Error("grids " + answer.status);
  const outlines = await answer.json();
  const { grids, bounds } = GridCanvas.project(outlines, map.options.crs);
  const layer = new GridCanvas(grids, fill || (() => ["#e2e8f0", 0.35]));
  map.fitBounds(bounds);
  layer.addTo(map);
  element.cityGridMap = map; // for the browser tests: where a place is on the screen
  element.classList.add("drawn");
  return { map, layer, crs: map.options.crs, byCode: new Map(grids.map((g) => [g.code, g])) };
}

// The report page.
document.addEventListener("DOMContentLoaded", async () => {
  const form = document.getElementById("report-form");
  if (!form || !window.L) return;
  const { zh, text, refusal, el } = Portal;
  const words = JSON.parse(form.dataset.words || "{}");
  const signedIn = form.dataset.signedIn === "true";
  const placeText = document.getElementById("place-text");
  const bodyText = document.getElementById("body-text");
  const lonInput = document.getElementById("lon"), latInput = document.getElementById("lat");
  const categoryInput = document.getElementById("category");
  const errorBox = document.getElementById("report-error"), doneBox = document.getElementById("report-done");
  const photos = []; // {blob, dataURL, width, height}

  const showError = (message) => {
    errorBox.textContent = message;
    errorBox.hidden = !message;
    if (message) errorBox.scrollIntoView({ block: "center" });
  };

  // The category picker: the catalogue's major classes with their pictures, the minor classes of
  // the one chosen (or of every class matching the search) as radio buttons.
  const majorsBox = document.getElementById("category-majors"), minorsBox = document.getElementById("category-minors");
  const search = document.getElementById("category-search");
  let catalogue = { majors: [], minors: [] };
  let openMajor = null;
  const majorKey = (m) => (m.kind === "component" ? "C" : "E") + m.code;
  const minorCode = (m) => (m.kind === "component" ? "C" : "E") + m.major + m.code;
  const icon = (key) => el("img", { src: "/assets/portal/categories/" + key + ".svg", alt: "", width: "32", height: "32" });
  function drawMinors() {
    const query = search.value.trim().toLowerCase();
    minorsBox.textContent = "";
    const shown = catalogue.minors.filter((m) => query
      ? (m.name_zh + " " + m.name_en + " " + minorCode(m)).toLowerCase().includes(query)
      : openMajor !== null && (m.kind === "component" ? "C" : "E") + m.major === openMajor);
    for (const m of shown.slice(0, 60)) {
      const code = minorCode(m);
      const input = el("input", { type: "radio", name: "category-choice", id: "cat-" + code, value: code });
      if (categoryInput.value === code) input.checked = true;
      input.addEventListener("change", () => chooseCategory(code));
      minorsBox.append(el("div", { class: "minor" }, input,
        el("label", { for: "cat-" + code }, icon(code.slice(0, 3)), " " + (zh ? m.name_zh : m.name_en) + " ", el("small", {}, code))));
    }
  }
  try {
    const answer = await fetch("/api/v1/catalogue", { credentials: "same-origin" });
    catalogue = await answer.json();
    for (const major of catalogue.majors) {
      const key = majorKey(major);
      const button = el("button", { type: "button", class: "major", "data-major": key, "aria-pressed": "false" },
        icon(key), el("span", {}, zh ? major.name_zh : major.name_en));
      button.addEventListener("click", () => {
        openMajor = openMajor === key ? null : key;
        for (const b of majorsBox.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.major === openMajor));
        search.value = "";
        drawMinors();
      });
      majorsBox.append(el("div", { role: "listitem" }, button));
    }
  } catch (error) {
    showError(String(error));
  }
  search.addEventListener("input", drawMinors);

  // The map: tap a place (or use the phone's location); the place's grid and regions, and the
  // responsible body once a category is chosen.
  const mapElement = document.getElementById("report-map");
  let marker = null, outline = null, grid = null;
  const { map, crs, byCode } = await portalGridMap(mapElement);
  map.on("click", (event) => choosePlace(event.latlng.lat, event.latlng.lng));
  document.getElementById("locate").addEventListener("click", () => {
    if (!navigator.geolocation) { showError(zh ? "此浏览器无法定位" : "This browser cannot locate you"); return; }
    navigator.geolocation.getCurrentPosition(
      (position) => { choosePlace(position.coords.latitude, position.coords.longitude); map.setView([position.coords.latitude, position.coords.longitude], 17); },
      (error) => showError((zh ? "无法获取位置：" : "No location: ") + error.message),
      { enableHighAccuracy: true, timeout: 15000 });
  });

  async function choosePlace(lat, lon) {
    showError("");
    lonInput.value = lon.toFixed(7);
    latInput.value = lat.toFixed(7);
    if (marker) marker.setLatLng([lat, lon]); else marker = L.circleMarker([lat, lon], { radius: 8, color: "#7f1d1d", fillColor: "#dc2626", fillOpacity: 0.9 }).addTo(map);
    await describePlace();
  }

  /** Outlines the grid the server placed the point in (a point on a shared edge belongs to one grid, by the city's rule). */
  function outlineGrid(code) {
    if (outline) { outline.remove(); outline = null; }
    const found = code && byCode.get(code);
    if (!found) return;
    const ring = found.rings[0], points = [];
    for (let i = 0; i < ring.length; i += 2) points.push(crs.pointToLatLng(L.point(ring[i], ring[i + 1]), 0));
    outline = L.polygon(points, { color: "#0b5cad", weight: 3, fillOpacity: 0.1, interactive: false }).addTo(map);
  }

  async function describePlace() {
    if (!lonInput.value) return;
    const query = new URLSearchParams({ lon: lonInput.value, lat: latInput.value });
    if (categoryInput.value) query.set("category", categoryInput.value);
    try {
      const answer = await fetch("/portal/place.json?" + query, { credentials: "same-origin" });
      const body = await answer.json();
      if (!answer.ok) { grid = null; outlineGrid(null); placeText.textContent = refusal(body, answer.status); bodyText.textContent = ""; return; }
      grid = body.grid.code;
      outlineGrid(grid);
      placeText.textContent = [body.district, body.subdistrict, body.community].map((l) => text(l.name)).join(" › ")
        + " › " + words.grid + " " + body.grid.code;
      placeText.dataset.grid = body.grid.code;
      bodyText.textContent = categoryInput.value ? words.body + (zh ? "：" : ": ") + (body.body ? text(body.body.name) : words.noBody) : "";
      if (body.body) bodyText.dataset.body = body.body.code; else delete bodyText.dataset.body;
    } catch (_) {
      placeText.textContent = lonInput.value + ", " + latInput.value; // offline: the point alone
    }
    await showDuplicates();
  }

  function chooseCategory(code) {
    categoryInput.value = code;
    drawQuestions(code);
    describePlace();
  }

  // The category's questions (Open311's attributes), asked as the catalogue gives them.
  const questionsBox = document.getElementById("category-questions");
  function drawQuestions(code) {
    questionsBox.textContent = "";
    const minor = catalogue.minors.find((m) => minorCode(m) === code);
    for (const q of (minor && minor.questions) || []) {
      const id = "q-" + q.code, label = (zh ? q.label_zh : q.label_en) + (q.required ? " *" : "");
      const wrapper = el("div", { class: "question", "data-question": q.code, "data-datatype": q.datatype });
      if (q.datatype === "multivaluelist") {
        const set = el("fieldset", {}, el("legend", {}, label));
        q.choices.forEach((c, i) => set.append(el("div", { class: "minor" }, el("input", { type: "checkbox", id: id + "-" + i, value: c.key }),
          el("label", { for: id + "-" + i }, zh ? c.name_zh : c.name_en))));
        wrapper.append(set);
      } else {
        let input;
        if (q.datatype === "singlevaluelist") {
          input = el("select", { id }, el("option", { value: "" }, "—"));
          for (const c of q.choices) input.append(el("option", { value: c.key }, zh ? c.name_zh : c.name_en));
        } else if (q.datatype === "text") {
          input = el("textarea", { id, rows: "2", maxlength: "1000" });
        } else {
          input = el("input", { id, type: q.datatype === "number" ? "number" : q.datatype === "datetime" ? "datetime-local" : "text", maxlength: "1000" });
        }
        if (q.required) input.setAttribute("required", "");
        wrapper.append(el("label", { for: id }, label), input);
      }
      const hint = zh ? q.hint_zh : q.hint_en;
      if (hint) wrapper.append(el("p", { class: "hint" }, hint));
      questionsBox.append(wrapper);
    }
  }
  function answers() {
    const result = {};
    for (const wrapper of questionsBox.querySelectorAll(".question")) {
      let values;
      if (wrapper.dataset.datatype === "multivaluelist") {
        values = Array.from(wrapper.querySelectorAll("input:checked"), (i) => i.value);
      } else {
        const value = wrapper.querySelector("input, select, textarea").value.trim();
        values = !value ? [] : wrapper.dataset.datatype === "datetime" ? [new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z")] : [value];
      }
      if (values.length) result[wrapper.dataset.question] = values;
    }
    return result;
  }

  // Likely duplicates: open cases of the category near the place, each with a follow button.
  const duplicates = document.getElementById("duplicates"), duplicateList = document.getElementById("duplicate-list");
  async function showDuplicates() {
    duplicateList.textContent = "";
    duplicates.hidden = true;
    if (!lonInput.value || !categoryInput.value) return;
    const query = new URLSearchParams({ lon: lonInput.value, lat: latInput.value, category: categoryInput.value });
    let list;
    try {
      const answer = await fetch("/portal/nearby.json?" + query, { credentials: "same-origin" });
      if (!answer.ok) return;
      list = (await answer.json()).cases;
    } catch (_) { return; }
    for (const c of list) {
      const button = el("button", { type: "button", class: "secondary follow", "data-case-id": String(c.id) }, words.follow);
      if (Portal.followed().some((f) => f.id === c.id)) { button.textContent = words.following; button.disabled = true; }
      button.addEventListener("click", () => {
        Portal.follow(c.id, c.number);
        button.textContent = words.following;
        button.disabled = true;
      });
      duplicateList.append(el("li", { "data-case-id": String(c.id) },
        el("a", { href: "/portal/cases/" + encodeURIComponent(c.id) }, c.number), " " + text(c.category_name) + " · " + text(c.status)
        + " · " + c.distance_m + " m" + (c.description ? " · " + c.description : ""), " ", button));
    }
    duplicates.hidden = list.length === 0;
  }

  // Photos: each made smaller here (longest side at most 1600 px, JPEG) before anything is sent.
  const photoInput = document.getElementById("photos"), previews = document.getElementById("photo-previews");
  if (photoInput) {
    photoInput.addEventListener("change", async () => {
      for (const file of photoInput.files) {
        try {
          const photo = await PortalPhotos.shrink(file, 1600);
          photos.push(photo);
          const thumb = el("img", { src: photo.thumbnail, alt: file.name, class: "thumb", "data-width": String(photo.width), "data-height": String(photo.height), "data-bytes": String(photo.blob.size) });
          previews.append(thumb);
        } catch (error) {
          showError((zh ? "无法读取照片：" : "Cannot read the photo: ") + file.name);
        }
      }
      photoInput.value = "";
    });
  }

  // Sending: the report and its photos in one request. Offline, or when the
  // network fails, the report is kept as a draft on the device and offered again when back online.
  const field = (name) => { const f = form.elements[name]; return f ? f.value.trim() : ""; };
  function currentReport() {
    return {
      category: categoryInput.value, lon: parseFloat(lonInput.value), lat: parseFloat(latInput.value), description: field("description"),
      answers: answers(),
      contact: signedIn ? null : { name: field("contact_name"), phone: field("contact_phone"), email: field("contact_email") },
      photos: photos.map((p) => p.dataURL), savedAt: new Date().toISOString(), place: placeText.textContent,
    };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError("");
    const report = currentReport();
    if (!report.category) { showError(zh ? "请选择问题类别" : "Choose what kind of problem it is"); return; }
    if (!Number.isFinite(report.lon)) { showError(zh ? "请在地图上选择位置" : "Choose the place on the map"); return; }
    await send(report, true);
  });

  async function send(report, keepDraftOnFailure) {
    const button = document.getElementById("submit-report");
    button.disabled = true;
    try {
      if (!navigator.onLine) throw new TypeError("offline");
      const answer = await PortalReports.send(report);
      if (!answer.ok) { showError(refusal(answer.body, answer.status)); return false; }
      localStorage.removeItem(Portal.DRAFT_KEY);
      Portal.follow(answer.body.id, answer.body.number);
      doneBox.textContent = "";
      doneBox.append(words.reported + " ", el("a", { href: "/portal/cases/" + encodeURIComponent(answer.body.id), id: "reported-case" }, answer.body.number));
      doneBox.hidden = false;
      doneBox.scrollIntoView({ block: "center" });
      document.getElementById("draft-banner").hidden = true;
      return true;
    } catch (error) {
      if (keepDraftOnFailure) {
        PortalReports.saveDraft(report);
        doneBox.textContent = words.draftSaved;
        doneBox.hidden = false;
        doneBox.scrollIntoView({ block: "center" });
      } else {
        showError(String(error.message || error));
      }
      return false;
    } finally {
      button.disabled = false;
    }
  }

  // A draft kept earlier: offered (with what it says) when the page opens online or the network comes back.
  const banner = document.getElementById("draft-banner");
  function offerDraft() {
    const draft = Portal.readJSON(Portal.DRAFT_KEY, null);
    if (!draft || !navigator.onLine) return;
    document.getElementById("draft-summary").textContent = draft.savedAt.replace("T", " ").slice(0, 16) + " · " + draft.category + " · " + (draft.place || "") + (draft.description ? " · " + draft.description : "");
    banner.hidden = false;
  }
  document.getElementById("draft-send").addEventListener("click", async () => {
    const draft = Portal.readJSON(Portal.DRAFT_KEY, null);
    if (draft) await send(draft, false);
  });
  document.getElementById("draft-discard").addEventListener("click", () => {
    localStorage.removeItem(Portal.DRAFT_KEY);
    banner.hidden = true;
  });
  window.addEventListener("online", offerDraft);
  offerDraft();
  form.dataset.ready = "true";
});

/** Photos made smaller in the browser: drawn on a canvas with the longest side at most `limit` px,
 *  as JPEG, with a small thumbnail (a data: URL, which the CSP allows for images). */
const PortalPhotos = {
  async shrink(file, limit) {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, limit / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale)), height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement("canvas");
    canvas.width = width; canvas.height = height;
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // JPEG has no transparency: white behind a PNG's clear parts
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob"))), "image/jpeg", 0.85));
    const dataURL = await new Promise((resolve) => { const reader = new FileReader(); reader.onload = () => resolve(reader.result); reader.readAsDataURL(blob); });
    const thumbScale = Math.min(1, 160 / Math.max(width, height));
    const thumb = document.createElement("canvas");
    thumb.width = Math.max(1, Math.round(width * thumbScale)); thumb.height = Math.max(1, Math.round(height * thumbScale));
    thumb.getContext("2d").drawImage(canvas, 0, 0, thumb.width, thumb.height);
    return { blob, dataURL, width, height, thumbnail: thumb.toDataURL("image/jpeg", 0.7) };
  },

  /** A data: URL back to its bytes (a draft's photos are kept as data: URLs). */
  async blob(dataURL) {
    const [head, data] = dataURL.split(",");
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    return new Blob([bytes], { type: head.slice(5).split(";")[0] });
  },
};

/** Sending a report and keeping drafts. */
const PortalReports = {
  /** Sends the report with its photos in one request (multipart: the report as JSON, the photos
   *  as `media` files); {ok, status, body}. Throws on a network failure. */
  async send(report) {
    const token = await Portal.freshToken();
    const payload = { category: report.category, location: { lon: report.lon, lat: report.lat }, description: report.description, answers: report.answers || {},
                      contact: report.contact, device_id: PortalReports.deviceID() };
    const form = new FormData();
    form.append("report", JSON.stringify(payload));
    let index = 0;
    for (const dataURL of report.photos || []) {
      index += 1;
      form.append("media", await PortalPhotos.blob(dataURL), `photo-${index}.jpg`);
    }
    const answer = await fetch("/portal/report", { method: "POST", credentials: "same-origin", body: form, headers: { "X-CSRF-Token": token } });
    return { ok: answer.ok, status: answer.status, body: await answer.json() };
  },

  /** Keeps `report` on the device; without its photos when they do not fit. */
  saveDraft(report) {
    try {
      localStorage.setItem(Portal.DRAFT_KEY, JSON.stringify(report));
    } catch (_) {
      localStorage.setItem(Portal.DRAFT_KEY, JSON.stringify({ ...report, photos: [] }));
    }
  },

  /** A random id of this device, kept, so an anonymous reporter's return visit finds their reports. */
  deviceID() {
    let id = localStorage.getItem("cg-portal-device");
    if (!id) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      localStorage.setItem("cg-portal-device", id);
    }
    return id;
  },
};

// A case page's map: the place, and its grid's outline.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("portal-case-map");
  if (!element || !window.L) return;
  const lon = parseFloat(element.dataset.lon), lat = parseFloat(element.dataset.lat);
  const map = L.map(element, { attributionControl: false, scrollWheelZoom: false }).setView([lat, lon], 17);
  const ring = JSON.parse(element.dataset.grid || "[]");
  if (ring.length > 2) {
    const grid = L.polygon(ring.map(([x, y]) => [y, x]), { color: "#0b5cad", weight: 2, fillOpacity: 0.08 }).addTo(map);
    map.fitBounds(grid.getBounds(), { padding: [24, 24] });
  }
  L.circleMarker([lat, lon], { radius: 7, color: "#7f1d1d", fillColor: "#dc2626", fillOpacity: 0.9 }).addTo(map);
  // The follow button of a case page.
});

// The case page's follow button, and the cases this device follows on "My reports".
document.addEventListener("DOMContentLoaded", () => {
  const { el } = Portal;
  for (const button of document.querySelectorAll("button.follow[data-case-id]")) {
    if (button.closest("#duplicate-list")) continue;
    const id = Number(button.dataset.caseId);
    const mark = () => { button.textContent = button.dataset.following; button.disabled = true; };
    if (Portal.followed().some((c) => c.id === id)) mark();
    button.addEventListener("click", () => { Portal.follow(id, button.dataset.number); mark(); });
  }
  const list = document.getElementById("followed-list");
  if (list) {
    for (const c of Portal.followed()) {
      list.append(el("li", { "data-case-id": String(c.id) }, el("a", { href: "/portal/cases/" + encodeURIComponent(c.id) }, c.number)));
    }
    document.getElementById("followed").hidden = list.children.length === 0;
  }
});

// The public map: cases by area, category and status as coloured points; a point opens its case.
document.addEventListener("DOMContentLoaded", async () => {
  const element = document.getElementById("public-map");
  if (!element || !window.L) return;
  const { text, el } = Portal;
  const { map } = await portalGridMap(element);
  const points = L.layerGroup().addTo(map);
  const list = document.getElementById("public-list");
  const answer = await fetch(element.dataset.source, { credentials: "same-origin" });
  const body = await answer.json();
  if (!answer.ok) { list.append(el("li", {}, Portal.refusal(body, answer.status))); return; }
  const bounds = [];
  for (const c of body.cases) {
    const closed = c.status === "closed";
    const point = L.circleMarker([c.lat, c.lon], { radius: 6, color: closed ? "#166534" : "#9a3412", fillColor: closed ? "#16a34a" : "#f97316", fillOpacity: 0.85 });
    const link = el("a", { href: "/portal/cases/" + encodeURIComponent(c.id) }, c.number);
    point.bindPopup(() => el("span", {}, link.cloneNode(true), " " + text(c.category_name) + " · " + text(c.status_label)));
    point.addTo(points);
    bounds.push([c.lat, c.lon]);
    list.append(el("li", { "data-case-id": String(c.id) }, link, " " + text(c.category_name) + " · " + text(c.status_label) + " · " + c.place));
  }
  if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  element.dataset.cases = String(body.cases.length);
  element.classList.add("listed");
});
