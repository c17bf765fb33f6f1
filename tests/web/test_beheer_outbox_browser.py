"""Beheer > Berichten in headless Chromium (axe runs after every navigation): from the account
list to the outbox, and "Opnieuw proberen" on a message the mail server refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters import clock
from adapters.auth.accounts import find_by_email
from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import outbox_queries as q
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.settings import Settings
from api.main import create_app
from matcher import messages
from matcher.messages import MessageKind, Recipient
from tests.factories import example_population
from tests.web.browser import browser_page, chromium_path, log_in, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, dict[str, DemoAccount]]]:
    """Example data, demo accounts, one refused message to the student; the app on a port."""
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
    with session_scope(app.state.engine) as session:
        row = find_by_email(session, accounts["student"].email)
        assert row is not None
        to = q.AccountAddress(row.id, row.email, row.display_name)
        mail = messages.round_published_student(Recipient(row.display_name, "http://x"))
        q.add(session, to=to, kind=MessageKind.ROUND_PUBLISHED, mail=mail, now=clock.now())
        session.flush()
        (message,) = q.messages_for(session)
        message.attempts, message.next_attempt_at = 1, None
        message.last_error = "ontvanger geweigerd: 550 Onbekende ontvanger"
        session.add(message)
    with serve(app) as url:
        yield url, accounts


def test_beheer_finds_a_refused_message_and_tries_it_again(
    site: tuple[str, dict[str, DemoAccount]],
) -> None:
    url, accounts = site
    with browser_page() as page:
        log_in(page, url, accounts["beheer"])
        page.get_by_role("link", name="berichten").click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{url}/beheer/berichten"
        row = page.locator("#berichten tbody tr")
        assert row.count() == 1
        assert row.get_attribute("data-staat") == "stopped"
        assert accounts["student"].email in row.inner_text()
        assert "550 Onbekende ontvanger" in row.inner_text()
        assert "Er is een BPV-plek" not in page.content()  # the text is not for beheer
        row.get_by_role("button", name="Opnieuw proberen").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("status").inner_text() == "Het bericht wordt zo opnieuw verstuurd."
        assert page.locator("#berichten tbody tr").get_attribute("data-staat") == "retrying"
