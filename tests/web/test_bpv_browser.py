"""In Chromium on a 390 px phone: the jobcoach plans and records a kennismaking and records an
evaluation with a signal; the bureau's board shows it. axe-core checks every page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters import clock
from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import bpv_queries as q
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from matcher.bpv.lifecycle import SignAgreement, Start, apply
from tests.factories import example_population
from tests.web.browser import assert_accessible, browser_page, chromium_path, screenshot, serve
from tests.web.test_bpv_pages import publish

pytestmark = pytest.mark.browser


@dataclass
class Site:
    url: str
    app: Any
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
    publish(app.state.engine)
    with serve(app) as url:
        yield Site(url, app, accounts)


def _log_in(page: Any, url: str, account: DemoAccount) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("E-mailadres").fill(account.email)
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"


def _sign_and_start(site: Site, student_id: str) -> None:
    """The agreement and the start, recorded directly (their forms are for later)."""
    today = clock.today()
    with session_scope(site.app.state.engine) as session:
        [row] = q.list_bpvs(session, student_ids=[student_id])
        birth = q.birth_date_of(session, student_id)
        assert birth is not None
        for command in (SignAgreement(today, birth, "A. Jansen"), Start(today)):
            step = apply(q.to_domain(row), command, today=today)
            q.save_step(
                session, row, step.bpv, expected_version=row.version, actor="test",
                action=step.action,
            )  # fmt: skip
            [row] = q.list_bpvs(session, student_ids=[student_id])


def test_the_jobcoach_records_kennismaking_and_evaluation_on_a_phone(site: Site) -> None:
    with browser_page(mobile=True) as page:
        _log_in(page, site.url, site.accounts["jobcoach"])
        page.goto(f"{site.url}/jobcoach/bpv")
        _fits_the_phone(page)
        card = page.locator("section", has=page.get_by_role("heading", name="s001 bij c01"))
        card.get_by_label("De jobcoach").check()
        card.get_by_role("button", name="Kennismaking opslaan").click()
        page.wait_for_load_state("networkidle")
        card = page.locator("section", has=page.get_by_role("heading", name="s001 bij c01"))
        assert "Kennismaking gepland" in card.inner_text()
        card.locator("input[name=student][value=akkoord]").check()
        card.locator("input[name=bedrijf][value=akkoord]").check()
        card.get_by_role("button", name="Kennismaking vastleggen").click()
        page.wait_for_load_state("networkidle")
        assert "Kennismaking gehad" in page.locator("#inhoud").inner_text()
        _sign_and_start(site, "s001")
        page.goto(f"{site.url}/jobcoach/bpv")
        card = page.locator("section", has=page.get_by_role("heading", name="s001 bij c01"))
        form = card.locator("form[action$='/evaluatie']")
        form.get_by_label("De student").check()
        form.get_by_label("De praktijkopleider").check()
        for scale in ("wat_gaat_goed", "werk", "samenwerken", "leren", "energie"):
            form.locator(f"input[name=schaal_{scale}][value='4']").check()
        form.get_by_label("Vermoeidheid").check()
        form.get_by_label("Afspraken").fill("Vrijdag een kortere dag")
        _fits_the_phone(page)
        screenshot(page, "bpv-evaluatie-telefoon")
        form.get_by_role("button", name="Evaluatie opslaan").click()
        page.wait_for_load_state("networkidle")
        assert "Evaluaties gehouden: 1" in page.locator("#inhoud").inner_text()
        assert_accessible(page)
    with browser_page() as page:
        _log_in(page, site.url, site.accounts["bureau"])
        page.goto(f"{site.url}/bureau/bpv")
        board = page.locator("#inhoud").inner_text()
        assert "Er wacht nu niemand op een nieuwe plek." in board
        assert "Gestart (1)" in board
        assert "Voorgesteld (1)" in board
