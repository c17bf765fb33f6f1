"""Why a student has no proposal, and the smallest change that would open options.

For every unplaced student: either no place is eligible at all (which hard rule excludes most,
and what single relaxation would open places: "met 15 minuten meer reistijd: 4 plekken"), or
places are eligible but went to other students (lost in competition), or a person vetoed them.
Written for the bureau and the jobcoach, in plain Dutch, with places named after their company
(``matcher.labels``), never by code. The bureau's round (``diagnose_unplaced``) and the
jobcoach's page (``diagnose_student``) use the same computation, so they say the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

import numpy as np

from matcher.candidates import PlaceIndex, pair_geometry, within_reach
from matcher.domain import Student, StudentId, age_on
from matcher.eligibility import RULES_BY_NAME, RuleResult, evaluate_rules
from matcher.labels import table_label
from matcher.nl import travel_minutes
from matcher.round_types import Decisions, RoundPolicy
from matcher.tables import PlaceTable, StudentTable
from matcher.travel import TravelTimeProvider

NEAREST_SEARCH_MIN = 180  # how much further than the student's limit "the nearest place" looks
EXTRA_TRAVEL_STEPS: tuple[int, ...] = (15, 30)  # minutes of extra travel tried as relaxations
FACILITY_WORDS: Mapping[str, str] = {
    "quiet_workspace": "een rustige werkplek (prikkelarm)",
    "wheelchair_access": "toegang met een rolstoel",
    "adapted_toilet": "een aangepast toilet",
    "adjustable_workplace": "een verstelbare werkplek",
}
OTHER_HINTS: Mapping[str, str] = {
    "schedule": "als de werkdagen of uren anders afgesproken worden",
    "vog": "met een VOG",
    "niveau": "als het bedrijf ook dit niveau wil begeleiden",
    "leerweg": "als het bedrijf ook deze leerweg (bol/bbl) aanbiedt",
    "sbb_recognized": "als het bedrijf erkend wordt als leerbedrijf",
    "minor_working_time": (
        "met kortere diensten, zonder nachtwerk en met hoogstens 40 uur per week, school"
        " meegeteld (of na de 18e verjaardag)"
    ),
    "guidance_time": "als het bedrijf meer begeleidingstijd kan geven",
}


class UnplacedKind(StrEnum):
    """The main reason a student has no proposal."""

    UNDER_16 = "under_16"
    NO_PLACES_FOR_CREBO = "no_places_for_crebo"
    NONE_IN_REACH = "none_in_reach"
    NO_ELIGIBLE = "no_eligible"
    VETOED = "vetoed"
    COMPETITION = "competition"


@dataclass(frozen=True, slots=True)
class Hint:
    """A relaxation and how many places it would open."""

    rule: str
    places: int
    text: str


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why one student is unplaced, with hints that would open options."""

    kind: UnplacedKind
    text: str
    top_rule: str | None = None
    eligible_places: int = 0
    hints: tuple[Hint, ...] = ()

    def reason(self) -> str:
        """One line for the ``unplaced_reason`` column."""
        if not self.hints:
            return self.text
        return f"{self.text} Wat kan helpen: " + "; ".join(h.text for h in self.hints) + "."


class RoundData(Protocol):
    """What a diagnosis reads: the students, the places with their index, and the start date."""

    @property
    def students(self) -> StudentTable: ...
    @property
    def places(self) -> PlaceTable: ...
    @property
    def index(self) -> PlaceIndex: ...
    @property
    def on(self) -> date: ...


@dataclass(frozen=True, slots=True)
class SearchData:
    """``RoundData`` outside a round: one or more students against the live places."""

    students: StudentTable
    places: PlaceTable
    index: PlaceIndex
    on: date


TRIED_BEFORE = "Deze plek is al eerder geprobeerd"


def _plural(n: int) -> str:
    return f"{n} plek" if n == 1 else f"{n} plekken"


def _vetoed_text(place_ids: Sequence[str], tried: set[str]) -> str:
    """Why every fitting place is closed: tried before (a re-match) or vetoed by a person."""
    n, n_tried = len(place_ids), len(tried.intersection(place_ids))
    if n_tried == 0:
        return f"Alle {_plural(n)} die passen zijn afgewezen door een medewerker."
    if n_tried == n == 1:
        return f"{TRIED_BEFORE}: het is de enige plek die nu past."
    if n_tried == n:
        return f"Alle {_plural(n)} die passen zijn al eerder geprobeerd."
    return (
        f"Alle {_plural(n)} die passen zijn al eerder geprobeerd of afgewezen door een medewerker."
    )


