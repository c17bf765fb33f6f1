"""The student's own profile in the core: what a round sees, and the form's Dutch refusals."""

from __future__ import annotations

import pytest

from matcher.domain import Day, TaskKind, TravelMode
from matcher.errors import InvalidInputError
from matcher.profile import (
    Facts,
    StudentProfile,
    Words,
    apply_profile,
    parse_profile_form,
    sector_choices,
)
from tests.matcher.examples import student

FACTS = Facts(
    needs=frozenset({"rustige_werkplek", "vaste_contactpersoon"}),
    days=frozenset({Day.MA, Day.DO}),
    hours_per_week=16.0,
    travel_mode=TravelMode.FIETS,
    max_travel_minutes=20,
)
WORDS = Words(interest_tasks=frozenset({TaskKind.DIEREN}), interest_sectors=frozenset({"zorg"}))


def test_a_proposal_changes_nothing_until_it_is_confirmed() -> None:
    s = student()
    seen = apply_profile(s, StudentProfile(WORDS, proposed=FACTS))
    assert seen.interest_tasks == {TaskKind.DIEREN}  # interests count at once
    assert not seen.needs_quiet_workspace
    assert seen.hours_per_week == s.hours_per_week
    assert seen.days_available == s.days_available
    assert StudentProfile(WORDS, proposed=FACTS).pending


def test_confirmed_facts_are_what_the_round_uses() -> None:
    seen = apply_profile(student(), StudentProfile(WORDS, proposed=FACTS, confirmed=FACTS))
    assert seen.needs_quiet_workspace
    assert not seen.needs_extra_breaks
    assert seen.social_support_need >= 2  # a fixed contact person
    assert seen.days_available == {Day.MA, Day.DO}
    assert seen.hours_per_week == 16.0
    assert seen.travel_mode is TravelMode.FIETS
    assert seen.max_travel_minutes == 20
    assert not StudentProfile(WORDS, proposed=FACTS, confirmed=FACTS).pending


def test_an_empty_profile_leaves_the_student_as_imported() -> None:
    s = student()
    assert apply_profile(s, StudentProfile()) == s


def test_the_form_round_trips_and_refuses_in_dutch() -> None:
    words, facts = parse_profile_form(
        {"taken": ["dieren"], "branches": "Zorg, horeca", "nodig": ["extra_pauzes"], "uren": "12,5"}
    )
    assert Words.from_json(words.as_json()) == words
    assert Facts.from_json(facts.as_json()) == facts
    assert words.interest_sectors == {"zorg", "horeca"}
    assert facts.hours_per_week == 12.5
    picked, _ = parse_profile_form({"branches": ["Zorg", "horeca"]}, sectors=["zorg", "horeca"])
    assert picked.interest_sectors == {"zorg", "horeca"}
    with pytest.raises(InvalidInputError, match="'techniek' staat niet in de lijst"):
        parse_profile_form({"branches": ["zorg", "techniek"]}, sectors=["zorg"])
    with pytest.raises(InvalidInputError, match="hoogstens 3 soorten bedrijven"):
        parse_profile_form({"branches": ["a", "b", "c", "d"]}, sectors="abcd")
    assert sector_choices(["Zorg ", "", "horeca"], ["oud"]) == ["horeca", "oud", "zorg"]
    with pytest.raises(InvalidInputError, match="geen keuze bij Ik heb nodig"):
        parse_profile_form({"nodig": ["diagnose"]})
    with pytest.raises(InvalidInputError, match="onzichtbare tekens"):
        parse_profile_form({"ik_ben_tekst": "hallo\u200bdaar"})


def test_work_experience_is_part_of_the_students_own_words() -> None:
    """Wat ik al gedaan heb: a few choices and a short text, kept as written (Words)."""
    words, _ = parse_profile_form(
        {"ervaring": ["bijbaan", "thuis"], "ervaring_tekst": "  Ik werk  bij de Jumbo. "}
    )
    assert words.ervaring == {"bijbaan", "thuis"}
    assert words.ervaring_tekst == "Ik werk bij de Jumbo."  # spaces tidied, words unchanged
    assert Words.from_json(words.as_json()) == words
    assert Words.from_json({}).ervaring == frozenset()  # profiles saved before this field
    assert apply_profile(student(), StudentProfile(words)) == student()  # no fact changes


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"ervaring": ["geen", "bijbaan"]}, "Wat ik al gedaan heb 'Nog geen werkervaring'"),
        ({"ervaring": ["astronaut"]}, "'astronaut' is geen keuze bij Wat ik al gedaan heb"),
        ({"ervaring_tekst": "x" * 281}, "bij Wat ik al gedaan heb is 281 tekens"),
        ({"ervaring_tekst": "a\u200bb"}, "Wat ik al gedaan heb heeft onzichtbare tekens"),
    ],
)
def test_work_experience_refuses_in_dutch_naming_the_part(
    form: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message) as refused:
        parse_profile_form(form)
    assert refused.value.context["field"] == "Wat ik al gedaan heb"
