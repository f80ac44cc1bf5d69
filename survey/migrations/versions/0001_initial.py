"""Initial tables: waves, responses, access codes, users, audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "waves",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("access_mode", sa.String(8), nullable=False),
        sa.Column("survey_layout", sa.JSON, nullable=False),
        sa.Column("headcount", sa.JSON, nullable=True),
        sa.Column("headcount_by_age", sa.JSON, nullable=True),
        sa.Column("code_salt", sa.LargeBinary(32), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_waves"),
        sa.UniqueConstraint("name", name="uq_waves_name"),
    )
    # No time, no sequential id, no rowid: see survey/db.py.
    op.create_table(
        "responses",
        sa.Column("wave_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("id", sa.String(32), nullable=False, autoincrement=False),
        sa.Column("answers", sa.LargeBinary, nullable=False),
        sa.Column("comments", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("wave_id", "id", name="pk_responses"),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["waves.id"], name="fk_responses_wave_id_waves", ondelete="RESTRICT"
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "access_codes",
        sa.Column("wave_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("code_hash", sa.String(64), nullable=False, autoincrement=False),
        sa.Column("used", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("wave_id", "code_hash", name="pk_access_codes"),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["waves.id"], name="fk_access_codes_wave_id_waves", ondelete="RESTRICT"
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), nullable=False, autoincrement=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_count", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_users"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("detail", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )


def downgrade() -> None:
    for table in ("audit_log", "users", "access_codes", "responses", "waves"):
        op.drop_table(table)
