"""a morning sleep question for everyone who has a time zone

Users who set their zone before the morning question existed get one at 08:00, every
day. Its next fire instant is left empty: the bot fills in missing instants at start
(bot.scheduling.store.fill_missing), in each user's own zone.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 04:25:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        INSERT INTO schedules (user_id, kind, local_time, weekdays, enabled)
        SELECT users.id, 'morning', '08:00:00', 127, true
        FROM users
        WHERE users.timezone IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM schedules
            WHERE schedules.user_id = users.id AND schedules.kind = 'morning'
          )
        """
    )


def downgrade() -> None:
    # The rows may have been changed by their owners since; they are kept.
    pass
