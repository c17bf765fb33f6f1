"""Explanations: company text shows needs only; student text is Dutch and positive."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.domain import Company, Facility, Place, Student, SupportArea, TaskKind
from matcher.scoring.explain import Audience, Explanation, explain_pair, to_arrange
from tests.matcher.examples import BPV_START, COMPANIES, PLACES, STUDENTS
from tests.matcher.strategies import companies_st, places_st, students_st

TERMS = dict.fromkeys(
    ("fysiek", "sociaal", "bedrijfsmatig", "psychisch", "uren", "reis", "voorkeur", "interesse"),
    0.8,
)
HEALTH_WORDS = (
    "lepel",
    "energie",
    "belastba",
    "prikkel",
    "diagnose",
    "autis",
    "adhd",
    "beperking",
    "ziekte",
    "stoornis",
    "handicap",
    "medisch",
    "capaciteit",
) + tuple(a.value for a in SupportArea)
NEGATIVE_WORDS = ("probleem", "helaas", "slecht", "niet geschikt", "kan niet", "lukt niet")


def explain(
    s: Student, p: Place, c: Company, audience: Audience, minutes: float = 20
) -> Explanation:
    """Explain one pair with neutral term values."""
    return explain_pair(
        s, p, c, terms=TERMS, travel_min=minutes, on=BPV_START, audience=audience, spoon_cost=12.0
    )


@settings(max_examples=150, deadline=None)
@given(
    s=students_st,
    p=places_st,
    c=companies_st,
    phys=st.integers(1, 5),
    ment=st.integers(1, 5),
    spoons=st.sampled_from([None, 10, 20]),
    areas=st.frozensets(st.sampled_from(list(SupportArea))),
)
def test_company_text_never_shows_health_capacity_or_spoons(
    s: Student, p: Place, c: Company, phys: int, ment: int, spoons, areas
) -> None:
    text = explain(s, p, c, Audience.COMPANY).text()
    lowered = text.lower()
    for word in HEALTH_WORDS:
        assert word not in lowered, (word, text)
    other = replace(
        s,
        physical_capacity=phys,
        mental_capacity=ment,
        energy_spoons_per_day=spoons,
        support_areas=areas,
    )
    assert explain(other, p, c, Audience.COMPANY).text() == text  # capacities never leak


@settings(max_examples=150, deadline=None)
@given(s=students_st, p=places_st, c=companies_st, minutes=st.floats(1, 60))
def test_student_text_is_dutch_and_positive(
    s: Student, p: Place, c: Company, minutes: float
) -> None:
    e = explain(s, p, c, Audience.STUDENT, minutes)
    text = e.text().lower()
    for word in NEGATIVE_WORDS:
        assert word not in text, (word, text)
    assert e.reasons or e.attention
    assert all(sentence.endswith(".") for sentence in e.reasons + e.attention)
    assert any(w in f" {text} " for w in (" je ", " jij ", " jouw ", " dit ", " het "))
    assert "lepel" not in text  # spoon figures are for staff only


def test_joshua_hears_quiet_workspace_must_be_arranged_before_the_start() -> None:
    joshua, p001, garage = STUDENTS[0], PLACES[0], COMPANIES[0]
    student_text = explain(joshua, p001, garage, Audience.STUDENT).text()
    company_text = explain(joshua, p001, garage, Audience.COMPANY).text()
    assert "Het bedrijf regelt dit voor je start: een rustige werkplek." in student_text
    assert "Werkt het best op een rustige werkplek." in company_text
    assert "Graag voor de start regelen: een rustige werkplek." in company_text


def test_a_present_quiet_workspace_is_a_reason_for_the_student() -> None:
    joshua = replace(STUDENTS[0], preferences=())
    quiet = replace(PLACES[0], quiet_workspace=Facility.YES)
    e = explain(joshua, quiet, COMPANIES[0], Audience.STUDENT)
    assert e.reasons[0] == (
        "De werkplek is rustig, zonder veel drukte en lawaai. Dat past bij wat jij nodig hebt."
    )


def test_staff_sees_the_numbers_and_travel_as_an_estimate() -> None:
    rowina, p002, baken = STUDENTS[1], PLACES[1], COMPANIES[1]
    e = explain(rowina, p002, baken, Audience.STAFF, minutes=25.2)
    details = " ".join(e.details)
    assert (
        "Reistijd: 80 van 100. De reis duurt ongeveer 25 minuten, de student reist tot 45"
        in details
    )
    assert "ongeveer 12 van de 20 lepels energie per dag" in details
    assert "Lichamelijk werk: 80 van 100. Het werk is 2 van 5 zwaar, de student kan 2" in details


@settings(max_examples=150, deadline=None)
@given(s=students_st, p=places_st, c=companies_st, minutes=st.floats(1, 120))
def test_staff_text_has_sentences_and_dutch_numbers_only(
    s: Student, p: Place, c: Company, minutes: float
) -> None:
    e = explain(s, p, c, Audience.STAFF, minutes)
    for line in (e.text(), *e.details):
        assert "[" not in line, line  # no bracketed dump
        assert "]" not in line, line
        assert not re.search(r"\d\.\d", line), line  # no point decimals (0.805, 1.000)
    assert all(d.endswith(".") for d in e.details)


@settings(max_examples=300, deadline=None)
@given(s=students_st, p=places_st, c=companies_st, minutes=st.floats(1, 120))
def test_good_to_know_is_short_and_never_repeats_another_box(
    s: Student, p: Place, c: Company, minutes: float
) -> None:
    e = explain(s, p, c, Audience.STUDENT, minutes)
    assert len(e.attention) <= 4
    assert len(set(e.attention)) == len(e.attention)
    assert not set(e.attention) & set(e.reasons + e.arrange)
    for words in to_arrange(s, p, c):  # the "Het bedrijf regelt dit" box
        assert not any(words in a for a in e.attention), (words, e.attention)
    minute_words = re.compile(r"\d+ minuten")
    assert not any(minute_words.search(a) for a in e.attention)  # the travel line says that


def test_good_to_know_puts_the_vog_first_and_keeps_four() -> None:
    heavy = replace(
        STUDENTS[2],
        has_vog=None,
        physical_capacity=1,
        mental_capacity=1,
        max_hours_per_day=4,
        needs_extra_breaks=True,
        needs_flexible_hours=True,
        needs_predictable_schedule=True,
        social_support_need=3,
    )
    place = replace(
        PLACES[1],
        vog_required=True,
        physical_load=5,
        mental_load=5,
        max_hours_per_day=9,
        extra_breaks=False,
        flexible_hours=False,
        predictable_schedule=False,
    )
    e = explain(heavy, place, replace(COMPANIES[1], social_openness=1), Audience.STUDENT, 50)
    assert len(e.attention) == 4
    assert e.attention[0].startswith(
        "Voor deze plek heb je een VOG nodig. Een VOG is een verklaring"
    )


def test_student_travel_time_is_an_estimate() -> None:
    e = explain(STUDENTS[1], PLACES[1], COMPANIES[1], Audience.STUDENT, minutes=12.4)
    assert "Je reist ongeveer 10 minuten met het ov." in e.text()


def test_unknown_vog_is_something_to_arrange_in_time() -> None:
    marit = replace(STUDENTS[2], has_vog=None)
    e = explain(marit, PLACES[1], COMPANIES[1], Audience.STUDENT)
    assert any(a.startswith("Voor deze plek heb je een VOG nodig.") for a in e.attention)


@settings(max_examples=150, deadline=None)
@given(s=students_st, p=places_st, c=companies_st, minutes=st.floats(1, 120))
def test_staff_read_about_the_student_not_to_the_student(
    s: Student, p: Place, c: Company, minutes: float
) -> None:
    text = f" {explain(s, p, c, Audience.STAFF, minutes).text().lower()} "
    for word in (" je ", " jij ", " jouw ", " jou "):
        assert word not in text.replace(".", " ").replace(",", " "), (word, text)


def test_a_matching_interest_is_said_in_mogelijkhedentaal() -> None:
    s = replace(
        STUDENTS[0],
        preferences=(),
        interest_sectors=frozenset({"zorg"}),
        interest_tasks=frozenset({TaskKind.MENSEN}),
    )
    p = replace(PLACES[0], tasks=frozenset({TaskKind.MENSEN, TaskKind.REGELEN}))
    c = replace(COMPANIES[0], sector="zorg")
    mine = explain(s, p, c, Audience.STUDENT)
    assert "Je wilt graag met mensen werken: dat kan hier." in mine.reasons
    assert "Je wilt graag werken in de sector zorg: dit bedrijf hoort daarbij." in mine.reasons
    staff = explain(s, p, c, Audience.STAFF)
    assert "De student wil graag met mensen werken: dat kan hier." in staff.reasons
    assert any(d.startswith("Interesses: ") and "met mensen werken" in d for d in staff.details)
    company_text = explain(s, p, c, Audience.COMPANY).text()
    assert "graag" not in company_text  # the card (issue 21 item 4) decides what a company sees


def test_no_interest_sentence_when_nothing_matches_or_none_given() -> None:
    p = replace(PLACES[0], tasks=frozenset({TaskKind.TECHNIEK}))
    likes_people = replace(STUDENTS[0], interest_tasks=frozenset({TaskKind.MENSEN}))
    for s in (likes_people, STUDENTS[0]):
        text = explain(s, p, COMPANIES[0], Audience.STUDENT).text()
        assert "Je wilt graag" not in text


def test_experience_with_extra_support_is_a_reason_and_a_staff_number() -> None:
    joshua = replace(STUDENTS[0], preferences=())  # needs extra support (a quiet workspace)
    assert joshua.needs_extra_support
    told = replace(COMPANIES[0], support_experience=2)
    student = explain(joshua, PLACES[0], told, Audience.STUDENT)
    assert "Dit bedrijf heeft veel ervaring met studenten die extra steun krijgen." in (
        student.reasons
    )
    staff = " ".join(explain(joshua, PLACES[0], told, Audience.STAFF).details)
    assert "Ervaring met extra steun: veel." in staff
    untold = explain(joshua, PLACES[0], COMPANIES[0], Audience.STAFF)
    assert "Ervaring met extra steun" not in " ".join(untold.details)  # not told: not said
    assert not any("ervaring met studenten" in r for r in untold.reasons)
