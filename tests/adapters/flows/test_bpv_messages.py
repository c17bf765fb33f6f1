"""The BPV e-mails end to end, through the outbox's sender to a real SMTP server on loopback
(aiosmtpd), on SQLite and PostgreSQL: kennismaking planned, evaluation due and overdue, and a
search for a new place started. Each reaches exactly the right accounts with its date and link,
is queued once however often its pass runs, waits when the mail server is away and arrives
once it is back, and never carries a student's needs, reasons, notes or (for others) name."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from adapters import clock
from adapters.auth.accounts import create_account
from adapters.db import bpv_queries as bq
from adapters.db import outbox_queries as oq
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.privacy_models import AccountRow
from adapters.db.repositories import save_population
from adapters.flows import bpv as flow
from adapters.flows import bpv_messages, outbox
from adapters.flows.rounds import rematch
from adapters.settings import Settings
from matcher.bpv.lifecycle import Evaluation, RecordKennismaking
from matcher.bpv.vocabulary import LABELS, KennismakingReason, Party, Scale, Signal, Verdict
from matcher.errors import ConflictError
from matcher.messages import MessageKind
from matcher.privacy.vocabulary import Role
from tests.adapters.flows.test_bpv_flows import APPROVED, BUREAU, _publish
from tests.factories import example_population
from tests.matcher.test_messages import FORBIDDEN
from tests.smtp_server import Inbox, free_port, smtp_server

SITE = "https://plek.school.test"
NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
KENNISMAKING = date(2026, 9, 5)
EVAL_1, EVAL_2 = date(2026, 10, 1), date(2026, 11, 2)
REMARK = "Liever dichterbij huis vanwege de reis"
AGREEMENTS = "Vrijdag een kortere dag"
PASSWORD = "een-lang-wachtwoord-42"


@dataclass(frozen=True)
class People:
    """The addresses of the accounts, by who they are."""

    student: str = "sam@student.test"
    student_off: str = "sam-oud@student.test"  # inactive: gets nothing
    other_student: str = "ali@student.test"  # s002
    company: str = "opleider@c01.test"
    company_2: str = "tweede@c01.test"
    other_company: str = "opleider@c02.test"
    jobcoach: str = "coach@school.test"
    begeleider: str = "begeleider@school.test"
    other_coach: str = "coach-s002@school.test"
    bureau: str = "bureau@school.test"
    admin: str = "beheer@school.test"


P = People()


def settings(port: int, **changes: object) -> Settings:
    values: dict[str, object] = {
        "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "bpv@plek.test",
        "smtp_starttls": False, "smtp_timeout_s": 5.0, "mail_retry_s": 60.0,
        "mail_retry_max_s": 600.0, "site_url": SITE, "bpv_reminder_days_before": 3,
        "bpv_overdue_after_days": 2, "database_url": "sqlite://", **changes,
    }  # fmt: skip
    return Settings(**values)  # type: ignore[arg-type]


def _accounts(session: Session) -> None:
    def make(email: str, role: Role, name: str, **links: object) -> None:
        if role in (Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER):
            links.setdefault("institution", "school")
        create_account(
            session, email=email, password=PASSWORD, roles=[role], display_name=name,
            **links,  # type: ignore[arg-type]
        )  # fmt: skip

    make(P.student, Role.STUDENT, "Sam", student_id="s001")
    make(P.student_off, Role.STUDENT, "Sam oud", student_id="s001")
    make(P.other_student, Role.STUDENT, "Ali", student_id="s002")
    make(P.company, Role.COMPANY, "Petra", company_id="c01")
    make(P.company_2, Role.COMPANY, "Kees", company_id="c01")
    make(P.other_company, Role.COMPANY, "Joop", company_id="c02")
    make(P.jobcoach, Role.JOBCOACH, "Jamal", caseload=["s001", "s004"])
    make(P.begeleider, Role.BEGELEIDER, "Bea", caseload=["s001"])
    make(P.other_coach, Role.JOBCOACH, "Kim", caseload=["s002"])
    make(P.bureau, Role.BUREAU, "Bureau")
    make(P.admin, Role.ADMIN, "Beheer")
    off = session.exec(select(AccountRow).where(AccountRow.email == P.student_off)).one()
    off.active = False


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """The example population, a published round (s001, s002, s004 placed) and the accounts;
    the round's own mails are sent to nobody (the accounts came after it)."""
    upgrade(db_url)
    engine = make_engine(db_url)
    with clock.use_clock(clock.FixedClock(NOW)), session_scope(engine) as session:
        save_population(session, example_population())
        _publish(session, tuple(a + ("accepted",) for a in APPROVED))
        _accounts(session)
    yield engine
    engine.dispose()


