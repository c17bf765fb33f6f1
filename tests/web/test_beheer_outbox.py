"""Beheer > Berichten: the outbox by account and kind (never a message's text), its states and
errors, and "Opnieuw proberen", which changes only an unsent message; bad input changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters import clock
from adapters.auth.accounts import find_by_email
from adapters.auth.demo_accounts import DemoAccount
from adapters.db import outbox_queries as q
from adapters.db.engine import session_scope
from adapters.db.outbox_models import OutboxMessageRow
from matcher.messages import Mail, MessageKind
from tests.web.a11y import problems
from tests.web.conftest import csrf_of, log_in

SECRET = "GEHEIME-TEKST-VAN-HET-BERICHT"


def _engine(client: TestClient) -> Any:
    return client.app.state.engine  # type: ignore[attr-defined]


def _seed(web: TestClient, accounts: dict[str, DemoAccount]) -> dict[str, int]:
    """Four messages: waiting (student), sent (bedrijf), retrying and refused (jobcoach)."""
    now = clock.now()
    ids: dict[str, int] = {}
    with session_scope(_engine(web)) as session:
        for state, who, kind in (
            ("waiting", "student", MessageKind.ROUND_PUBLISHED),
            ("sent", "bedrijf", MessageKind.ROUND_PUBLISHED),
            ("retrying", "jobcoach", MessageKind.EVALUATIE_NODIG),
            ("stopped", "jobcoach", MessageKind.EVALUATIE_TE_LAAT),
        ):
            row = find_by_email(session, accounts[who].email)
            assert row is not None
            to = q.AccountAddress(row.id, row.email, row.display_name)
            q.add(session, to=to, kind=kind, mail=Mail(f"{SECRET} {state}", SECRET), now=now)
            session.flush()
            message = q.messages_for(session)[-1]
            assert message.id is not None
            ids[state] = message.id
            if state == "sent":
                message.sent_at, message.attempts, message.next_attempt_at = now, 1, None
            if state == "retrying":
                message.attempts, message.last_error = 2, "ConnectionRefusedError: geen server"
                message.next_attempt_at = now + timedelta(minutes=2)
            if state == "stopped":
                message.attempts, message.next_attempt_at = 1, None
                message.last_error = "ontvanger geweigerd: 550 Onbekende ontvanger"
            session.add(message)
    return ids


def _row(web: TestClient, message_id: int) -> OutboxMessageRow:
    with Session(_engine(web)) as session:
        row = session.get(OutboxMessageRow, message_id)
        assert row is not None
        session.expunge(row)
        return row


def _fields(web: TestClient, message_id: int) -> tuple[Any, ...]:
    row = _row(web, message_id)
    return (row.attempts, row.next_attempt_at, row.sent_at, row.lease_token, row.last_error)


def _state(html: str, message_id: int) -> str:
    found = re.search(rf'<tr id="bericht-{message_id}" data-staat="(\w+)">', html)
    assert found, f"message {message_id} is not on the page"
    return found.group(1)


def test_beheer_sees_every_message_by_account_and_kind_never_its_text(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    ids = _seed(web, accounts)
    assert log_in(web, accounts["beheer"]) == "/beheer"
    assert 'href="/beheer/berichten"' in web.get("/beheer").text
    page = web.get("/beheer/berichten")
    assert page.status_code == 200
    html = page.text
    assert {s: _state(html, i) for s, i in ids.items()} == {s: s for s in ids}
    assert SECRET not in html
    for who in ("student", "bedrijf", "jobcoach"):
        assert accounts[who].email in html
    assert "Ronde gepubliceerd" in html
    assert "Evaluatie te laat" in html
    assert "550 Onbekende ontvanger" in html
    assert "ConnectionRefusedError: geen server" in html
    assert "Verstuurd: 1" in html
    assert "Wachten op versturen: 2" in html
    assert "Geweigerd door de mailserver: 1" in html
    assert 'id="versturen-uit"' in html  # no SMTP_HOST in the test settings
    retry_forms = re.findall(r'name="message_id" value="(\d+)"', html)
    assert sorted(int(i) for i in retry_forms) == sorted(
        ids[s] for s in ("waiting", "retrying", "stopped")
    )  # a sent message has no retry button
    assert problems(html) == []


def test_retry_makes_a_refused_message_due_now(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    ids = _seed(web, accounts)
    csrf = csrf_of(web.get(log_in(web, accounts["beheer"])).text)
    answer = web.post(
        "/beheer/berichten/opnieuw",
        data={"csrf_token": csrf, "message_id": str(ids["stopped"])},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/beheer/berichten?gedaan=opnieuw"
    row = _row(web, ids["stopped"])
    assert row.next_attempt_at is not None
    assert row.next_attempt_at <= clock.now()
    assert row.sent_at is None
    shown = web.get(answer.headers["location"]).text
    assert "Het bericht wordt zo opnieuw verstuurd." in shown
    assert _state(shown, ids["stopped"]) == "retrying"  # due now, its last error still shown


def test_bad_retries_say_what_is_wrong_in_dutch_and_change_nothing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    ids = _seed(web, accounts)
    csrf = csrf_of(web.get(log_in(web, accounts["beheer"])).text)
    before = {i: _fields(web, i) for i in ids.values()}
    cases = (
        ("abc", 422, "&#39;abc&#39; is geen berichtnummer"),
        ("", 422, "is geen berichtnummer"),
        ("99999", 404, "Bericht 99999 bestaat niet"),
        (str(ids["sent"]), 409, f"Bericht {ids['sent']} is al verstuurd"),
    )
    for value, status, message in cases:
        answer = web.post(
            "/beheer/berichten/opnieuw", data={"csrf_token": csrf, "message_id": value}
        )
        assert answer.status_code == status, (value, answer.text)
        assert message in answer.text
        assert "Er is niets veranderd." in answer.text
        assert problems(answer.text) == []
    no_csrf = web.post("/beheer/berichten/opnieuw", data={"message_id": str(ids["stopped"])})
    assert no_csrf.status_code == 403
    assert {i: _fields(web, i) for i in ids.values()} == before


def test_every_kind_of_message_shows_with_its_dutch_label(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """The BPV messages (kennismaking, evaluation due and late, new place) next to the
    round's, each with its Dutch label and never its text."""
    with session_scope(_engine(web)) as session:
        row = find_by_email(session, accounts["jobcoach"].email)
        assert row is not None
        to = q.AccountAddress(row.id, row.email, row.display_name)
        for kind in MessageKind:
            q.add(session, to=to, kind=kind, mail=Mail(SECRET, SECRET), now=clock.now())
    assert log_in(web, accounts["beheer"]) == "/beheer"
    html = web.get("/beheer/berichten").text
    labels = re.findall(r"<td[^>]*>\s*([^<]+?)\s*</td>", html)
    for label in (
        "Ronde gepubliceerd", "Kennismaking gepland", "Evaluatie nodig", "Evaluatie te laat",
        "Nieuwe plek zoeken gestart",
    ):  # fmt: skip
        assert label in labels, label
    assert SECRET not in html
