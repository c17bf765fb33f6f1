"""Review of a round: accept, reject (a veto), lock, move, comment, each with a version check.

Every action names the round version the reviewer saw. The version is raised with one
compare-and-set UPDATE, so of two reviewers editing at once exactly one wins and the other gets
a ConflictError; nothing is overwritten. Each action is an audit event; what the reviewer
writes (comment, reason) is a review note stored apart from the event (see ``notes``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from adapters.db import round_repositories as repo
from adapters.db.repositories import load_population
from adapters.db.round_models import (
    DecisionKind,
    NoteKind,
    ProposalDecision,
    ProposalRow,
    RoundStatus,
)
from adapters.db.round_queries import seat_holders
from adapters.flows.favourites import with_favourites
from adapters.flows.rounds.lifecycle import require_reviewable
from adapters.flows.rounds.selection import round_policy
from matcher import TravelTimeProvider, check_locks, nl, score_round
from matcher.domain import Place, PlaceId, Population, Student, StudentId
from matcher.errors import ConflictError, InvalidInputError, NotFoundError, RuleViolationError
from matcher.solver.feasibility import Holder, Room, company_room


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """The changed proposal and the round's new version."""

    proposal: ProposalRow
    version: int


def _begin(session: Session, round_id: int, student_id: str, *, version: int) -> ProposalRow:
    """Check state and version (raising it), mark the round in review; the student's proposal."""
    row = require_reviewable(session, round_id)
    proposal = repo.get_proposal(session, round_id, row.current_run, student_id)
    _claim(session, round_id, row.status, version)
    return proposal


def _claim(session: Session, round_id: int, status: str, version: int) -> None:
    """Raise the version (or a ConflictError) and mark a solved round as in review."""
    repo.claim_version(session, round_id, version)
    if status == RoundStatus.SOLVED:
        repo.mark_in_review(session, round_id)


def _done(session: Session, round_id: int, proposal: ProposalRow) -> ReviewResult:
    session.flush()
    session.expire_all()
    return ReviewResult(proposal, repo.get_round(session, round_id).version)


def _placed(proposal: ProposalRow, action: str) -> str:
    if proposal.place_id is None:
        raise ConflictError(
            f"Student {proposal.student_id} heeft in deze ronde nog geen plek; {action} kan dus "
            "niet. Kies met 'verplaatsen' een plek.",
            student_id=proposal.student_id,
        )
    return proposal.place_id


def _decide(
    session: Session,
    round_id: int,
    student_id: str,
    place: str,
    kind: DecisionKind,
    action: str,
    actor: str,
    reason: str,
) -> None:
    """Record a person's decision on a pair and its audit event (same student and place)."""
    repo.add_decision(
        session, round_id, student_id=student_id, place_id=place, kind=kind, actor=actor
    )
    note = NoteKind.REJECT if kind is DecisionKind.VETO else NoteKind.LOCK
    repo.add_noted_event(
        session,
        round_id,
        actor=actor,
        action=action,
        student_id=student_id,
        kind=note,
        note=reason,
        detail={"student_id": student_id, "place_id": place},
    )


def accept_proposal(
    session: Session, round_id: int, student_id: str, *, version: int, actor: str
) -> ReviewResult:
    """Approve the proposed place; a re-run keeps it."""
    proposal = _begin(session, round_id, student_id, version=version)
    place = _placed(proposal, "goedkeuren")
    proposal.decision = ProposalDecision.ACCEPTED.value
    repo.add_event(
        session,
        round_id,
        actor=actor,
        action="accepted",
        detail={"student_id": student_id, "place_id": place},
    )
    return _done(session, round_id, proposal)


def reject_proposal(
    session: Session, round_id: int, student_id: str, *, version: int, reason: str, actor: str
) -> ReviewResult:
    """Turn the proposal down with a reason; this place never returns for this student."""
    if not reason.strip():
        raise InvalidInputError("Geef een reden op bij afwijzen.", field="reason")
    proposal = _begin(session, round_id, student_id, version=version)
    place = _placed(proposal, "afwijzen")
    proposal.decision = ProposalDecision.REJECTED.value
    proposal.locked = False
    _decide(session, round_id, student_id, place, DecisionKind.VETO, "rejected", actor, reason)
    return _done(session, round_id, proposal)


def lock_proposal(
    session: Session, round_id: int, student_id: str, *, version: int, actor: str, reason: str = ""
) -> ReviewResult:
    """Keep this student at the proposed place in every later run."""
    proposal = _begin(session, round_id, student_id, version=version)
    place = _placed(proposal, "vastzetten")
    proposal.locked = True
    _decide(session, round_id, student_id, place, DecisionKind.LOCK, "locked", actor, reason)
    return _done(session, round_id, proposal)


