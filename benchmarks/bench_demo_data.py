"""Benchmark: generating the demo population and the outcome history.

Prints the figures and writes benchmarks/results/demo_data.json.

Run: .venv/bin/python benchmarks/bench_demo_data.py [--students 20000] [--history 5000] [--seed 42]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import date
from pathlib import Path

from adapters.demo_data import load_towns
from matcher.demo.history import generate_history, oracle_probabilities
from matcher.demo.population import generate_population

ON = date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results" / "demo_data.json"


def main() -> None:
    """Time one population and one history generation."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--history", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    towns = load_towns()
    t0 = time.perf_counter()
    population = generate_population(n_students=args.students, seed=args.seed, towns=towns, on=ON)
    t1 = time.perf_counter()
    history, truth = generate_history(n_students=args.history, seed=args.seed, towns=towns, on=ON)
    t2 = time.perf_counter()
    probs = oracle_probabilities(history, truth, on=ON)
    success = sum(o.outcome.successful for o in history.outcomes) / len(history.outcomes)
    figures = {
        "students": args.students,
        "companies": len(population.companies),
        "places": len(population.places),
        "population_s": round(t1 - t0, 3),
        "history_students": args.history,
        "history_s": round(t2 - t1, 3),
        "history_success_rate": round(success, 3),
        "ground_truth_mean_probability": round(float(probs.mean()), 3),
        "python": platform.python_version(),
    }
    for key, value in figures.items():
        print(f"{key:32s} {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
