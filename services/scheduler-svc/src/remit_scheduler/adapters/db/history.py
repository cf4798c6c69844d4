"""Reminder history: dispatched, skipped at dispatch, and what the notifier reported after.

Append-only.  The timeline engine reads it back as ``SentReminder`` records (one per
dispatched (reminder, channel), with ``opened`` / ``bounced`` from the notifier's events).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, and_, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from remit_scheduler.adapters.db.tables import reminder_history, reminders

h = reminder_history


class SentRow(NamedTuple):
    """One dispatched (step, channel) and what the notifier reported about it."""

    step_key: str
    channel: str
    sent_at: datetime
    opened: bool
    bounced: bool


class HistoryRepository:
    """Appends to and reads ``reminder_history`` (adds and flushes only)."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_many(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Append rows (firm_id, invoice_id, reminder_id, step_key, event, channel, at, detail)."""
        if rows:
            await self._s.execute(insert(h), [dict(r) for r in rows])

    async def for_invoice(self, firm_id: uuid.UUID, invoice_id: uuid.UUID) -> list[Row]:
        """The invoice's history, oldest first."""
        stmt = (
            select(h.c.reminder_id, h.c.step_key, h.c.event, h.c.channel, h.c.at, h.c.detail)
            .where(h.c.firm_id == firm_id, h.c.invoice_id == invoice_id)
            .order_by(h.c.id)
        )
        return list((await self._s.execute(stmt)).all())

    async def sent(self, firm_id: uuid.UUID, invoice_id: uuid.UUID) -> list[SentRow]:
        """Each dispatched (step, channel) of the invoice with its open and bounce flags."""
        r = reminders
        flags = (
            select(h.c.reminder_id, h.c.channel, h.c.event)
            .where(h.c.firm_id == firm_id, h.c.invoice_id == invoice_id)
            .where(h.c.event.in_(("opened", "bounced")))
            .subquery()
        )
        rows = (
            await self._s.execute(
                select(r.c.id, r.c.step_key, r.c.channels, r.c.dispatched_at).where(
                    and_(
                        r.c.firm_id == firm_id,
                        r.c.invoice_id == invoice_id,
                        r.c.origin == "timeline",
                        r.c.status == "dispatched",
                    )
                )
            )
        ).all()
        seen = {
            (f.reminder_id, f.channel, f.event)
            for f in (await self._s.execute(select(flags))).all()
        }
        return [
            SentRow(row.step_key, channel, row.dispatched_at,
                  (row.id, channel, "opened") in seen, (row.id, channel, "bounced") in seen)
            for row in rows
            for channel in row.channels
        ]  # fmt: skip
