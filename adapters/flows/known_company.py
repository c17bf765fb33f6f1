"""A company the student knows themself (eigen netwerk, H:1305): suggestion, check, wish.

The student names it on their profile (saved with the rest of the profile, all or nothing:
``adapters.flows.student_profile.save_mine``). The BPV-bureau, and only the bureau, sees the
list and decides: erkend and linked to a recognised company in the list (an existing one, or a
new one made through the ordinary company-creation path), or niet erkend with a reason the
student reads. Once linked, the company's live places are the student's own wish
(``adapters.flows.favourites.with_favourites``). No company page or card reads this table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from adapters.db import known_company_queries as store
from adapters.db.known_company_models import KnownCompanyRow
from adapters.db.profile_queries import COMPANIES
from adapters.flows import profiles
from adapters.geography import Geocoder
from adapters.privacy import audit
from adapters.privacy.audit import Actor
from matcher.errors import InvalidInputError, PermissionDeniedError
from matcher.known_company import (
    Choice,
    Decision,
    KnownCompany,
    Status,
    likely_matches,
    parse_decision,
    status_text,
)
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Action, Category, Purpose, Role

BOARD_LIMIT = 300
CHANGED = (
    "De student heeft dit bedrijf net veranderd, of er is al over besloten. Er is niets "
    "opgeslagen. Bekijk de lijst opnieuw."
)


@dataclass(frozen=True, slots=True)
class Named:
    """One student's suggestion and where the check stands."""

    suggestion_id: int
    student_id: str
    company: KnownCompany
    status: Status
    company_id: str | None
    reason: str
    revision: int
    decided_by: str | None

    @property
    def status_text(self) -> str:
        """What the student reads (B1)."""
        return status_text(self.status, self.reason)

    @property
    def record(self) -> str:
        """The decision as the bureau's list shows it."""
        return Decision(self.status, self.company_id, self.reason).record


@dataclass(frozen=True, slots=True)
class BoardItem:
    """A line on the bureau's list: the suggestion, the student's name, likely companies."""

    named: Named
    student_name: str
    matches: tuple[tuple[str, str], ...]  # (company id, name) that look like the named company


def _named(row: KnownCompanyRow) -> Named:
    return Named(
        suggestion_id=int(row.id or 0),
        student_id=row.student_id,
        company=KnownCompany(row.name, row.town, row.contact, row.why),
        status=Status(row.status),
        company_id=row.company_id,
        reason=row.reason,
        revision=row.revision,
        decided_by=row.decided_by,
    )


def of_student(session: Session, student_id: str) -> Named | None:
    """One student's suggestion (callers check access first: the student, or their staff)."""
    row = store.of_student(session, student_id)
    return None if row is None else _named(row)


def mine(session: Session, principal: Principal) -> Named | None:
    """The logged-in student's own suggestion."""
    if principal.student_id is None:
        raise PermissionDeniedError("Alleen de student zelf noemt een bedrijf dat hij of zij kent.")
    return of_student(session, principal.student_id)


def store_for(session: Session, student_id: str, company: KnownCompany | None) -> None:
    """Store what the student wrote (already parsed); nothing written means no suggestion.

    The same company (name and town) keeps the bureau's decision; another one starts a new
    check. Flushes only: the caller commits with the rest of the profile."""
    if company is None:
        store.remove(session, student_id)
        return
    before = store.of_student(session, student_id)
    same = before is not None and company.same_company(KnownCompany(before.name, before.town))
    values = {"name": company.name, "town": company.town, "contact": company.contact,
              "why": company.why}  # fmt: skip
    store.save(session, student_id, values, same_company=same)


def _bureau(principal: Principal) -> None:
    if Role.BUREAU not in principal.roles:
        raise PermissionDeniedError("Alleen het BPV-bureau bekijkt de bedrijven van studenten.")


