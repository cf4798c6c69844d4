"""Invoices: mapping between rows and the domain aggregate; set-based inserts for batches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_invoice.adapters.db.paging import paged, split_page
from remit_invoice.adapters.db.tables import invoices
from remit_invoice.domain.invoice import Invoice, Line

_DERIVED = ("balance_minor", "credit_minor", "status")
_FIELDS = (
    "id",
    "firm_id",
    "client_id",
    "matter_id",
    "number",
    "issue_date",
    "currency",
    "total_minor",
    "external_id",
    "due_date",
    "portal_url",
    "shared_to_portal",
    "paid_minor",
    "written_off_minor",
    "closure",
    "closed_at",
    "disputed",
    "view_count",
    "last_viewed_at",
    "version",
    "created_at",
    "updated_at",
)


def to_row(invoice: Invoice) -> dict[str, Any]:
    """All columns of ``invoice``, derived ones included."""
    row = {name: getattr(invoice, name) for name in _FIELDS}
    row["line_items"] = [
        {"description": li.description, "amount_minor": li.amount_minor}
        for li in invoice.line_items
    ]
    row.update(
        balance_minor=invoice.balance_minor,
        credit_minor=invoice.credit_minor,
        status=invoice.status.value,
    )
    return row


def from_row(row: Any) -> Invoice:
    """The aggregate stored in ``row``."""
    m = row._mapping if hasattr(row, "_mapping") else row
    data = {name: m[name] for name in _FIELDS}
    data["line_items"] = tuple(
        Line(li["description"], li["amount_minor"]) for li in m["line_items"]
    )
    return Invoice(**data)


_INSERT = insert(invoices)


class InvoiceRepository:
    """The firm's invoices; every query is scoped by ``firm_id``."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, invoice: Invoice) -> None:
        """Stage a new invoice."""
        await self._s.execute(_INSERT, to_row(invoice))

    async def add_many_new(self, batch: Sequence[Invoice]) -> set[UUID]:
        """Insert invoices in one statement, skipping any that collide on a unique key.

        Returns the ids actually inserted; a collision means another request won the race.
        """
        if not batch:
            return set()
        stmt = pg_insert(invoices).on_conflict_do_nothing().returning(invoices.c.id)
        result = await self._s.execute(stmt, [to_row(i) for i in batch])
        return set(result.scalars().all())

    async def get(self, firm_id: UUID, invoice_id: UUID, *, lock: bool = False) -> Invoice | None:
        """The invoice, or None (also when it belongs to another firm).

        ``lock`` takes the row lock that serialises concurrent changes to one invoice.
        """
        query = select(invoices).where(invoices.c.firm_id == firm_id, invoices.c.id == invoice_id)
        if lock:
            query = query.with_for_update()
        row = (await self._s.execute(query)).first()
        return from_row(row) if row else None

    async def save(self, invoice: Invoice) -> None:
        """Write back a changed invoice."""
        row = to_row(invoice)
        for key in ("id", "firm_id", "created_at"):
            row.pop(key)
        await self._s.execute(
            update(invoices)
            .where(invoices.c.firm_id == invoice.firm_id, invoices.c.id == invoice.id)
            .values(row)
        )

    async def existing_keys(
        self, firm_id: UUID, external_ids: Iterable[str], numbers: Iterable[str]
    ) -> tuple[dict[str, UUID], dict[str, UUID]]:
        """Ids of the firm's invoices by external id and by number, among those given."""
        c = invoices.c
        ext, nums = list(set(external_ids)), list(set(numbers))
        rows = await self._s.execute(
            select(c.id, c.external_id, c.number).where(
                c.firm_id == firm_id, c.external_id.in_(ext) | c.number.in_(nums)
            )
        )
        by_ext: dict[str, UUID] = {}
        by_num: dict[str, UUID] = {}
        for r in rows:
            if r.external_id is not None:
                by_ext[r.external_id] = r.id
            by_num[r.number] = r.id
        return by_ext, by_num

    async def page(
        self,
        firm_id: UUID,
        *,
        cursor: str | None,
        limit: int,
        statuses: Sequence[str] = (),
        client_id: UUID | None = None,
        matter_id: UUID | None = None,
        external_id: str | None = None,
        number: str | None = None,
        due_before: date | None = None,
        due_after: date | None = None,
        updated_since: datetime | None = None,
    ) -> tuple[list[Invoice], str | None]:
        """One page of invoices matching every given filter."""
        c = invoices.c
        conditions = {
            "client": (client_id, lambda: c.client_id == client_id),
            "matter": (matter_id, lambda: c.matter_id == matter_id),
            "external": (external_id, lambda: c.external_id == external_id),
            "number": (number, lambda: c.number == number),
            "due_before": (due_before, lambda: c.due_date < due_before),
            "due_after": (due_after, lambda: c.due_date > due_after),
            "updated": (updated_since, lambda: c.updated_at >= updated_since),
        }
        filters = [make() for value, make in conditions.values() if value is not None]
        if statuses:
            filters.append(c.status.in_(list(statuses)))
        query = paged(
            select(invoices).where(c.firm_id == firm_id, *filters), invoices, cursor, limit
        )
        rows, nxt = split_page((await self._s.execute(query)).all(), limit)
        return [from_row(r) for r in rows], nxt

    async def seq_of(self, invoice_id: UUID) -> int | None:
        """Internal order key of an invoice (tests and tools)."""
        return await self._s.scalar(select(invoices.c.seq).where(invoices.c.id == invoice_id))
