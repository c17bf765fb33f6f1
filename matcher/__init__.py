"""Passende Plek's pure core: the public facade that drivers and adapters use for a round.

A round runs in three stages, ``prepare_round -> solve_round -> explain_round``; ``run_round``
composes them. The names load lazily, so importing one small core module (``matcher.errors``)
does not load the solver and the learned model.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.explain import RoundResult, explain_round
    from matcher.pipeline import run_round, solve_round
    from matcher.prepare import build_round_problem, check_locks, prepare_round, score_round
    from matcher.round_types import Decisions, Pair, PreparedRound, RoundPolicy, ScoredRound

_WHERE = {
    "Decisions": "matcher.round_types",
    "Pair": "matcher.round_types",
    "PreparedRound": "matcher.round_types",
    "RoundPolicy": "matcher.round_types",
    "ScoredRound": "matcher.round_types",
    "RoundResult": "matcher.explain",
    "explain_round": "matcher.explain",
    "build_round_problem": "matcher.prepare",
    "check_locks": "matcher.prepare",
    "prepare_round": "matcher.prepare",
    "score_round": "matcher.prepare",
    "run_round": "matcher.pipeline",
    "solve_round": "matcher.pipeline",
}

__all__ = [
    "Decisions",
    "Pair",
    "PreparedRound",
    "RoundPolicy",
    "RoundResult",
    "ScoredRound",
    "build_round_problem",
    "check_locks",
    "explain_round",
    "prepare_round",
    "run_round",
    "score_round",
    "solve_round",
]


def __getattr__(name: str) -> Any:
    """Load a facade name from its module on first use."""
    if name not in _WHERE:
        raise AttributeError(f"module 'matcher' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)
