"""Read use cases: statements, receivables reports, KPIs and reconciliation, all firm-scoped.

Every lookup carries the caller's firm id; an id of another firm is simply not found (404),
so a caller cannot even learn that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from uuid import UUID

from remit_statement.adapters.rendering.csv_export import render_csv
from remit_statement.adapters.rendering.html import render_html
from remit_statement.adapters.rendering.pdf import render_pdf
from remit_statement.domain import kpis, reconcile, reports
from remit_statement.domain.errors import ClientNotFound, InvalidPeriod, MatterNotFound
from remit_statement.domain.firm import FirmProfile
from remit_statement.domain.statement import Statement, build_statement
from remit_statement.service_layer.unit_of_work import UnitOfWork, UowFactory

__all__ = [
    "Document",
    "Period",
    "aging",
    "balance_due",
    "kpi_report",
    "load_statement",
    "reconciliation",
    "render",
    "statement_document",
]

Format = Literal["pdf", "html", "csv"]
_MEDIA = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    @classmethod
    def resolve(cls, start: date | None, end: date | None, today: date) -> Period:
        """Defaults: up to today, from the first day of the month three months back."""
        end = end or today
        if start is None:
            month = (end.month - 3) % 12 + 1
            year = end.year - (1 if end.month <= 3 else 0)
            start = date(year, month, 1)
        if end < start:
            raise InvalidPeriod("'from' must not be after 'to'")
        if (end - start).days > 3660:
            raise InvalidPeriod("a statement period is at most ten years")
        return cls(start, end)


@dataclass(frozen=True, slots=True)
class Document:
    content: bytes
    media_type: str
    filename: str
    pages: int | None = None


async def load_statement(
    uow: UnitOfWork,
    firm_id: UUID,
    period: Period,
    *,
    client_id: UUID | None = None,
    matter_id: UUID | None = None,
) -> tuple[Statement, FirmProfile]:
    """The statement of a client (or of one matter) of ``firm_id``; NotFound otherwise."""
    matter = None
    if matter_id is not None:
        matter = await uow.ledger.matter(firm_id, matter_id)
        client_id = await uow.ledger.client_of_matter(firm_id, matter_id) if matter else None
        if matter is None or client_id is None:
            raise MatterNotFound(f"No matter {matter_id} in this firm.")
    assert client_id is not None
    client = await uow.ledger.client(firm_id, client_id)
    if client is None:
        raise ClientNotFound(f"No client {client_id} in this firm.")
    invoices = await uow.ledger.invoices(firm_id, [client_id])
    movements = await uow.ledger.movements(firm_id, [i.id for i in invoices])
    profile = await uow.firms.profile(firm_id)
    st = build_statement(
        client,
        invoices,
        movements,
        period_start=period.start,
        period_end=period.end,
        matter=matter,
        payment_url=profile.payment_url or _portal_url(invoices),
    )
    return st, profile


def _portal_url(invoices) -> str | None:  # noqa: ANN001
    # Without a firm-wide payment page, link the oldest open invoice's portal page.
    open_ = sorted(
        (i for i in invoices if i.portal_url and i.snapshot_balance.is_positive()),
        key=lambda i: i.due_date or i.issue_date,
    )
    return open_[0].portal_url if open_ else None


def render(st: Statement, profile: FirmProfile, fmt: Format) -> Document:
    """Render in ``fmt``; PDFs also report their page count."""
    stem = f"statement-{st.period_start:%Y%m%d}-{st.period_end:%Y%m%d}"
    if fmt == "pdf":
        content, pages = render_pdf(st, profile)
        return Document(content, _MEDIA[fmt], f"{stem}.pdf", pages)
    content = render_html(st, profile) if fmt == "html" else render_csv(st)
    return Document(content, _MEDIA[fmt], f"{stem}.{fmt}")


async def statement_document(
    uow_factory: UowFactory,
    firm_id: UUID,
    period: Period,
    fmt: Format,
    *,
    client_id: UUID | None = None,
    matter_id: UUID | None = None,
) -> Document:
    async with uow_factory() as uow:
        st, profile = await load_statement(
            uow, firm_id, period, client_id=client_id, matter_id=matter_id
        )
    # Rendering happens after the session is released: it is CPU work, not database work.
    return render(st, profile, fmt)


async def balance_due(
    uow_factory: UowFactory,
    firm_id: UUID,
    as_of: date,
    filters: reports.BalanceDueFilter,
    sort: reports.SortKey,
    descending: bool,
) -> list[reports.BalanceDueRow]:
    async with uow_factory() as uow:
        ledger = await uow.ledger.firm_ledger(firm_id)
    return reports.balance_due(ledger, as_of, filters, sort, descending)


async def aging(uow_factory: UowFactory, firm_id: UUID, as_of: date, by: str):  # noqa: ANN201
    async with uow_factory() as uow:
        ledger = await uow.ledger.firm_ledger(firm_id)
    """(rows, totals per currency, client names by id)."""
    names = {cid: c.name for cid, c in ledger.clients.items()}
    if by == "client":
        return (*reports.aging_by_client(ledger, as_of), names)
    return (*reports.aging_by_invoice(ledger, as_of), names)


async def kpi_report(
    uow_factory: UowFactory, firm_id: UUID, period: Period, conversion_days: int
) -> dict:
    since = datetime.combine(period.start - timedelta(days=1), time(), tzinfo=UTC)
    async with uow_factory() as uow:
        ledger = await uow.ledger.firm_ledger(firm_id)
        reminders = await uow.ledger.reminder_facts(firm_id, since)
        notes = await uow.ledger.notification_facts(firm_id, since)
    return kpis.compute_kpis(ledger, reminders, notes, period.start, period.end, conversion_days)


async def reconciliation(uow_factory: UowFactory, firm_id: UUID):  # noqa: ANN201
    async with uow_factory() as uow:
        ledger = await uow.ledger.firm_ledger(firm_id)
    return reconcile.reconcile(ledger)
