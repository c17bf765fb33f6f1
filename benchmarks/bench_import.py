"""Benchmark: import 20,000 students, 5,000 companies and 50,000 places from CSV into the database.

The whole import as a BPV-bureau runs it (``matcher import --dir``): read and validate the three
contract files, resolve postcodes, and store everything in one transaction. Demo data in the
contract format is written first (not timed). Target: under 30 s on a 2-core machine.

    .venv/bin/python benchmarks/bench_import.py [--students 20000] [--postgres]

Prints the figures and writes them to benchmarks/results/import.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

from adapters.db.engine import make_engine
from adapters.db.migrate import upgrade
from adapters.demo_data import write_demo
from adapters.flows.imports import import_directory
from adapters.geography.postcodes import PostcodeTable

RESULTS = Path(__file__).parent / "results" / "import.json"
PLACE_SLOTS_FOR_50K_ROWS = 4.33  # demo places hold 1-4 students: 4.33 slots/student ≈ 2.5 rows


def _import(url: str, folder: Path) -> dict[str, float | int]:
    upgrade(url)
    engine = make_engine(url)
    geocoder = PostcodeTable.from_package()
    start = time.perf_counter()
    reports = import_directory(engine, folder, geocoder=geocoder)
    first = time.perf_counter() - start
    start = time.perf_counter()
    import_directory(engine, folder, geocoder=geocoder)
    again = time.perf_counter() - start
    c = reports[0].counts
    engine.dispose()
    return {
        "students": c.students.created,
        "companies": c.companies.created,
        "places": c.places.created,
        "import_s": round(first, 2),
        "reimport_unchanged_s": round(again, 2),
    }


def _postgres_url() -> str | None:
    import psycopg

    name = f"bench_import_{os.getpid()}"
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"PostgreSQL skipped: {error}")
        return None
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _drop_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    """Write demo files, import them into SQLite (and PostgreSQL), print and save the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true", help="also import into PostgreSQL")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "load_average": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        write_demo(
            folder,
            n_students=args.students,
            seed=42,
            on=date(2026, 9, 1),
            fmt="csv",
            history_students=0,
            places_per_student=PLACE_SLOTS_FOR_50K_ROWS,
        )
        results["sqlite"] = _import(f"sqlite:///{Path(tmp) / 'bench.db'}", folder)
        print("SQLite:", results["sqlite"])
        if args.postgres:
            url = _postgres_url()
            if url:
                try:
                    results["postgresql"] = _import(url, folder)
                    print("PostgreSQL:", results["postgresql"])
                finally:
                    _drop_postgres(url)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
