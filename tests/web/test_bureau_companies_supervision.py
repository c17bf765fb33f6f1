"""The bureau's company page shows each company's supervision hours a week as a round uses them.

c01 stores 4 hours but has two praktijkopleiders (3,5 + 3 hours): a round uses 6,5, and so does
the companies JSON; the page says 6,5 and that it is the praktijkopleiders' sum. c02 has no
people: its own 6 hours, from its profile. The companies and the sums are read in one query
each, however many companies the page lists (the old page read each company's name on its own
and showed no hours). On a 390 px phone (and at 320 px) each company is a block of labelled lines.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount
from adapters.db import praktijkopleider_queries as people
from adapters.db.engine import session_scope
from matcher.supervision import Praktijkopleider, SupportExperience
from tests.api.auth_helpers import bearer, make_token
from tests.web.browser import browser_page, element_screenshot, log_in
from tests.web.conftest import log_in as log_in_client
from tests.web.test_bpv_pages import publish
from tests.web.test_bpv_roles_browser import Site, site  # noqa: F401 (fixture)
from tests.web.test_company_support_queries import _engine, _reads_of, _statements
from tests.web.test_reflow import _fits

APPROVED = (("s001", "p001", "c01"), ("s002", "p002", "c02"), ("s004", "p001", "c01"))
PEOPLE = (
    Praktijkopleider("c01", "Anna de Wit", "anna@test.invalid", "", 3.5, SupportExperience.VEEL),
    Praktijkopleider("c01", "Bram Smit", "bram@test.invalid", "", 3.0, SupportExperience.ENIGE),
)


def _hours(html: str) -> dict[str, tuple[str, str]]:
    """Per company code: the hours shown and where they come from."""
    rows = re.findall(r'<tr><td data-label="Bedrijf">(.*?)</tr>', html, re.S)
    found = {}
    for row in rows:
        code = re.search(r'class="code">\((\w+)\)', row)
        hours = re.search(r'class="uren">([^<]+)<', row)
        source = re.search(r'class="uitleg bron">([^<]+)<', row)
        assert code, row
        assert hours, row
        assert source, row
        found[code[1]] = (hours[1], source[1])
    return found


def test_the_page_shows_the_hours_a_round_uses_as_the_json_does(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = _engine(web)
    with session_scope(engine) as session:
        for person in PEOPLE:
            people.add(session.connection(), person)
    publish(engine, APPROVED)
    token = bearer(make_token(web, "bureau"))
    json = {cid: web.get(f"/companies/{cid}", headers=token).json() for cid in ("c01", "c02")}
    log_in_client(web, accounts["bureau"])
    with _statements(engine) as statements:
        page = web.get("/bureau/bedrijven")
    assert page.status_code == 200, page.text
    shown = _hours(page.text)
    assert shown == {
        "c01": ("6,5", "De uren van de praktijkopleiders bij elkaar. In het profiel staat 4 uur."),
        "c02": ("6", "Het getal uit het profiel van het bedrijf."),
    }
    assert json["c01"]["guidance_hours_per_week"] == 6.5  # the same number as the JSON
    assert json["c01"]["guidance_hours_source"] == "praktijkopleiders"
    assert json["c02"]["guidance_hours_per_week"] == 6
    assert json["c02"]["guidance_hours_source"] == "company"
    assert "Garage De Eem" in page.text  # the names still come with the companies
    assert _reads_of(statements, "company") == 1, statements  # was one per company
    assert _reads_of(statements, "praktijkopleider") == 1, statements


def test_other_roles_still_get_no_page(web: TestClient, accounts: dict[str, DemoAccount]) -> None:
    publish(_engine(web), APPROVED)
    log_in_client(web, accounts["jobcoach"])
    page = web.get("/bureau/bedrijven")
    assert page.status_code == 403
    assert "uur per week" not in page.text


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 320])
def test_the_company_list_reflows_on_a_phone(site: Site, width: int) -> None:  # noqa: F811
    with session_scope(site.app.state.engine) as session:
        for person in PEOPLE:
            people.add(session.connection(), person)
    with browser_page(width=width, height=844, mobile=width == 390) as page:
        log_in(page, site.url, site.accounts["bureau"])
        page.goto(f"{site.url}/bureau/bedrijven")
        page.wait_for_load_state("networkidle")
        _fits(page, f"/bureau/bedrijven at {width} px")
        box = page.locator(".tabel-rol")
        sideways: Any = box.evaluate("(b) => b.scrollWidth - b.clientWidth")
        assert sideways <= 1, sideways  # the table does not scroll inside its box either
        cell = page.locator("#bedrijven tbody tr").first.locator("td.begeleiding")
        assert cell.evaluate("(el) => getComputedStyle(el, '::before').content") == (
            '"Tijd voor begeleiding"'
        )
        found = cell.bounding_box()
        assert found is not None
        assert 0 <= found["x"] <= found["x"] + found["width"] <= width
        assert "6,5 uur per week" in cell.inner_text()  # c01, the first by name
        if width == 390:
            element_screenshot(page.locator("#bedrijven"), "bureau-bedrijven-390px")
