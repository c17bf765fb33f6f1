"""The round-wide quality bound: valid for every answer of the round, checked by brute force."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings

from matcher.solver import SolverLimits, merge, solve_component, split_components
from matcher.solver.problem import AssignmentProblem
from matcher.solver.round_bound import ComponentCertificate, round_quality_bound
from tests.matcher.solver.strategies import assignment_problems
from tests.matcher.solver.test_two_phase import _feasible_answers

LIMITS = SolverLimits(time_limit_s=5.0, seed=1, num_workers=1, deterministic=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assignment_problems())
def test_merged_quality_bound_holds_for_the_whole_round(problem: AssignmentProblem) -> None:
    parts = []
    for component in split_components(problem, batch_pairs=1):
        assignment, used = solve_component(component.problem, limits=LIMITS)
        parts.append((component, assignment, used))
    merged = merge(problem, parts)
    answers = _feasible_answers(problem)
    # any answer of the round that places at least as many weighted students, however it
    # spreads them over the components
    at_least = [q for w, q in answers if w >= merged.weighted_placed]
    assert merged.quality_bound >= max(at_least)
    assert merged.weighted_placed_bound >= max(w for w, _ in answers)


def _part(lines: list[tuple[int, int]], cap: int, max_weighted: int) -> ComponentCertificate:
    return ComponentCertificate(tuple(lines), cap=cap, max_weighted=max_weighted, scale=1)


def test_round_bound_lets_a_cheap_component_place_for_an_expensive_one() -> None:
    # A: quality <= 100 - 10 W, W <= 5 (we place 4); B: quality <= 200 - 50 W, W <= 3 (we place 3)
    cheap, dear = _part([(100, 10)], 1000, 5), _part([(200, 50)], 1000, 3)
    per_component = (100 - 10 * 4) + (200 - 50 * 3)  # valid only if each keeps its own count
    # the round may place 5 in A and 2 in B: 50 + 100 = 150 > 110
    assert round_quality_bound([cheap, dear], 7) == 150 > per_component


def test_round_bound_of_exact_components_is_exact() -> None:
    # two optimal min-cost-flow components: quality + big * W <= objective, W <= our W
    parts = [_part([(5 * 1000 + 300, 1000)], 999, 5), _part([(2 * 500 + 70, 500)], 499, 2)]
    assert round_quality_bound(parts, 7) == 300 + 70


def test_round_bound_uses_exact_fractions() -> None:
    part = ComponentCertificate(((7, 2),), cap=10, max_weighted=3, scale=3)  # q <= (7 - 2W)/3
    assert round_quality_bound([part], 1) == int(Fraction(5, 3) // 1)
