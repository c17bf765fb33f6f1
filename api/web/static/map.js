// The map: offline provinces and town names (map_layers.js), no tiles.
// By keyboard the map is one Tab stop (the container: arrow keys pan, + and - zoom); markers and
// the zoom buttons stay out of the Tab order. The list under the map (#kaart-lijst) holds the
// same data as text, and is what a screen reader reads: the drawing itself is aria-hidden.
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
  // A shape with a tooltip gets focus listeners, which make Chrome stop on every marker. A click
  // on one leaves focus on the map itself (Leaflet focuses it), so the keys keep working.
  function untabbable(layer) {
    var shape = layer.getElement && layer.getElement();
    if (shape) {
      shape.setAttribute("tabindex", "-1");
      shape.addEventListener("mousedown", function (e) { e.preventDefault(); });
    }
    return layer;
  }
  var map = L.map(el, { attributionControl: true, zoomControl: false, zoomSnap: 0.25 }).setView([52.2, 5.3], 7);
  L.control.zoom({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
  el.querySelectorAll(".leaflet-control-zoom a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
  map.getPanes().mapPane.setAttribute("aria-hidden", "true");
  map.attributionControl.setPrefix(false).addAttribution("Kaart: Natural Earth, plaatsnamen: GeoNames");
  var towns = [];
  window.ppMapLayers(map).then(function (layers) {
    towns = layers.towns;
    map.fitBounds(layers.outline.getBounds(), { animate: false });
    if (!el.dataset.bron) { return JSON.parse(document.getElementById("kaartdata").textContent); }
    return fetch(el.dataset.bron, { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }).then(function (d) {
    d.pairs.forEach(function (p) { L.polyline(p, { color: "#8a4b00", weight: 1, opacity: 0.8, interactive: false }).addTo(map); });
    d.students.forEach(function (s) { untabbable(L.circleMarker([s[1], s[2]], { radius: 3, color: "#0b4f8a" }).bindTooltip(label("Student ", s[0])).addTo(map)); });
    d.places.forEach(function (p) { untabbable(L.rectangle([[p[1] - 0.01, p[2] - 0.015], [p[1] + 0.01, p[2] + 0.015]], { color: "#1d6b35", weight: 1 }).bindTooltip(label("Plek ", p[0])).addTo(map)); });
    // Zoom to the region: one student and their places, or the round's students (the places
    // list holds every place in the country, so the round's own region is where its students are).
    var around = el.dataset.bron ? d.students : d.students.concat(d.places);
    var points = around.map(function (p) { return [p[1], p[2]]; });
    if (points.length) { map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 10, animate: false }); }
    if (d.proposals) { proposalList(d); } else { placeList(d); }
    el.dataset.klaar = "ja";
  });

  // The list beside the map: every value as text (textContent), the nearest town by name.
  var list = document.getElementById("kaart-lijst");
  function nearestTown(lat, lon) {
    var best = "", bestDistance = Infinity, k = Math.cos(lat * Math.PI / 180);
    towns.forEach(function (t) {
      var dy = t[1] - lat, dx = (t[2] - lon) * k, distance = dy * dy + dx * dx;
      if (distance < bestDistance) { bestDistance = distance; best = t[0]; }
    });
    return best;
  }
  function count(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }  // 1.250
  function travel(minutes) { return minutes === null || minutes === undefined ? "–" : minutes + " min"; }
  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (text, i) {
      var cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) { cell.scope = "row"; }
      cell.textContent = text;
      tr.appendChild(cell);
    });
    list.querySelector("tbody").appendChild(tr);
  }
  function say(text) { list.querySelector(".kaart-lijst-stand").textContent = text; }
  // The bureau: per student on the map their proposed place (the line), nearest town, travel.
  function proposalList(d) {
    if (!list) { return; }
    var where = {};
    d.places.forEach(function (p) { where[p[0]] = p; });
    var placed = 0;
    d.proposals.forEach(function (p) {
      var at = p[1] ? where[p[1]] : null;
      if (p[1]) { placed += 1; }
      row([p[0], p[1] || "nog geen plek", at ? nearestTown(at[1], at[2]) : "", p[1] ? travel(p[2]) : ""]);
    });
    say("Op de kaart staan " + count(d.proposals.length) + " studenten, van wie " + count(placed) +
      " met een voorgestelde plek (een lijn naar de plek), en alle " + count(d.places.length) + " plekken.");
  }
  // The jobcoach: the suggested places in the shortlist's order, with town and travel.
  function placeList(d) {
    if (!list) { return; }
    d.places.forEach(function (p) { row([p[3], p[0], nearestTown(p[1], p[2]), travel(p[4])]); });
    var n = d.places.length;
    say(n === 0 ? "Op de kaart staat alleen de student: met deze filters is er nu geen passende plek." :
      "Op de kaart staan de student en " + count(n) + (n === 1 ? " passende plek." : " passende plekken."));
  }
})();
