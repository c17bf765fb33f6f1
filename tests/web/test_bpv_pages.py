"""The BPV pages: the jobcoach plans and records a kennismaking and an evaluation with plain
forms; the bureau's board shows the queue first; refused steps show a Dutch page and change
nothing; other roles do not get the pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from adapters import clock
from adapters.auth.demo_accounts import DemoAccount
from adapters.db import bpv_queries as q
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import RoundStatus
from adapters.flows import bpv as flow
from adapters.flows.rounds import lifecycle
from matcher.bpv.lifecycle import RecordKennismaking
from matcher.bpv.vocabulary import Verdict
from tests.adapters.flows.rounds.test_rematch import BUREAU
from tests.web.conftest import csrf_of, log_in

# s001 -> p001 at c01, s002 -> p002 at c02 (both in the demo jobcoach's caseload)
APPROVED = (("s001", "p001", "c01"), ("s002", "p002", "c02"))


def publish(engine: Engine, approved: tuple[tuple[str, str, str], ...] = APPROVED) -> None:
    """A round with these approved proposals, published (records are made)."""
    with session_scope(engine) as session:
        row = repo.add_round(
            session, name="najaar", filters={}, policy={},
            bpv_start=date(2026, 9, 1), actor="bureau",
        )  # fmt: skip
        assert row.id is not None
        repo.insert_proposals(
            session,
            [
                {
                    "round_id": row.id, "run": 1, "student_id": sid, "place_id": pid,
                    "company_id": cid, "status": "proposed", "decision": "accepted",
                    "terms": {}, "explanation": "", "unplaced_reason": "", "locked": False,
                }
                for sid, pid, cid in approved
            ],
        )  # fmt: skip
        repo.set_round_state(
            session, row.id, status=RoundStatus.IN_REVIEW.value, current_run=1, progress=100
        )
        version = repo.get_round(session, row.id).version
        lifecycle.publish_round(
            session, row.id, version=version, actor="bureau", site_url="http://test"
        )


def _bpv(engine: Engine, student_id: str) -> tuple[int, int]:
    with Session(engine) as session:
        [row] = q.list_bpvs(session, student_ids=[student_id])
        assert row.id is not None
        return row.id, row.version


def _today(client: TestClient) -> str:
    found = re.search(r'name="op" type="date" required value="([0-9-]+)"', client.get(
        "/jobcoach/bpv").text)  # fmt: skip
    assert found
    return found.group(1)


def test_the_jobcoach_records_a_kennismaking_and_the_bureau_sees_the_queue(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    log_in(web, accounts["jobcoach"])
    mine = web.get("/jobcoach/bpv")
    assert mine.status_code == 200
    assert "Joshua bij Garage De Eem" in mine.text
    assert "Rowina bij Zorgcentrum Het Baken" in mine.text  # the demo jobcoach coaches all five
    token = csrf_of(mine.text)
    today = _today(web)
    bpv_id, version = _bpv(engine, "s001")
    done = web.post(
        f"/jobcoach/bpv/{bpv_id}/kennismaking-plannen",
        data={"csrf_token": token, "version": version, "op": today, "mee": ["jobcoach"]},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert "Kennismaking gepland" in web.get("/jobcoach/bpv").text
    done = web.post(
        f"/jobcoach/bpv/{bpv_id}/kennismaking",
        data={
            "csrf_token": token, "version": version + 1, "gehad_op": today,
            "student": "niet_akkoord", "reden_student": "reistijd", "bedrijf": "akkoord",
            "opmerking": "Liever dichter bij huis",
        },
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303, done.text
    web.cookies.clear()
    log_in(web, accounts["bureau"])
    board = web.get("/bureau/bpv")
    assert board.status_code == 200
    assert "<td>Rowina</td><td>Zorgcentrum Het Baken</td>" in board.text  # names, not codes
    queue = board.text.split('id="wachtlijst"', 1)[1].split("<h2>", 1)[0]
    assert "Joshua" in queue
    assert "Na de kennismaking niet akkoord" in queue
    assert "wacht sinds vandaag" in queue
    assert "Zoekt een nieuwe plek (1)" in board.text
    assert "Voorgesteld (1)" in board.text


def test_a_refused_step_shows_a_dutch_page_and_changes_nothing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    log_in(web, accounts["jobcoach"])
    token = csrf_of(web.get("/jobcoach/bpv").text)
    bpv_id, version = _bpv(engine, "s001")
    cases = [
        ({"version": version + 5, "op": "2026-09-03"}, 409, "jij had versie 6"),
        ({"version": version, "op": "2026-02-30"}, 422, "geen geldige datum"),
        ({"version": version, "op": "2025-01-01"}, 422, "ligt vóór het voorstel"),
        ({"version": version, "op": "2026-09-03", "mee": ["iedereen"]}, 422, "onbekende keuze"),
    ]
    for data, status, words in cases:
        answer = web.post(
            f"/jobcoach/bpv/{bpv_id}/kennismaking-plannen", data={"csrf_token": token, **data}
        )
        assert answer.status_code == status, (data, answer.text[:300])
        assert words in answer.text, (data, answer.text[:600])
        assert "text/html" in answer.headers["content-type"]
    assert _bpv(engine, "s001") == (bpv_id, version)
    evaluation = web.post(
        f"/jobcoach/bpv/{bpv_id}/evaluatie",
        data={"csrf_token": token, "version": version, "gehouden_op": "2026-09-03"},
    )
    assert evaluation.status_code == 422
    assert "als de BPV gestart is" in evaluation.text


def test_only_staff_get_the_pages(web: TestClient, accounts: dict[str, DemoAccount]) -> None:
    publish(web.app.state.engine)  # type: ignore[attr-defined]
    for who, url, status in (
        ("bedrijf", "/jobcoach/bpv", 403),
        ("student", "/jobcoach/bpv", 403),
        ("jobcoach", "/bureau/bpv", 403),
        ("beheer", "/bureau/bpv", 403),
    ):
        web.cookies.clear()
        log_in(web, accounts[who])
        assert web.get(url).status_code == status, (who, url)


def test_a_minor_signs_with_a_parent_through_the_forms(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine, (("s004", "p003", "c04"),))  # s004 is 17
    log_in(web, accounts["jobcoach"])
    token = csrf_of(web.get("/jobcoach/bpv").text)
    today = _today(web)
    bpv_id, _ = _bpv(engine, "s004")
    for path, data in (
        ("kennismaking-plannen", {"op": today}),
        ("kennismaking", {"gehad_op": today, "student": "akkoord", "bedrijf": "akkoord"}),
    ):
        version = _bpv(engine, "s004")[1]
        done = web.post(
            f"/jobcoach/bpv/{bpv_id}/{path}",
            data={"csrf_token": token, "version": version, **data},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
    version = _bpv(engine, "s004")[1]
    alone = web.post(
        f"/jobcoach/bpv/{bpv_id}/overeenkomst",
        data={"csrf_token": token, "version": version, "getekend_op": today},
    )
    assert alone.status_code == 422
    assert "nog geen 18 jaar" in alone.text
    assert _bpv(engine, "s004")[1] == version
    signed = web.post(
        f"/jobcoach/bpv/{bpv_id}/overeenkomst",
        data={"csrf_token": token, "version": version, "getekend_op": today, "ouder": "R. Smit"},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    assert "Praktijkovereenkomst getekend" in web.get("/jobcoach/bpv").text


def test_the_bureau_starts_a_rematch_from_the_board(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    log_in(web, accounts["bureau"])
    token = csrf_of(web.get("/bureau/bpv").text)
    empty = web.post(
        "/bureau/bpv/herplaatsing", data={"csrf_token": token, "bpv_start": "2026-10-01"}
    )
    assert empty.status_code == 422, empty.text[:300]
    assert "Er wacht niemand op een nieuwe plek" in empty.text
    web.cookies.clear()
    log_in(web, accounts["jobcoach"])
    coach_token = csrf_of(web.get("/jobcoach/bpv").text)
    today = _today(web)
    bpv_id, version = _bpv(engine, "s001")
    for path, data in (
        ("kennismaking-plannen", {"version": version, "op": today}),
        ("kennismaking", {"version": version + 1, "gehad_op": today, "student": "akkoord",
                          "bedrijf": "niet_akkoord", "reden_bedrijf": "uren_passen_niet"}),
    ):  # fmt: skip
        done = web.post(
            f"/jobcoach/bpv/{bpv_id}/{path}", data={"csrf_token": coach_token, **data},
            follow_redirects=False,
        )  # fmt: skip
        assert done.status_code == 303, done.text[:300]
    web.cookies.clear()
    log_in(web, accounts["bureau"])
    board = web.get("/bureau/bpv").text
    assert 'name="studenten" value="s001"' in board
    token = csrf_of(board)
    stranger = web.post(
        "/bureau/bpv/herplaatsing",
        data={"csrf_token": token, "bpv_start": "2026-10-01", "studenten": ["s002"]},
    )
    assert stranger.status_code == 422
    assert "s002 staat niet in de rij" in stranger.text
    with Session(engine) as session:
        assert len(repo.list_rounds(session)) == 1  # nothing was made
    started = web.post(
        "/bureau/bpv/herplaatsing",
        data={"csrf_token": token, "bpv_start": "2026-10-01", "studenten": ["s001"]},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text[:300]
    round_page = web.get(started.headers["location"])
    assert round_page.status_code == 200
    assert "<strong>Herplaatsing</strong>" in round_page.text


def test_the_board_lists_late_evaluations_first(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    today = clock.today()
    past = today - timedelta(days=30)
    with clock.use_clock(clock.FixedClock(datetime.combine(past, time(9), tzinfo=UTC))):
        publish(engine)
    bpv_id, v = _bpv(engine, "s001")
    day = past + timedelta(days=1)
    akkoord = RecordKennismaking(day, Verdict.AKKOORD, Verdict.AKKOORD)
    moments = (today - timedelta(days=10), today - timedelta(days=1), today + timedelta(days=20))
    with session_scope(engine) as session:
        steps = (
            lambda v: flow.plan_kennismaking(
                session, BUREAU, bpv_id, version=v, today=today, on=day, site_url="http://t"
            ),
            lambda v: flow.record_kennismaking(
                session, BUREAU, bpv_id, version=v, today=today, command=akkoord
            ),
            lambda v: flow.sign_agreement(
                session, BUREAU, bpv_id, version=v, today=today, signed_on=day
            ),
            lambda v: flow.start(session, BUREAU, bpv_id, version=v, today=today, started_on=day),
            lambda v: flow.plan_evaluations(
                session, BUREAU, bpv_id, version=v, today=today, dates=moments
            ),
        )
        for step in steps:
            v = step(v).version
    log_in(web, accounts["bureau"])
    board = web.get("/bureau/bpv").text
    late = board[board.index('id="te-laat"') : board.index("Alle BPV's per stap")]
    assert "Joshua" in late
    assert "10 dagen" in late  # ten days past: late
    assert late.count("<tr>") == 2  # the header and one moment (yesterday is within the grace)
    assert "Rowina" not in late  # not started: nothing is late


def test_the_jobcoach_plans_evaluation_moments_on_the_page(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    bpv_id, v = _bpv(engine, "s001")
    today = clock.today()
    akkoord = RecordKennismaking(today, Verdict.AKKOORD, Verdict.AKKOORD)
    with session_scope(engine) as session:
        v = flow.plan_kennismaking(
            session, BUREAU, bpv_id, version=v, today=today, on=today, site_url="http://t"
        ).version
        v = flow.record_kennismaking(
            session, BUREAU, bpv_id, version=v, today=today, command=akkoord
        ).version
        v = flow.sign_agreement(
            session, BUREAU, bpv_id, version=v, today=today, signed_on=today
        ).version
    log_in(web, accounts["jobcoach"])
    token = csrf_of(web.get("/jobcoach/bpv").text)
    url = f"/jobcoach/bpv/{bpv_id}/evaluaties-plannen"
    later = [(today + timedelta(days=d)).isoformat() for d in (30, 60)]
    for momenten, says in (
        (["", ""], "Kies ten minste één datum"),
        (["1 maart"], "geen geldige datum"),
        ([(today - timedelta(days=1)).isoformat()], "ligt vóór"),
    ):
        refused = web.post(
            url, data={"csrf_token": token, "version": str(v), "momenten": momenten},
            follow_redirects=False,
        )  # fmt: skip
        assert refused.status_code == 422, refused.text[:300]
        assert says in refused.text
        assert _bpv(engine, "s001") == (bpv_id, v)  # nothing changed
    done = web.post(
        url, data={"csrf_token": token, "version": str(v), "momenten": [later[1], "", later[0]]},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    with Session(engine) as session:
        assert q.get_bpv(session, bpv_id).evaluations_planned == later
    html = web.get("/jobcoach/bpv").text
    assert f'value="{later[0]}"' in html
