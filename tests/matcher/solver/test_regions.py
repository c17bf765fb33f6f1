"""Regions: a huge component cut along the map, solved in parts, its seams repaired."""

from __future__ import annotations

import numpy as np

from matcher.solver import RegionSplit, SolverLimits, solve
from matcher.solver.components import split_components
from matcher.solver.feasibility import violations
from matcher.solver.problem import NO_LIMIT, AssignmentProblem, build_problem
from matcher.solver.regions import (
    bound_regions,
    certify,
    combine,
    plan_regions,
    prune,
    region_parts,
    seam_problem,
    seam_students,
)

SPLIT = RegionSplit(min_pairs=300, region_pairs=400, prune_pairs=10)
LIMITS = SolverLimits(time_limit_s=1.0)


def strip_round(n_students: int = 180, seed: int = 3, *, locks: int = 0) -> AssignmentProblem:
    """Students and companies along a 100 km strip; each student reaches the places within 12 km.

    Companies have 1-3 places and a guidance budget of about half a full house, so they bind.
    """
    rng = np.random.default_rng(seed)
    n_companies = n_students // 3
    company_at = np.sort(rng.uniform(0, 100, n_companies))
    size = rng.integers(1, 4, n_companies)
    place_company = np.repeat(np.arange(n_companies), size)
    place_at = company_at[place_company]
    capacity = rng.integers(1, 3, place_company.size)
    student_at = rng.uniform(0, 100, n_students)
    near = np.abs(student_at[:, None] - place_at[None, :]) <= 12.0
    pair_student, pair_place = np.nonzero(near)
    hours = rng.integers(1, 4, n_students).astype(float)
    seats = np.bincount(place_company, capacity, minlength=n_companies)
    budget = [float(np.ceil(s * 2 * 0.5)) for s in seats]
    max_support = [int(m) if m > 0 else None for m in rng.integers(0, 3, n_companies)]
    support = rng.random(n_students) < 0.2
    lock_pairs: list[int] = []
    taken_students: set[int] = set()
    taken_companies: set[int] = set()
    for i in rng.permutation(pair_student.size).tolist():  # one lock per student and company
        s, c = int(pair_student[i]), int(place_company[pair_place[i]])
        fits = not support[s] and hours[s] <= budget[c] and len(lock_pairs) < locks
        if fits and s not in taken_students and c not in taken_companies:
            lock_pairs.append(i)
            taken_students.add(s)
            taken_companies.add(c)
    return build_problem(
        student_ids=[f"s{i}" for i in range(n_students)],
        place_ids=[f"p{i}" for i in range(place_company.size)],
        company_ids=[f"c{i}" for i in range(n_companies)],
        place_capacity=capacity,
        place_company=place_company,
        pair_student=pair_student,
        pair_place=pair_place,
        pair_score=rng.uniform(0.2, 1.0, pair_student.size),
        student_weight=np.where(rng.random(n_students) < 0.1, 2, 1),
        student_needs_support=support,
        company_guidance_budget=budget,
        company_max_support=max_support,
        pair_guidance_hours=hours[pair_student],
        locks=lock_pairs,
    )


def _largest(problem: AssignmentProblem):  # type: ignore[no-untyped-def]
    return max(split_components(problem), key=lambda c: c.problem.n_pairs)


def test_every_student_is_in_one_region_and_no_bound_pair_is_lost() -> None:
    problem = strip_round(locks=15)
    component = _largest(problem)
    pruned = prune(problem, component, keep=SPLIT.prune_pairs)
    plan = plan_regions(problem, pruned, n_regions=4)
    assert len(plan.regions) == 4
    students = np.concatenate([r.students for r in plan.regions])
    assert np.array_equal(np.sort(students), pruned.students)  # each student exactly once
    pairs = np.concatenate([r.pairs for r in plan.regions])
    assert np.array_equal(np.sort(pairs), pruned.pairs)  # each pruned pair in one region
    full = bound_regions(problem, component, plan)
    full_pairs = np.concatenate([r.pairs for r in full])
    assert np.array_equal(np.sort(full_pairs), component.pairs)  # bounds see every pair
    for region, big in zip(plan.regions, full, strict=True):
        assert np.array_equal(region.students, big.students)


def test_pruning_keeps_each_students_best_pairs_and_the_locks() -> None:
    problem = strip_round(locks=15)
    component = _largest(problem)
    pruned = prune(problem, component, keep=3)
    sub = component.problem
    kept = np.isin(component.pairs, pruned.pairs)
    assert np.isin(problem.locked, pruned.pairs[np.isin(pruned.pairs, component.pairs)]).sum() >= 0
    for s in range(len(sub.student_ids)):
        mine = np.flatnonzero(sub.pair_student == s)
        gains = sub.pair_gain[mine]
        best = np.sort(gains)[::-1][: min(3, mine.size)]
        assert np.sort(gains[kept[mine]])[::-1][: best.size].tolist() == best.tolist()
    locked = component.pairs[np.isin(component.pairs, problem.locked)]
    assert np.isin(locked, pruned.pairs).all()


def test_no_budget_is_shared_between_regions() -> None:
    """A company belongs to one region; every region that reaches it sees its whole budget, so
    the owners' budgets add up to the original and the bounds stay valid."""
    problem = strip_round()
    component = _largest(problem)
    plan = plan_regions(problem, prune(problem, component, keep=4), n_regions=4)
    owner_budget = np.zeros(len(problem.company_ids), dtype=np.int64)
    for r, region in enumerate(plan.regions):
        sub = region.problem
        assert np.array_equal(sub.company_budget, problem.company_budget[region.companies])
        owned = plan.owner[np.searchsorted(plan.component.companies, region.companies)] == r
        limited = sub.company_budget != NO_LIMIT
        owner_budget[region.companies[owned & limited]] += sub.company_budget[owned & limited]
    used = np.unique(plan.component.companies)
    limited = problem.company_budget[used] != NO_LIMIT
    assert np.array_equal(owner_budget[used[limited]], problem.company_budget[used[limited]])


