"""A company the student knows themself: the student's suggestion and the bureau's decision.

One row per student (the live student id, like the favourites: the student's own voice
outlives an import). ``revision`` goes up whenever the student names another company, so a
decision made on an older view is refused. Shapes: ``matcher.known_company``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime


class KnownCompanyRow(SQLModel, table=True):
    """The company one student named, and where the bureau's check stands."""

    __tablename__ = "student_known_company"
    __table_args__ = (
        UniqueConstraint("student_id", name="uq_student_known_company_student_id"),
        CheckConstraint(
            "status IN ('open', 'toegevoegd', 'niet_erkend')",
            name="ck_student_known_company_status",
        ),
        Index("ix_student_known_company_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    student_id: str
    name: str
    town: str
    contact: str = ""
    why: str = ""
    status: str = "open"
    company_id: str | None = None  # set when the bureau linked it ("toegevoegd")
    reason: str = ""  # the bureau's reason when it cannot host ("niet_erkend")
    revision: int = 1
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    created_at: datetime = Field(sa_type=UTCDateTime())
    updated_at: datetime = Field(sa_type=UTCDateTime())
