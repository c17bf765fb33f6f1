"""After the match: the BPV record, its audit trail, evaluations, notes and the re-match queue.

bpv holds one student's BPV at one place with a version for optimistic concurrency. bpv_event is
the third audit table: append-only (triggers refuse UPDATE and DELETE, on PostgreSQL also
TRUNCATE) and hash-chained like round_event (8 lanes; a row without its hash is refused).
bpv_note keeps the free text that erasure deletes; rematch_entry is the "zoekt een nieuwe plek"
queue, one waiting entry per student. The CHECK lists are the codes of matcher/bpv/vocabulary.py
as they were in this revision.

It revises 0011, not 0008: migrations 0010 (model versions) and 0011 (outbox) were merged into
main first, from 0008, so this one goes on top to keep one head (databases already at 0011 only
add it).

Revision ID: 0009
Revises: 0011
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from matcher.audit_chain import GENESIS

revision: str = "0009"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANES = 8  # as adapters/db/audit_chain.py
EVENTS = "bpv_event"

STATUS = (
    "voorgesteld", "kennismaking_gepland", "kennismaking_gehad", "overeenkomst_getekend",
    "gestart", "afgerond", "gestopt", "zoekt_nieuwe_plek",
)  # fmt: skip
VERDICT = ("akkoord", "niet_akkoord")
KENNISMAKING_REASON = (
    "werk_past_niet", "begeleiding_past_niet", "uren_passen_niet", "reistijd", "geen_klik",
    "plek_niet_vrij", "anders",
)  # fmt: skip
OUTCOME = ("succesvol", "niet_succesvol", "afgebroken")
OUTCOME_REASON = ("leerdoelen_nog_niet", "te_weinig_uren", "begeleiding", "anders")
STOP_REASON = (
    "cultuur", "werkprocessen", "te_veel_gevraagd", "nieuwe_ondersteuningsvraag", "gezondheid",
    "thuissituatie", "veiligheid", "erkenning_ingetrokken", "anders",
)  # fmt: skip
SIDE = ("student", "bedrijf", "school")
SCALES = ("wat_gaat_goed", "werk", "samenwerken", "leren", "energie")
NOTE_KIND = ("kennismaking", "evaluatie", "gestopt", "afgerond")
CAUSE = ("kennismaking_niet_akkoord", "gestopt", "niet_succesvol", "erkenning_ingetrokken")


def _in(column: str, values: tuple[str, ...], name: str, *, nullable: bool = False) -> sa.CheckConstraint:
    check = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return sa.CheckConstraint(f"{column} IS NULL OR {check}" if nullable else check, name=name)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _append_only_and_chained(table: str) -> None:
    """Refuse UPDATE and DELETE (PostgreSQL: TRUNCATE too) and an insert without its hash."""
    message = f"{table} is append-only"
    condition = (
        "NEW.chain_lane IS NULL OR NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL "
        "OR NEW.row_hash IS NULL"
    )
    unchained = f"{table} rows need their chain hash"
    if _postgres():
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )
        op.execute(
            f"CREATE FUNCTION {table}_needs_chain() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN IF {condition} THEN RAISE EXCEPTION '{unchained}'; END IF; "
            "RETURN NEW; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_needs_chain BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_needs_chain()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
    op.execute(
        f"CREATE TRIGGER {table}_needs_chain BEFORE INSERT ON {table} WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{unchained}'); END"
    )


def upgrade() -> None:
    op.create_table(
        "bpv",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(), nullable=False),
        sa.Column("place_id", sa.String(), nullable=False),
        sa.Column("company_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("kennismaking_on", sa.Date(), nullable=True),
        sa.Column("kennismaking_with", sa.String(), nullable=False),
        sa.Column("kennismaking_held_on", sa.Date(), nullable=True),
        sa.Column("student_verdict", sa.String(), nullable=True),
        sa.Column("student_reason", sa.String(), nullable=True),
        sa.Column("company_verdict", sa.String(), nullable=True),
        sa.Column("company_reason", sa.String(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("guardian_name", sa.String(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("evaluations_planned", sa.JSON(), nullable=False),
        sa.Column("evaluations_held", sa.Integer(), nullable=False),
        sa.Column("last_evaluation_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("outcome_reason", sa.String(), nullable=True),
        sa.Column("stop_reason", sa.String(), nullable=True),
        sa.Column("stopped_by", sa.String(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(outcome IS NULL) = (status NOT IN ('afgerond', 'gestopt'))",
            name="ck_bpv_outcome_when_ended",
        ),
        _in("status", STATUS, "ck_bpv_status"),
        _in("student_verdict", VERDICT, "ck_bpv_student_verdict", nullable=True),
        _in("company_verdict", VERDICT, "ck_bpv_company_verdict", nullable=True),
        _in("student_reason", KENNISMAKING_REASON, "ck_bpv_student_reason", nullable=True),
        _in("company_reason", KENNISMAKING_REASON, "ck_bpv_company_reason", nullable=True),
        _in("outcome", OUTCOME, "ck_bpv_outcome", nullable=True),
        _in("outcome_reason", OUTCOME_REASON, "ck_bpv_outcome_reason", nullable=True),
        _in("stop_reason", STOP_REASON, "ck_bpv_stop_reason", nullable=True),
        _in("stopped_by", SIDE, "ck_bpv_stopped_by", nullable=True),
        sa.CheckConstraint(
            "status IN ('voorgesteld', 'kennismaking_gepland', 'kennismaking_gehad', "
            "'overeenkomst_getekend', 'zoekt_nieuwe_plek') OR started_on IS NOT NULL",
            name="ck_bpv_started",
        ),
        sa.CheckConstraint("evaluations_held >= 0", name="ck_bpv_evaluations_held"),
        sa.CheckConstraint("version >= 1", name="ck_bpv_version"),
        sa.ForeignKeyConstraint(["round_id"], ["match_round.id"], name="fk_bpv_round"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "student_id", name="uq_bpv_round_student"),
    )
    op.create_index("ix_bpv_company_id", "bpv", ["company_id"], unique=False)
    op.create_index("ix_bpv_status", "bpv", ["status"], unique=False)
    op.create_index("ix_bpv_student_id", "bpv", ["student_id"], unique=False)

    op.create_table(
        "bpv_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bpv_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.String(), nullable=False),
        *(sa.Column(scale, sa.Integer(), nullable=False) for scale in SCALES),
        sa.Column("signals", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *(
            sa.CheckConstraint(f"{scale} BETWEEN 1 AND 5", name=f"ck_bpv_evaluation_{scale}")
            for scale in SCALES
        ),
        sa.ForeignKeyConstraint(["bpv_id"], ["bpv.id"], name="fk_bpv_evaluation_bpv"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bpv_evaluation_bpv_id", "bpv_evaluation", ["bpv_id"], unique=False)

    op.create_table(
        EVENTS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bpv_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("chain_lane", sa.Integer(), nullable=True),
        sa.Column("chain_seq", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(), nullable=True),
        sa.Column("row_hash", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["bpv_id"], ["bpv.id"], name="fk_bpv_event_bpv"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bpv_event_bpv_id", EVENTS, ["bpv_id"], unique=False)
    op.create_index("ux_bpv_event_chain", EVENTS, ["chain_lane", "chain_seq"], unique=True)
    _append_only_and_chained(EVENTS)
    head = sa.table(
        "audit_chain",
        sa.column("name", sa.String()),
        sa.column("lane", sa.Integer()),
        sa.column("length", sa.Integer()),
        sa.column("last_hash", sa.String()),
    )
    op.bulk_insert(
        head,
        [{"name": EVENTS, "lane": lane, "length": 0, "last_hash": GENESIS} for lane in range(LANES)],
    )

    op.create_table(
        "rematch_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(), nullable=False),
        sa.Column("bpv_id", sa.Integer(), nullable=True),
        sa.Column("failed_place_id", sa.String(), nullable=True),
        sa.Column("cause", sa.String(), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("waiting", sa.Boolean(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("resolved_round_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _in("cause", CAUSE, "ck_rematch_entry_cause"),
        sa.CheckConstraint(
            "(waiting IS NULL) = (resolved_on IS NOT NULL)", name="ck_rematch_entry_resolved"
        ),
        sa.CheckConstraint("waiting IS NULL OR waiting", name="ck_rematch_entry_waiting"),
        sa.ForeignKeyConstraint(["bpv_id"], ["bpv.id"], name="fk_rematch_entry_bpv"),
        sa.ForeignKeyConstraint(
            ["resolved_round_id"], ["match_round.id"], name="fk_rematch_entry_round"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("student_id", "waiting", name="uq_rematch_entry_waiting"),
    )
    op.create_index("ix_rematch_entry_student_id", "rematch_entry", ["student_id"], unique=False)

    op.create_table(
        "bpv_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bpv_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _in("kind", NOTE_KIND, "ck_bpv_note_kind"),
        sa.ForeignKeyConstraint(["bpv_id"], ["bpv.id"], name="fk_bpv_note_bpv"),
        sa.ForeignKeyConstraint(
            ["evaluation_id"], ["bpv_evaluation.id"], name="fk_bpv_note_evaluation"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_bpv_note_bpv_id", "bpv_note", ["bpv_id"], unique=False)
    op.create_index("ix_bpv_note_student_id", "bpv_note", ["student_id"], unique=False)


def downgrade() -> None:
    op.drop_table("bpv_note")
    op.drop_table("rematch_entry")
    op.execute(f"DELETE FROM audit_chain WHERE name = '{EVENTS}'")
    if _postgres():
        op.execute(f"DROP FUNCTION IF EXISTS {EVENTS}_append_only() CASCADE")
        op.execute(f"DROP FUNCTION IF EXISTS {EVENTS}_needs_chain() CASCADE")
    op.drop_table(EVENTS)
    op.drop_table("bpv_evaluation")
    op.drop_table("bpv")
