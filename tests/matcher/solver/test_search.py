"""Placement and quality search: every step keeps the rules, never loses, repeats exactly."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings

from matcher.solver.feasibility import violations
from matcher.solver.greedy import solve_greedy
from matcher.solver.lp_relax import solve_lp
from matcher.solver.mips import mip_objective, placement_mip
from matcher.solver.problem import AssignmentProblem, build_problem
from matcher.solver.search import placement_search, quality_search
from matcher.solver.tuning import TUNING, Budget, Tuning
from tests.matcher.solver.strategies import assignment_problems
from tests.matcher.solver.test_plan import _feasible_answers
from tests.matcher.solver.test_rounds import random_round


def _weighted(problem, pairs) -> int:  # type: ignore[no-untyped-def]
    return int(problem.student_weight[problem.pair_student[pairs]].sum())


def _tuning(pieces: int | None) -> Tuning:
    if pieces is None:
        return TUNING
    return replace(TUNING, piece_pairs=pieces, quality_piece_pairs=pieces)


def _placement(  # type: ignore[no-untyped-def]
    problem, start, guide, work: float, *, seed: int, pieces: int | None = None, **kw
) -> tuple[np.ndarray, float]:
    """The placement search's pairs and the work it drew."""
    budget = Budget(work)
    found = placement_search(
        problem, start, guide, budget=budget, seed=seed, tuning=_tuning(pieces), **kw
    )
    return found.pairs, budget.spent


def _quality(  # type: ignore[no-untyped-def]
    problem, start, work: float, *, seed: int, pieces: int | None = None
) -> tuple[np.ndarray, float]:
    """The quality search's pairs and the work it drew."""
    budget = Budget(work)
    found = quality_search(problem, start, budget=budget, seed=seed, tuning=_tuning(pieces))
    return found.pairs, budget.spent


def test_placement_search_keeps_every_rule_and_never_loses() -> None:
    problem = random_round(300, seed=4, towns=2)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    pairs, _ = _placement(problem, start, guide, 30.0, seed=0, pieces=400)
    assert violations(problem, pairs) == []  # recomputed from the answer itself
    assert int(problem.pair_gain[pairs].sum()) > int(problem.pair_gain[start].sum())
    assert _weighted(problem, pairs) >= _weighted(problem, start)


def test_placement_search_without_budget_returns_the_start() -> None:
    problem = random_round(100, seed=4)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    pairs, work = _placement(problem, start, guide, 0.0, seed=0)
    assert pairs.tolist() == start.tolist()
    assert work == 0.0


def test_placement_search_keeps_locks() -> None:
    locks = [0, 13, 40]  # pairs of three different students
    problem = replace(random_round(120, seed=9), locked=np.array(locks, dtype=np.int64))
    start = np.array(locks, dtype=np.int64)
    assert violations(problem, start) == []
    guide = solve_lp(problem, mip_objective(problem)).x
    pairs, _ = _placement(problem, start, guide, 10.0, seed=0, pieces=300)
    assert set(locks) <= set(pairs.tolist())
    assert violations(problem, pairs) == []


def test_placement_search_is_deterministic() -> None:
    problem = random_round(200, seed=12, towns=2)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    runs = [_placement(problem, start, guide, 5.0, seed=3, pieces=300) for _ in "ab"]
    assert runs[0][0].tolist() == runs[1][0].tolist()
    assert runs[0][1] == runs[1][1]


def test_placement_search_stops_when_told() -> None:
    problem = random_round(200, seed=12, towns=2)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    pairs, work = _placement(problem, start, guide, 50.0, seed=3, pieces=300, stop=lambda _p: True)
    _, full = _placement(problem, start, guide, 50.0, seed=3, pieces=300)
    assert work < full
    assert int(problem.pair_gain[pairs].sum()) > int(problem.pair_gain[start].sum())


def test_placement_pieces_grow_after_a_pass_that_found_nothing_while_told_to() -> None:
    problem = random_round(300, seed=4, towns=2)
    start = solve_greedy(problem).pairs
    guide = solve_lp(problem, mip_objective(problem)).x
    tuning = replace(TUNING, piece_pairs=150, max_piece_pairs=1_200)
    runs = []
    for grow in (False, True):
        budget = Budget(60.0)
        found = placement_search(
            problem, start, guide, budget=budget, seed=0, tuning=tuning, grow=lambda _p, g=grow: g
        )
        runs.append((found.pairs, budget.spent, found.passes))
    (fixed, fixed_work, fixed_passes), (grown, grown_work, grown_passes) = runs
    assert grown_passes > fixed_passes  # it went on, with larger pieces
    assert grown_work > fixed_work
    assert grown_work <= 60.0
    assert violations(problem, grown) == []
    assert int(problem.pair_gain[grown].sum()) >= int(problem.pair_gain[fixed].sum())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assignment_problems())
def test_placement_mip_bound_holds_and_its_answer_keeps_the_rules(
    problem: AssignmentProblem,
) -> None:
    mip = placement_mip(problem, time_limit=60.0)
    best = max(w for w, _ in _feasible_answers(problem))  # brute force
    assert mip.weighted_bound >= best
    assert mip.pairs is not None  # small problems: HiGHS always finds one
    assert violations(problem, mip.pairs) == []
    assert _weighted(problem, mip.pairs) == best == mip.weighted_bound  # proved at the root


def test_quality_search_wins_quality_and_never_places_fewer() -> None:
    problem = random_round(300, seed=4, towns=2)
    guide = solve_lp(problem, mip_objective(problem)).x
    start, _ = _placement(problem, solve_greedy(problem).pairs, guide, 30.0, seed=0)
    weighted = _weighted(problem, start)
    pairs, _ = _quality(problem, start, 30.0, seed=0, pieces=400)
    assert violations(problem, pairs) == []  # recomputed from the answer itself
    assert _weighted(problem, pairs) >= weighted
    assert int(problem.pair_quality[pairs].sum()) > int(problem.pair_quality[start].sum())


def test_quality_search_keeps_locks_and_repeats_exactly() -> None:
    locks = [0, 13, 40]  # pairs of three different students
    problem = replace(random_round(120, seed=9), locked=np.array(locks, dtype=np.int64))
    start = np.array(locks, dtype=np.int64)
    runs = [_quality(problem, start, 5.0, seed=3, pieces=300) for _ in "ab"]
    assert set(locks) <= set(runs[0][0].tolist())
    assert violations(problem, runs[0][0]) == []
    assert _weighted(problem, runs[0][0]) > _weighted(problem, start)  # it did place others
    assert runs[0][0].tolist() == runs[1][0].tolist()
    assert runs[0][1] == runs[1][1] <= 5.0


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
    pairs, _ = _quality(problem, start, 5.0, seed=0, pieces=1)
    assert pairs.tolist() == [1]
