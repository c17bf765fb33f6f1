"""Work experience and a company I know (issue 21 item 1, eigen netwerk H:1305), on the web.

The student writes both on their profile; the jobcoach of the student reads them as written.
The BPV-bureau, and only the bureau, sees the named companies and links one to a recognised
company or refuses it with a reason; the student reads the status in plain Dutch. Once
linked, the company's places are the student's own wish (the voorkeur term scores them). No
company ever sees the suggestion, not even the company it names.
"""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.auth.accounts import create_account
from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import favourite_queries, known_company_queries
from adapters.db.engine import session_scope
from adapters.db.profile_queries import COMPANIES, fetch_one
from adapters.db.repositories import save_population
from adapters.flows.shortlist import load_student
from adapters.privacy import audit
from adapters.privacy.audit import Actor
from adapters.privacy.subject_rights import erase_student, export_student
from matcher.domain import PlaceId, Population
from matcher.privacy.vocabulary import Role
from tests.api.auth_helpers import PASSWORD, bearer, make_token
from tests.api.rounds_helpers import solved_round
from tests.factories import make_company, make_place, make_student
from tests.web.conftest import csrf_of, post_login

STUDENT = "s-kc"  # first by id: the demo student account, in the jobcoach's caseload
OTHER = "s-q00"  # another student with an account of their own
PROFILE = "/student/profiel"
BOARD = "/bureau/eigen-netwerk"
OTHER_EMAIL = "andere-student@test.invalid"
WHY = "Mijn oom werkt daar en ik bak graag."
FORM: dict[str, Any] = {
    "ik_ben": ["behulpzaam"],
    "ik_ben_tekst": "Ik ben Fenna.",
    "ervaring": ["bijbaan", "thuis"],
    "ervaring_tekst": "Ik werk op zaterdag bij de bakker.",
    "bedrijf_naam": "Bakkerij Jansen",
    "bedrijf_plaats": "Utrecht",
    "bedrijf_contact": "Mevrouw Jansen",
    "bedrijf_waarom": WHY,
}
IMPORTED = (PlaceId("p-c"),)  # the bureau's import column for the student


def population() -> Population:
    """Three equal places nearby, each at its own company; c-a (the demo company account) is
    the bakery the student knows; c-n is not a recognised leerbedrijf."""
    companies = (
        make_company("c-a", name="Bakkerij Jansen"),
        make_company("c-b", name="Bedrijf B"),
        make_company("c-c", name="Bedrijf C"),
        make_company("c-n", name="Garage Kees", sbb_recognized=False),
    )
    places = tuple(make_place(f"p-{k}", f"c-{k}") for k in "abc")
    students = (
        make_student(STUDENT, name="Fenna", preferences=IMPORTED),
        *(make_student(f"s-q{i:02}") for i in range(30)),  # the begeleider's caseload: not Fenna
    )
    return Population(students, companies, places)


@pytest.fixture
def accounts(web: TestClient) -> dict[str, DemoAccount]:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        save_population(session, population())
    with session_scope(engine) as session:
        made = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    with session_scope(engine) as session:
        create_account(
            session, email=OTHER_EMAIL, password=PASSWORD, roles=[Role.STUDENT], student_id=OTHER
        )
    made["ander"] = DemoAccount(OTHER_EMAIL, PASSWORD, (Role.STUDENT,))
    return made


