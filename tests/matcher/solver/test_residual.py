"""Residual MIP: keeps the fixed pairs, fills only the room they leave, close to the best."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.solver import solve_greedy
from matcher.solver.feasibility import violations
from matcher.solver.mips import mip_objective
from matcher.solver.problem import AssignmentProblem, build_problem
from matcher.solver.residual import fix_and_solve, residual_problem
from matcher.solver.tuning import TUNING
from tests.matcher.solver.strategies import assignment_problems

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _best_containing(problem: AssignmentProblem, fixed: np.ndarray) -> float:
    """Brute force: the best MIP objective of any valid answer that keeps ``fixed``."""
    value = mip_objective(problem)
    options: list[list[int | None]] = [[None] for _ in problem.student_ids]
    for i, s in enumerate(problem.pair_student.tolist()):
        options[s].append(i)
    best = -1.0
    for combo in itertools.product(*options):
        pairs = np.array([i for i in combo if i is not None], dtype=np.int64)
        if np.isin(fixed, pairs).all() and not violations(problem, pairs):
            best = max(best, float(value[pairs].sum()))
    return best


@FAST
@given(assignment_problems(), st.data())
def test_residual_keeps_the_fixed_pairs_and_places_the_rest_nearly_best(
    problem: AssignmentProblem, data: st.DataObject
) -> None:
    start = solve_greedy(problem).pairs  # includes the locks
    keep = data.draw(st.lists(st.booleans(), min_size=start.size, max_size=start.size))
    fixed = np.union1d(start[np.asarray(keep, dtype=bool)], problem.locked).astype(np.int64)
    result = fix_and_solve(problem, fixed)
    assert result.pairs is not None
    assert violations(problem, result.pairs) == []
    assert np.isin(fixed, result.pairs).all()
    found = float(mip_objective(problem)[result.pairs].sum())
    assert found >= (1 - TUNING.piece_gap) * _best_containing(problem, fixed) - 1e-9


def _company_round() -> AssignmentProblem:
    """One company (budget 5 h, one support seat), places p0 (1 seat) and p1 (2 seats)."""
    return build_problem(
        student_ids=["a", "b", "c", "d"],
        place_ids=["p0", "p1"],
        company_ids=["c0"],
        place_capacity=[1, 2],
        place_company=[0, 0],
        pair_student=[0, 1, 1, 2, 3],
        pair_place=[0, 0, 1, 1, 1],
        pair_score=[0.9, 0.8, 0.7, 0.6, 0.5],
        student_needs_support=[True, False, True, False],
        company_guidance_budget=[5.0],
        company_max_support=[1],
        pair_guidance_hours=[3.0, 1.0, 1.0, 2.5, 1.0],
    )


def test_residual_problem_has_only_the_room_that_is_left() -> None:
    problem = _company_round()
    residual = residual_problem(problem, np.array([0]))  # a: p0, 3 of 5 hours, the support seat
    assert residual is not None
    rest = residual.problem
    assert rest.student_ids == ("b", "d")  # c needs 2.5 h and support: no longer fits
    assert rest.place_ids == ("p1",)  # p0 is full
    assert rest.company_budget.tolist() == [20]  # tenths of an hour
    assert rest.company_max_support.tolist() == [0]
    assert residual.pairs.tolist() == [2, 4]
    answer = fix_and_solve(problem, np.array([0]))
    assert answer.pairs is not None
    assert answer.pairs.tolist() == [0, 2, 4]  # b and d both fit the 2 hours left


def test_an_invalid_start_gives_no_answer() -> None:
    problem = _company_round()
    assert residual_problem(problem, np.array([0, 3])) is None  # two support students
    assert fix_and_solve(problem, np.array([0, 3])).pairs is None
