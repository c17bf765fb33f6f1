"""Benchmark: a round of demo students end to end on the embedded default (SQLite, no servers).

Stages: demo data, import, create+start, execute (scoring, solving, explaining, saving, as the
round reports them), review read (one page), export of approved matches.
Run: .venv/bin/python benchmarks/bench_service.py [--students 5000]
Writes benchmarks/results/service.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.db import round_repositories as repo  # noqa: E402
from adapters.db.engine import make_engine, session_scope  # noqa: E402
from adapters.db.migrate import upgrade  # noqa: E402
from adapters.db.round_queries import ProposalQuery, list_round_proposals  # noqa: E402
from adapters.demo_data import write_demo  # noqa: E402
from adapters.flows.imports import import_directory  # noqa: E402
from adapters.flows.rounds import export, lifecycle, review  # noqa: E402
from adapters.flows.rounds.execute import execute_round  # noqa: E402
from adapters.geography.factory import make_geocoder  # noqa: E402
from adapters.settings import Settings  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "service.json"
ON = date(2026, 9, 1)


def main() -> None:
    """Run every stage once and print the time per stage."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=5000)
    args = parser.parse_args()
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = f"sqlite:///{root / 'matcher.db'}"
        settings = Settings(database_url=url, model_path=root / "none.joblib")
        started = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal started
            now = time.perf_counter()
            timings[stage] = round(now - started, 3)
            print(f"{stage:<24} {timings[stage]:8.3f} s")
            started = now

        write_demo(
            root / "demo", n_students=args.students, seed=1, on=ON, fmt="csv", history_students=0
        )
        lap("demo_data")
        upgrade(url)
        engine = make_engine(url)
        import_directory(engine, root / "demo", geocoder=make_geocoder(settings))
        lap("import")
        with session_scope(engine) as session:
            row = lifecycle.create_round(
                session, name="bench", filters={}, policy={}, bpv_start=ON, actor="bench"
            )
            round_id = int(row.id or 0)
            lifecycle.start_round(session, round_id, actor="bench")
        lap("create_and_start")
        outcome = execute_round(engine, round_id, settings=settings)
        lap("execute_round")
        with session_scope(engine) as session:
            summary: dict[str, Any] = repo.get_round(session, round_id).summary or {}
            version = repo.get_round(session, round_id).version
            _, total, page = list_round_proposals(session, round_id, ProposalQuery(limit=50))
            placed = [p.student_id for p in page if p.place_id is not None][:20]
        lap("read_first_page")
        with session_scope(engine) as session:
            for student_id in placed:
                version = review.accept_proposal(
                    session, round_id, student_id, version=version, actor="bench"
                ).version
        lap("accept_20")
        with session_scope(engine) as session:
            file = export.export_approved(session, round_id, fmt="csv")
        lap("export_csv")
        engine.dispose()
    document = {
        "students": args.students,
        "outcome": outcome.value,
        "proposals": total,
        "placed": summary.get("placed"),
        "exported_rows": file.rows,
        "timings_s": timings,
        "round_stages_s": summary.get("timings_s"),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(json.dumps(document["round_stages_s"]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
