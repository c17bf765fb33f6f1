"""Scoped reads for the jobcoach's and the company's pages: my students, one coached student
with the places that suit them, and a company's own places."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session

from adapters.db.models import CURRENT_DATASET, PlaceRow, StudentRow
from adapters.flows.shortlist import load_student
from adapters.privacy.access import (
    Grant,
    audit_reads,
    log_reads,
    require_role,
    student_scope,
)
from matcher.domain import Student
from matcher.errors import NotFoundError
from matcher.privacy.vocabulary import Category, Role

LIST_FIELDS = ("name", "niveau", "priority")
COACHED_FIELDS = ("needs", "location", "shortlist")
STAFF = (Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER)

_S = StudentRow.__table__.c  # type: ignore[attr-defined]
_P = PlaceRow.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ListedStudent:
    """One row of "my students"."""

    student_id: str
    name: str
    niveau: int
    priority: bool


def my_students(session: Session, grant: Grant, *, limit: int) -> list[ListedStudent]:
    """The students in the requester's scope (the bureau: every student), by id; logged."""
    require_role(grant, *STAFF)
    scope = student_scope(session, grant)
    query = select(_S.student_id, _S.name, _S.niveau, _S.priority).where(
        _S.dataset == CURRENT_DATASET
    )
    if not scope.all:
        query = query.where(_S.student_id.in_(sorted(scope.ids)))
    rows = [
        ListedStudent(r.student_id, r.name, r.niveau, bool(r.priority))
        for r in session.execute(query.order_by(_S.student_id).limit(limit))
    ]
    log_reads(session, grant, [r.student_id for r in rows], LIST_FIELDS, (Category.IDENTITY,))
    return rows


def coached_student(session: Session, engine: Engine, grant: Grant, student_id: str) -> Student:
    """One student in the requester's scope, for their shortlist page; the read is logged."""
    require_role(grant, *STAFF)
    if not student_scope(session, grant).allows(student_id):
        raise NotFoundError(f"Student {student_id} staat niet in je lijst.")
    student = load_student(engine, student_id)
    audit_reads(session, grant, [student_id], COACHED_FIELDS)
    return student


def own_places(session: Session, grant: Grant) -> list[Any]:
    """The places of the requester's own company (no personal data)."""
    principal = require_role(grant, Role.COMPANY)
    if principal.company_id is None:
        return []
    return list(
        session.execute(
            select(_P.place_id, _P.capacity, _P.niveau_min, _P.niveau_max)
            .where(_P.dataset == CURRENT_DATASET, _P.company_id == principal.company_id)
            .order_by(_P.place_id)
        ).all()
    )
