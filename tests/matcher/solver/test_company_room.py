"""The one company-room rule: seats, supervision time and support seats, as the move, the move
choices and the solver's feasibility check all apply it."""

from __future__ import annotations

import itertools

import numpy as np

from matcher.solver.feasibility import Holder, Room, company_room, exceeds_company_limits, to_tenths
from matcher.solver.problem import NO_LIMIT


def _room(**overrides: object) -> Room:
    base: dict[str, object] = {
        "capacity": 2,
        "seats_taken": 0,
        "guidance_budget": 4.0,
        "max_support": 1,
        "holders": [Holder(2.0, False)],
        "newcomer": Holder(1.0, False),
    }
    return company_room(**{**base, **overrides})  # type: ignore[arg-type]


def test_each_limit_gives_its_own_reason() -> None:
    assert _room() is Room.FREE
    assert _room(seats_taken=2) is Room.FULL
    assert _room(newcomer=Holder(2.1, False)) is Room.GUIDANCE
    assert _room(newcomer=Holder(2.0, False)) is Room.FREE  # exactly the budget fits
    assert _room(holders=[Holder(1.0, True)], newcomer=Holder(1.0, True)) is Room.SUPPORT
    assert _room(holders=[Holder(1.0, True)], newcomer=Holder(1.0, False)) is Room.FREE


def test_a_limit_not_used_in_the_round_never_blocks() -> None:
    assert _room(guidance_budget=None, newcomer=Holder(40.0, False)) is Room.FREE
    assert _room(max_support=None, holders=[Holder(1.0, True)] * 3, newcomer=Holder(0.5, True)) is (
        Room.FREE
    )


def test_the_move_rule_and_the_solver_check_agree() -> None:
    """For every small company load: a newcomer is refused exactly when the solver's vectorised
    check (the same function on arrays) finds the company over a limit with them added."""
    for budget, limit, held, need, support in itertools.product(
        (None, 0.0, 1.0, 2.5), (None, 0, 1, 2), (0.0, 0.4, 1.25, 2.0), (0.1, 0.5, 1.3), (0, 1, 2)
    ):
        holders = [Holder(held, i < support) for i in range(2)]
        room = _room(
            capacity=5,
            guidance_budget=budget,
            max_support=limit,
            holders=holders,
            newcomer=Holder(need, True),
        )
        hours = np.array([sum(to_tenths(h.guidance_hours) for h in holders) + to_tenths(need)])
        count = np.array([sum(h.needs_support for h in holders) + 1])
        budgets = np.array([NO_LIMIT if budget is None else to_tenths(budget)])
        limits = np.array([NO_LIMIT if limit is None else limit])
        over = bool(exceeds_company_limits(hours, count, budgets, limits)[0])
        assert (room is not Room.FREE) == over, (budget, limit, held, need, support, room)
