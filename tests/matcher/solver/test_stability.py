"""Blocking pairs on a hand-made round; deferred acceptance gives a stable matching."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.solver import build_problem
from matcher.solver.problem import AssignmentProblem
from matcher.solver.stability import blocking_pairs, deferred_acceptance
from tests.matcher.solver.strategies import assignment_problems


def _round() -> AssignmentProblem:
    # ann and bob both can go to zorg (1 slot) and winkel (1 slot); cas only to zorg
    return build_problem(
        student_ids=["ann", "bob", "cas"],
        place_ids=["zorg", "winkel"],
        company_ids=["c"],
        place_capacity=[1, 1],
        place_company=[0, 0],
        pair_student=[0, 0, 1, 1, 2],
        pair_place=[0, 1, 0, 1, 0],
        pair_score=[0.9, 0.5, 0.6, 0.7, 0.3],
    )


def test_blocking_pairs_found_where_both_would_rather() -> None:
    problem = _round()
    # bob at zorg, ann at winkel: by score each would rather swap, and each place agrees
    found = blocking_pairs(problem, np.array([1, 2]), {})
    pairs = set(zip(found.student_ids, found.place_ids, strict=True))
    assert pairs == {("ann", "zorg"), ("bob", "winkel")}


def test_student_preferences_override_scores() -> None:
    problem = _round()
    # both listed the place they have first: nobody would rather move
    prefs = {"ann": ["winkel"], "bob": ["zorg"]}
    assert blocking_pairs(problem, np.array([1, 2]), prefs).count == 0


def test_free_slot_and_unplaced_student_block() -> None:
    problem = _round()
    found = blocking_pairs(problem, np.array([0]), {})  # only ann at zorg; winkel empty
    assert set(zip(found.student_ids, found.place_ids, strict=True)) == {("bob", "winkel")}


def test_deferred_acceptance_on_hand_made_round() -> None:
    problem = _round()
    chosen = deferred_acceptance(problem, {})
    assert chosen.tolist() == [0, 3]  # ann-zorg, bob-winkel
    assert blocking_pairs(problem, chosen, {}).count == 0


@settings(max_examples=60, deadline=None)
@given(assignment_problems(side_constraints=False, locks=False, max_students=6), st.randoms())
def test_deferred_acceptance_is_stable(problem: AssignmentProblem, rnd: object) -> None:
    prefs = {}
    for s, student in enumerate(problem.student_ids):
        places = [problem.place_ids[p] for p in problem.pair_place[problem.pair_student == s]]
        rnd.shuffle(places)  # type: ignore[attr-defined]
        prefs[student] = places[: len(places) // 2]
    chosen = deferred_acceptance(problem, prefs)
    per_place = np.bincount(problem.pair_place[chosen], minlength=len(problem.place_ids))
    assert np.all(per_place <= problem.place_capacity)
    assert np.unique(problem.pair_student[chosen]).size == chosen.size
    assert blocking_pairs(problem, chosen, prefs).count == 0
