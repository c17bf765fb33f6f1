"""Benchmark the assignment solver on demo rounds (the real pipeline) or synthetic rounds.

For each size: the pure capacity round (min-cost flow) against scipy on the same assignment
problem (capacities expanded into slots, a dummy "unplaced" slot per student, solved with
scipy.sparse.csgraph.min_weight_full_bipartite_matching; dense linear_sum_assignment where the
matrix is small) and against the greedy baseline; and the round with guidance budgets and
max_support (two-phase solver) against greedy. Wall time is measured here, around solve().

Gap (see matcher/solver/result.py): placed_gap on weighted placed students, quality_gap on
quality points among answers of the whole round placing at least as many weighted students (in
total, however spread over the components: matcher/solver/round_bound.py); gap = the larger.
Both are proved by certificates (LP prices evaluated exactly, HiGHS / CP-SAT bounds).

--time-limit is the solver's budget in work seconds (matcher/solver/plan.py): counted from
the pairs each phase handles, so results repeat exactly; the wall time printed here is what it
cost on this machine under its load at the time (load averages are recorded in the JSON).

Targets (issue): pure 20,000 < 10 s; constrained 20,000 < 120 s with gap <= 1 %.

Run:  .venv/bin/python benchmarks/bench_solver.py [--sizes 1000 5000 20000] [--time-limit 300]
      [--gap-limit 0.01] [--processes 2] [--synthetic]     Writes benchmarks/results/solver.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching
from scipy.spatial import cKDTree

from adapters.solver_pool import component_map
from matcher.solver import (
    AssignmentProblem,
    SolverLimits,
    build_problem,
    has_side_constraints,
    solve,
    solve_greedy,
)
from matcher.solver.feasibility import violations

BOX_KM = 250.0
NEAREST = 30
SLOTS_PER_STUDENT = 3.0
DENSE_MAX_CELLS = 50_000_000  # dense matrix cells (float64) for linear_sum_assignment: 400 MB
ON = date(2026, 9, 1)


def synthetic_problem(n_students: int, seed: int, *, constrained: bool = True) -> AssignmentProblem:
    """A round in a 250x250 km box of town-like clusters; students see their ~30 nearest places.

    About three place-slots per student, 10 % priority students (weight 2), companies with 1-10
    places. With ``constrained`` every company gets a guidance budget of 40-90 % of what a full
    house would need, and a third of them a max_support of 1-3; without, both are unlimited.
    """
    rng = np.random.default_rng(seed)
    towns = rng.uniform(0, BOX_KM, size=(max(8, n_students // 400), 2))
    town_weight = 1.0 / np.arange(1, len(towns) + 1) ** 0.8
    town_weight /= town_weight.sum()

    def near_towns(n: int, spread_km: float) -> np.ndarray:
        at = rng.choice(len(towns), size=n, p=town_weight)
        points = towns[at] + rng.normal(0, spread_km, size=(n, 2))
        return np.clip(points, 0, BOX_KM)

    students = near_towns(n_students, 6.0)
    company_size = rng.integers(1, 11, size=max(2, int(n_students * SLOTS_PER_STUDENT)))
    slots = np.cumsum(company_size * 2.0)  # mean place capacity is 2
    n_companies = int(np.searchsorted(slots, n_students * SLOTS_PER_STUDENT)) + 1
    company_size = company_size[:n_companies]
    company_xy = near_towns(n_companies, 6.0)
    place_company = np.repeat(np.arange(n_companies), company_size)
    n_places = place_company.size
    place_xy = company_xy[place_company] + rng.normal(0, 0.5, size=(n_places, 2))
    place_capacity = rng.integers(1, 4, size=n_places)

    k = min(NEAREST, n_places)
    dist, nearest = cKDTree(place_xy).query(students, k=k)
    pair_student = np.repeat(np.arange(n_students), k)
    pair_place = nearest.reshape(-1)
    student_taste = rng.normal(size=(n_students, 3))
    place_profile = rng.normal(size=(n_companies, 3))[place_company]
    fit = np.einsum("ij,ij->i", student_taste[pair_student], place_profile[pair_place]) / 3
    score = 0.5 * np.exp(-dist.reshape(-1) / 25.0) + 0.4 / (1 + np.exp(-2 * fit))
    score = np.clip(score + rng.normal(0, 0.05, size=score.size), 0.0, 1.0)

    hours = np.round(rng.gamma(3.0, 0.5, size=n_students).clip(0.5, 4.0), 1)
    needs_support = rng.random(n_students) < 0.4
    company_cap = np.bincount(place_company, place_capacity, minlength=n_companies)
    weight = np.where(rng.random(n_students) < 0.1, 2, 1)
    share = rng.uniform(0.4, 0.9, size=n_companies)  # drawn either way: same round both times
    limited = rng.random(n_companies) < 1 / 3
    support_limit = rng.integers(1, 4, size=n_companies)
    budget: list[float | None] = [None] * n_companies
    max_support: list[int | None] = [None] * n_companies
    if constrained:
        budget = np.round(company_cap * hours.mean() * share, 1).tolist()
        max_support = [int(m) if on else None for m, on in zip(support_limit, limited, strict=True)]
    return build_problem(
        student_ids=[f"s{i}" for i in range(n_students)],
        place_ids=[f"p{i}" for i in range(n_places)],
        company_ids=[f"c{i}" for i in range(n_companies)],
        place_capacity=place_capacity,
        place_company=place_company,
        pair_student=pair_student,
        pair_place=pair_place,
        pair_score=score,
        student_weight=weight,
        student_needs_support=needs_support,
        company_guidance_budget=budget,
        company_max_support=max_support,
        pair_guidance_hours=hours[pair_student],
    )


def demo_problems(n_students: int, seed: int) -> tuple[AssignmentProblem, AssignmentProblem]:
    """(pure, constrained) problem of a demo round: population, scoring, build_round_problem."""
    from adapters.demo_data import load_towns
    from matcher import Decisions, RoundPolicy, build_round_problem, score_round
    from matcher.demo.population import generate_population
    from matcher.travel import EstimatedTravelTime

    population = generate_population(
        n_students=n_students, seed=seed, towns=load_towns(), on=ON, places_per_student=3.0
    )
    scored = score_round(population, on=ON, travel=EstimatedTravelTime(), policy=RoundPolicy())
    pure, constrained = (
        build_round_problem(
            scored,
            policy=RoundPolicy(use_guidance_budget=on, use_max_support=on),
            decisions=Decisions(),
        )
        for on in (False, True)
    )
    return pure, constrained


def slot_graph(problem: AssignmentProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Edges (student, column, gain) of the slot graph; column >= n_slots is a dummy slot."""
    first_slot = np.concatenate([[0], np.cumsum(problem.place_capacity)[:-1]])
    n_slots = int(problem.place_capacity.sum())
    rows, cols, gains = [], [], []
    for offset in range(int(problem.place_capacity.max(initial=0))):
        ok = offset < problem.place_capacity[problem.pair_place]
        rows.append(problem.pair_student[ok])
        cols.append(first_slot[problem.pair_place[ok]] + offset)
        gains.append(problem.pair_gain[ok])
    n_s = len(problem.student_ids)
    rows.append(np.arange(n_s))
    cols.append(n_slots + np.arange(n_s))
    gains.append(np.zeros(n_s, dtype=np.int64))
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(gains), n_slots