@pytest.fixture
def port() -> int:
    return free_port()


def _bpv(engine: Engine, student_id: str) -> int:
    with Session(engine) as session:
        [row] = bq.list_bpvs(session, student_ids=[student_id])
        assert row.id is not None
        return row.id


def _version(engine: Engine, bpv_id: int) -> int:
    with Session(engine) as session:
        return bq.get_bpv(session, bpv_id).version


def plan(engine: Engine, bpv_id: int, on: date = KENNISMAKING, **extra: object) -> None:
    with session_scope(engine) as session:
        flow.plan_kennismaking(
            session, BUREAU, bpv_id, version=_version(engine, bpv_id), today=TODAY, on=on,
            site_url=SITE, **extra,  # type: ignore[arg-type]
        )  # fmt: skip


def started_with_evaluations(engine: Engine, bpv_id: int) -> None:
    """Kennismaking (akkoord), signed, started on 14 September, evaluations on EVAL_1, EVAL_2."""
    plan(engine, bpv_id, going_along=[Party.JOBCOACH])
    with session_scope(engine) as session:
        v = flow.record_kennismaking(
            session, BUREAU, bpv_id, version=_version(engine, bpv_id), today=TODAY,
            command=RecordKennismaking(KENNISMAKING, Verdict.AKKOORD, Verdict.AKKOORD),
        )  # fmt: skip
        v = flow.sign_agreement(
            session, BUREAU, bpv_id, version=v.version, today=TODAY, signed_on=date(2026, 9, 8)
        )
        v = flow.start(
            session, BUREAU, bpv_id, version=v.version, today=TODAY, started_on=date(2026, 9, 14)
        )
        flow.plan_evaluations(
            session, BUREAU, bpv_id, version=v.version, today=TODAY, dates=[EVAL_2, EVAL_1]
        )


def record_evaluation(engine: Engine, bpv_id: int, held_on: date) -> None:
    with session_scope(engine) as session:
        flow.record_evaluation(
            session, BUREAU, bpv_id, version=_version(engine, bpv_id), today=TODAY,
            evaluation=Evaluation(
                held_on, frozenset({Party.STUDENT, Party.JOBCOACH}), dict.fromkeys(Scale, 3),
                frozenset({Signal.VERMOEIDHEID, Signal.VERZUIM}), agreements=AGREEMENTS,
            ),
        )  # fmt: skip


def deliver(engine: Engine, port: int) -> Inbox:
    """Send everything due to a fresh server; what it received."""
    with smtp_server(Inbox(), port) as inbox:
        while outbox.send_due(engine, settings(port)).claimed:
            pass
    return inbox


def received(inbox: Inbox, kind_subjects: set[str]) -> dict[str, list[EmailMessage]]:
    """The messages with one of these subjects, by address."""
    found: dict[str, list[EmailMessage]] = {}
    for m in inbox.received:
        if str(m["Subject"]) in kind_subjects:
            found.setdefault(str(m["To"]), []).append(m)
    return found


def body(m: EmailMessage) -> str:
    return str(m.get_content()).replace("\r\n", "\n")


