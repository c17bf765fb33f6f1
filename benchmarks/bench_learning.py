"""Benchmark: learning from 300, 800 and 2,000 outcomes drawn from the demo's ground truth.

For each history size: held-out AUC and Brier of the rule score and of the learned model (95 %
bootstrap intervals, on outcomes the model never saw), what was chosen, the training time, and
the expected number of successful BPVs of a demo round under the same truth with the rules
alone and with the learned model (the round is solved with each score; the truth's success
probabilities of the proposals are summed). Ground truth: docs/ground_truth.md.

The history students and the held-out students come from one drawn history (seed 3): the first
``n`` of a shuffled pool train, a fixed set of 4,000 others tests. The round is a separate demo
population (seed 7) with its own company cultures, drawn from the same truth.

Target (issue 20): the learned model beats the rule score from 300 outcomes on, the round gains,
training on 2,000 outcomes in <= 10 s. Prints a table, writes benchmarks/results/learning.json.

Run: .venv/bin/python benchmarks/bench_learning.py [--sizes 300 800 2000] [--round-students 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from adapters.demo_data import load_towns
from matcher.demo.ground_truth import GroundTruth, culture_of
from matcher.demo.history import generate_history, pair_success_probabilities
from matcher.demo.population import generate_population
from matcher.domain import CompanyId, History, Population
from matcher.pipeline import solve_round
from matcher.prepare import build_round_problem, prepare_round
from matcher.round_types import PreparedRound, RoundPolicy
from matcher.scoring.history import TrainingSet, learn_from_training_set, training_set
from matcher.scoring.learned import SuccessModel, bootstrap_compare, fit_rule_calibration
from matcher.solver import SolverLimits
from matcher.travel import EstimatedTravelTime

RESULTS = Path(__file__).parent / "results" / "learning.json"
HISTORY_ON = date(2025, 9, 1)
ROUND_ON = date(2026, 9, 1)
TEST_SIZE = 4000
TARGET_TRAIN_S = 10.0


def subset(data: TrainingSet, rows: np.ndarray) -> TrainingSet:
    """The training set restricted to ``rows``."""
    return replace(
        data,
        features=data.features[rows],
        success=data.success[rows],
        rule_score=data.rule_score[rows],
        groups={k: v[rows] for k, v in data.groups.items()},
    )


def held_out(model: SuccessModel | None, train: TrainingSet, test: TrainingSet) -> dict[str, Any]:
    """AUC and Brier of rules and model on the test outcomes, with bootstrap intervals."""
    y = test.success.astype(float)
    a, c = fit_rule_calibration(train.rule_score, train.success.astype(float))
    p_rule = 1.0 / (1.0 + np.exp(-(a + c * test.rule_score)))
    p_model = p_rule if model is None else model.predict(test.features)
    figures = bootstrap_compare(y, p_model, p_rule, test.rule_score, n_boot=1000, seed=1)
    return {k: {"value": v.value, "low": v.low, "high": v.high} for k, v in figures.items()}


@dataclass(frozen=True)
class DemoRound:
    """The demo round and its truth (company cultures drawn once)."""

    population: Population
    truth: GroundTruth
    policy: RoundPolicy


def demo_round(students: int, time_limit: float, *, pure: bool) -> DemoRound:
    """The demo population of the round, its ground truth and the round's policy."""
    population = generate_population(n_students=students, seed=7, towns=load_towns(), on=ROUND_ON)
    truth = GroundTruth(culture=culture_of(population.companies, np.random.default_rng([7, 7])))
    policy = RoundPolicy(
        limits=SolverLimits(time_limit_s=time_limit, num_workers=1, gap_limit=0.01),
        use_guidance_budget=not pure,
        use_max_support=not pure,
    )
    return DemoRound(population, truth, policy)


def oracle_scores(demo: DemoRound, prepared: PreparedRound) -> np.ndarray:
    """The truth's own success chance of every eligible pair (guidance shared by capacity)."""
    pairs = prepared.scored.pairs
    capacity = Counter[CompanyId]()
    for place in demo.population.places:
        capacity[place.company_id] += place.capacity
    return pair_success_probabilities(
        demo.population, pairs.s_idx, pairs.p_idx, demo.truth, on=ROUND_ON, placed=capacity
    )


def round_successes(
    demo: DemoRound, model: SuccessModel | None, *, oracle: bool = False
) -> dict[str, Any]:
    """Solve the demo round with (or without) the model; sum the truth's success chances."""
    travel = EstimatedTravelTime()
    prepared = prepare_round(
        demo.population, on=ROUND_ON, travel=travel, policy=demo.policy, model=model
    )
    if oracle:
        scored = replace(prepared.scored, final_score=oracle_scores(demo, prepared))
        problem = build_round_problem(scored, policy=demo.policy, decisions=prepared.decisions)
        prepared = replace(prepared, scored=scored, problem=problem)
    t0 = time.perf_counter()
    assignment = solve_round(prepared)
    solve_s = time.perf_counter() - t0
    origin = prepared.problem.pair_origin[assignment.pairs]
    pairs = prepared.scored.pairs
    s_idx, p_idx = pairs.s_idx[origin], pairs.p_idx[origin]
    probs = pair_success_probabilities(demo.population, s_idx, p_idx, demo.truth, on=ROUND_ON)
    return {
        "placed": int(assignment.placed),
        "weighted_placed": int(assignment.weighted_placed),
        "expected_successes": float(probs.sum()),
        "mean_success_of_proposals": float(probs.mean()) if probs.size else 0.0,
        "solver_status": str(assignment.status),
        "quality_gap": float(assignment.quality_gap),
        "solve_s": round(solve_s, 2),
    }


