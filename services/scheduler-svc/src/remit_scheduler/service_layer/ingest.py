"""Applying consumed events: read models first, then the affected timelines, one transaction.

Order independence comes from the snapshots' versions: a read model only moves forward, and
the plan is always recomputed from the read model, never from the event alone.  So a payment
that arrives before its invoice (its snapshot already says "paid", version 2) leaves an
invoice that the late ``issued`` event (version 1) can no longer reopen.

Payment events from an external producer carry no snapshot; invoice-svc applies them and
republishes them complete, and that republished event is the one that changes the plan.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from remit_common.events import (
    ClientUpdated,
    Envelope,
    InvoiceScopedEvent,
    InvoiceViewed,
    NotificationBounced,
    NotificationEvent,
    NotificationOpened,
    NotificationOptedOut,
    PaymentReceived,
)

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.service_layer.planning import replan_invoice
from remit_scheduler.service_layer.receipts import plan_payment_message

log = logging.getLogger(__name__)


async def apply_invoice_event(uow: SqlUnitOfWork, envelope: Envelope, now: datetime) -> None:
    """Apply one ``billing.invoice-events.v1`` event (the caller checked the inbox)."""
    firm_id, data = envelope.firmid, envelope.data
    match data:
        case ClientUpdated(client=snap):
            if await uow.read_models.upsert_client(firm_id, snap):
                await replan_client(uow, firm_id, snap.id, now)
        case InvoiceScopedEvent():
            await _apply_invoice_scoped(uow, envelope, now)
        case _:
            log.debug("event type not used by the scheduler", extra={"type": envelope.type})


async def _apply_invoice_scoped(uow: SqlUnitOfWork, envelope: Envelope, now: datetime) -> None:
    firm_id, data = envelope.firmid, envelope.data
    invoice = getattr(data, "invoice", None)
    client = getattr(data, "client", None)
    matter = getattr(data, "matter", None)
    client_changed = False
    if client is not None:
        client_changed = await uow.read_models.upsert_client(firm_id, client)
    invoice_changed = False
    if invoice is not None:
        seen_on = data.received_at.date() if isinstance(data, PaymentReceived) else None
        invoice_changed = await uow.read_models.upsert_invoice(
            firm_id,
            invoice,
            matter_name=matter.name if matter is not None else None,
            event_date=seen_on or envelope.time.date(),
        )
    if isinstance(data, PaymentReceived) and invoice is not None:
        await plan_payment_message(uow, firm_id, data, now)
    if isinstance(data, InvoiceViewed):
        await uow.history.add_many(
            [
                {
                    "firm_id": firm_id,
                    "invoice_id": data.invoice_id,
                    "event": "viewed",
                    "channel": None,
                    "at": data.viewed_at,
                    "detail": data.via,
                }
            ]
        )
    if client_changed and client is not None:
        await replan_client(uow, firm_id, client.id, now)  # includes this invoice when open
    if invoice_changed:
        await replan_invoice(uow, firm_id, data.invoice_id, now)


async def replan_client(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, client_id: uuid.UUID, now: datetime
) -> int:
    """Replan every open invoice of a client (zone, opt-outs or trust funds changed)."""
    ids = await uow.read_models.open_invoices_of_client(firm_id, client_id)
    for invoice_id in ids:
        await replan_invoice(uow, firm_id, invoice_id, now)
    return len(ids)


async def apply_notification(uow: SqlUnitOfWork, envelope: Envelope, now: datetime) -> None:
    """Apply one ``billing.notifications.v1`` event: history, opt-outs, escalation replans."""
    firm_id, data = envelope.firmid, envelope.data
    if not isinstance(data, NotificationEvent):
        return
    if isinstance(data, NotificationOptedOut):
        await uow.read_models.add_notifier_opt_out(firm_id, data.client_id, data.channel.value)
    rows = await uow.reminders.by_message(firm_id, data.reminder_id) if data.reminder_id else []
    await uow.history.add_many(
        [
            {
                "firm_id": firm_id,
                "invoice_id": row.invoice_id,
                "reminder_id": row.id,
                "step_key": row.step_key,
                "event": data.status,
                "channel": data.channel.value,
                "at": data.occurred_at,
                "detail": data.reason,
            }
            for row in rows
        ]
    )
    if isinstance(data, NotificationOptedOut):
        await replan_client(uow, firm_id, data.client_id, now)
    elif isinstance(data, NotificationOpened | NotificationBounced):
        # Escalation: an open can drop a later "only if unopened" step; a bounce moves to SMS.
        for invoice_id in {row.invoice_id for row in rows if row.origin == "timeline"}:
            await replan_invoice(uow, firm_id, invoice_id, now)
