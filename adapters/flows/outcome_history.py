"""Ended BPVs become outcome history: the training set of the learned model, from the product.

Every ended BPV that is an outcome of its place (``matcher/bpv/outcomes.py`` decides which)
is joined with the profiles as they were when its round matched it: the student's scoring
profile, the company and the place frozen in the round's snapshot at publishing
(``adapters/flows/rounds/snapshot.py``). A BPV whose round froze no profile (published before
profiles were frozen) or whose student was erased is left out and counted.

The result is a ``History`` in the contract's shape, so ``matcher export --history`` writes it
as a history set and the learner reads it like an imported one. Its ids are its own: every
outcome gets a pseudonymous student ``bpv-<id>`` without a name (one student can have had two
BPVs, each with the profile of its own round); a place or company keeps its id unless two
rounds froze it differently, then the later one is ``<id>~r<round>``.

Only beheer (ADMIN) and the BPV-bureau may build it: it holds the functional needs of every
student with an outcome, pseudonymised. Every build is a read for the purpose STATISTICS
(training and history sets, domain.md R11) in the privacy log of each student whose frozen
profile it used, so "wie heeft mijn gegevens bekeken" shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlmodel import Session

from adapters.db import bpv_queries as q
from adapters.db.round_snapshots import snapshot_rows
from adapters.flows.rounds import snapshot
from adapters.privacy.audit import Actor, record_reads
from matcher.bpv.outcomes import training_outcome
from matcher.bpv.vocabulary import BpvStatus
from matcher.domain import (
    Company,
    CompanyId,
    History,
    OutcomeRecord,
    Place,
    PlaceId,
    Population,
    Student,
    StudentId,
)
from matcher.errors import PermissionDeniedError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Category, Purpose, Role
from matcher.scoring.history import GROUP_ATTRIBUTES, GroupCounts

RUNNERS = frozenset({Role.ADMIN, Role.BUREAU})
DENIED = "Alleen beheer of het BPV-bureau mag de uitkomsten van BPV's gebruiken om van te leren."
SOURCE = "eigen BPV's"
ENDED = (BpvStatus.AFGEROND, BpvStatus.GESTOPT, BpvStatus.ZOEKT_NIEUWE_PLEK)
LOGGED_FIELD = "profiel_bij_matching"  # the privacy log's name for the frozen profile


@dataclass(frozen=True, slots=True)
class OutcomeHistory:
    """The product's own outcomes as a history set, with where each came from."""

    history: History
    bpv_ids: tuple[int, ...]  # per outcome, the BPV it came from
    placement: GroupCounts  # per group: (placed, students) over the published rounds
    skipped: dict[str, int] = field(default_factory=dict)  # why ended BPVs were left out

    @property
    def period(self) -> tuple[date, date] | None:
        """The first and last day an outcome ended, or None without outcomes."""
        days = [o.ended_on for o in self.history.outcomes if o.ended_on is not None]
        return (min(days), max(days)) if days else None

    def source(self) -> dict[str, object]:
        """What a model proposal records about this source."""
        period = self.period
        return {
            "source": SOURCE,
            "n_outcomes": len(self.history.outcomes),
            "first": None if period is None else period[0].isoformat(),
            "last": None if period is None else period[1].isoformat(),
            "skipped": dict(self.skipped),
        }


def _check(principal: Principal) -> None:
    if not principal.roles & RUNNERS:
        raise PermissionDeniedError(DENIED)


class _Ids:
    """Hands out a history id per profile: the own id, unless another round froze it otherwise."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, object], str] = {}
        self.by_id: dict[str, object] = {}

    def id_for(self, ident: str, value: object, round_id: int) -> tuple[str, bool]:
        """(history id, new: not handed out before)."""
        known = self.seen.get((ident, value))
        if known is not None:
            return known, False
        chosen = ident if ident not in self.by_id else f"{ident}~r{round_id}"
        n = 2
        while chosen in self.by_id:
            chosen, n = f"{ident}~r{round_id}-{n}", n + 1
        self.seen[(ident, value)] = chosen
        self.by_id[chosen] = value
        return chosen, True


def build(session: Session, principal: Principal) -> OutcomeHistory:
    """The training history from every ended BPV with a frozen profile (beheer, bureau)."""
    _check(principal)
    students: list[Student] = []
    companies: list[Company] = []
    places: list[Place] = []
    outcomes: list[OutcomeRecord] = []
    bpv_ids: list[int] = []
    used: list[str] = []  # the real student ids, for the privacy log only
    skipped: dict[str, int] = {}
    frozen: dict[int, snapshot.Snapshot | None] = {}
    company_ids, place_ids = _Ids(), _Ids()

    def skip(reason: str) -> None:
        skipped[reason] = skipped.get(reason, 0) + 1

    for row in q.list_bpvs(session, statuses=ENDED):
        assert row.id is not None
        outcome = training_outcome(row.status, row.outcome, row.stop_reason)
        if outcome is None:
            skip("geen uitkomst van de plek")
            continue
        if row.round_id not in frozen:
            frozen[row.round_id] = snapshot.get(session, row.round_id)
        snap = frozen[row.round_id]
        student = None if snap is None else snapshot.matched_student(snap.data, row.student_id)
        company = None if snap is None else snap.company_profile(row.company_id)
        place = None if snap is None else snap.place_profile(row.place_id)
        if snap is None or student is None or company is None or place is None:
            skip("geen profiel van toen")
            continue
        cid, new_company = company_ids.id_for(row.company_id, company, row.round_id)
        if new_company:
            companies.append(replace(company, company_id=CompanyId(cid)))
        pid, new_place = place_ids.id_for(row.place_id, (place, cid), row.round_id)
        if new_place:
            places.append(replace(place, place_id=PlaceId(pid), company_id=CompanyId(cid)))
        sid = StudentId(f"bpv-{row.id}")
        wishes = tuple(PlaceId(pid) if w == row.place_id else w for w in student.preferences)
        students.append(replace(student, student_id=sid, name="", preferences=wishes))
        outcomes.append(OutcomeRecord(sid, PlaceId(pid), outcome, row.started_on, row.ended_on))
        bpv_ids.append(row.id)
        used.append(row.student_id)
    record_reads(
        session, actor=Actor.of(principal),
        role=Role.BUREAU if Role.BUREAU in principal.roles else Role.ADMIN,
        purpose=Purpose.STATISTICS, student_ids=used, fields=(LOGGED_FIELD,),
        categories=(Category.FUNCTIONAL_NEEDS, Category.OUTCOMES),
    )  # fmt: skip
    history = History(Population(tuple(students), tuple(companies), tuple(places)), tuple(outcomes))
    return OutcomeHistory(history, tuple(bpv_ids), _placement(session), skipped)


def _placement(session: Session) -> GroupCounts:
    """Per group: students of published rounds with an approved match, and all of them."""
    counts: GroupCounts = {a: {} for a in GROUP_ATTRIBUTES}
    for row in snapshot_rows(session):
        matched = row.data.get("matched", {})
        for student_id, groups in row.data.get("groups", {}).items():
            for attribute, group in groups.items():
                got, total = counts.setdefault(attribute, {}).get(group, (0, 0))
                counts[attribute][group] = (got + (student_id in matched), total + 1)
    return counts
