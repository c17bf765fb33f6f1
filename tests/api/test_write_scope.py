"""Writes in scope (issue 15, finding 3): what each role may create and change, field by field.

A company changes only its own company and places, and only what it knows best; it never adds
companies or places, never moves a place to another company and never sets ``sbb_recognized``.
Every refusal is a Dutch 403 that names what is not allowed, and the database is unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from adapters.db.engine import session_scope
from adapters.db.repositories import COMPANY_TABLE, PLACE_TABLE, STUDENT_TABLE
from tests.api.auth_helpers import bearer, make_token
from tests.api.helpers import load_examples

NEW_COMPANY = {
    "company_id": "c10",
    "name": "Bakkerij De Korrel",
    "postcode": "3511",
    "guidance_hours_per_week": 4,
}
NEW_PLACE = {"place_id": "p900", "crebos": ["25180"], "capacity": 1}


def _rows(client: TestClient) -> list[tuple[Any, ...]]:
    """Every stored student, company and place row, bookkeeping included."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        return [
            tuple(row)
            for table in (STUDENT_TABLE, COMPANY_TABLE, PLACE_TABLE)
            for row in session.execute(select(table).order_by(table.c.id))
        ]


@pytest.fixture
def world(client: TestClient) -> TestClient:
    """The contract examples stored; ``client`` acts as the bureau."""
    load_examples(client)
    return client


def _as(client: TestClient, role: str, **links: Any) -> dict[str, str]:
    return bearer(make_token(client, role, **links))


def _refused(response: Any, *words: str) -> None:
    assert response.status_code == 403, response.text
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, detail
    assert "niets opgeslagen" in detail


COMPANY_REFUSALS = [
    ("POST", "/companies", NEW_COMPANY, ("nieuw bedrijf",)),
    ("POST", "/places", {**NEW_PLACE, "company_id": "c02"}, ("ander bedrijf",)),
    ("POST", "/places", {**NEW_PLACE, "company_id": "c01"}, ("nieuwe plek",)),
    ("PATCH", "/places/p001", {"company_id": "c02"}, ("ander bedrijf",)),
    ("PATCH", "/companies/c01", {"sbb_recognized": False}, ("sbb_recognized",)),
    ("PATCH", "/companies/c01", {"name": "Garage Nep"}, ("name",)),
    ("PATCH", "/companies/c01", {"postcode": "1011"}, ("plaats",)),
    ("PATCH", "/places/p001", {"crebos": ["25180", "25655"]}, ("crebos",)),
    ("PATCH", "/places/p001", {"capacity": 3, "niveau_max": 4}, ("niveau_max",)),
]


@pytest.mark.parametrize(("method", "url", "body", "words"), COMPANY_REFUSALS)
def test_a_company_write_out_of_scope_is_refused_and_changes_nothing(
    world: TestClient, method: str, url: str, body: dict[str, Any], words: tuple[str, ...]
) -> None:
    company = _as(world, "company", company_id="c01")
    before = _rows(world)
    _refused(world.request(method, url, json=body, headers=company), *words)
    assert _rows(world) == before


def test_a_company_changes_what_it_owns(world: TestClient) -> None:
    company = _as(world, "company", company_id="c01")
    changed = world.patch(
        "/companies/c01",
        json={
            "guidance_hours_per_week": 6.5,
            "wheelchair_access": "arrangeable",
            "social_openness": 3,
            "expertise_areas": ["taal"],
            "open_to_extra_support": True,
            "sbb_recognized": True,
        },
        headers=company,
    )  # sbb_recognized sent unchanged (as a client echoing the whole record) is no change
    assert changed.status_code == 200, changed.text
    stored = world.get("/companies/c01").json()
    assert stored["guidance_hours_per_week"] == 6.5
    assert stored["wheelchair_access"] == "arrangeable"
    assert stored["expertise_areas"] == ["taal"]
    assert stored["sbb_recognized"] is True
    place = world.patch(
        "/places/p001",
        json={
            "capacity": 3,
            "hours_min": 16,
            "work_days": ["ma", "di", "wo"],
            "company_id": "c01",
        },
        headers=company,
    )
    assert place.status_code == 200, place.text
    body = world.get("/places/p001").json()
    assert (body["capacity"], body["hours_min"], body["work_days"], body["company_id"]) == (
        3,
        16,
        ["ma", "di", "wo"],
        "c01",
    )


def test_only_the_bureau_sets_recognition_and_priority(world: TestClient) -> None:
    coach = _as(world, "jobcoach", caseload=["s001"])
    student = _as(world, "student", student_id="s001")
    before = _rows(world)
    _refused(
        world.patch("/companies/c02", json={"sbb_recognized": False}, headers=coach),
        "sbb_recognized",
    )
    _refused(world.post("/companies", json=NEW_COMPANY, headers=coach), "BPV-bureau")
    assert (
        world.patch("/students/s001", json={"priority": False}, headers=student).status_code == 403
    )
    assert _rows(world) == before
    assert world.patch("/companies/c02", json={"sbb_recognized": False}).status_code == 200
    assert world.get("/companies/c02").json()["sbb_recognized"] is False
    assert world.post("/companies", json=NEW_COMPANY).status_code == 201


@pytest.mark.parametrize(
    "change",
    [
        {"has_vog": True},
        {"birth_date": "2000-01-01"},
        {"crebo": "25180"},
        {"niveau": 4},
        {"leerweg": "bbl"},
        {"postcode": "3511"},
        {"hours_per_week": 40},
        {"guidance_hours_per_week": 0},
        {"name": "Josh"},
    ],
)
def test_a_student_changes_nothing_of_their_school_record(
    world: TestClient, change: dict[str, Any]
) -> None:
    """The red-team pass: a student set their own VOG, birth date and qualification, which the
    hard rules read. School keeps those facts; the student is told whom to ask."""
    student = _as(world, "student", student_id="s001")
    before = _rows(world)
    refused = world.patch("/students/s001", json=change, headers=student)
    assert refused.status_code == 403, refused.text
    assert "toegang" in refused.json()["detail"]
    assert _rows(world) == before
    assert world.patch("/students/s001", json=change).status_code == 200  # the bureau may


def test_the_flow_checks_the_scope_without_the_route(world: TestClient) -> None:
    """The flow itself checks the scope (the company page's form calls it directly)."""
    from adapters.db.profile_queries import COMPANIES
    from adapters.flows.profiles import update_profile
    from adapters.geography.postcodes import PostcodeTable
    from matcher.errors import PermissionDeniedError
    from matcher.privacy.principal import Principal
    from matcher.privacy.vocabulary import Role

    engine = world.app.state.engine  # type: ignore[attr-defined]
    actor = Principal(9, "b@test.invalid", "B", frozenset({Role.COMPANY}), company_id="c01")
    geocoder = PostcodeTable.from_package()
    other = world.get("/companies/c02").json()
    update_profile(engine, COMPANIES, "c01", {"social_openness": 2}, geocoder=geocoder, actor=actor)
    with pytest.raises(PermissionDeniedError):
        update_profile(
            engine, COMPANIES, "c02", {"social_openness": 2}, geocoder=geocoder, actor=actor
        )
    assert world.get("/companies/c01").json()["social_openness"] == 2
    assert world.get("/companies/c02").json() == other
