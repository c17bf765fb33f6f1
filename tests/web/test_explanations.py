"""Explanations people read, on a solved demo site: sentences and Dutch numbers in the staff
panel, names instead of codes in every sentence, one travel rounding on every page, a short
"Goed om te weten" that repeats no other box, and one "why unplaced" for bureau and jobcoach.

Codes may appear only in their own badge (``<span class="code">``), never in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters.auth.accounts import create_account
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import ProposalRow
from adapters.demo_data import TOWNS_FILE
from cli.web import build_demo_site
from matcher.privacy.vocabulary import Role
from tests.web.conftest import post_login

pytestmark = pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="towns_nl.csv not built yet")
HX = {"HX-Request": "true"}
CODE = re.compile(r"\b[pcs]\d{2,}\b")  # the demo's student, company and place codes
PASSWORD = "een lang wachtwoord 123"


@dataclass
class Site:
    """A solved demo round with the bureau logged in."""

    client: TestClient
    round_id: int
    proposals: list[ProposalRow]

    def panel(self, student_id: str) -> str:
        url = f"/bureau/rondes/{self.round_id}/voorstellen/{student_id}"
        response = self.client.get(url, headers=HX)
        assert response.status_code == 200, response.text
        return response.text

    def get(self, url: str, client: TestClient | None = None) -> str:
        response = (client or self.client).get(url)
        assert response.status_code == 200, response.text
        return response.text

    def login(self, email: str, **account: object) -> TestClient:
        engine = self.client.app.state.engine  # type: ignore[attr-defined]
        with session_scope(engine) as session:
            create_account(session, email=email, password=PASSWORD, **account)  # type: ignore[arg-type]
        client = TestClient(self.client.app)
        post_login(client, email, PASSWORD)
        return client


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("uitleg") / "u.db"
    demo = build_demo_site(f"sqlite:///{db}", students=120, seed=3, time_limit_s=2)
    assert demo.round_id is not None
    bureau = next(a for a in demo.accounts if a.email.startswith("bureau@"))
    with TestClient(demo.app) as client:
        post_login(client, bureau.email, bureau.password)
        with Session(demo.app.state.engine) as session:  # type: ignore[attr-defined]
            row = repo.get_round(session, demo.round_id)
            proposals = repo.list_proposals(session, demo.round_id, row.current_run)
        yield Site(client, demo.round_id, proposals)


def visible_text(html: str, *, keep_codes: bool = False) -> str:
    """What a reader sees: no scripts, no tags (so no attributes), code badges dropped."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    if not keep_codes:
        html = re.sub(r'<span class="code">[^<]*</span>', " ", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _block(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(p|table|div)>', html, flags=re.S)
    assert found, f"no #{element_id}"
    return found.group(1)


def _placed(site: Site) -> list[ProposalRow]:
    return [p for p in site.proposals if p.place_id]


def test_the_panel_explains_in_sentences_with_dutch_numbers(site: Site) -> None:
    for p in _placed(site)[:10]:
        html = site.panel(p.student_id)
        text = visible_text(html, keep_codes=True)
        assert "[" not in text, text  # no bracketed dump
        assert not re.search(r"\d\.\d", text), text  # no "1.000" or "0.805"
        why = visible_text(_block(html, "waarom"))
        assert why.strip().endswith(".")
        terms = visible_text(_block(html, "score-onderdelen"))
        assert "Reistijd" in terms
        assert re.search(r"\b\d{1,3} van 100\b", terms), terms


def test_one_travel_rounding_on_every_page_for_the_same_pair(site: Site) -> None:
    compared = 0
    for p in _placed(site)[:12]:
        panel = visible_text(site.panel(p.student_id))
        shown = re.search(r"Reistijd:\s+(\d+) min", panel)
        assert shown, panel
        minutes = int(shown.group(1))
        assert minutes % 5 == 0
        page = site.get(f"/jobcoach/studenten/{p.student_id}")
        cards = re.findall(
            r'<li class="kaartje">(.*?)</li>\s*(?=<li class="kaartje">|</ol>)', page, re.S
        )
        card = next((c for c in cards if f'<span class="code">{p.place_id}</span>' in c), None)
        if card is None:
            continue  # the proposed place is not in this student's top 15
        figures = {int(m) for m in re.findall(r"ongeveer (\d+) min", visible_text(card))}
        assert figures == {minutes}, (p.student_id, figures, minutes)
        compared += 1
    assert compared >= 3


def test_no_code_in_any_sentence_on_the_four_pages(site: Site) -> None:
    placed = _placed(site)
    first = placed[0]
    student = site.login(
        f"{first.student_id}@test.invalid", roles=[Role.STUDENT], student_id=first.student_id
    )
    company = site.login("bedrijf@test.invalid", roles=[Role.COMPANY], company_id=first.company_id)
    pages = {
        "student": site.get("/student", student),
        "jobcoach": site.get(f"/jobcoach/studenten/{first.student_id}"),
        "bedrijf": site.get("/bedrijf", company),
    }
    for name, html in pages.items():
        main = html.split("<main", 1)[-1]
        found = CODE.findall(visible_text(main))
        assert not found, (name, found)
    assert f'<span class="code">{first.place_id}</span>' in pages["bedrijf"]  # in its badge
    for p in site.proposals[:60]:  # the bureau's explanation blocks
        html = site.panel(p.student_id)
        for element_id in ("waarom", "meer-kansen"):
            if f'id="{element_id}"' in html:
                text = visible_text(_block(html, element_id))
                assert not CODE.findall(text), (p.student_id, text)


def _cards(html: str) -> list[str]:
    return re.findall(
        r'<li class="kaartje">(.*?)</li>\s*(?=<li class="kaartje">|</ul>\s*<p><small>)', html, re.S
    )


def _good_to_know(card: str) -> list[str]:
    part = card.split("Goed om te weten:", 1)
    if len(part) == 1:
        return []
    items = re.search(r"<ul>(.*?)</ul>", part[1], re.S)
    assert items
    return [visible_text(i).strip() for i in re.findall(r"<li>(.*?)</li>", items.group(1), re.S)]


def test_good_to_know_is_short_and_repeats_no_other_box(site: Site) -> None:
    checked = arranged = 0
    for i, p in enumerate(site.proposals[:20]):
        client = site.login(
            f"leerling{i}@test.invalid", roles=[Role.STUDENT], student_id=p.student_id
        )
        for card in _cards(site.get("/student", client)):
            items = _good_to_know(card)
            assert len(items) <= 4, items
            assert len(set(items)) == len(items), items
            offers = re.search(r"Wat deze plek je biedt:.*?<ul>(.*?)</ul>", card, re.S)
            offered = set(re.findall(r"<li>(.*?)</li>", offers.group(1))) if offers else set()
            assert not offered & set(items)
            box = re.search(r"Het bedrijf regelt dit voor je start:</strong>([^<]*)", card)
            if box:
                arranged += 1
                for words in box.group(1).split(","):
                    assert not any(words.strip() in item for item in items), (words, items)
            checked += 1
    assert checked >= 10
    assert arranged >= 1  # the repeat the issue saw is possible on this data


def test_bureau_and_jobcoach_say_the_same_about_an_unplaced_student(site: Site) -> None:
    compared = 0
    for p in site.proposals:
        if p.place_id or "gaan in dit voorstel naar andere studenten" in p.unplaced_reason:
            continue
        bureau = visible_text(_block(site.panel(p.student_id), "meer-kansen")).strip()
        page = site.get(f"/jobcoach/studenten/{p.student_id}")
        jobcoach = visible_text(_block(page, "waarom-geen-plek")).strip()
        assert jobcoach == bureau, p.student_id
        compared += 1
    assert compared >= 1
