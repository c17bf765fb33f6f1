"""The demo population: deterministic, realistic shares, and every value within the contract."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import numpy as np
import pytest

from matcher.demo.population import generate_population
from matcher.demo.sectors import QUALIFICATIONS, SECTOR_BY_KEY
from matcher.demo.towns import school_towns
from matcher.domain import Population, SupportArea, TravelMode, age_on
from matcher.errors import InvalidInputError
from tests.matcher.demo.towns_fixture import TOWNS

ON = date(2026, 9, 1)


@pytest.fixture(scope="module")
def big() -> Population:
    return generate_population(n_students=4000, seed=11, towns=TOWNS, on=ON)


def test_same_seed_gives_identical_population() -> None:
    a = generate_population(n_students=300, seed=5, towns=TOWNS, on=ON)
    b = generate_population(n_students=300, seed=5, towns=TOWNS, on=ON)
    assert a == b


def test_other_seed_gives_other_population() -> None:
    a = generate_population(n_students=300, seed=5, towns=TOWNS, on=ON)
    b = generate_population(n_students=300, seed=6, towns=TOWNS, on=ON)
    assert a.students != b.students
    assert a.places != b.places


def test_counts_follow_the_ratios(big: Population) -> None:
    assert len(big.students) == 4000
    assert len(big.companies) == 1000
    slots = sum(p.capacity for p in big.places)
    assert 0.9 * 10_000 <= slots <= 1.1 * 10_000


def test_ids_are_unique_and_zero_padded(big: Population) -> None:
    for items, attr, pattern in (
        (big.students, "student_id", r"s\d{5}"),
        (big.companies, "company_id", r"c\d{4}"),
        (big.places, "place_id", r"p\d{5}"),
    ):
        ids = [getattr(x, attr) for x in items]
        assert len(set(ids)) == len(ids)
        assert all(re.fullmatch(pattern, i) for i in ids)
    assert big.students[0].student_id == "s00001"


def test_places_belong_to_existing_companies_of_their_sector(big: Population) -> None:
    companies = big.company_by_id()
    for place in big.places:
        company = companies[place.company_id]
        sector_codes = {q.code for q in SECTOR_BY_KEY[company.sector].qualifications}
        assert place.crebos <= sector_codes


def test_every_student_has_several_places_of_its_crebo(big: Population) -> None:
    offered = Counter(c for p in big.places for c in p.crebos)
    assert min(offered[s.crebo] for s in big.students) >= 3


def test_share_of_minors_is_about_a_third(big: Population) -> None:
    ages = np.array([age_on(s.birth_date, ON) for s in big.students])
    assert ages.min() >= 16
    assert ages.max() <= 24
    assert 0.31 <= np.mean(ages < 18) <= 0.39


def test_niveau_is_skewed_towards_1_and_2(big: Population) -> None:
    counts = Counter(int(s.niveau) for s in big.students)
    shares = [counts[n] / len(big.students) for n in (1, 2, 3, 4)]
    for share, expected in zip(shares, (0.35, 0.30, 0.20, 0.15), strict=True):
        assert abs(share - expected) < 0.05


def test_support_needs_are_more_common_at_niveau_1_and_2(big: Population) -> None:
    low = [s.needs_extra_support for s in big.students if s.niveau <= 2]
    high = [s.needs_extra_support for s in big.students if s.niveau >= 3]
    assert np.mean(low) > np.mean(high) + 0.15


def test_needs_have_the_intended_shares(big: Population) -> None:
    students = big.students
    share = {
        "wheelchair": np.mean([s.needs_wheelchair_access for s in students]),
        "quiet": np.mean([s.needs_quiet_workspace for s in students]),
        "spoons": np.mean([s.energy_spoons_per_day is not None for s in students]),
        "reduced": np.mean([s.hours_per_week <= 24 and s.max_hours_per_day < 8 for s in students]),
        "priority": np.mean([s.priority for s in students]),
    }
    assert 0.02 <= share["wheelchair"] <= 0.08
    assert 0.11 <= share["quiet"] <= 0.19
    assert 0.07 <= share["spoons"] <= 0.13
    assert 0.12 <= share["reduced"] <= 0.22
    assert 0.06 <= share["priority"] <= 0.15


def test_priority_is_more_common_for_low_niveau_students_with_needs(big: Population) -> None:
    flagged = [s.priority for s in big.students if s.niveau <= 2 and s.needs_extra_support]
    others = [s.priority for s in big.students if not (s.niveau <= 2 and s.needs_extra_support)]
    assert np.mean(flagged) > 2 * np.mean(others)


def test_support_areas_follow_the_needs(big: Population) -> None:
    for s in big.students:
        if s.needs_wheelchair_access:
            assert SupportArea.MOBILITEIT in s.support_areas
        if s.needs_quiet_workspace:
            assert SupportArea.PRIKKELS in s.support_areas
            assert s.stimulus_sensitivity >= 2
        if s.energy_spoons_per_day is not None:
            assert SupportArea.ENERGIE in s.support_areas


def test_travel_modes_are_realistic(big: Population) -> None:
    modes = Counter(s.travel_mode for s in big.students)
    assert modes[TravelMode.OV] + modes[TravelMode.FIETS] > 0.7 * len(big.students)
    for s in big.students:
        if s.travel_mode is TravelMode.AUTO:
            assert age_on(s.birth_date, ON) >= 18
        if s.travel_mode is TravelMode.TAXI:
            assert s.needs_wheelchair_access
        assert 10 <= s.max_travel_minutes <= 60


def test_vog_is_mostly_available_sometimes_unknown_or_not(big: Population) -> None:
    vog = Counter(s.has_vog for s in big.students)
    assert vog[True] > 0.6 * len(big.students)
    assert vog[None] > 0
    assert vog[False] > 0


def test_preferences_name_places_of_the_own_crebo(big: Population) -> None:
    places = {p.place_id: p for p in big.places}
    with_prefs = [s for s in big.students if s.preferences]
    assert 0.2 * len(big.students) < len(with_prefs) < 0.4 * len(big.students)
    for s in with_prefs:
        assert len(set(s.preferences)) == len(s.preferences) <= 3
        assert all(s.crebo in places[p].crebos for p in s.preferences)


def test_student_values_are_within_contract_ranges(big: Population) -> None:
    codes = {q.code for q in QUALIFICATIONS}
    for s in big.students:
        assert s.crebo in codes
        assert re.fullmatch(r"\d{5}", s.crebo)
        assert 1 <= s.physical_capacity <= 5
        assert 1 <= s.mental_capacity <= 5
        assert 0 <= s.stimulus_sensitivity <= 3
        assert 0 <= s.social_support_need <= 3
        assert 0 < s.max_hours_per_day <= 8
        assert 0 < s.hours_per_week <= 40
        assert s.guidance_hours_per_week > 0
        assert s.energy_spoons_per_day is None or 10 <= s.energy_spoons_per_day <= 20
        assert 50.7 < s.location.lat < 53.6
        assert 3.3 < s.location.lon < 7.3


def test_company_and_place_values_are_within_contract_ranges(big: Population) -> None:
    for c in big.companies:
        assert 2 <= c.guidance_hours_per_week <= 12
        assert 0 <= c.social_openness <= 3
        assert c.max_support_students is None or c.max_support_students >= 1
        assert c.sector in SECTOR_BY_KEY
    for p in big.places:
        assert 1 <= p.capacity <= 4
        assert 1 <= p.niveau_min <= p.niveau_max <= 4
        assert 0 < p.hours_min <= p.hours_max <= 40
        assert 1 <= p.physical_load <= 5
        assert 1 <= p.mental_load <= 5
    share_recognised = np.mean([c.sbb_recognized for c in big.companies])
    share_open = np.mean([c.open_to_extra_support for c in big.companies])
    assert 0.93 <= share_recognised <= 1.0
    assert 0.33 <= share_open <= 0.47


def test_care_places_ask_for_a_vog() -> None:
    pop = generate_population(n_students=1000, seed=2, towns=TOWNS, on=ON)
    companies = pop.company_by_id()
    care = [p for p in pop.places if companies[p.company_id].sector == "zorg"]
    assert care
    assert all(p.vog_required for p in care)


def test_school_towns_are_roc_towns_present_in_the_table() -> None:
    names = {TOWNS[i].name for i in school_towns(TOWNS)}
    assert {"Amsterdam", "Utrecht", "Amersfoort"} <= names
    assert "Hoofddorp" not in names


def test_school_towns_fall_back_to_the_largest_towns() -> None:
    villages = tuple(t for t in TOWNS if t.name in {"Hoofddorp", "Zeist", "Soest", "Huizen"})
    assert {villages[i].name for i in school_towns(villages)} == {"Hoofddorp", "Zeist", "Soest"}


def test_tiny_population_still_has_places_for_every_student() -> None:
    pop = generate_population(n_students=12, seed=1, towns=TOWNS, on=ON)
    offered = {c for p in pop.places for c in p.crebos}
    assert all(s.crebo in offered for s in pop.students)


def test_no_students_is_refused_in_dutch() -> None:
    with pytest.raises(InvalidInputError) as info:
        generate_population(n_students=0, seed=1, towns=TOWNS, on=ON)
    assert info.value.issues[0].column == "students"


@pytest.mark.slow
def test_twenty_thousand_students_can_be_generated() -> None:
    pop = generate_population(n_students=20_000, seed=3, towns=TOWNS, on=ON)
    assert len(pop.students) == 20_000
    assert len({s.student_id for s in pop.students}) == 20_000


def test_weekly_hours_fit_the_own_days(big: Population) -> None:
    for s in big.students:
        assert s.hours_per_week <= len(s.days_available) * s.max_hours_per_day
    for p in big.places:
        assert p.hours_max <= len(p.work_days) * p.max_hours_per_day
