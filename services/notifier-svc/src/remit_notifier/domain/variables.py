"""Template variables for one message: plain dicts and strings, formatted for the reader.

The sandbox only ever sees what this module builds: names, invoice numbers, amounts already
formatted for the client's locale and currency, dates in the client's language, day counts
computed in the client's time zone, links, the QR image and the firm's contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from remit_common.events import ReminderDue, ReminderInvoiceItem
from remit_common.money import Money

from remit_notifier.domain.firm import FirmProfile
from remit_notifier.domain.formatting import format_day, format_days, format_money


def client_today(now: datetime, timezone: str) -> date:
    """The calendar date at the client's location (what "due today" means to them)."""
    return now.astimezone(ZoneInfo(timezone)).date()


def qr_image(src: str, alt: str = "QR code") -> Markup:
    """The ``<img>`` for the QR code; Markup because our code, not the template, builds it."""
    return Markup('<img src="{}" alt="{}" width="164" height="164">').format(src, alt)


def build_variables(
    reminder: ReminderDue,
    items: Sequence[ReminderInvoiceItem],
    firm: FirmProfile,
    *,
    now: datetime,
    language: str,
    payment_link: str | None,
    portal_link: str | None,
    qr_code: Markup | str = "",
) -> dict[str, Any]:
    """Everything a template may reference, for ``items`` (the invoices still owed)."""
    currency = reminder.total_due.currency
    amount_due = sum((i.balance for i in items), Money.zero(currency))
    original = sum((i.total for i in items), Money.zero(currency))
    today = client_today(now, reminder.client.timezone)
    dated = [i for i in items if i.due_date is not None]
    first_due = min((i.due_date for i in dated), default=None)  # type: ignore[type-var]
    days_until = (first_due - today).days if first_due else None
    numbers = [i.number for i in items]
    payment = reminder.payment
    trust = reminder.client.trust_balance
    return {
        "client_name": reminder.client.name,
        "firm_name": firm.name,
        "firm_contact": firm.contact(),
        "language": language,
        "invoice_number": numbers[0] if numbers else "",
        "invoice_numbers": ", ".join(numbers),
        "invoice_count": len(items),
        "invoices": [_item(i, language, today) for i in items],
        "amount_due": format_money(amount_due, language),
        "original_total": format_money(original, language),
        "due_date": format_day(first_due, language) if first_due else "",
        "issue_date": format_day(items[0].issue_date, language) if items else "",
        "days_until_due": max(days_until, 0) if days_until is not None else None,
        "days_past_due": max(-days_until, 0) if days_until is not None else None,
        "days_until_due_text": format_days(max(days_until or 0, 0), language),
        "days_past_due_text": format_days(max(-(days_until or 0), 0), language),
        "payment_link": payment_link or "",
        "portal_link": portal_link or "",
        "qr_code": qr_code,
        "payment_amount": format_money(payment.amount, language) if payment else "",
        "payment_date": format_day(
            client_today(payment.received_at, reminder.client.timezone), language
        )
        if payment
        else "",
        "trust_balance": format_money(trust, language) if trust else "",
    }


def _item(item: ReminderInvoiceItem, language: str, today: date) -> dict[str, Any]:
    days = (item.due_date - today).days if item.due_date else None
    return {
        "number": item.number,
        "matter": item.matter_name or "",
        "issue_date": format_day(item.issue_date, language),
        "due_date": format_day(item.due_date, language) if item.due_date else "",
        "total": format_money(item.total, language),
        "balance": format_money(item.balance, language),
        "days_until_due": max(days, 0) if days is not None else None,
        "days_past_due": max(-days, 0) if days is not None else None,
        "portal_url": item.portal_url or "",
    }


def sample_variables(language: str = "en") -> dict[str, Any]:
    """Realistic variables for linting and previewing a template without a real reminder."""
    from remit_common.events.examples import EXAMPLES  # pure data, imported lazily

    reminder = EXAMPLES["remit.reminder.due.v1"]
    assert isinstance(reminder, ReminderDue)
    firm = FirmProfile(
        firm_id=reminder.client.id,
        name="Smith & Jones LLP",
        billing_email="billing@firm.example",
        billing_phone="+13125550100",
        contact_name="Billing Department",
    )
    variables = build_variables(
        reminder,
        reminder.items,
        firm,
        now=reminder.scheduled_for,
        language=language,
        payment_link="https://pay.example/i/abc",
        portal_link="https://portal.example/i/abc",
        qr_code=qr_image("cid:qr"),
    )
    variables["payment_amount"] = format_money(reminder.total_due, language)
    variables["payment_date"] = format_day(reminder.scheduled_for.date(), language)
    variables["trust_balance"] = format_money(reminder.total_due, language)
    return variables
