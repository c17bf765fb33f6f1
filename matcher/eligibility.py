"""Hard rules: named, vectorised checks over any (student, place) pair arrays.

Each rule returns an "ok" mask (True = allowed). A pair is eligible only when every rule is ok.
:func:`evaluate_rules` works on ANY pair arrays (candidates, or one student against all places),
so "why unplaced" can count which rule excludes most and what a relaxation would open.
References ``domain.md:N`` are line numbers in docs/domain.md (the project's domain notes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from matcher.candidates import pair_geometry
from matcher.tables import (
    ARRANGEABLE,
    F64,
    I64,
    NO,
    Bool,
    PlaceTable,
    StudentTable,
    common_days,
    legal_max_shift,
)
from matcher.travel import TravelTimeProvider

_EPS = 1e-9
MINOR_MAX_WEEK_AVG = 40.0  # M3: average over 4 weeks, 16/17 (domain.md:406)
ADULT_MAX_WEEK_AVG = 48.0  # W7: average over 16 weeks (domain.md:400)


@dataclass(frozen=True, slots=True, eq=False)
class RuleContext:
    """The pair arrays and per-pair facts every rule may read."""

    students: StudentTable
    places: PlaceTable
    s: I64
    p: I64
    travel_min: F64
    age: I64  # per pair, at the ``on`` date
    extra_travel_minutes: float = 0.0
    strict_personal_day_max: bool = False


def _needs_available(need: Bool, facility: I64) -> Bool:
    out: Bool = ~need | (facility != NO)
    return out


def crebo(c: RuleContext) -> Bool:
    """Hard: the place is recognised for the student's crebo (domain.md:306, 358, C9 at 428)."""
    codes = c.places.crebo_codes(c.students.crebo)[c.s]
    return c.places.offers_crebo(c.p, codes)


def niveau(c: RuleContext) -> Bool:
    """Hard: the student's niveau lies in the place's [niveau_min, niveau_max] (domain.md:306)."""
    n = c.students.niveau[c.s]
    return (c.places.niveau_min[c.p] <= n) & (n <= c.places.niveau_max[c.p])


def leerweg(c: RuleContext) -> Bool:
    """Hard: the place accepts the student's leerweg, bol or bbl (domain.md:306)."""
    bbl = c.students.is_bbl[c.s]
    return np.where(bbl, c.places.accepts_bbl[c.p], c.places.accepts_bol[c.p])


def sbb_recognized(c: RuleContext) -> Bool:
    """Hard: the company is an SBB-erkend leerbedrijf (domain.md:428, C9; 358)."""
    return c.places.sbb_recognized[c.p].copy()


def travel_time(c: RuleContext) -> Bool:
    """Hard: one-way travel time is within the student's maximum (domain.md:361)."""
    limit = c.students.max_travel_minutes[c.s] + c.extra_travel_minutes
    return c.travel_min <= limit + _EPS


def wheelchair_access(c: RuleContext) -> Bool:
    """Hard: a wheelchair need excludes a company whose access is ``no`` (domain.md:326, 356)."""
    return _needs_available(c.students.needs_wheelchair[c.s], c.places.wheelchair[c.p])


def adapted_toilet(c: RuleContext) -> Bool:
    """Hard: an adapted-toilet need excludes a company whose toilet is ``no`` (domain.md:326)."""
    return _needs_available(c.students.needs_toilet[c.s], c.places.toilet[c.p])


def adjustable_workplace(c: RuleContext) -> Bool:
    """Hard: an adjustable-workplace need excludes a place where it is ``no`` (domain.md:356)."""
    return _needs_available(c.students.needs_adjustable[c.s], c.places.adjustable[c.p])


def quiet_workspace(c: RuleContext) -> Bool:
    """Hard: a quiet-workspace need excludes a place where it is ``no`` (domain.md:359)."""
    return _needs_available(c.students.needs_quiet[c.s], c.places.quiet[c.p])


