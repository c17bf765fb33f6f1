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
from typing import Any

from matcher.solver.components import split_components
from matcher.solver.cp_sat import solve_cp_sat
from matcher.solver.greedy import solve_greedy
from matcher.solver.jobs import finish, job_order, plan_jobs, seam_jobs
from matcher.solver.merging import Job, component_limits, merge, with_time
from matcher.solver.min_cost_flow import solve_min_cost_flow
from matcher.solver.plan import solve_constrained
from matcher.solver.problem import (
    AssignmentProblem,
    build_problem,
    has_side_constraints,
)
from matcher.solver.regions import RegionSplit, certify, certify_work
from matcher.solver.result import Assignment, ComponentStats, SolverLimits, SolveStatus
from matcher.solver.tuning import TUNING

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

MapFn = Callable[[Callable[[Job], tuple[Assignment, float]], Iterable[Job]], Iterable[Any]]


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
    plan = plan_jobs(problem, limits, split)
    answers = _run_jobs(list(plan.jobs), map_fn)
    seams = seam_jobs(plan, answers)
    seam_answers = _run_jobs(list(seams.jobs), map_fn)
    return finish(plan, answers, seams, seam_answers)


def _run_jobs(jobs: list[Job], map_fn: MapFn | None) -> list[tuple[Assignment, float]]:
    """Solve the jobs; the constrained ones of PARALLEL_MIN_PAIRS pairs and up through map_fn
    (when there are at least two), most work first, so the workers end together."""
    heavy, light = job_order(jobs)
    if len(heavy) < 2 or map_fn is None:
        heavy, light = [], list(range(len(jobs)))
    answers = dict(zip(heavy, (map_fn or map)(solve_job, [jobs[i] for i in heavy]), strict=True))
    answers.update(zip(light, map(solve_job, [jobs[i] for i in light]), strict=True))
    return [answers[i] for i in range(len(jobs))]


def solve_job(job: Job) -> tuple[Assignment, float]:
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
    inner = with_time(limits, max(limits.time_limit_s - proof, TUNING.min_share_s))
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
