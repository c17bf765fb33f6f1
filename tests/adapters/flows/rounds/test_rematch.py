"""The re-match round (issue 19): only the queued students, against the places still free net
of every open BPV, the failed place never proposed again, running BPVs untouched."""

from __future__ import annotations

from collections.abc import Iterator
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
from adapters.db.repositories import save_population
from adapters.db.round_models import RoundStatus
from adapters.flows import bpv as flow
from adapters.flows.rounds import lifecycle, rematch
from adapters.flows.rounds.execute import Outcome, execute_round
from adapters.privacy.access import Grant
from adapters.settings import Settings
from matcher.bpv.lifecycle import RecordKennismaking, Stop
from matcher.bpv.vocabulary import Side, StopReason, Verdict
from matcher.domain import Population
from matcher.errors import InvalidInputError
from matcher.privacy.endpoints import EndpointRule
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Action, Category, Role
from tests.factories import make_company, make_place, make_student

AT_PUBLISH = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
TODAY = date(2026, 9, 20)
SITE = "http://test"
RULE = EndpointRule(Category.OUTCOMES, flow.READ_PURPOSES, Action.READ)
_BUREAU = Principal(
    account_id=7, email="bureau@test.invalid", display_name="bureau",
    roles=frozenset({Role.BUREAU}), institution="school",
)  # fmt: skip
BUREAU = Grant(_BUREAU, RULE, RULE.decide(_BUREAU.roles, _BUREAU.base_relations()))
# r1 works at pA (company cA, capacity 2): one seat of pA is left. q1 and q2 both tried pB
# (which has seats enough) and wait for a new place: pA's last seat is all a re-match can give.
FIRST = (("r1", "pA", "cA"), ("q1", "pB", "cB"), ("q2", "pB", "cB"))


def _population(case: str) -> Population:
    """Three students and two companies; ``case`` makes one of cA's limits the tight one."""
    support = {"needs_extra_breaks": True}
    r1 = make_student("r1", guidance_hours_per_week=1.0)
    q1 = make_student("q1", guidance_hours_per_week=1.0)
    q2 = make_student("q2", guidance_hours_per_week=1.0)
    ca = make_company("cA", guidance_hours_per_week=10.0)
    pa = make_place("pA", "cA", capacity=2)
    if case == "guidance":  # 4 hours, r1 uses 3: room for one more student of 1 hour
        r1 = make_student("r1", guidance_hours_per_week=3.0)
        ca = make_company("cA", guidance_hours_per_week=4.0)
        pa = make_place("pA", "cA", capacity=3)
    elif case == "full":  # r1 holds pA's only seat: nothing is left but the place q1 tried
        pa = make_place("pA", "cA", capacity=1)
    elif case == "support":  # one support seat, r1 holds it: q1 (support) cannot come, q2 can
        r1 = make_student("r1", **support)
        q1 = make_student("q1", **support)
        ca = make_company("cA", open_to_extra_support=True, max_support_students=1)
        pa = make_place("pA", "cA", capacity=3, extra_breaks=True)
    return Population(
        students=(r1, q1, q2),
        companies=(ca, make_company("cB", location=ca.location)),
        places=(pa, make_place("pB", "cB", capacity=2)),
    )


def _published(session: Session, placements: tuple[tuple[str, str, str], ...]) -> int:
    row = repo.add_round(
        session, name="najaar", filters={}, policy={}, bpv_start=date(2026, 9, 1), actor="bureau"
    )
    assert row.id is not None
    repo.insert_proposals(session, [
        {
            "round_id": row.id, "run": 1, "student_id": sid, "place_id": pid, "company_id": cid,
            "status": "proposed", "decision": "accepted", "terms": {}, "explanation": "",
            "unplaced_reason": "", "locked": False,
        }
        for sid, pid, cid in placements
    ])  # fmt: skip
    repo.set_round_state(
        session, row.id, status=RoundStatus.IN_REVIEW.value, current_run=1, progress=100
    )
    version = repo.get_round(session, row.id).version
    lifecycle.publish_round(session, row.id, version=version, actor="bureau", site_url="http://t")
    return row.id


def _bpv(session: Session, student_id: str) -> int:
    [row] = q.list_bpvs(session, student_ids=[student_id])
    assert row.id is not None
    return row.id


def _make(sqlite_url: str, case: str) -> Engine:
    """r1's BPV runs; q1 and q2 stopped before the start and wait in the queue."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with clock.use_clock(clock.FixedClock(AT_PUBLISH)), session_scope(engine) as session:
        save_population(session, _population(case))
        _published(session, FIRST)
    with session_scope(engine) as session:
        r1 = _bpv(session, "r1")
        v = flow.plan_kennismaking(
            session,
            BUREAU,
            r1,
            version=1,
            today=TODAY,
            site_url=SITE,
            on=date(2026, 9, 3),
            going_along=[],
        )
        v = flow.record_kennismaking(
            session, BUREAU, r1, version=v.version, today=TODAY,
            command=RecordKennismaking(date(2026, 9, 3), Verdict.AKKOORD, Verdict.AKKOORD),
        )  # fmt: skip
        v = flow.sign_agreement(
            session, BUREAU, r1, version=v.version, today=TODAY, signed_on=date(2026, 9, 4)
        )
        flow.start(session, BUREAU, r1, version=v.version, today=TODAY, started_on=date(2026, 9, 7))
        for sid in ("q1", "q2"):
            flow.stop(
                session, BUREAU, _bpv(session, sid), version=1, today=TODAY,
                command=Stop(date(2026, 9, 2), Side.BEDRIJF, StopReason.ANDERS),
            )  # fmt: skip
    return engine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings without a learned model."""
    return Settings(model_path=tmp_path / "none.joblib", round_lease_s=30)


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """The capacity case: pA has capacity 2 and one running BPV."""
    engine = _make(sqlite_url, "capacity")
    yield engine
    engine.dispose()


