// The workbench's "near me" (离我最近): the browser's location, asked for only when the button is
// pressed, reloads the workbench with ?near=lon,lat so the server sorts each queue by distance.
// No inline script: the pages' CSP allows scripts from this server only.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("near");
  const button = document.getElementById("near-me");
  const status = document.getElementById("near-status");
  if (!box || !button) return;
  const failed = () => { if (status) status.textContent = box.dataset.failed || ""; };
  button.addEventListener("click", () => {
    if (!navigator.geolocation) { failed(); return; }
    button.disabled = true;
    navigator.geolocation.getCurrentPosition((position) => {
      const lon = position.coords.longitude.toFixed(6), lat = position.coords.latitude.toFixed(6);
      window.location.assign("/app?near=" + encodeURIComponent(lon + "," + lat));
    }, () => { button.disabled = false; failed(); }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });
});
