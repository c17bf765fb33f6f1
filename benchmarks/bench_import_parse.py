"""Benchmark: parse 20k students + 5k companies + 50k places from CSV (and a smaller XLSX).

Run: .venv/bin/python benchmarks/bench_import_parse.py [--students 20000 --companies 5000
--places 50000 --seed 7]. Writes benchmarks/results/import_parse.json. The files are synthetic,
random but valid; half of the rows give a postcode (resolved by a dict geocoder), half lat/lon.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402

from adapters.tabular import ReadResult, Source, read_population  # noqa: E402
from adapters.tabular.schema import COMPANY_COLUMNS, PLACE_COLUMNS, STUDENT_COLUMNS  # noqa: E402
from matcher.domain import GeoPoint, Precision  # noqa: E402

DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
AREAS = ["structuur", "prikkels", "mobiliteit", "energie", "taal", "communicatie", "gedrag"]
CREBOS = [str(10000 + i) for i in range(200)]
POSTCODES = {
    f"{1000 + i * 19}": GeoPoint(51.0 + i * 0.005, 4.0 + i * 0.006, Precision.PC4)
    for i in range(400)
}


class DictGeocoder:
    """Postcode -> point from a dict; counts lookups."""

    def __init__(self, table: dict[str, GeoPoint]) -> None:
        self.table, self.calls = table, 0

    def locate(self, postcode: str) -> GeoPoint | None:
        """The point for the postcode, or None."""
        self.calls += 1
        return self.table.get(postcode)


def _where(rng: random.Random) -> list[str]:
    if rng.random() < 0.5:
        return [rng.choice(list(POSTCODES)), "", ""]
    return ["", f"{rng.uniform(51.0, 53.3):.5f}", f"{rng.uniform(4.0, 7.0):.5f}"]


def _pick(rng: random.Random, items: list[str], k: int) -> str:
    return ";".join(rng.sample(items, k))


def student_rows(rng: random.Random, n: int, n_places: int) -> list[list[str]]:
    """Random valid student rows."""
    rows = []
    for i in range(n):
        b = lambda: rng.choice(["0", "1"])  # noqa: E731
        rows.append(
            [
                f"s{i:06d}",
                f"Student {i}",
                f"{rng.randint(2000, 2009)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                *_where(rng),
                rng.choice(CREBOS),
                str(rng.randint(1, 4)),
                rng.choice(["bol", "bbl"]),
                str(rng.choice([8, 16, 24, 32])),
                rng.choice(["6", "8", "7,5"]),
                _pick(rng, DAYS[:5], rng.randint(1, 5)),
                rng.choice(["ov", "fiets", "auto", "lopen", "taxi"]),
                str(rng.randint(15, 90)),
                str(rng.randint(1, 5)),
                str(rng.randint(1, 5)),
                str(rng.randint(0, 3)),
                str(rng.randint(0, 3)),
                rng.choice(["1", "1.5", "2"]),
                b(),
                b(),
                b(),
                b(),
                b(),
                b(),
                b(),
                rng.choice(["", "12", "20"]),
                _pick(rng, AREAS, rng.randint(0, 2)),
                rng.choice(["", "ja", "nee"]),
                ";".join(f"p{rng.randrange(n_places):06d}" for _ in range(rng.randint(0, 3))),
                b(),
            ]
        )
    return rows


def company_rows(rng: random.Random, n: int) -> list[list[str]]:
    """Random valid company rows."""
    facility = ["yes", "arrangeable", "no"]
    return [
        [
            f"c{i:05d}",
            f"Bedrijf {i}",
            *_where(rng),
            "1",
            rng.choice(["0", "1"]),
            str(rng.randint(2, 10)),
            rng.choice(["", "2", "3"]),
            str(rng.randint(0, 3)),
            _pick(rng, AREAS, rng.randint(0, 3)),
            rng.choice(facility),
            rng.choice(facility),
            rng.choice(["", "zorg", "techniek"]),
        ]
        for i in range(n)
    ]


def place_rows(rng: random.Random, n: int, n_companies: int) -> list[list[str]]:
    """Random valid place rows; one in ten has its own location."""
    facility = ["yes", "arrangeable", "no"]
    rows = []
    for i in range(n):
        lo = rng.randint(1, 4)
        where = _where(rng) if rng.random() < 0.1 else ["", "", ""]
        rows.append(
            [
                f"p{i:06d}",
                f"c{rng.randrange(n_companies):05d}",
                _pick(rng, CREBOS, rng.randint(1, 3)),
                str(lo),
                str(rng.randint(lo, 4)),
                rng.choice(["bol", "bbl", "both"]),
                str(rng.randint(1, 4)),
                "8",
                str(rng.choice([24, 32, 40])),
                "8",
                _pick(rng, DAYS, rng.randint(3, 6)),
                *(rng.choice(["0", "1"]) for _ in range(2)),
                str(rng.randint(1, 5)),
                str(rng.randint(1, 5)),
                rng.choice(facility),
                rng.choice(facility),
                *(rng.choice(["0", "1"]) for _ in range(4)),
                *where,
            ]
        )
    return rows


HEADERS = {
    "students": ",".join(s.name for s in STUDENT_COLUMNS),
    "companies": ",".join(s.name for s in COMPANY_COLUMNS),
    "places": ",".join(s.name for s in PLACE_COLUMNS),
}


def parse(
    sources: dict[str, Source], geocoder: DictGeocoder, known: frozenset[str] = frozenset()
) -> ReadResult:
    """read_population with whichever of the three files are in ``sources``."""
    return read_population(
        students=sources.get("students"),
        companies=sources.get("companies"),
        places=sources.get("places"),
        geocoder=geocoder,
        known_company_ids=known,
    )


def to_csv(kind: str, rows: list[list[str]]) -> bytes:
    """Header plus rows as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS[kind].split(","))
    writer.writerows(rows)
    return buffer.getvalue().encode()


