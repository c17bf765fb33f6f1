"""Load test: 50 concurrent users on the shortlist and review endpoints, PostgreSQL, ~50,000 places.

Builds a demo population (20,000 students, ~50,000 places) in a fresh PostgreSQL database on
127.0.0.1:5432, solves one match round (one qualification, so it has a few hundred students to
review), creates a bureau account with an API token, and starts the app with uvicorn on
127.0.0.1 only (the documented single-process ``matcher serve`` set-up). Then 50 simulated users
(asyncio + httpx, keep-alive) send requests for a fixed time and stop by themselves, in two
scenarios on the same server: people (each waits 0.5-1.5 x ``--think-s`` seconds between two
requests, like locust's ``between``) and saturation (no waiting: the most the server can do).
The endpoints:

* ``shortlist``: GET /students/{id}/shortlist for a random student (k=20);
* ``review_list``: GET /rounds/{id}/proposals, a random page of 50 with a random filter;
* ``review_action``: POST /rounds/{id}/proposals/{student}/comment with the version last seen;
  with 50 reviewers on one round most of these are refused with 409 (someone else was first)
  by design; those count as answered, and are reported apart.

Prints and writes benchmarks/results/load.json: throughput and p50/p95/p99 latency per
endpoint, status counts, and errors (any 5xx or failed connection). The database and the
server are removed afterwards.

Run: .venv/bin/python benchmarks/bench_load.py [--users 50] [--seconds 60] [--students 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import psycopg

from adapters.auth.accounts import create_account
from adapters.auth.sessions import create_token
from adapters.db import round_repositories as repo
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import save_population
from adapters.demo_data import load_towns
from adapters.flows.rounds import lifecycle
from adapters.flows.rounds.execute import execute_round
from adapters.settings import Settings
from matcher.demo.population import generate_population
from matcher.domain import Population
from matcher.privacy.vocabulary import Role

ON = date(2026, 9, 1)
ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "load.json"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
PLACES_PER_STUDENT = 4.4  # about 50,000 place rows for 20,000 students (as bench_shortlist_api)
MIX = (("shortlist", 6), ("review_list", 3), ("review_action", 1))


@dataclass
class Stats:
    """What the users saw per endpoint."""

    times_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[str] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def create_database() -> tuple[str, str]:
    """A fresh PostgreSQL database: its name and SQLAlchemy URL."""
    name = f"bench_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(url: str, population: Population, users: int) -> tuple[list[str], int, list[str]]:
    """Store the population, one bureau account and token per user, and a solved round.

    Returns (tokens, round id, the round's students). Every simulated user has an account of
    its own, as people do: one shared token would make all requests queue on its row.
    """
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        save_population(session, population)
    tokens = []
    with session_scope(engine) as session:
        for number in range(users):
            account = create_account(
                session,
                email=f"load{number}@bench.invalid",
                password=uuid.uuid4().hex,
                roles=[Role.BUREAU],
                display_name=f"load {number}",
                institution="bench",
            )
            tokens.append(create_token(session, account.account_id, name="load"))
    crebo = Counter(s.crebo for s in population.students).most_common(1)[0][0]
    with session_scope(engine) as session:
        row = lifecycle.create_round(
            session,
            name="Load",
            filters={"crebo": [crebo]},
            policy={"time_limit_s": 20},
            bpv_start=ON,
            actor="bench",
        )
        assert row.id is not None
        round_id = row.id
        lifecycle.start_round(session, round_id, actor="bench")
    settings = Settings(database_url=url, broker_url=None, solver_time_limit_s=20)
    outcome = execute_round(engine, round_id, settings=settings)
    with session_scope(engine) as session:
        run = repo.get_round(session, round_id).current_run
        students = [p.student_id for p in repo.list_proposals(session, round_id, run)]
    engine.dispose()
    print(f"round {round_id}: {outcome.value}, {len(students)} students to review")
    return tokens, round_id, students


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """uvicorn on 127.0.0.1 only, in its own process group; waits until /health answers."""
    env = {**os.environ, "DATABASE_URL": url, "BROKER_URL": "", "AUTO_MIGRATE": "false"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError("the app did not start")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class User:
    """One simulated user: picks an endpoint by the mix, sends, records, until time is up."""

    def __init__(
        self, client: httpx.AsyncClient, context: dict[str, Any], seed: int, think_s: float
    ) -> None:
        self.client = client
        self.context = context
        self.rng = random.Random(seed)
        self.think_s = think_s

    async def run(self, until: float, stats: Stats) -> None:
        names = [n for n, _ in MIX]
        weights = [w for _, w in MIX]
        while time.monotonic() < until:
            name = self.rng.choices(names, weights)[0]
            started = time.perf_counter()
            try:
                status = await getattr(self, name)()
            except httpx.HTTPError as error:
                stats.errors.append(f"{name}: {type(error).__name__}: {error}")
                continue
            stats.times_ms[name].append((time.perf_counter() - started) * 1000)
            stats.statuses[name][status] += 1
            if status >= 500:
                stats.errors.append(f"{name}: HTTP {status}")
            if self.think_s > 0:
                await asyncio.sleep(self.think_s * self.rng.uniform(0.5, 1.5))

    async def shortlist(self) -> int:
        student = self.rng.choice(self.context["all_students"])
        response = await self.client.get(
            f"/students/{student}/shortlist", params={"k": 20, "date": ON.isoformat()}
        )
        return response.status_code

    async def review_list(self) -> int:
        params: dict[str, Any] = {"offset": self.rng.randrange(0, 300, 50), "limit": 50}
        extra = self.rng.choice([{}, {"unplaced": "true"}, {"sort": "-score"}, {"niveau": 2}])
        response = await self.client.get(
            f"/rounds/{self.context['round_id']}/proposals", params={**params, **extra}
        )
        return response.status_code

    async def review_action(self) -> int:
        round_id = self.context["round_id"]
        student = self.rng.choice(self.context["round_students"])
        response = await self.client.post(
            f"/rounds/{round_id}/proposals/{student}/comment",
            json={"version": self.context["version"], "comment": "Belasting getest."},
        )
        if response.status_code == 200:
            self.context["version"] = response.json()["version"]
        elif response.status_code == 409:  # someone else was first: look at the round again
            latest = await self.client.get(f"/rounds/{round_id}")
            self.context["version"] = latest.json()["version"]
        return response.status_code


async def load(
    port: int, tokens: list[str], context: dict[str, Any], seconds: float, think_s: float
) -> Stats:
    """Warm the caches, then run one user per token for ``seconds``."""
    stats = Stats()
    base = f"http://127.0.0.1:{port}"
    clients = [
        httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {t}"}, timeout=60)
        for t in tokens
    ]
    try:
        client = clients[0]
        # Warm up every worker process: each builds its own place cache on its first shortlist,
        # and concurrent requests from all users' connections reach all workers.
        warm = await asyncio.gather(
            *(
                c.get(
                    f"/students/{context['all_students'][0]}/shortlist",
                    params={"date": ON.isoformat()},
                )
                for c in clients
            )
        )
        assert all(w.status_code == 200 for w in warm), warm[0].text
        context["version"] = (await client.get(f"/rounds/{context['round_id']}")).json()["version"]
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(User(c, context, i, think_s).run(until, stats) for i, c in enumerate(clients))
        )
    finally:
        for c in clients:
            await c.aclose()
    return stats


def summarize(stats: Stats, seconds: float, think_s: float) -> dict[str, Any]:
    """Throughput and latency per endpoint."""
    out: dict[str, Any] = {
        "think_s": think_s,
        "total_throughput_per_s": round(sum(map(len, stats.times_ms.values())) / seconds, 1),
        "errors": len(stats.errors),
        "error_samples": stats.errors[:10],
    }
    for name, times in stats.times_ms.items():
        out.setdefault("endpoints", {})[name] = {
            "requests": len(times),
            "throughput_per_s": round(len(times) / seconds, 1),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "max_ms": round(max(times), 1),
            "statuses": {str(k): v for k, v in sorted(stats.statuses[name].items())},
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--students", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--think-s", type=float, default=1.0, help="mean wait between requests")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    population = generate_population(
        n_students=args.students,
        seed=args.seed,
        towns=load_towns(),
        on=ON,
        places_per_student=PLACES_PER_STUDENT,
    )
    name, url = create_database()
    try:
        tokens, round_id, round_students = prepare(url, population, args.users)
        print(f"prepared in {time.perf_counter() - started:.0f} s")
        port = free_port()
        server = start_server(url, port, args.workers)
        try:
            context = {
                "round_id": round_id,
                "round_students": round_students,
                "all_students": [s.student_id for s in population.students],
            }
            scenarios = {
                name: summarize(
                    asyncio.run(load(port, tokens, context, args.seconds, think)),
                    args.seconds,
                    think,
                )
                for name, think in (("people", args.think_s), ("saturation", 0.0))
            }
        finally:
            stop_server(server)
    finally:
        drop_database(name)
    figures = {
        "users": args.users,
        "seconds": args.seconds,
        "uvicorn_workers": args.workers,
        "database": "PostgreSQL (127.0.0.1)",
        "sizes": {
            "students": len(population.students),
            "companies": len(population.companies),
            "places": len(population.places),
            "round_students": len(round_students),
        },
        "scenarios": scenarios,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }
    print(json.dumps(figures, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
