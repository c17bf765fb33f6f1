"""End to end in headless Chromium: each role's main flow, with screenshots.

The bureau uploads demo files, starts a round and watches the progress bar, filters the review
table, opens a proposal, accepts it and downloads the export; then the student, jobcoach and
company pages are opened by their own accounts. Screenshots go to var/test-artifacts/screenshots
and docs/screenshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from adapters.auth.accounts import find_by_email, set_caseload
from adapters.auth.demo_accounts import CASELOAD_SIZE, DemoAccount, create_demo_accounts
from adapters.db.engine import session_scope
from adapters.db.models import StudentRow
from adapters.demo_data import write_demo
from adapters.settings import Settings
from api.main import create_app
from tests.web.browser import browser_page, chromium_path, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A running app on an empty database with a bureau account, and demo files to upload."""
    chromium_path()
    tmp = tmp_path_factory.mktemp("web")
    files = tmp / "demo"
    write_demo(files, n_students=120, seed=7, on=date(2026, 9, 1), fmt="csv", history_students=0)
    settings = Settings(
        database_url=f"sqlite:///{tmp / 'web.db'}", broker_url=None, session_cookie_secure=False
    )
    app = create_app(settings)
    with session_scope(app.state.engine) as session:
        accounts = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    with serve(app) as url:
        yield {"url": url, "app": app, "files": files, "accounts": accounts}


def _log_in(page: Any, url: str, account: DemoAccount) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("E-mailadres").fill(account.email)
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def test_bureau_uploads_runs_reviews_accepts_and_exports(site: dict[str, Any]) -> None:
    url, files = site["url"], site["files"]
    with browser_page() as page:
        page.goto(f"{url}/login")
        screenshot(page, "01-inloggen")
        _log_in(page, url, site["accounts"]["bureau"])
        assert page.url.endswith("/bureau")

        page.goto(f"{url}/bureau/inlezen")
        page.get_by_label("Studenten").set_input_files(str(files / "students.csv"))
        page.get_by_label("Bedrijven").set_input_files(str(files / "companies.csv"))
        page.get_by_label("Plekken").set_input_files(str(files / "places.csv"))
        page.get_by_role("button", name="Inlezen en controleren").click()
        page.get_by_text("Alles is ingelezen").wait_for()
        screenshot(page, "02-bestanden-ingelezen")

        page.goto(f"{url}/bureau")
        page.get_by_label("Naam van de ronde").fill("Najaar 2026")
        page.get_by_role("button", name="Ronde maken").click()
        page.get_by_role("button", name="Ronde starten").click()
        page.locator("progress").wait_for()
        screenshot(page, "03-ronde-voortgang", full_page=False)
        page.get_by_text("Voorstellen bekijken").wait_for(timeout=90_000)  # reloaded when done

        rows = page.locator("#tabel tbody tr")
        everyone = rows.count()
        page.get_by_label("Alleen zonder plek").check()
        page.wait_for_load_state("networkidle")
        page.wait_for_function(f"document.querySelectorAll('#tabel tbody tr').length < {everyone}")
        page.get_by_label("Alleen zonder plek").uncheck()
        page.wait_for_function(f"document.querySelectorAll('#tabel tbody tr').length == {everyone}")

        page.locator("#tabel tbody tr button").first.click()
        page.get_by_role("heading", name="Waarom deze plek").wait_for()
        page.locator("#kaart[data-klaar=ja]").wait_for()
        screenshot(page, "04-ronde-beoordelen", full_page=False)
        page.get_by_role("heading", name="In cijfers").scroll_into_view_if_needed()
        page.mouse.wheel(0, 200)
        screenshot(page, "05-grafieken-en-kaart", full_page=False)
        page.get_by_role("button", name="Goedkeuren").click()
        page.get_by_text("Goedgekeurd.").first.wait_for()

        with page.expect_download() as download:
            page.get_by_role("link", name="Download CSV").click()
        content = Path(download.value.path()).read_text(encoding="utf-8")
        assert content.count("\n") >= 2  # the header and the accepted match