def to_xlsx(kind: str, rows: list[list[str]]) -> bytes:
    """Header plus rows as an XLSX workbook, all cells text."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    sheet.append(HEADERS[kind].split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _timed(label: str, fn: Callable[[], Any], timings: dict[str, float]) -> Any:
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    timings[label] = round(time.perf_counter() - start, 3)
    timings[label + " (cpu)"] = round(time.process_time() - cpu, 3)
    print(f"{label:<32} {timings[label]:8.3f} s wall {timings[label + ' (cpu)']:8.3f} s cpu")
    return out


def main() -> None:
    """Generate, parse and report timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--companies", type=int, default=5_000)
    parser.add_argument("--places", type=int, default=50_000)
    parser.add_argument("--xlsx-students", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = {
        "students": student_rows(rng, args.students, args.places),
        "companies": company_rows(rng, args.companies),
        "places": place_rows(rng, args.places, args.companies),
    }
    sources = {kind: Source(f"{kind}.csv", to_csv(kind, r)) for kind, r in rows.items()}
    timings: dict[str, float] = {}
    geocoder = DictGeocoder(POSTCODES)
    result = _timed("csv: all three files", lambda: parse(sources, geocoder), timings)
    known = frozenset(f"c{i:05d}" for i in range(args.companies))
    for kind in rows:
        only = {kind: sources[kind]}
        _timed(f"csv: {kind} only", partial(parse, only, DictGeocoder(POSTCODES), known), timings)
    small = Source("students.xlsx", to_xlsx("students", rows["students"][: args.xlsx_students]))
    _timed(
        f"xlsx: {args.xlsx_students} students",
        lambda: read_population(students=small, geocoder=DictGeocoder(POSTCODES)),
        timings,
    )
    report = {
        "rows": {kind: len(r) for kind, r in rows.items()},
        "bytes": {kind: len(s.content) for kind, s in sources.items()},
        "timings_s": timings,
        "geocoder_calls_all_three": geocoder.calls,
        "distinct_postcodes": len(POSTCODES),
        "warnings": len(result.warnings),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": args.seed,
    }
    out = Path(__file__).resolve().parent / "results" / "import_parse.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
