"""My favourites on a 390 px phone: marked from the suggestions, ordered with the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import favourite_queries
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from tests.web.browser import browser_page, chromium_path, screenshot, serve
from tests.web.test_favourites import STUDENT, population

pytestmark = pytest.mark.browser


@dataclass
class Site:
    url: str
    app: Any
    student: DemoAccount


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    chromium_path()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'fav.db'}", broker_url=None,
        session_cookie_secure=False,
    )  # fmt: skip
    app = create_app(settings)
    with session_scope(app.state.engine) as session:
        save_population(session, population())
    with session_scope(app.state.engine) as session:
        made = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    with serve(app) as url:
        yield Site(url, app, made["student"])


def test_student_marks_and_orders_favourites_on_a_phone(site: Site) -> None:
    with browser_page(mobile=True) as page:
        page.goto(f"{site.url}/login")
        page.get_by_label("E-mailadres").fill(site.student.email)
        page.get_by_label("Wachtwoord").fill(site.student.password)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("heading", name="Mijn favorieten").wait_for()
        page.get_by_role("button", name="Zet Bedrijf A bij mijn favorieten").click()
        page.get_by_text("Je favorieten zijn bewaard.").wait_for()
        page.get_by_role("button", name="Zet Bedrijf B bij mijn favorieten").click()
        page.get_by_text("Je favorieten zijn bewaard.").wait_for()
        # keyboard only: focus the button, press Enter
        page.get_by_role("button", name="Zet Bedrijf B hoger").focus()
        page.keyboard.press("Enter")
        page.get_by_text("Je favorieten zijn bewaard.").wait_for()
        names = page.locator(".favoriet-naam").all_inner_texts()
        assert names == ["Bedrijf B", "Bedrijf A"]
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone: {width} px"
        page.locator("#favorieten").scroll_into_view_if_needed()
        screenshot(page, "23-student-favorieten-telefoon")
    with session_scope(site.app.state.engine) as session:
        assert favourite_queries.for_student(session.connection(), STUDENT) == ("p-b", "p-a")
