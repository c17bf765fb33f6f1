"""Consent rules (pure): who may grant what, and when parents may be contacted (domain.md R4).

Consent is per purpose and per recipient, actively given, and revocable. From 18 the student
decides alone: only the student can grant, and parents are contacted only with the student's
consent. Under 18 a parent may co-grant (the POK appendix) and parents may be contacted.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from matcher.errors import InvalidInputError, RuleViolationError

ADULT_AGE = 18
PARENTS = "parents"  # the recipient for contact with parents or carers


class Grantor(StrEnum):
    """Who gave the consent."""

    STUDENT = "student"
    PARENT = "parent"


class Method(StrEnum):
    """How the consent was given (recorded with who recorded it)."""

    DIGITAL = "digital"
    WRITTEN = "written"
    ORAL = "oral"


def check_grant(*, grantor: Grantor, age: int, actively_given: bool) -> None:
    """Refuse consent that is not actively given, or given by a parent for an adult student."""
    if not actively_given:
        raise RuleViolationError(
            "Toestemming moet je zelf aanvinken. Een vakje dat al aan staat telt niet."
        )
    if grantor is Grantor.PARENT and age >= ADULT_AGE:
        raise RuleViolationError(
            "Deze student is 18 jaar of ouder. Alleen de student zelf kan toestemming geven.",
            age=age,
        )


def parent_contact_needs_consent(age: int) -> bool:
    """From 18, contact with parents needs the student's own consent."""
    return age >= ADULT_AGE


def may_contact_parents(*, age: int, student_consented: bool) -> bool:
    """Whether the school may contact the parents of a student of ``age``."""
    return student_consented or not parent_contact_needs_consent(age)


def still_valid(*, grantor: Grantor, age: int) -> bool:
    """Whether consent by ``grantor`` still counts now the student is ``age``.

    A parent's consent given for a minor lapses on the 18th birthday: from then on the student
    decides alone (domain.md R4, re-evaluated automatically).
    """
    return grantor is Grantor.STUDENT or age < ADULT_AGE


class ConsentPart(StrEnum):
    """One part of the company card a student shares per company (issue 21 item 4)."""

    STRENGTHS = "strengths"  # Wie ik ben en wat ik wil: Ik ben / Ik kan / Ik wil leren, interests
    CONDITIONS = "conditions"  # Mijn werktijden: days, hours per day, breaks, flexible hours
    NEEDS = "needs"  # Wat mij helpt: the support-needs sentences and what to arrange


PART_ORDER: tuple[ConsentPart, ...] = tuple(ConsentPart)  # the card's order: strengths first
ALL_PARTS: frozenset[ConsentPart] = frozenset(ConsentPart)
# What a consent recorded before parts existed (migration 0017) covers: the old consent text
# was about needs only ("ziet wat ik nodig heb"), and the old card showed needs, breaks and
# flexible hours; the strengths part is new content that needs its own tick.
LEGACY_PARTS: tuple[ConsentPart, ...] = (ConsentPart.CONDITIONS, ConsentPart.NEEDS)
PART_TITLES: dict[ConsentPart, str] = {
    ConsentPart.STRENGTHS: "Wie ik ben en wat ik wil",
    ConsentPart.CONDITIONS: "Mijn werktijden",
    ConsentPart.NEEDS: "Wat mij helpt",
}
PART_TEXT_VERSION = "web-2"


def part_text(part: ConsentPart, company_name: str) -> str:
    """The exact sentence the student agrees to for one part (stored with the consent)."""
    what = {
        ConsentPart.STRENGTHS: "ziet wie ik ben, wat ik kan en wat ik wil leren, in mijn eigen "
        "woorden, en wat ik graag doe",
        ConsentPart.CONDITIONS: "ziet op welke dagen ik kan werken, hoe lang per dag, en of ik "
        "extra pauzes of werktijden die kunnen meebewegen nodig heb",
        ConsentPart.NEEDS: "ziet wat ik nodig heb om goed te kunnen werken en wat zij voor de "
        "start moeten regelen. Ze zien niet waarom ik dat nodig heb",
    }[part]
    return f"Ik vind het goed dat {company_name} {what}."


def parse_part(value: str) -> ConsentPart:
    """One part from a form or query value; a Dutch message naming the choices otherwise."""
    try:
        return ConsentPart(value)
    except ValueError:
        choices = [f"{p.value} ({PART_TITLES[p]})" for p in PART_ORDER]
        raise InvalidInputError(
            f"'{value[:40]}' is geen deel van je kaart. Kies uit "
            + ", ".join(choices[:-1])
            + f" of {choices[-1]}. Er is niets veranderd.",
            field="deel",
        ) from None


def parse_parts(values: Iterable[str]) -> frozenset[ConsentPart]:
    """Several parts; the first unknown one is named in the message."""
    return frozenset(parse_part(v) for v in values if v)
