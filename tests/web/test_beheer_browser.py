"""Beheer in headless Chromium: log in, make an account, link students, use it, switch it off.

Plain forms (no htmx on these pages), under the same CSP as every other page: the browser
fixture fails the test on any blocked script or style. Screenshots as in test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from tests.factories import example_population
from tests.web.browser import Login, browser_page, chromium_path, log_in, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, dict[str, DemoAccount]]]:
    """The contract example data, one demo account per role, the app on a free port."""
    chromium_path()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        broker_url=None,
        session_cookie_secure=False,
    )
    app = create_app(settings)
    with session_scope(app.state.engine) as session:
        save_population(session, example_population())
    with session_scope(app.state.engine) as session:
        accounts = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    with serve(app) as url:
        yield url, accounts


def _log_out(page: Any) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("networkidle")


def test_beheer_makes_links_uses_and_switches_off_an_account(
    site: tuple[str, dict[str, DemoAccount]],
) -> None:
    url, accounts = site
    with browser_page() as page:
        log_in(page, url, accounts["beheer"])
        assert page.url == f"{url}/beheer"
        table = page.locator("#accounts")
        assert table.locator("tbody tr").count() == len(accounts)

        form = page.locator("#nieuw-account")
        form.get_by_label("E-mailadres", exact=True).fill("coach@school.nl")
        form.get_by_label("Naam", exact=True).fill("Sanne de Coach")
        form.get_by_label("Rol", exact=True).select_option("jobcoach")
        form.get_by_role("button", name="Account maken").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Account gemaakt"
        password = page.locator("#wachtwoord").inner_text()
        assert len(password) == 16
        screenshot(page, "16-beheer-wachtwoord", full_page=False)

        page.get_by_role("link", name="Naar het account").click()
        page.get_by_label("Studentcodes").fill("s001, s404")
        page.get_by_role("button", name="Studenten bewaren").click()
        page.wait_for_load_state("networkidle")
        assert "Deze studentcode bestaat niet: s404." in page.locator("[role=alert]").inner_text()
        assert page.locator("#studenten-nu").inner_text() == "nog geen"
        page.get_by_label("Studentcodes").fill("s001, s002")
        page.get_by_role("button", name="Studenten bewaren").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#studenten-nu").inner_text() == "s001, s002 (2)"
        _log_out(page)

        log_in(page, url, Login("coach@school.nl", password))
        assert page.url == f"{url}/jobcoach"
        assert page.locator("a[href='/jobcoach/studenten/s001']").count() == 1
        assert page.locator("a[href='/jobcoach/studenten/s003']").count() == 0
        _log_out(page)

        log_in(page, url, accounts["beheer"])
        page.get_by_label("Zoek op e-mailadres, naam of code").fill("coach@")
        page.get_by_role("button", name="Zoeken").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#accounts tbody tr").count() == 2  # coach@school.nl, jobcoach@demo
        screenshot(page, "15-beheer-accounts", full_page=True)
        page.get_by_role("link", name="coach@school.nl").click()
        page.get_by_role("button", name="Account uitzetten").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#staat").inner_text() == "Uit"
        page.get_by_role("link", name="Auditlog").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#audit-uitkomst").inner_text().startswith("In orde")
        assert page.locator("#ketens tbody tr").count() == 3  # audit log, review notes, BPV steps
        screenshot(page, "17-beheer-auditlog", full_page=False)
        _log_out(page)

        log_in(page, url, Login("coach@school.nl", password))
        assert page.url.startswith(f"{url}/login")
        assert "klopt niet" in page.locator("[role=alert]").inner_text()
