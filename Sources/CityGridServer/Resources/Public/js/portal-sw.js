// The citizen portal's service worker (scope /portal): the app shell (the portal's pages, script,
// style, icons, Leaflet, the catalogue and the grid outlines) is cached, so the portal opens and a
// report can be written offline; the report page keeps it as a draft in localStorage until the
// citizen sends it. Pages and data are asked of the network first and answered from the cache only
// when the network fails; changes (POST) are never cached nor replayed here: the page asks the
// citizen before sending a draft.
"use strict";
const CACHE = "citygrid-portal-v1";
const SHELL = [
  "/portal", "/portal/report", "/portal/map",
  "/assets/css/portal.css", "/assets/js/portal.js", "/assets/js/centre.js",
  "/assets/vendor/leaflet/leaflet.js", "/assets/vendor/leaflet/leaflet.css",
  "/assets/portal/icon.svg", "/assets/portal/icon-192.png", "/assets/portal/icon-512.png",
  "/api/v1/catalogue",
  "/assets/portal/categories/C01.svg", "/assets/portal/categories/C02.svg", "/assets/portal/categories/C03.svg",
  "/assets/portal/categories/C04.svg", "/assets/portal/categories/C05.svg", "/assets/portal/categories/C06.svg",
  "/assets/portal/categories/E01.svg", "/assets/portal/categories/E02.svg", "/assets/portal/categories/E03.svg",
  "/assets/portal/categories/E04.svg", "/assets/portal/categories/E05.svg", "/assets/portal/categories/E06.svg",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith("citygrid-portal-") && name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

/** What the cache may answer when the network does not: the shell's files, the grid outlines, and
 *  the portal's pages (case pages included, as last seen). Personal answers (session, notifications) never. */
function cacheable(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname === "/portal/session.json" || url.pathname === "/portal/mine" || url.pathname.startsWith("/portal/nearby") || url.pathname.startsWith("/portal/place")) return false;
  return url.pathname.startsWith("/portal") || url.pathname.startsWith("/assets/") || url.pathname === "/api/v1/catalogue";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!cacheable(url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const answer = await fetch(request);
      // The signed-in pages are the citizen's own: kept for their eyes on this device only, as the browser keeps them.
      if (answer.ok && answer.type === "basic") await cache.put(request, answer.clone());
      return answer;
    } catch (error) {
      const kept = await cache.match(request, { ignoreSearch: request.mode === "navigate" }) || (request.mode === "navigate" ? await cache.match("/portal/report") : undefined);
      if (kept) return kept;
      throw error;
    }
  })());
});
