"""Hypothesis strategies for small assignment problems, plus a brute-force optimum."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from matcher.solver.feasibility import violations
from matcher.solver.problem import AssignmentProblem, build_problem


@st.composite
def problem_inputs(
    draw: st.DrawFn, *, side_constraints: bool = True, locks: bool = True, max_students: int = 5
) -> dict[str, Any]:
    """Keyword arguments for build_problem: a small random round, locks that fit together."""
    n_s = draw(st.integers(1, max_students))
    n_c = draw(st.integers(1, 3))
    n_p = draw(st.integers(1, 4))
    place_company = draw(st.lists(st.integers(0, n_c - 1), min_size=n_p, max_size=n_p))
    all_pairs = [(s, p) for s in range(n_s) for p in range(n_p)]
    pairs = draw(st.lists(st.sampled_from(all_pairs), min_size=1, max_size=12, unique=True))
    n = len(pairs)
    kwargs: dict[str, Any] = {
        "student_ids": [f"s{i}" for i in range(n_s)],
        "place_ids": [f"p{i}" for i in range(n_p)],
        "company_ids": [f"c{i}" for i in range(n_c)],
        "place_capacity": draw(st.lists(st.integers(0, 2), min_size=n_p, max_size=n_p)),
        "place_company": place_company,
        "pair_student": [s for s, _ in pairs],
        "pair_place": [p for _, p in pairs],
        "pair_score": draw(st.lists(st.integers(0, 100), min_size=n, max_size=n)),
        "student_weight": draw(st.lists(st.integers(1, 3), min_size=n_s, max_size=n_s)),
        "student_needs_support": draw(st.lists(st.booleans(), min_size=n_s, max_size=n_s)),
        "pair_guidance_hours": draw(st.lists(st.integers(0, 30), min_size=n, max_size=n)),
    }
    kwargs["pair_score"] = [v / 100 for v in kwargs["pair_score"]]
    kwargs["pair_guidance_hours"] = [v / 10 for v in kwargs["pair_guidance_hours"]]
    if side_constraints:
        budget = st.one_of(st.none(), st.integers(0, 60).map(lambda t: t / 10))
        kwargs["company_guidance_budget"] = draw(st.lists(budget, min_size=n_c, max_size=n_c))
        support = st.one_of(st.none(), st.integers(0, 2))
        kwargs["company_max_support"] = draw(st.lists(support, min_size=n_c, max_size=n_c))
    if locks:
        wanted = draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True))
        kwargs["locks"] = _fitting_locks(kwargs, wanted)
        kwargs["vetoes"] = draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True))
        kwargs["vetoes"] = [v for v in kwargs["vetoes"] if v not in kwargs["locks"]]
        kwargs["min_score"] = draw(st.sampled_from([0.0, 0.0, 0.3]))
    return kwargs


def _fitting_locks(kwargs: dict[str, Any], wanted: list[int]) -> list[int]:
    """Keep the wanted locks that fit together with those kept before them."""
    kept: list[int] = []
    for i in wanted:
        trial = {**kwargs, "locks": [*kept, i]}
        try:
            build_problem(**trial)
        except Exception:  # noqa: BLE001 - a lock that does not fit is simply skipped
            continue
        kept.append(i)
    return kept


@st.composite
def assignment_problems(draw: st.DrawFn, **options: Any) -> AssignmentProblem:
    """A built small problem (see problem_inputs for the options)."""
    return build_problem(**draw(problem_inputs(**options)))


def brute_force(problem: AssignmentProblem) -> tuple[int, int]:
    """(best objective, weighted placed of that answer) by enumerating every assignment."""
    options: list[list[int | None]] = [[None] for _ in problem.student_ids]
    for i, s in enumerate(problem.pair_student.tolist()):
        options[s].append(i)
    best = (-1, -1)
    for combo in itertools.product(*options):
        pairs = np.array([i for i in combo if i is not None], dtype=np.int64)
        if violations(problem, pairs):
            continue
        gain = int(problem.pair_gain[pairs].sum())
        weighted = int(problem.student_weight[problem.pair_student[pairs]].sum())
        best = max(best, (gain, weighted))
    return best
