"""A world for the attack tests on the student's own voice (issue 21): the contract example data,
one account per role (and a second of each where it matters), page clients logged in through the
login form and API tokens for the same accounts.

Joshua (s001) is in jobcoach's caseload, Rowina (s002) in jobcoach2's; Garage De Eem (c01) is
bedrijf's company, Zorgcentrum Het Baken (c02) ander-bedrijf's. ``publish`` approves s001 at c01
and s002 at c02 in a published round (the cards are frozen then).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from adapters.auth.accounts import create_account
from adapters.auth.sessions import create_token
from adapters.db import favourite_queries as store
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from adapters.settings import Settings
from api.main import create_app
from matcher.privacy.consent import ConsentPart, Method
from matcher.privacy.vocabulary import Purpose, Role
from tests.factories import example_population
from tests.web.conftest import csrf_of, post_login
from tests.web.test_bpv_pages import publish as publish_round

PASSWORD = "Lange-Zin-Voor-De-Aanval-42"
PEOPLE: dict[str, dict[str, Any]] = {
    "bureau": {"roles": [Role.BUREAU], "institution": "roc"},
    "jobcoach": {"roles": [Role.JOBCOACH], "caseload": ["s001"], "institution": "roc"},
    "jobcoach2": {"roles": [Role.JOBCOACH], "caseload": ["s002"], "institution": "roc"},
    "begeleider2": {"roles": [Role.BEGELEIDER], "caseload": ["s003"], "institution": "roc"},
    "student": {"roles": [Role.STUDENT], "student_id": "s001"},
    "andere-student": {"roles": [Role.STUDENT], "student_id": "s002"},
    "bedrijf": {"roles": [Role.COMPANY], "company_id": "c01"},
    "ander-bedrijf": {"roles": [Role.COMPANY], "company_id": "c02"},
    "beheer": {"roles": [Role.ADMIN]},
}
EVERYONE = (*PEOPLE, "anoniem")
HOMES = ("/student", "/student/profiel", "/jobcoach", "/bedrijf", "/bureau", "/beheer")


@dataclass
class World:
    """The app, its engine, an anonymous API client and per-person page clients and tokens."""

    app: Any
    api: TestClient
    ids: dict[str, int]
    _pages: dict[str, TestClient] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def engine(self) -> Any:
        return self.app.state.engine

    def page(self, who: str) -> TestClient:
        """A browser-like client logged in as ``who`` ("anoniem": logged in as nobody)."""
        if who not in self._pages:
            client = TestClient(self.app)
            if who != "anoniem":
                done = post_login(client, f"{who}@test.invalid", PASSWORD, follow_redirects=False)
                assert done.status_code == 303, done.text
            self._pages[who] = client
        return self._pages[who]

    def headers(self, who: str) -> dict[str, str]:
        """The bearer header of ``who`` (none for "anoniem")."""
        if who == "anoniem":
            return {}
        if who not in self._tokens:
            with session_scope(self.engine) as session:
                self._tokens[who] = create_token(session, self.ids[who], name="aanval")
        return {"Authorization": f"Bearer {self._tokens[who]}"}

    def csrf(self, who: str) -> str:
        """A CSRF token of ``who`` from the first page of theirs with a form ("" for nobody)."""
        client = self.page(who)
        for url in HOMES:
            html = client.get(url).text
            if 'name="csrf_token"' in html:
                return csrf_of(html)
        return ""

    def post(self, who: str, url: str, data: dict[str, Any], *, token: bool = True) -> Response:
        """A form post as ``who``, with their CSRF token unless ``token`` is false."""
        sent = {**data, "csrf_token": self.csrf(who)} if token else dict(data)
        return self.page(who).post(url, data=sent, follow_redirects=False)

    def session(self) -> Session:
        return Session(self.engine)


def make_world(folder: Path) -> World:
    """The example data and every account; nothing published yet."""
    settings = Settings(
        database_url=f"sqlite:///{folder / 'voice.db'}", broker_url=None,
        session_cookie_secure=False,
    )  # fmt: skip
    app = create_app(settings)
    api = TestClient(app)
    api.__enter__()
    with session_scope(app.state.engine) as session:
        save_population(session, example_population())
    ids = {}
    with session_scope(app.state.engine) as session:
        for name, links in PEOPLE.items():
            made = create_account(
                session, email=f"{name}@test.invalid", password=PASSWORD, display_name=name,
                **links,
            )  # fmt: skip
            ids[name] = made.account_id
    return World(app, api, ids)


def close_world(world: World) -> None:
    for client in world._pages.values():
        client.close()
    world.api.__exit__(None, None, None)


def publish(world: World) -> None:
    """s001 approved at c01 (p001), s002 at c02 (p002), in a published round."""
    publish_round(world.engine)


def save_words(world: World, student_id: str, words: Any, facts: Any) -> None:
    with session_scope(world.engine) as session:
        store.save_profile(session, student_id, words.as_json(), facts.as_json())


def share(world: World, student_id: str, company_id: str, parts: frozenset[ConsentPart]) -> None:
    """Exactly these parts for this company: revoke all, give these."""
    with session_scope(world.engine) as session:
        consent.revoke(
            session, student_id=student_id, purpose=Purpose.MATCHING, recipient=company_id,
            revoked_by=Actor("test"),
        )  # fmt: skip
        if parts:
            consent.give_parts(
                session, parts=parts, shown_text=lambda p: f"Deel {p.value}",
                student_id=student_id, purpose=Purpose.MATCHING, recipient=company_id,
                text_version="web-2", recorded_by=Actor("test"), method=Method.DIGITAL,
                actively_given=True,
            )  # fmt: skip


def profile_row(world: World, student_id: str) -> Any:
    with world.session() as session:
        row = store.profile_row(session, student_id)
        return None if row is None else (row.words, row.proposed, row.confirmed, row.confirmed_by)


def favourites_of(world: World, student_id: str) -> tuple[str, ...]:
    with world.engine.connect() as conn:
        return store.for_student(conn, student_id)


def consents_of(world: World, student_id: str) -> list[dict[str, Any]]:
    with world.session() as session:
        return consent.list_for_student(session, student_id)


def suggested(html: str) -> list[str]:
    """The place ids the student page offers to add as a favourite."""
    return re.findall(
        r'name="plek" value="([^"]+)">\s*<button type="submit" name="actie" value="toevoegen"',
        html,
    )
