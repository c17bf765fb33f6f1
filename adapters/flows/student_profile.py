"""The student's own profile (issue 21 item 1): the student writes, staff confirm the needs.

The student saves their words and interests (used at once) and proposes the needs-related
facts (what I need, days, hours, travel); a round uses those only after a jobcoach or
begeleider of this student confirmed them (``matcher.profile.apply_profile``). The confirm
action copies the proposal as it is: staff cannot change the student's words or choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlmodel import Session

from adapters.db import favourite_queries as store
from adapters.db import round_reads
from adapters.flows import known_company
from adapters.privacy.audit import Actor
from matcher.domain import Company, Place, Student
from matcher.errors import ConflictError, InvalidInputError, PermissionDeniedError
from matcher.known_company import parse_known_company
from matcher.privacy.fields import full_card
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role
from matcher.profile import (
    Facts,
    StudentProfile,
    Words,
    apply_profile,
    parse_profile_form,
    sector_choices,
)


def _profile(words: Any, proposed: Any, confirmed: Any) -> StudentProfile:
    return StudentProfile(
        Words.from_json(words), Facts.from_json(proposed), Facts.from_json(confirmed)
    )


def _own(principal: Principal) -> str:
    if principal.student_id is None:
        raise PermissionDeniedError("Alleen de student zelf vult dit profiel in.")
    return principal.student_id


def with_profiles(conn: Connection, students: Sequence[Student]) -> tuple[Student, ...]:
    """The students as a round sees them: own interests and only the confirmed facts."""
    found = store.profiles(conn, (s.student_id for s in students))
    return tuple(
        apply_profile(s, _profile(*found[s.student_id])) if s.student_id in found else s
        for s in students
    )


def with_words(conn: Connection, students: Sequence[Student]) -> list[tuple[Student, Words]]:
    """Each student as a round sees them with their own words (for the company card)."""
    found = store.profiles(conn, (s.student_id for s in students))
    out = []
    for s in students:
        profile = _profile(*found[s.student_id]) if s.student_id in found else StudentProfile()
        out.append((apply_profile(s, profile), profile.words))
    return out


def full_card_for(
    session: Session, student: Student, place: Place, company: Company
) -> dict[str, Any]:
    """The card with every part a company would get for this place, from the live profile and
    the student's own words (the preview for a place not yet published)."""
    [(matched, words)] = with_words(session.connection(), [student])
    return full_card(matched, place, company, words)


def of_student(session: Session, student_id: str) -> StudentProfile:
    """One student's profile (empty when none was saved). Callers check access first."""
    row = store.profile_row(session, student_id)
    return StudentProfile() if row is None else _profile(row.words, row.proposed, row.confirmed)


def mine(session: Session, principal: Principal) -> StudentProfile:
    """The logged-in student's own profile."""
    return of_student(session, _own(principal))


def sectors_for(session: Session, profile: StudentProfile) -> list[str]:
    """The branches this student picks from: the live companies' sectors and their own."""
    return sector_choices(round_reads.live_sectors(session), profile.words.interest_sectors)


def save_mine(session: Session, principal: Principal, form: Mapping[str, Any]) -> StudentProfile:
    """Parse and store the student's own form, with the company they know (eigen netwerk);
    nothing is stored when a value is wrong."""
    sid = _own(principal)
    words, facts = parse_profile_form(form, sectors_for(session, of_student(session, sid)))
    company = parse_known_company(form)
    store.save_profile(session, sid, words.as_json(), facts.as_json())
    known_company.store_for(session, sid, company)
    return of_student(session, sid)


CONFIRMING_ROLES = frozenset({Role.JOBCOACH, Role.BEGELEIDER})


def confirm(
    session: Session, principal: Principal, student_id: str, *, seen: str
) -> StudentProfile:
    """Confirm what the student proposed, as the jobcoach or begeleider saw it (``seen``: the
    proposal's version on their page; the caller checked the caseload). Flushes only."""
    if not principal.roles & CONFIRMING_ROLES:
        raise PermissionDeniedError(
            "Alleen de jobcoach of begeleider van de student bevestigt wat die nodig heeft."
        )
    row = store.profile_row(session, student_id)
    if row is None or row.proposed is None:
        raise InvalidInputError("Deze student heeft nog niets ingevuld om te bevestigen.")
    if row.proposed == row.confirmed:
        raise InvalidInputError("Alles wat deze student invulde is al bevestigd.")
    if seen != _profile(row.words, row.proposed, row.confirmed).proposal_version:
        raise ConflictError(
            "De student heeft het voorstel veranderd nadat je de pagina opende. Lees het "
            "opnieuw en bevestig dan. Er is niets bevestigd."
        )
    by = Actor.of(principal)
    store.confirm_profile(session, row, by.label)
    return of_student(session, student_id)
