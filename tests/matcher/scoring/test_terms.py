"""Soft terms: every value in [0, 1], and each term moves the way a person would expect."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.candidates import CandidatePairs, pair_geometry
from matcher.domain import Company, Facility, Place, PlaceId, Population, Student, TaskKind
from matcher.features import FEATURE_COLUMNS, pair_features
from matcher.policy import TERM_NAMES, ScoringPolicy
from matcher.scoring.terms import PairScores, score_pairs
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import EstimatedTravelTime
from tests.matcher.examples import BPV_START, company, place, student
from tests.matcher.strategies import companies_st, places_st, students_st

TRAVEL = EstimatedTravelTime()


def score(
    s: Student, p: Place, c: Company, *, travel_min: float | None = None, policy=None
) -> PairScores:
    """Score one student-place pair."""
    pop = Population(students=(s,), companies=(c,), places=(p,))
    st_, pl = StudentTable.from_students(pop.students), PlaceTable.from_population(pop)
    idx = np.array([0])
    d, m = pair_geometry(st_, pl, idx, idx, travel=TRAVEL)
    if travel_min is not None:
        m = np.array([travel_min])
    return score_pairs(st_, pl, CandidatePairs(idx, idx, d, m), policy=policy)


def term(name: str, s: Student, p: Place, c: Company, **kw) -> float:
    """One term's value for one pair."""
    return float(score(s, p, c, **kw).terms[name][0])


@settings(max_examples=80, deadline=None)
@given(s=students_st, p=places_st, c=companies_st, minutes=st.floats(0, 120))
def test_every_term_and_total_lie_in_unit_interval(
    s: Student, p: Place, c: Company, minutes: float
) -> None:
    sc = score(s, replace(p, company_id=c.company_id), c, travel_min=minutes)
    for name in TERM_NAMES:
        assert 0.0 <= sc.terms[name][0] <= 1.0, name
    assert 0.0 <= sc.total[0] <= 1.0


@given(s=students_st, load=st.integers(1, 4))
def test_fysiek_never_rises_with_heavier_work(s: Student, load: int) -> None:
    light, heavy = place(physical_load=load), place(physical_load=load + 1)
    assert term("fysiek", s, heavy, company()) <= term("fysiek", s, light, company())


@given(p=places_st, cap=st.integers(1, 4))
def test_fysiek_never_falls_with_more_capacity(p: Place, cap: int) -> None:
    low, high = student(physical_capacity=cap), student(physical_capacity=cap + 1)
    assert term("fysiek", high, p, company()) >= term("fysiek", low, p, company())


def test_arrangeable_facility_scores_below_present_one() -> None:
    s = student(needs_wheelchair_access=True)
    present = term("fysiek", s, place(), company(wheelchair_access=Facility.YES))
    to_arrange = term("fysiek", s, place(), company(wheelchair_access=Facility.ARRANGEABLE))
    assert to_arrange < present


@given(s=students_st, load=st.integers(1, 4))
def test_psychisch_never_rises_with_more_pressure(s: Student, load: int) -> None:
    calm, busy = place(mental_load=load), place(mental_load=load + 1)
    assert term("psychisch", s, busy, company()) <= term("psychisch", s, calm, company())


@given(stim=st.integers(1, 3))
def test_quiet_workspace_helps_a_sensitive_student(stim: int) -> None:
    s = student(stimulus_sensitivity=stim)
    quiet = term("psychisch", s, place(quiet_workspace=Facility.YES), company())
    noisy = term("psychisch", s, place(quiet_workspace=Facility.NO), company())
    assert quiet > noisy


@given(s=students_st, openness=st.integers(0, 2))
def test_sociaal_never_falls_with_a_more_open_company(s: Student, openness: int) -> None:
    closed, open_ = company(social_openness=openness), company(social_openness=openness + 1)
    assert term("sociaal", s, place(), open_) >= term("sociaal", s, place(), closed)


@given(s=students_st, hours=st.sampled_from([0.5, 1.0, 2.0, 4.0]))
def test_bedrijfsmatig_never_falls_with_more_guidance(s: Student, hours: float) -> None:
    less, more = company(guidance_hours_per_week=hours), company(guidance_hours_per_week=hours * 2)
    assert term("bedrijfsmatig", s, place(), more) >= term("bedrijfsmatig", s, place(), less)


def test_bedrijfsmatig_is_violated_when_a_company_without_experience_hosts_extra_support() -> None:
    s = student(needs_predictable_schedule=True)  # needs extra support
    none, some, much = (
        term("bedrijfsmatig", s, place(), company(open_to_extra_support=True, support_experience=x))
        for x in (0, 1, 2)
    )
    assert none < some < much
    pol = ScoringPolicy()
    assert much - none == pytest.approx(
        0.25 * (pol.experience_values[2] - pol.experience_values[0])
    )


def test_bedrijfsmatig_is_satisfied_by_experience_or_unchanged_when_not_told() -> None:
    s = student(needs_predictable_schedule=True)
    told = term(
        "bedrijfsmatig", s, place(), company(open_to_extra_support=True, support_experience=2)
    )
    untold = term("bedrijfsmatig", s, place(), company(open_to_extra_support=True))
    assert told == untold  # much experience scores as before the scale existed
    # a student without extra support is indifferent to the company's experience
    plain = [
        term("bedrijfsmatig", student(), place(), company(support_experience=x))
        for x in (None, 0, 2)
    ]
    assert plain[0] == plain[1] == plain[2]


