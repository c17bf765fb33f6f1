"""The solver's fan-out as pure stages: a round's jobs, then its seams' jobs, then the answer.

``solve`` (matcher/solver/__init__.py) and the database round's Celery fan-out
(adapters/flows/rounds/fanout.py) run the same four steps, so both give the same answer::

    plan = plan_jobs(problem, limits, split)    # round 1: one job per component or region
    answers = [solve_job(job) for job in plan.jobs]          # anywhere, in any order
    seams = seam_jobs(plan, answers)            # round 2: the seams between the regions
    seam_answers = [solve_job(job) for job in seams.jobs]
    assignment = finish(plan, answers, seams, seam_answers)

A job is exactly what ``solve_job`` takes: ``(problem, limits)`` for a component or a seam piece,
``(pruned region, limits, the region with all its pairs)`` for a region (regions.py). Jobs and
answers are picklable. Every stage is a pure function of its arguments: equal input gives equal
plans in the same order, so a worker may also recompute a plan instead of receiving it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matcher.solver.components import Component, split_components
from matcher.solver.merging import Job, merge, shares_of, weights_of, with_time
from matcher.solver.merging import component_limits as _component_limits
from matcher.solver.problem import AssignmentProblem, IntArray, has_side_constraints
from matcher.solver.regions import (
    SEAM_SHARE,
    RegionPlan,
    RegionSplit,
    bound_regions,
    combine,
    plan_regions,
    prune,
    region_parts,
    repair,
    seam_problem,
)
from matcher.solver.result import Assignment, SolverLimits

PARALLEL_MIN_PAIRS = 1_000  # smaller jobs are solved in the calling process (job_order)
Answer = tuple[Assignment, float]  # what solve_job returns: the answer and its work seconds


@dataclass(frozen=True, eq=False)
class Regions:
    """One cut component: its region plan (pruned pairs) and each region with all its pairs."""

    plan: RegionPlan
    bounds: tuple[Component, ...]


@dataclass(frozen=True, eq=False)
class JobPlan:
    """The first round of jobs of a round, and what the later stages need to read the answers.

    ``jobs`` holds, per component in split_components' order, one job, or one per region when
    the component is cut (``regions``: by component index); ``first[i]`` is component i's first.
    """

    problem: AssignmentProblem
    components: tuple[Component, ...]
    shares: tuple[SolverLimits, ...]
    regions: Mapping[int, Regions]
    first: tuple[int, ...]
    jobs: tuple[Job, ...]


@dataclass(frozen=True, eq=False)
class SeamPlan:
    """The second round: the seam pieces' jobs of every cut component, in ``plan.regions`` order.

    ``combined``: per cut component, its regions' answers as one answer (local pairs);
    ``seams``: per cut component with a seam, the seam problem and its pieces (components).
    """

    combined: Mapping[int, IntArray]
    seams: Mapping[int, tuple[Component, tuple[Component, ...]]]
    jobs: tuple[Job, ...]


def plan_jobs(
    problem: AssignmentProblem, limits: SolverLimits, split: RegionSplit | None
) -> JobPlan:
    """The first round of jobs: per component its share of the limits (shares.py); a constrained
    component of more than ``split.min_pairs`` pairs pruned and cut into regions (regions.py)."""
    components = tuple(split_components(problem))
    weights = weights_of(list(components))
    shares = tuple(shares_of(weights, limits))
    regions: dict[int, Regions] = {}
    jobs: list[Job] = []
    first: list[int] = []
    for i, (component, share) in enumerate(zip(components, shares, strict=True)):
        first.append(len(jobs))
        if split is None or not split.cuts(weights[i]):
            jobs.append((component.problem, share))
            continue
        pruned = prune(problem, component, keep=split.prune_pairs)
        plan = plan_regions(problem, pruned, n_regions=split.regions_of(pruned.problem.n_pairs))
        regions[i] = Regions(plan, bound_regions(problem, component, plan))
        jobs.extend(_region_jobs(regions[i], share))
    return JobPlan(problem, components, shares, regions, tuple(first), tuple(jobs))


def _region_jobs(cut: Regions, share: SolverLimits) -> list[Job]:
    """One job per region: its part of (1 - SEAM_SHARE) of the component's share, by pairs."""
    sizes = [region.problem.n_pairs for region in cut.plan.regions]
    total = sum(sizes)
    budget = share.time_limit_s * (1.0 - SEAM_SHARE)
    pieces = zip(cut.plan.regions, cut.bounds, sizes, strict=True)
    return [(r.problem, with_time(share, budget * n / total), b.problem) for r, b, n in pieces]


