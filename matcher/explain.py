"""Explain a solved round: proposals with reasons, diagnoses of the unplaced, the summary.

The last stage of a round (after ``matcher.prepare`` and ``matcher.pipeline.solve_round``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.domain import Proposal, StudentId
from matcher.proposals import make_proposals
from matcher.round_types import PreparedRound, ScoredRound
from matcher.solver import Assignment, AssignmentProblem
from matcher.summary import RoundSummary, summarize
from matcher.travel import TravelTimeProvider
from matcher.unplaced import Diagnosis, diagnose_unplaced


@dataclass(frozen=True, eq=False)
class RoundResult:
    """The proposals of a round with the solver's figures and a summary for people."""

    proposals: tuple[Proposal, ...]
    assignment: Assignment
    problem: AssignmentProblem
    scored: ScoredRound
    diagnoses: dict[StudentId, Diagnosis]
    summary: RoundSummary


def explain_round(
    prepared: PreparedRound, assignment: Assignment, *, travel: TravelTimeProvider
) -> RoundResult:
    """The proposals with reasons, why the others were not placed, and the round's summary."""
    scored, problem, decisions = prepared.scored, prepared.problem, prepared.decisions
    placed = assignment.student_place(problem)
    unplaced_rows = [i for i, sid in enumerate(scored.student_ids) if sid not in placed]
    diagnoses = diagnose_unplaced(
        scored,
        unplaced_rows,
        travel=travel,
        taken=_taken(problem, assignment),
        decisions=decisions,
        policy=prepared.policy,
    )
    proposals = make_proposals(
        scored, problem, assignment, decisions=decisions, diagnoses=diagnoses
    )
    summary = summarize(scored, assignment, proposals, diagnoses, problem)
    return RoundResult(proposals, assignment, problem, scored, diagnoses, summary)


def _taken(problem: AssignmentProblem, assignment: Assignment) -> dict[str, int]:
    """How many students each place received."""
    counts = np.bincount(problem.pair_place[assignment.pairs], minlength=len(problem.place_ids))
    return {problem.place_ids[j]: int(n) for j, n in enumerate(counts.tolist()) if n}
