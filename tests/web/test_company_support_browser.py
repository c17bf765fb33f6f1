"""In Chromium on a 390 px phone: the company opens the ontzorgen panel of a student who shared
their needs with it, and sees the UWV blocks with their sources; axe-core checks the page."""

from __future__ import annotations

import pytest

from adapters.auth.accounts import create_account
from adapters.auth.demo_accounts import DemoAccount
from adapters.db.engine import session_scope
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from matcher.privacy.consent import Method
from matcher.privacy.vocabulary import Purpose, Role
from tests.web.browser import browser_page, log_in, screenshot
from tests.web.test_bpv_roles_browser import Site, site  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_the_company_reads_its_ontzorgen_panel_on_a_phone(site: Site) -> None:  # noqa: F811
    with session_scope(site.app.state.engine) as session:  # s002 shares with c02, her company
        consent.give(
            session, student_id="s002", purpose=Purpose.MATCHING, recipient="c02",
            text_version="v1", shown_text="Mag dit bedrijf zien wat jou helpt?",
            recorded_by=Actor("test"), method=Method.WRITTEN, actively_given=True,
        )  # fmt: skip
    with session_scope(site.app.state.engine) as session:
        create_account(
            session, email="baken@test.invalid", password="Lange-Zin-Voor-De-Test-42",
            roles=(Role.COMPANY,), display_name="Baken", company_id="c02",
        )  # fmt: skip
    baken = DemoAccount("baken@test.invalid", "Lange-Zin-Voor-De-Test-42", (Role.COMPANY,))
    with browser_page(mobile=True) as page:
        log_in(page, site.url, baken)
        page.goto(f"{site.url}/bedrijf")
        card = page.locator("li.kaartje", has=page.get_by_text("Rowina"))
        card.get_by_text("Hulp voor jullie bij deze student").click()
        panel = card.locator("details.ontzorgen")
        panel.get_by_role("heading", name="Vervoer naar jullie bedrijf (UWV)").wait_for()
        text = panel.inner_text()
        assert "Wacht met kopen tot UWV heeft besloten" in text
        assert "Bron: Handboek passend BPV-onderwijs" in text
        panel.scroll_into_view_if_needed()
        screenshot(page, "bedrijf-ontzorgen-telefoon")
