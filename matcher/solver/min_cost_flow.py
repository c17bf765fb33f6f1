"""Exact fast path for problems with capacities only: OR-Tools SimpleMinCostFlow.

Network: every free student has supply 1 and two ways to the sink: through a candidate place
(cost -gain, capacity 1) or directly (cost 0: stays unplaced). Places pass at most their remaining
capacity on to the sink. Locked students are placed beforehand and their places' capacities
reduced. Budgets and max_support are ignored here: on a problem with side constraints the answer
is the optimum of a relaxation, hence an upper bound (used by the CP-SAT backend).
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from matcher.errors import SolverError
from matcher.solver.problem import AssignmentProblem, IntArray
from matcher.solver.result import CERT_SCALE, Assignment, SolveStatus, make_assignment


def relaxed_optimum(problem: AssignmentProblem, gain: IntArray | None = None) -> IntArray:
    """Best pairs under capacities and locks only (budgets and max_support ignored).

    ``gain`` replaces the problem's pair gains (the Lagrangian prices them); pairs with a gain
    of 0 or less are never worth choosing and are left out.
    """
    gain = problem.pair_gain if gain is None else gain
    n_s, n_p = len(problem.student_ids), len(problem.place_ids)
    locked = problem.locked
    free_student = np.ones(n_s, dtype=bool)
    free_student[problem.pair_student[locked]] = False
    residual = problem.place_capacity - np.bincount(problem.pair_place[locked], minlength=n_p)
    usable = free_student[problem.pair_student] & (residual[problem.pair_place] > 0) & (gain > 0)
    cand = np.flatnonzero(usable)
    if cand.size == 0:
        return np.sort(locked)
    students = np.flatnonzero(free_student)
    sink = n_s + n_p
    tails = np.concatenate([problem.pair_student[cand], students, n_s + np.arange(n_p)])
    heads = np.concatenate([n_s + problem.pair_place[cand], np.full(students.size + n_p, sink)])
    caps = np.concatenate([np.ones(cand.size + students.size, np.int64), np.maximum(residual, 0)])
    costs = np.concatenate([-gain[cand], np.zeros(students.size + n_p, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[students] = 1
    supplies[sink] = -students.size
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverError(
            "Het indelen is niet gelukt door een fout in de rekenmodule.", status=str(status)
        )
    chosen = cand[flow.flows(arcs[: cand.size]) > 0]
    return np.sort(np.concatenate([locked, chosen]))


def solve_min_cost_flow(problem: AssignmentProblem) -> Assignment:
    """Optimal assignment for a problem without binding side constraints."""
    pairs = relaxed_optimum(problem)
    objective = int(problem.pair_gain[pairs].sum())
    line = (objective * CERT_SCALE, problem.big * CERT_SCALE)  # quality + big * W <= objective
    return make_assignment(
        problem,
        pairs,
        status=SolveStatus.OPTIMAL,
        best_bound=objective,
        quality_certificates=(line,),
    )
