"""Praktijkopleiders on the company page: the company adds, changes and removes its own; their
hours are the budget; bad input names the field and stores nothing; every other role and
nobody gets nothing, and another company never sees or touches them."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from adapters.auth.accounts import create_account
from adapters.auth.demo_accounts import DemoAccount
from adapters.db import praktijkopleider_queries as store
from adapters.db.engine import session_scope
from adapters.db.repositories import live_companies
from matcher.privacy.vocabulary import Role
from matcher.supervision import Praktijkopleider, SupportExperience
from tests.web.conftest import log_in

OTHER = DemoAccount(
    "ander-bedrijf@demo.passendeplek.invalid", "Wachtwoord-voor-c02!", (Role.COMPANY,)
)
SANNE = {
    "name": "Sanne de Vries",
    "email": "sanne@garage-de-eem.nl",
    "phone": "06 12345678",
    "hours_per_week": "2,5",
    "support_experience": "2",
}
MEHMET = {
    "name": "Mehmet Yilmaz",
    "email": "",
    "phone": "033 1234567",
    "hours_per_week": "4",
    "support_experience": "0",
}


def _engine(web: TestClient) -> Engine:
    return web.app.state.engine  # type: ignore[attr-defined,no-any-return]


def _rows(web: TestClient, company_id: str = "c01") -> list[Praktijkopleider]:
    with _engine(web).connect() as conn:
        return store.of_company(conn, company_id)


def _as(web: TestClient, account: DemoAccount) -> str:
    """Log in as ``account``; the session's CSRF token (read from the session: the demo
    begeleider, with an empty caseload, has no page of their own to take it from)."""
    from sqlmodel import Session

    from adapters.auth.sessions import resolve_session
    from api.security import SESSION_COOKIE

    web.cookies.clear()
    log_in(web, account)
    with Session(_engine(web)) as session:
        active = resolve_session(session, web.cookies.get(SESSION_COOKIE))
    assert active is not None
    return active.csrf_token


def _other_company(web: TestClient) -> DemoAccount:
    with session_scope(_engine(web)) as session:
        create_account(
            session, email=OTHER.email, password=OTHER.password, roles=OTHER.roles,
            display_name="Ander bedrijf", company_id="c02",
        )  # fmt: skip
    return OTHER


def _seed(web: TestClient) -> int:
    """Sanne at c01, stored directly; her id."""
    person = Praktijkopleider(
        "c01", SANNE["name"], SANNE["email"], SANNE["phone"], 2.5, SupportExperience.VEEL
    )
    with session_scope(_engine(web)) as session:
        return store.add(session.connection(), person)


def _budget(html: str) -> str:
    found = re.search(r'<span id="budget-uren">([^<]+)</span>', html)
    assert found, "the page shows no budget"
    return found.group(1)


def test_the_company_adds_changes_and_removes_its_praktijkopleiders(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    token = _as(web, accounts["bedrijf"])
    page = web.get("/bedrijf").text
    assert _budget(page) == "4"  # the import column: no people yet
    assert 'name="guidance_hours_per_week"' in page
    added = web.post("/bedrijf/praktijkopleiders", data={"csrf_token": token, **SANNE})
    assert added.status_code == 200  # followed the redirect back to the page
    assert "De praktijkopleider staat erbij." in added.text
    assert _budget(added.text) == "2,5"  # Sanne's hours are now the budget
    page = web.post("/bedrijf/praktijkopleiders", data={"csrf_token": token, **MEHMET}).text
    assert _budget(page) == "6,5"
    assert "samen van 2 praktijkopleiders" in page
    assert 'name="guidance_hours_per_week"' not in page  # the hours follow from the people
    assert 'href="tel:0331234567"' in page
    sanne, mehmet = _rows(web)
    assert (sanne.name, sanne.hours_per_week, sanne.support_experience) == (
        "Sanne de Vries", 2.5, SupportExperience.VEEL,
    )  # fmt: skip
    with _engine(web).connect() as conn:
        c01 = next(c for c in live_companies(conn) if c.company_id == "c01")
    assert (c01.guidance_hours_per_week, c01.support_experience) == (6.5, 2)
    changed = {**SANNE, "hours_per_week": "3", "support_experience": "1"}
    page = web.post(
        f"/bedrijf/praktijkopleiders/{sanne.person_id}", data={"csrf_token": token, **changed}
    ).text
    assert "De gegevens van de praktijkopleider zijn bewaard." in page
    assert _budget(page) == "7"
    gone = web.post(
        f"/bedrijf/praktijkopleiders/{mehmet.person_id}/verwijderen", data={"csrf_token": token}
    ).text
    assert "De praktijkopleider is weggehaald." in gone
    assert _budget(gone) == "3"
    assert "Mehmet" not in gone
    [left] = _rows(web)
    assert (left.name, left.hours_per_week, left.support_experience) == (
        "Sanne de Vries", 3.0, SupportExperience.ENIGE,
    )  # fmt: skip


BAD = [
    ({"name": "  "}, "Naam: Vul de naam van de praktijkopleider in."),
    ({"hours_per_week": "200"}, "Uren per week: Vul in hoeveel uur per week"),
    ({"hours_per_week": "-2"}, "meer dan 0 en hoogstens 40"),
    ({"hours_per_week": "veel"}, "Uren per week:"),
    ({"hours_per_week": ""}, "Uren per week:"),
    ({"email": "sanne@"}, "E-mail: Dit is geen goed e-mailadres."),
    ({"email": "", "phone": ""}, "Vul een e-mailadres of een telefoonnummer in."),
    ({"phone": "bel me"}, "Telefoon: Dit is geen goed telefoonnummer."),
    ({"support_experience": "7"}, "Ervaring: Kies hoeveel ervaring"),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_bad_input_names_the_field_and_changes_nothing(
    web: TestClient, accounts: dict[str, DemoAccount], change: dict[str, str], message: str
) -> None:
    person_id = _seed(web)
    before = _rows(web)
    token = _as(web, accounts["bedrijf"])
    for url in ("/bedrijf/praktijkopleiders", f"/bedrijf/praktijkopleiders/{person_id}"):
        got = web.post(url, data={"csrf_token": token, **SANNE, **change})
        assert got.status_code == 422, url
        assert message in got.text.replace("&#39;", "'"), got.text[:300]
        assert "Er is niets opgeslagen." in got.text
        assert _rows(web) == before  # nothing added, nothing changed
        assert _budget(got.text) == "2,5"


def test_two_problems_are_both_named(web: TestClient, accounts: dict[str, DemoAccount]) -> None:
    token = _as(web, accounts["bedrijf"])
    bad = {**SANNE, "name": "", "hours_per_week": "200"}
    got = web.post("/bedrijf/praktijkopleiders", data={"csrf_token": token, **bad})
    assert got.status_code == 422
    assert "Bij deze praktijkopleider zijn nog 2 punten om aan te passen." in got.text
    assert 'value="sanne@garage-de-eem.nl"' in got.text  # what was typed stays in the form
    assert _rows(web) == []


def test_another_company_never_sees_or_touches_them(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    person_id = _seed(web)
    before = _rows(web)
    token = _as(web, _other_company(web))
    own = web.get("/bedrijf").text
    assert "Zorgcentrum Het Baken" in own  # c02's own page
    assert "Sanne" not in own
    assert "garage-de-eem" not in own
    assert _budget(own) == "6"  # c02's own import column, not c01's people
    for url, data in (
        (f"/bedrijf/praktijkopleiders/{person_id}", {**SANNE, "name": "Overgenomen"}),
        (f"/bedrijf/praktijkopleiders/{person_id}/verwijderen", {}),
    ):
        got = web.post(url, data={"csrf_token": token, **data})
        assert got.status_code == 404, url
        assert "staat niet (meer) bij jullie bedrijf" in got.text
        assert "Sanne" not in got.text
        assert _rows(web) == before
    # what c02 adds is c02's, and c01 keeps its own
    web.post("/bedrijf/praktijkopleiders", data={"csrf_token": token, **MEHMET})
    assert [p.name for p in _rows(web, "c02")] == ["Mehmet Yilmaz"]
    assert _rows(web) == before
    api = web.get("/companies/c01/praktijkopleiders")
    assert api.status_code == 403
    assert "Sanne" not in api.text
    mine = web.get("/companies/c02/praktijkopleiders")
    assert [p["name"] for p in mine.json()] == ["Mehmet Yilmaz"]


@pytest.mark.parametrize("who", ["bureau", "jobcoach", "begeleider", "student", "beheer"])
def test_no_other_role_writes_them(
    web: TestClient, accounts: dict[str, DemoAccount], who: str
) -> None:
    person_id = _seed(web)
    before = _rows(web)
    token = _as(web, accounts[who])
    for url, data in (
        ("/bedrijf/praktijkopleiders", MEHMET),
        (f"/bedrijf/praktijkopleiders/{person_id}", {**SANNE, "name": "Overgenomen"}),
        (f"/bedrijf/praktijkopleiders/{person_id}/verwijderen", {}),
    ):
        got = web.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
        assert got.status_code == 403, (who, url)
        assert "Sanne" not in got.text
        assert _rows(web) == before
    assert web.get("/bedrijf", follow_redirects=False).status_code == 403


def test_nobody_logged_in_gets_nothing(web: TestClient, accounts: dict[str, DemoAccount]) -> None:
    person_id = _seed(web)
    before = _rows(web)
    for url, data in (
        ("/bedrijf/praktijkopleiders", MEHMET),
        (f"/bedrijf/praktijkopleiders/{person_id}", {**SANNE, "name": "Overgenomen"}),
        (f"/bedrijf/praktijkopleiders/{person_id}/verwijderen", {}),
    ):
        got = web.post(url, data=data, follow_redirects=False)
        assert got.status_code in (303, 401, 403), url
        assert "Sanne" not in got.text
        assert _rows(web) == before
    api = web.get("/companies/c01/praktijkopleiders")
    assert api.status_code == 401
    assert "Sanne" not in api.text


FIELDS = {"id", "company_id", "name", "email", "phone", "hours_per_week", "support_experience"}


@pytest.mark.parametrize("who", ["bureau", "jobcoach", "begeleider", "bedrijf"])
def test_staff_and_the_company_itself_read_them(
    web: TestClient, accounts: dict[str, DemoAccount], who: str
) -> None:
    person_id = _seed(web)
    _as(web, accounts[who])
    got = web.get("/companies/c01/praktijkopleiders")
    assert got.status_code == 200, got.text
    assert got.json() == [
        {
            "id": person_id, "company_id": "c01", "name": "Sanne de Vries",
            "email": "sanne@garage-de-eem.nl", "phone": "06 12345678", "hours_per_week": 2.5,
            "support_experience": 2,
        }
    ]  # fmt: skip
    assert set(got.json()[0]) == FIELDS
    if who != "bedrijf":  # staff read every company; c02 has nobody
        assert web.get("/companies/c02/praktijkopleiders").json() == []


@pytest.mark.parametrize("who", ["student", "beheer"])
def test_a_student_and_the_administrator_do_not_read_them(
    web: TestClient, accounts: dict[str, DemoAccount], who: str
) -> None:
    _seed(web)
    _as(web, accounts[who])
    got = web.get("/companies/c01/praktijkopleiders")
    assert got.status_code == 403
    assert "Sanne" not in got.text


def test_a_company_reading_another_company_by_api_is_refused(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    _as(web, accounts["bedrijf"])  # c01
    got = web.get("/companies/c02/praktijkopleiders")
    assert got.status_code == 403
    assert got.text.count("c02") <= 1  # no rows, at most the id echoed


def test_the_student_sees_name_and_contact_of_the_praktijkopleider_of_their_bpv_only(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    from tests.web.test_bpv_pages import publish

    _seed(web)  # Sanne at c01
    with session_scope(_engine(web)) as session:  # and someone at c02
        store.add(
            session.connection(),
            Praktijkopleider("c02", "Rik Baken", "rik@baken.nl", "", 3, SupportExperience.GEEN),
        )
    publish(_engine(web))  # s001 at c01 (the demo student), s002 at c02
    _as(web, accounts["student"])
    html = web.get("/student/bpv").text
    assert "Praktijkopleider: Sanne de Vries" in html
    assert 'href="mailto:sanne@garage-de-eem.nl"' in html
    assert "06 12345678" in html
    assert "2,5 uur" not in html  # never the hours or the experience
    assert "Veel ervaring" not in html
    assert "Rik" not in html  # another company's person: not this student's BPV
    assert "Demo bedrijf" not in html  # the named people replace the company's accounts


def test_the_jobcoach_sees_whom_to_call_at_the_company_of_a_bpv(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    from tests.web.test_bpv_pages import publish

    _seed(web)  # Sanne at c01
    publish(_engine(web))  # s001 at c01 and s002 at c02, both in the demo jobcoach's caseload
    _as(web, accounts["jobcoach"])
    html = web.get("/jobcoach/bpv").text
    assert html.count("Praktijkopleider: Sanne de Vries") == 1  # at c01 only; c02 named nobody
    assert 'href="tel:0612345678"' in html
    assert "2,5 uur" not in html
