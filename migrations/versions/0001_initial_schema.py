"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 00:37:05.235029
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "faq_misses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_misses")),
    )
    with op.batch_alter_table("faq_misses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_misses_asked_at"), ["asked_at"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("screening", sa.JSON(), nullable=True),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_seconds", sa.Integer(), nullable=True),
        sa.Column("breath_pattern", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('active', 'inactive')", name=op.f("ck_users_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "practice_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned_seconds", sa.Integer(), nullable=False),
        sa.Column("actual_seconds", sa.Integer(), nullable=True),
        sa.Column("breath_pattern", sa.String(length=16), nullable=False),
        sa.Column("variant", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("checkout_rating", sa.SmallInteger(), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('running', 'completed', 'stopped', 'interrupted')",
            name=op.f("ck_practice_sessions_outcome"),
        ),
        sa.CheckConstraint(
            "checkout_rating BETWEEN 1 AND 5", name=op.f("ck_practice_sessions_checkout_rating")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_practice_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_sessions")),
    )
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_practice_sessions_user_id_night", ["user_id", "night"], unique=False
        )

    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("weekend_time", sa.Time(), nullable=True),
        sa.Column("weekdays", sa.SmallInteger(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_fire_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('evening', 'morning', 'weekly')", name=op.f("ck_schedules_kind")
        ),
        sa.CheckConstraint("weekdays BETWEEN 0 AND 127", name=op.f("ck_schedules_weekdays")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_schedules_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
        sa.UniqueConstraint("user_id", "kind", name=op.f("uq_schedules_user_id_kind")),
    )
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schedules_next_fire_at"), ["next_fire_at"], unique=False
        )

    op.create_table(
        "sleep_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("sleep_latency", sa.String(length=8), nullable=True),
        sa.Column("awakenings", sa.String(length=8), nullable=True),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_sleep_ratings_rating")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sleep_ratings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sleep_ratings")),
        sa.UniqueConstraint("user_id", "night", name=op.f("uq_sleep_ratings_user_id_night")),
    )


def downgrade() -> None:

    op.drop_table("sleep_ratings")
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedules_next_fire_at"))

    op.drop_table("schedules")
    with op.batch_alter_table("practice_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_sessions_user_id_night")

    op.drop_table("practice_sessions")
    op.drop_table("users")
    with op.batch_alter_table("faq_misses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_misses_asked_at"))

    op.drop_table("faq_misses")
