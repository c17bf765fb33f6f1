"""A re-match round (issue 19): a small round for students in the "zoekt een nieuwe plek" queue,
against the places still free.

The round is an ordinary round (created, started, reviewed and published with the lifecycle
flows) whose selection says ``rematch: true`` with the chosen ``student_ids`` and, per student,
the ``excluded_places`` that were already tried. When it runs (``execute.prepare_run``):

- every open BPV (proposed or running) holds its seat: ``held_seats`` feeds
  ``matcher.bpv.net.net_population``, which takes it off the place's capacity and off the
  company's guidance budget and support seats;
- each excluded place is a veto for that student (the reviewers' veto mechanism), so it is never
  proposed again;
- running BPVs are untouched: their students are not in the round, and publishing never gives a
  student with an open BPV a second one (``adapters.flows.bpv.create_for_round``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from adapters.db import bpv_queries as q
from adapters.db.round_models import MatchRoundRow
from adapters.flows import bpv_messages
from adapters.flows.rounds import lifecycle
from matcher.bpv.net import Held
from matcher.bpv.vocabulary import PROPOSED, RUNNING
from matcher.domain import CompanyId, PlaceId, StudentId
from matcher.errors import InvalidInputError, Issue

LABEL = "Herplaatsing"


def is_rematch(filters: dict[str, Any] | None) -> bool:
    """Whether the round's selection marks it as a re-match."""
    return bool((filters or {}).get("rematch"))


def held_seats(session: Session, round_id: int) -> list[Held]:
    """Every open BPV of another round: the seats a re-match must not give away."""
    return [
        Held(StudentId(r.student_id), PlaceId(r.place_id), CompanyId(r.company_id))
        for r in q.list_bpvs(session, statuses=RUNNING | PROPOSED)
        if r.round_id != round_id
    ]


def excluded_pairs(filters: dict[str, Any]) -> set[tuple[str, str]]:
    """The (student, place) pairs a re-match must never propose: the places already tried."""
    excluded = filters.get("excluded_places") or {}
    return {(str(s), str(p)) for s, places in excluded.items() for p in places}


def _bad(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(message, issues=[Issue("herplaatsing", None, field, message)])


def create_rematch(
    session: Session,
    *,
    student_ids: Iterable[str] | None,
    bpv_start: date,
    actor: str,
    name: str = "",
    site_url: str,
) -> MatchRoundRow:
    """A draft re-match round for these queued students (None or empty: everyone who waits);
    each student and their jobcoach get an e-mail (links to ``site_url``).

    An empty queue or a student who does not wait is a Dutch InvalidInputError; nothing is made.
    """
    waiting = q.list_waiting(session)
    if not waiting:
        raise _bad(
            "student_ids",
            "Er wacht niemand op een nieuwe plek. Een herplaatsing is nu niet nodig.",
        )
    by_student = {e.student_id: e for e in waiting}
    chosen = sorted(set(student_ids or ())) or sorted(by_student)
    missing = [s for s in chosen if s not in by_student]
    if missing:
        raise _bad(
            "student_ids",
            f"Student {', '.join(missing)} staat niet in de rij 'zoekt een nieuwe plek'. "
            "Kies alleen studenten uit die rij.",
        )
    excluded: dict[str, list[str]] = {}
    for sid in chosen:
        tried = {
            e.failed_place_id for e in q.list_entries(session, sid) if e.failed_place_id is not None
        }
        if tried:
            excluded[sid] = sorted(tried)
    filters = {"rematch": True, "student_ids": chosen, "excluded_places": excluded}
    title = name.strip() or f"{LABEL} {bpv_start.isoformat()}"
    row = lifecycle.create_round(
        session, name=title, filters=filters, policy={}, bpv_start=bpv_start, actor=actor
    )
    bpv_messages.queue_rematch_started(session, [by_student[s] for s in chosen], site_url=site_url)
    return row
