"""List filters for students, companies and places, as SQL conditions (paging stays in SQL)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.sql.elements import ColumnElement

from adapters.db.models import CURRENT_DATASET
from adapters.db.profile_queries import list_contains
from adapters.db.repositories import COMPANY_TABLE, PLACE_TABLE, STUDENT_TABLE
from matcher.domain import GeoPoint

KM_PER_DEGREE_LAT = 111.32
S, C, P = STUDENT_TABLE.c, COMPANY_TABLE.c, PLACE_TABLE.c


@dataclass(frozen=True, slots=True)
class StudentFilter:
    """Which students to list; None means: any."""

    crebo: str | None = None
    niveau: int | None = None
    priority: bool | None = None
    needs_support: bool | None = None
    postcode: str | None = None  # with radius_km: students living around this postcode
    radius_km: float = 5.0


@dataclass(frozen=True, slots=True)
class CompanyFilter:
    """Which companies to list; None means: any."""

    sector: str | None = None
    open_to_extra_support: bool | None = None
    recognised: bool | None = None


@dataclass(frozen=True, slots=True)
class PlaceFilter:
    """Which places to list; None means: any."""

    company_id: str | None = None
    crebo: str | None = None
    sector: str | None = None
    min_capacity: int | None = None


def needs_support_sql() -> ColumnElement[bool]:
    """SQL twin of ``Student.needs_extra_support``."""
    return or_(
        S.needs_wheelchair_access,
        S.needs_adapted_toilet,
        S.needs_adjustable_workplace,
        S.needs_quiet_workspace,
        S.needs_predictable_schedule,
        S.needs_flexible_hours,
        S.needs_extra_breaks,
        S.support_areas != "",
        S.social_support_need >= 2,
        S.stimulus_sensitivity >= 2,
    )


def student_conditions(
    f: StudentFilter, centre: GeoPoint | None = None
) -> list[ColumnElement[bool]]:
    """SQL conditions for a student filter; ``centre`` is where its postcode lies (the caller
    geocodes it: this module reads no files and calls no geocoder)."""
    where: list[ColumnElement[bool]] = []
    if f.crebo is not None:
        where.append(S.crebo == f.crebo)
    if f.niveau is not None:
        where.append(S.niveau == f.niveau)
    if f.priority is not None:
        where.append(S.priority == f.priority)
    if f.needs_support is not None:
        condition = needs_support_sql()
        where.append(condition if f.needs_support else ~condition)
    if f.postcode is not None and centre is not None:
        where += around(centre, f.radius_km)
    return where


def company_conditions(f: CompanyFilter) -> list[ColumnElement[bool]]:
    """SQL conditions for a company filter."""
    where: list[ColumnElement[bool]] = []
    if f.sector is not None:
        where.append(C.sector == f.sector)
    if f.open_to_extra_support is not None:
        where.append(C.open_to_extra_support == f.open_to_extra_support)
    if f.recognised is not None:
        where.append(C.sbb_recognized == f.recognised)
    return where


def place_conditions(f: PlaceFilter) -> list[ColumnElement[bool]]:
    """SQL conditions for a place filter."""
    where: list[ColumnElement[bool]] = []
    if f.company_id is not None:
        where.append(P.company_id == f.company_id)
    if f.crebo is not None:
        where.append(list_contains(P.crebos, f.crebo))
    if f.sector is not None:
        in_sector = select(C.company_id).where(C.dataset == CURRENT_DATASET, C.sector == f.sector)
        where.append(P.company_id.in_(in_sector))
    if f.min_capacity is not None:
        where.append(P.capacity >= f.min_capacity)
    return where


def around(point: GeoPoint, radius_km: float) -> list[ColumnElement[bool]]:
    """A lat/lon box of ``radius_km`` around ``point`` (students living there)."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(point.lat)), 0.1))
    return [
        S.lat.between(point.lat - dlat, point.lat + dlat),
        S.lon.between(point.lon - dlon, point.lon + dlon),
    ]
