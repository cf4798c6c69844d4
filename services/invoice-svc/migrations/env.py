"""Alembic environment for invoice-svc: async (asyncpg), URL from the environment, our metadata.

The URL is, in order: ``config.attributes["database_url"]`` (set by code running migrations
in-process, e.g. tests), ``REMIT_DATABASE_URL``, ``DATABASE_URL``. A caller may also pass an open
connection in ``config.attributes["connection"]``.
"""

import asyncio
import logging
import os
from logging.config import fileConfig

from alembic import context
from remit_common.settings import asyncpg_url
from remit_invoice.adapters.db.tables import metadata
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

config = context.config
target_metadata = metadata
SERVICE = "invoice-svc"

# Only when run from the CLI: in-process callers (tests, the service) keep their own logging.
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    """The database to migrate; raises with a hint when none is configured."""
    url = (
        config.attributes.get("database_url")
        or os.environ.get("REMIT_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
    )
    if not url:
        raise RuntimeError(f"set DATABASE_URL=postgresql+asyncpg://... to migrate {SERVICE}")
    return asyncpg_url(url)


def run_migrations_offline() -> None:
    """Emit SQL to stdout (``alembic upgrade head --sql``) without connecting."""
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    """Run the migrations on an open connection, in one transaction."""
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    """Connect with asyncpg and run the migrations."""
    engine = create_async_engine(database_url(), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    """Migrate a live database (a given connection, or one made from the URL)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
        return
    asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
