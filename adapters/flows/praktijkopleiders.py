"""Praktijkopleiders as people (issue 21 item 5): the company keeps them on its own page.

Company data (Category.COMPANY_DATA). Who sees what:
- the company itself: its own people, all fields; only it adds, changes and removes them;
- school staff (bureau, jobcoach, BPV-begeleider): every company's people, read only (API), and
  name and contact on the BPV pages of their students (``contacts_for_staff``);
- a student: the names and contact of the praktijkopleiders of a company where the student has a
  BPV, as contacts on the BPV page (``contacts_for_student``), never the hours or experience;
- another company, the administrator and anyone not logged in: nothing.
Their hours make up the company's supervision budget in every round
(``adapters.db.repositories.live_companies``); ``as_round_sees`` gives every reader of a
company (the JSON API, the company's own page) that same budget and where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from adapters.db import praktijkopleider_queries as store
from adapters.db import profile_queries as profiles
from adapters.db.engine import session_scope
from adapters.privacy.access import Grant, require_role
from matcher.domain import Company
from matcher.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from matcher.privacy.vocabulary import Role
from matcher.supervision import (
    Budget,
    Praktijkopleider,
    SupportExperience,
    budget_of,
    check,
    with_budget,
)

STAFF = (Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER)
NOT_FOUND = "Deze praktijkopleider staat niet (meer) bij jullie bedrijf. Kijk in de lijst."
MAX_PEOPLE = 50  # a company with more praktijkopleiders than this is a typing loop


@dataclass(frozen=True, slots=True)
class PersonContact:
    """What a student sees of a praktijkopleider: whom to ask."""

    name: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class Supervision:
    """A company's supervision budget as every round uses it, and where it comes from.

    ``company`` is the company as a round sees it (``matcher.supervision.with_budget``): with
    praktijkopleiders, ``guidance_hours_per_week`` is the sum of their hours and
    ``support_experience`` the best of theirs; without, the company's own values. ``stored``
    is the company as stored (import row, API, profile page): its values count again when the
    last praktijkopleider is removed."""

    company: Company
    stored: Company
    budget: Budget | None

    @property
    def source(self) -> Literal["praktijkopleiders", "company"]:
        """Where the hours the round uses come from."""
        return "company" if self.budget is None else "praktijkopleiders"


def as_round_sees(conn: Connection, companies: Sequence[Company]) -> list[Supervision]:
    """Each company with the budget a round uses for it (the same rule and numbers as
    ``live_companies``). One query: one company's people, or every company's sums."""
    found: dict[str, Budget | None] = {}
    if len(companies) == 1:
        [only] = companies
        found[only.company_id] = budget_of(store.of_company(conn, only.company_id))
    elif companies:
        found.update(store.budgets(conn))
    return [
        Supervision(with_budget(c, budget), c, budget)
        for c in companies
        for budget in [found.get(c.company_id)]
    ]


def for_staff(
    session: Session, grant: Grant, company_ids: Iterable[str]
) -> dict[str, Supervision] | None:
    """These companies' supervision budgets as a round uses them, by company id, for school
    staff (the bureau's company page); None for any other role. Two queries for the page:
    the companies, and every company's praktijkopleiders' sums (``as_round_sees``). A company
    that is no longer in the data is left out."""
    if grant.decision.role not in STAFF:
        return None
    conn = session.connection()
    companies = profiles.fetch_many(conn, profiles.COMPANIES, sorted(set(company_ids)))
    return {seen.company.company_id: seen for seen in as_round_sees(conn, companies)}


def _own_company(grant: Grant) -> str:
    principal = require_role(grant, Role.COMPANY)
    if not principal.company_id:
        raise PermissionDeniedError("Deze pagina is voor praktijkopleiders van een bedrijf.")
    return principal.company_id


def own(conn: Connection, grant: Grant) -> list[Praktijkopleider]:
    """The requester's own company's praktijkopleiders (a company account only)."""
    return store.of_company(conn, _own_company(grant))


def of_company(conn: Connection, grant: Grant, company_id: str) -> list[Praktijkopleider]:
    """A company's praktijkopleiders, for school staff or for that company itself."""
    if grant.decision.role is Role.COMPANY:
        if _own_company(grant) != company_id:
            raise PermissionDeniedError("Je ziet alleen de praktijkopleiders van je eigen bedrijf.")
    else:
        require_role(grant, *STAFF)
    if not profiles.exists(conn, profiles.COMPANIES, company_id):
        raise NotFoundError(f"Er is geen bedrijf met code '{company_id}'. Controleer de code.")
    return store.of_company(conn, company_id)


def contacts_for_staff(
    conn: Connection, grant: Grant, company_ids: Iterable[str]
) -> dict[str, list[PersonContact]]:
    """Name and contact of the praktijkopleiders per company, for school staff's BPV pages
    (whom to call about the BPV); nothing for any other role."""
    if grant.decision.role not in STAFF:
        return {}
    found: dict[str, list[PersonContact]] = {}
    for company_id in sorted(set(company_ids)):
        named = contacts_for_student(conn, company_id)
        if named:
            found[company_id] = named
    return found


def contacts_for_student(conn: Connection, company_id: str) -> list[PersonContact]:
    """Name and contact of a company's praktijkopleiders, for a student with a BPV there.

    The caller has decided that the student has that BPV (``bpv.list_bpvs``)."""
    return [PersonContact(p.name, p.email, p.phone) for p in store.of_company(conn, company_id)]


def _parse(form: Mapping[str, str], company_id: str) -> Praktijkopleider:
    """The person from the form's text fields, or InvalidInputError naming every bad field."""
    name, email, phone = (str(form.get(k, "")).strip() for k in ("name", "email", "phone"))
    hours = _number(form.get("hours_per_week", ""))
    experience = _whole(form.get("support_experience", ""))
    issues = check(name, email, phone, hours, experience)
    if issues:
        count = len(issues)
        what = "is nog 1 punt" if count == 1 else f"zijn nog {count} punten"
        reasons = " ".join(f"{i.column.capitalize()}: {i.reason}" for i in issues if i.column)
        raise InvalidInputError(
            f"Bij deze praktijkopleider {what} om aan te passen. {reasons} Er is niets opgeslagen.",
            issues=issues,
        )
    assert hours is not None  # checked above
    assert experience is not None
    return Praktijkopleider(company_id, name, email, phone, hours, SupportExperience(experience))


def _number(text: object) -> float | None:
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value else None  # NaN is no number


def _whole(text: object) -> int | None:
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def add(engine: Engine, grant: Grant, form: Mapping[str, str]) -> Praktijkopleider:
    """Add a praktijkopleider to the requester's own company."""
    company_id = _own_company(grant)
    person = _parse(form, company_id)
    with session_scope(engine) as session:
        conn = session.connection()
        if len(store.of_company(conn, company_id)) >= MAX_PEOPLE:
            raise InvalidInputError(
                f"Jullie hebben al {MAX_PEOPLE} praktijkopleiders. Haal eerst iemand weg."
            )
        person_id = store.add(conn, person)
    return replace(person, person_id=person_id)


def edit(engine: Engine, grant: Grant, person_id: int, form: Mapping[str, str]) -> None:
    """Change one of the requester's own company's praktijkopleiders."""
    company_id = _own_company(grant)
    person = _parse(form, company_id)
    with session_scope(engine) as session:
        if not store.change(session.connection(), person_id, person):
            raise NotFoundError(NOT_FOUND)


def remove(engine: Engine, grant: Grant, person_id: int) -> None:
    """Remove one of the requester's own company's praktijkopleiders."""
    company_id = _own_company(grant)
    with session_scope(engine) as session:
        if not store.remove(session.connection(), person_id, company_id):
            raise NotFoundError(NOT_FOUND)
