"""Two-phase solve of a constrained component: LP-guided, with exact bounds on both parts.

Phase 1 (placement): the LP relaxation of "maximise weighted placed" gives prices that certify
an upper bound W_ub (lp_relax.py). Its fully chosen pairs are kept; the rest of the students
(with the places, budgets and support left over) form a small residual problem that CP-SAT
solves with the full objective. The Lagrangian warm start (lagrangian.py) is a second
candidate; the better one is kept.

Phase 2 (quality): the LP "maximise quality with weighted placed >= W1" (W1: phase 1's answer)
is completed the same way, and its prices certify a quality bound Q_ub for every answer placing at
least as many weighted students as ours. The better of the two answers (lexicographically) is
kept. When the answer is not yet proved within ``limits.gap_limit``, CP-SAT improves it on the
whole component with the answer as hint, for the rest of the time.

Deterministic: HiGHS dual simplex and CP-SAT in deterministic mode (see cp_sat.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from matcher.solver.components import subproblem
from matcher.solver.cp_sat import LAGRANGIAN_ITERATIONS, run_cp_sat
from matcher.solver.feasibility import company_loads, over_limit
from matcher.solver.greedy import repair
from matcher.solver.lagrangian import lagrangian_search
from matcher.solver.lp_relax import (
    placement_bound,
    quality_certificate,
    solve_lp,
)
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, IntArray
from matcher.solver.result import Assignment, SolverLimits, SolveStatus, make_assignment

RESIDUAL_SHARE = 0.15  # share of the time limit for each residual solve


@dataclass(frozen=True, slots=True)
class TwoPhaseRun:
    """The answer and the effort CP-SAT reported over all its calls."""

    assignment: Assignment
    wall_time_s: float
    deterministic_time: float


def solve_two_phase(problem: AssignmentProblem, *, limits: SolverLimits) -> TwoPhaseRun:
    """Best answer within the limits, with a proved placement bound and quality bound."""
    effort = _Effort()
    weights = problem.student_weight[problem.pair_student]
    lp1 = solve_lp(problem, weights.astype(np.float64))
    w_ub = placement_bound(problem, lp1)
    first = _complete(problem, lp1.x, limits, effort)
    warm = lagrangian_search(problem, iterations=LAGRANGIAN_ITERATIONS, gap_limit=0.0)
    first = _better(problem, first, warm.pairs)
    w1 = _weighted(problem, first)
    lp2 = solve_lp(problem, problem.pair_quality.astype(np.float64), min_weighted=w1)
    second = _complete(problem, lp2.x, limits, effort) if lp2.ok else first
    best = _better(problem, first, second)
    cert = quality_certificate(problem, lp2)
    answer = _assignment(problem, best, w_ub, cert.at, effort.wall)
    left = limits.time_limit_s - effort.used(limits)
    if not _within(answer, limits.gap_limit) and left > 0:
        run = run_cp_sat(problem, limits=replace(limits, time_limit_s=left), hint=best)
        effort.add(run.wall_time_s, run.deterministic_time)
        found = run.assignment.pairs
        if int(problem.pair_gain[found].sum()) > answer.objective:
            best = found
        answer = _assignment(
            problem, best, w_ub, cert.at, effort.wall, other=run.assignment.best_bound
        )
    return TwoPhaseRun(answer, effort.wall, effort.deterministic)


class _Effort:
    """CP-SAT effort summed over calls (wall and deterministic)."""

    def __init__(self) -> None:
        self.wall, self.deterministic = 0.0, 0.0

    def add(self, wall: float, deterministic: float) -> None:
        self.wall += wall
        self.deterministic += deterministic

    def used(self, limits: SolverLimits) -> float:
        return self.deterministic if limits.deterministic else self.wall


def _assignment(
    problem: AssignmentProblem,
    pairs: IntArray,
    w_ub: int,
    quality_at: Callable[[int], int],
    wall: float,
    *,
    other: int | None = None,
) -> Assignment:
    """Answer with the certified bounds; ``other``: a strict bound proved elsewhere (CP-SAT)."""
    weighted, big = _weighted(problem, pairs), problem.big
    w_ub = max(w_ub, weighted)
    quality_bound = min(quality_at(weighted), big - 1)
    strict = w_ub * big + min(quality_at(w_ub), big - 1)
    if other is not None:
        strict = min(strict, other)
        if other // big == weighted:
            quality_bound = min(quality_bound, other - weighted * big)
    reached = int(problem.pair_gain[pairs].sum()) >= strict
    return make_assignment(
        problem,
        pairs,
        status=SolveStatus.OPTIMAL if reached else SolveStatus.FEASIBLE,
        best_bound=strict,
        quality_bound=quality_bound,
        solver_wall_time_s=wall,
    )


def _better(problem: AssignmentProblem, a: IntArray, b: IntArray) -> IntArray:
    """The answer with the higher objective (the first one on a tie)."""
    return b if int(problem.pair_gain[b].sum()) > int(problem.pair_gain[a].sum()) else a


def _within(answer: Assignment, gap_limit: float) -> bool:
    return answer.status is SolveStatus.OPTIMAL or (
        answer.placed_gap <= gap_limit and answer.quality_gap <= gap_limit and gap_limit > 0
    )


def _weighted(problem: AssignmentProblem, pairs: IntArray) -> int:
    return int(problem.student_weight[problem.pair_student[pairs]].sum())


def _complete(
    problem: AssignmentProblem, x: np.ndarray, limits: SolverLimits, effort: _Effort
) -> IntArray:
    """Keep the LP's fully chosen pairs; CP-SAT places the rest in the room left."""
    fixed = np.flatnonzero(x >= 1.0 - 1e-6)
    if over_limit(problem, fixed).any():  # LP tolerance: cannot happen with integer data
        fixed = repair(problem, fixed)
    residual = _residual_pairs(problem, fixed)
    if residual.size == 0:
        return fixed
    component = subproblem(problem, residual)
    sub = _with_room_left(problem, component.problem, component, fixed)
    share = replace(limits, time_limit_s=limits.time_limit_s * RESIDUAL_SHARE)
    run = run_cp_sat(sub, limits=share)
    effort.add(run.wall_time_s, run.deterministic_time)
    return np.sort(np.concatenate([fixed, component.pairs[run.assignment.pairs]]))


