// The command centre's map: every unit grid of the city drawn on one canvas over a Leaflet map (no
// tile server), coloured by its open cases (none, open, warning, overdue: the legend says it in
// words, and the tooltip of the grid under the pointer gives the numbers); a grid clicked lists its
// cases beside the map (htmx puts the server's list into #grid-cases). No inline script: the pages'
// CSP forbids it.
//
// Twenty thousand grids as Leaflet polygons take most of a second to build; here the outlines are
// projected once (pixels at zoom 0) and each redraw scales and fills them in one pass, and the grid
// under a point is found by its bounding box, then its ring.
"use strict";

/** Grids as one canvas layer: `grids` is [{code, rings: [[x0, y0, x1, y1, …]], box: [minX, minY, maxX, maxY]}]
 *  in pixels at zoom 0, `fill(code)` the colour of a grid. */
const GridCanvas = L.Layer.extend({
  statics: {
    /** The features of a GeoJSON FeatureCollection of polygons as the layer's grids (every ring
     *  projected once, to pixels at zoom 0, with its box), and their bounds as [[south, west], [north, east]]. */
    project(outlines, crs) {
      let west = 180, east = -180, south = 90, north = -90;
      const grids = outlines.features.map((feature) => {
        const box = [Infinity, Infinity, -Infinity, -Infinity];
        const rings = feature.geometry.coordinates.map((ring) => {
          const flat = new Float64Array(ring.length * 2);
          ring.forEach(([lon, lat], i) => {
            if (lon < west) west = lon; if (lon > east) east = lon; if (lat < south) south = lat; if (lat > north) north = lat;
            const p = crs.latLngToPoint(L.latLng(lat, lon), 0);
            flat[2 * i] = p.x; flat[2 * i + 1] = p.y;
            if (p.x < box[0]) box[0] = p.x; if (p.y < box[1]) box[1] = p.y; if (p.x > box[2]) box[2] = p.x; if (p.y > box[3]) box[3] = p.y;
          });
          return flat;
        });
        return { code: feature.properties.code, rings, box };
      });
      return { grids, bounds: [[south, west], [north, east]] };
    },
  },
  initialize(grids, fill) { this._grids = grids; this._fill = fill; },
  onAdd(map) {
    this._canvas = L.DomUtil.create("canvas", "grid-canvas");
    this._canvas.setAttribute("aria-hidden", "true");
    map.getPanes().overlayPane.appendChild(this._canvas);
    map.on("moveend zoomend resize viewreset", this._draw, this);
    this._draw();
  },
  onRemove(map) {
    map.off("moveend zoomend resize viewreset", this._draw, this);
    this._canvas.remove();
  },
  _draw() {
    const map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1;
    const canvas = this._canvas;
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    canvas.width = size.x * ratio; canvas.height = size.y * ratio;
    canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const k = Math.pow(2, map.getZoom()), origin = map.getPixelBounds().min;
    const minX = origin.x / k, minY = origin.y / k, maxX = (origin.x + size.x) / k, maxY = (origin.y + size.y) / k;
    ctx.lineWidth = k > 4096 ? 0.6 : 0.25;
    ctx.strokeStyle = "#475569";
    for (const grid of this._grids) {
      const b = grid.box;
      if (b[2] < minX || b[0] > maxX || b[3] < minY || b[1] > maxY) continue;
      const [colour, alpha] = this._fill(grid.code);
      ctx.beginPath();
      for (const ring of grid.rings) {
        ctx.moveTo(ring[0] * k - origin.x, ring[1] * k - origin.y);
        for (let i = 2; i < ring.length; i += 2) ctx.lineTo(ring[i] * k - origin.x, ring[i + 1] * k - origin.y);
        ctx.closePath();
      }
      ctx.globalAlpha = alpha;
      ctx.fillStyle = colour;
      ctx.fill("evenodd");
      ctx.globalAlpha = 1;
      ctx.stroke();
    }
  },
  /** The grid at a point in pixels at zoom 0, or null. */
  gridAt(x, y) {
    for (const grid of this._grids) {
      const b = grid.box;
      if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
      let inside = false;
      for (const ring of grid.rings) {
        for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
          const xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
          if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
      if (inside) return grid;
    }
    return null;
  },
});

document.addEventListener("DOMContentLoaded", async () => {
  const el = document.getElementById("centre-map");
  if (!el || !window.L) return;
  const started = performance.now();
  el.textContent = el.dataset.loading || "";
  const zh = document.documentElement.lang !== "en";
  const words = zh ? { open: "未结", warned: "预警", overdue: "超时", none: "无未结案件" }
                   : { open: "open", warned: "warning", overdue: "overdue", none: "no open case" };
  const [outlines, status] = await Promise.all([
    fetch(el.dataset.grids, { credentials: "same-origin" }).then((r) => { if (!r.ok) throw new Error("grids " + r.status); return r.json(); }),
    fetch(el.dataset.status, { credentials: "same-origin" }).then((r) => { if (!r.ok) throw new Error("status " + r.status); return r.json(); }),
  ]);
  const fetched = performance.now();
  el.textContent = "";
  const counts = status.grids || {};
  const map = L.map(el, { attributionControl: false, zoomAnimation: false, zoomSnap: 0.25 });
  const { grids, bounds } = GridCanvas.project(outlines, map.options.crs);
  const crs = map.options.crs;
  const fill = (code) => {
    const c = counts[code];
    return !c ? ["#cbd5e1", 0.25] : c[2] > 0 ? ["#dc2626", 0.75] : c[1] > 0 ? ["#f59e0b", 0.75] : ["#16a34a", 0.75];
  };
  const layer = new GridCanvas(grids, fill);
  map.fitBounds(bounds);
  layer.addTo(map);

  const zeroPixel = (latlng) => crs.latLngToPoint(latlng, 0);
  const tooltip = L.tooltip({ sticky: true });
  map.on("mousemove", (event) => {
    const p = zeroPixel(event.latlng), grid = layer.gridAt(p.x, p.y);
    if (!grid) { map.closeTooltip(tooltip); return; }
    const c = counts[grid.code];
    tooltip.setLatLng(event.latlng).setContent(grid.code + " · " + (c ? `${words.open} ${c[0]} · ${words.warned} ${c[1]} · ${words.overdue} ${c[2]}` : words.none));
    if (!map.hasLayer(tooltip)) tooltip.addTo(map);
  });
  map.on("mouseout", () => map.closeTooltip(tooltip));
  map.on("click", (event) => {
    const p = zeroPixel(event.latlng), grid = layer.gridAt(p.x, p.y);
    if (grid) openGrid(grid.code);
  });

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
  el.dataset.drawnGrids = String(grids.length);
  el.dataset.drawnMs = String(Math.round(performance.now()));
  el.dataset.loadMs = String(Math.round(performance.now() - started));
  el.dataset.fetchMs = String(Math.round(fetched - started));
  el.cityGridMap = map;  // for the browser tests: where a place is on the screen
  el.classList.add("drawn");
});
