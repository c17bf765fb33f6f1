"""The review page by keyboard only (issue 22): open a student's panel from the table, reach
"Goedkeuren" in a handful of Tabs, decide with Enter, hear what happened, and get back to the
row. Every step presses keys (no clicks) and checks where focus is."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web import test_browser
from tests.web.browser import _artifact, _keep, assert_accessible, browser_page, log_in
from tests.web.test_browser import Site
from tests.web.test_browser_review import _ids

pytestmark = pytest.mark.browser
demo_site = test_browser.demo_site  # a demo site with a solved round and an account per role
MAX_TABS = 6  # from the panel's heading to "Goedkeuren"
QUIET = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
FOCUSED = """() => { const a = document.activeElement;
  return {tag: a.tagName, id: a.id, text: (a.textContent || "").trim().replace(/\\s+/g, " "),
          row: a.closest("tr") ? a.closest("tr").id : "",
          inPanel: !!a.closest("#paneel")}; }"""
LIVE_IN_PANEL = """() => [...document.querySelectorAll(
  "#paneel[aria-live], #paneel [aria-live], #paneel [role=status], #paneel [role=alert]")]
  .map((e) => e.id || e.tagName)"""


def _shot(page: Any, name: str, selector: str, height: int = 300) -> None:
    """A small screenshot of the top of ``selector`` with the focus ring (docs/screenshots/22-*)."""
    page.locator(selector).first.scroll_into_view_if_needed()
    box = page.locator(selector).first.bounding_box()
    clip = {
        "x": max(box["x"] - 12, 0),
        "y": max(box["y"] - 12, 0),
        "width": min(box["width"] + 24, 640),
        "height": min(box["height"] + 24, height),
    }
    target = _artifact(name)
    page.screenshot(path=str(target), clip=clip)
    _keep(target)


def _focused(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(FOCUSED))


def _tab_to(page: Any, wanted: str, most: int) -> int:
    """Press Tab until the focused element's text is ``wanted``; how many Tabs it took. Starts
    once htmx is quiet: a person does not Tab on while an answer is still being swapped in, and
    a late swap would replace the button under the key (seen on a loaded CI machine)."""
    page.wait_for_function(QUIET)
    for n in range(1, most + 1):
        page.keyboard.press("Tab")
        if _focused(page)["text"] == wanted:
            return n
    raise AssertionError(f"{wanted!r} not reached in {most} Tabs; focus on {_focused(page)}")


def _focus_row_button(page: Any, student_id: str) -> None:
    """From the search field, Tab into the table to this student's row (the only row)."""
    page.get_by_label("Zoek op naam of code").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type(student_id)
    page.wait_for_function(
        f"() => document.querySelectorAll('#tabel tbody tr').length == 1"
        f" && document.querySelector('#rij-{student_id}')"
    )
    for _ in range(20):
        page.keyboard.press("Tab")
        if _focused(page)["row"] == f"rij-{student_id}":
            break
    # Leaving the search field sent the filters again ("change"): when that answer replaces the
    # table, focus stays on this student's row (review.js), never on <body>. review.js moves
    # focus to the new row's button in the swap, a moment before htmx has wired it up; an
    # Enter in that moment does nothing (seen in CI: no request, the panel stayed empty), so
    # wait, as a person does, until the button works.
    page.wait_for_function(QUIET)
    page.wait_for_function("() => !!document.activeElement['htmx-internal-data']")
    _assert_on_row(page, student_id)


def _assert_on_row(page: Any, student_id: str) -> None:
    focus = _focused(page)
    assert focus["tag"] == "BUTTON", focus
    assert focus["row"] == f"rij-{student_id}", focus


def _open(page: Any, student_id: str) -> None:
    """Enter on the row's button: the panel opens and focus is on its heading."""
    _focus_row_button(page, student_id)
    page.keyboard.press("Enter")
    page.locator("#paneel-kop").get_by_text(student_id).wait_for()
    page.wait_for_function("() => document.activeElement.id === 'paneel-kop'", timeout=5_000)
    page.wait_for_function(QUIET)