def _accounts_for_people(site: dict[str, Any]) -> dict[str, DemoAccount]:
    """Student and company accounts (now that there is data), and a caseload for the jobcoach."""
    with session_scope(site["app"].state.engine) as session:
        site["accounts"].update({a.email.split("@")[0]: a for a in create_demo_accounts(session)})
        coach = find_by_email(session, site["accounts"]["jobcoach"].email)
        students = session.exec(select(StudentRow.student_id).order_by(StudentRow.student_id))
        assert coach is not None
        assert coach.id is not None
        set_caseload(session, coach.id, list(students.all())[:CASELOAD_SIZE])
    return site["accounts"]


def test_student_sees_places_gives_consent_and_the_company_preview(site: dict[str, Any]) -> None:
    accounts = _accounts_for_people(site)
    with browser_page(mobile=True) as page:
        _log_in(page, site["url"], accounts["student"])
        page.get_by_role("heading", name="Plekken die bij jou passen").wait_for()
        boxes = page.locator("input[name=bedrijf]")
        assert boxes.count() >= 1
        assert not any(
            boxes.nth(i).is_checked() for i in range(boxes.count())
        )  # nothing pre-ticked
        boxes.first.check()
        page.get_by_role("button", name="Mijn keuze bewaren").click()
        page.get_by_text("Je keuze is bewaard.").wait_for()
        assert page.locator("input[name=bedrijf]").first.is_checked()
        screenshot(page, "06-student-telefoon")


def test_jobcoach_filters_the_shortlist_and_sees_hints(site: dict[str, Any]) -> None:
    accounts = _accounts_for_people(site)
    with browser_page() as page:
        _log_in(page, site["url"], accounts["jobcoach"])
        page.locator("main table a").first.click()
        page.get_by_role("heading", name="Wat geeft meer kansen?").wait_for()
        page.get_by_label("Reistijd").fill("10")
        page.get_by_role("button", name="Filteren").click()
        page.wait_for_load_state("networkidle")
        assert "reistijd=10" in page.url
        hints = page.locator("h2:has-text('Wat geeft meer kansen?') + ul").inner_text()
        assert hints.strip()  # always one plain sentence on what would open more places
        page.get_by_label("Reistijd").fill("")
        page.get_by_role("button", name="Filteren").click()
        page.wait_for_load_state("networkidle")
        page.locator("#kaart[data-klaar=ja]").wait_for()
        screenshot(page, "07-jobcoach-student")


def test_company_sees_its_places_and_updates_its_profile(site: dict[str, Any]) -> None:
    accounts = _accounts_for_people(site)
    with browser_page() as page:
        _log_in(page, site["url"], accounts["bedrijf"])
        page.get_by_role("heading", name="Onze plekken").wait_for()
        page.get_by_label("Tijd voor begeleiding").fill("7.5")
        page.get_by_role("button", name="Bewaren").click()
        page.get_by_text("Jullie gegevens zijn bewaard.").wait_for()
        assert page.get_by_label("Tijd voor begeleiding").input_value() == "7.5"
        screenshot(page, "08-bedrijf")


NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_keyboard_first_reaches_the_skip_link_with_a_visible_focus(site: dict[str, Any]) -> None:
    with browser_page() as page:
        page.goto(f"{site['url']}/login")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Naar de inhoud"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "email"


def test_pages_fit_at_200_percent_zoom_without_sideways_scrolling(site: dict[str, Any]) -> None:
    """A 640 px wide window is what a 1280 px screen shows at 200 % zoom."""
    accounts = _accounts_for_people(site)
    with browser_page(width=640, height=900) as page:
        page.goto(f"{site['url']}/login")
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        _log_in(page, site["url"], accounts["bureau"])
        for path in ("/bureau", "/bureau/inlezen", "/bureau/rondes/1"):
            page.goto(f"{site['url']}{path}")
            assert page.evaluate(NO_SIDEWAYS_SCROLL), path
        page.context.clear_cookies()
        _log_in(page, site["url"], accounts["student"])
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
