"""Shortlist schema: the best places for one student, with estimated travel time and reasons."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from matcher import Explanation, ShortlistItem
from matcher.domain import Company

TRAVEL_NOTE = (
    "Reistijden zijn schattingen op basis van de afstand en het vervoer van de student. "
    "Controleer de echte reistijd met een reisplanner."
)


class ExplanationOut(BaseModel):
    """Why this place fits, for the bureau: reasons, points of attention and the numbers."""

    reasons: list[str]
    attention: list[str]
    details: list[str]
    text: str
    arrange: list[str] = []  # what must be arranged before the start (not repeated in attention)

    @classmethod
    def of(cls, explanation: Explanation) -> ExplanationOut:
        """From the core's explanation."""
        return cls(
            reasons=list(explanation.reasons),
            attention=list(explanation.attention),
            details=list(explanation.details),
            text=explanation.text(),
            arrange=list(explanation.arrange),
        )


class ShortlistEntry(BaseModel):
    """One suggested place."""

    place_id: str
    company_id: str
    company_name: str
    sector: str
    score: float = Field(description="0..1: hoe goed de plek past volgens de matcher")
    travel_minutes_estimate: float = Field(description="geschatte reistijd enkele reis")
    to_arrange: list[str] = Field(description="wat vóór de start geregeld moet worden")
    explanation: ExplanationOut


class ShortlistOut(BaseModel):
    """The best places for a student, best first; a person decides."""

    student_id: str
    on: date = Field(description="startdatum waarop leeftijd en regels zijn bekeken")
    travel_note: str = TRAVEL_NOTE
    items: list[ShortlistEntry]


def entry(item: ShortlistItem, company: Company) -> ShortlistEntry:
    """One shortlist item (and its company) as a response entry."""
    return ShortlistEntry(
        place_id=item.place_id,
        company_id=item.company_id,
        company_name=company.name,
        sector=company.sector,
        score=round(item.score, 4),
        travel_minutes_estimate=round(item.travel_minutes, 1),
        to_arrange=list(item.to_arrange),
        explanation=ExplanationOut.of(item.explanation),
    )