def test_review_one_student_by_keyboard(demo_site: Site) -> None:
    site = demo_site
    bureau = site.accounts["bureau"]
    placed = [sid for sid, place, _ in _ids(site) if place]
    first, second = placed[0], placed[1]
    with browser_page() as page:
        log_in(page, site.url, bureau)
        page.goto(f"{site.url}/bureau/rondes/{site.round_id}")

        _open(page, first)  # Enter on the row: focus on the panel's heading
        focus = _focused(page)
        assert focus["id"] == "paneel-kop", focus
        assert first in focus["text"], focus
        assert page.evaluate(LIVE_IN_PANEL) == ["paneel-status"], "only the status is live"
        assert_accessible(page)
        _shot(page, "22-toetsenbord-paneel-open", "#paneel")

        tabs = _tab_to(page, "Goedkeuren", MAX_TABS)
        assert tabs <= MAX_TABS
        page.keyboard.press("Enter")  # the button goes away with the swap
        page.locator("#paneel-status").get_by_text("Goedgekeurd.").wait_for()
        page.wait_for_function("() => document.activeElement.id === 'paneel-status'")
        focus = _focused(page)
        assert focus["inPanel"], focus
        assert focus["text"].startswith("Goedgekeurd. "), focus
        assert "gaat naar" in focus["text"], focus
        assert ", plek " in focus["text"], focus  # the place's name and code
        assert page.locator("#goedkeuren").count() == 0  # it was decided
        assert page.evaluate(LIVE_IN_PANEL) == ["paneel-status"], "only the status is live"
        assert_accessible(page)
        _shot(page, "22-toetsenbord-goedgekeurd", "#paneel")

        _tab_to(page, "Terug naar de tabel", 3)
        page.keyboard.press("Enter")
        _assert_on_row(page, first)
        assert "Goedgekeurd" in page.locator(f"#rij-{first}").inner_text()
        _shot(page, "22-toetsenbord-terug-in-de-tabel", "#tabel-vak", height=200)

        # An action that fails ("Anders" without a note) also keeps focus in the panel.
        _open(page, second)
        page.locator("#reden-keuze").select_option("Anders")
        page.locator("#reden-keuze").focus()
        _tab_to(page, "Afwijzen", 2)
        page.keyboard.press("Enter")
        page.locator("#paneel-status").get_by_text("Schrijf bij 'Anders' op").wait_for()
        page.wait_for_function("() => document.activeElement.id === 'paneel-status'")
        assert page.evaluate(LIVE_IN_PANEL) == ["paneel-status"], "only the status is live"

        # Undo: after the decision the status tells it, and focus stays in the panel.
        _open(page, first)
        _tab_to(page, "Besluit terugdraaien", MAX_TABS)
        page.keyboard.press("Enter")
        page.locator("#paneel-status").get_by_text("Teruggedraaid.").wait_for()
        page.wait_for_function("() => document.activeElement.id === 'paneel-status'")
        focus = _focused(page)
        assert focus["text"].startswith("Teruggedraaid. Het voorstel voor "), focus
        assert "Nog open" in page.locator(f"#rij-{first}").inner_text()

        # An answer with no status of its own (the app's error fragment, api/errors.py): the
        # last message does not stay, and focus goes to the error in the panel.
        page.route(
            "**/goedkeuren",
            lambda route: route.fulfill(
                status=404,
                content_type="text/html",
                body='<p class="melding fout" role="alert">Student bestaat niet.</p>',
            ),
        )
        _tab_to(page, "Goedkeuren", MAX_TABS)
        page.keyboard.press("Enter")
        page.locator("#paneel-inhoud").get_by_text("Student bestaat niet.").wait_for()
        page.wait_for_function(QUIET)
        focus = _focused(page)
        assert focus["text"] == "Student bestaat niet.", focus
        assert page.locator("#paneel-status").inner_text().strip() == ""


def test_opening_a_panel_is_not_read_out_whole_and_the_table_can_be_skipped(
    demo_site: Site,
) -> None:
    """The panel itself is no live region; opening a student leaves the status empty. From the
    filters, one Tab and Enter skip the long table: the next Tab is in the panel."""
    site = demo_site
    bureau = site.accounts["bureau"]
    sid = _ids(site)[0][0]
    with browser_page() as page:
        log_in(page, site.url, bureau)
        page.goto(f"{site.url}/bureau/rondes/{site.round_id}")
        assert page.locator("#paneel").get_attribute("aria-live") is None
        _open(page, sid)
        assert page.locator("#paneel-status").inner_text().strip() == ""
        assert page.evaluate(LIVE_IN_PANEL) == ["paneel-status"]
        # The table is replaced (as after a bulk approval) while focus is on a row: it stays.
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        _assert_on_row(page, sid)
        page.evaluate("() => document.body.dispatchEvent(new Event('tabel-vernieuwen'))")
        page.wait_for_function("() => document.querySelector('#tabel.htmx-request') === null")
        page.wait_for_function(QUIET)
        _assert_on_row(page, sid)
        page.get_by_label("Sorteren op").focus()  # the last filter, just before the table
        page.keyboard.press("Tab")
        skip = _focused(page)
        assert skip["text"] == "Sla de tabel over", skip
        shown = "() => { const r = document.activeElement.getBoundingClientRect();"
        shown += " return r.left >= 0 && r.top >= 0 && r.bottom <= innerHeight; }"
        assert page.evaluate(shown), "the focused skip link is on the screen where it is"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        focus = _focused(page)
        assert focus["inPanel"], focus
        assert focus["text"] == "Terug naar de tabel", focus
