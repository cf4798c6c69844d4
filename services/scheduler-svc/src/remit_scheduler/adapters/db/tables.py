"""scheduler-svc's tables, on one MetaData with Remit's constraint naming convention.

Alembic autogenerate compares against :data:`metadata`, so every table of this service must be
attached to it. The outbox and processed-event (inbox) tables come from ``remit_common.db``.

Every table is keyed by ``firm_id`` first: tenant isolation is a property of the keys, so a
query that forgets the firm cannot find another firm's row by its id alone.
"""

from remit_common.db.naming import new_metadata
from remit_common.db.plumbing import inbox_table, outbox_table
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = new_metadata()

outbox = outbox_table(metadata)
processed_events = inbox_table(metadata)

POLICY_LEVELS = ("firm_default", "client_group", "client", "invoice")
REMINDER_STATUSES = ("planned", "dispatched", "cancelled", "skipped")

#: Firm policies; ``scope`` is '' for the firm default, else the group name or the entity id.
policies = Table(
    "policies",
    metadata,
    Column("firm_id", Uuid, nullable=False),
    Column("level", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("policy", JSONB, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("firm_id", "level", "scope", name="pk_policies"),
    CheckConstraint("level IN ('firm_default', 'client_group', 'client', 'invoice')", name="level"),
)

#: Client read model, from the ClientSnapshot carried by invoice events (highest version wins).
clients = Table(
    "clients",
    metadata,
    Column("firm_id", Uuid, nullable=False),
    Column("client_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot", JSONB, nullable=False),
    Column("timezone", Text, nullable=True),
    Column("language", Text, nullable=False, server_default="en"),
    Column("client_group", Text, nullable=True),
    Column("opted_out", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    # Opt-outs reported by the notifier (SMS STOP...) before invoice-svc's snapshot shows them.
    Column("notifier_opt_outs", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    Column("trust_minor", BigInteger, nullable=True),
    Column("trust_currency", Text, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("firm_id", "client_id", name="pk_clients"),
)

#: Invoice read model plus the holds this service owns (pause, snooze, promise to pay).
invoices = Table(
    "invoices",
    metadata,
    Column("firm_id", Uuid, nullable=False),
    Column("invoice_id", Uuid, nullable=False),
    Column("client_id", Uuid, nullable=False),
    Column("matter_id", Uuid, nullable=True),
    Column("matter_name", Text, nullable=True),
    Column("number", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("balance_minor", BigInteger, nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=True),
    Column("version", Integer, nullable=False),
    Column("snapshot", JSONB, nullable=False),
    Column("paid_on", Date, nullable=True),
    Column("paused", Boolean, nullable=False, server_default=text("false")),
    Column("snoozed_until", Date, nullable=True),
    Column("promise_to_pay_until", Date, nullable=True),
    Column("replan_due", Boolean, nullable=False, server_default=text("false")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("firm_id", "invoice_id", name="pk_invoices"),
    Index("ix_invoices_client", "firm_id", "client_id"),
    # The replanner scans only flagged invoices: keep that index tiny.
    Index("ix_invoices_replan_due", "firm_id", postgresql_where=text("replan_due")),
)

#: Reminders: planned steps of each invoice's timeline, receipts, and what became of them.
reminders = Table(
    "reminders",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("firm_id", Uuid, nullable=False),
    Column("invoice_id", Uuid, nullable=False),
    Column("client_id", Uuid, nullable=False),
    Column("step_key", Text, nullable=False),
    Column("origin", Text, nullable=False),  # timeline | payment
    Column("status", Text, nullable=False),
    Column("send_at", DateTime(timezone=True), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("tone", Text, nullable=False),
    Column("channels", ARRAY(Text), nullable=False),
    Column("audience", Text, nullable=False),
    Column("template", Text, nullable=True),
    Column("step_index", Integer, nullable=False),
    Column("offset_days", Integer, nullable=True),
    Column("repeat_no", Integer, nullable=True),
    Column("consolidate", Text, nullable=False),
    Column("min_balance_minor", BigInteger, nullable=False, server_default=text("0")),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", Text, nullable=False),
    Column("catch_up", Boolean, nullable=False, server_default=text("false")),
    Column("payment", JSONB, nullable=True),
    Column("explanation", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("message_id", Uuid, nullable=True),
    Column("dispatched_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("firm_id", "invoice_id", "step_key"),
    CheckConstraint("status IN ('planned', 'dispatched', 'cancelled', 'skipped')", name="status"),
    CheckConstraint("origin IN ('timeline', 'payment')", name="origin"),
    # The dispatcher's claim reads only due planned rows: its cost follows what is due.
    Index("ix_reminders_due", "send_at", postgresql_where=text("status = 'planned'")),
    Index("ix_reminders_message", "message_id", postgresql_where=text("message_id IS NOT NULL")),
)

#: What happened to reminders: dispatched, skipped at dispatch, sent/opened/bounced (notifier).
reminder_history = Table(
    "reminder_history",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("firm_id", Uuid, nullable=False),
    Column("invoice_id", Uuid, nullable=False),
    Column("reminder_id", Uuid, nullable=True),
    Column("step_key", Text, nullable=True),
    Column("event", Text, nullable=False),
    Column("channel", Text, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("detail", Text, nullable=True),
    Index("ix_reminder_history_invoice", "firm_id", "invoice_id", "id"),
    Index("ix_reminder_history_reminder", "reminder_id", "event"),
)

#: Responses of writes sent with an ``Idempotency-Key`` (replayed for a repeated key).
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("firm_id", Uuid, nullable=False),
    Column("key", Text, nullable=False),
    Column("request", Text, nullable=False),  # method + path: a key reused elsewhere is refused
    Column("status_code", Integer, nullable=False),
    Column("body", JSONB, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("firm_id", "key", name="pk_idempotency_keys"),
)
