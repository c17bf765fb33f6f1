"""Consent per part of the company card: strengths, working times, needs (issue 21 item 4).

Adds ``consent.part``. A consent to a company recorded before parts existed becomes one record
per part it covered: the old consent text was "... ziet wat ik nodig heb om goed te kunnen
werken" and the old card showed the needs with the breaks and flexible hours among them, so it
covers the parts ``conditions`` and ``needs`` (matcher.privacy.consent.LEGACY_PARTS): nothing a
company saw before disappears, and the new strengths part (the student's own words) is never
shared without its own tick. Each copy keeps the text, version, grant and withdrawal of the
record it came from. Consent for contact with parents has no part (NULL).

Revision ID: 0017
Revises: 0019
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGACY_PARTS = ("conditions", "needs")  # a copy of matcher.privacy.consent.LEGACY_PARTS
COPIED = (
    "student_id, purpose, recipient, grantor, method, text_version, shown_text, recorded_by, "
    "granted_at, withdrawn_at, withdrawn_by, withdrawal_reason"
)
TO_COMPANY = "purpose = 'matching' AND recipient <> 'parents'"


def upgrade() -> None:
    with op.batch_alter_table("consent") as batch:
        batch.add_column(sa.Column("part", sa.String(), nullable=True))
    first, *others = LEGACY_PARTS
    for part in others:
        op.execute(
            f"INSERT INTO consent ({COPIED}, part) SELECT {COPIED}, '{part}' FROM consent "
            f"WHERE {TO_COMPANY} AND part IS NULL"
        )
    op.execute(f"UPDATE consent SET part = '{first}' WHERE {TO_COMPANY} AND part IS NULL")


def downgrade() -> None:
    # Back to one record per consent: a record per part becomes a consent for the whole card
    # only where its needs part was given (the old card's meaning).
    op.execute(f"DELETE FROM consent WHERE {TO_COMPANY} AND part <> 'needs'")
    with op.batch_alter_table("consent") as batch:
        batch.drop_column("part")
