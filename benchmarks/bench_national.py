"""The national round: 100,000 students end to end, solved in regions, fanned out.

Builds (or reuses) ``matcher demo-data --students 100000`` in var/national/data, runs the file
round (read, score, solve, explain, write: adapters/flows/file_round.py) with the solver's jobs
on a process pool (--processes N) or on Celery workers (--celery; start the workers yourself:
``celery -A adapters.celery.app worker -c 4`` with BROKER_URL set), and checks that every
student appears exactly once in proposals.csv. The solver's two rounds of jobs (components and
regions, then the seams: matcher/solver/regions.py) are timed around each ``map`` call.

--time-limit is the solver's budget in work seconds; the wall time is what it cost on this
machine at its load (recorded in the JSON). Writes benchmarks/results/national-<mode>.json.

Run:  .venv/bin/python benchmarks/bench_national.py [--processes 2] [--celery] [--time-limit 180]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import platform
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from adapters.flows.file_round import run_file_round
from adapters.geography.factory import make_geocoder
from adapters.settings import get_settings
from adapters.solver_pool import component_map
from matcher import EstimatedTravelTime, RoundPolicy
from matcher.solver import AssignmentProblem, RegionSplit, SolverLimits, solve
from matcher.solver.feasibility import violations

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "var" / "national"
ON = date(2026, 9, 1)


def ensure_data(students: int) -> Path:
    """The demo files of the national round, generated once."""
    folder = DATA / f"data-{students}" if students != 100_000 else DATA / "data"
    if not (folder / "students.csv").exists():
        matcher = str(Path(sys.executable).with_name("matcher"))
        command = [matcher, "demo-data", "--students", str(students), "--out", str(folder)]
        subprocess.run(command, check=True)  # noqa: S603 - our own CLI
    return folder


class TimedMap:
    """Wraps a solver ``map`` and records the wall time and job count of each call."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[dict[str, float]] = []

    def __call__(self, fn: Any, jobs: Any) -> list[Any]:
        jobs = list(jobs)
        started = time.perf_counter()
        out = list((self.inner or map)(fn, jobs))
        wall = round(time.perf_counter() - started, 1)
        work = round(sum(used for _, used in out), 1)  # each job's answer and its work
        self.calls.append({"jobs": len(jobs), "wall_s": wall, "work_s": work})
        return out

    @property
    def work(self) -> float:
        """Work seconds the jobs spent (the solver's budget counts these)."""
        return round(sum(call["work_s"] for call in self.calls), 1)


def students_once(data: Path, proposals: Path) -> dict[str, int]:
    """How often each student of the input appears in the output: all should be exactly 1."""
    with (data / "students.csv").open(newline="", encoding="utf-8") as f:
        wanted = [row["student_id"] for row in csv.DictReader(f)]
    with proposals.open(newline="", encoding="utf-8") as f:
        seen = Counter(row["student_id"] for row in csv.DictReader(f))
    return {
        "students": len(wanted),
        "missing": sum(1 for s in wanted if seen[s] == 0),
        "twice_or_more": sum(1 for s in wanted if seen[s] > 1),
        "unknown": len(set(seen) - set(wanted)),
    }


def _map_for(args: argparse.Namespace, pool: Any) -> Any:
    if not args.celery:
        return pool
    from adapters.celery.app import celery_app
    from adapters.celery.solver_map import celery_map

    url = get_settings().broker_url
    assert url, "--celery needs BROKER_URL"
    return celery_map(celery_app, url)


