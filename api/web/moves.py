"""The places a reviewer may move a student to: allowed by the hard rules, not turned down
before, with their score and the seats left in this round."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session

from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.flows.rounds.queries import seats_taken, vetoed_places
from adapters.flows.shortlist import load_student, suggestions
from api.deps import get_engine, get_travel
from api.routes.shortlist import get_place_cache
from matcher.errors import NotFoundError
from matcher.scoring.explain import Audience

SEARCHED = 200  # eligible places looked at
SHOWN = 10  # choices offered


@dataclass(frozen=True, slots=True)
class MoveChoice:
    """One place the student could be moved to."""

    place_id: str
    company: str
    sector: str
    score: float
    travel_minutes: float
    capacity: int
    seats_left: int


def move_choices(
    request: Request, session: Session, round_row: MatchRoundRow, proposal: ProposalRow
) -> list[MoveChoice]:
    """The best allowed places other than the current one; places with a free seat first."""
    engine = get_engine(request)
    try:
        student = load_student(engine, proposal.student_id)
    except NotFoundError:
        return []
    found = suggestions(
        engine, get_place_cache(request), student, on=round_row.bpv_start,
        travel=get_travel(request), audience=Audience.STAFF, k=SEARCHED,
    )  # fmt: skip
    assert round_row.id is not None
    skip = vetoed_places(session, round_row.id, proposal.student_id) | {proposal.place_id}
    found = [f for f in found if f.place.place_id not in skip]
    taken = seats_taken(
        session,
        round_row.id,
        [f.place.place_id for f in found],
        except_student=proposal.student_id,
    )
    choices = [
        MoveChoice(
            place_id=f.place.place_id,
            company=f.company.name,
            sector=f.company.sector,
            score=f.item.score,
            travel_minutes=f.item.travel_minutes,
            capacity=f.place.capacity,
            seats_left=max(0, f.place.capacity - taken.get(f.place.place_id, 0)),
        )
        for f in found
    ]
    choices.sort(key=lambda c: (c.seats_left == 0, -c.score))
    return choices[:SHOWN]
