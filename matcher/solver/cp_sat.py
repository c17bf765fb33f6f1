"""CP-SAT backend: capacities plus company guidance budgets and max_support, with locks.

The model is written straight into the CpModelProto (vectorised; the per-variable Python API is
several times slower). It always starts from a feasible hint: in the plan (plan.py) the answer
the other phases reached; in ``solve_cp_sat`` (CP-SAT on a whole problem, for tests and
comparisons) the Lagrangian warm start (lagrangian.py) or the repaired capacity-only optimum.
The reported bound is the better of CP-SAT's own and the capacity-only optimum.

Determinism: the seed is always fixed (``random_seed``). With ``limits.deterministic`` we set
``interleave_search`` (workers take turns in a fixed order instead of racing) and stop on
``max_deterministic_time`` (an effort measure, independent of machine load), so the same input
gives the same output. A wall-clock safety net (60 s plus 20x the limit, as for every engine
call: tuning.Budget.guard) would only break determinism when hit. Measured figures:
docs/benchmarks.md ("Solver design figures").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matcher.errors import SolverError
from matcher.solver.engines import cp_sat_solve
from matcher.solver.greedy import repair
from matcher.solver.lagrangian import lagrangian_search
from matcher.solver.min_cost_flow import relaxed_optimum
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, IntArray, binding_companies
from matcher.solver.result import Assignment, SolverLimits, SolveStatus, make_assignment
from matcher.solver.tuning import TUNING

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


@dataclass(frozen=True, slots=True)
class CpSatRun:
    """An assignment plus the effort CP-SAT reported (for sharing a time budget)."""

    assignment: Assignment
    wall_time_s: float
    deterministic_time: float


def solve_cp_sat(
    problem: AssignmentProblem, *, limits: SolverLimits, warm_start: bool = True
) -> Assignment:
    """CP-SAT on the whole problem from a feasible hint: the Lagrangian warm start, or with
    ``warm_start=False`` the repaired capacity-only optimum (tests check the model with it)."""
    if warm_start:
        iterations = TUNING.lagrangian_iterations
        hint = lagrangian_search(problem, iterations=iterations, gap_limit=limits.gap_limit).pairs
    else:
        hint = repair(problem, relaxed_optimum(problem))
    return run_cp_sat(problem, limits=limits, hint=hint).assignment


def run_cp_sat(problem: AssignmentProblem, *, limits: SolverLimits, hint: IntArray) -> CpSatRun:
    """Solve with CP-SAT from the feasible ``hint`` (pair indices); report the effort used."""
    hint = np.asarray(hint, dtype=np.int64)
    upper = int(problem.pair_gain[relaxed_optimum(problem)].sum())
    hint_objective = int(problem.pair_gain[hint].sum())
    quality_points = int(problem.pair_quality[hint].sum())
    solver, code = cp_sat_solve(
        _build_model(problem, hint),
        time_limit=limits.time_limit_s,
        seed=limits.seed,
        workers=limits.num_workers,
        deterministic=limits.deterministic,
        absolute_gap=limits.gap_limit * quality_points,
    )
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    if code == cp_model.MODEL_INVALID or status is SolveStatus.INFEASIBLE:
        # cannot happen for a built problem: locks were checked to fit together
        raise SolverError("Het indelen is niet gelukt door een fout in de rekenmodule.")
    pairs = hint
    if status is not SolveStatus.UNKNOWN:
        upper = min(upper, int(round(solver.best_objective_bound)))
        values = np.asarray(solver.response_proto.solution, dtype=np.int64)
        found = np.flatnonzero(values[: problem.n_pairs])
        if int(problem.pair_gain[found].sum()) >= hint_objective:
            pairs = found
    result = _finish(problem, pairs, upper, solver.wall_time)
    return CpSatRun(result, solver.wall_time, solver.deterministic_time)


def _finish(problem: AssignmentProblem, pairs: IntArray, bound: int, wall: float) -> Assignment:
    """OPTIMAL when the pairs reach the bound, else FEASIBLE (always a valid answer)."""
    reached = int(problem.pair_gain[pairs].sum()) >= bound
    status = SolveStatus.OPTIMAL if reached else SolveStatus.FEASIBLE
    return make_assignment(problem, pairs, status=status, best_bound=bound, solver_wall_time_s=wall)


def _build_model(problem: AssignmentProblem, hint: IntArray) -> cp_model.CpModel:
    """One Boolean per pair; variable i is pair i."""
    model = cp_model.CpModel()
    proto = model.proto
    n = problem.n_pairs
    is_locked = np.zeros(n, dtype=bool)
    is_locked[problem.locked] = True
    for locked in is_locked.tolist():
        proto.variables.add().domain.extend((1, 1) if locked else (0, 1))
    for group in _groups(problem.pair_student, min_size=2):
        proto.constraints.add().at_most_one.literals.extend(group)
    cap = problem.place_capacity
    for group in _groups(problem.pair_place, min_size=1):
        place = int(problem.pair_place[group[0]])
        if len(group) > cap[place]:
            _add_at_most(proto, group, [1] * len(group), int(cap[place]))
    binding = binding_companies(problem)
    for group in _groups(problem.pair_company, min_size=1):
        company = int(problem.pair_company[group[0]])
        if binding[company]:
            _add_company(problem, proto, group, company)
    proto.objective.vars.extend(range(n))
    proto.objective.coeffs.extend((-problem.pair_gain).tolist())
    proto.objective.scaling_factor = -1.0  # maximise
    values = np.zeros(n, dtype=np.int64)
    values[hint] = 1
    proto.solution_hint.vars.extend(range(n))
    proto.solution_hint.values.extend(values.tolist())
    return model


def _add_company(problem: AssignmentProblem, proto: object, group: list[int], company: int) -> None:
    budget, limit = int(problem.company_budget[company]), int(problem.company_max_support[company])
    idx = np.asarray(group)
    if budget != NO_LIMIT:
        _add_at_most(proto, group, problem.pair_guidance[idx].tolist(), budget)
    if limit != NO_LIMIT:
        support = idx[problem.pair_support[idx]].tolist()
        if len(support) > limit:
            _add_at_most(proto, support, [1] * len(support), limit)


def _add_at_most(proto: object, variables: list[int], coeffs: list[int], bound: int) -> None:
    linear = proto.constraints.add().linear  # type: ignore[attr-defined]
    linear.vars.extend(variables)
    linear.coeffs.extend(coeffs)
    linear.domain.extend((-(2**62), bound))


def _groups(keys: IntArray, *, min_size: int) -> list[list[int]]:
    """Pair indices grouped by key (ascending key, ascending index), groups of min_size or more."""
    order = np.argsort(keys, kind="stable")
    bounds = np.flatnonzero(np.diff(keys[order])) + 1
    return [g.tolist() for g in np.split(order, bounds) if g.size >= min_size]
