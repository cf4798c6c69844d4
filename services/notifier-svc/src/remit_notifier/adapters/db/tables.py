"""notifier-svc's tables, on one MetaData with Remit's constraint naming convention.

Alembic autogenerate compares against :data:`metadata`, so every table of this service must be
attached to it. The outbox and processed-event (inbox) tables come from ``remit_common.db``.
"""

from remit_common.db.naming import new_metadata
from remit_common.db.plumbing import inbox_table, outbox_table

metadata = new_metadata()

outbox = outbox_table(metadata)
processed_events = inbox_table(metadata)
