"""The BPV flows: records from publishing, scoped reads, checked and versioned steps, the queue,
and a withdrawn erkenning that queues exactly that company's running and proposed students."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from adapters import clock
from adapters.db import bpv_queries as q
from adapters.db import round_repositories as repo
from adapters.db.engine import make_engine, session_scope
from adapters.db.migrate import upgrade
from adapters.db.repositories import load_population, save_population
from adapters.db.round_models import RoundStatus
from adapters.flows import bpv as flow
from adapters.flows.audit import audit_status
from adapters.flows.imports import import_directory
from adapters.flows.rounds import lifecycle
from adapters.geography.postcodes import PostcodeTable
from adapters.privacy.access import Grant
from adapters.privacy.audit import Actor
from adapters.privacy.subject_rights import export_student
from adapters.tabular import write_population
from matcher.bpv.lifecycle import Evaluation, RecordKennismaking, Stop
from matcher.bpv.vocabulary import (
    KennismakingReason,
    Party,
    Scale,
    Side,
    Signal,
    StopReason,
    Verdict,
)
from matcher.errors import ConflictError, PermissionDeniedError, TransitionError
from matcher.privacy.endpoints import EndpointRule
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Action, Category, Role
from tests.factories import example_population

PUBLISHED = date(2026, 9, 1)
AT_PUBLISH = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
SITE = "http://test"
RULE = EndpointRule(Category.OUTCOMES, flow.READ_PURPOSES, Action.READ)
# s001 -> p001 (c01), s002 -> p002 (c02), s004 (a minor) -> p001 (c01); s003 not approved.
APPROVED = (("s001", "p001", "c01"), ("s002", "p002", "c02"), ("s004", "p001", "c01"))


def grant(role: Role, **links: object) -> Grant:
    principal = Principal(
        account_id=7, email=f"{role.value}@test.invalid", display_name=role.value,
        roles=frozenset({role}), institution=None if role is Role.STUDENT else "school",
        **links,  # type: ignore[arg-type]
    )  # fmt: skip
    if role is Role.COMPANY:
        principal = replace(principal, institution=None)
    return Grant(principal, RULE, RULE.decide(principal.roles, principal.base_relations()))


BUREAU = grant(Role.BUREAU)
COACH = grant(Role.JOBCOACH, caseload=frozenset({"s001"}))
STUDENT = grant(Role.STUDENT, student_id="s001")
COMPANY = grant(Role.COMPANY, company_id="c01")


def _publish(session: Session, approved: tuple[tuple[str, str, str, str], ...]) -> int:
    """A round with these (student, place, company, decision) proposals, published."""
    row = repo.add_round(
        session, name="najaar", filters={}, policy={}, bpv_start=PUBLISHED, actor="bureau"
    )
    assert row.id is not None
    rows = [
        {
            "round_id": row.id, "run": 1, "student_id": sid, "place_id": pid,
            "company_id": cid, "status": "proposed", "decision": decision, "terms": {},
            "explanation": "", "unplaced_reason": "", "locked": False,
        }
        for sid, pid, cid, decision in approved
    ]  # fmt: skip
    repo.insert_proposals(session, rows)
    repo.set_round_state(
        session, row.id, status=RoundStatus.IN_REVIEW.value, current_run=1, progress=100
    )
    version = repo.get_round(session, row.id).version
    lifecycle.publish_round(
        session, row.id, version=version, actor="bureau", site_url="http://test"
    )
    return row.id


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """The example population and a round with three approved proposals, published."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with clock.use_clock(clock.FixedClock(AT_PUBLISH)), session_scope(engine) as session:
        save_population(session, example_population())
        _publish(session, (*(a + ("accepted",) for a in APPROVED), ("s003", "p004", "c03", "open")))
    yield engine
    engine.dispose()


def _id(engine: Engine, student_id: str) -> int:
    with Session(engine) as session:
        [row] = q.list_bpvs(session, student_ids=[student_id])
        assert row.id is not None
        return row.id


def test_publishing_makes_a_record_per_approved_proposal(engine: Engine) -> None:
    with Session(engine) as session:
        views = flow.list_bpvs(session, BUREAU, today=TODAY)
    assert [(v.student_id, v.place_id, v.status) for v in views] == [
        (sid, pid, "voorgesteld") for sid, pid, _ in APPROVED
    ]
    assert {v.proposed_on for v in views} == {PUBLISHED}


