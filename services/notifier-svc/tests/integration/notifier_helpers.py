"""Reminder builders for the integration tests (times relative to the real clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from remit_common.events import (
    Channel,
    ClientSnapshot,
    InvoiceSnapshot,
    InvoiceStatus,
    InvoiceUpdated,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
    StepKind,
    Tone,
)
from remit_common.money import Money

_ZONES = (
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/Chicago",
    "America/New_York",
    "Atlantic/Azores",
    "Europe/London",
    "Europe/Warsaw",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)


def daytime_zone() -> str:
    """A zone where it is now between 10:00 and 19:00, so SMS quiet hours do not interfere."""
    now = datetime.now(UTC)
    return next(z for z in _ZONES if 10 <= now.astimezone(ZoneInfo(z)).hour < 19)


def usd(minor: int) -> Money:
    return Money(amount_minor=minor, currency="USD")


def reminder_due(
    *,
    channels=(Channel.EMAIL, Channel.SMS),
    invoice_id: UUID | None = None,
    phone: str = "+14155550123",
    client_id: UUID | None = None,
    language: str = "en-US",
    number: str = "2025-0042",
) -> ReminderDue:
    zone = daytime_zone()
    today = datetime.now(UTC).astimezone(ZoneInfo(zone)).date()
    invoice_id = invoice_id or uuid4()
    return ReminderDue(
        reminder_id=uuid4(),
        client=ClientSnapshot(
            id=client_id or uuid4(),
            version=1,
            name="Acme Holdings LLC",
            emails=(f"ap-{uuid4().hex[:6]}@acme.example",),
            phone=phone,
            language=language,
            timezone=zone,
        ),
        items=(
            ReminderInvoiceItem(
                invoice_id=invoice_id,
                number=number,
                issue_date=today - timedelta(days=20),
                due_date=today + timedelta(days=7),
                total=usd(125000),
                balance=usd(125000),
                status=InvoiceStatus.ISSUED,
                portal_url=f"https://portal.example/i/{invoice_id}",
            ),
        ),
        step=ReminderStep(index=0, kind=StepKind.PRE_DUE, tone=Tone.FRIENDLY),
        channels=channels,
        total_due=usd(125000),
        scheduled_for=datetime.now(UTC),
        language=language,
    )


def invoice_paid(reminder: ReminderDue) -> InvoiceUpdated:
    item = reminder.items[0]
    invoice = InvoiceSnapshot(
        id=item.invoice_id,
        version=5,
        number=item.number,
        client_id=reminder.client.id,
        issue_date=item.issue_date,
        due_date=item.due_date or date.today(),
        currency="USD",
        total=item.total,
        balance=usd(0),
        status=InvoiceStatus.PAID,
    )
    return InvoiceUpdated(
        invoice_id=item.invoice_id,
        invoice=invoice,
        client=reminder.client,
        changed_fields=("balance", "status"),
    )
