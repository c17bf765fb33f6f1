"""The round-wide quality bound: valid for every answer of the round, checked by brute force."""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.solver import SolverLimits, merge, solve_component, split_components
from matcher.solver.problem import AssignmentProblem
from matcher.solver.round_bound import ComponentCertificate, round_quality_bound
from tests.matcher.solver.strategies import assignment_problems
from tests.matcher.solver.test_plan import _feasible_answers

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


def _g(part: ComponentCertificate, w: int) -> Fraction:
    """The component's bound at exactly w weighted placed (lines, cap and the caps from w on)."""
    values = [Fraction(v - p * w, part.scale) for v, p in part.lines]
    values += [Fraction(part.cap)] + [Fraction(c) for f, c in part.floor_caps if f <= w]
    return min(values)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), min_size=1, max_size=3),
            st.integers(0, 300),
            st.integers(0, 6),
            st.lists(st.tuples(st.integers(0, 7), st.integers(0, 300)), max_size=2),
        ),
        min_size=1,
        max_size=3,
    ),
    st.integers(0, 12),
)
def test_round_bound_with_floor_caps_holds_for_every_spread(
    raw: list[tuple[list[tuple[int, int]], int, int, list[tuple[int, int]]]], min_weighted: int
) -> None:
    parts = [
        ComponentCertificate(tuple(lines), cap=cap, max_weighted=u, scale=1, floor_caps=tuple(fc))
        for lines, cap, u, fc in raw
    ]
    # every way to place W_c in each component (integers 0..U_c) with sum >= min_weighted
    spreads = itertools.product(*(range(p.max_weighted + 1) for p in parts))
    best = max(
        (
            sum(_g(p, w) for p, w in zip(parts, ws, strict=True))
            for ws in spreads
            if sum(ws) >= min_weighted
        ),
        default=None,
    )
    if best is not None:
        assert round_quality_bound(parts, min_weighted) >= best


def test_floor_caps_tighten_the_round_bound_where_placement_is_proved() -> None:
    # both components place their proved maximum; the LP line is loose, the MIP cap is not
    a = ComponentCertificate(((1000 + 10 * 4, 10),), 9999, 4, 1, floor_caps=((4, 900),))
    b = ComponentCertificate(((500 + 20 * 2, 20),), 9999, 2, 1, floor_caps=((2, 450),))
    without = [replace(a, floor_caps=()), replace(b, floor_caps=())]
    assert round_quality_bound(without, 6) == 1000 + 500
    assert round_quality_bound([a, b], 6) == 900 + 450
