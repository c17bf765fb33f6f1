"""End to end in headless Chromium: each role's main flow, with screenshots.

Every test sets up what it needs on its own site (they run in any order, or alone). The bureau
logs in, uploads demo files, starts a round and watches the progress bar, filters and pages the
review table, opens a proposal, accepts it, publishes the round and downloads the export. The
student (on a phone), jobcoach and company use a demo site with a round already made.
Screenshots go to var/test-artifacts/screenshots (CI keeps them) and docs/screenshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from adapters.auth.accounts import create_account
from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.demo_data import write_demo
from adapters.flows.rounds import lifecycle, review
from adapters.settings import Settings
from api.main import create_app
from cli.web import build_demo_site
from matcher.privacy.vocabulary import Role
from tests.web.browser import (
    Login,
    browser_page,
    chromium_path,
    element_screenshot,
    log_in,
    screenshot,
    serve,
)

pytestmark = pytest.mark.browser
STUDENT_PASSWORD = "een lang wachtwoord voor de test"


@dataclass
class Site:
    """A running app, its accounts by name, and (for the bureau) demo files to upload."""

    url: str
    app: Any
    accounts: dict[str, DemoAccount]
    files: Path | None = None
    round_id: int | None = None


@pytest.fixture
def empty_site(tmp_path: Path) -> Iterator[Site]:
    """An app on an empty database with a bureau account, and demo files to upload."""
    chromium_path()
    files = tmp_path / "demo"
    write_demo(files, n_students=120, seed=7, on=date(2026, 9, 1), fmt="csv", history_students=0)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        broker_url=None,
        session_cookie_secure=False,
        solver_time_limit_s=5,
    )
    app = create_app(settings)
    with session_scope(app.state.engine) as session:
        accounts = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    with serve(app) as url:
        yield Site(url, app, accounts, files=files)


@pytest.fixture
def demo_site(tmp_path: Path) -> Iterator[Site]:
    """What ``make demo`` starts, smaller: demo data, a solved round and an account per role."""
    chromium_path()
    made = build_demo_site(f"sqlite:///{tmp_path / 'demo.db'}", students=80, seed=5, time_limit_s=3)
    accounts = {a.email.split("@")[0]: a for a in made.accounts}
    with serve(made.app) as url:
        yield Site(url, made.app, accounts, round_id=made.round_id)


def test_bureau_uploads_runs_reviews_accepts_publishes_and_exports(empty_site: Site) -> None:
    url, files = empty_site.url, empty_site.files
    assert files is not None
    bureau = empty_site.accounts["bureau"]
    with browser_page() as page:
        page.goto(f"{url}/login")
        screenshot(page, "01-inloggen")
        log_in(page, url, bureau)
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
        assert rows.count() == 100  # the first page of 120
        page.get_by_role("button", name="Volgende 20").click()
        page.wait_for_function("() => document.querySelectorAll('#tabel tbody tr').length == 20")
        page.get_by_role("button", name="Vorige 100").click()
        page.wait_for_function("() => document.querySelectorAll('#tabel tbody tr').length == 100")
        page.get_by_label("Alleen zonder plek").check()
        page.wait_for_function("() => document.querySelectorAll('#tabel tbody tr').length < 100")
        page.get_by_label("Alleen zonder plek").uncheck()
        page.wait_for_function("() => document.querySelectorAll('#tabel tbody tr').length == 100")

        with page.expect_response(lambda r: "sort=-score" in r.url):  # the sorted table
            page.get_by_label("Sorteren op").select_option("-score")
        page.wait_for_load_state("networkidle")
        page.locator("#tabel tbody tr button").first.click()
        page.get_by_role("heading", name="Waarom deze plek").wait_for()
        page.locator("#kaart[data-klaar=ja]").wait_for()
        screenshot(page, "04-ronde-beoordelen", full_page=False)
        page.get_by_role("heading", name="In cijfers").scroll_into_view_if_needed()
        page.mouse.wheel(0, 200)
        screenshot(page, "05-grafieken-en-kaart", full_page=False)
        page.get_by_role("button", name="Goedkeuren").click()
        page.get_by_text("Goedgekeurd.").first.wait_for()
        page.get_by_label("Opmerking").fill("Kennismaking plannen")
        page.get_by_role("button", name="Opmerking bewaren").click()
        page.get_by_text("Opmerking bewaard.").wait_for()

        buttons = page.locator("#tabel tbody tr button")
        for i in range(1, 40):  # a placed student who has other allowed places
            name = buttons.nth(i).inner_text().strip()
            buttons.nth(i).click()
            page.get_by_role("heading", name=f"Voorstel voor {name}").wait_for()
            if page.locator("#verplaatsen-form input[name=place_id]:enabled").count() and (
                page.get_by_role("button", name="Goedkeuren").count()
            ):
                break
        else:
            pytest.fail("no placed student with a free other place among the first 40")
        page.locator("#verplaatsen-form legend").scroll_into_view_if_needed()
        element_screenshot(page.locator("#paneel"), "09-voorstel-verplaatsen")
        page.locator("#verplaatsen-form input[name=place_id]:enabled").first.check()
        page.get_by_label("Reden", exact=True).fill("Dichter bij huis")
        page.get_by_role("button", name="Verplaatsen").click()
        page.get_by_text("Verplaatst.").wait_for()

        page.get_by_label("Ja, ik wil deze ronde publiceren").check()
        page.get_by_role("heading", name="Publiceren").scroll_into_view_if_needed()
        screenshot(page, "10-ronde-publiceren", full_page=False)
        page.get_by_role("button", name="Ronde publiceren").click()
        page.get_by_text("Deze ronde is gepubliceerd").wait_for()
        assert page.get_by_role("button", name="Opnieuw uitvoeren").count() == 0

        with page.expect_download() as download:
            page.get_by_role("link", name="Download CSV").click()
        content = Path(download.value.path()).read_text(encoding="utf-8")
        assert content.count("\n") >= 2  # the header and the accepted match


def _placed_and_published(site: Site) -> tuple[str, str]:
    """Accept one placed student's proposal, publish the round; the student and company id."""
    assert site.round_id is not None
    with session_scope(site.app.state.engine) as session:
        row = repo.get_round(session, site.round_id)
        target = next(
            p for p in repo.list_proposals(session, site.round_id, row.current_run) if p.place_id
        )
        student_id, company_id = target.student_id, target.company_id
        review.accept_proposal(
            session, site.round_id, student_id, version=row.version, actor="test"
        )
    with session_scope(site.app.state.engine) as session:
        version = repo.get_round(session, site.round_id).version
        lifecycle.publish_round(
            session, site.round_id, version=version, actor="test", site_url="http://test"
        )
        create_account(
            session,
            email="plek@test.invalid",
            password=STUDENT_PASSWORD,
            roles=[Role.STUDENT],
            student_id=student_id,
        )
    assert company_id is not None
    return student_id, company_id


