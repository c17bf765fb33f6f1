"""Read-only queries on rounds: proposals page by page (filtered and sorted for the review
screen), seats taken per place, a student's vetoed places and their published proposal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from adapters.db import round_repositories as repo
from adapters.db import round_snapshots as snapshot
from adapters.db.models import CURRENT_DATASET, CompanyRow, StudentRow
from adapters.db.round_models import (
    APPROVED_DECISIONS,
    DecisionKind,
    MatchRoundRow,
    ProposalDecision,
    ProposalRow,
    RoundStatus,
)

SORTS = ("student_id", "score", "-score", "travel_minutes", "-travel_minutes")


@dataclass(frozen=True, slots=True)
class ProposalQuery:
    """Which proposals to show: filters, sort and page."""

    unplaced: bool | None = None
    priority: bool | None = None
    score_below: float | None = None
    sector: str | None = None
    niveau: int | None = None
    decision: str | None = None
    sort: str = "student_id"
    offset: int = 0
    limit: int = 50
    search: str | None = None  # part of the student's name or code, any case


def list_round_proposals(
    session: Session,
    round_id: int,
    query: ProposalQuery,
    *,
    student_ids: frozenset[str] | None = None,
    company_id: str | None = None,
) -> tuple[int, int, list[ProposalRow]]:
    """The run shown, the number of matching proposals and one page of them.

    ``student_ids`` and ``company_id`` keep the list to the requester's scope (None: no limit).
    A company sees only the places people approved, and only once the round is published.
    """
    found = repo.get_round(session, round_id)
    run = found.current_run
    p, s, c = ProposalRow, StudentRow, CompanyRow
    conditions: list[ColumnElement[bool]] = [p.round_id == round_id, p.run == run]  # type: ignore[list-item]
    if query.unplaced is not None:
        conditions.append(p.place_id.is_(None) if query.unplaced else p.place_id.is_not(None))  # type: ignore[union-attr]
    if query.score_below is not None:
        conditions.append(p.score < query.score_below)  # type: ignore[arg-type,operator]
    if query.decision is not None:
        conditions.append(p.decision == query.decision)  # type: ignore[arg-type]
    frozen = snapshot.for_round(session, round_id, found.status)
    if frozen is not None:  # published: filter on what was published, not on today's profiles
        conditions += _frozen_filters(frozen, query)
    else:
        if query.priority is not None:
            conditions.append(s.priority == query.priority)  # type: ignore[arg-type]
        if query.niveau is not None:
            conditions.append(s.niveau == query.niveau)  # type: ignore[arg-type]
        if query.sector is not None:
            conditions.append(c.sector == query.sector)  # type: ignore[arg-type]
    if query.search:
        wanted = query.search.strip().lower()
        conditions.append(
            or_(
                func.lower(p.student_id).contains(wanted, autoescape=True),
                func.lower(s.name).contains(wanted, autoescape=True),
            )
        )
    if student_ids is not None:
        conditions.append(p.student_id.in_(sorted(student_ids)))  # type: ignore[attr-defined]
    if company_id is not None:
        published = found.status == RoundStatus.PUBLISHED.value
        conditions.append(p.company_id == company_id if published else false())  # type: ignore[arg-type]
        conditions.append(p.decision.in_(sorted(APPROVED_DECISIONS)))  # type: ignore[attr-defined]
    joined = (
        select(p)
        .outerjoin(s, and_(s.dataset == CURRENT_DATASET, s.student_id == p.student_id))  # type: ignore[arg-type]
        .outerjoin(c, and_(c.dataset == CURRENT_DATASET, c.company_id == p.company_id))  # type: ignore[arg-type]
        .where(*conditions)
    )
    total = session.scalar(select(func.count()).select_from(joined.subquery())) or 0
    column = {"score": p.score, "travel_minutes": p.travel_minutes}.get(
        query.sort.lstrip("-"), p.student_id
    )
    order = (column.desc() if query.sort.startswith("-") else column.asc()).nulls_last()  # type: ignore[union-attr]
    page = joined.order_by(order, p.student_id).offset(query.offset).limit(query.limit)
    return run, int(total), list(session.scalars(page))


def _frozen_filters(frozen: snapshot.Snapshot, query: ProposalQuery) -> list[ColumnElement[bool]]:
    """The priority, niveau and sector filters on a published round's snapshot."""
    p = ProposalRow
    students = frozen.data.get("students", {})
    conditions: list[ColumnElement[bool]] = []
    if query.priority is not None:
        ids = [k for k, v in students.items() if bool(v.get("priority")) == query.priority]
        conditions.append(p.student_id.in_(sorted(ids)))  # type: ignore[attr-defined]
    if query.niveau is not None:
        ids = [k for k, v in students.items() if v.get("niveau") == query.niveau]
        conditions.append(p.student_id.in_(sorted(ids)))  # type: ignore[attr-defined]
    if query.sector is not None:
        companies = frozen.data.get("companies", {})
        ids = [k for k, v in companies.items() if v.get("sector") == query.sector]
        conditions.append(p.company_id.in_(sorted(ids)))  # type: ignore[union-attr]
    return conditions


