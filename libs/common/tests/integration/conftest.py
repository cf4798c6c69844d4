"""A fresh database with the plumbing tables (outbox, inbox, effects) for each test."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest_asyncio
from remit_common.db.engine import create_engine, create_session_factory
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .support import create_tables, plumbing_metadata


@dataclass(frozen=True)
class PlumbingDb:
    url: str
    sessions: async_sessionmaker[AsyncSession]
    outbox: Table
    inbox: Table
    effects: Table


@pytest_asyncio.fixture(loop_scope="session")
async def plumbing_db(fresh_database) -> AsyncIterator[PlumbingDb]:
    metadata, outbox, inbox, effects = plumbing_metadata()
    url = await fresh_database()
    engine = create_engine(url)
    await create_tables(engine, metadata)
    yield PlumbingDb(url, create_session_factory(engine), outbox, inbox, effects)
    await engine.dispose()
