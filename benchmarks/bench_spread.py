"""Measure support_spread_penalty on a demo round: placed, stacked heavy-support students, quality.

For the pure (capacities only) and the constrained round (guidance budgets and max_support) of
a demo population, solved with the penalty off (0) and at the given weights. *Stacked* counts
heavy-support students beyond the first at each company (sum of max(n - 1, 0)); *max* is the
most heavy-support students at one company; quality is the mean real score (not the priced one)
of the placed students.

Run:  .venv/bin/python benchmarks/bench_spread.py [--students 1000] [--weights 0.05 0.1]
      [--time-limit 60]     Writes benchmarks/results/spread.json.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from adapters.demo_data import load_towns
from matcher import Decisions, RoundPolicy, build_round_problem, score_round
from matcher.demo.population import generate_population
from matcher.solver import SolverLimits, solve
from matcher.solver.spread import heavy_per_company, heavy_support
from matcher.travel import EstimatedTravelTime

ON = date(2026, 9, 1)


def measure(n_students: int, seed: int, weights: list[float], limit: float) -> list[dict[str, Any]]:
    """One row per (round kind, weight)."""
    population = generate_population(
        n_students=n_students, seed=seed, towns=load_towns(), on=ON, places_per_student=3.0
    )
    scored = score_round(population, on=ON, travel=EstimatedTravelTime(), policy=RoundPolicy())
    limits = SolverLimits(time_limit_s=limit, gap_limit=0.01, deterministic=True)
    rows = []
    for constrained in (False, True):
        base = RoundPolicy(use_guidance_budget=constrained, use_max_support=constrained)
        plain = build_round_problem(
            scored, policy=replace(base, support_spread_penalty=0.0), decisions=Decisions()
        )
        for weight in (0.0, *weights):
            policy = replace(base, support_spread_penalty=weight)
            started = time.perf_counter()
            problem = build_round_problem(scored, policy=policy, decisions=Decisions())
            answer = solve(problem, limits=limits)
            seconds = time.perf_counter() - started
            n_c = heavy_per_company(plain, answer.pairs)
            rows.append(
                {
                    "round": "constrained" if constrained else "pure",
                    "weight": weight,
                    "students": n_students,
                    "heavy_students": int(heavy_support(plain).sum()),
                    "placed": int(answer.pairs.size),
                    "weighted_placed": int(
                        plain.student_weight[plain.pair_student[answer.pairs]].sum()
                    ),
                    "heavy_placed": int(n_c.sum()),
                    "stacked": int(np.maximum(n_c - 1, 0).sum()),
                    "max_per_company": int(n_c.max(initial=0)),
                    "companies_with_heavy": int((n_c > 0).sum()),
                    "quality": float(plain.pair_score[answer.pairs].mean()),
                    "seconds": round(seconds, 2),
                    "status": answer.status.value,
                }
            )
            print(rows[-1], flush=True)
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    """The table for docs/benchmarks.md."""
    lines = [
        "| round | weight | placed (weighted) | heavy placed | stacked | max at one company "
        "| companies with heavy | mean score | time |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['round']} | {r['weight']:.2f} | {r['placed']:,} ({r['weighted_placed']:,}) "
            f"| {r['heavy_placed']} | {r['stacked']} | {r['max_per_company']} "
            f"| {r['companies_with_heavy']} | {r['quality']:.3f} | {r['seconds']:.1f} s |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weights", type=float, nargs="*", default=[0.05, 0.1])
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    rows = measure(args.students, args.seed, args.weights, args.time_limit)
    out = Path(__file__).parent / "results" / "spread.json"
    out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(markdown(rows))


if __name__ == "__main__":
    main()