def kinds(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [m.kind for m in oq.messages_for(session)]


KENNIS = {"Je kennismaking is gepland", "Er is een kennismaking gepland"}
DUE = {"Er staat een evaluatie gepland"}
LATE = {"Een evaluatie is nog niet gedaan"}
REMATCH = {"We zoeken een nieuwe BPV-plek met je", "Er wordt een nieuwe BPV-plek gezocht"}


def test_a_planned_kennismaking_reaches_the_student_and_the_company_once(
    engine: Engine, port: int
) -> None:
    bpv_id = _bpv(engine, "s001")
    plan(engine, bpv_id, going_along=[Party.JOBCOACH, Party.OUDER])
    inbox = deliver(engine, port)
    got = received(inbox, KENNIS)
    assert sorted(got) == sorted([P.student, P.company, P.company_2])
    assert all(len(v) == 1 for v in got.values())
    [to_student] = got[P.student]
    assert to_student["Subject"] == "Je kennismaking is gepland"
    text = body(to_student)
    assert text.startswith("Hallo Sam,\n")
    assert "zaterdag 5 september 2026" in text
    assert "Bij de kennismaking zijn ook: de jobcoach en een ouder of verzorger." in text
    assert f"{SITE}/student" in text
    [to_company] = got[P.company]
    assert to_company["Subject"] == "Er is een kennismaking gepland"
    assert body(to_company).startswith("Hallo Petra,\n")
    assert "zaterdag 5 september 2026" in body(to_company)
    assert f"{SITE}/bedrijf" in body(to_company)
    assert kinds(engine).count(MessageKind.KENNISMAKING_GEPLAND.value) == 3
    assert outbox.send_due(engine, settings(port)).claimed == 0  # sent once, never again
    # moving the kennismaking is a new event: one new mail each, with the new date
    plan(engine, bpv_id, on=date(2026, 9, 9))
    again = received(deliver(engine, port), KENNIS)
    assert sorted(again) == sorted([P.student, P.company, P.company_2])
    assert "woensdag 9 september 2026" in body(again[P.student][0])
    assert "zijn ook" not in body(again[P.student][0])  # nobody along this time


def test_a_refused_planning_step_queues_no_mail(engine: Engine) -> None:
    bpv_id = _bpv(engine, "s001")
    with session_scope(engine) as session, pytest.raises(ConflictError):
        flow.plan_kennismaking(
            session, BUREAU, bpv_id, version=99, today=TODAY, on=KENNISMAKING, site_url=SITE
        )
    assert kinds(engine) == []


def test_reminders_go_to_the_coaches_before_and_to_the_bureau_too_when_late(
    engine: Engine, port: int
) -> None:
    bpv_id = _bpv(engine, "s001")
    started_with_evaluations(engine, bpv_id)
    deliver(engine, port)  # the kennismaking mails, out of the way
    s = settings(port)
    assert bpv_messages.run_reminders(engine, s, today=EVAL_1 - timedelta(days=4)).due == 0
    first = bpv_messages.run_reminders(engine, s, today=EVAL_1 - timedelta(days=3))
    assert (first.due, first.overdue) == (2, 0)
    for day in (EVAL_1 - timedelta(days=2), EVAL_1):  # again, and on the day: nothing new
        assert bpv_messages.run_reminders(engine, s, today=day).due == 0
    inbox = deliver(engine, port)
    got = received(inbox, DUE)
    assert sorted(got) == sorted([P.jobcoach, P.begeleider])  # not the other coach, not bureau
    [to_coach] = got[P.jobcoach]
    assert body(to_coach).startswith("Hallo Jamal,\n")
    assert "donderdag 1 oktober 2026" in body(to_coach)
    assert f"{SITE}/jobcoach/bpv#bpv-{bpv_id}" in body(to_coach)
    # nothing recorded: two days after the moment it is not late yet, three days after it is
    assert bpv_messages.run_reminders(engine, s, today=EVAL_1 + timedelta(days=2)).overdue == 0
    late = bpv_messages.run_reminders(engine, s, today=EVAL_1 + timedelta(days=3))
    assert (late.due, late.overdue) == (0, 3)
    assert bpv_messages.run_reminders(engine, s, today=EVAL_1 + timedelta(days=4)).overdue == 0
    got = received(deliver(engine, port), LATE)
    assert sorted(got) == sorted([P.jobcoach, P.begeleider, P.bureau])
    assert "De evaluatie van donderdag 1 oktober 2026 is nog niet vastgelegd." in body(
        got[P.bureau][0]
    )
    assert f"{SITE}/bureau/bpv" in body(got[P.bureau][0])
    assert f"{SITE}/jobcoach/bpv#bpv-{bpv_id}" in body(got[P.begeleider][0])
    # the first evaluation is recorded late: the second moment is then the open one
    record_evaluation(engine, bpv_id, EVAL_1 + timedelta(days=5))
    second = bpv_messages.run_reminders(engine, s, today=EVAL_2 - timedelta(days=1))
    assert (second.due, second.overdue) == (2, 0)
    record_evaluation(engine, bpv_id, EVAL_2)
    assert bpv_messages.run_reminders(engine, s, today=EVAL_2 + timedelta(days=30)).overdue == 0
    assert kinds(engine).count(MessageKind.EVALUATIE_NODIG.value) == 4
    assert kinds(engine).count(MessageKind.EVALUATIE_TE_LAAT.value) == 3


def test_reminders_wait_while_the_mail_server_is_away_and_arrive_once(
    engine: Engine, port: int
) -> None:
    bpv_id = _bpv(engine, "s001")
    started_with_evaluations(engine, bpv_id)
    s = settings(port)
    fixed = clock.FixedClock(clock.now() + timedelta(minutes=1))  # after the kennismaking mails
    with clock.use_clock(fixed):
        bpv_messages.run_reminders(engine, s, today=EVAL_1 - timedelta(days=1))
        down = outbox.send_due(engine, s)  # nothing listens on the port
        assert down.sent == 0
        assert down.failed == down.claimed > 0
        # the next pass while the server is away queues nothing again
        assert bpv_messages.run_reminders(engine, s, today=EVAL_1).due == 0
        with Session(engine) as session:
            waiting = [m for m in oq.messages_for(session) if m.sent_at is None]
        assert {m.kind for m in waiting} == {"kennismaking_gepland", "evaluatie_nodig"}
        assert all(m.attempts == 1 and m.last_error for m in waiting)
        fixed.advance(timedelta(seconds=61))
        inbox = deliver(engine, port)
    got = received(inbox, DUE)
    assert sorted(got) == sorted([P.jobcoach, P.begeleider])
    assert all(len(v) == 1 for v in got.values())
    assert len(received(inbox, KENNIS)[P.student]) == 1
    with Session(engine) as session:
        assert all(m.sent_at is not None for m in oq.messages_for(session))


def _decline(engine: Engine, bpv_id: int) -> None:
    plan(engine, bpv_id)
    with session_scope(engine) as session:
        flow.record_kennismaking(
            session, BUREAU, bpv_id, version=_version(engine, bpv_id), today=TODAY,
            remark=REMARK,
            command=RecordKennismaking(
                KENNISMAKING, Verdict.NIET_AKKOORD, Verdict.AKKOORD,
                student_reason=KennismakingReason.REISTIJD,
            ),
        )  # fmt: skip


def test_a_started_rematch_tells_the_student_and_their_jobcoach_once(
    engine: Engine, port: int
) -> None:
    bpv_id = _bpv(engine, "s001")
    _decline(engine, bpv_id)
    deliver(engine, port)
    with session_scope(engine) as session:
        rematch.create_rematch(
            session, student_ids=["s001"], bpv_start=TODAY, actor="bureau", site_url=SITE
        )
    got = received(deliver(engine, port), REMATCH)
    assert sorted(got) == sorted([P.student, P.jobcoach])  # not the begeleider, not others
    assert got[P.student][0]["Subject"] == "We zoeken een nieuwe BPV-plek met je"
    assert f"{SITE}/student" in body(got[P.student][0])
    assert got[P.jobcoach][0]["Subject"] == "Er wordt een nieuwe BPV-plek gezocht"
    assert f"{SITE}/jobcoach/bpv#bpv-{bpv_id}" in body(got[P.jobcoach][0])
    # a second re-match for the same stay in the queue says nothing new
    with session_scope(engine) as session:
        rematch.create_rematch(
            session, student_ids=None, bpv_start=TODAY, actor="bureau", site_url=SITE
        )
    assert kinds(engine).count(MessageKind.REMATCH_GESTART.value) == 2


def test_no_mail_holds_needs_reasons_notes_or_someone_elses_name(engine: Engine, port: int) -> None:
    with session_scope(engine) as session:
        create_account(
            session, email="noa@student.test", password=PASSWORD, roles=[Role.STUDENT],
            display_name="Noa", student_id="s004",
        )  # fmt: skip
    started_with_evaluations(engine, _bpv(engine, "s001"))
    record_evaluation(engine, _bpv(engine, "s001"), EVAL_1)
    _decline(engine, _bpv(engine, "s004"))
    with session_scope(engine) as session:
        rematch.create_rematch(
            session, student_ids=None, bpv_start=TODAY, actor="bureau", site_url=SITE
        )
    s = settings(port)
    bpv_messages.run_reminders(engine, s, today=EVAL_2 - timedelta(days=1))
    bpv_messages.run_reminders(engine, s, today=EVAL_2 + timedelta(days=10))
    inbox = deliver(engine, port)
    assert {str(m["Subject"]) for m in inbox.received} == KENNIS | DUE | LATE | REMATCH
    population = example_population()
    names = {st.student_id: st.name for st in population.students if st.name}
    assert names.get("s001")
    assert names.get("s004")
    labels = [label for kind in (KennismakingReason, Signal) for label in LABELS[kind].values()]
    for m in inbox.received:
        text = str(m["Subject"]) + "\n" + body(m)
        assert not FORBIDDEN.search(text), (m["To"], FORBIDDEN.search(text))
        for secret in (REMARK, AGREEMENTS, *labels, *names.values()):
            assert not re.search(rf"\b{re.escape(secret)}\b", text, re.IGNORECASE), (
                m["To"],
                secret,
            )
        assert not re.search(r"\bs00\d\b|\bp00\d\b|\bc0\d\b", text)  # no codes either


def test_the_worker_queues_the_reminders_by_itself_and_as_a_task(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Celery's worker_ready starts the periodic reminder pass next to the mail pass; the
    task does one pass; both queue each reminder once."""
    from adapters.celery import tasks
    from adapters.celery.app import celery_app

    bpv_id = _bpv(engine, "s001")
    started_with_evaluations(engine, bpv_id)
    s = Settings(
        database_url=db_url, model_path=tmp_path / "none.joblib", site_url=SITE,
        bpv_reminder_interval_s=0.1, mail_interval_s=3600,
    )  # fmt: skip
    monkeypatch.setattr(tasks, "get_settings", lambda: s)
    monkeypatch.setattr(tasks.run_match_round, "delay", lambda _id: None)
    assert celery_app.conf.beat_schedule["bpv-reminders"]["task"] == tasks.bpv_reminders.name
    day = datetime.combine(EVAL_1 - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    with clock.use_clock(clock.FixedClock(day)):
        tasks.recover_rounds()
        try:
            deadline = time.monotonic() + 30
            while MessageKind.EVALUATIE_NODIG.value not in kinds(engine):
                assert time.monotonic() < deadline, "the worker never queued the reminders"
                time.sleep(0.05)
        finally:
            tasks.stop_checks()
        assert tasks.bpv_reminders() == 0  # already queued by the worker's pass
    assert kinds(engine).count(MessageKind.EVALUATIE_NODIG.value) == 2


def test_an_account_that_is_coach_and_bureau_gets_one_late_mail(engine: Engine) -> None:
    with session_scope(engine) as session:
        create_account(
            session, email="beide@school.test", password=PASSWORD,
            roles=[Role.BUREAU, Role.JOBCOACH], display_name="Beide", institution="school",
            caseload=["s001"],
        )  # fmt: skip
    started_with_evaluations(engine, _bpv(engine, "s001"))
    late = bpv_messages.run_reminders(
        engine, settings(free_port()), today=EVAL_1 + timedelta(days=3)
    )
    assert late.overdue == 4  # jobcoach, begeleider, bureau, and the one with both roles once
    with Session(engine) as session:
        to = [m.email for m in oq.messages_for(session, [MessageKind.EVALUATIE_TE_LAAT])]
    assert to.count("beide@school.test") == 1