def seats_taken(
    session: Session, round_id: int, place_ids: list[str], *, except_student: str | None = None
) -> dict[str, int]:
    """How many students of the round's current run hold each place (rejected ones do not).

    ``except_student`` leaves one student out: the one a reviewer is about to move.
    """
    if not place_ids:
        return {}
    p = ProposalRow
    conditions = _holding(session, round_id, p.place_id, place_ids, except_student)
    stmt = select(p.place_id, func.count()).where(*conditions).group_by(p.place_id)  # type: ignore[call-overload]
    return {str(place): int(n) for place, n in session.execute(stmt)}


def vetoed_places(session: Session, round_id: int, student_id: str) -> frozenset[str]:
    """Places a reviewer turned down for this student in this round (they never come back)."""
    return frozenset(
        d.place_id
        for d in repo.list_decisions(session, round_id)
        if d.kind == DecisionKind.VETO and d.student_id == student_id
    )


def published_proposal(
    session: Session, student_id: str
) -> tuple[MatchRoundRow, ProposalRow] | None:
    """The student's proposal in the most recently published round, when there is one."""
    r, p = MatchRoundRow, ProposalRow
    stmt = (
        select(r, p)
        .join(p, and_(p.round_id == r.id, p.run == r.current_run))  # type: ignore[arg-type]
        .where(r.status == RoundStatus.PUBLISHED.value, p.student_id == student_id)  # type: ignore[arg-type]
        .order_by(r.updated_at.desc(), r.id.desc())  # type: ignore[attr-defined,union-attr]
        .limit(1)
    )
    found = session.execute(stmt).first()
    return None if found is None else (found[0], found[1])


def decision_counts(session: Session, round_id: int) -> dict[str, int]:
    """How many proposals of the current run are open, accepted, rejected or moved; students
    without a place are counted apart under ``"unplaced"``."""
    run = repo.get_round(session, round_id).current_run
    p = ProposalRow
    unplaced = p.place_id.is_(None)  # type: ignore[union-attr]
    stmt = (
        select(p.decision, unplaced, func.count())  # type: ignore[call-overload]
        .where(p.round_id == round_id, p.run == run)
        .group_by(p.decision, unplaced)
    )
    counts: dict[str, int] = {}
    for decision, without_place, n in session.execute(stmt):
        key = "unplaced" if without_place else str(decision)
        counts[key] = counts.get(key, 0) + int(n)
    return counts


def company_holders(
    session: Session, round_id: int, company_ids: list[str], *, except_student: str | None = None
) -> dict[str, list[str]]:
    """The students of the current run placed at each company (rejected ones do not count)."""
    if not company_ids:
        return {}
    p = ProposalRow
    conditions = _holding(session, round_id, p.company_id, company_ids, except_student)
    holders: dict[str, list[str]] = {}
    for company, student in session.execute(select(p.company_id, p.student_id).where(*conditions)):  # type: ignore[call-overload]
        holders.setdefault(str(company), []).append(str(student))
    return holders


def seat_holders(
    session: Session, round_id: int, run: int, company_id: str, *, except_student: str
) -> list[tuple[str, str]]:
    """(student_id, place_id) of the run's other students at this company (not rejected)."""
    t = ProposalRow.__table__.c  # type: ignore[attr-defined]
    stmt = (
        select(t.student_id, t.place_id)
        .where(
            t.round_id == round_id,
            t.run == run,
            t.company_id == company_id,
            t.decision != ProposalDecision.REJECTED.value,
            t.student_id != except_student,
        )
        .distinct()
    )
    return [(s, p) for s, p in session.execute(stmt)]


def _holding(
    session: Session, round_id: int, column: Any, ids: list[str], except_student: str | None
) -> list[ColumnElement[bool]]:
    """Conditions for the current run's proposals at these places or companies, rejected ones
    left out (and one student, when given)."""
    p = ProposalRow
    run = repo.get_round(session, round_id).current_run
    conditions: list[ColumnElement[bool]] = [
        p.round_id == round_id,  # type: ignore[list-item]
        p.run == run,  # type: ignore[list-item]
        column.in_(sorted(set(ids))),
        p.decision != ProposalDecision.REJECTED.value,  # type: ignore[list-item]
    ]
    if except_student is not None:
        conditions.append(p.student_id != except_student)  # type: ignore[arg-type]
    return conditions
