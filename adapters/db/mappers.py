"""Mappers between domain values and table rows: the only code that knows both shapes.

``*_values`` give the content columns of a row as a plain dict (used by the bulk repository
code); ``*_to_row`` wrap them in a table model; ``*_to_domain`` accept a table model or any
result row with the same column attributes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from adapters.db.models import CompanyRow, OutcomeRow, PlaceRow, StudentRow
from matcher.domain import (
    DAY_ORDER,
    Company,
    CompanyId,
    Day,
    Facility,
    GeoPoint,
    Leerweg,
    Niveau,
    Outcome,
    OutcomeRecord,
    Place,
    PlaceId,
    PlaceLeerweg,
    Precision,
    Student,
    StudentId,
    SupportArea,
    TaskKind,
    TravelMode,
)

SEPARATOR = ";"
_DAY_RANK = {day: rank for rank, day in enumerate(DAY_ORDER)}
# Enum lookups by value through plain dicts: several times faster than calling the enum.
_FACILITY = {member.value: member for member in Facility}
_PRECISION = {member.value: member for member in Precision}
_PLACE_LEERWEG = {member.value: member for member in PlaceLeerweg}
_LEERWEG = {member.value: member for member in Leerweg}
_TRAVEL_MODE = {member.value: member for member in TravelMode}


def content_hash(values: Mapping[str, Any]) -> str:
    """A short stable hash of a row's content columns (in their fixed order)."""
    text = repr(tuple(values.values()))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def join_sorted(items: Iterable[str]) -> str:
    """A set as sorted ';'-joined text."""
    return SEPARATOR.join(sorted(items))


def join_days(days: Iterable[Day]) -> str:
    """Days as ';'-joined text in week order (ma;di;...)."""
    return SEPARATOR.join(day.value for day in sorted(days, key=_DAY_RANK.__getitem__))


def split(text: str | None) -> tuple[str, ...]:
    """';'-joined text back to its items (empty text: no items)."""
    return tuple(item for item in (text or "").split(SEPARATOR) if item)


@lru_cache(maxsize=4096)
def _days(text: str) -> frozenset[Day]:
    return frozenset(Day(item) for item in split(text))


@lru_cache(maxsize=4096)
def _areas(text: str) -> frozenset[SupportArea]:
    return frozenset(SupportArea(item) for item in split(text))


@lru_cache(maxsize=4096)
def _tasks(text: str) -> frozenset[TaskKind]:
    return frozenset(TaskKind(item) for item in split(text))


@lru_cache(maxsize=4096)
def _crebos(text: str) -> frozenset[str]:
    return frozenset(split(text))


def _optional_float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _point(lat: float, lon: float, precision: str) -> GeoPoint:
    return GeoPoint(float(lat), float(lon), _PRECISION[precision])


def student_values(student: Student) -> dict[str, Any]:
    """The content columns of a student row."""
    loc = student.location
    return {
        "student_id": str(student.student_id),
        "name": student.name,
        "birth_date": student.birth_date,
        "lat": float(loc.lat),
        "lon": float(loc.lon),
        "precision": loc.precision.value,
        "crebo": student.crebo,
        "niveau": int(student.niveau),
        "leerweg": student.leerweg.value,
        "hours_per_week": float(student.hours_per_week),
        "max_hours_per_day": float(student.max_hours_per_day),
        "days_available": join_days(student.days_available),
        "travel_mode": student.travel_mode.value,
        "max_travel_minutes": int(student.max_travel_minutes),
        "physical_capacity": int(student.physical_capacity),
        "mental_capacity": int(student.mental_capacity),
        "stimulus_sensitivity": int(student.stimulus_sensitivity),
        "social_support_need": int(student.social_support_need),
        "guidance_hours_per_week": float(student.guidance_hours_per_week),
        "school_hours_per_week": float(student.school_hours_per_week),
        "needs_wheelchair_access": bool(student.needs_wheelchair_access),
        "needs_adapted_toilet": bool(student.needs_adapted_toilet),
        "needs_adjustable_workplace": bool(student.needs_adjustable_workplace),
        "needs_quiet_workspace": bool(student.needs_quiet_workspace),
        "needs_predictable_schedule": bool(student.needs_predictable_schedule),
        "needs_flexible_hours": bool(student.needs_flexible_hours),
        "needs_extra_breaks": bool(student.needs_extra_breaks),
        "energy_spoons_per_day": _optional_float(student.energy_spoons_per_day),
        "support_areas": join_sorted(area.value for area in student.support_areas),
        "has_vog": student.has_vog,
        "preferences": SEPARATOR.join(student.preferences),  # best first: keep the order
        "priority": bool(student.priority),
        "interest_sectors": join_sorted(student.interest_sectors),
        "interest_tasks": join_sorted(task.value for task in student.interest_tasks),
    }


