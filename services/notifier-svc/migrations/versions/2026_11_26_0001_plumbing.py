"""Plumbing: the transactional outbox and the processed-event inbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 00:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op
from remit_common.db.plumbing import downgrade_0001, upgrade_0001

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``outbox_events`` and ``processed_events``."""
    upgrade_0001(op)


def downgrade() -> None:
    """Drop them."""
    downgrade_0001(op)
