"""Staff sessions that outlive a browser tab: one row per signed-in session.

Revision ID: 0005
Revises: 0004

The browser keeps a random token; the row keeps only its SHA-256, the
account's name and when the session ends without activity (to the minute).
No address, no browser, no sign-in time. Signing out deletes the row, so every
tab of the session ends; disabling an account or changing its password deletes
its rows; deleting the account deletes them with it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False, autoincrement=False),
        sa.Column(
            "user_name",
            sa.String(64),
            sa.ForeignKey(
                "users.name", ondelete="CASCADE", name="fk_staff_sessions_user_name_users"
            ),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_staff_sessions"),
    )
    op.create_index("ix_staff_sessions_user_name", "staff_sessions", ["user_name"])


def downgrade() -> None:
    op.drop_index("ix_staff_sessions_user_name", table_name="staff_sessions")
    op.drop_table("staff_sessions")
