"""Payments (add and flush only; the unit of work commits)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from remit_invoice.adapters.db.paging import paged, split_page
from remit_invoice.adapters.db.tables import payments
from remit_invoice.domain.payment import Payment


def _from_row(row) -> Payment:  # noqa: ANN001 - a Row
    m = dict(row._mapping)
    m.pop("seq")
    return Payment(**m)


class PaymentRepository:
    """The firm's payments; every query is scoped by ``firm_id``."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, payment: Payment) -> None:
        """Stage a new payment."""
        await self._s.execute(insert(payments).values(asdict(payment)))

    async def get(self, firm_id: UUID, payment_id: UUID, *, lock: bool = False) -> Payment | None:
        """The payment, or None (also when it belongs to another firm)."""
        query = select(payments).where(payments.c.firm_id == firm_id, payments.c.id == payment_id)
        if lock:
            query = query.with_for_update()
        row = (await self._s.execute(query)).first()
        return _from_row(row) if row else None

    async def by_external_id(self, firm_id: UUID, external_id: str) -> Payment | None:
        """The payment the processor knows as ``external_id``, or None."""
        row = (
            await self._s.execute(
                select(payments).where(
                    payments.c.firm_id == firm_id, payments.c.external_id == external_id
                )
            )
        ).first()
        return _from_row(row) if row else None

    async def save(self, payment: Payment) -> None:
        """Write back a changed payment (reversal and balance after it)."""
        await self._s.execute(
            update(payments)
            .where(payments.c.firm_id == payment.firm_id, payments.c.id == payment.id)
            .values(
                reversed_at=payment.reversed_at,
                reversal_reason=payment.reversal_reason,
                balance_after_minor=payment.balance_after_minor,
            )
        )

    async def page(
        self,
        firm_id: UUID,
        *,
        cursor: str | None,
        limit: int,
        invoice_id: UUID | None = None,
        external_id: str | None = None,
        received_since: datetime | None = None,
    ) -> tuple[list[Payment], str | None]:
        """One page of payments matching the filters."""
        c = payments.c
        filters = []
        if invoice_id is not None:
            filters.append(c.invoice_id == invoice_id)
        if external_id is not None:
            filters.append(c.external_id == external_id)
        if received_since is not None:
            filters.append(c.received_at >= received_since)
        query = paged(
            select(payments).where(c.firm_id == firm_id, *filters), payments, cursor, limit
        )
        rows, nxt = split_page((await self._s.execute(query)).all(), limit)
        return [_from_row(r) for r in rows], nxt