def diagnose_student(
    student: Student,
    places: PlaceTable,
    index: PlaceIndex,
    *,
    on: date,
    travel: TravelTimeProvider,
    strict_personal_day_max: bool = False,
) -> Diagnosis:
    """Why ``student`` has no place outside a round (the jobcoach's page): the round's rules.

    With no round there is no competition and no veto: where places fit, the kind is
    ``COMPETITION`` with the count and nothing taken.
    """
    data = SearchData(StudentTable.from_students([student]), places, index, on)
    return _diagnose_rows(
        data,
        [0],
        travel=travel,
        taken={},
        vetoes=frozenset(),
        strict_personal_day_max=strict_personal_day_max,
    )[student.student_id]


def diagnose_unplaced(
    scored: RoundData,
    rows: Sequence[int],
    *,
    travel: TravelTimeProvider,
    taken: Mapping[str, int],
    decisions: Decisions,
    policy: RoundPolicy,
) -> dict[StudentId, Diagnosis]:
    """A diagnosis for each unplaced student (``rows`` of the scored round's student table)."""
    return _diagnose_rows(
        scored,
        rows,
        travel=travel,
        taken=taken,
        vetoes=frozenset(decisions.vetoes),
        tried=frozenset(decisions.tried),
        strict_personal_day_max=policy.strict_personal_day_max,
    )


def _diagnose_rows(
    scored: RoundData,
    rows: Sequence[int],
    *,
    travel: TravelTimeProvider,
    taken: Mapping[str, int],
    vetoes: frozenset[tuple[str, str]],
    strict_personal_day_max: bool,
    tried: frozenset[tuple[str, str]] = frozenset(),
) -> dict[StudentId, Diagnosis]:
    if not rows:
        return {}
    st, pl = scored.students, scored.places
    sel = np.asarray(rows, dtype=np.int64)
    widest = max(EXTRA_TRAVEL_STEPS)
    s_idx, p_idx = within_reach(st, scored.index, sel, travel=travel, extra_minutes=widest)
    _, minutes = pair_geometry(st, pl, s_idx, p_idx, travel=travel)
    rules = evaluate_rules(
        st,
        pl,
        s_idx,
        p_idx,
        on=scored.on,
        travel=travel,
        travel_min=minutes,
        strict_personal_day_max=strict_personal_day_max,
    )
    by_student: dict[int, list[int]] = defaultdict(list)
    for k, s in enumerate(s_idx.tolist()):
        by_student[s].append(k)
    out: dict[StudentId, Diagnosis] = {}
    for row in rows:
        student = st.students[row]
        ks = np.asarray(by_student.get(row, []), dtype=np.int64)
        out[student.student_id] = _diagnose_one(
            scored,
            row,
            ks,
            p_idx,
            minutes,
            rules,
            travel=travel,
            taken=taken,
            vetoes=vetoes,
            tried=tried,
            strict=strict_personal_day_max,
        )
    return out


def _diagnose_one(  # noqa: C901 - one branch per kind, read top to bottom
    scored: RoundData,
    row: int,
    ks: np.ndarray,
    p_idx: np.ndarray,
    minutes: np.ndarray,
    rules: RuleResult,
    *,
    travel: TravelTimeProvider,
    taken: Mapping[str, int],
    vetoes: frozenset[tuple[str, str]],
    strict: bool,
    tried: frozenset[tuple[str, str]] = frozenset(),
) -> Diagnosis:
    st, pl = scored.students, scored.places
    student = st.students[row]
    if age_on(student.birth_date, scored.on) < 16:
        return Diagnosis(
            UnplacedKind.UNDER_16,
            "Jonger dan 16 jaar bij de start: een medewerker zoekt samen met de student een plek.",
            "under_16",
        )
    code = scored.index.crebo_vocab.get(student.crebo)
    if code is None or code not in scored.index.trees:
        return Diagnosis(
            UnplacedKind.NO_PLACES_FOR_CREBO,
            f"Er zijn in deze ronde geen plekken voor opleiding {student.crebo}.",
            "crebo",
        )
    max_min = float(student.max_travel_minutes)
    within = ks[minutes[ks] <= max_min + 1e-9] if ks.size else ks
    if within.size == 0:
        hints = _hints(scored, ks, p_idx, minutes, rules, max_min) if ks.size else ()
        text = f"Binnen {int(max_min)} minuten reizen is geen plek voor deze opleiding."
        if not hints:
            nearest = _nearest_fitting_minutes(scored, row, travel=travel, strict=strict)
            text += (
                f" De dichtstbijzijnde plek die verder past, is ongeveer "
                f"{travel_minutes(nearest)} minuten reizen."
                if nearest is not None
                else f" Ook binnen {int(max_min) + NEAREST_SEARCH_MIN} minuten past geen plek."
            )
        return Diagnosis(UnplacedKind.NONE_IN_REACH, text, "travel_time", 0, hints)
    eligible = within[rules.eligible[within]]
    if eligible.size:
        place_ids = [pl.places[int(p_idx[k])].place_id for k in eligible]
        vetoed = {p for s, p in vetoes if s == student.student_id}
        open_ids = [p for p in place_ids if p not in vetoed]
        if not open_ids:
            return Diagnosis(
                UnplacedKind.VETOED,
                _vetoed_text(place_ids, {p for s, p in tried if s == student.student_id}),
                None,
                len(place_ids),
            )
        full = sorted(open_ids, key=lambda p: (-taken.get(p, 0), p))[:3]
        names = [table_label(pl, pl.index[p]) for p in full]
        where = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" of {names[-1]}"
        return Diagnosis(
            UnplacedKind.COMPETITION,
            f"Er {'is' if len(open_ids) == 1 else 'zijn'} {_plural(len(open_ids))} die "
            "passen, maar die gaan in dit voorstel naar andere studenten. "
            f"Een extra plaats bij {where} zou helpen.",
            None,
            len(open_ids),
        )
    failed = {name: int((~m[within]).sum()) for name, m in rules.masks.items()}
    top = max(failed, key=lambda name: (failed[name], name))
    hints = _hints(scored, ks, p_idx, minutes, rules, max_min)
    label = RULES_BY_NAME[top].label
    return Diagnosis(
        UnplacedKind.NO_ELIGIBLE,
        f"Geen plek past nu. Het meest speelt: {label} ({_plural(failed[top])} vallen af).",
        top,
        0,
        hints,
    )


