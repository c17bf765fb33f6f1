"""Field classification of the student profile and the company card projection (per part).

Every ``Student`` field carries a sensitivity class (domain.md R1): ``S`` special category
(health-derived: needs, capacities, stimulus sensitivity, spoons, support areas), ``G`` sensitive
but not art. 9, ``N`` normal. Diagnoses are not stored at all (R2). ``company_card`` is the only
view of a student a company ever gets: the proposal line (niveau, crebo, hours) always, and per
part the student consented to for that company: strengths (Ik ben / Ik kan / Ik wil leren, in
the student's own words), working times, and the needs sentences of ``explain.company_needs``
(never why). The name comes with any part; without one there is only the proposal line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date
from enum import StrEnum
from typing import Any

from matcher.domain import Company, Place, Student
from matcher.nl import days_text
from matcher.privacy.consent import ALL_PARTS, PART_ORDER, ConsentPart
from matcher.privacy.vocabulary import Category
from matcher.profile import (
    ERVARING,
    EXPERIENCE,
    IK_BEN,
    IK_KAN,
    IK_WIL_LEREN,
    TASK_LABELS,
    Words,
)
from matcher.scoring.explain import PairFacts, company_needs, company_work_times, to_arrange


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


STRENGTHS_KEYS = ("strengths",)
CONDITIONS_KEYS = ("conditions",)
NEEDS_KEYS = ("needs", "arrange")
PART_KEYS: dict[ConsentPart, tuple[str, ...]] = {
    ConsentPart.STRENGTHS: STRENGTHS_KEYS,
    ConsentPart.CONDITIONS: CONDITIONS_KEYS,
    ConsentPart.NEEDS: NEEDS_KEYS,
}
PROPOSAL_KEYS = ("place_id", "crebo", "niveau", "hours_per_week")
NO_CONSENT_NOTE = "De student deelt (nog) geen gegevens met jullie. Vraag de school."
OWN_WORDS = "own_words"  # the student's free text in a strengths section: shown as written


def _section(title: str, items: Iterable[str], own_words: str = "") -> dict[str, Any]:
    return {"title": title, "items": list(items), OWN_WORDS: own_words}


def strengths(student: Student, words: Words) -> list[dict[str, Any]]:
    """Ik ben / Ik kan / Ik wil leren / what I have done / what I like doing: the student's
    choices and own words (only the sections with something in them, in the pitch's order)."""
    sections = [
        _section("Ik ben", _labels(words.ik_ben, IK_BEN), words.ik_ben_tekst),
        _section("Ik kan", _labels(words.ik_kan, IK_KAN), words.ik_kan_tekst),
        _section("Ik wil leren", _labels(words.ik_wil, IK_WIL_LEREN), words.ik_wil_tekst),
        _section(EXPERIENCE, _labels(words.ervaring, ERVARING), words.ervaring_tekst),
        _section(
            "Werk dat ik graag doe",
            [TASK_LABELS[t] for t in TASK_LABELS if t in student.interest_tasks],
            ", ".join(sorted(student.interest_sectors)),
        ),
    ]
    return [s for s in sections if s["items"] or s[OWN_WORDS]]


def _labels(chosen: frozenset[str], vocabulary: dict[str, str]) -> list[str]:
    return [label for key, label in vocabulary.items() if key in chosen]


def conditions(facts: PairFacts) -> list[str]:
    """Mijn werktijden: the days I can work (a run as "maandag tot en met vrijdag"), and the
    working-time lines of the needs."""
    days = facts.student.days_available
    out = [f"Kan werken op {days_text(days, full=True)}."] if days else []
    return out + list(company_work_times(facts))


def full_card(
    student: Student, place: Place, company: Company, words: Words | None = None
) -> dict[str, Any]:
    """The card with every part, as a published round stores it (:func:`project_card` picks
    what the student shares)."""
    facts = PairFacts(student, place, company, {}, 0.0, 0)
    return {
        "place_id": str(place.place_id),
        "crebo": student.crebo,
        "niveau": int(student.niveau),
        "hours_per_week": student.hours_per_week,
        "student_id": str(student.student_id),
        "name": student.name,
        "strengths": strengths(student, words or Words()),
        "conditions": conditions(facts),
        "needs": list(company_needs(facts, work_times=False)),
        "arrange": [
            f"Graag voor de start regelen: {w}." for w in to_arrange(student, place, company)
        ],
    }


def project_card(card: dict[str, Any], parts: Iterable[ConsentPart]) -> dict[str, Any]:
    """What a company sees of a full card: the proposal line always; the name with any part;
    each part's lines only when that part is shared. Without any part, the note instead."""
    shared = [p for p in PART_ORDER if p in set(parts)] if "name" in card else []
    out = {k: card[k] for k in PROPOSAL_KEYS if k in card}
    out["shared"] = bool(shared)
    out["parts"] = [p.value for p in shared]
    if not shared:
        out["note"] = card.get("note", NO_CONSENT_NOTE)
        return out
    out["student_id"] = card.get("student_id")
    out["name"] = card["name"]
    for part in shared:
        for key in PART_KEYS[part]:
            out[key] = list(card.get(key, []))
    return out


def company_card(
    student: Student,
    place: Place,
    company: Company,
    parts: Iterable[ConsentPart] = ALL_PARTS,
    *,
    words: Words | None = None,
) -> dict[str, Any]:
    """The card a company sees with these consented parts: strengths first, then working
    times, then what helps; without any part only the proposal line and a note."""
    return project_card(full_card(student, place, company, words), parts)


def _texts(value: Any, key: str = "") -> Iterator[str]:
    """Every text in a card except the name and the student's own words."""
    if key in ("name", OWN_WORDS):
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    else:
        yield str(value)


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from _keys(v)


def card_leaks(card: dict[str, Any]) -> list[str]:
    """What in a company card must never be there: special-category keys (at any depth), health
    words in any text the system wrote, or needs lines without the needs part.

    The student's own words (``own_words``: the free texts and the branches they named) are
    not scanned: they are shown as written, only under the strengths part, after the student
    saw them in the preview; the student page warns when they contain a health word."""
    problems = [f"veld {key}" for key in _keys(card) if key in FORBIDDEN_KEYS]
    text = " ".join(_texts(card)).lower()
    problems += [f"woord {word}" for word in HEALTH_WORDS if word in text]
    parts = set(card.get("parts", ())) if "parts" in card else None
    if parts is not None:
        for part, keys in PART_KEYS.items():
            if part.value not in parts:
                problems += [f"deel {part.value} niet gedeeld: {k}" for k in keys if k in card]
    return problems


def health_words_in(text: str) -> list[str]:
    """The health words in a text (to warn a student about their own words)."""
    lowered = text.lower()
    return [w for w in HEALTH_WORDS if w in lowered]


def year_only(birth_date: date) -> date:
    """A birth date coarsened to 1 January of its year (for anonymisation)."""
    return date(birth_date.year, 1, 1)
