"""What comes back, record by record: every GET route × every role × every relation.

The status-code matrix (test_access_matrix) compares answers with the endpoint policy, which
itself grants access; this test reads the answers. A population where every relation occurs is
seeded with distinctive names, ids, home coordinates and reviewer notes, and for every GET route
of the app (iterated, so a new route cannot be forgotten), as every role and anonymously, with
the path filled in with each relation (own / caseload / other student, own / other company,
published / unpublished round), the body (HTML, JSON, CSV, XLSX) is searched for every student's
tokens. A token may appear only when the permission table lets that principal see it:

- the student id: proposals or identity access to that student (a company: approved for it in
  a published round);
- the name: identity access in full, or the consented projection with recorded consent;
- the home coordinates (5 decimals): identity access in full, and never on the round map, which
  shows homes to about 1 km;
- reviewer notes (comments, lock reasons): staff with proposals access (bureau, caseload), and
  the student themself only in their own data export (the right of access, AVG art. 15).

Population: stud-anker (A, jobcoach's caseload, the student account) approved at cmp-xeno (X)
in the published round 1 and consented to X; stud-bever (B, the begeleider's caseload) accepted
at cmp-yuka (Y) in the unpublished round 2 only; stud-cobra (C, nobody's caseload) without a
place; cmp-zwam (Z) has a place and no proposals.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.routing import Route

from adapters.auth.accounts import load_principal
from adapters.db.engine import session_scope
from adapters.privacy import consent
from adapters.privacy.access import proposed_to
from adapters.privacy.audit import Actor
from adapters.settings import Settings
from api.main import create_app
from matcher.domain import GeoPoint, Population
from matcher.privacy.consent import Method
from matcher.privacy.permissions import PURPOSE_ORDER, decide
from matcher.privacy.principal import STAFF_ROLES, Principal
from matcher.privacy.vocabulary import Access, Category, Purpose, Relation
from tests.api.auth_helpers import bearer, make_account, token_for
from tests.api.rounds_helpers import store, wait_for
from tests.factories import make_company, make_place, make_student

ANONYMOUS = "anoniem"
A, B, C = "stud-anker", "stud-bever", "stud-cobra"
X, Y, Z = "cmp-xeno", "cmp-yuka", "cmp-zwam"
NAMES = {A: "Anker Appelboom", B: "Bever Berkenhout", C: "Cobra Citroengras"}
HOMES = {A: (52.09071, 5.12143), B: (52.09083, 5.12167), C: (52.09097, 5.12189)}
NOTES = {A: ("NOTITIE-ANKER-R2",), B: ("NOTITIE-BEVER-R2", "REDEN-BEVER-R2")}
PLACES = {X: "plk-xeno", Y: "plk-yuka", Z: "plk-zwam"}
EVENTS = "/rounds/{round_id}/events"
PRINCIPALS = (
    "bureau",
    "jobcoach",
    "begeleider",
    "student",
    "bedrijf-x",
    "bedrijf-y",
    "bedrijf-z",
    "beheer",
    ANONYMOUS,
)
MAP_ROUTE = "/bureau/rondes/{round_id}/kaartdata"
SUBJECT_EXPORT = "/students/{student_id}/export"  # the right of access: all data about oneself
TRACK_TOKENS = ("track_record", "host_again", "Eerder hier", "wil weer")
FIELDS_NOT_FOR_COMPANIES = ("score", "terms", "explanation", "comment", "unplaced_reason")


def population() -> Population:
    """Three students, three companies with one place each: A fits X, B fits Y, C fits none."""
    students = tuple(
        make_student(sid, name=NAMES[sid], location=GeoPoint(*HOMES[sid]), crebo=crebo)
        for sid, crebo in ((A, "10001"), (B, "10002"), (C, "10009"))
    )
    companies = tuple(make_company(cid, name=f"Bedrijf {cid}") for cid in (X, Y, Z))
    places = tuple(
        make_place(PLACES[cid], cid, crebos=frozenset({crebo}), capacity=1)
        for cid, crebo in ((X, "10001"), (Y, "10002"), (Z, "10004"))
    )
    return Population(students=students, companies=companies, places=places)


@dataclass
class World:
    """The app, its two rounds, and a token and principal per role."""

    client: TestClient
    rounds: dict[str, str]  # "published" / "unpublished" -> round id
    tokens: dict[str, str]
    principals: dict[str, Principal]


def _round(client: TestClient, **filters: Any) -> str:
    made = client.post(
        "/rounds", json={"name": "Matrix", "bpv_start": "2026-09-01", "filters": filters}
    )
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert client.post(f"/rounds/{rid}/start").status_code == 202
    assert wait_for(client, rid, "solved", "failed")["status"] == "solved"
    return str(rid)


def _act(client: TestClient, rid: str, sid: str, verb: str, **body: Any) -> None:
    version = client.get(f"/rounds/{rid}").json()["version"]
    done = client.post(f"/rounds/{rid}/proposals/{sid}/{verb}", json={"version": version, **body})
    assert done.status_code == 200, done.text


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The population, round 1 (A only, accepted, published), round 2 (all, under review)."""
    folder: Path = tmp_path_factory.mktemp("matrix")
    settings = Settings(database_url=f"sqlite:///{folder / 'matrix.db'}", broker_url=None)
    with TestClient(create_app(settings)) as client:
        store(client, population())
        bureau = make_account(client, "bureau")
        client.headers.update(bearer(token_for(client, bureau)))
        published = _round(client, student_ids=[A])
        _act(client, published, A, "accept")
        # before publishing, so the outbox (Beheer > Berichten) holds the round's e-mails
        student = make_account(client, "student", student_id=A)
        company_x = make_account(client, "company", company_id=X)
        version = client.get(f"/rounds/{published}").json()["version"]
        assert client.post(f"/rounds/{published}/publish", json={"version": version}).is_success
        unpublished = _round(client)
        _act(client, unpublished, A, "comment", comment=NOTES[A][0])
        _act(client, unpublished, B, "accept")
        _act(client, unpublished, B, "comment", comment=NOTES[B][0])
        _act(client, unpublished, B, "lock", reason=NOTES[B][1])
        with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
            consent.give(
                session,
                student_id=A,
                purpose=Purpose.MATCHING,
                recipient=X,
                text_version="v1",
                shown_text="Mag dit bedrijf je wensen zien?",
                recorded_by=Actor("test"),
                method=Method.WRITTEN,
                actively_given=True,
            )
        accounts = {
            "bureau": bureau,
            "jobcoach": make_account(client, "jobcoach", caseload=[A]),
            "begeleider": make_account(client, "begeleider", caseload=[B]),
            "student": student,
            "bedrijf-x": company_x,
            "bedrijf-y": make_account(client, "company", company_id=Y),
            "bedrijf-z": make_account(client, "company", company_id=Z),
            "beheer": make_account(client, "admin"),
        }
        client.headers.pop("Authorization")
        engine = client.app.state.engine  # type: ignore[attr-defined]
        with Session(engine) as session:
            principals = {role: load_principal(session, a) for role, a in accounts.items()}
        tokens = {role: token_for(client, a) for role, a in accounts.items()}
        rounds = {"published": published, "unpublished": unpublished}
        yield World(client, rounds, tokens, principals)