def student_to_domain(row: Any) -> Student:
    """A student from a ``StudentRow`` or a result row with the same columns."""
    return Student(
        student_id=StudentId(row.student_id),
        name=row.name,
        birth_date=row.birth_date,
        location=_point(row.lat, row.lon, row.precision),
        crebo=row.crebo,
        niveau=Niveau(row.niveau),
        leerweg=_LEERWEG[row.leerweg],
        hours_per_week=float(row.hours_per_week),
        max_hours_per_day=float(row.max_hours_per_day),
        days_available=_days(row.days_available),
        travel_mode=_TRAVEL_MODE[row.travel_mode],
        max_travel_minutes=int(row.max_travel_minutes),
        physical_capacity=int(row.physical_capacity),
        mental_capacity=int(row.mental_capacity),
        stimulus_sensitivity=int(row.stimulus_sensitivity),
        social_support_need=int(row.social_support_need),
        guidance_hours_per_week=float(row.guidance_hours_per_week),
        school_hours_per_week=float(row.school_hours_per_week),
        needs_wheelchair_access=bool(row.needs_wheelchair_access),
        needs_adapted_toilet=bool(row.needs_adapted_toilet),
        needs_adjustable_workplace=bool(row.needs_adjustable_workplace),
        needs_quiet_workspace=bool(row.needs_quiet_workspace),
        needs_predictable_schedule=bool(row.needs_predictable_schedule),
        needs_flexible_hours=bool(row.needs_flexible_hours),
        needs_extra_breaks=bool(row.needs_extra_breaks),
        energy_spoons_per_day=_optional_float(row.energy_spoons_per_day),
        support_areas=_areas(row.support_areas),
        has_vog=None if row.has_vog is None else bool(row.has_vog),
        preferences=tuple(PlaceId(item) for item in split(row.preferences)),
        priority=bool(row.priority),
        # getattr: round snapshots frozen before the interest columns lack them
        interest_sectors=frozenset(split(getattr(row, "interest_sectors", ""))),
        interest_tasks=_tasks(getattr(row, "interest_tasks", "") or ""),
    )


def company_values(company: Company) -> dict[str, Any]:
    """The content columns of a company row."""
    loc = company.location
    return {
        "company_id": str(company.company_id),
        "name": company.name,
        "lat": float(loc.lat),
        "lon": float(loc.lon),
        "precision": loc.precision.value,
        "guidance_hours_per_week": float(company.guidance_hours_per_week),
        "sbb_recognized": bool(company.sbb_recognized),
        "open_to_extra_support": bool(company.open_to_extra_support),
        "max_support_students": company.max_support_students,
        "social_openness": int(company.social_openness),
        "expertise_areas": join_sorted(area.value for area in company.expertise_areas),
        "wheelchair_access": company.wheelchair_access.value,
        "adapted_toilet": company.adapted_toilet.value,
        "sector": company.sector,
        "support_experience": company.support_experience,
    }


def company_to_domain(row: Any) -> Company:
    """A company from a ``CompanyRow`` or a result row with the same columns."""
    return Company(
        company_id=CompanyId(row.company_id),
        name=row.name,
        location=_point(row.lat, row.lon, row.precision),
        guidance_hours_per_week=float(row.guidance_hours_per_week),
        sbb_recognized=bool(row.sbb_recognized),
        open_to_extra_support=bool(row.open_to_extra_support),
        max_support_students=row.max_support_students,
        social_openness=int(row.social_openness),
        expertise_areas=_areas(row.expertise_areas),
        wheelchair_access=_FACILITY[row.wheelchair_access],
        adapted_toilet=_FACILITY[row.adapted_toilet],
        sector=row.sector,
        # getattr: round snapshots frozen before the experience column lack it
        support_experience=getattr(row, "support_experience", None),
    )


