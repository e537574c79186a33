// The command centre's map: every unit grid of the city drawn by Leaflet on a canvas (no tile
// server), coloured by its open cases (none, open, warned, overdue: the legend says it in words and a
// grid's tooltip gives the numbers), and a grid's cases listed beside the map when it is clicked
// (htmx puts the server's list into #grid-cases). No inline script: the pages' CSP forbids it.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const el = document.getElementById("centre-map");
  if (!el || !window.L) return;
  const started = performance.now();
  el.textContent = el.dataset.loading || "";
  const words = (() => {
    const zh = document.documentElement.lang !== "en";
    return zh ? { open: "未结", warned: "预警", overdue: "超时", none: "无未结案件" }
              : { open: "open", warned: "warning", overdue: "overdue", none: "no open case" };
  })();
  const [outlines, status] = await Promise.all([
    fetch(el.dataset.grids, { credentials: "same-origin" }).then((r) => { if (!r.ok) throw new Error("grids " + r.status); return r.json(); }),
    fetch(el.dataset.status, { credentials: "same-origin" }).then((r) => { if (!r.ok) throw new Error("status " + r.status); return r.json(); }),
  ]);
  el.textContent = "";
  const counts = status.grids || {};
  const colour = (c) => !c ? "#cbd5e1" : c[2] > 0 ? "#dc2626" : c[1] > 0 ? "#f59e0b" : "#16a34a";
  const map = L.map(el, { attributionControl: false, preferCanvas: true, zoomSnap: 0.25 });
  const renderer = L.canvas({ padding: 0.2 });
  const layer = L.geoJSON(outlines, {
    renderer,
    style: (feature) => {
      const c = counts[feature.properties.code];
      return { color: "#475569", weight: 0.3, fillColor: colour(c), fillOpacity: c ? 0.75 : 0.25 };
    },
    onEachFeature: (feature, polygon) => {
      const code = feature.properties.code;
      const c = counts[code];
      polygon.bindTooltip(() => code + " · " + (c ? `${words.open} ${c[0]} · ${words.warned} ${c[1]} · ${words.overdue} ${c[2]}` : words.none),
                          { sticky: true });
      polygon.on("click", () => openGrid(code));
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds());

  function openGrid(code) {
    const url = el.dataset.cases + (el.dataset.cases.includes("?") ? "&" : "?") + "region=" + encodeURIComponent(code);
    const region = document.getElementById("region");
    if (region) region.value = code;
    if (window.htmx) {
      htmx.ajax("GET", url, { target: "#grid-cases", swap: "innerHTML" });
    } else {
      window.location.href = "/app/centre?" + url.split("?")[1];
    }
  }

  // For the browser tests and the benchmark: when the map was drawn, in ms after navigation started.
  el.dataset.drawnGrids = String(layer.getLayers().length);
  el.dataset.drawnMs = String(Math.round(performance.now()));
  el.dataset.loadMs = String(Math.round(performance.now() - started));
  el.cityGridMap = map;  // for the browser tests: where a place is on the screen
  el.classList.add("drawn");
});
