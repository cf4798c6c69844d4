"""Receivables report routes: balance due (JSON or CSV), AR aging, KPIs, reconciliation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from remit_common.web.firm import FirmDep

from remit_statement.adapters.rendering.csv_export import rows_to_csv
from remit_statement.domain.aging import AgingBuckets
from remit_statement.domain.reports import BalanceDueFilter, BalanceStatus, SortKey
from remit_statement.entrypoints.http import schemas as s
from remit_statement.entrypoints.http.deps import ClockDep, UowDep
from remit_statement.service_layer import queries

router = APIRouter(prefix="/v1", tags=["reports"])
AsOfQ = Annotated[date | None, Query(description="Report date; today by default.")]


def _row(r) -> s.BalanceDueRowRead:  # noqa: ANN001
    return s.BalanceDueRowRead(
        client_id=r.client.id,
        client_name=r.client.name,
        group=r.client.group,
        client_type=r.client.client_type,
        currency=r.currency,
        balance=r.balance,
        status=r.status.value,
        oldest_unpaid_due_date=r.oldest_unpaid_due_date,
        days_past_due=r.days_past_due,
        last_payment_on=r.last_payment_on,
        last_payment_amount=r.last_payment_amount,
        last_reminder_at=r.last_reminder.at if r.last_reminder else None,
        last_reminder_kind=r.last_reminder.kind if r.last_reminder else None,
        attorneys=list(r.attorneys),
        practice_areas=list(r.practice_areas),
    )


@router.get(
    "/reports/balance-due",
    response_model=s.BalanceDueRead,
    responses={200: {"content": {"text/csv": {}}}},
)
async def balance_due(
    firm: FirmDep,
    uow: UowDep,
    clock: ClockDep,
    as_of: AsOfQ = None,
    status: BalanceStatus | None = None,
    group: str | None = None,
    client_type: str | None = None,
    attorney: str | None = None,
    practice_area: str | None = None,
    currency: str | None = None,
    sort: SortKey = "balance",
    order: Literal["asc", "desc"] = "desc",
    format: Literal["json", "csv"] = "json",
) -> Any:
    """Per client and currency: balance, oldest unpaid due date, last payment and reminder."""
    day = as_of or clock.now().date()
    filters = BalanceDueFilter(status, group, client_type, attorney, practice_area, currency)
    rows = [
        _row(r)
        for r in await queries.balance_due(uow, firm.firm_id, day, filters, sort, order == "desc")
    ]
    if format == "csv":
        header = list(s.BalanceDueRowRead.model_fields)
        body = rows_to_csv(header, ([_csv_value(getattr(r, h)) for h in header] for r in rows))
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="balance-due.csv"'},
        )
    return s.BalanceDueRead(as_of=day, rows=rows)


def _csv_value(v: object) -> object:
    if isinstance(v, list):
        return "; ".join(v)
    return v


@router.get("/reports/aging", response_model=s.AgingRead)
async def aging(
    firm: FirmDep,
    uow: UowDep,
    clock: ClockDep,
    as_of: AsOfQ = None,
    by: Literal["invoice", "client"] = "invoice",
) -> s.AgingRead:
    """Accounts receivable aging by invoice or by client, with totals per currency."""
    day = as_of or clock.now().date()
    rows, totals, names = await queries.aging(uow, firm.firm_id, day, by)
    out = s.AgingRead(as_of=day, by=by, totals=[s.BucketsRead.of(b) for b in totals.values()])
    if by == "client":
        out.clients = [
            s.ClientAgingRead(
                client_id=r.client.id,
                client_name=r.client.name,
                buckets=s.BucketsRead.of(r.buckets),
            )
            for r in rows
        ]
    else:
        out.invoices = []
        for it in rows:
            inv = it.invoice
            out.invoices.append(
                s.InvoiceAgingRead(
                    invoice_id=inv.id,
                    number=inv.number,
                    client_id=inv.client_id,
                    client_name=names.get(inv.client_id, ""),
                    matter_id=inv.matter_id,
                    issue_date=inv.issue_date,
                    due_date=inv.due_date,
                    days_past_due=it.days_past_due,
                    bucket=it.bucket,
                    balance=it.balance,
                )
            )
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, AgingBuckets):
        return s.BucketsRead.of(value).model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@router.get("/kpis")
async def kpis(
    firm: FirmDep,
    uow: UowDep,
    clock: ClockDep,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
    conversion_days: Annotated[int, Query(ge=1, le=90)] = 7,
) -> dict[str, Any]:
    """Receivables KPIs for the period; each names its inputs (see domain/kpis.py)."""
    period = queries.Period.resolve(from_, to, clock.now().date())
    report = await queries.kpi_report(uow, firm.firm_id, period, conversion_days)
    return jsonable_encoder(_plain(report))


@router.get("/reports/reconciliation", response_model=s.ReconciliationRead)
async def reconciliation(firm: FirmDep, uow: UowDep) -> s.ReconciliationRead:
    """Invoices whose ledger balance differs from invoice-svc's last reported balance."""
    checked, mismatches = await queries.reconciliation(uow, firm.firm_id)
    return s.ReconciliationRead(
        invoices_checked=checked,
        mismatches=[
            s.MismatchRead(
                invoice_id=m.invoice_id,
                number=m.number,
                client_id=m.client_id,
                ledger_balance=m.ledger_balance,
                snapshot_balance=m.snapshot_balance,
            )
            for m in mismatches
        ],
    )
