"""The places a reviewer may move a student to: allowed by the hard rules, not turned down
before, with their score, the seats left in this round and whether the company's supervision
time and support limit leave room (the same limits the move itself checks)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session

from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.flows.profile_store import STUDENTS, fetch_page
from adapters.flows.rounds.queries import company_holders, seats_taken, vetoed_places
from adapters.flows.rounds.selection import round_policy
from adapters.flows.shortlist import Suggestion, load_student, suggestions
from api.deps import get_engine, get_travel
from api.routes.shortlist import get_place_cache
from matcher.domain import Student
from matcher.errors import NotFoundError
from matcher.scoring.explain import Audience

SEARCHED = 200  # eligible places looked at
SHOWN = 10  # choices offered
EPS = 1e-9


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


def move_choices(
    request: Request, session: Session, round_row: MatchRoundRow, proposal: ProposalRow
) -> list[MoveChoice]:
    """The best allowed places other than the current one; the ones with room first."""
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
        session, round_row.id, [f.place.place_id for f in found], except_student=student.student_id
    )
    limits = _CompanyLimits(session, round_row, student, found)
    choices = []
    for f in found:
        left = max(0, f.place.capacity - taken.get(f.place.place_id, 0))
        choices.append(
            MoveChoice(
                place_id=f.place.place_id,
                company=f.company.name,
                sector=f.company.sector,
                score=f.item.score,
                travel_minutes=f.item.travel_minutes,
                capacity=f.place.capacity,
                seats_left=left,
                blocked="vol" if not left else limits.blocked(f),
            )
        )
    choices.sort(key=lambda c: (bool(c.blocked), -c.score))
    return choices[:SHOWN]


class _CompanyLimits:
    """Supervision hours and extra-support places already used at each company in the round."""

    def __init__(
        self, session: Session, round_row: MatchRoundRow, student: Student, found: list[Suggestion]
    ) -> None:
        assert round_row.id is not None
        policy = round_policy(round_row.policy, time_limit_s=1.0, workers=1)
        self.use_budget, self.use_support = policy.use_guidance_budget, policy.use_max_support
        self.student = student
        holders = company_holders(
            session,
            round_row.id,
            [f.company.company_id for f in found],
            except_student=student.student_id,
        )
        ids = sorted({s for group in holders.values() for s in group})
        students: dict[str, Student] = {}
        if ids:
            rows, _ = fetch_page(
                session.connection(), STUDENTS, [STUDENTS.key.in_(ids)], offset=0, limit=len(ids)
            )
            students = {s.student_id: s for s in rows}
        self.others = {
            company: [students[s] for s in group if s in students]
            for company, group in holders.items()
        }

    def blocked(self, found: Suggestion) -> str:
        """Why the company cannot take this student now ('' when it can)."""
        company, others = found.company, self.others.get(found.company.company_id, [])
        if (
            self.use_support
            and self.student.needs_extra_support
            and company.max_support_students is not None
            and sum(s.needs_extra_support for s in others) >= company.max_support_students
        ):
            return "geen plek meer voor extra steun"
        if self.use_budget:
            hours = sum(s.guidance_hours_per_week for s in others)
            if hours + self.student.guidance_hours_per_week > company.guidance_hours_per_week + EPS:
                return "te weinig tijd voor begeleiding"
        return ""
