"""In Chromium on a 390 px phone, as a company: add two praktijkopleiders and watch the budget
total follow on the same page object (the form posts come back to it; no reload), refuse an
absurd number of hours with a message that names the field, change one person, remove the
other; axe-core checks every state. Screenshots: docs/screenshots/bedrijf-praktijkopleiders-*."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import browser_page, element_screenshot, log_in, screenshot
from tests.web.test_bpv_roles_browser import Site, site  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def _budget(page: Any) -> str:
    return str(page.locator("#budget-uren").inner_text())


def _add(page: Any, name: str, email: str, phone: str, hours: str, experience: str) -> None:
    form = page.locator("form[action='/bedrijf/praktijkopleiders']")
    form.get_by_label("Naam").fill(name)
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_label("Telefoonnummer").fill(phone)
    form.get_by_label("Uren begeleiding per week").fill(hours)
    form.get_by_label("Ervaring met studenten die extra steun nodig hebben").select_option(
        label=experience
    )
    form.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state("networkidle")


def test_the_company_keeps_its_praktijkopleiders_on_a_phone(site: Site) -> None:  # noqa: F811
    with browser_page(mobile=True) as page:
        log_in(page, site.url, site.accounts["bedrijf"])
        page.goto(f"{site.url}/bedrijf#praktijkopleiders")
        assert _budget(page) == "4"  # Garage De Eem's import column
        first = page  # the same page object all the way through
        _add(
            page, "Sanne de Vries", "sanne@garage-de-eem.nl", "06 12345678", "2,5", "Veel ervaring"
        )
        assert page is first
        assert page.get_by_role("status").inner_text() == "De praktijkopleider staat erbij."
        assert _budget(page) == "2,5"
        _add(page, "Mehmet Yilmaz", "", "033 1234567", "4", "Nog geen ervaring")
        assert _budget(page) == "6,5"
        assert "samen van 2 praktijkopleiders" in page.locator("#budget").inner_text()
        assert page.locator("#begeleiding").count() == 0  # the hours follow from the people
        screenshot(page, "bedrijf-praktijkopleiders-twee")
        element_screenshot(
            page.locator("ul[aria-label=Praktijkopleiders]"), "bedrijf-praktijkopleiders-lijst"
        )

        _add(page, "Kees", "kees@garage-de-eem.nl", "", "200", "Een beetje ervaring")
        alert = page.get_by_role("alert")
        assert "Uren per week" in alert.inner_text()
        assert "hoogstens 40" in alert.inner_text()
        assert _budget(page) == "6,5"  # nothing stored
        assert page.get_by_role("heading", name="Kees").count() == 0
        assert page.locator("#nieuw-naam").input_value() == "Kees"  # what was typed stays
        alert.scroll_into_view_if_needed()
        screenshot(page, "bedrijf-praktijkopleiders-fout", full_page=False)

        sanne = page.locator("li.kaartje", has=page.get_by_role("heading", name="Sanne de Vries"))
        sanne.locator("summary", has_text="Sanne de Vries aanpassen").click()
        sanne.get_by_label("Uren begeleiding per week").fill("3")
        sanne.get_by_role("button", name="Bewaren").click()
        page.wait_for_load_state("networkidle")
        assert _budget(page) == "7"
        assert "3 uur per week" in sanne.inner_text()

        mehmet = page.locator("li.kaartje", has=page.get_by_role("heading", name="Mehmet Yilmaz"))
        mehmet.locator("summary", has_text="Mehmet Yilmaz weghalen").click()
        mehmet.get_by_role("button", name="Ja, haal Mehmet Yilmaz weg").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("status").inner_text() == "De praktijkopleider is weggehaald."
        assert _budget(page) == "3"
        assert page.get_by_role("heading", name="Mehmet Yilmaz").count() == 0
        assert page is first
        page.locator("#praktijkopleiders").scroll_into_view_if_needed()
        screenshot(page, "bedrijf-praktijkopleiders-een")
