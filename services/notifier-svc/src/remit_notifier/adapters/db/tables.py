"""notifier-svc's tables, on one MetaData with Remit's constraint naming convention.

Alembic autogenerate compares against :data:`metadata`, so every table of this service must be
attached to it. The outbox and processed-event (inbox) tables come from ``remit_common.db``.

The send-once guarantee lives in ``deliveries``: its unique (reminder_id, channel) key means a
second row for the same reminder and channel cannot exist, whoever tries to insert it.
"""

from remit_common.db.naming import new_metadata
from remit_common.db.plumbing import inbox_table, outbox_table
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = new_metadata()

outbox = outbox_table(metadata)
processed_events = inbox_table(metadata)


def _now() -> Column:
    return Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now())


firms = Table(
    "firms",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("billing_email", Text, nullable=False),
    Column("billing_phone", Text),
    Column("contact_name", Text),
    Column("default_language", Text, nullable=False, server_default="en"),
    Column("payment_url", Text),
    Column("address", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    _now(),
)

# A firm's own channel configuration (``domain.channel_settings``). The HMAC secrets must be
# stored recoverably (we sign with them); they are never returned by the API.
firm_channel_settings = Table(
    "firm_channel_settings",
    metadata,
    Column("firm_id", Uuid, primary_key=True),
    Column("webhook_url", Text),
    Column("webhook_secret", Text),
    Column("portal_url", Text),
    Column("portal_secret", Text),
    Column("email_from_name", Text),
    Column("email_reply_to", Text),
    _now(),
    CheckConstraint("(webhook_url IS NULL) = (webhook_secret IS NULL)", name="webhook_pair"),
    CheckConstraint("(portal_url IS NULL) = (portal_secret IS NULL)", name="portal_pair"),
)

templates = Table(
    "templates",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("firm_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("tone", Text, nullable=False),
    Column("language", Text, nullable=False),
    Column("subjects", JSONB, nullable=False),
    Column("html", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("sms", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("lint_overridden", Boolean, nullable=False, server_default=text("false")),
    Column("findings", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    _now(),
    UniqueConstraint("firm_id", "kind", "tone", "language"),
)

reminders = Table(
    "reminders",
    metadata,
    Column("reminder_id", Uuid, primary_key=True),
    Column("firm_id", Uuid, nullable=False),
    Column("client_id", Uuid, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("payload", JSONB, nullable=False),  # the ReminderDue data, rendered at send time
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reminder_id", Uuid, ForeignKey("reminders.reminder_id"), nullable=False),
    Column("channel", Text, nullable=False),
    Column("firm_id", Uuid, nullable=False),
    Column("client_id", Uuid, nullable=False),
    Column("invoice_ids", ARRAY(Uuid), nullable=False),
    Column("step_kind", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("claimed_until", DateTime(timezone=True)),
    Column("provider", Text),
    Column("provider_message_id", Text),
    Column("template", Text),
    Column("variant", Text),
    Column("recipient_hash", Text),
    Column("tracking_nonce", LargeBinary, nullable=False, unique=True),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    _now(),
    Column("sent_at", DateTime(timezone=True)),
    Column("delivered_at", DateTime(timezone=True)),
    Column("opened_at", DateTime(timezone=True)),
    Column("clicked_at", DateTime(timezone=True)),
    UniqueConstraint("reminder_id", "channel"),
    # The dispatcher only scans what is waiting: keep that index small.
    Index("ix_deliveries_due", "next_attempt_at", postgresql_where=text("status = 'queued'")),
    Index("ix_deliveries_sending", "claimed_until", postgresql_where=text("status = 'sending'")),
    Index("ix_deliveries_provider_message_id", "provider_message_id"),
    Index("ix_deliveries_firm_created", "firm_id", "created_at"),
    Index("ix_deliveries_invoice_ids", "invoice_ids", postgresql_using="gin"),
    Index("ix_deliveries_recipient_hash", "recipient_hash"),
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("delivery_id", Uuid, ForeignKey("deliveries.id"), nullable=False, index=True),
    Column("firm_id", Uuid, nullable=False, index=True),
    Column("channel", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("replayed_at", DateTime(timezone=True)),
)

invoice_states = Table(
    "invoice_states",
    metadata,
    Column("invoice_id", Uuid, primary_key=True),
    Column("firm_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("balance_minor", BigInteger, nullable=False),
    Column("currency", Text, nullable=False),
    _now(),
)

opt_outs = Table(
    "opt_outs",
    metadata,
    Column("client_id", Uuid, primary_key=True),
    Column("channel", Text, primary_key=True),
    Column("firm_id", Uuid, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