def test_each_role_lists_only_its_own(engine: Engine) -> None:
    with Session(engine) as session:
        seen = {
            name: sorted(v.student_id for v in flow.list_bpvs(session, g, today=TODAY))
            for name, g in (("coach", COACH), ("student", STUDENT), ("company", COMPANY))
        }
        other = grant(Role.STUDENT, student_id="s002")
        with pytest.raises(PermissionDeniedError):
            flow.get_bpv(session, other, _id(engine, "s001"), today=TODAY)
        admin = grant(Role.ADMIN)
        assert flow.list_bpvs(session, admin, today=TODAY) == []
    assert seen == {"coach": ["s001"], "student": ["s001"], "company": ["s001", "s004"]}


def test_only_staff_take_steps(engine: Engine) -> None:
    bpv_id = _id(engine, "s001")
    for who in (STUDENT, COMPANY, grant(Role.JOBCOACH, caseload=frozenset({"s002"}))):
        with session_scope(engine) as session, pytest.raises(PermissionDeniedError):
            flow.plan_kennismaking(
                session, who, bpv_id, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5)
            )


def test_a_full_bpv_with_a_minor_and_an_evaluation(engine: Engine) -> None:
    bpv_id = _id(engine, "s004")
    with session_scope(engine) as session:
        v = flow.plan_kennismaking(
            session, BUREAU, bpv_id, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5),
            going_along=[Party.JOBCOACH],
        )  # fmt: skip
        v = flow.record_kennismaking(
            session, BUREAU, bpv_id, version=v.version, today=TODAY,
            command=RecordKennismaking(date(2026, 9, 5), Verdict.AKKOORD, Verdict.AKKOORD),
        )  # fmt: skip
    with session_scope(engine) as session, pytest.raises(TransitionError, match="nog geen 18"):
        flow.sign_agreement(
            session, BUREAU, bpv_id, version=v.version, today=TODAY, signed_on=date(2026, 9, 8)
        )
    with session_scope(engine) as session:
        v = flow.sign_agreement(
            session, BUREAU, bpv_id, version=v.version, today=TODAY,
            signed_on=date(2026, 9, 8), guardian_name="M. Bakker",
        )  # fmt: skip
        v = flow.start(
            session, BUREAU, bpv_id, version=v.version, today=TODAY, started_on=date(2026, 9, 14)
        )
        v = flow.plan_evaluations(
            session, BUREAU, bpv_id, version=v.version, today=TODAY,
            dates=[date(2026, 10, 1), date(2026, 12, 15)],
        )  # fmt: skip
        v = flow.record_evaluation(
            session, BUREAU, bpv_id, version=v.version, today=TODAY,
            evaluation=Evaluation(
                date(2026, 10, 1), frozenset({Party.STUDENT, Party.PRAKTIJKOPLEIDER}),
                dict.fromkeys(Scale, 4), frozenset({Signal.VERMOEIDHEID}),
                agreements="Vrijdag een kortere dag",
            ),
        )  # fmt: skip
    assert v.status == "gestart"
    assert v.guardian_signed
    assert v.evaluations_held == 1
    assert v.next_evaluation == date(2026, 12, 15)
    with Session(engine) as session:
        actions = [e.action for e in q.list_events(session, bpv_id)]
        notes = flow.read_notes(session, BUREAU, bpv_id)
        assert flow.read_notes(session, COMPANY, bpv_id) == []
    assert actions == [
        "aangemaakt", "kennismaking_gepland", "kennismaking_akkoord", "overeenkomst_getekend",
        "gestart", "evaluaties_gepland", "evaluatie",
    ]  # fmt: skip
    assert [n.text for n in notes] == ["Vrijdag een kortere dag"]
    assert audit_status(engine).ok


def test_a_stale_version_or_invalid_step_changes_nothing(engine: Engine) -> None:
    bpv_id = _id(engine, "s001")
    with session_scope(engine) as session:
        flow.plan_kennismaking(
            session, COACH, bpv_id, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5)
        )
    with session_scope(engine) as session, pytest.raises(ConflictError, match="versie 2"):
        flow.plan_kennismaking(
            session, COACH, bpv_id, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 9)
        )
    with session_scope(engine) as session, pytest.raises(TransitionError, match="praktijkover"):
        flow.start(session, COACH, bpv_id, version=2, today=TODAY, started_on=date(2026, 9, 9))
    with Session(engine) as session:
        v = flow.get_bpv(session, COACH, bpv_id, today=TODAY)
        events = q.list_events(session, bpv_id)
    assert (v.version, v.status, v.kennismaking_on) == (2, "kennismaking_gepland", date(2026, 9, 5))
    assert len(events) == 2


