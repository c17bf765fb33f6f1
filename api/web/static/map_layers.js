// The map's offline layers: province borders (Natural Earth) and town names (GeoNames).
// Labels are plain text and not interactive: they add no Tab stops and no HTML.
(function () {
  "use strict";
  function text(className, value) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = String(value);
    return span;
  }
  function label(latlng, className, value) {
    var icon = L.divIcon({ className: "kaart-label", html: text(className, value), iconSize: null });
    return L.marker(latlng, { icon: icon, interactive: false, keyboard: false, pane: "plaatsnamen" });
  }
  // Smallest population shown at a zoom level: big towns first, all towns when zoomed in.
  function minPopulation(zoom) {
    if (zoom < 8) { return 100000; }
    if (zoom < 9) { return 40000; }
    if (zoom < 10) { return 15000; }
    return 0;
  }
  // Labels are placed largest first; one that would overlap a placed label is left out.
  function box(map, latlng, value, size) {
    var p = map.latLngToContainerPoint(latlng);
    var w = String(value).length * size * 0.55 + 6, h = size + 4;
    return [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2];
  }
  function overlaps(a, placed) {
    return placed.some(function (b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; });
  }
  window.ppMapLayers = function (map) {
    // Below the students, places and lines (overlay pane, z-index 400), above the land.
    map.createPane("land").style.zIndex = 250;
    map.createPane("plaatsnamen").style.zIndex = 300;
    var labels = L.layerGroup().addTo(map);
    var provinceRows = [];
    var townRows = [];
    function refresh() {
      var zoom = map.getZoom();
      var view = map.getBounds().pad(0.1);
      var floor = minPopulation(zoom);
      var placed = [];
      labels.clearLayers();
      function place(latlng, className, value, size) {
        if (!view.contains(latlng)) { return; }
        var b = box(map, latlng, value, size);
        if (overlaps(b, placed)) { return; }
        placed.push(b);
        labels.addLayer(label(latlng, className, value));
      }
      if (zoom <= 8.5) { provinceRows.forEach(function (p) { place(p[0], "kaart-provincie", p[1], 13); }); }
      townRows.forEach(function (t) { if (t[3] >= floor) { place([t[1], t[2]], "kaart-plaats", t[0], 12); } });
    }
    var provinces = fetch("/static/vendor/nl-provinces.geojson").then(function (r) { return r.json(); }).then(function (g) {
      var layer = L.geoJSON(g, { interactive: false, pane: "land", style: { color: "#5c6670", weight: 1, fillColor: "#ffffff", fillOpacity: 1 } }).addTo(map);
      provinceRows = g.features.map(function (f) { return [f.properties.label, f.properties.name]; });
      return layer;
    });
    var townsLoaded = fetch("/static/vendor/nl-towns.json").then(function (r) { return r.json(); }).then(function (rows) { townRows = rows; });
    map.on("moveend", refresh);  // also fires after every zoom
    // The province outline (to zoom to) and the town rows (to name the nearest town in the list).
    return Promise.all([provinces, townsLoaded]).then(function (done) {
      refresh();
      return { outline: done[0], towns: townRows };
    });
  };
})();
