"""Match rounds: round, proposal per run, decisions, append-only audit, fan-out blobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:55:21.528395
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('match_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(), nullable=True),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('policy', sa.JSON(), nullable=False),
    sa.Column('bpv_start', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('current_run', sa.Integer(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('lease_token', sa.String(), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'failed' OR error IS NOT NULL", name='ck_match_round_failed_has_error'),
    sa.CheckConstraint("status IN ('draft', 'queued', 'running', 'solved', 'in_review', 'published', 'failed')", name='ck_match_round_status'),
    sa.CheckConstraint('current_run >= 0', name='ck_match_round_current_run'),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name='ck_match_round_progress'),
    sa.CheckConstraint('version >= 1', name='ck_match_round_version'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('run', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(), nullable=False),
    sa.Column('place_id', sa.String(), nullable=True),
    sa.Column('company_id', sa.String(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('travel_minutes', sa.Float(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('explanation', sa.String(), nullable=False),
    sa.Column('unplaced_reason', sa.String(), nullable=False),
    sa.Column('decision', sa.String(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.String(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.CheckConstraint("decision IN ('open', 'accepted', 'rejected', 'moved')", name='ck_proposal_decision'),
    sa.CheckConstraint("decision IN ('open', 'rejected') OR place_id IS NOT NULL", name='ck_proposal_decision_needs_place'),
    sa.CheckConstraint('(place_id IS NULL) = (company_id IS NULL)', name='ck_proposal_place_company'),
    sa.CheckConstraint('run >= 1', name='ck_proposal_run'),
    sa.CheckConstraint('score IS NULL OR score BETWEEN 0 AND 1', name='ck_proposal_score'),
    sa.ForeignKeyConstraint(['round_id'], ['match_round.id'], name='fk_proposal_round'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'run', 'student_id', name='uq_proposal_round_run_student')
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_round_run_place', ['round_id', 'run', 'place_id'], unique=False)

    op.create_table('round_blob',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('run', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['match_round.id'], name='fk_round_blob_round'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'run', 'key', name='uq_round_blob_key')
    )
    op.create_table('round_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(), nullable=False),
    sa.Column('place_id', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('active_lock', sa.Boolean(), nullable=True),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("active_lock IS NULL OR kind <> 'veto'", name='ck_round_decision_veto_not_lock'),
    sa.CheckConstraint("kind IN ('lock', 'veto', 'move')", name='ck_round_decision_kind'),
    sa.CheckConstraint('active_lock IS NULL OR active_lock', name='ck_round_decision_active'),
    sa.ForeignKeyConstraint(['round_id'], ['match_round.id'], name='fk_round_decision_round'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'student_id', 'active_lock', name='uq_round_decision_active_lock')
    )
    op.create_table('round_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['match_round.id'], name='fk_round_event_round'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('round_event', schema=None) as batch_op:
        batch_op.create_index('ix_round_event_round_id', ['round_id'], unique=False)
    _append_only('round_event')



def _append_only(table: str) -> None:
    """Refuse UPDATE and DELETE on an audit table, in the database itself."""
    message = f'{table} is append-only'
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        for verb in ('UPDATE', 'DELETE'):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            )
        return
    for verb in ('UPDATE', 'DELETE'):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS round_event_append_only() CASCADE')
    with op.batch_alter_table('round_event', schema=None) as batch_op:
        batch_op.drop_index('ix_round_event_round_id')

    op.drop_table('round_event')
    op.drop_table('round_decision')
    op.drop_table('round_blob')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_round_run_place')

    op.drop_table('proposal')
    op.drop_table('match_round')
