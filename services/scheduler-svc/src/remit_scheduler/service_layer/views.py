"""Read side: the invoice timeline as the API shows it (stored rows + live engine output).

The stored rows say what was planned, sent, skipped or cancelled; a fresh run of the engine
at ``now`` adds the steps that never had a row (and why), the state and the policy level.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from remit_common.money import Money
from sqlalchemy import Row

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.domain.outcomes import SkippedReminder, TimelineState
from remit_scheduler.domain.resolution import PolicyLevel
from remit_scheduler.service_layer.errors import InvoiceNotFound
from remit_scheduler.service_layer.planning import compute, load_inputs


class ReminderRead(BaseModel):
    """One stored reminder: planned, dispatched, skipped or cancelled."""

    id: uuid.UUID
    step_key: str
    kind: str
    tone: str
    channels: list[str]
    audience: str
    status: str
    reason: str | None
    send_at: datetime
    local_send_at: datetime
    amount: Money
    catch_up: bool
    explanation: str | None
    dispatched_at: datetime | None
    message_id: uuid.UUID | None


class HistoryRead(BaseModel):
    """One history entry (dispatched, skipped, sent, delivered, opened, bounced, viewed...)."""

    event: str
    step_key: str | None
    channel: str | None
    at: datetime
    detail: str | None


class HoldsRead(BaseModel):
    """What pauses the invoice now."""

    disputed: bool
    paused: bool
    snoozed_until: date | None
    promise_to_pay_until: date | None


class TimelineRead(BaseModel):
    """The invoice's reminder timeline, its history and the policy level that applied."""

    invoice_id: uuid.UUID
    client_id: uuid.UUID
    number: str
    status: str
    balance: Money
    due_date: date | None
    state: TimelineState | None
    policy_level: PolicyLevel | None
    timezone: str | None
    resumes_on: date | None
    holds: HoldsRead
    sent_count: int
    last_sent_at: datetime | None
    reminders: list[ReminderRead]
    skipped: list[SkippedReminder]
    history: list[HistoryRead]


def _reminder(row: Row) -> ReminderRead:
    return ReminderRead(
        id=row.id,
        step_key=row.step_key,
        kind=row.kind,
        tone=row.tone,
        channels=list(row.channels),
        audience=row.audience,
        status=row.status,
        reason=row.reason,
        send_at=row.send_at,
        local_send_at=row.send_at.astimezone(ZoneInfo(row.timezone)),
        amount=Money(amount_minor=row.amount_minor, currency=row.currency),
        catch_up=row.catch_up,
        explanation=row.explanation,
        dispatched_at=row.dispatched_at,
        message_id=row.message_id,
    )


async def timeline_view(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, invoice_id: uuid.UUID, now: datetime
) -> TimelineRead:
    """The full timeline of one of the firm's invoices; InvoiceNotFound otherwise."""
    inv = await uow.read_models.invoice(firm_id, invoice_id)
    if inv is None:
        raise InvoiceNotFound(f"No invoice {invoice_id} for this firm.")
    inputs = await load_inputs(uow, firm_id, invoice_id)
    live = compute(inputs, now) if inputs is not None else None
    rows = await uow.reminders.for_invoice(firm_id, invoice_id)
    history = await uow.history.for_invoice(firm_id, invoice_id)
    stored = {r.step_key for r in rows}
    dispatched = [r for r in rows if r.status == "dispatched"]
    return TimelineRead(
        invoice_id=inv.invoice_id,
        client_id=inv.client_id,
        number=inv.number,
        status=inv.status,
        balance=Money(amount_minor=inv.balance_minor, currency=inv.currency),
        due_date=inv.due_date,
        state=live.state if live else None,
        policy_level=live.policy_level if live else None,
        timezone=live.timezone if live else None,
        resumes_on=live.resumes_on if live else None,
        holds=HoldsRead(
            disputed=inv.status == "disputed",
            paused=inv.paused,
            snoozed_until=inv.snoozed_until,
            promise_to_pay_until=inv.promise_to_pay_until,
        ),
        sent_count=len({r.step_key for r in dispatched}),
        last_sent_at=max((r.dispatched_at for r in dispatched), default=None),
        reminders=[_reminder(r) for r in rows],
        # Steps with a row show their own reason there; list the ones that never had one.
        skipped=[s for s in (live.skipped if live else ()) if s.step_key not in stored],
        history=[
            HistoryRead(
                event=h.event, step_key=h.step_key, channel=h.channel, at=h.at, detail=h.detail
            )
            for h in history
        ],
    )
