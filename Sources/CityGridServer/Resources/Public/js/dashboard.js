// CityGrid's dashboards (the evaluation dashboard and the command centre's wall): the hot-spot map
// drawn by Leaflet with no tile server (on the command centre's canvas layer, GridCanvas of js/centre.js,
// which the pages load before this file), and the rule-file picker. No inline script: the pages' CSP
// allows scripts from this server only. Texts come from the page (data attributes), never as HTML.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A city's rule file chosen on disk is read into the form's text area (then posted as text).
  const pick = document.getElementById("rule-file-pick");
  const text = document.getElementById("rules_file");
  if (pick && text) {
    pick.addEventListener("change", () => {
      const file = pick.files && pick.files[0];
      if (file) file.text().then((content) => { text.value = content; });
    });
  }

  // The hot-spot map: every grid of the geometry, filled by its Gi* class from the compact
  // classes answer ({"grid code": class}; a grid left out is not significant). The legend and the
  // table beside the map say the same in words.
  const el = document.getElementById("hotspot-map");
  if (!el || !window.L || typeof GridCanvas === "undefined") return;
  const colours = { "3": "#b2182b", "2": "#ef8a62", "1": "#fddbc7", "0": "#e5e7eb", "-1": "#d1e5f0", "-2": "#67a9cf", "-3": "#2166ac" };
  const labels = JSON.parse(el.dataset.labels || "{}");
  const map = L.map(el, { attributionControl: false, zoomAnimation: false, scrollWheelZoom: false, zoomSnap: 0.25 });
  map.setView([39.9, 116.4], 10);
  const json = (url) => fetch(url, { credentials: "same-origin" }).then((answer) => {
    if (!answer.ok) throw new Error(url + ": " + answer.status);
    return answer.json();
  });
  const popup = (code, klass) => {
    const box = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = code;
    const word = document.createElement("div");
    word.textContent = labels[klass] || klass;
    const link = document.createElement("a");
    link.href = el.dataset.explain + "&code=" + encodeURIComponent(code);
    link.textContent = el.dataset.figures;
    box.append(title, word, link);
    return box;
  };
  const started = performance.now();
  Promise.all([json(el.dataset.classes), json(el.dataset.grids)]).then(([classes, outlines]) => {
    // The command centre's canvas layer (js/centre.js, loaded before this file): every ring
    // projected once, each redraw one pass; the grid under a point found by box, then ring.
    const crs = map.options.crs;
    const { grids, bounds } = GridCanvas.project(outlines, crs);
    const significant = grids.filter((grid) => classes[grid.code]).length;
    const klass = (code) => String(classes[code] || 0);
    const fill = (code) => { const c = klass(code); return [colours[c] || colours["0"], c === "0" ? 0.3 : 0.85]; };
    const layer = new GridCanvas(grids, fill);
    if (grids.length > 0) map.fitBounds(bounds, { padding: [8, 8] });
    layer.addTo(map);
    const at = (latlng) => { const p = crs.latLngToPoint(latlng, 0); return layer.gridAt(p.x, p.y); };
    const tooltip = L.tooltip({ sticky: true });
    map.on("mousemove", (event) => {
      const grid = at(event.latlng);
      if (!grid) { map.closeTooltip(tooltip); return; }
      tooltip.setLatLng(event.latlng).setContent(grid.code + " · " + (labels[klass(grid.code)] || klass(grid.code)));
      if (!map.hasLayer(tooltip)) tooltip.addTo(map);
    });
    map.on("mouseout", () => map.closeTooltip(tooltip));
    map.on("click", (event) => {
      const grid = at(event.latlng);
      if (grid) L.popup().setLatLng(event.latlng).setContent(popup(grid.code, klass(grid.code))).openOn(map);
    });
    // For the browser tests and the benchmark.
    el.dataset.drawn = String(grids.length);
    el.dataset.significant = String(significant);
    el.dataset.loadMs = String(Math.round(performance.now() - started));
    el.dataset.drawnMs = String(Math.round(performance.now()));  // after navigation started
    el.cityGridMap = map;
  }).catch((error) => {
    el.dataset.error = String(error);
  });
});
