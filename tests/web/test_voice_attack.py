"""Attacks on the student's own voice and the company's side (issue 21), as every role and as
nobody, checking what comes back (rows, fields and texts in HTML and JSON), not only the status.

What held the first time is asserted here; what the pass found and was then fixed is in
``test_voice_attack_found.py``. The world (``voice_world``): Joshua
(s001, jobcoach's) approved at Garage De Eem (c01, bedrijf's), Rowina (s002, jobcoach2's) at
Zorgcentrum Het Baken (c02, ander-bedrijf's), once ``publish`` ran.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from sqlmodel import Session

from adapters import clock
from adapters.db import known_company_queries
from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import RoundStatus
from adapters.flows.rounds import lifecycle
from matcher.company_support import FACTS as SUPPORT_FACTS
from matcher.domain import Day
from matcher.privacy.consent import ConsentPart
from matcher.profile import Facts, Words
from tests.web.voice_world import (
    EVERYONE,
    World,
    close_world,
    consents_of,
    favourites_of,
    make_world,
    profile_row,
    save_words,
    share,
    suggested,
)

S, C, N = ConsentPart.STRENGTHS, ConsentPart.CONDITIONS, ConsentPart.NEEDS
PROFILE = "/student/profiel"
CONFIRM = "/jobcoach/studenten/{}/profiel/bevestigen"


def seen(world: World, who: str = "jobcoach", sid: str = "s001") -> dict[str, str]:
    """The proposal's version on ``who``'s page of the student, as their confirm form sends it
    ({} when the page has no confirm form)."""
    page = world.page(who).get(f"/jobcoach/studenten/{sid}", follow_redirects=False).text
    found = re.search(r'name="versie" value="([0-9a-f]*)"', page)
    return {"versie": found.group(1)} if found else {}


BOARD = "/bureau/eigen-netwerk"

# The student's own words with markup in every text field: stored as typed, shown as text.
ATTACK = {
    "ik_ben_tekst": '<script>alert("ben")</script>',
    "ik_kan_tekst": '<img src=x onerror=alert("kan")>',
    "ik_wil_tekst": '"><svg onload=alert("wil")>',
    "ervaring_tekst": "</textarea><script>alert('ervaring')</script>",
    "ik_heb_nodig_tekst": "<b onmouseover=alert('nodig')>stil</b>",
}
KNOWN = {
    "bedrijf_naam": "Bakkerij Jansen & Zn.",
    "bedrijf_plaats": "Utrecht",
    "bedrijf_contact": '"><img src=x onerror=alert("contact")>',
    "bedrijf_waarom": '<script>alert("waarom")</script>',
}
FORM: dict[str, Any] = {
    "ik_ben": ["behulpzaam"],
    "ik_kan": ["netjes"],
    "ik_wil": ["vak"],
    "taken": ["handen"],
    "nodig": ["rustige_werkplek"],
    "dagen": ["ma", "di"],
    "uren": "16",
    "reizen": "fiets",
    "reistijd": "30",
    **ATTACK,
}
# Joshua's card as published: one line per part that must show only with that part.
WORDS = Words(
    ik_ben=frozenset({"behulpzaam"}),
    ik_ben_tekst="Ik repareer graag fietsen.",
    ik_heb_nodig_tekst="Alleen voor mijn jobcoach bedoeld.",
)
FACTS = Facts(days=frozenset({Day.MA, Day.DI}))
STRENGTH_TEXTS = ("Ik repareer graag fietsen.", "Ik help graag anderen", "Wie ik ben en wat ik wil")
CONDITION_TEXTS = ("Kan werken op maandag en dinsdag.", "Werktijden")
NEED_TEXTS = ("Werkt het best op een rustige werkplek.", "Wat helpt om goed te werken")
NEVER = (
    "Alleen voor mijn jobcoach bedoeld.",
    "support_areas",
    "stimulus_sensitivity",
    "rust nodig",  # the explanation sentence of the round (staff only)
)
EXPLANATION = "Joshua heeft rust nodig: deze werkplek is rustig."


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path)
    yield made
    close_world(made)


def _publish(world: World) -> int:
    """s001 at c01 and s002 at c02 approved and published, with an explanation, terms and a
    score that name a need (staff texts a company must never get); the round's id."""
    with session_scope(world.engine) as session:
        row = repo.add_round(
            session, name="najaar", filters={}, policy={}, bpv_start=date(2026, 9, 1),
            actor="bureau",
        )  # fmt: skip
        assert row.id is not None
        repo.insert_proposals(
            session,
            [
                {
                    "round_id": row.id, "run": 1, "student_id": sid, "place_id": pid,
                    "company_id": cid, "status": "proposed", "decision": "accepted",
                    "terms": {"prikkels": 0.9}, "explanation": EXPLANATION, "score": 0.8,
                    "unplaced_reason": "", "locked": False, "travel_minutes": 22.0,
                }
                for sid, pid, cid in (("s001", "p001", "c01"), ("s002", "p002", "c02"))
            ],
        )  # fmt: skip
        repo.set_round_state(
            session, row.id, status=RoundStatus.IN_REVIEW.value, current_run=1, progress=100
        )
        version = repo.get_round(session, row.id).version
        lifecycle.publish_round(
            session, row.id, version=version, actor="bureau", site_url="http://test"
        )
        return row.id


def _clean(text: str) -> str:
    """A page's text with entities undone and spaces collapsed, to find a message in."""
    return re.sub(r"\s+", " ", html.unescape(text))


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert "Internal Server Error" not in text


# --- 1. the profile: markup, invisible characters, long text, wrong choices -----------------


