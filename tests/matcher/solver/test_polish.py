"""Polish: keeps every rule and every placed student, only adds quality, repeats exactly."""

from __future__ import annotations

import numpy as np

from matcher.solver.feasibility import violations
from matcher.solver.greedy import solve_greedy
from matcher.solver.polish import polish
from matcher.solver.problem import build_problem
from matcher.solver.tuning import Budget
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
    budget = Budget(1.0)
    assert polish(problem, np.array([0, 3]), budget=budget, seed=0).tolist() == [1, 2]
    assert budget.spent > 0


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
    assert polish(problem, np.array([0, 3]), budget=Budget(1.0), seed=0).tolist() == [0, 3]


def test_polish_keeps_every_rule_and_placed_student_and_repeats() -> None:
    problem = random_round(300, seed=5, towns=2)
    start = solve_greedy(problem).pairs
    budgets = [Budget(5.0), Budget(5.0)]
    first = polish(problem, start, budget=budgets[0], seed=3)
    assert violations(problem, first) == []  # recomputed from the answer itself
    assert _weighted(problem, first) == _weighted(problem, start)
    placed = set(problem.pair_student[first].tolist())
    assert placed == set(problem.pair_student[start].tolist())
    assert int(problem.pair_quality[first].sum()) > int(problem.pair_quality[start].sum())
    assert budgets[0].spent <= 5.0
    again = polish(problem, start, budget=budgets[1], seed=3)
    assert again.tolist() == first.tolist()
    assert budgets[1].spent == budgets[0].spent


def test_polish_without_budget_returns_the_start() -> None:
    problem = random_round(100, seed=4)
    start = solve_greedy(problem).pairs
    budget = Budget(0.0)
    assert polish(problem, start, budget=budget, seed=0).tolist() == np.sort(start).tolist()
    assert budget.spent == 0.0
