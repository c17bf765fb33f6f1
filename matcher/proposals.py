"""Proposals: one line per student from the solver's choice, with the reasons in Dutch."""

from __future__ import annotations

import math
from collections.abc import Mapping

from matcher.domain import PlaceId, Proposal, ProposalStatus, StudentId
from matcher.round_types import Decisions, ScoredRound
from matcher.scoring.explain import Audience, explain_pair
from matcher.solver import Assignment, AssignmentProblem
from matcher.unplaced import Diagnosis


def make_proposals(
    scored: ScoredRound,
    problem: AssignmentProblem,
    assignment: Assignment,
    *,
    decisions: Decisions,
    diagnoses: Mapping[StudentId, Diagnosis],
    audience: Audience = Audience.STAFF,
) -> tuple[Proposal, ...]:
    """Every student of the round exactly once: proposed, locked or unplaced with the reason."""
    chosen: dict[int, int] = {}  # student row -> position in scored.pairs
    for pair in assignment.pairs.tolist():
        chosen[int(problem.pair_student[pair])] = int(problem.pair_origin[pair])
    places, pairs, scores = scored.places, scored.pairs, scored.scores
    out: list[Proposal] = []
    for row, student in enumerate(scored.students.students):
        k = chosen.get(row)
        if k is None:
            diagnosis = diagnoses.get(student.student_id)
            out.append(
                Proposal(
                    student.student_id,
                    None,
                    None,
                    None,
                    None,
                    ProposalStatus.UNPLACED,
                    unplaced_reason=diagnosis.reason() if diagnosis else "",
                )
            )
            continue
        j = int(pairs.p_idx[k])
        place, company = places.places[j], places.company_of(j)
        terms = scores.row(k)
        minutes = float(pairs.travel_min[k])
        spoon = float(scores.parts.spoon_cost[k])
        explanation = explain_pair(
            student,
            place,
            company,
            terms=terms,
            travel_min=minutes,
            on=scored.on,
            audience=audience,
            spoon_cost=None if math.isnan(spoon) else spoon,
        )
        locked = (student.student_id, PlaceId(place.place_id)) in decisions.locks
        out.append(
            Proposal(
                student_id=student.student_id,
                place_id=place.place_id,
                company_id=company.company_id,
                score=float(scored.final_score[k]),
                travel_minutes=minutes,
                status=ProposalStatus.LOCKED if locked else ProposalStatus.PROPOSED,
                explanation=explanation.text(),
                terms=terms,
            )
        )
    return tuple(out)
