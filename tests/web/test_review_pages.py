"""The bureau's review page on a demo round of 120 students: paging, moving to a place chosen
from the allowed ones, comments and publishing; and the student's page after publishing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from adapters.auth.accounts import create_account
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.models import CURRENT_DATASET, CompanyRow, PlaceRow
from adapters.db.round_models import ProposalRow
from adapters.demo_data import TOWNS_FILE
from adapters.flows.shortlist import PlaceCache, load_student, suggestions
from cli.web import build_demo_site
from matcher.privacy.vocabulary import Role
from matcher.scoring.explain import Audience
from tests.web.a11y import problems
from tests.web.conftest import csrf_of, post_login

# An action's error goes into the review panel's status message, its one live region.
ERROR_IN_STATUS = '<div id="paneel-status" hx-swap-oob="innerHTML"><p class="melding fout">'

pytestmark = pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")
STUDENTS = 120
HX = {"HX-Request": "true"}


@dataclass
class Review:
    """A logged-in bureau client on a solved demo round."""

    client: TestClient
    round_id: int
    url: str
    token: str

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.client.app.state.engine  # type: ignore[attr-defined]

    def proposals(self) -> list[ProposalRow]:
        with Session(self.engine) as session:
            row = repo.get_round(session, self.round_id)
            return repo.list_proposals(session, self.round_id, row.current_run)

    def comments(self) -> dict[str, str]:
        """Each student's latest comment as stored (notes live apart from the proposals)."""
        with Session(self.engine) as session:
            notes = repo.list_notes(session, self.round_id)
        return {n.student_id: n.text for n in notes if n.kind == "comment"}

    def version(self) -> int:
        with Session(self.engine) as session:
            return repo.get_round(session, self.round_id).version

    def post(self, path: str, data: dict[str, object]) -> str:
        headers = {**HX, "X-CSRF-Token": self.token}
        response = self.client.post(f"{self.url}{path}", data=data, headers=headers)
        assert response.status_code == 200, response.text
        return response.text


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Review]:
    """A demo site of 120 students with a solved round, and the bureau logged in."""
    site = build_demo_site(
        f"sqlite:///{tmp_path / 'r.db'}", students=STUDENTS, seed=3, time_limit_s=2
    )
    assert site.round_id is not None
    bureau = next(a for a in site.accounts if a.email.startswith("bureau@"))
    with TestClient(site.app) as client:
        post_login(client, bureau.email, bureau.password)
        url = f"/bureau/rondes/{site.round_id}"
        token = csrf_of(client.get(url).text)
        yield Review(client, site.round_id, url, token)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr id="rij-([^"]+)"', html)


def test_the_review_table_pages_through_every_proposal(review: Review) -> None:
    first = review.client.get(review.url).text
    assert len(_rows(first)) == 100
    assert f"{STUDENTS} voorstellen: nummer 1 tot en met 100" in first
    assert 'id="volgende"' in first
    assert 'id="vorige"' not in first
    second = review.client.get(f"{review.url}/voorstellen", params={"offset": 100}).text
    assert len(_rows(second)) == STUDENTS - 100
    assert "nummer 101 tot en met 120" in second
    assert 'id="vorige"' in second
    assert 'id="volgende"' not in second
    everyone = set(_rows(first)) | set(_rows(second))
    assert everyone == {p.student_id for p in review.proposals()}
    # Sorting and filters hold across pages: the second page continues the first.
    by_score = [
        review.client.get(
            f"{review.url}/voorstellen", params={"sort": "-score", "offset": offset}
        ).text
        for offset in (0, 100)
    ]
    scores = {p.student_id: p.score for p in review.proposals()}
    ordered = [scores[s] for page in by_score for s in _rows(page)]
    placed = [s for s in ordered if s is not None]
    assert placed == sorted(placed, reverse=True)
    assert problems(second, fragment=True) == []


