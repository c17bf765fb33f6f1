"""Published round snapshots in the database: the stored value and the rows it is made from.

``adapters.flows.rounds.snapshot`` takes, shows and erases snapshots; the reads live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from adapters.db.models import CURRENT_DATASET, StudentRow
from adapters.db.profile_queries import COMPANIES, PLACES, ProfileTable
from adapters.db.round_models import ProposalRow, RoundSnapshotRow, RoundStatus
from matcher.domain import Company, Place
from matcher.labels import labels_for
from matcher.privacy.consent import ConsentPart
from matcher.privacy.fields import project_card

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

    def place_labels(self, company_id: str, *, plain: bool = False) -> dict[str, str]:
        """The names of the company's places in this round, each told apart from its other
        places in the round (``plain``: for a student, without codes), so a later import does
        not rename them."""
        company = self.company_profile(company_id)
        if company is None:
            return {}
        own = [
            p
            for pid in self.data.get("places", {})
            if (p := self.place_profile(pid)) is not None and p.company_id == company_id
        ]
        return labels_for(own, company, plain=plain)

    def card(self, student_id: str, *, parts: Iterable[ConsentPart]) -> dict[str, Any] | None:
        """The company card of an approved student with the parts the student shares now (the
        consent is read at every request, so a revocation after publishing works at once)."""
        cards = self.data.get("cards", {}).get(student_id)
        if cards is None:
            return None
        chosen = frozenset(parts)
        return project_card(cards["shared"] if chosen else cards["minimal"], chosen)

    def full_card(self, student_id: str) -> dict[str, Any] | None:
        """The stored card with every part (the student's own preview), or None."""
        cards = self.data.get("cards", {}).get(student_id)
        return None if cards is None else dict(cards["shared"])

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


def round_students(conn: Connection, round_id: int, run: int) -> dict[str, dict[str, Any]]:
    """What a snapshot keeps of each live student in this run: name, niveau, priority, crebo,
    home."""
    in_round = select(_R.student_id).where(_R.round_id == round_id, _R.run == run)
    stmt = select(_S.student_id, _S.name, _S.niveau, _S.priority, _S.crebo, _S.lat, _S.lon).where(
        _S.dataset == CURRENT_DATASET, _S.student_id.in_(in_round.scalar_subquery())
    )
    return {
        r.student_id: {
            "name": r.name,
            "niveau": int(r.niveau),
            "priority": bool(r.priority),
            "crebo": r.crebo,
            "lat": float(r.lat),
            "lon": float(r.lon),
        }
        for r in conn.execute(stmt)
    }


def current_values(conn: Connection, store: ProfileTable[Any]) -> dict[str, dict[str, Any]]:
    """Every live profile of one kind as stored values, by id (a snapshot's companies, places)."""
    stmt = select(*store.content).where(store.current())
    return {
        str(getattr(r, store.id_column)): store.to_values(store.to_domain(r))
        for r in conn.execute(stmt)
    }


def snapshot_rows(session: Session) -> Iterator[RoundSnapshotRow]:
    """Every stored snapshot, by round id."""
    yield from session.scalars(
        select(RoundSnapshotRow).order_by(RoundSnapshotRow.round_id)  # type: ignore[arg-type]
    )
