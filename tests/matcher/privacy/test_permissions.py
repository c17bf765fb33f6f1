"""The one permission table: complete, and the decisions the issue asks for."""

from __future__ import annotations

import pytest

from matcher.privacy.permissions import PERMISSIONS, SCOPE, TABLE, decide, decide_detail
from matcher.privacy.vocabulary import Access, Category, Purpose, Relation, Role

R = Relation


def test_every_role_category_and_purpose_has_an_entry() -> None:
    for role in Role:
        assert set(TABLE[role]) == set(Category), role
        for category in Category:
            assert (role, category) in SCOPE
            for purpose in Purpose:
                assert (role, category, purpose) in PERMISSIONS


def test_student_sees_only_themselves() -> None:
    for category in (Category.IDENTITY, Category.FUNCTIONAL_NEEDS, Category.PROPOSALS):
        assert decide([Role.STUDENT], category, Purpose.OWN_DATA, relation=R.SELF) is Access.FULL
        other = {R.ANY}
        assert decide([Role.STUDENT], category, Purpose.OWN_DATA, relation=other) is Access.NONE
    assert decide([Role.STUDENT], Category.COMPANY_DATA, Purpose.MATCHING, relation=R.SELF) is (
        Access.NONE
    )


def test_company_gets_only_the_consented_projection_of_proposed_students() -> None:
    needs = Category.FUNCTIONAL_NEEDS
    proposed = decide([Role.COMPANY], needs, Purpose.MATCHING, relation=R.OWN_COMPANY)
    assert proposed is Access.CONSENT
    assert decide([Role.COMPANY], needs, Purpose.MATCHING, relation=R.ANY) is Access.NONE
    assert decide([Role.COMPANY], needs, Purpose.STATISTICS, relation=R.OWN_COMPANY) is Access.NONE
    assert decide([Role.COMPANY], Category.AUDIT, Purpose.MATCHING, relation=R.OWN_COMPANY) is (
        Access.NONE
    )


@pytest.mark.parametrize("role", [Role.JOBCOACH, Role.BEGELEIDER])
def test_jobcoach_and_begeleider_only_their_caseload(role: Role) -> None:
    needs = Category.FUNCTIONAL_NEEDS
    assert decide([role], needs, Purpose.BEGELEIDING, relation=R.CASELOAD) is Access.FULL
    assert decide([role], needs, Purpose.BEGELEIDING, relation=R.INSTITUTION) is Access.NONE


def test_bureau_sees_its_institution_and_admin_no_student_data() -> None:
    needs = Category.FUNCTIONAL_NEEDS
    assert decide([Role.BUREAU], needs, Purpose.MATCHING, relation=R.INSTITUTION) is Access.FULL
    assert decide([Role.BUREAU], needs, Purpose.MATCHING, relation=R.ANY) is Access.NONE
    for category in (Category.IDENTITY, Category.FUNCTIONAL_NEEDS, Category.PROPOSALS):
        for purpose in Purpose:
            assert decide([Role.ADMIN], category, purpose, relation=set(Relation)) <= (
                Access.AGGREGATE
            )


def test_several_roles_take_the_best_and_say_which_role_was_used() -> None:
    detail = decide_detail(
        [Role.COMPANY, Role.JOBCOACH],
        Category.FUNCTIONAL_NEEDS,
        (Purpose.MATCHING,),
        relation={R.OWN_COMPANY, R.CASELOAD},
    )
    assert detail.access is Access.FULL
    assert detail.role is Role.JOBCOACH
    assert detail.purpose is Purpose.MATCHING


def test_the_purpose_limits_access() -> None:
    # matching data may not be used for statistics beyond aggregates
    stats = decide(
        [Role.BUREAU], Category.FUNCTIONAL_NEEDS, Purpose.STATISTICS, relation=R.INSTITUTION
    )
    assert stats is Access.AGGREGATE
