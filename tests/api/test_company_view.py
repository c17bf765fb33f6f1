"""What companies see of 300 demo students proposed to them: needs only, and only with consent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.demo_data import load_towns
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from adapters.settings import Settings
from api.main import create_app
from matcher.demo.population import generate_population
from matcher.domain import Company, Place
from matcher.privacy.consent import Method
from matcher.privacy.fields import HEALTH_WORDS, SPECIAL_FIELDS, card_leaks
from matcher.privacy.vocabulary import Purpose
from tests.api.auth_helpers import bearer, make_token

N_STUDENTS = 300
START = date(2026, 9, 1)
# The company's own fields (e.g. the guidance hours it offers) are its data, not a student's.
OWN_FIELDS = {f.name for f in fields(Company)} | {f.name for f in fields(Place)}
# What a reviewer's explanation may say: companies must never get to read it.
EXPLANATION = "Prikkelarme werkplek en extra pauzes nodig; energie 3 lepels per dag."


@dataclass
class CompanyWorld:
    """The app, the round, per company its proposed students, and tokens."""

    client: TestClient
    round_id: int
    proposed: dict[str, list[str]]
    consented: set[str]
    companies: dict[str, str]  # company_id -> token


def _propose(client: TestClient) -> tuple[int, dict[str, list[str]]]:
    """Store 300 demo students and a published round proposing every student to a place; a
    reviewer approved all but every tenth proposal (those stay open: the company never hears of
    them). Returns per company the students it may see."""
    population = generate_population(n_students=N_STUDENTS, seed=7, towns=load_towns(), on=START)
    now = datetime.now(UTC)
    proposed: dict[str, list[str]] = defaultdict(list)
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        save_population(session, population)
        row = MatchRoundRow(
            name="Najaar",
            status="published",
            bpv_start=START,
            current_run=1,
            created_by="test",
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        places = population.places
        for i, student in enumerate(population.students):
            place = places[i % len(places)]
            session.add(
                ProposalRow(
                    round_id=row.id,
                    run=1,
                    student_id=student.student_id,
                    place_id=place.place_id,
                    company_id=place.company_id,
                    score=0.7,
                    status="proposed",
                    decision="open" if i % 10 == 0 else "accepted",
                    explanation=EXPLANATION,
                    terms={"spoons": 0.5},
                )
            )
            if i % 10:
                proposed[str(place.company_id)].append(str(student.student_id))
        return row.id, dict(proposed)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CompanyWorld]:
    """Half of the students consented to their company; every company has an account.

    Shared by the tests of this module: each test uses its own company or student.
    """
    folder = tmp_path_factory.mktemp("company_view")
    settings = Settings(database_url=f"sqlite:///{folder / 'api.db'}", broker_url=None)
    with TestClient(create_app(settings)) as client:
        round_id, proposed = _propose(client)
        consented = set()
        with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
            for company_id, students in proposed.items():
                for sid in students[::2]:
                    consent.give(
                        session,
                        student_id=sid,
                        purpose=Purpose.MATCHING,
                        recipient=company_id,
                        text_version="v1",
                        shown_text="Mag dit bedrijf je wensen zien?",
                        recorded_by=Actor("test"),
                        method=Method.WRITTEN,
                        actively_given=True,
                    )
                    consented.add(sid)
        companies = {cid: make_token(client, "company", company_id=cid) for cid in proposed}
        yield CompanyWorld(client, round_id, proposed, consented, companies)


def _keys(value: Any) -> set[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _health_words(value: Any) -> list[str]:
    text = str(value).lower()
    return [w for w in HEALTH_WORDS if w in text]


def _candidates(world: CompanyWorld, company_id: str) -> list[dict[str, Any]]:
    headers = bearer(world.companies[company_id])
    response = world.client.get(f"/companies/{company_id}/candidates", headers=headers)
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = response.json()
    return cards


def test_no_company_response_shows_special_fields_or_health_words(world: CompanyWorld) -> None:
    seen = 0
    for company_id, token in world.companies.items():
        headers = bearer(token)
        cards = _candidates(world, company_id)
        seen += len(cards)
        assert len(cards) == len(world.proposed[company_id])
        for card in cards:
            assert card_leaks(card) == [], card
            if card["shared"]:
                assert card["student_id"] in world.consented
            else:
                assert {"name", "needs", "student_id"}.isdisjoint(card)
        proposals = world.client.get(
            f"/rounds/{world.round_id}/proposals", params={"limit": 500}, headers=headers
        ).json()
        assert {p["company_id"] for p in proposals["items"]} == {company_id}
        assert _health_words(proposals) == []
        for url in ("/companies", "/places", f"/companies/{company_id}"):
            body = world.client.get(url, headers=headers).json()
            assert _keys(body) & (SPECIAL_FIELDS - OWN_FIELDS) == set(), url
        assert _keys(cards) & SPECIAL_FIELDS == set()
    assert seen == N_STUDENTS - N_STUDENTS // 10  # open proposals stay with the bureau


def test_consented_cards_carry_needs_and_are_logged_as_shares(world: CompanyWorld) -> None:
    company_id = next(c for c, s in world.proposed.items() if s[0] in world.consented)
    sid = world.proposed[company_id][0]
    card = next(c for c in _candidates(world, company_id) if c.get("student_id") == sid)
    assert card["shared"] is True
    assert isinstance(card["needs"], list)
    student = make_token(world.client, "student", student_id=sid)
    events = world.client.get(f"/students/{sid}/audit", headers=bearer(student)).json()
    shares = [e for e in events if e["action"] == "share"]
    assert shares
    assert shares[-1]["recipient"] == company_id
    assert shares[-1]["motivation"] == (
        f"voorstel ronde {world.round_id}, delen: strengths, conditions, needs"
    )
    assert "deel:strengths" in shares[-1]["fields"]


def test_revoking_consent_works_on_the_next_request_and_is_logged(world: CompanyWorld) -> None:
    company_id = [c for c, s in world.proposed.items() if s[0] in world.consented][-1]
    sid = world.proposed[company_id][0]
    student = bearer(make_token(world.client, "student", student_id=sid))
    revoked = world.client.delete(
        f"/students/{sid}/consents",
        params={"recipient": company_id, "reason": "ik wil het niet meer"},
        headers=student,
    )
    assert revoked.status_code == 200
    assert revoked.json()["revoked"] == 3  # every part: no part named
    cards = _candidates(world, company_id)
    assert all(c.get("student_id") != sid for c in cards)  # nothing identifies the student
    assert len(cards) == len(world.proposed[company_id])  # still proposed: matching goes on
    events = world.client.get(f"/students/{sid}/audit", headers=student).json()
    assert events[-1]["action"] == "consent_revoked"
    assert events[-1]["recipient"] == company_id
    consents = world.client.get(f"/students/{sid}/consents", headers=student).json()
    assert consents["consents"][0]["withdrawn_at"] is not None


def test_consent_must_be_ticked_and_name_the_shown_text(world: CompanyWorld) -> None:
    company_id, students = next(iter(world.proposed.items()))
    sid = next(s for s in students if s not in world.consented)
    student = bearer(make_token(world.client, "student", student_id=sid))
    url = f"/students/{sid}/consents"
    base = {"recipient": company_id, "text_version": "v1", "shown_text": "Mag dit bedrijf ..."}
    assert world.client.post(url, json=base, headers=student).status_code == 422
    refused = world.client.post(url, json={**base, "given": False}, headers=student)
    assert refused.status_code == 409
    given = world.client.post(url, json={**base, "given": True}, headers=student)
    assert given.status_code == 201, given.text
    assert given.json()["method"] == "digital"
    world.consented.add(sid)
    card = next(c for c in _candidates(world, company_id) if c.get("student_id") == sid)
    assert card["shared"] is True


def test_a_company_sees_nothing_of_a_round_that_is_not_published(world: CompanyWorld) -> None:
    company_id, students = next(iter(world.proposed.items()))
    now = datetime.now(UTC)
    with session_scope(world.client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = MatchRoundRow(
            name="Voorjaar",
            status="in_review",
            bpv_start=START,
            current_run=1,
            created_by="test",
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        session.add(
            ProposalRow(
                round_id=row.id,
                run=1,
                student_id=students[0],
                place_id="x",
                company_id=company_id,
                score=0.9,
                status="proposed",
                decision="accepted",
            )
        )
        round_id = row.id
    headers = bearer(world.companies[company_id])
    page = world.client.get(f"/rounds/{round_id}/proposals", headers=headers).json()
    assert (page["total"], page["items"]) == (0, [])
    published = world.client.get(f"/rounds/{world.round_id}/proposals", headers=headers).json()
    assert published["total"] == len(students)
    assert {p["decision"] for p in published["items"]} == {"accepted"}
    # where and that, nothing derived from the student: no travel time from their home (the
    # red-team pass saw 9.01 and 17.64 minutes without consent), no score, no texts
    for item in published["items"]:
        assert item["travel_minutes"] is None
        assert item["score"] is None
        assert (item["explanation"], item["unplaced_reason"], item["comment"]) == ("", "", "")
