"""Spreading heavy-support students over companies (support_spread_penalty, H:1488)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from matcher.demo.population import generate_population
from matcher.pipeline import RoundPolicy
from matcher.prepare import prepare_round
from matcher.solver import SolverLimits, build_problem, solve
from matcher.solver.problem import AssignmentProblem
from matcher.solver.spread import heavy_per_company, heavy_support, spread_support
from matcher.travel import EstimatedTravelTime
from tests.matcher.demo.towns_fixture import TOWNS

LIMITS = SolverLimits(time_limit_s=5.0, deterministic=True)


def _instance(*, max_support: int | None = None) -> AssignmentProblem:
    """Four heavy-support students who all fit the inclusive company A best (0.90) and fit B
    and C almost as well (0.88, 0.87); A has room for all four, B and C for two each. Two light
    students fit only B and C."""
    students = ("s1", "s2", "s3", "s4", "light1", "light2")
    places = ("pA", "pB", "pC")
    pairs = [(s, p, score) for s in range(4) for p, score in ((0, 0.90), (1, 0.88), (2, 0.87))]
    pairs += [(4, 1, 0.8), (5, 2, 0.8)]
    return build_problem(
        student_ids=students,
        place_ids=places,
        company_ids=("A", "B", "C"),
        place_capacity=[4, 2, 2],
        place_company=[0, 1, 2],
        pair_student=[s for s, _, _ in pairs],
        pair_place=[p for _, p, _ in pairs],
        pair_score=[x for _, _, x in pairs],
        student_needs_support=[True] * 4 + [False] * 2,
        pair_guidance_hours=[3.0 if s < 4 else 1.0 for s, _, _ in pairs],
        company_guidance_budget=[40.0, 40.0, 40.0],
        company_max_support=[max_support, None, None],
    )


def _placed(problem: AssignmentProblem, pairs: np.ndarray) -> int:
    return int(problem.student_weight[problem.pair_student[pairs]].sum())


def test_weight_zero_returns_the_same_problem() -> None:
    problem = _instance()
    assert spread_support(problem, weight=0.0) is problem


def test_only_students_with_extra_support_and_two_hours_are_heavy() -> None:
    assert heavy_support(_instance()).tolist() == [True] * 4 + [False] * 2


@pytest.mark.parametrize("max_support", [None, 3])
def test_a_positive_weight_spreads_heavy_students_without_placing_fewer(
    max_support: int | None,
) -> None:
    problem = _instance(max_support=max_support)
    before = solve(problem, limits=LIMITS)
    spread = spread_support(problem, weight=0.05)
    after = solve(spread, limits=LIMITS)
    assert heavy_per_company(problem, before.pairs).max() == (max_support or 4)
    assert (
        heavy_per_company(problem, after.pairs).max()
        < heavy_per_company(problem, before.pairs).max()
    )
    assert heavy_per_company(problem, after.pairs).max() == 2
    assert _placed(problem, after.pairs) == _placed(problem, before.pairs) == 6
    # the pairs are the same; only the heavy-support pairs' scores are priced
    assert spread.n_pairs == problem.n_pairs
    light = ~problem.pair_support
    assert np.array_equal(spread.pair_score[light], problem.pair_score[light])
    assert np.all(spread.pair_score <= problem.pair_score)


def test_a_locked_student_stays_and_counts() -> None:
    base = _instance()
    locked = replace(base, locked=np.array([0, 3, 6, 9], dtype=np.int64))  # all four at A
    spread = spread_support(locked, weight=0.05)
    after = solve(spread, limits=LIMITS)
    assert heavy_per_company(base, after.pairs).tolist()[0] == 4


def test_weight_zero_gives_the_same_round_as_before_on_a_demo() -> None:
    population = generate_population(
        n_students=120, seed=3, towns=TOWNS, on=date(2026, 9, 1), places_per_student=2.0
    )
    travel, on = EstimatedTravelTime(), date(2026, 9, 1)
    off = RoundPolicy(support_spread_penalty=0.0)
    prepared = prepare_round(population, on=on, travel=travel, policy=off)
    assert np.array_equal(prepared.problem.pair_score, prepared.scored.final_score)
    spread = prepare_round(population, on=on, travel=travel, policy=RoundPolicy())
    assert spread.problem.n_pairs == prepared.problem.n_pairs
    assert not np.array_equal(spread.problem.pair_score, prepared.problem.pair_score)
    a = solve(prepared.problem, limits=LIMITS)
    b = solve(spread.problem, limits=LIMITS)
    assert _placed(prepared.problem, b.pairs) == _placed(prepared.problem, a.pairs)


def test_the_prices_never_make_a_heavy_support_student_lose_a_seat_to_another() -> None:
    """Two seats at A, two heavy-support students (0.90) and one light student (0.88) who all
    fit only A: the heavy-support students keep both seats (pricing them by their stacking
    alone, 0.85 each, would give one seat to the light student)."""
    problem = build_problem(
        student_ids=("h1", "h2", "light"),
        place_ids=("pA",),
        company_ids=("A",),
        place_capacity=[2],
        place_company=[0],
        pair_student=[0, 1, 2],
        pair_place=[0, 0, 0],
        pair_score=[0.90, 0.90, 0.88],
        student_needs_support=[True, True, False],
        pair_guidance_hours=[3.0, 3.0, 1.0],
    )
    after = solve(spread_support(problem, weight=0.05), limits=LIMITS)
    assert sorted(problem.student_ids[s] for s in problem.pair_student[after.pairs]) == [
        "h1",
        "h2",
    ]