def test_experience_is_not_openness() -> None:
    s = student(social_support_need=3, needs_predictable_schedule=True)
    base = company(social_openness=1, open_to_extra_support=True)
    assert term("sociaal", s, place(), replace(base, support_experience=2)) == term(
        "sociaal", s, place(), replace(base, support_experience=0)
    )  # the climate term does not listen to experience
    assert term("bedrijfsmatig", s, place(), replace(base, social_openness=3)) == term(
        "bedrijfsmatig", s, place(), base
    )  # and the experience part does not listen to openness


@given(s=students_st, a=st.floats(0, 90), b=st.floats(0, 90))
def test_reis_never_rises_with_longer_travel(s: Student, a: float, b: float) -> None:
    short, long_ = sorted((a, b))
    p, c = place(), company()
    assert term("reis", s, p, c, travel_min=long_) <= term("reis", s, p, c, travel_min=short)


def test_reis_is_lower_when_the_spoon_budget_is_tight() -> None:
    p, c = place(physical_load=4, mental_load=4), company()
    roomy = term("reis", student(energy_spoons_per_day=30), p, c, travel_min=30)
    tight = term("reis", student(energy_spoons_per_day=12), p, c, travel_min=30)
    assert tight < roomy


def test_uren_rewards_flexible_hours_and_breaks_when_needed() -> None:
    s = student(needs_flexible_hours=True, needs_extra_breaks=True)
    offered = term("uren", s, place(flexible_hours=True, extra_breaks=True), company())
    assert offered > term("uren", s, place(), company())


def test_voorkeur_first_choice_beats_later_choice_beats_unlisted() -> None:
    s = student(preferences=(PlaceId("p"), PlaceId("q")))
    first = term("voorkeur", s, place(), company())
    second = term("voorkeur", s, place(place_id=PlaceId("q")), company())
    unlisted = term("voorkeur", s, place(place_id=PlaceId("z")), company())
    assert first == 1.0
    assert first > second > unlisted
    assert term("voorkeur", student(), place(), company()) == ScoringPolicy().preference_neutral


PEOPLE = frozenset({TaskKind.MENSEN})


def test_interesse_is_violated_when_place_offers_nothing_the_student_likes() -> None:
    s = student(interest_sectors=frozenset({"zorg"}), interest_tasks=PEOPLE)
    other = term(
        "interesse", s, place(tasks=frozenset({TaskKind.TECHNIEK})), company(sector="bouw")
    )
    assert other == ScoringPolicy().interest_floor
    assert other < ScoringPolicy().interest_neutral


def test_interesse_is_satisfied_when_sector_and_tasks_match() -> None:
    s = student(interest_sectors=frozenset({"zorg"}), interest_tasks=PEOPLE)
    assert term("interesse", s, place(tasks=PEOPLE), company(sector="Zorg")) == 1.0
    half = term("interesse", s, place(tasks=PEOPLE), company(sector="bouw"))
    assert ScoringPolicy().interest_floor < half < 1.0


def test_interesse_is_neutral_when_the_student_gave_no_interests() -> None:
    neutral = ScoringPolicy().interest_neutral
    for p, c in ((place(tasks=PEOPLE), company(sector="zorg")), (place(), company())):
        assert term("interesse", student(), p, c) == neutral


def test_interesse_counts_two_matching_tasks_as_a_full_fit() -> None:
    likes = frozenset({TaskKind.MENSEN, TaskKind.BUITEN, TaskKind.DIEREN})
    s = student(interest_tasks=likes)
    one = term("interesse", s, place(tasks=PEOPLE), company())
    two = term(
        "interesse", s, place(tasks=frozenset({TaskKind.MENSEN, TaskKind.BUITEN})), company()
    )
    unknown = term("interesse", s, place(), company())
    assert two == 1.0
    assert one < two
    assert ScoringPolicy().interest_floor < unknown < 1.0  # tasks not listed: halfway


def test_weights_decide_what_the_total_listens_to() -> None:
    only_reis = ScoringPolicy().with_weights(
        fysiek=0, sociaal=0, bedrijfsmatig=0, psychisch=0, uren=0, voorkeur=0, interesse=0
    )
    near = score(student(), place(), company(), travel_min=5, policy=only_reis)
    far = score(student(), place(), company(), travel_min=40, policy=only_reis)
    assert near.total[0] == near.terms["reis"][0]
    assert far.total[0] < near.total[0]


def test_features_reuse_the_terms() -> None:
    s, p, c = student(), place(), company()
    pop = Population(students=(s,), companies=(c,), places=(p,))
    st_, pl = StudentTable.from_students(pop.students), PlaceTable.from_population(pop)
    idx = np.array([0])
    d, m = pair_geometry(st_, pl, idx, idx, travel=TRAVEL)
    pairs = CandidatePairs(idx, idx, d, m)
    x, cols = pair_features(st_, pl, pairs, on=BPV_START)
    sc = score_pairs(st_, pl, pairs)
    assert cols == FEATURE_COLUMNS
    assert x.shape == (1, len(FEATURE_COLUMNS))
    assert x[0, cols.index("term_reis")] == sc.terms["reis"][0]
    assert x[0, cols.index("score")] == sc.total[0]
    assert x[0, cols.index("age")] == 25
