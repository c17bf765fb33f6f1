"""The constrained plan: feasible answers, bounds that hold (brute force), the fan-out contract."""

from __future__ import annotations

import itertools
import pickle
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from matcher.solver import (
    SolverLimits,
    merge,
    solve,
    solve_component,
    split_components,
)
from matcher.solver.feasibility import violations
from matcher.solver.lp_relax import placement_bound, quality_certificate, solve_lp
from matcher.solver.plan import PLAN, full_work, size_class, solve_constrained
from matcher.solver.problem import AssignmentProblem
from matcher.solver.tuning import TUNING
from tests.matcher.solver.strategies import assignment_problems
from tests.matcher.solver.test_rounds import random_round

LIMITS = SolverLimits(time_limit_s=5.0, seed=1, num_workers=1, deterministic=True)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _feasible_answers(problem: AssignmentProblem) -> list[tuple[int, int]]:
    """(weighted placed, quality points) of every feasible answer."""
    options: list[list[int | None]] = [[None] for _ in problem.student_ids]
    for i, s in enumerate(problem.pair_student.tolist()):
        options[s].append(i)
    found = []
    for combo in itertools.product(*options):
        pairs = np.array([i for i in combo if i is not None], dtype=np.int64)
        if not violations(problem, pairs):
            weighted = int(problem.student_weight[problem.pair_student[pairs]].sum())
            found.append((weighted, int(problem.pair_quality[pairs].sum())))
    return found


@FAST
@given(assignment_problems())
def test_the_plan_answer_is_feasible_and_its_bounds_hold(problem: AssignmentProblem) -> None:
    answer = solve_constrained(problem, limits=LIMITS).assignment
    assert violations(problem, answer.pairs) == []
    answers = _feasible_answers(problem)
    best_weighted = max(w for w, _ in answers)
    assert answer.weighted_placed_bound >= best_weighted
    assert answer.quality_bound >= max(q for w, q in answers if w >= answer.weighted_placed)
    assert answer.objective == max(w * problem.big + q for w, q in answers)  # small: CP-SAT proves
    assert answer.gap == 0.0


@FAST
@given(assignment_problems())
def test_lp_certificates_are_valid_bounds(problem: AssignmentProblem) -> None:
    answers = _feasible_answers(problem)
    weights = problem.student_weight[problem.pair_student].astype(np.float64)
    assert placement_bound(problem, solve_lp(problem, weights)) >= max(w for w, _ in answers)
    for floor in sorted({w for w, _ in answers}):
        lp = solve_lp(problem, problem.pair_quality.astype(np.float64), min_weighted=floor)
        bound = quality_certificate(problem, lp).at(floor)
        assert bound >= max(q for w, q in answers if w >= floor)


def test_the_plan_is_deterministic() -> None:
    problem = random_round(400, seed=21)
    first = solve_constrained(problem, limits=LIMITS).assignment
    second = solve_constrained(problem, limits=LIMITS).assignment
    assert first.pairs.tolist() == second.pairs.tolist()
    assert (first.best_bound, first.quality_bound) == (second.best_bound, second.quality_bound)


def test_components_travel_through_pickle_and_merge_like_solve() -> None:
    problem = random_round(240, seed=8, towns=3)
    limits = SolverLimits(time_limit_s=3.0, seed=2, num_workers=1, deterministic=True)
    parts = []
    for component in split_components(problem, batch_pairs=1):
        job = pickle.loads(pickle.dumps(component.problem))  # as a worker receives it
        assignment, used = solve_component(job, limits=limits)
        parts.append((component, pickle.loads(pickle.dumps(assignment)), used))
    merged = merge(problem, parts)
    assert violations(problem, merged.pairs) == []
    assert merged.weighted_placed <= merged.weighted_placed_bound
    assert merged.quality_points <= merged.quality_bound
    assert len(parts) > 1
    whole = solve(problem, limits=limits)
    assert whole.weighted_placed_bound >= merged.weighted_placed


def test_quality_mip_tightens_the_quality_bound_at_the_proved_placement() -> None:
    problem = random_round(300, seed=5)
    roomy = SolverLimits(time_limit_s=60.0, seed=1, num_workers=1, deterministic=True)
    answer = solve_constrained(problem, limits=roomy).assignment
    assert answer.quality_floor_caps  # the quality MIP ran and proved a cap
    (floor, cap), *_ = answer.quality_floor_caps
    assert floor <= answer.weighted_placed
    lp = solve_lp(problem, problem.pair_quality.astype(np.float64), min_weighted=floor)
    lp_bound = quality_certificate(problem, lp).at(floor)
    assert answer.quality_points <= answer.quality_bound <= cap < lp_bound


