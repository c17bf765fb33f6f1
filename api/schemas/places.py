"""Place schemas: contract field names; lists as JSON arrays; checked like one file row."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import InputModel, SafeId, choice, domain_fields
from matcher.domain import Day, Facility, Place, PlaceLeerweg


class PlaceUpdate(InputModel):
    """Changes to a place: only the fields sent are changed (PATCH)."""

    company_id: SafeId | None = None
    crebos: list[str] | None = Field(default=None, description="crebo-nummers van 5 cijfers")
    niveau_min: int | None = None
    niveau_max: int | None = None
    leerweg: str | None = choice(PlaceLeerweg)
    capacity: int | None = None
    hours_min: float | None = None
    hours_max: float | None = None
    max_hours_per_day: float | None = None
    work_days: list[str] | None = choice(Day)
    evening_work: bool | None = None
    night_work: bool | None = None
    physical_load: int | None = Field(default=None, description="1-5")
    mental_load: int | None = Field(default=None, description="1-5")
    quiet_workspace: str | None = choice(Facility)
    adjustable_workplace: str | None = choice(Facility)
    predictable_schedule: bool | None = None
    flexible_hours: bool | None = None
    extra_breaks: bool | None = None
    vog_required: bool | None = None
    postcode: str | None = Field(default=None, description="alleen als de plek elders ligt")
    lat: float | None = None
    lon: float | None = None


class PlaceCreate(PlaceUpdate):
    """A new place: one row of places.csv as JSON."""

    place_id: SafeId
    company_id: SafeId
    crebos: list[str] = Field(description="crebo-nummers van 5 cijfers")


class PlacePublic(BaseModel):
    """A stored place; lat/lon empty when it is at the company's main location."""

    place_id: str
    company_id: str
    crebos: list[str]
    niveau_min: int
    niveau_max: int
    leerweg: PlaceLeerweg
    capacity: int
    hours_min: float
    hours_max: float
    max_hours_per_day: float
    work_days: list[Day]
    evening_work: bool
    night_work: bool
    physical_load: int
    mental_load: int
    quiet_workspace: Facility
    adjustable_workplace: Facility
    predictable_schedule: bool
    flexible_hours: bool
    extra_breaks: bool
    vog_required: bool
    lat: float | None
    lon: float | None
    precision: str | None

    @classmethod
    def of(cls, place: Place) -> PlacePublic:
        """From the domain value."""
        return cls.model_validate(domain_fields(place))
