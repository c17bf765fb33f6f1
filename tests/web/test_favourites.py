"""My favourites (issue 21 item 2): the student marks and orders places from the suggestions.

They are stored per student, become the preferences the voorkeur term scores (they win over the
import column; without favourites the column stays), and only the student changes their own.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import favourite_queries
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.flows.favourites import MAX_FAVOURITES, Change, changed
from adapters.flows.shortlist import load_student
from matcher.domain import PlaceId, Population
from matcher.errors import InvalidInputError
from tests.api.auth_helpers import bearer, make_token
from tests.api.rounds_helpers import solved_round
from tests.factories import make_company, make_place, make_student
from tests.web.conftest import csrf_of, log_in

URL = "/student/favorieten"


def _suggested(html: str) -> list[str]:
    """The place ids the page offers to add, in the page's order."""
    return re.findall(r'name="plek" value="([^"]+)">\s*<button type="submit" name="actie" '
                      r'value="toevoegen"', html)  # fmt: skip


def _post(client: TestClient, place: str, action: str) -> object:
    token = csrf_of(client.get("/student").text)
    return client.post(
        URL, data={"csrf_token": token, "plek": place, "actie": action}, follow_redirects=False
    )


STUDENT = "s-fav"  # the demo student account is the first student by id
IMPORTED = (PlaceId("p-c"),)  # the bureau's column: the third place


def population() -> Population:
    """One student and three nearby places that all fit, each at its own company."""
    companies = tuple(make_company(f"c-{k}", name=f"Bedrijf {k.upper()}") for k in "abc")
    places = tuple(make_place(f"p-{k}", f"c-{k}") for k in "abc")
    student = make_student(STUDENT, name="Fenna", preferences=IMPORTED)
    return Population(students=(student,), companies=companies, places=places)


@pytest.fixture
def accounts(web: TestClient) -> dict[str, DemoAccount]:
    """Three places for one student, and demo accounts by role name."""
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        save_population(session, population())
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        made = create_demo_accounts(session)
    return {a.email.split("@")[0]: a for a in made}


def _student_id() -> str:
    return STUDENT


def _stored(client: TestClient, student_id: str) -> tuple[str, ...]:
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        return favourite_queries.for_student(session.connection(), student_id)


def test_a_student_adds_orders_and_removes_favourites(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    sid = _student_id()
    offered = _suggested(web.get("/student").text)
    assert len(offered) >= 2, "the example data must suggest two places to this student"
    first, second = offered[:2]
    for place in (first, second):
        done = _post(web, place, "toevoegen")
        assert done.status_code == 303  # type: ignore[attr-defined]
    assert _stored(web, sid) == (first, second)
    page = web.get("/student?favoriet=1").text
    assert "Je favorieten zijn bewaard." in page
    assert "Jouw favoriet nummer 1" in page
    assert "Dit is jouw eerste keus." in page  # the voorkeur term scores my favourites
    _post(web, second, "omhoog")
    assert _stored(web, sid) == (second, first)
    engine = web.app.state.engine  # type: ignore[attr-defined]
    assert load_student(engine, sid).preferences == (second, first)  # what the round scores
    _post(web, second, "weghalen")
    assert _stored(web, sid) == (first,)


def test_bad_input_is_a_dutch_400_and_changes_nothing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    sid = _student_id()
    first = _suggested(web.get("/student").text)[0]
    _post(web, first, "toevoegen")
    cases = {
        ("bestaat-niet", "toevoegen"): "alleen een plek uit je voorstellen",
        (first, "toevoegen"): "staat al in je favorieten",
        (first, "omhoog"): "staat al bovenaan",
        (first, "omlaag"): "staat al onderaan",
        ("bestaat-niet", "weghalen"): "staat niet in je favorieten",
        (first, "<b>wissen</b>"): "Gebruik de knoppen bij je favorieten",
        ("", "toevoegen"): "Kies eerst een plek",
    }
    for (place, action), words in cases.items():
        refused = _post(web, place, action)
        assert refused.status_code == 400, (place, action)  # type: ignore[attr-defined]
        assert words in refused.text, (place, action, refused.text[:300])  # type: ignore[attr-defined]
        assert "<b>wissen</b>" not in refused.text  # type: ignore[attr-defined]
        assert _stored(web, sid) == (first,)


def test_no_more_than_a_few_favourites() -> None:
    full = [f"p{i}" for i in range(MAX_FAVOURITES)]
    with pytest.raises(InvalidInputError, match="Haal er eerst een weg"):
        changed(full, "extra", Change.ADD, {"extra"})
    assert changed(full[:-1], "extra", Change.ADD, {"extra"})[-1] == "extra"


def test_others_and_nobody_cannot_change_favourites(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    sid = _student_id()
    anonymous = web.post(URL, data={"plek": "p", "actie": "toevoegen"}, follow_redirects=False)
    assert anonymous.status_code in (303, 401, 403)
    if anonymous.status_code == 303:
        assert anonymous.headers["location"].startswith("/login")
    for role in ("bureau", "jobcoach", "bedrijf"):
        web.cookies.clear()
        home = log_in(web, accounts[role])
        token = csrf_of(web.get(home).text)
        refused = web.post(
            URL,
            data={"csrf_token": token, "plek": "p", "actie": "toevoegen", "student_id": sid},
            follow_redirects=False,
        )
        assert refused.status_code == 403, role
    assert _stored(web, sid) == ()


def test_the_import_column_stays_for_students_without_favourites(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    sid = _student_id()
    engine = web.app.state.engine  # type: ignore[attr-defined]
    imported = load_student(engine, sid).preferences
    assert imported == IMPORTED
    with session_scope(engine) as session:
        favourite_queries.replace(session, sid, ["eigen-keus"])
    assert load_student(engine, sid).preferences == ("eigen-keus",)
    with session_scope(engine) as session:
        favourite_queries.replace(session, sid, [])
    assert load_student(engine, sid).preferences == imported


def test_the_next_round_proposes_my_favourite_and_says_why(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """Three equal places; the round picks the one the student marked and whose work they like."""
    log_in(web, accounts["student"])
    _post(web, "p-b", "toevoegen")
    web.cookies.clear()
    web.headers.update(bearer(make_token(web, "bureau")))
    done = solved_round(web)
    assert done["status"] == "solved", done
    items = web.get(f"/rounds/{done['id']}/proposals").json()["items"]
    mine = next(p for p in items if p["student_id"] == STUDENT)
    assert mine["place_id"] == "p-b"
    assert "eerste keus" in mine["explanation"]
    assert mine["terms"]["voorkeur"] == 1.0
