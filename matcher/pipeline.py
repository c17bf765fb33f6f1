"""A whole match round: prepare (scores and problem) -> solve -> explain (proposals).

Pure and deterministic: the date, the travel provider, the policy, people's decisions (locks
and vetoes) and an optional learned model are passed in. Only composition lives here; the
stages are ``matcher.prepare.prepare_round``, ``solve_round`` and
``matcher.explain.explain_round``, which the database flows call one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from matcher.domain import Population
from matcher.explain import RoundResult, explain_round
from matcher.prepare import prepare_round
from matcher.round_types import Decisions, PreparedRound, RoundPolicy
from matcher.scoring.learned import SuccessModel
from matcher.solver import Assignment, MapFn, solve
from matcher.travel import TravelTimeProvider


def solve_round(prepared: PreparedRound, *, map_fn: MapFn | None = None) -> Assignment:
    """The solver's assignment for a prepared round, within the policy's limits."""
    return solve(prepared.problem, limits=prepared.policy.limits, map_fn=map_fn)


def run_round(
    population: Population,
    *,
    on: date,
    travel: TravelTimeProvider,
    policy: RoundPolicy | None = None,
    decisions: Decisions | None = None,
    model: SuccessModel | None = None,
    progress: Callable[[str], None] | None = None,
    map_fn: MapFn | None = None,
) -> RoundResult:
    """Propose a place for every student of the population; people review the result.

    ``progress`` is called with the name of each stage as it starts ("scoren", "oplossen",
    "uitleggen"), so a caller can show progress and time the stages. ``map_fn``: how the
    solver's large components are run (matcher.solver.solve; default: one by one, here).
    """
    say = progress or (lambda _stage: None)
    say("scoren")
    prepared = prepare_round(
        population, on=on, travel=travel, policy=policy, decisions=decisions, model=model
    )
    say("oplossen")
    assignment = solve_round(prepared, map_fn=map_fn)
    say("uitleggen")
    return explain_round(prepared, assignment, travel=travel)


__all__ = [
    "Decisions",
    "PreparedRound",
    "RoundPolicy",
    "RoundResult",
    "run_round",
    "solve_round",
]
