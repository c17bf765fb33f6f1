"""The fan-out's pure stages (jobs.py): solve() is plan, map, seams, map, finish, unchanged."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest

from matcher.solver import (
    Assignment,
    AssignmentProblem,
    RegionSplit,
    SolverLimits,
    component_limits,
    merge,
    solve,
    solve_job,
)
from matcher.solver.components import Component, split_components
from matcher.solver.jobs import finish, job_order, plan_jobs, seam_jobs
from matcher.solver.problem import has_side_constraints
from matcher.solver.regions import (
    SEAM_SHARE,
    bound_regions,
    combine,
    plan_regions,
    prune,
    region_parts,
    repair,
    seam_problem,
)
from tests.matcher.solver.test_regions import LIMITS, SPLIT, strip_round


def _old_solve(
    problem: AssignmentProblem, *, limits: SolverLimits, split: RegionSplit | None
) -> Assignment:
    """solve() as it was before jobs.py (2026-12-03, main 0006bc5), one job after the other."""
    components = split_components(problem)
    weights = [c.problem.n_pairs if has_side_constraints(c.problem) else 0 for c in components]
    shares = component_limits(components, limits)
    plans, bounds, jobs, where = {}, {}, [], []
    for i, (component, share) in enumerate(zip(components, shares, strict=True)):
        where.append(len(jobs))
        if split is not None and split.cuts(weights[i]):
            pruned = prune(problem, component, keep=split.prune_pairs)
            n_pruned = split.regions_of(pruned.problem.n_pairs)
            plan = plan_regions(problem, pruned, n_regions=n_pruned)
            plans[i] = plan
            bounds[i] = bound_regions(problem, component, plan)
            sizes = [r.problem.n_pairs for r in plan.regions]
            budget = share.time_limit_s * (1.0 - SEAM_SHARE)
            for r, b, n in zip(plan.regions, bounds[i], sizes, strict=True):
                jobs.append((r.problem, _time(share, budget * n / sum(sizes)), b.problem))
        else:
            jobs.append((component.problem, share))
    answers = [solve_job(job) for job in jobs]
    seams = {}
    for i, plan in plans.items():
        found = [a for a, _ in answers[where[i] : where[i] + len(plan.regions)]]
        combined = combine(plan, found, bounds[i])
        seam = seam_problem(plan, combined)
        if seam is None:
            seams[i] = (combined, 0.0)
            continue
        pieces = split_components(seam.problem)
        seam_share = _time(shares[i], shares[i].time_limit_s * SEAM_SHARE)
        seam_limits = component_limits(pieces, seam_share)
        seam_parts = [
            (p, *solve_job((p.problem, lim))) for p, lim in zip(pieces, seam_limits, strict=True)
        ]
        answer = merge(seam.problem, seam_parts)
        seams[i] = (repair(plan, combined, seam, answer), sum(u for _, _, u in seam_parts))
    parts: list[tuple[Component, Assignment, float]] = []
    for i, component in enumerate(components):
        if i not in plans:
            parts.append((component, *answers[where[i]]))
            continue
        found = answers[where[i] : where[i] + len(plans[i].regions)]
        used = sum(u for _, u in found) + seams[i][1]
        pieces = region_parts(plans[i], seams[i][0], [a for a, _ in found], bounds[i])
        parts.extend((region, a, used if r == 0 else 0.0) for r, (region, a) in enumerate(pieces))
    return merge(problem, parts)


def _time(limits: SolverLimits, seconds: float) -> SolverLimits:
    return replace(limits, time_limit_s=seconds)


def _same(a: Assignment, b: Assignment) -> None:
    assert np.array_equal(a.pairs, b.pairs)
    assert a.objective == b.objective
    assert (a.best_bound, a.quality_bound) == (b.best_bound, b.quality_bound)
    assert a.status == b.status
    assert [(c.n_pairs, c.status, c.best_bound) for c in a.components] == [
        (c.n_pairs, c.status, c.best_bound) for c in b.components
    ]


ROUNDS = [  # (students, seed, locks), split
    pytest.param((180, 3, 15), SPLIT, id="strip-180-locks"),
    pytest.param((240, 7, 0), SPLIT, id="strip-240"),
    pytest.param((300, 11, 8), RegionSplit(500, 700, 6), id="strip-300-coarse"),
    pytest.param((120, 5, 4), None, id="no-split"),
]


@pytest.mark.parametrize(("shape", "split"), ROUNDS)
def test_solve_gives_the_answers_it_gave_before_the_stages(
    shape: tuple[int, int, int], split: RegionSplit | None
) -> None:
    n_students, seed, locks = shape
    problem = strip_round(n_students, seed, locks=locks)
    new = solve(problem, limits=LIMITS, split=split)
    _same(new, _old_solve(problem, limits=LIMITS, split=split))
    if split is not None:
        assert plan_jobs(problem, LIMITS, split).regions  # the round was cut


def test_the_stages_run_anywhere_give_solves_answer() -> None:
    """Jobs pickled and solved out of order, as the database fan-out does."""
    problem = strip_round(locks=15)
    plan = plan_jobs(problem, LIMITS, SPLIT)
    assert len(plan.jobs) > len(plan.components)
    jobs = pickle.loads(pickle.dumps(plan.jobs))
    answers = [solve_job(job) for job in reversed(jobs)][::-1]
    seams = seam_jobs(plan, answers)
    assert seams.jobs  # the regions have seams
    seam_answers = [pickle.loads(pickle.dumps(solve_job(job))) for job in seams.jobs]
    _same(finish(plan, answers, seams, seam_answers), solve(problem, limits=LIMITS, split=SPLIT))


def test_plans_are_deterministic() -> None:
    problem = strip_round(locks=15)
    first, again = plan_jobs(problem, LIMITS, SPLIT), plan_jobs(problem, LIMITS, SPLIT)
    assert len(first.jobs) == len(again.jobs)
    for a, b in zip(first.jobs, again.jobs, strict=True):
        assert len(a) == len(b)
        assert a[1] == b[1]
        assert np.array_equal(a[0].pair_origin, b[0].pair_origin)


def test_missing_answers_are_refused() -> None:
    problem = strip_round()
    plan = plan_jobs(problem, LIMITS, SPLIT)
    answers = [solve_job(job) for job in plan.jobs]
    with pytest.raises(ValueError, match="answers for"):
        seam_jobs(plan, answers[:-1])
    seams = seam_jobs(plan, answers)
    with pytest.raises(ValueError, match="seam answers for"):
        finish(plan, answers, seams, [])


def test_job_order_sends_heavy_constrained_jobs_most_work_first() -> None:
    problem = strip_round(600, locks=15)
    plan = plan_jobs(problem, SolverLimits(time_limit_s=1.0), RegionSplit(300, 1500, 10))
    heavy, light = job_order(plan.jobs)
    assert sorted(heavy + light) == list(range(len(plan.jobs)))
    limits = [plan.jobs[i][1].time_limit_s for i in heavy]
    assert limits == sorted(limits, reverse=True)
    assert all(plan.jobs[i][0].n_pairs >= 1_000 for i in heavy)
