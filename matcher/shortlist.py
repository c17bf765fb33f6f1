"""Shortlist: the best eligible places for one student, with score, travel time and explanation.

For a jobcoach looking for places for a hard-to-place student (domain.md user story 11). Uses
the round's BallTree so one student is compared only with the places within reach.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from matcher.candidates import CandidatePairs, PlaceIndex, pair_geometry, within_reach
from matcher.domain import CompanyId, PlaceId, Student
from matcher.eligibility import evaluate_rules
from matcher.policy import ScoringPolicy
from matcher.scoring.explain import Audience, Explanation, explain_pair, to_arrange
from matcher.scoring.terms import score_pairs
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import TravelTimeProvider


@dataclass(frozen=True, slots=True)
class ShortlistItem:
    """One suggested place for the student."""

    place_id: PlaceId
    company_id: CompanyId
    score: float
    travel_minutes: float
    terms: dict[str, float]
    to_arrange: tuple[str, ...]  # facilities to arrange before the start
    explanation: Explanation


def shortlist(
    student: Student | int,
    places: PlaceTable,
    *,
    on: date,
    travel: TravelTimeProvider,
    students: StudentTable | None = None,
    index: PlaceIndex | None = None,
    policy: ScoringPolicy | None = None,
    k: int = 20,
    max_travel_minutes: int | None = None,
    sector: str | None = None,
    audience: Audience = Audience.STAFF,
) -> tuple[ShortlistItem, ...]:
    """Top ``k`` eligible places for ``student`` (a Student, or a row of ``students``), best first.

    ``max_travel_minutes`` replaces the student's own limit for this search (e.g. to see what
    15 minutes more would open); ``sector`` keeps only companies of that sector.
    """
    if isinstance(student, int):
        if students is None:
            raise ValueError("students is required when student is a row index")
        student = students.students[student]
    if max_travel_minutes is not None:
        student = replace(student, max_travel_minutes=max_travel_minutes)
    one = StudentTable.from_students([student])
    index = index or PlaceIndex.build(places)
    s_idx, p_idx = within_reach(one, index, np.zeros(1, np.int64), travel=travel)
    if sector is not None:
        keep = places.sector[p_idx] == sector
        s_idx, p_idx = s_idx[keep], p_idx[keep]
    dist, minutes = pair_geometry(one, places, s_idx, p_idx, travel=travel)
    rules = evaluate_rules(one, places, s_idx, p_idx, on=on, travel=travel, travel_min=minutes)
    pairs = CandidatePairs(s_idx, p_idx, dist, minutes).subset(rules.eligible)
    scores = score_pairs(one, places, pairs, policy=policy)
    top = _top_k(scores.total, pairs.p_idx, k)
    return tuple(
        _item(
            student,
            places,
            pairs,
            scores.row(i),
            float(scores.total[i]),
            i,
            on,
            audience,
            float(scores.parts.spoon_cost[i]),
        )
        for i in top
    )


def _top_k(total: np.ndarray, p_idx: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best scores; ties broken by place row for a stable order."""
    cut = np.argpartition(-total, k - 1)[:k] if len(total) > k else np.arange(len(total))
    order = np.lexsort((p_idx[cut], -total[cut]))
    return cut[order]


def _item(
    student: Student,
    places: PlaceTable,
    pairs: CandidatePairs,
    terms: dict[str, float],
    score: float,
    i: int,
    on: date,
    audience: Audience,
    spoon_cost: float,
) -> ShortlistItem:
    j = int(pairs.p_idx[i])
    place, company = places.places[j], places.company_of(j)
    minutes = float(pairs.travel_min[i])
    explanation = explain_pair(
        student,
        place,
        company,
        terms=terms,
        travel_min=minutes,
        on=on,
        audience=audience,
        spoon_cost=spoon_cost,
    )
    return ShortlistItem(
        place_id=place.place_id,
        company_id=company.company_id,
        score=score,
        travel_minutes=minutes,
        terms=terms,
        to_arrange=to_arrange(student, place, company),
        explanation=explanation,
    )
