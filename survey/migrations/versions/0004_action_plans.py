"""Action plans on a closed wave's results, their notes, and published results pages.

Revision ID: 0004
Revises: 0003

An action plan answers one dimension or item of a closed wave: what will
change, which unit or role owns it (never a respondent), a youth panel
co-owner, a due date and a status. The youth panel proposes, HR approves.
Notes are the panel's comments and the owners' progress notes. A wave's row in
``published_results`` makes its whole-wave results page visible to every
employee; deleting the row unpublishes it. None of these tables holds anything
about a respondent.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "wave_id",
            sa.Integer,
            sa.ForeignKey(
                "waves.id", ondelete="RESTRICT", name="fk_action_plans_wave_id_waves"
            ),
            nullable=False,
        ),
        sa.Column("target_kind", sa.String(9), nullable=False),
        sa.Column("target_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        sa.Column("owner", sa.String(80), nullable=False),
        sa.Column("co_owner", sa.String(64), nullable=True),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("status", sa.String(11), nullable=False),
        sa.Column("approved", sa.Boolean, nullable=False),
        sa.Column("approved_by", sa.String(64), nullable=True),
        sa.Column("proposed_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_action_plans"),
    )
    op.create_index("ix_action_plans_wave_id", "action_plans", ["wave_id"])
    op.create_table(
        "plan_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id",
            sa.Integer,
            sa.ForeignKey(
                "action_plans.id", ondelete="CASCADE", name="fk_plan_notes_plan_id_action_plans"
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_notes"),
    )
    op.create_index("ix_plan_notes_plan_id", "plan_notes", ["plan_id"])
    op.create_table(
        "published_results",
        sa.Column(
            "wave_id",
            sa.Integer,
            sa.ForeignKey(
                "waves.id", ondelete="RESTRICT", name="fk_published_results_wave_id_waves"
            ),
            nullable=False,
            autoincrement=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("wave_id", name="pk_published_results"),
    )


def downgrade() -> None:
    op.drop_table("published_results")
    op.drop_index("ix_plan_notes_plan_id", table_name="plan_notes")
    op.drop_table("plan_notes")
    op.drop_index("ix_action_plans_wave_id", table_name="action_plans")
    op.drop_table("action_plans")
