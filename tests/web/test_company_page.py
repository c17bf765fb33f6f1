"""The company's page shows a student only after a person approved the place and the round was
published, with the needs only after the student's consent, and logs what it shared."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session

from adapters.auth.demo_accounts import DemoAccount
from adapters.db.engine import session_scope
from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.privacy import consent
from adapters.privacy.audit import Actor, list_for_student
from matcher.privacy.consent import Method
from matcher.privacy.vocabulary import Purpose
from tests.web.conftest import log_in

NOW = datetime(2026, 9, 1, tzinfo=UTC)


def _store_round(client: TestClient, status: str, decisions: dict[str, str]) -> None:
    """A round with one proposal at company c01 (place p001) per student, with these decisions."""
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = MatchRoundRow(
            name=status,
            status=status,
            bpv_start=date(2026, 9, 1),
            current_run=1,
            created_by="test",
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        for student_id, decision in decisions.items():
            session.add(
                ProposalRow(
                    round_id=row.id,
                    run=1,
                    student_id=student_id,
                    place_id="p001",
                    company_id="c01",
                    score=0.8,
                    status="proposed",
                    decision=decision,
                )
            )


def _consent(client: TestClient, student_id: str) -> None:
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        consent.give(
            session,
            student_id=student_id,
            purpose=Purpose.MATCHING,
            recipient="c01",
            text_version="v1",
            shown_text="Mag dit bedrijf zien wat jou helpt?",
            recorded_by=Actor("test"),
            method=Method.WRITTEN,
            actively_given=True,
        )


def test_the_company_sees_only_approved_students_of_a_published_round(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    _store_round(web, "in_review", {"s001": "accepted"})  # not published yet
    _store_round(web, "published", {"s002": "accepted", "s003": "open", "s004": "rejected"})
    for sid in ("s001", "s002", "s003", "s004"):
        _consent(web, sid)
    log_in(web, accounts["bedrijf"])
    html = web.get("/bedrijf").text
    assert "Rowina" in html  # s002: approved in a published round, with consent
    assert "Wat helpt om goed te werken" in html
    for hidden in ("Joshua", "Marit", "Daan"):  # in review, open, rejected
        assert hidden not in html
    with Session(web.app.state.engine) as session:  # type: ignore[attr-defined]
        shares = [e for e in list_for_student(session, "s002") if e["action"] == "share"]
        assert [e["recipient"] for e in shares] == ["c01"]
        assert not [e for e in list_for_student(session, "s003") if e["action"] == "share"]


def test_without_consent_the_company_sees_a_card_without_name_or_needs(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    _store_round(web, "published", {"s002": "moved"})
    log_in(web, accounts["bedrijf"])
    html = web.get("/bedrijf").text
    assert "Student (nog niet gedeeld)" in html
    assert "Rowina" not in html
    assert "Wat helpt om goed te werken" not in html


def test_the_ontzorgen_panel_shows_need_blocks_only_with_consent(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    from tests.web.test_bpv_pages import publish

    # Rowina (s002) needs wheelchair access; Marit (s003) is BBL; both approved at c01
    publish(web.app.state.engine, (("s002", "p001", "c01"), ("s003", "p001", "c01")))  # type: ignore[attr-defined]
    log_in(web, accounts["bedrijf"])
    html = web.get("/bedrijf").text
    assert html.count("Hulp voor jullie bij deze student") == 2
    assert "Hulp van SBB" in html
    assert "uiterlijk 1 december 2026" in html  # LKV: three months after the planned start
    assert "Subsidie praktijkleren (BBL)" in html  # Marit's leerweg, not a need
    assert "(UWV)" not in html  # no consent: never a block that follows from a need
    assert "ESB" not in html
    _consent(web, "s002")
    html = web.get("/bedrijf").text
    assert "Hulpmiddelen en aanpassingen op de werkplek (UWV)" in html
    assert "Vervoer naar jullie bedrijf (UWV)" in html
    assert "Gecontroleerd op 3 december 2026" in html


def test_the_company_edits_its_experience_areas_and_openness(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    from adapters.db.profile_queries import COMPANIES, fetch_one
    from matcher.domain import SupportArea
    from tests.web.conftest import csrf_of

    log_in(web, accounts["bedrijf"])
    page = web.get("/bedrijf").text
    assert "Waar hebben jullie al ervaring mee?" in page
    assert "niemand oordeelt" in page
    openness = page.split('id="open"')[1].split("</fieldset>")[0]
    assert "ervaring" not in openness.lower()  # openness is only openness, never experience
    experience = page.split('id="ervaring"')[1].split("</fieldset>")[0]
    assert "Nog niet ingevuld" in experience  # experience is its own question
    assert "Veel ervaring" in experience
    form = {
        "csrf_token": csrf_of(page), "wheelchair_access": "yes", "adapted_toilet": "no",
        "guidance_hours_per_week": "6", "social_openness": "2",
    }  # fmt: skip
    engine = web.app.state.engine  # type: ignore[attr-defined]

    def stored() -> object:
        with engine.connect() as conn:
            return fetch_one(conn, COMPANIES, "c01")

    before = stored()
    bad = web.post(
        "/bedrijf/profiel", data={**form, "expertise_areas": ["structuur", "autisme"]},
        follow_redirects=False,
    )  # fmt: skip
    assert bad.status_code == 422
    assert "Bij dit bedrijf is nog 1 punt om aan te passen" in bad.text
    assert "&#39;autisme&#39; is geen steungebied" in bad.text
    assert stored() == before  # nothing changed
    done = web.post(
        "/bedrijf/profiel",
        data={**form, "expertise_areas": ["structuur", "taal"], "support_experience": "1"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303, done.text[:300]
    after = stored()
    assert after.expertise_areas == {SupportArea.STRUCTUUR, SupportArea.TAAL}  # type: ignore[attr-defined]
    assert after.social_openness == 2  # type: ignore[attr-defined]
    assert after.support_experience == 1  # type: ignore[attr-defined]
    page = web.get("/bedrijf").text
    assert 'value="taal" checked' in page
    assert 'value="prikkels" checked' not in page
