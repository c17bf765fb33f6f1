"""Issue 21 item 7: what a student reads is plain Dutch at B1 (mbo niveau 2).

Rendered for the demo student on the real pages (suggestions, profile, Mijn BPV, and again once
the round is published): no codes or jargon (crebo, kwalificatiedossier, SBB, English words),
never a deficit or a diagnosis, je-form (never "u"), spoken to the student (never about "de
student"), Dutch dates and numbers, the VOG explained, a short "Goed om te weten", and error
messages that say what to do. The student chose the place with school: school did not choose it
for them. The same checks run on the sentences and the e-mails a student gets.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient

from adapters.auth.demo_accounts import DemoAccount, create_demo_accounts
from adapters.auth.login import WRONG_LOGIN
from adapters.db.engine import session_scope
from adapters.db.repositories import save_population
from api.routes.privacy import ConsentsOut
from matcher import messages
from matcher.domain import Day, Place, PlaceId, Population
from matcher.scoring.explain import Audience, explain_pair
from tests.factories import example_population
from tests.matcher.examples import BPV_START, COMPANIES, PLACES, STUDENTS
from tests.web.conftest import csrf_of, log_in
from tests.web.test_bpv_pages import publish

# Words a student should not have to know or read; each as a regular expression on lower case.
JARGON = (
    r"crebo",
    r"kwalificatiedossier",
    r"\bsbb\b",
    r"bpv-code",
    r"gematcht",
    r"\bmatch",
    r"\bfeedback\b",
    r"\bskills?\b",
    r"\bdeadline\b",
    r"\bdashboard\b",
    r"prikkelarm",
)
DEFICITS = (r"probleem", r"problemen", r"beperking", r"stoornis", r"diagnose", r"handicap",
            r"ziekte", r"\bzwak")  # fmt: skip
FORMAL = re.compile(r"\b(u|uw|uzelf|kunt u|heeft u)\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
POINT_DECIMAL = re.compile(r"\b\d+\.\d{1,2}\b")  # 7.5 instead of 7,5 (1.250 is a thousand)
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DUTCH_DATE = re.compile(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b")
CREBO_CODE = re.compile(r"\b\d{5}\b")
PAGES = ("/student", "/student/profiel", "/student/bpv")


def visible(html: str) -> str:
    """The words a student sees: header and main, no scripts, no tags (so no attributes)."""
    body = html.split("<body", 1)[-1].split(">", 1)[-1]  # not the body tag's own attributes
    body = re.sub(r"<script\b.*?</script>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def plain_word_problems(text: str) -> list[str]:
    """Every B1 rule a text breaks (empty when it is plain)."""
    low = text.lower()
    found = [w for w in JARGON + DEFICITS if re.search(w, low)]
    found += [f"u-vorm: {m.group(0)}" for m in FORMAL.finditer(low)]
    found += [f"datum: {m.group(0)}" for m in ISO_DATE.finditer(text)]
    found += [f"getal: {m.group(0)}" for m in POINT_DECIMAL.finditer(text)]
    if "de student" in low:
        found.append("over de student in plaats van tegen de student")
    if "voor jou gekozen" in low or "school heeft deze plek" in low:
        found.append("school koos voor de student")
    if "erkend leerbedrijf" in low and "studenten mag opleiden" not in low:
        found.append("erkend leerbedrijf niet uitgelegd")
    return found


def joshua_with_much_to_know(population: Population) -> Population:
    """The demo student (s001) at Garage De Eem (p001) with more to agree on than fits in
    "Goed om te weten": a VOG not known yet, night work, shorter days (7,5 uur), heavier and
    busier work than he can do every day."""
    students = tuple(
        replace(
            s, has_vog=None, max_hours_per_day=7.5, physical_capacity=2, mental_capacity=1,
            days_available=frozenset({Day.MA, Day.DI, Day.WO}),
        )
        if s.student_id == "s001" else s
        for s in population.students
    )  # fmt: skip
    places = tuple(
        replace(p, vog_required=True, night_work=True, max_hours_per_day=9)
        if p.place_id == "p001"
        else p
        for p in population.places
    )
    return replace(population, students=students, places=places)


def _accounts(web: TestClient, population: Population) -> dict[str, DemoAccount]:
    engine = web.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        save_population(session, population)
    with session_scope(engine) as session:
        made = create_demo_accounts(session)
    return {a.email.split("@")[0]: a for a in made}


@pytest.fixture
def accounts(web: TestClient) -> dict[str, DemoAccount]:
    """The contract example data with much to know for the demo student, and demo accounts."""
    return _accounts(web, joshua_with_much_to_know(example_population()))


def _good_to_know(html: str) -> list[list[str]]:
    """The items of every "Goed om te weten" list on the page."""
    lists = re.findall(r"Goed om te weten:</strong></p>\s*<ul>(.*?)</ul>", html, re.S)
    return [[visible(i) for i in re.findall(r"<li>(.*?)</li>", ul, re.S)] for ul in lists]


def test_every_student_page_is_plain_before_and_after_publishing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    seen = {}
    for url in PAGES:
        seen[url] = web.get(url).text
    publish(web.app.state.engine)  # type: ignore[attr-defined]
    for url in ("/student", "/student/bpv"):
        seen[f"{url} (gepubliceerd)"] = web.get(url).text
    for name, html in seen.items():
        assert plain_word_problems(visible(html)) == [], name
    published = visible(seen["/student (gepubliceerd)"])
    assert "Je hebt hem samen met school gekozen" in published
    assert "Reistijd: ongeveer" in published  # never a bare dash
    bpv = visible(seen["/student/bpv (gepubliceerd)"])
    assert DUTCH_DATE.search(bpv), bpv  # "1 september 2026"
    assert "Het werk past nu niet bij wat ik wil leren" in bpv  # the reasons in my own voice


def test_after_a_no_the_student_reads_that_a_new_place_is_sought(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    publish(web.app.state.engine)  # type: ignore[attr-defined]
    log_in(web, accounts["student"])
    html = web.get("/student/bpv").text
    found = re.search(r'action="(/student/bpv/\d+/antwoord)"', html)
    version = re.search(r'name="version" value="(\d+)"', html)
    assert found
    assert version
    answered = web.post(
        found.group(1),
        data={"csrf_token": csrf_of(html), "version": version.group(1),
              "antwoord": "niet_akkoord", "reden": "werk_past_niet"},
        follow_redirects=False,
    )  # fmt: skip
    assert answered.status_code == 303, answered.text
    text = visible(web.get("/student/bpv").text)
    assert "Stap: Nieuwe plek zoeken" in text  # not "Zoekt een nieuwe plek", about the student
    assert "School zoekt samen met jou een nieuwe plek." in text
    assert plain_word_problems(text) == []


def test_good_to_know_is_short_and_explains_the_vog(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    lists = _good_to_know(web.get("/student").text)
    assert lists, "the demo student must have something to know"
    for items in lists:
        assert 1 <= len(items) <= 4, items
    first = lists[0]
    assert len(first) == 4  # five points apply; only the most important four are shown
    assert first[0].startswith(
        "Voor deze plek heb je een VOG nodig. Een VOG is een verklaring van de overheid."
    )
    assert "Bespreek met je jobcoach of dat bij je past." in first[1]  # with whom
    assert "niet langer zijn dan 7,5 uur" in first[2]  # a Dutch decimal comma
    for item in first:  # short sentences
        for sentence in re.split(r"(?<=[.?!])\s+", item):
            assert len(sentence.split()) <= 15, sentence


def test_a_wrong_profile_says_what_to_do_and_changes_nothing(
    web: TestClient, accounts: dict[str, DemoAccount]
) -> None:
    log_in(web, accounts["student"])
    cases = {
        "uren": ("veel", "Vul bij uren per week een getal in van 1 tot en met 40."),
        "reistijd": ("lang", "Vul bij reistijd een getal in van 5 tot en met 120."),
        "ik_ben_tekst": ("a\u200bb", "Typ de tekst opnieuw"),
        "branches": ("a, b, c, d", "Kies hoogstens 3 soorten bedrijven."),
    }
    for field, (value, words) in cases.items():
        token = csrf_of(web.get("/student/profiel").text)
        refused = web.post("/student/profiel", data={field: value, "csrf_token": token})
        assert refused.status_code == 400, field
        text = visible(refused.text)
        assert words in text, (field, text[:400])
        assert "Er is niets veranderd." in text
        assert plain_word_problems(text) == [], field


def test_the_sentences_for_students_are_plain_for_every_example_pair() -> None:
    terms = dict.fromkeys(("fysiek", "sociaal", "bedrijfsmatig", "psychisch", "uren", "reis",
                           "voorkeur", "interesse"), 0.95)  # fmt: skip
    checked = 0
    for s in STUDENTS:
        for p in PLACES:
            c = next(c for c in COMPANIES if c.company_id == p.company_id)
            for minutes in (10.0, 45.0):
                e = explain_pair(
                    replace(s, has_vog=None), replace(p, vog_required=True, night_work=True),
                    c, terms=terms, travel_min=minutes, on=BPV_START, audience=Audience.STUDENT,
                )  # fmt: skip
                assert plain_word_problems(e.text()) == [], e.text()
                assert len(e.attention) <= 4
                checked += 1
    assert checked == 40


def test_the_mails_to_a_student_are_plain() -> None:
    to = messages.Recipient("Sam", "https://plek.example.nl")
    mails = (
        messages.round_published_student(to),
        messages.kennismaking_gepland(
            to, on=date(2026, 9, 1), going_along=("de jobcoach",), path="/student/bpv",
            student=True,
        ),
        messages.rematch_gestart(to, path="/student/bpv", student=True),
    )  # fmt: skip
    for mail in mails:
        text = f"{mail.subject}\n{mail.body}"
        assert plain_word_problems(text) == [], text
        assert "Heb je een vraag? Stel die aan je jobcoach." in mail.body  # whom to ask
    assert "samen met school gekozen" in mails[0].body
    assert "dinsdag 1 september 2026" in mails[1].body


def test_a_place_name_never_shows_a_crebo_code(web: TestClient) -> None:
    population = example_population()
    p001 = next(p for p in population.places if p.place_id == "p001")
    twin: Place = replace(p001, place_id=PlaceId("p009"), crebos=frozenset({"10009"}))
    made = _accounts(web, replace(population, places=(*population.places, twin)))
    log_in(web, made["student"])
    text = visible(web.get("/student").text)
    assert "Garage De Eem (plek 1)" in text  # told apart from its twin, but not by a code
    assert not CREBO_CODE.search(text), CREBO_CODE.search(text)
    both = (("s001", "p001", "c01"), ("s002", "p009", "c01"))  # both places in the round
    publish(web.app.state.engine, both)  # type: ignore[attr-defined]
    for url in ("/student", "/student/bpv"):
        text = visible(web.get(url).text)
        assert "Garage De Eem" in text, url
        assert not CREBO_CODE.search(text), (url, CREBO_CODE.search(text))
    bpv = visible(web.get("/student/bpv").text)
    assert "Plek Garage De Eem (plek 1)" in bpv
    assert "Dagen maandag tot en met vrijdag" in bpv  # full day names, not "ma tot en met vr"


def test_the_consent_note_of_the_api_is_plain() -> None:
    note = ConsentsOut(student_id="s001", consents=[]).note
    assert plain_word_problems(note) == [], note  # never "gematcht"
    assert "Deel je niets? Dan zoekt school toch gewoon een plek voor je." in note


def test_a_wrong_login_says_what_to_do_in_plain_words() -> None:
    assert plain_word_problems(WRONG_LOGIN) == []
    assert "Kijk of je ze goed hebt getypt." in WRONG_LOGIN
    assert "Vraag de school" in WRONG_LOGIN
