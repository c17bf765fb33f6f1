"""Praktijkopleiders as people, and the supervision budget they make up (pure).

A company names its praktijkopleiders on its own page: name, contact, begeleidingstijd per week
and experience with students who need extra support. When a company has them, the round sees
the sum of their hours as the company's ``guidance_hours_per_week`` (the contract's "total
begeleidingstijd its praktijkopleiders can give per week") and the most experienced one's level
as ``support_experience``: a student who needs extra support can be given to that person. A
company without them keeps the values of its import row or profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import IntEnum

from matcher.domain import Company
from matcher.errors import Issue
from matcher.nl import number
from matcher.text import name_problem, show_hidden

MAX_HOURS_PER_PERSON = 40.0  # a full working week; more is a typing error
MAX_NAME = 100
MAX_EMAIL = 254
MAX_PHONE = 30
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()-]+$")
FILE = "praktijkopleider"


class SupportExperience(IntEnum):
    """Experience with students who need extra support."""

    GEEN = 0
    ENIGE = 1
    VEEL = 2


@dataclass(frozen=True, slots=True)
class Praktijkopleider:
    """One praktijkopleider of a company (company data: the company and school staff see it)."""

    company_id: str
    name: str
    email: str
    phone: str
    hours_per_week: float
    support_experience: SupportExperience
    person_id: int | None = None


def check(
    name: str, email: str, phone: str, hours: float | None, experience: int | None
) -> list[Issue]:
    """Every problem with a praktijkopleider's fields, each naming the field (Dutch, B1)."""
    issues: list[Issue] = []

    def bad(column: str, reason: str, value: object = None) -> None:
        shown = None if value is None else str(value)
        issues.append(Issue(FILE, None, column, reason, shown))

    if not name.strip():
        bad("naam", "Vul de naam van de praktijkopleider in.")
    elif len(name.strip()) > MAX_NAME:
        bad("naam", f"De naam is te lang. Gebruik hoogstens {MAX_NAME} tekens.")
    elif (problem := name_problem(name)) is not None:
        bad("naam", f"De naam {problem}.", show_hidden(name))
    if not email.strip() and not phone.strip():
        bad(
            "e-mail",
            "Vul een e-mailadres of een telefoonnummer in. Dan kan school contact opnemen.",
        )
    mail = email.strip()
    if mail and (len(mail) > MAX_EMAIL or not _EMAIL.match(mail) or name_problem(mail)):
        reason = "Dit is geen goed e-mailadres. Schrijf het zo: naam@bedrijf.nl."
        bad("e-mail", reason, show_hidden(email))
    digits = sum(ch.isdigit() for ch in phone)
    phone_ok = len(phone.strip()) <= MAX_PHONE and _PHONE.match(phone.strip())
    if phone.strip() and (not phone_ok or not 10 <= digits <= 15):
        reason = "Dit is geen goed telefoonnummer. Schrijf het zo: 06 12345678."
        bad("telefoon", reason, show_hidden(phone))
    if hours is None or not 0 < hours <= MAX_HOURS_PER_PERSON:
        bad(
            "uren per week",
            "Vul in hoeveel uur per week deze praktijkopleider begeleidt: meer dan 0 en "
            f"hoogstens {MAX_HOURS_PER_PERSON:.0f}.",
            hours,
        )
    if experience is None or experience not in {e.value for e in SupportExperience}:
        bad("ervaring", "Kies hoeveel ervaring deze praktijkopleider heeft met extra steun.")
    return issues


@dataclass(frozen=True, slots=True)
class Budget:
    """What a company's praktijkopleiders give together: hours a week, the best experience."""

    hours_per_week: float
    support_experience: int


def budget_of(people: Iterable[Praktijkopleider]) -> Budget | None:
    """The people's budget (None without people)."""
    own = list(people)
    if not own:
        return None
    return Budget(sum(p.hours_per_week for p in own), max(int(p.support_experience) for p in own))


def with_budget(company: Company, budget: Budget | None) -> Company:
    """The company as a round sees it: with people, their hours and best experience."""
    if budget is None:
        return company
    return replace(
        company,
        guidance_hours_per_week=round(budget.hours_per_week, 2),
        support_experience=budget.support_experience,
    )


def with_praktijkopleiders(company: Company, people: Iterable[Praktijkopleider]) -> Company:
    """The company as a round sees it, from its praktijkopleiders (others' people are skipped)."""
    return with_budget(company, budget_of(p for p in people if p.company_id == company.company_id))


def budget_text(hours: float) -> str:
    """'6,5 uur per week' in Dutch number format."""
    return f"{number(hours)} uur per week"
