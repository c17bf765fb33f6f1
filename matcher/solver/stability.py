"""Stability check (blocking pairs) and student-proposing deferred acceptance, for comparison.

Preferences. A student ranks their candidate places: the places they listed, in their order,
then every other candidate place by score (higher first). A place ranks students by score.
A blocking pair is a candidate pair (s, p), not chosen, where s strictly prefers p to their
current place (or has none) and p has a free slot or strictly prefers s (higher score) to one of
its students. Only capacities count here: budgets, max_support and locks are ignored.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matcher.solver.problem import AssignmentProblem, FloatArray, IntArray

_UNLISTED = 1.0e6  # rank offset of places the student did not list


@dataclass(frozen=True, eq=False)
class BlockingPairs:
    """Pairs that would both rather have each other than what the assignment gives them."""

    pairs: IntArray  # pair indices into the problem
    student_ids: tuple[str, ...]
    place_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of blocking pairs."""
        return int(self.pairs.size)


def student_rank(
    problem: AssignmentProblem, student_prefs: Mapping[str, Sequence[str]]
) -> FloatArray:
    """Rank key of each pair from its student's point of view (lower is better)."""
    rank = _UNLISTED + (1.0 - problem.pair_score)
    position = {
        (student, place): float(i)
        for student, places in student_prefs.items()
        for i, place in enumerate(places)
    }
    if position:
        students = [problem.student_ids[s] for s in problem.pair_student.tolist()]
        places = [problem.place_ids[p] for p in problem.pair_place.tolist()]
        listed = [position.get(key, -1.0) for key in zip(students, places, strict=True)]
        listed_arr = np.asarray(listed)
        rank = np.where(listed_arr >= 0, listed_arr, rank)
    return rank


def blocking_pairs(
    problem: AssignmentProblem, pairs: IntArray, student_prefs: Mapping[str, Sequence[str]]
) -> BlockingPairs:
    """Every blocking pair of the assignment ``pairs`` (vectorised over all candidate pairs)."""
    pairs = np.asarray(pairs, dtype=np.int64)
    rank = student_rank(problem, student_prefs)
    n_s, n_p = len(problem.student_ids), len(problem.place_ids)
    current = np.full(n_s, np.inf)
    current[problem.pair_student[pairs]] = rank[pairs]
    held = np.bincount(problem.pair_place[pairs], minlength=n_p)
    worst = np.full(n_p, np.inf)
    np.minimum.at(worst, problem.pair_place[pairs], problem.pair_score[pairs])
    chosen = np.zeros(problem.n_pairs, dtype=bool)
    chosen[pairs] = True
    place = problem.pair_place
    student_wants = rank < current[problem.pair_student]
    has_room = held[place] < problem.place_capacity[place]
    place_wants = has_room | (problem.pair_score > worst[place])
    found = np.flatnonzero(student_wants & place_wants & ~chosen)
    return BlockingPairs(
        pairs=found,
        student_ids=tuple(problem.student_ids[s] for s in problem.pair_student[found].tolist()),
        place_ids=tuple(problem.place_ids[p] for p in problem.pair_place[found].tolist()),
    )


def deferred_acceptance(
    problem: AssignmentProblem, student_prefs: Mapping[str, Sequence[str]]
) -> IntArray:
    """Student-proposing deferred acceptance under capacities only; returns chosen pair indices.

    Ties are broken by index (place for students, student for places), which keeps the answer
    stable under the strict preferences used by blocking_pairs.
    """
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
