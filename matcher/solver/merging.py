"""Merging the answers of a round's parts into one, and each part's share of the limits.

Parts are components or regions (components.py, regions.py), solved anywhere as jobs (jobs.py).
``merge`` adds up their answers and bounds in the parent's units; ``component_limits`` gives
each component its share of the time limit (shares.py), so each answer depends only on its own
part.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matcher.solver.components import Component
from matcher.solver.problem import AssignmentProblem, has_side_constraints
from matcher.solver.result import (
    CERT_SCALE,
    Assignment,
    ComponentStats,
    SolverLimits,
    SolveStatus,
    make_assignment,
)
from matcher.solver.round_bound import ComponentCertificate, round_quality_bound
from matcher.solver.shares import component_shares

# (problem, limits), or (pruned region, limits, the region with all its pairs: regions.py)
Job = (
    tuple[AssignmentProblem, SolverLimits]
    | tuple[AssignmentProblem, SolverLimits, AssignmentProblem]
)


def component_limits(components: list[Component], limits: SolverLimits) -> list[SolverLimits]:
    """The limits of each component: its share of the time limit (shares.py)."""
    return shares_of(weights_of(components), limits)


def shares_of(weights: list[int], limits: SolverLimits) -> list[SolverLimits]:
    return [with_time(limits, s) for s in component_shares(weights, limits.time_limit_s)]


def weights_of(components: list[Component]) -> list[int]:
    """Pairs of each component with side constraints (0 for the others)."""
    return [c.problem.n_pairs if has_side_constraints(c.problem) else 0 for c in components]


def merge(
    problem: AssignmentProblem, parts: list[tuple[Component, Assignment, float]]
) -> Assignment:
    """Combine component answers into one answer for the parent problem.

    A component bound B (in its own gains, unit ``big_c``) says no answer places more than
    W = B // big_c weighted students, and with W placed, has quality <= B - W * big_c. Since the
    parent's ``big`` exceeds any quality total, W * big + (B - W * big_c) bounds that component in
    parent units, and the bounds add up. The quality bound is round-wide (round_bound.py) when
    every part carries its certificates, else the sum of the parts' own quality bounds.
    """
    chosen = [component.pairs[a.pairs] for component, a, _ in parts]
    pairs = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    bound = sum(_parent_bound(problem, c, a) for c, a, _ in parts)
    quality_bound = sum(a.quality_bound for _, a, _ in parts)
    if all(a.quality_certificates for _, a, _ in parts):
        weighted = int(problem.student_weight[problem.pair_student[pairs]].sum())
        certificates = [_certificate(c, a) for c, a, _ in parts]
        quality_bound = round_quality_bound(certificates, weighted)
    stats = tuple(_stats(c, a) for c, a, _ in parts)
    statuses = {a.status for _, a, _ in parts}
    status = SolveStatus.OPTIMAL if statuses <= {SolveStatus.OPTIMAL} else SolveStatus.FEASIBLE
    wall = sum(a.solver_wall_time_s for _, a, _ in parts)
    return make_assignment(
        problem,
        pairs,
        status=status,
        best_bound=bound,
        quality_bound=quality_bound,
        components=stats,
        solver_wall_time_s=wall,
    )


def _certificate(component: Component, a: Assignment) -> ComponentCertificate:
    return ComponentCertificate(
        lines=a.quality_certificates,
        cap=component.problem.big - 1,
        max_weighted=a.weighted_placed_bound,
        scale=CERT_SCALE,
        floor_caps=a.quality_floor_caps,
    )


def _parent_bound(problem: AssignmentProblem, component: Component, a: Assignment) -> int:
    big_c = component.problem.big
    weighted, rest = divmod(a.best_bound, big_c)
    return weighted * problem.big + rest


def _stats(component: Component, a: Assignment) -> ComponentStats:
    sub = component.problem
    constrained = has_side_constraints(sub)
    return ComponentStats(
        n_students=len(sub.student_ids),
        n_places=len(sub.place_ids),
        n_pairs=sub.n_pairs,
        backend="two_phase" if constrained else "min_cost_flow",
        status=a.status,
        objective=a.objective,
        best_bound=a.best_bound,
        wall_time_s=a.solver_wall_time_s,
    )


def with_time(limits: SolverLimits, time_limit_s: float) -> SolverLimits:
    return replace(limits, time_limit_s=time_limit_s)
