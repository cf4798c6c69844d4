"""statement-svc's tables, on one MetaData with Remit's constraint naming convention.

Alembic autogenerate compares against :data:`metadata`, so every table of this service must be
attached to it. The outbox and processed-event (inbox) tables come from ``remit_common.db``.

Every business table carries ``firm_id`` in its primary key: ids come from other services and
external producers, and one firm's id must never reach another firm's rows.
"""

from remit_common.db.naming import new_metadata
from remit_common.db.plumbing import inbox_table, outbox_table
from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = new_metadata()

outbox = outbox_table(metadata)
processed_events = inbox_table(metadata)


def _ts(name: str, nullable: bool = True) -> Column:
    return Column(name, DateTime(timezone=True), nullable=nullable)


firm_profiles = Table(
    "firm_profiles",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("profile", JSONB, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Latest snapshot per entity (highest version wins; see adapters/db/ledger_repo.py).
clients = Table(
    "clients",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("snapshot", JSONB, nullable=False),
)

matters = Table(
    "matters",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("snapshot", JSONB, nullable=False),
)

invoices = Table(
    "invoices",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("client_id", Uuid, nullable=False),
    Column("matter_id", Uuid, nullable=True),
    Column("number", Text, nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=True),
    Column("currency", String(3), nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("balance_minor", BigInteger, nullable=False),
    Column("status", Text, nullable=False),
    Column("portal_url", Text, nullable=True),
    # Lifecycle dates are facts of their own events, so they are kept outside the version
    # race: a void that arrives before an older snapshot still counts.
    Column("voided_on", Date, nullable=True),
    Column("disputed_on", Date, nullable=True),
    Index("ix_invoices_firm_client", "firm_id", "client_id"),
)

ledger_movements = Table(
    "ledger_movements",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("invoice_id", Uuid, nullable=False),
    Column("on_date", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("reference", Text, nullable=False, server_default=""),
    Index("ix_ledger_movements_firm_invoice", "firm_id", "invoice_id"),
)

reminders = Table(
    "reminders",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("id", Uuid, primary_key=True),
    Column("client_id", Uuid, nullable=False),
    Column("kind", String(32), nullable=False),
    _ts("scheduled_for", nullable=False),
    Column("invoice_ids", JSONB, nullable=False),
    Index("ix_reminders_firm_client", "firm_id", "client_id"),
)

notification_events = Table(
    "notification_events",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("event_id", Uuid, primary_key=True),
    Column("notification_id", Uuid, nullable=False),
    Column("reminder_id", Uuid, nullable=True),
    Column("client_id", Uuid, nullable=False),
    Column("kind", String(32), nullable=True),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    _ts("occurred_at", nullable=False),
)

statement_batches = Table(
    "statement_batches",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("firm_id", Uuid, nullable=False, index=True),
    Column("requested_by", Text, nullable=False),
    Column("criteria", JSONB, nullable=False),
    Column("state", String(16), nullable=False),
    Column("total", Integer, nullable=False),
    _ts("created_at", nullable=False),
    _ts("completed_at"),
    Column("merged_pdf", LargeBinary, nullable=True),
    Column("merged_pages", Integer, nullable=True),
)

statement_batch_items = Table(
    "statement_batch_items",
    metadata,
    # (batch, client) is the primary key: a client is in a batch once, so it is sent once.
    Column("batch_id", Uuid, primary_key=True),
    Column("client_id", Uuid, primary_key=True),
    Column("firm_id", Uuid, nullable=False),
    Column("position", Integer, nullable=False),
    Column("email", Integer, nullable=False),  # 1: send through the notifier
    Column("print", Integer, nullable=False),  # 1: include in the merged PDF
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("pdf", LargeBinary, nullable=True),
    Column("pages", Integer, nullable=True),
    _ts("done_at"),
    Index("ix_statement_batch_items_pending", "batch_id", "state"),
)
