"""Table models: one row per student, company, place and outcome, per dataset.

Every row belongs to a ``dataset``: ``"current"`` for the live data, its own name for each history
set (history ids are their own and may collide with current ids). Lists are stored as ';'-joined
text, enums as their value, locations as ``lat``, ``lon``, ``precision``. Only ``mappers.py``
converts between these rows and the domain values.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime

CURRENT_DATASET = "current"


class RowMeta(SQLModel):
    """Columns every table has: surrogate key, dataset and bookkeeping."""

    id: int | None = Field(default=None, primary_key=True)
    dataset: str
    created_at: datetime = Field(sa_type=UTCDateTime())
    updated_at: datetime = Field(sa_type=UTCDateTime())


class ProfileMeta(RowMeta):
    """Profile tables also keep a hash of their content to skip unchanged rows."""

    content_hash: str


def _between(column: str, low: int, high: int, name: str) -> CheckConstraint:
    """CHECK low <= column <= high (NULL passes, as SQL does)."""
    return CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=name)


_LAT_LON = "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180"


class StudentRow(ProfileMeta, table=True):
    """A student's profile in one dataset."""

    __tablename__ = "student"
    __table_args__ = (
        UniqueConstraint("dataset", "student_id", name="uq_student_dataset_student_id"),
        _between("niveau", 1, 4, "ck_student_niveau"),
        _between("physical_capacity", 1, 5, "ck_student_physical_capacity"),
        _between("mental_capacity", 1, 5, "ck_student_mental_capacity"),
        _between("stimulus_sensitivity", 0, 3, "ck_student_stimulus_sensitivity"),
        _between("social_support_need", 0, 3, "ck_student_social_support_need"),
        CheckConstraint("guidance_hours_per_week >= 0", name="ck_student_guidance_hours"),
        CheckConstraint("hours_per_week >= 0", name="ck_student_hours_per_week"),
        CheckConstraint("school_hours_per_week >= 0", name="ck_student_school_hours"),
        CheckConstraint("max_hours_per_day >= 0", name="ck_student_max_hours_per_day"),
        CheckConstraint("max_travel_minutes >= 0", name="ck_student_max_travel_minutes"),
        CheckConstraint(_LAT_LON, name="ck_student_lat_lon"),
    )

    student_id: str
    name: str = ""
    birth_date: date
    lat: float
    lon: float
    precision: str
    crebo: str
    niveau: int
    leerweg: str
    hours_per_week: float
    max_hours_per_day: float
    days_available: str
    travel_mode: str
    max_travel_minutes: int
    physical_capacity: int
    mental_capacity: int
    stimulus_sensitivity: int
    social_support_need: int
    guidance_hours_per_week: float
    school_hours_per_week: float = 0.0
    needs_wheelchair_access: bool
    needs_adapted_toilet: bool
    needs_adjustable_workplace: bool
    needs_quiet_workspace: bool
    needs_predictable_schedule: bool
    needs_flexible_hours: bool
    needs_extra_breaks: bool
    energy_spoons_per_day: float | None = None
    support_areas: str = ""
    has_vog: bool | None = None
    preferences: str = ""  # place ids, best first: order kept, not sorted
    priority: bool = False
    interest_sectors: str = ""  # lower case, sorted
    interest_tasks: str = ""  # TaskKind values, sorted


class CompanyRow(ProfileMeta, table=True):
    """A company (leerbedrijf) in one dataset."""

    __tablename__ = "company"
    __table_args__ = (
        UniqueConstraint("dataset", "company_id", name="uq_company_dataset_company_id"),
        CheckConstraint("guidance_hours_per_week >= 0", name="ck_company_guidance_hours"),
        CheckConstraint("max_support_students >= 0", name="ck_company_max_support_students"),
        _between("social_openness", 0, 3, "ck_company_social_openness"),
        _between("support_experience", 0, 2, "ck_company_support_experience"),
        CheckConstraint(_LAT_LON, name="ck_company_lat_lon"),
    )

    company_id: str
    name: str
    lat: float
    lon: float
    precision: str
    guidance_hours_per_week: float
    sbb_recognized: bool
    open_to_extra_support: bool
    max_support_students: int | None = None
    social_openness: int
    expertise_areas: str = ""
    wheelchair_access: str
    adapted_toilet: str
    sector: str = ""
    support_experience: int | None = None  # 0-2, NULL: not told (contract extension)


class PlaceRow(ProfileMeta, table=True):
    """A BPV place in one dataset; belongs to a company of the same dataset."""

    __tablename__ = "place"
    __table_args__ = (
        UniqueConstraint("dataset", "place_id", name="uq_place_dataset_place_id"),
        ForeignKeyConstraint(
            ["dataset", "company_id"],
            ["company.dataset", "company.company_id"],
            name="fk_place_company",
        ),
        Index("ix_place_dataset_company_id", "dataset", "company_id"),
        CheckConstraint("capacity >= 1", name="ck_place_capacity"),
        _between("niveau_min", 1, 4, "ck_place_niveau_min"),
        _between("niveau_max", 1, 4, "ck_place_niveau_max"),
        CheckConstraint("niveau_min <= niveau_max", name="ck_place_niveau_order"),
        CheckConstraint("hours_min >= 0", name="ck_place_hours_min"),
        CheckConstraint("hours_min <= hours_max", name="ck_place_hours_order"),
        CheckConstraint("max_hours_per_day >= 0", name="ck_place_max_hours_per_day"),
        _between("physical_load", 1, 5, "ck_place_physical_load"),
        _between("mental_load", 1, 5, "ck_place_mental_load"),
        CheckConstraint(
            "(lat IS NULL AND lon IS NULL AND precision IS NULL)"
            " OR (lat IS NOT NULL AND lon IS NOT NULL AND precision IS NOT NULL)",
            name="ck_place_location_complete",
        ),
        CheckConstraint(_LAT_LON, name="ck_place_lat_lon"),
    )

    place_id: str
    company_id: str
    crebos: str
    niveau_min: int
    niveau_max: int
    leerweg: str
    capacity: int
    hours_min: float
    hours_max: float
    max_hours_per_day: float
    work_days: str
    evening_work: bool
    night_work: bool
    physical_load: int
    mental_load: int
    quiet_workspace: str
    adjustable_workplace: str
    predictable_schedule: bool
    flexible_hours: bool
    extra_breaks: bool
    vog_required: bool
    lat: float | None = None  # all three NULL: at the company's main location
    lon: float | None = None
    precision: str | None = None
    tasks: str = ""  # TaskKind values, sorted; empty: not listed


class OutcomeRow(RowMeta, table=True):
    """How an earlier placement ended; ``position`` keeps the order of the history file."""

    __tablename__ = "outcome"
    __table_args__ = (
        UniqueConstraint("dataset", "position", name="uq_outcome_dataset_position"),
        ForeignKeyConstraint(
            ["dataset", "student_id"],
            ["student.dataset", "student.student_id"],
            name="fk_outcome_student",
        ),
        ForeignKeyConstraint(
            ["dataset", "place_id"],
            ["place.dataset", "place.place_id"],
            name="fk_outcome_place",
        ),
        CheckConstraint("position >= 0", name="ck_outcome_position"),
    )

    position: int
    student_id: str
    place_id: str
    outcome: str