def test_student_sees_the_published_place_gives_consent_and_the_preview(
    demo_site: Site,
) -> None:
    _, company_id = _placed_and_published(demo_site)
    with browser_page(mobile=True) as page:
        log_in(page, demo_site.url, Login("plek@test.invalid", STUDENT_PASSWORD))
        page.get_by_role("heading", name="Jouw BPV-plek").wait_for()
        boxes = page.locator("input[name=deel]")
        assert boxes.count() == 3  # the three parts of the card for the company of my place
        assert {boxes.nth(i).get_attribute("value") for i in range(3)} == {
            f"{company_id}:{part}" for part in ("strengths", "conditions", "needs")
        }
        assert not any(boxes.nth(i).is_checked() for i in range(3))  # never pre-ticked
        boxes.first.check()
        page.get_by_role("button", name="Mijn keuze bewaren").click()
        page.get_by_text("Je keuze is bewaard.").wait_for()
        assert page.locator("input[name=deel]").first.is_checked()
        page.get_by_text("jouw kaart").first.wait_for()
        screenshot(page, "06-student-telefoon")


def test_student_without_a_published_place_sees_suggestions(demo_site: Site) -> None:
    student = demo_site.accounts["student"]
    with browser_page(mobile=True) as page:
        log_in(page, demo_site.url, student)
        page.get_by_role("heading", name="Plekken die bij jou passen").wait_for()
        assert page.get_by_role("heading", name="Jouw BPV-plek").count() == 0


def test_jobcoach_filters_the_shortlist_and_sees_hints(demo_site: Site) -> None:
    coach = demo_site.accounts["jobcoach"]
    with browser_page() as page:
        log_in(page, demo_site.url, coach)
        links = [a.get_attribute("href") for a in page.locator("main table a").all()]
        assert links  # the demo jobcoach has a caseload
        best = ("", 0)
        for href in links:  # the student with the most suitable places, for the screenshot
            page.goto(f"{demo_site.url}{href}")
            page.get_by_role("heading", name="Wat geeft meer kansen?").wait_for()
            found = page.locator("ol.kaartjes li").count()
            if found > best[1]:
                best = (href, found)
        assert best[1] > 0, "no student in the caseload has a suitable place"
        page.goto(f"{demo_site.url}{best[0]}")
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


