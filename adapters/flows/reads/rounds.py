"""Scoped reads of a round: the bureau's overview, review table, panel, map data, diff and
export, and the JSON proposals list that staff and companies share.

The bureau's pages are the bureau's (``require_role``); the JSON list keeps every other role to
its scope: staff to their caseload, a company to the students approved for it in a published
round, without score, terms or texts. Every student whose row is handed out is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session

from adapters.db import round_reads as reads
from adapters.db import round_repositories as repo
from adapters.db.round_models import APPROVED_DECISIONS as APPROVED_DECISIONS
from adapters.db.round_models import MatchRoundRow, ProposalRow
from adapters.db.round_models import NoteKind as NoteKind
from adapters.db.round_queries import ProposalQuery as ProposalQuery
from adapters.db.round_queries import decision_counts, list_round_proposals
from adapters.db.round_queries import published_proposal as published_proposal
from adapters.flows.rounds import export, fingerprint, snapshot
from adapters.privacy import consent
from adapters.privacy.access import (
    Grant,
    StudentScope,
    company_scope,
    log_reads,
    require_role,
    student_scope,
)
from adapters.privacy.audit import record
from matcher import RoundDiff, nl
from matcher.errors import NotFoundError
from matcher.privacy.vocabulary import Action, Category, Purpose, Role

MAP_DECIMALS = 2  # home locations on the map to about 1 km, never the address
TABLE_FIELDS = ("name", "niveau", "priority", "place_id", "score", "decision")
PANEL_FIELDS = (*TABLE_FIELDS, "explanation", "terms")
MAP_FIELDS = ("location_rounded", "place_id", "travel_minutes")
DIFF_FIELDS = ("place_id", "reason")
COMPANY_FIELDS = ("place_id", "decision")
ROUND_CATEGORIES = (Category.IDENTITY, Category.PROPOSALS)
BUREAU = (Role.BUREAU,)


@dataclass(frozen=True, slots=True)
class Names:
    """Student and company names for a set of proposals (what the table and panel show)."""

    students: dict[str, Any] = field(default_factory=dict)
    companies: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReviewPage:
    """One page of the bureau's review table."""

    round: MatchRoundRow
    total: int
    offset: int
    rows: list[ProposalRow]
    names: Names


@dataclass(frozen=True, slots=True)
class RoundOverview:
    """The bureau's round page: the round, the scores for the chart and the decision counts."""

    round: MatchRoundRow
    scores: list[float]
    counts: dict[str, int]
    summary: dict[str, Any]
    data_changed: bool = False  # the profiles it used changed since the run was made


@dataclass(frozen=True, slots=True)
class ProposalsList:
    """The JSON proposals list: the run, how many match, one page, and whether it is a company's
    view (then score, terms and texts must not be shown, nor the code of a student who shares
    nothing with the company)."""

    run: int
    total: int
    rows: list[ProposalRow]
    company_view: bool
    shared: set[str] = field(default_factory=set)  # company view: students sharing a part


@dataclass(frozen=True, slots=True)
class RoundView:
    """A round as one requester may see it: its selection keeps only students in their scope."""

    round: MatchRoundRow
    filters: dict[str, Any]


# What the web pages may know of the round tables without importing the database adapter.
REVIEWABLE = repo.REVIEWABLE


def round_row(session: Session, round_id: int) -> MatchRoundRow:
    """The stored round (its status and progress), or NotFoundError."""
    return repo.get_round(session, round_id)


def _view(row: MatchRoundRow, scope: StudentScope) -> RoundView:
    filters = dict(row.filters or {})
    if not scope.all and "student_ids" in filters:
        filters["student_ids"] = [s for s in filters["student_ids"] if scope.allows(s)]
    if not scope.all and "excluded_places" in filters:  # a re-match: per student, tried places
        tried = filters["excluded_places"] or {}
        filters["excluded_places"] = {s: p for s, p in tried.items() if scope.allows(s)}
    return RoundView(row, filters)


def visible_rounds(session: Session, grant: Grant) -> list[RoundView]:
    """Every round, newest first, with each selection kept to the requester's students."""
    scope = student_scope(session, grant)
    return [_view(r, scope) for r in repo.list_rounds(session)]


