"""Passende Plek's pure core: the public facade that drivers and adapters use.

A round runs in three stages, ``prepare_round -> solve_round -> explain_round``; ``run_round``
composes them. Beside the round: travel times, the shortlist, the what-if diff, the unplaced
diagnosis, the scoring policy and the learned model. The names load lazily, so importing one
small core module (``matcher.errors``) does not load the solver and the learned model.

Imported from their own modules on purpose, not from here: the shared vocabulary
(``matcher.domain`` values, ``matcher.errors``), the independent parts (``matcher.privacy``,
``matcher.solver``, ``matcher.demo``, ``matcher.audit_chain``), and small text helpers
(``matcher.text``, ``matcher.labels``, ``matcher.nl``, ``matcher.geo``, ``matcher.features``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.candidates import PlaceIndex
    from matcher.explain import RoundResult, explain_round
    from matcher.pipeline import run_round, solve_round
    from matcher.policy import TERM_NAMES, ScoringPolicy, TermWeights
    from matcher.prepare import build_round_problem, check_locks, prepare_round, score_round
    from matcher.round_types import Decisions, Pair, PreparedRound, RoundPolicy, ScoredRound
    from matcher.scoring.explain import TERM_LABELS, Audience, Explanation
    from matcher.scoring.history import learn_from_history
    from matcher.scoring.learned import MIN_HISTORY, Evaluation, SuccessModel
    from matcher.shortlist import ShortlistItem
    from matcher.tables import PlaceTable
    from matcher.travel import EstimatedTravelTime, TravelTimeProvider
    from matcher.unplaced import Diagnosis, UnplacedKind, diagnose_student
    from matcher.whatif import RoundDiff, diff_rounds

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
    "EstimatedTravelTime": "matcher.travel",
    "TravelTimeProvider": "matcher.travel",
    "ShortlistItem": "matcher.shortlist",
    "TERM_LABELS": "matcher.scoring.explain",
    "Audience": "matcher.scoring.explain",
    "Explanation": "matcher.scoring.explain",
    "MIN_HISTORY": "matcher.scoring.learned",
    "Evaluation": "matcher.scoring.learned",
    "SuccessModel": "matcher.scoring.learned",
    "learn_from_history": "matcher.scoring.history",
    "RoundDiff": "matcher.whatif",
    "diff_rounds": "matcher.whatif",
    "Diagnosis": "matcher.unplaced",
    "UnplacedKind": "matcher.unplaced",
    "diagnose_student": "matcher.unplaced",
    "TERM_NAMES": "matcher.policy",
    "ScoringPolicy": "matcher.policy",
    "TermWeights": "matcher.policy",
    "PlaceIndex": "matcher.candidates",
    "PlaceTable": "matcher.tables",
}

__all__ = [
    "Audience",
    "Decisions",
    "Diagnosis",
    "EstimatedTravelTime",
    "Evaluation",
    "Explanation",
    "MIN_HISTORY",
    "Pair",
    "PlaceIndex",
    "PlaceTable",
    "PreparedRound",
    "RoundDiff",
    "RoundPolicy",
    "RoundResult",
    "ScoredRound",
    "ScoringPolicy",
    "ShortlistItem",
    "SuccessModel",
    "TERM_LABELS",
    "TERM_NAMES",
    "TermWeights",
    "TravelTimeProvider",
    "UnplacedKind",
    "build_round_problem",
    "check_locks",
    "diagnose_student",
    "diff_rounds",
    "explain_round",
    "learn_from_history",
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
