"""Praktijkopleiders as people: who guides students at a company, and how many hours a week.

Per live company id, not per dataset, like the students' favourites: the company keeps them on
its own page and they outlive an import of companies.csv. Company data (Category.COMPANY_DATA):
the company itself and school staff see them, never another company.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime


class PraktijkopleiderRow(SQLModel, table=True):
    """One praktijkopleider of one company."""

    __tablename__ = "praktijkopleider"
    __table_args__ = (
        CheckConstraint(
            "hours_per_week > 0 AND hours_per_week <= 40", name="ck_praktijkopleider_hours"
        ),
        CheckConstraint(
            "support_experience BETWEEN 0 AND 2", name="ck_praktijkopleider_support_experience"
        ),
        Index("ix_praktijkopleider_company_id", "company_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: str
    name: str
    email: str = ""
    phone: str = ""
    hours_per_week: float
    support_experience: int
    created_at: datetime = Field(sa_type=UTCDateTime())
    updated_at: datetime = Field(sa_type=UTCDateTime())