def visible_round(session: Session, grant: Grant, round_id: int) -> RoundView:
    """One round, its selection kept to the requester's students."""
    return _view(repo.get_round(session, round_id), student_scope(session, grant))


def _names(session: Session, round_row: MatchRoundRow, rows: list[ProposalRow]) -> Names:
    """The names to show beside these proposals: as published for a published round (its
    snapshot), else the live profiles."""
    sids = {r.student_id for r in rows}
    cids = {r.company_id for r in rows if r.company_id}
    assert round_row.id is not None
    frozen = snapshot.for_round(session, round_row.id, round_row.status)
    if frozen is not None:
        found_students = {s: frozen.student(s) for s in sids}
        found_companies = {c: frozen.company(c) for c in cids}
        return Names(
            {k: v for k, v in found_students.items() if v is not None},
            {k: v for k, v in found_companies.items() if v is not None},
        )
    students, companies = reads.name_rows(session, sids, cids)
    return Names({s.student_id: s for s in students}, {c.company_id: c for c in companies})


def round_overview(session: Session, grant: Grant, round_id: int) -> RoundOverview:
    """The round with the aggregates its page shows (no student is named here)."""
    require_role(grant, *BUREAU)
    row = repo.get_round(session, round_id)
    scores: list[float] = []
    counts: dict[str, int] = {}
    if row.current_run:
        scores = reads.run_scores(session, round_id, row.current_run)
        counts = decision_counts(session, round_id)
    return RoundOverview(row, scores, counts, dict(row.summary or {}), data_changed(session, row))


def data_changed(session: Session, row: MatchRoundRow) -> bool:
    """Whether a solved round's inputs changed since its run (a published one is frozen)."""
    used = (row.summary or {}).get(fingerprint.SUMMARY_KEY)
    if not used or row.status not in repo.REVIEWABLE:
        return False
    assert row.id is not None
    students = reads.run_student_ids(session, row.id, row.current_run)
    return bool(fingerprint.inputs_fingerprint(session, students) != used)


