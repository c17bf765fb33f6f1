"""The beheer pages (issue 16, Build 4 and Major defect 4): accounts and the audit status.

The beheer account lands on its own page, manages accounts through forms that carry the CSRF
token, every change is in the privacy log with the admin as actor, bad input changes nothing,
a switched-off account stops at once, and nobody else gets in or sees account data.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from adapters.auth.accounts import set_caseload
from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.auth.sessions import create_token
from adapters.db.engine import session_scope
from adapters.db.privacy_models import AccountRow, CaseloadRow, PrivacyEventRow
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from api.web.pages_beheer import dutch_time
from matcher.privacy.vocabulary import Action
from tests.factories import example_population
from tests.web.a11y import problems
from tests.web.conftest import csrf_of, log_in, post_login

OTHER_ROLES = ("bureau", "jobcoach", "begeleider", "student", "bedrijf")


def _engine(client: TestClient) -> Any:
    return client.app.state.engine  # type: ignore[attr-defined]


def _row(client: TestClient, email: str) -> AccountRow:
    with Session(_engine(client)) as session:
        row = session.exec(select(AccountRow).where(AccountRow.email == email)).one()
        session.expunge(row)
        return row


def _events(client: TestClient, action: Action) -> list[PrivacyEventRow]:
    with Session(_engine(client)) as session:
        rows = session.exec(
            select(PrivacyEventRow)
            .where(PrivacyEventRow.action == action.value)
            .order_by(col(PrivacyEventRow.id))
        ).all()
        for r in rows:
            session.expunge(r)
        return list(rows)


def _count(client: TestClient) -> int:
    with Session(_engine(client)) as session:
        return len(session.exec(select(AccountRow.id)).all())


def _admin(web: TestClient, accounts: dict[str, DemoAccount]) -> str:
    """Log the beheer account in on ``web``; returns the CSRF token of its forms."""
    assert log_in(web, accounts["beheer"]) == "/beheer"
    return csrf_of(web.get("/beheer").text)


def _other(web: TestClient) -> TestClient:
    """A second browser on the same app (its own cookies)."""
    return TestClient(web.app)


def _create(web: TestClient, csrf: str, **form: str) -> Any:
    data = {"csrf_token": csrf, "display_name": "", "institution": "", **form}
    return web.post("/beheer/accounts", data=data)


def _password_of(html: str) -> str:
    found = re.search(r'<code id="wachtwoord">([^<]+)</code>', html)
    assert found, "the result page shows no password"
    return found.group(1)


def test_beheer_login_lands_on_the_account_list(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    assert log_in(web, accounts["beheer"]) == "/beheer"
    start = web.get("/", follow_redirects=False)
    assert start.headers["location"] == "/beheer"
    page = web.get("/beheer")
    assert page.status_code == 200
    assert "<h1>Beheer: accounts</h1>" in page.text
    rows = re.findall(r"<tr>\s*<td><a href=\"/beheer/accounts/\d+\">([^<]+)</a>", page.text)
    assert sorted(rows) == sorted(a.email for a in accounts.values())
    assert "Jobcoach" in page.text
    assert "Nog nooit" in page.text
    assert problems(page.text) == []
    found = web.get("/beheer", params={"zoek": "jobcoach"}).text
    assert "jobcoach@" in found
    assert "bureau@" not in found


def test_create_shows_the_password_once_stores_a_hash_and_logs(
    web: TestClient, accounts: dict[str, DemoAccount], caplog: pytest.LogCaptureFixture
) -> None:
    csrf = _admin(web, accounts)
    caplog.set_level(logging.DEBUG)
    answer = _create(
        web, csrf, email="Nieuw@School.nl", display_name="Nieuwe Coach", role="jobcoach"
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    password = _password_of(answer.text)
    assert len(password) >= 12
    assert problems(answer.text) == []
    row = _row(web, "nieuw@school.nl")
    assert row.password_hash != password
    assert password not in row.password_hash
    assert row.roles == "jobcoach"
    assert row.active
    assert row.institution == "demo-roc"
    assert password not in caplog.text
    # shown once: the account page and the list never show it again
    assert password not in web.get(f"/beheer/accounts/{row.id}").text
    assert password not in web.get("/beheer").text
    created = _events(web, Action.ACCOUNT_CREATED)
    assert [e.motivation for e in created] == [f"account #{row.id} gemaakt met rol jobcoach"]
    assert created[0].actor_id == _row(web, accounts["beheer"].email).id
    assert all(password not in (e.motivation + e.actor) for e in created)
    fresh = _other(web)
    assert log_in(fresh, DemoAccount("nieuw@school.nl", password, ())) == "/jobcoach"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "jobcoach@demo.passendeplek.invalid", "role": "bureau"}, "Er is al een account"),
        ({"email": "a@b.nl", "role": "baas"}, "De rol &#39;baas&#39; bestaat niet"),
        (
            {"email": "a@b.nl", "role": "student", "student_code": "s999"},
            "studentcode bestaat niet: s999",
        ),
        (
            {"email": "a@b.nl", "role": "company", "company_code": "c99"},
            "bedrijfscode c99 bestaat niet",
        ),
        (
            {"email": "geen-adres", "role": "bureau"},
            "Het e-mailadres &#39;geen-adres&#39; klopt niet",
        ),
    ],
)
def test_bad_input_on_create_names_the_problem_and_makes_nothing(
    web: TestClient, accounts: dict[str, DemoAccount], form: dict[str, str], message: str
) -> None:
    csrf = _admin(web, accounts)
    before = _count(web)
    answer = _create(web, csrf, **form)
    assert answer.status_code in (409, 422)
    assert message in answer.text
    assert "Er is niets veranderd." in answer.text
    assert 'id="wachtwoord"' not in answer.text
    assert _count(web) == before
    assert _events(web, Action.ACCOUNT_CREATED) == []


def test_a_disabled_account_is_refused_at_once_session_and_token(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    csrf = _admin(web, accounts)
    coach = _other(web)
    assert log_in(coach, accounts["jobcoach"]) == "/jobcoach"
    assert coach.get("/jobcoach").status_code == 200
    coach_id = _row(web, accounts["jobcoach"].email).id
    assert coach_id is not None
    with session_scope(_engine(web)) as session:
        token = create_token(session, coach_id, name="script")
    assert web.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    done = web.post(f"/beheer/accounts/{coach_id}/uitzetten", data={"csrf_token": csrf})
    assert done.status_code == 200
    assert "Het account staat uit." in done.text
    assert '<dd id="staat">Uit</dd>' in done.text
    refused = coach.get("/jobcoach", follow_redirects=False)
    assert refused.status_code == 303
    assert refused.headers["location"].startswith("/login")
    assert (
        TestClient(web.app).get("/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert (
        post_login(
            _other(web), accounts["jobcoach"].email, accounts["jobcoach"].password
        ).status_code
        == 401
    )
    assert [e.motivation for e in _events(web, Action.ACCOUNT_DISABLED)] == [
        f"account #{coach_id} uitgezet; 2 sessies en sleutels beëindigd"
    ]

    again = web.post(f"/beheer/accounts/{coach_id}/aanzetten", data={"csrf_token": csrf})
    assert '<dd id="staat">Aan</dd>' in again.text
    # switching it on again never revives the old session or token
    assert coach.get("/jobcoach", follow_redirects=False).status_code == 303
    assert (
        TestClient(web.app).get("/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert log_in(_other(web), accounts["jobcoach"]) == "/jobcoach"
    assert len(_events(web, Action.ACCOUNT_ENABLED)) == 1


def test_the_last_admin_cannot_switch_itself_off_or_drop_its_role(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    csrf = _admin(web, accounts)
    me = _row(web, accounts["beheer"].email).id
    answer = web.post(f"/beheer/accounts/{me}/uitzetten", data={"csrf_token": csrf})
    assert answer.status_code == 422
    assert (
        "Je kunt dit account niet uitzetten: dit is het laatste actieve beheeraccount."
        in answer.text
    )
    assert "Er is niets veranderd." in answer.text
    role = web.post(f"/beheer/accounts/{me}/rol", data={"csrf_token": csrf, "role": "bureau"})
    assert role.status_code == 422
    assert "Je kunt de rol niet veranderen: dit is het laatste actieve" in role.text
    row = _row(web, accounts["beheer"].email)
    assert row.active
    assert row.roles == "admin"
    assert web.get("/beheer").status_code == 200
    assert _events(web, Action.ACCOUNT_DISABLED) == _events(web, Action.ROLE_CHANGED) == []


def test_role_caseload_company_and_reset_each_work_and_are_logged(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    csrf = _admin(web, accounts)
    admin_id = _row(web, accounts["beheer"].email).id
    coach = _row(web, accounts["begeleider"].email)

    # caseload by code; an unknown code changes nothing
    bad = web.post(
        f"/beheer/accounts/{coach.id}/studenten", data={"csrf_token": csrf, "codes": "s001, s777"}
    )
    assert bad.status_code == 422
    assert "Deze studentcode bestaat niet: s777." in bad.text
    good = web.post(
        f"/beheer/accounts/{coach.id}/studenten", data={"csrf_token": csrf, "codes": "s002 s001"}
    )
    assert '<dd id="studenten-nu">s001, s002 (2)</dd>' in good.text
    assert problems(good.text) == []
    with Session(_engine(web)) as session:
        linked = session.exec(
            select(CaseloadRow.student_id).where(CaseloadRow.account_id == coach.id)
        ).all()
    assert sorted(linked) == ["s001", "s002"]
    logged = _events(web, Action.CASELOAD_CHANGED)
    assert [(e.student_id, e.motivation, e.actor_id) for e in logged] == [
        ("s001", f"gekoppeld aan account #{coach.id}", admin_id),
        ("s002", f"gekoppeld aan account #{coach.id}", admin_id),
    ]
    begeleider = _other(web)
    log_in(begeleider, accounts["begeleider"])
    caseload_page = begeleider.get("/jobcoach").text
    assert "/jobcoach/studenten/s001" in caseload_page
    assert "/jobcoach/studenten/s003" not in caseload_page

    # role
    web.post(f"/beheer/accounts/{coach.id}/rol", data={"csrf_token": csrf, "role": "bureau"})
    assert _row(web, coach.email).roles == "bureau"
    assert [e.motivation for e in _events(web, Action.ROLE_CHANGED)] == [
        f"account #{coach.id}: rol begeleider -> bureau"
    ]
    assert begeleider.get("/", follow_redirects=False).headers["location"] == "/bureau"
    same = web.post(f"/beheer/accounts/{coach.id}/rol", data={"csrf_token": csrf, "role": "bureau"})
    assert same.status_code == 422
    assert "Het account heeft de rol BPV-bureau al." in same.text
    assert len(_events(web, Action.ROLE_CHANGED)) == 1

    # company link
    company = _row(web, accounts["bedrijf"].email)
    wrong = web.post(
        f"/beheer/accounts/{company.id}/bedrijf", data={"csrf_token": csrf, "company_code": "c77"}
    )
    assert wrong.status_code == 422
    assert "De bedrijfscode c77 bestaat niet." in wrong.text
    assert _row(web, company.email).company_id == "c01"
    moved = web.post(
        f"/beheer/accounts/{company.id}/bedrijf", data={"csrf_token": csrf, "company_code": "c02"}
    )
    assert '<dd id="bedrijf-nu">c02</dd>' in moved.text
    assert [e.motivation for e in _events(web, Action.COMPANY_LINKED)] == [
        f"account #{company.id}: bedrijf c01 -> c02"
    ]

    # reset: a new password shown once, the old one and the old session stop
    student = _other(web)
    log_in(student, accounts["student"])
    student_id = _row(web, accounts["student"].email).id
    reset = web.post(f"/beheer/accounts/{student_id}/wachtwoord", data={"csrf_token": csrf})
    assert reset.headers["cache-control"] == "no-store"
    new_password = _password_of(reset.text)
    assert student.get("/student", follow_redirects=False).status_code == 303
    assert (
        post_login(_other(web), accounts["student"].email, accounts["student"].password).status_code
        == 401
    )
    assert (
        log_in(_other(web), DemoAccount(accounts["student"].email, new_password, ())) == "/student"
    )
    assert len(_events(web, Action.PASSWORD_RESET)) == 1
    assert all(new_password not in e.motivation for e in _events(web, Action.PASSWORD_RESET))


def _beheer_routes(client: TestClient) -> list[tuple[str, str]]:
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    return sorted(
        (method.upper(), path)
        for path, ops in paths.items()
        for method in ops
        if path.startswith(("/beheer", "/accounts", "/audit"))
    )


def test_other_roles_and_anonymous_are_refused_everywhere_and_see_no_accounts(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    routes = _beheer_routes(web)
    assert len(routes) == 22, routes
    target = _row(web, accounts["jobcoach"].email).id
    foreign = [a.email for a in accounts.values()]
    before = _count(web)
    with session_scope(_engine(web)) as session:  # the begeleider's home page needs a caseload
        set_caseload(session, _row(web, accounts["begeleider"].email).id or 0, ["s005"])
    for role in ("anoniem", *OTHER_ROLES):
        client = _other(web)
        csrf = ""
        if role != "anoniem":
            csrf = csrf_of(client.get(log_in(client, accounts[role])).text)
        for method, path in routes:
            url = path.replace("{account_id}", str(target))
            data = {"csrf_token": csrf, "email": "x@y.nl", "role": "admin", "codes": "s001"}
            answer = client.request(
                method, url, data=data if method == "POST" else None, follow_redirects=False
            )
            if role == "anoniem":
                ok = answer.status_code == 401 or (
                    answer.status_code == 303 and answer.headers["location"].startswith("/login")
                )
            else:
                ok = answer.status_code == 403
            assert ok, f"{role} {method} {path}: {answer.status_code}"
            others = [e for e in foreign if role == "anoniem" or not e.startswith(role + "@")]
            assert not any(e in answer.text for e in others), f"{role} {method} {path}"
            assert 'wachtwoord">' not in answer.text
    assert _count(web) == before
    row = _row(web, accounts["jobcoach"].email)
    assert row.active
    assert row.roles == "jobcoach"


def _tamper(client: TestClient, statement: str) -> None:
    """Someone with the database file: drop the append-only triggers and edit a row."""
    with _engine(client).begin() as conn:
        for verb in ("update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS privacy_event_no_{verb}")
        conn.exec_driver_sql(statement)


def test_audit_status_says_ok_then_names_the_first_break(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    _admin(web, accounts)
    ok = web.get("/beheer/audit")
    assert ok.status_code == 200
    assert "In orde: geen enkele rij is veranderd" in ok.text
    hashes = re.findall(r"<td><code>([0-9a-f]{64})</code></td>", ok.text)
    assert len(hashes) == 3
    assert "privacy_event" in ok.text
    assert "round_event" in ok.text
    assert "bpv_event" in ok.text
    assert problems(ok.text) == []
    with Session(_engine(web)) as session:
        first = session.exec(select(PrivacyEventRow.id).order_by(col(PrivacyEventRow.id))).first()
    _tamper(web, f"UPDATE privacy_event SET actor = 'iemand anders' WHERE id = {first}")
    broken = web.get("/beheer/audit")
    assert "Niet in orde: de keten van het privacylog (privacy_event) is gebroken." in broken.text
    assert f"rij {first} is veranderd" in broken.text


def test_json_api_uses_the_same_flows(web: TestClient, accounts: dict[str, DemoAccount]) -> None:
    admin_id = _row(web, accounts["beheer"].email).id
    assert admin_id is not None
    with session_scope(_engine(web)) as session:
        token = create_token(session, admin_id, name="beheer")
    auth = {"Authorization": f"Bearer {token}"}
    made = web.post("/accounts", json={"email": "api@school.nl", "role": "bureau"}, headers=auth)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["account"]["roles"] == ["bureau"]
    assert len(body["password"]) >= 12
    listed = web.get("/accounts", params={"q": "api@"}, headers=auth).json()
    assert [a["email"] for a in listed] == ["api@school.nl"]
    assert "password" not in listed[0]
    dup = web.post("/accounts", json={"email": "api@school.nl", "role": "bureau"}, headers=auth)
    assert dup.status_code == 409
    assert "api@school.nl" in dup.json()["detail"]
    off = web.post(f"/accounts/{body['account']['account_id']}/disable", headers=auth)
    assert off.json()["active"] is False
    status = web.get("/audit/status", headers=auth).json()
    assert status["ok"] is True
    assert len(status["chains"]) == 3  # privacy, round and bpv events


def test_times_are_shown_in_dutch_local_time() -> None:
    winter = datetime(2026, 12, 2, 0, 30)  # naive UTC, as SQLite hands it back
    summer = datetime(2026, 7, 1, 22, 5, tzinfo=UTC)
    assert dutch_time(winter) == "02-12-2026 01:30"
    assert dutch_time(summer) == "02-07-2026 00:05"
    assert dutch_time(summer, with_time=False) == "02-07-2026"
    assert dutch_time(None) == "Nog nooit"


def test_the_flows_work_on_sqlite_and_postgresql(db_url: str) -> None:
    settings = Settings(database_url=db_url, broker_url=None, session_cookie_secure=False)
    with TestClient(create_app(settings)) as client:
        with session_scope(_engine(client)) as session:
            save_population(session, example_population())
        with session_scope(_engine(client)) as session:
            made = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
        csrf = _admin(client, made)
        answer = _create(client, csrf, email="pg@school.nl", role="begeleider")
        new_id = _row(client, "pg@school.nl").id
        assert _password_of(answer.text)
        client.post(
            f"/beheer/accounts/{new_id}/studenten", data={"csrf_token": csrf, "codes": "s003"}
        )
        client.post(f"/beheer/accounts/{new_id}/uitzetten", data={"csrf_token": csrf})
        listed = client.get("/beheer", params={"zoek": "pg@"}).text
        assert "<td>BPV-begeleider</td>" in listed
        assert "<td>Uit</td>" in listed
        detail = client.get(f"/beheer/accounts/{new_id}").text
        assert '<dd id="studenten-nu">s003 (1)</dd>' in detail
        admin_id = _row(client, made["beheer"].email).id
        refused = client.post(f"/beheer/accounts/{admin_id}/uitzetten", data={"csrf_token": csrf})
        assert refused.status_code == 422
        assert _row(client, made["beheer"].email).active
        assert "In orde" in client.get("/beheer/audit").text