def test_markup_in_the_students_words_is_stored_as_typed_and_shown_only_as_text(
    world: World,
) -> None:
    saved = world.post("student", PROFILE, {**FORM, **KNOWN})
    assert saved.status_code == 303, saved.text
    words, proposed, _, _ = profile_row(world, "s001")
    for field, typed in ATTACK.items():
        assert words[field] == typed, field  # never rewritten, not even "sanitised"
    assert proposed["needs"] == ["rustige_werkplek"]
    known = world.page("bureau").get(BOARD).text
    world.post("jobcoach", CONFIRM.format("s001"), seen(world))
    pages = {
        "student": (PROFILE, "/student"),
        "jobcoach": ("/jobcoach/studenten/s001",),
        "bureau": (BOARD,),
    }
    shown: dict[tuple[str, str], str] = {
        (who, url): known if url == BOARD else world.page(who).get(url).text
        for who, urls in pages.items()
        for url in urls
    }
    typed_texts = {**ATTACK, "bedrijf_contact": KNOWN["bedrijf_contact"],
                   "bedrijf_waarom": KNOWN["bedrijf_waarom"]}  # fmt: skip
    for where, body in shown.items():
        for field, typed in typed_texts.items():
            assert typed not in body, (where, field)  # never as markup
    # where each text is shown, it is there escaped (so the check above is not vacuous)
    expected = {
        ("student", PROFILE): set(ATTACK) | {"bedrijf_contact", "bedrijf_waarom"},
        ("jobcoach", "/jobcoach/studenten/s001"): {"ik_ben_tekst", "ik_kan_tekst"},
        ("bureau", BOARD): {"bedrijf_contact", "bedrijf_waarom"},
    }
    for where, fields in expected.items():
        for field in fields:
            assert str(escape(typed_texts[field])) in shown[where], (where, field)


def test_markup_in_the_words_reaches_the_company_card_as_text_only(world: World) -> None:
    assert world.post("student", PROFILE, FORM).status_code == 303
    _publish(world)  # the card is frozen with the student's words as typed
    share(world, "s001", "c01", frozenset({S}))
    html = world.page("bedrijf").get("/bedrijf").text
    for typed in ATTACK.values():
        assert typed not in html
    assert "&lt;script&gt;alert(&#34;ben&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#34;kan&#34;)&gt;" in html
    assert "onmouseover" not in html  # Ik heb nodig (own text) is never on a company card
    card = world.api.get("/companies/c01/candidates", headers=world.headers("bedrijf")).json()
    [own] = [c for c in card if c["place_id"] == "p001"]
    texts = [s["own_words"] for s in own["strengths"]]
    assert ATTACK["ik_ben_tekst"] in texts  # JSON carries the text as data, as typed
    assert ATTACK["ik_heb_nodig_tekst"] not in str(own)


@pytest.mark.parametrize(
    "hidden",
    ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200d", "\u200e", "\u2060", "\x01",
     "\x1b"],
    ids=lambda ch: f"U+{ord(ch):04X}",
)  # fmt: skip
def test_bidi_and_zero_width_characters_are_refused_in_dutch_and_change_nothing(
    world: World, hidden: str
) -> None:
    assert world.post("student", PROFILE, FORM).status_code == 303
    kept = profile_row(world, "s001")
    for field in ("ik_ben_tekst", "ik_wil_tekst", "ervaring_tekst", "ik_heb_nodig_tekst"):
        refused = world.post("student", PROFILE, {**FORM, field: f"Ik ben{hidden} Joshua"})
        assert refused.status_code == 400, (field, refused.text[:300])
        assert "onzichtbare tekens" in refused.text
        assert "Er is niets veranderd." in refused.text
        _no_traceback(refused.text)
    for field in ("bedrijf_contact", "bedrijf_waarom"):
        refused = world.post("student", PROFILE, {**FORM, **KNOWN, field: f"Piet{hidden} Jan"})
        assert refused.status_code == 400, field
        assert "onzichtbare tekens" in refused.text
    assert profile_row(world, "s001") == kept
    with Session(world.engine) as session:
        assert known_company_queries.of_student(session, "s001") is None


BAD_FIELDS: dict[str, tuple[Any, str]] = {
    "ik_ben_tekst": ("x" * 10_000, "Je tekst bij Ik ben is 10000 tekens"),
    "ik_heb_nodig_tekst": ("ü" * 10_000, "Je tekst bij Ik heb nodig is 10000 tekens"),
    "ervaring_tekst": ("woord " * 2_000, "Maak hem korter"),
    "ik_ben": (["geheim"], "'geheim' is geen keuze bij Ik ben"),
    "ik_kan": (["<script>"], "is geen keuze bij Ik kan"),
    "ik_wil": (["x" * 10_000], "is geen keuze bij Ik wil leren"),
    "nodig": (["adhd"], "'adhd' is geen keuze bij Ik heb nodig"),
    "taken": (["slapen"], "is geen keuze bij werk dat je graag doet"),
    "dagen": (["zondagmiddag"], "is geen keuze bij dagen"),
    "ervaring": (["geen", "bijbaan"], "Kies één van de twee"),
    "reizen": ("raket", "Kies hoe je reist"),
    "uren": ("-5", "uren per week"),
    "reistijd": ("1e9", "reistijd"),
    "branches": ("a, b, c, d", "hoogstens 3 soorten bedrijven"),
}


@pytest.mark.parametrize("field", sorted(BAD_FIELDS))
def test_long_text_and_wrong_choices_are_refused_naming_the_field(world: World, field: str) -> None:
    assert world.post("student", PROFILE, FORM).status_code == 303
    kept = profile_row(world, "s001")
    value, words = BAD_FIELDS[field]
    refused = world.post("student", PROFILE, {**FORM, field: value})
    assert refused.status_code == 400, refused.text[:300]
    assert words in _clean(refused.text), _clean(refused.text)[:600]
    assert "Er is niets veranderd." in refused.text
    _no_traceback(refused.text)
    assert profile_row(world, "s001") == kept


