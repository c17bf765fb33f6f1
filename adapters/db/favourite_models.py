"""The student's own voice: favourite places (best first) and the student's own profile.

Per student (the live student id), not per dataset: the favourites are the student's own voice
and outlive an import. ``rank`` 0 is the first choice; ranks are kept 0..n-1 without gaps by
``favourite_queries.replace``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint
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


class StudentProfileRow(SQLModel, table=True):
    """The student's own profile: their words, the facts they proposed, the confirmed facts.

    ``words`` is written by the student only; ``confirmed`` only by a jobcoach or begeleider
    (a copy of ``proposed`` at that moment). Shapes: ``matcher.profile.Words`` / ``Facts``.
    """

    __tablename__ = "student_profile"
    __table_args__ = (UniqueConstraint("student_id", name="uq_student_profile_student_id"),)

    id: int | None = Field(default=None, primary_key=True)
    student_id: str
    words: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    proposed: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    confirmed: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    confirmed_by: str | None = None
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    updated_at: datetime = Field(sa_type=UTCDateTime())