# -- what the permission table allows -------------------------------------------------------


def _access(world: World, who: str, sid: str, category: Category) -> Access:
    """The most the principal may see of this category of one student, for any purpose."""
    if who == ANONYMOUS:
        return Access.NONE
    principal = world.principals[who]
    engine = world.client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        approved = principal.company_id is not None and proposed_to(
            session, sid, principal.company_id
        )
    relations: frozenset[Relation] = principal.relations_to_student(
        sid, proposed_to_own_company=approved
    )
    return max(
        (decide(principal.roles, category, p, relation=relations) for p in PURPOSE_ORDER),
        default=Access.NONE,
    )


def _consented(who: str, sid: str) -> bool:
    return who == "bedrijf-x" and sid == A  # the only consent recorded


@dataclass(frozen=True)
class Allowed:
    """Which tokens of one student a principal may be shown."""

    id: bool
    name: bool
    home: bool
    notes: bool


def allowed(world: World, who: str, sid: str) -> Allowed:
    """The permission table's answer for one principal and one student."""
    identity = _access(world, who, sid, Category.IDENTITY)
    proposals = _access(world, who, sid, Category.PROPOSALS)
    staff = who != ANONYMOUS and bool(world.principals[who].roles & STAFF_ROLES)
    return Allowed(
        id=identity is not Access.NONE or proposals is not Access.NONE,
        name=identity is Access.FULL or (identity is Access.CONSENT and _consented(who, sid)),
        home=identity is Access.FULL,
        notes=staff and proposals is Access.FULL,
    )