@pytest.mark.parametrize("number", ["nan", "inf", "-inf", "1e308", "0x10", "20 uur"])
def test_numbers_that_are_not_numbers_are_refused(world: World, number: str) -> None:
    assert world.post("student", PROFILE, FORM).status_code == 303
    kept = profile_row(world, "s001")
    for field in ("uren", "reistijd"):
        refused = world.post("student", PROFILE, {**FORM, field: number})
        assert refused.status_code == 400, (field, number)
        assert "getal" in refused.text
        assert profile_row(world, "s001") == kept


def test_a_known_company_with_markup_in_its_name_is_refused_and_nothing_is_stored(
    world: World,
) -> None:
    for field, value, says in (
        ("bedrijf_naam", "<script>x</script>", "mag het teken '<' niet"),
        ("bedrijf_plaats", "Utrecht<svg onload=x>", "mag het teken '<' niet"),
        ("bedrijf_naam", "B" * 10_000, "Maak het korter"),
        ("bedrijf_waarom", "w" * 10_000, "Maak het korter"),
    ):
        refused = world.post("student", PROFILE, {**FORM, **KNOWN, field: value})
        assert refused.status_code == 400, field
        assert says in _clean(refused.text), (field, _clean(refused.text)[:500])
        _no_traceback(refused.text)
    assert profile_row(world, "s001") is None  # the words were not stored either
    with Session(world.engine) as session:
        assert known_company_queries.of_student(session, "s001") is None


def test_the_form_writes_only_the_own_profile_whatever_id_it_carries(world: World) -> None:
    sent = {**FORM, "student_id": "s002", "student": "s002", "sid": "s002"}
    assert world.post("student", PROFILE, sent).status_code == 303
    assert profile_row(world, "s002") is None
    assert profile_row(world, "s001") is not None
    assert world.post("student", PROFILE + "?student_id=s002", FORM).status_code == 303
    assert profile_row(world, "s002") is None


def test_nobody_but_the_student_reads_or_writes_the_profile(world: World) -> None:
    assert world.post("student", PROFILE, {**FORM, **KNOWN}).status_code == 303
    kept = profile_row(world, "s001")
    for who in EVERYONE:
        if who == "student":
            continue
        got = world.page(who).get(PROFILE, follow_redirects=False)
        if who == "andere-student":  # their own profile, nothing of Joshua's
            assert got.status_code == 200
        else:
            assert got.status_code == (303 if who == "anoniem" else 403), who
        for typed in (*ATTACK.values(), "Bakkerij Jansen"):
            assert typed not in got.text, who
            assert typed.replace('"', "&#34;") not in got.text, who
        if who != "andere-student":
            posted = world.post(who, PROFILE, FORM)
            assert posted.status_code in (303, 403), who
            if who == "anoniem":
                assert posted.status_code == 403 or "/login" in posted.headers["location"]
    assert profile_row(world, "s001") == kept
    for who in ("andere-student", "jobcoach2", "bedrijf", "ander-bedrijf", "beheer", "anoniem"):
        for url in ("/students/s001/export", "/students/s001", "/students/s001/shortlist"):
            got = world.api.get(url, headers=world.headers(who))
            assert got.status_code in (401, 403), (who, url, got.status_code)
            assert "alert" not in got.text
    own = world.api.get("/students/s001/export", headers=world.headers("student"))
    assert own.json()["own_profile"]["words"]["ik_ben_tekst"] == ATTACK["ik_ben_tekst"]
    assert own.json()["known_company"]["why"] == KNOWN["bedrijf_waarom"]


# --- 2. the jobcoach confirms: only their own student, only with the token ------------------


def test_staff_of_another_student_and_everyone_else_cannot_read_or_confirm(world: World) -> None:
    assert world.post("student", PROFILE, {**FORM, **KNOWN}).status_code == 303
    kept = profile_row(world, "s001")
    for who in ("jobcoach2", "begeleider2", "student", "andere-student", "bedrijf",
                "ander-bedrijf", "beheer", "anoniem"):  # fmt: skip
        page = world.page(who).get("/jobcoach/studenten/s001", follow_redirects=False)
        assert page.status_code in (303, 403, 404), (who, page.status_code)
        for typed in ("ben", "Bakkerij Jansen", "rustige werkplek"):
            assert f"alert(&#34;{typed}" not in page.text, who
            assert typed not in page.text, who
        confirmed = world.post(who, CONFIRM.format("s001"), {})
        assert confirmed.status_code in (303, 403, 404), (who, confirmed.status_code)
        if confirmed.status_code == 303:  # nobody: to the login page
            assert who == "anoniem"
            assert "/login" in confirmed.headers["location"]
        _no_traceback(confirmed.text)
    for wrong in ("S001", "s001 ", "s002", "s999", "..%2Fs001"):
        got = world.post("jobcoach", CONFIRM.format(wrong), {})
        assert got.status_code in (403, 404), (wrong, got.status_code)
    assert profile_row(world, "s001") == kept  # still waiting for its own jobcoach
    assert world.post("jobcoach", CONFIRM.format("s001"), seen(world)).status_code == 303
    assert profile_row(world, "s001")[2] == kept[1]  # the test could fail: the coach can


def test_a_confirm_without_or_with_a_wrong_csrf_token_changes_nothing(world: World) -> None:
    assert world.post("student", PROFILE, FORM).status_code == 303
    kept = profile_row(world, "s001")
    client = world.page("jobcoach")
    for data in ({}, {"csrf_token": ""}, {"csrf_token": "x" * 43}):
        refused = client.post(CONFIRM.format("s001"), data=data, follow_redirects=False)
        assert refused.status_code == 403
        assert "Dit formulier is verlopen of komt niet van deze site" in refused.text
    other_token = world.csrf("jobcoach2")  # a valid token of another session
    refused = client.post(
        CONFIRM.format("s001"), data={"csrf_token": other_token}, follow_redirects=False
    )
    assert refused.status_code == 403
    assert profile_row(world, "s001") == kept


