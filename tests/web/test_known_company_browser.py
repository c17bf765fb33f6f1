"""A company I know, on a 390 px phone: the student names it with their work experience, the
bureau links it to a recognised company, and the student reads the status."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import favourite_queries, known_company_queries
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.flows.shortlist import load_student
from adapters.settings import Settings
from api.main import create_app
from matcher.domain import Population
from tests.factories import make_company, make_place, make_student
from tests.web.browser import browser_pages, chromium_path, log_in, screenshot, serve

pytestmark = pytest.mark.browser
STUDENT = "s-kc"


@dataclass
class Site:
    url: str
    app: Any
    accounts: dict[str, DemoAccount]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    chromium_path()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'netwerk.db'}", broker_url=None,
        session_cookie_secure=False,
    )  # fmt: skip
    app = create_app(settings)
    companies = (
        make_company("c-a", name="Bakkerij Jansen"),
        make_company("c-b", name="Zorghuis B", sector="zorg"),
    )
    places = (make_place("p-a", "c-a"), make_place("p-b", "c-b"))
    with session_scope(app.state.engine) as session:
        save_population(
            session, Population((make_student(STUDENT, name="Fenna"),), companies, places)
        )
    with session_scope(app.state.engine) as session:
        made = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    with serve(app) as url:
        yield Site(url, app, made)


def _log_in(page: Any, site: Site, who: str) -> None:
    log_in(page, site.url, site.accounts[who])


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone: {width} px"


def test_student_names_a_company_on_a_phone_and_the_bureau_links_it(site: Site) -> None:
    engine = site.app.state.engine
    with browser_pages() as open_page:
        student, bureau = open_page(mobile=True), open_page(mobile=True)
        _log_in(student, site, "student")
        student.get_by_role("link", name="Mijn profiel: wie ik ben en wat ik wil").click()
        student.get_by_role("heading", name="Mijn profiel").wait_for()
        student.get_by_label("Ik help graag anderen").check()
        student.get_by_label("Een bijbaan").check()
        student.get_by_label("Vrijwilligerswerk").check()
        student.get_by_label("Vertel wat je deed").fill(
            "Ik werk op zaterdag bij de bakker. Ik help ook bij de voetbalclub."
        )
        student.get_by_label("Naam van het bedrijf").fill("Bakkerij Jansen")
        student.get_by_label("Plaats van het bedrijf").fill("Utrecht")
        student.get_by_label("Contactpersoon of telefoonnummer").fill("Mevrouw Jansen")
        student.get_by_label("Waarom dit bedrijf?").fill("Mijn oom werkt daar en ik bak graag.")
        student.get_by_role("button", name="Mijn profiel bewaren").click()
        student.get_by_text("Je profiel is bewaard.").wait_for()
        status = student.locator("#bedrijf-status")
        assert status.inner_text() == "De school kijkt of dit bedrijf een erkend leerbedrijf is."
        assert student.get_by_label("Een bijbaan").is_checked()
        _no_sideways_scroll(student)
        student.locator("#ervaring").scroll_into_view_if_needed()
        screenshot(student, "26-student-ervaring-en-eigen-bedrijf", full_page=False)
        student.locator("#eigen-bedrijf").scroll_into_view_if_needed()
        screenshot(student, "27-student-eigen-bedrijf-wacht", full_page=False)

        _log_in(bureau, site, "bureau")
        bureau.get_by_role(
            "link", name="Bedrijven die studenten zelf kennen (1 nog te bekijken)"
        ).click()
        card = bureau.locator("article", has_text="Bakkerij Jansen, Utrecht")
        card.get_by_text("Genoemd door Fenna").wait_for()
        assert "Lijkt op: Bakkerij Jansen (c-a)" in card.inner_text()
        card.get_by_label("Erkend: koppel aan een bedrijf in de lijst").check()
        assert card.get_by_label("Bedrijfscode in de lijst").input_value() == "c-a"
        _no_sideways_scroll(bureau)
        screenshot(bureau, "28-bureau-eigen-netwerk-koppelen")
        card.get_by_role("button", name="Besluit bewaren").click()
        bureau.get_by_text("Je besluit is bewaard.").wait_for()
        assert "erkend, toegevoegd als c-a" in bureau.locator("#besloten").inner_text()
        bureau.get_by_text("Er wachten geen bedrijven op je.").wait_for()
        screenshot(bureau, "29-bureau-eigen-netwerk-besloten")

        with session_scope(engine) as session:
            row = known_company_queries.of_student(session, STUDENT)
            assert row is not None
            assert (row.status, row.company_id) == ("toegevoegd", "c-a")
            assert favourite_queries.for_student(session.connection(), STUDENT) == ()
        assert load_student(engine, STUDENT).preferences == ("p-a",)  # the student's wish

        student.get_by_role("link", name="Terug naar mijn plekken").click()  # a navigation
        student.get_by_text("Dit is jouw eerste keus.").first.wait_for()
        student.get_by_role("link", name="Mijn profiel: wie ik ben en wat ik wil").click()
        status = student.locator("#bedrijf-status")
        status.wait_for()
        assert status.inner_text().startswith("Dit bedrijf is toegevoegd.")
        status.scroll_into_view_if_needed()
        _no_sideways_scroll(student)
        screenshot(student, "30-student-eigen-bedrijf-toegevoegd", full_page=False)
