"""Every API endpoint × every role (and anonymous): allowed or refused exactly as the table says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters.auth.accounts import load_principal
from adapters.privacy.access import relations_for
from adapters.settings import Settings
from api.endpoint_policy import ENDPOINT_POLICY, endpoint_key
from api.main import create_app
from api.security import Authorized
from matcher.profile import Facts, StudentProfile
from tests.api.auth_helpers import bearer, make_account, token_for
from tests.api.rounds_helpers import review_population, solved_round, store

ANONYMOUS = "anoniem"
# The bureau goes last: its allowed deletes and erasures must not change what others are tested on.
ROLES = ("student", "company", "jobcoach", "begeleider", "admin", "bureau")
DESTRUCTIVE = ("DELETE ", "POST /students/{student_id}/erase")


@dataclass
class World:
    """A solved round, one proposed student, its company and place, and an account per role."""

    client: TestClient
    params: dict[str, str]
    accounts: dict[str, int]
    tokens: dict[str, str]


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    """The review population, a solved round and six accounts linked to its first proposal."""
    with TestClient(create_app(settings)) as client:
        store(client, review_population())
        bureau = make_account(client, "bureau")
        client.headers.update(bearer(token_for(client, bureau)))
        round_id = solved_round(client)["id"]
        items = client.get(f"/rounds/{round_id}/proposals").json()["items"]
        target = next(p for p in items if p["place_id"])
        other = next(p["student_id"] for p in items if p["student_id"] != target["student_id"])
        sid, cid = target["student_id"], target["company_id"]
        accounts = {
            "bureau": bureau,
            "student": make_account(client, "student", student_id=sid),
            "company": make_account(client, "company", company_id=cid),
            "jobcoach": make_account(client, "jobcoach", caseload=[sid]),
            "begeleider": make_account(client, "begeleider", caseload=[other]),
            "admin": make_account(client, "admin"),
        }
        client.headers.pop("Authorization")
        params = {
            "student_id": sid,
            "company_id": cid,
            "place_id": target["place_id"],
            "round_id": str(round_id),
            "token_id": "999999",
            "account_id": "999999",
            "kind": "students",  # the import page's template download
            "bpv_id": "999999",  # no such BPV: the flow's own checks are in test_bpv_api.py
            "suggestion_id": "999999",  # no such suggestion: tests/web/test_known_company.py
            "person_id": "999999",  # no such praktijkopleider: tests/web/test_praktijkopleiders.py
        }
        tokens = {role: token_for(client, account) for role, account in accounts.items()}
        yield World(client, params, accounts, tokens)


PAGE_TAG = "webpagina's"


def _pages(client: TestClient) -> set[tuple[str, str]]:
    """(method, path) of the HTML pages: they may refuse more than the table, never less."""
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    return {
        (m.upper(), p)
        for p, ops in paths.items()
        for m, op in ops.items()
        if PAGE_TAG in op.get("tags", [])
    }


def _operations(client: TestClient) -> list[tuple[str, str]]:
    """(method, path template) of every API operation in the OpenAPI document, destructive last."""
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    found = [(m.upper(), p) for p, ops in paths.items() for m in ops]
    return sorted(found, key=lambda op: (endpoint_key(*op).startswith(DESTRUCTIVE), op))


def _expected_allowed(world: World, role: str, method: str, path: str) -> bool:
    rule = ENDPOINT_POLICY[endpoint_key(method, path)]
    if rule.public:
        return True
    if role == ANONYMOUS:
        return False
    engine = world.client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        principal = load_principal(session, world.accounts[role])
        relations = relations_for(session, principal, rule, world.params)
    return rule.decide(principal.roles, relations).allowed


def _call(world: World, role: str, method: str, path: str) -> Any:
    url = re.sub(r"\{(\w+)\}", lambda m: world.params[m.group(1)], path)
    headers = {} if role == ANONYMOUS else bearer(world.tokens[role])
    body: dict[str, Any] | None = {} if method in {"POST", "PATCH", "PUT"} else None
    return world.client.request(method, url, headers=headers, json=body, follow_redirects=False)


def test_every_endpoint_as_every_role_follows_the_table(world: World) -> None:
    operations = _operations(world.client)
    pages = _pages(world.client)
    missing = [endpoint_key(*op) for op in operations if endpoint_key(*op) not in ENDPOINT_POLICY]
    assert missing == [], f"add these routes to ENDPOINT_POLICY: {missing}"
    wrong = []
    for role in (ANONYMOUS, *ROLES):
        for method, path in operations:
            allowed = _expected_allowed(world, role, method, path)
            response = _call(world, role, method, path)
            status = response.status_code
            to_login = status == 303 and response.headers["location"].startswith("/login")
            refused = status in (401, 403) or to_login
            expected_refusal = 401 if role == ANONYMOUS else 403
            if (method, path) in pages:  # a page may be narrower than the table, never wider
                if not allowed and not refused:
                    wrong.append(f"{role:10} {method} {path}: {status} (page, table refuses)")
                continue
            if allowed == refused or (refused and status != expected_refusal):
                wrong.append(f"{role:10} {method} {path}: {status} (allowed={allowed})")
    assert wrong == [], "\n".join(wrong)


def test_plain_expectations_hold(world: World) -> None:
    """A few rows of the table spelled out, so the matrix cannot drift with it unnoticed."""
    sid, cid = world.params["student_id"], world.params["company_id"]
    cases = [
        ("student", f"/students/{sid}", 200),
        ("student", "/students", 403),
        ("student", "/companies", 403),
        ("jobcoach", f"/students/{sid}", 200),
        ("begeleider", f"/students/{sid}", 403),
        ("company", f"/students/{sid}", 403),
        ("company", f"/students/{sid}/shortlist", 403),
        ("company", f"/companies/{cid}/candidates", 200),
        ("company", f"/companies/{cid}", 200),
        ("company", f"/companies/{cid}/praktijkopleiders", 200),
        ("jobcoach", f"/companies/{cid}/praktijkopleiders", 200),
        ("student", f"/companies/{cid}/praktijkopleiders", 403),
        ("admin", f"/companies/{cid}/praktijkopleiders", 403),
        ("admin", "/students", 403),
        ("admin", "/me", 200),
        (ANONYMOUS, "/me", 401),
        (ANONYMOUS, "/health", 200),
    ]
    for role, url, status in cases:
        headers = {} if role == ANONYMOUS else bearer(world.tokens[role])
        assert world.client.get(url, headers=headers).status_code == status, (role, url)


def test_lists_show_only_what_the_role_may_see(world: World) -> None:
    sid, cid = world.params["student_id"], world.params["company_id"]
    rid = world.params["round_id"]
    coach = bearer(world.tokens["jobcoach"])
    students = world.client.get("/students", headers=coach).json()["items"]
    assert [s["student_id"] for s in students] == [sid]
    company = bearer(world.tokens["company"])
    companies = world.client.get("/companies", headers=company).json()["items"]
    assert [c["company_id"] for c in companies] == [cid]
    places = world.client.get("/places", headers=company).json()["items"]
    assert places
    assert {p["company_id"] for p in places} == {cid}
    url = f"/rounds/{rid}/proposals"
    assert world.client.get(url, headers=company).json()["items"] == []  # not yet approved
    bureau = bearer(world.tokens["bureau"])
    version = world.client.get(f"/rounds/{rid}", headers=bureau).json()["version"]
    accepted = world.client.post(
        f"{url}/{sid}/accept", json={"version": version}, headers=bureau
    ).json()
    published = world.client.post(
        f"/rounds/{rid}/publish", json={"version": accepted["version"]}, headers=bureau
    )
    assert published.status_code == 200, published.text
    proposals = world.client.get(url, headers=company).json()["items"]
    assert [p["student_id"] for p in proposals] == [""]  # the student shares nothing with it
    assert {p["company_id"] for p in proposals} == {cid}
    assert all(p["score"] is None and p["explanation"] == "" for p in proposals)


def test_a_route_without_a_table_entry_is_refused(world: World) -> None:
    app = world.client.app

    @app.get("/zonder-regel")  # type: ignore[attr-defined]
    def no_rule(_: Authorized) -> dict[str, str]:
        return {"geheim": "ja"}

    response = world.client.get("/zonder-regel", headers=bearer(world.tokens["bureau"]))
    assert response.status_code == 403
    assert "geen toegangsregel" in response.json()["detail"]


def test_only_the_bureau_gets_company_track_records(world: World) -> None:
    """GET /companies: the bureau gets each company's track record; everyone else none of it
    (a refusal, or the list without the field)."""
    bureau = world.client.get("/companies", headers=bearer(world.tokens["bureau"])).json()
    assert bureau["items"]
    assert all("track_record" in c for c in bureau["items"])
    for role in (ANONYMOUS, "student", "company", "jobcoach", "begeleider", "admin"):
        headers = {} if role == ANONYMOUS else bearer(world.tokens[role])
        answer = world.client.get("/companies", headers=headers)
        assert answer.status_code in (200, 401, 403), (role, answer.status_code)
        assert "track_record" not in answer.text, role
        assert "Eerder hier" not in answer.text, role


def test_the_students_own_voice_pages_are_theirs_alone(world: World) -> None:
    """Issue 21: favourites and profile for the student only; confirming for their staff only."""
    sid = world.params["student_id"]
    confirm = f"/jobcoach/studenten/{sid}/profiel/bevestigen"
    form = {"plek": world.params["place_id"], "actie": "toevoegen"}
    seen = StudentProfile(proposed=Facts(hours_per_week=12.0)).proposal_version
    cases = [
        ("GET", "/student/profiel", None, {"student": 200}),
        ("POST", "/student/profiel", {"uren": "12"}, {"student": 303}),
        ("POST", "/student/favorieten", form, {"student": 303}),
        # the student's jobcoach confirms what the student proposed just above, as they saw it;
        # the bureau sees every student's page but confirms no needs: that is the jobcoach's
        ("POST", confirm, {"versie": seen}, {"jobcoach": 303}),
    ]
    for method, url, data, allowed in cases:
        for role in (ANONYMOUS, *ROLES):
            headers = {} if role == ANONYMOUS else bearer(world.tokens[role])
            response = world.client.request(
                method, url, headers=headers, data=data, follow_redirects=False
            )
            expected = allowed.get(role, 401 if role == ANONYMOUS else 403)
            if role == ANONYMOUS and response.status_code == 303:  # a page: to the login page
                assert response.headers["location"].startswith("/login"), (role, url)
                continue
            assert response.status_code == expected, (role, method, url, response.text[:200])


def test_the_companies_students_know_are_the_bureaus_alone(world: World) -> None:
    """Issue 21 (eigen netwerk): the list and the decision for the bureau only, never a company;
    a student names a company through their own profile."""
    named = {"bedrijf_naam": "Bakkerij Jansen", "bedrijf_plaats": "Utrecht"}
    student = bearer(world.tokens["student"])
    saved = world.client.post(
        "/student/profiel", headers=student, data=named, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text[:300]
    board = world.client.get("/bureau/eigen-netwerk", headers=bearer(world.tokens["bureau"]))
    found = re.search(r'action="/bureau/eigen-netwerk/(\d+)/besluit"', board.text)
    assert found, board.text[:500]
    decide = f"/bureau/eigen-netwerk/{found.group(1)}/besluit"
    refuse = {"besluit": "niet_erkend", "reden": "Geen erkenning.", "versie": "1"}
    cases = [
        ("GET", "/bureau/eigen-netwerk", None, {"bureau": 200}),
        ("POST", decide, refuse, {"bureau": 303}),  # the bureau's comes last: then it is done
    ]
    for method, url, data, allowed in cases:
        for role in (ANONYMOUS, "student", "company", "jobcoach", "begeleider", "admin", "bureau"):
            headers = {} if role == ANONYMOUS else bearer(world.tokens[role])
            response = world.client.request(
                method, url, headers=headers, data=data, follow_redirects=False
            )
            expected = allowed.get(role, 401 if role == ANONYMOUS else 403)
            if role == ANONYMOUS and response.status_code == 303:  # a page: to the login page
                assert response.headers["location"].startswith("/login"), (role, url)
                continue
            assert response.status_code == expected, (role, method, url, response.text[:200])
            if expected != 200:
                assert "Bakkerij Jansen" not in response.text, (role, url)