def _as(client: TestClient, accounts: dict[str, DemoAccount], who: str | None) -> str:
    """Log in as ``who`` (None: nobody); returns a CSRF token from a page with a form."""
    client.cookies.clear()
    if who is None:
        return ""
    account = accounts[who]
    answer = post_login(client, account.email, account.password, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    for url in (answer.headers["location"], "/jobcoach/bpv", "/bedrijf", "/"):
        html = client.get(url).text
        if 'name="csrf_token"' in html:
            return csrf_of(html)
    return ""


def _save(client: TestClient, **changes: Any) -> Any:
    token = csrf_of(client.get(PROFILE).text)
    return client.post(
        PROFILE, data={**FORM, **changes, "csrf_token": token}, follow_redirects=False
    )


def _row(client: TestClient, student_id: str = STUDENT) -> dict[str, Any] | None:
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = known_company_queries.of_student(session, student_id)
        return None if row is None else row.model_dump(exclude={"updated_at", "created_at"})


def _words(client: TestClient) -> Any:
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = favourite_queries.profile_row(session, STUDENT)
        return None if row is None else row.words


def _decide(client: TestClient, **form: str) -> Any:
    board = client.get(BOARD)
    assert board.status_code == 200, board.text[:300]
    row = _row(client)
    assert row is not None
    data = {"csrf_token": csrf_of(board.text), "versie": str(row["revision"]), **form}
    return client.post(f"{BOARD}/{row['id']}/besluit", data=data, follow_redirects=False)


def test_the_student_writes_experience_and_a_company_the_jobcoach_reads_them(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    _as(web, accounts, "student")
    assert _save(web).status_code == 303
    page = web.get(PROFILE).text
    assert 'value="bijbaan" checked' in page
    assert "Ik werk op zaterdag bij de bakker." in page
    assert 'value="Bakkerij Jansen"' in page
    assert "De school kijkt of dit bedrijf een erkend leerbedrijf is." in page
    words = _words(web)
    assert words["ervaring"] == ["bijbaan", "thuis"]  # in Words: the strengths part
    assert words["ervaring_tekst"] == "Ik werk op zaterdag bij de bakker."
    row = _row(web)
    assert row is not None
    assert (row["name"], row["town"], row["contact"], row["why"], row["status"]) == (
        "Bakkerij Jansen", "Utrecht", "Mevrouw Jansen", WHY, "open",
    )  # fmt: skip

    _as(web, accounts, "jobcoach")
    coach = web.get(f"/jobcoach/studenten/{STUDENT}").text
    assert "Wat ik al gedaan heb" in coach
    assert "Een bijbaan" in coach
    assert "Ik werk op zaterdag bij de bakker." in coach
    assert "Bakkerij Jansen, Utrecht" in coach
    assert WHY in coach
    assert "BPV-bureau: nog niet besloten" in coach


def test_the_bureau_links_it_and_the_student_sees_it_added_and_counted_as_a_wish(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    _as(web, accounts, "student")
    _save(web)
    assert load_student(engine, STUDENT).preferences == IMPORTED  # not yet: the bureau looks

    _as(web, accounts, "bureau")
    home = web.get("/bureau").text
    assert "Bedrijven die studenten zelf kennen (1 nog te bekijken)" in home
    board = web.get(BOARD).text
    assert "Bakkerij Jansen, Utrecht" in board
    assert "Genoemd door Fenna" in board
    assert WHY in board
    assert 'name="bedrijf" type="text" maxlength="64" value="c-a"' in board  # the likely match
    done = _decide(web, besluit="koppelen", bedrijf="c-a")
    assert done.status_code == 303, done.text[:400]
    row = _row(web)
    assert row is not None
    assert (row["status"], row["company_id"], row["reason"]) == ("toegevoegd", "c-a", "")
    assert row["decided_by"]
    after = web.get(done.headers["location"]).text
    assert "Je besluit is bewaard." in after
    assert "erkend, toegevoegd als c-a" in after
    assert "Er wachten geen bedrijven op je." in after

    assert load_student(engine, STUDENT).preferences == ("p-a",)  # the student's own wish
    with session_scope(engine) as session:  # the decision is in the student's privacy log
        logged = [e for e in audit.list_for_student(session, STUDENT) if e["action"] == "write"]
    assert logged[-1]["motivation"] == "erkend, toegevoegd als c-a"
    _as(web, accounts, "student")
    assert "Dit bedrijf is toegevoegd." in web.get(PROFILE).text
    assert "Dit is jouw eerste keus." in web.get("/student").text  # scored like a favourite
    with session_scope(engine) as session:  # favourites first, in the student's order
        favourite_queries.replace(session, STUDENT, ["p-b", "p-a"])
    assert load_student(engine, STUDENT).preferences == ("p-b", "p-a")
    with session_scope(engine) as session:
        favourite_queries.replace(session, STUDENT, ["p-b"])
    assert load_student(engine, STUDENT).preferences == ("p-b", "p-a")

    _save(web, bedrijf_contact="Meneer Jansen")  # the same company: the decision stays
    assert _row(web)["status"] == "toegevoegd"  # type: ignore[index]
    _save(web, bedrijf_plaats="Zeist")  # another company: the bureau looks again
    again = _row(web)
    assert again is not None
    assert (again["status"], again["company_id"], again["revision"]) == ("open", None, 2)
    assert load_student(engine, STUDENT).preferences == ("p-b",)
    _save(web, bedrijf_naam="", bedrijf_plaats="", bedrijf_contact="", bedrijf_waarom="")
    assert _row(web) is None  # all empty: no suggestion


def test_the_next_round_proposes_a_place_at_the_company_i_know(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """Three equal places; the round picks the one at the company the student named."""
    _as(web, accounts, "student")
    _save(web)
    _as(web, accounts, "bureau")
    assert _decide(web, besluit="koppelen", bedrijf="c-a").status_code == 303
    web.cookies.clear()
    web.headers.update(bearer(make_token(web, "bureau")))
    done = solved_round(web)
    assert done["status"] == "solved", done
    items = web.get(f"/rounds/{done['id']}/proposals").json()["items"]
    mine = next(p for p in items if p["student_id"] == STUDENT)
    assert mine["place_id"] == "p-a"
    assert "eerste keus" in mine["explanation"]
    assert mine["terms"]["voorkeur"] == 1.0


def test_the_bureau_adds_a_new_company_or_refuses_with_a_reason(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    _as(web, accounts, "student")
    _save(web, bedrijf_naam="Kapsalon Lisa", bedrijf_plaats="Utrecht")
    _as(web, accounts, "bureau")
    made = _decide(
        web, besluit="nieuw", nieuw_bedrijf="c-lisa", postcode="3511", begeleiding_uren="3,5",
        branche="uiterlijke verzorging",
    )  # fmt: skip
    assert made.status_code == 303, made.text[:500]
    with engine.connect() as conn:
        company = fetch_one(conn, COMPANIES, "c-lisa")
    assert company is not None
    assert (company.name, company.sbb_recognized, company.guidance_hours_per_week) == (
        "Kapsalon Lisa", True, 3.5,
    )  # fmt: skip
    assert _row(web)["company_id"] == "c-lisa"  # type: ignore[index]
    assert load_student(engine, STUDENT).preferences == IMPORTED  # no place there yet

    _as(web, accounts, "student")
    _save(web, bedrijf_naam="Garage Kees")
    _as(web, accounts, "bureau")
    reason = "Het bedrijf is geen erkend leerbedrijf voor jouw opleiding."
    assert _decide(web, besluit="niet_erkend", reden=reason).status_code == 303
    assert _row(web)["status"] == "niet_erkend"  # type: ignore[index]
    _as(web, accounts, "student")
    page = web.get(PROFILE).text
    assert f"Dit bedrijf kan nu geen BPV-plek bieden: {reason}" in page
    assert "Ken je een ander bedrijf?" in page


def test_bad_input_is_a_dutch_400_naming_the_field_and_stores_nothing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    _as(web, accounts, "student")
    assert _save(web).status_code == 303
    kept, words = _row(web), _words(web)
    cases = {
        "bedrijf_naam": ("", "Vul de naam van het bedrijf in"),
        "bedrijf_plaats": ("Utrecht<script>", "Bij plaats van het bedrijf mag het teken '<' niet"),
        "bedrijf_waarom": ("x" * 300, "Bij waarom dit bedrijf staan 300 tekens"),
        "bedrijf_contact": ("a\u200bb", "Bij contactpersoon staan onzichtbare tekens"),
        "ervaring": (["geen", "bijbaan"], "Kies één van de twee"),
        "ervaring_tekst": ("x" * 300, "Je tekst bij Wat ik al gedaan heb is 300 tekens"),
    }
    for field, (value, message) in cases.items():
        refused = _save(web, **{field: value, "ik_ben_tekst": "Veranderd."})
        assert refused.status_code == 400, field
        assert message in unescape(refused.text), (field, refused.text[:600])
        assert "Er is niets veranderd." in refused.text
        assert "<script>" not in refused.text
        assert (_row(web), _words(web)) == (kept, words), field

    _as(web, accounts, "bureau")
    bureau_cases = [
        ({}, "Kies wat je besluit"),
        ({"besluit": "koppelen", "bedrijf": ""}, "Vul de bedrijfscode in"),
        ({"besluit": "koppelen", "bedrijf": "c-x"}, "Er is geen bedrijf met bedrijfscode"),
        ({"besluit": "koppelen", "bedrijf": "c-n"}, "niet als erkend leerbedrijf"),
        ({"besluit": "niet_erkend", "reden": ""}, "Schrijf bij reden"),
        ({"besluit": "nieuw", "nieuw_bedrijf": "c-a", "postcode": "3511"}, "al in gebruik"),
        ({"besluit": "nieuw", "nieuw_bedrijf": "", "postcode": "3511"}, "Vul een bedrijfscode"),
        ({"besluit": "nieuw", "nieuw_bedrijf": "c-new", "postcode": "99", "begeleiding_uren": "2"},
         "postcode"),
        ({"besluit": "koppelen", "bedrijf": "c-a", "versie": "7"}, "net veranderd"),
    ]  # fmt: skip
    for form, message in bureau_cases:
        refused = _decide(web, **form)
        assert refused.status_code == 400, form
        assert message in unescape(refused.text), (form, refused.text[:800])
        assert "Er is niets veranderd." in refused.text
        assert _row(web) == kept, form
    with engine.connect() as conn:
        assert fetch_one(conn, COMPANIES, "c-new") is None
    assert _decide(web, besluit="koppelen", bedrijf="c-a").status_code == 303
    twice = _decide(web, besluit="niet_erkend", reden="Toch niet.")
    assert twice.status_code == 400  # decided already: the list is stale
    assert "al over besloten" in twice.text
    assert _row(web)["status"] == "toegevoegd"  # type: ignore[index]


ROLES = ("ander", "bedrijf", "begeleider", "jobcoach", "beheer", None)


def test_only_the_bureau_sees_the_list_and_decides(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    _as(web, accounts, "student")
    _save(web)
    kept = _row(web)
    assert kept is not None
    url = f"{BOARD}/{kept['id']}/besluit"
    for who in ("student", *ROLES):
        token = _as(web, accounts, who)
        seen = web.get(BOARD, follow_redirects=False)
        if who is None:
            assert seen.status_code == 303, who
            assert seen.headers["location"].startswith("/login")
        else:
            assert seen.status_code == 403, who
        for secret in ("Bakkerij Jansen", WHY, "Mevrouw Jansen", STUDENT):
            assert secret not in seen.text, (who, secret)
        data = {"csrf_token": token, "versie": str(kept["revision"]), "besluit": "koppelen",
                "bedrijf": "c-a"}  # fmt: skip
        refused = web.post(url, data=data, follow_redirects=False)
        assert refused.status_code in ((303,) if who is None else (403,)), (who, refused.text)
        assert _row(web) == kept, who
        home = web.get("/bureau", follow_redirects=False)
        assert "Bakkerij Jansen" not in home.text
        assert "nog te bekijken" not in home.text, who


def test_nobody_else_reads_the_students_own_words_or_company(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """The other student sees only their own profile; the begeleider (not Fenna's) and the
    company and admin get no page about Fenna; no company page or card ever names it."""
    _as(web, accounts, "student")
    _save(web)
    _as(web, accounts, "bureau")
    _decide(web, besluit="koppelen", bedrijf="c-a")  # linked to the demo company itself
    secrets = ("Bakkerij Jansen, Utrecht", WHY, "Mevrouw Jansen", "bij de bakker")
    for who in ("ander", "bedrijf", "begeleider", "beheer", None):
        _as(web, accounts, who)
        for url in (PROFILE, f"/jobcoach/studenten/{STUDENT}", "/student", "/bedrijf",
                    "/bedrijf/bpv", "/jobcoach"):  # fmt: skip
            answer = web.get(url, follow_redirects=False)
            for secret in secrets:
                assert secret not in answer.text, (who, url, secret)
    _as(web, accounts, "ander")
    own = web.get(PROFILE)
    assert own.status_code == 200
    assert 'id="bedrijf_naam" name="bedrijf_naam" type="text" maxlength="80" ' in own.text
    assert 'value=""' in own.text
    web.cookies.clear()
    company = bearer(make_token(web, "company", company_id="c-a"))
    cards = web.get("/companies/c-a/candidates", headers=company)
    assert cards.status_code == 200
    for secret in secrets:
        assert secret not in cards.text


def test_the_students_export_holds_it_and_erasure_removes_it(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    _as(web, accounts, "student")
    _save(web)
    engine = web.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        exported = export_student(session, STUDENT, actor=Actor("test"))
    assert exported["known_company"]["why"] == WHY
    assert exported["own_profile"]["words"]["ervaring"] == ["bijbaan", "thuis"]
    with session_scope(engine) as session:
        erase_student(session, STUDENT, actor=Actor("test"))
    assert _row(web) is None
