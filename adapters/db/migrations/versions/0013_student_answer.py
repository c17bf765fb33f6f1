"""The student's own answer to a proposed place, before the kennismaking.

bpv gains student_answer (akkoord / niet_akkoord) and student_answer_on. A "niet akkoord" puts
the student in the queue with the new cause "plek_geweigerd", so the cause CHECK of
rematch_entry is rebuilt with it (the CHECK lists are the codes as they were in this revision).

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERDICT = ("akkoord", "niet_akkoord")
OLD_CAUSE = ("kennismaking_niet_akkoord", "gestopt", "niet_succesvol", "erkenning_ingetrokken")
CAUSE = (*OLD_CAUSE, "plek_geweigerd")


def _in(column: str, values: tuple[str, ...], *, nullable: bool = False) -> str:
    check = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return f"{column} IS NULL OR {check}" if nullable else check


def upgrade() -> None:
    with op.batch_alter_table("bpv") as batch:
        batch.add_column(sa.Column("student_answer", sa.String(), nullable=True))
        batch.add_column(sa.Column("student_answer_on", sa.Date(), nullable=True))
        batch.create_check_constraint(
            "ck_bpv_student_answer", _in("student_answer", VERDICT, nullable=True)
        )
    with op.batch_alter_table("rematch_entry") as batch:
        batch.drop_constraint("ck_rematch_entry_cause", type_="check")
        batch.create_check_constraint("ck_rematch_entry_cause", _in("cause", CAUSE))


def downgrade() -> None:
    with op.batch_alter_table("rematch_entry") as batch:
        batch.drop_constraint("ck_rematch_entry_cause", type_="check")
        batch.create_check_constraint("ck_rematch_entry_cause", _in("cause", OLD_CAUSE))
    with op.batch_alter_table("bpv") as batch:
        batch.drop_constraint("ck_bpv_student_answer", type_="check")
        batch.drop_column("student_answer_on")
        batch.drop_column("student_answer")