def test_the_confirm_copies_the_proposal_and_ignores_every_field_sent(world: World) -> None:
    assert world.post("student", PROFILE, FORM).status_code == 303
    words, proposed, _, _ = profile_row(world, "s001")
    forged = {
        "ik_ben_tekst": "herschreven", "nodig": ["extra_pauzes"], "uren": "40",
        "words": '{"ik_ben_tekst": "x"}', "confirmed": "{}", "student_id": "s002",
    }  # fmt: skip
    sent = {**forged, **seen(world)}
    assert world.post("jobcoach", CONFIRM.format("s001"), sent).status_code == 303
    after = profile_row(world, "s001")
    assert after[0] == words
    assert after[1] == after[2] == proposed
    assert profile_row(world, "s002") is None


# --- 3. favourites ---------------------------------------------------------------------------


def test_favourites_only_from_the_own_suggestions_once_and_in_dutch(world: World) -> None:
    mine = suggested(world.page("student").get("/student").text)
    theirs = suggested(world.page("andere-student").get("/student").text)
    assert mine == ["p001"]
    assert theirs == ["p002"]
    url = "/student/favorieten"
    for place in ("p002", "p003", "p999", "../p001", "P001", "p001 ", "%", "' OR 1=1 --"):
        refused = world.post("student", url, {"plek": place, "actie": "toevoegen"})
        assert refused.status_code == 400, place
        assert "alleen een plek uit je voorstellen" in refused.text
    assert favourites_of(world, "s001") == ()
    assert world.post("student", url, {"plek": "p001", "actie": "toevoegen"}).status_code == 303
    for data, says in (
        ({"plek": "p001", "actie": "toevoegen"}, "staat al in je favorieten"),
        ({"plek": "p002", "actie": "weghalen"}, "staat niet in je favorieten"),
        ({"plek": "p002", "actie": "omhoog"}, "staat niet in je favorieten"),
        ({"plek": "p001", "actie": "omhoog"}, "staat al bovenaan"),
        ({"plek": "p001", "actie": "omlaag"}, "staat al onderaan"),
        ({"plek": "p001", "actie": "wissen"}, "Gebruik de knoppen bij je favorieten"),
        ({"plek": "", "actie": "toevoegen"}, "Kies eerst een plek"),
        ({"plek": "p" * 201, "actie": "toevoegen"}, "plek is te lang"),
        ({"plek": "p001", "actie": "x" * 21}, "actie is te lang"),
    ):
        refused = world.post("student", url, data)
        assert refused.status_code in (400, 422), data
        assert says in refused.text, (data, _clean(refused.text)[:400])
        _no_traceback(refused.text)
    assert favourites_of(world, "s001") == ("p001",)
    assert favourites_of(world, "s002") == ()


def test_nobody_else_changes_a_students_favourites(world: World) -> None:
    url = "/student/favorieten"
    assert world.post("student", url, {"plek": "p001", "actie": "toevoegen"}).status_code == 303
    for who in EVERYONE:
        if who == "student":
            continue
        for action in ("weghalen", "toevoegen"):
            got = world.post(who, url, {"plek": "p001", "actie": action, "student_id": "s001"})
            if who == "andere-student":  # their own list: p001 was not suggested to them
                assert got.status_code == 400
            else:
                assert got.status_code in (303, 403), who
                assert got.status_code == 403 or "/login" in got.headers["location"]
    refused = world.post("student", url, {"plek": "p001", "actie": "weghalen"}, token=False)
    assert refused.status_code == 403
    assert favourites_of(world, "s001") == ("p001",)
    assert favourites_of(world, "s002") == ()


# --- 4. consent per part: what the company gets, everywhere ----------------------------------


def _company_sees(world: World, who: str, round_id: int) -> str:
    """Everything a company account gets back from every page and route it may call."""
    page = world.page(who)
    headers = world.headers(who)
    bodies = [
        page.get("/bedrijf").text,
        page.get("/bedrijf/bpv").text,
        world.api.get("/bpvs", headers=headers).text,
        world.api.get(f"/rounds/{round_id}/proposals", headers=headers).text,
        world.api.get("/companies", headers=headers).text,
    ]
    for company in ("c01", "c02"):
        for url in (f"/companies/{company}", f"/companies/{company}/candidates",
                    f"/companies/{company}/praktijkopleiders"):  # fmt: skip
            bodies.append(world.api.get(url, headers=headers).text)
    for bpv in world.api.get("/bpvs", headers=world.headers("bureau")).json():
        bodies.append(world.api.get(f"/bpvs/{bpv['id']}", headers=headers).text)
    for url in ("/students/s001", "/students/s001/shortlist", "/students/s001/export",
                "/students/s001/consents", "/students/s001/audit", "/students",
                f"/rounds/{round_id}", f"/rounds/{round_id}/export", f"/rounds/{round_id}/diff",
                f"/rounds/{round_id}/events", "/rematch-queue"):  # fmt: skip
        got = world.api.get(url, headers=headers)
        assert got.status_code in (401, 403), (who, url, got.status_code)
        bodies.append(got.text)
    for url in (f"/bureau/rondes/{round_id}", f"/bureau/rondes/{round_id}/voorstellen",
                f"/bureau/rondes/{round_id}/voorstellen/s001", f"/bureau/rondes/{round_id}/export",
                f"/bureau/rondes/{round_id}/afdrukken", f"/bureau/rondes/{round_id}/kaartdata",
                "/jobcoach/studenten/s001", "/jobcoach", "/student", PROFILE, BOARD):  # fmt: skip
        got = page.get(url, follow_redirects=False)
        assert got.status_code == 403, (who, url, got.status_code)
        bodies.append(got.text)
    return "\n".join(bodies)


