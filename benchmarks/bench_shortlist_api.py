"""Benchmark: GET /students/{id}/shortlist over HTTP (TestClient) with about 50,000 places.

Stores the demo population in a fresh SQLite database, warms the app's place cache with one
request (the first request builds the PlaceTable and BallTrees), then times requests for
random students. Prints p50/p95 and writes benchmarks/results/shortlist_api.json.

Run: .venv/bin/python benchmarks/bench_shortlist_api.py [--students 20000] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import secrets
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from adapters.auth.accounts import create_account
from adapters.auth.sessions import create_token
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from adapters.demo_data import load_towns
from adapters.settings import Settings
from api.main import create_app
from matcher.demo.population import generate_population
from matcher.domain import Student
from matcher.privacy.vocabulary import Role

ON = date(2025, 9, 1)
RESULTS = Path(__file__).parent / "results" / "shortlist_api.json"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of ``values``, nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def main() -> None:
    """Build the data, time the endpoint, print and save the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=20000)
    parser.add_argument("--places-per-student", type=float, default=4.4)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    population = generate_population(
        n_students=args.students,
        seed=args.seed,
        towns=load_towns(),
        on=ON,
        places_per_student=args.places_per_student,
    )
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        with session_scope(make_engine(url)) as session:
            save_population(session, population)
            token = _bureau_token(session)
        settings = Settings(database_url=url, broker_url=None, auto_migrate=False)
        with TestClient(create_app(settings)) as client:
            client.headers["Authorization"] = f"Bearer {token}"
            figures = _measure(client, population.students, args)
    figures["sizes"] = {
        "students": len(population.students),
        "companies": len(population.companies),
        "places": len(population.places),
    }
    figures["machine"] = {"python": platform.python_version(), "transport": "TestClient"}
    print(json.dumps(figures, indent=2))  # noqa: T201
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _bureau_token(session: Any) -> str:
    """An API token of a bureau account (every request is authorized and logged, as in use)."""
    account = create_account(
        session,
        email="bench@bench.invalid",
        password=secrets.token_urlsafe(16),
        roles=[Role.BUREAU],
        display_name="bench",
        institution="bench",
    )
    return create_token(session, account.account_id, name="bench")


def _measure(
    client: TestClient, students: tuple[Student, ...], args: argparse.Namespace
) -> dict[str, Any]:
    rng = random.Random(args.seed)
    ids = [s.student_id for s in rng.sample(students, min(args.requests, len(students)))]
    params = {"date": ON.isoformat(), "k": 20}
    t0 = time.perf_counter()
    first = client.get(f"/students/{ids[0]}/shortlist", params=params)
    cold_ms = (time.perf_counter() - t0) * 1000
    assert first.status_code == 200, first.text
    times: list[float] = []
    sizes: list[int] = []
    for student_id in ids:
        t0 = time.perf_counter()
        response = client.get(f"/students/{student_id}/shortlist", params=params)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.text
        sizes.append(len(response.json()["items"]))
    return {
        "requests": len(times),
        "cold_first_request_ms": round(cold_ms, 1),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "max_ms": round(max(times), 2),
        "mean_items": round(statistics.mean(sizes), 1),
    }


if __name__ == "__main__":
    main()
