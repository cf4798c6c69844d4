"""The invoice aggregate: balance, status and every allowed transition, as pure code.

Money rule (property-tested): ``raw = total - net_paid - written_off``; the balance owed is
``max(raw, 0)`` and any excess payment, ``max(-raw, 0)``, is client credit. Every amount is an
integer of minor units in the invoice's currency; another currency is refused, never converted.

Status is derived, not stored as a free field: closed states (voided, written off) win, then an
open dispute, then the balance (paid / partially paid / issued). Each change bumps ``version``
so event consumers can keep the newest snapshot when events arrive out of order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from remit_common.events.snapshots import InvoiceStatus

from remit_invoice.domain.errors import CurrencyMismatch, InvalidAmount, InvalidTransition

Closure = Literal["voided", "written_off"]


@dataclass(frozen=True, slots=True)
class Line:
    """One line item: a description and an amount in the invoice's currency."""

    description: str
    amount_minor: int


@dataclass(frozen=True, slots=True)
class PaymentEffect:
    """What applying (or reversing) a payment did to the invoice."""

    balance_after: int
    credit_created: int


@dataclass(slots=True)
class Invoice:
    """An issued invoice of one firm (the unit of consistency: changes lock its row)."""

    id: UUID
    firm_id: UUID
    client_id: UUID
    matter_id: UUID | None
    number: str
    issue_date: date
    currency: str
    total_minor: int
    external_id: str | None = None
    due_date: date | None = None
    line_items: tuple[Line, ...] = ()
    portal_url: str | None = None
    shared_to_portal: bool = False
    paid_minor: int = 0
    written_off_minor: int = 0
    closure: Closure | None = None
    closed_at: datetime | None = None
    disputed: bool = False
    view_count: int = 0
    last_viewed_at: datetime | None = None
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None
    changed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.total_minor < 0:
            raise InvalidAmount("total_minor must not be negative")

    # -- derived state ------------------------------------------------------------------
    @property
    def raw_balance(self) -> int:
        """Total minus net payments and write-off; negative means overpaid."""
        return self.total_minor - self.paid_minor - self.written_off_minor

    @property
    def balance_minor(self) -> int:
        """Amount still owed: never negative, zero once closed."""
        return 0 if self.closure == "voided" else max(self.raw_balance, 0)

    @property
    def credit_minor(self) -> int:
        """Overpayment held as client credit."""
        return max(-self.raw_balance, 0)

    @property
    def status(self) -> InvoiceStatus:
        """The lifecycle status derived from closure, dispute and balance."""
        if self.closure == "voided":
            return InvoiceStatus.VOIDED
        if self.closure == "written_off":
            return InvoiceStatus.WRITTEN_OFF
        if self.disputed:
            return InvoiceStatus.DISPUTED
        if self.balance_minor == 0:
            return InvoiceStatus.PAID
        return InvoiceStatus.PARTIALLY_PAID if self.paid_minor > 0 else InvoiceStatus.ISSUED

    # -- guards -------------------------------------------------------------------------
    def _require_open(self, action: str) -> None:
        if self.closure is not None:
            raise InvalidTransition(f"cannot {action}: the invoice is {self.closure}")

    def _require_currency(self, currency: str) -> None:
        if currency != self.currency:
            raise CurrencyMismatch(
                f"amount is in {currency} but the invoice is in {self.currency}",
                invoice_currency=self.currency,
            )

    def _touch(self, *fields: str) -> None:
        self.version += 1
        self.changed = list(fields)

    # -- money --------------------------------------------------------------------------
    def apply_payment(self, amount_minor: int, currency: str) -> PaymentEffect:
        """Apply a received payment; the part above the balance becomes client credit."""
        self._require_currency(currency)
        if amount_minor <= 0:
            raise InvalidAmount("a payment amount must be positive")
        self._require_open("record a payment")
        before = self.balance_minor
        self.paid_minor += amount_minor
        self._touch("balance", "status")
        return PaymentEffect(self.balance_minor, max(amount_minor - before, 0))

    def reverse_payment(self, amount_minor: int, currency: str) -> PaymentEffect:
        """Undo a payment (refund, chargeback, return): the balance reopens."""
        self._require_currency(currency)
        if amount_minor <= 0 or amount_minor > self.paid_minor:
            raise InvalidAmount("a reversal must be positive and at most the net amount paid")
        self._require_open("reverse a payment")
        self.paid_minor -= amount_minor
        self._touch("balance", "status")
        return PaymentEffect(self.balance_minor, 0)

    # -- lifecycle ----------------------------------------------------------------------
    def void(self, now: datetime) -> None:
        """Cancel the invoice; refused while payments stand (reverse them first)."""
        self._require_open("void")
        if self.paid_minor > 0:
            raise InvalidTransition("cannot void: payments were recorded; reverse them first")
        self.closure, self.closed_at = "voided", now
        self._touch("status", "balance")

    def write_off(self, now: datetime) -> int:
        """Write off the open balance; returns the amount written off."""
        self._require_open("write off")
        amount = self.balance_minor
        if amount == 0:
            raise InvalidTransition("cannot write off: nothing is owed")
        self.written_off_minor = amount
        self.closure, self.closed_at = "written_off", now
        self._touch("status", "balance")
        return amount

    def dispute(self, disputed_minor: int | None = None) -> None:
        """Open a dispute (reminders pause); the amount, if given, is at most the total."""
        self._require_open("dispute")
        if self.disputed:
            raise InvalidTransition("the invoice is already disputed")
        if disputed_minor is not None and not 0 < disputed_minor <= self.total_minor:
            raise InvalidAmount("disputed amount must be positive and at most the total")
        self.disputed = True
        self._touch("status")

    def resolve_dispute(self) -> None:
        """Close the open dispute; the status falls back to what the balance says."""
        if not self.disputed:
            raise InvalidTransition("the invoice is not disputed")
        self.disputed = False
        self._touch("status")

    def record_view(self, viewed_at: datetime) -> None:
        """Count a view; out-of-order views never move ``last_viewed_at`` backwards."""
        self.view_count += 1
        if self.last_viewed_at is None or viewed_at > self.last_viewed_at:
            self.last_viewed_at = viewed_at
        self._touch("view_count", "last_viewed_at")

    def revise(
        self,
        *,
        due_date: date | None | Literal["keep"] = "keep",
        total_minor: int | None = None,
        line_items: tuple[Line, ...] | None = None,
        portal_url: str | None | Literal["keep"] = "keep",
        shared_to_portal: bool | None = None,
    ) -> list[str]:
        """Change terms of an open invoice; amounts only before any payment. Returns changes."""
        self._require_open("update")
        changes: list[str] = []
        if total_minor is not None or line_items is not None:
            if self.paid_minor > 0 or self.written_off_minor > 0:
                raise InvalidTransition("amounts cannot change once a payment was recorded")
            if total_minor is not None and total_minor != self.total_minor:
                if total_minor < 0:
                    raise InvalidAmount("total_minor must not be negative")
                self.total_minor = total_minor
                changes += ["total", "balance", "status"]
            if line_items is not None and line_items != self.line_items:
                self.line_items = line_items
                changes.append("line_items")
        if due_date != "keep" and due_date != self.due_date:
            self.due_date = due_date
            changes.append("due_date")
        if portal_url != "keep" and portal_url != self.portal_url:
            self.portal_url = portal_url
            changes.append("portal_url")
        if shared_to_portal is not None and shared_to_portal != self.shared_to_portal:
            self.shared_to_portal = shared_to_portal
            changes.append("shared_to_portal")
        if changes:
            self._touch(*changes)
        return changes
