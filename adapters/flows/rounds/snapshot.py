"""A published round's snapshot: what the round showed when it was published.

Proposals (scores, explanations, decisions) are frozen in ``proposal`` already; names, places,
companies and the company's needs cards come from the live profiles, which an import may
change. Publishing stores those in ``round_snapshot``; every reader of a published round takes
them from here (:func:`get`), never from the live profiles. Erasure of a student replaces their
entries with an erased marker and keeps the counts (:func:`erase_student`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.db import round_repositories as repo
from adapters.db.models import CURRENT_DATASET, StudentRow
from adapters.db.round_models import (
    APPROVED_DECISIONS,
    ProposalRow,
    RoundSnapshotRow,
    RoundStatus,
)
from adapters.flows.profile_store import COMPANIES, PLACES, STUDENTS
from matcher.domain import Company, Place
from matcher.privacy.fields import company_card

ERASED = "geanonimiseerd"  # the name erasure gives the profile (subject_rights.ANONYMOUS_NAME)
_S = StudentRow.__table__.c  # type: ignore[attr-defined]
_R = ProposalRow.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The stored snapshot of one published round."""

    round_id: int
    run: int
    data: dict[str, Any]

    def student(self, student_id: str) -> Any:
        """Name, niveau and priority of a student as published (attribute access), or None."""
        found = self.data.get("students", {}).get(student_id)
        return None if found is None else SimpleNamespace(student_id=student_id, **found)

    def company(self, company_id: str | None) -> Any:
        """The company's published profile values (attribute access), or None."""
        found = self.data.get("companies", {}).get(company_id or "")
        return None if found is None else SimpleNamespace(**found)

    def company_profile(self, company_id: str) -> Company | None:
        """The company as a domain value, as it was when the round was published."""
        found = self.data.get("companies", {}).get(company_id)
        return None if found is None else COMPANIES.to_domain(SimpleNamespace(**found))

    def place_profile(self, place_id: str) -> Place | None:
        """The place as a domain value, as it was when the round was published."""
        found = self.data.get("places", {}).get(place_id)
        return None if found is None else PLACES.to_domain(SimpleNamespace(**found))

    def card(self, student_id: str, *, consented: bool) -> dict[str, Any] | None:
        """The company card of an approved student (with needs only when consented)."""
        cards = self.data.get("cards", {}).get(student_id)
        if cards is None:
            return None
        return dict(cards["shared" if consented else "minimal"])

    def map_places(self) -> dict[str, tuple[float, float]]:
        """Every place's map position as it was published."""
        return {k: (v[0], v[1]) for k, v in self.data.get("map_places", {}).items()}


def get(session: Session, round_id: int) -> Snapshot | None:
    """The snapshot of a published round, or None (not published, or published before
    snapshots existed: then the live profiles are all there is)."""
    row = session.scalars(
        select(RoundSnapshotRow).where(RoundSnapshotRow.round_id == round_id)  # type: ignore[arg-type]
    ).first()
    return None if row is None else Snapshot(row.round_id, row.run, dict(row.data))


def for_round(session: Session, round_id: int, status: str) -> Snapshot | None:
    """The snapshot when the round is published (a cheap None otherwise)."""
    return get(session, round_id) if status == RoundStatus.PUBLISHED.value else None


def take(session: Session, round_id: int) -> None:
    """Store what the round's current run shows now, as its published snapshot."""
    row = repo.get_round(session, round_id)
    proposals = repo.list_proposals(session, round_id, row.current_run)
    conn = session.connection()
    in_round = select(_R.student_id).where(_R.round_id == round_id, _R.run == row.current_run)
    students = {
        r.student_id: {
            "name": r.name,
            "niveau": int(r.niveau),
            "priority": bool(r.priority),
            "crebo": r.crebo,
            "lat": float(r.lat),
            "lon": float(r.lon),
        }
        for r in conn.execute(
            select(_S.student_id, _S.name, _S.niveau, _S.priority, _S.crebo, _S.lat, _S.lon).where(
                _S.dataset == CURRENT_DATASET, _S.student_id.in_(in_round.scalar_subquery())
            )
        )
    }
    companies = {
        str(r.company_id): COMPANIES.to_values(COMPANIES.to_domain(r))
        for r in conn.execute(select(*COMPANIES.content).where(COMPANIES.current()))
    }
    places = {
        str(r.place_id): PLACES.to_values(PLACES.to_domain(r))
        for r in conn.execute(select(*PLACES.content).where(PLACES.current()))
    }
    map_places: dict[str, list[float]] = {}
    for pid, values in places.items():
        site = values if values["lat"] is not None else companies.get(values["company_id"])
        if site is not None and site["lat"] is not None:
            map_places[pid] = [site["lat"], site["lon"]]
    used_places = {p.place_id for p in proposals if p.place_id}
    used_companies = {p.company_id for p in proposals if p.company_id}
    data = {
        "students": students,
        "companies": {k: v for k, v in companies.items() if k in used_companies},
        "places": {k: v for k, v in places.items() if k in used_places},
        "map_places": map_places,
        "cards": _cards(session, proposals, places, companies),
    }
    session.add(
        RoundSnapshotRow(round_id=round_id, run=row.current_run, taken_at=repo.utc_now(), data=data)
    )
    session.flush()


def _cards(
    session: Session,
    proposals: list[Any],
    places: dict[str, dict[str, Any]],
    companies: dict[str, dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    """The company cards of approved students, with and without their consent."""
    from adapters.flows.profile_store import fetch_one

    conn = session.connection()
    cards: dict[str, dict[str, Any]] = {}
    for p in proposals:
        if p.decision not in APPROVED_DECISIONS or not p.place_id or not p.company_id:
            continue
        student = fetch_one(conn, STUDENTS, p.student_id)
        if student is None or p.place_id not in places or p.company_id not in companies:
            continue
        place = PLACES.to_domain(SimpleNamespace(**places[p.place_id]))
        company = COMPANIES.to_domain(SimpleNamespace(**companies[p.company_id]))
        cards[p.student_id] = {
            "shared": company_card(student, place, company, consented=True),
            "minimal": company_card(student, place, company, consented=False),
        }
    return cards


def for_student(session: Session, student_id: str) -> list[dict[str, Any]]:
    """What published rounds' snapshots hold about one student (for the right of access)."""
    found = []
    for row in session.scalars(select(RoundSnapshotRow).order_by(RoundSnapshotRow.round_id)):  # type: ignore[arg-type]
        entry = row.data.get("students", {}).get(student_id)
        if entry is None:
            continue
        cards = row.data.get("cards", {}).get(student_id)
        found.append(
            {
                "round_id": row.round_id,
                "published": entry,
                "company_card": None if cards is None else cards["shared"],
            }
        )
    return found


def erase_student(session: Session, student_id: str) -> int:
    """Replace a student's name, home and company card in every snapshot with the erased
    marker (niveau and priority stay, so counts stay true); returns the snapshots changed."""
    changed = 0
    for row in session.scalars(select(RoundSnapshotRow)):
        data = copy.deepcopy(row.data)
        entry = data.get("students", {}).get(student_id)
        if entry is None:
            continue
        entry.update(name=ERASED, lat=None, lon=None)
        cards = data.get("cards", {})
        if student_id in cards:
            minimal = dict(cards[student_id]["minimal"])
            minimal["note"] = ERASED
            cards[student_id] = {"shared": minimal, "minimal": minimal}
        row.data = data
        session.add(row)
        changed += 1
    session.flush()
    return changed
