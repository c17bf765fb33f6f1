"""Blocking pairs on a hand-made round; deferred acceptance (here) gives a stable matching."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.solver import build_problem
from matcher.solver.problem import AssignmentProblem, IntArray
from matcher.solver.stability import blocking_pairs, student_rank
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


def test_a_listed_place_ranks_by_its_position_and_unlisted_ones_by_score() -> None:
    problem = _round()
    rank = student_rank(problem, {"ann": ["winkel", "zorg"], "nobody": ["zorg"], "bob": ["x"]})
    assert rank[[0, 1]].tolist() == [1.0, 0.0]  # ann: zorg listed second, winkel first
    assert rank[2] > rank[3] > 1.0  # bob listed no place of this round: by score (0.6 < 0.7)


def deferred_acceptance(
    problem: AssignmentProblem, student_prefs: Mapping[str, Sequence[str]]
) -> IntArray:
    """Student-proposing deferred acceptance under capacities only (a stable matching):
    the reference the blocking-pairs count is checked against. Ties by index."""
    rank = student_rank(problem, student_prefs)
    order = np.lexsort((problem.pair_place, rank, problem.pair_student))
    bounds = np.searchsorted(problem.pair_student[order], np.arange(len(problem.student_ids) + 1))
    proposals = [order[bounds[s] : bounds[s + 1]].tolist() for s in range(len(problem.student_ids))]
    next_choice = [0] * len(proposals)
    held: list[list[tuple[float, int, int]]] = [[] for _ in problem.place_ids]  # (score, -s, pair)
    capacity, score = problem.place_capacity.tolist(), problem.pair_score.tolist()
    place_of = problem.pair_place.tolist()
    free = list(range(len(proposals)))[::-1]
    while free:
        s = free.pop()
        if next_choice[s] >= len(proposals[s]):
            continue
        pair = proposals[s][next_choice[s]]
        next_choice[s] += 1
        heap, entry = held[place_of[pair]], (score[pair], -s, pair)
        if len(heap) < capacity[place_of[pair]]:
            heapq.heappush(heap, entry)
        elif heap and entry > heap[0]:
            rejected = heapq.heapreplace(heap, entry)
            free.append(-rejected[1])
        else:
            free.append(s)
    chosen = [pair for heap in held for _, _, pair in heap]
    return np.sort(np.asarray(chosen, dtype=np.int64))
