"""Fix what the LP decided, solve the rest exactly: the start for large components.

On a large component the guide LP chooses most students fully (x = 1) and leaves a few hundred
split between companies whose budgets end in a fraction of a student. Rounding those down loses
placed students that the placement search (search.py) wins back only slowly, a piece at a time.

Here the LP's fully chosen pairs are kept as they are and everything else becomes a residual
problem: the students not yet placed, the room left in each place, and each company's guidance
hours and support seats left. Its pairs are only those that still fit. It is much smaller than
the component and falls apart into independent parts (split_components), each solved by a
node-limited HiGHS MIP on weighted placed plus a little quality (mips.piece_mip). This closes
most of the rounding loss at once (figures: docs/benchmarks.md, "Solver design figures").

Work is counted like the placement search's pieces (``Budget.mip`` of the residual's pairs).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from matcher.solver.components import Component, split_components, subproblem
from matcher.solver.feasibility import company_loads, violations
from matcher.solver.mips import piece_mip
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, IntArray
from matcher.solver.tuning import TUNING, Budget, Tuning


@dataclass(frozen=True, slots=True)
class ResidualResult:
    """The fixed pairs plus the residual's answer (None if none was valid or it did not fit)."""

    pairs: IntArray | None


def fix_and_solve(
    problem: AssignmentProblem,
    fixed: IntArray,
    *,
    budget: Budget | None = None,
    tuning: Tuning = TUNING,
) -> ResidualResult:
    """Keep the feasible pairs ``fixed`` and place the other students as well as possible.

    Nothing is solved (no pairs, nothing drawn) when the residual's work does not fit
    ``budget`` (none: no limit).
    """
    budget = budget if budget is not None else Budget(float("inf"), tuning.rates)
    fixed = np.union1d(np.asarray(fixed, dtype=np.int64), problem.locked)
    residual = residual_problem(problem, fixed)
    work = _work(residual, budget)
    if residual is None or not budget.fits(work):
        return ResidualResult(None)
    rest = residual.problem
    chosen = [fixed]
    for part in split_components(rest):
        limit = budget.guard(budget.mip(part.problem.n_pairs))
        found = piece_mip(rest, part.pairs, time_limit=limit, tuning=tuning)
        if found is not None:
            chosen.append(residual.pairs[found])
    pairs = np.sort(np.concatenate(chosen))
    budget.draw(work)
    return ResidualResult(None if violations(problem, pairs) else pairs)


def residual_work(problem: AssignmentProblem, fixed: IntArray, budget: Budget) -> float:
    """The work ``fix_and_solve`` would draw for ``fixed`` (its residual's pairs at the MIP
    rate), without solving anything."""
    fixed = np.union1d(np.asarray(fixed, dtype=np.int64), problem.locked)
    return _work(residual_problem(problem, fixed), budget)


def _work(residual: Component | None, budget: Budget) -> float:
    return budget.rates.residual_s + budget.mip(0 if residual is None else residual.problem.n_pairs)


def residual_problem(problem: AssignmentProblem, fixed: IntArray) -> Component | None:
    """The students ``fixed`` leaves unplaced and the room it leaves (None: ``fixed`` invalid).

    The component's ``pairs`` map the residual's pairs back to ``problem``.
    """
    fixed = np.asarray(fixed, dtype=np.int64)
    if violations(problem, fixed):
        return None
    placed = np.zeros(len(problem.student_ids), dtype=bool)
    placed[problem.pair_student[fixed]] = True
    room = problem.place_capacity - np.bincount(
        problem.pair_place[fixed], minlength=len(problem.place_ids)
    )
    hours, support = company_loads(problem, fixed)
    budget, limit = problem.company_budget, problem.company_max_support
    hours_left = np.where(budget == NO_LIMIT, NO_LIMIT, budget - hours)
    support_left = np.where(limit == NO_LIMIT, NO_LIMIT, limit - support)
    comp = problem.pair_company
    fits = (
        ~placed[problem.pair_student]
        & (room[problem.pair_place] > 0)
        & ((budget[comp] == NO_LIMIT) | (problem.pair_guidance <= hours_left[comp]))
        & ((limit[comp] == NO_LIMIT) | ~problem.pair_support | (support_left[comp] > 0))
    )
    part = subproblem(problem, np.flatnonzero(fits))
    sub = replace(
        part.problem,
        place_capacity=room[part.places],
        company_budget=hours_left[part.companies],
        company_max_support=support_left[part.companies],
        locked=np.zeros(0, dtype=np.int64),
    )
    return replace(part, problem=sub)
