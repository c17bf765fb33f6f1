"""A student's own favourites: places they marked on their page, best first.

Per student (the live student id), not per dataset: the favourites are the student's own voice
and outlive an import. ``rank`` 0 is the first choice; ranks are kept 0..n-1 without gaps by
``favourite_queries.replace``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime


class StudentFavouriteRow(SQLModel, table=True):
    """One favourite place of one student at one rank."""

    __tablename__ = "student_favourite"
    __table_args__ = (
        UniqueConstraint("student_id", "place_id", name="uq_student_favourite_place"),
        UniqueConstraint("student_id", "rank", name="uq_student_favourite_rank"),
        CheckConstraint("rank >= 0", name="ck_student_favourite_rank"),
        Index("ix_student_favourite_student_id", "student_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    student_id: str
    place_id: str
    rank: int
    updated_at: datetime = Field(sa_type=UTCDateTime())
