"""One reviewer's whole session in headless Chromium on one page, without a reload (issue 16):
accept, reject with a reason, undo, move, bulk accept, place by hand with a reason, re-run,
publish and export. Every step must leave the page it started on (a reload would hide a stale
version); publish and re-run use the version the page holds after all the own actions."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import APPROVED_DECISIONS
from tests.web import test_browser
from tests.web.browser import (
    assert_accessible,
    browser_page,
    element_screenshot,
    log_in,
    screenshot,
)
from tests.web.test_browser import Site

pytestmark = pytest.mark.browser
demo_site = test_browser.demo_site  # a demo site with a solved round and an account per role
MARK = "() => { window.zelfdePagina = 'ja'; }"
SAME = "() => window.zelfdePagina === 'ja'"


class Session:
    """The steps, each named, each checked to keep the page it started on."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.done: list[str] = []

    def step(self, name: str) -> Session:
        """Start a step: the page is still the same, and the state the last step left (panel,
        row, counters after its htmx swaps) has no WCAG A/AA violation axe-core can find."""
        assert self.page.evaluate(SAME), f"the page reloaded before step {name!r}"
        if self.done:
            assert_accessible(self.page)
        self.done.append(name)
        return self

    def open_student(self, student_id: str) -> None:
        page = self.page
        page.get_by_label("Zoek op naam of code").fill(student_id)
        page.wait_for_function(
            f"() => document.querySelectorAll('#tabel tbody tr').length == 1"
            f" && document.querySelector('#rij-{student_id}')"
        )
        page.locator(f"#rij-{student_id} button").click()
        page.locator("#paneel-kop").get_by_text(student_id).wait_for()

    def row(self, student_id: str) -> str:
        return str(self.page.locator(f"#rij-{student_id}").inner_text())


def _ids(site: Site) -> list[tuple[str, str | None, float | None]]:
    assert site.round_id is not None
    with session_scope(site.app.state.engine) as session:
        row = repo.get_round(session, site.round_id)
        return [
            (p.student_id, p.place_id, p.score)
            for p in repo.list_proposals(session, site.round_id, row.current_run)
        ]


