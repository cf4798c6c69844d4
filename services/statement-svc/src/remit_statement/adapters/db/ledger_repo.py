"""The ledger read model in PostgreSQL: snapshots (highest version wins), movements, KPI facts.

Writes are idempotent on their own, on top of the inbox: snapshot upserts only replace a row
with a higher version, movements and facts are keyed by natural ids (``ON CONFLICT DO
NOTHING``). So the same fact reported twice (redelivery, or once by an external producer and
once by invoice-svc) converges to one row whatever the order. Repositories add and flush;
the unit of work commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from remit_common.events import ClientSnapshot, InvoiceSnapshot, MatterSnapshot
from remit_common.money import Money
from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_statement.adapters.db import tables as t
from remit_statement.domain.kpis import NotificationFact, ReminderFact
from remit_statement.domain.model import EntryKind, Invoice, Movement
from remit_statement.domain.reports import FirmLedger, LastReminder

__all__ = ["LedgerRepository"]


class LedgerRepository:
    """Reads and writes one firm's ledger read model through the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    # -- writes -------------------------------------------------------------------------

    async def _upsert_versioned(self, table: Table, values: dict) -> None:
        stmt = insert(table).values(**values)
        changed = {k: stmt.excluded[k] for k in values if k not in ("firm_id", "id")}
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["firm_id", "id"],
                set_=changed,
                where=table.c.version < stmt.excluded.version,
            )
        )

    async def upsert_client(self, firm_id: UUID, client: ClientSnapshot) -> None:
        await self._upsert_versioned(
            t.clients,
            {
                "firm_id": firm_id,
                "id": client.id,
                "version": client.version,
                "name": client.name,
                "snapshot": client.model_dump(mode="json"),
            },
        )

    async def upsert_matter(self, firm_id: UUID, matter: MatterSnapshot) -> None:
        await self._upsert_versioned(
            t.matters,
            {
                "firm_id": firm_id,
                "id": matter.id,
                "version": matter.version,
                "snapshot": matter.model_dump(mode="json"),
            },
        )

    async def upsert_invoice(self, firm_id: UUID, inv: InvoiceSnapshot) -> None:
        await self._upsert_versioned(
            t.invoices,
            {
                "firm_id": firm_id,
                "id": inv.id,
                "version": inv.version,
                "client_id": inv.client_id,
                "matter_id": inv.matter_id,
                "number": inv.number,
                "issue_date": inv.issue_date,
                "due_date": inv.due_date,
                "currency": inv.currency,
                "total_minor": inv.total.amount_minor,
                "balance_minor": inv.balance.amount_minor,
                "status": inv.status.value,
                "portal_url": inv.portal_url,
            },
        )

    async def mark_invoice(
        self,
        firm_id: UUID,
        invoice_id: UUID,
        *,
        voided_on: date | None = None,
        disputed_on: date | None = None,
    ) -> None:
        """Record a void or dispute date; the earliest report wins (COALESCE keeps it)."""
        values = {}
        if voided_on is not None:
            values["voided_on"] = func.coalesce(t.invoices.c.voided_on, voided_on)
        if disputed_on is not None:
            values["disputed_on"] = func.coalesce(t.invoices.c.disputed_on, disputed_on)
        if values:
            await self._s.execute(
                update(t.invoices)
                .where(t.invoices.c.firm_id == firm_id, t.invoices.c.id == invoice_id)
                .values(**values)
            )

    async def add_movement(self, firm_id: UUID, m: Movement) -> None:
        await self._s.execute(
            insert(t.ledger_movements)
            .values(
                firm_id=firm_id,
                key=m.key,
                kind=m.kind.value,
                invoice_id=m.invoice_id,
                on_date=m.on,
                currency=m.amount.currency,
                amount_minor=m.amount.amount_minor,
                reference=m.reference,
            )
            .on_conflict_do_nothing()
        )

    async def add_reminder(self, firm_id: UUID, fact: ReminderFact) -> None:
        await self._s.execute(
            insert(t.reminders)
            .values(
                firm_id=firm_id,
                id=fact.reminder_id,
                client_id=fact.client_id,
                kind=fact.kind,
                scheduled_for=fact.at,
                invoice_ids=[str(i) for i in fact.invoice_ids],
            )
            .on_conflict_do_nothing()
        )

    async def add_notification(self, firm_id: UUID, event_id: UUID, fact: NotificationFact) -> None:
        await self._s.execute(
            insert(t.notification_events)
            .values(
                firm_id=firm_id,
                event_id=event_id,
                notification_id=fact.notification_id,
                reminder_id=fact.reminder_id,
                client_id=fact.client_id,
                kind=fact.kind,
                channel=fact.channel,
                status=fact.status,
                occurred_at=fact.at,
            )
            .on_conflict_do_nothing()
        )

    # -- reads --------------------------------------------------------------------------

    async def client(self, firm_id: UUID, client_id: UUID) -> ClientSnapshot | None:
        snap = await self._s.scalar(
            select(t.clients.c.snapshot).where(
                t.clients.c.firm_id == firm_id, t.clients.c.id == client_id
            )
        )
        return ClientSnapshot.model_validate(snap) if snap is not None else None

    async def matter(self, firm_id: UUID, matter_id: UUID) -> MatterSnapshot | None:
        snap = await self._s.scalar(
            select(t.matters.c.snapshot).where(
                t.matters.c.firm_id == firm_id, t.matters.c.id == matter_id
            )
        )
        return MatterSnapshot.model_validate(snap) if snap is not None else None

    async def client_of_matter(self, firm_id: UUID, matter_id: UUID) -> UUID | None:
        """The client billed for the matter (from its invoices)."""
        return await self._s.scalar(
            select(t.invoices.c.client_id)
            .where(t.invoices.c.firm_id == firm_id, t.invoices.c.matter_id == matter_id)
            .limit(1)
        )

    async def invoices(
        self, firm_id: UUID, client_ids: Iterable[UUID] | None = None
    ) -> list[Invoice]:
        q = select(t.invoices).where(t.invoices.c.firm_id == firm_id)
        if client_ids is not None:
            q = q.where(t.invoices.c.client_id.in_(list(client_ids)))
        return [_invoice(r) for r in (await self._s.execute(q)).mappings()]

    async def movements(
        self, firm_id: UUID, invoice_ids: Iterable[UUID] | None = None
    ) -> list[Movement]:
        m = t.ledger_movements
        q = select(m).where(m.c.firm_id == firm_id)
        if invoice_ids is not None:
            q = q.where(m.c.invoice_id.in_(list(invoice_ids)))
        return [
            Movement(
                r["key"],
                EntryKind(r["kind"]),
                r["invoice_id"],
                r["on_date"],
                Money(amount_minor=r["amount_minor"], currency=r["currency"]),
                r["reference"],
            )
            for r in (await self._s.execute(q)).mappings()
        ]

    async def firm_ledger(self, firm_id: UUID) -> FirmLedger:
        """The whole firm's ledger (reports and batch selection read it in one go)."""
        clients = {
            r.id: ClientSnapshot.model_validate(r.snapshot)
            for r in await self._s.execute(
                select(t.clients.c.id, t.clients.c.snapshot).where(t.clients.c.firm_id == firm_id)
            )
        }
        matters = {
            r.id: MatterSnapshot.model_validate(r.snapshot)
            for r in await self._s.execute(
                select(t.matters.c.id, t.matters.c.snapshot).where(t.matters.c.firm_id == firm_id)
            )
        }
        invoices = {i.id: i for i in await self.invoices(firm_id)}
        return FirmLedger(
            clients,
            matters,
            invoices,
            await self.movements(firm_id),
            await self.last_reminders(firm_id),
        )

    async def last_reminders(self, firm_id: UUID) -> dict[UUID, LastReminder]:
        r = t.reminders
        rows = await self._s.execute(
            select(r.c.client_id, r.c.scheduled_for, r.c.kind)
            .where(r.c.firm_id == firm_id)
            .ext(distinct_on(r.c.client_id))
            .order_by(r.c.client_id, r.c.scheduled_for.desc())
        )
        return {row.client_id: LastReminder(row.scheduled_for, row.kind) for row in rows}

    async def reminder_facts(self, firm_id: UUID, since: datetime) -> list[ReminderFact]:
        r = t.reminders
        rows = await self._s.execute(
            select(r).where(r.c.firm_id == firm_id, r.c.scheduled_for >= since)
        )
        return [
            ReminderFact(
                x.id, x.client_id, x.kind, x.scheduled_for, tuple(UUID(i) for i in x.invoice_ids)
            )
            for x in rows
        ]

    async def notification_facts(self, firm_id: UUID, since: datetime) -> list[NotificationFact]:
        n = t.notification_events
        rows = await self._s.execute(
            select(n).where(n.c.firm_id == firm_id, n.c.occurred_at >= since)
        )
        return [
            NotificationFact(
                x.notification_id,
                x.reminder_id,
                x.client_id,
                x.kind,
                x.channel,
                x.status,
                x.occurred_at,
            )
            for x in rows
        ]


def _invoice(r) -> Invoice:  # noqa: ANN001 - a RowMapping
    return Invoice(
        id=r["id"],
        number=r["number"],
        client_id=r["client_id"],
        matter_id=r["matter_id"],
        issue_date=r["issue_date"],
        due_date=r["due_date"],
        total=Money(amount_minor=r["total_minor"], currency=r["currency"]),
        status=r["status"],
        snapshot_balance=Money(amount_minor=r["balance_minor"], currency=r["currency"]),
        voided_on=r["voided_on"],
        disputed_on=r["disputed_on"],
        portal_url=r["portal_url"],
    )
