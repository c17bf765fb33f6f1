"""BPV storage (migration 0009): records with a version check, the chained append-only audit
trail, evaluations with erasable notes, and the re-match queue. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, select

from adapters.db import bpv_queries as q
from adapters.db import round_repositories as rounds
from adapters.db.bpv_models import BpvNoteRow, NoteKind
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import alembic_config, upgrade
from adapters.db.repositories import save_population
from adapters.flows.audit import audit_status
from adapters.privacy.audit import Actor
from adapters.privacy.subject_rights import erase_student
from matcher.bpv.lifecycle import (
    Evaluation,
    PlanKennismaking,
    RecordEvaluation,
    RecordKennismaking,
    SignAgreement,
    Start,
    apply,
)
from matcher.bpv.vocabulary import BpvStatus, Party, RematchTrigger, Scale, Signal, Verdict
from matcher.errors import ConflictError, NotFoundError
from matcher.privacy.vocabulary import Role
from tests.factories import example_population

D0 = date(2026, 9, 1)
TODAY = date(2026, 12, 1)
SECRET = "GEHEIM afspraak: eerst om 10 uur beginnen"
TABLES = {"bpv", "bpv_event", "bpv_evaluation", "bpv_note", "rematch_entry"}


def _round(session: Session) -> int:
    row = rounds.add_round(
        session, name="najaar", filters={}, policy={}, bpv_start=D0, actor="bureau"
    )
    assert row.id is not None
    return row.id


def _made(engine: Engine) -> tuple[int, int]:
    """A round with two records (s001 at c01, s002 at c02); returns the round and s001's id."""
    with session_scope(engine) as session:
        round_id = _round(session)
        made = q.create_for_round(
            session,
            round_id,
            [q.Placement("s002", "p002", "c02"), q.Placement("s001", "p001", "c01")],
            proposed_on=D0,
        )
        assert [r.student_id for r in made] == ["s001", "s002"]
        assert made[0].id is not None
        return round_id, made[0].id


def _step(engine: Engine, bpv_id: int, command: object, version: int) -> None:
    with session_scope(engine) as session:
        row = q.get_bpv(session, bpv_id)
        step = apply(q.to_domain(row), command, today=TODAY)  # type: ignore[arg-type]
        q.save_step(
            session, row, step.bpv, expected_version=version, actor="coach", action=step.action
        )


def test_migration_0009_goes_up_down_and_up_again(db_url: str) -> None:
    upgrade(db_url, "0011")
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0011")
            connection.commit()
            assert not TABLES & set(inspect(connection).get_table_names())
            heads = connection.execute(
                text("SELECT COUNT(*) FROM audit_chain WHERE name = 'bpv_event'")
            ).scalar_one()
            assert heads == 0
    finally:
        engine.dispose()
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_records_are_made_once_per_round_and_student(engine: Engine) -> None:
    round_id, bpv_id = _made(engine)
    with session_scope(engine) as session:
        again = q.create_for_round(
            session, round_id, [q.Placement("s001", "p009", "c09")], proposed_on=D0
        )
        assert again == []
        row = q.get_bpv(session, bpv_id)
        assert (row.status, row.version, row.place_id) == ("voorgesteld", 1, "p001")
        assert [e.action for e in q.list_events(session, bpv_id)] == ["aangemaakt"]
        assert [r.student_id for r in q.open_for_company(session, "c01")] == ["s001"]
    with Session(engine) as session, pytest.raises(NotFoundError, match="bestaat niet"):
        q.get_bpv(session, 2**40)


def test_a_step_with_a_stale_version_changes_nothing(engine: Engine) -> None:
    _, bpv_id = _made(engine)
    _step(engine, bpv_id, PlanKennismaking(date(2026, 9, 3), frozenset({Party.JOBCOACH})), 1)
    with pytest.raises(ConflictError, match=r"nu versie 2, jij had versie 1") as refused:
        _step(engine, bpv_id, PlanKennismaking(date(2026, 9, 9)), 1)
    assert "Er is niets veranderd" in refused.value.message
    with Session(engine) as session:
        row = q.get_bpv(session, bpv_id)
        assert row.version == 2
        assert row.kennismaking_on == date(2026, 9, 3)
        assert row.kennismaking_with == "jobcoach"
        assert [e.version for e in q.list_events(session, bpv_id)] == [1, 2]
    assert audit_status(engine).ok


