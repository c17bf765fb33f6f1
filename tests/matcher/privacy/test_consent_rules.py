"""Consent rules: active, and from 18 the student decides alone (also about parents)."""

from __future__ import annotations

import pytest

from matcher.errors import RuleViolationError
from matcher.privacy.consent import (
    Grantor,
    check_grant,
    may_contact_parents,
    still_valid,
)


def test_consent_must_be_actively_given() -> None:
    with pytest.raises(RuleViolationError, match="zelf aanvinken"):
        check_grant(grantor=Grantor.STUDENT, age=20, actively_given=False)


def test_parent_cannot_grant_for_an_adult_but_can_for_a_minor() -> None:
    with pytest.raises(RuleViolationError, match="18 jaar"):
        check_grant(grantor=Grantor.PARENT, age=18, actively_given=True)
    check_grant(grantor=Grantor.PARENT, age=17, actively_given=True)


def test_parent_consent_lapses_at_18() -> None:
    assert still_valid(grantor=Grantor.PARENT, age=17)
    assert not still_valid(grantor=Grantor.PARENT, age=18)
    assert still_valid(grantor=Grantor.STUDENT, age=18)


def test_parents_of_adults_only_with_the_students_consent() -> None:
    assert may_contact_parents(age=16, student_consented=False)
    assert not may_contact_parents(age=18, student_consented=False)
    assert may_contact_parents(age=19, student_consented=True)
