"""Billing records: firms and API keys, clients, matters, invoices, payments, idempotency keys.

Every unique key of a business table starts with ``firm_id`` (tenant isolation); ``seq``
identity columns give cursors a stable order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 08:49:00.942681+00:00
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
    """Create the billing tables."""
    op.create_table(
        "firms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firms")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("request_hash", sa.LargeBinary(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("public_id", sa.Text(), nullable=False),
        sa.Column("secret_hash", sa.LargeBinary(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_api_keys_firm_id_firms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("public_id", name=op.f("uq_api_keys_public_id")),
    )
    op.create_index(op.f("ix_api_keys_firm_id"), "api_keys", ["firm_id"], unique=False)
    op.create_table(
        "clients",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("emails", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("postal_address", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=False),
        sa.Column("delivery_preference", sa.Text(), nullable=False),
        sa.Column("group", sa.Text(), nullable=True),
        sa.Column("client_type", sa.Text(), nullable=True),
        sa.Column("opted_out_channels", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("trust_balance_minor", sa.BigInteger(), nullable=True),
        sa.Column("trust_currency", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_clients_firm_id_firms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("firm_id", "external_id", name=op.f("uq_clients_firm_id_external_id")),
        sa.UniqueConstraint("seq", name=op.f("uq_clients_seq")),
    )
    op.create_index("ix_clients_firm_seq", "clients", ["firm_id", "seq"], unique=False)
    op.create_table(
        "matters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("practice_area", sa.Text(), nullable=True),
        sa.Column("responsible_attorney", sa.Text(), nullable=True),
        sa.Column("billing_group", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_matters_client_id_clients")
        ),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_matters_firm_id_firms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matters")),
        sa.UniqueConstraint("firm_id", "external_id", name=op.f("uq_matters_firm_id_external_id")),
        sa.UniqueConstraint("seq", name=op.f("uq_matters_seq")),
    )
    op.create_index("ix_matters_client_id", "matters", ["client_id"], unique=False)
    op.create_index("ix_matters_firm_seq", "matters", ["firm_id", "seq"], unique=False)
    op.create_table(
        "invoices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("matter_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("paid_minor", sa.BigInteger(), nullable=False),
        sa.Column("written_off_minor", sa.BigInteger(), nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("credit_minor", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("closure", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("line_items", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("portal_url", sa.Text(), nullable=True),
        sa.Column("shared_to_portal", sa.Boolean(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("last_viewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance_minor >= 0", name=op.f("ck_invoices_balance_not_negative")),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_invoices_client_id_clients")
        ),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_invoices_firm_id_firms")),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["matters.id"], name=op.f("fk_invoices_matter_id_matters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("firm_id", "external_id", name=op.f("uq_invoices_firm_id_external_id")),
        sa.UniqueConstraint("firm_id", "number", name=op.f("uq_invoices_firm_id_number")),
        sa.UniqueConstraint("seq", name=op.f("uq_invoices_seq")),
    )
    op.create_index(
        "ix_invoices_firm_client", "invoices", ["firm_id", "client_id", "seq"], unique=False
    )
    op.create_index("ix_invoices_firm_due", "invoices", ["firm_id", "due_date"], unique=False)
    op.create_index("ix_invoices_firm_seq", "invoices", ["firm_id", "seq"], unique=False)
    op.create_index(
        "ix_invoices_firm_status", "invoices", ["firm_id", "status", "seq"], unique=False
    )
    op.create_index("ix_invoices_firm_updated", "invoices", ["firm_id", "updated_at"], unique=False)
    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("firm_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("credit_minor", sa.BigInteger(), nullable=False),
        sa.Column("balance_after_minor", sa.BigInteger(), nullable=False),
        sa.Column("reversed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reversal_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payments_amount_positive")),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_payments_firm_id_firms")),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_payments_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("firm_id", "external_id", name=op.f("uq_payments_firm_id_external_id")),
        sa.UniqueConstraint("seq", name=op.f("uq_payments_seq")),
    )
    op.create_index("ix_payments_firm_seq", "payments", ["firm_id", "seq"], unique=False)
    op.create_index("ix_payments_invoice_id", "payments", ["invoice_id"], unique=False)


def downgrade() -> None:
    """Drop them, dependants first."""
    op.drop_index("ix_payments_invoice_id", table_name="payments")
    op.drop_index("ix_payments_firm_seq", table_name="payments")
    op.drop_table("payments")
    op.drop_index("ix_invoices_firm_updated", table_name="invoices")
    op.drop_index("ix_invoices_firm_status", table_name="invoices")
    op.drop_index("ix_invoices_firm_seq", table_name="invoices")
    op.drop_index("ix_invoices_firm_due", table_name="invoices")
    op.drop_index("ix_invoices_firm_client", table_name="invoices")
    op.drop_table("invoices")
    op.drop_index("ix_matters_firm_seq", table_name="matters")
    op.drop_index("ix_matters_client_id", table_name="matters")
    op.drop_table("matters")
    op.drop_index("ix_clients_firm_seq", table_name="clients")
    op.drop_table("clients")
    op.drop_index(op.f("ix_api_keys_firm_id"), table_name="api_keys")
    op.drop_table("api_keys")
    op.drop_table("idempotency_keys")
    op.drop_table("firms")
