"""Field classification and the company card: never a special-category field or health word."""

from __future__ import annotations

import itertools
import re
from dataclasses import fields, replace
from datetime import date

import pytest

from adapters.demo_data import load_towns
from matcher.demo.population import generate_population
from matcher.domain import Company, Day, Facility, Population, Student, SupportArea, TaskKind
from matcher.privacy.consent import ConsentPart
from matcher.privacy.fields import (
    SPECIAL_FIELDS,
    Sensitivity,
    card_leaks,
    classification,
    company_card,
    health_words_in,
    project_card,
)
from matcher.profile import ERVARING, Words
from tests.factories import make_company, make_place, make_student

S, C, N = ConsentPart.STRENGTHS, ConsentPart.CONDITIONS, ConsentPart.NEEDS
COMBINATIONS = [
    frozenset(c) for r in range(4) for c in itertools.combinations((S, C, N), r)
]  # the 8 combinations
WORDS = Words(
    ik_ben=frozenset({"behulpzaam", "rustig"}),
    ik_ben_tekst="Ik ben altijd op tijd.",
    ik_kan=frozenset({"klanten"}),
    ik_wil=frozenset({"zelfstandig"}),
    ik_wil_tekst="Ik wil later een eigen zaak.",
    ik_heb_nodig_tekst="Dit is alleen voor mijn jobcoach.",
)


@pytest.fixture(scope="module")
def demo() -> Population:
    return generate_population(n_students=300, seed=7, towns=load_towns(), on=date(2026, 9, 1))


def test_every_student_field_is_classified_and_needs_are_special() -> None:
    classes = classification()
    assert set(classes) == {f.name for f in fields(Student)}
    assert set(classes) >= SPECIAL_FIELDS
    for name in (
        "stimulus_sensitivity",
        "energy_spoons_per_day",
        "support_areas",
        "needs_quiet_workspace",
        "physical_capacity",
    ):
        assert classes[name] is Sensitivity.S
    assert classes["name"] is Sensitivity.N


def test_no_company_card_of_the_demo_population_leaks(demo: Population) -> None:
    companies = demo.company_by_id()
    with_needs = 0
    for i, student in enumerate(demo.students):
        place = demo.places[i % len(demo.places)]
        card = company_card(student, place, companies[place.company_id], words=WORDS)
        assert card_leaks(card) == [], (student.student_id, card)
        assert not set(card) & SPECIAL_FIELDS
        with_needs += len(card["needs"]) > 1
        for parts in COMBINATIONS:  # every combination of parts stays clean too
            part_card = project_card(card, parts)
            assert card_leaks(part_card) == [], (student.student_id, parts)
    assert with_needs > 30, "the demo must contain students whose needs the card states"


def test_the_leak_check_can_fail() -> None:
    card = company_card(make_student(), make_place(), _company())
    assert card_leaks({**card, "stimulus_sensitivity": 3})
    assert card_leaks({**card, "needs": ["Heeft een diagnose autisme."]})
    assert card_leaks({**card, "needs": ["Heeft 12 lepels energie per dag."]})


def test_card_states_needs_not_scores_or_areas() -> None:
    student = make_student(
        name="Sem",
        needs_quiet_workspace=True,
        stimulus_sensitivity=3,
        mental_capacity=2,
        energy_spoons_per_day=12.0,
        support_areas=frozenset({SupportArea.PRIKKELS}),
    )
    card = company_card(student, make_place(), _company())
    assert "Werkt het best op een rustige werkplek." in card["needs"]
    text = str(card)
    assert "prikkels" not in text
    assert "12" not in text
    assert card["name"] == "Sem"


def test_without_consent_the_card_shrinks_to_the_proposal_line() -> None:
    student = replace(make_student(name="Sem"), needs_extra_breaks=True)
    card = company_card(student, make_place(), _company(), ())
    assert card["shared"] is False
    assert "name" not in card
    assert "needs" not in card
    assert "student_id" not in card
    assert card["niveau"] == 2


def _company() -> Company:
    return make_company(wheelchair_access=Facility.ARRANGEABLE)


def _sem() -> Student:
    return make_student(
        name="Sem",
        needs_quiet_workspace=True,
        needs_extra_breaks=True,
        needs_flexible_hours=True,
        needs_wheelchair_access=True,
        max_hours_per_day=6.0,
        interest_tasks=frozenset({TaskKind.MENSEN}),
        interest_sectors=frozenset({"zorg"}),
    )


def test_the_card_starts_with_strengths_in_the_students_own_words() -> None:
    card = company_card(_sem(), make_place(max_hours_per_day=8.0), _company(), words=WORDS)
    assert list(card)[list(card).index("name") + 1 :] == [
        "strengths", "conditions", "needs", "arrange",
    ]  # fmt: skip
    titles = [s["title"] for s in card["strengths"]]
    assert titles == ["Ik ben", "Ik kan", "Ik wil leren", "Werk dat ik graag doe"]
    ben = card["strengths"][0]
    assert ben["items"] == ["Ik help graag anderen", "Ik ben rustig"]
    assert ben["own_words"] == "Ik ben altijd op tijd."  # as written, never rewritten
    assert card["strengths"][3] == {
        "title": "Werk dat ik graag doe", "items": ["Met mensen werken"], "own_words": "zorg",
    }  # fmt: skip
    assert "Dit is alleen voor mijn jobcoach." not in str(card)  # Ik heb nodig: never shared
    assert card["conditions"] == [
        "Kan werken op maandag tot en met vrijdag.",  # a run of days, in full
        "Heeft baat bij werktijden die kunnen meebewegen.",
        "Heeft baat bij extra pauzes.",
        "Werkt het liefst dagen van hoogstens 6 uur.",
    ]
    assert "Heeft baat bij extra pauzes." not in card["needs"]  # in working times, not twice
    assert "Werkt het best op een rustige werkplek." in card["needs"]
    assert card["arrange"]  # the wheelchair access the place can arrange


