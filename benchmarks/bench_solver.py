"""Benchmark the assignment solver on synthetic geometric rounds.

For each size: the pure capacity round (min-cost flow) against scipy's linear_sum_assignment on the
same problem (capacities expanded into slots) and against the greedy baseline; and the round with
guidance budgets and max_support (CP-SAT, warm-started) against greedy.

Run:  .venv/bin/python benchmarks/bench_solver.py [--sizes 1000 5000 20000] [--time-limit 120]
Writes benchmarks/results/solver.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree

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
LSA_MAX_CELLS = 150_000_000  # dense matrix cells (float64) we allow scipy: about 1.2 GB


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


def lsa_objective(problem: AssignmentProblem) -> int:
    """Optimum of the capacity-only problem via scipy's dense linear_sum_assignment."""
    slot_place = np.repeat(np.arange(len(problem.place_ids)), problem.place_capacity)
    first_slot = np.concatenate([[0], np.cumsum(problem.place_capacity)[:-1]])
    gain = np.zeros((len(problem.student_ids), slot_place.size))
    for offset in range(int(problem.place_capacity.max())):
        ok = offset < problem.place_capacity[problem.pair_place]
        cols = first_slot[problem.pair_place[ok]] + offset
        gain[problem.pair_student[ok], cols] = problem.pair_gain[ok]
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return int(gain[rows, cols].sum())


def _timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _summary(problem: AssignmentProblem, a: Any, seconds: float) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 3),
        "status": str(a.status),
        "placed": a.placed,
        "weighted_placed": a.weighted_placed,
        "quality": round(a.quality, 3),
        "objective": a.objective,
        "best_bound": a.best_bound,
        "gap": None if np.isnan(a.gap) else round(a.gap, 6),
        "components": len(a.components),
        "feasible": not violations(problem, a.pairs),
    }


def bench_size(n: int, *, seed: int, limits: SolverLimits) -> dict[str, Any]:
    """Pure and constrained round of n students: solver, scipy and greedy side by side."""
    pure, build_pure_s = _timed(lambda: synthetic_problem(n, seed, constrained=False))
    row: dict[str, Any] = {"students": n, "places": len(pure.place_ids), "pairs": pure.n_pairs}
    row["build_s"] = round(build_pure_s, 3)
    assert not has_side_constraints(pure)
    flow, flow_s = _timed(lambda: solve(pure, limits=limits))
    greedy, greedy_s = _timed(lambda: solve_greedy(pure))
    row["pure"] = {
        "solver": _summary(pure, flow, flow_s),
        "greedy": _summary(pure, greedy, greedy_s),
    }
    cells = len(pure.student_ids) * int(pure.place_capacity.sum())
    if cells <= LSA_MAX_CELLS:
        lsa, lsa_s = _timed(lambda: lsa_objective(pure))
        row["pure"]["scipy_lsa"] = {
            "seconds": round(lsa_s, 3),
            "objective": lsa,
            "same_optimum": lsa == flow.objective,
            "time_ratio_scipy_over_solver": round(lsa_s / flow_s, 1),
        }
    else:
        row["pure"]["scipy_lsa"] = {"skipped": f"dense matrix of {cells:,} cells"}
    constrained = synthetic_problem(n, seed, constrained=True)
    cp, cp_s = _timed(lambda: solve(constrained, limits=limits))
    greedy_c, greedy_c_s = _timed(lambda: solve_greedy(constrained))
    row["constrained"] = {
        "solver": _summary(constrained, cp, cp_s),
        "greedy": _summary(constrained, greedy_c, greedy_c_s),
    }
    for part, best, base in (("pure", flow, greedy), ("constrained", cp, greedy_c)):
        row[part]["greedy_vs_solver"] = {
            "quality_ratio": round(base.quality / best.quality, 4),
            "placed_ratio": round(base.placed / best.placed, 4),
            "weighted_placed_ratio": round(base.weighted_placed / best.weighted_placed, 4),
        }
    return row


def _print_row(row: dict[str, Any]) -> None:
    pure, con = row["pure"], row["constrained"]
    lsa = pure["scipy_lsa"]
    lsa_txt = lsa.get("skipped") or f"{lsa['seconds']:.2f}s same={lsa['same_optimum']}"
    print(
        f"{row['students']:>6} students {row['pairs']:>7} pairs | "
        f"pure {pure['solver']['seconds']:6.2f}s gap {pure['solver']['gap']:.4f} "
        f"| scipy {lsa_txt} | greedy q {pure['greedy_vs_solver']['quality_ratio']:.3f} "
        f"placed {pure['greedy_vs_solver']['placed_ratio']:.3f}\n"
        f"{'':>31}constrained {con['solver']['seconds']:6.2f}s gap {con['solver']['gap']:.4f} "
        f"{con['solver']['status']} | greedy q {con['greedy_vs_solver']['quality_ratio']:.3f} "
        f"placed {con['greedy_vs_solver']['placed_ratio']:.3f} "
        f"weighted {con['greedy_vs_solver']['weighted_placed_ratio']:.3f}"
    )


def main() -> None:
    """Run the benchmark and write benchmarks/results/solver.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    default_out = Path(__file__).parent / "results" / "solver.json"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args()
    limits = SolverLimits(
        time_limit_s=args.time_limit, seed=args.seed, num_workers=args.workers, deterministic=False
    )
    rows = []
    for n in args.sizes:
        row = bench_size(n, seed=args.seed, limits=limits)
        _print_row(row)
        rows.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "machine": platform.machine(),
        "python": platform.python_version(),
        "time_limit_s": args.time_limit,
        "workers": args.workers,
        "seed": args.seed,
    }
    args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
