"""Read a round's results: approved matches as CSV/XLSX, and the what-if diff between runs.

The bureau's export is for people: Dutch headers, names beside codes and the reviewer's real
decision as the status. The contract's ``proposals.csv`` (English columns, the matcher's own
status) is what ``matcher round --out`` writes for machine exchange and is left as it is.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from adapters.db import round_repositories as repo
from adapters.db.round_models import APPROVED_DECISIONS, DecisionKind, ProposalRow
from adapters.tabular.writers import write_proposals, write_report
from matcher import RoundDiff, diff_rounds
from matcher.domain import CompanyId, PlaceId, Proposal, ProposalStatus, StudentId
from matcher.errors import ConflictError, InvalidInputError

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


EXPORT_HEADER = (
    "Studentnummer",
    "Naam student",
    "Plek",
    "Omschrijving plek",
    "Bedrijf",
    "Naam bedrijf",
    "Score",
    "Reistijd (minuten)",
    "Status",
    "Uitleg",
)
LAYOUTS = ("bureau", "contract")
CONTRACT_EXTRA = ("decision", "student_name", "company_name", "place_name")
DECISION_LABELS = {
    "open": "nog open",
    "accepted": "goedgekeurd",
    "rejected": "afgewezen",
    "moved": "verplaatst en goedgekeurd",
}


@dataclass(frozen=True, slots=True)
class ExportNames:
    """The names to write beside the codes: students, companies and places by id."""

    students: dict[str, str] = field(default_factory=dict)
    companies: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)


def place_label(values: dict[str, Any], company_name: str) -> str:
    """A place in words: its company, qualification(s) and niveau ("Garage De Eem, crebo
    25180, niveau 2-3"); places carry no name of their own."""
    crebos = str(values.get("crebos") or "").replace(";", ", ")
    low, high = values.get("niveau_min"), values.get("niveau_max")
    niveau = f"niveau {low}" if low == high else f"niveau {low}-{high}"
    parts = (company_name, f"crebo {crebos}" if crebos else "", niveau)
    return ", ".join(part for part in parts if part)


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


def export_approved(
    session: Session,
    round_id: int,
    *,
    fmt: str,
    names: ExportNames | None = None,
    layout: str = "bureau",
) -> ExportFile:
    """The approved matches (accepted or moved) of the round's latest run.

    ``bureau``: for people, Dutch headers, names beside the codes and the reviewer's decision as
    the status. ``contract``: the contract's proposals columns unchanged, then the extra
    columns ``decision``, ``student_name``, ``company_name`` and ``place_name``.
    """
    if fmt not in MEDIA_TYPES:
        raise InvalidInputError("Kies csv of xlsx als formaat.", field="format")
    if layout not in LAYOUTS:
        raise InvalidInputError("Kies bureau of contract als indeling.", field="layout")
    row = repo.get_round(session, round_id)
    if row.current_run == 0:
        raise ConflictError(f"Ronde {round_id} heeft nog geen voorstellen.", round_id=round_id)
    approved = [
        p
        for p in repo.list_proposals(session, round_id, row.current_run)
        if p.decision in APPROVED_DECISIONS
    ]
    names = names or ExportNames()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"matches.{fmt}"
        if layout == "contract":
            extra = [
                [
                    p.decision,
                    names.students.get(p.student_id, ""),
                    names.companies.get(p.company_id or "", ""),
                    names.places.get(p.place_id or "", ""),
                ]
                for p in approved
            ]
            path = write_proposals(
                target,
                [to_domain(p) for p in approved],
                extra_columns=CONTRACT_EXTRA,
                extra=extra,
            )
        else:
            path = write_report(target, "goedgekeurd", EXPORT_HEADER, _bureau_rows(approved, names))
        content = path.read_bytes()
    filename = f"ronde-{round_id}-goedgekeurd.{fmt}"
    students = tuple(p.student_id for p in approved)
    return ExportFile(content, filename, MEDIA_TYPES[fmt], len(approved), students)


def _bureau_rows(approved: Sequence[ProposalRow], names: ExportNames) -> list[list[object]]:
    return [
        [
            p.student_id,
            names.students.get(p.student_id, ""),
            p.place_id or "",
            names.places.get(p.place_id or "", ""),
            p.company_id or "",
            names.companies.get(p.company_id or "", ""),
            None if p.score is None else round(p.score, 3),
            None if p.travel_minutes is None else round(p.travel_minutes),
            DECISION_LABELS.get(p.decision, p.decision),
            p.explanation,
        ]
        for p in approved
    ]


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
        )
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