# -- calling every route ----------------------------------------------------------------------


def get_routes(client: TestClient) -> list[str]:
    """Every GET path template the app serves (its own docs pages aside), walking the routers
    (FastAPI 0.165 wraps included routers) and the OpenAPI document, so none is missed."""
    docs = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
    found: set[str] = set()
    for route in client.app.routes:  # type: ignore[attr-defined]
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            found |= {c.path for c in contexts() if "GET" in (c.methods or ())}
        elif isinstance(route, Route) and "GET" in (route.methods or ()):
            found.add(route.path)
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    found |= {p for p, ops in paths.items() if "get" in ops}
    return sorted(found - docs)


def _values(world: World, who: str) -> dict[str, list[str]]:
    """Each path parameter with one value per relation (own / caseload / other)."""
    return {
        "student_id": [A, B, C],
        "company_id": [X, Y, Z],
        "place_id": list(PLACES.values()),
        "round_id": [world.rounds["published"], world.rounds["unpublished"]],
        "token_id": ["999999"],
        "account_id": sorted({str(p.account_id) for p in world.principals.values()}),
        "kind": ["students", "companies", "places"],
        "bpv_id": ["1"],  # A's BPV, made when round 1 was published
    }


def urls(world: World, who: str, template: str) -> list[str]:
    """The template filled in with every combination of relations (and both export formats)."""
    names = re.findall(r"\{(\w+)\}", template)
    values = _values(world, who)
    filled = []
    for combo in itertools.product(*(values[n] for n in names)):
        url = template
        for name, value in zip(names, combo, strict=True):
            url = url.replace(f"{{{name}}}", value)
        filled.append(url)
    if template.endswith("/export"):
        filled += [f"{u}?format=xlsx" for u in filled]
    return filled


def body_text(response: Any) -> str:
    """Everything a reader could get out of the answer: HTML/JSON text unescaped, files unzipped."""
    raw: bytes = response.content
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"\n".join(archive.read(n) for n in archive.namelist())
    text = raw.decode("utf-8", errors="replace")
    return html.unescape(text) + "\n" + html.unescape(html.unescape(text))


def _headers(world: World, who: str) -> dict[str, str]:
    return {} if who == ANONYMOUS else bearer(world.tokens[who])


