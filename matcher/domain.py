"""Frozen domain values: students, companies, places, outcomes and proposals.

These mirror the exchange format in the contract (docs/contract.md) but are typed:
enums for closed vocabularies, frozensets for lists, ``None`` where the contract allows "unknown".
Nothing here does I/O; adapters build these values and the core only ever sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum, IntEnum, StrEnum
from typing import NewType

StudentId = NewType("StudentId", str)
CompanyId = NewType("CompanyId", str)
PlaceId = NewType("PlaceId", str)


class Niveau(IntEnum):
    """Mbo level: 1 entree, 2 basisberoeps, 3 vak, 4 middenkader/specialist."""

    ENTREE = 1
    BASIS = 2
    VAK = 3
    MIDDENKADER = 4


class Leerweg(StrEnum):
    """Learning pathway of a student."""

    BOL = "bol"
    BBL = "bbl"


class PlaceLeerweg(StrEnum):
    """Learning pathways a place accepts."""

    BOL = "bol"
    BBL = "bbl"
    BOTH = "both"

    def accepts(self, leerweg: Leerweg) -> bool:
        """Whether a student on ``leerweg`` may take this place."""
        return self is PlaceLeerweg.BOTH or self.value == leerweg.value


class TravelMode(StrEnum):
    """How a student travels to the place."""

    OV = "ov"
    FIETS = "fiets"
    AUTO = "auto"
    LOPEN = "lopen"
    TAXI = "taxi"


class Facility(StrEnum):
    """Tri-state facility: present, can be arranged before the start, or impossible."""

    YES = "yes"
    ARRANGEABLE = "arrangeable"
    NO = "no"

    @property
    def available(self) -> bool:
        """Present or arrangeable: only ``no`` excludes."""
        return self is not Facility.NO


class Day(StrEnum):
    """Days of the week, in the contract's Dutch abbreviations."""

    MA = "ma"
    DI = "di"
    WO = "wo"
    DO = "do"
    VR = "vr"
    ZA = "za"
    ZO = "zo"


WEEKDAYS: frozenset[Day] = frozenset({Day.MA, Day.DI, Day.WO, Day.DO, Day.VR})
DAY_ORDER: tuple[Day, ...] = tuple(Day)


class SupportArea(StrEnum):
    """Functional support areas: what a student needs support with, never a diagnosis."""

    STRUCTUUR = "structuur"
    PRIKKELS = "prikkels"
    MOBILITEIT = "mobiliteit"
    ENERGIE = "energie"
    TAAL = "taal"
    COMMUNICATIE = "communicatie"
    GEDRAG = "gedrag"


class TaskKind(StrEnum):
    """Kinds of work a student likes to do and a place offers (interests, H:1073-1095).

    A closed, plain vocabulary so a student can tick them on a phone and a bureau can list them
    per place; the Dutch words for each are in ``matcher.scoring.explain.TASK_WORDS``.
    """

    MENSEN = "mensen"  # met mensen werken: helpen, zorgen, klanten
    HANDEN = "handen"  # met je handen werken: maken, bouwen, koken
    BUITEN = "buiten"  # buiten werken
    TECHNIEK = "techniek"  # met machines en techniek
    COMPUTER = "computer"  # met de computer
    DIEREN = "dieren"  # met dieren
    REGELEN = "regelen"  # regelen en ordenen: voorraad, administratie, planning
    CREATIEF = "creatief"  # creatief werk: ontwerpen, versieren, presenteren


class Outcome(StrEnum):
    """How an earlier BPV ended."""

    SUCCESVOL = "succesvol"
    NIET_SUCCESVOL = "niet_succesvol"
    AFGEBROKEN = "afgebroken"

    @property
    def successful(self) -> bool:
        """True only for a BPV that ended well."""
        return self is Outcome.SUCCESVOL


class ProposalStatus(StrEnum):
    """Status of one line of a round's output."""

    PROPOSED = "proposed"
    LOCKED = "locked"
    UNPLACED = "unplaced"