def scipy_objective(problem: AssignmentProblem) -> tuple[int, str]:
    """Optimum of the capacity-only problem with scipy (no locks in benchmark rounds)."""
    rows, cols, gains, n_slots = slot_graph(problem)
    n_s = len(problem.student_ids)
    if n_s * (n_slots + n_s) <= DENSE_MAX_CELLS:
        matrix = np.zeros((n_s, n_slots + n_s))
        matrix[rows, cols] = gains
        r, c = linear_sum_assignment(matrix, maximize=True)
        return int(matrix[r, c].sum()), "linear_sum_assignment (dense)"
    top = int(gains.max()) + 1  # cost = top - gain > 0: every student matched once (dummies)
    graph = csr_matrix((top - gains.astype(np.float64), (rows, cols)), shape=(n_s, n_slots + n_s))
    r, c = min_weight_full_bipartite_matching(graph)
    picked = graph[r, c]
    chosen = np.asarray(picked.toarray() if hasattr(picked, "toarray") else picked).reshape(-1)
    assert r.size == n_s  # every student matched: to a slot or to their dummy
    return int(round(n_s * top - chosen.sum())), "min_weight_full_bipartite_matching (sparse)"


def _timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _summary(problem: AssignmentProblem, a: Any, seconds: float) -> dict[str, Any]:
    def rounded(value: float) -> float | None:
        return None if np.isnan(value) else round(value, 6)

    return {
        "seconds": round(seconds, 3),
        "status": str(a.status),
        "placed": a.placed,
        "weighted_placed": a.weighted_placed,
        "weighted_placed_bound": a.weighted_placed_bound,
        "quality": round(a.quality, 3),
        "quality_points": a.quality_points,
        "quality_bound": a.quality_bound,
        "placed_gap": rounded(a.placed_gap),
        "quality_gap": rounded(a.quality_gap),
        "gap": rounded(a.gap),
        "objective": a.objective,
        "best_bound": a.best_bound,
        "components": len(a.components),
        "feasible": not violations(problem, a.pairs),
    }


def _versus_greedy(best: Any, base: Any) -> dict[str, float]:
    return {
        "quality_ratio": round(base.quality / max(best.quality, 1e-9), 4),
        "placed_ratio": round(base.placed / max(best.placed, 1), 4),
        "weighted_placed_ratio": round(base.weighted_placed / max(best.weighted_placed, 1), 4),
    }


