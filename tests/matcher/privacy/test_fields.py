"""Field classification and the company card: never a special-category field or health word."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest

from adapters.demo_data import load_towns
from matcher.demo.population import generate_population
from matcher.domain import Population, Student, SupportArea
from matcher.privacy.fields import (
    SPECIAL_FIELDS,
    Sensitivity,
    card_leaks,
    classification,
    company_card,
)
from tests.factories import make_company, make_place, make_student


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
        card = company_card(student, place, companies[place.company_id], consented=True)
        assert card_leaks(card) == [], (student.student_id, card)
        assert not set(card) & SPECIAL_FIELDS
        with_needs += len(card["needs"]) > 1
    assert with_needs > 30, "the demo must contain students whose needs the card states"


def test_the_leak_check_can_fail() -> None:
    card = company_card(make_student(), make_place(), make_company())
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
    card = company_card(student, make_place(), make_company())
    assert "Werkt het best op een rustige werkplek." in card["needs"]
    text = str(card)
    assert "prikkels" not in text
    assert "12" not in text
    assert card["name"] == "Sem"


def test_without_consent_the_card_shrinks_to_the_proposal_line() -> None:
    student = replace(make_student(name="Sem"), needs_extra_breaks=True)
    card = company_card(student, make_place(), make_company(), consented=False)
    assert card["shared"] is False
    assert "name" not in card
    assert "needs" not in card
    assert "student_id" not in card
    assert card["niveau"] == 2