def leaks(world: World, who: str, template: str) -> list[str]:
    """Every token shown on this route that the table does not allow (empty: all is well)."""
    found = []
    for url in urls(world, who, template):
        response = world.client.get(url, headers=_headers(world, who), follow_redirects=False)
        if response.status_code >= 500:
            found.append(f"{url}: {response.status_code}")
            continue
        text = body_text(response)
        for sid in (A, B, C):
            may = allowed(world, who, sid)
            lat, lon = HOMES[sid]
            tokens = {
                # an id the requester sent may come back; beheer sees the codes an account is
                # linked to (a student account's student, a caseload) on the account pages,
                # never names, homes or notes (ACCOUNTS × administration)
                "id": (sid, may.id or sid in url or _account_links(world, who, template)),
                "name": (NAMES[sid], may.name),
                "home": (f"{lat:.5f}", may.home and template != MAP_ROUTE),
                "home-lon": (f"{lon:.5f}", may.home and template != MAP_ROUTE),
            }
            own_export = (
                template == SUBJECT_EXPORT
                and who != ANONYMOUS
                and world.principals[who].student_id == sid
            )
            for i, note in enumerate(NOTES.get(sid, ())):
                tokens[f"note{i}"] = (note, may.notes or own_export)
            found += [
                f"{url}: {kind} of {sid} ({token!r}), status {response.status_code}"
                for kind, (token, ok) in tokens.items()
                if not ok and token in text
            ]
        if who != "bureau":  # the companies' track records are the bureau's only (issue 19)
            found += [f"{url}: track record ({t!r})" for t in TRACK_TOKENS if t in text]
        if who.startswith("bedrijf") and "json" in response.headers.get("content-type", ""):
            found += [f"{url}: {f}" for f in _company_fields(response.json())]
    return found


def _account_links(world: World, who: str, template: str) -> bool:
    """Whether this is an account page and the principal administers accounts."""
    if who == ANONYMOUS or not template.startswith(("/accounts", "/beheer/accounts")):
        return False
    roles = world.principals[who].roles
    everyone = frozenset(Relation)
    return (
        decide(roles, Category.ACCOUNTS, Purpose.ADMINISTRATION, relation=everyone) is Access.FULL
    )


def _company_fields(value: Any) -> list[str]:
    """Score, terms and texts with a value in any JSON object about a student (for companies)."""
    if isinstance(value, list):
        return [f for v in value for f in _company_fields(v)]
    if not isinstance(value, dict):
        return []
    own = [
        f"{value['student_id']}.{k}={value[k]!r}"
        for k in FIELDS_NOT_FOR_COMPANIES
        if "student_id" in value and value.get(k) not in (None, "", {}, [])
    ]
    return own + [f for v in value.values() for f in _company_fields(v)]


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PRINCIPALS)
def test_every_get_route_shows_only_what_the_table_allows(world: World, who: str) -> None:
    found = []
    for template in get_routes(world.client):
        if template == EVENTS:
            continue  # below, with its own expectation (finding 4)
        found += leaks(world, who, template)
    assert found == [], f"{who} sees more than the permission table allows:\n" + "\n".join(found)


@pytest.mark.parametrize("who", PRINCIPALS)
def test_round_events_show_only_what_the_table_allows(world: World, who: str) -> None:
    """Bureau: every note; jobcoach and begeleider: their caseload's; company, student: none."""
    found = leaks(world, who, EVENTS)
    assert found == [], f"{who} sees more than the permission table allows:\n" + "\n".join(found)