def bench_size(
    n: int, *, seed: int, limits: SolverLimits, synthetic: bool, map_fn: Any = None
) -> dict[str, Any]:
    """Pure and constrained round of n students: solver, scipy and greedy side by side."""
    if synthetic:
        (pure, constrained), build_s = _timed(
            lambda: tuple(synthetic_problem(n, seed, constrained=c) for c in (False, True))
        )
    else:
        (pure, constrained), build_s = _timed(lambda: demo_problems(n, seed))
    row: dict[str, Any] = {
        "students": n,
        "places": len(pure.place_ids),
        "slots": int(pure.place_capacity.sum()),
        "pairs": pure.n_pairs,
        "build_s": round(build_s, 3),
        "load_average_before": round(os.getloadavg()[0], 2),
    }
    assert not has_side_constraints(pure)
    flow, flow_s = _timed(lambda: solve(pure, limits=limits))
    greedy, greedy_s = _timed(lambda: solve_greedy(pure))
    (lsa, method), lsa_s = _timed(lambda: scipy_objective(pure))
    row["pure"] = {
        "solver": _summary(pure, flow, flow_s),
        "greedy": _summary(pure, greedy, greedy_s),
        "scipy": {
            "method": method,
            "seconds": round(lsa_s, 3),
            "objective": lsa,
            "same_optimum": lsa == flow.objective,
            "time_ratio_scipy_over_solver": round(lsa_s / max(flow_s, 1e-9), 2),
        },
        "greedy_vs_solver": _versus_greedy(flow, greedy),
    }
    cp, cp_s = _timed(lambda: solve(constrained, limits=limits, map_fn=map_fn))
    greedy_c, greedy_c_s = _timed(lambda: solve_greedy(constrained))
    row["constrained"] = {
        "solver": _summary(constrained, cp, cp_s),
        "greedy": _summary(constrained, greedy_c, greedy_c_s),
        "greedy_vs_solver": _versus_greedy(cp, greedy_c),
    }
    row["load_average_after"] = round(os.getloadavg()[0], 2)
    return row


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.2f} %"


def markdown(rows: list[dict[str, Any]]) -> str:
    """The README table: one line per size and round."""
    lines = [
        "| students | pairs | round | time | status | placed (bound) | placed gap | quality gap "
        "| scipy: time, same optimum, time ratio | greedy: quality ratio, placed ratio |",
        "|---:|---:|---|---:|---|---|---:|---:|---|---|",
    ]
    for row in rows:
        for part in ("pure", "constrained"):
            solver, versus = row[part]["solver"], row[part]["greedy_vs_solver"]
            scipy = row[part].get("scipy")
            scipy_txt = (
                f"{scipy['seconds']:.2f} s, {'yes' if scipy['same_optimum'] else 'NO'}, "
                f"{scipy['time_ratio_scipy_over_solver']:.1f}x"
                if scipy
                else "-"
            )
            lines.append(
                f"| {row['students']:,} | {row['pairs']:,} | {part} | {solver['seconds']:.1f} s "
                f"| {solver['status']} | {solver['weighted_placed']:,} "
                f"({solver['weighted_placed_bound']:,}) | {_pct(solver['placed_gap'])} "
                f"| {_pct(solver['quality_gap'])} | {scipy_txt} "
                f"| {versus['quality_ratio']:.3f}, {versus['placed_ratio']:.3f} |"
            )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark, print a Markdown table and write benchmarks/results/solver.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--gap-limit", type=float, default=0.01)
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers")
    parser.add_argument(
        "--processes", type=int, default=2, help="processes solving large components side by side"
    )
    parser.add_argument("--synthetic", action="store_true", help="synthetic rounds, not demo")
    default_out = Path(__file__).parent / "results" / "solver.json"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args()
    limits = SolverLimits(
        time_limit_s=args.time_limit,
        seed=args.seed,
        num_workers=args.workers,
        deterministic=True,
        gap_limit=args.gap_limit,
    )
    rows = []
    with component_map(args.processes) as map_fn:
        for n in args.sizes:
            row = bench_size(
                n, seed=args.seed, limits=limits, synthetic=args.synthetic, map_fn=map_fn
            )
            rows.append(row)
            print(markdown(rows[-1:]).splitlines()[-2:], flush=True)
    table = markdown(rows)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "rounds": "synthetic" if args.synthetic else "demo (matcher.demo + matcher.pipeline)",
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "time_limit_s": args.time_limit,
        "gap_limit": args.gap_limit,
        "deterministic": True,
        "workers": args.workers,
        "processes": args.processes,
        "seed": args.seed,
    }
    payload = {"meta": meta, "rows": rows, "table": table}
    args.out.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
