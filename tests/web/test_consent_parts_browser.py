"""Issue 21 item 4 in Chromium, on a 390 px phone: Joshua ticks only "Wie ik ben en wat ik wil"
for Garage De Eem, the preview follows at once, he saves; the garage's page shows his strengths
and no needs; he takes the tick away; the garage's page no longer shows his name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import favourite_queries as store
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from matcher.profile import Facts, Words
from tests.factories import example_population
from tests.web.browser import (
    browser_pages,
    chromium_path,
    element_screenshot,
    log_in,
    screenshot,
    serve,
)
from tests.web.test_bpv_browser import _fits_the_phone
from tests.web.test_bpv_pages import publish

pytestmark = pytest.mark.browser
OWN_WORDS = "Ik sleutel graag aan brommers."
NEED = "Werkt het best op een rustige werkplek."


@dataclass
class Site:
    url: str
    accounts: dict[str, DemoAccount]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    chromium_path()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}", broker_url=None,
        session_cookie_secure=False,
    )  # fmt: skip
    app = create_app(settings)
    with session_scope(app.state.engine) as session:
        save_population(session, example_population())
    with session_scope(app.state.engine) as session:
        accounts = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
        words = Words(
            ik_ben=frozenset({"vrolijk", "behulpzaam"}), ik_ben_tekst=OWN_WORDS,
            ik_kan=frozenset({"netjes"}), ik_wil=frozenset({"vak"}),
        )  # fmt: skip
        store.save_profile(session, "s001", words.as_json(), Facts().as_json())
    publish(app.state.engine, (("s001", "p001", "c01"),))  # Joshua at Garage De Eem
    with serve(app) as url:
        yield Site(url, accounts)


def _visible(page: Any, selector: str) -> bool:
    return bool(page.locator(selector).first.is_visible())


def test_the_student_shares_only_strengths_and_the_company_sees_exactly_that(site: Site) -> None:
    with browser_pages() as open_page:
        student, company = open_page(mobile=True), open_page(mobile=True)
        log_in(student, site.url, site.accounts["student"])
        log_in(company, site.url, site.accounts["bedrijf"])

        # before: the garage sees the proposal line only
        company.goto(f"{site.url}/bedrijf")
        assert "Student (nog niet gedeeld)" in company.locator("#inhoud").inner_text()

        student.goto(f"{site.url}/student#toestemming")
        boxes = student.locator("input[name=deel]")
        assert boxes.count() == 3
        assert not any(boxes.nth(i).is_checked() for i in range(3))  # never pre-ticked
        preview = student.locator("#voorbeeld-1")
        assert not _visible(student, "#voorbeeld-1 [data-deel=strengths]")
        assert _visible(student, "#voorbeeld-1 h3[data-geen-naam]")
        student.get_by_label("Wie ik ben en wat ik wil").check()
        # the preview follows the tick at once, before saving
        assert _visible(student, "#voorbeeld-1 [data-deel=strengths]")
        assert not _visible(student, "#voorbeeld-1 [data-deel=needs]")
        assert _visible(student, "#voorbeeld-1 h3[data-naam]")
        assert OWN_WORDS in preview.inner_text()
        assert NEED not in preview.inner_text()  # hidden parts are not shown
        _fits_the_phone(student)
        element_screenshot(student.locator(".bedrijf-toestemming").first, "21-toestemming-delen")
        student.get_by_role("button", name="Mijn keuze bewaren").click()
        student.get_by_text("Je keuze is bewaard.").wait_for()
        assert student.get_by_label("Wie ik ben en wat ik wil").is_checked()
        assert not student.get_by_label("Wat mij helpt").is_checked()
        screenshot(student, "21-student-toestemming-telefoon")

        # the garage sees Joshua's strengths in his own words, and no needs
        company.goto(f"{site.url}/bedrijf")
        card = company.locator(".kaartje", has_text="Joshua")
        text = card.inner_text()
        assert "Wie ik ben en wat ik wil" in text
        assert OWN_WORDS in text
        assert "Ik ben vrolijk" in text
        assert "Wat helpt om goed te werken" not in text
        assert NEED not in text
        assert "Werktijden" not in text
        _fits_the_phone(company)
        element_screenshot(card, "21-bedrijf-ziet-sterke-kanten")

        # Joshua takes the tick away: the garage's next look has no name any more
        student.get_by_label("Wie ik ben en wat ik wil").uncheck()
        assert _visible(student, "#voorbeeld-1 h3[data-geen-naam]")
        student.get_by_role("button", name="Mijn keuze bewaren").click()
        student.get_by_text("Je keuze is bewaard.").wait_for()
        assert not student.get_by_label("Wie ik ben en wat ik wil").is_checked()
        company.goto(f"{site.url}/bedrijf")
        page_text = company.locator("#inhoud").inner_text()
        assert "Joshua" not in page_text
        assert OWN_WORDS not in page_text
        assert "Student (nog niet gedeeld)" in page_text
        screenshot(company, "21-bedrijf-na-intrekken")