def comment_proposal(
    session: Session, round_id: int, student_id: str, *, version: int, comment: str, actor: str
) -> ReviewResult:
    """Add a note to the proposal (it stays with the student in later runs: the latest comment
    note of the student in this round is the proposal's comment)."""
    if not comment.strip():
        raise InvalidInputError("Schrijf eerst een opmerking.", field="comment")
    proposal = _begin(session, round_id, student_id, version=version)
    repo.add_noted_event(
        session,
        round_id,
        actor=actor,
        action="commented",
        student_id=student_id,
        kind=NoteKind.COMMENT,
        note=comment,
        detail={"student_id": student_id},
    )
    return _done(session, round_id, proposal)


def move_proposal(
    session: Session,
    round_id: int,
    student_id: str,
    *,
    version: int,
    place_id: str,
    reason: str,
    actor: str,
    travel: TravelTimeProvider,
    time_limit_s: float = 60.0,
    by_hand: bool = False,
) -> ReviewResult:
    """Move the student to another place, when the hard rules and capacities allow it.

    ``by_hand``: a place the reviewer chose outside the proposals and the offered choices
    (placing by hand). The score and soft terms may be low, the hard rules (the law,
    recognition, accessibility that cannot be arranged) and the company's room still hold,
    and the reason is required.
    """
    if by_hand and not reason.strip():
        raise InvalidInputError(
            "Schrijf op waarom je deze student met de hand plaatst.", field="reason"
        )
    proposal = _begin(session, round_id, student_id, version=version)
    row = repo.get_round(session, round_id)
    population = load_population(session)
    population = replace(
        population, students=with_favourites(session.connection(), population.students)
    )
    student, mini = _mini_population(population, student_id, place_id)
    vetoed = any(
        d.kind == DecisionKind.VETO and d.student_id == student_id and d.place_id == place_id
        for d in repo.list_decisions(session, round_id)
    )
    if vetoed:
        raise RuleViolationError(
            f"Plek {place_id} is eerder afgewezen voor student {student_id}. Kies een andere plek.",
            student_id=student_id,
            place_id=place_id,
        )
    policy = round_policy(row.policy, time_limit_s=time_limit_s, workers=1)
    scored = score_round(mini, on=row.bpv_start, travel=travel, policy=policy)
    pair = (StudentId(student_id), PlaceId(place_id))
    check_locks(scored, frozenset({pair}), travel=travel)
    _check_room(
        session,
        row.current_run,
        population,
        student,
        place_id,
        round_id=round_id,
        use_budget=policy.use_guidance_budget,
        use_support=policy.use_max_support,
    )
    place = mini.places[0]
    before = proposal.place_id
    proposal.place_id, proposal.company_id = place_id, place.company_id
    proposal.score = min(max(float(scored.final_score[0]), 0.0), 1.0)
    proposal.travel_minutes = float(scored.pairs.travel_min[0])
    proposal.decision, proposal.locked = ProposalDecision.MOVED.value, True
    proposal.status, proposal.unplaced_reason = "locked", ""
    proposal.explanation = (
        f"Met de hand geplaatst door {actor}." if by_hand else f"Verplaatst door {actor}."
    )
    repo.add_decision(
        session,
        round_id,
        student_id=student_id,
        place_id=place_id,
        kind=DecisionKind.MOVE,
        actor=actor,
    )
    repo.add_noted_event(
        session,
        round_id,
        actor=actor,
        action="placed_by_hand" if by_hand else "moved",
        student_id=student_id,
        kind=NoteKind.MOVE,
        note=reason,
        detail={"student_id": student_id, "to": place_id, "from": before},
    )
    return _done(session, round_id, proposal)


def undo_decision(
    session: Session, round_id: int, student_id: str, *, version: int, actor: str
) -> ReviewResult:
    """Take back the decision on a proposal: it is open again, and logged as an event.

    An approval becomes open; a rejection loses its veto (the place may come back); a lock or
    a move stops binding later runs (a moved student keeps the new place until a re-run).
    """
    proposal = _begin(session, round_id, student_id, version=version)
    was = proposal.decision
    if was == ProposalDecision.OPEN.value and not proposal.locked:
        raise ConflictError(
            f"Bij student {student_id} is nog niets besloten; er is niets terug te draaien.",
            student_id=student_id,
        )
    if was == ProposalDecision.REJECTED.value and proposal.place_id is not None:
        repo.delete_veto(session, round_id, student_id, proposal.place_id)
    if proposal.locked or was == ProposalDecision.MOVED.value:
        repo.release_locks(session, round_id, student_id)
    proposal.decision, proposal.locked = ProposalDecision.OPEN.value, False
    if proposal.status == "locked":
        proposal.status = "proposed"
    repo.add_event(
        session,
        round_id,
        actor=actor,
        action="undone",
        detail={"student_id": student_id, "place_id": proposal.place_id, "was": was},
    )
    return _done(session, round_id, proposal)


