"""Benchmark: save, re-save (unchanged) and load a 20k/5k/50k population on SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/bench_db_save.py [--students 20000 --companies 5000 --places 50000]
Writes benchmarks/results/db_save.json. PostgreSQL (127.0.0.1:5432, user postgres) is used when
reachable: a scratch database is created and dropped again.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.db.engine import make_engine, session_scope  # noqa: E402
from adapters.db.migrate import upgrade  # noqa: E402
from adapters.db.repositories import load_population, save_population  # noqa: E402
from matcher.domain import (  # noqa: E402
    Company,
    CompanyId,
    Day,
    Facility,
    GeoPoint,
    Leerweg,
    Niveau,
    Place,
    PlaceId,
    PlaceLeerweg,
    Population,
    Precision,
    Student,
    StudentId,
    SupportArea,
    TravelMode,
)

RESULTS = Path(__file__).resolve().parent / "results" / "db_save.json"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname={db} connect_timeout=3"


def _subset(rng: random.Random, items: list[Any], low: int, high: int) -> frozenset[Any]:
    return frozenset(rng.sample(items, rng.randint(low, high)))


def synthetic_population(n_students: int, n_companies: int, n_places: int, seed: int) -> Population:
    """A seeded random population with every field filled in."""
    rng = random.Random(seed)
    days, areas = list(Day), list(SupportArea)
    crebos = [f"{10000 + i}" for i in range(40)]

    def point() -> GeoPoint:
        return GeoPoint(rng.uniform(50.8, 53.4), rng.uniform(3.5, 7.1), Precision.PC6)

    companies = tuple(
        Company(
            CompanyId(f"c{i:05d}"),
            f"Bedrijf {i}",
            point(),
            rng.choice([2.0, 4.0, 6.0]),
            open_to_extra_support=rng.random() < 0.5,
            max_support_students=rng.randint(0, 4),
            social_openness=rng.randint(0, 3),
            expertise_areas=_subset(rng, areas, 0, 3),
            wheelchair_access=rng.choice(list(Facility)),
            sector=rng.choice(["zorg", "techniek", ""]),
        )
        for i in range(n_companies)
    )
    places = []
    for i in range(n_places):
        low = rng.randint(1, 4)
        places.append(
            Place(
                PlaceId(f"p{i:06d}"),
                companies[i % n_companies].company_id,
                _subset(rng, crebos, 1, 3),
                low,
                rng.randint(low, 4),
                rng.choice(list(PlaceLeerweg)),
                rng.randint(1, 3),
                8.0,
                rng.choice([24.0, 32.0, 40.0]),
                8.0,
                _subset(rng, days, 3, 6),
                physical_load=rng.randint(1, 5),
                mental_load=rng.randint(1, 5),
                quiet_workspace=rng.choice(list(Facility)),
                vog_required=rng.random() < 0.2,
                location=point() if rng.random() < 0.2 else None,
            )
        )
    students = tuple(
        Student(
            StudentId(f"s{i:06d}"),
            date(2004 + rng.randint(0, 5), rng.randint(1, 12), 1),
            point(),
            rng.choice(crebos),
            Niveau(rng.randint(1, 4)),
            rng.choice(list(Leerweg)),
            float(rng.choice([16, 24, 32])),
            name=f"Student {i}",
            days_available=_subset(rng, days, 2, 5),
            travel_mode=rng.choice(list(TravelMode)),
            physical_capacity=rng.randint(1, 5),
            stimulus_sensitivity=rng.randint(0, 3),
            needs_quiet_workspace=rng.random() < 0.3,
            support_areas=_subset(rng, areas, 0, 2),
            energy_spoons_per_day=rng.choice([None, 12.0, 20.0]),
            preferences=tuple(PlaceId(f"p{rng.randrange(n_places):06d}") for _ in range(2)),
        )
        for i in range(n_students)
    )
    return Population(students, companies, tuple(places))


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run(url: str, population: Population) -> dict[str, Any]:
    """Time save, unchanged re-save, a re-save with 1% changed students, and load."""
    upgrade(url)
    engine = make_engine(url)

    def save(pop: Population) -> Any:
        with session_scope(engine) as session:
            return save_population(session, pop)

    def load() -> Population:
        with session_scope(engine) as session:
            return load_population(session)

    save_s, first = _timed(lambda: save(population))
    resave_s, second = _timed(lambda: save(population))
    step = 100
    changed = tuple(
        replace(s, hours_per_week=s.hours_per_week + 1) if i % step == 0 else s
        for i, s in enumerate(population.students)
    )
    change_s, third = _timed(lambda: save(replace(population, students=changed)))
    load_s, loaded = _timed(load)
    engine.dispose()
    assert second.students.unchanged == len(population.students)
    assert len(loaded.places) == len(population.places)
    return {
        "save_s": round(save_s, 3),
        "resave_unchanged_s": round(resave_s, 3),
        "resave_1pct_changed_s": round(change_s, 3),
        "load_s": round(load_s, 3),
        "first_counts": asdict(first),
        "changed_counts": asdict(third),
    }


def run_postgres(population: Population) -> dict[str, Any] | str:
    """The same run on a scratch PostgreSQL database, or why it could not run."""
    import psycopg

    name = f"matcher_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(PG_ADMIN.format(db="test"), autocommit=True)
    except psycopg.Error as exc:
        return f"PostgreSQL niet bereikbaar: {exc}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            return run(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", population)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    """Parse arguments, run both databases, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--companies", type=int, default=5_000)
    parser.add_argument("--places", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    population = synthetic_population(args.students, args.companies, args.places, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        sqlite = run(f"sqlite:///{Path(folder) / 'bench.db'}", population)
    results = {
        "sizes": {"students": args.students, "companies": args.companies, "places": args.places},
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "sqlite": sqlite,
        "postgres": run_postgres(population),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