def test_a_page_past_the_end_shows_the_last_page(review: Review) -> None:
    unplaced = sum(p.place_id is None for p in review.proposals())
    assert 0 < unplaced < 100
    html = review.client.get(
        f"{review.url}/voorstellen", params={"unplaced": "1", "offset": 100}
    ).text
    assert len(_rows(html)) == unplaced


def _choices(panel: str) -> list[tuple[str, bool, str]]:
    """(place id, can be chosen, the text about room) of every move choice in a panel."""
    found = re.findall(
        r'type="radio" name="place_id" value="([^"]+)" required( disabled)?>(.*?)</label>',
        panel,
        flags=re.S,
    )
    return [
        (place, not disabled, re.sub(r"<[^>]+>", "", text.split("·", 2)[-1]).strip())
        for place, disabled, text in found
    ]


def test_move_offers_the_allowed_places_with_score_and_seats_left(review: Review) -> None:
    proposals = review.proposals()
    holders: dict[str, int] = {}
    for p in proposals:
        if p.place_id and p.decision != "rejected":
            holders[p.place_id] = holders.get(p.place_id, 0) + 1
    engine, cache = review.engine, PlaceCache()
    with Session(engine) as session:
        on = repo.get_round(session, review.round_id).bpv_start
    travel = review.client.app.state.travel  # type: ignore[attr-defined]
    checked = 0
    for p in proposals:
        panel = review.client.get(f"{review.url}/voorstellen/{p.student_id}").text
        choices = _choices(panel)
        student = load_student(engine, p.student_id)
        allowed = {
            s.place.place_id: s.place.capacity
            for s in suggestions(
                engine, cache, student, on=on, travel=travel, audience=Audience.STAFF, k=200
            )
        }
        for place, open_, room in choices:
            assert place in allowed, (p.student_id, place)  # only places the hard rules allow
            assert place != p.place_id  # never the place the student already has
            left = allowed[place] - holders.get(place, 0)
            if left > 0:
                assert room.startswith(f"nog {left} van {allowed[place]} vrij"), room
                assert open_ == (room == f"nog {left} van {allowed[place]} vrij"), room
            else:
                assert (room, open_) == ("vol", False)
        if len(allowed) - (p.place_id in allowed) > 0:
            assert choices, p.student_id  # someone with other allowed places gets a choice
        checked += bool(choices)
        if checked >= 15:
            break
    assert checked >= 5


def test_the_reviewer_moves_a_student_to_a_chosen_place(review: Review) -> None:
    for p in review.proposals():
        panel = review.client.get(f"{review.url}/voorstellen/{p.student_id}").text
        free = [place for place, open_, _ in _choices(panel) if open_]
        if p.place_id and free:
            break
    else:
        pytest.fail("no placed student with a free other place in the demo round")
    moved = review.post(
        f"/voorstellen/{p.student_id}/verplaatsen",
        {"version": review.version(), "place_id": free[0], "reason": "dichter bij huis"},
    )
    assert "Verplaatst." in moved
    assert f"({free[0]})" in moved
    after = {q.student_id: q for q in review.proposals()}[p.student_id]
    assert (after.place_id, after.decision, after.locked) == (free[0], "moved", True)
    assert problems(moved, fragment=True) == []


def _shown_names(panel: str) -> list[list[tuple[str, str]]]:
    """(place id, the words shown for it without its code) in the panel's move list and in its
    list to place by hand."""
    moves = re.findall(
        r'name="place_id" value="([^"]+)" required(?: disabled)?>\s*'
        r'<span>(.*?) <span class="code">',
        panel,
    )
    hand = re.search(r'<datalist id="hand-plekken">(.*?)</datalist>', panel, re.S)
    by_hand = re.findall(r'<option value="([^"]+)">([^<]*)</option>', hand[1] if hand else "")
    return [moves, by_hand]


