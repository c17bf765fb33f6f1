"""The student's consent per company and per part of the card: never pre-ticked, the current
state shown, each part given and revoked alone with its exact sentence, a preview of the card
that company gets; bad input is refused in Dutch and changes nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters.auth.demo_accounts import DemoAccount
from adapters.db import favourite_queries as store
from adapters.db.engine import session_scope
from adapters.privacy import consent
from adapters.privacy.audit import Actor
from matcher.privacy.consent import PART_TEXT_VERSION, ConsentPart, Method, part_text
from matcher.privacy.vocabulary import Purpose
from matcher.profile import Facts, Words
from tests.web.conftest import csrf_of, log_in
from tests.web.test_bpv_pages import publish

GARAGE = "Garage De Eem"  # c01, where Joshua (s001, the demo student) is placed


def _records(client: TestClient) -> list[dict[str, object]]:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        return consent.list_for_student(session, "s001")


def _boxes(html: str) -> dict[str, bool]:
    """Every part checkbox of the form: value -> ticked."""
    return {
        m.group(1): bool(m.group(2))
        for m in re.finditer(r'name="deel" value="([^"]+)" data-deel="[a-z]+"( checked)?', html)
    }


def _preview(html: str) -> str:
    start = html.index('id="voorbeeld-1"')
    return html[start : html.index("</details>", start)]


def _save(client: TestClient, ticked: list[str]) -> object:
    page = client.get("/student").text
    return client.post(
        "/student/toestemming",
        data={"csrf_token": csrf_of(page), "deel": ticked},
        follow_redirects=False,
    )


def test_the_student_shares_only_strengths_sees_the_preview_and_revokes(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        words = Words(ik_ben=frozenset({"vrolijk"}), ik_ben_tekst="Ik sleutel graag.")
        store.save_profile(session, "s001", words.as_json(), Facts().as_json())
    publish(web.app.state.engine, (("s001", "p001", "c01"),))  # type: ignore[attr-defined]
    log_in(web, accounts["student"])
    html = web.get("/student").text
    assert _boxes(html) == {"c01:strengths": False, "c01:conditions": False, "c01:needs": False}
    assert f"Wat mag {GARAGE} zien?" in html
    assert part_text(ConsentPart.STRENGTHS, GARAGE) in html  # the exact sentence agreed to
    preview = _preview(html)
    assert "Ik sleutel graag." in preview  # the whole card is in the page, the parts hidden
    assert '<div class="kaartdeel" data-deel="strengths" hidden>' in preview
    assert "<h3 data-naam hidden>Joshua</h3>" in preview

    assert _save(web, ["c01:strengths"]).status_code == 303  # type: ignore[attr-defined]
    [record] = _records(web)
    assert record["part"] == "strengths"
    assert record["text_version"] == PART_TEXT_VERSION
    assert record["shown_text"] == part_text(ConsentPart.STRENGTHS, GARAGE)
    html = web.get("/student").text
    assert _boxes(html) == {"c01:strengths": True, "c01:conditions": False, "c01:needs": False}
    preview = _preview(html)
    assert '<div class="kaartdeel" data-deel="strengths">' in preview
    assert '<div class="kaartdeel" data-deel="needs" hidden>' in preview
    assert "<h3 data-naam>Joshua</h3>" in preview

    assert _save(web, ["c01:needs"]).status_code == 303  # type: ignore[attr-defined]
    parts = [(r["part"], r["withdrawn_at"] is None) for r in _records(web)]
    assert parts == [("strengths", False), ("needs", True)]  # one part off, another on
    assert _save(web, []).status_code == 303  # type: ignore[attr-defined]
    assert all(r["withdrawn_at"] is not None for r in _records(web))
    assert set(_boxes(web.get("/student").text).values()) == {False}


def test_an_unknown_part_or_company_is_refused_in_dutch_and_changes_nothing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    publish(web.app.state.engine, (("s001", "p001", "c01"),))  # type: ignore[attr-defined]
    log_in(web, accounts["student"])
    assert _save(web, ["c01:strengths"]).status_code == 303  # type: ignore[attr-defined]
    before = _records(web)
    bad = _save(web, ["c01:hobby"])
    assert bad.status_code == 400  # type: ignore[attr-defined]
    assert "&#39;hobby&#39; is geen deel van je kaart" in bad.text  # type: ignore[attr-defined]
    assert "Er is niets veranderd." in bad.text  # type: ignore[attr-defined]
    other = _save(web, ["c01:strengths", "c09:needs"])
    assert other.status_code == 400  # type: ignore[attr-defined]
    assert "Dat bedrijf staat niet bij jouw plekken" in other.text  # type: ignore[attr-defined]
    assert _records(web) == before


def test_a_consent_for_a_company_no_longer_listed_stays_visible_and_revocable(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        consent.give(
            session, student_id="s001", purpose=Purpose.MATCHING, recipient="c03",
            part=ConsentPart.NEEDS, text_version="v1", shown_text="Mag c03 dit zien?",
            recorded_by=Actor("test"), method=Method.WRITTEN, actively_given=True,
        )  # fmt: skip
    log_in(web, accounts["student"])
    html = web.get("/student").text
    assert _boxes(html)["c03:needs"] is True
    assert "Logistiek Maasvlakte" in html
    assert _save(web, []).status_code == 303  # type: ignore[attr-defined]
    assert all(r["withdrawn_at"] is not None for r in _records(web))


def test_the_student_is_warned_about_health_words_in_their_own_words(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    assert 'id="let-op-eigen-woorden"' not in web.get("/student").text
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        words = Words(ik_kan_tekst="Ik kan veel, ook met mijn ADHD.", ik_heb_nodig_tekst="Rust.")
        store.save_profile(session, "s001", words.as_json(), Facts().as_json())
    html = web.get("/student").text
    assert 'id="let-op-eigen-woorden"' in html
    assert "Wat je zelf schreef bij Ik heb nodig, ziet een bedrijf nooit." in html


def test_under_ik_ben_the_choices_finish_the_heading_instead_of_repeating_it(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        words = Words(ik_ben=frozenset({"behulpzaam", "rustig", "eerlijk"}),
                      ik_kan=frozenset({"klanten"}))  # fmt: skip
        store.save_profile(session, "s001", words.as_json(), Facts().as_json())
    publish(web.app.state.engine, (("s001", "p001", "c01"),))  # type: ignore[attr-defined]
    log_in(web, accounts["student"])
    preview = _preview(web.get("/student").text)
    assert "<strong>Ik ben</strong> rustig en eerlijk.</p>" in preview  # one sentence
    assert "<li>Ik help graag anderen</li>" in preview  # a whole sentence stays in the list
    assert "Ik ben rustig" not in preview
    assert "<strong>Ik kan</strong></p>" in preview  # other headings as they were
    assert "<li>Klanten helpen</li>" in preview
