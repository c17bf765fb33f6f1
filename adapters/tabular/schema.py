"""Column specs per contract file: name, required, default and parser.

Defaults come from the domain dataclasses themselves, so the contract's defaults live in one
place (matcher/domain.py). Location columns (postcode, lat, lon) are parsed here as values and
combined into a GeoPoint by the readers.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from adapters.tabular import values as v
from matcher.domain import Company, Outcome, Place, Student


class _NoDefault:
    """Marker: an empty cell leaves the field out (the domain default applies)."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()
LOCATION_COLUMNS = ("postcode", "lat", "lon")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One contract column: how to parse it and what an empty cell means."""

    name: str
    parse: v.Parser
    required: bool = False
    default: Any = NO_DEFAULT  # value for an empty cell; NO_DEFAULT: leave the field out
    numeric: bool = False  # written as a number in XLSX

    @property
    def field(self) -> str | None:
        """The domain attribute this column fills (None for location parts)."""
        return None if self.name in LOCATION_COLUMNS else self.name


def _defaults(kind: type) -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(kind):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
    return out


def _specs(kind: type | None, *columns: tuple[str, v.Parser, bool, bool]) -> tuple[ColumnSpec, ...]:
    defaults = _defaults(kind) if kind is not None else {}
    return tuple(
        ColumnSpec(name, _cached(parse), required, defaults.get(name, NO_DEFAULT), numeric)
        for name, parse, required, numeric in columns
    )


def _cached(parse: v.Parser) -> v.Parser:
    """Values repeat a lot in a file (days, dates, scales): parse each distinct text once."""
    if parse in (v.parse_id, v.parse_name, v.parse_id_list):
        return parse
    return functools.lru_cache(maxsize=4096)(parse)


BOOL = v.parse_bool
ID, NAME = v.parse_id, v.parse_name  # the safe id character set; names without hidden characters
HOURS_WEEK = v.bounded_number(low=0, high=168, low_inclusive=False)
HOURS_DAY = v.bounded_number(low=0, high=24, low_inclusive=False)
GUIDANCE = v.bounded_number(low=0, high=168, low_inclusive=True)
LAT = v.parse_number
LON = v.parse_number
SCALE_1_5, SCALE_0_3 = v.ranged_int(1, 5), v.ranged_int(0, 3)
REQ, OPT = True, False  # required / optional
NUM, TXT = True, False  # written as number / as text in XLSX

STUDENT_COLUMNS = _specs(
    Student,
    ("student_id", ID, REQ, TXT),
    ("name", NAME, OPT, TXT),
    ("birth_date", v.parse_date, REQ, TXT),
    ("postcode", v.parse_postcode, OPT, TXT),
    ("lat", LAT, OPT, NUM),
    ("lon", LON, OPT, NUM),
    ("crebo", v.parse_crebo, REQ, TXT),
    ("niveau", v.parse_niveau, REQ, NUM),
    ("leerweg", v.parse_leerweg, REQ, TXT),
    ("hours_per_week", HOURS_WEEK, REQ, NUM),
    ("max_hours_per_day", HOURS_DAY, OPT, NUM),
    ("days_available", v.parse_days, OPT, TXT),
    ("travel_mode", v.parse_travel_mode, OPT, TXT),
    ("max_travel_minutes", v.bounded_int(low=1), OPT, NUM),
    ("physical_capacity", SCALE_1_5, OPT, NUM),
    ("mental_capacity", SCALE_1_5, OPT, NUM),
    ("stimulus_sensitivity", SCALE_0_3, OPT, NUM),
    ("social_support_need", SCALE_0_3, OPT, NUM),
    ("guidance_hours_per_week", GUIDANCE, OPT, NUM),
    ("needs_wheelchair_access", BOOL, OPT, NUM),
    ("needs_adapted_toilet", BOOL, OPT, NUM),
    ("needs_adjustable_workplace", BOOL, OPT, NUM),
    ("needs_quiet_workspace", BOOL, OPT, NUM),
    ("needs_predictable_schedule", BOOL, OPT, NUM),
    ("needs_flexible_hours", BOOL, OPT, NUM),
    ("needs_extra_breaks", BOOL, OPT, NUM),
    ("energy_spoons_per_day", v.bounded_number(low=0, low_inclusive=False), OPT, NUM),
    ("support_areas", v.parse_support_areas, OPT, TXT),
    ("has_vog", BOOL, OPT, NUM),
    ("preferences", v.parse_id_list, OPT, TXT),
    ("priority", BOOL, OPT, NUM),
    ("school_hours_per_week", GUIDANCE, OPT, NUM),  # extension: school time in a BPV week (M4)
    ("interest_sectors", v.parse_sectors, OPT, TXT),  # extension: sectors the student likes
    ("interest_tasks", v.parse_tasks, OPT, TXT),  # extension: kinds of tasks the student likes
)

COMPANY_COLUMNS = _specs(
    Company,
    ("company_id", ID, REQ, TXT),
    ("name", NAME, REQ, TXT),
    ("postcode", v.parse_postcode, OPT, TXT),
    ("lat", LAT, OPT, NUM),
    ("lon", LON, OPT, NUM),
    ("sbb_recognized", BOOL, OPT, NUM),
    ("open_to_extra_support", BOOL, OPT, NUM),
    ("guidance_hours_per_week", GUIDANCE, REQ, NUM),
    ("max_support_students", v.bounded_int(low=0), OPT, NUM),
    ("social_openness", SCALE_0_3, OPT, NUM),
    ("expertise_areas", v.parse_support_areas, OPT, TXT),
    ("wheelchair_access", v.parse_facility, OPT, TXT),
    ("adapted_toilet", v.parse_facility, OPT, TXT),
    ("sector", NAME, OPT, TXT),  # extension: optional branche, e.g. "zorg"
    ("support_experience", v.ranged_int(0, 2), OPT, NUM),  # extension: 0 geen, 1 enige, 2 veel
)

PLACE_COLUMNS = _specs(
    Place,
    ("place_id", ID, REQ, TXT),
    ("company_id", ID, REQ, TXT),
    ("crebos", v.parse_crebos, REQ, TXT),
    ("niveau_min", v.ranged_int(1, 4), OPT, NUM),
    ("niveau_max", v.ranged_int(1, 4), OPT, NUM),
    ("leerweg", v.parse_place_leerweg, OPT, TXT),
    ("capacity", v.bounded_int(low=1), OPT, NUM),
    ("hours_min", HOURS_WEEK, OPT, NUM),
    ("hours_max", HOURS_WEEK, OPT, NUM),
    ("max_hours_per_day", HOURS_DAY, OPT, NUM),
    ("work_days", v.parse_days, OPT, TXT),
    ("evening_work", BOOL, OPT, NUM),
    ("night_work", BOOL, OPT, NUM),
    ("physical_load", SCALE_1_5, OPT, NUM),
    ("mental_load", SCALE_1_5, OPT, NUM),
    ("quiet_workspace", v.parse_facility, OPT, TXT),
    ("adjustable_workplace", v.parse_facility, OPT, TXT),
    ("predictable_schedule", BOOL, OPT, NUM),
    ("flexible_hours", BOOL, OPT, NUM),
    ("extra_breaks", BOOL, OPT, NUM),
    ("vog_required", BOOL, OPT, NUM),
    ("tasks", v.parse_tasks, OPT, TXT),  # extension: kinds of tasks the work has
    ("postcode", v.parse_postcode, OPT, TXT),
    ("lat", LAT, OPT, NUM),
    ("lon", LON, OPT, NUM),
)

OUTCOME_COLUMNS = _specs(
    None,
    ("student_id", ID, REQ, TXT),
    ("place_id", ID, REQ, TXT),
    ("outcome", v.enum_of(Outcome), REQ, TXT),
    ("started_on", v.parse_date, OPT, TXT),  # extension: the BPV's start day
    ("ended_on", v.parse_date, OPT, TXT),  # extension: the day it ended
)
OUTCOME_DATE_COLUMNS = ("started_on", "ended_on")

PROPOSAL_COLUMNS: tuple[str, ...] = (
    "student_id",
    "place_id",
    "company_id",
    "score",
    "travel_minutes",
    "status",
    "explanation",
    "unplaced_reason",
)
PROPOSAL_NUMERIC = frozenset({"score", "travel_minutes"})
