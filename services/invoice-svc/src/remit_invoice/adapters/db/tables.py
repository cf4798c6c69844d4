"""invoice-svc's tables, on one MetaData with Remit's constraint naming convention.

Alembic autogenerate compares against :data:`metadata`, so every table of this service must be
attached to it. The outbox and processed-event (inbox) tables come from ``remit_common.db``.

Every business table carries ``firm_id`` and every unique key starts with it: tenants never
collide, and each query is a firm-scoped index lookup. ``seq`` (an identity column) is the
stable, immutable order that cursors page on.
"""

from remit_common.db.naming import new_metadata
from remit_common.db.plumbing import inbox_table, outbox_table
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = new_metadata()

outbox = outbox_table(metadata)
processed_events = inbox_table(metadata)


def _stamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    ]


firms = Table(
    "firms",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("firm_id", Uuid, ForeignKey("firms.id"), nullable=False, index=True),
    Column("public_id", Text, nullable=False, unique=True),
    Column("secret_hash", LargeBinary, nullable=False),
    Column("name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

clients = Table(
    "clients",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("firm_id", Uuid, ForeignKey("firms.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("external_id", Text, nullable=True),
    Column("name", Text, nullable=False),
    Column("emails", ARRAY(Text), nullable=False),
    Column("phone", Text, nullable=True),
    Column("postal_address", JSONB, nullable=True),
    Column("language", Text, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("delivery_preference", Text, nullable=False),
    Column("group", Text, nullable=True),
    Column("client_type", Text, nullable=True),
    Column("opted_out_channels", ARRAY(Text), nullable=False),
    Column("trust_balance_minor", BigInteger, nullable=True),
    Column("trust_currency", Text, nullable=True),
    *_stamps(),
    Column("erased_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("firm_id", "external_id"),
    Index("ix_clients_firm_seq", "firm_id", "seq"),
)

matters = Table(
    "matters",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("firm_id", Uuid, ForeignKey("firms.id"), nullable=False),
    Column("client_id", Uuid, ForeignKey("clients.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("external_id", Text, nullable=True),
    Column("name", Text, nullable=False),
    Column("practice_area", Text, nullable=True),
    Column("responsible_attorney", Text, nullable=True),
    Column("billing_group", Text, nullable=True),
    *_stamps(),
    UniqueConstraint("firm_id", "external_id"),
    Index("ix_matters_firm_seq", "firm_id", "seq"),
    Index("ix_matters_client_id", "client_id"),
)

invoices = Table(
    "invoices",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("firm_id", Uuid, ForeignKey("firms.id"), nullable=False),
    Column("client_id", Uuid, ForeignKey("clients.id"), nullable=False),
    Column("matter_id", Uuid, ForeignKey("matters.id"), nullable=True),
    Column("version", Integer, nullable=False),
    Column("number", Text, nullable=False),
    Column("external_id", Text, nullable=True),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=True),
    Column("currency", Text, nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("paid_minor", BigInteger, nullable=False),
    Column("written_off_minor", BigInteger, nullable=False),
    # Derived by the domain, stored so lists can filter and sort on them.
    Column("balance_minor", BigInteger, nullable=False),
    Column("credit_minor", BigInteger, nullable=False),
    Column("status", Text, nullable=False),
    Column("closure", Text, nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("disputed", Boolean, nullable=False),
    Column("line_items", JSONB, nullable=False),
    Column("portal_url", Text, nullable=True),
    Column("shared_to_portal", Boolean, nullable=False),
    Column("view_count", Integer, nullable=False),
    Column("last_viewed_at", DateTime(timezone=True), nullable=True),
    *_stamps(),
    UniqueConstraint("firm_id", "number"),
    UniqueConstraint("firm_id", "external_id"),
    CheckConstraint("balance_minor >= 0", name="balance_not_negative"),
    Index("ix_invoices_firm_seq", "firm_id", "seq"),
    Index("ix_invoices_firm_client", "firm_id", "client_id", "seq"),
    Index("ix_invoices_firm_status", "firm_id", "status", "seq"),
    Index("ix_invoices_firm_due", "firm_id", "due_date"),
    Index("ix_invoices_firm_updated", "firm_id", "updated_at"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("firm_id", Uuid, ForeignKey("firms.id"), nullable=False),
    Column("invoice_id", Uuid, ForeignKey("invoices.id"), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("method", Text, nullable=False),
    Column("external_id", Text, nullable=True),
    Column("credit_minor", BigInteger, nullable=False),
    Column("balance_after_minor", BigInteger, nullable=False),
    Column("reversed_at", DateTime(timezone=True), nullable=True),
    Column("reversal_reason", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("firm_id", "external_id"),
    CheckConstraint("amount_minor > 0", name="amount_positive"),
    Index("ix_payments_firm_seq", "firm_id", "seq"),
    Index("ix_payments_invoice_id", "invoice_id"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    # "admin" for admin routes, else the firm id: one caller's keys never clash with another's.
    Column("scope", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("request_hash", LargeBinary, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("response_body", JSONB, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
