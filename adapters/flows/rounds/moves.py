"""The places a reviewer may move a student to: allowed by the hard rules, not turned down
before, with their score, the seats left in this round and whether the company has room
(``matcher.solver.feasibility.company_room``: the same rule the move and the solver apply)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from adapters.db.profile_queries import STUDENTS, fetch_many, places_mentioning, student_crebo
from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.db.round_queries import company_holders, seats_taken, vetoed_places
from adapters.flows.rounds.review import holder
from adapters.flows.rounds.selection import round_policy
from adapters.flows.shortlist import PlaceCache, Suggestion, load_student, suggestions
from matcher import Audience, TravelTimeProvider
from matcher.domain import Student
from matcher.errors import NotFoundError
from matcher.labels import table_label
from matcher.solver.feasibility import Room, company_room

SEARCHED = 200  # eligible places looked at
SHOWN = 10  # choices offered
BLOCKED_TEXT = {
    Room.FREE: "",
    Room.FULL: "vol",
    Room.SUPPORT: "geen plek meer voor extra steun",
    Room.GUIDANCE: "te weinig tijd voor begeleiding",
}


@dataclass(frozen=True, slots=True)
class MoveChoice:
    """One place the student could be moved to; ``blocked`` says in Dutch why not, if so."""

    place_id: str
    company: str
    sector: str
    score: float
    travel_minutes: float
    capacity: int
    seats_left: int
    blocked: str = ""
    label: str = ""  # the place's name, told apart from its company's other places


def move_choices(
    session: Session,
    engine: Engine,
    cache: PlaceCache,
    travel: TravelTimeProvider,
    round_row: MatchRoundRow,
    proposal: ProposalRow,
) -> list[MoveChoice]:
    """The best allowed places other than the current one; the ones with room first."""
    try:
        student = load_student(engine, proposal.student_id)
    except NotFoundError:
        return []
    found = suggestions(
        engine,
        cache,
        student,
        on=round_row.bpv_start,
        travel=travel,
        audience=Audience.STAFF,
        k=SEARCHED,
    )
    assert round_row.id is not None
    skip = vetoed_places(session, round_row.id, proposal.student_id) | {proposal.place_id}
    found = [f for f in found if f.place.place_id not in skip]
    taken = seats_taken(
        session, round_row.id, [f.place.place_id for f in found], except_student=student.student_id
    )
    others = _holders(session, round_row, student, found)
    policy = round_policy(round_row.policy, time_limit_s=1.0, workers=1)
    choices = []
    for f in found:
        room = company_room(
            capacity=f.place.capacity,
            seats_taken=taken.get(f.place.place_id, 0),
            guidance_budget=f.company.guidance_hours_per_week
            if policy.use_guidance_budget
            else None,
            max_support=f.company.max_support_students if policy.use_max_support else None,
            holders=[holder(s) for s in others.get(f.company.company_id, [])],
            newcomer=holder(student),
        )
        choices.append(
            MoveChoice(
                place_id=f.place.place_id,
                company=f.company.name,
                sector=f.company.sector,
                score=f.item.score,
                travel_minutes=f.item.travel_minutes,
                capacity=f.place.capacity,
                seats_left=max(0, f.place.capacity - taken.get(f.place.place_id, 0)),
                blocked=BLOCKED_TEXT[room],
                label=f.label,
            )
        )
    choices.sort(key=lambda c: (bool(c.blocked), -c.score))
    return choices[:SHOWN]


def _holders(
    session: Session, round_row: MatchRoundRow, student: Student, found: list[Suggestion]
) -> dict[str, list[Student]]:
    """Per company of the choices: the other students of the round's run placed there."""
    assert round_row.id is not None
    holders = company_holders(
        session,
        round_row.id,
        [f.company.company_id for f in found],
        except_student=student.student_id,
    )
    ids = sorted({s for group in holders.values() for s in group})
    students: dict[str, Student] = {}
    if ids:
        students = {s.student_id: s for s in fetch_many(session.connection(), STUDENTS, ids)}
    return {
        company: [students[s] for s in group if s in students] for company, group in holders.items()
    }


HAND_LISTED = 500  # places offered in the "place by hand" list (any code may be typed)


def hand_places(session: Session, student_id: str) -> list[tuple[str, str]]:
    """The places of the student's qualification (code, company name), for placing by hand.

    Only a list to choose from: any code may be typed, and the move flow checks the hard rules.
    """
    crebo = student_crebo(session, student_id)
    if not crebo:
        return []
    rows = places_mentioning(session, str(crebo), limit=HAND_LISTED)
    return [
        (str(r.place_id), str(r.name))
        for r in rows
        if str(crebo) in re.split(r"[^0-9A-Za-z]+", str(r.crebos))
    ]


def place_names(engine: Engine, cache: PlaceCache, place_ids: Iterable[str]) -> dict[str, str]:
    """Per live place: its name told apart from its company's other places ("Hotel Huisman
    (16 uur per week)", ``matcher.labels``), so two places of one company never read the same."""
    with engine.connect() as conn:
        table = cache.get(conn).table
    return {
        pid: table_label(table, table.index[pid]) for pid in set(place_ids) if pid in table.index
    }
