"""Benchmark: load the live companies as a round sees them, without and with praktijkopleiders.

Run: .venv/bin/python benchmarks/bench_live_companies.py [--companies 5000 --people 2]
5,000 companies on SQLite; then two praktijkopleiders per company (10,000 rows) and the same
load again: the extra cost of summing their hours into the budgets (one more query and a
dict). Prints the medians of five loads; writes benchmarks/results/live_companies.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.db import praktijkopleider_queries as people  # noqa: E402
from adapters.db.engine import make_engine, session_scope  # noqa: E402
from adapters.db.migrate import upgrade  # noqa: E402
from adapters.db.repositories import live_companies, save_population  # noqa: E402
from matcher.domain import Company, CompanyId, GeoPoint, Population  # noqa: E402
from matcher.supervision import Praktijkopleider, SupportExperience  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "live_companies.json"


def _median_load(engine: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with engine.connect() as conn:  # type: ignore[attr-defined]
            live_companies(conn)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--people", type=int, default=2, help="praktijkopleiders per company")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'b.db'}"
        upgrade(url)
        engine = make_engine(url)
        companies = tuple(
            Company(CompanyId(f"c{i:05d}"), f"Bedrijf {i}", GeoPoint(52.0, 5.0), 4.0)
            for i in range(args.companies)
        )
        with session_scope(engine) as session:
            save_population(session, Population(companies=companies))
        without = _median_load(engine)
        with session_scope(engine) as session:
            conn = session.connection()
            for c in companies:
                for j in range(args.people):
                    person = Praktijkopleider(
                        c.company_id, f"P{j}", "p@b.nl", "", 2.0, SupportExperience.ENIGE
                    )
                    people.add(conn, person)
        with_people = _median_load(engine)
        with engine.connect() as conn:
            assert live_companies(conn)[0].guidance_hours_per_week == 2.0 * args.people
        engine.dispose()
    result = {
        "companies": args.companies,
        "praktijkopleiders": args.companies * args.people,
        "load_without_people_s": round(without, 4),
        "load_with_people_s": round(with_people, 4),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