def seam_jobs(plan: JobPlan, answers: Sequence[Answer]) -> SeamPlan:
    """The second round: per cut component, its regions' answers combined and the students near
    the cuts re-placed in the room left (regions.seam_problem), on SEAM_SHARE of its share; each
    seam is split into its own components, each a job. No jobs when nothing was cut."""
    combined: dict[int, IntArray] = {}
    seams: dict[int, tuple[Component, tuple[Component, ...]]] = {}
    jobs: list[Job] = []
    for i, cut in plan.regions.items():
        combined[i] = combine(cut.plan, [a for a, _ in _found(plan, i, answers)], cut.bounds)
        seam = seam_problem(cut.plan, combined[i])
        if seam is None:
            continue
        pieces = tuple(split_components(seam.problem))
        seams[i] = (seam, pieces)
        share = plan.shares[i]
        limits = _component_limits(list(pieces), with_time(share, share.time_limit_s * SEAM_SHARE))
        jobs.extend((p.problem, lim) for p, lim in zip(pieces, limits, strict=True))
    return SeamPlan(combined, seams, tuple(jobs))


def finish(
    plan: JobPlan,
    answers: Sequence[Answer],
    seams: SeamPlan,
    seam_answers: Sequence[Answer],
) -> Assignment:
    """The round's assignment: the seams repaired into their components, everything merged."""
    repaired = _repaired(plan, seams, seam_answers)
    parts: list[tuple[Component, Assignment, float]] = []
    for i, component in enumerate(plan.components):
        if i not in plan.regions:
            parts.append((component, *answers[plan.first[i]]))
            continue
        cut = plan.regions[i]
        found = _found(plan, i, answers)
        pairs, seam_used = repaired[i]
        used = sum(u for _, u in found) + seam_used
        pieces = region_parts(cut.plan, pairs, [a for a, _ in found], cut.bounds)
        parts.extend((region, a, used if r == 0 else 0.0) for r, (region, a) in enumerate(pieces))
    return merge(plan.problem, parts)


def _repaired(
    plan: JobPlan, seams: SeamPlan, seam_answers: Sequence[Answer]
) -> dict[int, tuple[IntArray, float]]:
    """Per cut component: its answer with the seam repaired (local pairs), and the seam's work."""
    if len(seam_answers) != len(seams.jobs):
        raise ValueError(f"{len(seam_answers)} seam answers for {len(seams.jobs)} seam jobs")
    solved = iter(seam_answers)
    out: dict[int, tuple[IntArray, float]] = {}
    for i, cut in plan.regions.items():
        if i not in seams.seams:
            out[i] = (seams.combined[i], 0.0)
            continue
        seam, pieces = seams.seams[i]
        seam_parts = [(piece, *next(solved)) for piece in pieces]
        answer = merge(seam.problem, seam_parts)
        pairs = repair(cut.plan, seams.combined[i], seam, answer)
        out[i] = (pairs, sum(u for _, _, u in seam_parts))
    return out


def _found(plan: JobPlan, i: int, answers: Sequence[Answer]) -> Sequence[Answer]:
    """The answers of cut component i's regions."""
    if len(answers) != len(plan.jobs):
        raise ValueError(f"{len(answers)} answers for {len(plan.jobs)} jobs")
    start = plan.first[i]
    return answers[start : start + len(plan.regions[i].plan.regions)]


def job_order(jobs: Sequence[Job]) -> tuple[list[int], list[int]]:
    """The jobs worth sending to another process (constrained, PARALLEL_MIN_PAIRS pairs and up),
    most work first so the workers end together, and the light rest in order."""
    heavy = [
        i
        for i, job in enumerate(jobs)
        if has_side_constraints(job[0]) and job[0].n_pairs >= PARALLEL_MIN_PAIRS
    ]
    heavy.sort(key=lambda i: (-jobs[i][1].time_limit_s, i))
    light = sorted(set(range(len(jobs))) - set(heavy))
    return heavy, light


__all__ = [
    "Answer",
    "Job",
    "JobPlan",
    "Regions",
    "SeamPlan",
    "finish",
    "job_order",
    "plan_jobs",
    "seam_jobs",
]
