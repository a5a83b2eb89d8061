"""which health questions each person was asked

The health check asks about chronic venous insufficiency or significant swelling since
2 December 2026. Whoever answered the check is recorded as asked about the five older
conditions, or about all six where they ticked swelling; the session's start asks anyone
else the new question once (bot.winddown.plan.question_first). Someone who answered
after the question was added and did not tick it is asked once more: a gentle question
twice beats a contraindication never asked about. A skipped check stays unanswered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ["glaucoma", "heart", "blood-pressure", "pregnancy", "hip-back"]
SWELLING = "swelling"

users = sa.table(
    "users",
    sa.column("id", sa.BigInteger()),
    sa.column("screening", sa.JSON()),
    sa.column("screening_asked", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("screening_asked", sa.JSON(), nullable=True))
    # Row by row in Python: JSON containment is spelled differently on SQLite and
    # PostgreSQL, and a skipped check may be stored as SQL NULL or as JSON null.
    connection = op.get_bind()
    answered = connection.execute(sa.select(users.c.id, users.c.screening)).all()
    for user_id, screening in answered:
        if screening is None:
            continue
        asked = [*BEFORE, SWELLING] if SWELLING in screening else BEFORE
        connection.execute(
            users.update().where(users.c.id == user_id).values(screening_asked=asked)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("screening_asked")
