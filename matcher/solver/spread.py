"""Spread students with heavy support needs over companies (handbook H:1488: "Voorkom dat een
leerbedrijf door een slechte ervaring afhaakt").

Left alone, the solver stacks heavy-support students on the few inclusive companies where each
of them scores best, and those companies carry all the weight (and the risk of a bad
experience). ``spread_support`` turns ``RoundPolicy.support_spread_penalty`` (w) into prices on
the pair scores *before* the solve, so no solver internals change and every way of solving
(one process, a pool, the Celery fan-out) sees the same problem:

1. The capacity-only optimum (min-cost flow, fast) is the start: where students would go.
2. A local search moves heavy-support students (never locked ones) from a company with other
   heavy-support students to a free seat of another candidate place when that pays under the
   penalised objective ``quality - w * SCORE_SCALE * sum over companies of C(n, 2)`` (n: heavy-
   support students at the company): the k-th such student at a company costs w * (k - 1).
3. Each heavy-support pair's score is lowered by w times the number of *other* heavy-support
   students the spread state has at that company, less the same for the student's cheapest
   option (so the prices steer where a student goes, not whether they are placed instead of
   someone else), clipped at 0; the real solve, with the budgets and max_support it alone
   knows, then prefers the spread answer.

Only scores change, never the set of pairs, and the objective puts weighted placed students
first (problem.py), so the solver places exactly as many weighted students as without the
penalty. With w = 0 the problem is returned unchanged (the same proposal). The shown score of a
proposal is the real fit (``ScoredRound.final_score``), not the priced one.

"Heavy" means needing extra support (``needs_extra_support``) and at least
HEAVY_GUIDANCE_HOURS of a supervisor's time a week: twice a usual student's hour.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matcher.solver.min_cost_flow import relaxed_optimum
from matcher.solver.problem import (
    HOURS_SCALE,
    SCORE_SCALE,
    AssignmentProblem,
    BoolArray,
    IntArray,
)

HEAVY_GUIDANCE_HOURS = 2.0
MAX_PASSES = 20


def heavy_support(problem: AssignmentProblem) -> BoolArray:
    """Per student: needs extra support and at least HEAVY_GUIDANCE_HOURS of guidance a week."""
    need = np.zeros(len(problem.student_ids), dtype=np.int64)
    np.maximum.at(need, problem.pair_student, problem.pair_guidance)
    heavy: BoolArray = problem.student_needs_support & (
        need >= round(HEAVY_GUIDANCE_HOURS * HOURS_SCALE)
    )
    return heavy


def heavy_per_company(problem: AssignmentProblem, pairs: IntArray) -> IntArray:
    """How many heavy-support students the chosen ``pairs`` put at each company."""
    heavy = heavy_support(problem)
    chosen = pairs[heavy[problem.pair_student[pairs]]]
    counts: IntArray = np.bincount(
        problem.pair_company[chosen], minlength=len(problem.company_ids)
    ).astype(np.int64)
    return counts


def spread_support(problem: AssignmentProblem, *, weight: float) -> AssignmentProblem:
    """The problem with heavy-support pairs priced so that a solve spreads them (see above)."""
    heavy = heavy_support(problem)
    if weight <= 0.0 or int(heavy.sum()) < 2:
        return problem
    price = weight * SCORE_SCALE  # quality points per other heavy-support student
    chosen = _local_search(problem, heavy, relaxed_optimum(problem), price)
    n_c = heavy_per_company(problem, chosen)
    at = np.full(len(problem.student_ids), -1, dtype=np.int64)
    at[problem.pair_student[chosen]] = problem.pair_company[chosen]
    pair_heavy = heavy[problem.pair_student]
    comp = problem.pair_company
    others = n_c[comp] - (at[problem.pair_student] == comp)
    penalty = np.where(pair_heavy, weight * np.maximum(others, 0), 0.0)
    # Less the student's own cheapest option: the prices steer where a heavy-support student
    # goes, not whether they are placed instead of someone else of the same weight.
    least = np.full(len(problem.student_ids), np.inf)
    np.minimum.at(least, problem.pair_student, penalty)
    penalty = penalty - least[problem.pair_student]
    scores = np.clip(problem.pair_score - penalty, 0.0, 1.0)
    scores.setflags(write=False)
    return replace(problem, pair_score=scores)


def _local_search(
    problem: AssignmentProblem, heavy: BoolArray, start: IntArray, price: float
) -> IntArray:
    """Moves of heavy-support students to free seats while the penalised objective improves."""
    n_s = len(problem.student_ids)
    quality = problem.pair_quality
    comp, place, student = problem.pair_company, problem.pair_place, problem.pair_student
    current = np.full(n_s, -1, dtype=np.int64)
    current[student[start]] = start
    free = problem.place_capacity - np.bincount(place[start], minlength=len(problem.place_ids))
    n_c = heavy_per_company(problem, start)
    locked = np.zeros(n_s, dtype=bool)
    locked[student[problem.locked]] = True
    order = np.argsort(student, kind="stable")
    bounds = np.searchsorted(student[order], np.arange(n_s + 1))
    movable = [int(s) for s in np.flatnonzero(heavy & ~locked & (current >= 0))]
    for _ in range(MAX_PASSES):
        moved = False
        for s in movable:
            k = int(current[s])
            c = int(comp[k])
            if n_c[c] < 2:
                continue
            options = order[bounds[s] : bounds[s + 1]]
            options = options[(comp[options] != c) & (free[place[options]] > 0)]
            if options.size == 0:
                continue
            gain = (quality[options] - quality[k]) - price * (n_c[comp[options]] - (n_c[c] - 1))
            best = int(np.argmax(gain))
            if gain[best] <= 0:
                continue
            new = int(options[best])
            free[place[k]] += 1
            free[place[new]] -= 1
            n_c[c] -= 1
            n_c[comp[new]] += 1
            current[s] = new
            moved = True
        if not moved:
            break
    chosen: IntArray = np.sort(current[current >= 0])
    return chosen