def place_values(place: Place) -> dict[str, Any]:
    """The content columns of a place row (location columns NULL: at the company)."""
    loc = place.location
    return {
        "place_id": str(place.place_id),
        "company_id": str(place.company_id),
        "crebos": join_sorted(place.crebos),
        "niveau_min": int(place.niveau_min),
        "niveau_max": int(place.niveau_max),
        "leerweg": place.leerweg.value,
        "capacity": int(place.capacity),
        "hours_min": float(place.hours_min),
        "hours_max": float(place.hours_max),
        "max_hours_per_day": float(place.max_hours_per_day),
        "work_days": join_days(place.work_days),
        "evening_work": bool(place.evening_work),
        "night_work": bool(place.night_work),
        "physical_load": int(place.physical_load),
        "mental_load": int(place.mental_load),
        "quiet_workspace": place.quiet_workspace.value,
        "adjustable_workplace": place.adjustable_workplace.value,
        "predictable_schedule": bool(place.predictable_schedule),
        "flexible_hours": bool(place.flexible_hours),
        "extra_breaks": bool(place.extra_breaks),
        "vog_required": bool(place.vog_required),
        "lat": None if loc is None else float(loc.lat),
        "lon": None if loc is None else float(loc.lon),
        "precision": None if loc is None else loc.precision.value,
        "tasks": join_sorted(task.value for task in place.tasks),
    }


def place_to_domain(row: Any) -> Place:
    """A place from a ``PlaceRow`` or a result row with the same columns."""
    location = None if row.lat is None else _point(row.lat, row.lon, row.precision)
    return Place(
        place_id=PlaceId(row.place_id),
        company_id=CompanyId(row.company_id),
        crebos=_crebos(row.crebos),
        niveau_min=int(row.niveau_min),
        niveau_max=int(row.niveau_max),
        leerweg=_PLACE_LEERWEG[row.leerweg],
        capacity=int(row.capacity),
        hours_min=float(row.hours_min),
        hours_max=float(row.hours_max),
        max_hours_per_day=float(row.max_hours_per_day),
        work_days=_days(row.work_days),
        evening_work=bool(row.evening_work),
        night_work=bool(row.night_work),
        physical_load=int(row.physical_load),
        mental_load=int(row.mental_load),
        quiet_workspace=_FACILITY[row.quiet_workspace],
        adjustable_workplace=_FACILITY[row.adjustable_workplace],
        predictable_schedule=bool(row.predictable_schedule),
        flexible_hours=bool(row.flexible_hours),
        extra_breaks=bool(row.extra_breaks),
        vog_required=bool(row.vog_required),
        location=location,
        tasks=_tasks(getattr(row, "tasks", "") or ""),
    )


def outcome_values(record: OutcomeRecord, position: int) -> dict[str, Any]:
    """The content columns of an outcome row; ``position`` is its place in the history."""
    return {
        "position": position,
        "student_id": str(record.student_id),
        "place_id": str(record.place_id),
        "outcome": record.outcome.value,
    }


def outcome_to_domain(row: Any) -> OutcomeRecord:
    """An outcome record from an ``OutcomeRow`` or a result row with the same columns."""
    return OutcomeRecord(
        student_id=StudentId(row.student_id),
        place_id=PlaceId(row.place_id),
        outcome=Outcome(row.outcome),
    )


def _meta(values: dict[str, Any], dataset: str, now: datetime) -> dict[str, Any]:
    return {"dataset": dataset, "created_at": now, "updated_at": now, **values}


def student_to_row(student: Student, *, dataset: str, now: datetime) -> StudentRow:
    """A new ``StudentRow`` for ``student`` in ``dataset``."""
    values = student_values(student)
    return StudentRow(**_meta(values, dataset, now), content_hash=content_hash(values))


def company_to_row(company: Company, *, dataset: str, now: datetime) -> CompanyRow:
    """A new ``CompanyRow`` for ``company`` in ``dataset``."""
    values = company_values(company)
    return CompanyRow(**_meta(values, dataset, now), content_hash=content_hash(values))


def place_to_row(place: Place, *, dataset: str, now: datetime) -> PlaceRow:
    """A new ``PlaceRow`` for ``place`` in ``dataset``."""
    values = place_values(place)
    return PlaceRow(**_meta(values, dataset, now), content_hash=content_hash(values))


def outcome_to_row(
    record: OutcomeRecord, position: int, *, dataset: str, now: datetime
) -> OutcomeRow:
    """A new ``OutcomeRow`` for ``record`` at ``position`` in ``dataset``."""
    return OutcomeRow(**_meta(outcome_values(record, position), dataset, now))