class Precision(Enum):
    """How precise a location is; coarser locations get an intra-town distance floor."""

    EXACT = "exact"  # lat/lon given by the school
    PC6 = "pc6"  # a PC6 centroid
    PC4 = "pc4"  # a PC4 centroid
    PLACE = "place"  # the woonplaats the postcode belongs to
    MUNICIPALITY = "municipality"  # the gemeente (mean of its places)
    REGION = "region"  # neighbouring postcodes (same first three digits)


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A WGS84 coordinate with the precision it is known to."""

    lat: float
    lon: float
    precision: Precision = Precision.EXACT


@dataclass(frozen=True, slots=True)
class Student:
    """A student's profile: what they need and can do, never a diagnosis."""

    student_id: StudentId
    birth_date: date
    location: GeoPoint
    crebo: str
    niveau: Niveau
    leerweg: Leerweg
    hours_per_week: float
    name: str = ""
    max_hours_per_day: float = 8.0
    days_available: frozenset[Day] = WEEKDAYS
    travel_mode: TravelMode = TravelMode.OV
    max_travel_minutes: int = 45
    physical_capacity: int = 5
    mental_capacity: int = 5
    stimulus_sensitivity: int = 0
    social_support_need: int = 0
    guidance_hours_per_week: float = 1.0
    needs_wheelchair_access: bool = False
    needs_adapted_toilet: bool = False
    needs_adjustable_workplace: bool = False
    needs_quiet_workspace: bool = False
    needs_predictable_schedule: bool = False
    needs_flexible_hours: bool = False
    needs_extra_breaks: bool = False
    energy_spoons_per_day: float | None = None
    support_areas: frozenset[SupportArea] = frozenset()
    has_vog: bool | None = None
    preferences: tuple[PlaceId, ...] = ()
    priority: bool = False
    # School time in a BPV week (lesdagen, terugkomdagen, lessons at the company). For a student
    # of 16 or 17 it counts as working time (M4, H:4472-4474): BPV hours plus these stay within
    # the weekly limit.
    school_hours_per_week: float = 0.0
    # Interests (contract extension): sectors (branches, lower case, as in ``Company.sector``)
    # and kinds of tasks the student likes. Empty: no interests given, the term is neutral.
    interest_sectors: frozenset[str] = frozenset()
    interest_tasks: frozenset[TaskKind] = frozenset()

    @property
    def needs_extra_support(self) -> bool:
        """Counts towards a company's ``max_support_students``.

        A student needs extra support when any facility or schedule need is set, a support area
        is named, or the social or stimulus scale is 2 or more.
        """
        return (
            self.needs_wheelchair_access
            or self.needs_adapted_toilet
            or self.needs_adjustable_workplace
            or self.needs_quiet_workspace
            or self.needs_predictable_schedule
            or self.needs_flexible_hours
            or self.needs_extra_breaks
            or bool(self.support_areas)
            or self.social_support_need >= 2
            or self.stimulus_sensitivity >= 2
        )


@dataclass(frozen=True, slots=True)
class Company:
    """A leerbedrijf: its location, recognition and what it offers around support."""

    company_id: CompanyId
    name: str
    location: GeoPoint
    guidance_hours_per_week: float
    sbb_recognized: bool = True
    open_to_extra_support: bool = False
    max_support_students: int | None = None
    social_openness: int = 1  # 0-3: how open the workplace is, never how experienced
    expertise_areas: frozenset[SupportArea] = frozenset()
    wheelchair_access: Facility = Facility.NO
    adapted_toilet: Facility = Facility.NO
    sector: str = ""  # contract extension: optional branche, e.g. "zorg", for shortlist filters
    # Contract extension: experience with students who need extra support, 0 none, 1 some,
    # 2 much (``SupportExperience``); None: not told (scores as today). The company's
    # praktijkopleiders decide it when it has them (matcher/supervision.py).
    support_experience: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A BPV place at a company: the unit the solver assigns students to."""

    place_id: PlaceId
    company_id: CompanyId
    crebos: frozenset[str]
    niveau_min: int = 1
    niveau_max: int = 4
    leerweg: PlaceLeerweg = PlaceLeerweg.BOTH
    capacity: int = 1
    hours_min: float = 8.0
    hours_max: float = 40.0
    max_hours_per_day: float = 8.0
    work_days: frozenset[Day] = WEEKDAYS
    evening_work: bool = False
    night_work: bool = False
    physical_load: int = 3
    mental_load: int = 3
    quiet_workspace: Facility = Facility.NO
    adjustable_workplace: Facility = Facility.NO
    predictable_schedule: bool = False
    flexible_hours: bool = False
    extra_breaks: bool = False
    vog_required: bool = False
    location: GeoPoint | None = None  # None: at the company's main location
    tasks: frozenset[TaskKind] = frozenset()  # contract extension: kinds of tasks; empty: unknown


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """What happened to an earlier placement (history set).

    ``started_on`` and ``ended_on`` are optional (an extension of the contract): a history the
    product exports from its own BPVs records them; ages are then taken on the start day.
    """

    student_id: StudentId
    place_id: PlaceId
    outcome: Outcome
    started_on: date | None = None
    ended_on: date | None = None


@dataclass(frozen=True, slots=True)
class Population:
    """One consistent set of students, companies and places (a round's input or a history set)."""

    students: tuple[Student, ...] = ()
    companies: tuple[Company, ...] = ()
    places: tuple[Place, ...] = ()

    def company_by_id(self) -> dict[CompanyId, Company]:
        """Index companies by id."""
        return {c.company_id: c for c in self.companies}

    def place_location(self, place: Place, companies: dict[CompanyId, Company]) -> GeoPoint:
        """Where the work happens: the place's own location or its company's."""
        return place.location or companies[place.company_id].location


@dataclass(frozen=True, slots=True)
class History:
    """An outcome history: the profiles as they were, and how each placement ended."""

    population: Population
    outcomes: tuple[OutcomeRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Proposal:
    """One line of a round's output: a student and the proposed place (or why none)."""

    student_id: StudentId
    place_id: PlaceId | None
    company_id: CompanyId | None
    score: float | None
    travel_minutes: float | None
    status: ProposalStatus
    explanation: str = ""
    unplaced_reason: str = ""
    terms: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on a given day."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
