"""Read a round's results: approved matches as CSV/XLSX, and the what-if diff between runs."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from adapters.db import round_repositories as repo
from adapters.db.round_models import APPROVED_DECISIONS, DecisionKind, ProposalRow
from adapters.tabular import write_proposals
from matcher.domain import CompanyId, PlaceId, Proposal, ProposalStatus, StudentId
from matcher.errors import ConflictError, InvalidInputError
from matcher.whatif import RoundDiff, diff_rounds

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A file to hand to the user."""

    content: bytes
    filename: str
    media_type: str
    rows: int
    student_ids: tuple[str, ...] = ()


def to_domain(row: ProposalRow) -> Proposal:
    """A stored proposal as the domain value the writers and the diff understand."""
    return Proposal(
        student_id=StudentId(row.student_id),
        place_id=None if row.place_id is None else PlaceId(row.place_id),
        company_id=None if row.company_id is None else CompanyId(row.company_id),
        score=row.score,
        travel_minutes=row.travel_minutes,
        status=ProposalStatus(row.status),
        explanation=row.explanation,
        unplaced_reason=row.unplaced_reason,
        terms=dict(row.terms or {}),
    )


def export_approved(session: Session, round_id: int, *, fmt: str) -> ExportFile:
    """The approved matches (accepted or moved) of the round's latest run as a contract file."""
    if fmt not in MEDIA_TYPES:
        raise InvalidInputError("Kies csv of xlsx als formaat.", field="format")
    row = repo.get_round(session, round_id)
    if row.current_run == 0:
        raise ConflictError(f"Ronde {round_id} heeft nog geen voorstellen.", round_id=round_id)
    approved = [
        to_domain(p)
        for p in repo.list_proposals(session, round_id, row.current_run)
        if p.decision in APPROVED_DECISIONS
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = write_proposals(Path(folder) / f"matches.{fmt}", approved)
        content = path.read_bytes()
    filename = f"ronde-{round_id}-goedgekeurd.{fmt}"
    students = tuple(str(p.student_id) for p in approved)
    return ExportFile(content, filename, MEDIA_TYPES[fmt], len(approved), students)


def diff_runs(
    session: Session, round_id: int, *, before: int | None = None, after: int | None = None
) -> tuple[int, int, RoundDiff]:
    """What changed between two runs (default: the last two), with the decisions as reasons."""
    row = repo.get_round(session, round_id)
    after = after if after is not None else row.current_run
    before = before if before is not None else after - 1
    if row.current_run < 2 and (before < 1 or after < 1):
        raise ConflictError(
            f"Ronde {round_id} heeft nog maar {row.current_run} run(s). Voer de ronde opnieuw "
            "uit om te zien wat er verandert.",
            round_id=round_id,
        )  # fmt: skip
    for run in (before, after):
        if not 1 <= run <= row.current_run:
            raise InvalidInputError(
                f"Run {run} bestaat niet; kies 1 tot en met {row.current_run}.", field="run"
            )
    decisions = repo.list_decisions(session, round_id)
    locks = _pairs(d for d in decisions if d.kind != DecisionKind.VETO)
    vetoes = _pairs(d for d in decisions if d.kind == DecisionKind.VETO)
    old = _domain(repo.list_proposals(session, round_id, before))
    new = _domain(repo.list_proposals(session, round_id, after))
    return before, after, diff_rounds(old, new, locks=locks, vetoes=vetoes)


def _domain(rows: Sequence[ProposalRow]) -> list[Proposal]:
    return [to_domain(r) for r in rows]


def _pairs(decisions: object) -> frozenset[tuple[StudentId, PlaceId]]:
    return frozenset(
        (StudentId(d.student_id), PlaceId(d.place_id))
        for d in decisions  # type: ignore[attr-defined]
    )
