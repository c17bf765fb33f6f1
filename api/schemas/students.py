"""Student schemas: contract field names; lists as JSON arrays; checked like one file row."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from api.schemas.common import InputModel, SafeId, SafeName, choice, domain_fields
from matcher.domain import Day, Leerweg, Student, SupportArea, TravelMode


class StudentUpdate(InputModel):
    """Changes to a student: only the fields sent are changed (PATCH)."""

    name: SafeName | None = None
    birth_date: date | None = Field(default=None, description="JJJJ-MM-DD")
    postcode: str | None = Field(default=None, description="1234 AB of 1234 (of lat en lon)")
    lat: float | None = None
    lon: float | None = None
    crebo: str | None = Field(default=None, description="5 cijfers")
    niveau: int | None = Field(default=None, description="mbo-niveau 1-4")
    leerweg: str | None = choice(Leerweg)
    hours_per_week: float | None = None
    max_hours_per_day: float | None = None
    days_available: list[str] | None = choice(Day, 'dagen, zoals ["ma", "di"]')
    travel_mode: str | None = choice(TravelMode)
    max_travel_minutes: int | None = None
    physical_capacity: int | None = Field(default=None, description="1-5")
    mental_capacity: int | None = Field(default=None, description="1-5")
    stimulus_sensitivity: int | None = Field(default=None, description="0-3")
    social_support_need: int | None = Field(default=None, description="0-3")
    guidance_hours_per_week: float | None = None
    needs_wheelchair_access: bool | None = None
    needs_adapted_toilet: bool | None = None
    needs_adjustable_workplace: bool | None = None
    needs_quiet_workspace: bool | None = None
    needs_predictable_schedule: bool | None = None
    needs_flexible_hours: bool | None = None
    needs_extra_breaks: bool | None = None
    energy_spoons_per_day: float | None = None
    support_areas: list[str] | None = choice(SupportArea, "steungebieden, nooit een diagnose")
    has_vog: bool | None = None
    preferences: list[SafeId] | None = Field(default=None, description="place_id's, beste eerst")
    priority: bool | None = None
    school_hours_per_week: float | None = Field(
        default=None, description="schooltijd in een BPV-week; telt bij 16/17 jaar als werktijd"
    )


class StudentCreate(StudentUpdate):
    """A new student: one row of students.csv as JSON."""

    student_id: SafeId
    birth_date: date = Field(description="JJJJ-MM-DD")
    crebo: str = Field(description="5 cijfers")
    niveau: int = Field(description="mbo-niveau 1-4")
    leerweg: str = Field(json_schema_extra={"enum": [m.value for m in Leerweg]})
    hours_per_week: float


class StudentPublic(BaseModel):
    """A stored student."""

    student_id: str
    name: str
    birth_date: date
    lat: float
    lon: float
    precision: str
    crebo: str
    niveau: int
    leerweg: Leerweg
    hours_per_week: float
    max_hours_per_day: float
    days_available: list[Day]
    travel_mode: TravelMode
    max_travel_minutes: int
    physical_capacity: int
    mental_capacity: int
    stimulus_sensitivity: int
    social_support_need: int
    guidance_hours_per_week: float
    needs_wheelchair_access: bool
    needs_adapted_toilet: bool
    needs_adjustable_workplace: bool
    needs_quiet_workspace: bool
    needs_predictable_schedule: bool
    needs_flexible_hours: bool
    needs_extra_breaks: bool
    energy_spoons_per_day: float | None
    support_areas: list[SupportArea]
    has_vog: bool | None
    preferences: list[str]
    priority: bool
    school_hours_per_week: float
    needs_extra_support: bool = Field(description="telt mee voor max_support_students")

    @classmethod
    def of(cls, student: Student) -> StudentPublic:
        """From the domain value."""
        values = domain_fields(student)
        values["needs_extra_support"] = student.needs_extra_support
        return cls.model_validate(values)