def test_strengths_only_shows_no_working_times_or_needs_anywhere_the_company_looks(
    world: World,
) -> None:
    save_words(world, "s001", WORDS, FACTS)
    round_id = _publish(world)
    share(world, "s001", "c01", frozenset({S}))
    seen = _company_sees(world, "bedrijf", round_id)
    for text in STRENGTH_TEXTS:
        assert text in seen, text  # the part shared is there (the check can fail)
    for text in (*CONDITION_TEXTS, *NEED_TEXTS, *NEVER):
        assert text not in seen, text
    proposals = world.api.get(f"/rounds/{round_id}/proposals", headers=world.headers("bedrijf"))
    [item] = proposals.json()["items"]
    assert (item["explanation"], item["terms"], item["score"], item["travel_minutes"]) == (
        "", {}, None, None,
    )  # fmt: skip
    # and the staff view of the same proposal does carry them (so this can fail)
    staff = world.api.get(f"/rounds/{round_id}/proposals", headers=world.headers("bureau"))
    assert EXPLANATION in staff.text


@pytest.mark.parametrize("parts", [frozenset({C}), frozenset({N}), frozenset({C, N})],
                         ids=["conditions", "needs", "conditions+needs"])  # fmt: skip
def test_each_part_alone_brings_only_its_own_texts_to_the_company(
    world: World, parts: frozenset[ConsentPart]
) -> None:
    save_words(world, "s001", WORDS, FACTS)
    round_id = _publish(world)
    share(world, "s001", "c01", parts)
    seen = _company_sees(world, "bedrijf", round_id)
    for part, texts in ((S, STRENGTH_TEXTS), (C, CONDITION_TEXTS), (N, NEED_TEXTS)):
        for text in texts:
            assert (text in seen) is (part in parts), (part, text)
    for text in NEVER:
        assert text not in seen, text


def test_revoking_works_on_the_next_request_everywhere(world: World) -> None:
    save_words(world, "s001", WORDS, FACTS)
    round_id = _publish(world)
    share(world, "s001", "c01", frozenset({S, C, N}))
    before = _company_sees(world, "bedrijf", round_id)
    assert all(t in before for t in (*STRENGTH_TEXTS, *CONDITION_TEXTS, *NEED_TEXTS))
    assert "Joshua" in world.page("bedrijf").get("/bedrijf/bpv").text
    # the student revokes the needs over JSON, then everything on the phone form
    gone = world.api.delete(
        "/students/s001/consents", params={"recipient": "c01", "part": "needs"},
        headers=world.headers("student"),
    )  # fmt: skip
    assert gone.json() == {"revoked": 1}
    after = _company_sees(world, "bedrijf", round_id)
    assert not any(t in after for t in NEED_TEXTS)
    assert all(t in after for t in (*STRENGTH_TEXTS, *CONDITION_TEXTS))
    assert world.post("student", "/student/toestemming", {}).status_code == 303  # nothing ticked
    after = _company_sees(world, "bedrijf", round_id)
    for text in (*STRENGTH_TEXTS, *CONDITION_TEXTS, *NEED_TEXTS, *NEVER):
        assert text not in after, text
    assert "Joshua" not in world.page("bedrijf").get("/bedrijf").text
    assert "Joshua" not in world.page("bedrijf").get("/bedrijf/bpv").text
    assert "Student (naam nog niet gedeeld)" in world.page("bedrijf").get("/bedrijf/bpv").text
    assert all(r["withdrawn_at"] is not None for r in consents_of(world, "s001"))


def test_another_company_gets_nothing_of_the_student_whatever_is_shared(world: World) -> None:
    save_words(world, "s001", WORDS, FACTS)
    round_id = _publish(world)
    share(world, "s001", "c01", frozenset({S, C, N}))
    share(world, "s001", "c02", frozenset({S, C, N}))  # consent for c02, but no match there
    seen = _company_sees(world, "ander-bedrijf", round_id)
    for text in ("Joshua", "s001", "p001", *STRENGTH_TEXTS, *CONDITION_TEXTS, *NEED_TEXTS,
                 *NEVER):  # fmt: skip
        assert text not in seen, text
    own = world.api.get("/companies/c02/candidates", headers=world.headers("ander-bedrijf"))
    assert [c["place_id"] for c in own.json()] == ["p002"]  # theirs is there (can fail)
    refused = world.api.get("/companies/c01/candidates", headers=world.headers("ander-bedrijf"))
    assert refused.status_code == 403


def test_the_consent_api_refuses_other_people_and_a_consent_not_actively_given(
    world: World,
) -> None:
    _publish(world)
    share(world, "s002", "c02", frozenset({S}))
    kept = {sid: consents_of(world, sid) for sid in ("s001", "s002")}
    body = {"recipient": "c02", "text_version": "api-1", "shown_text": "Mag c02 dit zien?",
            "given": True, "part": "needs"}  # fmt: skip
    for who in ("student", "jobcoach", "bedrijf", "ander-bedrijf", "beheer", "anoniem"):
        headers = world.headers(who)
        url = "/students/s002/consents"
        given = world.api.post(url, json=body, headers=headers)
        assert given.status_code in (401, 403), (who, given.status_code)
        revoked = world.api.delete(url, params={"recipient": "c02"}, headers=headers)
        assert revoked.status_code in (401, 403), (who, revoked.status_code)
        read = world.api.get(url, headers=headers)
        assert read.status_code in (401, 403), (who, read.status_code)
        assert "Mag c02" not in read.text
        assert "Deel strengths" not in read.text
    # a company cannot give itself consent, not even for its own student
    own = world.api.post(
        "/students/s001/consents", json={**body, "recipient": "c01"},
        headers=world.headers("bedrijf"),
    )  # fmt: skip
    assert own.status_code == 403
    passive = world.api.post(
        "/students/s001/consents", json={**body, "recipient": "c01", "given": False},
        headers=world.headers("student"),
    )  # fmt: skip
    assert passive.status_code == 409
    assert "Toestemming moet je zelf aanvinken" in passive.json()["detail"]
    assert {sid: consents_of(world, sid) for sid in ("s001", "s002")} == kept


