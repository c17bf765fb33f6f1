"""In Chromium on a 390 px phone: the jobcoach takes a BPV from the kennismaking through the
agreement, the start and an evaluation with a signal to its outcome; the bureau's board shows
it. axe-core checks every page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from tests.factories import example_population
from tests.web.browser import (
    assert_accessible,
    browser_page,
    chromium_path,
    log_in,
    screenshot,
    serve,
)
from tests.web.test_bpv_pages import publish

pytestmark = pytest.mark.browser
JOSHUA = "Joshua bij Garage De Eem"  # s001 at c01, by their published names
ROWINA = "Rowina bij Zorgcentrum Het Baken"  # s002 at c02


def _card(page: Any, heading: str) -> Any:
    return page.locator("section", has=page.get_by_role("heading", name=heading))


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


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > 390)
          .map(e => e.tagName + '#' + e.id + '.' + e.className).slice(-3)"""
    )
    assert width <= 390, f"the page is {width} px wide on a 390 px phone: {wide}"


def test_the_jobcoach_records_kennismaking_and_evaluation_on_a_phone(site: Site) -> None:
    with browser_page(mobile=True) as page:
        log_in(page, site.url, site.accounts["jobcoach"])
        page.goto(f"{site.url}/jobcoach/bpv")
        _fits_the_phone(page)
        card = _card(page, JOSHUA)
        card.get_by_label("De jobcoach").check()
        card.get_by_role("button", name="Kennismaking opslaan").click()
        page.wait_for_load_state("networkidle")
        card = _card(page, JOSHUA)
        assert "Kennismaking gepland" in card.inner_text()
        card.locator("input[name=student][value=akkoord]").check()
        card.locator("input[name=bedrijf][value=akkoord]").check()
        card.get_by_role("button", name="Kennismaking vastleggen").click()
        page.wait_for_load_state("networkidle")
        assert "Kennismaking gehad" in page.locator("#inhoud").inner_text()
        card = _card(page, JOSHUA)
        card.get_by_role("button", name="Overeenkomst opslaan").click()
        page.wait_for_load_state("networkidle")
        card = _card(page, JOSHUA)
        card.get_by_role("button", name="Start opslaan").click()
        page.wait_for_load_state("networkidle")
        card = _card(page, JOSHUA)
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
        card = _card(page, JOSHUA)
        card.get_by_label("Succesvol afgerond", exact=True).check()
        card.get_by_role("button", name="Afronden opslaan").click()
        page.wait_for_load_state("networkidle")
        card = _card(page, JOSHUA)
        assert "Stap: Afgerond" in card.inner_text()
        other = _card(page, ROWINA)
        other.get_by_text("BPV stoppen").first.click()
        assert_accessible(page)
    with browser_page() as page:
        log_in(page, site.url, site.accounts["bureau"])
        page.goto(f"{site.url}/bureau/bpv")
        board = page.locator("#inhoud").inner_text()
        assert "Er wacht nu niemand op een nieuwe plek." in board
        assert "Afgerond (1)" in board
        assert "Voorgesteld (1)" in board


def test_the_bureau_starts_a_herplaatsing_from_the_board(site: Site) -> None:
    from adapters import clock
    from adapters.db import bpv_queries as q
    from adapters.flows import bpv as flow
    from matcher.bpv.lifecycle import Stop
    from matcher.bpv.vocabulary import Side, StopReason
    from tests.adapters.flows.rounds.test_rematch import BUREAU

    with session_scope(site.app.state.engine) as session:
        [row] = q.list_bpvs(session, student_ids=["s002"])
        assert row.id is not None
        flow.stop(
            session, BUREAU, row.id, version=row.version, today=clock.today(),
            command=Stop(clock.today(), Side.STUDENT, StopReason.ANDERS),
        )  # fmt: skip
    with browser_page() as page:
        log_in(page, site.url, site.accounts["bureau"])
        page.goto(f"{site.url}/bureau/bpv")  # axe-core checks the queue with its form
        page.get_by_label("Kies Rowina").check()
        page.get_by_role("button", name="Herplaatsing starten").click()
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
        assert "Herplaatsing" in page.locator("#herplaatsing").inner_text()
