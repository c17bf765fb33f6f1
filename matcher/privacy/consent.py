"""Consent rules (pure): who may grant what, and when parents may be contacted (domain.md R4).

Consent is per purpose and per recipient, actively given, and revocable. From 18 the student
decides alone: only the student can grant, and parents are contacted only with the student's
consent. Under 18 a parent may co-grant (the POK appendix) and parents may be contacted.
"""

from __future__ import annotations

from enum import StrEnum

from matcher.errors import RuleViolationError

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