def _residual_pairs(problem: AssignmentProblem, fixed: IntArray) -> IntArray:
    """Pairs of students not yet placed that still fit the room left next to ``fixed``."""
    placed = np.zeros(len(problem.student_ids), dtype=bool)
    placed[problem.pair_student[fixed]] = True
    room = problem.place_capacity - np.bincount(
        problem.pair_place[fixed], minlength=len(problem.place_ids)
    )
    hours, support = company_loads(problem, fixed)
    comp = problem.pair_company
    budget, limit = problem.company_budget, problem.company_max_support
    fits_hours = (budget[comp] == NO_LIMIT) | (problem.pair_guidance <= (budget - hours)[comp])
    fits_support = (limit[comp] == NO_LIMIT) | ~problem.pair_support | ((limit - support)[comp] > 0)
    keep = ~placed[problem.pair_student] & (room[problem.pair_place] > 0) & fits_hours
    return np.flatnonzero(keep & fits_support)


def _with_room_left(
    problem: AssignmentProblem, sub: AssignmentProblem, component: object, fixed: IntArray
) -> AssignmentProblem:
    """The residual sub-problem with capacities, budgets and max_support minus ``fixed``."""
    room = problem.place_capacity - np.bincount(
        problem.pair_place[fixed], minlength=len(problem.place_ids)
    )
    hours, support = company_loads(problem, fixed)
    places, companies = component.places, component.companies  # type: ignore[attr-defined]
    budget, limit = problem.company_budget[companies], problem.company_max_support[companies]
    return replace(
        sub,
        place_capacity=room[places],
        company_budget=np.where(budget == NO_LIMIT, NO_LIMIT, budget - hours[companies]),
        company_max_support=np.where(limit == NO_LIMIT, NO_LIMIT, limit - support[companies]),
    )