def count_open_at_least(session: Session, round_id: int, min_score: float) -> int:
    """How many open proposals with a place have at least this score (for the confirmation)."""
    row = repo.get_round(session, round_id)
    return repo.count_open_at_least(session, round_id, row.current_run, min_score)


@dataclass(frozen=True, slots=True)
class BulkResult:
    """The students approved at once and the round's new version."""

    student_ids: tuple[str, ...]
    version: int


def bulk_accept(
    session: Session,
    round_id: int,
    *,
    min_score: float,
    expected: int,
    version: int,
    actor: str,
) -> BulkResult:
    """Approve every open proposal with a place and a score of at least ``min_score``.

    One version check for the whole batch; ``expected`` is the count the reviewer confirmed,
    so a batch that grew or shrank since the confirmation changes nothing. One ``accepted``
    event per proposal (with ``bulk``), like a single approval, so the audit trail reads the same.
    """
    if not 0.0 <= min_score <= 1.0:
        raise InvalidInputError("Kies een score tussen 0 en 100 procent.", field="min_score")
    row = require_reviewable(session, round_id)
    found = repo.open_at_least(session, round_id, row.current_run, min_score)
    if len(found) != expected:
        raise ConflictError(
            f"Het aantal is veranderd: nu {len(found)} voorstellen, jij bevestigde {expected}. "
            "Er is niets goedgekeurd. Bekijk het aantal opnieuw.",
            round_id=round_id,
            expected=expected,
            current=len(found),
        )
    if not found:
        raise InvalidInputError("Er zijn geen open voorstellen met deze score.", field="min_score")
    _claim(session, round_id, row.status, version)
    repo.accept_open_at_least(session, round_id, row.current_run, min_score)
    for student_id, place_id in found:
        repo.add_event(
            session,
            round_id,
            actor=actor,
            action="accepted",
            detail={"student_id": student_id, "place_id": place_id, "bulk": True},
        )
    session.flush()
    session.expire_all()
    ids = tuple(sorted(str(s) for s, _ in found))
    return BulkResult(ids, repo.get_round(session, round_id).version)


def _mini_population(
    population: Population, student_id: str, place_id: str
) -> tuple[Student, Population]:
    student = next((s for s in population.students if s.student_id == student_id), None)
    if student is None:
        raise NotFoundError(f"Student {student_id} staat niet (meer) in de gegevens.")
    place = next((p for p in population.places if p.place_id == place_id), None)
    if place is None:
        raise NotFoundError(f"Plek {place_id} bestaat niet.", place_id=place_id)
    company = population.company_by_id()[place.company_id]
    return student, Population(students=(student,), companies=(company,), places=(place,))


def _check_room(
    session: Session,
    run: int,
    population: Population,
    student: Student,
    place_id: str,
    *,
    round_id: int,
    use_budget: bool,
    use_support: bool,
) -> None:
    """The place has a free seat, and its company's support limits leave room."""
    places: dict[str, Place] = {p.place_id: p for p in population.places}
    company = population.company_by_id()[places[place_id].company_id]
    holders = seat_holders(
        session, round_id, run, company.company_id, except_student=student.student_id
    )
    taken = sum(p == place_id for _, p in holders)
    capacity = places[place_id].capacity
    if taken >= capacity:  # the seat check of company_room, with the numbers in the message
        raise RuleViolationError(
            f"Plek {place_id} is vol: {taken} van {capacity} plaatsen zijn al voorgesteld. "
            "Kies een andere plek, of verplaats eerst een andere student.",
            place_id=place_id,
        )
    students: dict[str, Student] = {s.student_id: s for s in population.students}
    others = [students[s] for s, _ in holders if s in students]
    room = company_room(
        capacity=capacity,
        seats_taken=taken,
        guidance_budget=company.guidance_hours_per_week if use_budget else None,
        max_support=company.max_support_students if use_support else None,
        holders=[holder(s) for s in others],
        newcomer=holder(student),
    )
    if room is Room.SUPPORT:
        support = sum(s.needs_extra_support for s in others)
        raise RuleViolationError(
            f"{company.name} begeleidt al {support} studenten met extra ondersteuning; dat "
            "is het aantal dat dit bedrijf aankan. Kies een plek bij een ander bedrijf.",
            place_id=place_id,
        )
    if room is Room.GUIDANCE:
        hours = sum(s.guidance_hours_per_week for s in others) + student.guidance_hours_per_week
        raise RuleViolationError(
            f"{company.name} heeft {nl.number(company.guidance_hours_per_week)} uur begeleiding "
            f"per week; met deze student wordt dat {nl.number(hours)} uur. Kies een andere plek.",
            place_id=place_id,
        )


def holder(student: Student) -> Holder:
    """What the company-room rule needs to know of a student."""
    return Holder(student.guidance_hours_per_week, student.needs_extra_support)
