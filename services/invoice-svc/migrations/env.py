"""Alembic environment for invoice-svc (the shared body lives in remit_common.db.alembic_env)."""

from remit_common.db.alembic_env import run_migrations
from remit_invoice.adapters.db.tables import metadata

run_migrations(metadata, service="invoice-svc")