def minor_working_time(c: RuleContext) -> Bool:
    """Hard: Arbeidstijdenwet by age at ``on`` (domain.md:398-414, W5/W7/M3/M5).

    16/17: no night work (M5 [EXT], domain.md:408), longest shift <= 9 h and weekly hours <= 40
    (M3, domain.md:406), where school time in the same week counts as working time (M4,
    domain.md:407). 18+: longest shift <= 12 h (W5, domain.md:398), weekly hours <= 48 (W7).
    With ``strict_personal_day_max`` a place whose longest shift exceeds the student's own
    max_hours_per_day is excluded too (by default that is left to the schedule rule and the
    'uren' term: shorter days can be agreed, "aangepaste uren", H:1410 at domain.md:341).
    """
    minor = c.age < 18
    shift = c.places.max_hours_per_day[c.p]
    ok = shift <= legal_max_shift(c.age) + _EPS
    ok &= ~(minor & c.places.night_work[c.p])
    week_cap = np.where(minor, MINOR_MAX_WEEK_AVG, ADULT_MAX_WEEK_AVG)
    week = c.students.hours_per_week[c.s] + np.where(minor, c.students.school_hours[c.s], 0.0)
    ok &= week <= week_cap + _EPS
    if c.strict_personal_day_max:
        ok &= shift <= c.students.max_hours_per_day[c.s] + _EPS
    return ok


def schedule(c: RuleContext) -> Bool:
    """Hard: the student's days and weekly hours fit the place (domain.md:308-310, 360).

    common work days x min(student max/day, place max/day, legal max/day) >= hours_per_week, and
    hours_per_week lies within the place's [hours_min, hours_max].
    """
    hours = c.students.hours_per_week[c.s]
    per_day = np.minimum(c.students.max_hours_per_day[c.s], c.places.max_hours_per_day[c.p])
    per_day = np.minimum(per_day, legal_max_shift(c.age))
    days = common_days(c.students, c.places, c.s, c.p)
    in_range = (c.places.hours_min[c.p] <= hours + _EPS) & (hours <= c.places.hours_max[c.p] + _EPS)
    return (days * per_day + _EPS >= hours) & in_range


def vog(c: RuleContext) -> Bool:
    """Hard: a place that requires a VOG excludes a student known to have none (domain.md:438).

    Unknown (None) is allowed and flagged in :attr:`RuleResult.vog_unknown`.
    """
    out: Bool = ~(c.places.vog_required[c.p] & (c.students.has_vog[c.s] == 0))
    return out


def guidance_time(c: RuleContext) -> Bool:
    """Hard: the company can give at least the begeleidingstijd this one student needs.

    A company's guidance hours are shared by everyone placed there (the solver keeps the sum
    within the budget); a student who alone needs more than the whole budget can never fit
    (bedrijfsmatig: begeleidingstijd, H:1404-1406 at domain.md:302).
    """
    return c.students.guidance_hours[c.s] <= c.places.guidance_hours[c.p] + _EPS


def under_16(c: RuleContext) -> Bool:
    """Hard: a student younger than 16 on ``on`` gets no automatic place (domain.md:409, M6)."""
    return c.age >= 16


@dataclass(frozen=True, slots=True)
class HardRule:
    """A hard rule: stable name (for explanations), Dutch label, vectorised check."""

    name: str
    label: str
    check: Callable[[RuleContext], Bool]


HARD_RULES: tuple[HardRule, ...] = (
    HardRule("under_16", "leeftijd: 16 jaar of ouder", under_16),
    HardRule("crebo", "de opleiding (crebo)", crebo),
    HardRule("niveau", "het niveau", niveau),
    HardRule("leerweg", "de leerweg (bol of bbl)", leerweg),
    HardRule("sbb_recognized", "erkend leerbedrijf", sbb_recognized),
    HardRule("travel_time", "de reistijd", travel_time),
    HardRule("wheelchair_access", "toegang met een rolstoel", wheelchair_access),
    HardRule("adapted_toilet", "een aangepast toilet", adapted_toilet),
    HardRule("adjustable_workplace", "een verstelbare werkplek", adjustable_workplace),
    HardRule("quiet_workspace", "een rustige werkplek", quiet_workspace),
    HardRule("minor_working_time", "werktijden volgens de wet", minor_working_time),
    HardRule("schedule", "de werkdagen en uren", schedule),
    HardRule("vog", "een VOG", vog),
    HardRule("guidance_time", "genoeg begeleidingstijd bij het bedrijf", guidance_time),
)
RULES_BY_NAME: dict[str, HardRule] = {r.name: r for r in HARD_RULES}