@pytest.mark.parametrize("parts", COMBINATIONS, ids=lambda p: "+".join(sorted(p)) or "geen")
def test_each_part_shows_only_its_own_lines(parts: frozenset[ConsentPart]) -> None:
    card = company_card(_sem(), make_place(), _company(), parts, words=WORDS)
    proposal = {"place_id", "crebo", "niveau", "hours_per_week", "shared", "parts"}
    expected = set(proposal)
    if parts:
        expected |= {"student_id", "name"}
    else:
        expected.add("note")
    expected |= {"strengths"} if S in parts else set()
    expected |= {"conditions"} if C in parts else set()
    expected |= {"needs", "arrange"} if N in parts else set()
    assert set(card) == expected
    assert card["shared"] is bool(parts)
    assert card["parts"] == [p.value for p in (S, C, N) if p in parts]
    text = str(card)
    assert ("Sem" in text) is bool(parts)
    assert ("Ik ben altijd op tijd." in text) is (S in parts)
    assert ("extra pauzes" in text) is (C in parts)
    assert ("rustige werkplek" in text) is (N in parts)
    assert card_leaks(card) == []


def test_the_leak_check_names_a_part_that_was_not_shared() -> None:
    card = company_card(_sem(), make_place(), _company(), {S}, words=WORDS)
    assert card_leaks({**card, "needs": ["Werkt het best op een rustige werkplek."]}) == [
        "deel needs niet gedeeld: needs"
    ]
    nested = {**card, "strengths": [{"title": "Ik ben", "items": [], "support_areas": []}]}
    assert card_leaks(nested) == ["veld support_areas"]  # keys at any depth


def test_own_words_are_shown_as_written_and_a_health_word_is_found_for_the_warning() -> None:
    words = replace(WORDS, ik_ben_tekst="Ik heb ADHD en ik ben snel.")
    card = company_card(_sem(), make_place(), _company(), {S}, words=words)
    assert card["strengths"][0]["own_words"] == "Ik heb ADHD en ik ben snel."
    assert card_leaks(card) == []  # the student's own words are theirs to share
    assert health_words_in(words.ik_ben_tekst) == ["adhd"]  # the student page warns
    assert card_leaks({**card, "conditions": ["Heeft ADHD."]})  # system text is still checked


def test_an_erased_card_stays_without_name_whatever_is_shared() -> None:
    minimal = company_card(_sem(), make_place(), _company(), ())
    erased = {**minimal, "note": "geanonimiseerd"}
    card = project_card(erased, {S, C, N})
    assert card["shared"] is False
    assert card["note"] == "geanonimiseerd"
    assert "name" not in card


def test_work_experience_is_a_strength_after_what_i_want_to_learn() -> None:
    words = replace(
        WORDS, ervaring=frozenset({"bijbaan", "thuis"}), ervaring_tekst="Ik werk bij de bakker."
    )
    card = company_card(_sem(), make_place(), _company(), {S}, words=words)
    titles = [s["title"] for s in card["strengths"]]
    assert titles == [
        "Ik ben",
        "Ik kan",
        "Ik wil leren",
        "Wat ik al gedaan heb",
        "Werk dat ik graag doe",
    ]
    done = card["strengths"][3]
    assert done["items"] == [ERVARING["bijbaan"], ERVARING["thuis"]]
    assert done["own_words"] == "Ik werk bij de bakker."
    hidden = company_card(_sem(), make_place(), _company(), {C, N}, words=words)
    assert "bakker" not in str(hidden)  # only with the strengths part


def test_the_days_on_the_card_read_as_a_run_where_they_follow_each_other() -> None:
    week = make_student(name="Sem", days_available=frozenset(Day))
    card = company_card(week, make_place(), _company())
    assert card["conditions"][0] == "Kan werken op maandag tot en met zondag."
    gaps = make_student(name="Sem", days_available=frozenset({Day.MA, Day.WO, Day.VR}))
    card = company_card(gaps, make_place(), _company())
    assert card["conditions"][0] == "Kan werken op maandag, woensdag en vrijdag."


def test_every_line_about_what_helps_is_active_plain_dutch() -> None:
    everything = make_student(
        name="Sem", needs_quiet_workspace=True, social_support_need=3,
        needs_predictable_schedule=True, needs_flexible_hours=True, needs_extra_breaks=True,
        needs_wheelchair_access=True, needs_adapted_toilet=True, needs_adjustable_workplace=True,
        max_hours_per_day=6.0,
    )  # fmt: skip
    card = company_card(everything, make_place(max_hours_per_day=8.0), _company())
    lines = card["conditions"] + card["needs"]
    assert "Vindt het fijn als je de uitleg vaker herhaalt." in lines
    for line in lines:
        assert not re.search(r"\b(wordt|worden)\b", line), line  # no passive voice
