"""Snapshots of invoices, clients and matters carried inside events.

Events carry the state a consumer needs so that it never calls back to invoice-svc (the
scheduler plans, the notifier renders, the statement service reports from events alone).
Each snapshot has a ``version`` that increases with every change of that record: events can
arrive out of order, and a consumer keeps the snapshot with the highest version.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self
from uuid import UUID

from pydantic import Field, model_validator

from remit_common.events.common import (
    Channel,
    EmailAddress,
    IanaTimezone,
    LanguageTag,
    PhoneE164,
    Snapshot,
    UtcDatetime,
)
from remit_common.money import CurrencyCode, Money

__all__ = [
    "ClientSnapshot",
    "DeliveryPreference",
    "InvoiceSnapshot",
    "InvoiceStatus",
    "LineItem",
    "MatterSnapshot",
    "PostalAddress",
]

Version = Annotated[
    int,
    Field(
        ge=1,
        description="Increases with every change of the record; keep the highest.",
        examples=[3],
    ),
]
ExternalId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="The PMS's id for this record.",
        examples=["PMS-10042"],
    ),
]


class DeliveryPreference(StrEnum):
    EMAIL = "email"
    PRINT = "print"
    BOTH = "both"


class InvoiceStatus(StrEnum):
    ISSUED = "issued"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    VOIDED = "voided"
    WRITTEN_OFF = "written_off"
    DISPUTED = "disputed"


class PostalAddress(Snapshot):
    """A postal address for letters and statements."""

    lines: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        min_length=1,
        max_length=4,
        description="Street lines, in order.",
        examples=[["Suite 400", "100 Main Street"]],
    )
    city: str = Field(min_length=1, max_length=100, examples=["Springfield"])
    region: str | None = Field(
        None, max_length=100, description="State, province or county.", examples=["IL"]
    )
    postal_code: str | None = Field(None, max_length=20, examples=["62701"])
    country: str = Field(
        pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.", examples=["US"]
    )


class ClientSnapshot(Snapshot):
    """A client's contact details and preferences as invoice-svc holds them."""

    id: UUID = Field(description="Remit client id.")
    version: Version
    external_id: ExternalId | None = None
    name: str = Field(min_length=1, max_length=300, examples=["Acme Holdings LLC"])
    emails: tuple[EmailAddress, ...] = Field(
        default=(), max_length=10, description="Addresses to write to, primary first."
    )
    phone: PhoneE164 | None = None
    postal_address: PostalAddress | None = None
    language: LanguageTag = "en"
    timezone: IanaTimezone = Field(
        description="The client's zone; reminders go out inside the window in this zone."
    )
    delivery_preference: DeliveryPreference = DeliveryPreference.EMAIL
    group: str | None = Field(
        None, max_length=100, description="Firm-defined client group.", examples=["corporate"]
    )
    client_type: str | None = Field(None, max_length=100, examples=["organization"])
    opted_out_channels: tuple[Channel, ...] = Field(
        default=(),
        description="Channels the client must not be contacted on.",
        examples=[["sms"]],
    )
    trust_balance: Money | None = Field(
        None, description="Funds held in trust for the client, as the PMS reports them."
    )


class MatterSnapshot(Snapshot):
    """The matter an invoice bills for."""

    id: UUID
    version: Version
    external_id: ExternalId | None = None
    name: str = Field(min_length=1, max_length=300, examples=["Acme v. Widgets Inc."])
    practice_area: str | None = Field(None, max_length=100, examples=["litigation"])
    responsible_attorney: str | None = Field(None, max_length=200, examples=["J. Smith"])
    billing_group: str | None = Field(None, max_length=100, examples=["east"])


class LineItem(Snapshot):
    description: str = Field(min_length=1, max_length=500, examples=["Legal research"])
    amount: Money


class InvoiceSnapshot(Snapshot):
    """An invoice after the change the event reports."""

    id: UUID = Field(description="Remit invoice id (also the Kafka key).")
    version: Version
    number: str = Field(
        min_length=1, max_length=64, description="Unique per firm.", examples=["2025-0042"]
    )
    external_id: ExternalId | None = None
    client_id: UUID
    matter_id: UUID | None = None
    issue_date: date
    due_date: date | None = Field(
        None, description="Absent: the client gets an 'invoice available' notice, never 'past due'."
    )
    currency: CurrencyCode
    total: Money
    balance: Money = Field(description="Amount still owed after this change.")
    status: InvoiceStatus
    line_items: tuple[LineItem, ...] = Field(
        default=(), max_length=100, description="Summary: at most the first 100 items."
    )
    line_item_count: int = Field(0, ge=0, description="Number of items on the invoice.")
    portal_url: str | None = Field(None, max_length=2000, examples=["https://portal.example/i/abc"])
    shared_to_portal: bool = False
    last_viewed_at: UtcDatetime | None = None
    view_count: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _one_currency(self) -> Self:
        amounts = [self.total, self.balance, *(item.amount for item in self.line_items)]
        if any(m.currency != self.currency for m in amounts):
            raise ValueError(f"every amount on the invoice must be in {self.currency}")
        if self.line_item_count < len(self.line_items):
            raise ValueError("line_item_count is smaller than the line items listed")
        return self
