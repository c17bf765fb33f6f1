"""Company schemas: contract field names; lists as JSON arrays; checked like one file row."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from adapters.flows.praktijkopleiders import Supervision
from api.schemas.common import InputModel, SafeId, SafeName, choice, domain_fields
from matcher.bpv.track import Ending, TrackRecord, summary_text
from matcher.domain import Facility, SupportArea
from matcher.supervision import Praktijkopleider

HOURS_USED = (
    "tijd voor begeleiding per week die een ronde gebruikt: met praktijkopleiders de som van "
    "hun uren, anders het getal van het bedrijf zelf (guidance_hours_source zegt welke)"
)
EXPERIENCE_USED = (
    "ervaring met extra steun die een ronde gebruikt (0 geen, 1 enige, 2 veel): met "
    "praktijkopleiders die van de meest ervaren praktijkopleider, anders die van het bedrijf zelf"
)


class CompanyUpdate(InputModel):
    """Changes to a company: only the fields sent are changed (PATCH)."""

    name: SafeName | None = None
    postcode: str | None = Field(default=None, description="1234 AB of 1234 (of lat en lon)")
    lat: float | None = None
    lon: float | None = None
    sbb_recognized: bool | None = None
    open_to_extra_support: bool | None = None
    guidance_hours_per_week: float | None = None
    max_support_students: int | None = None
    social_openness: int | None = Field(default=None, description="0-3")
    expertise_areas: list[str] | None = choice(SupportArea)
    wheelchair_access: str | None = choice(Facility)
    adapted_toilet: str | None = choice(Facility)
    sector: SafeName | None = Field(default=None, description="branche, zoals zorg")
    support_experience: int | None = Field(
        default=None, description="ervaring met extra steun: 0 geen, 1 enige, 2 veel"
    )


class CompanyCreate(CompanyUpdate):
    """A new company: one row of companies.csv as JSON."""

    company_id: SafeId
    name: SafeName = Field(min_length=1)
    guidance_hours_per_week: float


class CompanyPublic(BaseModel):
    """A stored company, with the supervision budget as every round uses it.

    ``guidance_hours_per_week`` and ``support_experience`` are what a round uses (and what
    ``matcher export`` writes); the company's own values, which a PATCH changes and which count
    again without praktijkopleiders, are in the ``stored_`` fields."""

    company_id: str
    name: str
    lat: float
    lon: float
    precision: str
    guidance_hours_per_week: float = Field(description=HOURS_USED)
    sbb_recognized: bool
    open_to_extra_support: bool
    max_support_students: int | None
    social_openness: int
    expertise_areas: list[SupportArea]
    wheelchair_access: Facility
    adapted_toilet: Facility
    sector: str
    support_experience: int | None = Field(default=None, description=EXPERIENCE_USED)
    guidance_hours_source: Literal["praktijkopleiders", "company"] = Field(
        default="company",
        description="waar guidance_hours_per_week vandaan komt: de praktijkopleiders van het "
        "bedrijf, of het getal van het bedrijf zelf (company)",
    )
    stored_guidance_hours_per_week: float = Field(
        default=0.0,
        description="het getal van het bedrijf zelf (bestand, API of profielpagina); telt "
        "alleen als het bedrijf geen praktijkopleiders heeft",
    )
    praktijkopleiders_hours_per_week: float | None = Field(
        default=None, description="de uren van de praktijkopleiders samen; leeg zonder hen"
    )
    stored_support_experience: int | None = Field(
        default=None, description="de ervaring met extra steun die het bedrijf zelf opgaf"
    )

    @classmethod
    def of(cls, seen: Supervision) -> CompanyPublic:
        """From the company as a round sees it (``praktijkopleiders.as_round_sees``)."""
        return cls.model_validate(
            {
                **domain_fields(seen.company),
                "guidance_hours_source": seen.source,
                "stored_guidance_hours_per_week": seen.stored.guidance_hours_per_week,
                "praktijkopleiders_hours_per_week": (
                    None if seen.budget is None else seen.company.guidance_hours_per_week
                ),
                "stored_support_experience": seen.stored.support_experience,
            }
        )


class EndingOut(BaseModel):
    """How many BPVs ended one way, with the reasons (code -> count)."""

    count: int
    reasons: dict[str, int]


class TrackRecordOut(BaseModel):
    """A company's history as leerbedrijf (the bureau only; matcher/bpv/track.py)."""

    hosted: int = Field(description="BPV's die hier gestart zijn")
    running: int
    succesvol: int
    niet_succesvol: EndingOut
    afgebroken: EndingOut
    gestopt: EndingOut = Field(description="gestopt voor de start")
    evaluations: int
    signals: dict[str, int]
    host_again_yes: int
    host_again_asked: int
    host_again_share: float | None
    summary: str = Field(description="de korte zin voor het bureau")

    @classmethod
    def of(cls, record: TrackRecord) -> TrackRecordOut:
        """From the domain value."""

        def ending(e: Ending) -> EndingOut:
            return EndingOut(count=e.count, reasons=dict(e.reasons))

        return cls(
            hosted=record.hosted,
            running=record.running,
            succesvol=record.succesvol,
            niet_succesvol=ending(record.niet_succesvol),
            afgebroken=ending(record.afgebroken),
            gestopt=ending(record.gestopt),
            evaluations=record.evaluations,
            signals=dict(record.signals),
            host_again_yes=record.host_again_yes,
            host_again_asked=record.host_again_asked,
            host_again_share=record.host_again_share,
            summary=summary_text(record),
        )


class CompanyListed(CompanyPublic):
    """A company in the list; for the bureau with its track record (left out for others)."""

    track_record: TrackRecordOut | None = Field(default=None, exclude_if=lambda v: v is None)


class PraktijkopleiderOut(BaseModel):
    """A praktijkopleider of a company (company data)."""

    id: int
    company_id: str
    name: str
    email: str
    phone: str
    hours_per_week: float
    support_experience: int = Field(description="0 geen, 1 enige, 2 veel ervaring met extra steun")

    @classmethod
    def of(cls, person: Praktijkopleider) -> PraktijkopleiderOut:
        """From the domain value."""
        return cls(
            id=person.person_id or 0,
            company_id=person.company_id,
            name=person.name,
            email=person.email,
            phone=person.phone,
            hours_per_week=person.hours_per_week,
            support_experience=int(person.support_experience),
        )
