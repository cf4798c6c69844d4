"""Payment acknowledgements and receipts: planned once per payment, sent at once.

A receipt answers something the client just did, so it does not wait for the sending window
(a payment made at 22:00 is confirmed at 22:00, as every payment provider does).  It goes by
email, or not at all when the client opted out of email: a receipt is a courtesy, and
escalating it to SMS or a letter would cost the firm for nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from remit_common.events import PaymentReceived

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.domain.calendar import local_date
from remit_scheduler.domain.policy import Channel
from remit_scheduler.domain.receipts import ReceiptKind, receipt_for_payment
from remit_scheduler.service_layer.planning import load_inputs

_KIND = {ReceiptKind.RECEIPT: "receipt", ReceiptKind.PAYMENT_ACKNOWLEDGEMENT: "payment_ack"}


async def plan_payment_message(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, payment: PaymentReceived, now: datetime
) -> bool:
    """Plan the receipt / acknowledgement the policy asks for; True when one was planned."""
    inputs = await load_inputs(uow, firm_id, payment.invoice_id)
    if inputs is None or payment.invoice is None:
        return False
    balance_after = payment.balance_after or payment.invoice.balance
    kind = receipt_for_payment(inputs.resolved.policy, payment.amount, balance_after)
    if kind is None:
        return False
    channels = [c.value for c in (Channel.EMAIL,) if c not in inputs.client.opted_out_channels]
    if not channels:
        return False
    zone = inputs.client.timezone or inputs.resolved.policy.firm_timezone
    payment_key = payment.payment_id or payment.external_id
    return await uow.reminders.add_payment_message(
        firm_id,
        {
            "invoice_id": payment.invoice_id,
            "client_id": inputs.invoice_row.client_id,
            "step_key": f"payment:{payment_key}",
            "status": "planned",
            "send_at": now,
            "local_date": local_date(now, ZoneInfo(zone)),
            "timezone": zone,
            "kind": _KIND[kind],
            "tone": "friendly",
            "channels": channels,
            "audience": "client",
            "step_index": 0,
            "consolidate": "invoice",
            "amount_minor": balance_after.amount_minor,
            "currency": balance_after.currency,
            "payment": {
                "payment_id": str(
                    payment.payment_id or uuid.uuid5(uuid.NAMESPACE_URL, str(payment_key))
                ),
                "amount": payment.amount.model_dump(mode="json"),
                "received_at": payment.received_at.isoformat(),
            },
        },
    )
