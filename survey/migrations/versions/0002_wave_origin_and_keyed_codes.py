"""Waves record their hash scheme, origin, codes issued and the wrong-code window.

Revision ID: 0002
Revises: 0001

Existing waves keep hash scheme 1 (HMAC under the salt alone) so their issued
codes still work; new waves use the secret key file (scheme 2). The origin of
an existing wave is read from what it holds: an open wave, or one with codes,
collects; a draft with responses can only have been imported into; a closed
wave takes nothing more, so its origin stays unknown (NULL).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = ("code_failures", "code_window", "codes_issued", "origin", "code_scheme")


def upgrade() -> None:
    with op.batch_alter_table("waves") as batch:
        batch.add_column(sa.Column("code_scheme", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("origin", sa.String(9), nullable=True))
        batch.add_column(sa.Column("codes_issued", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("code_window", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("code_failures", sa.Integer, nullable=False, server_default="0"))
    op.execute(
        "UPDATE waves SET codes_issued = "
        "(SELECT count(*) FROM access_codes WHERE access_codes.wave_id = waves.id)"
    )
    held = "EXISTS (SELECT 1 FROM responses WHERE responses.wave_id = waves.id)"
    op.execute(
        "UPDATE waves SET origin = CASE "
        "WHEN status = 'closed' THEN NULL "
        "WHEN status = 'open' OR codes_issued > 0 THEN 'collected' "
        f"WHEN {held} THEN 'imported' END"
    )


def downgrade() -> None:
    with op.batch_alter_table("waves") as batch:
        for column in _COLUMNS:
            batch.drop_column(column)