def test_one_reviewer_session_without_reloads(demo_site: Site) -> None:
    url, site = demo_site.url, demo_site
    bureau = site.accounts["bureau"]
    placed = [sid for sid, place, _ in _ids(site) if place]
    with browser_page() as page:
        log_in(page, url, bureau)
        page.goto(f"{url}/bureau/rondes/{site.round_id}")
        page.evaluate(MARK)
        s = Session(page)

        s.step("accept").open_student(placed[0])
        page.get_by_role("button", name="Goedkeuren").click()
        page.get_by_text("Goedgekeurd.").wait_for()
        assert "Goedgekeurd" in s.row(placed[0])
        assert page.locator("#tellingen").get_by_text("Goedgekeurd: 1").count() == 1

        s.step("reject with reason").open_student(placed[1])
        page.get_by_label("Reden van afwijzen").select_option("Reistijd is te lang")
        page.get_by_label("Toelichting").fill("Twee bussen")
        page.get_by_role("button", name="Afwijzen").click()
        page.get_by_text("Reden van afwijzen:").wait_for()
        assert "Afgewezen" in s.row(placed[1])
        assert "Reistijd is te lang: Twee bussen" in page.locator("#paneel").inner_text()

        s.step("undo")
        page.get_by_role("button", name="Besluit terugdraaien").click()
        page.get_by_text("Teruggedraaid.").wait_for()
        assert "Nog open" in s.row(placed[1])

        s.step("move")
        moved = ""
        for sid in placed[2:40]:
            s.open_student(sid)
            if page.locator("#verplaatsen-form input[name=place_id]:enabled").count():
                moved = sid
                break
        assert moved, "no student with a free other place"
        choice = page.locator("#verplaatsen-form input[name=place_id]:enabled").first
        to = choice.get_attribute("value")
        choice.check()
        page.get_by_label("Reden", exact=True).fill("Dichter bij huis")
        page.get_by_role("button", name="Verplaatsen").click()
        page.get_by_text("Verplaatst.").wait_for()
        assert f"({to})" in s.row(moved)
        assert "Verplaatst" in s.row(moved)
        element_screenshot(page.locator("#paneel"), "18-sessie-verplaatst")

        s.step("bulk accept")
        page.get_by_label("Zoek op naam of code").fill("")
        page.wait_for_function("() => document.querySelectorAll('#tabel tbody tr').length > 1")
        page.get_by_label("Keur alle open voorstellen goed").fill("85")
        page.get_by_role("button", name="Aantal bekijken").click()
        page.locator("#alles-bevestigen").wait_for()
        screenshot(page, "19-sessie-alles-goedkeuren", full_page=False)
        page.locator("#alles-ja").click()
        page.locator("#alles-klaar").wait_for()

        s.step("place by hand with reason")
        by_hand, to_hand = "", ""
        taken = {placed[0], moved}
        for sid in placed[2:60]:
            if sid in taken:
                continue
            s.open_student(sid)
            if page.get_by_role("button", name="Besluit terugdraaien").count():
                continue  # already approved in bulk
            free = page.locator("#verplaatsen-form input[name=place_id]:enabled")
            if free.count():
                by_hand, to_hand = sid, str(free.last.get_attribute("value"))
                break
        assert by_hand, "no open student with a free other place"
        page.get_by_label("Code van de plek").fill(to_hand)
        page.get_by_label("Reden (verplicht)").fill("Afspraak met het bedrijf")
        page.get_by_role("button", name="Plaatsen", exact=True).click()
        page.get_by_text("Met de hand geplaatst.").wait_for()
        assert f"({to_hand})" in s.row(by_hand)

        s.step("re-run")
        page.get_by_role("button", name="Opnieuw uitvoeren").click()
        page.locator(
            "#opnieuw-vak .fout, #paneel:has-text('De nieuwe run is klaar')"
        ).first.wait_for(timeout=90_000)
        assert page.locator("#opnieuw-vak .fout").count() == 0, page.locator(
            "#opnieuw-vak"
        ).inner_text()

        s.step("publish")
        page.get_by_label("Ja, ik wil deze ronde publiceren").check()
        page.get_by_role("heading", name="Publiceren").scroll_into_view_if_needed()
        screenshot(page, "20-sessie-publiceren", full_page=False)
        page.get_by_role("button", name="Ronde publiceren").click()
        page.locator("#gepubliceerd, #publiceer-vak .fout").first.wait_for()
        assert page.locator("#publiceer-vak .fout").count() == 0, page.locator(
            "#publiceer-vak"
        ).inner_text()
        assert page.get_by_role("button", name="Opnieuw uitvoeren").count() == 0
        assert "Jij beslist" not in page.locator("#stand-tekst").inner_text()

        s.step("export")
        assert site.round_id is not None
        with session_scope(site.app.state.engine) as db:
            row = repo.get_round(db, site.round_id)
            assert row.status == "published"
            approved = {
                p.student_id
                for p in repo.list_proposals(db, site.round_id, row.current_run)
                if p.decision in APPROVED_DECISIONS
            }
        assert {placed[0], moved, by_hand} <= approved
        with page.expect_download() as download:
            page.get_by_role("link", name="Download CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))  # Dutch Excel's separator
        header = rows[0]
        assert {"Studentnummer", "Naam student", "Naam bedrijf", "Status"} <= set(header), header
        by_code = {r[header.index("Studentnummer")]: r for r in rows[1:]}
        assert approved <= set(by_code)
        for code in approved:  # a name beside every code, and the real decision
            assert by_code[code][header.index("Naam student")], by_code[code]
            assert "goedgekeurd" in by_code[code][header.index("Status")], by_code[code]
        with page.expect_download() as download:
            page.get_by_role("link", name="Download Excel").click()
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
        sheet_rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        assert "Naam student" in sheet_rows[0], sheet_rows[0]
        assert approved <= {str(r[sheet_rows[0].index("Studentnummer")]) for r in sheet_rows[1:]}
        s.step("end")
    assert s.done[-1] == "end"
