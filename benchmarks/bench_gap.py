"""Generalised assignment instances from the literature: our solver, plain HiGHS and CP-SAT.

The two OR-Library instances in benchmarks/data/gap (Chu and Beasley type d and e; J.E.
Beasley's OR-Library, see the README there) are the shape of a constrained round: agents are
companies with a guidance budget, jobs are students, each pair uses part of the budget. Each is
solved in one run by:

* our solver (``matcher.solver.solve``), with ``--time-limit`` work seconds;
* plain HiGHS (scipy's ``milp``) on the textbook model, with the same seconds of wall time;
* CP-SAT (OR-Tools) on the same model, with the same seconds of wall time and ``--workers``.

The mapping: one company per agent with one place of room n and a guidance budget equal to the
agent's capacity (hours in tenths, so one resource unit is one tenth); one student per job; every
pair a candidate with guidance need = resource and score = (cmax - cost) / (cmax - cmin). All
jobs fit, so "place everyone, then maximise the score" is "minimise the cost". Scores are
rounded to 0.001 inside our solver; the cost reported here is always recomputed from the
assignment with the instance's own integer costs. Gap = (cost - proved lower bound) / bound.

Run:  .venv/bin/python benchmarks/bench_gap.py [--time-limit 60] [--instances d201600 e801600]
Writes benchmarks/results/gap.json and prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from matcher.solver import SolverLimits, build_problem, solve, solve_component, split_components
from matcher.solver.feasibility import violations

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "gap"
# Proved lower bounds and best known solutions (collected with the instances, see the README).
BOUNDS = {"d201600": (97_823, 97_832), "e801600": (176_816, 176_826)}


@dataclass(frozen=True)
class Instance:
    """A GAP instance: cost[i, j], resource[i, j] of agent i and job j; capacity[i]."""

    name: str
    cost: np.ndarray
    resource: np.ndarray
    capacity: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.cost.shape[0]), int(self.cost.shape[1])


def load(name: str) -> Instance:
    """Read an OR-Library GAP file: ``m n``, m x n costs, m x n resources, m capacities."""
    with gzip.open(DATA / f"{name}.txt.gz", "rt", encoding="ascii") as f:
        numbers = np.array(f.read().split(), dtype=np.int64)
    m, n = int(numbers[0]), int(numbers[1])
    body = numbers[2:]
    if body.size != 2 * m * n + m:
        raise SystemExit(f"{name}: expected {2 * m * n + m} numbers after m n, found {body.size}")
    cost = body[: m * n].reshape(m, n)
    resource = body[m * n : 2 * m * n].reshape(m, n)
    return Instance(name, cost, resource, body[2 * m * n :])


def evaluate(inst: Instance, agent_of_job: np.ndarray) -> dict[str, Any]:
    """Cost of an assignment (agent per job, -1 = none) and whether it is feasible."""
    m, n = inst.shape
    jobs = np.arange(n)
    assigned = agent_of_job >= 0
    used = np.zeros(m, dtype=np.int64)
    np.add.at(used, agent_of_job[assigned], inst.resource[agent_of_job[assigned], jobs[assigned]])
    lower, _known = BOUNDS[inst.name]
    cost = int(inst.cost[agent_of_job[assigned], jobs[assigned]].sum())
    complete = bool(assigned.all())
    return {
        "assigned": int(assigned.sum()),
        "feasible": complete and bool((used <= inst.capacity).all()),
        "cost": cost,
        "gap_to_bound_pct": round(100 * (cost - lower) / lower, 3) if complete else None,
    }


def run_ours(inst: Instance, seconds: float, workers: int) -> tuple[np.ndarray, dict[str, Any]]:
    m, n = inst.shape
    cmin, cmax = int(inst.cost.min()), int(inst.cost.max())
    agents, jobs = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    problem = build_problem(
        student_ids=[f"j{j}" for j in range(n)],
        place_ids=[f"a{i}" for i in range(m)],
        company_ids=[f"a{i}" for i in range(m)],
        place_capacity=np.full(m, n),
        place_company=np.arange(m),
        pair_student=jobs.ravel(),
        pair_place=agents.ravel(),
        pair_score=((cmax - inst.cost) / (cmax - cmin)).ravel(),
        company_guidance_budget=[float(c) / 10 for c in inst.capacity],
        pair_guidance_hours=inst.resource.ravel() / 10,
    )
    limits = SolverLimits(time_limit_s=seconds, num_workers=workers)
    work: float | None = None
    if len(split_components(problem)) == 1:  # one component: its plan reports the work spent
        answer, work = solve_component(problem, limits=limits)
    else:
        answer = solve(problem, limits=limits)
    assert not violations(problem, answer.pairs)
    agent_of_job = np.full(n, -1, dtype=np.int64)
    agent_of_job[problem.pair_student[answer.pairs]] = problem.pair_place[answer.pairs]
    spent = None if work is None else round(work, 1)
    return agent_of_job, {"status": str(answer.status), "work_s": spent}


def _model(inst: Instance) -> tuple[np.ndarray, csr_matrix, csr_matrix]:
    """x[i * n + j] = 1 when job j goes to agent i: costs, one-agent-per-job rows, budget rows."""
    m, n = inst.shape
    x = np.arange(m * n)
    per_job = csr_matrix((np.ones(m * n), (x % n, x)), shape=(n, m * n))
    per_agent = csr_matrix((inst.resource.ravel().astype(float), (x // n, x)), shape=(m, m * n))
    return inst.cost.ravel().astype(float), per_job, per_agent


def run_highs(inst: Instance, seconds: float) -> tuple[np.ndarray, dict[str, Any]]:
    m, n = inst.shape
    cost, per_job, per_agent = _model(inst)
    result = milp(
        cost,
        integrality=np.ones(m * n),
        bounds=Bounds(0, 1),
        constraints=[
            LinearConstraint(per_job, 1, 1),
            LinearConstraint(per_agent, -np.inf, inst.capacity),
        ],
        options={"time_limit": seconds, "disp": False},
    )
    agent_of_job = np.full(n, -1, dtype=np.int64)
    if result.x is not None:
        chosen = np.flatnonzero(result.x > 0.5)
        agent_of_job[chosen % n] = chosen // n
    bound = getattr(result, "mip_dual_bound", None)
    return agent_of_job, {"status": result.message, "own_bound": bound}


def run_cp_sat(inst: Instance, seconds: float, workers: int) -> tuple[np.ndarray, dict[str, Any]]:
    from ortools.sat.python import cp_model

    m, n = inst.shape
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{j}") for j in range(n)] for i in range(m)]
    for j in range(n):
        model.add_exactly_one(x[i][j] for i in range(m))
    for i in range(m):
        model.add(
            sum(int(inst.resource[i, j]) * x[i][j] for j in range(n)) <= int(inst.capacity[i])
        )
    model.minimize(sum(int(inst.cost[i, j]) * x[i][j] for i in range(m) for j in range(n)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    agent_of_job = np.full(n, -1, dtype=np.int64)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for i in range(m):
            for j in range(n):
                if solver.boolean_value(x[i][j]):
                    agent_of_job[j] = i
    return agent_of_job, {
        "status": solver.status_name(status),
        "own_bound": solver.best_objective_bound,
    }


def bench(name: str, seconds: float, workers: int) -> dict[str, Any]:
    inst = load(name)
    m, n = inst.shape
    lower, known = BOUNDS[name]
    row: dict[str, Any] = {"instance": name, "agents": m, "jobs": n, "lower_bound": lower}
    row["best_known"] = known
    runs = {
        "ours": lambda: run_ours(inst, seconds, workers),
        "highs": lambda: run_highs(inst, seconds),
        "cp_sat": lambda: run_cp_sat(inst, seconds, workers),
    }
    for solver_name, run in runs.items():
        start = time.perf_counter()
        agent_of_job, extra = run()
        wall = time.perf_counter() - start
        row[solver_name] = {**evaluate(inst, agent_of_job), **extra, "wall_s": round(wall, 1)}
        print(f"{name} {solver_name}: {row[solver_name]}", flush=True)
    return row


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f} %"


def markdown(rows: list[dict[str, Any]], seconds: float) -> str:
    lines = [
        f"| instance | bound | ours ({seconds:g} work s) | HiGHS ({seconds:g} s) | "
        f"CP-SAT ({seconds:g} s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        cells = [
            f"{r[s]['cost']:,} ({_pct(r[s]['gap_to_bound_pct'])}, {r[s]['wall_s']:g} s)"
            if r[s]["feasible"]
            else "no answer"
            for s in ("ours", "highs", "cp_sat")
        ]
        lines.append(f"| {r['instance']} | {r['lower_bound']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", nargs="+", default=sorted(BOUNDS), choices=sorted(BOUNDS))
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "gap.json")
    args = parser.parse_args()
    rows = [bench(name, args.time_limit, args.workers) for name in args.instances]
    meta = {
        "date": date.today().isoformat(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
        "time_limit_s": args.time_limit,
        "workers": args.workers,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    print(markdown(rows, args.time_limit))


if __name__ == "__main__":
    main()
