"""The body of every service's Alembic ``env.py``: async (asyncpg), URL from the environment.

A service's ``migrations/env.py`` is just::

    from remit_common.db.alembic_env import run_migrations
    from remit_<svc>.adapters.db.tables import metadata

    run_migrations(metadata, service="<svc>-svc")

The URL is, in order: ``config.attributes["database_url"]`` (set by code running migrations
in-process, e.g. tests), ``REMIT_DATABASE_URL``, ``DATABASE_URL``. A caller may also pass an open
connection in ``config.attributes["connection"]``.
"""

import asyncio
import logging
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from remit_common.settings import asyncpg_url


def run_migrations(target_metadata: MetaData, *, service: str) -> None:
    """Run the migrations the way Alembic was invoked (offline SQL, or online)."""
    config = context.config
    # Only when run from the CLI: in-process callers (tests, the service) keep their own logging.
    if config.config_file_name is not None and not logging.getLogger().handlers:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    if context.is_offline_mode():
        _offline(target_metadata, _database_url(service))
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _on_connection(connection, target_metadata)
        return
    asyncio.run(_online(target_metadata, _database_url(service)))


def _database_url(service: str) -> str:
    url = (
        context.config.attributes.get("database_url")
        or os.environ.get("REMIT_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
    )
    if not url:
        raise RuntimeError(f"set DATABASE_URL=postgresql+asyncpg://... to migrate {service}")
    return asyncpg_url(url)


def _offline(target_metadata: MetaData, url: str) -> None:
    """Emit SQL to stdout (``alembic upgrade head --sql``) without connecting."""
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _on_connection(connection: Connection, target_metadata: MetaData) -> None:
    """Run the migrations on an open connection, in one transaction."""
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _online(target_metadata: MetaData, url: str) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_on_connection, target_metadata)
    finally:
        await engine.dispose()
