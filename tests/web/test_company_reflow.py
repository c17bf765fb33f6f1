"""The company's own pages on a 390 px phone (and at 320 px, 400 % zoom): nothing scrolls
sideways, not the page and not the places table inside its box. On a phone each place is a
block of lines, each line with its column's name; wider, the table is an ordinary table."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web import test_reflow
from tests.web.browser import browser_page, element_screenshot, log_in
from tests.web.test_browser import Site
from tests.web.test_reflow import _fits

pytestmark = pytest.mark.browser
demo_site = test_reflow.demo_site
# Every table box that scrolls sideways, and every table cell whose right edge is past the window.
CUT_OFF = """() => ({
  boxes: [...document.querySelectorAll(".tabel-rol")]
    .filter((b) => b.scrollWidth > b.clientWidth + 1)
    .map((b) => b.getAttribute("aria-label") + ": " + b.scrollWidth + " > " + b.clientWidth),
  cells: [...document.querySelectorAll("main td, main th")].filter((c) => {
    const r = c.getBoundingClientRect();
    return r.width > 0 && r.right > innerWidth + 1;
  }).length,
})"""


def _nothing_cut_off(page: Any, what: str) -> None:
    _fits(page, what)
    found = page.evaluate(CUT_OFF)
    assert found == {"boxes": [], "cells": 0}, f"{what}: {found}"


def _add_person(page: Any) -> None:
    page.locator("#nieuw-naam").fill("Alexandra van Oldenbarnevelt-Hoogstraten")
    page.locator("#nieuw-mail").fill("alexandra.vanoldenbarnevelt-hoogstraten@gemeentewinkel.nl")
    page.locator("#nieuw-uren").fill("2,5")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("De praktijkopleider staat erbij.").wait_for()


def _places_rows(page: Any) -> int:
    return int(page.locator("#plekken tbody tr").count())


@pytest.mark.parametrize("width", [390, 320])
def test_the_company_pages_reflow_on_a_phone(demo_site: Site, width: int) -> None:
    site = demo_site
    company = site.accounts["bedrijf"]
    mobile = width == 390  # the phone of the issue: 390 x 844, touch
    with browser_page(width=width, height=844, mobile=mobile) as page:
        log_in(page, site.url, company)
        page.goto(f"{site.url}/bedrijf")
        page.wait_for_load_state("networkidle")
        assert _places_rows(page) >= 2, "the demo company has too few places to show a table"
        _nothing_cut_off(page, f"/bedrijf at {width} px")
        _add_person(page)  # a praktijkopleider's card with a long address fits too
        assert page.locator("#budget-profiel").is_visible()
        _nothing_cut_off(page, f"/bedrijf with a praktijkopleider at {width} px")
        # each place's last column (Niveau) is on the screen, with its name before the value
        last = page.locator("#plekken tbody tr").first.locator("td").last
        assert last.get_attribute("data-label") == "Niveau"
        box = last.bounding_box()
        assert box is not None
        assert 0 <= box["x"] <= box["x"] + box["width"] <= width
        label = "(el) => getComputedStyle(el, '::before').content"
        assert last.evaluate(label) == '"Niveau"'
        if mobile:
            page.locator("#plekken").scroll_into_view_if_needed()
            element_screenshot(page.locator("#plekken"), "bedrijf-plekken-390px")
        page.goto(f"{site.url}/bedrijf/bpv")
        page.wait_for_load_state("networkidle")
        _nothing_cut_off(page, f"/bedrijf/bpv at {width} px")


def test_wider_the_places_are_an_ordinary_table(demo_site: Site) -> None:
    site = demo_site
    company = site.accounts["bedrijf"]
    with browser_page(width=1280, height=900) as page:
        log_in(page, site.url, company)
        page.goto(f"{site.url}/bedrijf")
        assert _places_rows(page) >= 2
        display = "(el) => getComputedStyle(el).display"
        assert page.locator("#plekken").evaluate(display) == "table"
        assert page.locator("#plekken thead th").first.is_visible()
        cell = page.locator("#plekken tbody td").last
        assert cell.evaluate("(el) => getComputedStyle(el, '::before').content") == "none"
        _nothing_cut_off(page, "/bedrijf at 1280 px")
