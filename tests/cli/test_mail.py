"""``matcher send-mail``: sends what is due to a real SMTP server on loopback, says in Dutch
when sending is off or the server is away, and keeps the messages for later."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

import cli.mail  # noqa: F401  (registers the command)
from adapters import clock
from adapters.db import outbox_queries as q
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.settings import get_settings
from cli import app
from matcher.messages import Mail, MessageKind
from tests.smtp_server import Inbox, free_port, smtp_server


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        for i in range(25):  # more than one batch
            to = q.AccountAddress(None, f"s{i}@school.test", "")
            mail = Mail(f"Onderwerp {i}", "Tekst\n")
            q.add(session, to=to, kind=MessageKind.ROUND_PUBLISHED, mail=mail, now=clock.now())
    engine.dispose()
    yield url
    get_settings.cache_clear()


def _unsent(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return sum(1 for m in q.messages_for(session) if m.sent_at is None)
    finally:
        engine.dispose()


def _smtp(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    for name, value in (
        ("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", str(port)), ("SMTP_FROM", "bureau@plek.test"),
        ("SMTP_STARTTLS", "false"),
    ):  # fmt: skip
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


def test_send_mail_without_smtp_host_sends_nothing_and_says_so(db: str) -> None:
    result = CliRunner().invoke(app, ["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Versturen staat uit (SMTP_HOST is leeg)" in result.output
    assert _unsent(db) == 25


def test_send_mail_sends_every_due_batch(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    _smtp(monkeypatch, port)
    with smtp_server(Inbox(), port) as inbox:
        result = CliRunner().invoke(app, ["send-mail"])
    assert result.exit_code == 0, result.output
    assert "20 verstuurd." in result.output
    assert "5 verstuurd." in result.output
    assert len(inbox.received) == 25
    assert _unsent(db) == 0
    again = CliRunner().invoke(app, ["send-mail"])
    assert "Er waren geen berichten om te versturen." in again.output


def test_send_mail_with_the_server_away_keeps_the_messages(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _smtp(monkeypatch, free_port())  # nothing listens there
    result = CliRunner().invoke(app, ["send-mail"])
    assert result.exit_code == 0, result.output
    assert "0 verstuurd, 20 mislukt (wordt later opnieuw geprobeerd)" in result.output
    assert "Reden:" in result.output
    assert _unsent(db) == 25
