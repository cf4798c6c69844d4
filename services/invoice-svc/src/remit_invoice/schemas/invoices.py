"""Invoices, their actions and bulk sync: REST contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator
from remit_common.events.common import UtcDatetime
from remit_common.events.snapshots import InvoiceStatus
from remit_common.money import CurrencyCode, MinorUnits

from remit_invoice.schemas.clients import CLIENT_ID, MATTER_ID
from remit_invoice.schemas.common import NEXT_CURSOR, ExternalId, Reason, example

INVOICE_ID = "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"
_LINES = [
    {"description": "Legal research", "amount_minor": 75000},
    {"description": "Court filing fees", "amount_minor": 50000},
]
_INVOICE = {
    "client_id": CLIENT_ID,
    "matter_id": MATTER_ID,
    "number": "2025-0042",
    "external_id": "PMS-I-4242",
    "issue_date": "2025-03-01",
    "due_date": "2025-03-31",
    "currency": "USD",
    "total_minor": 125000,
    "line_items": _LINES,
    "portal_url": "https://portal.example/i/3e4f5a6b",
    "shared_to_portal": True,
}
_READ = {
    "id": INVOICE_ID,
    "version": 2,
    **_INVOICE,
    "balance_minor": 25000,
    "paid_minor": 100000,
    "credit_minor": 0,
    "written_off_minor": 0,
    "status": "partially_paid",
    "disputed": False,
    "view_count": 1,
    "last_viewed_at": "2025-03-05T18:20:00Z",
    "closed_at": None,
    "created_at": "2025-03-01T09:00:00Z",
    "updated_at": "2025-03-14T14:00:00Z",
}
PortalUrl = str


class LineItemIn(BaseModel):
    """One line of an invoice (summary); amounts are in the invoice's currency."""

    model_config = example(_LINES[0])

    description: str = Field(min_length=1, max_length=500)
    amount_minor: MinorUnits


class InvoiceCreate(BaseModel):
    """A new, issued invoice."""

    model_config = example(_INVOICE)

    client_id: UUID
    matter_id: UUID | None = None
    number: str = Field(min_length=1, max_length=64, description="Unique per firm.")
    external_id: ExternalId | None = None
    issue_date: date
    due_date: date | None = Field(
        None, description="Absent: the client gets an 'invoice available' notice, never 'past due'."
    )
    currency: CurrencyCode
    total_minor: MinorUnits = Field(ge=0)
    line_items: list[LineItemIn] = Field(default_factory=list, max_length=1000)
    portal_url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    shared_to_portal: bool = False

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.due_date is not None and self.due_date < self.issue_date:
            raise ValueError("due_date must not be before issue_date")
        return self


class InvoiceUpdate(BaseModel):
    """Changes to an open invoice; amounts only before any payment. Send only what changes."""

    model_config = example({"due_date": "2025-04-15"})

    due_date: date | None = None
    total_minor: MinorUnits | None = Field(None, ge=0)
    line_items: list[LineItemIn] | None = Field(None, max_length=1000)
    portal_url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    shared_to_portal: bool | None = None


class InvoiceRead(BaseModel):
    """An invoice with its derived balance and status."""

    model_config = example(_READ)

    id: UUID
    version: int = Field(description="Increases with every change (also in event snapshots).")
    client_id: UUID
    matter_id: UUID | None
    number: str
    external_id: str | None
    issue_date: date
    due_date: date | None
    currency: str
    total_minor: int
    line_items: list[LineItemIn]
    portal_url: str | None
    shared_to_portal: bool
    balance_minor: int = Field(description="Still owed: total - net payments - write-off, >= 0.")
    paid_minor: int = Field(description="Payments net of reversals.")
    credit_minor: int = Field(description="Overpayment held as client credit.")
    written_off_minor: int
    status: InvoiceStatus
    disputed: bool
    view_count: int
    last_viewed_at: datetime | None
    closed_at: datetime | None = Field(description="When it was voided or written off.")
    created_at: datetime
    updated_at: datetime


class InvoicePage(BaseModel):
    """One page of invoices."""

    model_config = example({"items": [_READ], "next_cursor": "eyJzIjogNDJ9"})

    items: list[InvoiceRead]
    next_cursor: str | None = NEXT_CURSOR


class VoidRequest(BaseModel):
    """Void an invoice (refused while payments stand)."""

    model_config = example({"reason": "Issued in error"})

    reason: Reason | None = None


class WriteOffRequest(BaseModel):
    """Write off the open balance."""

    model_config = example({"reason": "Uncollectible"})

    reason: Reason | None = None


class DisputeRequest(BaseModel):
    """The client disputes the invoice (or part of it): reminders pause."""

    model_config = example({"reason": "Hours on 3 March contested", "disputed_amount_minor": 20000})

    reason: Reason | None = None
    disputed_amount_minor: MinorUnits | None = Field(None, gt=0, description="Absent: all of it.")


class ResolveDisputeRequest(BaseModel):
    """End the open dispute."""

    model_config = example({"resolution": "rejected", "note": "Time records confirmed"})

    resolution: Literal["upheld", "rejected", "adjusted", "withdrawn"]
    note: Reason | None = None


class ViewCreate(BaseModel):
    """The client viewed the invoice."""

    model_config = example({"viewed_at": "2025-03-05T18:20:00Z", "via": "portal"})

    viewed_at: UtcDatetime | None = Field(None, description="Default: now.")
    via: Literal["portal", "email_link", "sms_link", "pms", "other"] = "portal"


class InvoiceBatchRequest(BaseModel):
    """Up to 1,000 invoices to sync in one call; each item gets its own outcome."""

    model_config = example({"items": [_INVOICE]})

    items: list[InvoiceCreate] = Field(min_length=1, max_length=1000)


class BatchItemOutcome(BaseModel):
    """What happened to one item: created, already present, or why it was not."""

    model_config = example(
        {"index": 0, "outcome": "created", "invoice_id": INVOICE_ID, "problem": None},
        {
            "index": 1,
            "outcome": "rejected",
            "invoice_id": None,
            "problem": {
                "type": "urn:remit:problem:client-not-found",
                "title": "Client not found",
                "detail": "client_id is not a client of this firm",
            },
        },
    )

    index: int = Field(description="Position of the item in the request.")
    outcome: Literal["created", "exists", "conflict", "rejected"] = Field(
        description="exists: an invoice with this external_id is already there (unchanged)."
    )
    invoice_id: UUID | None = None
    problem: dict[str, str] | None = Field(None, description="type, title and detail on failure.")


class InvoiceBatchResult(BaseModel):
    """Per-item outcomes of a batch sync, in request order, and their totals."""

    model_config = example(
        {
            "created": 1,
            "exists": 0,
            "failed": 0,
            "items": [
                {"index": 0, "outcome": "created", "invoice_id": INVOICE_ID, "problem": None}
            ],
        }
    )

    created: int
    exists: int
    failed: int
    items: list[BatchItemOutcome]
