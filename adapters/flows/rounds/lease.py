"""A worker's claim on a running round: claim with one UPDATE, renew by heartbeat, fence writes.

Only the holder of the current lease token may change a running round; a worker whose lease
expired and was taken over gets a LeaseLostError and writes nothing.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, update

from adapters.db import round_repositories as repo
from adapters.db.engine import session_scope
from adapters.db.round_models import RoundStatus

log = logging.getLogger(__name__)

STAGE_PROGRESS = {"scoren": 10, "oplossen": 40, "uitleggen": 75, "opslaan": 90}


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
            )  # fmt: skip
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
