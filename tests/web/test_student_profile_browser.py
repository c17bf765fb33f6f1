"""My profile on a 390 px phone: the student fills it in, the jobcoach confirms a need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.flows.shortlist import load_student
from adapters.settings import Settings
from api.main import create_app
from matcher.domain import Population, TaskKind
from tests.factories import make_company, make_place, make_student
from tests.web.browser import browser_page, chromium_path, log_in, screenshot, serve

pytestmark = pytest.mark.browser
STUDENT = "s-prof"


@dataclass
class Site:
    url: str
    app: Any
    accounts: dict[str, DemoAccount]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    chromium_path()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'profiel.db'}", broker_url=None,
        session_cookie_secure=False,
    )  # fmt: skip
    app = create_app(settings)
    companies = (make_company("c-a", name="Zorghuis A", sector="zorg"),)
    places = (make_place("p-a", "c-a", tasks=frozenset({TaskKind.MENSEN})),)
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


def test_student_fills_the_profile_on_a_phone_and_the_jobcoach_confirms(site: Site) -> None:
    with browser_page(mobile=True) as page:
        _log_in(page, site, "student")
        page.get_by_role("link", name="Mijn profiel: wie ik ben en wat ik wil").click()
        page.get_by_role("heading", name="Mijn profiel").wait_for()
        page.get_by_label("Ik help graag anderen").check()
        page.get_by_label("In je eigen woorden").first.fill("Ik ben Fenna. Ik help graag.")
        page.get_by_label("Goed samenwerken").check()
        page.get_by_label("Omgaan met klanten").check()
        page.get_by_label("Met mensen werken").check()
        page.get_by_label("Soorten bedrijven die ik leuk vind").fill("zorg")
        page.get_by_label("Een rustige werkplek").check()
        page.get_by_label("maandag").check()
        page.get_by_label("dinsdag").check()
        page.get_by_label("Zoveel uur per week").fill("16")
        page.get_by_label("Met de fiets").check()
        page.get_by_label("Zo lang mag de reis duren").fill("25")
        page.get_by_role("button", name="Mijn profiel bewaren").click()
        page.get_by_text("Je profiel is bewaard.").wait_for()
        page.locator("#wacht-op-bevestiging").wait_for()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone: {width} px"
        screenshot(page, "24-student-profiel-telefoon")
    engine = site.app.state.engine
    assert not load_student(engine, STUDENT).needs_quiet_workspace  # not yet confirmed
    with browser_page(mobile=True) as page:
        _log_in(page, site, "jobcoach")
        page.goto(f"{site.url}/jobcoach/studenten/{STUDENT}")
        page.get_by_text("Ik ben Fenna. Ik help graag.").wait_for()
        said = page.locator("#profiel dl").inner_text()
        assert "maandag, dinsdag · 16 uur per week · met de fiets · tot 25 minuten" in said
        page.get_by_role("button", name="Bevestig wat de student nodig heeft").click()
        page.get_by_text("Bevestigd. De volgende ronde gebruikt dit.").wait_for()
        page.locator("#profiel").scroll_into_view_if_needed()
        screenshot(page, "25-jobcoach-bevestigt-profiel", full_page=False)
    student = load_student(engine, STUDENT)
    assert student.needs_quiet_workspace
    assert student.hours_per_week == 16
