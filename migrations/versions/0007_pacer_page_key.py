"""a pacer page's key on the session it recorded

The pacer page sends a key of its own with a finished session; the same key twice (a
retried request) records the session once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_key", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            "uq_practice_sessions_user_id_page_key", ["user_id", "page_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_practice_sessions_user_id_page_key", type_="unique")
        batch_op.drop_column("page_key")
