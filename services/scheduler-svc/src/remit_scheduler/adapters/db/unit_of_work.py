"""The SQL unit of work: one AsyncSession and one transaction per request, message or batch.

Repositories add and flush; only :meth:`SqlUnitOfWork.commit` commits, so read models, the
plan, the inbox claim and the outbox rows land together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from remit_common.inbox import Inbox
from remit_common.outbox.writer import OutboxWriter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_scheduler.adapters.db.history import HistoryRepository
from remit_scheduler.adapters.db.idempotency import IdempotencyRepository
from remit_scheduler.adapters.db.policies import PolicyRepository
from remit_scheduler.adapters.db.read_models import ReadModelRepository
from remit_scheduler.adapters.db.reminders import ReminderRepository
from remit_scheduler.adapters.db.tables import outbox, processed_events

INGRESS_CONSUMER = "scheduler-svc.ingress"


class SqlUnitOfWork:
    """Use as ``async with uow:`` then ``await uow.commit()``; leaving without commit rolls back."""

    policies: PolicyRepository
    read_models: ReadModelRepository
    reminders: ReminderRepository
    history: HistoryRepository
    idempotency: IdempotencyRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._inbox = Inbox(processed_events, INGRESS_CONSUMER)
        self._outbox = OutboxWriter(outbox)
        self.session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self.session is not None:
            raise RuntimeError("a unit of work is entered once; make a new one per request")
        s = self.session = self._sessions()
        await s.begin()
        self.policies, self.read_models = PolicyRepository(s), ReadModelRepository(s)
        self.reminders, self.history = ReminderRepository(s), HistoryRepository(s)
        self.idempotency = IdempotencyRepository(s)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.session is not None
        try:
            if self.session.in_transaction():
                await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        """Commit everything staged in this unit of work."""
        assert self.session is not None
        await self.session.commit()

    async def first_delivery(self, event_id: uuid.UUID) -> bool:
        """Claim an ingress event id; False if it was applied before."""
        assert self.session is not None
        return await self._inbox.first_delivery(self.session, event_id)

    async def publish(self, records: Sequence[dict[str, Any]]) -> None:
        """Stage outgoing records (event_id, topic, key bytes, value, headers) in the outbox."""
        assert self.session is not None
        await self._outbox.add_many(self.session, list(records))


def uow_factory(sessions: async_sessionmaker[AsyncSession]):  # noqa: ANN201 - a factory
    """A callable making a fresh unit of work per request / message / batch."""
    return lambda: SqlUnitOfWork(sessions)