def solve_only(args: argparse.Namespace, split: RegionSplit) -> None:
    """Solve the pickled national problem: solver phases, placed, gaps, validity."""
    with (DATA / "problem.pkl").open("rb") as f:
        problem: AssignmentProblem = pickle.load(f)  # noqa: S301 - our own file
    mode = args.label or ("celery" if args.celery else f"{args.processes}proc") + "-solve"
    limits = SolverLimits(time_limit_s=args.time_limit, num_workers=1)
    load_before = os.getloadavg()
    with component_map(1 if args.celery else args.processes) as pool:
        timed = TimedMap(_map_for(args, pool))
        started = time.perf_counter()
        a = solve(problem, limits=limits, map_fn=timed, split=split)
        wall = time.perf_counter() - started
    students = problem.pair_student[a.pairs]
    doc = {
        "mode": mode,
        "date": date.today().isoformat(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "time_limit_work_s": args.time_limit,
        "prune_pairs": split.prune_pairs,
        "region_pairs": split.region_pairs,
        "solve_wall_s": round(wall, 1),
        "work_used_s": timed.work,
        "solver_map_calls": timed.calls,
        "jobs": len(a.components),
        "students": len(problem.student_ids),
        "placed": a.placed,
        "weighted_placed": a.weighted_placed,
        "weighted_placed_bound": a.weighted_placed_bound,
        "placed_gap": round(a.placed_gap, 5),
        "quality_gap": round(a.quality_gap, 5),
        "status": str(a.status),
        "violations": violations(problem, a.pairs)[:5],
        "students_twice": int(students.size - np.unique(students).size),
    }
    print(json.dumps(doc, indent=2))
    (ROOT / "benchmarks" / "results" / f"national-{mode}.json").write_text(
        json.dumps(doc, indent=2) + "\n"
    )


def save_problem(students: int, policy: RoundPolicy) -> None:
    """Read and score the national files once and pickle the solver's problem for --solve-only."""
    from adapters.tabular import Source
    from adapters.tabular.readers import read_round_population
    from matcher.prepare import prepare_round

    data = ensure_data(students)
    started = time.perf_counter()
    read = read_round_population(
        students=Source.from_path(data / "students.csv"),
        companies=Source.from_path(data / "companies.csv"),
        places=Source.from_path(data / "places.csv"),
        geocoder=make_geocoder(get_settings()),
    )
    prepared = prepare_round(read.population, on=ON, travel=EstimatedTravelTime(), policy=policy)
    with (DATA / "problem.pkl").open("wb") as f:
        pickle.dump(prepared.problem, f, protocol=pickle.HIGHEST_PROTOCOL)
    wall = time.perf_counter() - started
    print(f"{prepared.problem.n_pairs:,} pairs pickled in {wall:.0f} s: {DATA / 'problem.pkl'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--time-limit", type=float, default=180.0)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--celery", action="store_true", help="jobs on the Celery workers")
    parser.add_argument("--label", default=None, help="name in the results file")
    parser.add_argument("--prune", type=int, default=RegionSplit().prune_pairs)
    parser.add_argument("--region-pairs", type=int, default=RegionSplit().region_pairs)
    parser.add_argument(
        "--solve-only",
        action="store_true",
        help="solve the problem pickled in var/national/problem.pkl (no read, score or write)",
    )
    parser.add_argument(
        "--save-problem",
        action="store_true",
        help="read and score the files, pickle the problem to var/national/problem.pkl, stop",
    )
    args = parser.parse_args()
    if args.save_problem:
        save_problem(
            args.students, RoundPolicy().with_limits(time_limit_s=args.time_limit, workers=1)
        )
        return
    split = RegionSplit(prune_pairs=args.prune, region_pairs=args.region_pairs)
    if args.solve_only:
        solve_only(args, split)
        return
    data = ensure_data(args.students)
    settings = get_settings()
    mode = args.label or ("celery" if args.celery else f"{args.processes}proc")
    out = DATA / f"proposals-{mode}.csv"
    policy = RoundPolicy().with_limits(time_limit_s=args.time_limit, workers=1)
    if split != RegionSplit():
        raise SystemExit("--prune/--region-pairs only with --solve-only (the round uses defaults)")
    load_before = os.getloadavg()
    started = time.perf_counter()
    with component_map(1 if args.celery else args.processes) as pool:
        timed = TimedMap(_map_for(args, pool))
        report = run_file_round(
            students=data / "students.csv",
            companies=data / "companies.csv",
            places=data / "places.csv",
            outcomes=None,
            on=ON,
            geocoder=make_geocoder(settings),
            travel=EstimatedTravelTime(),
            policy=policy,
            out=out,
            map_fn=timed,
        )
    wall = time.perf_counter() - started
    s = report.result.summary
    doc: dict[str, Any] = {
        "mode": mode,
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work)",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "time_limit_work_s": args.time_limit,
        "wall_s": round(wall, 1),
        "stages_s": report.timings,
        "work_used_s": timed.work,
        "solver_map_calls": timed.calls,
        "students": s.students,
        "placed": s.placed,
        "weighted_placed": s.weighted_placed,
        "weighted_placed_bound": s.weighted_placed_bound,
        "placed_gap": s.placed_gap,
        "quality_gap": s.quality_gap,
        "status": s.status,
        "mean_score": s.mean_score,
        "output": students_once(data, out),
    }
    print(json.dumps(doc, indent=2))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / f"national-{mode}.json").write_text(json.dumps(doc, indent=2) + "\n")


if __name__ == "__main__":
    main()
