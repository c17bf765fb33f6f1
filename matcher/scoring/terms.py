"""Soft terms: one named score in [0, 1] per match dimension, vectorised over pairs.

The dimensions are the handbook's match checklist (H:1397-1410, domain.md:332-361): fysiek,
sociaal, bedrijfsmatig, psychisch, uren and reis, plus the student's own voorkeur (H:1201-1203).
:func:`term_parts` computes the raw gaps once; the terms and ``matcher.features`` both read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.candidates import CandidatePairs
from matcher.policy import ScoringPolicy
from matcher.tables import (
    ARRANGEABLE,
    F64,
    I64,
    NO_EXPERIENCE_GIVEN,
    YES,
    Bool,
    PlaceTable,
    StudentTable,
    common_days,
)

GUIDANCE_RATIO_CAP = 5.0
NOT_LISTED, NO_PREFERENCES = -1, -2


@dataclass(frozen=True, slots=True, eq=False)
class TermParts:
    """Raw per-pair quantities behind the terms (also the learned model's raw features)."""

    physical_gap: F64  # work's physical load minus the student's capacity (1-5 scales)
    mental_gap: F64
    facility_fit: F64  # mean value of the facilities the student needs; 1 when none
    social_gap: F64  # social support need minus the company's openness (0-3 scales)
    guidance_ratio: F64  # company hours per student place / hours the student needs (capped)
    expertise_overlap: F64  # share of the student's support areas the company knows; 1 if none
    open_fit: F64
    # Company experience with extra support for a student who needs it (``experience_values``);
    # 1.0 for a student without extra support or a company that did not say.
    experience_fit: F64
    stimulus_need: F64  # 0-1: prikkelgevoeligheid, 1 when a quiet workspace is needed
    quiet_value: F64  # 0-1: quiet workspace no / arrangeable / yes
    predictable_fit: F64
    day_excess_h: F64  # place's longest shift minus the student's max hours per day, >= 0
    flexible_fit: F64
    breaks_fit: F64
    travel_ratio: F64  # travel minutes / the student's maximum
    spoon_cost: F64  # spoons per work day (NaN when the student gave no budget)
    spoon_leftover: F64  # (budget - cost) / budget (NaN when no budget)
    preference_rank: I64  # 0 = first choice, NOT_LISTED, NO_PREFERENCES
    # Interests: 1 fits, 0 does not, NaN when the student named none of this kind; a place
    # whose sector or tasks are unknown gets ``ScoringPolicy.interest_unknown``.
    sector_fit: F64
    task_fit: F64


@dataclass(frozen=True, slots=True, eq=False)
class PairScores:
    """Per-term arrays, the weighted total in [0, 1], and the raw parts they came from."""

    terms: dict[str, F64]
    total: F64
    parts: TermParts

    def row(self, i: int) -> dict[str, float]:
        """The term values of pair ``i``."""
        return {name: float(v[i]) for name, v in self.terms.items()}


def _facility_value(code: I64, policy: ScoringPolicy) -> F64:
    return np.select([code == YES, code == ARRANGEABLE], [1.0, policy.arrangeable_value], 0.0)


def _wish(need: Bool, offered: Bool, policy: ScoringPolicy) -> F64:
    return np.where(need & ~offered, policy.unmet_wish_value, 1.0)


def _facility_fit(st: StudentTable, pl: PlaceTable, s: I64, p: I64, pol: ScoringPolicy) -> F64:
    needs = (st.needs_wheelchair[s], st.needs_toilet[s], st.needs_adjustable[s])
    codes = (pl.wheelchair[p], pl.toilet[p], pl.adjustable[p])
    total = np.zeros(len(s))
    count = np.zeros(len(s))
    for need, code in zip(needs, codes, strict=True):
        total += np.where(need, _facility_value(code, pol), 0.0)
        count += need
    return np.where(count > 0, total / np.maximum(count, 1), 1.0)


def preference_ranks(students: StudentTable, places: PlaceTable, s: I64, p: I64) -> I64:
    """Rank of place ``p`` in student ``s``'s wishes (0 = first), NOT_LISTED or NO_PREFERENCES."""
    n_p = max(len(places), 1)
    keys: list[int] = []
    ranks: list[int] = []
    has = np.zeros(len(students), dtype=bool)
    for i, student in enumerate(students.students):
        for r, place_id in enumerate(student.preferences):
            has[i] = True
            j = places.index.get(place_id)
            if j is not None:
                keys.append(i * n_p + j)
                ranks.append(r)
    out = np.where(has[s], NOT_LISTED, NO_PREFERENCES).astype(np.int64)
    if keys:
        k, rk = np.asarray(keys, np.int64), np.asarray(ranks, np.int64)
        order = np.argsort(k, kind="stable")
        k, rk = k[order], rk[order]
        q = s.astype(np.int64) * n_p + p
        pos = np.minimum(np.searchsorted(k, q), len(k) - 1)
        hit = k[pos] == q
        out[hit] = rk[pos[hit]]
    return out


def sector_fits(students: StudentTable, places: PlaceTable, s: I64, p: I64) -> Bool:
    """Per pair: is the place's company sector one of the student's interest sectors (any case)."""
    wanted = [{x.strip().lower() for x in st.interest_sectors} for st in students.students]
    vocab: dict[str, int] = {}
    for sectors in wanted:
        for sector in sorted(sectors):
            vocab.setdefault(sector, len(vocab))
    if not vocab:
        return np.zeros(len(s), dtype=bool)
    n_v = len(vocab)
    k = np.asarray(sorted(i * n_v + vocab[x] for i, xs in enumerate(wanted) for x in xs), np.int64)
    code = np.fromiter(
        (vocab.get(str(x).strip().lower(), -1) for x in places.sector), np.int64, len(places)
    )[p]
    q = s.astype(np.int64) * n_v + code
    pos = np.minimum(np.searchsorted(k, q), len(k) - 1)
    hit: Bool = (k[pos] == q) & (code >= 0)
    return hit


def _interest_parts(
    st: StudentTable, pl: PlaceTable, s: I64, p: I64, pol: ScoringPolicy
) -> tuple[F64, F64]:
    has_sectors = np.fromiter((bool(x.interest_sectors) for x in st.students), bool, len(st))[s]
    known_sector = np.fromiter((bool(str(x).strip()) for x in pl.sector), bool, len(pl))[p]
    sector = np.where(sector_fits(st, pl, s, p), 1.0, 0.0)
    sector = np.where(known_sector, sector, pol.interest_unknown)
    want, offer = st.tasks[s], pl.tasks[p]
    n_want = _popcount(want)
    # Two matching kinds of tasks are a full fit: nobody finds everything they like in one place.
    task = np.minimum(_popcount(want & offer) / np.maximum(np.minimum(n_want, 2), 1), 1.0)
    task = np.where(offer > 0, task, pol.interest_unknown)
    return np.where(has_sectors, sector, np.nan), np.where(n_want > 0, task, np.nan)


def _spoons(
    st: StudentTable, pl: PlaceTable, s: I64, p: I64, travel_min: F64, pol: ScoringPolicy
) -> tuple[F64, F64]:
    per_day = np.minimum(st.max_hours_per_day[s], pl.max_hours_per_day[p])
    days = np.maximum(common_days(st, pl, s, p), 1)
    work_h = np.minimum(per_day, st.hours_per_week[s] / days)
    load = (pl.physical_load[p] + pl.mental_load[p]) / 6.0  # 1.0 at average load (3 + 3)
    cost = (
        pol.spoons_daily_living
        + 2.0 * travel_min / 15.0 * pol.spoons_per_15_travel_min
        + work_h * pol.spoons_per_work_hour * load
    )
    budget = st.spoons[s]
    with np.errstate(invalid="ignore", divide="ignore"):
        leftover = (budget - cost) / budget
    return np.where(np.isnan(budget), np.nan, cost), leftover


def _experience_fit(st: StudentTable, pl: PlaceTable, s: I64, p: I64, pol: ScoringPolicy) -> F64:
    level = pl.support_experience[p]
    value = np.asarray(pol.experience_values, np.float64)[np.clip(level, 0, 2)]
    return np.where(st.needs_support[s] & (level != NO_EXPERIENCE_GIVEN), value, 1.0)


def term_parts(
    students: StudentTable, places: PlaceTable, pairs: CandidatePairs, *, policy: ScoringPolicy
) -> TermParts:
    """Compute the raw per-pair quantities once."""
    st, pl, s, p, pol = students, places, pairs.s_idx, pairs.p_idx, policy
    need_g = st.guidance_hours[s]
    share = pl.guidance_hours[p] / np.maximum(pl.company_capacity[p], 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(need_g > 0, share / need_g, GUIDANCE_RATIO_CAP)
    sup = st.support[s]
    n_sup = _popcount(sup)
    overlap = np.where(n_sup > 0, _popcount(sup & pl.expertise[p]) / np.maximum(n_sup, 1), 1.0)
    stim = np.maximum(st.stimulus_sensitivity[s] / 3.0, st.needs_quiet[s].astype(float))
    cost, leftover = _spoons(st, pl, s, p, pairs.travel_min, pol)
    sector_fit, task_fit = _interest_parts(st, pl, s, p, pol)
    return TermParts(
        physical_gap=(pl.physical_load[p] - st.physical_capacity[s]).astype(np.float64),
        mental_gap=(pl.mental_load[p] - st.mental_capacity[s]).astype(np.float64),
        facility_fit=_facility_fit(st, pl, s, p, pol),
        social_gap=(st.social_support_need[s] - pl.social_openness[p]).astype(np.float64),
        guidance_ratio=np.minimum(ratio, GUIDANCE_RATIO_CAP),
        expertise_overlap=overlap,
        open_fit=np.where(st.needs_support[s] & ~pl.open_to_support[p], pol.not_open_value, 1.0),
        experience_fit=_experience_fit(st, pl, s, p, pol),
        stimulus_need=stim,
        quiet_value=_facility_value(pl.quiet[p], pol),
        predictable_fit=_wish(st.needs_predictable[s], pl.predictable[p], pol),
        day_excess_h=np.maximum(pl.max_hours_per_day[p] - st.max_hours_per_day[s], 0.0),
        flexible_fit=_wish(st.needs_flexible[s], pl.flexible[p], pol),
        breaks_fit=_wish(st.needs_breaks[s], pl.extra_breaks[p], pol),
        travel_ratio=pairs.travel_min / np.maximum(st.max_travel_minutes[s], 1.0),
        spoon_cost=cost,
        spoon_leftover=leftover,
        preference_rank=preference_ranks(st, pl, s, p),
        sector_fit=sector_fit,
        task_fit=task_fit,
    )


def _popcount(x: I64) -> I64:
    return np.bitwise_count(x.astype(np.uint64)).astype(np.int64)


def _load_fit(gap: F64, pol: ScoringPolicy) -> F64:
    return np.clip(1.0 - pol.load_gap_penalty * np.maximum(gap, 0.0), 0.0, 1.0)


def fysiek(t: TermParts, pol: ScoringPolicy) -> F64:
    """Soft: physical load within capacity; needed facilities present (arrangeable counts less)."""
    return _load_fit(t.physical_gap, pol) * t.facility_fit


def sociaal(t: TermParts, pol: ScoringPolicy) -> F64:  # noqa: ARG001
    """Soft: the company's social openness meets the student's need for an open climate."""
    return np.clip(1.0 - np.maximum(t.social_gap, 0.0) / 3.0, 0.0, 1.0)


def bedrijfsmatig(t: TermParts, pol: ScoringPolicy) -> F64:  # noqa: ARG001
    """Soft: enough begeleidingstijd, expertise with the support areas, openness to support and
    experience with it.

    Openness and experience share the last quarter as a product: a company must be willing
    (open) and able (experienced) to host a student who needs extra support. Experience is a
    factor there, not a fifth part, so a company that did not state it (1.0) scores exactly as
    before the scale existed; the climate on the floor stays in ``sociaal``.
    """
    guidance = np.minimum(t.guidance_ratio, 1.0)
    return 0.5 * guidance + 0.25 * t.expertise_overlap + 0.25 * t.open_fit * t.experience_fit


def psychisch(t: TermParts, pol: ScoringPolicy) -> F64:
    """Soft: mental load within capacity, a quiet place for sensitivity, a predictable schedule."""
    stimulus_fit = 1.0 - t.stimulus_need * (1.0 - t.quiet_value)
    return 0.4 * _load_fit(t.mental_gap, pol) + 0.4 * stimulus_fit + 0.2 * t.predictable_fit


def uren(t: TermParts, pol: ScoringPolicy) -> F64:  # noqa: ARG001
    """Soft: shifts no longer than the student's day, flexible hours and extra breaks if needed."""
    excess = t.day_excess_h * np.where(t.flexible_fit < 1.0, 1.0, 0.5)
    day_fit = np.clip(1.0 - 0.15 * excess, 0.0, 1.0)
    return 0.4 * day_fit + 0.3 * t.flexible_fit + 0.3 * t.breaks_fit


def reis(t: TermParts, pol: ScoringPolicy) -> F64:
    """Soft: shorter travel is better; with a spoon budget, commute plus work against it."""
    time_fit = 1.0 - (1.0 - pol.travel_at_max_value) * np.clip(t.travel_ratio, 0.0, 1.0)
    spoon_fit = np.clip(t.spoon_leftover / pol.spoon_comfort_margin, 0.0, 1.0)
    return np.where(np.isnan(t.spoon_cost), time_fit, 0.5 * time_fit + 0.5 * spoon_fit)


def voorkeur(t: TermParts, pol: ScoringPolicy) -> F64:
    """Soft: 1.0 for the first wish, less for later ones; neutral when no wishes were given."""
    listed = np.maximum(1.0 - pol.preference_step * t.preference_rank, pol.preference_floor)
    return np.select(
        [t.preference_rank >= 0, t.preference_rank == NOT_LISTED],
        [listed, pol.preference_unlisted],
        pol.preference_neutral,
    )


def interesse(t: TermParts, pol: ScoringPolicy) -> F64:
    """Soft: the place's sector and tasks match what the student likes; neutral without interests.

    The mean of the kinds the student named (sector, tasks), lifted to a floor: work outside
    one's interests is not a bad place, it only misses a chance to do what one likes.
    """
    given = (~np.isnan(t.sector_fit)).astype(float) + (~np.isnan(t.task_fit)).astype(float)
    total = np.nan_to_num(t.sector_fit) + np.nan_to_num(t.task_fit)
    fit = total / np.maximum(given, 1.0)
    lifted = pol.interest_floor + (1.0 - pol.interest_floor) * fit
    return np.where(given > 0, lifted, pol.interest_neutral)


TERMS = {
    "fysiek": fysiek,
    "sociaal": sociaal,
    "bedrijfsmatig": bedrijfsmatig,
    "psychisch": psychisch,
    "uren": uren,
    "reis": reis,
    "voorkeur": voorkeur,
    "interesse": interesse,
}


def score_pairs(
    students: StudentTable,
    places: PlaceTable,
    pairs: CandidatePairs,
    *,
    policy: ScoringPolicy | None = None,
) -> PairScores:
    """Score every pair on every soft term and combine them with the policy's weights."""
    pol = policy or ScoringPolicy()
    parts = term_parts(students, places, pairs, policy=pol)
    terms = {name: np.asarray(fn(parts, pol), dtype=np.float64) for name, fn in TERMS.items()}
    weights = pol.weights.as_dict()
    norm = sum(weights.values()) or 1.0
    total = np.zeros(len(pairs))
    for name, values in terms.items():
        total += weights[name] / norm * values
    return PairScores(terms=terms, total=np.clip(total, 0.0, 1.0), parts=parts)
