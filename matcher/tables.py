"""Columnar numpy views of students and places, built once per round for vectorised rules and terms.

Closed vocabularies become small integer codes: facilities 0/1/2 (no/arrangeable/yes), day and
support-area sets become bitmasks, crebo sets become sorted ``place * n_crebos + crebo`` keys so
"student crebo in place crebos" is one ``searchsorted`` over any number of pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matcher.domain import (
    DAY_ORDER,
    Company,
    Day,
    Facility,
    Leerweg,
    Place,
    Population,
    Student,
    SupportArea,
    TaskKind,
    TravelMode,
)
from matcher.geo import PRECISION_FLOOR_KM

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
Bool = NDArray[np.bool_]

NO, ARRANGEABLE, YES = 0, 1, 2
NO_EXPERIENCE_GIVEN = -1  # the company did not say how much experience with extra support it has
FACILITY_CODE: dict[Facility, int] = {
    Facility.NO: NO,
    Facility.ARRANGEABLE: ARRANGEABLE,
    Facility.YES: YES,
}
MODES: tuple[TravelMode, ...] = tuple(TravelMode)
SUPPORT_ORDER: tuple[SupportArea, ...] = tuple(SupportArea)
TASK_ORDER: tuple[TaskKind, ...] = tuple(TaskKind)
POPCOUNT7: NDArray[np.int64] = np.array([bin(i).count("1") for i in range(128)], dtype=np.int64)


def day_mask(days: Iterable[Day]) -> int:
    """Bitmask of a set of days (bit i is DAY_ORDER[i])."""
    return sum(1 << DAY_ORDER.index(d) for d in days)


def support_mask(areas: Iterable[SupportArea]) -> int:
    """Bitmask of a set of support areas (bit i is SUPPORT_ORDER[i])."""
    return sum(1 << SUPPORT_ORDER.index(a) for a in areas)


def task_mask(tasks: Iterable[TaskKind]) -> int:
    """Bitmask of a set of task kinds (bit i is TASK_ORDER[i])."""
    return sum(1 << TASK_ORDER.index(t) for t in tasks)


def _col(items: Sequence[Any], get: Callable[[Any], Any], dtype: Any) -> NDArray[Any]:
    return np.fromiter((get(x) for x in items), dtype=dtype, count=len(items))


@dataclass(frozen=True, slots=True, eq=False)
class StudentTable:
    """One array per student attribute; row i is ``students[i]``."""

    students: tuple[Student, ...]
    lat: F64
    lon: F64
    floor_km: F64
    birth_y: I64
    birth_m: I64
    birth_d: I64
    crebo: NDArray[np.object_]
    niveau: I64
    is_bbl: Bool
    hours_per_week: F64
    school_hours: F64
    max_hours_per_day: F64
    days: I64
    mode: I64  # index into MODES
    max_travel_minutes: F64
    physical_capacity: I64
    mental_capacity: I64
    stimulus_sensitivity: I64
    social_support_need: I64
    guidance_hours: F64
    needs_wheelchair: Bool
    needs_toilet: Bool
    needs_adjustable: Bool
    needs_quiet: Bool
    needs_predictable: Bool
    needs_flexible: Bool
    needs_breaks: Bool
    spoons: F64  # NaN when not given
    support: I64
    has_vog: I64  # -1 unknown, 0 no, 1 yes
    needs_support: Bool
    tasks: I64  # task_mask of the kinds of tasks the student likes

    def __len__(self) -> int:
        return len(self.students)

    @classmethod
    def from_students(cls, students: Sequence[Student]) -> StudentTable:
        """Build the columns from domain students (one pass per column)."""
        s = tuple(students)
        floor = PRECISION_FLOOR_KM
        return cls(
            students=s,
            lat=_col(s, lambda x: x.location.lat, np.float64),
            lon=_col(s, lambda x: x.location.lon, np.float64),
            floor_km=_col(s, lambda x: floor[x.location.precision], np.float64),
            birth_y=_col(s, lambda x: x.birth_date.year, np.int64),
            birth_m=_col(s, lambda x: x.birth_date.month, np.int64),
            birth_d=_col(s, lambda x: x.birth_date.day, np.int64),
            crebo=np.array([x.crebo for x in s], dtype=object),
            niveau=_col(s, lambda x: int(x.niveau), np.int64),
            is_bbl=_col(s, lambda x: x.leerweg is Leerweg.BBL, np.bool_),
            hours_per_week=_col(s, lambda x: x.hours_per_week, np.float64),
            school_hours=_col(s, lambda x: x.school_hours_per_week, np.float64),
            max_hours_per_day=_col(s, lambda x: x.max_hours_per_day, np.float64),
            days=_col(s, lambda x: day_mask(x.days_available), np.int64),
            mode=_col(s, lambda x: MODES.index(x.travel_mode), np.int64),
            max_travel_minutes=_col(s, lambda x: x.max_travel_minutes, np.float64),
            physical_capacity=_col(s, lambda x: x.physical_capacity, np.int64),
            mental_capacity=_col(s, lambda x: x.mental_capacity, np.int64),
            stimulus_sensitivity=_col(s, lambda x: x.stimulus_sensitivity, np.int64),
            social_support_need=_col(s, lambda x: x.social_support_need, np.int64),
            guidance_hours=_col(s, lambda x: x.guidance_hours_per_week, np.float64),
            needs_wheelchair=_col(s, lambda x: x.needs_wheelchair_access, np.bool_),
            needs_toilet=_col(s, lambda x: x.needs_adapted_toilet, np.bool_),
            needs_adjustable=_col(s, lambda x: x.needs_adjustable_workplace, np.bool_),
            needs_quiet=_col(s, lambda x: x.needs_quiet_workspace, np.bool_),
            needs_predictable=_col(s, lambda x: x.needs_predictable_schedule, np.bool_),
            needs_flexible=_col(s, lambda x: x.needs_flexible_hours, np.bool_),
            needs_breaks=_col(s, lambda x: x.needs_extra_breaks, np.bool_),
            spoons=_col(
                s,
                lambda x: np.nan if x.energy_spoons_per_day is None else x.energy_spoons_per_day,
                np.float64,
            ),
            support=_col(s, lambda x: support_mask(x.support_areas), np.int64),
            has_vog=_col(s, lambda x: -1 if x.has_vog is None else int(x.has_vog), np.int64),
            needs_support=_col(s, lambda x: x.needs_extra_support, np.bool_),
            tasks=_col(s, lambda x: task_mask(x.interest_tasks), np.int64),
        )

    def age_on(self, on: date) -> I64:
        """Age in whole years of every student on ``on``."""
        before_birthday = (self.birth_m > on.month) | (
            (self.birth_m == on.month) & (self.birth_d > on.day)
        )
        out: I64 = on.year - self.birth_y - before_birthday.astype(np.int64)
        return out

    def index_of(self, student_id: str) -> int:
        """Row of a student id (linear scan; for single look-ups only)."""
        for i, s in enumerate(self.students):
            if s.student_id == student_id:
                return i
        raise KeyError(student_id)


@dataclass(frozen=True, slots=True, eq=False)
class PlaceTable:
    """One array per place attribute, joined with its company; row j is ``places[j]``."""

    places: tuple[Place, ...]
    companies: tuple[Company, ...]
    company_idx: I64
    lat: F64  # the place's effective location
    lon: F64
    floor_km: F64
    crebo_vocab: dict[str, int]
    crebo_keys: I64  # sorted place * len(crebo_vocab) + crebo code
    niveau_min: I64
    niveau_max: I64
    accepts_bol: Bool
    accepts_bbl: Bool
    capacity: I64
    hours_min: F64
    hours_max: F64
    max_hours_per_day: F64
    work_days: I64
    evening_work: Bool
    night_work: Bool
    physical_load: I64
    mental_load: I64
    quiet: I64  # facility code
    adjustable: I64
    predictable: Bool
    flexible: Bool
    extra_breaks: Bool
    vog_required: Bool
    sbb_recognized: Bool
    open_to_support: Bool
    guidance_hours: F64  # the company's total, shared by its students
    company_capacity: F64  # sum of place capacities at the company
    social_openness: I64
    support_experience: I64  # 0-2, NO_EXPERIENCE_GIVEN when the company did not say
    expertise: I64
    wheelchair: I64
    toilet: I64
    sector: NDArray[np.object_]
    tasks: I64  # task_mask of the kinds of tasks the place offers (0: not listed)
    index: dict[str, int]  # place_id -> row

    def __len__(self) -> int:
        return len(self.places)

    @classmethod
    def from_population(cls, population: Population) -> PlaceTable:
        """Build the columns from a population's places joined with their companies."""
        comps = tuple(population.companies)
        cidx = {c.company_id: i for i, c in enumerate(comps)}
        p = tuple(population.places)
        ci = _col(p, lambda x: cidx[x.company_id], np.int64)
        loc = [x.location or comps[cidx[x.company_id]].location for x in p]
        vocab: dict[str, int] = {}
        rows: list[int] = []
        codes: list[int] = []
        for j, place in enumerate(p):
            for crebo in place.crebos:
                rows.append(j)
                codes.append(vocab.setdefault(crebo, len(vocab)))
        keys = np.sort(
            np.asarray(rows, np.int64) * max(len(vocab), 1) + np.asarray(codes, np.int64)
        )
        cap = _col(p, lambda x: x.capacity, np.int64)
        comp_cap = np.bincount(ci, weights=cap, minlength=len(comps)).astype(np.float64)

        def comp(get: Callable[[Company], Any], dtype: Any) -> NDArray[Any]:
            return _col(comps, get, dtype)[ci] if comps else np.zeros(0, dtype)

        return cls(
            places=p,
            companies=comps,
            company_idx=ci,
            lat=_col(loc, lambda g: g.lat, np.float64),
            lon=_col(loc, lambda g: g.lon, np.float64),
            floor_km=_col(loc, lambda g: PRECISION_FLOOR_KM[g.precision], np.float64),
            crebo_vocab=vocab,
            crebo_keys=keys,
            niveau_min=_col(p, lambda x: x.niveau_min, np.int64),
            niveau_max=_col(p, lambda x: x.niveau_max, np.int64),
            accepts_bol=_col(p, lambda x: x.leerweg.accepts(Leerweg.BOL), np.bool_),
            accepts_bbl=_col(p, lambda x: x.leerweg.accepts(Leerweg.BBL), np.bool_),
            capacity=cap,
            hours_min=_col(p, lambda x: x.hours_min, np.float64),
            hours_max=_col(p, lambda x: x.hours_max, np.float64),
            max_hours_per_day=_col(p, lambda x: x.max_hours_per_day, np.float64),
            work_days=_col(p, lambda x: day_mask(x.work_days), np.int64),
            evening_work=_col(p, lambda x: x.evening_work, np.bool_),
            night_work=_col(p, lambda x: x.night_work, np.bool_),
            physical_load=_col(p, lambda x: x.physical_load, np.int64),
            mental_load=_col(p, lambda x: x.mental_load, np.int64),
            quiet=_col(p, lambda x: FACILITY_CODE[x.quiet_workspace], np.int64),
            adjustable=_col(p, lambda x: FACILITY_CODE[x.adjustable_workplace], np.int64),
            predictable=_col(p, lambda x: x.predictable_schedule, np.bool_),
            flexible=_col(p, lambda x: x.flexible_hours, np.bool_),
            extra_breaks=_col(p, lambda x: x.extra_breaks, np.bool_),
            vog_required=_col(p, lambda x: x.vog_required, np.bool_),
            sbb_recognized=comp(lambda c: c.sbb_recognized, np.bool_),
            open_to_support=comp(lambda c: c.open_to_extra_support, np.bool_),
            guidance_hours=comp(lambda c: c.guidance_hours_per_week, np.float64),
            company_capacity=comp_cap[ci] if comps else np.zeros(0),
            social_openness=comp(lambda c: c.social_openness, np.int64),
            support_experience=comp(
                lambda c: (
                    NO_EXPERIENCE_GIVEN if c.support_experience is None else c.support_experience
                ),
                np.int64,
            ),  # fmt: skip
            expertise=comp(lambda c: support_mask(c.expertise_areas), np.int64),
            wheelchair=comp(lambda c: FACILITY_CODE[c.wheelchair_access], np.int64),
            toilet=comp(lambda c: FACILITY_CODE[c.adapted_toilet], np.int64),
            sector=comp(lambda c: c.sector, object),
            tasks=_col(p, lambda x: task_mask(x.tasks), np.int64),
            index={x.place_id: j for j, x in enumerate(p)},
        )

    def crebo_codes(self, crebos: NDArray[np.object_]) -> I64:
        """Code of each crebo in this table's vocabulary (-1 when no place offers it)."""
        get = self.crebo_vocab.get
        return np.fromiter((get(c, -1) for c in crebos), dtype=np.int64, count=len(crebos))

    def offers_crebo(self, p_idx: I64, codes: I64) -> Bool:
        """Per pair: does place ``p_idx`` offer crebo ``codes`` (vectorised membership)."""
        n = max(len(self.crebo_vocab), 1)
        keys = p_idx.astype(np.int64) * n + codes
        pos = np.searchsorted(self.crebo_keys, keys)
        pos = np.minimum(pos, max(len(self.crebo_keys) - 1, 0))
        found = self.crebo_keys[pos] == keys if len(self.crebo_keys) else np.zeros(len(keys), bool)
        return found & (codes >= 0)

    def company_of(self, j: int) -> Company:
        """The company of place row ``j``."""
        return self.companies[int(self.company_idx[j])]


def common_days(students: StudentTable, places: PlaceTable, s_idx: I64, p_idx: I64) -> I64:
    """Per pair: number of days the student is available and the place works."""
    out: I64 = POPCOUNT7[students.days[s_idx] & places.work_days[p_idx]]
    return out


def legal_max_shift(age: I64) -> F64:
    """Longest shift the Arbeidstijdenwet allows: 9 h at 16/17 (M3), 12 h from 18 (W5)."""
    return np.where(age < 18, 9.0, 12.0)
