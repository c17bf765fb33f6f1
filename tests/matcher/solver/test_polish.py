"""Polish: keeps every rule and every placed student, only adds quality, repeats exactly."""

from __future__ import annotations

import numpy as np

from matcher.solver.feasibility import violations
from matcher.solver.greedy import solve_greedy
from matcher.solver.polish import polish
from matcher.solver.problem import build_problem
from tests.matcher.solver.test_rounds import random_round


def _weighted(problem, pairs) -> int:  # type: ignore[no-untyped-def]
    return int(problem.student_weight[problem.pair_student[pairs]].sum())


def test_a_swap_between_two_full_places_is_found() -> None:
    # two seats, each taken by the student who fits it worse: no shift fits, one swap does
    problem = build_problem(
        student_ids=["a", "b"],
        place_ids=["p", "q"],
        company_ids=["c", "d"],
        place_capacity=[1, 1],
        place_company=[0, 1],
        pair_student=[0, 0, 1, 1],
        pair_place=[0, 1, 0, 1],
        pair_score=[0.2, 0.9, 0.9, 0.2],
        company_guidance_budget=[2.0, 2.0],
        pair_guidance_hours=[1.0, 1.0, 1.0, 1.0],
    )
    result = polish(problem, np.array([0, 3]), work_budget=1.0, seed=0)
    assert result.pairs.tolist() == [1, 2]
    assert result.work > 0


def test_a_swap_that_breaks_a_budget_is_not_taken() -> None:
    # b needs 3 hours at company c, which has 2: the better swap does not fit
    problem = build_problem(
        student_ids=["a", "b"],
        place_ids=["p", "q"],
        company_ids=["c", "d"],
        place_capacity=[1, 1],
        place_company=[0, 1],
        pair_student=[0, 0, 1, 1],
        pair_place=[0, 1, 0, 1],
        pair_score=[0.2, 0.9, 0.9, 0.2],
        company_guidance_budget=[2.0, 5.0],
        pair_guidance_hours=[1.0, 1.0, 3.0, 1.0],
    )
    result = polish(problem, np.array([0, 3]), work_budget=1.0, seed=0)
    assert result.pairs.tolist() == [0, 3]


def test_polish_keeps_every_rule_and_placed_student_and_repeats() -> None:
    problem = random_round(300, seed=5, towns=2)
    start = solve_greedy(problem).pairs
    first = polish(problem, start, work_budget=5.0, seed=3)
    assert violations(problem, first.pairs) == []  # recomputed from the answer itself
    assert _weighted(problem, first.pairs) == _weighted(problem, start)
    placed = set(problem.pair_student[first.pairs].tolist())
    assert placed == set(problem.pair_student[start].tolist())
    assert int(problem.pair_quality[first.pairs].sum()) > int(problem.pair_quality[start].sum())
    assert first.work <= 5.0
    again = polish(problem, start, work_budget=5.0, seed=3)
    assert again.pairs.tolist() == first.pairs.tolist()
    assert again.work == first.work


def test_polish_without_budget_returns_the_start() -> None:
    problem = random_round(100, seed=4)
    start = solve_greedy(problem).pairs
    result = polish(problem, start, work_budget=0.0, seed=0)
    assert result.pairs.tolist() == np.sort(start).tolist()
    assert result.work == 0.0
