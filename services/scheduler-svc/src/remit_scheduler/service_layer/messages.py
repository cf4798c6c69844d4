"""Turning claimed reminder rows into ``remit.reminder.due.v1`` records, in memory.

Given the claimed rows and the read-model rows of their invoices and clients, decide which
rows may still go (``dispatch_block``), consolidate the rest per the policy's mode with the
pure ``consolidate``, and build one envelope per message.  No I/O: the dispatcher loads the
rows and writes what this returns, in one transaction.

Ids are derived, never drawn: ``reminder_id`` is a UUIDv5 of the firm and the sorted row ids,
the event id a UUIDv5 of that, so a batch that rolled back and is claimed again produces the
same ids, and the outbox's unique ``event_id`` refuses a second copy.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from remit_common.events import (
    CLOUDEVENTS_CONTENT_TYPE,
    ClientSnapshot,
    Envelope,
    PaymentRef,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
)
from remit_common.money import Money
from sqlalchemy import Row

from remit_scheduler.domain.consolidation import ConsolidatedMessage, consolidate
from remit_scheduler.domain.dispatch_rules import dispatch_block
from remit_scheduler.domain.inputs import InvoiceStatus
from remit_scheduler.domain.outcomes import Audience, PlannedReminder, ReminderKind
from remit_scheduler.domain.policy import Channel, ConsolidationMode, Tone

SOURCE = "/remit/scheduler-svc"
_NAMESPACE = uuid.UUID("9b1f6a52-3d0c-4b8e-a5f7-2c61d0e4b9a3")


@dataclass
class DispatchPlan:
    """What one claimed batch becomes: outbox records, row updates and history rows."""

    records: list[dict[str, Any]] = field(default_factory=list)
    marks: list[tuple[uuid.UUID, uuid.UUID | None, str, str | None]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, row: Row, reason: str, now: datetime) -> None:
        self.marks.append((row.id, None, "skipped", reason))
        self.history.append(_history(row, "skipped", None, now, reason))


def message_ids(firm_id: uuid.UUID, row_ids: Sequence[uuid.UUID]) -> tuple[uuid.UUID, uuid.UUID]:
    """(reminder id, event id) of the message carrying these rows; stable across retries."""
    reminder_id = uuid.uuid5(_NAMESPACE, f"{firm_id}:{','.join(sorted(map(str, row_ids)))}")
    return reminder_id, uuid.uuid5(_NAMESPACE, f"event:{reminder_id}")


def plan_dispatch(
    rows: Sequence[Row],
    invoices: Mapping[tuple[uuid.UUID, uuid.UUID], Row],
    clients: Mapping[tuple[uuid.UUID, uuid.UUID], Row],
    *,
    now: datetime,
    topic: str,
) -> DispatchPlan:
    """Decide and build everything the claimed ``rows`` turn into."""
    plan = DispatchPlan()
    snapshots: dict[tuple[uuid.UUID, uuid.UUID], ClientSnapshot] = {}

    def snapshot(row: Row) -> ClientSnapshot:
        # Parsed once per client and batch: a client with many invoices is validated once.
        key = (row.firm_id, row.client_id)
        if key not in snapshots:
            snapshots[key] = ClientSnapshot.model_validate(clients[key].snapshot)
        return snapshots[key]

    groups: dict[tuple[uuid.UUID, str], list[PlannedReminder]] = defaultdict(list)
    by_line: dict[tuple[uuid.UUID, str, str], Row] = {}
    for row in rows:
        inv = invoices.get((row.firm_id, row.invoice_id))
        client = clients.get((row.firm_id, row.client_id))
        if inv is None or client is None:
            plan.skip(row, "unknown_invoice", now)
            continue
        block = dispatch_block(
            InvoiceStatus(inv.status),
            inv.balance_minor,
            row.min_balance_minor,
            answers_payment=row.origin == "payment",
        )
        if block is not None:
            plan.skip(row, block.value, now)
        elif row.origin == "payment":
            msg = _payment_message(row, inv)
            _emit(plan, row.firm_id, [row], invoices, snapshot(row), msg, now, topic)
        else:
            groups[(row.firm_id, row.consolidate)].append(_planned(row, inv))
            by_line[(row.firm_id, str(row.invoice_id), row.step_key)] = row
    for (firm_id, mode), planned in groups.items():
        for msg in consolidate(planned, ConsolidationMode(mode)):
            members = [by_line[(firm_id, line.invoice_id, line.step_key)] for line in msg.lines]
            _emit(plan, firm_id, members, invoices, snapshot(members[0]), msg, now, topic)
    return plan


def _planned(row: Row, inv: Row) -> PlannedReminder:
    """The row as the engine's reminder, quoting the balance *now* (re-read at dispatch)."""
    return PlannedReminder(
        invoice_id=str(row.invoice_id),
        invoice_number=inv.number,
        client_id=str(row.client_id),
        matter_id=str(inv.matter_id) if inv.matter_id else None,
        step_key=row.step_key,
        kind=ReminderKind(row.kind),
        tone=Tone(row.tone),
        channels=tuple(Channel(c) for c in row.channels),
        template=row.template,
        audience=Audience(row.audience),
        send_at=row.send_at,
        local_date=row.local_date,
        timezone=row.timezone,
        amount=Money(amount_minor=inv.balance_minor, currency=inv.currency),
        due_date=inv.due_date,
        catch_up=row.catch_up,
    )


