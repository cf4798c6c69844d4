"""The SQL unit of work: one AsyncSession and one transaction per request or message.

Repositories add and flush; only :meth:`SqlUnitOfWork.commit` commits, so the state change, the
idempotency record, the inbox claim and the outbox rows land together or not at all.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from remit_common.inbox import Inbox
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from remit_invoice.adapters.db.clients import ClientRepository, MatterRepository
from remit_invoice.adapters.db.events import EventSink
from remit_invoice.adapters.db.firms import FirmRepository
from remit_invoice.adapters.db.idempotency import IdempotencyRepository
from remit_invoice.adapters.db.invoices import InvoiceRepository
from remit_invoice.adapters.db.payments import PaymentRepository
from remit_invoice.adapters.db.tables import processed_events

INGRESS_CONSUMER = "invoice-svc.ingress"


class SqlUnitOfWork:
    """Use as ``async with uow:`` then ``await uow.commit()``; leaving without commit rolls back."""

    firms: FirmRepository
    clients: ClientRepository
    matters: MatterRepository
    invoices: InvoiceRepository
    payments: PaymentRepository
    idempotency: IdempotencyRepository
    events: EventSink

    def __init__(self, sessions: async_sessionmaker[AsyncSession], topic: str) -> None:
        self._sessions = sessions
        self._topic = topic
        self._inbox = Inbox(processed_events, INGRESS_CONSUMER)
        self.session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self.session is not None:
            raise RuntimeError("a unit of work is entered once; make a new one per request")
        s = self.session = self._sessions()
        await s.begin()
        self.firms, self.clients, self.matters = (
            FirmRepository(s),
            ClientRepository(s),
            MatterRepository(s),
        )
        self.invoices, self.payments = InvoiceRepository(s), PaymentRepository(s)
        self.idempotency, self.events = IdempotencyRepository(s), EventSink(s, self._topic)
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

    async def first_delivery(self, event_id) -> bool:  # noqa: ANN001 - a UUID
        """Claim an ingress event id; False if it was applied before."""
        assert self.session is not None
        return await self._inbox.first_delivery(self.session, event_id)