@dataclass(frozen=True, slots=True, eq=False)
class RuleResult:
    """Per-rule ok masks, the combined eligibility and the notes that go with a pair."""

    masks: dict[str, Bool]
    eligible: Bool
    # Per facility name: the student needs it and it still has to be arranged before the start.
    arrange: dict[str, Bool] = field(default_factory=dict)
    vog_unknown: Bool = field(default_factory=lambda: np.zeros(0, bool))
    night_work_review: Bool = field(default_factory=lambda: np.zeros(0, bool))  # adult, night

    def failed_counts(self) -> dict[str, int]:
        """How many pairs each rule excludes (a pair can fail several)."""
        return {name: int((~ok).sum()) for name, ok in self.masks.items()}

    def only_failure_counts(self) -> dict[str, int]:
        """How many pairs each rule alone excludes: relaxing just that rule would open them."""
        fails = np.stack([~m for m in self.masks.values()]) if self.masks else np.zeros((0, 0))
        single = fails.sum(axis=0) == 1
        return {name: int((f & single).sum()) for name, f in zip(self.masks, fails, strict=True)}

    def failed_rules(self, i: int) -> tuple[str, ...]:
        """Names of the rules pair ``i`` fails."""
        return tuple(name for name, ok in self.masks.items() if not ok[i])


def evaluate_rules(
    students: StudentTable,
    places: PlaceTable,
    s_idx: I64,
    p_idx: I64,
    *,
    on: date,
    travel: TravelTimeProvider,
    travel_min: F64 | None = None,
    extra_travel_minutes: float = 0.0,
    strict_personal_day_max: bool = False,
) -> RuleResult:
    """Evaluate every hard rule on the given pairs (travel minutes computed when not given)."""
    s_idx, p_idx = np.asarray(s_idx, np.int64), np.asarray(p_idx, np.int64)
    if travel_min is None:
        _, travel_min = pair_geometry(students, places, s_idx, p_idx, travel=travel)
    ctx = RuleContext(
        students,
        places,
        s_idx,
        p_idx,
        np.asarray(travel_min, np.float64),
        students.age_on(on)[s_idx],
        extra_travel_minutes,
        strict_personal_day_max,
    )
    masks = {rule.name: rule.check(ctx) for rule in HARD_RULES}
    eligible = np.ones(len(s_idx), dtype=bool)
    for ok in masks.values():
        eligible &= ok
    return RuleResult(
        masks=masks,
        eligible=eligible,
        arrange=arrange_flags(students, places, s_idx, p_idx),
        vog_unknown=places.vog_required[p_idx] & (students.has_vog[s_idx] == -1),
        night_work_review=places.night_work[p_idx] & (ctx.age >= 18),
    )


def arrange_flags(
    students: StudentTable, places: PlaceTable, s_idx: I64, p_idx: I64
) -> dict[str, Bool]:
    """Per facility: the student needs it and it must be arranged before the start."""
    st, pl = students, places
    return {
        "wheelchair_access": st.needs_wheelchair[s_idx] & (pl.wheelchair[p_idx] == ARRANGEABLE),
        "adapted_toilet": st.needs_toilet[s_idx] & (pl.toilet[p_idx] == ARRANGEABLE),
        "adjustable_workplace": st.needs_adjustable[s_idx] & (pl.adjustable[p_idx] == ARRANGEABLE),
        "quiet_workspace": st.needs_quiet[s_idx] & (pl.quiet[p_idx] == ARRANGEABLE),
    }
