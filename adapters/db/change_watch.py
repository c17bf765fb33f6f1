"""Notice committed writes to some tables of one engine, without asking the database.

A listener on the engine marks a connection when it runs an INSERT, UPDATE or DELETE on a
watched table, and bumps a generation number when that connection commits. Caches compare
generations for free; writes from other processes (or as plain SQL text) are not seen here, so a
cache still checks the database now and then (see ``adapters.flows.shortlist.PlaceCache``).
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.sql.dml import UpdateBase

_MARK = "pp_wrote_watched"


class ChangeWatch:
    """The number of commits that wrote to the watched tables of one engine (in this process)."""

    def __init__(self, engine: Engine, tables: frozenset[str]) -> None:
        self._tables = tables
        self._lock = threading.Lock()
        self.generation = 0
        event.listen(engine, "after_execute", self._after_execute)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _after_execute(self, conn: Connection, clause: Any, *_: Any) -> None:
        table = getattr(clause, "table", None)
        if isinstance(clause, UpdateBase) and getattr(table, "name", None) in self._tables:
            conn.info[_MARK] = True

    def _commit(self, conn: Connection) -> None:
        if conn.info.pop(_MARK, False):
            with self._lock:
                self.generation += 1

    def _rollback(self, conn: Connection) -> None:
        conn.info.pop(_MARK, None)