@dataclass(frozen=True, slots=True)
class _PaymentMessage:
    """A receipt / acknowledgement shaped like a consolidated message of one line."""

    kind: str
    tone: str
    channels: tuple[str, ...]
    send_at: datetime
    audience: str
    balance: Money
    payment: dict


def _payment_message(row: Row, inv: Row) -> _PaymentMessage:
    return _PaymentMessage(
        kind=row.kind,
        tone=row.tone,
        channels=tuple(row.channels),
        send_at=row.send_at,
        audience=row.audience,
        balance=Money(amount_minor=row.amount_minor, currency=row.currency),
        payment=row.payment,
    )


def _emit(
    plan: DispatchPlan,
    firm_id: uuid.UUID,
    members: list[Row],
    invoices: Mapping[tuple[uuid.UUID, uuid.UUID], Row],
    snapshot: ClientSnapshot,
    msg: ConsolidatedMessage | _PaymentMessage,
    now: datetime,
    topic: str,
) -> None:
    reminder_id, event_id = message_ids(firm_id, [m.id for m in members])
    is_payment = isinstance(msg, _PaymentMessage)
    items = []
    for m in members:
        inv = invoices[(firm_id, m.invoice_id)]
        balance = (
            msg.balance
            if is_payment
            else Money(amount_minor=inv.balance_minor, currency=inv.currency)
        )
        items.append(_item(inv, balance))
    first = members[0]
    templates = {m.template for m in members}
    payload = ReminderDue(
        reminder_id=reminder_id,
        client=snapshot,
        audience=msg.audience.value if isinstance(msg.audience, Audience) else msg.audience,
        items=tuple(items),
        consolidation=first.consolidate,
        step=ReminderStep(
            index=first.step_index,
            kind=_value(msg.kind),
            tone=_value(msg.tone),
            offset_days=first.offset_days,
            repeat=first.repeat_no,
        ),
        channels=tuple(_value(c) for c in msg.channels),
        template=templates.pop() if len(templates) == 1 else None,
        total_due=sum((i.balance for i in items), Money.zero(items[0].balance.currency)),
        scheduled_for=msg.send_at,
        language=snapshot.language,
        payment=PaymentRef.model_validate(msg.payment) if is_payment else None,
    )
    envelope = Envelope.new(payload, source=SOURCE, firm_id=firm_id, time=now, id=event_id)
    plan.records.append(
        {
            "event_id": event_id,
            "topic": topic,
            "key": envelope.partition_key(),
            "value": envelope.to_json_bytes(),
            "headers": {"content-type": CLOUDEVENTS_CONTENT_TYPE},
        }
    )
    for m in members:
        plan.marks.append((m.id, reminder_id, "dispatched", None))
        plan.history.extend(_history(m, "dispatched", c, now, str(reminder_id)) for c in m.channels)


def _item(inv: Row, balance: Money) -> ReminderInvoiceItem:
    snap = inv.snapshot
    return ReminderInvoiceItem(
        invoice_id=inv.invoice_id,
        number=inv.number,
        matter_id=inv.matter_id,
        matter_name=inv.matter_name,
        issue_date=inv.issue_date,
        due_date=inv.due_date,
        total=Money(amount_minor=inv.total_minor, currency=inv.currency),
        balance=balance,
        status=inv.status,
        portal_url=snap.get("portal_url"),
    )


def _value(x: Any) -> str:
    return x.value if hasattr(x, "value") else x


def _history(
    row: Row, event: str, channel: str | None, at: datetime, detail: str | None
) -> dict[str, Any]:
    return {
        "firm_id": row.firm_id,
        "invoice_id": row.invoice_id,
        "reminder_id": row.id,
        "step_key": row.step_key,
        "event": event,
        "channel": channel,
        "at": at,
        "detail": detail,
    }


__all__ = ["SOURCE", "DispatchPlan", "message_ids", "plan_dispatch"]
