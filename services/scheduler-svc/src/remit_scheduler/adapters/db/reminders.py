"""Planned reminders: replacing an invoice's plan, claiming due rows, marking them dispatched.

Every statement here is set-based: one INSERT .. ON CONFLICT for the whole plan, one UPDATE
for the rows it no longer contains, one claim per batch.  Rows once ``dispatched`` are never
changed again by a replan (the ON CONFLICT and the UPDATE both exclude them), so a replan
racing a dispatch can only wait for the dispatcher's row locks, never undo its work.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Row, Text, Uuid, and_, bindparam, case, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_scheduler.adapters.db.tables import reminders

# Columns a replan may rewrite on a row that was not dispatched yet.
_REPLANNED = (
    "client_id", "send_at", "local_date", "timezone", "kind", "tone", "channels", "audience",
    "template", "step_index", "offset_days", "repeat_no", "consolidate", "min_balance_minor",
    "amount_minor", "currency", "catch_up", "explanation",
)  # fmt: skip


class ReminderRepository:
    """Reads and writes of ``reminders`` (adds and flushes only)."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def replace_plan(
        self,
        firm_id: uuid.UUID,
        invoice_id: uuid.UUID,
        planned: Sequence[Mapping[str, Any]],
        *,
        skip_reasons: Mapping[str, str],
        closed: bool,
        now: datetime,
    ) -> None:
        """Make the invoice's not-yet-dispatched timeline rows equal ``planned``.

        Rows the new plan lacks become ``cancelled`` (invoice closed) or ``skipped``, with the
        engine's reason code for that step (``replanned`` when the step simply moved away).
        """
        if planned:
            stmt = insert(reminders).values(
                [
                    {"id": uuid.uuid4(), "firm_id": firm_id, "invoice_id": invoice_id,
                     "origin": "timeline", "status": "planned", **row}
                    for row in planned
                ]
            )  # fmt: skip
            stmt = stmt.on_conflict_do_update(
                index_elements=[reminders.c.firm_id, reminders.c.invoice_id, reminders.c.step_key],
                set_={c: stmt.excluded[c] for c in _REPLANNED}
                | {"status": "planned", "reason": None, "updated_at": now},
                where=reminders.c.status != "dispatched",
            )
            await self._s.execute(stmt)
        keys = [row["step_key"] for row in planned]
        reasons = bindparam("reasons", dict(skip_reasons), type_=JSONB)
        await self._s.execute(
            update(reminders)
            .where(
                reminders.c.firm_id == firm_id,
                reminders.c.invoice_id == invoice_id,
                reminders.c.origin == "timeline",
                reminders.c.status == "planned",
                reminders.c.step_key.not_in(keys),
            )
            .values(
                status="cancelled" if closed else "skipped",
                reason=func.coalesce(reasons[reminders.c.step_key].astext, "replanned"),
                updated_at=now,
            )
        )

    async def add_payment_message(self, firm_id: uuid.UUID, row: Mapping[str, Any]) -> bool:
        """Plan a receipt or acknowledgement once per payment; False when already planned."""
        stmt = (
            insert(reminders)
            .values(id=uuid.uuid4(), firm_id=firm_id, origin="payment", **row)
            .on_conflict_do_nothing()
            .returning(reminders.c.id)
        )
        return (await self._s.execute(stmt)).first() is not None

    async def for_invoice(self, firm_id: uuid.UUID, invoice_id: uuid.UUID) -> list[Row]:
        """All rows of the invoice, by send time."""
        stmt = (
            select(reminders)
            .where(reminders.c.firm_id == firm_id, reminders.c.invoice_id == invoice_id)
            .order_by(reminders.c.send_at, reminders.c.step_key)
        )
        return list((await self._s.execute(stmt)).all())

    async def claim_due(self, now: datetime, limit: int) -> list[Row]:
        """Lock up to ``limit`` due planned rows, oldest first, skipping rows others hold."""
        stmt = (
            select(reminders)
            .where(reminders.c.status == "planned", reminders.c.send_at <= now)
            .order_by(reminders.c.send_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self._s.execute(stmt)).all())

    async def mark(
        self,
        assignments: Sequence[tuple[uuid.UUID, uuid.UUID | None, str, str | None]],
        now: datetime,
    ) -> None:
        """Set (id, message id, status, reason) for many rows in one statement."""
        if not assignments:
            return
        ids, mids, statuses, reasons = (list(x) for x in zip(*assignments, strict=True))
        data = select(
            func.unnest(bindparam("ids", ids, type_=ARRAY(Uuid))).label("id"),
            func.unnest(bindparam("mids", mids, type_=ARRAY(Uuid))).label("mid"),
            func.unnest(bindparam("statuses", statuses, type_=ARRAY(Text))).label("status"),
            func.unnest(bindparam("reasons", reasons, type_=ARRAY(Text))).label("reason"),
        ).subquery()
        await self._s.execute(
            update(reminders)
            .where(reminders.c.id == data.c.id)
            .values(
                status=data.c.status,
                message_id=data.c.mid,
                reason=data.c.reason,
                dispatched_at=case((data.c.status == "dispatched", now), else_=None),
                updated_at=now,
            )
        )

    async def pull_forward(
        self, firm_id: uuid.UUID, invoice_id: uuid.UUID, now: datetime
    ) -> Row | None:
        """Move the invoice's next planned client reminder to ``now`` ("send now")."""
        nxt = (
            select(reminders.c.id)
            .where(
                reminders.c.firm_id == firm_id,
                reminders.c.invoice_id == invoice_id,
                reminders.c.status == "planned",
                reminders.c.origin == "timeline",
                reminders.c.audience == "client",
            )
            .order_by(reminders.c.send_at)
            .limit(1)
            .with_for_update()
            .scalar_subquery()
        )
        stmt = (
            update(reminders)
            .where(reminders.c.id == nxt)
            .values(send_at=func.least(reminders.c.send_at, now), updated_at=now)
            .returning(reminders)
        )
        return (await self._s.execute(stmt)).first()

    async def by_message(self, firm_id: uuid.UUID, message_id: uuid.UUID) -> list[Row]:
        """The rows a dispatched message carried (the notifier reports by message id)."""
        stmt = select(reminders).where(
            and_(reminders.c.firm_id == firm_id, reminders.c.message_id == message_id)
        )
        return list((await self._s.execute(stmt)).all())