def test_niet_akkoord_queues_the_student_and_a_new_round_takes_them_out(engine: Engine) -> None:
    bpv_id = _id(engine, "s001")
    with session_scope(engine) as session:
        flow.plan_kennismaking(
            session, COACH, bpv_id, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5)
        )
        flow.record_kennismaking(
            session, COACH, bpv_id, version=2, today=TODAY, remark="Liever dichterbij huis",
            command=RecordKennismaking(
                date(2026, 9, 5), Verdict.NIET_AKKOORD, Verdict.AKKOORD,
                student_reason=KennismakingReason.REISTIJD,
            ),
        )  # fmt: skip
    with Session(engine) as session:
        [entry] = flow.waiting(session, BUREAU, today=TODAY)
        assert flow.waiting(session, COACH, today=TODAY) == [entry]
        assert flow.waiting(session, grant(Role.JOBCOACH, caseload=frozenset()), today=TODAY) == []
        assert flow.waiting(session, COMPANY, today=TODAY) == []
    assert (entry.student_id, entry.cause, entry.failed_place_id) == (
        "s001", "kennismaking_niet_akkoord", "p001",
    )  # fmt: skip
    assert (entry.entered_on, entry.days_waiting) == (date(2026, 9, 5), 87)
    assert entry.waiting_text == "wacht 87 dagen"
    with session_scope(engine) as session:
        round_id = flow.get_bpv(session, BUREAU, bpv_id, today=TODAY).round_id
        flow.create_for_round(session, round_id, today=TODAY)  # as if it placed s001 again
        assert flow.waiting(session, BUREAU, today=TODAY) == []


def test_a_withdrawn_erkenning_queues_exactly_that_companys_open_students(engine: Engine) -> None:
    running, proposed, other = (_id(engine, s) for s in ("s001", "s004", "s002"))
    with session_scope(engine) as session:
        v = flow.plan_kennismaking(
            session, BUREAU, running, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5)
        )
        v = flow.record_kennismaking(
            session, BUREAU, running, version=v.version, today=TODAY,
            command=RecordKennismaking(date(2026, 9, 5), Verdict.AKKOORD, Verdict.AKKOORD),
        )  # fmt: skip
        v = flow.sign_agreement(
            session, BUREAU, running, version=v.version, today=TODAY, signed_on=date(2026, 9, 8)
        )
        flow.start(
            session, BUREAU, running, version=v.version, today=TODAY, started_on=date(2026, 9, 9)
        )
    with session_scope(engine) as session, pytest.raises(PermissionDeniedError):
        flow.withdraw_erkenning(session, COACH, "c01", today=TODAY)
    with session_scope(engine) as session:
        queued = flow.withdraw_erkenning(session, BUREAU, "c01", today=TODAY)
    assert queued == ["s001", "s004"]
    with Session(engine) as session:
        status = {
            i: flow.get_bpv(session, BUREAU, i, today=TODAY).status
            for i in (running, proposed, other)
        }
        waiting = [(w.student_id, w.cause) for w in flow.waiting(session, BUREAU, today=TODAY)]
    assert status == {running: "gestopt", proposed: "zoekt_nieuwe_plek", other: "voorgesteld"}
    assert waiting == [("s001", "erkenning_ingetrokken"), ("s004", "erkenning_ingetrokken")]


def test_an_import_without_erkenning_queues_that_companys_students(
    engine: Engine, tmp_path: Path
) -> None:
    with Session(engine) as session:
        population = load_population(session)
    companies = tuple(
        replace(c, sbb_recognized=False) if c.company_id == "c02" else c
        for c in population.companies
    )
    write_population(tmp_path, replace(population, companies=companies))
    with clock.use_clock(clock.FixedClock(datetime(2026, 10, 1, 10, 0, tzinfo=UTC))):
        import_directory(engine, tmp_path, geocoder=PostcodeTable.from_package())
        import_directory(engine, tmp_path, geocoder=PostcodeTable.from_package())  # again
    with Session(engine) as session:
        waiting = flow.waiting(session, BUREAU, today=TODAY)
        status = flow.get_bpv(session, BUREAU, _id(engine, "s002"), today=TODAY).status
        events = [e.action for e in q.list_events(session, _id(engine, "s002"))]
    assert [(w.student_id, w.entered_on) for w in waiting] == [("s002", date(2026, 10, 1))]
    assert status == "zoekt_nieuwe_plek"
    assert events == ["aangemaakt", "erkenning_ingetrokken"]


