"""Turning claimed reminder rows into ``remit.reminder.due.v1`` records, in memory.

Given the claimed rows and the read-model rows of their invoices and clients, decide which
rows may still go (``dispatch_block``), group the rest per the policy's mode with the pure
``group_reminders`` (the rules ``consolidate`` uses), and lay out one envelope per message
(``reminder_json``: plain JSON from validated data, no per-row pydantic models).  No I/O:
the dispatcher loads the rows and writes what this returns, in one transaction.

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

from sqlalchemy import Row

from remit_scheduler.domain.consolidation import group_reminders
from remit_scheduler.domain.dispatch_rules import dispatch_block
from remit_scheduler.domain.inputs import InvoiceStatus
from remit_scheduler.domain.policy import ConsolidationMode
from remit_scheduler.service_layer.reminder_json import (
    ItemData,
    canonical_client,
    reminder_due_record,
)

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
    """Decide and build everything the claimed ``rows`` turn into.

    ``invoices`` rows need the invoice columns plus ``portal_url``; ``clients`` rows need
    ``snapshot`` (what ``ReadModelRepository.invoices_by_id`` / ``clients_by_id`` return).
    """
    plan = DispatchPlan()
    client_json: dict[tuple[uuid.UUID, uuid.UUID], dict[str, Any]] = {}

    def client_of(row: Row) -> dict[str, Any]:
        # Laid out once per client and batch: a client with many invoices costs once.
        key = (row.firm_id, row.client_id)
        if key not in client_json:
            client_json[key] = canonical_client(clients[key].snapshot)
        return client_json[key]

    groups: dict[tuple[uuid.UUID, str], list[_Line]] = defaultdict(list)
    for row in rows:
        inv = invoices.get((row.firm_id, row.invoice_id))
        client = clients.get((row.firm_id, row.client_id))
        if inv is None or client is None:
            plan.skip(row, "unknown_invoice", now)
            continue
        block = dispatch_block(
            _STATUS[inv.status],
            inv.balance_minor,
            row.min_balance_minor,
            answers_payment=row.origin == "payment",
        )
        if block is not None:
            plan.skip(row, block.value, now)
        elif row.origin == "payment":
            # A receipt quotes the balance the payment left, as planned.
            item = _item(inv, row.amount_minor, row.currency)
            step = (row.step_index, row.kind, row.tone, row.offset_days, row.repeat_no)
            _emit(plan, row.firm_id, [row], [item], client_of(row), step, row.audience,
                  row.channels, row.send_at, now, topic, payment=row.payment)  # fmt: skip
        else:
            groups[(row.firm_id, row.consolidate)].append(_Line(row, inv))
    for (firm_id, mode), lines in groups.items():
        for group in group_reminders(lines, _MODE[mode]):
            members = [line.row for line in group.members]
            first = members[0]
            # Each invoice quotes its balance *now* (re-read in this transaction).
            items = [_item(ln.inv, ln.inv.balance_minor, ln.inv.currency) for ln in group.members]
            step = (first.step_index, group.kind.value, group.tone.value, first.offset_days,
                    first.repeat_no)  # fmt: skip
            channels = [c.value for c in group.channels]
            _emit(plan, firm_id, members, items, client_of(first), step, group.first.audience,
                  channels, group.first.send_at, now, topic)  # fmt: skip
    return plan


_STATUS = {s.value: s for s in InvoiceStatus}
_MODE = {m.value: m for m in ConsolidationMode}


class _Line:
    """A claimed row with its invoice, as the consolidation rules read it (no validation:
    the row was planned by the engine, the invoice is the read model's)."""

    __slots__ = ("row", "inv")

    def __init__(self, row: Row, inv: Row) -> None:
        self.row, self.inv = row, inv

    invoice_id = property(lambda self: str(self.row.invoice_id))
    invoice_number = property(lambda self: self.inv.number)
    client_id = property(lambda self: str(self.row.client_id))
    matter_id = property(lambda self: str(m) if (m := self.inv.matter_id) else None)
    kind = property(lambda self: self.row.kind)
    tone = property(lambda self: self.row.tone)
    channels = property(lambda self: self.row.channels)
    audience = property(lambda self: self.row.audience)
    send_at = property(lambda self: self.row.send_at)
    local_date = property(lambda self: self.row.local_date)
    timezone = property(lambda self: self.row.timezone)
    due_date = property(lambda self: self.inv.due_date)
    currency = property(lambda self: self.inv.currency)


def _item(inv: Row, balance_minor: int, currency: str) -> ItemData:
    return (
        inv.invoice_id, inv.number, inv.matter_id, inv.matter_name, inv.issue_date,
        inv.due_date, inv.total_minor, balance_minor, currency, inv.status, inv.portal_url,
    )  # fmt: skip


def _emit(
    plan: DispatchPlan,
    firm_id: uuid.UUID,
    members: list[Row],
    items: list[ItemData],
    client: dict[str, Any],
    step: tuple[int, str, str, int | None, int | None],
    audience: str,
    channels: Sequence[str],
    send_at: datetime,
    now: datetime,
    topic: str,
    *,
    payment: Mapping[str, Any] | None = None,
) -> None:
    reminder_id, event_id = message_ids(firm_id, [m.id for m in members])
    templates = {m.template for m in members}
    plan.records.append(
        reminder_due_record(
            topic=topic,
            source=SOURCE,
            firm_id=firm_id,
            event_id=event_id,
            reminder_id=reminder_id,
            now=now,
            client=client,
            audience=audience,
            items=items,
            consolidation=members[0].consolidate,
            step=step,
            channels=channels,
            template=templates.pop() if len(templates) == 1 else None,
            scheduled_for=send_at,
            payment=payment,
        )
    )
    detail = str(reminder_id)
    for m in members:
        plan.marks.append((m.id, reminder_id, "dispatched", None))
        plan.history.extend(_history(m, "dispatched", c, now, detail) for c in m.channels)


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
