"""Issue 21's "Must show" across roles, in one Chromium with a page per person kept for the
whole test: on a 390 px phone Sanne fills her profile (Ik ben, Ik kan, Ik wil leren, "Met
mensen werken", "Een rustige werkplek"), marks the care home as her first favourite and shares
only "Wie ik ben en wat ik wil" with it; her jobcoach confirms the need on a phone; the bureau
makes and starts the next round on a desktop: it proposes the care home, and the explanation
names her interest and her first choice; the bureau approves and publishes; the care home sees
her strengths on a phone and nothing of her working times or needs, in the page and the JSON.

The garage is closer, so without her interest and favourite the garage wins: the test checks
that in the pure core too, so it fails when the interest or the favourite stops counting."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from adapters import clock
from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.flows.shortlist import load_student
from adapters.settings import Settings
from api.main import create_app
from matcher.company_support import Block, panel
from matcher.domain import Facility, GeoPoint, PlaceId, Population, TaskKind
from matcher.pipeline import run_round
from tests.factories import make_company, make_place, make_student
from tests.web.browser import (
    browser_pages,
    chromium_path,
    element_screenshot,
    log_in,
    screenshot,
    serve,
)
from tests.web.test_bpv_browser import _fits_the_phone

pytestmark = pytest.mark.browser
STUDENT = "s-stem"
NAME = "Sanne"
CARE, GARAGE = "Zorghuis De Linde", "Garage Snel"
IK_BEN = "Ik ben Sanne. Ik maak snel een praatje."
IK_KAN = "Ik kan goed uitleggen."
IK_WIL = "Ik wil leren hoe je mensen helpt met eten."
NEED_TEXT = "Ik werk fijn als het stil is."  # her own words under Ik heb nodig: never shared
INTEREST = "De student wil graag met mensen werken: dat kan hier."  # the bureau's wording
FIRST_CHOICE = "Dit was de eerste keus van de student."
NEED_WORDS = ("rustige werkplek", "verstelbare werkplek", "prikkelarm")
UWV = "Hulpmiddelen en aanpassingen op de werkplek (UWV)"  # only with the needs part


@dataclass
class Site:
    url: str
    app: Any
    accounts: dict[str, DemoAccount]
    population: Population


def _population() -> Population:
    """Sanne, a care home about 4 km away (people work, sector zorg) and a garage next door
    (hands work); both have a quiet and an adjustable workplace, so her needs fit either."""
    companies = (
        make_company("c-a", name=CARE, sector="zorg", location=GeoPoint(52.115, 5.16)),
        make_company("c-b", name=GARAGE, sector="techniek"),
    )  # the demo company account is the first by id: the care home
    places = (
        make_place("p-a", "c-a", tasks=frozenset({TaskKind.MENSEN}),
                   quiet_workspace=Facility.YES, adjustable_workplace=Facility.YES),
        make_place("p-b", "c-b", tasks=frozenset({TaskKind.HANDEN}),
                   quiet_workspace=Facility.YES, adjustable_workplace=Facility.YES),
    )  # fmt: skip
    return Population((make_student(STUDENT, name=NAME),), companies, places)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    chromium_path()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'stem.db'}", broker_url=None,
        session_cookie_secure=False, solver_time_limit_s=5,
    )  # fmt: skip
    app = create_app(settings)
    population = _population()
    with session_scope(app.state.engine) as session:
        save_population(session, population)
    with session_scope(app.state.engine) as session:
        made = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
    with serve(app) as url:
        yield Site(url, app, made, population)


def _nav(page: Any, link: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=link).click()
    page.wait_for_load_state("networkidle")


def _proposed(site: Site, **student_changes: Any) -> str:
    """The place the pure core proposes to Sanne as stored now, with these fields changed."""
    student = replace(load_student(site.app.state.engine, STUDENT), **student_changes)
    population = replace(site.population, students=(student,))
    result = run_round(population, on=clock.today(), travel=site.app.state.travel)
    [proposal] = result.proposals
    return str(proposal.place_id)


def _student_fills_the_profile(page: Any) -> None:
    page.get_by_role("link", name="Mijn profiel: wie ik ben en wat ik wil").click()
    page.get_by_role("heading", name="Mijn profiel").wait_for()
    page.get_by_label("Ik help graag anderen").check()
    page.get_by_label("Ik ben vrolijk").check()
    page.locator("#ik_ben_tekst").fill(IK_BEN)
    page.get_by_label("Goed luisteren").check()
    page.get_by_label("Klanten helpen").check()
    page.locator("#ik_kan_tekst").fill(IK_KAN)
    page.get_by_label("Omgaan met klanten").check()
    page.locator("#ik_wil_tekst").fill(IK_WIL)
    page.get_by_label("Met mensen werken").check()
    page.get_by_label("Een rustige werkplek").check()
    page.get_by_label("Een verstelbare werkplek").check()  # would bring the UWV block
    page.locator("#ik_heb_nodig_tekst").fill(NEED_TEXT)
    page.get_by_role("button", name="Mijn profiel bewaren").click()
    page.get_by_text("Je profiel is bewaard.").wait_for()
    page.locator("#wacht-op-bevestiging").wait_for()  # the need waits for the jobcoach
    _fits_the_phone(page)
    screenshot(page, "26-stem-student-profiel")


def _student_marks_favourites(page: Any) -> None:
    _nav(page, "Mijn plekken")
    page.get_by_role("button", name=f"Zet {CARE} bij mijn favorieten").click()
    page.get_by_text("Je favorieten zijn bewaard.").wait_for()
    page.get_by_role("button", name=f"Zet {GARAGE} bij mijn favorieten").click()
    page.get_by_text("Je favorieten zijn bewaard.").wait_for()
    assert page.locator(".favoriet-naam").all_inner_texts() == [CARE, GARAGE]
    _fits_the_phone(page)
    page.locator("#favorieten").scroll_into_view_if_needed()
    screenshot(page, "26-stem-student-favorieten", full_page=False)


def _student_shares_strengths_with_the_care_home(page: Any) -> None:
    block = page.locator(".bedrijf-toestemming", has_text=f"Wat mag {CARE} zien?")
    boxes = block.locator("input[name=deel]")
    assert boxes.count() == 3
    assert not any(boxes.nth(i).is_checked() for i in range(3))  # never pre-ticked
    block.get_by_label("Wie ik ben en wat ik wil").check()
    details = block.locator("details.voorbeeld")
    if details.get_attribute("open") is None:
        block.get_by_text(f"Zo ziet {CARE} jouw kaart").click()
    preview = block.locator(".kaartje")
    assert preview.locator("[data-deel=strengths]").is_visible()
    assert not preview.locator("[data-deel=conditions]").is_visible()
    assert not preview.locator("[data-deel=needs]").is_visible()
    shown = preview.inner_text()
    assert NAME in shown
    for text in (IK_BEN, IK_KAN, IK_WIL):
        assert text in shown
    for need in NEED_WORDS:
        assert need not in shown.lower(), need
    assert NEED_TEXT not in shown
    element_screenshot(block, "26-stem-student-toestemming-voorbeeld")
    page.get_by_role("button", name="Mijn keuze bewaren").click()
    page.get_by_text("Je keuze is bewaard.").wait_for()
    block = page.locator(".bedrijf-toestemming", has_text=f"Wat mag {CARE} zien?")
    ticked = block.locator("input[name=deel]:checked")
    assert [ticked.nth(i).get_attribute("data-deel") for i in range(ticked.count())] == [
        "strengths"
    ]
    other = page.locator(".bedrijf-toestemming", has_text=f"Wat mag {GARAGE} zien?")
    assert other.locator("input[name=deel]:checked").count() == 0
    _fits_the_phone(page)
    screenshot(page, "26-stem-student-toestemming")


def _jobcoach_confirms(page: Any) -> None:
    page.get_by_role("link", name=NAME).click()
    page.wait_for_load_state("networkidle")
    for text in (IK_BEN, IK_KAN, IK_WIL, NEED_TEXT):
        page.get_by_text(text).first.wait_for()  # the student's own words, as written
    said = page.locator("#profiel dl").inner_text()
    assert said.count("Nog niet ingevuld.") == 2, said  # experience, days/hours: left empty
    page.get_by_role("button", name="Bevestig wat de student nodig heeft").click()
    page.get_by_text("Bevestigd. De volgende ronde gebruikt dit.").wait_for()
    _fits_the_phone(page)
    page.locator("#profiel").scroll_into_view_if_needed()
    screenshot(page, "26-stem-jobcoach-bevestigt", full_page=False)


def _bureau_runs_reviews_and_publishes(page: Any) -> None:
    _nav(page, "Rondes")
    page.get_by_label("Naam van de ronde").fill("Ronde met eigen stem")
    page.get_by_role("button", name="Ronde maken").click()
    page.get_by_role("button", name="Ronde starten").click()
    page.get_by_text("Voorstellen bekijken").wait_for(timeout=90_000)  # the page reloads itself
    page.locator(f"#rij-{STUDENT} button").click()
    panel = page.locator("#paneel")
    panel.get_by_role("heading", name="Waarom deze plek").wait_for()
    assert CARE in panel.inner_text()
    why = panel.locator("#waarom").inner_text()
    assert INTEREST in why, why
    assert FIRST_CHOICE in why, why
    element_screenshot(panel, "26-stem-bureau-uitleg")
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("Goedgekeurd.").first.wait_for()
    page.get_by_label("Ja, ik wil deze ronde publiceren").check()
    page.get_by_role("button", name="Ronde publiceren").click()
    page.locator("#gepubliceerd, #publiceer-vak .fout").first.wait_for()
    assert page.locator("#publiceer-vak .fout").count() == 0
    page.get_by_text("Deze ronde is gepubliceerd").wait_for()
    screenshot(page, "26-stem-bureau-gepubliceerd", full_page=False)


def _company_sees_only_strengths(page: Any, general_support: tuple[Block, ...]) -> None:
    _nav(page, "Ons bedrijf")
    card = page.locator(".kaartje", has_text=NAME)
    text = card.inner_text()
    assert "Wie ik ben en wat ik wil" in text
    for words in (IK_BEN, IK_KAN, IK_WIL, "Ik help graag anderen", "Klanten helpen",
                  "Omgaan met klanten"):  # fmt: skip
        assert words in text, words
    # the ontzorgen panel: only the general blocks, none that follows from a need
    card.get_by_text("Hulp voor jullie bij deze student").click()
    titles = card.locator(".ontzorgen h4").all_inner_texts()
    assert titles == [b.title for b in general_support], titles
    assert UWV not in card.inner_text()
    everything = str(page.locator("#inhoud").text_content())  # hidden text too
    assert IK_BEN in everything
    for hidden in ("Werktijden", "Wat helpt om goed te werken", NEED_TEXT, UWV):
        assert hidden not in everything, hidden
    for need in NEED_WORDS:
        assert need not in everything.lower(), need
    _fits_the_phone(page)
    element_screenshot(card, "26-stem-bedrijf-kaart")
    screenshot(page, "26-stem-bedrijf")

    # the JSON the care home can ask for with its own session: the same, and no more
    answer = page.request.get(f"{page.url.split('/bedrijf')[0]}/companies/c-a/candidates")
    assert answer.status == 200, answer.text()
    [mine] = [c for c in answer.json() if c.get("student_id") == STUDENT]
    assert mine["place_id"] == "p-a"
    assert mine["parts"] == ["strengths"]
    assert mine["name"] == NAME
    assert mine["strengths"]
    for key in ("conditions", "needs", "arrange"):
        assert key not in mine, key
    raw = answer.text()
    assert NEED_TEXT not in raw
    for need in NEED_WORDS:
        assert need not in raw.lower(), need
    for words in (IK_BEN, IK_KAN, IK_WIL):
        assert words in raw


def test_the_students_voice_reaches_the_round_and_the_company_sees_only_strengths(
    site: Site,
) -> None:
    # the garage is closer: without Sanne's interest and favourite, it wins
    assert _proposed(site) == "p-b"
    url, accounts = site.url, site.accounts
    with browser_pages() as open_page:
        student, coach = open_page(mobile=True), open_page(mobile=True)
        bureau, company = open_page(), open_page(mobile=True)
        for page, who in ((student, "student"), (coach, "jobcoach"), (bureau, "bureau"),
                          (company, "bedrijf")):  # fmt: skip
            log_in(page, url, accounts[who])

        _student_fills_the_profile(student)
        _student_marks_favourites(student)
        _student_shares_strengths_with_the_care_home(student)
        unconfirmed = load_student(site.app.state.engine, STUDENT)
        assert not unconfirmed.needs_quiet_workspace  # not before the jobcoach confirms
        assert not unconfirmed.needs_adjustable_workplace

        _jobcoach_confirms(coach)
        stored = load_student(site.app.state.engine, STUDENT)
        assert stored.needs_quiet_workspace
        assert stored.needs_adjustable_workplace
        assert stored.interest_tasks == frozenset({TaskKind.MENSEN})
        assert stored.preferences == (PlaceId("p-a"), PlaceId("p-b"))
        # the pure core agrees: with them the care home wins, without them the garage
        assert _proposed(site) == "p-a"
        assert _proposed(site, interest_tasks=frozenset(), preferences=()) == "p-b"

        _bureau_runs_reviews_and_publishes(bureau)
        start = clock.today()  # the round's BPV start: the bureau kept the form's date
        general = panel(stored, needs_shared=False, start=start)
        assert UWV in {b.title for b in panel(stored, needs_shared=True, start=start)}
        assert UWV not in {b.title for b in general}
        _company_sees_only_strengths(company, general)
