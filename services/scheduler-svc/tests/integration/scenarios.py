"""Event builders for one firm / client / invoice, with versions that rise like invoice-svc's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from remit_common.events import (
    ClientSnapshot,
    ClientUpdated,
    InvoiceDisputed,
    InvoiceDisputeResolved,
    InvoiceIssued,
    InvoiceSnapshot,
    InvoiceStatus,
    InvoiceUpdated,
    PaymentReceived,
)
from remit_common.money import Money


def usd(minor: int) -> Money:
    return Money(amount_minor=minor, currency="USD")


@dataclass
class Scenario:
    """A fresh firm with one client; ``invoice()`` adds invoices, events advance versions."""

    firm_id: uuid.UUID = field(default_factory=uuid.uuid4)
    client_id: uuid.UUID = field(default_factory=uuid.uuid4)
    timezone: str = "America/New_York"
    client_version: int = 1

    def client(self, **changes: Any) -> ClientSnapshot:
        fields: dict[str, Any] = {
            "id": self.client_id,
            "version": self.client_version,
            "name": "Acme Holdings LLC",
            "emails": ("ap@acme.example",),
            "timezone": self.timezone,
        }
        fields.update(changes)
        return ClientSnapshot(**fields)

    def client_updated(self, **changes: Any) -> ClientUpdated:
        self.client_version += 1
        return ClientUpdated(client=self.client(**changes))


@dataclass
class Invoice:
    """One invoice of a scenario and its event stream."""

    scenario: Scenario
    total: int = 125_000
    issue_date: date = date(2026, 3, 2)
    due_date: date | None = date(2026, 3, 31)
    invoice_id: uuid.UUID = field(default_factory=uuid.uuid4)
    number: str = field(default_factory=lambda: f"2026-{uuid.uuid4().hex[:6]}")
    version: int = 0
    balance: int = -1

    def __post_init__(self) -> None:
        if self.balance < 0:
            self.balance = self.total

    def snapshot(self, status: InvoiceStatus, *, bump: bool = True) -> InvoiceSnapshot:
        if bump:
            self.version += 1
        return InvoiceSnapshot(
            id=self.invoice_id,
            version=self.version,
            number=self.number,
            client_id=self.scenario.client_id,
            issue_date=self.issue_date,
            due_date=self.due_date,
            currency="USD",
            total=usd(self.total),
            balance=usd(self.balance),
            status=status,
        )

    def _ctx(self) -> dict[str, Any]:
        return {"invoice_id": self.invoice_id, "client": self.scenario.client()}

    def issued(self) -> InvoiceIssued:
        return InvoiceIssued(invoice=self.snapshot(InvoiceStatus.ISSUED), **self._ctx())

    def paid(self, amount: int, at: datetime) -> PaymentReceived:
        self.balance -= amount
        status = InvoiceStatus.PAID if self.balance <= 0 else InvoiceStatus.PARTIALLY_PAID
        return PaymentReceived(
            invoice=self.snapshot(status),
            payment_id=uuid.uuid4(),
            amount=usd(amount),
            balance_after=usd(max(self.balance, 0)),
            received_at=at,
            **self._ctx(),
        )

    def disputed(self, at: datetime) -> InvoiceDisputed:
        return InvoiceDisputed(
            invoice=self.snapshot(InvoiceStatus.DISPUTED), disputed_at=at, **self._ctx()
        )

    def due_date_changed(self, due_date: date, status: InvoiceStatus) -> InvoiceUpdated:
        self.due_date = due_date
        return InvoiceUpdated(
            invoice=self.snapshot(status), changed_fields=("due_date",), **self._ctx()
        )

    def resolved(self, at: datetime) -> InvoiceDisputeResolved:
        full = self.balance == self.total
        status = InvoiceStatus.ISSUED if full else InvoiceStatus.PARTIALLY_PAID
        return InvoiceDisputeResolved(
            invoice=self.snapshot(status), resolved_at=at, resolution="rejected", **self._ctx()
        )


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)