def test_the_population_has_every_relation(world: World) -> None:
    """The matrix is only as good as its data: each relation occurs, and the bureau, staff and
    company X really do see what they may (so the leak check cannot pass on empty pages)."""
    assert allowed(world, "bedrijf-x", A) == Allowed(id=True, name=True, home=False, notes=False)
    assert not allowed(world, "bedrijf-y", B).id  # proposals in an unpublished round only
    assert not allowed(world, "bedrijf-z", A).id
    assert allowed(world, "jobcoach", A).notes
    assert not allowed(world, "jobcoach", B).id
    assert allowed(world, "begeleider", B).notes
    assert not allowed(world, "begeleider", A).id
    assert allowed(world, "student", A).name
    assert not allowed(world, "student", B).id
    shown = {
        ("bureau", f"/bureau/rondes/{world.rounds['unpublished']}/voorstellen"): [
            NAMES[A], NAMES[B], NAMES[C],
        ],
        ("bureau", f"/rounds/{world.rounds['unpublished']}/events"): [*NOTES[A], *NOTES[B]],
        ("jobcoach", "/jobcoach"): [NAMES[A]],
        ("jobcoach", f"/rounds/{world.rounds['unpublished']}/proposals"): [A, *NOTES[A]],
        ("begeleider", "/jobcoach"): [NAMES[B]],
        ("bedrijf-x", "/bedrijf"): [NAMES[A]],
        ("bedrijf-x", f"/rounds/{world.rounds['published']}/proposals"): [A],
        ("student", f"/students/{A}"): [NAMES[A], f"{HOMES[A][0]:.5f}"],
        ("beheer", "/beheer/berichten"): ["Ronde gepubliceerd", "student-", "company-"],
        ("bureau", "/companies"): ["track_record", "host_again_share", "Eerder hier"],
        ("bureau", "/bureau/bedrijven"): ["Eerder hier", X],
        ("bureau", f"/bureau/rondes/{world.rounds['published']}/voorstellen/{A}"): [
            "Eerder hier", "wil weer",
        ],
    }  # fmt: skip
    for (who, url), tokens in shown.items():
        response = world.client.get(url, headers=_headers(world, who))
        assert response.status_code == 200, (who, url, response.text)
        text = body_text(response)
        assert all(t in text for t in tokens), (who, url, tokens)


def test_the_map_shows_homes_to_about_a_kilometre(world: World) -> None:
    rid = world.rounds["unpublished"]
    points = world.client.get(
        f"/bureau/rondes/{rid}/kaartdata", headers=_headers(world, "bureau")
    ).json()
    assert {p[0] for p in points["students"]} == {A, B, C}
    for _, lat, lon in points["students"]:
        assert round(lat, 2) == lat
        assert round(lon, 2) == lon
    assert points["pairs"]
    # the list beside the map: each student's proposed place (the line) and travel minutes
    proposed = {s: p for s, p, _ in points["proposals"]}
    assert proposed == {A: PLACES[X], B: PLACES[Y], C: None}
    assert all(m is None or m % 5 == 0 for _, _, m in points["proposals"])


def test_every_student_shown_to_the_bureau_is_in_their_privacy_log(world: World) -> None:
    """The review table, the map and the export each leave a read per student shown."""
    rid = world.rounds["unpublished"]
    bureau = _headers(world, "bureau")
    before = {sid: _log_size(world, sid) for sid in (A, B, C)}
    for url in (f"/bureau/rondes/{rid}/voorstellen", f"/bureau/rondes/{rid}/kaartdata"):
        assert world.client.get(url, headers=bureau).status_code == 200
    after = {sid: _log_size(world, sid) for sid in (A, B, C)}
    assert all(after[sid] >= before[sid] + 2 for sid in (A, B, C)), (before, after)
    published = world.rounds["published"]
    assert world.client.get(f"/rounds/{published}/export", headers=bureau).status_code == 200
    assert _log_size(world, A) == after[A] + 1  # only A is in the export


def test_staff_and_company_reads_are_in_the_privacy_log(world: World) -> None:
    """The jobcoach's list and the company's proposals list each log the student they show."""
    published = world.rounds["published"]
    for who, url in (("jobcoach", "/jobcoach"), ("bedrijf-x", f"/rounds/{published}/proposals")):
        before = _log_size(world, A)
        assert world.client.get(url, headers=_headers(world, who)).status_code == 200
        assert _log_size(world, A) == before + 1, (who, url)


def _log_size(world: World, sid: str) -> int:
    from adapters.privacy.audit import list_for_student

    engine = world.client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        return len(list_for_student(session, sid))


def test_every_get_route_is_in_the_matrix(world: World) -> None:
    """A new GET route is in the matrix by construction; this guards the iteration itself."""
    routes = get_routes(world.client)
    assert "/bureau/rondes/{round_id}/kaartdata" in routes
    assert "/rounds/{round_id}/proposals" in routes
    assert EVENTS in routes
    assert len(routes) >= 30
