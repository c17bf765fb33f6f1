"""Audit rows are hash-chained when written; ``matcher audit verify`` finds an edited or
deleted row (issue 15, finding 8). SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select
from typer.testing import CliRunner

import cli.audit  # noqa: F401  (registers the command)
from adapters.db import round_repositories as repo
from adapters.db.audit_chain import AuditChainRow
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.privacy_models import PrivacyEventRow
from adapters.flows.audit import audit_status
from adapters.privacy.audit import Actor, record, record_reads
from cli import app
from matcher.audit_chain import BreakKind
from matcher.privacy.vocabulary import Action, Purpose, Role

ACTOR = Actor("Bureau Test (1)", 1)


def _write_events(engine: Engine, privacy: int = 3) -> int:
    """``privacy`` privacy events (one plain, the rest as reads) and a round with 3 events."""
    with session_scope(engine) as session:
        record(session, actor=ACTOR, action=Action.LOGIN)
        record_reads(
            session,
            actor=ACTOR,
            role=Role.BUREAU,
            purpose=Purpose.MATCHING,
            student_ids=[f"S{i}" for i in range(privacy - 1)],
            fields=["needs"],
        )
        row = repo.add_round(
            session,
            name="R",
            filters={},
            policy={"w": 0.5},
            bpv_start=date(2027, 2, 1),
            actor="bureau",
        )
        assert row.id is not None
        repo.add_event(session, row.id, actor="bureau", action="created", detail={"b": 1, "a": 2})
        repo.add_event(session, row.id, actor="bureau", action="commented", reason="vrije tekst")
        repo.add_event(session, row.id, actor="systeem", action="solved", detail={"x": [1.5]})
        return row.id


def test_new_audit_rows_are_linked_and_verify_is_ok(engine: Engine) -> None:
    _write_events(engine, privacy=3)
    _write_events(engine, privacy=2)  # a second transaction continues both chains
    with Session(engine) as session:
        events = session.exec(select(PrivacyEventRow).order_by(PrivacyEventRow.id)).all()
        heads = {(h.name, h.lane): h for h in session.exec(select(AuditChainRow)).all()}
    assert [e.chain_lane for e in events] == [0] * 5  # one writer at a time: the first lane
    assert [e.chain_seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.row_hash for a, b in zip(events, events[1:], strict=False))
    assert heads["privacy_event", 0].length == 5
    assert heads["privacy_event", 0].last_hash == events[-1].row_hash
    assert {lane for name, lane in heads if name == "privacy_event"} == set(range(8))
    status = audit_status(engine)
    assert status.ok, status.lines()
    assert status.lines() == [
        "privacy_event: in orde, 5 rijen gecontroleerd",
        "round_event: in orde, 6 rijen gecontroleerd",
        "bpv_event: in orde, 0 rijen gecontroleerd",
    ]


def test_a_row_without_its_hash_is_refused(engine: Engine) -> None:
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO privacy_event (at, actor, action, categories, fields, motivation) "
                "VALUES (:at, 'x', 'login', '', '', '')"
            ),
            {"at": datetime.now(UTC)},
        )


def test_a_rolled_back_write_leaves_the_chain_intact(engine: Engine) -> None:
    _write_events(engine)

    def write_then_fail() -> None:
        with session_scope(engine) as session:
            record(session, actor=ACTOR, action=Action.LOGIN)
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_then_fail()
    _write_events(engine)
    assert audit_status(engine).ok


def _sqlite_tamper(url: str, *statements: str) -> None:
    """What someone with the database file can do: drop the append-only triggers and edit."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for table in ("privacy_event", "round_event"):
                for verb in ("update", "delete"):
                    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Engine:
    upgrade(sqlite_url)
    return make_engine(sqlite_url)


