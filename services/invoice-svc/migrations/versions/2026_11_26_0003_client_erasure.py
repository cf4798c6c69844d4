"""Client erasure: ``clients.erased_at`` marks a client whose identity was anonymised.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:51:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the erasure mark (null: not erased)."""
    op.add_column("clients", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the erasure mark (the anonymised values stay anonymised)."""
    op.drop_column("clients", "erased_at")