def _run(engine: Engine, settings: Settings, student_ids: list[str] | None = None) -> int:
    with session_scope(engine) as session:
        row = rematch.create_rematch(
            session, student_ids=student_ids, bpv_start=TODAY, actor="bureau", site_url=SITE
        )
        assert row.id is not None
        assert lifecycle.start_round(session, row.id, actor="bureau")
        round_id = row.id
    assert execute_round(engine, round_id, settings=settings) is Outcome.SOLVED
    return round_id


def _placed(engine: Engine, round_id: int) -> dict[str, str | None]:
    with Session(engine) as session:
        return {p.student_id: p.place_id for p in repo.list_proposals(session, round_id, 1)}


def _open_bpvs(engine: Engine) -> list[tuple[str, str, str, int]]:
    with Session(engine) as session:
        return [
            (r.student_id, r.place_id, r.status, r.version)
            for r in q.list_bpvs(session)
            if r.status not in ("gestopt", "zoekt_nieuwe_plek")
        ]


@pytest.mark.parametrize("case", ["capacity", "guidance", "support"])
def test_a_rematch_fills_only_what_is_left_and_never_moves_a_running_bpv(
    sqlite_url: str, settings: Settings, case: str
) -> None:
    engine = _make(sqlite_url, case)
    before = _open_bpvs(engine)
    round_id = _run(engine, settings)
    placed = _placed(engine, round_id)
    engine.dispose()
    assert set(placed) == {"q1", "q2"}  # only the queued students are in the round
    at_pa = sorted(s for s, p in placed.items() if p == "pA")
    # capacity: 2 - 1 running = 1 seat; guidance: 4 h - 3 h = 1 h for one student of 1 h;
    # support: r1 holds the only support seat, so only q2 (no extra support) fits.
    assert len(at_pa) == 1, placed
    if case == "support":
        assert at_pa == ["q2"]
    assert "pB" not in placed.values()  # the place they tried is never proposed again
    assert before == [("r1", "pA", "gestart", 5)]
    assert _open_bpvs(engine) == before  # the running BPV is untouched


def test_the_place_tried_before_is_named_when_nothing_else_fits(
    sqlite_url: str, settings: Settings
) -> None:
    engine = _make(sqlite_url, "full")
    round_id = _run(engine, settings, ["q1"])
    with Session(engine) as session:
        [proposal] = repo.list_proposals(session, round_id, 1)
    engine.dispose()
    assert (proposal.student_id, proposal.place_id) == ("q1", None)
    assert proposal.unplaced_reason.startswith("Deze plek is al eerder geprobeerd")


def test_the_round_is_marked_and_publishing_places_and_dequeues(
    engine: Engine, settings: Settings
) -> None:
    round_id = _run(engine, settings, ["q1"])
    assert _placed(engine, round_id) == {"q1": "pA"}
    with session_scope(engine) as session:
        row = repo.get_round(session, round_id)
        assert row.filters == {
            "rematch": True, "student_ids": ["q1"], "excluded_places": {"q1": ["pB"]},
        }  # fmt: skip
        assert rematch.is_rematch(row.filters)
        for p in repo.list_proposals(session, round_id, 1):
            p.decision = "accepted"  # as the reviewers would
        version = row.version
    with session_scope(engine) as session:
        lifecycle.publish_round(
            session, round_id, version=version, actor="bureau", site_url="http://t"
        )
    with Session(engine) as session:
        waiting = [e.student_id for e in q.list_waiting(session)]
        new = q.list_bpvs(session, round_id=round_id)
    assert waiting == ["q2"]
    assert [(r.student_id, r.place_id, r.status) for r in new] == [("q1", "pA", "voorgesteld")]


@pytest.mark.parametrize(
    ("student_ids", "message"),
    [(["r1"], "r1 staat niet in de rij"), (["q1", "nobody"], "nobody staat niet in de rij")],
)
def test_a_student_not_in_the_queue_is_refused_and_nothing_is_made(
    engine: Engine, student_ids: list[str], message: str
) -> None:
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match=message):
        rematch.create_rematch(
            session, student_ids=student_ids, bpv_start=TODAY, actor="b", site_url=SITE
        )
    with Session(engine) as session:
        assert len(repo.list_rounds(session)) == 1


def test_an_empty_queue_is_refused(engine: Engine, settings: Settings) -> None:
    with session_scope(engine) as session:
        q.resolve_waiting(session, ["q1", "q2"], round_id=1, on=TODAY)
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="niemand"):
        rematch.create_rematch(session, student_ids=None, bpv_start=TODAY, actor="b", site_url=SITE)
