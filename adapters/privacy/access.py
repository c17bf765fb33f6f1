"""The one access check every route goes through: endpoint policy + relations + permission table.

Wiring: one dependency per route (api/security.py) calls ``authorize`` with the route's policy rule
and its path parameters; list flows call ``student_scope`` once to filter their rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from adapters.db.models import CURRENT_DATASET, PlaceRow
from adapters.privacy.audit import Actor, record_reads
from matcher.errors import NotAuthenticatedError, PermissionDeniedError
from matcher.privacy.endpoints import EndpointRule, Subject
from matcher.privacy.permissions import Decision
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Access, Category, Relation, Role

NO_ENTRY = "Voor deze pagina is geen toegangsregel vastgelegd."
DENIED = "Je hebt geen toegang tot deze gegevens."
LOGIN_NEEDED = "Log eerst in."


@dataclass(frozen=True, slots=True)
class Grant:
    """An allowed request: who, the rule, and the access/role/purpose the table granted."""

    principal: Principal | None
    rule: EndpointRule
    decision: Decision

    @property
    def actor(self) -> Actor:
        """The privacy log's name for the requester."""
        return Actor("anoniem") if self.principal is None else Actor.of(self.principal)

    @property
    def needs_consent(self) -> bool:
        """Whether only the consented projection may be shown (the company view)."""
        return self.decision.access is Access.CONSENT


@dataclass(frozen=True, slots=True)
class StudentScope:
    """Which students a list may show: all of them, or only these ids."""

    all: bool
    ids: frozenset[str] = frozenset()

    def allows(self, student_id: str) -> bool:
        """Whether one student is in scope."""
        return self.all or student_id in self.ids


def proposed_to(session: Session, student_id: str, company_id: str) -> bool:
    """Whether people approved a place at this company for the student in a published round."""
    return student_id in proposed_students(session, company_id)


def company_proposals(session: Session, company_id: str) -> list[tuple[str, str, int]]:
    """(student_id, place_id, round_id) of what a company may know it was proposed.

    The matcher only proposes and people decide: a company hears of a student only when a
    reviewer approved the place (accepted or moved) in the current run of a published round.
    Open or rejected proposals, and rounds still under review, stay with the bureau.
    """
    try:
        from adapters.db.round_models import (
            APPROVED_DECISIONS,
            MatchRoundRow,
            ProposalRow,
            RoundStatus,
        )
    except ImportError:  # rounds not installed: nobody is proposed
        return []
    p, r = ProposalRow, MatchRoundRow
    rows = session.exec(
        select(p.student_id, p.place_id, p.round_id)
        .join(r, and_(r.id == p.round_id, r.current_run == p.run))  # type: ignore[arg-type]
        .where(
            p.company_id == company_id,
            r.status == RoundStatus.PUBLISHED.value,
            p.decision.in_(sorted(APPROVED_DECISIONS)),  # type: ignore[attr-defined]
        )
        .order_by(p.round_id, p.student_id)  # type: ignore[arg-type]
    ).all()
    return [(sid, pid, rid) for sid, pid, rid in rows if pid is not None]


def proposed_students(session: Session, company_id: str) -> frozenset[str]:
    """The students a company may know of (see ``company_proposals``)."""
    return frozenset(sid for sid, _, _ in company_proposals(session, company_id))


def _place_company(session: Session, place_id: str) -> str | None:
    return session.exec(
        select(PlaceRow.company_id).where(
            PlaceRow.dataset == CURRENT_DATASET, PlaceRow.place_id == place_id
        )
    ).first()


def relations_for(
    session: Session, principal: Principal, rule: EndpointRule, params: Mapping[str, str]
) -> frozenset[Relation]:
    """How the requester relates to the route's subject."""
    if rule.subject is Subject.STUDENT:
        sid = params["student_id"]
        proposed = principal.company_id is not None and proposed_to(
            session, sid, principal.company_id
        )
        return principal.relations_to_student(sid, proposed_to_own_company=proposed)
    if rule.subject is Subject.COMPANY:
        return principal.relations_to_company(params["company_id"])
    if rule.subject is Subject.PLACE:
        company = _place_company(session, params["place_id"])
        return principal.relations_to_company(company) if company else principal.base_relations()
    if rule.subject is Subject.ACCOUNT:
        return principal.relations_to_account(principal.account_id)
    return principal.base_relations()


def authorize(
    session: Session,
    principal: Principal | None,
    rule: EndpointRule | None,
    route: str,
    params: Mapping[str, str],
) -> Grant:
    """Allow or refuse one request by its policy rule and the permission table.

    ``rule`` is the route's entry in the driver's endpoint policy (None: the route has none,
    which refuses it); ``route`` ("GET /students/{student_id}") names it in the refusal.
    """
    if rule is None:
        raise PermissionDeniedError(NO_ENTRY, route=route)
    if rule.public:
        return Grant(principal, rule, Decision(Access.FULL))
    if principal is None:
        raise NotAuthenticatedError(LOGIN_NEEDED)
    decision = rule.decide(principal.roles, relations_for(session, principal, rule, params))
    if not decision.allowed:
        raise PermissionDeniedError(DENIED, route=route)
    return Grant(principal, rule, decision)


def student_scope(session: Session, grant: Grant) -> StudentScope:
    """The students a list may show for this grant (filter rows with ``scope.allows``)."""
    principal, role = grant.principal, grant.decision.role
    if principal is None or role is None:
        return StudentScope(all=False)
    if role in (Role.BUREAU,):
        return StudentScope(all=True)
    if role in (Role.JOBCOACH, Role.BEGELEIDER):
        return StudentScope(all=False, ids=principal.caseload)
    if role is Role.STUDENT and principal.student_id:
        return StudentScope(all=False, ids=frozenset({principal.student_id}))
    if role is Role.COMPANY and principal.company_id:
        return StudentScope(all=False, ids=proposed_students(session, principal.company_id))
    return StudentScope(all=False)


def company_scope(grant: Grant) -> str | None:
    """The one company a company account may list (its own); None means every company."""
    principal = grant.principal
    if grant.decision.role is Role.COMPANY and principal is not None:
        return principal.company_id or ""
    return None


def scope_condition(scope: StudentScope, column: Any) -> ColumnElement[bool] | None:
    """An SQL condition keeping a list to the student scope (None: no filter needed)."""
    return None if scope.all else column.in_(sorted(scope.ids))


def audit_reads(
    session: Session, grant: Grant, student_ids: Iterable[str], fields: Iterable[str]
) -> int:
    """Log a read of special-category fields for every student shown (no-op otherwise)."""
    if not grant.rule.category.special:
        return 0
    return log_reads(session, grant, student_ids, fields, (Category.FUNCTIONAL_NEEDS,))


def require_role(grant: Grant, *roles: Role) -> Principal:
    """The principal when the grant was given under one of these roles; refused otherwise.

    Read flows call this as well as the endpoint policy, so that a route whose table entry is
    widened by mistake still cannot hand one role's data to another.
    """
    if grant.principal is None or grant.decision.role not in roles:
        raise PermissionDeniedError(DENIED)
    return grant.principal


def log_reads(
    session: Session,
    grant: Grant,
    student_ids: Iterable[str],
    fields: Iterable[str],
    categories: Iterable[Category],
) -> int:
    """Log a read of these fields for every student shown, whatever the route's category."""
    return record_reads(
        session,
        actor=grant.actor,
        role=grant.decision.role,
        purpose=grant.decision.purpose,
        student_ids=student_ids,
        fields=fields,
        categories=categories,
    )
