"""The unit of work: one ``AsyncSession`` and one transaction per request, message or job step.

``async with uow:`` opens the session; repositories add and flush through it; ``commit()`` is
the only commit, and outbox rows staged with ``uow.outbox`` commit with the state change.
Leaving the block without ``commit()`` rolls everything back. A UnitOfWork is built per use
(``uow_factory()``), never shared between tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from remit_common.events import CLOUDEVENTS_CONTENT_TYPE
from remit_common.outbox.writer import OutboxWriter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_statement.adapters.db import tables
from remit_statement.adapters.db.batch_repo import BatchRepository
from remit_statement.adapters.db.firm_repo import FirmRepository
from remit_statement.adapters.db.ledger_repo import LedgerRepository

__all__ = ["UnitOfWork", "UowFactory"]


class UnitOfWork:
    session: AsyncSession
    ledger: LedgerRepository
    firms: FirmRepository
    batches: BatchRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._outbox = OutboxWriter(tables.outbox)

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        await self.session.begin()
        self.ledger = LedgerRepository(self.session)
        self.firms = FirmRepository(self.session)
        self.batches = BatchRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.session.in_transaction():
                await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def stage_event(self, envelope, topic: str) -> None:  # noqa: ANN001 - any Envelope
        """Stage an event in the outbox; it is published only if this unit commits."""
        await self._outbox.add(
            self.session,
            event_id=envelope.id,
            topic=topic,
            key=envelope.partition_key(),
            value=envelope.to_json_bytes(),
            headers={"content-type": CLOUDEVENTS_CONTENT_TYPE},
        )


UowFactory = Callable[[], UnitOfWork]
