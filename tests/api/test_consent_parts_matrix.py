"""What comes back per consent part: every combination of the three parts (8) × the company's
page (HTML) and the company's JSON API, asserting exactly which fields and texts a company gets;
another company, other roles and nobody get nothing more; revocation after publishing works on
the next request; an unknown part is refused in Dutch and changes nothing.

Joshua (s001) is approved at Garage De Eem (c01) in a published round and wrote his profile
before it was published; Rowina (s002) is approved at c02.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters.auth.accounts import create_account
from adapters.db import favourite_queries as store
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from adapters.settings import Settings
from api.main import create_app
from matcher.privacy.consent import ALL_PARTS, ConsentPart, Method
from matcher.privacy.fields import card_leaks
from matcher.privacy.vocabulary import Purpose, Role
from matcher.profile import Facts, Words
from tests.api.auth_helpers import bearer, make_token
from tests.factories import example_population
from tests.web.conftest import post_login
from tests.web.test_bpv_pages import publish

S, C, N = ConsentPart.STRENGTHS, ConsentPart.CONDITIONS, ConsentPart.NEEDS
COMBINATIONS = [frozenset(c) for r in range(4) for c in itertools.combinations((S, C, N), r)]
SID, COMPANY = "s001", "c01"
PASSWORD = "Lange-Zin-Voor-De-Test-42"
WORDS = Words(
    ik_ben=frozenset({"behulpzaam"}),
    ik_ben_tekst="Ik repareer graag fietsen.",
    ik_kan=frozenset({"netjes"}),
    ik_wil=frozenset({"vak"}),
    ik_heb_nodig_tekst="Alleen voor mijn jobcoach bedoeld.",
)
# What each part brings, as the company page and the JSON show it.
TEXTS: dict[ConsentPart | None, tuple[str, ...]] = {
    None: ("Joshua",),  # the name: with any part
    S: ("Ik repareer graag fietsen.", "Ik help graag anderen", "Netjes werken", "Een vak leren"),
    C: ("Kan werken op maandag en dinsdag.",),
    N: ("Werkt het best op een rustige werkplek.",),
}
NEVER = ("Alleen voor mijn jobcoach bedoeld.", "support_areas", "stimulus_sensitivity")
PART_KEYS = {S: {"strengths"}, C: {"conditions"}, N: {"needs", "arrange"}}


@dataclass
class World:
    """The app; a logged-in page client per person; API tokens per person."""

    app: Any
    api: TestClient
    pages: dict[str, TestClient]
    tokens: dict[str, str]


def _page_client(app: Any, email: str | None) -> TestClient:
    client = TestClient(app)
    if email is not None:
        done = post_login(client, email, PASSWORD, follow_redirects=False)
        assert done.status_code == 303, done.text
    return client


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder: Path = tmp_path_factory.mktemp("parts")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'parts.db'}", broker_url=None,
        session_cookie_secure=False,
    )  # fmt: skip
    app = create_app(settings)
    with TestClient(app) as api:
        engine = app.state.engine
        with session_scope(engine) as session:
            save_population(session, example_population())
        with session_scope(engine) as session:
            store.save_profile(session, SID, WORDS.as_json(), Facts().as_json())
        publish(engine)  # s001 at c01, s002 at c02: the cards are frozen now
        people = {
            "bedrijf": {"roles": [Role.COMPANY], "company_id": COMPANY},
            "ander-bedrijf": {"roles": [Role.COMPANY], "company_id": "c02"},
            "student": {"roles": [Role.STUDENT], "student_id": SID},
            "andere-student": {"roles": [Role.STUDENT], "student_id": "s002"},
            "jobcoach": {"roles": [Role.JOBCOACH], "caseload": [SID], "institution": "roc"},
            "bureau": {"roles": [Role.BUREAU], "institution": "roc"},
            "beheer": {"roles": [Role.ADMIN]},
        }
        with session_scope(engine) as session:
            for name, links in people.items():
                create_account(session, email=f"{name}@test.invalid", password=PASSWORD, **links)  # type: ignore[arg-type]
        pages = {name: _page_client(app, f"{name}@test.invalid") for name in people}
        pages["anoniem"] = _page_client(app, None)
        tokens = {
            "bedrijf": make_token(api, "company", company_id=COMPANY),
            "ander-bedrijf": make_token(api, "company", company_id="c02"),
            "student": make_token(api, "student", student_id=SID),
            "andere-student": make_token(api, "student", student_id="s002"),
            "jobcoach": make_token(api, "jobcoach", caseload=[SID]),
            "bureau": make_token(api, "bureau"),
            "beheer": make_token(api, "admin"),
        }
        yield World(app, api, pages, tokens)


def _share(world: World, parts: frozenset[ConsentPart]) -> None:
    """Exactly these parts for c01: revoke all, give these (as the student on their phone)."""
    with session_scope(world.app.state.engine) as session:
        consent.revoke(
            session, student_id=SID, purpose=Purpose.MATCHING, recipient=COMPANY,
            revoked_by=Actor("test"),
        )  # fmt: skip
        if parts:
            consent.give_parts(
                session, parts=parts, shown_text=lambda p: f"Deel {p.value}",
                student_id=SID, purpose=Purpose.MATCHING, recipient=COMPANY,
                text_version="web-2", recorded_by=Actor("test"), method=Method.DIGITAL,
                actively_given=True,
            )  # fmt: skip


def _expected(parts: frozenset[ConsentPart]) -> tuple[set[str], set[str]]:
    """(texts that must be there, texts that must not) for these parts."""
    shown: set[str] = set()
    hidden: set[str] = set(NEVER)
    for part, texts in TEXTS.items():
        visible = bool(parts) if part is None else part in parts
        (shown if visible else hidden).update(texts)
    return shown, hidden


def _card(world: World) -> dict[str, Any]:
    got = world.api.get(f"/companies/{COMPANY}/candidates", headers=bearer(world.tokens["bedrijf"]))
    assert got.status_code == 200, got.text
    [card] = [c for c in got.json() if c["place_id"] == "p001"]
    return dict(card)


@pytest.mark.parametrize("parts", COMBINATIONS, ids=lambda p: "+".join(sorted(p)) or "geen")
def test_each_combination_of_parts_returns_exactly_those_parts(
    world: World, parts: frozenset[ConsentPart]
) -> None:
    _share(world, parts)
    shown, hidden = _expected(parts)
    # the JSON API: exactly the keys of the shared parts
    card = _card(world)
    keys = {"place_id", "crebo", "niveau", "hours_per_week", "shared", "parts"}
    keys |= {"student_id", "name"} if parts else {"note"}
    for part in parts:
        keys |= PART_KEYS[part]
    assert set(card) - {"place_label", "round_id", "support"} == keys
    assert card["parts"] == [p.value for p in (S, C, N) if p in parts]
    assert card_leaks({k: v for k, v in card.items() if k != "support"}) == []
    text = str(card)
    assert {t for t in shown if t not in text} == set()
    assert {t for t in hidden if t in text} == set()
    needs_blocks = [b for b in card["support"] if "(UWV)" in b["title"]]
    if N not in parts:  # ontzorgen: never a block that follows from a need without that part
        assert needs_blocks == []
    # the company's page: the same texts
    html = world.pages["bedrijf"].get("/bedrijf").text
    assert {t for t in shown if t not in html} == set()
    assert {t for t in hidden if t in html} == set()
    assert ("Student (nog niet gedeeld)" in html) is not bool(parts)
    assert ("Wie ik ben en wat ik wil" in html) is (S in parts)
    assert ("Werktijden" in html) is (C in parts)
    assert ("Wat helpt om goed te werken" in html) is (N in parts)
    # nobody else gets anything of Joshua's card, whatever he shares with c01
    _nobody_else(world)


def _nobody_else(world: World) -> None:
    every = {t for texts in TEXTS.values() for t in texts} | set(NEVER)
    for who, client in world.pages.items():
        if who in ("bedrijf", "student"):
            continue
        for url in ("/bedrijf", "/student", "/jobcoach"):
            body = client.get(url).text
            found = {t for t in every - {"Joshua"} if t in body}
            assert found == set(), (who, url, found)
            if who in ("ander-bedrijf", "andere-student", "beheer", "anoniem"):
                assert "Joshua" not in body, (who, url)
    for who, token in world.tokens.items():
        got = world.api.get(f"/companies/{COMPANY}/candidates", headers=bearer(token))
        if who == "bureau":  # the bureau sees the company's view, not more (the next test)
            assert got.status_code == 200, (who, got.text)
            continue
        if who == "bedrijf":
            continue
        assert got.status_code in (401, 403), (who, got.status_code)
        assert "Joshua" not in got.text
    anonymous = world.api.get(f"/companies/{COMPANY}/candidates")
    assert anonymous.status_code == 401
    theirs = world.api.get(
        "/companies/c02/candidates", headers=bearer(world.tokens["ander-bedrijf"])
    )
    assert theirs.status_code == 200
    assert SID not in theirs.text
    assert "Joshua" not in theirs.text


def _strip_support(card: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in card.items() if k != "support"}


def test_the_bureau_sees_the_same_parts_as_the_company(world: World) -> None:
    _share(world, frozenset({S}))
    company = _card(world)
    got = world.api.get(f"/companies/{COMPANY}/candidates", headers=bearer(world.tokens["bureau"]))
    [card] = [c for c in got.json() if c["place_id"] == "p001"]
    assert _strip_support(card) == _strip_support(company)


def test_revoking_one_part_after_publishing_works_on_the_next_request(world: World) -> None:
    _share(world, ALL_PARTS)
    student = bearer(world.tokens["student"])
    assert "needs" in _card(world)
    revoked = world.api.delete(
        f"/students/{SID}/consents", params={"recipient": COMPANY, "part": "needs"},
        headers=student,
    )  # fmt: skip
    assert revoked.status_code == 200, revoked.text
    assert revoked.json() == {"revoked": 1}
    card = _card(world)
    assert card["parts"] == ["strengths", "conditions"]
    assert "needs" not in card
    assert "arrange" not in card
    assert "Werkt het best op een rustige werkplek." not in str(card)
    records = world.api.get(f"/students/{SID}/consents", headers=student).json()["consents"]
    active = [r["part"] for r in records if r["withdrawn_at"] is None]
    assert active == ["strengths", "conditions"]
    events = world.api.get(f"/students/{SID}/audit", headers=student).json()
    assert [e["fields"] for e in events if e["action"] == "consent_revoked"][-1] == ["deel:needs"]
    share = [e for e in events if e["action"] == "share"][-1]
    assert "deel:strengths" in share["fields"]
    assert "deel:needs" not in share["fields"]
    assert "delen: strengths, conditions" in share["motivation"]


def test_the_api_gives_one_part_or_every_part_and_returns_the_part(world: World) -> None:
    _share(world, frozenset())
    student = bearer(world.tokens["student"])
    url = f"/students/{SID}/consents"
    base = {"recipient": COMPANY, "text_version": "api-1", "shown_text": "Mag c01 dit zien?"}
    one = world.api.post(url, json={**base, "given": True, "part": "strengths"}, headers=student)
    assert one.status_code == 201, one.text
    assert one.json()["part"] == "strengths"
    assert [r["part"] for r in one.json()["records"]] == ["strengths"]
    assert _card(world)["parts"] == ["strengths"]
    every = world.api.post(url, json={**base, "given": True}, headers=student)  # no part: all
    assert every.status_code == 201
    assert [r["part"] for r in every.json()["records"]] == ["strengths", "conditions", "needs"]
    assert _card(world)["parts"] == ["strengths", "conditions", "needs"]


def _records(world: World) -> list[dict[str, Any]]:
    with Session(world.app.state.engine) as session:
        return consent.list_for_student(session, SID)


def test_an_unknown_part_is_refused_in_dutch_and_changes_nothing(world: World) -> None:
    _share(world, frozenset({S}))
    before = _records(world)
    student = bearer(world.tokens["student"])
    url = f"/students/{SID}/consents"
    base = {"recipient": COMPANY, "text_version": "api-1", "shown_text": "Mag c01 dit zien?"}
    bad = world.api.post(url, json={**base, "given": True, "part": "hobby"}, headers=student)
    assert bad.status_code == 422
    assert "'hobby' is geen deel van je kaart" in bad.json()["detail"]
    assert "strengths (Wie ik ben en wat ik wil)" in bad.json()["detail"]
    gone = world.api.delete(url, params={"recipient": COMPANY, "part": "hobby"}, headers=student)
    assert gone.status_code == 422
    parents = world.api.post(
        url, json={**base, "recipient": "parents", "purpose": "begeleiding", "given": True,
                   "part": "needs"}, headers=student,
    )  # fmt: skip
    assert parents.status_code == 422
    assert "alleen bij een bedrijf" in parents.json()["detail"]
    assert _records(world) == before
    assert _card(world)["parts"] == ["strengths"]