def _privacy_ids(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return [
            int(i) for i in session.exec(select(PrivacyEventRow.id).order_by(PrivacyEventRow.id))
        ]


def test_verify_finds_an_edited_privacy_row(sqlite_url: str, sqlite_engine: Engine) -> None:
    _write_events(sqlite_engine, privacy=4)
    victim = _privacy_ids(sqlite_engine)[1]
    _sqlite_tamper(sqlite_url, f"UPDATE privacy_event SET actor = 'niemand' WHERE id = {victim}")
    status = audit_status(sqlite_engine)
    assert not status.ok
    report = status.reports[0]
    assert report.table == "privacy_event"
    assert report.rows == 1
    assert report.broken is not None
    assert report.broken.kind is BreakKind.CHANGED
    assert report.broken.row_id == victim
    assert status.reports[1].ok  # the round chain is untouched


def test_verify_finds_a_deleted_privacy_row(sqlite_url: str, sqlite_engine: Engine) -> None:
    _write_events(sqlite_engine, privacy=4)
    ids = _privacy_ids(sqlite_engine)
    _sqlite_tamper(sqlite_url, f"DELETE FROM privacy_event WHERE id = {ids[1]}")
    report = audit_status(sqlite_engine).reports[0]
    assert report.broken is not None
    assert report.broken.kind is BreakKind.DELETED
    assert report.broken.row_id == ids[2]


def test_verify_finds_deleted_last_rows_and_an_emptied_table(
    sqlite_url: str, sqlite_engine: Engine
) -> None:
    _write_events(sqlite_engine, privacy=4)
    last = _privacy_ids(sqlite_engine)[-1]
    _sqlite_tamper(sqlite_url, f"DELETE FROM privacy_event WHERE id = {last}")
    report = audit_status(sqlite_engine).reports[0]
    assert report.broken is not None
    assert report.broken.kind is BreakKind.TRUNCATED
    _sqlite_tamper(sqlite_url, "DELETE FROM privacy_event")
    report = audit_status(sqlite_engine).reports[0]
    assert report.broken is not None
    assert report.broken.kind is BreakKind.TRUNCATED


def test_verify_finds_an_edited_round_event_detail(sqlite_url: str, sqlite_engine: Engine) -> None:
    _write_events(sqlite_engine)
    _sqlite_tamper(
        sqlite_url,
        "UPDATE round_event SET detail = '{\"x\": [2.5]}' WHERE action = 'solved'",
    )
    report = audit_status(sqlite_engine).reports[1]
    assert report.broken is not None
    assert report.broken.kind is BreakKind.CHANGED


def test_the_free_text_reason_is_not_hashed(sqlite_url: str, sqlite_engine: Engine) -> None:
    """Reviewers' text is erased apart from the event (issue 15, finding 5): not in the chain."""
    _write_events(sqlite_engine)
    _sqlite_tamper(sqlite_url, "UPDATE round_event SET reason = '' WHERE action = 'commented'")
    assert audit_status(sqlite_engine).ok


def test_a_swapped_pair_of_rows_is_reported(sqlite_url: str, sqlite_engine: Engine) -> None:
    _write_events(sqlite_engine, privacy=4)
    a, b = _privacy_ids(sqlite_engine)[1:3]
    _sqlite_tamper(
        sqlite_url,
        f"UPDATE privacy_event SET id = -1 WHERE id = {a}",
        f"UPDATE privacy_event SET id = {a} WHERE id = {b}",
        f"UPDATE privacy_event SET id = {b} WHERE id = -1",
    )
    report = audit_status(sqlite_engine).reports[0]
    assert report.broken is not None
    assert report.broken.kind is BreakKind.REORDERED
    assert report.broken.row_id == a


def test_cli_verify_says_ok_then_names_the_break(
    sqlite_url: str, sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_events(sqlite_engine, privacy=3)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify", "--database-url", sqlite_url])
    assert ok.exit_code == 0, ok.output
    assert "privacy_event: in orde, 3 rijen gecontroleerd" in ok.output
    assert "round_event: in orde, 3 rijen gecontroleerd" in ok.output
    assert "Het auditlog is in orde." in ok.output
    assert "Vingerafdruk privacy_event: " in ok.output
    victim = _privacy_ids(sqlite_engine)[0]
    _sqlite_tamper(sqlite_url, f"UPDATE privacy_event SET motivation = 'x' WHERE id = {victim}")
    broken = runner.invoke(app, ["audit", "verify", "--database-url", sqlite_url])
    assert broken.exit_code == 1
    assert f"rij {victim} is veranderd" in broken.output
    assert "Het auditlog is NIET in orde. Eerste breuk: tabel privacy_event" in broken.output
    assert "Traceback" not in broken.output


def test_cli_verify_on_a_database_without_chain_says_what_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0004")
    result = CliRunner().invoke(app, ["audit", "verify", "--database-url", url])
    assert result.exit_code == 1
    assert "nog geen auditketen" in result.output
    assert "matcher db upgrade" in result.output


def test_migration_links_rows_written_before_the_chain(db_url: str) -> None:
    upgrade(db_url, "0004")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            for i in range(3):
                conn.execute(
                    text(
                        "INSERT INTO privacy_event (at, actor, action, student_id, categories, "
                        "fields, motivation) VALUES (:at, 'oud', 'read', :s, '', '', '')"
                    ),
                    {"at": datetime(2026, 11, 1, 8, i, 1, 123456, tzinfo=UTC), "s": f"S{i}"},
                )
        upgrade(db_url)
        assert audit_status(engine).lines()[0] == "privacy_event: in orde, 3 rijen gecontroleerd"
        _write_events(engine, privacy=2)  # the chain carries on after the old rows
        status = audit_status(engine)
        assert status.ok
        assert status.reports[0].rows == 5
        with engine.begin() as conn, pytest.raises(DBAPIError):
            conn.exec_driver_sql("UPDATE privacy_event SET actor = 'x'")  # still append-only
    finally:
        engine.dispose()


def test_concurrent_writers_never_share_a_predecessor(db_url: str) -> None:
    """Eight threads append at once; the chain stays one line (PostgreSQL: the head row lock)."""
    upgrade(db_url)
    engine = make_engine(db_url)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer(n: int) -> None:
        try:
            start.wait()
            for _ in range(5):
                with session_scope(engine) as session:
                    record(session, actor=Actor(f"w{n}", n), action=Action.LOGIN)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if engine.dialect.name == "sqlite":
            # SQLite serialises writers; a busy database may refuse one, never fork the chain.
            assert all("locked" in str(e) for e in errors), errors
        else:
            assert errors == []
        with Session(engine) as session:
            stored = len(session.exec(select(PrivacyEventRow.id)).all())
        status = audit_status(engine)
        assert status.ok, status.lines()
        assert status.reports[0].rows == stored
        if engine.dialect.name != "sqlite":
            assert stored == 40
    finally:
        engine.dispose()


def test_writers_to_both_chains_in_opposite_order_do_not_deadlock(postgres_url: str) -> None:
    """One transaction logs a privacy event then a round event, another the other way round.

    Neither waits for a head the other holds (each takes a free lane), so they cannot end up
    each holding one head and waiting for the other (PostgreSQL would abort one as a deadlock).
    """
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    with session_scope(engine) as session:
        round_row = repo.add_round(
            session, name="R", filters={}, policy={}, bpv_start=date(2027, 2, 1), actor="t"
        )
        round_id = int(round_row.id or 0)
    first_written = threading.Event()
    second_written = threading.Event()
    errors: list[BaseException] = []

    def privacy_then_round() -> None:
        try:
            with session_scope(engine) as session:
                record(session, actor=ACTOR, action=Action.LOGIN)
                first_written.set()
                second_written.wait(timeout=3)  # with the fix the other writer is waiting
                repo.add_event(session, round_id, actor="a", action="commented")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def round_then_privacy() -> None:
        try:
            first_written.wait(timeout=10)
            with session_scope(engine) as session:
                repo.add_event(session, round_id, actor="b", action="commented")
                second_written.set()
                record(session, actor=ACTOR, action=Action.LOGIN)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=f) for f in (privacy_then_round, round_then_privacy)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        status = audit_status(engine)
        assert status.ok, status.lines()
        assert [r.rows for r in status.reports] == [2, 2, 0]  # privacy, round, bpv events
    finally:
        engine.dispose()


def test_a_second_writer_takes_another_lane_without_waiting(postgres_url: str) -> None:
    """While one transaction holds lane 0 (written, not committed), another writes at once."""
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    try:
        with session_scope(engine) as first:
            record(first, actor=ACTOR, action=Action.LOGIN)  # flushed: holds lane 0
            with session_scope(engine) as second:
                second.connection().exec_driver_sql("SET LOCAL lock_timeout = '5s'")
                row = record(second, actor=ACTOR, action=Action.LOGIN_FAILED)
                assert (row.chain_lane, row.chain_seq) == (1, 1)
        with Session(engine) as session:
            lanes = sorted(
                (e.chain_lane, e.chain_seq) for e in session.exec(select(PrivacyEventRow))
            )
        assert lanes == [(0, 1), (1, 1)]
        assert audit_status(engine).ok
    finally:
        engine.dispose()
