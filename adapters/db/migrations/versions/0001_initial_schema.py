"""Initial schema: student, company, place and outcome tables, per dataset.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 11:22:22.709617
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.Column('company_id', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('precision', sa.String(), nullable=False),
    sa.Column('guidance_hours_per_week', sa.Float(), nullable=False),
    sa.Column('sbb_recognized', sa.Boolean(), nullable=False),
    sa.Column('open_to_extra_support', sa.Boolean(), nullable=False),
    sa.Column('max_support_students', sa.Integer(), nullable=True),
    sa.Column('social_openness', sa.Integer(), nullable=False),
    sa.Column('expertise_areas', sa.String(), nullable=False),
    sa.Column('wheelchair_access', sa.String(), nullable=False),
    sa.Column('adapted_toilet', sa.String(), nullable=False),
    sa.Column('sector', sa.String(), nullable=False),
    sa.CheckConstraint('guidance_hours_per_week >= 0', name='ck_company_guidance_hours'),
    sa.CheckConstraint('lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180', name='ck_company_lat_lon'),
    sa.CheckConstraint('max_support_students >= 0', name='ck_company_max_support_students'),
    sa.CheckConstraint('social_openness BETWEEN 0 AND 3', name='ck_company_social_openness'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dataset', 'company_id', name='uq_company_dataset_company_id')
    )
    op.create_table('student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.Column('student_id', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('precision', sa.String(), nullable=False),
    sa.Column('crebo', sa.String(), nullable=False),
    sa.Column('niveau', sa.Integer(), nullable=False),
    sa.Column('leerweg', sa.String(), nullable=False),
    sa.Column('hours_per_week', sa.Float(), nullable=False),
    sa.Column('max_hours_per_day', sa.Float(), nullable=False),
    sa.Column('days_available', sa.String(), nullable=False),
    sa.Column('travel_mode', sa.String(), nullable=False),
    sa.Column('max_travel_minutes', sa.Integer(), nullable=False),
    sa.Column('physical_capacity', sa.Integer(), nullable=False),
    sa.Column('mental_capacity', sa.Integer(), nullable=False),
    sa.Column('stimulus_sensitivity', sa.Integer(), nullable=False),
    sa.Column('social_support_need', sa.Integer(), nullable=False),
    sa.Column('guidance_hours_per_week', sa.Float(), nullable=False),
    sa.Column('needs_wheelchair_access', sa.Boolean(), nullable=False),
    sa.Column('needs_adapted_toilet', sa.Boolean(), nullable=False),
    sa.Column('needs_adjustable_workplace', sa.Boolean(), nullable=False),
    sa.Column('needs_quiet_workspace', sa.Boolean(), nullable=False),
    sa.Column('needs_predictable_schedule', sa.Boolean(), nullable=False),
    sa.Column('needs_flexible_hours', sa.Boolean(), nullable=False),
    sa.Column('needs_extra_breaks', sa.Boolean(), nullable=False),
    sa.Column('energy_spoons_per_day', sa.Float(), nullable=True),
    sa.Column('support_areas', sa.String(), nullable=False),
    sa.Column('has_vog', sa.Boolean(), nullable=True),
    sa.Column('preferences', sa.String(), nullable=False),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.CheckConstraint('guidance_hours_per_week >= 0', name='ck_student_guidance_hours'),
    sa.CheckConstraint('hours_per_week >= 0', name='ck_student_hours_per_week'),
    sa.CheckConstraint('lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180', name='ck_student_lat_lon'),
    sa.CheckConstraint('max_hours_per_day >= 0', name='ck_student_max_hours_per_day'),
    sa.CheckConstraint('max_travel_minutes >= 0', name='ck_student_max_travel_minutes'),
    sa.CheckConstraint('mental_capacity BETWEEN 1 AND 5', name='ck_student_mental_capacity'),
    sa.CheckConstraint('niveau BETWEEN 1 AND 4', name='ck_student_niveau'),
    sa.CheckConstraint('physical_capacity BETWEEN 1 AND 5', name='ck_student_physical_capacity'),
    sa.CheckConstraint('social_support_need BETWEEN 0 AND 3', name='ck_student_social_support_need'),
    sa.CheckConstraint('stimulus_sensitivity BETWEEN 0 AND 3', name='ck_student_stimulus_sensitivity'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dataset', 'student_id', name='uq_student_dataset_student_id')
    )
    op.create_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.Column('place_id', sa.String(), nullable=False),
    sa.Column('company_id', sa.String(), nullable=False),
    sa.Column('crebos', sa.String(), nullable=False),
    sa.Column('niveau_min', sa.Integer(), nullable=False),
    sa.Column('niveau_max', sa.Integer(), nullable=False),
    sa.Column('leerweg', sa.String(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('hours_min', sa.Float(), nullable=False),
    sa.Column('hours_max', sa.Float(), nullable=False),
    sa.Column('max_hours_per_day', sa.Float(), nullable=False),
    sa.Column('work_days', sa.String(), nullable=False),
    sa.Column('evening_work', sa.Boolean(), nullable=False),
    sa.Column('night_work', sa.Boolean(), nullable=False),
    sa.Column('physical_load', sa.Integer(), nullable=False),
    sa.Column('mental_load', sa.Integer(), nullable=False),
    sa.Column('quiet_workspace', sa.String(), nullable=False),
    sa.Column('adjustable_workplace', sa.String(), nullable=False),
    sa.Column('predictable_schedule', sa.Boolean(), nullable=False),
    sa.Column('flexible_hours', sa.Boolean(), nullable=False),
    sa.Column('extra_breaks', sa.Boolean(), nullable=False),
    sa.Column('vog_required', sa.Boolean(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('precision', sa.String(), nullable=True),
    sa.CheckConstraint('(lat IS NULL AND lon IS NULL AND precision IS NULL) OR (lat IS NOT NULL AND lon IS NOT NULL AND precision IS NOT NULL)', name='ck_place_location_complete'),
    sa.CheckConstraint('capacity >= 1', name='ck_place_capacity'),
    sa.CheckConstraint('hours_min <= hours_max', name='ck_place_hours_order'),
    sa.CheckConstraint('hours_min >= 0', name='ck_place_hours_min'),
    sa.CheckConstraint('lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180', name='ck_place_lat_lon'),
    sa.CheckConstraint('max_hours_per_day >= 0', name='ck_place_max_hours_per_day'),
    sa.CheckConstraint('mental_load BETWEEN 1 AND 5', name='ck_place_mental_load'),
    sa.CheckConstraint('niveau_max BETWEEN 1 AND 4', name='ck_place_niveau_max'),
    sa.CheckConstraint('niveau_min <= niveau_max', name='ck_place_niveau_order'),
    sa.CheckConstraint('niveau_min BETWEEN 1 AND 4', name='ck_place_niveau_min'),
    sa.CheckConstraint('physical_load BETWEEN 1 AND 5', name='ck_place_physical_load'),
    sa.ForeignKeyConstraint(['dataset', 'company_id'], ['company.dataset', 'company.company_id'], name='fk_place_company'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dataset', 'place_id', name='uq_place_dataset_place_id')
    )
    op.create_index('ix_place_dataset_company_id', 'place', ['dataset', 'company_id'], unique=False)

    op.create_table('outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.String(), nullable=False),
    sa.Column('place_id', sa.String(), nullable=False),
    sa.Column('outcome', sa.String(), nullable=False),
    sa.CheckConstraint('position >= 0', name='ck_outcome_position'),
    sa.ForeignKeyConstraint(['dataset', 'place_id'], ['place.dataset', 'place.place_id'], name='fk_outcome_place'),
    sa.ForeignKeyConstraint(['dataset', 'student_id'], ['student.dataset', 'student.student_id'], name='fk_outcome_student'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dataset', 'position', name='uq_outcome_dataset_position')
    )


def downgrade() -> None:
    op.drop_table('outcome')
    op.drop_index('ix_place_dataset_company_id', table_name='place')

    op.drop_table('place')
    op.drop_table('student')
    op.drop_table('company')
