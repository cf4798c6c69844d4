"""Deliveries, reminders and dead letters: SQL for the send-once state machine (Core, no ORM).

Every write is guarded by the state it expects (``WHERE status = 'sending' AND attempts = n``),
so a late or concurrent writer changes nothing instead of overwriting a newer state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Row, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_notifier.adapters.db.tables import dead_letters, deliveries, reminders
from remit_notifier.domain.delivery import DeliveryStatus as S

d = deliveries


class DeliveryRepository:
    """Reads and guarded writes of deliveries; adds and flushes, never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_reminder(self, row: dict[str, Any]) -> None:
        """Keep the reminder's payload (first copy wins; redeliveries change nothing)."""
        await self._s.execute(pg_insert(reminders).values(**row).on_conflict_do_nothing())

    async def add_delivery(self, row: dict[str, Any]) -> bool:
        """Insert the (reminder, channel) row; False when it already exists (send-once key)."""
        result = await self._s.execute(
            pg_insert(d)
            .values(**row)
            .on_conflict_do_nothing(index_elements=["reminder_id", "channel"])
            .returning(d.c.id)
        )
        return result.first() is not None

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> Sequence[Row]:
        """Move up to ``limit`` due queued rows to ``sending`` (skipping rows others hold)."""
        due = (
            select(d.c.id)
            .where(d.c.status == S.QUEUED, d.c.next_attempt_at <= now)
            .order_by(d.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        result = await self._s.execute(
            update(d)
            .where(d.c.id.in_(due))
            .values(
                status=S.SENDING,
                attempts=d.c.attempts + 1,
                claimed_until=now + lease,
                updated_at=now,
            )
            .returning(*d.c)
        )
        return result.all()

    async def expired_claims(self, now: datetime, limit: int = 100) -> Sequence[Row]:
        """Rows left in ``sending`` past their lease: their process died mid-send."""
        result = await self._s.execute(
            select(d)
            .where(d.c.status == S.SENDING, d.c.claimed_until < now)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return result.all()

    async def transition(
        self,
        delivery_id: UUID,
        expect: S | Sequence[S],
        to: S,
        now: datetime,
        attempt: int | None = None,
        **fields: Any,
    ) -> bool:
        """Move ``delivery_id`` to ``to`` if it is still in ``expect`` (and at ``attempt``)."""
        expected = [expect] if isinstance(expect, str) else list(expect)
        condition = and_(d.c.id == delivery_id, d.c.status.in_(expected))
        if attempt is not None:
            condition = and_(condition, d.c.attempts == attempt)
        result = await self._s.execute(
            update(d).where(condition).values(status=to, updated_at=now, **fields).returning(d.c.id)
        )
        return result.first() is not None

    async def get(self, delivery_id: UUID) -> Row | None:
        return (await self._s.execute(select(d).where(d.c.id == delivery_id))).first()

    async def reminder_payload(self, reminder_id: UUID) -> dict[str, Any] | None:
        return await self._s.scalar(
            select(reminders.c.payload).where(reminders.c.reminder_id == reminder_id)
        )

    async def by_provider_message_id(self, provider: str, message_id: str) -> Row | None:
        result = await self._s.execute(
            select(d)
            .where(d.c.provider == provider, d.c.provider_message_id == message_id)
            .limit(1)
        )
        return result.first()

    async def by_nonce(self, nonce: bytes) -> Row | None:
        return (await self._s.execute(select(d).where(d.c.tracking_nonce == nonce))).first()

    async def latest_to_recipient(self, recipient_hash: str, channel: str) -> Sequence[Row]:
        """The newest delivery per client sent to this address (to apply an opt-out)."""
        result = await self._s.execute(
            select(d)
            .ext(distinct_on(d.c.client_id))
            .where(d.c.recipient_hash == recipient_hash, d.c.channel == channel)
            .order_by(d.c.client_id, d.c.created_at.desc())
        )
        return result.all()

    async def search(
        self,
        firm_id: UUID,
        *,
        reminder_id: UUID | None = None,
        invoice_id: UUID | None = None,
        status: str | None = None,
        limit: int = 100,
    ) -> Sequence[Row]:
        """A firm's deliveries, newest first, filtered."""
        query = select(d).where(d.c.firm_id == firm_id)
        if reminder_id is not None:
            query = query.where(d.c.reminder_id == reminder_id)
        if invoice_id is not None:
            query = query.where(d.c.invoice_ids.any(invoice_id))
        if status is not None:
            query = query.where(d.c.status == status)
        return (await self._s.execute(query.order_by(d.c.created_at.desc()).limit(limit))).all()

    async def add_dead_letter(self, row: dict[str, Any]) -> None:
        await self._s.execute(insert(dead_letters).values(**row))

    async def dead_letters(
        self, firm_id: UUID, include_replayed: bool, limit: int
    ) -> Sequence[Row]:
        query = select(dead_letters).where(dead_letters.c.firm_id == firm_id)
        if not include_replayed:
            query = query.where(dead_letters.c.replayed_at.is_(None))
        query = query.order_by(dead_letters.c.created_at.desc()).limit(limit)
        return (await self._s.execute(query)).all()

    async def dead_letter(self, firm_id: UUID, dead_letter_id: UUID) -> Row | None:
        query = (
            select(dead_letters)
            .where(dead_letters.c.id == dead_letter_id, dead_letters.c.firm_id == firm_id)
            .with_for_update()
        )
        return (await self._s.execute(query)).first()

    async def mark_replayed(self, dead_letter_id: UUID, now: datetime) -> None:
        await self._s.execute(
            update(dead_letters).where(dead_letters.c.id == dead_letter_id).values(replayed_at=now)
        )

    async def count_by_status(self, firm_id: UUID) -> dict[str, int]:
        rows = await self._s.execute(
            select(d.c.status, func.count()).where(d.c.firm_id == firm_id).group_by(d.c.status)
        )
        return {status: count for status, count in rows.all()}
