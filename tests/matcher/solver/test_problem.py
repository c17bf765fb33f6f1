"""Building a problem: what is dropped, what is refused, and when side constraints bind."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from matcher.errors import InvalidInputError, RuleViolationError
from matcher.solver import build_problem, has_side_constraints


def _inputs(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "student_ids": ["a", "b"],
        "place_ids": ["p", "q"],
        "company_ids": ["c"],
        "place_capacity": [1, 1],
        "place_company": [0, 0],
        "pair_student": [0, 0, 1, 1],
        "pair_place": [0, 1, 0, 1],
        "pair_score": [0.9, 0.2, 0.5, 0.6],
        "pair_guidance_hours": [1.0, 1.0, 2.0, 2.0],
    }
    return {**base, **overrides}


def test_vetoes_and_low_scores_dropped_but_locks_kept() -> None:
    problem = build_problem(**_inputs(vetoes=[3], locks=[1], min_score=0.55))
    assert problem.pair_origin.tolist() == [0, 1]  # 1 is below min_score but locked
    assert problem.locked.tolist() == [1]


def test_two_locks_for_one_student_refused() -> None:
    with pytest.raises(RuleViolationError, match="meer dan één plek"):
        build_problem(**_inputs(locks=[0, 1]))


def test_locks_over_capacity_refused() -> None:
    with pytest.raises(RuleViolationError, match="plek voor 1"):
        build_problem(**_inputs(locks=[0, 2]))


def test_locks_over_guidance_budget_refused() -> None:
    with pytest.raises(RuleViolationError, match="begeleiding"):
        build_problem(**_inputs(locks=[0, 3], company_guidance_budget=[2.5]))


def test_locks_over_max_support_refused() -> None:
    inputs = _inputs(locks=[0, 3], student_needs_support=[True, True], company_max_support=[1])
    with pytest.raises(RuleViolationError, match="extra ondersteuning"):
        build_problem(**inputs)


def test_lock_that_is_also_vetoed_refused() -> None:
    with pytest.raises(RuleViolationError, match="uitgesloten"):
        build_problem(**_inputs(locks=[0], vetoes=[0]))


def test_bad_input_lists_every_issue() -> None:
    inputs = _inputs(pair_score=[1.5, 0.2, float("nan"), 0.6], place_capacity=[-1, 1])
    with pytest.raises(InvalidInputError) as caught:
        build_problem(**inputs)
    reasons = [str(issue) for issue in caught.value.issues]
    assert len(reasons) == 3
    assert any("tussen 0 en 1" in r for r in reasons)


def test_wrong_lengths_and_duplicate_pairs_refused() -> None:
    with pytest.raises(InvalidInputError):
        build_problem(**_inputs(pair_place=[0, 1, 0]))
    with pytest.raises(InvalidInputError, match="klopt niet"):
        build_problem(**_inputs(pair_place=[0, 0, 0, 1]))


def test_side_constraints_bind_only_when_they_can_be_exceeded() -> None:
    assert not has_side_constraints(build_problem(**_inputs()))
    # a and b need at most 1 + 2 hours together: a budget of 3 can never be exceeded
    assert not has_side_constraints(build_problem(**_inputs(company_guidance_budget=[3.0])))
    assert has_side_constraints(build_problem(**_inputs(company_guidance_budget=[2.9])))
    support = {"student_needs_support": [True, True]}
    assert not has_side_constraints(build_problem(**_inputs(company_max_support=[2], **support)))
    assert has_side_constraints(build_problem(**_inputs(company_max_support=[1], **support)))


def test_lexicographic_unit_exceeds_any_quality_total() -> None:
    problem = build_problem(**_inputs())
    best_per_student = 900 + 600  # a's best pair scores 0.9, b's 0.6
    assert problem.big > best_per_student
    assert np.all(problem.pair_gain >= problem.big)


def test_locks_over_a_companys_hours_are_refused_in_dutch_numbers() -> None:
    """Two locked students asking 2,5 and 3 hours at a company with 4,5: the reason says the
    hours the way a Dutch reader writes them (5,5 and 4,5, not 5.5 and 4.5)."""
    from matcher.errors import RuleViolationError
    from matcher.solver.validation import check_locks

    ids = {"student_ids": ["s1", "s2"], "place_ids": ["p1"], "company_ids": ["c1"]}
    arrays = {
        "pair_student": np.array([0, 1]),
        "pair_place": np.array([0, 0]),
        "place_company": np.array([0]),
        "place_capacity": np.array([2]),
        "pair_guidance": np.array([25, 30]),  # tenths of an hour
        "company_budget": np.array([45]),
        "student_needs_support": np.array([0, 0]),
        "company_max_support": np.array([5]),
    }
    with pytest.raises(RuleViolationError) as refused:
        check_locks(ids, arrays, np.array([0, 1]), np.zeros(0, dtype=np.int64))
    assert "vragen de vastgezette studenten 5,5 uur begeleiding per week" in refused.value.message
    assert "het bedrijf heeft 4,5 uur" in refused.value.message