def test_the_share_a_small_component_gets_is_enough_for_its_quality_mip() -> None:
    problem = random_round(300, seed=5)  # the placement MIP proves its placement
    assert problem.n_pairs <= TUNING.mip_max_pairs
    limits = SolverLimits(time_limit_s=full_work(problem.n_pairs), seed=1)
    run = solve_constrained(problem, limits=limits)
    assert run.deterministic_time <= limits.time_limit_s
    assert run.assignment.placed_gap == 0.0
    assert run.assignment.quality_floor_caps  # the quality MIP ran at the proved placement
    assert run.assignment.quality_gap <= 0.01


@pytest.mark.parametrize("seed", [3, 4])
def test_small_components_trade_pairs_towards_the_quality_lp(seed: int) -> None:
    # On these rounds the placement MIP's answer has 35-40 % less quality than the quality LP
    # allows at its placement; the relaxation-induced MIP brings most of it back.
    problem = random_round(300, seed=seed)
    limits = SolverLimits(time_limit_s=full_work(problem.n_pairs), seed=1)
    answer = solve_constrained(problem, limits=limits).assignment
    assert violations(problem, answer.pairs) == []
    assert answer.quality_gap <= 0.1


@FAST
@given(assignment_problems())
def test_the_large_component_path_keeps_the_rules_and_its_bounds_hold(
    problem: AssignmentProblem,
) -> None:
    large = replace(TUNING, mip_max_pairs=-1, cp_sat_max_pairs=-1)  # every component is large
    answer = solve_constrained(problem, limits=LIMITS, tuning=large).assignment
    assert violations(problem, answer.pairs) == []
    answers = _feasible_answers(problem)
    assert answer.weighted_placed_bound >= max(w for w, _ in answers)
    assert answer.quality_bound >= max(q for w, q in answers if w >= answer.weighted_placed)


def test_the_plan_lists_its_phases_per_size_class() -> None:
    names = {size: [p.name for p in PLAN if size in p.sizes] for size in ("tiny", "small", "large")}
    assert names["large"] == [
        "guide LP",
        "Lagrangian start",
        "residual MIP",
        "quality LP",
        "relaxation-induced MIP",
        "placement search",
        "relaxation-induced MIP after the search",
        "quality LP again",
        "quality search",
        "polish",
    ]
    assert "CP-SAT" in names["tiny"]
    assert "CP-SAT" not in names["small"]
    assert {"placement MIP", "quality MIP"} <= set(names["tiny"]) & set(names["small"])
    assert [size_class(n) for n in (1_000, 1_001, 10_000, 10_001)] == [
        "tiny",
        "small",
        "small",
        "large",
    ]


def test_every_phase_draws_from_one_budget_and_the_plan_keeps_to_it() -> None:
    problem = random_round(400, seed=21)
    run = solve_constrained(problem, limits=LIMITS)
    assert sum(work for _, work in run.phases) == pytest.approx(run.work)
    assert run.work <= LIMITS.time_limit_s
    assert [name for name, _ in run.phases][:3] == ["guide LP", "Lagrangian start", "placement MIP"]


def test_a_tight_large_budget_runs_the_placement_search_before_the_relaxation_induced_mip() -> None:
    problem = random_round(400, seed=21, towns=2)
    large = replace(TUNING, mip_max_pairs=-1, cp_sat_max_pairs=-1)
    roomy = solve_constrained(problem, limits=LIMITS, tuning=large)
    names = [name for name, _ in roomy.phases]
    assert "relaxation-induced MIP" in names  # cheap next to the budget: it goes first
    assert "relaxation-induced MIP after the search" not in names
    tight = solve_constrained(problem, limits=LIMITS, tuning=replace(large, rins_share=0.0))
    names = [name for name, _ in tight.phases]
    assert "relaxation-induced MIP" not in names
    assert names.index("placement search") < names.index("relaxation-induced MIP after the search")
    assert violations(problem, tight.assignment.pairs) == []
    assert tight.work <= LIMITS.time_limit_s