def test_only_seam_students_have_pairs_across_a_cut_and_locks_are_never_cut() -> None:
    problem = strip_round(locks=15)
    component = _largest(problem)
    plan = plan_regions(problem, prune(problem, component, keep=4), n_regions=4)
    sub = plan.component.problem
    cut = plan.owner[sub.pair_company] != plan.student_region[sub.pair_student]
    seam = seam_students(plan)
    assert cut.any()
    locked_students = sub.pair_student[sub.locked]
    assert not cut[sub.locked].any()
    assert np.isin(np.setdiff1d(sub.pair_student[cut], locked_students), seam).all()


def test_combined_regions_are_feasible_and_the_seam_problem_has_the_room_left() -> None:
    problem = strip_round(locks=15)
    component = _largest(problem)
    pruned = prune(problem, component, keep=4)
    plan = plan_regions(problem, pruned, n_regions=4)
    full = bound_regions(problem, component, plan)
    answers = []
    for region, big in zip(plan.regions, full, strict=True):
        answer, _ = solve_region_job(region.problem, big.problem)
        answers.append(answer)
    pairs = combine(plan, answers, full)
    assert violations(plan.component.problem, pairs) == []
    seam = seam_problem(plan, pairs)
    assert seam is not None
    assert not np.isin(
        seam.students,
        plan.component.problem.pair_student[
            pairs[~np.isin(plan.component.problem.pair_student[pairs], seam.students)]
        ],
    ).any()
    fixed = pairs[~np.isin(plan.component.problem.pair_student[pairs], seam.students)]
    used = np.bincount(plan.component.problem.pair_place[fixed],
                       minlength=len(plan.component.problem.place_ids))  # fmt: skip
    room = plan.component.problem.place_capacity - used
    assert np.array_equal(seam.problem.place_capacity, room[seam.places])
    parts = region_parts(plan, pairs, answers, full)
    assert sum(a.placed for _, a in parts) == pairs.size


def solve_region_job(pruned: AssignmentProblem, full: AssignmentProblem):  # type: ignore[no-untyped-def]
    from matcher.solver import solve_region

    return solve_region(pruned, full, limits=LIMITS)


def test_certify_bounds_every_answer_of_the_full_region() -> None:
    problem = strip_round(120, seed=5)
    component = _largest(problem)
    pruned = prune(problem, component, keep=2)
    plan = plan_regions(problem, pruned, n_regions=1)
    full = bound_regions(problem, component, plan)[0]
    exact = solve(full.problem, limits=LIMITS, split=None)  # searches every pair
    answer, work = certify(plan.regions[0].problem, full.problem, np.zeros(0, dtype=np.int64))
    assert work > 0
    assert answer.best_bound >= exact.objective
    assert answer.weighted_placed_bound >= exact.weighted_placed


def test_split_round_is_valid_deterministic_and_its_bound_holds() -> None:
    problem = strip_round(locks=15)
    first = solve(problem, limits=LIMITS, split=SPLIT)
    again = solve(problem, limits=LIMITS, split=SPLIT)
    whole = solve(problem, limits=LIMITS, split=None)
    assert len(first.components) > len(whole.components)  # it was cut
    assert violations(problem, first.pairs) == []
    assert np.array_equal(first.pairs, again.pairs)
    assert first.best_bound == again.best_bound
    assert first.quality_bound == again.quality_bound
    assert np.isin(problem.locked, first.pairs).all()
    students = problem.pair_student[first.pairs]
    assert np.unique(students).size == students.size  # nobody twice
    # the split's bounds hold for the unsplit solver's answer too
    assert first.weighted_placed_bound >= whole.weighted_placed
    if whole.weighted_placed >= first.weighted_placed:
        assert first.best_bound >= whole.objective
    assert first.weighted_placed >= 0.95 * whole.weighted_placed


def test_a_map_gets_the_regions_then_the_seams() -> None:
    calls: list[int] = []

    def recording_map(fn, jobs):  # type: ignore[no-untyped-def]
        jobs = list(jobs)
        calls.append(len(jobs))
        return list(map(fn, jobs))

    problem = strip_round()
    mapped = solve(problem, limits=LIMITS, split=SPLIT, map_fn=recording_map)
    plain = solve(problem, limits=LIMITS, split=SPLIT)
    assert np.array_equal(mapped.pairs, plain.pairs)
    assert len(calls) >= 1


def test_a_component_is_cut_by_its_pruned_pairs_even_below_the_split_threshold() -> None:
    """The split threshold looks at all pairs; the number of regions at the pruned ones."""
    problem = strip_round()
    component = _largest(problem)
    split = RegionSplit(min_pairs=component.problem.n_pairs - 1, region_pairs=400, prune_pairs=4)
    pruned = prune(problem, component, keep=split.prune_pairs)
    assert split.min_pairs > pruned.problem.n_pairs > split.region_pairs
    answer = solve(problem, limits=LIMITS, split=split)
    whole = solve(problem, limits=LIMITS, split=None)
    assert len(answer.components) > len(whole.components)
    assert violations(problem, answer.pairs) == []