def test_company_sees_its_places_and_updates_its_profile(demo_site: Site) -> None:
    company = demo_site.accounts["bedrijf"]
    with browser_page() as page:
        log_in(page, demo_site.url, company)
        page.get_by_role("heading", name="Onze plekken").wait_for()
        page.get_by_label("Tijd voor begeleiding").fill("7.5")
        page.get_by_role("button", name="Bewaren").click()
        page.get_by_text("Jullie gegevens zijn bewaard.").wait_for()
        assert page.get_by_label("Tijd voor begeleiding").input_value() == "7.5"
        screenshot(page, "08-bedrijf")


def test_keyboard_first_reaches_the_skip_link_with_a_visible_focus(empty_site: Site) -> None:
    with browser_page() as page:
        page.goto(f"{empty_site.url}/login")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Naar de inhoud"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "email"


XSS = '<img src=x onerror="window.__xss=1">'
OPEN_TOOLTIPS = """async () => {
  for (const shape of document.querySelectorAll("#kaart path.leaflet-interactive")) {
    shape.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  }
  // an <img> a tooltip made from markup fires its error event after its onerror attribute ran
  const images = [...document.querySelectorAll(".leaflet-tooltip img")];
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("error", done); img.addEventListener("load", done);
  })));
  return [...document.querySelectorAll(".leaflet-tooltip")].map((t) => t.textContent);
}"""


def test_the_map_shows_ids_as_text_and_runs_no_markup_in_them(demo_site: Site) -> None:
    """A place and a student whose ids hold markup (stored around the checks, as an old or
    hand-edited database could) are shown literally in the bureau's map tooltips."""
    from dataclasses import replace

    from sqlalchemy import update

    from adapters.db.profile_queries import PLACES, STUDENTS, fetch_page, insert_one
    from adapters.db.round_models import ProposalRow
    from matcher.domain import PlaceId, StudentId

    with session_scope(demo_site.app.state.engine) as session:
        conn = session.connection()
        place = fetch_page(conn, PLACES, [], offset=0, limit=1)[0][0]
        student = fetch_page(conn, STUDENTS, [], offset=0, limit=1)[0][0]
        insert_one(conn, PLACES, replace(place, place_id=PlaceId(XSS)))
        insert_one(conn, STUDENTS, replace(student, student_id=StudentId(XSS + "s")))
        # the map shows only the round's students: the markup student takes one proposal's row
        conn.execute(
            update(ProposalRow)
            .where(
                ProposalRow.round_id == demo_site.round_id,
                ProposalRow.student_id == student.student_id,
            )  # type: ignore[arg-type]
            .values(student_id=XSS + "s")
        )
    bureau = demo_site.accounts["bureau"]
    with browser_page() as page:
        log_in(page, demo_site.url, bureau)
        page.goto(f"{demo_site.url}/bureau/rondes/{demo_site.round_id}")
        page.locator("#kaart[data-klaar=ja]").wait_for()
        texts = page.evaluate(OPEN_TOOLTIPS)
        assert page.evaluate("window.__xss") is None  # the markup did not run
        assert page.locator(".leaflet-tooltip img").count() == 0
        assert f"Plek {XSS}" in texts
        assert f"Student {XSS}s" in texts
        page.get_by_text("Bekijk de kaart als lijst").click()  # the list beside it: text too
        assert page.locator("#kaart-lijst tbody th", has_text=f"{XSS}s").count() == 1
        assert page.locator("#kaart-lijst img").count() == 0
        assert page.evaluate("window.__xss") is None


def test_staff_read_the_api_docs_offline_under_the_csp(demo_site: Site) -> None:
    """Swagger UI and ReDoc from the app's own files; the browser reaches no other host."""
    bureau = demo_site.accounts["bureau"]
    with browser_page() as page:
        elsewhere: list[str] = []
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((demo_site.url, f"blob:{demo_site.url}"))
                else elsewhere.append(r.url)
            ),
        )
        log_in(page, demo_site.url, bureau)
        page.goto(f"{demo_site.url}/docs")
        page.locator(".swagger-ui .info .title").filter(has_text="Passende Plek").wait_for()
        page.locator(".opblock-summary-path", has_text="/students").first.wait_for()
        screenshot(page, "11-api-docs", full_page=False)
        page.goto(f"{demo_site.url}/redoc")
        page.locator("#redoc h1", has_text="Passende Plek").first.wait_for()
        screenshot(page, "12-api-redoc", full_page=False)
        assert elsewhere == [], elsewhere
