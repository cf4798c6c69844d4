"""Request and response bodies of statement-svc's REST API (suffixed by role)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from remit_common.events import DeliveryPreference
from remit_common.money import Money

from remit_statement.domain.aging import AgingBuckets


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FirmProfileBody(_Body):
    name: str = Field(min_length=1, max_length=300)
    address_lines: list[str] = Field(default_factory=list, max_length=6)
    billing_email: str | None = Field(None, max_length=254)
    billing_phone: str | None = Field(None, max_length=50)
    paper: Literal["A4", "Letter"] = "Letter"
    payment_url: str | None = Field(None, max_length=2000)
    note: str | None = Field(None, max_length=2000)
    locale: str | None = Field(None, max_length=35)


class BucketsRead(BaseModel):
    currency: str
    current: Money
    days_1_30: Money
    days_31_60: Money
    days_61_90: Money
    days_90_plus: Money
    credit: Money = Field(description="Unapplied credit (overpayments), zero or negative.")
    total: Money = Field(description="Sum of the buckets and the credit: the balance.")

    @classmethod
    def of(cls, b: AgingBuckets) -> BucketsRead:
        d = b.as_dict()
        return cls(
            currency=b.currency,
            current=d["current"],
            days_1_30=d["1-30"],
            days_31_60=d["31-60"],
            days_61_90=d["61-90"],
            days_90_plus=d["90+"],
            credit=d["credit"],
            total=d["total"],
        )


class BalanceDueRowRead(BaseModel):
    client_id: UUID
    client_name: str
    group: str | None
    client_type: str | None
    currency: str
    balance: Money
    status: Literal["owes", "credit", "zero"]
    oldest_unpaid_due_date: date | None
    days_past_due: int
    last_payment_on: date | None
    last_payment_amount: Money | None
    last_reminder_at: datetime | None
    last_reminder_kind: str | None
    attorneys: list[str]
    practice_areas: list[str]


class BalanceDueRead(BaseModel):
    as_of: date
    rows: list[BalanceDueRowRead]


class InvoiceAgingRead(BaseModel):
    invoice_id: UUID
    number: str
    client_id: UUID
    client_name: str
    matter_id: UUID | None
    issue_date: date
    due_date: date | None
    days_past_due: int
    bucket: str
    balance: Money


class ClientAgingRead(BaseModel):
    client_id: UUID
    client_name: str
    buckets: BucketsRead


class AgingRead(BaseModel):
    as_of: date
    by: Literal["invoice", "client"]
    invoices: list[InvoiceAgingRead] | None = None
    clients: list[ClientAgingRead] | None = None
    totals: list[BucketsRead]


class BatchCreate(_Body):
    period_start: date | None = Field(None, description="Statement period start.")
    period_end: date | None = Field(None, description="Statement period end (default: today).")
    exclude_invoiced_from: date | None = Field(
        None, description="Leave out clients invoiced on or after this date..."
    )
    exclude_invoiced_to: date | None = Field(None, description="...and on or before this one.")
    delivery_preference: DeliveryPreference | None = None
    attorney: str | None = None
    practice_area: str | None = None
    billing_group: str | None = None
    matter_id: UUID | None = None
    client_ids: list[UUID] = Field(default_factory=list, max_length=10000)


class BatchFailureRead(BaseModel):
    client_id: UUID
    reason: str


class BatchRead(BaseModel):
    id: UUID
    state: str = Field(description="running, completed, completed_with_failures or failed")
    requested_by: str
    total: int
    done: int
    failed: int
    pending: int
    emailed: int
    printed: int
    failures: list[BatchFailureRead]
    created_at: datetime
    completed_at: datetime | None
    pdf_url: str | None
    merged_pages: int | None


class MismatchRead(BaseModel):
    invoice_id: UUID
    number: str
    client_id: UUID
    ledger_balance: Money
    snapshot_balance: Money


class ReconciliationRead(BaseModel):
    invoices_checked: int
    mismatches: list[MismatchRead]
