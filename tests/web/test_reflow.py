"""Reflow (WCAG 1.4.10, issue 22): at 320 px (a 1280 px screen at 400 % zoom) and at 640 px
(200 % zoom) no page scrolls sideways, for every role. The review page's wide table scrolls
inside its own box, which a keyboard user can reach and scroll."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web import test_browser
from tests.web.browser import browser_page, log_in
from tests.web.test_browser import Site

pytestmark = pytest.mark.browser
demo_site = test_browser.demo_site  # a demo site with a solved round and an account per role
# How far the page itself scrolls sideways, and what sticks out (to say what to fix).
SIDEWAYS = """() => {
  const over = document.scrollingElement.scrollWidth - window.innerWidth;
  const wide = [...document.querySelectorAll("main *, header *")].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > window.innerWidth + 1 && !e.closest(".tabel-rol, #kaart");
  }).slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : ""));
  return {over: over, wide: wide};
}"""


def _fits(page: Any, what: str) -> None:
    found = page.evaluate(SIDEWAYS)
    assert found["over"] <= 1, f"{what} scrolls {found['over']} px sideways: {found['wide']}"


def _pages_of(page: Any, site: Site, role: str) -> list[str]:
    """The pages this role reaches from its menu (and the first student of a jobcoach)."""
    round_id = site.round_id
    paths = {
        "bureau": [
            "/bureau",
            "/bureau/inlezen",
            "/bureau/eigen-netwerk",
            f"/bureau/rondes/{round_id}",
            f"/bureau/rondes/{round_id}/afdrukken",
        ],
        "jobcoach": ["/jobcoach"],
        "begeleider": ["/jobcoach"],
        "beheer": ["/beheer", "/beheer/audit"],
        "student": ["/student"],
        "bedrijf": ["/bedrijf"],
    }[role]
    if role in ("jobcoach", "beheer"):
        page.goto(f"{site.url}{paths[0]}")
        first = page.locator("main table a").first.get_attribute("href")
        paths.append(str(first))
    return paths


@pytest.mark.parametrize("width", [320, 640])
def test_no_page_scrolls_sideways_at_320_and_640_px(demo_site: Site, width: int) -> None:
    site = demo_site
    with browser_page(width=width, height=800) as page:
        page.goto(f"{site.url}/login")
        _fits(page, "/login")
        page.goto(f"{site.url}/bestaat-niet")  # an error page
        _fits(page, "the error page")
        for role, account in site.accounts.items():
            page.context.clear_cookies()
            log_in(page, site.url, account)
            for path in _pages_of(page, site, role):
                page.goto(f"{site.url}{path}")
                page.wait_for_load_state("networkidle")
                _fits(page, f"{path} ({role})")
            if role == "bureau":
                page.goto(f"{site.url}/bureau/rondes/{site.round_id}")
                page.locator("#tabel tbody tr button").first.click()
                page.locator("#paneel-kop").wait_for()
                _fits(page, "the review page with a panel open")


def test_the_review_table_scrolls_in_its_own_box_by_keyboard(demo_site: Site) -> None:
    site = demo_site
    bureau = site.accounts["bureau"]
    with browser_page(width=320, height=800) as page:
        log_in(page, site.url, bureau)
        page.goto(f"{site.url}/bureau/rondes/{site.round_id}")
        box = page.locator("#tabel-vak")
        assert box.get_attribute("role") == "region"
        assert box.get_attribute("tabindex") == "0"
        assert box.get_attribute("aria-label")
        overflow = "() => getComputedStyle(document.getElementById('tabel-vak')).overflowX"
        assert page.evaluate(overflow) == "auto"
        wide = page.evaluate(
            "() => { const b = document.getElementById('tabel-vak');"
            " return b.scrollWidth > b.clientWidth; }"
        )
        assert wide, "at 320 px the table is wider than its box (else this test shows nothing)"
        box.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.getElementById('tabel-vak').scrollLeft > 0")
        _fits(page, "the review page")
