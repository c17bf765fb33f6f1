"""Every backend gives feasible answers; exact backends reach the brute-force optimum."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from matcher.solver import (
    SolverLimits,
    SolveStatus,
    build_problem,
    has_side_constraints,
    solve,
    solve_cp_sat,
    solve_greedy,
    solve_min_cost_flow,
)
from matcher.solver.feasibility import violations
from matcher.solver.problem import AssignmentProblem
from tests.matcher.solver.strategies import assignment_problems, brute_force, problem_inputs

LIMITS = SolverLimits(time_limit_s=5.0, seed=1, num_workers=1, deterministic=True)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_keeps_rules(problem: AssignmentProblem, pairs: np.ndarray, inputs: dict) -> None:
    assert violations(problem, pairs) == []
    origin = problem.pair_origin[pairs]
    assert not set(origin.tolist()) & set(inputs.get("vetoes", []))
    scores = np.asarray(inputs["pair_score"])[origin]
    locked = np.isin(origin, inputs.get("locks", []))
    assert np.all((scores >= inputs.get("min_score", 0.0)) | locked)


@FAST
@given(problem_inputs())
def test_solve_feasible_and_optimal(inputs: dict) -> None:
    problem = build_problem(**inputs)
    result = solve(problem, limits=LIMITS)
    _assert_keeps_rules(problem, result.pairs, inputs)
    best, best_weighted = brute_force(problem)
    assert result.objective == best
    assert result.weighted_placed == best_weighted  # lexicographic: never fewer to gain quality
    assert result.status is SolveStatus.OPTIMAL
    assert result.gap == 0.0


@FAST
@given(problem_inputs())
def test_cp_sat_model_alone_reaches_optimum(inputs: dict) -> None:
    problem = build_problem(**inputs)
    result = solve_cp_sat(problem, limits=LIMITS, warm_start=False)
    _assert_keeps_rules(problem, result.pairs, inputs)
    assert result.objective == brute_force(problem)[0]


@FAST
@given(assignment_problems(side_constraints=False))
def test_min_cost_flow_and_cp_sat_agree(problem: AssignmentProblem) -> None:
    assert not has_side_constraints(problem)
    flow = solve_min_cost_flow(problem)
    assert violations(problem, flow.pairs) == []
    cp = solve_cp_sat(problem, limits=LIMITS, warm_start=False)
    assert flow.objective == cp.objective == brute_force(problem)[0]


@FAST
@given(problem_inputs())
def test_greedy_feasible_and_never_better(inputs: dict) -> None:
    problem = build_problem(**inputs)
    greedy = solve_greedy(problem)
    _assert_keeps_rules(problem, greedy.pairs, inputs)
    assert greedy.objective <= brute_force(problem)[0]


def _one_place(scores: list[float], weights: list[int]) -> AssignmentProblem:
    n = len(scores)
    return build_problem(
        student_ids=[f"s{i}" for i in range(n)],
        place_ids=["p"],
        company_ids=["c"],
        place_capacity=[1],
        place_company=[0],
        pair_student=list(range(n)),
        pair_place=[0] * n,
        pair_score=scores,
        student_weight=weights,
    )


def test_priority_student_wins_a_contested_place() -> None:
    problem = _one_place([0.9, 0.2], [1, 2])
    result = solve(problem, limits=LIMITS)
    assert result.student_place(problem) == {"s1": "p"}


def test_two_placed_students_beat_one_great_match_under_a_budget() -> None:
    problem = build_problem(
        student_ids=["a", "b", "c"],
        place_ids=["p", "q"],
        company_ids=["c"],
        place_capacity=[2, 1],
        place_company=[0, 0],
        pair_student=[0, 1, 2],
        pair_place=[1, 0, 0],
        pair_score=[1.0, 0.1, 0.1],
        pair_guidance_hours=[4.0, 2.0, 2.0],
        company_guidance_budget=[4.0],
    )
    assert has_side_constraints(problem)
    result = solve(problem, limits=LIMITS)
    assert result.student_place(problem) == {"b": "p", "c": "p"}
    assert result.weighted_placed == 2


def test_max_support_is_kept() -> None:
    problem = build_problem(
        student_ids=["a", "b"],
        place_ids=["p"],
        company_ids=["c"],
        place_capacity=[2],
        place_company=[0],
        pair_student=[0, 1],
        pair_place=[0, 0],
        pair_score=[0.9, 0.8],
        student_needs_support=[True, True],
        company_max_support=[1],
    )
    result = solve(problem, limits=LIMITS)
    assert result.student_place(problem) == {"a": "p"}
