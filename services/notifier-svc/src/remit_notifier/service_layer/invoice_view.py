"""Keeping the invoice read model (and PMS opt-outs) current from ``billing.invoice-events.v1``.

Only events that carry an invoice snapshot change the read model (invoice-svc republishes
external payments and views with snapshots), and only when their snapshot version is higher
than the one held, so out-of-order delivery converges on the newest state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from remit_common.events import ClientUpdated, Envelope, InvoiceScopedEvent

from remit_notifier.domain.invoice_state import InvoiceState
from remit_notifier.service_layer.unit_of_work import UowFactory

CONSUMER = "notifier.invoice-view"


async def apply_invoice_event(
    uow_factory: UowFactory, envelope: Envelope[Any], now: datetime
) -> bool:
    """Apply one event; False when it was a redelivery or carries nothing for us."""
    data = envelope.data
    async with uow_factory() as uow:
        if not await uow.first_delivery(CONSUMER, envelope.id):
            return False
        match data:
            case ClientUpdated(client=client):
                channels = {c.value for c in client.opted_out_channels}
                await uow.read.sync_pms_opt_outs(envelope.firmid, client.id, channels)
                return True
            case InvoiceScopedEvent() if getattr(data, "invoice", None) is not None:
                snapshot = data.invoice
                state = InvoiceState(
                    snapshot.id, snapshot.version, snapshot.status, snapshot.balance
                )
                await uow.read.upsert_invoice_state(state, envelope.firmid, now)
                return True
            case _:
                return False
