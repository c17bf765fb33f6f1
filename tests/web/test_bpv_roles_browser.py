"""After the match, across roles, in one Chromium with a page per person kept for the whole
test (issue 19): the bureau's round is published; the jobcoach plans the kennismaking, which
the student sees; the student does not want the place after the kennismaking; the student
appears in the bureau's queue; the bureau's herplaatsing proposes another place while the
running BPV of another student stays as it was; the student says yes on their phone; the
agreement is signed with a parent (the student is 17); the BPV starts; the company fills an
evaluation with a signal on its page; the jobcoach records the outcome. Then `matcher export
--history` holds that outcome and the training set uses it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from adapters.auth.accounts import create_account
from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import bpv_queries as q
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.flows.training import training_data
from adapters.settings import Settings
from api.main import create_app
from cli import COMMAND_MODULES
from cli import app as cli
from matcher.privacy.vocabulary import Role
from tests.adapters.flows.test_outcome_history import STAFF_BUREAU, TRAVEL
from tests.factories import example_population
from tests.web.browser import browser_pages, chromium_path, log_in, screenshot, serve
from tests.web.test_bpv_browser import _card
from tests.web.test_bpv_pages import publish

for _module in COMMAND_MODULES:
    __import__(_module)

pytestmark = pytest.mark.browser
PASSWORD = "Lange-Zin-Voor-De-Test-42"
DAAN = "Daan bij Garage De Eem"  # s004 (17) at p001 of c01 in the first round
ROWINA = "Rowina bij Zorgcentrum Het Baken"  # s002 at p002 of c02: her BPV runs
FIRST = (("s004", "p001", "c01"), ("s002", "p002", "c02"))


@dataclass
class Site:
    url: str
    app: Any
    accounts: dict[str, DemoAccount]
    db_url: str


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    chromium_path()
    db_url = f"sqlite:///{tmp_path / 'web.db'}"
    settings = Settings(database_url=db_url, broker_url=None, session_cookie_secure=False)
    app = create_app(settings)
    with session_scope(app.state.engine) as session:
        save_population(session, example_population())
    with session_scope(app.state.engine) as session:
        accounts = {a.email.split("@")[0]: a for a in create_demo_accounts(session)}
        for name, links in (("daan", {"student_id": "s004"}), ("gemeente", {"company_id": "c04"})):
            role = Role.STUDENT if "student_id" in links else Role.COMPANY
            create_account(
                session, email=f"{name}@test.invalid", password=PASSWORD, roles=(role,),
                display_name=name.capitalize(), **links,
            )  # fmt: skip
            accounts[name] = DemoAccount(f"{name}@test.invalid", PASSWORD, (role,))
    publish(app.state.engine, FIRST)
    with serve(app) as url:
        yield Site(url, app, accounts, db_url)


def _submit(page: Any, scope: Any, button: str) -> None:
    scope.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")
    assert "Dat lukt niet" not in page.title(), page.locator("#inhoud").inner_text()


def _nav(page: Any, link: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=link).click()
    page.wait_for_load_state("networkidle")


def _bpvs(site: Site, student_id: str) -> list[Any]:
    with Session(site.app.state.engine) as session:
        return q.list_bpvs(session, student_ids=[student_id])


def _take_to_start(page: Any, heading: str, *, guardian: str = "") -> None:
    card = _card(page, heading)
    _submit(page, card, "Kennismaking opslaan")
    card = _card(page, heading)
    card.locator("input[name=student][value=akkoord]").check()
    card.locator("input[name=bedrijf][value=akkoord]").check()
    _submit(page, card, "Kennismaking vastleggen")
    card = _card(page, heading)
    if guardian:
        card.get_by_label("Naam van de ouder of verzorger").fill(guardian)
    _submit(page, card, "Overeenkomst opslaan")
    _submit(page, _card(page, heading), "Start opslaan")


def test_from_publishing_to_the_outcome_across_roles(site: Site, tmp_path: Path) -> None:
    url, accounts = site.url, site.accounts
    with browser_pages() as open_page:
        bureau, coach = open_page(), open_page(mobile=True)
        student, company = open_page(mobile=True), open_page(mobile=True)
        for page, who in ((bureau, "bureau"), (coach, "jobcoach"), (student, "daan"),
                          (company, "gemeente")):  # fmt: skip
            log_in(page, url, accounts[who])

        # Rowina's BPV runs; it must stay as it is through the herplaatsing
        _nav(coach, "BPV's")
        _take_to_start(coach, ROWINA)
        [rowina] = _bpvs(site, "s002")
        assert rowina.status == "gestart"

        # the jobcoach plans Daan's kennismaking; Daan sees it on the phone
        card = _card(coach, DAAN)
        card.get_by_label("De jobcoach").check()
        _submit(coach, card, "Kennismaking opslaan")
        _nav(student, "Mijn BPV")
        mine = student.locator("#inhoud").inner_text()
        assert "Garage De Eem" in mine
        assert "Kennismaking" in mine
        assert "jobcoach@" in mine  # whom to ask

        # after the kennismaking Daan does not want the place: the travel is too long
        card = _card(coach, DAAN)
        card.locator("input[name=student][value=niet_akkoord]").check()
        card.get_by_label("Reden bij niet akkoord").first.select_option("reistijd")
        card.locator("input[name=bedrijf][value=akkoord]").check()
        _submit(coach, card, "Kennismaking vastleggen")
        _nav(student, "Mijn BPV")
        assert (
            "School zoekt samen met jou een nieuwe plek" in student.locator("#inhoud").inner_text()
        )

        # the bureau sees Daan in the queue and starts a herplaatsing for him
        _nav(bureau, "BPV's")
        queue = bureau.locator("#inhoud").inner_text()
        assert "Daan" in queue
        assert "Na de kennismaking niet akkoord" in queue
        bureau.get_by_label("Kies Daan").check()
        bureau.get_by_role("button", name="Herplaatsing starten").click()
        bureau.locator("#rij-s004").wait_for(timeout=120_000)
        assert bureau.locator("#rij-s002").count() == 0  # only the waiting student
        bureau.locator("#rij-s004 button").click()
        panel = bureau.locator("#paneel")
        panel.get_by_text("Gemeente Utrecht").first.wait_for()
        bureau.get_by_role("button", name="Goedkeuren").click()
        bureau.get_by_text("Goedgekeurd.").wait_for()
        bureau.get_by_label("Ja, ik wil deze ronde publiceren").check()
        bureau.get_by_role("button", name="Ronde publiceren").click()
        bureau.locator("#gepubliceerd, #publiceer-vak .fout").first.wait_for()
        assert bureau.locator("#publiceer-vak .fout").count() == 0
        [still] = _bpvs(site, "s002")
        assert (still.status, still.version, still.place_id) == (
            "gestart", rowina.version, "p002",
        )  # fmt: skip
        new = [b for b in _bpvs(site, "s004") if b.status == "voorgesteld"]
        assert [b.place_id for b in new] == ["p003"]  # not the place that did not work out

        # Daan sees the new place and says yes on the phone
        _nav(student, "Mijn BPV")
        card = _card(student, "Gemeente Utrecht")
        card.get_by_label("Ja, ik wil kennismaken").check()
        screenshot(student, "bpv-student-antwoord-telefoon")
        _submit(student, card, "Antwoord versturen")
        assert "Je hebt gezegd dat je wilt kennismaken" in student.locator("#inhoud").inner_text()

        # kennismaking, agreement signed by a parent too (Daan is 17), start
        _nav(coach, "BPV's")
        daan_new = "Daan bij Gemeente Utrecht"
        _take_to_start(coach, daan_new, guardian="M. de Vries")
        [started] = [b for b in _bpvs(site, "s004") if b.place_id == "p003"]
        assert (started.status, started.guardian_name) == ("gestart", "M. de Vries")

        # the jobcoach plans the evaluations; Daan sees the next one
        card = _card(coach, daan_new)
        card.get_by_label("Evaluatie 1", exact=True).fill("2027-01-15")
        card.get_by_label("Evaluatie 2", exact=True).fill("2027-03-01")
        _submit(coach, card, "Planning opslaan")
        assert "Volgende evaluatie: 15 januari 2027" in _card(coach, daan_new).inner_text()
        _nav(student, "Mijn BPV")
        assert "15 januari 2027" in _card(student, "Gemeente Utrecht").inner_text()

        # the company fills the evaluation with a signal on its page
        _nav(company, "Onze BPV's")
        card = company.locator("section", has=company.get_by_text("Gestart"))
        form = card.locator("form[action$='/evaluatie']")
        for scale in ("wat_gaat_goed", "werk", "samenwerken", "leren"):
            form.locator(f"input[name=schaal_{scale}][value='4']").check()
        form.locator("input[name=schaal_energie][value='2']").check()
        form.get_by_label("Vermoeidheid").check()
        form.get_by_label("Ja", exact=True).check()  # would host a student again
        screenshot(company, "bpv-bedrijf-evaluatie-telefoon")
        _submit(company, form, "Evaluatie opslaan")
        assert "Evaluaties gehouden" in company.locator("#inhoud").inner_text()

        # the jobcoach records the outcome
        _nav(coach, "BPV's")
        card = _card(coach, daan_new)
        assert "Evaluaties gehouden: 1" in card.inner_text()
        card.get_by_label("Succesvol afgerond", exact=True).check()
        _submit(coach, card, "Afronden opslaan")
        assert "Stap: Afgerond" in _card(coach, daan_new).inner_text()

        # the bureau sees it in the company's track record
        _nav(bureau, "Bedrijven")
        record = bureau.locator("#inhoud").inner_text()
        assert "Gemeente Utrecht" in record
        assert "1 goed afgerond" in record
        assert "bedrijf wil weer: ja (1 van 1)" in record

    # the outcome is in the history export and in what the model trains on
    out = tmp_path / "geschiedenis"
    result = CliRunner().invoke(
        cli, ["export", "--history", str(out), "--database-url", site.db_url]
    )
    assert result.exit_code == 0, result.output
    with (out / "outcomes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["place_id"], r["outcome"]) for r in rows] == [("p003", "succesvol")]
    assert rows[0]["student_id"] != "s004"  # the history set is pseudonymised
    used = training_data(site.app.state.engine, STAFF_BUREAU, travel=TRAVEL)
    assert used.data.n == 1
    assert bool(used.data.success[0])
    assert [(s["source"], s["n_outcomes"]) for s in used.sources] == [("eigen BPV's", 1)]
