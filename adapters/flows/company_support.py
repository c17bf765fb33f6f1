"""The ontzorgen panel of one approved match, for the company card (``matcher.company_support``).

The student is taken as the round froze them when it was published (never the live profile),
the start is the BPV's start when it has started, else the round's planned BPV start. The
needs-related blocks need the student's consent for this company; the caller passes it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlmodel import Session

from adapters.db import bpv_queries as q
from adapters.db import round_repositories as rounds
from adapters.flows.rounds import snapshot
from adapters.flows.rounds.snapshot import Snapshot
from matcher.company_support import panel


def blocks_for(
    session: Session,
    published: Snapshot | None,
    *,
    student_id: str,
    company_id: str,
    round_id: int,
    consented: bool,
) -> list[dict[str, Any]]:
    """The panel's blocks as plain dicts for the card (empty when the round froze no profile)."""
    student = None if published is None else snapshot.matched_student(published.data, student_id)
    if student is None:
        return []
    start = rounds.get_round(session, round_id).bpv_start
    for row in q.list_bpvs(
        session, student_ids=[student_id], company_id=company_id, round_id=round_id
    ):
        start = row.started_on or start
    return [asdict(b) for b in panel(student, needs_shared=consented, start=start)]