def test_two_places_of_one_company_never_read_the_same(review: Review) -> None:
    """Two places of "Hotel Huisman" in one list each say what tells them apart (issue 22):
    the hours, days, niveau or qualification, not just the company's name twice."""
    with Session(review.engine) as session:
        company_of = dict(
            session.exec(
                select(PlaceRow.place_id, PlaceRow.company_id).where(
                    PlaceRow.dataset == CURRENT_DATASET
                )
            ).all()
        )
    groups = 0
    for p in review.proposals()[:30]:
        panel = review.client.get(f"{review.url}/voorstellen/{p.student_id}").text
        for shown in _shown_names(panel):
            by_company: dict[str, list[tuple[str, str]]] = {}
            for place, name in shown:
                by_company.setdefault(company_of[place], []).append((place, name))
            for group in by_company.values():
                if len(group) > 1:
                    groups += 1
                    names = [name for _, name in group]
                    assert len(set(names)) == len(names), group
                    assert all(name.startswith(names[0].split(" (")[0]) for name in names)
    assert groups, "no list showed two places of one company (the test would show nothing)"
    # The table: two rows at different places of one company read differently too.
    table = review.client.get(review.url).text
    cells = set(re.findall(r'<td>([^<>]+) <span class="code">\(([^)]+)\)</span></td>', table))
    named: dict[str, dict[str, str]] = {}
    for name, place in cells:
        named.setdefault(company_of[place], {})[place] = name.strip()
    shared = [places for places in named.values() if len(places) > 1]
    assert shared, "no two rows at places of one company (the test would show nothing)"
    for places in shared:
        assert len(set(places.values())) == len(places), places


def test_a_place_offered_as_blocked_is_refused_for_the_same_reason(review: Review) -> None:
    for p in review.proposals():
        panel = review.client.get(f"{review.url}/voorstellen/{p.student_id}").text
        blocked = [(place, room) for place, open_, room in _choices(panel) if "begeleiding" in room]
        if blocked:
            break
    else:
        pytest.skip("no company short of supervision time in this demo round")
    refused = review.post(
        f"/voorstellen/{p.student_id}/verplaatsen",
        {"version": review.version(), "place_id": blocked[0][0]},
    )
    assert ERROR_IN_STATUS in refused
    assert "begeleiding" in refused
    assert {q.student_id: q.place_id for q in review.proposals()}[p.student_id] == p.place_id


def test_a_comment_is_kept_with_the_proposal_and_marked_in_the_table(review: Review) -> None:
    sid = review.proposals()[0].student_id
    empty = review.post(f"/voorstellen/{sid}/opmerking", {"version": review.version()})
    assert "Schrijf eerst een opmerking." in empty
    saved = review.post(
        f"/voorstellen/{sid}/opmerking",
        {"version": review.version(), "comment": "Bellen met de praktijkopleider <b>"},
    )
    assert "Opmerking bewaard." in saved
    assert "Bellen met de praktijkopleider &lt;b&gt;" in saved
    assert review.comments()[sid] == ("Bellen met de praktijkopleider <b>")
    table = review.client.get(f"{review.url}/voorstellen").text
    row = table.split(f'id="rij-{sid}"')[1].split("</tr>")[0]
    assert "opmerking" in row
    stale = review.post(
        f"/voorstellen/{sid}/opmerking", {"version": review.version() - 1, "comment": "later"}
    )
    assert ERROR_IN_STATUS in stale
    assert review.comments()[sid].startswith("Bellen")


def _publish(review: Review, **data: object) -> object:
    return review.client.post(
        f"{review.url}/publiceren",
        data={"csrf_token": review.token, **data},
        follow_redirects=False,
    )


