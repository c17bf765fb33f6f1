"""A worker's claim on a running round: claim with one UPDATE, renew by heartbeat, fence writes.

Only the holder of the current lease token may change a running round; a worker whose lease
expired and was taken over gets a LeaseLostError and writes nothing. ``take_over_expired`` is
the runners' periodic check: a running round whose lease nobody renews goes back to the queue
(one UPDATE, so of two racing checkers exactly one wins) and is run again from its inputs; a
round taken over too often is marked failed instead, with a Dutch reason, and can be started
again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import RoundEventRow, RoundStatus

log = logging.getLogger(__name__)

STAGE_PROGRESS = {"scoren": 10, "oplossen": 40, "uitleggen": 75, "opslaan": 90}

TAKEN_OVER = "taken_over"  # the round event of a takeover
RUN_REQUESTS = ("started", "rerun_requested")  # events that begin a new run

TAKEOVERS_EXHAUSTED = (
    "Het maken van de voorstellen is {n} keer afgebroken, doordat het programma dat de ronde "
    "maakte onverwacht stopte. Er is niets opgeslagen. Start de ronde opnieuw; gaat het weer "
    "mis, vraag de beheerder om hulp."
)


class LeaseLostError(Exception):
    """Our claim on the round expired and another worker took it over."""


def claim_round(engine: Engine, round_id: int, token: str, *, lease_s: float) -> tuple[bool, Any]:
    """Take the round with one UPDATE when it is queued or its lease expired; and its status."""
    table = repo.ROUND_TABLE
    now = repo.utc_now()
    with session_scope(engine) as session:
        result = session.execute(
            update(table)
            .where(
                table.c.id == round_id,
                (table.c.status == RoundStatus.QUEUED.value)
                | ((table.c.status == RoundStatus.RUNNING.value) & (table.c.lease_until < now)),
            )
            .values(
                status=RoundStatus.RUNNING.value,
                stage="scoren",
                progress=5,
                lease_token=token,
                lease_until=now + timedelta(seconds=lease_s),
                version=table.c.version + 1,
                updated_at=now,
            )
        )
        claimed = result.rowcount == 1  # type: ignore[attr-defined]
        if claimed:
            repo.add_event(session, round_id, actor=repo.SYSTEM_ACTOR, action="running")
        status = session.execute(
            table.select().with_only_columns(table.c.status).where(table.c.id == round_id)
        ).scalar()
    return claimed, status


def fenced_update(engine: Engine, round_id: int, token: str, **values: Any) -> None:
    """Update the round only while our claim holds; LeaseLostError otherwise."""
    table = repo.ROUND_TABLE
    with session_scope(engine) as session:
        result = session.execute(
            update(table)
            .where(table.c.id == round_id, table.c.lease_token == token)
            .values(updated_at=repo.utc_now(), **values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise LeaseLostError(round_id)


def mark_solved(
    session: Session, round_id: int, token: str, *, run: int, summary: dict[str, Any]
) -> None:
    """The run is solved and shown (its proposals go in the same transaction); only while
    our claim holds and the round still runs, LeaseLostError otherwise."""
    table = repo.ROUND_TABLE
    done = session.execute(
        update(table)
        .where(
            table.c.id == round_id,
            table.c.lease_token == token,
            table.c.status == RoundStatus.RUNNING.value,
        )
        .values(
            status=RoundStatus.SOLVED.value,
            stage="klaar",
            progress=100,
            error=None,
            current_run=run,
            summary=summary,
            lease_token=None,
            lease_until=None,
            version=table.c.version + 1,
            updated_at=repo.utc_now(),
        )
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLostError(round_id)


def mark_failed(engine: Engine, round_id: int, token: str, message: str) -> None:
    """The round failed with this Dutch reason (it can be started again); only while our
    claim holds, LeaseLostError otherwise."""
    fenced_update(
        engine,
        round_id,
        token,
        status=RoundStatus.FAILED.value,
        stage="",
        progress=0,
        error=message,
        lease_token=None,
        lease_until=None,
        version=repo.ROUND_TABLE.c.version + 1,
    )


def report_stage(engine: Engine, round_id: int, token: str, stage: str) -> None:
    """Show the stage and its percentage on the round."""
    fenced_update(engine, round_id, token, stage=stage, progress=STAGE_PROGRESS[stage])


def renew_lease(engine: Engine, round_id: int, token: str, *, lease_s: float) -> None:
    """Extend our claim on the round."""
    until = repo.utc_now() + timedelta(seconds=lease_s)
    fenced_update(engine, round_id, token, lease_until=until)


class Heartbeat:
    """Renews the lease from a background thread while a block runs."""

    def __init__(self, engine: Engine, round_id: int, token: str, *, lease_s: float) -> None:
        self._args = (engine, round_id, token)
        self._lease_s = lease_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        while not self._stop.wait(self._lease_s / 3):
            try:
                renew_lease(*self._args, lease_s=self._lease_s)
            except Exception:  # noqa: BLE001 - the next beat tries again; the fence decides
                log.warning("could not renew the lease of round %s", self._args[1])

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def take_over_expired(
    engine: Engine,
    *,
    now: datetime,
    max_takeovers: int,
    skip: Collection[int] = (),
) -> list[int]:
    """Rounds running under an expired lease: queued again, or failed after max_takeovers.

    Each round changes with one UPDATE that still requires the expired lease, so a renewed
    lease, the owner's own save, or another checker that got there first leaves it alone.
    Returns the ids this caller queued: only it may hand them to a runner. ``skip`` holds
    rounds the calling process is running itself (alive, only slow to renew).
    """
    table = repo.ROUND_TABLE
    expired = (table.c.status == RoundStatus.RUNNING.value) & (table.c.lease_until < now)
    with session_scope(engine) as session:
        ids = [int(i) for i in session.execute(select(table.c.id).where(expired)).scalars()]
    queued = []
    for round_id in ids:
        if round_id in skip:
            continue
        with session_scope(engine) as session:
            done = _takeovers_this_run(session, round_id)
            give_up = done >= max_takeovers
            if give_up:
                reason = TAKEOVERS_EXHAUSTED.format(n=done + 1)
                values: dict[str, Any] = {
                    "status": RoundStatus.FAILED.value,
                    "stage": "",
                    "error": reason,
                }
            else:
                reason = ""
                values = {"status": RoundStatus.QUEUED.value, "stage": "wachtrij", "error": None}
            result = session.execute(
                update(table)
                .where(table.c.id == round_id, expired)
                .values(
                    progress=0,
                    lease_token=None,
                    lease_until=None,
                    version=table.c.version + 1,
                    updated_at=now,
                    **values,
                )
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                continue  # renewed, saved, or taken over by another checker meanwhile
            repo.add_event(
                session,
                round_id,
                actor=repo.SYSTEM_ACTOR,
                action=TAKEN_OVER,
                reason=reason,
                detail={
                    "from": RoundStatus.RUNNING.value,
                    "to": values["status"],
                    "takeover": done + 1,
                },
            )
        if give_up:
            log.warning("round %s failed after %s takeovers", round_id, done + 1)
        else:
            log.warning("round %s: lease expired, queued again", round_id)
            queued.append(round_id)
    return queued


def orphaned_round_ids(session: Session, *, now: datetime) -> list[int]:
    """Rounds waiting in the queue, or running under a lease that expired before ``now``."""
    table = repo.ROUND_TABLE
    stmt = (
        select(table.c.id)
        .where(
            or_(
                table.c.status == RoundStatus.QUEUED.value,
                (table.c.status == RoundStatus.RUNNING.value) & (table.c.lease_until < now),
            )
        )
        .order_by(table.c.id)
    )
    return [int(r[0]) for r in session.execute(stmt)]


def _takeovers_this_run(session: Session, round_id: int) -> int:
    """How often the round was taken over since it was last started or re-run."""
    events = RoundEventRow.__table__.c  # type: ignore[attr-defined]
    actions = session.execute(
        select(events.action)
        .where(events.round_id == round_id, events.action.in_((TAKEN_OVER, *RUN_REQUESTS)))
        .order_by(events.id.desc())
    ).scalars()
    count = 0
    for action in actions:
        if action != TAKEN_OVER:
            break
        count += 1
    return count
