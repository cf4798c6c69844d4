"""Builders of reminders and firms for the notifier's unit tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from remit_common.events import (
    Channel,
    ClientSnapshot,
    InvoiceStatus,
    PostalAddress,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
    StepKind,
    Tone,
)
from remit_common.money import Money
from remit_notifier.domain.firm import FirmProfile

NOW = datetime(2025, 3, 24, 15, 0, tzinfo=UTC)


def money(minor: int, currency: str = "USD") -> Money:
    return Money(amount_minor=minor, currency=currency)


def item(
    number: str = "2025-0042",
    balance: int = 125000,
    total: int = 125000,
    due: date | None = date(2025, 3, 31),
    currency: str = "USD",
    invoice_id: UUID | None = None,
) -> ReminderInvoiceItem:
    return ReminderInvoiceItem(
        invoice_id=invoice_id or uuid4(),
        number=number,
        matter_name="Acme v. Widgets Inc.",
        issue_date=date(2025, 3, 1),
        due_date=due,
        total=money(total, currency),
        balance=money(balance, currency),
        status=InvoiceStatus.ISSUED,
        portal_url="https://portal.example/i/abc",
    )


def reminder(
    *,
    kind: StepKind = StepKind.PRE_DUE,
    tone: Tone = Tone.FRIENDLY,
    items: tuple[ReminderInvoiceItem, ...] | None = None,
    language: str = "en-US",
    channels: tuple[Channel, ...] = (Channel.EMAIL,),
    client_id: UUID | None = None,
    phone: str | None = "+14155550123",
    timezone: str = "America/Chicago",
    emails: tuple[str, ...] = ("ap@acme.example",),
) -> ReminderDue:
    items = items or (item(),)
    currency = items[0].balance.currency
    return ReminderDue(
        reminder_id=uuid4(),
        client=ClientSnapshot(
            id=client_id or uuid4(),
            version=1,
            name="Acme Holdings LLC",
            emails=emails,
            phone=phone,
            language=language,
            timezone=timezone,
            postal_address=PostalAddress(
                lines=("100 Main Street",),
                city="Springfield",
                region="IL",
                postal_code="62701",
                country="US",
            ),
        ),
        items=items,
        step=ReminderStep(index=0, kind=kind, tone=tone),
        channels=channels,
        total_due=sum((i.balance for i in items), Money.zero(currency)),
        scheduled_for=NOW,
        language=language,
    )


def firm(**overrides: object) -> FirmProfile:
    values: dict[str, object] = dict(
        firm_id=uuid4(),
        name="Smith & Jones LLP",
        billing_email="billing@smith.example",
        billing_phone="+13125550100",
        contact_name="Billing Department",
        default_language="en",
    )
    values.update(overrides)
    return FirmProfile(**values)  # type: ignore[arg-type]
