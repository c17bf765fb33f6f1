"""In Chromium: the staff panel's "Waarom deze plek" and the student's cards read as Dutch
sentences, with screenshots for the README (13 and 14)."""

from __future__ import annotations

import re

import pytest

from adapters.auth.accounts import create_account
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from matcher.privacy.vocabulary import Role
from tests.web.browser import Login, browser_page, element_screenshot, log_in, screenshot
from tests.web.test_browser import STUDENT_PASSWORD, Site, demo_site

pytestmark = pytest.mark.browser
__all__ = ["demo_site"]  # the fixture, shared with test_browser.py


def test_the_panel_explains_in_sentences_and_a_table_of_terms(demo_site: Site) -> None:
    bureau = demo_site.accounts["bureau"]
    with browser_page() as page:
        log_in(page, demo_site.url, bureau)
        page.goto(f"{demo_site.url}/bureau/rondes/{demo_site.round_id}")
        with page.expect_response(lambda r: "sort=-score" in r.url):  # the sorted table
            page.get_by_label("Sorteren op").select_option("-score")
        page.wait_for_load_state("networkidle")
        page.locator("#tabel tbody tr button").first.click()
        page.get_by_role("heading", name="Waarom deze plek").wait_for()
        why = page.locator("#waarom").inner_text()
        terms = page.locator("#score-onderdelen").inner_text()
        assert "[" not in why
        assert why.strip().endswith(".")
        assert re.search(r"\d{1,3} van 100", terms)
        assert not re.search(r"\d\.\d", page.locator("#paneel").inner_text())
        page.locator("#score-onderdelen").scroll_into_view_if_needed()
        element_screenshot(page.locator("#paneel"), "13-waarom-deze-plek")


def test_the_student_reads_short_cards_in_plain_dutch(demo_site: Site) -> None:
    assert demo_site.round_id is not None
    with session_scope(demo_site.app.state.engine) as session:
        row = repo.get_round(session, demo_site.round_id)
        proposals = repo.list_proposals(session, demo_site.round_id, row.current_run)
        placed = next(p.student_id for p in proposals if p.place_id)
        create_account(
            session,
            email="uitleg@test.invalid",
            password=STUDENT_PASSWORD,
            roles=[Role.STUDENT],
            student_id=placed,
        )
    with browser_page(mobile=True) as page:
        log_in(page, demo_site.url, Login("uitleg@test.invalid", STUDENT_PASSWORD))
        page.get_by_role("heading", name="Plekken die bij jou passen").wait_for()
        cards = page.locator("li.kaartje")
        assert cards.count() > 0
        for i in range(cards.count()):
            card = cards.nth(i)
            lists = card.locator("p:has-text('Goed om te weten') + ul li")
            assert lists.count() <= 4
            assert not re.search(r"\b[pcs]\d{2,}\b", card.inner_text())
        screenshot(page, "14-student-uitleg")
