"""Benchmark: candidate pairs, hard rules and soft terms for a round, and one shortlist.

Targets (brief): score >= 2 million candidate pairs in < 10 s; a shortlist of 20 among 50,000
places in < 100 ms. Prints the figures and writes benchmarks/results/scoring.json.

Run: .venv/bin/python benchmarks/bench_scoring.py [--students 20000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from matcher.candidates import CandidatePairs, PlaceIndex, candidate_pairs
from matcher.domain import Population
from matcher.eligibility import evaluate_rules
from matcher.features import pair_features
from matcher.scoring.terms import score_pairs
from matcher.shortlist import shortlist
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import EstimatedTravelTime

ON = date(2025, 9, 1)
RESULTS = Path(__file__).parent / "results" / "scoring.json"
MIN_PAIRS = 2_000_000


def demo_population(n_students: int, seed: int) -> Population:
    """The colleague's realistic demo population (matcher.demo) on the bundled town table."""
    from adapters.demo_data import load_towns
    from matcher.demo.population import generate_population

    return generate_population(
        n_students=n_students, seed=seed, towns=load_towns(), on=ON, places_per_student=4.4
    )


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Run once; return (result, seconds)."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def widen_to(pairs: CandidatePairs, n: int) -> CandidatePairs:
    """Repeat the real candidate pairs until there are at least ``n`` (for the scoring figure)."""
    reps = max(1, -(-n // max(len(pairs), 1)))
    return CandidatePairs(
        np.tile(pairs.s_idx, reps),
        np.tile(pairs.p_idx, reps),
        np.tile(pairs.distance_km, reps),
        np.tile(pairs.travel_min, reps),
    )


def main() -> None:
    """Build a round, time each stage, time shortlists, write the JSON figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    travel = EstimatedTravelTime()

    pop, t_gen = timed(demo_population, args.students, args.seed)
    students, t_st = timed(StudentTable.from_students, pop.students)
    places, t_pl = timed(PlaceTable.from_population, pop)
    index, t_idx = timed(PlaceIndex.build, places)
    pairs, t_cand = timed(candidate_pairs, students, places, travel=travel, index=index)
    rules, t_rules = timed(
        evaluate_rules,
        students,
        places,
        pairs.s_idx,
        pairs.p_idx,
        on=ON,
        travel=travel,
        travel_min=pairs.travel_min,
    )
    eligible = pairs.subset(rules.eligible)
    bench_pairs = widen_to(pairs, MIN_PAIRS)  # score ALL candidates (>= 2M), not only eligible
    scores, t_score = timed(score_pairs, students, places, bench_pairs)
    rules2, t_rules2 = timed(
        evaluate_rules,
        students,
        places,
        bench_pairs.s_idx,
        bench_pairs.p_idx,
        on=ON,
        travel=travel,
        travel_min=bench_pairs.travel_min,
    )
    _, t_feat = timed(pair_features, students, places, eligible, on=ON)

    rng = np.random.default_rng(args.seed)
    rows = rng.choice(len(students), size=min(50, len(students)), replace=False)
    shortlist(int(rows[0]), places, students=students, on=ON, travel=travel, index=index)  # warm
    times = []
    for r in rows:
        _, t = timed(
            shortlist, int(r), places, students=students, on=ON, travel=travel, index=index, k=20
        )
        times.append(t)

    figures: dict[str, Any] = {
        "students": len(students),
        "places": len(places),
        "companies": len(pop.companies),
        "candidate_pairs": len(pairs),
        "eligible_pairs": len(eligible),
        "scored_pairs": len(bench_pairs),
        "seconds": {
            "generate_population": round(t_gen, 3),
            "student_table": round(t_st, 3),
            "place_table": round(t_pl, 3),
            "balltree": round(t_idx, 3),
            "candidate_pairs": round(t_cand, 3),
            "hard_rules_candidates": round(t_rules, 3),
            "hard_rules_scored_pairs": round(t_rules2, 3),
            "score_pairs": round(t_score, 3),
            "pair_features_eligible": round(t_feat, 3),
        },
        "rules_plus_score_per_million_pairs_s": round(
            (t_score + t_rules2) / len(bench_pairs) * 1e6, 3
        ),
        "shortlist_ms": {
            "k": 20,
            "runs": len(times),
            "median": round(statistics.median(times) * 1e3, 2),
            "p95": round(float(np.percentile(times, 95)) * 1e3, 2),
            "max": round(max(times) * 1e3, 2),
        },
        "score_mean_scored_pairs": round(float(scores.total.mean()), 4),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(json.dumps(figures, indent=2))
    print(
        f"score {len(bench_pairs):,} pairs: {t_score:.2f} s (+ rules {t_rules2:.2f} s); "
        f"target < 10 s -> {'OK' if t_score + t_rules2 < 10 else 'MISSED'}"
    )
    print(
        f"shortlist 20 of {len(places):,} places: median {figures['shortlist_ms']['median']} ms;"
        f" target < 100 ms -> {'OK' if figures['shortlist_ms']['p95'] < 100 else 'MISSED'}"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
