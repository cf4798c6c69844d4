"""Clients (the firm's contacts) and matters: REST contract."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field
from remit_common.events.common import Channel, EmailAddress, IanaTimezone, LanguageTag, PhoneE164
from remit_common.events.snapshots import DeliveryPreference
from remit_common.money import Money

from remit_invoice.schemas.common import NEXT_CURSOR, Address, ExternalId, ShortText, example

CLIENT_ID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
MATTER_ID = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
_CLIENT = {
    "name": "Acme Holdings LLC",
    "emails": ["ap@acme.example"],
    "phone": "+14155550123",
    "postal_address": {
        "lines": ["100 Main Street", "Suite 400"],
        "city": "Springfield",
        "region": "IL",
        "postal_code": "62701",
        "country": "US",
    },
    "language": "en-US",
    "timezone": "America/Chicago",
    "delivery_preference": "email",
    "group": "corporate",
    "client_type": "organization",
    "opted_out_channels": ["sms"],
    "trust_balance": {"amount_minor": 50000, "currency": "USD"},
    "external_id": "PMS-C-88",
}
_STAMPS = {"created_at": "2025-03-01T09:00:00Z", "updated_at": "2025-03-02T10:30:00Z"}
_MATTER = {
    "client_id": CLIENT_ID,
    "name": "Acme v. Widgets Inc.",
    "practice_area": "litigation",
    "responsible_attorney": "J. Smith",
    "billing_group": "east",
    "external_id": "PMS-M-301",
}


class ClientFields(BaseModel):
    """Fields a client has; every one optional so updates can send only what changed."""

    name: str | None = Field(None, min_length=1, max_length=300)
    emails: list[EmailAddress] | None = Field(None, max_length=10, description="Primary first.")
    phone: PhoneE164 | None = None
    postal_address: Address | None = None
    language: LanguageTag | None = None
    timezone: IanaTimezone | None = Field(
        None, description="Reminders go out inside the sending window in this zone."
    )
    delivery_preference: DeliveryPreference | None = None
    group: ShortText | None = None
    client_type: ShortText | None = None
    opted_out_channels: list[Channel] | None = None
    trust_balance: Money | None = Field(
        None, description="Funds held in trust for the client, as the PMS reports them."
    )


class ClientCreate(ClientFields):
    """A new client of the firm."""

    model_config = example(_CLIENT)

    name: str = Field(min_length=1, max_length=300)
    timezone: IanaTimezone = Field(
        description="IANA zone; reminders go out inside the sending window in this zone."
    )
    external_id: ExternalId | None = None


class ClientUpdate(ClientFields):
    """Changes to a client: only the fields sent change (``null`` clears an optional field)."""

    model_config = example({"emails": ["billing@acme.example"], "opted_out_channels": []})


class ClientRead(BaseModel):
    """A client as stored, with its current version."""

    model_config = example({"id": CLIENT_ID, "version": 2, **_CLIENT, **_STAMPS})

    id: UUID
    version: int
    name: str
    emails: list[str]
    phone: str | None
    postal_address: Address | None
    language: str
    timezone: str
    delivery_preference: DeliveryPreference
    group: str | None
    client_type: str | None
    opted_out_channels: list[Channel]
    trust_balance: Money | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    erased_at: datetime | None = Field(
        None,
        description="Set once the client's identity was erased on request: name, contact "
        "channels and external_id are anonymised; invoices and payments are kept.",
    )


class ClientPage(BaseModel):
    """One page of clients, in a stable order."""

    model_config = example(
        {"items": [{"id": CLIENT_ID, "version": 2, **_CLIENT, **_STAMPS}], "next_cursor": None}
    )

    items: list[ClientRead]
    next_cursor: str | None = NEXT_CURSOR


class MatterCreate(BaseModel):
    """A new matter (case) of a client."""

    model_config = example(_MATTER)

    client_id: UUID
    name: str = Field(min_length=1, max_length=300)
    practice_area: ShortText | None = None
    responsible_attorney: str | None = Field(None, min_length=1, max_length=200)
    billing_group: ShortText | None = None
    external_id: ExternalId | None = None


class MatterUpdate(BaseModel):
    """Changes to a matter: only the fields sent change."""

    model_config = example({"responsible_attorney": "K. Jones"})

    name: str | None = Field(None, min_length=1, max_length=300)
    practice_area: ShortText | None = None
    responsible_attorney: str | None = Field(None, min_length=1, max_length=200)
    billing_group: ShortText | None = None


class MatterRead(BaseModel):
    """A matter as stored."""

    model_config = example({"id": MATTER_ID, "version": 1, **_MATTER, **_STAMPS})

    id: UUID
    version: int
    client_id: UUID
    name: str
    practice_area: str | None
    responsible_attorney: str | None
    billing_group: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime


class MatterPage(BaseModel):
    """One page of matters."""

    model_config = example(
        {"items": [{"id": MATTER_ID, "version": 1, **_MATTER, **_STAMPS}], "next_cursor": None}
    )

    items: list[MatterRead]
    next_cursor: str | None = NEXT_CURSOR
