"""One valid example per event type, with fixed ids and times.

Reused by every team's tests (``EXAMPLES[InvoiceIssued.event_type]``, ``example_envelope``)
and embedded in the generated JSON Schemas and AsyncAPI document, so they must stay
deterministic: no random ids, no wall-clock time.  Use ``model_copy(update=...)`` to vary.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import MappingProxyType
from uuid import UUID, uuid5

from remit_common.events import client_events as ce
from remit_common.events import invoice_events as ie
from remit_common.events import notification_events as ne
from remit_common.events import payment_events as pe
from remit_common.events import reminder_events as re_
from remit_common.events import statement_events as se
from remit_common.events.common import Channel, EventPayload, StepKind, Tone
from remit_common.events.envelope import Envelope
from remit_common.events.snapshots import (
    ClientSnapshot,
    DeliveryPreference,
    InvoiceSnapshot,
    InvoiceStatus,
    LineItem,
    MatterSnapshot,
    PostalAddress,
)
from remit_common.money import Money

FIRM_ID = UUID("0b7f3c4e-1d2a-4f5b-8c6d-7e8f9a0b1c2d")
CLIENT_ID = UUID("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f")
MATTER_ID = UUID("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a")
INVOICE_ID = UUID("3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b")
PAYMENT_ID = UUID("4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c")
REMINDER_ID = UUID("5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c9d")
NOTIFICATION_ID = UUID("6b7c8d9e-0f1a-4b2c-9d4e-5f6a7b8c9d0e")
STATEMENT_ID = UUID("7c8d9e0f-1a2b-4c3d-8e5f-6a7b8c9d0e1f")
BATCH_ID = UUID("8d9e0f1a-2b3c-4d4e-9f6a-7b8c9d0e1f2a")
EXAMPLE_TIME = datetime(2025, 3, 14, 14, 0, tzinfo=UTC)


def usd(amount_minor: int) -> Money:
    return Money(amount_minor=amount_minor, currency="USD")


EXAMPLE_CLIENT = ClientSnapshot(
    id=CLIENT_ID,
    version=2,
    external_id="PMS-C-88",
    name="Acme Holdings LLC",
    emails=("ap@acme.example",),
    phone="+14155550123",
    postal_address=PostalAddress(
        lines=("100 Main Street", "Suite 400"),
        city="Springfield",
        region="IL",
        postal_code="62701",
        country="US",
    ),
    language="en-US",
    timezone="America/Chicago",
    delivery_preference=DeliveryPreference.EMAIL,
    group="corporate",
    client_type="organization",
    opted_out_channels=(Channel.SMS,),
    trust_balance=usd(50000),
)
EXAMPLE_MATTER = MatterSnapshot(
    id=MATTER_ID,
    version=1,
    external_id="PMS-M-301",
    name="Acme v. Widgets Inc.",
    practice_area="litigation",
    responsible_attorney="J. Smith",
    billing_group="east",
)
EXAMPLE_INVOICE = InvoiceSnapshot(
    id=INVOICE_ID,
    version=1,
    number="2025-0042",
    external_id="PMS-I-4242",
    client_id=CLIENT_ID,
    matter_id=MATTER_ID,
    issue_date=date(2025, 3, 1),
    due_date=date(2025, 3, 31),
    currency="USD",
    total=usd(125000),
    balance=usd(125000),
    status=InvoiceStatus.ISSUED,
    line_items=(
        LineItem(description="Legal research", amount=usd(75000)),
        LineItem(description="Court filing fees", amount=usd(50000)),
    ),
    line_item_count=2,
    portal_url="https://portal.example/i/3e4f5a6b",
    shared_to_portal=True,
)
_PAID = EXAMPLE_INVOICE.model_copy(
    update={"version": 2, "balance": usd(25000), "status": InvoiceStatus.PARTIALLY_PAID}
)
_CTX = {"invoice_id": INVOICE_ID, "client": EXAMPLE_CLIENT, "matter": EXAMPLE_MATTER}
_NOTE = {
    "notification_id": NOTIFICATION_ID,
    "reminder_id": REMINDER_ID,
    "client_id": CLIENT_ID,
    "invoice_ids": (INVOICE_ID,),
    "step_kind": StepKind.PRE_DUE,
    "channel": Channel.EMAIL,
    "provider": "smtp",
    "occurred_at": EXAMPLE_TIME,
    "recipient_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
}

_ALL: tuple[EventPayload, ...] = (
    ie.InvoiceIssued(invoice=EXAMPLE_INVOICE, **_CTX),
    ie.InvoiceUpdated(
        invoice=EXAMPLE_INVOICE.model_copy(update={"version": 2, "due_date": date(2025, 4, 15)}),
        changed_fields=("due_date",),
        **_CTX,
    ),
    ie.InvoiceVoided(
        invoice=EXAMPLE_INVOICE.model_copy(
            update={"version": 2, "status": InvoiceStatus.VOIDED, "balance": usd(0)}
        ),
        voided_at=EXAMPLE_TIME,
        reason="Issued in error",
        **_CTX,
    ),
    ie.InvoiceWrittenOff(
        invoice=EXAMPLE_INVOICE.model_copy(
            update={"version": 3, "status": InvoiceStatus.WRITTEN_OFF, "balance": usd(0)}
        ),
        written_off_at=EXAMPLE_TIME,
        amount=usd(125000),
        reason="Uncollectible",
        **_CTX,
    ),
    ie.InvoiceViewed(
        invoice_id=INVOICE_ID, viewed_at=EXAMPLE_TIME, via="portal", external_id="view-981"
    ),
    ie.InvoiceDisputed(
        invoice=EXAMPLE_INVOICE.model_copy(update={"version": 2, "status": InvoiceStatus.DISPUTED}),
        disputed_at=EXAMPLE_TIME,
        disputed_amount=usd(20000),
        reason="Hours on 3 March contested",
        **_CTX,
    ),
    ie.InvoiceDisputeResolved(
        invoice=EXAMPLE_INVOICE.model_copy(update={"version": 3}),
        resolved_at=EXAMPLE_TIME,
        resolution="rejected",
        **_CTX,
    ),
    pe.PaymentReceived(
        invoice=_PAID,
        payment_id=PAYMENT_ID,
        external_id="ch_3PqXyz",
        amount=usd(100000),
        received_at=EXAMPLE_TIME,
        method=pe.PaymentMethod.CARD,
        balance_after=usd(25000),
        credit_created=usd(0),
        **_CTX,
    ),
    pe.PaymentReversed(
        invoice=EXAMPLE_INVOICE.model_copy(update={"version": 3}),
        payment_id=PAYMENT_ID,
        external_id="ch_3PqXyz",
        amount=usd(100000),
        reversed_at=EXAMPLE_TIME,
        reason="chargeback",
        balance_after=usd(125000),
        **_CTX,
    ),
    ce.ClientUpdated(client=EXAMPLE_CLIENT, changed_fields=("opted_out_channels",)),
    re_.ReminderDue(
        reminder_id=REMINDER_ID,
        client=EXAMPLE_CLIENT,
        items=(
            re_.ReminderInvoiceItem(
                invoice_id=INVOICE_ID,
                number="2025-0042",
                matter_id=MATTER_ID,
                matter_name="Acme v. Widgets Inc.",
                issue_date=date(2025, 3, 1),
                due_date=date(2025, 3, 31),
                total=usd(125000),
                balance=usd(125000),
                status=InvoiceStatus.ISSUED,
                portal_url="https://portal.example/i/3e4f5a6b",
            ),
        ),
        consolidation="invoice",
        step=re_.ReminderStep(index=0, kind=StepKind.PRE_DUE, tone=Tone.FRIENDLY, offset_days=-7),
        channels=(Channel.EMAIL,),
        template="pre_due.friendly",
        total_due=usd(125000),
        scheduled_for=EXAMPLE_TIME,
        language="en-US",
    ),
    ne.NotificationSent(
        template="pre_due.friendly", variant="A", provider_message_id="<abc@mail.example>", **_NOTE
    ),
    ne.NotificationDelivered(**_NOTE),
    ne.NotificationBounced(bounce_type="hard", reason="550 mailbox unavailable", **_NOTE),
    ne.NotificationFailed(attempt=5, final=True, reason="provider returned 503", **_NOTE),
    ne.NotificationOpened(**_NOTE),
    ne.NotificationClicked(link="payment", **_NOTE),
    ne.NotificationOptedOut(source="unsubscribe_link", **_NOTE),
    se.StatementRendered(
        statement_id=STATEMENT_ID,
        client_id=CLIENT_ID,
        matter_id=None,
        batch_id=BATCH_ID,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        format="pdf",
        url="http://statement-svc:8004/v1/statements/7c8d9e0f.pdf",
        closing_balance=usd(125000),
        page_count=2,
        rendered_at=EXAMPLE_TIME,
    ),
    se.StatementBatchCompleted(
        batch_id=BATCH_ID,
        requested_by="user:7c1e",
        outcome="completed_with_failures",
        total=3,
        sent=1,
        printed=1,
        failed=1,
        pdf_url="http://statement-svc:8004/v1/statement-batches/8d9e0f1a/pdf",
        failures=(se.BatchFailure(client_id=CLIENT_ID, reason="no postal address"),),
        started_at=datetime(2025, 3, 14, 13, 0, tzinfo=UTC),
        completed_at=EXAMPLE_TIME,
    ),
)

#: CloudEvents type -> one valid payload of that type.
EXAMPLES: MappingProxyType[str, EventPayload] = MappingProxyType(
    {payload.event_type: payload for payload in _ALL}
)

_SOURCES = {
    "invoice": "/remit/invoice-svc",
    "payment": "/remit/invoice-svc",
    "client": "/remit/invoice-svc",
    "reminder": "/remit/scheduler-svc",
    "notification": "/remit/notifier-svc",
    "statement": "/remit/statement-svc",
    "statement_batch": "/remit/statement-svc",
}


def example_envelope(event_type: str) -> Envelope[EventPayload]:
    """The example payload of ``event_type`` in an envelope with a stable id."""
    payload = EXAMPLES[event_type]
    return Envelope.new(
        payload,
        source=_SOURCES[event_type.split(".")[1]],
        firm_id=FIRM_ID,
        time=EXAMPLE_TIME,
        id=uuid5(FIRM_ID, event_type),
    )
