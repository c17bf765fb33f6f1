"""My profile (issue 21 item 1): the student writes; needs wait for the jobcoach's confirmation.

A round (and every suggestion) uses the student's interests at once and what they need, their
days, hours and travel only once a jobcoach or begeleider of theirs confirmed it; staff confirm
as it is and cannot rewrite the student's words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.db import favourite_queries
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from adapters.flows.shortlist import load_student
from matcher.domain import Day, Population, TaskKind
from matcher.profile import StudentProfile, parse_profile_form
from tests.factories import make_company, make_place, make_student
from tests.web.conftest import csrf_of, log_in

STUDENT = "s-prof"  # first by id: the demo student account; the jobcoach's caseload has it too
URL = "/student/profiel"
FORM: dict[str, Any] = {
    "ik_ben": ["behulpzaam", "rustig"],
    "ik_ben_tekst": "Ik ben Fenna en ik help graag.",
    "ik_kan": ["samenwerken"],
    "ik_kan_tekst": "",
    "ik_wil": ["klanten"],
    "ik_wil_tekst": "Ik wil leren praten met klanten.",
    "taken": ["mensen"],
    "branches": "Zorg",
    "nodig": ["rustige_werkplek", "extra_pauzes"],
    "ik_heb_nodig_tekst": "Ik werk het best als het stil is.",
    "dagen": ["ma", "di", "wo"],
    "uren": "20",
    "reizen": "fiets",
    "reistijd": "30",
}


@pytest.fixture
def accounts(web: TestClient) -> dict[str, DemoAccount]:
    companies = (make_company("c-a", name="Zorghuis A", sector="zorg"),)
    places = (make_place("p-a", "c-a", tasks=frozenset({TaskKind.MENSEN})),)
    others = tuple(make_student(f"s-q{i:02}") for i in range(12))  # the begeleider's caseload
    students = (make_student(STUDENT, name="Fenna"), *others)
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        save_population(session, Population(students, companies, places))
    with session_scope(web.app.state.engine) as session:  # type: ignore[attr-defined]
        made = create_demo_accounts(session)
    return {a.email.split("@")[0]: a for a in made}


def _save(client: TestClient, **changes: Any) -> Any:
    token = csrf_of(client.get(URL).text)
    return client.post(URL, data={**FORM, **changes, "csrf_token": token}, follow_redirects=False)


def _token(client: TestClient, home: str) -> str:
    """A CSRF token from the first of these pages that has a form for this account ("" when
    the account has no page with a form: its post is then refused before the rule, also 403)."""
    for url in (home, "/jobcoach/bpv", "/bedrijf", "/"):
        html = client.get(url).text
        if 'name="csrf_token"' in html:
            return csrf_of(html)
    return ""


def _version(page: str) -> str:
    """The version of the proposal the confirm form on this jobcoach page carries."""
    found = re.search(r'name="versie" value="([0-9a-f]*)"', page)
    assert found, "no confirm form on the page"
    return found.group(1)


def _stored(client: TestClient) -> Any:
    with session_scope(client.app.state.engine) as session:  # type: ignore[attr-defined]
        row = favourite_queries.profile_row(session, STUDENT)
        return None if row is None else (row.words, row.proposed, row.confirmed)


def test_interests_count_at_once_needs_only_after_the_jobcoach_confirms(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    before = load_student(engine, STUDENT)
    log_in(web, accounts["student"])
    assert _save(web).status_code == 303
    page = web.get(URL).text
    assert "Je profiel is bewaard." not in page  # only after the redirect's flag
    assert "wachten nog op je jobcoach" in page
    pending = load_student(engine, STUDENT)
    assert pending.interest_tasks == {TaskKind.MENSEN}
    assert pending.interest_sectors == {"zorg"}
    assert not pending.needs_quiet_workspace  # proposed, not yet confirmed
    assert pending.hours_per_week == before.hours_per_week
    suggestions_page = web.get("/student").text
    assert "Je wilt graag met mensen werken: dat kan hier." in suggestions_page

    web.cookies.clear()
    log_in(web, accounts["jobcoach"])
    coach_page = web.get(f"/jobcoach/studenten/{STUDENT}").text
    assert "Ik ben Fenna en ik help graag." in coach_page  # the student's own words
    assert "Een rustige werkplek" in coach_page
    token = csrf_of(coach_page)
    confirmed = web.post(
        f"/jobcoach/studenten/{STUDENT}/profiel/bevestigen",
        data={
            "csrf_token": token,
            "versie": _version(coach_page),
            "ik_ben_tekst": "door de coach herschreven",
        },
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    words, proposed, done = _stored(web)
    assert done == proposed
    assert words["ik_ben_tekst"] == "Ik ben Fenna en ik help graag."  # never rewritten
    now = load_student(engine, STUDENT)
    assert now.needs_quiet_workspace
    assert now.needs_extra_breaks
    assert now.days_available == {Day.MA, Day.DI, Day.WO}
    assert now.hours_per_week == 20
    assert now.max_travel_minutes == 30
    again = web.post(
        f"/jobcoach/studenten/{STUDENT}/profiel/bevestigen",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert again.status_code == 400
    assert "al bevestigd" in again.text


def test_bad_input_is_a_dutch_400_and_changes_nothing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    assert _save(web).status_code == 303
    kept = _stored(web)
    cases = {
        "uren": ("100", "uren per week"),
        "reistijd": ("veel", "reistijd"),
        "reizen": ("raket", "Kies hoe je reist"),
        "ik_ben": (["geheim"], "geen keuze bij Ik ben"),
        "ik_wil_tekst": ("x" * 300, "Maak hem korter"),
        "branches": ("a, b, c, d", "hoogstens 3 soorten bedrijven"),
        "ik_kan": (["samenwerken", "raketbouw"], "geen keuze bij Ik kan"),
    }
    for field, (value, words) in cases.items():
        refused = _save(web, **{field: value})
        assert refused.status_code == 400, field
        assert words in refused.text, (field, refused.text[:400])
        assert "Er is niets veranderd." in refused.text
        assert _stored(web) == kept, field


def test_the_student_picks_branches_from_the_companies_sectors(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """A typed branch no company has would never match: the form offers the sectors there are,
    and a branch outside them is refused in Dutch without changing anything."""
    log_in(web, accounts["student"])
    page = web.get(URL).text
    assert 'name="branches" value="zorg"' in page
    assert "Zorg</label>" in page
    assert _save(web, branches=["zorg"]).status_code == 303
    kept = _stored(web)
    assert 'value="zorg" checked' in web.get(URL).text
    refused = _save(web, branches=["zorg", "ruimtevaart"])
    assert refused.status_code == 400
    assert "ruimtevaart" in refused.text
    assert "staat niet in de lijst. Kies een soort bedrijf uit de lijst." in refused.text
    assert "Er is niets veranderd." in refused.text
    assert _stored(web) == kept


def test_a_proposal_changed_after_the_jobcoach_looked_is_not_confirmed_unseen(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    assert _save(web).status_code == 303
    web.cookies.clear()
    log_in(web, accounts["jobcoach"])
    seen = web.get(f"/jobcoach/studenten/{STUDENT}").text
    web.cookies.clear()
    log_in(web, accounts["student"])
    assert _save(web, uren="8", nodig=["uren_meebewegen"]).status_code == 303  # meanwhile
    kept = _stored(web)
    web.cookies.clear()
    log_in(web, accounts["jobcoach"])
    token = csrf_of(web.get(f"/jobcoach/studenten/{STUDENT}").text)
    url = f"/jobcoach/studenten/{STUDENT}/profiel/bevestigen"
    stale = web.post(url, data={"csrf_token": token, "versie": _version(seen)})
    assert stale.status_code == 409
    assert "veranderd nadat je de pagina opende" in stale.text
    assert "Er is niets bevestigd." in stale.text
    assert _stored(web) == kept
    assert kept[2] is None  # nothing confirmed
    fresh = web.get(f"/jobcoach/studenten/{STUDENT}").text
    done = web.post(url, data={"csrf_token": token, "versie": _version(fresh)})
    assert done.status_code == 200  # followed to the page
    assert _stored(web)[2]["hours_per_week"] == 8


def test_the_bureau_sees_the_proposal_but_does_not_confirm_it(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    """The jobcoach or begeleider confirms a need (issue 21), not the bureau."""
    log_in(web, accounts["student"])
    assert _save(web).status_code == 303
    kept = _stored(web)
    web.cookies.clear()
    log_in(web, accounts["bureau"])
    page = web.get(f"/jobcoach/studenten/{STUDENT}")
    assert "Een rustige werkplek" in page.text  # the bureau reads the proposal
    assert "als de jobcoach of begeleider van de student het bevestigt" in page.text
    assert "Bevestig wat de student nodig heeft" not in page.text  # no button it cannot use
    version = StudentProfile(proposed=parse_profile_form(FORM)[1]).proposal_version
    refused = web.post(
        f"/jobcoach/studenten/{STUDENT}/profiel/bevestigen",
        data={"csrf_token": csrf_of(page.text), "versie": version},
    )
    assert refused.status_code == 403
    assert "Alleen de jobcoach of begeleider" in refused.text
    assert _stored(web) == kept


def test_others_and_nobody_cannot_write_or_confirm(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    assert _save(web).status_code == 303
    kept = _stored(web)
    token = csrf_of(web.get(URL).text)
    own_confirm = web.post(
        f"/jobcoach/studenten/{STUDENT}/profiel/bevestigen",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert own_confirm.status_code == 403  # a student cannot confirm their own needs
    web.cookies.clear()
    assert web.get(URL, follow_redirects=False).status_code == 303  # to the login page
    for role in ("bureau", "jobcoach", "begeleider", "bedrijf"):
        web.cookies.clear()
        home = log_in(web, accounts[role])
        token = _token(web, home)
        assert web.get(URL, follow_redirects=False).status_code == 403, role
        refused = web.post(URL, data={**FORM, "csrf_token": token}, follow_redirects=False)
        assert refused.status_code == 403, role
        if role in ("begeleider", "bedrijf"):  # not their student
            other = web.post(
                f"/jobcoach/studenten/{STUDENT}/profiel/bevestigen",
                data={"csrf_token": token},
                follow_redirects=False,
            )
            assert other.status_code == 403, role
    assert _stored(web) == kept
