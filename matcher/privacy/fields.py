"""Field classification of the student profile and the needs-only company projection.

Every ``Student`` field carries a sensitivity class (domain.md R1): ``S`` special category
(health-derived: needs, capacities, stimulus sensitivity, spoons, support areas), ``G`` sensitive
but not art. 9, ``N`` normal. Diagnoses are not stored at all (R2). ``company_card`` is the only
view of a student a company ever gets: name, niveau, crebo, hours and the needs sentences of
``explain.company_needs``, and only after the student's consent for that company.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from enum import StrEnum
from typing import Any

from matcher.domain import Company, Place, Student
from matcher.privacy.vocabulary import Category
from matcher.scoring.explain import PairFacts, company_needs, to_arrange


class Sensitivity(StrEnum):
    """Sensitivity class of a field (domain.md §2)."""

    N = "N"
    G = "G"
    S = "S"


SPECIAL_FIELDS: frozenset[str] = frozenset(
    {
        "physical_capacity",
        "mental_capacity",
        "stimulus_sensitivity",
        "social_support_need",
        "guidance_hours_per_week",
        "needs_wheelchair_access",
        "needs_adapted_toilet",
        "needs_adjustable_workplace",
        "needs_quiet_workspace",
        "needs_predictable_schedule",
        "needs_flexible_hours",
        "needs_extra_breaks",
        "energy_spoons_per_day",
        "support_areas",
        "max_hours_per_day",
    }
)
SENSITIVE_FIELDS: frozenset[str] = frozenset({"priority", "has_vog"})
IDENTITY_FIELDS: frozenset[str] = frozenset(
    {"student_id", "name", "birth_date", "location", "crebo", "niveau", "leerweg"}
)
PROFILE_FIELDS: frozenset[str] = frozenset(
    {
        "hours_per_week",
        "school_hours_per_week",
        "days_available",
        "travel_mode",
        "max_travel_minutes",
        "preferences",
        "has_vog",
        "priority",
    }
)
# Names of special-category fields as they may appear in any response (flattened locations too).
FORBIDDEN_KEYS: frozenset[str] = SPECIAL_FIELDS | {
    "birth_date",
    "lat",
    "lon",
    "location",
    "terms",
    "score",
    "explanation",
    "diagnosis",
}
# Words that give away health or a support area; never in text a company reads.
HEALTH_WORDS: tuple[str, ...] = (
    "diagnose",
    "ziekte",
    "stoornis",
    "beperking",
    "handicap",
    "autis",
    "adhd",
    "epilep",
    "medic",
    "lepel",
    "energie",
    "belastbaar",
    "prikkelgevoelig",
    "psychisch",
    "fysiek",
    "mobiliteit",
    "structuur",
    "gedrag",
    "taal",
    "communicatie",
)


def sensitivity(field_name: str) -> Sensitivity:
    """The class of one ``Student`` field."""
    if field_name in SPECIAL_FIELDS:
        return Sensitivity.S
    if field_name in SENSITIVE_FIELDS:
        return Sensitivity.G
    return Sensitivity.N


def category_of(field_name: str) -> Category:
    """The data category a ``Student`` field belongs to."""
    if field_name in SPECIAL_FIELDS:
        return Category.FUNCTIONAL_NEEDS
    if field_name in IDENTITY_FIELDS:
        return Category.IDENTITY
    return Category.PROFILE


def classification() -> dict[str, Sensitivity]:
    """Every ``Student`` field with its class (a test asserts none is forgotten)."""
    return {f.name: sensitivity(f.name) for f in fields(Student)}


def special_fields_in(keys: set[str] | frozenset[str]) -> set[str]:
    """The special-category field names among ``keys``."""
    return set(keys) & SPECIAL_FIELDS


def company_card(
    student: Student, place: Place, company: Company, *, consented: bool = True
) -> dict[str, Any]:
    """The needs-only projection a company sees; without consent only the proposal line."""
    card: dict[str, Any] = {
        "place_id": str(place.place_id),
        "crebo": student.crebo,
        "niveau": int(student.niveau),
        "hours_per_week": student.hours_per_week,
        "shared": consented,
    }
    if not consented:
        card["note"] = "De student deelt (nog) geen gegevens met jullie. Vraag de school."
        return card
    facts = PairFacts(student, place, company, {}, 0.0, 0)
    card["student_id"] = str(student.student_id)
    card["name"] = student.name
    card["needs"] = list(company_needs(facts))
    card["arrange"] = [
        f"Graag voor de start regelen: {w}." for w in to_arrange(student, place, company)
    ]
    return card


def card_leaks(card: dict[str, Any]) -> list[str]:
    """What in a company card must never be there: special-category keys or health words."""
    problems = [f"veld {key}" for key in card if key in FORBIDDEN_KEYS]
    text = " ".join(str(v) for k, v in card.items() if k != "name").lower()
    problems += [f"woord {word}" for word in HEALTH_WORDS if word in text]
    return problems


def year_only(birth_date: date) -> date:
    """A birth date coarsened to 1 January of its year (for anonymisation)."""
    return date(birth_date.year, 1, 1)
