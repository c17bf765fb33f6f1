"""The maps by keyboard and screen reader (issue 22): the map is one Tab stop with a visible
focus ring and Dutch zoom buttons, the markers are no Tab stops, and a list under the map holds
the same data as text (the bureau's review map and the jobcoach's shortlist map)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import assert_accessible, browser_page, log_in, screenshot
from tests.web.test_browser import Site, demo_site  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

# Focus the last Tab stop before the map (in document order, visible), so Tab goes to the map.
FOCUS_BEFORE_MAP = """() => {
  const map = document.getElementById("kaart");
  const stops = "a[href], button, input, select, summary, [tabindex]";
  const before = [...document.querySelectorAll(stops)].filter((e) =>
    e.tabIndex >= 0 && !map.contains(e) && e.getClientRects().length &&
    (e.compareDocumentPosition(map) & Node.DOCUMENT_POSITION_FOLLOWING));
  before[before.length - 1].focus();
}"""
PAST_MAP = """() => {
  const map = document.getElementById("kaart"), el = document.activeElement;
  return el === document.body || (!map.contains(el) &&
    (map.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
}"""
FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return [document.activeElement.id, style.outlineStyle, style.outlineWidth, style.outlineColor];
}"""
ZOOM_BUTTONS = """() => [...document.querySelectorAll("#kaart .leaflet-control-zoom a")].map((a) =>
  [a.getAttribute("aria-label"), a.title, a.tabIndex])"""
LIST_ROWS = """() => [...document.querySelectorAll("#kaart-lijst tbody tr")].map((tr) =>
  [...tr.cells].map((c) => c.textContent))"""
TOWN_LABELS = (
    "() => [...document.querySelectorAll('#kaart .kaart-plaats')].map((e) => e.textContent)"
)
TOO_MANY = 2000


def tabs_past_the_map(page: Any) -> int:
    """How many Tab presses take focus from the last stop before the map to past the map."""
    page.evaluate(FOCUS_BEFORE_MAP)
    for n in range(1, TOO_MANY):
        page.keyboard.press("Tab")
        if page.evaluate(PAST_MAP):
            return n
    return TOO_MANY


def _check_the_map_by_keyboard(page: Any) -> None:
    """One Tab stop with the site's focus ring, Dutch zoom buttons, + zooms in."""
    assert tabs_past_the_map(page) <= 2  # into the map, then past it (was 200 on the demo)
    page.evaluate(FOCUS_BEFORE_MAP)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_RING) == ["kaart", "solid", "4px", "rgb(255, 191, 71)"]
    assert page.evaluate(ZOOM_BUTTONS) == [
        ["Inzoomen", "Inzoomen", -1],
        ["Uitzoomen", "Uitzoomen", -1],
    ]
    assert page.locator("#kaart path.leaflet-interactive:not([tabindex='-1'])").count() == 0
    page.evaluate("document.activeElement.blur()")
    page.locator("#kaart path.leaflet-interactive").first.click(force=True)  # a student's dot
    assert page.evaluate("document.activeElement.id") == "kaart"  # not the marker: keys work
    towns = page.evaluate(TOWN_LABELS)
    page.keyboard.press("+")  # Leaflet's keyboard zoom on the focused map
    page.keyboard.press("+")
    page.wait_for_function(
        f"(before) => JSON.stringify(({TOWN_LABELS})()) !== JSON.stringify(before)", arg=towns
    )


def test_the_bureau_map_is_one_tab_stop_and_lists_what_it_shows(demo_site: Site) -> None:  # noqa: F811
    bureau = demo_site.accounts["bureau"]
    with browser_page(height=1100) as page:
        log_in(page, demo_site.url, bureau)
        page.goto(f"{demo_site.url}/bureau/rondes/{demo_site.round_id}")
        page.locator("#kaart[data-klaar=ja]").wait_for()
        _check_the_map_by_keyboard(page)

        page.reload()  # the map as it first shows, for the list and the screenshot
        page.locator("#kaart[data-klaar=ja]").wait_for()
        data = page.context.request.get(
            demo_site.url + page.locator("#kaart").get_attribute("data-bron")
        ).json()
        page.get_by_text("Bekijk de kaart als lijst").click()
        page.get_by_role("heading", name="De kaart als lijst").wait_for()
        assert_accessible(page)
        rows = page.evaluate(LIST_ROWS)
        # every student on the map once, by code, with the place its line goes to
        assert [r[0] for r in rows] == sorted(s[0] for s in data["students"])
        proposed = {s: p for s, p, _ in data["proposals"]}
        assert {r[0]: r[1] for r in rows} == {s: p or "nog geen plek" for s, p in proposed.items()}
        assert sum(1 for p in proposed.values() if p) == len(data["pairs"])
        places = {p[0] for p in data["places"]}
        for student, place, town, travel in rows:
            if proposed[student]:
                assert place in places
                assert town, student
                assert travel.endswith(" min"), (student, travel)
            else:
                assert (town, travel) == ("", "")
        stand = page.locator("#kaart-lijst .kaart-lijst-stand").inner_text()
        assert f"{len(rows)} studenten" in stand
        assert f"alle {len(places)} plekken" in stand
        page.evaluate(
            "document.getElementById('kaart-uitleg').previousElementSibling.scrollIntoView()"
        )
        screenshot(page, "22-kaart-lijst", full_page=False)


def test_the_jobcoach_map_is_one_tab_stop_and_lists_the_suggested_places(
    demo_site: Site,  # noqa: F811
) -> None:
    """In a 320 px window (400 % zoom): the list's table scrolls in its own box."""
    coach = demo_site.accounts["jobcoach"]
    with browser_page(width=320, height=800) as page:
        log_in(page, demo_site.url, coach)
        links = [a.get_attribute("href") for a in page.locator("main table a").all()]
        for href in links:  # a student in the caseload with suitable places
            page.goto(f"{demo_site.url}{href}")
            if page.locator("ol.kaartjes li").count():
                break
        else:
            pytest.fail("no student in the caseload has a suitable place")
        page.locator("#kaart[data-klaar=ja]").wait_for()
        _check_the_map_by_keyboard(page)

        data = page.evaluate("JSON.parse(document.getElementById('kaartdata').textContent)")
        page.get_by_text("Bekijk de kaart als lijst").click()
        assert_accessible(page)
        rows = page.evaluate(LIST_ROWS)
        assert [r[1] for r in rows] == [p[0] for p in data["places"]]  # the map's places, in order
        cards = page.locator("ol.kaartjes li h3").all_inner_texts()
        assert [r[0] for r in rows] == cards  # named as on the cards
        codes = page.locator("ol.kaartjes li .code").all_inner_texts()
        assert [r[1] for r in rows] == codes
        assert all(town and travel.endswith(" min") for _, _, town, travel in rows)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