def test_the_consent_form_is_never_pre_ticked_and_needs_its_token(world: World) -> None:
    _publish(world)
    html = world.page("student").get("/student").text
    boxes = re.findall(r'name="deel" value="([^"]+)" data-deel="[a-z]+"( checked)?', html)
    assert boxes == [("c01:strengths", ""), ("c01:conditions", ""), ("c01:needs", "")]
    refused = world.post(
        "student", "/student/toestemming", {"deel": ["c01:strengths"]}, token=False
    )
    assert refused.status_code == 403
    for who in ("andere-student", "jobcoach", "bedrijf", "bureau", "beheer"):
        got = world.post(who, "/student/toestemming", {"deel": ["c01:needs", "c02:needs"]})
        if who == "andere-student":  # their own form: c01 is not theirs
            assert got.status_code == 400
            assert "Dat bedrijf staat niet bij jouw plekken" in got.text
        else:
            assert got.status_code == 403, who
    assert consents_of(world, "s001") == []
    assert consents_of(world, "s002") == []
    twice = world.post("student", "/student/toestemming", {"deel": ["c01:strengths"] * 3})
    assert twice.status_code == 303
    assert [r["part"] for r in consents_of(world, "s001")] == ["strengths"]  # one record


# --- 5. the ontzorgen panel: never a need-specific block without the needs part --------------

NEED_BLOCKS = {"uwv_hulpmiddel", "vervoer", "esb"}


def _panel(world: World) -> tuple[set[str], str]:
    cards = world.api.get("/companies/c02/candidates", headers=world.headers("ander-bedrijf"))
    [card] = cards.json()
    return {b["key"] for b in card["support"]}, world.page("ander-bedrijf").get("/bedrijf").text


@pytest.mark.parametrize(
    "parts", [frozenset(), frozenset({S}), frozenset({C}), frozenset({S, C})],
    ids=["geen", "strengths", "conditions", "strengths+conditions"],
)  # fmt: skip
def test_the_panel_has_no_need_block_without_the_needs_part(
    world: World, parts: frozenset[ConsentPart]
) -> None:
    _publish(world)  # Rowina (s002) needs wheelchair access and help with mobility
    share(world, "s002", "c02", frozenset({S, C, N}))
    with_needs, html = _panel(world)
    assert NEED_BLOCKS & with_needs >= {"uwv_hulpmiddel", "vervoer"}  # the check can fail
    assert SUPPORT_FACTS["vervoer"].title in html
    share(world, "s002", "c02", parts)
    keys, html = _panel(world)
    assert keys & NEED_BLOCKS == set()
    assert {"sbb", "lkv"} <= keys  # the general text stays
    for key in NEED_BLOCKS:
        assert SUPPORT_FACTS[key].title not in html, key
        assert SUPPORT_FACTS[key].lines[0] not in html, key


def test_the_matched_companys_panel_is_not_shown_to_another_company(world: World) -> None:
    _publish(world)
    share(world, "s002", "c02", frozenset({S, C, N}))
    html = world.page("bedrijf").get("/bedrijf").text
    cards = world.api.get("/companies/c01/candidates", headers=world.headers("bedrijf")).json()
    assert [c["place_id"] for c in cards] == ["p001"]
    assert "(UWV)" not in html
    assert "Rowina" not in html


# --- 6. the company's side: praktijkopleiders, expertise, kennismaking ------------------------

PERSON = {"name": "Piet de Vries", "email": "piet@baken.example", "phone": "0612345678",
          "hours_per_week": "4", "support_experience": "1"}  # fmt: skip


def _people(world: World, who: str, company: str) -> list[dict[str, Any]]:
    got = world.api.get(f"/companies/{company}/praktijkopleiders", headers=world.headers(who))
    assert got.status_code == 200, got.text
    return list(got.json())


def test_a_company_cannot_touch_another_companys_praktijkopleiders(world: World) -> None:
    assert world.post("ander-bedrijf", "/bedrijf/praktijkopleiders", PERSON).status_code == 303
    [theirs] = _people(world, "ander-bedrijf", "c02")
    pid = theirs["id"]
    for url, data in (
        (f"/bedrijf/praktijkopleiders/{pid}", {**PERSON, "name": "Overgenomen"}),
        (f"/bedrijf/praktijkopleiders/{pid}/verwijderen", {}),
    ):
        got = world.post("bedrijf", url, data)
        assert got.status_code == 404, (url, got.status_code)
        assert "Piet de Vries" not in got.text  # not even echoed back
        _no_traceback(got.text)
    for who in ("student", "andere-student", "jobcoach", "bureau", "beheer", "anoniem"):
        for url, data in (
            ("/bedrijf/praktijkopleiders", PERSON),
            (f"/bedrijf/praktijkopleiders/{pid}", {**PERSON, "name": "Overgenomen"}),
            (f"/bedrijf/praktijkopleiders/{pid}/verwijderen", {}),
        ):
            got = world.post(who, url, data)
            assert got.status_code in (303, 403), (who, url, got.status_code)
            assert got.status_code == 403 or "/login" in got.headers["location"]
    assert _people(world, "ander-bedrijf", "c02") == [theirs]
    assert _people(world, "bedrijf", "c01") == []
    for who in ("bedrijf", "student", "andere-student", "anoniem", "beheer"):
        read = world.api.get("/companies/c02/praktijkopleiders", headers=world.headers(who))
        assert read.status_code in (401, 403), (who, read.status_code)
        assert "piet@baken.example" not in read.text


