"""Round lifecycle: create, start, re-run, publish, and find rounds a crashed worker left behind.

Every flow takes the session and the actor, records an audit event and flushes; the caller (a
route or a task) commits and only then hands the round id to a dispatcher.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from adapters import clock
from adapters.db import round_repositories as repo
from adapters.db.round_lease import orphaned_round_ids
from adapters.db.round_models import MatchRoundRow, RoundStatus
from adapters.flows import bpv, outbox
from adapters.flows.rounds import snapshot
from adapters.flows.rounds.selection import check_filters, check_policy
from matcher.errors import ConflictError, InvalidInputError

_LABEL = {
    RoundStatus.DRAFT: "nog niet gestart",
    RoundStatus.QUEUED: "wacht op een beurt",
    RoundStatus.RUNNING: "wordt nu gemaakt",
    RoundStatus.SOLVED: "klaar om te bekijken",
    RoundStatus.IN_REVIEW: "wordt bekeken",
    RoundStatus.PUBLISHED: "gepubliceerd",
    RoundStatus.FAILED: "niet gelukt",
}


def status_label(status: str) -> str:
    """The round status in plain Dutch."""
    return _LABEL[RoundStatus(status)]


_SOLUTION_LABEL = {
    "optimal": "beste verdeling gevonden (bewezen)",
    "feasible": "beste verdeling gevonden binnen de tijd, niet bewezen de beste",
    "infeasible": "geen geldige verdeling mogelijk",
    "unknown": "binnen de tijd geen verdeling gevonden",
}


def solution_of(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    """How good the stored run is: solver status, whether it is proved best, gaps, in Dutch.

    A round that hits its time limit keeps the best solution found; ``proved_optimal`` is then
    False and the gaps say how far from the proved bound it may be.
    """
    solver = (summary or {}).get("solver")
    if not isinstance(solver, dict) or "status" not in solver:
        return None
    status = str(solver["status"])
    return {
        "status": status,
        "proved_optimal": status == "optimal",
        "label": _SOLUTION_LABEL.get(status, status),
        "gap": solver.get("gap"),
        "placed_gap": solver.get("placed_gap"),
        "quality_gap": solver.get("quality_gap"),
        "blocking_pairs": solver.get("blocking_pairs"),
    }


def create_round(
    session: Session,
    *,
    name: str,
    filters: dict[str, Any],
    policy: dict[str, Any],
    bpv_start: date,
    actor: str,
) -> MatchRoundRow:
    """A new draft round with its selection and policy (checked first)."""
    if not name.strip():
        raise InvalidInputError("Geef de ronde een naam.", field="name")
    row = repo.add_round(
        session,
        name=name.strip(),
        filters=check_filters(filters),
        policy=check_policy(policy),
        bpv_start=bpv_start,
        actor=actor,
    )
    assert row.id is not None
    repo.add_event(
        session,
        row.id,
        actor=actor,
        action="created",
        detail={
            "name": row.name,
            "filters": filters,
            "policy": policy,
            "bpv_start": bpv_start.isoformat(),
        },
    )
    return row


def start_round(session: Session, round_id: int, *, actor: str) -> bool:
    """Queue a draft or failed round; True when it must be dispatched now.

    Starting a queued or running round again changes nothing (it is not run twice).
    """
    row = repo.get_round(session, round_id)
    status = RoundStatus(row.status)
    if status in (RoundStatus.QUEUED, RoundStatus.RUNNING):
        return False
    if status not in (RoundStatus.DRAFT, RoundStatus.FAILED):
        raise ConflictError(
            f"Ronde {round_id} is al gemaakt ({status_label(row.status)}). "
            "Gebruik 'opnieuw uitvoeren' om een nieuwe run te maken.",
            round_id=round_id,
            status=row.status,
        )
    _queue(session, row, actor=actor, action="started")
    return True


def rerun_round(session: Session, round_id: int, *, version: int, actor: str) -> None:
    """Queue a new run of a solved round that respects every lock, move, veto and acceptance."""
    row = require_reviewable(session, round_id)
    repo.claim_version(session, round_id, version)
    _queue(session, row, actor=actor, action="rerun_requested")


def publish_round(
    session: Session, round_id: int, *, version: int, actor: str, site_url: str
) -> MatchRoundRow:
    """Publish a reviewed round; after this nothing in it changes: what it shows is stored as
    its snapshot, so a later import cannot change it either. The e-mails to the students and
    companies with an approved place are queued in the same transaction (links to ``site_url``)."""
    require_reviewable(session, round_id)
    repo.claim_version(session, round_id, version)
    snapshot.take(session, round_id)
    repo.set_round_state(session, round_id, status=RoundStatus.PUBLISHED.value, stage="")
    repo.add_event(session, round_id, actor=actor, action="published")
    bpv.create_for_round(session, round_id, today=clock.today())  # the BPVs begin (issue 19)
    outbox.queue_round_published(session, round_id, site_url=site_url)
    return repo.get_round(session, round_id)


def require_reviewable(session: Session, round_id: int) -> MatchRoundRow:
    """The round, when it is solved or in review; a ConflictError otherwise."""
    row = repo.get_round(session, round_id)
    if row.status not in repo.REVIEWABLE:
        raise ConflictError(
            f"Ronde {round_id} {status_label(row.status)}: dit kan alleen als de voorstellen "
            "klaar zijn en de ronde nog niet gepubliceerd is.",
            round_id=round_id,
            status=row.status,
        )
    return row


def _queue(session: Session, row: MatchRoundRow, *, actor: str, action: str) -> None:
    assert row.id is not None
    before = row.status
    repo.set_round_state(
        session,
        row.id,
        status=RoundStatus.QUEUED.value,
        stage="wachtrij",
        progress=0,
        error=None,
        lease_token=None,
        lease_until=None,
    )
    repo.add_event(
        session,
        row.id,
        actor=actor,
        action=action,
        detail={"from": before, "to": RoundStatus.QUEUED.value},
    )


def fail_unsubmitted(session: Session, round_id: int, *, reason: str) -> None:
    """A queued round whose task never reached the queue: failed with the reason, restartable."""
    row = repo.get_round(session, round_id)
    if row.status != RoundStatus.QUEUED:
        return
    repo.set_round_state(
        session, round_id, status=RoundStatus.FAILED.value, stage="", progress=0, error=reason
    )
    repo.add_event(session, round_id, actor=repo.SYSTEM_ACTOR, action="failed", reason=reason)


def find_orphaned_rounds(session: Session) -> list[int]:
    """Rounds waiting in the queue, or running under a lease nobody renews any more."""
    return orphaned_round_ids(session, now=repo.utc_now())