def _hints(
    scored: RoundData,
    ks: np.ndarray,
    p_idx: np.ndarray,
    minutes: np.ndarray,
    rules: RuleResult,
    max_min: float,
) -> tuple[Hint, ...]:
    """Single relaxations: pairs that fail exactly one rule, grouped per rule."""
    pl = scored.places
    names = list(rules.masks)
    fails = np.stack([~rules.masks[n][ks] for n in names])
    over = minutes[ks] > max_min + 1e-9  # the travel rule uses the student's own maximum
    hints: list[Hint] = []
    for step in sorted(set(EXTRA_TRAVEL_STEPS)):
        others_ok = fails[[i for i, n in enumerate(names) if n != "travel_time"]].sum(axis=0) == 0
        opened = int((others_ok & over & (minutes[ks] <= max_min + step + 1e-9)).sum())
        if opened:
            hints.append(
                Hint("travel_time", opened, f"met {step} minuten meer reistijd: {_plural(opened)}")
            )
            break
    single = fails.sum(axis=0) == 1
    for i, name in enumerate(names):
        if name == "travel_time":
            continue
        only = ks[single & fails[i]]
        if not only.size:
            continue
        if name in FACILITY_WORDS:
            companies = sorted({pl.company_of(int(p_idx[k])).name for k in only})
            where = ", ".join(companies[:3]) + (" en meer" if len(companies) > 3 else "")
            text = f"als {FACILITY_WORDS[name]} geregeld wordt bij {where}: {_plural(only.size)}"
        elif name in OTHER_HINTS:
            text = f"{OTHER_HINTS[name]}: {_plural(only.size)}"
        else:
            continue
        hints.append(Hint(name, int(only.size), text))
    hints.sort(key=lambda h: -h.places)
    return tuple(hints[:3])


def _nearest_fitting_minutes(
    scored: RoundData, row: int, *, travel: TravelTimeProvider, strict: bool
) -> float | None:
    """Travel minutes to the nearest place that passes every rule but the travel time.

    That is the place the jobcoach's page finds once its travel filter reaches this far, so
    both pages name the same distance. ``None`` when none lies within ``NEAREST_SEARCH_MIN``
    minutes beyond the student's own limit.
    """
    st, pl = scored.students, scored.places
    sel = np.array([row], dtype=np.int64)
    s_idx, p_idx = within_reach(
        st, scored.index, sel, travel=travel, extra_minutes=NEAREST_SEARCH_MIN
    )
    if not s_idx.size:
        return None
    _, minutes = pair_geometry(st, pl, s_idx, p_idx, travel=travel)
    rules = evaluate_rules(
        st,
        pl,
        s_idx,
        p_idx,
        on=scored.on,
        travel=travel,
        travel_min=minutes,
        strict_personal_day_max=strict,
    )
    others = np.ones(s_idx.size, dtype=bool)
    for name, mask in rules.masks.items():
        if name != "travel_time":
            others &= mask
    return float(minutes[others].min()) if others.any() else None
