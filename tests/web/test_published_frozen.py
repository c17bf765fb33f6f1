"""A published round is frozen: an import of files with the same ids afterwards changes nothing
of what the round shows (pages, fragments, JSON, map, exports, the company's and the student's
view), and erasing a student removes their name from it while the counts stay."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters.auth.accounts import create_account
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.repositories import load_population
from adapters.demo_data import TOWNS_FILE
from adapters.flows.imports import import_directory
from adapters.flows.rounds.snapshot import ERASED
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from adapters.privacy.subject_rights import erase_student, export_student
from adapters.tabular import write_population
from cli.web import build_demo_site
from matcher.domain import GeoPoint
from matcher.privacy.consent import Method
from matcher.privacy.vocabulary import Purpose, Role
from tests.web.conftest import csrf_of, post_login

pytestmark = pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")
HX = {"HX-Request": "true"}
PASSWORD = "een lang wachtwoord 123"


@dataclass
class Published:
    """A published demo round: the bureau, a company and a student logged in."""

    bureau: TestClient
    company: TestClient
    student: TestClient
    round_id: int
    approved: list[str]
    company_id: str

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.bureau.app.state.engine  # type: ignore[attr-defined]

    def views(self) -> dict[str, bytes]:
        """Everything the published round shows, by name."""
        url = f"/bureau/rondes/{self.round_id}"
        sid = self.approved[0]
        got = {
            "round page": self.bureau.get(url),
            "table": self.bureau.get(f"{url}/voorstellen", headers=HX),
            "table priority": self.bureau.get(
                f"{url}/voorstellen", params={"priority": "ja"}, headers=HX
            ),
            "panel": self.bureau.get(f"{url}/voorstellen/{sid}", headers=HX),
            "map": self.bureau.get(f"{url}/kaartdata"),
            "export csv": self.bureau.get(f"{url}/export", params={"format": "csv"}),
            "export xlsx": self.bureau.get(f"{url}/export", params={"format": "xlsx"}),
            "json proposals": self.bureau.get(f"/rounds/{self.round_id}/proposals"),
            "company page": self.company.get("/bedrijf"),
            "student page": self.student.get("/student"),
        }
        for name, response in got.items():
            assert response.status_code == 200, (name, response.text[:300])
        return {name: _stable(name, r.content) for name, r in got.items()}


def _stable(name: str, content: bytes) -> bytes:
    """The content, with what changes per request by design (form tokens, the xlsx zip's
    timestamps) taken out."""
    if name == "export xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return repr([list(r) for r in sheet.iter_rows(values_only=True)]).encode()  # type: ignore[union-attr]
    if name == "company page":  # the round's part: the cards (the rest is the company's own)
        return _between(content, b"Studenten die bij jullie passen", b"Ons profiel bijwerken")
    if name == "student page":  # the published place (the rest is the student's own profile)
        return _between(content, b"<h2>Jouw BPV-plek</h2>", b"<h2>")
    return re.sub(rb'name="csrf_token" value="[^"]+"', b"", content)


def _between(content: bytes, start: bytes, end: bytes) -> bytes:
    assert start in content, start
    part = content.split(start, 1)[1]
    return part.split(end, 1)[0]


def _account(client: TestClient, email: str, **links: str) -> TestClient:
    role = Role.COMPANY if "company_id" in links else Role.STUDENT
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        create_account(session, email=email, password=PASSWORD, roles=[role], **links)  # type: ignore[arg-type]
    other = TestClient(client.app)
    post_login(other, email, PASSWORD)
    return other


@pytest.fixture
def published(db_url: str) -> Iterator[Published]:
    """A demo round of 80 students (SQLite and PostgreSQL): three proposals of one company
    approved (one student consents to share with it), then the round published."""
    site = build_demo_site(db_url, students=80, seed=5, time_limit_s=2)
    assert site.round_id is not None
    bureau_account = next(a for a in site.accounts if a.email.startswith("bureau@"))
    with TestClient(site.app) as bureau:
        post_login(bureau, bureau_account.email, bureau_account.password)
        url = f"/bureau/rondes/{site.round_id}"
        token = csrf_of(bureau.get(url).text)
        with Session(bureau.app.state.engine) as session:  # type: ignore[attr-defined]
            rows = repo.list_proposals(session, site.round_id, 1)
        placed = [p for p in rows if p.place_id]
        company_id = max(
            {p.company_id for p in placed}, key=lambda c: sum(p.company_id == c for p in placed)
        )
        approved = [p.student_id for p in placed if p.company_id == company_id][:3]
        approved += [p.student_id for p in placed if p.company_id != company_id][:2]
        headers = {**HX, "X-CSRF-Token": token}
        for sid in approved:
            with Session(bureau.app.state.engine) as session:  # type: ignore[attr-defined]
                version = repo.get_round(session, site.round_id).version
            done = bureau.post(
                f"{url}/voorstellen/{sid}/goedkeuren", data={"version": version}, headers=headers
            )
            assert done.status_code == 200, done.text
        with session_scope(bureau.app.state.engine) as session:  # type: ignore[attr-defined]
            consent.give(
                session,
                student_id=approved[0],
                purpose=Purpose.MATCHING,
                recipient=company_id,
                text_version="v1",
                shown_text="Mag dit bedrijf je wensen zien?",
                recorded_by=Actor("test"),
                method=Method.WRITTEN,
                actively_given=True,
            )
            version = repo.get_round(session, site.round_id).version
        done = bureau.post(
            f"{url}/publiceren",
            data={"csrf_token": token, "version": version, "zeker": "ja"},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        company = _account(bureau, "bedrijf-test@test.invalid", company_id=company_id)
        student = _account(bureau, "student-test@test.invalid", student_id=approved[0])
        yield Published(bureau, company, student, site.round_id, approved, company_id)


def _import_changed(published: Published, folder: Path) -> None:
    """Files with the same ids: students' names swapped and priority flipped, every
    company's name and sector, and every place's location changed; then imported."""
    with Session(published.engine) as session:
        population = load_population(session)
    names = [s.name for s in population.students]
    students = tuple(
        replace(s, name=names[-1 - i], priority=not s.priority)
        for i, s in enumerate(population.students)
    )
    companies = tuple(
        replace(c, name=f"Nieuw {c.name}", sector="anders", location=GeoPoint(52.0, 5.0))
        for c in population.companies
    )
    places = tuple(replace(p, location=GeoPoint(51.5, 4.5)) for p in population.places)
    changed = replace(population, students=students, companies=companies, places=places)
    write_population(folder, changed)
    import_directory(published.engine, folder, geocoder=published.bureau.app.state.geocoder)  # type: ignore[attr-defined]


def test_an_import_after_publishing_leaves_the_published_round_as_it_was(
    published: Published, tmp_path: Path
) -> None:
    before = published.views()
    # what the company and the student see is really there (the test compares something)
    assert published.approved[0].encode() in before["export csv"]
    assert b"Je hebt hem samen met school gekozen" in before["student page"]
    assert b'"shared"' not in before["company page"]  # HTML, not JSON
    _import_changed(published, tmp_path / "changed")
    with Session(published.engine) as session:  # the import did change the live profiles
        live = {s.student_id: s.name for s in load_population(session).students}
    assert any(live[sid].encode() not in before["panel"] for sid in published.approved[:1])

    after = published.views()

    changed = {name: _first_difference(before[name], after[name]) for name in before}
    diffs = {k: v for k, v in changed.items() if v}
    assert not diffs, "\n".join(f"{k}: {v}" for k, v in diffs.items())


def _first_difference(a: bytes, b: bytes) -> str:
    """Where two contents first differ, with some context ('' when equal)."""
    if a == b:
        return ""
    pairs = enumerate(zip(a, b, strict=False))
    at = next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))
    return f"at {at}: {a[at - 60 : at + 60]!r} became {b[at - 60 : at + 60]!r}"


def test_erasing_a_student_removes_their_name_from_the_published_round(
    published: Published,
) -> None:
    sid = published.approved[1]
    url = f"/bureau/rondes/{published.round_id}"
    with Session(published.engine) as session:
        name = next(s.name for s in load_population(session).students if s.student_id == sid)
    panel = published.bureau.get(f"{url}/voorstellen/{sid}", headers=HX).text
    assert name in panel
    with session_scope(published.engine) as session:  # the right of access shows it too
        held = export_student(session, sid, actor=Actor("test"))["published_rounds"]
    assert [(r["round_id"], r["published"]["name"]) for r in held] == [(published.round_id, name)]
    counts_before = re.findall(r"<strong>(\d+)</strong>", published.bureau.get(url).text)
    with session_scope(published.engine) as session:
        erase_student(session, sid, actor=Actor("test"))

    panel = published.bureau.get(f"{url}/voorstellen/{sid}", headers=HX).text
    exported = published.bureau.get(f"{url}/export", params={"format": "csv"}).text
    points = published.bureau.get(f"{url}/kaartdata").json()
    assert name not in panel
    assert name not in exported
    assert ERASED in panel
    assert ERASED in exported
    assert sid not in {p[0] for p in points["students"]}  # no home on the map any more
    assert sid not in {p[0] for p in points["proposals"]}  # nor in the list beside it
    assert sid in exported  # the place is still in the round: counts stay true
    assert re.findall(r"<strong>(\d+)</strong>", published.bureau.get(url).text) == counts_before
    with session_scope(published.engine) as session:
        held = export_student(session, sid, actor=Actor("test"))["published_rounds"]
    assert held[0]["published"]["name"] == ERASED
    assert held[0]["published"]["lat"] is None


def test_the_bureau_export_has_dutch_headers_names_and_the_real_status(
    published: Published,
) -> None:
    url = f"/bureau/rondes/{published.round_id}"
    with Session(published.engine) as session:
        population = load_population(session)
        rows = repo.list_proposals(session, published.round_id, 1)
    students = {s.student_id: s.name for s in population.students}
    companies = {c.company_id: c.name for c in population.companies}
    approved = {p.student_id: p for p in rows if p.decision == "accepted"}
    header = [
        "Studentnummer",
        "Naam student",
        "Plek",
        "Omschrijving plek",
        "Bedrijf",
        "Naam bedrijf",
        "Score",
        "Reistijd (minuten)",
        "Status",
        "Uitleg",
    ]

    text = published.bureau.get(f"{url}/export", params={"format": "csv"}).content.decode()
    assert text.startswith("\ufeff")  # Excel reads the UTF-8 file as UTF-8
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert table[0] == header
    assert {r[0] for r in table[1:]} == set(published.approved) == set(approved)
    for r in table[1:]:
        proposal = approved[r[0]]
        assert r[1] == students[r[0]]
        assert r[2] == proposal.place_id
        assert r[4] == proposal.company_id
        assert r[5] == companies[r[4]]
        assert r[3].startswith(companies[r[4]])  # the place in words: its company first
        assert r[6] == f"{round(proposal.score or 0, 3)}".replace(".", ",")  # decimal comma
        assert r[8] == "goedgekeurd"
        assert "proposed" not in r

    xlsx = published.bureau.get(f"{url}/export", params={"format": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    got = [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert got[0] == header
    assert {r[1] for r in got[1:]} == {students[s] for s in approved}
    assert {r[8] for r in got[1:]} == {"goedgekeurd"}
    assert all(isinstance(r[6], float) for r in got[1:])  # a number Excel can sum


def test_the_api_export_keeps_the_contract_columns_and_adds_names(published: Published) -> None:
    response = published.bureau.get(f"/rounds/{published.round_id}/export")
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0])[:8] == [
        "student_id",
        "place_id",
        "company_id",
        "score",
        "travel_minutes",
        "status",
        "explanation",
        "unplaced_reason",
    ]
    assert list(rows[0])[8:] == ["decision", "student_name", "company_name", "place_name"]
    assert {r["decision"] for r in rows} == {"accepted"}
    assert all(r["student_name"] and r["company_name"] for r in rows)
