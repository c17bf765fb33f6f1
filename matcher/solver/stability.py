"""Blocking pairs of a proposal: the stability figure of the round summary (matcher/summary.py).

Preferences. A student ranks their candidate places: the places they listed, in their order,
then every other candidate place by score (higher first). A place ranks students by score.
A blocking pair is a candidate pair (s, p), not chosen, where s strictly prefers p to their
current place (or has none) and p has a free slot or strictly prefers s (higher score) to one of
its students. Only capacities count here: budgets, max_support and locks are ignored, so a
pair may block because a company's budget keeps the student out; the count tells the bureau how
many students would rather have another place that would rather have them.

Vectorised over all candidate pairs: on a 20,000-student round (600,000 pairs) 0.01 s.
"""

from __future__ import annotations

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
    """Rank key of each pair from its student's point of view (lower is better): the position
    in the student's list, else an offset plus how badly the place fits."""
    rank: FloatArray = _UNLISTED + (1.0 - problem.pair_score)
    student_at = {sid: i for i, sid in enumerate(problem.student_ids)}
    place_at = {pid: i for i, pid in enumerate(problem.place_ids)}
    listed = [
        (student_at[student], place_at[place], float(position))
        for student, places in student_prefs.items()
        if student in student_at
        for position, place in enumerate(places)
        if place in place_at
    ]
    if not listed:
        return rank
    s, p, position = (np.asarray(column) for column in zip(*listed, strict=True))
    n_p = len(problem.place_ids)
    keys = s.astype(np.int64) * n_p + p.astype(np.int64)
    keys, first = np.unique(keys, return_index=True)  # a place listed twice: its first position
    position = position[first]
    pair_keys = problem.pair_student.astype(np.int64) * n_p + problem.pair_place
    at = np.minimum(np.searchsorted(keys, pair_keys), keys.size - 1)
    hit = keys[at] == pair_keys
    rank[hit] = position[at[hit]]
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
