"""Versions of the learned success model and who approved them: a model is a proposal until a
person (beheer or the bureau) approves it, and rounds use only the approved version.

One row per trained model file (by its SHA-256). At most one row is ``approved`` at a time;
approving another one marks the old one ``replaced``; rolling back withdraws the approved one and
approves the most recently replaced one again (or none: the rounds use the rules). Who decided,
when, and on which evidence (the held-out figures the person saw) stay on the row.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from adapters import clock
from adapters.db.types import UTCDateTime


class ModelStatus(StrEnum):
    """Where a model version is in its life."""

    PROPOSED = "proposed"  # trained, not yet decided
    APPROVED = "approved"  # the one the rounds use (at most one)
    REPLACED = "replaced"  # was approved, another one was approved later
    WITHDRAWN = "withdrawn"  # was approved, rolled back
    REJECTED = "rejected"  # a person said no


STATUS_LABELS = {
    ModelStatus.PROPOSED: "voorstel",
    ModelStatus.APPROVED: "goedgekeurd (in gebruik)",
    ModelStatus.REPLACED: "vervangen",
    ModelStatus.WITHDRAWN: "teruggedraaid",
    ModelStatus.REJECTED: "afgewezen",
}


class ModelVersionRow(SQLModel, table=True):
    """One trained model file, its evidence and the decision about it."""

    __tablename__ = "model_version"
    __table_args__ = (
        UniqueConstraint("sha256", name="uq_model_version_sha256"),
        CheckConstraint(
            "status IN ('proposed', 'approved', 'replaced', 'withdrawn', 'rejected')",
            name="ck_model_version_status",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64)
    kind: str = Field(max_length=20)
    n_outcomes: int
    trained_at: str = Field(max_length=40)  # as written in the model's metadata
    evidence: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(default=ModelStatus.PROPOSED.value, max_length=20)
    proposed_at: datetime = Field(sa_type=UTCDateTime())
    proposed_by: str = Field(max_length=200)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    decided_by: str | None = Field(default=None, max_length=200)
    decision_note: str | None = Field(default=None, max_length=2000)


def find_by_sha(session: Session, sha256: str) -> ModelVersionRow | None:
    """The version of the model file with this hash, if registered."""
    return session.exec(select(ModelVersionRow).where(ModelVersionRow.sha256 == sha256)).first()


def get_version(session: Session, version_id: int) -> ModelVersionRow | None:
    """One version by id."""
    return session.get(ModelVersionRow, version_id)


def list_versions(session: Session) -> list[ModelVersionRow]:
    """Every version, newest first."""
    return list(session.exec(select(ModelVersionRow).order_by(col(ModelVersionRow.id).desc())))


def approved_version(session: Session) -> ModelVersionRow | None:
    """The version the rounds use, or None (the rounds use the rules)."""
    query = select(ModelVersionRow).where(ModelVersionRow.status == ModelStatus.APPROVED.value)
    return session.exec(query).first()


def last_replaced(session: Session) -> ModelVersionRow | None:
    """The most recently replaced version: where a rollback returns to."""
    query = (
        select(ModelVersionRow)
        .where(ModelVersionRow.status == ModelStatus.REPLACED.value)
        .order_by(col(ModelVersionRow.decided_at).desc(), col(ModelVersionRow.id).desc())
    )
    return session.exec(query).first()


def add_version(
    session: Session,
    *,
    sha256: str,
    kind: str,
    n_outcomes: int,
    trained_at: str,
    evidence: dict[str, Any],
    proposed_by: str,
) -> ModelVersionRow:
    """Register a trained model as a proposal."""
    row = ModelVersionRow(
        sha256=sha256, kind=kind, n_outcomes=n_outcomes, trained_at=trained_at,
        evidence=evidence, proposed_at=clock.now(), proposed_by=proposed_by,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def decide(
    session: Session, row: ModelVersionRow, status: ModelStatus, *, by: str, note: str | None
) -> None:
    """Set a version's status with who decided and when."""
    row.status = status.value
    row.decided_at = clock.now()
    row.decided_by = by
    row.decision_note = note
    session.add(row)
    session.flush()
