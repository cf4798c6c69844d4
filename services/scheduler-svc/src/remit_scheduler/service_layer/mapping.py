"""Read-model rows → the engine's inputs, and the engine's outputs → reminder rows.

Translation only: no queries, no decisions.  Ids become strings for the engine (it does not
care what an id is) and UUIDs again on the way back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from remit_common.money import Money
from sqlalchemy import Row

from remit_scheduler.adapters.db.history import SentRow
from remit_scheduler.domain.holds import Holds
from remit_scheduler.domain.inputs import (
    ClientProfile,
    InvoiceState,
    InvoiceStatus,
    PaymentRecord,
    SentReminder,
)
from remit_scheduler.domain.outcomes import PlannedReminder
from remit_scheduler.domain.policy import Channel, ReminderPolicy


def invoice_state(row: Row) -> InvoiceState:
    """The engine's view of an ``invoices`` row."""
    return InvoiceState(
        invoice_id=str(row.invoice_id),
        number=row.number,
        client_id=str(row.client_id),
        matter_id=str(row.matter_id) if row.matter_id else None,
        status=InvoiceStatus(row.status),
        issue_date=row.issue_date,
        due_date=row.due_date,
        balance=Money(amount_minor=row.balance_minor, currency=row.currency),
        total=Money(amount_minor=row.total_minor, currency=row.currency),
    )


def holds(row: Row) -> Holds:
    """The service-owned holds of an ``invoices`` row (disputes come from its status)."""
    return Holds(
        paused=row.paused,
        snoozed_until=row.snoozed_until,
        promise_to_pay_until=row.promise_to_pay_until,
    )


def client_profile(row: Row, payments: Sequence[tuple[date, date]]) -> ClientProfile:
    """The engine's view of a ``clients`` row plus the client's payment history."""
    trust = (
        Money(amount_minor=row.trust_minor, currency=row.trust_currency)
        if row.trust_minor is not None and row.trust_currency
        else None
    )
    # Channels this engine knows; others (a future channel) are ignored, not fatal.
    known = {c.value for c in Channel}
    opted = {Channel(c) for c in [*row.opted_out, *row.notifier_opt_outs] if c in known}
    return ClientProfile(
        client_id=str(row.client_id),
        timezone=row.timezone,
        language=row.language,
        opted_out_channels=frozenset(opted),
        trust_balance=trust,
        group=row.client_group,
        payment_history=tuple(PaymentRecord(due_date=d, paid_date=p) for d, p in payments),
    )


def sent_history(rows: Sequence[SentRow]) -> list[SentReminder]:
    """Dispatched (step, channel) rows as the engine's history records."""
    return [
        SentReminder(
            step_key=r.step_key,
            channel=Channel(r.channel),
            sent_at=r.sent_at,
            opened=r.opened,
            bounced=r.bounced,
        )
        for r in rows
    ]


def step_meta(policy: ReminderPolicy, step_key: str) -> tuple[int, int | None, int | None]:
    """(timeline index, offset days, repeat number) of a step key under ``policy``."""
    kind, _, name = step_key.partition(":")
    if kind == "repeat":
        n = int(name)
        return len(policy.steps) - 1 + n, None, n
    if kind == "step":
        for i in range(len(policy.steps)):
            if policy.step_key(i) == step_key:
                return i, policy.steps[i].offset_days, None
    return 0, None, None


def reminder_row(reminder: PlannedReminder, policy: ReminderPolicy) -> dict[str, Any]:
    """The ``reminders`` columns a planned reminder sets (ids and status added by the repo)."""
    index, offset, repeat_no = step_meta(policy, reminder.step_key)
    return {
        "client_id": _uuid(reminder.client_id),
        "step_key": reminder.step_key,
        "send_at": reminder.send_at,
        "local_date": reminder.local_date,
        "timezone": reminder.timezone,
        "kind": reminder.kind.value,
        "tone": reminder.tone.value,
        "channels": [c.value for c in reminder.channels],
        "audience": reminder.audience.value,
        "template": reminder.template,
        "step_index": index,
        "offset_days": offset,
        "repeat_no": repeat_no,
        "consolidate": policy.consolidate.value,
        "min_balance_minor": policy.min_balance_minor,
        "amount_minor": reminder.amount.amount_minor,
        "currency": reminder.amount.currency,
        "catch_up": reminder.catch_up,
        "explanation": reminder.explanation,
    }


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)
