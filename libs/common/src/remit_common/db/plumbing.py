"""Tables every service carries for reliable messaging: the outbox and the processed-event inbox.

The outbox row commits in the same transaction as the state change it describes; a relay
publishes it later. The inbox remembers which event ids a consumer has applied, written in the
same transaction as the effect, so a redelivered event is recognised and skipped.
"""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

OUTBOX_TABLE = "outbox_events"
INBOX_TABLE = "processed_events"


def outbox_table(metadata: MetaData) -> Table:
    """The outbox: one row per event to publish, in commit order (``id``)."""
    return Table(
        OUTBOX_TABLE,
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("topic", Text, nullable=False),
        Column("key", LargeBinary, nullable=True),
        Column("value", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        # The relay only ever scans unpublished rows: keep that index tiny.
        Index(
            "ix_outbox_events_unpublished",
            "id",
            postgresql_where=text("published_at IS NULL"),
        ),
    )


def inbox_table(metadata: MetaData) -> Table:
    """Processed event ids per consumer name (an idempotent consumer's memory)."""
    return Table(
        INBOX_TABLE,
        metadata,
        Column("consumer", Text, nullable=False),
        Column("event_id", Uuid, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "event_id", name="pk_processed_events"),
    )


def upgrade_0001(op) -> None:  # noqa: ANN001 - alembic's op proxy has no public type
    """Create the plumbing tables; called by each service's first Alembic migration.

    Frozen once landed: a later change gets its own ``upgrade_0002``.
    """
    op.create_table(
        OUTBOX_TABLE,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False),
        Column("topic", Text, nullable=False),
        Column("key", LargeBinary, nullable=True),
        Column("value", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
    )
    op.create_unique_constraint("uq_outbox_events_event_id", OUTBOX_TABLE, ["event_id"])
    op.create_index(
        "ix_outbox_events_unpublished",
        OUTBOX_TABLE,
        ["id"],
        postgresql_where=text("published_at IS NULL"),
    )
    op.create_table(
        INBOX_TABLE,
        Column("consumer", Text, nullable=False),
        Column("event_id", Uuid, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "event_id", name="pk_processed_events"),
    )


def downgrade_0001(op) -> None:  # noqa: ANN001
    """Drop the plumbing tables."""
    op.drop_table(INBOX_TABLE)
    op.drop_index("ix_outbox_events_unpublished", table_name=OUTBOX_TABLE)
    op.drop_table(OUTBOX_TABLE)
