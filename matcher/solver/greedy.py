"""Greedy baseline (highest score first) and the repair that turns a relaxed answer feasible.

Both keep every hard constraint: one place per student, place capacity, company guidance budget,
company max_support, and the locks.
"""

from __future__ import annotations

import numpy as np

from matcher.solver.feasibility import company_loads, over_limit
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, IntArray
from matcher.solver.result import Assignment, SolveStatus, make_assignment


def greedy_fill(problem: AssignmentProblem, start: IntArray, order: IntArray) -> IntArray:
    """Add pairs in ``order`` to the feasible set ``start`` while every constraint still holds."""
    start = np.asarray(start, dtype=np.int64)
    placed = np.zeros(len(problem.student_ids), dtype=bool)
    placed[problem.pair_student[start]] = True
    room = problem.place_capacity - np.bincount(
        problem.pair_place[start], minlength=len(problem.place_ids)
    )
    hours, support = company_loads(problem, start)
    unlimited = np.iinfo(np.int64).max
    budget, limit = problem.company_budget, problem.company_max_support
    budget = np.where(budget == NO_LIMIT, unlimited, budget)
    limit = np.where(limit == NO_LIMIT, unlimited, limit)
    hours_left, support_left = (budget - hours).tolist(), (limit - support).tolist()
    placed_l, room_l = placed.tolist(), room.tolist()
    order = order[~placed[problem.pair_student[order]]]
    chosen = start.tolist()
    for i, s, p, c, h, sup in zip(
        order.tolist(),
        problem.pair_student[order].tolist(),
        problem.pair_place[order].tolist(),
        problem.pair_company[order].tolist(),
        problem.pair_guidance[order].tolist(),
        problem.pair_support[order].tolist(),
        strict=True,
    ):
        if placed_l[s] or room_l[p] <= 0 or hours_left[c] < h or (sup and support_left[c] <= 0):
            continue
        placed_l[s] = True
        room_l[p] -= 1
        hours_left[c] -= h
        support_left[c] -= sup
        chosen.append(i)
    return np.sort(np.asarray(chosen, dtype=np.int64))


def solve_greedy(problem: AssignmentProblem) -> Assignment:
    """Baseline: locks first, then pairs by score (highest first), keeping every constraint."""
    order = np.lexsort((np.arange(problem.n_pairs), -problem.pair_score))
    pairs = greedy_fill(problem, problem.locked, order)
    return make_assignment(problem, pairs, status=SolveStatus.FEASIBLE, best_bound=None)


def repair(problem: AssignmentProblem, pairs: IntArray) -> IntArray:
    """Make a capacity-feasible answer fully feasible, then top it up greedily.

    In each company over its budget or max_support, unlocked pairs are dropped lowest gain per
    guidance tenth first until the company fits (only support students while only max_support
    is exceeded). Freed students are then offered their other places in order of gain.
    """
    pairs = np.asarray(pairs, dtype=np.int64)
    over = over_limit(problem, pairs)
    if over.any():
        pairs = _drop(problem, pairs, over)
    order = np.lexsort((np.arange(problem.n_pairs), -problem.pair_gain))
    return greedy_fill(problem, pairs, order)


def _drop(problem: AssignmentProblem, pairs: IntArray, over: np.ndarray) -> IntArray:
    hours, support = company_loads(problem, pairs)
    company = problem.pair_company[pairs]
    movable = over[company] & ~np.isin(pairs, problem.locked)
    cand = np.flatnonzero(movable)
    gain = problem.pair_gain[pairs[cand]]
    per_tenth = gain / np.maximum(problem.pair_guidance[pairs[cand]], 1)
    cand = cand[np.lexsort((gain, per_tenth, company[cand]))]
    budget, limit = problem.company_budget.tolist(), problem.company_max_support.tolist()
    hours_l, support_l = hours.tolist(), support.tolist()
    keep = np.ones(pairs.size, dtype=bool)
    for j, c, h, sup in zip(
        cand.tolist(),
        company[cand].tolist(),
        problem.pair_guidance[pairs[cand]].tolist(),
        problem.pair_support[pairs[cand]].tolist(),
        strict=True,
    ):
        over_hours = budget[c] != NO_LIMIT and hours_l[c] > budget[c]
        over_support = limit[c] != NO_LIMIT and support_l[c] > limit[c]
        if over_hours or (over_support and sup):
            keep[j] = False
            hours_l[c] -= h
            support_l[c] -= sup
    return pairs[keep]
