"""Consolidation: one message per client (or matter, or invoice) per sending window.

Reminders of one client that fall on the same local day go out together, listing every
invoice and the total.  Totals never mix currencies: reminders in different currencies form
separate messages.  Firm-facing notices are never merged with client messages.  In ``matter``
mode an invoice without a matter is its own group, so unrelated work is not lumped together.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from remit_common.money import Money

from .outcomes import Audience, PlannedReminder, ReminderKind
from .policy import Channel, ConsolidationMode, Tone

__all__ = ["ConsolidatedLine", "ConsolidatedMessage", "consolidate"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

# Severity orders pick the message's overall kind and tone: the firmest reminder in the group
# sets the tone, so a final notice is never softened by a friendly one next to it.
_TONE_ORDER = list(Tone)
_KIND_ORDER = [
    ReminderKind.INVOICE_AVAILABLE,
    ReminderKind.PRE_DUE,
    ReminderKind.DUE,
    ReminderKind.OVERDUE,
    ReminderKind.FINAL_NOTICE,
    ReminderKind.TRUST_NOTICE,
]
_CHANNEL_ORDER = list(Channel)


class ConsolidatedLine(BaseModel):
    """One invoice in a consolidated message."""

    model_config = _FROZEN

    invoice_id: str
    invoice_number: str
    matter_id: str | None
    step_key: str
    kind: ReminderKind
    amount: Money
    due_date: date | None


class ConsolidatedMessage(BaseModel):
    """One message to send: every line shares client, day, audience and currency."""

    model_config = _FROZEN

    client_id: str
    group_key: str
    mode: ConsolidationMode
    audience: Audience
    local_date: date
    timezone: str
    send_at: datetime
    kind: ReminderKind
    tone: Tone
    channels: tuple[Channel, ...]
    lines: tuple[ConsolidatedLine, ...]
    total: Money


def _scope(reminder: PlannedReminder, mode: ConsolidationMode) -> str:
    if mode is ConsolidationMode.CLIENT:
        return f"client:{reminder.client_id}"
    if mode is ConsolidationMode.MATTER and reminder.matter_id is not None:
        return f"matter:{reminder.matter_id}"
    return f"invoice:{reminder.invoice_id}"


def _message(
    key: str, mode: ConsolidationMode, group: list[PlannedReminder]
) -> ConsolidatedMessage:
    first = min(group, key=lambda r: r.send_at)
    currency = first.amount.currency
    lines = tuple(
        ConsolidatedLine(
            invoice_id=r.invoice_id,
            invoice_number=r.invoice_number,
            matter_id=r.matter_id,
            step_key=r.step_key,
            kind=r.kind,
            amount=r.amount,
            due_date=r.due_date,
        )
        for r in sorted(group, key=lambda r: (r.due_date or date.max, r.invoice_number))
    )
    channels = {c for r in group for c in r.channels}
    return ConsolidatedMessage(
        client_id=first.client_id,
        group_key=key,
        mode=mode,
        audience=first.audience,
        local_date=first.local_date,
        timezone=first.timezone,
        # The earliest time in the group: every member's time is in this same day's window.
        send_at=first.send_at,
        kind=max((r.kind for r in group), key=_KIND_ORDER.index),
        tone=max((r.tone for r in group), key=_TONE_ORDER.index),
        channels=tuple(sorted(channels, key=_CHANNEL_ORDER.index)),
        lines=lines,
        total=sum((r.amount for r in group), Money.zero(currency)),
    )


def consolidate(
    reminders: Iterable[PlannedReminder], mode: ConsolidationMode
) -> list[ConsolidatedMessage]:
    """Group planned reminders into messages, sorted by ``send_at`` then group key.

    Groups by (audience, client, local day, zone, currency, scope) where scope is the client,
    the matter or the invoice per ``mode``.  The message uses the union of the members'
    channels (each already cleared against opt-outs) and quotes each invoice's balance and
    their sum.
    """
    groups: dict[str, list[PlannedReminder]] = {}
    for r in reminders:
        key = "|".join(
            (
                r.audience.value,
                r.client_id,
                r.local_date.isoformat(),
                r.timezone,
                r.amount.currency,
                _scope(r, mode),
            )
        )
        groups.setdefault(key, []).append(r)
    messages = [_message(key, mode, group) for key, group in groups.items()]
    messages.sort(key=lambda m: (m.send_at, m.group_key))
    return messages
