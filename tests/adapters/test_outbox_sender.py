"""The outbox's sender against a real SMTP server on loopback (aiosmtpd), on SQLite and
PostgreSQL: messages arrive with their subject and body; with the server away they wait, are
tried again after a growing wait and arrive once it is back; a refused address stops with its
error until beheer retries; two senders at once never send one message twice."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from adapters import clock
from adapters.db import outbox_queries as q
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.outbox_models import OutboxMessageRow
from adapters.flows import outbox
from adapters.settings import Settings
from matcher.messages import Mail, MessageKind
from tests.smtp_server import Inbox, free_port, smtp_server

START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def port() -> int:
    return free_port()


def mail_settings(port: int, **changes: object) -> Settings:
    values: dict[str, object] = {
        "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "bureau@plek.test",
        "smtp_starttls": False, "smtp_timeout_s": 5.0, "mail_retry_s": 60.0,
        "mail_retry_max_s": 600.0, **changes,
    }  # fmt: skip
    return Settings(database_url="sqlite://", **values)  # type: ignore[arg-type]


def queue(engine: Engine, *emails: str) -> list[int]:
    """One message to each address (the sender needs no account); the message ids."""
    with session_scope(engine) as session:
        for i, email in enumerate(emails):
            to = q.AccountAddress(None, email, f"Student {i}")
            mail = Mail(f"Onderwerp {i}", f"Hallo Student {i},\n\nTekst {i} met é.\n")
            q.add(session, to=to, kind=MessageKind.ROUND_PUBLISHED, mail=mail, now=clock.now())
    with session_scope(engine) as session:
        return [m.id for m in q.messages_for(session) if m.id is not None]


def rows(engine: Engine) -> list[OutboxMessageRow]:
    with session_scope(engine) as session:
        found = q.messages_for(session)
        session.expunge_all()
        return found


def test_messages_arrive_with_their_subject_and_body(engine: Engine, port: int) -> None:
    queue(engine, "a@school.test", "b@school.test")
    with smtp_server(Inbox(), port) as inbox:
        report = outbox.send_due(engine, mail_settings(port))
    assert (report.claimed, report.sent, report.failed) == (2, 2, 0)
    assert sorted(str(m["To"]) for m in inbox.received) == ["a@school.test", "b@school.test"]
    first = next(m for m in inbox.received if m["To"] == "a@school.test")
    assert first["Subject"] == "Onderwerp 0"
    assert first["From"] == "bureau@plek.test"
    assert first.get_content().replace("\r\n", "\n") == "Hallo Student 0,\n\nTekst 0 met é.\n"
    assert first["Message-ID"]
    assert all(
        r.sent_at is not None and r.attempts == 1 and r.last_error is None for r in rows(engine)
    )
    again = outbox.send_due(engine, mail_settings(port))
    assert again.claimed == 0  # sent once, never again


def test_with_the_server_away_messages_wait_and_arrive_once_it_is_back(
    engine: Engine, port: int
) -> None:
    settings = mail_settings(port)
    fixed = clock.FixedClock(START)
    with clock.use_clock(fixed):
        queue(engine, "a@school.test", "b@school.test")
        down = outbox.send_due(engine, settings)  # nothing listens on the port
        assert (down.claimed, down.sent, down.failed) == (2, 0, 2)
        assert down.error
        waiting = rows(engine)
        assert all(r.sent_at is None and r.attempts == 1 for r in waiting)
        assert all(r.last_error and "Connection" in r.last_error for r in waiting)
        assert {r.next_attempt_at for r in waiting} == {START + timedelta(seconds=60)}
        with smtp_server(Inbox(), port) as inbox:
            early = outbox.send_due(engine, settings)  # the wait is not over yet
            assert early.claimed == 0
            assert inbox.received == []
            fixed.advance(timedelta(seconds=61))
            up = outbox.send_due(engine, settings)
        assert (up.claimed, up.sent) == (2, 2)
        assert sorted(str(m["To"]) for m in inbox.received) == ["a@school.test", "b@school.test"]
        done = rows(engine)
        assert all(r.sent_at is not None and r.attempts == 2 and r.last_error is None for r in done)


def test_the_wait_doubles_per_failure_up_to_the_maximum(engine: Engine, port: int) -> None:
    settings = mail_settings(port, mail_retry_s=60.0, mail_retry_max_s=300.0)
    fixed = clock.FixedClock(START)
    with clock.use_clock(fixed):
        queue(engine, "a@school.test")
        waits = []
        for _ in range(5):
            assert outbox.send_due(engine, settings).failed == 1
            (row,) = rows(engine)
            assert row.next_attempt_at is not None
            waits.append((row.next_attempt_at - fixed.now()).total_seconds())
            fixed.at = row.next_attempt_at
        assert waits == [60, 120, 240, 300, 300]
        assert rows(engine)[0].attempts == 5


def test_a_refused_address_stops_with_its_error_until_beheer_retries(
    engine: Engine, port: int
) -> None:
    queue(engine, "fout@school.test", "goed@school.test")
    inbox = Inbox(refuse={"fout@school.test"})
    with smtp_server(inbox, port):
        report = outbox.send_due(engine, mail_settings(port))
        assert (report.sent, report.stopped) == (1, 1)
        refused = next(r for r in rows(engine) if r.email == "fout@school.test")
        assert refused.sent_at is None
        assert refused.next_attempt_at is None
        assert refused.last_error
        assert "550" in refused.last_error
        assert outbox.send_due(engine, mail_settings(port)).claimed == 0  # no automatic retry
        inbox.refuse.clear()  # the address was fixed at the other end
        with session_scope(engine) as session:
            assert q.retry_now(session, refused.id or 0, now=clock.now())
        retried = outbox.send_due(engine, mail_settings(port))
    assert retried.sent == 1
    assert inbox.subjects_to("fout@school.test") == ["Onderwerp 0"]
    assert inbox.subjects_to("goed@school.test") == ["Onderwerp 1"]


def test_without_smtp_host_nothing_is_sent_and_messages_wait(engine: Engine) -> None:
    queue(engine, "a@school.test")
    report = outbox.send_due(engine, Settings(database_url="sqlite://"))
    assert not report.enabled
    assert "SMTP_HOST" in report.text()
    (row,) = rows(engine)
    assert (row.attempts, row.sent_at, row.last_error) == (0, None, None)


def test_a_sender_whose_lease_ran_out_cannot_overwrite_the_result(engine: Engine) -> None:
    queue(engine, "a@school.test")
    now = clock.now()
    with session_scope(engine) as session:
        (first,) = q.claim_due(session, now=now, lease_until=now, token="een", limit=5)
    with session_scope(engine) as session:  # the lease ended: another sender takes it
        (second,) = q.claim_due(session, now=now, lease_until=now, token="twee", limit=5)
        assert second.attempts == 2
    with session_scope(engine) as session:
        assert not q.mark_sent(session, first.message_id, token="een", now=now)
        assert q.mark_sent(session, second.message_id, token="twee", now=now)


def test_two_senders_at_once_never_send_one_message_twice(postgres_url: str) -> None:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    port = free_port()
    try:
        ids = queue(engine, *(f"s{i}@school.test" for i in range(40)))
        settings = mail_settings(port)
        reports: list[outbox.SendReport] = []
        start = threading.Barrier(2)

        def sender() -> None:
            start.wait()
            while (report := outbox.send_due(engine, settings, limit=3)).claimed:
                reports.append(report)

        with smtp_server(Inbox(delay_s=0.01), port) as inbox:
            threads = [threading.Thread(target=sender) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
        per_address = Counter(str(m["To"]) for m in inbox.received)
        assert sorted(per_address) == sorted(f"s{i}@school.test" for i in range(40))
        assert set(per_address.values()) == {1}, per_address.most_common(3)
        assert sum(r.sent for r in reports) == len(ids)
        assert len(reports) > 2  # both senders took part, in several batches
        assert all(r.attempts == 1 and r.sent_at for r in rows(engine))
    finally:
        engine.dispose()


def test_without_a_sender_address_nothing_is_claimed(engine: Engine, port: int) -> None:
    queue(engine, "a@school.test")
    report = outbox.send_due(engine, mail_settings(port, smtp_from=""))
    assert report.claimed == 0
    assert "SMTP_FROM is leeg" in report.text()
    assert rows(engine)[0].attempts == 0


def test_a_refused_sender_address_keeps_every_message_for_later(engine: Engine, port: int) -> None:
    queue(engine, "a@school.test", "b@school.test")
    with smtp_server(Inbox(refuse_senders={"bureau@plek.test"}), port) as inbox:
        report = outbox.send_due(engine, mail_settings(port))
    assert (report.sent, report.failed, report.stopped) == (0, 2, 0)
    assert inbox.received == []
    assert all(r.next_attempt_at is not None and r.last_error for r in rows(engine))


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # no certificate here
def test_the_sender_logs_in_and_a_wrong_password_keeps_the_messages(
    engine: Engine, port: int
) -> None:
    queue(engine, "a@school.test")
    with smtp_server(Inbox(), port, login=("bureau", "juist-wachtwoord")) as inbox:
        wrong = outbox.send_due(
            engine, mail_settings(port, smtp_user="bureau", smtp_password="fout")
        )
        assert (wrong.sent, wrong.failed) == (0, 1)
        assert wrong.error
        assert "535" in wrong.error
        assert rows(engine)[0].next_attempt_at is not None  # tried again later
        with session_scope(engine) as session:
            assert q.retry_now(session, rows(engine)[0].id or 0, now=clock.now())
        right = outbox.send_due(
            engine, mail_settings(port, smtp_user="bureau", smtp_password="juist-wachtwoord")
        )
    assert right.sent == 1
    assert [str(m["To"]) for m in inbox.received] == ["a@school.test"]