def test_praktijkopleider_input_is_checked_in_dutch_and_markup_stays_text(world: World) -> None:
    for field, value in (("hours_per_week", "-3"), ("hours_per_week", "veel"),
                         ("hours_per_week", "1e9"), ("hours_per_week", "nan"),
                         ("email", "geen-adres"), ("name", ""), ("name", "n" * 301),
                         ("support_experience", "9")):  # fmt: skip
        got = world.post("bedrijf", "/bedrijf/praktijkopleiders", {**PERSON, field: value})
        assert got.status_code == 422, (field, value, got.status_code)
        assert 'role="alert"' in got.text
        _no_traceback(got.text)
    assert _people(world, "bedrijf", "c01") == []
    for path in ("99999999999999999999", "-1", "0", "abc"):
        got = world.post("bedrijf", f"/bedrijf/praktijkopleiders/{path}", PERSON)
        assert got.status_code in (404, 422), (path, got.status_code)
        _no_traceback(got.text)
    marked = {**PERSON, "name": '<script>alert("opleider")</script>'}
    assert world.post("bedrijf", "/bedrijf/praktijkopleiders", marked).status_code == 303
    html = world.page("bedrijf").get("/bedrijf").text
    assert '<script>alert("opleider")' not in html
    assert "&lt;script&gt;alert(&#34;opleider&#34;)" in html


def test_expertise_areas_are_only_support_areas_and_only_the_own_company(world: World) -> None:
    base = {"wheelchair_access": "yes", "adapted_toilet": "no", "social_openness": "2"}
    before = world.api.get("/companies/c01", headers=world.headers("bureau")).json()
    theirs = world.api.get("/companies/c02", headers=world.headers("bureau")).json()
    for extra, says in (
        ({"expertise_areas": ["diagnose"]}, "'diagnose' is geen steungebied"),
        ({"expertise_areas": ["autisme"]}, "geen diagnose"),
        ({"expertise_areas": ["<script>"]}, "is geen steungebied"),
        ({"social_openness": "9"}, "te groot"),
        ({"wheelchair_access": "misschien"}, "geen toegestane keuze"),
    ):
        got = world.post("bedrijf", "/bedrijf/profiel", {**base, **extra})
        assert got.status_code == 422, (extra, got.status_code)
        assert says in _clean(got.text), (extra, _clean(got.text)[:500])
        _no_traceback(got.text)
    for who in ("student", "jobcoach", "bureau", "beheer"):
        got = world.post(who, "/bedrijf/profiel", {**base, "expertise_areas": ["prikkels"]})
        assert got.status_code == 403, who
    assert world.api.get("/companies/c01", headers=world.headers("bureau")).json() == before
    ok = world.post("bedrijf", "/bedrijf/profiel", {**base, "expertise_areas": ["prikkels"]})
    assert ok.status_code == 303
    now = world.api.get("/companies/c01", headers=world.headers("bureau")).json()
    assert now["expertise_areas"] == ["prikkels"]  # the own company changed (can fail)
    assert world.api.get("/companies/c02", headers=world.headers("bureau")).json() == theirs


def test_only_the_matched_company_gives_its_verdict_after_the_kennismaking(
    world: World,
) -> None:
    _publish(world)
    listed = world.api.get("/bpvs", headers=world.headers("bureau")).json()
    bpvs = {b["student_id"]: b for b in listed}
    joshua = bpvs["s001"]
    planned = world.api.post(
        f"/bpvs/{joshua['id']}/kennismaking/plan",
        json={"version": joshua["version"], "on": clock.today().isoformat()},
        headers=world.headers("jobcoach"),
    )
    assert planned.status_code == 200, planned.text
    version = planned.json()["version"]
    url = f"/bpvs/{joshua['id']}/company-verdict"
    for who in ("ander-bedrijf", "student", "andere-student", "jobcoach2", "beheer", "anoniem"):
        got = world.api.post(url, json={"version": version, "verdict": "akkoord"},
                             headers=world.headers(who))  # fmt: skip
        assert got.status_code in (401, 403), (who, got.status_code)
    for body in (
        {"version": version, "verdict": "niet_akkoord", "reason": "<script>x</script>"},
        {"version": version, "verdict": "twijfel"},
        {"version": version, "verdict": "akkoord", "student_id": "s002"},
    ):
        got = world.api.post(url, json=body, headers=world.headers("bedrijf"))
        assert got.status_code == 422, (body, got.status_code)
    after = world.api.get(f"/bpvs/{joshua['id']}", headers=world.headers("bureau")).json()
    assert (after["company_verdict"], after["version"]) == (None, version)
    yes = world.api.post(url, json={"version": version, "verdict": "akkoord"},
                         headers=world.headers("bedrijf"))  # fmt: skip
    assert yes.status_code == 200, yes.text
    assert yes.json()["company_verdict"] == "akkoord"


# --- 7. the bureau's list of companies students know -----------------------------------------


