"""The student's "Mijn BPV" and the company's "Onze BPV's": each sees only their own BPVs with
the place, days, hours, start and contacts; the student says yes or no before the kennismaking
(no with a reason queues them); the praktijkopleider fills the evaluation of a running BPV.
Refused steps are Dutch 4xx pages that change nothing; other roles and visitors get nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from adapters import clock
from adapters.auth.demo_accounts import DemoAccount
from adapters.db import bpv_queries as q
from adapters.db.engine import session_scope
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from matcher.privacy.consent import Method
from matcher.privacy.vocabulary import Purpose
from tests.web.conftest import csrf_of, log_in
from tests.web.test_bpv_pages import publish


def _row(engine: Engine, student_id: str) -> tuple[int, int, str]:
    with Session(engine) as session:
        [row] = q.list_bpvs(session, student_ids=[student_id])
        assert row.id is not None
        return row.id, row.version, row.status


def _consent(engine: Engine, student_id: str) -> None:
    with session_scope(engine) as session:
        consent.give(
            session, student_id=student_id, purpose=Purpose.MATCHING, recipient="c01",
            text_version="v1", shown_text="Mag dit bedrijf zien wat jou helpt?",
            recorded_by=Actor("test"), method=Method.WRITTEN, actively_given=True,
        )  # fmt: skip


def _as(web: TestClient, account: DemoAccount, url: str) -> str:
    web.cookies.clear()
    log_in(web, account)
    page = web.get(url)
    assert page.status_code == 200, page.text[:300]
    return page.text


def _start(web: TestClient, accounts: dict[str, DemoAccount], student_id: str) -> None:
    """The jobcoach takes the BPV through kennismaking, agreement and start (today)."""
    engine = web.app.state.engine  # type: ignore[attr-defined]
    token = csrf_of(_as(web, accounts["jobcoach"], "/jobcoach/bpv"))
    today = clock.today().isoformat()
    steps = (
        ("kennismaking-plannen", {"op": today}),
        ("kennismaking", {"gehad_op": today, "student": "akkoord", "bedrijf": "akkoord"}),
        ("overeenkomst", {"getekend_op": today}),
        ("start", {"gestart_op": today}),
    )
    for path, data in steps:
        bpv_id, version, _ = _row(engine, student_id)
        done = web.post(
            f"/jobcoach/bpv/{bpv_id}/{path}",
            data={"csrf_token": token, "version": str(version), **data},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text[:400]


def test_the_student_sees_only_their_own_bpv_with_place_and_contacts(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    publish(web.app.state.engine)  # type: ignore[attr-defined]
    html = _as(web, accounts["student"], "/student/bpv")
    assert "Garage De Eem" in html  # s001's company
    assert "Zorgcentrum Het Baken" not in html  # s002's BPV is not theirs
    assert "1 september 2026" in html  # the round's planned start
    assert "jobcoach@" in html  # whom to ask
    assert "uur per week" in html
    assert "Wil je kennismaken met Garage De Eem?" in html


def test_the_student_says_no_with_a_reason_and_enters_the_queue(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    token = csrf_of(_as(web, accounts["student"], "/student/bpv"))
    bpv_id, version, _ = _row(engine, "s001")
    url = f"/student/bpv/{bpv_id}/antwoord"
    for data, status, says in (
        ({"antwoord": "niet_akkoord"}, 422, "Kies een reden waarom je deze plek niet wilt"),
        ({"antwoord": "misschien"}, 422, "Kies of je deze plek wilt of niet"),
        ({"antwoord": "niet_akkoord", "reden": "bestaat_niet"}, 422, "Kies een reden uit"),
        ({"antwoord": "akkoord", "version": str(version + 5)}, 409, "Er is niets veranderd"),
    ):
        refused = web.post(
            url, data={"csrf_token": token, "version": str(version), **data},
            follow_redirects=False,
        )  # fmt: skip
        assert refused.status_code == status, (data, refused.text[:300])
        assert says in refused.text
        assert "Traceback" not in refused.text
        assert _row(engine, "s001") == (bpv_id, version, "voorgesteld")  # nothing changed
    other, other_version, _ = _row(engine, "s002")
    foreign = web.post(
        f"/student/bpv/{other}/antwoord",
        data={"csrf_token": token, "version": str(other_version), "antwoord": "akkoord"},
        follow_redirects=False,
    )
    assert foreign.status_code == 403
    assert _row(engine, "s002")[2] == "voorgesteld"
    no = web.post(
        url,
        data={"csrf_token": token, "version": str(version), "antwoord": "niet_akkoord",
              "reden": "reistijd"},
        follow_redirects=False,
    )  # fmt: skip
    assert no.status_code == 303, no.text[:300]
    assert _row(engine, "s001")[2] == "zoekt_nieuwe_plek"
    with Session(engine) as session:
        [waiting] = q.list_waiting(session, ["s001"])
        assert (waiting.cause, waiting.entered_on) == ("plek_geweigerd", clock.today())
    html = web.get("/student/bpv").text
    assert "School zoekt samen met jou een nieuwe plek" in html
    board = _as(web, accounts["bureau"], "/bureau/bpv")
    assert "De student wil deze plek niet" in board


def test_a_yes_keeps_the_place_and_staff_cannot_answer_for_the_student(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    bpv_id, version, _ = _row(engine, "s001")
    token = csrf_of(_as(web, accounts["jobcoach"], "/jobcoach/bpv"))
    staff = web.post(
        f"/student/bpv/{bpv_id}/antwoord",
        data={"csrf_token": token, "version": str(version), "antwoord": "niet_akkoord",
              "reden": "reistijd"},
        follow_redirects=False,
    )  # fmt: skip
    assert staff.status_code == 403
    token = csrf_of(_as(web, accounts["student"], "/student/bpv"))
    yes = web.post(
        f"/student/bpv/{bpv_id}/antwoord",
        data={"csrf_token": token, "version": str(version), "antwoord": "akkoord"},
        follow_redirects=False,
    )
    assert yes.status_code == 303
    with Session(engine) as session:
        row = q.get_bpv(session, bpv_id)
        assert (row.status, row.student_answer) == ("voorgesteld", "akkoord")
        assert q.list_waiting(session, ["s001"]) == []
    assert "Je hebt gezegd dat je wilt kennismaken" in web.get("/student/bpv").text


def test_the_company_sees_its_students_and_fills_the_evaluation(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    html = _as(web, accounts["bedrijf"], "/bedrijf/bpv")
    assert "Student (naam nog niet gedeeld)" in html  # no consent yet: no name
    assert "Joshua" not in html
    assert "Rowina" not in html  # c02's BPV is not theirs
    assert "Zorgcentrum" not in html
    assert "Evaluatie door de praktijkopleider" not in html  # not started yet
    _consent(engine, "s001")
    _start(web, accounts, "s001")
    html = _as(web, accounts["bedrijf"], "/bedrijf/bpv")
    assert "Joshua" in html
    assert "jobcoach@" in html  # the contact at school
    assert "Evaluatie door de praktijkopleider" in html
    token = csrf_of(html)
    bpv_id, version, _ = _row(engine, "s001")
    scales = {f"schaal_{s}": "4" for s in ("wat_gaat_goed", "werk", "samenwerken", "leren")}
    url = f"/bedrijf/bpv/{bpv_id}/evaluatie"
    today = clock.today().isoformat()
    missing = web.post(
        url, data={"csrf_token": token, "version": str(version), "gehouden_op": today, **scales},
        follow_redirects=False,
    )  # fmt: skip
    assert missing.status_code == 422
    assert "Hoe is de energie na een werkdag?" in missing.text
    bad_date = web.post(
        url,
        data={"csrf_token": token, "version": str(version), "gehouden_op": "gisteren",
              **scales, "schaal_energie": "3"},
        follow_redirects=False,
    )  # fmt: skip
    assert bad_date.status_code == 422
    assert "geen geldige datum" in bad_date.text
    bad_answer = web.post(
        url,
        data={"csrf_token": token, "version": str(version), "gehouden_op": today,
              **scales, "schaal_energie": "3", "weer_een_student": "misschien"},
        follow_redirects=False,
    )  # fmt: skip
    assert bad_answer.status_code == 422
    assert "weer een student" in bad_answer.text
    assert _row(engine, "s001")[1] == version  # nothing changed
    done = web.post(
        url,
        data={"csrf_token": token, "version": str(version), "gehouden_op": today,
              **scales, "schaal_energie": "2", "signalen": "vermoeidheid",
              "weer_een_student": "ja"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303, done.text[:300]
    with Session(engine) as session:
        row = q.get_bpv(session, bpv_id)
        assert row.evaluations_held == 1
        [held] = q.list_evaluations(session, bpv_id)
        assert "praktijkopleider" in held.participants
        assert (held.signals, held.energie, held.would_host_again) == ("vermoeidheid", 2, True)


def test_a_company_cannot_evaluate_another_companys_bpv(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    _start(web, accounts, "s002")  # at c02, not the demo company c01
    token = csrf_of(_as(web, accounts["bedrijf"], "/bedrijf/bpv"))
    bpv_id, version, _ = _row(engine, "s002")
    scales = {f"schaal_{s}": "4" for s in ("wat_gaat_goed", "werk", "samenwerken", "leren",
                                           "energie")}  # fmt: skip
    refused = web.post(
        f"/bedrijf/bpv/{bpv_id}/evaluatie",
        data={"csrf_token": token, "version": str(version),
              "gehouden_op": clock.today().isoformat(), **scales},
        follow_redirects=False,
    )  # fmt: skip
    assert refused.status_code == 403
    assert _row(engine, "s002")[1] == version


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("jobcoach", "/student/bpv"),
        ("bureau", "/student/bpv"),
        ("bedrijf", "/student/bpv"),
        ("beheer", "/student/bpv"),
        ("student", "/bedrijf/bpv"),
        ("jobcoach", "/bedrijf/bpv"),
        ("beheer", "/bedrijf/bpv"),
    ],
)
def test_other_roles_do_not_get_the_pages(
    web: TestClient, accounts: dict[str, DemoAccount], who: str, url: str
) -> None:
    publish(web.app.state.engine)  # type: ignore[attr-defined]
    web.cookies.clear()
    log_in(web, accounts[who])
    got = web.get(url, follow_redirects=False)
    assert got.status_code == 403
    assert "Garage De Eem" not in got.text


@pytest.mark.parametrize("url", ["/student/bpv", "/bedrijf/bpv"])
def test_a_visitor_is_sent_to_the_login(web: TestClient, url: str) -> None:
    got = web.get(url, follow_redirects=False)
    assert got.status_code in (303, 401)
    assert "Garage" not in got.text


def test_the_company_says_akkoord_after_the_kennismaking_and_school_sees_it(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    publish(engine)
    html = _as(web, accounts["bedrijf"], "/bedrijf/bpv")
    assert "willen jullie deze student een BPV-plek geven?" not in html  # nothing planned yet
    token = csrf_of(_as(web, accounts["jobcoach"], "/jobcoach/bpv"))
    bpv_id, version, _ = _row(engine, "s001")
    planned = web.post(
        f"/jobcoach/bpv/{bpv_id}/kennismaking-plannen",
        data={"csrf_token": token, "version": str(version), "op": clock.today().isoformat()},
        follow_redirects=False,
    )
    assert planned.status_code == 303
    html = _as(web, accounts["bedrijf"], "/bedrijf/bpv")
    assert "willen jullie deze student een BPV-plek geven?" in html
    token = csrf_of(html)
    bpv_id, version, _ = _row(engine, "s001")
    url = f"/bedrijf/bpv/{bpv_id}/kennismaking"
    for data, says in (
        ({"oordeel": "niet_akkoord"}, "Kies een reden waarom het bedrijf niet akkoord is"),
        ({"oordeel": "twijfel"}, "Kies of jullie akkoord zijn of niet akkoord"),
    ):
        refused = web.post(
            url, data={"csrf_token": token, "version": str(version), **data},
            follow_redirects=False,
        )  # fmt: skip
        assert refused.status_code == 422
        assert says in refused.text
    assert _row(engine, "s001") == (bpv_id, version, "kennismaking_gepland")
    other, other_version, _ = _row(engine, "s002")  # at c02, not theirs
    foreign = web.post(
        f"/bedrijf/bpv/{other}/kennismaking",
        data={"csrf_token": token, "version": str(other_version), "oordeel": "akkoord"},
        follow_redirects=False,
    )
    assert foreign.status_code == 403
    yes = web.post(
        url, data={"csrf_token": token, "version": str(version), "oordeel": "akkoord"},
        follow_redirects=False,
    )  # fmt: skip
    assert yes.status_code == 303
    assert "Jullie hebben gezegd dat jullie akkoord zijn" in web.get("/bedrijf/bpv").text
    coach = _as(web, accounts["jobcoach"], "/jobcoach/bpv")
    assert "Het bedrijf zei zelf al: akkoord." in coach
