"""Consolidation: one message per client (or matter, or invoice) per sending window.

Reminders of one client that fall on the same local day go out together, listing every
invoice and the total.  Totals never mix currencies: reminders in different currencies form
separate messages.  Firm-facing notices are never merged with client messages.  In ``matter``
mode an invoice without a matter is its own group, so unrelated work is not lumped together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict
from remit_common.money import Money

from .outcomes import Audience, PlannedReminder, ReminderKind
from .policy import Channel, ConsolidationMode, Tone

__all__ = [
    "Consolidatable",
    "ConsolidatedLine",
    "ConsolidatedMessage",
    "Group",
    "consolidate",
    "group_reminders",
]

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
_TONE_RANK = {t: i for i, t in enumerate(_TONE_ORDER)}
_KIND_RANK = {k: i for i, k in enumerate(_KIND_ORDER)}
_CHANNEL_RANK = {c: i for i, c in enumerate(_CHANNEL_ORDER)}


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


class Consolidatable(Protocol):
    """What grouping reads of a reminder: ``PlannedReminder`` or the dispatcher's row view.

    Enum fields may be the StrEnum members or their plain string values (they hash and
    compare alike), so the dispatcher need not build the engine's models per due row.
    """

    @property
    def invoice_id(self) -> str: ...
    @property
    def invoice_number(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def matter_id(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def tone(self) -> str: ...
    @property
    def channels(self) -> tuple[str, ...]: ...
    @property
    def audience(self) -> str: ...
    @property
    def send_at(self) -> datetime: ...
    @property
    def local_date(self) -> date: ...
    @property
    def timezone(self) -> str: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def currency(self) -> str: ...


R = TypeVar("R", bound=Consolidatable)


@dataclass(frozen=True, slots=True)
class Group(Generic[R]):
    """One message's worth of reminders: ``members`` in listing order, and the summary."""

    key: str
    first: R  # the earliest; its send time is the message's
    members: tuple[R, ...]
    kind: ReminderKind
    tone: Tone
    channels: tuple[Channel, ...]


def _scope(reminder: Consolidatable, mode: ConsolidationMode) -> str:
    if mode is ConsolidationMode.CLIENT:
        return f"client:{reminder.client_id}"
    if mode is ConsolidationMode.MATTER and reminder.matter_id is not None:
        return f"matter:{reminder.matter_id}"
    return f"invoice:{reminder.invoice_id}"


def _group(key: str, members: list[R]) -> Group[R]:
    first = min(members, key=lambda r: r.send_at)
    channels = {c for r in members for c in r.channels}
    return Group(
        key=key,
        first=first,
        members=tuple(sorted(members, key=lambda r: (r.due_date or date.max, r.invoice_number))),
        kind=_KIND_ORDER[max(_KIND_RANK[r.kind] for r in members)],
        tone=_TONE_ORDER[max(_TONE_RANK[r.tone] for r in members)],
        channels=tuple(_CHANNEL_ORDER[i] for i in sorted({_CHANNEL_RANK[c] for c in channels})),
    )


def group_reminders(reminders: Iterable[R], mode: ConsolidationMode) -> list[Group[R]]:
    """Group reminders into messages, sorted by ``send_at`` then group key.

    Groups by (audience, client, local day, zone, currency, scope) where scope is the client,
    the matter or the invoice per ``mode``.  A group's kind and tone are its firmest members';
    its channels the union of the members' (each already cleared against opt-outs).
    """
    groups: dict[str, list[R]] = {}
    for r in reminders:
        key = "|".join(
            (
                str(r.audience),
                r.client_id,
                r.local_date.isoformat(),
                r.timezone,
                r.currency,
                _scope(r, mode),
            )
        )
        groups.setdefault(key, []).append(r)
    result = [_group(key, members) for key, members in groups.items()]
    result.sort(key=lambda g: (g.first.send_at, g.key))
    return result


def _message(mode: ConsolidationMode, group: Group[PlannedReminder]) -> ConsolidatedMessage:
    first = group.first
    currency = first.amount.currency
    return ConsolidatedMessage(
        client_id=first.client_id,
        group_key=group.key,
        mode=mode,
        audience=first.audience,
        local_date=first.local_date,
        timezone=first.timezone,
        # The earliest time in the group: every member's time is in this same day's window.
        send_at=first.send_at,
        kind=group.kind,
        tone=group.tone,
        channels=group.channels,
        lines=tuple(
            ConsolidatedLine(
                invoice_id=r.invoice_id,
                invoice_number=r.invoice_number,
                matter_id=r.matter_id,
                step_key=r.step_key,
                kind=r.kind,
                amount=r.amount,
                due_date=r.due_date,
            )
            for r in group.members
        ),
        total=sum((r.amount for r in group.members), Money.zero(currency)),
    )


def consolidate(
    reminders: Iterable[PlannedReminder], mode: ConsolidationMode
) -> list[ConsolidatedMessage]:
    """Group planned reminders into messages (see :func:`group_reminders`), sorted by
    ``send_at`` then group key; each message quotes each invoice's balance and their sum.
    """
    return [_message(mode, g) for g in group_reminders(reminders, mode)]
