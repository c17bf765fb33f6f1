"""The companies' track records as leerbedrijf, for the bureau only (issue 19, item 4).

Per company: the BPVs it hosted, how they ended (with the reasons), the evaluations and their
signals, and whether it would host a student again (``matcher/bpv/track.py`` counts). The
record is built from outcomes of students (category OUTCOMES), and with few BPVs a reason such
as health points at one student, so only the bureau of the institution reads it: for anyone
else ``track_records`` returns None and the pages and the API leave the field out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session

from adapters.db import bpv_queries as q
from adapters.privacy.access import Grant
from matcher.bpv.track import EvaluationFacts, TrackRecord
from matcher.bpv.track import track_records as count_records
from matcher.bpv.vocabulary import Signal
from matcher.privacy.vocabulary import Role


def may_read(grant: Grant) -> bool:
    """Only the bureau of the institution sees track records."""
    principal = grant.principal
    return (
        principal is not None
        and principal.institution is not None
        and Role.BUREAU in principal.roles
        and grant.decision.role is Role.BUREAU
    )


def track_records(
    session: Session, grant: Grant, company_ids: Iterable[str]
) -> dict[str, TrackRecord] | None:
    """The track record of each of these companies (an empty one without history), or None
    when the requester is not the bureau."""
    if not may_read(grant):
        return None
    wanted = sorted(set(company_ids))
    rows = [r for c in wanted for r in q.list_bpvs(session, company_id=c)]
    held: dict[int, list[EvaluationFacts]] = defaultdict(list)
    for e in q.evaluations_of(session, [r.id for r in rows if r.id is not None]):
        signals = frozenset(Signal(s) for s in e.signals.split(";") if s)
        held[e.bpv_id].append(EvaluationFacts(e.held_on, signals, e.would_host_again))
    items = [(q.to_domain(r), held.get(r.id or 0, [])) for r in rows]
    return count_records(items, wanted)


def track_record(session: Session, grant: Grant, company_id: str) -> TrackRecord | None:
    """One company's track record, or None when the requester is not the bureau."""
    found = track_records(session, grant, [company_id])
    return None if found is None else found[company_id]


def with_history(session: Session, grant: Grant) -> dict[str, TrackRecord] | None:
    """The track record of every company that has had a BPV, or None when the requester is
    not the bureau (the bureau's company page)."""
    if not may_read(grant):
        return None
    return track_records(session, grant, {r.company_id for r in q.list_bpvs(session)})