KINDS = {"pure": "capacity only (min-cost flow, exact)",
         "constrained": "with guidance budgets and max support (the default round)"}  # fmt: skip


def run(
    sizes: list[int], round_students: int, time_limit: float, kinds: list[str]
) -> dict[str, Any]:
    """Every size: train, evaluate on held-out outcomes, solve the round with the model."""
    travel = EstimatedTravelTime()
    pool = max(sizes) + TEST_SIZE
    history, _truth = generate_history(n_students=pool, seed=3, towns=load_towns(), on=HISTORY_ON)
    data = training_set(history, on=HISTORY_ON, travel=travel)
    order = np.random.default_rng(11).permutation(pool)
    test = subset(data, order[:TEST_SIZE])
    demos = {k: demo_round(round_students, time_limit, pure=k == "pure") for k in kinds}
    rounds: dict[str, Any] = {
        k: {"what": KINDS[k], "rules": round_successes(d, None),
            "oracle": round_successes(d, None, oracle=True)}
        for k, d in demos.items()
    }  # fmt: skip
    rows: list[dict[str, Any]] = []
    for n in sizes:
        picked = order[TEST_SIZE : TEST_SIZE + n]
        train = subset(data, picked)
        t0 = time.perf_counter()
        _ = training_set(
            History(history.population, tuple(history.outcomes[i] for i in picked)),
            on=HISTORY_ON, travel=travel,
        )  # fmt: skip
        features_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = learn_from_training_set(train)
        train_s = time.perf_counter() - t0
        ev, model = result.evaluation, result.model
        learned = {
            k: round_successes(d, model) if model is not None else rounds[k]["rules"]
            for k, d in demos.items()
        }
        rows.append(
            {
                "outcomes": n,
                "success_rate": ev.success_rate,
                "chosen": ev.chosen,
                "penalty": ev.penalty,
                "cv": {
                    "model_auc": ev.model_auc.value,
                    "rule_auc": ev.rule_auc.value,
                    "model_brier": ev.model_brier.value,
                    "rule_brier": ev.rule_brier.value,
                    "log_loss": dict(ev.log_loss),
                },
                "held_out": held_out(model, train, test),
                "features_s": round(features_s, 2),
                "train_s": round(train_s, 2),
                "weights": None if model is None else model.weight_of(),
                "relative_weights": None if model is None else model.relative_weights(),
                "round_weight": 0.0 if model is None else model.blend,
                "rounds": {
                    k: {**v, "gain": v["expected_successes"]
                        - rounds[k]["rules"]["expected_successes"]}
                    for k, v in learned.items()
                },
            }
        )  # fmt: skip
    return {
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "load_avg": os.getloadavg()},
        "test_outcomes": TEST_SIZE,
        "round_students": round_students,
        "rounds": rounds,
        "rows": rows,
    }  # fmt: skip


def _ci(d: dict[str, float]) -> str:
    return f"{d['value']:.3f} [{d['low']:.3f}, {d['high']:.3f}]"


def print_table(doc: dict[str, Any]) -> None:
    """One line per history size (held-out figures with 95 % intervals), then the rounds."""
    print(f"held-out: {doc['test_outcomes']} outcomes never trained on")
    print("outcomes | chosen | AUC rules | AUC learned | Brier rules | Brier learned | train s")
    for r in doc["rows"]:
        h = r["held_out"]
        print(
            f"{r['outcomes']} | {r['chosen']} | {_ci(h['rule_auc'])} | {_ci(h['model_auc'])} | "
            f"{_ci(h['rule_brier'])} | {_ci(h['model_brier'])} | "
            f"{r['features_s']:.2f} + {r['train_s']:.2f}"
        )
    for kind, info in doc["rounds"].items():
        rules, oracle = info["rules"], info["oracle"]
        print(
            f"round of {doc['round_students']} demo students, {info['what']}: expected successful "
            f"BPVs with the rules {rules['expected_successes']:.1f} (placed {rules['placed']}), "
            f"with the truth itself as score {oracle['expected_successes']:.1f}"
        )
        for r in doc["rows"]:
            got = r["rounds"][kind]
            print(
                f"  learned from {r['outcomes']}: {got['expected_successes']:.1f} "
                f"({got['gain']:+.1f}; placed {got['placed']})"
            )


def main() -> None:
    """Run, print, write the JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 800, 2000])
    ap.add_argument("--round-students", type=int, default=1000)
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--rounds", nargs="+", choices=sorted(KINDS), default=["pure", "constrained"])
    args = ap.parse_args()
    doc = run(args.sizes, args.round_students, args.time_limit, args.rounds)
    print_table(doc)
    slow = [
        r for r in doc["rows"]
        if r["outcomes"] >= 2000 and r["features_s"] + r["train_s"] > TARGET_TRAIN_S
    ]  # fmt: skip
    print("training target (2,000 outcomes <= 10 s):", "NOT met" if slow else "met")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"written: {RESULTS}")


if __name__ == "__main__":
    main()