def test_publishing_needs_the_tick_and_the_current_version_then_nothing_changes(
    review: Review,
) -> None:
    sid = next(p.student_id for p in review.proposals() if p.place_id)
    review.post(f"/voorstellen/{sid}/goedkeuren", {"version": review.version()})
    page = review.client.get(review.url).text
    proposals = review.proposals()
    open_placed = sum(p.place_id is not None and p.decision == "open" for p in proposals)
    unplaced = sum(p.place_id is None for p in proposals)
    assert "Goedgekeurd: <strong>1</strong>" in page
    assert f"Nog open: <strong>{open_placed}</strong>" in page
    assert f"Zonder plek: <strong>{unplaced}</strong>" in page
    assert "Nog open voorstellen deelt Passende Plek niet" in page

    no_tick = _publish(review, version=review.version())
    assert no_tick.status_code == 422  # type: ignore[attr-defined]
    assert "vinkje" in no_tick.text  # type: ignore[attr-defined]
    stale = _publish(review, version=review.version() - 1, zeker="ja")
    assert stale.status_code == 409  # type: ignore[attr-defined]
    with Session(review.engine) as session:
        assert repo.get_round(session, review.round_id).status != "published"

    done = _publish(review, version=review.version(), zeker="ja")
    assert done.status_code == 303  # type: ignore[attr-defined]
    page = review.client.get(review.url).text
    assert "Deze ronde is gepubliceerd" in page
    assert "Opnieuw uitvoeren" not in page
    assert "Ronde publiceren" not in page
    panel = review.client.get(f"{review.url}/voorstellen/{sid}").text
    assert "Goedkeuren" not in panel
    assert "hier verandert niets meer" in panel
    refused = review.post(f"/voorstellen/{sid}/goedkeuren", {"version": review.version()})
    assert ERROR_IN_STATUS in refused
    exported = review.client.get(f"{review.url}/export", params={"format": "csv"})
    assert sid in exported.text
    assert problems(page) == []


def _student_client(review: Review, student_id: str) -> TestClient:
    with session_scope(review.engine) as session:
        create_account(
            session,
            email=f"{student_id}@test.invalid",
            password="een lang wachtwoord 123",
            roles=[Role.STUDENT],
            student_id=student_id,
        )
    client = TestClient(review.client.app)
    post_login(client, f"{student_id}@test.invalid", "een lang wachtwoord 123")
    return client


def test_the_student_sees_the_published_place_and_otherwise_suggestions(review: Review) -> None:
    placed = [p for p in review.proposals() if p.place_id]
    chosen, left_open = placed[0], placed[1]
    review.post(f"/voorstellen/{chosen.student_id}/goedkeuren", {"version": review.version()})
    student = _student_client(review, chosen.student_id)
    other = _student_client(review, left_open.student_id)
    before = student.get("/student").text
    assert "Plekken die bij jou passen" in before  # not published yet: suggestions
    assert "Jouw BPV-plek" not in before

    assert _publish(review, version=review.version(), zeker="ja").status_code == 303  # type: ignore[attr-defined]
    mine = student.get("/student").text
    assert "Jouw BPV-plek" in mine
    assert "Plekken die bij jou passen" not in mine
    card = mine.split('id="mijn-plek"')[1].split("</div>")[0]
    with Session(review.engine) as session:
        company = session.exec(
            select(CompanyRow.name).where(
                CompanyRow.dataset == CURRENT_DATASET, CompanyRow.company_id == chosen.company_id
            )
        ).one()
    assert f"<h3>{escape(company)}" in card  # a company with more places adds what differs
    assert "Wat deze plek je biedt" in card
    assert "score" not in card.lower()  # a student never sees numbers behind the score
    assert problems(mine) == []
    # the company of my place is in the consent list, and the preview is for that company
    assert f'value="{chosen.company_id}:strengths"' in mine
    assert f"Zo ziet {escape(company)} jouw kaart" in mine
    # an open proposal is not shared when the round is published: still suggestions
    theirs = other.get("/student").text
    assert "Jouw BPV-plek" not in theirs
    assert "Plekken die bij jou passen" in theirs
