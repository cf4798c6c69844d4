"""Policies, invoice and client read models, reminders, their history, idempotency keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 08:54:23.553765+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the scheduler's own tables (see ``adapters/db/tables.py`` for what each holds)."""
    op.create_table(
        "clients",
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), server_default="en", nullable=False),
        sa.Column("client_group", sa.Text(), nullable=True),
        sa.Column("opted_out", sa.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column(
            "notifier_opt_outs", sa.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False
        ),
        sa.Column("trust_minor", sa.BigInteger(), nullable=True),
        sa.Column("trust_currency", sa.Text(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("firm_id", "client_id", name="pk_clients"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("firm_id", "key", name="pk_idempotency_keys"),
    )
    op.create_table(
        "invoices",
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("matter_id", sa.Uuid(), nullable=True),
        sa.Column("matter_name", sa.Text(), nullable=True),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paused", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("promise_to_pay_until", sa.Date(), nullable=True),
        sa.Column("replan_due", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("firm_id", "invoice_id", name="pk_invoices"),
    )
    op.create_index("ix_invoices_client", "invoices", ["firm_id", "client_id"], unique=False)
    op.create_index(
        "ix_invoices_replan_due",
        "invoices",
        ["firm_id"],
        unique=False,
        postgresql_where=sa.text("replan_due"),
    )
    op.create_table(
        "policies",
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("policy", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "level IN ('firm_default', 'client_group', 'client', 'invoice')",
            name=op.f("ck_policies_level"),
        ),
        sa.PrimaryKeyConstraint("firm_id", "level", "scope", name="pk_policies"),
    )
    op.create_table(
        "reminder_history",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("reminder_id", sa.Uuid(), nullable=True),
        sa.Column("step_key", sa.Text(), nullable=True),
        sa.Column("event", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_history")),
    )
    op.create_index(
        "ix_reminder_history_invoice",
        "reminder_history",
        ["firm_id", "invoice_id", "id"],
        unique=False,
    )
    op.create_index(
        "ix_reminder_history_reminder", "reminder_history", ["reminder_id", "event"], unique=False
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("step_key", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("tone", sa.Text(), nullable=False),
        sa.Column("channels", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("template", sa.Text(), nullable=True),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=True),
        sa.Column("repeat_no", sa.Integer(), nullable=True),
        sa.Column("consolidate", sa.Text(), nullable=False),
        sa.Column(
            "min_balance_minor", sa.BigInteger(), server_default=sa.text("0"), nullable=False
        ),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("catch_up", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("payment", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("origin IN ('timeline', 'payment')", name=op.f("ck_reminders_origin")),
        sa.CheckConstraint(
            "status IN ('planned', 'dispatched', 'cancelled', 'skipped')",
            name=op.f("ck_reminders_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint(
            "firm_id",
            "invoice_id",
            "step_key",
            name=op.f("uq_reminders_firm_id_invoice_id_step_key"),
        ),
    )
    op.create_index(
        "ix_reminders_due",
        "reminders",
        ["send_at"],
        unique=False,
        postgresql_where=sa.text("status = 'planned'"),
    )
    op.create_index(
        "ix_reminders_message",
        "reminders",
        ["message_id"],
        unique=False,
        postgresql_where=sa.text("message_id IS NOT NULL"),
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_index(
        "ix_reminders_message",
        table_name="reminders",
        postgresql_where=sa.text("message_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_reminders_due", table_name="reminders", postgresql_where=sa.text("status = 'planned'")
    )
    op.drop_table("reminders")
    op.drop_index("ix_reminder_history_reminder", table_name="reminder_history")
    op.drop_index("ix_reminder_history_invoice", table_name="reminder_history")
    op.drop_table("reminder_history")
    op.drop_table("policies")
    op.drop_index(
        "ix_invoices_replan_due", table_name="invoices", postgresql_where=sa.text("replan_due")
    )
    op.drop_index("ix_invoices_client", table_name="invoices")
    op.drop_table("invoices")
    op.drop_table("idempotency_keys")
    op.drop_table("clients")
