"""Alembic environment for scheduler-svc (the shared body lives in remit_common.db.alembic_env)."""

from remit_common.db.alembic_env import run_migrations
from remit_scheduler.adapters.db.tables import metadata

run_migrations(metadata, service="scheduler-svc")
