"""The ontzorgen panel of one approved match, for the company card (``matcher.company_support``).

The student is taken as the round froze them when it was published (never the live profile),
the start is the BPV's start when it has started, else the round's planned BPV start. The
needs-related blocks need the student's consent for this company; the caller passes it.

A company's page shows one card per approved student, often many from one round. ``Panels``
reads each round's planned start and the company's BPVs in that round once, for every card of
that round (two queries per round, not per card), like ``bpv_details`` reads each round's
snapshot once. The caller makes one ``Panels`` per page, before its loop over the cards, so
what a page read is never kept for the next one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from adapters.db import bpv_queries as q
from adapters.db import round_repositories as rounds
from adapters.flows.rounds import snapshot
from adapters.flows.rounds.snapshot import Snapshot
from matcher.company_support import panel


@dataclass(frozen=True, slots=True)
class _RoundStarts:
    """One round at one company: the planned start, and per student the BPV's own start."""

    planned: date
    started: dict[str, date]

    def of(self, student_id: str) -> date:
        return self.started.get(student_id, self.planned)


class Panels:
    """The ontzorgen panels of one company's cards: each round's start and the company's BPVs
    in that round are read once, on the first card of that round."""

    def __init__(self, session: Session, company_id: str) -> None:
        self._session = session
        self._company_id = company_id
        self._rounds: dict[int, _RoundStarts] = {}

    def blocks(
        self, published: Snapshot | None, *, student_id: str, round_id: int, consented: bool
    ) -> list[dict[str, Any]]:
        """The panel's blocks as plain dicts for the card (empty when the round froze no
        profile)."""
        frozen = None if published is None else snapshot.matched_student(published.data, student_id)
        if frozen is None:
            return []
        start = self._starts(round_id).of(student_id)
        return [asdict(b) for b in panel(frozen, needs_shared=consented, start=start)]

    def _starts(self, round_id: int) -> _RoundStarts:
        found = self._rounds.get(round_id)
        if found is None:
            planned = rounds.get_round(self._session, round_id).bpv_start
            started: dict[str, date] = {}
            for row in q.list_bpvs(self._session, company_id=self._company_id, round_id=round_id):
                if row.started_on:  # oldest first: a student's latest started BPV wins
                    started[row.student_id] = row.started_on
            found = self._rounds[round_id] = _RoundStarts(planned, started)
        return found
