"""firm_channel_settings: a firm's own webhook/portal endpoints and e-mail identity.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``firm_channel_settings`` (one optional row per firm)."""
    op.create_table(
        "firm_channel_settings",
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("webhook_url", sa.Text(), nullable=True),
        sa.Column("webhook_secret", sa.Text(), nullable=True),
        sa.Column("portal_url", sa.Text(), nullable=True),
        sa.Column("portal_secret", sa.Text(), nullable=True),
        sa.Column("email_from_name", sa.Text(), nullable=True),
        sa.Column("email_reply_to", sa.Text(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(portal_url IS NULL) = (portal_secret IS NULL)",
            name=op.f("ck_firm_channel_settings_portal_pair"),
        ),
        sa.CheckConstraint(
            "(webhook_url IS NULL) = (webhook_secret IS NULL)",
            name=op.f("ck_firm_channel_settings_webhook_pair"),
        ),
        sa.PrimaryKeyConstraint("firm_id", name=op.f("pk_firm_channel_settings")),
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("firm_channel_settings")
