// The map: offline provinces and town names (map_layers.js), no tiles.
(function () {
  "use strict";
  var el = document.getElementById("kaart");
  if (!el || !window.L) { return; }
  // Leaflet puts a string tooltip in as HTML; an element keeps every value plain text.
  function label(prefix, value) {
    var span = document.createElement("span");
    span.textContent = prefix + String(value);
    return span;
  }
  var map = L.map(el, { attributionControl: true, zoomSnap: 0.25 }).setView([52.2, 5.3], 7);
  map.attributionControl.setPrefix(false).addAttribution("Kaart: Natural Earth, plaatsnamen: GeoNames");
  window.ppMapLayers(map).then(function (outline) {
    map.fitBounds(outline.getBounds(), { animate: false });
    if (!el.dataset.bron) { return JSON.parse(document.getElementById("kaartdata").textContent); }
    return fetch(el.dataset.bron, { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }).then(function (d) {
    d.pairs.forEach(function (p) { L.polyline(p, { color: "#8a4b00", weight: 1, opacity: 0.6 }).addTo(map); });
    d.students.forEach(function (s) { L.circleMarker([s[1], s[2]], { radius: 3, color: "#0b4f8a" }).bindTooltip(label("Student ", s[0])).addTo(map); });
    d.places.forEach(function (p) { L.rectangle([[p[1] - 0.01, p[2] - 0.015], [p[1] + 0.01, p[2] + 0.015]], { color: "#1d6b35", weight: 1 }).bindTooltip(label("Plek ", p[0])).addTo(map); });
    // Zoom to the region: one student and their places, or the round's students (the places
    // list holds every place in the country, so the round's own region is where its students are).
    var around = el.dataset.bron ? d.students : d.students.concat(d.places);
    var points = around.map(function (p) { return [p[1], p[2]]; });
    if (points.length) { map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 10, animate: false }); }
    el.dataset.klaar = "ja";
  });
})();
