"""Statement batches and their per-(batch, client) items.

The item's primary key (batch_id, client_id) is what makes "never twice" structural: a client
is in a batch once, its item moves pending -> done|failed in the same transaction that stages
its notifier event, and items are claimed with ``FOR UPDATE SKIP LOCKED`` so two workers (or
a restarted one) never process the same item at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_statement.adapters.db import tables as t

__all__ = ["BatchRepository", "BatchRow", "ClaimedItem"]

B, I = t.statement_batches, t.statement_batch_items  # noqa: E741 - short table aliases


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: UUID
    firm_id: UUID
    requested_by: str
    criteria: dict
    state: str
    total: int
    created_at: datetime
    completed_at: datetime | None
    counts: dict[str, int]
    failures: list[tuple[UUID, str]]
    merged_pages: int | None


@dataclass(frozen=True, slots=True)
class ClaimedItem:
    batch_id: UUID
    client_id: UUID
    firm_id: UUID
    email: bool
    print: bool
    criteria: dict


class BatchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def create(
        self,
        *,
        batch_id: UUID,
        firm_id: UUID,
        requested_by: str,
        criteria: dict,
        created_at: datetime,
        items: list[tuple[UUID, bool, bool]],
    ) -> None:
        """Insert the batch and one pending item per client (position = merge order)."""
        await self._s.execute(
            insert(B).values(
                id=batch_id,
                firm_id=firm_id,
                requested_by=requested_by,
                criteria=criteria,
                # Even an empty batch runs through the worker, which announces its completion.
                state="running",
                total=len(items),
                created_at=created_at,
            )
        )
        if items:
            await self._s.execute(
                insert(I),
                [
                    {
                        "batch_id": batch_id,
                        "client_id": cid,
                        "firm_id": firm_id,
                        "position": n,
                        "email": int(email),
                        "print": int(printed),
                        "state": "pending",
                    }
                    for n, (cid, email, printed) in enumerate(items)
                ],
            )

    async def get(self, firm_id: UUID, batch_id: UUID) -> BatchRow | None:
        row = (
            await self._s.execute(
                select(
                    B.c.id,
                    B.c.firm_id,
                    B.c.requested_by,
                    B.c.criteria,
                    B.c.state,
                    B.c.total,
                    B.c.created_at,
                    B.c.completed_at,
                    B.c.merged_pages,
                ).where(B.c.firm_id == firm_id, B.c.id == batch_id)
            )
        ).first()
        if row is None:
            return None
        counts = {"pending": 0, "done": 0, "failed": 0, "emailed": 0, "printed": 0}
        for state, email, printed, n in await self._s.execute(
            select(I.c.state, I.c.email, I.c.print, func.count())
            .where(I.c.batch_id == batch_id)
            .group_by(I.c.state, I.c.email, I.c.print)
        ):
            counts[state] += n
            if state == "done":
                counts["emailed"] += n * email
                counts["printed"] += n * printed
        failures = [
            (r.client_id, r.reason or "")
            for r in await self._s.execute(
                select(I.c.client_id, I.c.reason)
                .where(I.c.batch_id == batch_id, I.c.state == "failed")
                .order_by(I.c.position)
                .limit(1000)
            )
        ]
        return BatchRow(
            row.id,
            row.firm_id,
            row.requested_by,
            row.criteria,
            row.state,
            row.total,
            row.created_at,
            row.completed_at,
            counts,
            failures,
            row.merged_pages,
        )

    async def claim_item(self) -> ClaimedItem | None:
        """Lock the next pending item of any running batch (skipping ones others hold)."""
        row = (
            await self._s.execute(
                select(I.c.batch_id, I.c.client_id, I.c.firm_id, I.c.email, I.c.print, B.c.criteria)
                .join(B, B.c.id == I.c.batch_id)
                .where(I.c.state == "pending", B.c.state == "running")
                .order_by(B.c.created_at, I.c.position)
                .limit(1)
                .with_for_update(skip_locked=True, of=I)
            )
        ).first()
        if row is None:
            return None
        return ClaimedItem(
            row.batch_id, row.client_id, row.firm_id, bool(row.email), bool(row.print), row.criteria
        )

    async def finish_item(
        self,
        batch_id: UUID,
        client_id: UUID,
        *,
        state: str,
        done_at: datetime,
        reason: str | None = None,
        pdf: bytes | None = None,
        pages: int | None = None,
    ) -> None:
        await self._s.execute(
            update(I)
            .where(I.c.batch_id == batch_id, I.c.client_id == client_id, I.c.state == "pending")
            .values(state=state, reason=reason, pdf=pdf, pages=pages, done_at=done_at)
        )

    async def claim_finished_batch(self) -> BatchRow | None:
        """Lock a running batch that has no pending item left (ready to merge and announce)."""
        pending = select(I.c.batch_id).where(I.c.batch_id == B.c.id, I.c.state == "pending")
        batch_id = await self._s.scalar(
            select(B.c.id)
            .where(B.c.state == "running", ~pending.exists())
            .order_by(B.c.created_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if batch_id is None:
            return None
        firm_id = await self._s.scalar(select(B.c.firm_id).where(B.c.id == batch_id))
        return await self.get(firm_id, batch_id)

    async def printed_pdfs(self, batch_id: UUID) -> list[bytes]:
        rows = await self._s.execute(
            select(I.c.pdf)
            .where(I.c.batch_id == batch_id, I.c.state == "done", I.c.print == 1)
            .order_by(I.c.position)
        )
        return [r.pdf for r in rows]

    async def complete(
        self,
        batch_id: UUID,
        *,
        completed_at: datetime,
        state: str,
        merged_pdf: bytes | None,
        merged_pages: int | None,
    ) -> None:
        await self._s.execute(
            update(B)
            .where(B.c.id == batch_id)
            .values(
                state=state,
                completed_at=completed_at,
                merged_pdf=merged_pdf,
                merged_pages=merged_pages,
            )
        )

    async def merged_pdf(self, firm_id: UUID, batch_id: UUID) -> bytes | None:
        return await self._s.scalar(
            select(B.c.merged_pdf).where(B.c.firm_id == firm_id, B.c.id == batch_id)
        )

    async def item_pdf(self, firm_id: UUID, batch_id: UUID, client_id: UUID) -> bytes | None:
        return await self._s.scalar(
            select(I.c.pdf).where(
                I.c.firm_id == firm_id, I.c.batch_id == batch_id, I.c.client_id == client_id
            )
        )