def board(session: Session, principal: Principal) -> list[BoardItem]:
    """The bureau's list: open suggestions first, each with companies that look like it."""
    _bureau(principal)
    companies = store.companies(session.connection())
    names = {cid: name for cid, (name, _) in companies.items()}
    out = []
    for row, student_name in store.listed(session, limit=BOARD_LIMIT):
        named = _named(row)
        found = likely_matches(named.company, names) if named.status is Status.OPEN else ()
        out.append(BoardItem(named, student_name or named.student_id,
                             tuple((cid, names[cid]) for cid in found)))  # fmt: skip
    return out


def count_open(session: Session, principal: Principal) -> int:
    """How many suggestions wait for the bureau (0 for anyone else)."""
    if Role.BUREAU not in principal.roles:
        return 0
    return store.count_open(session.connection())


def _one(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name, "")
    return (value if isinstance(value, str) else (str(value[0]) if value else "")).strip()


def _new_company(row: KnownCompanyRow, form: Mapping[str, Any]) -> dict[str, Any]:
    """The new company as one row of companies.csv: the student's name for it, recognised."""
    body: dict[str, Any] = {
        "company_id": _one(form, "nieuw_bedrijf"),
        "name": row.name,
        "postcode": _one(form, "postcode"),
        "guidance_hours_per_week": _one(form, "begeleiding_uren").replace(",", "."),
        "sbb_recognized": True,
    }
    if not body["company_id"]:
        raise InvalidInputError(
            "Vul een bedrijfscode in voor het nieuwe bedrijf, bijvoorbeeld c-bakkerij-jansen.",
            field="bedrijfscode",
        )
    sector = _one(form, "branche")
    if sector:
        body["sector"] = sector
    return body


def decide(
    session: Session,
    engine: Engine,
    principal: Principal,
    suggestion_id: int,
    form: Mapping[str, Any],
    *,
    geocoder: Geocoder,
) -> Named:
    """Record the bureau's decision on one open suggestion; nothing changes on an error.

    For a new company, the company is made first through ``profiles.create_profile`` (checked
    like a row of companies.csv, in its own transaction), then the decision is recorded. Flushes
    only; the caller commits."""
    _bureau(principal)
    row = store.by_id(session, suggestion_id)
    if row is None:
        raise InvalidInputError("Deze suggestie is er niet meer. Bekijk de lijst opnieuw.")
    revision = _revision(form)
    if row.status != Status.OPEN.value or row.revision != revision:
        raise InvalidInputError(CHANGED)
    known = {cid: ok for cid, (_, ok) in store.companies(session.connection()).items()}
    new_id = ""
    if _one(form, "besluit") == Choice.NEW.value:
        body = _new_company(row, form)
        if body["company_id"] in known:
            raise InvalidInputError(
                f"Bedrijfscode '{body['company_id'][:40]}' is al in gebruik. Kies 'koppelen' of "
                "een andere code.",
                field="bedrijfscode",
            )
        created = profiles.create_profile(
            engine, COMPANIES, body, geocoder=geocoder, actor=principal
        )
        new_id = str(created.company_id)
        known[new_id] = created.sbb_recognized
    decision = parse_decision(form, known, new_company_id=new_id)
    done = store.decide(
        session,
        suggestion_id,
        revision,
        status=decision.status.value,
        company_id=decision.company_id,
        reason=decision.reason,
        by=principal.label,
    )
    if not done:
        raise InvalidInputError(CHANGED)
    audit.record(
        session,
        actor=Actor.of(principal),
        action=Action.WRITE,
        role=Role.BUREAU,
        purpose=Purpose.MATCHING,
        student_id=row.student_id,
        categories=(Category.PROFILE,),
        fields=("eigen_netwerk",),
        motivation=decision.record,
    )
    updated = store.by_id(session, suggestion_id)
    assert updated is not None
    session.refresh(updated)
    return _named(updated)


def _revision(form: Mapping[str, Any]) -> int:
    text = _one(form, "versie")
    if not text.isdigit():
        raise InvalidInputError(CHANGED)
    return int(text)


def wished_places(conn: Connection, student_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Per student whose named company was added: its live places (the student's wish)."""
    return store.wished_places(conn, student_ids)