def test_only_the_bureau_reads_and_decides_on_a_company_a_student_knows(world: World) -> None:
    assert world.post("student", PROFILE, {**FORM, **KNOWN}).status_code == 303
    with Session(world.engine) as session:
        row = known_company_queries.of_student(session, "s001")
        assert row is not None
        suggestion, kept = row.id, (row.status, row.company_id, row.reason)
        decide = {"besluit": "niet_erkend", "reden": "Geen erkenning", "versie": str(row.revision)}
    for who in EVERYONE:
        if who == "bureau":
            continue
        listed = world.page(who).get(BOARD, follow_redirects=False)
        assert listed.status_code == (303 if who == "anoniem" else 403), who
        assert "Bakkerij Jansen" not in listed.text
        got = world.post(who, f"{BOARD}/{suggestion}/besluit", decide)
        assert got.status_code in (303, 403), who
        assert got.status_code == 403 or "/login" in got.headers["location"]
    for who in ("bedrijf", "ander-bedrijf"):  # never on a company's own pages
        assert "Bakkerij Jansen" not in world.page(who).get("/bedrijf").text
    for bad, says in (
        ({"besluit": "koppelen", "bedrijf": "c999"}, "Er is geen bedrijf met bedrijfscode"),
        ({"besluit": "goedkeuren"}, "Kies wat je besluit"),
        ({"besluit": "niet_erkend", "reden": ""}, "Schrijf bij reden"),
    ):
        got = world.post("bureau", f"{BOARD}/{suggestion}/besluit", {**decide, **bad})
        assert got.status_code == 400, bad
        assert says in got.text, (bad, _clean(got.text)[:400])
    missing = world.post("bureau", f"{BOARD}/999999/besluit", decide)
    assert missing.status_code == 400
    assert "Deze suggestie is er niet meer" in missing.text
    with Session(world.engine) as session:
        row = known_company_queries.of_student(session, "s001")
        assert row is not None
        assert (row.status, row.company_id, row.reason) == kept


# --- 8. the page scripts set values as text -------------------------------------------------

HTML_SINKS = re.compile(
    r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\.html\(|bindPopup\(\s*['\"`]"
    r"|new Function|eval\(|setTimeout\(\s*['\"`]"
)


def test_the_own_scripts_never_write_html() -> None:
    static = Path(__file__).resolve().parents[2] / "api" / "web" / "static"
    scripts = sorted(static.glob("*.js"))
    assert {p.name for p in scripts} >= {"consent.js", "map.js", "review.js"}
    for script in scripts:
        found = HTML_SINKS.findall(script.read_text(encoding="utf-8"))
        assert found == [], (script.name, found)
    consent_js = (static / "consent.js").read_text(encoding="utf-8")
    writes = set(re.findall(r"\.(\w+)\s*=(?!=)", consent_js))
    assert writes == {"hidden"}, writes  # consent.js only shows and hides server text


# --- 9. the same writes through JSON with a browser's cookie, and reflected query values -----


def test_a_browser_session_writes_json_only_with_its_csrf_token(world: World) -> None:
    _publish(world)
    client = world.page("student")  # logged in by cookie, as a browser on another site would be
    body = {"recipient": "c01", "text_version": "api-1", "shown_text": "Mag c01 dit zien?",
            "given": True, "part": "needs"}  # fmt: skip
    for sent in (
        client.post("/students/s001/consents", json=body),
        client.post(
            "/students/s001/consents", content=str(body).replace("'", '"').replace("True", "true"),
            headers={"content-type": "text/plain"},
        ),
        client.delete("/students/s001/consents", params={"recipient": "c01"}),
        client.post("/students/s001/consents", json=body, headers={"X-CSRF-Token": "x" * 43}),
    ):  # fmt: skip
        assert sent.status_code == 403, sent.text
        assert "Dit formulier is verlopen" in sent.json()["detail"]
    assert consents_of(world, "s001") == []
    token = world.csrf("student")
    done = client.post("/students/s001/consents", json=body, headers={"X-CSRF-Token": token})
    assert done.status_code == 201  # with the token it works (the refusals above can fail)
    assert [r["part"] for r in consents_of(world, "s001")] == ["needs"]


def test_query_values_are_never_reflected_as_markup(world: World) -> None:
    probe = '"><script>alert("q")</script>'
    for who, url in (
        ("jobcoach", "/jobcoach/studenten/s001"),
        ("bedrijf", "/bedrijf"),
        ("bureau", BOARD),
        ("student", "/student"),
        ("student", PROFILE),
    ):
        for name in ("branche", "reistijd", "bewaard", "besloten", "favoriet", "bevestigd"):
            got = world.page(who).get(url, params={name: probe})
            assert got.status_code in (200, 422), (who, url, name, got.status_code)
            assert "<script>alert(" not in got.text, (who, url, name)
            _no_traceback(got.text)


def test_a_new_company_from_a_students_suggestion_with_a_bad_code_writes_nothing(
    world: World,
) -> None:
    assert world.post("student", PROFILE, {**FORM, **KNOWN}).status_code == 303
    with Session(world.engine) as session:
        row = known_company_queries.of_student(session, "s001")
        assert row is not None
        suggestion, version = row.id, str(row.revision)
    before = world.api.get("/companies", headers=world.headers("bureau")).json()
    new = {"besluit": "nieuw", "postcode": "3511AA", "begeleiding_uren": "4", "versie": version}
    for code, says in (
        ("<script>", "mag alleen letters"),
        ("c01", "Bedrijfscode 'c01' is al in gebruik"),
        ("x" * 300, "hoogstens 64 tekens"),
        ("", "Vul een bedrijfscode in"),
    ):
        got = world.post("bureau", f"{BOARD}/{suggestion}/besluit", {**new, "nieuw_bedrijf": code})
        assert got.status_code == 400, code
        assert says in _clean(got.text), (code, _clean(got.text)[:400])
        assert "<script>" not in got.text  # the code typed is echoed as text only
        _no_traceback(got.text)
    assert world.api.get("/companies", headers=world.headers("bureau")).json() == before
    with Session(world.engine) as session:
        row = known_company_queries.of_student(session, "s001")
        assert row is not None
        assert (row.status, row.company_id) == ("open", None)
