"""Waves gain display titles, an explicit order and a schedule; accounts can be disabled.

Revision ID: 0003
Revises: 0002

A wave keeps its ASCII id (``name``) for addresses and commands; people see its
title in Korean or English (NULL: the id is shown). ``position`` orders waves
whatever their ids (quarterly and monthly pulses sort right); existing waves
are numbered in id order, which is how they were sorted before. ``opens_at``
and ``closes_at`` are the schedule (NULL: opened or closed by hand). An account
can be disabled without deleting it, and a reset password must be changed at
the next sign-in.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_WAVE_COLUMNS = ("closes_at", "opens_at", "position", "title_en", "title_ko")
_USER_COLUMNS = ("must_change", "disabled")


def upgrade() -> None:
    with op.batch_alter_table("waves") as batch:
        batch.add_column(sa.Column("title_ko", sa.String(80), nullable=True))
        batch.add_column(sa.Column("title_en", sa.String(80), nullable=True))
        batch.add_column(sa.Column("position", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE waves SET position = "
        "(SELECT count(*) FROM waves AS earlier WHERE earlier.name <= waves.name)"
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabled", sa.Boolean, nullable=False, server_default="0"))
        batch.add_column(sa.Column("must_change", sa.Boolean, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for column in _USER_COLUMNS:
            batch.drop_column(column)
    with op.batch_alter_table("waves") as batch:
        for column in _WAVE_COLUMNS:
            batch.drop_column(column)