def review_page(session: Session, grant: Grant, round_id: int, query: ProposalQuery) -> ReviewPage:
    """One page of the review table (the last page when ``offset`` is past the end); logged."""
    require_role(grant, *BUREAU)
    row = repo.get_round(session, round_id)
    _, total, rows = list_round_proposals(session, round_id, query)
    offset = min(query.offset, max(0, total - 1) // query.limit * query.limit)
    if offset != query.offset:  # past the last page (the filters changed): show the last one
        _, total, rows = list_round_proposals(session, round_id, replace(query, offset=offset))
    log_reads(session, grant, [r.student_id for r in rows], TABLE_FIELDS, ROUND_CATEGORIES)
    return ReviewPage(row, total, offset, rows, _names(session, row, rows))


def proposal_detail(
    session: Session, grant: Grant, round_id: int, student_id: str
) -> tuple[MatchRoundRow, ProposalRow, Names]:
    """One proposal with its names, for the review panel (staff, in their scope); logged."""
    require_role(grant, Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER)
    if not student_scope(session, grant).allows(student_id):
        raise NotFoundError(f"Student {student_id} staat niet in deze ronde.")
    row = repo.get_round(session, round_id)
    proposal = repo.get_proposal(session, round_id, row.current_run, student_id)
    log_reads(session, grant, [student_id], PANEL_FIELDS, ROUND_CATEGORIES)
    return row, proposal, _names(session, row, [proposal])


def scoped_proposals(
    session: Session, grant: Grant, round_id: int, query: ProposalQuery
) -> ProposalsList:
    """The JSON proposals list kept to the requester's scope; every student listed is logged."""
    scope = student_scope(session, grant)
    own = company_scope(grant)
    run, total, rows = list_round_proposals(
        session, round_id, query, student_ids=None if scope.all else scope.ids, company_id=own
    )
    fields = COMPANY_FIELDS if own is not None else PANEL_FIELDS
    log_reads(session, grant, [r.student_id for r in rows], fields, (Category.PROPOSALS,))
    shared = (
        set()
        if own is None
        else consent.consented_students(
            session, sorted({r.student_id for r in rows}), Purpose.MATCHING, own
        )
    )
    return ProposalsList(run, total, rows, company_view=own is not None, shared=shared)


def scoped_diff(
    session: Session,
    grant: Grant,
    round_id: int,
    *,
    before: int | None = None,
    after: int | None = None,
) -> tuple[int, int, RoundDiff, StudentScope]:
    """What changed between two runs, with the scope its changes must be filtered to; the
    students in scope whose changes are shown are logged."""
    require_role(grant, Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER)
    before_run, after_run, diff = export.diff_runs(session, round_id, before=before, after=after)
    scope = student_scope(session, grant)
    shown = [c.student_id for c in diff.changes if scope.allows(c.student_id)]
    log_reads(session, grant, shown, DIFF_FIELDS, (Category.PROPOSALS,))
    return before_run, after_run, diff, scope


def map_points(session: Session, grant: Grant, round_id: int) -> dict[str, list[Any]]:
    """The bureau's map: students (rounded to about 1 km), places and the proposed pairs of the
    current run, and per student the proposal (for the list beside the map). Only students of
    the round's run are shown; each of them is logged."""
    require_role(grant, *BUREAU)
    row = repo.get_round(session, round_id)
    pairs = reads.run_pairs(session, round_id, row.current_run)
    in_round = sorted({p.student_id for p in pairs})
    assert row.id is not None
    frozen = snapshot.for_round(session, row.id, row.status)
    if frozen is not None:
        return _frozen_map(session, grant, frozen, pairs)
    students = {
        r.student_id: (round(r.lat, MAP_DECIMALS), round(r.lon, MAP_DECIMALS))
        for r in reads.student_homes(session, in_round)
    }
    sites = {r.company_id: (r.lat, r.lon) for r in reads.company_sites(session)}
    places = {
        r.place_id: (r.lat, r.lon) if r.lat is not None else sites.get(r.company_id)
        for r in reads.place_sites(session)
    }
    log_reads(session, grant, students, MAP_FIELDS, ROUND_CATEGORIES)
    return {
        "students": [[k, *v] for k, v in students.items()],
        "places": [[k, *v] for k, v in places.items() if v is not None],
        "pairs": [
            [students[a], places[b]]
            for a, b, _ in pairs
            if b is not None and a in students and places.get(b) is not None
        ],
        "proposals": _proposals(pairs, students),
    }


def _frozen_map(
    session: Session, grant: Grant, frozen: snapshot.Snapshot, pairs: Any
) -> dict[str, list[Any]]:
    """The map of a published round from its snapshot (erased students have no home)."""
    students: dict[str, tuple[float, float]] = {}
    for a, _, _ in pairs:
        found = frozen.student(a)
        if found is not None and found.lat is not None:
            students[a] = (round(found.lat, MAP_DECIMALS), round(found.lon, MAP_DECIMALS))
    places = frozen.map_places()
    log_reads(session, grant, students, MAP_FIELDS, ROUND_CATEGORIES)
    return {
        "students": [[k, *v] for k, v in students.items()],
        "places": [[k, *v] for k, v in places.items()],
        "pairs": [[students[a], places[b]] for a, b, _ in pairs if b in places and a in students],
        "proposals": _proposals(pairs, students),
    }


def _proposals(pairs: Any, students: dict[str, tuple[float, float]]) -> list[list[Any]]:
    """Per student on the map, by id: the place its line goes to (or None) and the travel
    minutes rounded as on every page. Erased students have no home and are left out."""
    return [
        [a, b, nl.travel_minutes(t) if b is not None and t is not None else None]
        for a, b, t in sorted(pairs, key=lambda p: p[0])
        if a in students
    ]


def approved_export(
    session: Session, grant: Grant, round_id: int, *, fmt: str, layout: str = "bureau"
) -> export.ExportFile:
    """The approved matches as a contract file (the bureau only); each student exported is
    logged as an export."""
    require_role(grant, *BUREAU)
    names = _export_names(session, round_id)
    file = export.export_approved(session, round_id, fmt=fmt, names=names, layout=layout)
    for student_id in file.student_ids:
        record(
            session,
            actor=grant.actor,
            action=Action.EXPORT,
            role=grant.decision.role,
            purpose=grant.decision.purpose,
            student_id=student_id,
            categories=(Category.PROPOSALS,),
            fields=("student_id", "name", "place_id", "score", "explanation"),
        )
    return file


def _export_names(session: Session, round_id: int) -> export.ExportNames:
    """Student, company and place names for the bureau's export (as published, when it is)."""
    row = repo.get_round(session, round_id)
    rows = repo.list_proposals(session, round_id, row.current_run)
    names = _names(session, row, rows)
    frozen = snapshot.for_round(session, round_id, row.status)
    pids = sorted({r.place_id for r in rows if r.place_id})
    if frozen is not None:
        found = {p: frozen.data.get("places", {}).get(p) for p in pids}
        place_values = {p: v for p, v in found.items() if v is not None}
    else:
        place_values = reads.place_export_values(session, pids)
    company_names = {k: str(v.name or "") for k, v in names.companies.items()}
    places = {
        p: export.place_label(v, company_names.get(str(v["company_id"]), ""))
        for p, v in place_values.items()
    }
    return export.ExportNames(
        students={k: str(v.name or "") for k, v in names.students.items()},
        companies=company_names,
        places=places,
    )


def sectors(session: Session, round_id: int | None = None) -> list[str]:
    """The sectors (branches) of the current companies, for filters (no personal data); for a
    published round those of its snapshot."""
    if round_id is not None:
        row = repo.get_round(session, round_id)
        frozen = snapshot.for_round(session, round_id, row.status)
        if frozen is not None:
            found = {v.get("sector") for v in frozen.data.get("companies", {}).values()}
            return sorted(str(s) for s in found if s)
    return reads.live_sectors(session)


def student_names(session: Session, grant: Grant, student_ids: list[str]) -> dict[str, str]:
    """The names of these students that the requester may see (the diff shows them beside the
    codes); every student named is logged."""
    require_role(grant, Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER)
    scope = student_scope(session, grant)
    wanted = sorted({s for s in student_ids if scope.allows(s)})
    if not wanted:
        return {}
    found = reads.student_name_rows(session, wanted)
    log_reads(session, grant, [r.student_id for r in found], ("name",), (Category.IDENTITY,))
    return {str(r.student_id): str(r.name or "") for r in found}


def frozen_place_names(session: Session, round_id: int) -> dict[str, str] | None:
    """A published round's place names as it showed them when published; None in review (the
    live names apply). A snapshot from before names were frozen gives the company's name."""
    row = repo.get_round(session, round_id)
    frozen = snapshot.for_round(session, round_id, row.status)
    if frozen is None:
        return None
    names = frozen.data.get("place_names")
    if names is None:
        companies = frozen.data.get("companies", {})
        names = {
            pid: str(companies.get(values["company_id"], {}).get("name") or "")
            for pid, values in frozen.data.get("places", {}).items()
        }
    return {str(k): str(v) for k, v in names.items()}


def place_labels(session: Session, place_ids: list[str]) -> dict[str, str]:
    """Per place: its company's name (places and companies are no personal data)."""
    ids = sorted({p for p in place_ids if p})
    if not ids:
        return {}
    return reads.place_company_names(session, ids)


def print_view(session: Session, grant: Grant, round_id: int) -> ReviewPage:
    """Every proposal of the round's current run with its names, for the print view (the
    bureau only); every student listed is logged."""
    return review_page(session, grant, round_id, ProposalQuery(offset=0, limit=1_000_000))


def row_names(session: Session, grant: Grant, rows: list[ProposalRow]) -> Names:
    """The names for table rows shown again after an action (the bureau only); logged."""
    require_role(grant, *BUREAU)
    log_reads(session, grant, [r.student_id for r in rows], TABLE_FIELDS, ROUND_CATEGORIES)
    if not rows:
        return Names()
    return _names(session, repo.get_round(session, rows[0].round_id), rows)
