// CityGrid's pages: small enhancements over server-rendered HTML (no inline script: the pages' CSP
// allows scripts from this server only).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Evidence photos: a file chosen in an action's form is uploaded first (POST /api/v1/media with the
  // session's CSRF token), then named in the form's `attachments`, and the form is sent.
  const csrf = document.querySelector('meta[name="csrf-token"]');
  for (const form of document.querySelectorAll("form.action")) {
    const file = form.querySelector("input.evidence");
    if (!file || !csrf) continue;
    form.addEventListener("submit", async (event) => {
      if (!file.files.length || form.dataset.uploaded) return;
      event.preventDefault();
      const answer = await fetch("/api/v1/media", { method: "POST", body: file.files[0], credentials: "same-origin",
                                                     headers: { "X-CSRF-Token": csrf.content } });
      const body = await answer.json();
      if (!answer.ok) { alert(body.error ? body.error.message_zh + "\n" + body.error.message : answer.status); return; }
      form.querySelector('input[name="attachments"]').value = body.attachment;
      form.dataset.uploaded = "1";
      form.requestSubmit();
    });
  }

  // The live queue: server-sent events from /app/live, each case put at the top of the list (its
  // values set as text, never as HTML), the newest 50 kept.
  const queue = document.getElementById("live-queue");
  if (queue && window.EventSource) {
    const list = queue.querySelector("ol.live");
    const source = new EventSource(queue.dataset.source);
    source.addEventListener("case", (event) => {
      const item = JSON.parse(event.data);
      const li = document.createElement("li");
      li.dataset.caseId = String(item.id);
      const light = document.createElement("span");
      light.className = "light " + item.alert_class;
      light.textContent = item.alert;
      const link = document.createElement("a");
      link.href = "/app/cases/" + encodeURIComponent(item.id);
      link.textContent = item.number;
      li.append(light, " ", link, " " + item.category + " · " + item.state + " · " + item.reported);
      list.prepend(li);
      while (list.children.length > 50) list.lastElementChild.remove();
    });
    window.addEventListener("pagehide", () => source.close());
  }

  // The case map: the case's place and its unit grid, drawn by Leaflet with no tile server.
  const el = document.getElementById("case-map");
  if (el && window.L) {
    const lon = parseFloat(el.dataset.lon), lat = parseFloat(el.dataset.lat);
    const map = L.map(el, { attributionControl: false, scrollWheelZoom: false }).setView([lat, lon], 17);
    const ring = JSON.parse(el.dataset.grid || "[]");
    if (ring.length > 2) {
      const grid = L.polygon(ring.map(([x, y]) => [y, x]), { color: "#0b5cad", weight: 2, fillOpacity: 0.08 }).addTo(map);
      map.fitBounds(grid.getBounds(), { padding: [24, 24] });
    }
    L.circleMarker([lat, lon], { radius: 7, color: "#7f1d1d", fillColor: "#dc2626", fillOpacity: 0.9 }).addTo(map);
  }
});