def test_stopping_early_queues_with_the_stop_date(engine: Engine) -> None:
    bpv_id = _id(engine, "s002")
    with session_scope(engine) as session:
        flow.stop(
            session, BUREAU, bpv_id, version=1, today=TODAY,
            command=Stop(date(2026, 9, 3), Side.STUDENT, StopReason.ANDERS),
        )  # fmt: skip
    with Session(engine) as session:
        [entry] = flow.waiting(session, BUREAU, today=TODAY)
    assert (entry.student_id, entry.cause, entry.entered_on) == (
        "s002",
        "gestopt",
        date(2026, 9, 3),
    )


def test_a_later_round_never_moves_an_open_bpv(engine: Engine) -> None:
    running = _id(engine, "s001")
    with session_scope(engine) as session:
        v = flow.plan_kennismaking(
            session, BUREAU, running, version=1, today=TODAY, site_url=SITE, on=date(2026, 9, 5)
        )
        v = flow.record_kennismaking(
            session, BUREAU, running, version=v.version, today=TODAY,
            command=RecordKennismaking(date(2026, 9, 5), Verdict.AKKOORD, Verdict.AKKOORD),
        )  # fmt: skip
        v = flow.sign_agreement(
            session, BUREAU, running, version=v.version, today=TODAY, signed_on=date(2026, 9, 8)
        )
        flow.start(
            session, BUREAU, running, version=v.version, today=TODAY, started_on=date(2026, 9, 9)
        )
    with session_scope(engine) as session:
        _publish(session, (("s001", "p004", "c03", "accepted"), ("s003", "p004", "c03", "moved")))
    with Session(engine) as session:
        views = flow.list_bpvs(session, BUREAU, today=TODAY)
    assert sorted((v.student_id, v.place_id, v.status) for v in views) == [
        ("s001", "p001", "gestart"),
        ("s002", "p002", "voorgesteld"),
        ("s003", "p004", "voorgesteld"),
        ("s004", "p001", "voorgesteld"),
    ]


def test_the_students_own_export_holds_the_bpv_and_its_notes(engine: Engine) -> None:
    bpv_id = _id(engine, "s002")
    with session_scope(engine) as session:
        flow.stop(
            session, BUREAU, bpv_id, version=1, today=TODAY,
            remark="Wil eerst de opleiding afmaken",
            command=Stop(date(2026, 9, 3), Side.STUDENT, StopReason.ANDERS),
        )  # fmt: skip
    with session_scope(engine) as session:
        exported = export_student(session, "s002", actor=Actor("s002"), role=Role.STUDENT)
    [bpv] = exported["bpvs"]
    assert (bpv["status"], bpv["place_id"], bpv["ended_on"]) == (
        "zoekt_nieuwe_plek", "p002", "2026-09-03",
    )  # fmt: skip
    assert [n["text"] for n in bpv["notes"]] == ["Wil eerst de opleiding afmaken"]


def test_a_company_does_not_see_the_students_reasons(engine: Engine) -> None:
    bpv_id = _id(engine, "s001")
    with session_scope(engine) as session:
        flow.stop(
            session, BUREAU, bpv_id, version=1, today=TODAY,
            command=Stop(date(2026, 9, 3), Side.STUDENT, StopReason.GEZONDHEID),
        )  # fmt: skip
    with Session(engine) as session:
        staff = flow.get_bpv(session, BUREAU, bpv_id, today=TODAY)
        company = flow.get_bpv(session, COMPANY, bpv_id, today=TODAY)
        listed = next(v for v in flow.list_bpvs(session, COMPANY, today=TODAY) if v.id == bpv_id)
    assert staff.stop_reason == "gezondheid"
    assert (company.stop_reason, listed.stop_reason) == (None, None)
    assert company.status == "zoekt_nieuwe_plek"
