"""The unit of work: one ``AsyncSession`` and one transaction per request or message.

``async with uow_factory() as uow:`` opens a transaction; repositories (attributes of the uow)
add and flush; leaving the block commits, an exception rolls back. Outbox rows staged through
``uow.publish`` commit with the state change they describe, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Self
from uuid import UUID

from remit_common.events import Envelope, EventPayload
from remit_common.inbox import Inbox
from remit_common.outbox.writer import OutboxWriter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_notifier.adapters.db import tables
from remit_notifier.adapters.db.channel_settings import ChannelSettingsRepository
from remit_notifier.adapters.db.deliveries import DeliveryRepository
from remit_notifier.adapters.db.readmodels import ReadModels
from remit_notifier.adapters.db.templates import TemplateRepository

SOURCE = "/remit/notifier-svc"


class UnitOfWork:
    """One transaction; use once, as an async context manager."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], notifications_topic: str):
        self._sessions = sessions
        self._topic = notifications_topic
        self._outbox = OutboxWriter(tables.outbox)

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        await self.session.begin()
        self.deliveries = DeliveryRepository(self.session)
        self.read = ReadModels(self.session)
        self.templates = TemplateRepository(self.session)
        self.channel_settings = ChannelSettingsRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                await self.session.commit()
            else:
                await self.session.rollback()
        finally:
            await self.session.close()

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        """Claim an incoming event id for ``consumer`` (False: already applied)."""
        return await Inbox(tables.processed_events, consumer).first_delivery(self.session, event_id)

    async def publish(self, payload: EventPayload, *, firm_id: UUID, now: datetime) -> None:
        """Stage a notification event in the outbox, committed with this unit of work."""
        envelope = Envelope.new(payload, source=SOURCE, firm_id=firm_id, time=now)
        await self._outbox.add(
            self.session,
            event_id=envelope.id,
            topic=self._topic,
            key=envelope.partition_key(),
            value=envelope.to_json_bytes(),
            headers={"content-type": "application/cloudevents+json; charset=UTF-8"},
        )


UowFactory = Callable[[], UnitOfWork]


def uow_factory(sessions: async_sessionmaker[AsyncSession], topic: str) -> UowFactory:
    """A factory of fresh units of work (never share one across tasks)."""
    return lambda: UnitOfWork(sessions, topic)
