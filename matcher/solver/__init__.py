"""Assignment solver: chooses the whole set of student-place matches for a round.

``solve`` splits the problem into independent components, solves each with min-cost flow
(capacities only, exact) or the two-phase solver (budgets / max_support bind: guide LP,
neighbourhood MIPs with HiGHS, CP-SAT on small components, exact bounds; plan.py), and
merges the answers.

Objective and gap (result.py): weighted placed students first, then match quality. Each answer
carries a proved bound on weighted placed (``weighted_placed_bound``) and on quality points
(``quality_bound``: valid for every answer of the round that places at least as many weighted
students in total as this one, however it spreads them over the components: round_bound.py),
``placed_gap`` and ``quality_gap``; ``gap`` is the larger of the
two. ``status`` is OPTIMAL only when the lexicographic optimum is proved.

Fan-out contract (a process pool, Celery workers), all pure functions of their arguments
(jobs.py; ``solve`` is exactly these steps, with ``map_fn`` running the jobs):

1. ``plan = jobs.plan_jobs(problem, limits, split)``: the first round of jobs in a fixed order,
   one per component (``split_components``; each with its share of the time limit: shares.py),
   or one per region of a constrained component of more than ``split.min_pairs`` pairs
   (regions.py). A job is picklable, a few MB at most: ``(problem, limits)`` or
   ``(pruned region, limits, full region)``.
2. ``solve_job(job) -> (Assignment, used)`` on any worker; ``used`` is the work spent (work
   seconds counted from the pairs each phase handles plus CP-SAT's deterministic time: plan.py;
   independent of machine load). Assignment is picklable.
3. ``seams = jobs.seam_jobs(plan, answers)`` on the coordinator: the second round, the seams
   between the regions (no jobs when nothing was cut); their answers by ``solve_job`` again.
4. ``jobs.finish(plan, answers, seams, seam_answers)``: the parent's Assignment (pairs in
   parent indices, summed bounds; ``merge``).

With ``limits.deterministic`` equal input gives equal output, wherever each job runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import numpy as np

from matcher.solver.components import Component, split_components
from matcher.solver.cp_sat import solve_cp_sat
from matcher.solver.greedy import solve_greedy
from matcher.solver.min_cost_flow import solve_min_cost_flow
from matcher.solver.plan import solve_constrained
from matcher.solver.problem import (
    AssignmentProblem,
    build_problem,
    has_side_constraints,
)
from matcher.solver.regions import RegionSplit, certify, certify_work
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
from matcher.solver.tuning import TUNING

# (problem, limits), or (pruned region, limits, the region with all its pairs: regions.py)
_Job = (
    tuple[AssignmentProblem, SolverLimits]
    | tuple[AssignmentProblem, SolverLimits, AssignmentProblem]
)

__all__ = [
    "Assignment",
    "AssignmentProblem",
    "MapFn",
    "ComponentStats",
    "SolveStatus",
    "RegionSplit",
    "SolverLimits",
    "build_problem",
    "component_limits",
    "merge",
    "has_side_constraints",
    "solve",
    "solve_component",
    "solve_job",
    "solve_cp_sat",
    "solve_greedy",
    "solve_min_cost_flow",
    "solve_constrained",
    "split_components",
]

PARALLEL_MIN_PAIRS = 1_000  # smaller components are solved in the calling process

MapFn = Callable[[Callable[[_Job], tuple[Assignment, float]], Iterable[_Job]], Iterable[Any]]


def solve(
    problem: AssignmentProblem,
    *,
    limits: SolverLimits,
    map_fn: MapFn | None = None,
    split: RegionSplit | None = RegionSplit(),  # noqa: B008 - frozen
) -> Assignment:
    """Best assignment for the whole round within the limits.

    Constrained components get fixed shares of the time limit (``component_limits``,
    shares.py), so each answer depends only on its own component: the same whether the
    components run here one by one, side by side through ``map_fn`` (a process pool's ``map``:
    adapters/solver_pool.py, or Celery workers: adapters/celery/solver_map.py; it gets the
    constrained jobs of at least PARALLEL_MIN_PAIRS pairs, most work first, when there are at
    least two). With ``split``, constrained components of more than ``split.min_pairs``
    pairs are cut into regions that are solved as separate jobs, and then their seams are
    re-solved in a second round of jobs (regions.py). These are jobs.py's stages, which the
    database round's Celery fan-out runs too (adapters/flows/rounds/fanout.py).
    """
    from matcher.solver.jobs import finish, plan_jobs, seam_jobs  # jobs.py builds on merge()

    plan = plan_jobs(problem, limits, split)
    answers = _run_jobs(list(plan.jobs), map_fn)
    seams = seam_jobs(plan, answers)
    seam_answers = _run_jobs(list(seams.jobs), map_fn)
    return finish(plan, answers, seams, seam_answers)


def _run_jobs(jobs: list[_Job], map_fn: MapFn | None) -> list[tuple[Assignment, float]]:
    """Solve the jobs; the constrained ones of PARALLEL_MIN_PAIRS pairs and up through map_fn
    (when there are at least two), most work first, so the workers end together."""
    from matcher.solver.jobs import job_order

    heavy, light = job_order(jobs)
    if len(heavy) < 2 or map_fn is None:
        heavy, light = [], list(range(len(jobs)))
    answers = dict(zip(heavy, (map_fn or map)(solve_job, [jobs[i] for i in heavy]), strict=True))
    answers.update(zip(light, map(solve_job, [jobs[i] for i in light]), strict=True))
    return [answers[i] for i in range(len(jobs))]


def component_limits(components: list[Component], limits: SolverLimits) -> list[SolverLimits]:
    """The limits of each component: its share of the time limit (shares.py)."""
    return _shares(_weights(components), limits)


def _shares(weights: list[int], limits: SolverLimits) -> list[SolverLimits]:
    return [_with_time(limits, s) for s in component_shares(weights, limits.time_limit_s)]


def _weights(components: list[Component]) -> list[int]:
    """Pairs of each component with side constraints (0 for the others)."""
    return [c.problem.n_pairs if has_side_constraints(c.problem) else 0 for c in components]


def solve_job(job: _Job) -> tuple[Assignment, float]:
    """Solve one job of solve()'s fan-out (what a worker runs): a component or a region."""
    if len(job) == 3:
        return solve_region(job[0], job[2], limits=job[1])
    return solve_component(job[0], limits=job[1])


