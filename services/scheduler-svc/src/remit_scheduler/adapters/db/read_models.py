"""Invoice and client read models: the scheduler's copy of invoice-svc's state, from events.

Snapshots carry a rising ``version``; an upsert only replaces a row with a *higher* version,
so events applied in any order leave the same rows behind.  The holds this service owns
(pause, snooze, promise to pay) live on the invoice row but are never touched by snapshots.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from remit_common.events import ClientSnapshot, InvoiceSnapshot
from sqlalchemy import ARRAY, Row, Uuid, and_, any_, bindparam, case, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_scheduler.adapters.db.tables import clients, invoices, reminders

OPEN_STATUSES = ("issued", "partially_paid", "disputed")


class ReadModelRepository:
    """Reads and versioned upserts of ``invoices`` and ``clients`` (adds and flushes only)."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def upsert_client(self, firm_id: uuid.UUID, snap: ClientSnapshot) -> bool:
        """Store ``snap`` unless a same-or-newer version is stored; True when it was applied."""
        values = {
            "firm_id": firm_id,
            "client_id": snap.id,
            "version": snap.version,
            "snapshot": snap.model_dump(mode="json"),
            "timezone": snap.timezone,
            "language": snap.language,
            "client_group": snap.group,
            "opted_out": [c.value for c in snap.opted_out_channels],
            "trust_minor": snap.trust_balance.amount_minor if snap.trust_balance else None,
            "trust_currency": snap.trust_balance.currency if snap.trust_balance else None,
        }
        stmt = insert(clients).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[clients.c.firm_id, clients.c.client_id],
            set_={k: stmt.excluded[k] for k in values if k not in ("firm_id", "client_id")}
            | {"updated_at": func.now()},
            where=clients.c.version < stmt.excluded.version,
        ).returning(clients.c.client_id)
        return (await self._s.execute(stmt)).first() is not None

    async def upsert_invoice(
        self,
        firm_id: uuid.UUID,
        snap: InvoiceSnapshot,
        *,
        matter_name: str | None,
        event_date: date,
    ) -> bool:
        """Store ``snap`` unless a same-or-newer version is stored; True when it was applied.

        ``paid_on`` (the client's payment history) is the date of the first event that showed
        the invoice paid; a reversal clears it.
        """
        values = {
            "firm_id": firm_id,
            "invoice_id": snap.id,
            "client_id": snap.client_id,
            "matter_id": snap.matter_id,
            "matter_name": matter_name,
            "number": snap.number,
            "status": snap.status.value,
            "currency": snap.currency,
            "total_minor": snap.total.amount_minor,
            "balance_minor": snap.balance.amount_minor,
            "issue_date": snap.issue_date,
            "due_date": snap.due_date,
            "version": snap.version,
            "snapshot": snap.model_dump(mode="json"),
            "paid_on": event_date if snap.status.value == "paid" else None,
        }
        stmt = insert(invoices).values(values)
        ex = stmt.excluded
        mutable = [
            k for k in values if k not in ("firm_id", "invoice_id", "paid_on", "matter_name")
        ]
        stmt = stmt.on_conflict_do_update(
            index_elements=[invoices.c.firm_id, invoices.c.invoice_id],
            set_={k: ex[k] for k in mutable}
            | {
                "paid_on": _paid_on(ex),
                # A later event without the matter (e.g. from a payment) keeps the name known.
                "matter_name": func.coalesce(ex.matter_name, invoices.c.matter_name),
                "updated_at": func.now(),
            },
            where=invoices.c.version < ex.version,
        ).returning(invoices.c.invoice_id)
        return (await self._s.execute(stmt)).first() is not None

    async def invoice(
        self, firm_id: uuid.UUID, invoice_id: uuid.UUID, *, for_update: bool = False
    ) -> Row | None:
        """The invoice row, or None; ``for_update`` serialises holds changes per invoice."""
        stmt = select(invoices).where(
            invoices.c.firm_id == firm_id, invoices.c.invoice_id == invoice_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return (await self._s.execute(stmt)).first()

    async def invoices_by_id(self, keys: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> dict:
        """Rows for (firm, invoice) pairs, keyed by the pair (one round trip).

        The columns the dispatcher quotes, with ``portal_url`` from the snapshot.
        """
        if not keys:
            return {}
        pairs = select(
            func.unnest(_uuids("firms", [k[0] for k in keys])).label("f"),
            func.unnest(_uuids("ids", [k[1] for k in keys])).label("i"),
        ).subquery()
        # What a dispatched message quotes, not the whole snapshot: decoding every invoice's
        # JSONB per due reminder would be most of the read's cost.
        i = invoices.c
        stmt = select(
            i.firm_id, i.invoice_id, i.client_id, i.matter_id, i.matter_name, i.number,
            i.status, i.currency, i.total_minor, i.balance_minor, i.issue_date, i.due_date,
            i.snapshot["portal_url"].astext.label("portal_url"),
        ).join(pairs, and_(i.firm_id == pairs.c.f, i.invoice_id == pairs.c.i))  # fmt: skip
        return {(r.firm_id, r.invoice_id): r for r in (await self._s.execute(stmt)).all()}

    async def client(self, firm_id: uuid.UUID, client_id: uuid.UUID) -> Row | None:
        """The client row, or None when no event has shown this client yet."""
        stmt = select(clients).where(clients.c.firm_id == firm_id, clients.c.client_id == client_id)
        return (await self._s.execute(stmt)).first()

    async def clients_by_id(self, keys: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> dict:
        """(firm_id, client_id, snapshot) for (firm, client) pairs, keyed by the pair."""
        if not keys:
            return {}
        pairs = select(
            func.unnest(_uuids("firms", [k[0] for k in keys])).label("f"),
            func.unnest(_uuids("ids", [k[1] for k in keys])).label("c"),
        ).subquery()
        stmt = select(clients.c.firm_id, clients.c.client_id, clients.c.snapshot).join(
            pairs, and_(clients.c.firm_id == pairs.c.f, clients.c.client_id == pairs.c.c)
        )
        return {(r.firm_id, r.client_id): r for r in (await self._s.execute(stmt)).all()}

    async def payment_history(
        self, firm_id: uuid.UUID, client_id: uuid.UUID, *, limit: int = 12
    ) -> list[tuple[date, date]]:
        """(due date, paid date) of the client's most recently paid invoices."""
        stmt = (
            select(invoices.c.due_date, invoices.c.paid_on)
            .where(
                invoices.c.firm_id == firm_id,
                invoices.c.client_id == client_id,
                invoices.c.paid_on.is_not(None),
                invoices.c.due_date.is_not(None),
            )
            .order_by(invoices.c.paid_on.desc())
            .limit(limit)
        )
        return [(r.due_date, r.paid_on) for r in (await self._s.execute(stmt)).all()]

    async def set_holds(self, firm_id: uuid.UUID, invoice_id: uuid.UUID, **holds: Any) -> None:
        """Change the service-owned holds (paused, snoozed_until, promise_to_pay_until)."""
        await self._s.execute(
            update(invoices)
            .where(invoices.c.firm_id == firm_id, invoices.c.invoice_id == invoice_id)
            .values(**holds, updated_at=func.now())
        )

    async def open_invoices_of_client(
        self, firm_id: uuid.UUID, client_id: uuid.UUID
    ) -> list[uuid.UUID]:
        """Ids of the client's invoices that may still need reminders."""
        stmt = select(invoices.c.invoice_id).where(
            invoices.c.firm_id == firm_id,
            invoices.c.client_id == client_id,
            invoices.c.status.in_(OPEN_STATUSES),
        )
        return list((await self._s.execute(stmt)).scalars())

    async def add_notifier_opt_out(
        self, firm_id: uuid.UUID, client_id: uuid.UUID, channel: str
    ) -> None:
        """Remember an opt-out the notifier saw (kept even if a snapshot omits it)."""
        await self._s.execute(
            update(clients)
            .where(
                clients.c.firm_id == firm_id,
                clients.c.client_id == client_id,
                ~(literal(channel) == any_(clients.c.notifier_opt_outs)),
            )
            .values(notifier_opt_outs=func.array_append(clients.c.notifier_opt_outs, channel))
        )

    async def flag_replan(
        self,
        firm_id: uuid.UUID,
        *,
        client_group: str | None = None,
        client_id: uuid.UUID | None = None,
    ) -> int:
        """Mark the open invoices a policy change affects for the background replanner."""
        cond = [invoices.c.firm_id == firm_id, invoices.c.status.in_(OPEN_STATUSES)]
        if client_id is not None:
            cond.append(invoices.c.client_id == client_id)
        if client_group is not None:
            cond.append(
                invoices.c.client_id.in_(
                    select(clients.c.client_id).where(
                        clients.c.firm_id == firm_id, clients.c.client_group == client_group
                    )
                )
            )
        result = await self._s.execute(update(invoices).where(*cond).values(replan_due=True))
        return result.rowcount or 0

    async def claim_replan(self, limit: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Lock up to ``limit`` flagged invoices (skipping ones another replica holds)."""
        stmt = (
            select(invoices.c.firm_id, invoices.c.invoice_id)
            .where(invoices.c.replan_due)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [(r.firm_id, r.invoice_id) for r in (await self._s.execute(stmt)).all()]

    async def clear_replan(self, firm_id: uuid.UUID, invoice_id: uuid.UUID) -> None:
        await self.set_holds(firm_id, invoice_id, replan_due=False)

    async def unplanned_open_invoices(self, firm_id: uuid.UUID, limit: int) -> list[uuid.UUID]:
        """Issued, unpaid invoices without a single planned reminder (reconciliation)."""
        planned = select(reminders.c.id).where(
            reminders.c.firm_id == invoices.c.firm_id,
            reminders.c.invoice_id == invoices.c.invoice_id,
            reminders.c.status == "planned",
        )
        stmt = (
            select(invoices.c.invoice_id)
            .where(
                invoices.c.firm_id == firm_id,
                invoices.c.status.in_(("issued", "partially_paid")),
                invoices.c.balance_minor > 0,
                ~planned.exists(),
            )
            .order_by(invoices.c.invoice_id)
            .limit(limit)
        )
        return list((await self._s.execute(stmt)).scalars())


def _paid_on(ex: Any) -> Any:
    """Keep the first date the invoice was seen paid; clear it when it is no longer paid."""
    return case((ex.status == "paid", func.coalesce(invoices.c.paid_on, ex.paid_on)), else_=None)


def _uuids(name: str, values: list[uuid.UUID]) -> Any:
    """A uuid[] parameter (asyncpg needs the array type spelled out to unnest it)."""
    return bindparam(name, values, type_=ARRAY(Uuid))
