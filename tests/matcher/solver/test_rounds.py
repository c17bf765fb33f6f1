"""Medium rounds: components, determinism and the warm start on a random geometric-ish round."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from matcher.solver import SolverLimits, solve, solve_cp_sat, split_components
from matcher.solver.feasibility import violations
from matcher.solver.problem import AssignmentProblem, build_problem
from tests.matcher.solver.strategies import assignment_problems

LIMITS = SolverLimits(time_limit_s=2.0, seed=3, num_workers=2, deterministic=True)


def random_round(
    n_students: int, seed: int, towns: int = 1, budget: tuple[float, float] = (6.0, 14.0)
) -> AssignmentProblem:
    """Students in towns on a line, each seeing the 6 nearest places; tight company budgets."""
    rng = np.random.default_rng(seed)
    n_places = n_students // 2
    student_x = np.sort(rng.uniform(0, 100, n_students) + 1000 * rng.integers(0, towns, n_students))
    place_x = np.sort(rng.uniform(0, 100, n_places) + 1000 * rng.integers(0, towns, n_places))
    nearest = np.argsort(np.abs(student_x[:, None] - place_x[None, :]), axis=1)[:, :6]
    place_company = np.arange(n_places) // 3
    n_companies = int(place_company.max()) + 1
    return build_problem(
        student_ids=[f"s{i}" for i in range(n_students)],
        place_ids=[f"p{i}" for i in range(n_places)],
        company_ids=[f"c{i}" for i in range(n_companies)],
        place_capacity=rng.integers(1, 4, n_places),
        place_company=place_company,
        pair_student=np.repeat(np.arange(n_students), 6),
        pair_place=nearest.reshape(-1),
        pair_score=rng.uniform(0, 1, n_students * 6).round(3),
        student_weight=np.where(rng.random(n_students) < 0.1, 2, 1),
        student_needs_support=rng.random(n_students) < 0.4,
        pair_guidance_hours=np.repeat(rng.uniform(0.5, 3, n_students).round(1), 6),
        company_guidance_budget=rng.uniform(*budget, n_companies).round(1).tolist(),
        company_max_support=[2] * n_companies,
    )


@settings(max_examples=40, deadline=None)
@given(assignment_problems(max_students=6))
def test_components_cover_every_pair_once(problem: AssignmentProblem) -> None:
    parts = split_components(problem, batch_pairs=3)
    covered = np.sort(np.concatenate([c.pairs for c in parts])) if parts else np.zeros(0)
    assert covered.tolist() == list(range(problem.n_pairs))
    for part in parts:
        assert part.problem.pair_origin.tolist() == problem.pair_origin[part.pairs].tolist()


def test_components_solve_equals_whole_solve() -> None:
    problem = random_round(160, seed=5, towns=4)
    assert len(split_components(problem, batch_pairs=1)) > 1
    whole = solve_cp_sat(problem, limits=SolverLimits(time_limit_s=30, num_workers=2))
    parts = solve(problem, limits=SolverLimits(time_limit_s=30, num_workers=2))
    assert whole.gap == parts.gap == 0.0
    assert parts.objective == whole.objective
    assert violations(problem, parts.pairs) == []


def test_same_input_same_output() -> None:
    problem = random_round(600, seed=11)
    first = solve(problem, limits=LIMITS)
    second = solve(problem, limits=LIMITS)
    assert first.pairs.tolist() == second.pairs.tolist()
    assert first.best_bound == second.best_bound


def test_bound_is_never_below_the_answer_and_reported_per_component() -> None:
    problem = random_round(600, seed=12)
    result = solve(problem, limits=LIMITS)
    assert violations(problem, result.pairs) == []
    assert result.best_bound >= result.objective
    assert result.weighted_placed <= result.weighted_placed_bound
    assert sum(c.n_pairs for c in result.components) == problem.n_pairs
