"""awaited input and reminder events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 01:18:02.996072
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "reminder_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('snoozed', 'skipped', 'missed')", name=op.f("ck_reminder_events_kind")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reminder_events_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_events")),
    )
    with op.batch_alter_table("reminder_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reminder_events_user_id_night", ["user_id", "night"], unique=False
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting", sa.String(length=32), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("awaiting")

    with op.batch_alter_table("reminder_events", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_events_user_id_night")

    op.drop_table("reminder_events")
