"""Scoped reads of people: the student list and one student, a shortlist, the jobcoach's
"my students" and one coached student, and a company's own places."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Engine
from sqlmodel import Session

from adapters.db.profile_filters import S
from adapters.db.profile_queries import STUDENTS, places_of_company, student_list_rows
from adapters.flows import profiles
from adapters.flows.shortlist import PlaceCache, load_student, student_shortlist
from adapters.privacy.access import (
    Grant,
    audit_reads,
    log_reads,
    require_role,
    scope_condition,
    student_scope,
)
from matcher import ShortlistItem, TravelTimeProvider
from matcher.domain import Company, Place, Student
from matcher.errors import NotFoundError
from matcher.privacy.vocabulary import Category, Role

LIST_FIELDS = ("name", "niveau", "priority")
COACHED_FIELDS = ("needs", "location", "shortlist")
SHORTLIST_FIELDS = ("shortlist",)  # its reasons are derived from the student's needs
STAFF = (Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER)


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
    found = student_list_rows(session, None if scope.all else scope.ids, limit=limit)
    rows = [ListedStudent(r.student_id, r.name, r.niveau, bool(r.priority)) for r in found]
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


def own_places(session: Session, grant: Grant) -> list[Place]:
    """The places of the requester's own company (no personal data)."""
    principal = require_role(grant, Role.COMPANY)
    if principal.company_id is None:
        return []
    return places_of_company(session, principal.company_id)


def list_students(
    session: Session,
    engine: Engine,
    grant: Grant,
    where: list[ColumnElement[bool]],
    *,
    offset: int,
    limit: int,
    fields: Iterable[str],
) -> tuple[list[Student], int]:
    """One page of the students matching ``where`` and in the requester's scope, and how many
    match in total; the special-category ``fields`` shown are logged per student."""
    in_scope = scope_condition(student_scope(session, grant), S.student_id)
    conditions = [*where, *([] if in_scope is None else [in_scope])]
    items, total = profiles.list_profiles(engine, STUDENTS, conditions, offset=offset, limit=limit)
    audit_reads(session, grant, [str(s.student_id) for s in items], fields)
    return items, total


def read_student(
    session: Session, engine: Engine, grant: Grant, student_id: str, *, fields: Iterable[str]
) -> Student:
    """One student in the requester's scope (themself, caseload, institution); logged."""
    if not student_scope(session, grant).allows(student_id):
        raise NotFoundError(f"Student {student_id} staat niet in je lijst.")
    found = profiles.get_profile(engine, STUDENTS, student_id)
    audit_reads(session, grant, [student_id], fields)
    return found


def shortlist_for(
    session: Session,
    engine: Engine,
    cache: PlaceCache,
    grant: Grant,
    student_id: str,
    *,
    on: date,
    travel: TravelTimeProvider,
    k: int,
    max_travel_minutes: int | None,
    sector: str | None,
) -> list[tuple[ShortlistItem, Company]]:
    """The best places for one student in the requester's scope; the read is logged."""
    if not student_scope(session, grant).allows(student_id):
        raise NotFoundError(f"Student {student_id} staat niet in je lijst.")
    found = student_shortlist(
        engine,
        cache,
        student_id,
        on=on,
        travel=travel,
        k=k,
        max_travel_minutes=max_travel_minutes,
        sector=sector,
    )
    audit_reads(session, grant, [student_id], SHORTLIST_FIELDS)
    return found
