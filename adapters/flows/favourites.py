"""The student's own favourites (issue 21 item 2): marked and ordered on the student's page.

Precedence: a student who saved favourites chose them themself, so those ARE the student's
preferences (the voorkeur term scores them) and the import's ``preferences`` column is not used
for that student. A student without favourites keeps the column the bureau imported (issue 21:
"the import column stays for bureaus"). Removing the last favourite falls back to the column.
A company the student named themself (eigen netwerk) counts the same way once the bureau added
it: its places follow the favourites in the student's wishes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum

from sqlalchemy import Connection
from sqlmodel import Session

from adapters.db import favourite_queries as store
from adapters.flows import known_company
from adapters.flows.student_profile import with_profiles
from matcher.domain import PlaceId, Student
from matcher.errors import InvalidInputError, PermissionDeniedError
from matcher.privacy.principal import Principal

MAX_FAVOURITES = 5  # "a few places": the handbook's preselection to choose from (H:1202-1203)


class Change(StrEnum):
    """What the student does with one place on their list."""

    ADD = "toevoegen"
    REMOVE = "weghalen"
    UP = "omhoog"
    DOWN = "omlaag"


def with_favourites(conn: Connection, students: Sequence[Student]) -> tuple[Student, ...]:
    """The students as a round sees them: their own profile (interests, confirmed facts; see
    ``adapters.flows.student_profile``) and their own wishes as preferences: the favourites in
    the student's order, then the places of the company they named themself once the bureau
    added it (``adapters.flows.known_company``)."""
    students = with_profiles(conn, students)
    ids = [s.student_id for s in students]
    found = store.for_students(conn, ids)
    named = known_company.wished_places(conn, ids)
    out = []
    for s in students:
        own = own_wishes(found.get(s.student_id, ()), named.get(s.student_id, ()))
        out.append(replace(s, preferences=tuple(PlaceId(p) for p in own)) if own else s)
    return tuple(out)


def own_wishes(favourites: Sequence[str], named_company_places: Sequence[str]) -> list[str]:
    """The student's own wishes, best first: the favourites as ordered, then the places of the
    company they named (each once). Empty: the import's preferences stay."""
    wishes = list(favourites)
    wishes += [p for p in named_company_places if p not in wishes]
    return wishes


def mine(conn: Connection, principal: Principal) -> tuple[str, ...]:
    """The logged-in student's own favourites, best first."""
    return store.for_student(conn, _own(principal))


def _own(principal: Principal) -> str:
    if principal.student_id is None:
        raise PermissionDeniedError("Alleen een student kan eigen favorieten kiezen.")
    return principal.student_id


def changed(
    current: Sequence[str], place_id: str, change: Change, choosable: set[str]
) -> list[str]:
    """The list after one change; a Dutch error naming the problem when it cannot be done."""
    items = list(current)
    if change is Change.ADD:
        if place_id in items:
            raise InvalidInputError("Deze plek staat al in je favorieten.", field="plek")
        if place_id not in choosable:
            raise InvalidInputError(
                "Je kunt alleen een plek uit je voorstellen als favoriet kiezen.", field="plek"
            )
        if len(items) >= MAX_FAVOURITES:
            raise InvalidInputError(
                f"Je hebt al {MAX_FAVOURITES} favorieten. Haal er eerst een weg.", field="plek"
            )
        return [*items, place_id]
    if place_id not in items:
        raise InvalidInputError("Deze plek staat niet in je favorieten.", field="plek")
    i = items.index(place_id)
    if change is Change.REMOVE:
        return items[:i] + items[i + 1 :]
    j = i - 1 if change is Change.UP else i + 1
    if not 0 <= j < len(items):
        where = "bovenaan" if change is Change.UP else "onderaan"
        raise InvalidInputError(f"Deze plek staat al {where}.", field="plek")
    items[i], items[j] = items[j], items[i]
    return items


def change_mine(
    session: Session, principal: Principal, place_id: str, change: Change, choosable: set[str]
) -> tuple[str, ...]:
    """Apply one change to the logged-in student's own favourites. Flushes only."""
    sid = _own(principal)
    new = changed(store.for_student(session.connection(), sid), place_id, change, choosable)
    store.replace(session, sid, new)
    return tuple(new)