def test_the_record_round_trips_through_every_step(engine: Engine) -> None:
    _, bpv_id = _made(engine)
    steps = [
        PlanKennismaking(date(2026, 9, 3), frozenset({Party.OUDER, Party.JOBCOACH})),
        RecordKennismaking(date(2026, 9, 3), Verdict.AKKOORD, Verdict.AKKOORD),
        SignAgreement(date(2026, 9, 5), date(2010, 1, 1), "A. Jansen"),
        Start(date(2026, 9, 10)),
    ]
    for version, step in enumerate(steps, start=1):
        _step(engine, bpv_id, step, version)
    with session_scope(engine) as session:
        row = q.get_bpv(session, bpv_id)
        bpv = q.to_domain(row)
        assert bpv.status is BpvStatus.GESTART
        assert bpv.kennismaking_with == frozenset({Party.OUDER, Party.JOBCOACH})
        assert bpv.guardian_name == "A. Jansen"
        evaluation = Evaluation(
            date(2026, 10, 1),
            frozenset({Party.STUDENT, Party.PRAKTIJKOPLEIDER}),
            dict.fromkeys(Scale, 4),
            frozenset({Signal.VERMOEIDHEID}),
            agreements=SECRET,
        )
        step = apply(bpv, RecordEvaluation(evaluation), today=TODAY)
        q.save_step(session, row, step.bpv, expected_version=5, actor="coach", action=step.action)
        stored = q.add_evaluation(session, row, evaluation, actor="coach")
        assert stored.signals == "vermoeidheid"
    with Session(engine) as session:
        assert q.to_domain(q.get_bpv(session, bpv_id)).evaluations_held == 1
        [note] = q.list_notes(session, [bpv_id])
        assert (note.kind, note.text) == ("evaluatie", SECRET)
        assert note.evaluation_id == q.list_evaluations(session, bpv_id)[0].id
    assert audit_status(engine).ok


def test_erasure_removes_the_notes_and_the_guardian(engine: Engine) -> None:
    _, bpv_id = _made(engine)
    with session_scope(engine) as session:
        row = q.get_bpv(session, bpv_id)
        q.add_note(session, row, NoteKind.GESTOPT, SECRET, actor="coach")
        session.execute(text(f"UPDATE bpv SET guardian_name = 'A. Jansen' WHERE id = {bpv_id}"))
        save_population(session, example_population())  # s001 is in the example set
        counts = erase_student(session, "s001", actor=Actor("Bureau"), role=Role.BUREAU)
        assert counts["notes"] == 1
    with Session(engine) as session:
        assert session.exec(select(BpvNoteRow)).all() == []
        assert q.get_bpv(session, bpv_id).guardian_name is None
        assert [e.action for e in q.list_events(session, bpv_id)] == ["aangemaakt"]


def test_the_audit_trail_is_append_only(engine: Engine) -> None:
    _, bpv_id = _made(engine)
    for sql in (
        "UPDATE bpv_event SET actor = 'niemand'",
        "DELETE FROM bpv_event",
        f"INSERT INTO bpv_event (bpv_id, at, actor, action, version, detail) "
        f"VALUES ({bpv_id}, '2026-09-01', 'x', 'x', 1, '{{}}')",
    ):
        with engine.connect() as connection, pytest.raises(DBAPIError):
            connection.execute(text(sql))
    report = audit_status(engine)
    assert report.ok
    assert "bpv_event: in orde, 2 rijen gecontroleerd" in report.lines()


def test_one_waiting_entry_per_student(engine: Engine) -> None:
    round_id, bpv_id = _made(engine)
    with session_scope(engine) as session:
        first = q.enter_queue(
            session, student_id="s001", cause=RematchTrigger.GESTOPT,
            entered_on=date(2026, 10, 1), bpv_id=bpv_id, failed_place_id="p001",
        )  # fmt: skip
        assert first is not None
        later = q.enter_queue(
            session, student_id="s001", cause=RematchTrigger.ERKENNING_INGETROKKEN,
            entered_on=date(2026, 10, 9),
        )  # fmt: skip
        assert later is None
        q.enter_queue(
            session, student_id="s002", cause=RematchTrigger.GESTOPT, entered_on=date(2026, 9, 20)
        )
        assert [e.student_id for e in q.list_waiting(session)] == ["s002", "s001"]
        assert q.resolve_waiting(session, ["s001"], round_id=round_id, on=TODAY) == 1
        assert [e.student_id for e in q.list_waiting(session)] == ["s002"]
        again = q.enter_queue(
            session, student_id="s001", cause=RematchTrigger.GESTOPT, entered_on=TODAY
        )
        assert again is not None  # a resolved entry does not block a new one
    with engine.connect() as connection, pytest.raises(IntegrityError):
        connection.execute(
            text(
                "INSERT INTO rematch_entry (student_id, cause, entered_on, waiting, created_at) "
                "VALUES ('s002', 'gestopt', '2026-12-01', TRUE, '2026-12-01')"
            )
        )
