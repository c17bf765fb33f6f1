"""The endpoint policy: one entry per route, deny by default, decisions follow the table."""

from __future__ import annotations

from api.endpoint_policy import ENDPOINT_POLICY, PLANNED_POLICY, rule_for
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Access, Category, Purpose, Role


def _person(*roles: Role, **links: object) -> Principal:
    return Principal(1, "x@example.org", "X", frozenset(roles), **links)  # type: ignore[arg-type]


def test_mounted_and_planned_routes_do_not_overlap_and_name_a_purpose() -> None:
    assert not set(ENDPOINT_POLICY) & set(PLANNED_POLICY)
    for key, rule in {**ENDPOINT_POLICY, **PLANNED_POLICY}.items():
        method, path = key.split(" ", 1)
        assert method in {"GET", "POST", "PATCH", "PUT", "DELETE"}
        assert path.startswith("/")
        assert rule.public or rule.purposes, key


def test_a_route_without_entry_has_no_rule() -> None:
    assert rule_for("GET", "/nieuw/endpoint") is None
    assert (
        rule_for("get", "/students/{student_id}") is ENDPOINT_POLICY["GET /students/{student_id}"]
    )


def test_student_reads_own_profile_but_not_a_list_or_another_student() -> None:
    me = _person(Role.STUDENT, student_id="s1")
    rule = ENDPOINT_POLICY["GET /students/{student_id}"]
    own = rule.decide(me.roles, me.relations_to_student("s1"))
    assert own.access is Access.FULL
    assert own.purpose is Purpose.OWN_DATA
    assert not rule.decide(me.roles, me.relations_to_student("s2")).allowed
    assert not ENDPOINT_POLICY["GET /students"].decide(me.roles, me.base_relations()).allowed


def test_company_never_reads_full_student_records() -> None:
    company = _person(Role.COMPANY, company_id="c1")
    relations = company.relations_to_student("s1", proposed_to_own_company=True)
    for key, rule in ENDPOINT_POLICY.items():
        if rule.category is Category.FUNCTIONAL_NEEDS and "student_id" in key:
            assert not rule.decide(company.roles, relations).allowed, key
    candidates = ENDPOINT_POLICY["GET /companies/{company_id}/candidates"]
    assert candidates.decide(company.roles, company.relations_to_company("c1")).access is (
        Access.CONSENT
    )
    assert not candidates.decide(company.roles, company.relations_to_company("c2")).allowed


def test_jobcoach_reads_caseload_only_and_cannot_publish() -> None:
    coach = _person(Role.JOBCOACH, institution="roc", caseload=frozenset({"s1"}))
    rule = ENDPOINT_POLICY["GET /students/{student_id}"]
    assert rule.decide(coach.roles, coach.relations_to_student("s1")).allowed
    assert not rule.decide(coach.roles, coach.relations_to_student("s9")).allowed
    publish = ENDPOINT_POLICY["POST /rounds/{round_id}/publish"]
    assert not publish.decide(coach.roles, coach.base_relations()).allowed
    bureau = _person(Role.BUREAU, institution="roc")
    assert publish.decide(bureau.roles, bureau.base_relations()).allowed


def test_admin_manages_accounts_but_reads_no_students() -> None:
    admin = _person(Role.ADMIN)
    assert ENDPOINT_POLICY["POST /accounts"].decide(admin.roles, admin.base_relations()).allowed
    for key in ("GET /students", "GET /rounds/{round_id}/proposals", "POST /imports"):
        assert not ENDPOINT_POLICY[key].decide(admin.roles, admin.base_relations()).allowed
