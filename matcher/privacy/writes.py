"""Write scope per field (pure): who may create or change which profile, and which fields.

The endpoint policy decides whether a person may use a write route at all; this decides, per
record and per field, what that write may touch. The BPV-bureau may change everything. A company
account changes only its own company and its own places, and only what the company itself knows
best: accessibility, supervision time, openness and expertise, and per place its capacity,
hours, days and working conditions. It never creates companies or places, never moves a place
to another company, and never touches recognition (``sbb_recognized``, a place's crebos, niveau
and leerweg) or location. Recognition and a student's priority flag are for the bureau alone,
whoever else may write (a jobcoach); so only the bureau adds a company, since that decides
whether it is recognised. A student changes nothing of their school record directly: its facts
(VOG, birth date, qualification, hours, location) decide the hard rules, so school keeps them;
what a student wants changed goes through the jobcoach or begeleider.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from matcher.nl import and_list
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role


class Kind(StrEnum):
    """The kind of profile written (the contract file's name)."""

    STUDENT = "students"
    COMPANY = "companies"
    PLACE = "places"


class Write(StrEnum):
    """What the write does to the record."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


# What a company account may change of its own company and of its own places.
COMPANY_OWN_COMPANY_FIELDS: frozenset[str] = frozenset(
    {
        "wheelchair_access",
        "adapted_toilet",
        "guidance_hours_per_week",
        "open_to_extra_support",
        "max_support_students",
        "social_openness",
        "expertise_areas",
        "support_experience",
    }
)
COMPANY_OWN_PLACE_FIELDS: frozenset[str] = frozenset(
    {
        "capacity",
        "hours_min",
        "hours_max",
        "max_hours_per_day",
        "work_days",
        "evening_work",
        "night_work",
        "quiet_workspace",
        "adjustable_workplace",
        "predictable_schedule",
        "flexible_hours",
        "extra_breaks",
    }
)
# Fields only the bureau sets, whoever else may write the record.
BUREAU_ONLY_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.STUDENT: frozenset({"priority"}),
    Kind.COMPANY: frozenset({"sbb_recognized"}),
    Kind.PLACE: frozenset(),
}
LABELS = {
    "sbb_recognized": "sbb_recognized (erkend leerbedrijf)",
    "priority": "priority (voorrang)",
    "company_id": "company_id (het bedrijf van de plek)",
    "crebos": "crebos (erkende opleidingen)",
    "location": "de plaats (postcode, lat, lon)",
    "wheelchair_access": "wheelchair_access (rolstoel)",
    "adapted_toilet": "adapted_toilet (aangepast toilet)",
    "guidance_hours_per_week": "guidance_hours_per_week (tijd voor begeleiding)",
    "open_to_extra_support": "open_to_extra_support (open voor extra steun)",
    "max_support_students": "max_support_students (plekken met extra steun)",
    "social_openness": "social_openness (openheid)",
    "support_experience": "support_experience (ervaring met extra steun)",
    "expertise_areas": "expertise_areas (ervaring)",
}
STAFF = frozenset({Role.JOBCOACH, Role.BEGELEIDER})
BUREAU_DOES_IT = "Dat doet het BPV-bureau. Er is niets opgeslagen."
STUDENT_ASKS_SCHOOL = (
    "Je gegevens worden door school bijgehouden, omdat ze bepalen welke plekken kunnen. Klopt er "
    "iets niet of wil je iets veranderen? Vraag het je jobcoach of begeleider. Er is niets "
    "opgeslagen."
)


def write_refusal(
    principal: Principal,
    kind: Kind,
    write: Write,
    *,
    owner: str | None,
    changed: Collection[str],
) -> str | None:
    """Why this write is not allowed (Dutch, naming what), or None when it is.

    ``owner`` is the company the record belongs to (a company's own id, a place's company; for a
    new place the company it names); ``changed`` the fields the write sets or changes.
    """
    roles = principal.roles
    if Role.BUREAU in roles:
        return None
    if kind is Kind.COMPANY and write is Write.CREATE:  # a new company's recognition is decided
        return (
            "Alleen het BPV-bureau voegt een nieuw bedrijf toe: het bureau beslist of het een "
            "erkend leerbedrijf is. Er is niets opgeslagen."
        )
    if not roles & STAFF and Role.COMPANY not in roles:  # a student (or an account with no role)
        return STUDENT_ASKS_SCHOOL
    if Role.COMPANY in roles and not roles & STAFF:
        refusal = _company_refusal(principal.company_id, kind, write, owner, changed)
        if refusal is not None:
            return refusal
    forbidden = sorted(set(changed) & BUREAU_ONLY_FIELDS[kind])
    if forbidden:
        return f"Je kunt {_names(forbidden)} niet aanpassen. {BUREAU_DOES_IT}"
    return None


def _company_refusal(
    own: str | None, kind: Kind, write: Write, owner: str | None, changed: Collection[str]
) -> str | None:
    if kind is Kind.STUDENT:
        return "Als bedrijf kun je geen gegevens van studenten aanpassen. Er is niets opgeslagen."
    if own is None or owner != own:
        if kind is Kind.PLACE and write is Write.CREATE:
            return "Je kunt geen plek toevoegen bij een ander bedrijf. Er is niets opgeslagen."
        what = "plekken" if kind is Kind.PLACE else "gegevens"
        return (
            f"Je kunt alleen de {what} van je eigen bedrijf aanpassen, niet die van een ander "
            "bedrijf. Er is niets opgeslagen."
        )
    if kind is Kind.PLACE and write is Write.CREATE:
        return (
            "Als bedrijf kun je geen nieuwe plek toevoegen; vraag het BPV-bureau om de plek toe "
            "te voegen. Er is niets opgeslagen."
        )
    if kind is Kind.PLACE and "company_id" in changed:
        return f"Je kunt een plek niet naar een ander bedrijf verplaatsen. {BUREAU_DOES_IT}"
    allowed = COMPANY_OWN_COMPANY_FIELDS if kind is Kind.COMPANY else COMPANY_OWN_PLACE_FIELDS
    forbidden = sorted(set(changed) - allowed)
    if forbidden:
        return (
            f"Als bedrijf kun je {_names(forbidden)} niet aanpassen; dat doet het BPV-bureau. "
            f"Je kunt wel aanpassen: {_names(sorted(allowed))}. Er is niets opgeslagen."
        )
    return None


def _names(fields: Collection[str]) -> str:
    return and_list([LABELS.get(f, f) for f in fields])