def solve_region(
    pruned: AssignmentProblem, full: AssignmentProblem, *, limits: SolverLimits
) -> tuple[Assignment, float]:
    """Solve a region on its pruned pairs; the answer is in ``full`` with bounds proved on all
    its pairs (regions.certify, with the plan's own LP prices), and the work includes that
    proof."""
    if not has_side_constraints(pruned):
        answer = solve_min_cost_flow(pruned)
        return certify(pruned, full, answer.pairs)
    proof = certify_work(0, full.n_pairs)
    inner = _with_time(limits, max(limits.time_limit_s - proof, TUNING.min_share_s))
    run = solve_constrained(pruned, limits=inner)
    lps = None if run.guide is None or run.quality_lp is None else (run.guide, run.quality_lp)
    certified, work = certify(pruned, full, run.assignment.pairs, lps)
    return certified, run.work + work


def solve_component(
    problem: AssignmentProblem, *, limits: SolverLimits
) -> tuple[Assignment, float]:
    """Solve one sub-problem with the right backend; also return the work it took (seconds)."""
    if not has_side_constraints(problem):
        return solve_min_cost_flow(problem), 0.0
    run = solve_constrained(problem, limits=limits)
    return run.assignment, run.deterministic_time


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


def _with_time(limits: SolverLimits, time_limit_s: float) -> SolverLimits:
    return replace(limits, time_limit_s=time_limit_s)
