"""Neighbourhood search: every step keeps the rules, never loses, and repeats exactly."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings

from matcher.solver.feasibility import violations
from matcher.solver.greedy import solve_greedy
from matcher.solver.lns import improve, improve_quality, mip_objective, placement_mip
from matcher.solver.lp_relax import solve_lp
from matcher.solver.problem import AssignmentProblem, build_problem
from tests.matcher.solver.strategies import assignment_problems
from tests.matcher.solver.test_rounds import random_round
from tests.matcher.solver.test_two_phase import _feasible_answers


def _weighted(problem, pairs) -> int:  # type: ignore[no-untyped-def]
    return int(problem.student_weight[problem.pair_student[pairs]].sum())


def test_improve_keeps_every_rule_and_never_loses() -> None:
    problem = random_round(300, seed=4, towns=2)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    result = improve(problem, start, guide, work_budget=30.0, seed=0, piece_pairs=400)
    assert violations(problem, result.pairs) == []  # recomputed from the answer itself
    assert int(problem.pair_gain[result.pairs].sum()) > int(problem.pair_gain[start].sum())
    assert _weighted(problem, result.pairs) >= _weighted(problem, start)


def test_improve_without_budget_returns_the_start() -> None:
    problem = random_round(100, seed=4)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    result = improve(problem, start, guide, work_budget=0.0, seed=0)
    assert result.pairs.tolist() == start.tolist()
    assert result.work == 0.0


def test_improve_keeps_locks() -> None:
    locks = [0, 13, 40]  # pairs of three different students
    problem = replace(random_round(120, seed=9), locked=np.array(locks, dtype=np.int64))
    start = np.array(locks, dtype=np.int64)
    assert violations(problem, start) == []
    guide = solve_lp(problem, mip_objective(problem)).x
    result = improve(problem, start, guide, work_budget=10.0, seed=0, piece_pairs=300)
    assert set(locks) <= set(result.pairs.tolist())
    assert violations(problem, result.pairs) == []


def test_improve_is_deterministic() -> None:
    problem = random_round(200, seed=12, towns=2)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    runs = [improve(problem, start, guide, work_budget=5.0, seed=3, piece_pairs=300) for _ in "ab"]
    assert runs[0].pairs.tolist() == runs[1].pairs.tolist()
    assert runs[0].work == runs[1].work


def test_improve_stops_when_told() -> None:
    problem = random_round(200, seed=12, towns=2)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    result = improve(
        problem, start, guide, work_budget=50.0, seed=3, piece_pairs=300, stop=lambda _p: True
    )
    full = improve(problem, start, guide, work_budget=50.0, seed=3, piece_pairs=300)
    assert result.work < full.work
    assert int(problem.pair_gain[result.pairs].sum()) > int(problem.pair_gain[start].sum())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assignment_problems())
def test_placement_mip_bound_holds_and_its_answer_keeps_the_rules(
    problem: AssignmentProblem,
) -> None:
    mip = placement_mip(problem, time_guard=60.0)
    best = max(w for w, _ in _feasible_answers(problem))  # brute force
    assert mip.weighted_bound >= best
    assert mip.pairs is not None  # small problems: HiGHS always finds one
    assert violations(problem, mip.pairs) == []
    assert _weighted(problem, mip.pairs) == best == mip.weighted_bound  # proved at the root


def test_quality_search_wins_quality_and_never_places_fewer() -> None:
    problem = random_round(300, seed=4, towns=2)
    guide = solve_lp(problem, mip_objective(problem)).x
    start = improve(problem, solve_greedy(problem).pairs, guide, work_budget=30.0, seed=0).pairs
    weighted = _weighted(problem, start)
    result = improve_quality(problem, start, work_budget=30.0, seed=0, piece_pairs=400)
    assert violations(problem, result.pairs) == []  # recomputed from the answer itself
    assert _weighted(problem, result.pairs) >= weighted
    assert int(problem.pair_quality[result.pairs].sum()) > int(problem.pair_quality[start].sum())


def test_quality_search_keeps_locks_and_repeats_exactly() -> None:
    locks = [0, 13, 40]  # pairs of three different students
    problem = replace(random_round(120, seed=9), locked=np.array(locks, dtype=np.int64))
    start = np.array(locks, dtype=np.int64)
    runs = [improve_quality(problem, start, work_budget=5.0, seed=3, piece_pairs=300) for _ in "ab"]
    assert set(locks) <= set(runs[0].pairs.tolist())
    assert violations(problem, runs[0].pairs) == []
    assert _weighted(problem, runs[0].pairs) > _weighted(problem, start)  # it did place others
    assert runs[0].pairs.tolist() == runs[1].pairs.tolist()
    assert runs[0].work == runs[1].work <= 5.0


def test_quality_search_lets_a_student_placed_elsewhere_move_in() -> None:
    # one student at A (score 0.5) who fits better at B (0.9); pieces of one company each, so
    # only the piece {B} can make the move, and only if students placed elsewhere may move in
    problem = build_problem(
        student_ids=["s0"],
        place_ids=["pA", "pB"],
        company_ids=["A", "B"],
        place_capacity=[1, 1],
        place_company=[0, 1],
        pair_student=[0, 0],
        pair_place=[0, 1],
        pair_score=[0.5, 0.9],
    )
    start = np.array([0], dtype=np.int64)
    result = improve_quality(problem, start, work_budget=5.0, seed=0, piece_pairs=1)
    assert result.pairs.tolist() == [1]
