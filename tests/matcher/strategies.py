"""Hypothesis strategies for students, places and companies (small, valid, varied)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from matcher.domain import (
    Day,
    Facility,
    GeoPoint,
    Leerweg,
    Niveau,
    PlaceLeerweg,
    SupportArea,
    TaskKind,
    TravelMode,
)
from tests.matcher.examples import company, place, student

facility = st.sampled_from(list(Facility))
daysets = st.frozensets(st.sampled_from(list(Day)), min_size=1)
tasksets = st.frozensets(st.sampled_from(list(TaskKind)), max_size=3)
students_st = st.builds(
    student,
    birth_date=st.dates(date(2003, 1, 1), date(2011, 1, 1)),
    location=st.builds(GeoPoint, st.floats(52.0, 52.2), st.floats(5.0, 5.3)),
    crebo=st.sampled_from(["10001", "10002"]),
    niveau=st.sampled_from(list(Niveau)),
    leerweg=st.sampled_from(list(Leerweg)),
    hours_per_week=st.sampled_from([8, 12, 16, 24, 32, 40, 45, 50]),
    max_hours_per_day=st.sampled_from([4, 6, 8, 10]),
    days_available=daysets,
    travel_mode=st.sampled_from(list(TravelMode)),
    max_travel_minutes=st.integers(10, 60),
    needs_wheelchair_access=st.booleans(),
    needs_adapted_toilet=st.booleans(),
    needs_adjustable_workplace=st.booleans(),
    needs_quiet_workspace=st.booleans(),
    has_vog=st.sampled_from([None, True, False]),
    physical_capacity=st.integers(1, 5),
    mental_capacity=st.integers(1, 5),
    stimulus_sensitivity=st.integers(0, 3),
    social_support_need=st.integers(0, 3),
    guidance_hours_per_week=st.sampled_from([0, 0.5, 1, 2, 4]),
    needs_predictable_schedule=st.booleans(),
    needs_flexible_hours=st.booleans(),
    needs_extra_breaks=st.booleans(),
    energy_spoons_per_day=st.sampled_from([None, 8, 16, 20, 30]),
    support_areas=st.frozensets(st.sampled_from(list(SupportArea))),
    interest_sectors=st.frozensets(st.sampled_from(["zorg", "horeca", "bouw"]), max_size=2),
    interest_tasks=tasksets,
)
places_st = st.builds(
    place,
    crebos=st.frozensets(st.sampled_from(["10001", "10002", "10003"]), min_size=1),
    niveau_min=st.integers(1, 2),
    niveau_max=st.integers(2, 4),
    leerweg=st.sampled_from(list(PlaceLeerweg)),
    hours_min=st.sampled_from([8, 16, 24]),
    hours_max=st.sampled_from([24, 32, 40]),
    max_hours_per_day=st.sampled_from([6, 8, 9, 10, 12, 13]),
    work_days=daysets,
    night_work=st.booleans(),
    quiet_workspace=facility,
    adjustable_workplace=facility,
    vog_required=st.booleans(),
    location=st.builds(GeoPoint, st.floats(52.0, 52.2), st.floats(5.0, 5.3)),
    physical_load=st.integers(1, 5),
    mental_load=st.integers(1, 5),
    predictable_schedule=st.booleans(),
    flexible_hours=st.booleans(),
    extra_breaks=st.booleans(),
    tasks=tasksets,
)
companies_st = st.builds(
    company,
    sbb_recognized=st.booleans(),
    wheelchair_access=facility,
    adapted_toilet=facility,
    open_to_extra_support=st.booleans(),
    social_openness=st.integers(0, 3),
    guidance_hours_per_week=st.sampled_from([0, 1, 4, 10]),
    expertise_areas=st.frozensets(st.sampled_from(list(SupportArea))),
    sector=st.sampled_from(["", "zorg", "Horeca", "retail"]),
    support_experience=st.sampled_from([None, 0, 1, 2]),
)
