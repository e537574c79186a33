// CityGrid's dashboards (the evaluation dashboard and the command centre's wall): the hot-spot map
// drawn by Leaflet with no tile server, and the rule-file picker. No inline script: the pages' CSP
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
  if (!el || !window.L) return;
  const colours = { "3": "#b2182b", "2": "#ef8a62", "1": "#fddbc7", "0": "#e5e7eb", "-1": "#d1e5f0", "-2": "#67a9cf", "-3": "#2166ac" };
  const labels = JSON.parse(el.dataset.labels || "{}");
  const map = L.map(el, { attributionControl: false, preferCanvas: true, scrollWheelZoom: false, zoomSnap: 0.25 });
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
  Promise.all([json(el.dataset.classes), json(el.dataset.grids)]).then(([classes, grids]) => {
    let drawn = 0, significant = 0;
    const layer = L.geoJSON(grids, {
      style: (feature) => {
        const klass = String(classes[feature.properties.code] || 0);
        return { color: klass === "0" ? "#9ca3af" : "#374151", weight: klass === "0" ? 0.2 : 0.6, fillColor: colours[klass] || colours["0"],
                 fillOpacity: klass === "0" ? 0.3 : 0.85 };
      },
      onEachFeature: (feature, shape) => {
        drawn += 1;
        const code = feature.properties.code;
        const klass = String(classes[code] || 0);
        if (klass !== "0") significant += 1;
        shape.on("click", (event) => { L.popup().setLatLng(event.latlng).setContent(popup(code, klass)).openOn(map); });
      },
    }).addTo(map);
    if (drawn > 0) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    el.dataset.drawn = String(drawn);
    el.dataset.significant = String(significant);
  }).catch((error) => {
    el.dataset.error = String(error);
  });
});
